"""Backpropagation one chain-rule step at a time, and the paths it sums over.

``backward()`` applies, along every edge from a node to one of its inputs,

    input.grad += node.grad * local_grad,       i.e.  dr/dinput += dr/dnode · ∂node/∂input

where ``r`` is the root: d marks a total derivative (all paths, what ``.grad``
accumulates), ∂ the local derivative of one operation (``autograd_core.names``).
``backward_steps(root)`` does exactly the same
additions in exactly the same order, but hands each one back as a ``Step``
before going on, so a student can watch the gradients fill in:

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> steps = backward_steps(z)
    >>> print(next(steps))
    dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8

``chain_rule_paths(root, leaf)`` writes the same gradient the other way, as
the multivariate chain rule: a sum, over every path from ``leaf`` up to
``root``, of the product of the local derivatives along the path.
"""

import math
import numbers

from ..core import PASS_LOCK, Value, reverse_steps, topological_order
from ..core.notation import format_number, local_derivative, node_names, total_derivative

__all__ = ["backward_steps", "print_steps", "Step", "step_text", "chain_rule_paths",
           "ChainRulePath", "ChainRulePaths", "MAX_PATHS", "node_names", "format_number"]

#: More paths than this and ``chain_rule_paths`` refuses: their number can
#: grow exponentially with depth, while ``backward()`` stays linear.
MAX_PATHS = 10_000


def backward_steps(root, into_grad=True):
    """The backward pass from ``root`` as a lazy generator of ``Step`` s.

    With ``into_grad=False`` the steps change nothing: each step's
    ``input_grad`` is the input's gradient from this pass alone, counted
    from 0, whatever any ``grad`` holds (what pictures and pages show).
    Otherwise each ``next()`` performs one chain-rule step and returns it,
    with the semantics of ``root.backward()``, applied lazily:

    - Creating the generator changes nothing.
    - The first ``next()`` seeds the root: ``root.grad = 1`` (a leaf root
      adds 1, as leaves accumulate), then takes the first step.
    - An intermediate node's gradient is reset to 0 just before its first
      contribution arrives, so it is computed afresh, as in ``backward()``;
      a leaf's gradient accumulates onto what it held before.
    - A step not yet taken has not changed anything: after k steps exactly
      the gradients named by those k steps (and the root's) have changed.

    Once the generator is exhausted every gradient equals, bit for bit, what
    ``root.backward()`` would have produced: the same additions of the same
    products, in the same order.

    Returns:
        generator: one ``Step`` per edge of the graph, in the order ``backward()`` takes them.

    Raises:
        TypeError: a ``root`` that is not a ``Value``.
        OverflowError: a gradient that is not a finite float, naming the operation.

    Examples:
        >>> x = Value(3.0, label="x")
        >>> y = x * x; y.label = "y"
        >>> for step in backward_steps(y):         # two edges from y to x: they add up
        ...     print(step)
        dy/dx += dy/dy · ∂y/∂x = 1 · 3 = 3
        dy/dx += dy/dy · ∂y/∂x = 1 · 3 = 3
        >>> x.grad
        6.0
    """
    _check_value(root, "backward_steps")
    if not isinstance(into_grad, bool):
        raise TypeError(f"backward_steps(into_grad=...): expected True or False, got {into_grad!r}")
    return _walk_backward(root, into_grad)


def _walk_backward(root, into_grad):
    order = topological_order(root)
    names = node_names(order)
    root_name = names[root]
    if not into_grad:
        for step in reverse_steps(root, order=[node for node in order if node.inputs]):
            yield Step(step.node, step.position, step.local_grad, step.upstream,
                       step.contribution, step.input_grad, root_name, names[step.node],
                       names[step.input])
        return
    with PASS_LOCK:
        root.grad = 1.0 if root.inputs else root.grad + 1.0
    for step in reverse_steps(root, order=[node for node in order if node.inputs]):
        child = step.input
        with PASS_LOCK:       # a leaf accumulates this pass's steps; any other node holds this pass's sum
            if child.inputs:
                child.grad = step.input_grad
            else:
                child.grad += step.contribution
            input_grad = child.grad
        yield Step(step.node, step.position, step.local_grad, step.upstream, step.contribution,
                   input_grad, root_name, names[step.node], names[child])


def print_steps(root, file=None):
    """Run the backward pass from ``root``, printing each chain-rule step.

    Returns:
        None: the steps go to ``file`` (standard output by default), numbered.

    Raises:
        TypeError: a ``root`` that is not a ``Value``.
        OverflowError: a gradient that is not a finite float, naming the operation.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> y = x.exp(); y.label = "y"
        >>> print_steps(y)
          1. dy/dx += dy/dy · ∂y/∂x = 1 · 7.38906 = 7.38906
    """
    for number, step in enumerate(backward_steps(root), start=1):
        print(f"{number:3d}. {step}", file=file)


