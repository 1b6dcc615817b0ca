"""Each operation's local derivatives written with ``Value`` s: what derivatives of derivatives need.

A node keeps its local derivatives as plain floats (``node.local_grads``), which
is all ``backward()`` needs. To differentiate a derivative again, the local
derivative must itself be a graph: for ``out = tanh(x)`` not the number
``1 - out.data**2`` but the ``Value`` ``1 - out * out``, which depends on ``x``.

Each built-in operation states that formula once, beside its float form in
``value.py``, with ``@derivative_as_values(name, rule)``; ``rule(*inputs, out=node)``
returns one ``Value`` (or a number, for a constant) per input, and gives, on
the forward values, exactly the floats in ``local_grads``. An operation whose
local derivatives are constants (``+``, ``*3``, ``relu``, …) is registered with
``CONSTANT``: its floats are already the whole story. A user-defined
``Operation`` carries its own rule.
"""

CONSTANT = "constant"
"""The rule of an operation whose local derivatives do not depend on its inputs."""

_RULES = {}

#: Operations whose name ends in the constant they were given ("-3", "*0.5", "**2"),
#: or starts with it ("3-", "1/", "2**"). Longer markers first, so "**2" is not "*".
_CONSTANT_BEFORE = ("**", "+", "-", "*", "/")
_CONSTANT_AFTER = ("**", "-", "/")


def derivative_as_values(name, rule):
    """Register ``rule`` as operation ``name`` 's local derivatives written with Values.

    Used as a decorator on the method that makes the operation, so the two
    forms of its derivative stand together; returns the method unchanged.
    ``name`` is the operation's name, or for an operation with a constant
    its kind: ``"**c"`` for ``x ** c``, ``"c**"`` for ``c ** x``, …; then
    ``rule`` also receives the constant as ``c=``.
    """
    if name in _RULES:
        raise ValueError(f"the derivative of operation {name!r} is already defined")
    _RULES[name] = rule

    def keep(method):
        return method
    return keep


def local_grads_as_values(node):
    """The local derivatives of ``node`` as Values (or numbers, where constant), one per input.

    Raises ``ValueError`` for an operation whose derivative is known only as
    floats (a node made by hand, say), which cannot be differentiated again.
    """
    op = node.op
    rule = getattr(op, "local_grads_as_values", None)     # a user-defined Operation
    if rule is None and getattr(op, "local_grads", None) is not None:
        raise ValueError(
            f"operation {str(op)!r} was defined without local_grads_as_values=..., so its "
            f"derivative is known only as numbers and cannot be differentiated again; "
            f"define it with its local derivatives written with Values")
    keyword = {}
    if rule is None:
        rule = _RULES.get(op)
        if rule is None:
            kind, constant = constant_kind(op)
            rule = _RULES.get(kind)
            if rule is not None and rule is not CONSTANT:
                keyword["c"] = constant
    if rule is None:
        raise ValueError(
            f"operation {str(op)!r} (of node {node!r}) has no derivative written with Values, "
            f"so it cannot be differentiated twice; define it with autograd_core.Operation "
            f"and local_grads_as_values=...")
    if rule is CONSTANT:
        return node.local_grads
    grads = rule(*node.inputs, out=node, **keyword)
    if not isinstance(grads, (tuple, list)):
        grads = (grads,)
    if len(grads) != len(node.inputs):
        raise ValueError(
            f"operation {str(op)!r}: its local_grads_as_values gave {len(grads)} derivatives "
            f"for {len(node.inputs)} inputs; give one per input")
    return grads


def constant_kind(op):
    """``("**c", 2.0)`` for ``"**2"``, ``("c-", 3.0)`` for ``"3-"``; ``(op, None)`` otherwise."""
    if type(op) is not str:
        return op, None
    for marker in _CONSTANT_BEFORE:
        if op.startswith(marker) and len(op) > len(marker):
            constant = _number(op[len(marker):])
            if constant is not None:
                return marker + "c", constant
    for marker in _CONSTANT_AFTER:
        if op.endswith(marker) and len(op) > len(marker):
            constant = _number(op[:-len(marker)])
            if constant is not None:
                return "c" + marker, constant
    return op, None


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None
