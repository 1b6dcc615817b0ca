"""Names for the nodes of a graph, numbers as they are printed, and the derivative notation.

Shared by everything that shows a graph: the backward trace, the chain-rule
paths, forward mode, the text view, the pictures and ``check``.

One notation tells the two kinds of derivative apart in every printed line:

- ``dz/dx`` (upright d) is a *total* derivative: how much ``z`` changes with
  ``x`` along every path between them, the number ``backward()`` accumulates.
- ``∂v1/∂x`` (curly ∂) is a *local* derivative: of one operation's result with
  respect to one of its inputs, the number stored in ``v1.local_grads``.

So a chain-rule step reads ``dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24``: a total
derivative built from a total one and a local one.

    >>> total_derivative("E", "out_h1"), local_derivative("net_o1", "out_h1")
    ('dE/dout_h1', '∂net_o1/∂out_h1')
    >>> total_derivative("E_o1", "t1−o1")       # a name with an operator gets brackets
    'dE_o1/d(t1−o1)'
"""

import re

#: Characters that may appear in a name printed bare inside a derivative;
#: any other (an operator, a space, a bracket) makes it bracketed.
_PLAIN_EXTRA = set("_.'′⁺⁻⁽⁾₍₎⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉")


def node_names(order, given=None):
    """A printable name for every node of ``order`` (a topological order).

    A node's ``label`` (or its name in ``given``, a dict node → name or "",
    when given) when it has one; otherwise ``v1``, ``v2``, … numbered in the
    order the nodes appear (inputs before outputs), skipping any name already
    used, so the same graph always gets the same names.
    """
    given = {node: node.label for node in order} if given is None else given
    taken = {name for name in given.values() if name}
    names = {}
    counter = 0
    for node in order:
        if given[node]:
            names[node] = given[node]
            continue
        counter += 1
        while f"v{counter}" in taken:
            counter += 1
        names[node] = f"v{counter}"
    return names


def format_number(x, digits=6):
    """``x`` compactly, with ``digits`` significant digits: 24.0 -> '24', 0.1 + 0.2 -> '0.3'.

    A negative zero (0 · −0.2 in floating point) is written 0, as on paper.

        >>> format_number(0.0 * -0.218)
        '0'
    """
    if x == 0:
        x = abs(x)
    return format(x, f".{digits}g")


def bracketed(name):
    """``name`` as it reads inside a derivative: bare if it is one word, else in brackets.

    ``w1``, ``out_h1``, ``L0.n1.out``, ``w⁽²⁾₁₂`` stay as they are; ``t1−o1``
    becomes ``(t1−o1)`` so that ``dE/d(t1−o1)`` cannot be misread.
    """
    if name and all(ch.isalnum() or ch in _PLAIN_EXTRA for ch in name):
        return name
    return f"({name})"


def total_derivative(of, wrt):
    """The total derivative of node ``of`` with respect to node ``wrt``: ``d of / d wrt``."""
    return f"d{bracketed(of)}/d{bracketed(wrt)}"


def local_derivative(of, wrt):
    """The local derivative of one operation ``of`` with respect to its input ``wrt``."""
    return f"∂{bracketed(of)}/∂{bracketed(wrt)}"


def write_expression(node, latex=False, max_chars=160, number_digits=6):
    """``node`` written in the names a person chose: labelled nodes by name, the rest as formulas.

    A labelled node is its label; an unlabelled leaf is its number; an
    unlabelled result is its operation's formula (from its record) of its
    inputs, written the same way, so ``0.5·(0.01 − out_o1)²`` rather than
    an internal name like ``v16``. Returns (text, precedence), or None when
    the formula would be longer than ``max_chars`` (a graph of many
    unlabelled nodes has no short formula).

        >>> from autograd_core import Value
        >>> out = Value(0.75, label="out_o1")
        >>> write_expression(0.5 * (0.01 - out) ** 2)
        ('0.5·(0.01 − out_o1)²', 2)
    """
    from .record import operation_of      # the records write formulas with these names
    from .writing import LEVEL_ATOM, number_argument
    written = {}
    stack = [(node, False)]
    budget = [max_chars * 4]               # how many nodes may be visited before giving up
    while stack:
        current, inputs_done = stack.pop()
        if current in written:
            continue
        if current.label:
            written[current] = (current.label, LEVEL_ATOM if _is_word(current.label) else 1)
            continue
        if not current.inputs:
            text, level = number_argument(float(format(current.data, f".{number_digits}g")), latex)
            written[current] = (text, level)
            continue
        if not inputs_done:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            stack.append((current, True))
            stack.extend((child, False) for child in current.inputs if child not in written)
            continue
        args = [written[child] for child in current.inputs]
        text, level = operation_of(current).write(args, current, latex)
        if len(text) > max_chars:
            return None
        written[current] = (text, level)
    return written[node]


