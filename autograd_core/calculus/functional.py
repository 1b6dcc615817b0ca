"""Derivatives as values you can hold: ``grad``, and from it ``hessian`` and ``derivative``.

``backward()`` writes d root/d node into every node's ``grad``. ``grad(output,
inputs)`` answers the same question for the ``inputs`` only and hands the
answers back, as ``torch.autograd.grad`` does, changing no ``.grad``:

    >>> from autograd_core import Value, grad
    >>> x = Value(3.0, label="x")
    >>> y = x ** 3; y.label = "y"
    >>> (dy_dx,) = grad(y, x, create_graph=True)    # 3x² = 27, as a graph of x
    >>> dy_dx.data, dy_dx.label
    (27.0, 'dy/dx')
    >>> (d2y_dx2,) = grad(dy_dx, x)                 # 6x = 18
    >>> d2y_dx2.data, x.grad
    (18.0, 0.0)

With ``create_graph=True`` the chain rule is applied with ``Value`` s
instead of floats: along every edge, the gradient so far times the local
derivative *written with Values* (each operation states it beside its float
form; see ``derivatives_as_values``). The result is a graph built from the
original nodes, so it can be traced, drawn, and differentiated again, to
any order. Each new node that is a complete derivative is labelled with it
(``dy/dx``, ``dy/dv1``, …), so a picture of it shows where it came from.
"""

import math
import numbers

from ..core import (Value, as_float, enable_grad, find_overflow, gradients, operation_of,
                    topological_order)
from ..core.notation import node_names, total_derivative
from ..core.backward import nodes_with_inputs