class Step:
    """One application of the chain rule, dr/dinput += dr/dnode · ∂node/∂input.

    Attributes:
        node: the operation's output, the gradient flows *from* it.
        input: the input of ``node`` the gradient flows *to*.
        position: which of ``node.inputs`` it is (``x * x`` has two edges to ``x``).
        local_grad: ∂node/∂input, the local derivative.
        upstream: droot/dnode, the total derivative, complete by the time this step is taken.
        contribution: upstream · local_grad, the amount added to ``input.grad``.
        input_grad: ``input.grad`` right after this step, its gradient so far.
        root_name: the name of the root, as ``str(step)`` prints it.
        node_name: the name of node, as ``str(step)`` prints it.
        input_name: the name of input, as ``str(step)`` prints it.
    """

    __slots__ = ("node", "position", "local_grad", "upstream", "contribution", "input_grad",
                 "root_name", "node_name", "input_name")

    def __init__(self, node, position, local_grad, upstream, contribution, input_grad,
                 root_name, node_name, input_name):
        self.node = node
        self.position = position
        self.local_grad = local_grad
        self.upstream = upstream
        self.contribution = contribution
        self.input_grad = input_grad
        self.root_name = root_name
        self.node_name = node_name
        self.input_name = input_name

    @property
    def input(self):
        return self.node.inputs[self.position]

    def __str__(self):
        return step_text(self.root_name, self.node_name, self.input_name, self.upstream,
                         self.local_grad, self.contribution)

    def __repr__(self):
        return (f"Step({self.node_name} -> {self.input_name}: upstream={self.upstream!r}, "
                f"local_grad={self.local_grad!r}, contribution={self.contribution!r}, "
                f"input_grad={self.input_grad!r})")


def step_text(root_name, node_name, input_name, upstream, local_grad, contribution):
    """One chain-rule step written out: ``dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24``."""
    r, n, i = root_name, node_name, input_name
    return (f"{total_derivative(r, i)} += {total_derivative(r, n)} · {local_derivative(n, i)} = "
            f"{format_number(upstream)} · {format_number(local_grad)} = "
            f"{format_number(contribution)}")


# ----------------------------------------------------------------------
# The multivariate chain rule as a sum over paths.
# ----------------------------------------------------------------------

def chain_rule_paths(root, leaf, max_paths=MAX_PATHS):
    """Every path from ``leaf`` up to ``root``, each with its product of local derivatives.

        droot/dleaf = Σ over paths  Π over the path's edges  ∂node/∂input

    For ``E = E_o1 + E_o2`` both depending on ``out_h1`` there are two paths,
    and dE/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1. ``leaf`` may be any node
    of the graph. The number of paths can grow exponentially with depth
    (``backward()`` never enumerates them), so it is counted first, in
    linear time, and more than ``max_paths`` raise a ``ValueError``. The
    paths are then listed in time proportional to their total length.

    Returns:
        ChainRulePaths: a read-only list of ``ChainRulePath`` s, with ``total``
            their sum; ``print`` it to see the sum written out.

    Raises:
        TypeError: a ``root`` or ``leaf`` that is not a ``Value``.
        ValueError: ``max_paths`` that is not an int >= 0, or more paths than it.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> a = x * 3; a.label = "a"
        >>> z = a * x; z.label = "z"               # x reaches z directly and through a
        >>> print(chain_rule_paths(z, x))
        dz/dx = sum over 2 path(s):
          ∂z/∂a · ∂a/∂x = 2 · 3 = 6
          ∂z/∂x = 6 = 6
          total = 12
    """
    _check_value(root, "chain_rule_paths(root=...)")
    _check_value(leaf, "chain_rule_paths(leaf=...)")
    if isinstance(max_paths, bool) or not isinstance(max_paths, numbers.Integral) or max_paths < 0:
        raise ValueError(f"chain_rule_paths(max_paths=...): expected an int >= 0 (the most paths "
                         f"to list), got {max_paths!r}")
    order = topological_order(root)
    paths_to_leaf = _count_paths(order, leaf)
    count = paths_to_leaf[root]
    if count > max_paths:
        raise ValueError(
            f"chain_rule_paths: {_describe_count(count)} paths lead from the leaf to the root, "
            f"more than max_paths={max_paths}; their number grows exponentially with depth. "
            f"Pass a larger max_paths, or use backward() for the gradient itself.")
    names = node_names(order)
    paths = [ChainRulePath(edges, names) for edges in _paths_down(root, leaf, paths_to_leaf)]
    leaf_name = names.get(leaf) or leaf.label or "(a node outside the graph)"
    return ChainRulePaths(paths, names[root], leaf_name)


