"""The backward pass: the chain rule applied from the output back to the leaves.

Along every edge from a node to one of its inputs the pass adds

    d root/d input += d root/d node · ∂node/∂input

visiting the nodes in reverse topological order (``order``), so a node's
total derivative is complete before it is passed on. Everything that needs
the gradients of a graph goes through this module:

- ``accumulate_gradients`` is ``Value.backward()``: it writes the result into
  the nodes' ``grad`` (a leaf's accumulates, an intermediate node's is
  computed afresh), the way PyTorch's ``backward()`` does;
- ``gradients`` is the same pass into a dict of its own, changing no
  ``grad``: ``grad()``, ``jacobian``, the tutor and the pictures use it;
- ``reverse_steps`` hands the same pass out one chain-rule step at a time,
  for traces and step-by-step pictures.

The two forms of storage are the one thing kept apart: the nodes' own
``grad`` slots are what ``backward()`` fills, and reading and writing a slot
costs three quarters of a dict lookup, which on a training step is measured.

**Threads.** A graph may be shared by threads, as in PyTorch: each
``backward()`` holds ``PASS_LOCK`` for its whole pass (it resets the
intermediate nodes' gradients, which another pass must not see half-done),
so four threads give exactly four times one pass's leaf gradients. The dict
passes share nothing but the graph, which they only read.
"""

import math
import threading
from operator import attrgetter

from .order import made_too_early, nodes_and_leaf_uses

PASS_LOCK = threading.RLock()
"""Held by every pass that writes into ``grad``: one at a time, whatever the thread."""

_isfinite = math.isfinite
_by_serial = attrgetter("serial")
_grad_of = attrgetter("_grad")


def accumulate_gradients(root, seed):
    """``root.backward(seed)``: d root/d node into every node's ``grad``.

    Leaves accumulate (``grad +=``); the other nodes' gradients are this
    pass's alone. A gradient that is not finite raises an OverflowError
    naming the operation where it arose, and the pass is undone: every
    leaf's ``grad`` holds what it held before the call (all or nothing;
    the intermediate nodes', this pass's alone, are set to 0). So is a pass
    stopped midway by Ctrl-C (KeyboardInterrupt).
    """
    with PASS_LOCK:
        order, leaf_uses = nodes_and_leaf_uses(root)
        if not order:                           # the root is a leaf
            grad = root._grad + seed
            if not _isfinite(grad):
                raise OverflowError(f"backward() on the leaf {root!r}: its gradient plus "
                                    f"{seed!r} is {grad!r}, not a finite float; its gradient "
                                    f"is left as it was")
            root._grad = grad
            return
        before = list(map(_grad_of, leaf_uses))     # to undo the pass if it fails
        try:
            for node in order:
                node._grad = 0.0
            root._grad = seed
            for node in reversed(order):
                upstream = node._grad
                for child, local in zip(node.inputs, node.local_grads):
                    child._grad += upstream * local
        except BaseException:       # Ctrl-C midway: undone, as if it had not begun
            _undo(order, leaf_uses, before)
            raise
        total = 0.0         # inf or nan if any gradient that reached a leaf is;
        for leaf in leaf_uses:      # a plain loop: reading a slot here is cheaper than map()
            total += leaf._grad
        if not _isfinite(total):
            overflowed = [leaf for leaf in leaf_uses if not _isfinite(leaf._grad)]
            if not overflowed:
                return          # every gradient finite: only their sum here overflowed
            _undo(order, leaf_uses, before)
            failure = find_overflow(root, seed) or _accumulated_too_far(overflowed[0])
            raise OverflowError(
                f"backward() from {root!r}: {failure}. No leaf's gradient was changed: each is "
                f"what it was before this backward()")


def _undo(order, leaf_uses, before):
    """Give every leaf back the gradient it had before the pass; the pass's own nodes get 0."""
    for leaf, grad in zip(leaf_uses, before):
        leaf._grad = grad
    for node in order:
        node._grad = 0.0