def grad(output, inputs, create_graph=False, allow_unused=False):
    """d output / d input for each of ``inputs``, as a tuple of ``Value`` s; no ``.grad`` changes.

    Args:
        output: the ``Value`` to differentiate.
        inputs: a ``Value`` or a list of them (leaves or any nodes of the graph).
        create_graph: build each derivative as a graph of ``Value`` s, so it
            can be differentiated again; otherwise each is a new leaf
            holding the number, at the cost of one ``backward()``.
        allow_unused: what an input that ``output`` does not depend on gets.
            False (as PyTorch): a ``ValueError`` naming it, since asking for
            it is usually a mistake. True: a derivative of 0 (PyTorch gives
            None there; a 0 can be computed with).

    As in PyTorch, nothing accumulates: unlike ``backward()``, calling it
    twice gives the same answer twice; and with ``create_graph=True`` the
    derivative's graph is recorded even inside ``no_grad()``.

    Returns:
        tuple: one ``Value`` per input, labelled with its derivative (``dy/dx``).

    Raises:
        TypeError: an ``output`` or input that is not a ``Value``.
        ValueError: an input ``output`` does not depend on (unless ``allow_unused``).
        RuntimeError: an ``output`` computed under ``no_grad()``, with no graph.
        OverflowError: a derivative that is not a finite float, naming the operation.

    Examples:
        >>> x = Value(3.0, label="x")
        >>> y = x * x; y.label = "y"
        >>> grad(y, x)
        (Value(data=6.0, grad=0.0, label='dy/dx'),)
        >>> grad(y, Value(1.0))
        Traceback (most recent call last):
          ...
        ValueError: grad: the output ... does not depend on input 0 (...); pass allow_unused=True to get a derivative of 0 for it
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}: {output!r}")
    targets = as_value_list(inputs, "grad(inputs=...)")
    if not output.inputs and output.op:
        raise RuntimeError(
            f"grad: {output!r} has no graph to go back through: it was computed under "
            f"no_grad(), or from numbers only (no Value among its inputs)")
    order = nodes_with_inputs(output)
    if create_graph:
        with enable_grad():         # the derivative's graph is recorded even under no_grad, as in PyTorch
            grads = _reverse_pass_with_values(output, order)
    else:
        grads = gradients(output, order=order)
    for index, target in enumerate(targets):
        if target not in grads and not allow_unused:
            raise ValueError(
                f"grad: the output {output!r} does not depend on input {index} ({target!r}); "
                f"pass allow_unused=True to get a derivative of 0 for it")
    if create_graph:
        names = node_names(topological_order(output))
        _label_derivatives(output, grads, names)
    else:
        names = {}
    results = []
    for target in targets:
        derivative = grads.get(target, 0.0)
        if not isinstance(derivative, Value):
            if not math.isfinite(derivative):
                _refuse_non_finite(output, grads, target)
            of, by = names.get(output, output.label), names.get(target, target.label)
            derivative = Value(derivative, label=total_derivative(of, by) if of and by else "")
        elif derivative.serial <= output.serial:
            # A node of the original graph (d(x·w)/dx is w itself): hand back a node of
            # its own, so that labelling or changing the result leaves w alone, as in PyTorch.
            with enable_grad():
                derivative = derivative * 1.0
            derivative.label = total_derivative(names[output], names[target])
        results.append(derivative)
    return tuple(results)


def hessian(output, inputs):
    """The matrix of second derivatives ∂²output/∂inputs[i]∂inputs[j], as lists of floats.

    Computed as the derivatives of the first derivatives (``grad`` with
    ``create_graph=True``, then ``grad`` again); an input the output does
    not depend on gives a row and column of zeros.

    Returns:
        list: ``H[i][j]`` = ∂²output/∂inputs[i]∂inputs[j], a list of lists of floats.

    Raises:
        TypeError: an ``output`` or input that is not a ``Value``.
        ValueError: an operation on the way with no derivative written with
            ``Value`` s (an ``Operation`` without ``local_grads_as_values``).

    Examples:
        >>> a, b = Value(1.0, label="a"), Value(2.0, label="b")
        >>> hessian(a * a * b + b ** 3, [a, b])       # [[2b, 2a], [2a, 6b]]
        [[4.0, 2.0], [2.0, 12.0]]
    """
    targets = as_value_list(inputs, "hessian(inputs=...)")
    first = grad(output, targets, create_graph=True, allow_unused=True)
    return [[d.data for d in grad(g, targets, allow_unused=True)] for g in first]


def derivative(f, x, order=1):
    """The ``order`` -th derivative of the function ``f`` of one variable at the number ``x``.

    ``f`` is called once with a ``Value`` and written as ordinary arithmetic
    (``lambda t: t.tanh()``); the derivatives come from ``grad`` applied
    ``order`` times, each a graph the next one differentiates.

        >>> derivative(lambda t: t ** 3, 2.0, order=2)    # 6t at t = 2
        12.0

    Returns:
        float: the derivative's number (``order=0``: f(x) itself).

    Raises:
        ValueError: an ``order`` that is not an int >= 0, an ``x`` that is
            not finite, or an order whose derivatives' graphs grow beyond
            ``MAX_DERIVATIVE_NODES`` (300,000 nodes) before it is reached.
        TypeError: an ``f`` that is not callable or does not return a ``Value``.
    """
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or order < 0:
        raise ValueError(f"derivative: order must be an int >= 0, got {order!r}")
    if not callable(f):
        raise TypeError(f"derivative: f must be a function of one Value, got {type(f).__name__}")
    variable = Value(as_float(x, "derivative(x=...)"), label="x")
    result = f(variable)
    if not isinstance(result, Value):
        raise TypeError(f"derivative: f must return a Value (written with Value arithmetic), "
                        f"got {type(result).__name__}: {result!r}")
    for k in range(order):
        if not result.inputs:                   # a constant: every further derivative is 0
            return 0.0
        (result,) = grad(result, variable, create_graph=k < order - 1, allow_unused=True)
        if k < order - 1:
            _check_graph_size(result, k + 1, order)
    return result.data


MAX_DERIVATIVE_NODES = 300_000
"""The largest graph of a derivative that ``derivative`` differentiates again.

Each order's graph is built from the last one's, so its size can multiply
at every order (tanh's: about 3× per order, 20 thousand nodes at the 10th
and 1.6 million at the 14th); this bound keeps a high ``order`` from using
all the memory and time there is."""


def _check_graph_size(result, done, order):
    """ValueError if the ``done``-th derivative's graph is too large to differentiate again."""
    size = len(nodes_with_inputs(result))
    if size > MAX_DERIVATIVE_NODES:
        raise ValueError(
            f"derivative: the graph of the derivative of order {done} already has {size:,} nodes, "
            f"more than {MAX_DERIVATIVE_NODES:,} (each order's graph is built from the last one's, "
            f"and can grow several times at each); order={order} is refused. Ask for a lower "
            f"order, or write the derivative you need in closed form")


# ----------------------------------------------------------------------
# The reverse pass on Values, and what grad needs around the one on floats.
# ----------------------------------------------------------------------