def _is_word(name):
    return bool(name) and all(ch.isalnum() or ch in _PLAIN_EXTRA for ch in name)


_INPUT_LETTER = {"x": 0, "y": 1}
_INPUT_IN_MESSAGE = re.compile(r"(?<=\()([xy])(?=\))|(?<![\w.])([xy])(?!\w)")   # f(x) or x


def named_in_message(error, inputs):
    """``error`` again, its message speaking of ``inputs`` by their names instead of ``x``, ``y``.

    The built-in operations' rules see numbers only and write ``x ** 0.5 with
    x = -2.0``; where the input has a name (a label, or a short formula of
    labelled nodes) the message becomes ``w1 ** 0.5 with w1 = -2.0``, which
    says which node of a big graph it was. An unnamed input stays ``x``.
    """
    names = [_name_for_message(node) for node in inputs[:2]]
    if not any(names):
        return error

    def name_of(match):
        letter = match.group(1) or match.group(2)
        position = _INPUT_LETTER[letter]
        if position >= len(names) or not names[position]:
            return letter
        text, is_word = names[position]
        return text if is_word or match.group(1) else f"({text})"
    message = _INPUT_IN_MESSAGE.sub(name_of, str(error))
    try:
        named = type(error)(message)
    except TypeError:               # an error class that takes other arguments: as it was
        return error
    named.__cause__ = error.__cause__
    return named


def _name_for_message(node, max_chars=40):
    """(name, is one word) of ``node`` for an error message, or None; a long label is cut short."""
    if node.label:
        text = node.label if len(node.label) <= max_chars else node.label[:max_chars - 1] + "…"
    elif node.inputs and _labelled_input(node):
        written = write_expression(node, max_chars=max_chars)
        if written is None:
            return None
        text = written[0]
    else:
        return None
    return text, _is_word(text)


def _labelled_input(node, limit=200):
    """True if a labelled node is among the first ``limit`` that ``node`` is computed from.

    A formula of numbers alone (``100000000·1e+200``) names nothing a person chose.
    """
    stack, seen = list(node.inputs), set()
    while stack and len(seen) < limit:
        current = stack.pop()
        if current.label:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(current.inputs)
    return False


def result_overflow(op, inputs, data):
    """The message for an operation whose result is not a finite float: ``w1·x with w1 = …``.

    The operation is written by its record on its inputs' names, and on the
    numbers of those without one (``1e+200·a with a = 1e+200``, ``1e+200·2e+300``);
    an operation of many inputs, or a node made by hand, is named by its name
    and its first input numbers.
    """
    from .record import Operation
    from .writing import LEVEL_ATOM, number_argument
    if isinstance(op, Operation) and 1 <= len(inputs) <= 2 and not op.user_defined:
        args, named = [], []
        for node in inputs:
            name = _name_for_message(node)
            if name is None:
                args.append(number_argument(node.data))
                continue
            text = name[0] if name[1] else f"({name[0]})"
            args.append((text, LEVEL_ATOM))
            named.append(f"{text} = {node.data!r}")
        text = op.write(args)[0]
        values = f" with {', '.join(named)}" if named else ""
        return f"{text}{values} gives {data!r}, which is not a finite float"
    shown = ", ".join(repr(node.data) for node in inputs[:8])
    if len(inputs) > 8:
        shown += f", … ({len(inputs)} inputs)"
    return f"'{op}' of ({shown}) gives {data!r}, which is not a finite float"
