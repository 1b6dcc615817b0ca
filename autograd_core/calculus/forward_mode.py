"""Forward-mode differentiation: the chain rule applied from an input towards the output.

Reverse mode (``backward()``) starts at the output and asks, for each node,
"how much does the output change with this node?". Forward mode starts at one
node ``x`` and asks, for each node computed after it, "how much does this node
change with ``x``?": in computation order, for every node n that depends on x,

    dn/dx = Σ over the inputs u of n   ∂n/∂u · du/dx        (dx/dx = 1)

with the local derivatives ∂n/∂u the graph already holds. At the end, the
root's dr/dx is the same number ``backward()`` leaves in ``x.grad``. One
forward pass gives the derivative of *every* node with respect to *one*
input; one backward pass gives the derivative of *one* output with respect
to *every* node. (JAX calls a forward pass ``jvp``.)

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> for step in forward_steps(z, x):
    ...     print(step)
    dv1/dx = ∂v1/∂x · dx/dx = 3 · 1 = 3
    dy/dx = ∂y/∂v1 · dv1/dx = 1 · 3 = 3
    dz/dx = ∂z/∂y · dy/dx = 8 · 3 = 24
"""

import math

from ..core.notation import format_number, local_derivative, node_names, total_derivative
from ..core import topological_order
from ..core import Value


def forward_steps(root, wrt):
    """The forward pass for d·/d``wrt`` over the graph of ``root``, as a lazy generator.

    Each ``next()`` computes the derivative of one more node with respect to
    ``wrt`` and returns it as a ``ForwardStep``; the nodes come in the order
    they were computed, and only those that depend on ``wrt`` (for the others
    the derivative is 0). Nothing is changed: no ``.grad``, no node.

    Returns:
        generator: ``ForwardStep`` s, one per node that depends on ``wrt``.

    Raises:
        TypeError: a ``root`` or ``wrt`` that is not a ``Value``.
        OverflowError: a derivative that is not a finite float, naming the operation.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> z = (x * x).sin(); z.label = "z"
        >>> [str(step) for step in forward_steps(z, x)][-1]
        'dz/dx = ∂z/∂v1 · dv1/dx = -0.653644 · 4 = -2.61457'
    """
    _check_value(root, "forward_steps(root=...)")
    _check_value(wrt, "forward_steps(wrt=...)")
    return _walk_forward(root, wrt)


def _walk_forward(root, wrt):
    order = topological_order(root)
    names = node_names(order)
    wrt_name = names.get(wrt) or wrt.label or "(a node outside the graph)"
    tangent = {wrt: 1.0}
    for node, terms, derivative in _forward_pass(order, wrt, tangent):
        yield ForwardStep(node, derivative, wrt_name, names[node],
                          [(names[child], local, upstream) for child, local, upstream in terms])


def _forward_pass(order, wrt, tangent):
    """Yield (node, [(input, ∂node/∂input, dinput/dwrt)], dnode/dwrt) for each node after ``wrt``."""
    for node in order:
        if node is wrt:
            continue
        terms = [(child, local, tangent[child])
                 for child, local in zip(node.inputs, node.local_grads) if child in tangent]
        if not terms:
            continue
        derivative = 0.0
        for _, local, upstream in terms:
            derivative += local * upstream
        if not math.isfinite(derivative):
            raise OverflowError(
                f"forward mode: the derivative of {node!r} (operation '{node.op}') is "
                f"{derivative!r}, not a finite float: the sum of ∂node/∂input · dinput/dwrt "
                f"over {[(local, upstream) for _, local, upstream in terms]!r} overflows")
        tangent[node] = derivative
        yield node, terms, derivative


def tangents(order, wrt):
    """{node: dnode/dwrt} for every node of ``order`` that depends on ``wrt`` (and wrt: 1)."""
    tangent = {wrt: 1.0}
    for _ in _forward_pass(order, wrt, tangent):
        pass
    return tangent


def forward_derivative(root, wrt):
    """droot/dwrt by one forward pass: the number ``root.backward()`` puts in ``wrt.grad``.

    0.0 when ``root`` does not depend on ``wrt``. No ``.grad`` is changed.

    Returns:
        float: droot/dwrt.

    Raises:
        TypeError: a ``root`` or ``wrt`` that is not a ``Value``.
        OverflowError: a derivative that is not a finite float, naming the operation.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> forward_derivative((3 * x - 2) ** 2, x)
        24.0
    """
    _check_value(root, "forward_derivative(root=...)")
    _check_value(wrt, "forward_derivative(wrt=...)")
    return tangents(topological_order(root), wrt).get(root, 0.0)


class ForwardStep:
    """One forward-mode step:  dnode/dwrt = Σ ∂node/∂input · dinput/dwrt.

    Attributes:
        node: the node whose derivative this step computes.
        derivative: dnode/dwrt.
        terms: one (input name, ∂node/∂input, dinput/dwrt) per input that depends on wrt.
        wrt_name: the name of wrt, as ``str(step)`` prints it.
        node_name: the name of node, as ``str(step)`` prints it.
    """

    __slots__ = ("node", "derivative", "wrt_name", "node_name", "terms")

    def __init__(self, node, derivative, wrt_name, node_name, terms):
        self.node = node
        self.derivative = derivative
        self.wrt_name = wrt_name
        self.node_name = node_name
        self.terms = terms

    def __str__(self):
        n, x = self.node_name, self.wrt_name
        factors = " + ".join(f"{local_derivative(n, u)} · {total_derivative(u, x)}"
                             for u, _, _ in self.terms)
        numbers = " + ".join(f"{format_number(local)} · {format_number(upstream)}"
                             for _, local, upstream in self.terms)
        return f"{total_derivative(n, x)} = {factors} = {numbers} = {format_number(self.derivative)}"

    def __repr__(self):
        return f"ForwardStep({self.node_name}, derivative={self.derivative!r})"


def _check_value(value, where):
    if not isinstance(value, Value):
        raise TypeError(f"{where}: expected a Value, got {type(value).__name__}: {value!r}")