def _reverse_pass_with_values(output, order):
    """{node: d output/d node} as Values: the chain rule with each local derivative a graph.

    ``order`` holds the nodes with inputs, inputs first. The same additions of
    the same products as ``backward()``, in the same order, with each local
    derivative the ``Value`` its operation's record writes it as; a gradient
    stays a plain float as long as nothing it depends on is a ``Value`` (the
    seed 1, constant local derivatives), so the graph holds no nodes for
    multiplying by 1.
    """
    grads = {output: 1.0}
    get = grads.get
    for node in reversed(order):
        upstream = grads[node]
        for child, local in zip(node.inputs, _local_grads_as_values(node)):
            contribution = _times(upstream, local)
            so_far = get(child)
            grads[child] = contribution if so_far is None else _plus(so_far, contribution)
    return grads


def _refuse_non_finite(output, grads, target):
    """An OverflowError naming the operation where d output/d ``target`` stopped being finite."""
    where = find_overflow(output, products_only=True)
    if where is not None:
        raise OverflowError(f"grad: {where}")
    raise OverflowError(f"grad: the derivatives of {output!r} reaching {target!r} add up to "
                        f"{grads.get(target)!r}, more than a float can hold")


def derivatives_of(output, nodes):
    """[d output/d node for node in nodes] as floats, by one reverse pass; no ``.grad`` changes.

    A node ``output`` does not depend on gets 0.
    """
    grads = gradients(output)
    derivatives = [grads.get(node, 0.0) for node in nodes]
    for node, derivative in zip(nodes, derivatives):
        if not math.isfinite(derivative):
            _refuse_non_finite(output, grads, node)
    return derivatives


def _local_grads_as_values(node):
    try:
        grads = operation_of(node).local_grads_as_values(node)
    except (ArithmeticError, ValueError) as error:
        raise type(error)(
            f"grad(create_graph=True): the derivative of operation '{node.op}' at {node!r} "
            f"cannot be written as a graph there: {error}") from error
    for position, (as_value, as_float_) in enumerate(zip(grads, node.local_grads)):
        if isinstance(as_value, Value):
            number = as_value.data
        elif isinstance(as_value, numbers.Real) and not isinstance(as_value, bool):
            number = float(as_value)
        else:
            raise TypeError(
                f"operation '{node.op}': its local derivative {position} written with Values must "
                f"be a Value or a number, got {type(as_value).__name__}: {as_value!r}")
        # Equal up to rounding: the two forms may be computed differently (expm1 beside exp - 1).
        if not abs(number - as_float_) <= 1e-6 * max(abs(number), abs(as_float_)) + 1e-300:
            raise ValueError(
                f"operation '{node.op}' at {node!r}: its local derivative {position} written with "
                f"Values is {number!r}, but as a float, recorded when the node was made, it is "
                f"{as_float_!r}. Either the two forms of its derivative disagree (check its "
                f"local_grads_as_values), or an input's data was changed after the node was made")
    return grads


def _times(a, b):
    """a·b, with no node for a factor that is the number 1 or 0."""
    if type(a) is float:
        if a == 1.0:
            return b
        if a == 0.0 and type(b) is not float:
            return 0.0
    if type(b) is float:
        if b == 1.0:
            return a
        if b == 0.0 and type(a) is not float:
            return 0.0
    return a * b


def _plus(a, b):
    """a + b, with no node for a term that is the number 0."""
    if type(b) is float and b == 0.0 and type(a) is not float:
        return a
    if type(a) is float and a == 0.0 and type(b) is not float:
        return b
    return a + b


def _label_derivatives(output, grads, names):
    """Label each new derivative node: ``dy/dx`` for the derivative of y with respect to x.

    ``names`` holds every node of the graph, inputs first; the nodes closest
    to the output are labelled first, so a derivative shared by several
    nodes is named after the one it was complete for first.
    """
    first_new = output.serial
    for node in reversed(list(names)):
        derivative = grads.get(node)
        if isinstance(derivative, Value) and derivative.serial > first_new and not derivative.label:
            derivative.label = total_derivative(names[output], names[node])


def as_value_list(values, where):
    """``values`` (a ``Value`` or a list of them) as a list, or TypeError naming ``where``."""
    if isinstance(values, Value):
        return [values]
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{where}: expected a Value or a list of Values, "
                        f"got {type(values).__name__}: {values!r}")
    for index, value in enumerate(values):
        if not isinstance(value, Value):
            raise TypeError(f"{where}: item {index} must be a Value, "
                            f"got {type(value).__name__}: {value!r}")
    return list(values)