def _describe_count(count):
    """A path count as digits, or as a power of ten when the digits would fill pages."""
    if count < 10 ** 30:
        return str(count)
    return f"about 10^{int(count.bit_length() * math.log10(2))}"


def _count_paths(order, leaf):
    """For each node of ``order``, the number of paths from it down to ``leaf``.

    One pass, inputs first: a node has as many paths as its inputs together
    (counting an input twice if it is used twice, as in ``x * x``).
    """
    paths_to_leaf = {}
    for node in order:
        if node is leaf:
            paths_to_leaf[node] = 1
        else:
            paths_to_leaf[node] = sum(paths_to_leaf[child] for child in node.inputs)
    return paths_to_leaf


def _paths_down(root, leaf, paths_to_leaf):
    """Each path as a list of edges (node, position), from ``root`` down to ``leaf``.

    Depth-first, keeping one list ``edges`` for the path being walked (an
    edge is appended on the way down and removed on the way back), and never
    entering an input from which the leaf cannot be reached. Only a finished
    path is copied, so the work is proportional to the paths' total length.
    """
    if not paths_to_leaf.get(root):
        return
    if root is leaf:
        yield []
        return
    edges = []
    frames = [[root, 0]]          # a node on the path, and the next input position to try
    while frames:
        frame = frames[-1]
        node, position = frame
        inputs = node.inputs
        while position < len(inputs) and not paths_to_leaf[inputs[position]]:
            position += 1
        if position == len(inputs):              # every input tried: step back up
            frames.pop()
            if edges:
                edges.pop()
            continue
        frame[1] = position + 1
        edges.append((node, position))
        child = inputs[position]
        if child is leaf:
            yield list(edges)
            edges.pop()
        else:
            frames.append([child, 0])


class ChainRulePath:
    """One path from the root down to the leaf, and the product of its local derivatives.

    Attributes:
        nodes: the nodes along the path, root first, leaf last.
        local_grads: ∂nodes[k]/∂nodes[k+1] for each edge.
        product: the product of ``local_grads`` (1 for the empty path, root is leaf).
    """

    def __init__(self, edges, names):
        self.nodes = [node for node, _ in edges]
        self.local_grads = [node.local_grads[position] for node, position in edges]
        if edges:
            last, position = edges[-1]
            self.nodes.append(last.inputs[position])
        product = 1.0
        for local in self.local_grads:
            product *= local
        self.product = product
        self._names = [names[node] for node in self.nodes] if self.nodes else []

    def __str__(self):
        if not self.local_grads:
            return "(the leaf is the root: dr/dr = 1)"
        factors = " · ".join(local_derivative(a, b) for a, b in zip(self._names, self._names[1:]))
        numbers = " · ".join(format_number(g) for g in self.local_grads)
        return f"{factors} = {numbers} = {format_number(self.product)}"

    def __repr__(self):
        return f"ChainRulePath({' -> '.join(self._names)}, product={self.product!r})"


class ChainRulePaths:
    """All paths from a leaf to the root; ``total`` is their sum, droot/dleaf.

    Behaves as a read-only list of ``ChainRulePath``; ``print()`` it to see
    the multivariate chain rule written out: the total derivative (d) as a
    sum of products of local derivatives (∂).
    """

    def __init__(self, paths, root_name, leaf_name):
        self._paths = list(paths)
        self.root_name = root_name
        self.leaf_name = leaf_name
        self.total = sum(path.product for path in self._paths)

    def __len__(self):
        return len(self._paths)

    def __iter__(self):
        return iter(self._paths)

    def __getitem__(self, index):
        return self._paths[index]

    def __str__(self):
        head = total_derivative(self.root_name, self.leaf_name)
        if not self._paths:
            return f"{head} = 0  (no path: {self.root_name} does not depend on {self.leaf_name})"
        lines = [f"{head} = sum over {len(self._paths)} path(s):"]
        lines += [f"  {path}" for path in self._paths]
        lines.append(f"  total = {format_number(self.total)}")
        return "\n".join(lines)

    def __repr__(self):
        return f"ChainRulePaths({len(self._paths)} paths, total={self.total!r})"


def _check_value(value, where):
    if not isinstance(value, Value):
        raise TypeError(f"{where}: expected a Value, got {type(value).__name__}: {value!r}")