def _accumulated_too_far(leaf):
    """The sentence for a leaf whose gradient would overflow by accumulating over calls."""
    return (f"the gradient accumulated in the leaf {leaf!r} over calls of backward(), plus "
            f"this pass's, would no longer be a finite float (call zero_grad() between calls)")


def gradients(root, seed=1.0, order=None):
    """{node: d root/d node} for every node ``root`` depends on, as floats; no ``grad`` changes.

    ``order`` (the nodes with inputs, inputs first) may be given when known.
    The same additions of the same products in the same order as
    ``backward()``, so the numbers are equal bit for bit. Non-finite
    gradients are left in the dict; ``find_overflow`` says where they arose.
    """
    if order is None:
        order = nodes_with_inputs(root)
    grads = {root: seed}
    get = grads.get
    for node in reversed(order):
        upstream = grads[node]
        for child, local in zip(node.inputs, node.local_grads):
            grads[child] = get(child, 0.0) + upstream * local
    return grads


def nodes_with_inputs(root):
    """The nodes ``root`` depends on that have inputs, inputs first (``root`` last, if not a leaf)."""
    return nodes_and_leaf_uses(root)[0]


class ReverseStep:
    """One chain-rule step: d root/d input += d root/d node · ∂node/∂input.

    Attributes:
        node: the operation's result; the gradient flows from it.
        position: which of ``node.inputs`` the step goes to.
        input: that input.
        local_grad: ∂node/∂input.
        upstream: d root/d node, complete when the step is taken.
        contribution: upstream · local_grad.
        input_grad: d root/d input so far, this pass only (from 0).
        first: True for the first step reaching ``input`` in this pass.
    """

    __slots__ = ("node", "position", "input", "local_grad", "upstream", "contribution",
                 "input_grad", "first")

    def __init__(self, node, position, child, local_grad, upstream, contribution, input_grad,
                 first):
        self.node = node
        self.position = position
        self.input = child
        self.local_grad = local_grad
        self.upstream = upstream
        self.contribution = contribution
        self.input_grad = input_grad
        self.first = first


def reverse_steps(root, seed=1.0, order=None):
    """The backward pass from ``root`` as ``ReverseStep`` s, one per edge, in the order taken.

    A generator that changes nothing: each step's ``input_grad`` is the
    input's gradient from this pass so far, starting from 0, whatever any
    ``grad`` holds. After the last step every ``input_grad`` is what
    ``gradients(root)`` gives.
    """
    if order is None:
        order = nodes_with_inputs(root)
    grads = {root: seed}
    for node in reversed(order):
        upstream = grads[node]
        for position, (child, local) in enumerate(zip(node.inputs, node.local_grads)):
            so_far = grads.get(child)
            contribution = upstream * local
            grads[child] = contribution if so_far is None else so_far + contribution
            yield ReverseStep(node, position, child, local, upstream, contribution, grads[child],
                              so_far is None)


def find_overflow(root, seed=1.0, products_only=False):
    """Where d root/d node first stops being a finite float, as a sentence; None if nowhere.

    Called only when something is known to have overflowed: it repeats the
    pass into a dict and names the first chain-rule step whose product, or
    (unless ``products_only``) whose sum with what the input had, is not finite.
    """
    order = nodes_with_inputs(root)
    grads = {root: seed}
    get = grads.get
    for node in reversed(order):
        upstream = grads[node]
        for child, local in zip(node.inputs, node.local_grads):
            contribution = upstream * local
            total = get(child, 0.0) + contribution
            grads[child] = total
            if not _isfinite(upstream) or _isfinite(total):
                continue
            if not _isfinite(contribution):
                how = (f"the chain-rule step from it to {child!r} multiplies its gradient "
                       f"{upstream!r} by the local derivative {local!r}, giving {contribution!r}")
            elif products_only:
                continue
            else:
                how = f"the gradients reaching {child!r} add up to more than a float can hold"
            return f"a gradient is not a finite float at operation '{node.op}' ({node!r}): {how}"
    return None


__all__ = ["PASS_LOCK", "accumulate_gradients", "gradients", "reverse_steps", "ReverseStep",
           "find_overflow", "nodes_with_inputs", "made_too_early"]
