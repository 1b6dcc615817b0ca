"""Numbers typed on the command line: an input's value (``x=1/3``) and a claim (``dz/dx=1/12``).

Both are written the same way: digits (``2``, ``-0.5``, ``1e-3``, with the
notes' ``−`` too) or numbers combined as in an expression (``1/3``,
``2**-4``, ``sqrt(2)/2``), with no names in them.

- An input's value is a float: ``value_number("1/3")`` is ``0.3333333333333333``.
- A claim keeps what its writing says. Plain digits are passed on as text,
  so the tutor reads their precision ("0.59" claims ±0.005); anything
  else claims exactly the number it works out to, a ``Fraction``:
  ``claimed_number("1/12")`` is ``Fraction(1, 12)``, exactly a twelfth.
  Where the arithmetic is not rational (``sqrt(2)``) the claim is the
  float it gives, exactly.

    >>> value_number("−1/4"), claimed_number("0.590"), claimed_number("1/12")
    (-0.25, '0.590', Fraction(1, 12))
"""

import ast
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .expression import NOTATION, ExpressionError, input_names, parse_statements

#: Digits as the tutor reads them: a sign, digits with one point, an exponent.
PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")

#: How a number may be written, for messages.
EXAMPLES = "2, -0.5, 1e-3 or 1/3"

#: Words Python would read as numbers that are not finite: refused with their own message.
_NOT_FINITE = {"nan", "inf", "infinity"}

#: A Fraction with more bits than this is given up for its float (it stays exact enough).
_MAX_BITS = 4096


class NumberError(ValueError):
    """A number that cannot be read: ``str(error)`` says why, for ``NAME=`` to be put in front."""


def value_number(text):
    """The float ``text`` writes; a ``NumberError`` saying why when it writes none."""
    _refuse_names(text)
    try:
        return parse_statements(text, {}).result.data
    except ExpressionError as error:
        raise NumberError(_why(error, text)) from None


def claimed_number(text):
    """What a claim written as ``text`` claims: the text for plain digits, else a ``Fraction``."""
    value = value_number(text)          # refuses what is not a finite number
    if PLAIN.fullmatch(text.strip().translate(NOTATION)):
        return text.strip()
    exact = _exact(text)
    return exact if exact is not None else Fraction(value)


def _refuse_names(text):
    try:
        names = input_names(text)
    except ExpressionError as error:
        raise NumberError(_why(error, text)) from None
    if not names:
        return
    name = names[0]
    if name.lower() in _NOT_FINITE:
        raise NumberError(f"{name} is not a finite number; write a number such as {EXAMPLES}")
    raise NumberError(f"write a number such as {EXAMPLES}, not a name ({name})")


def _why(error, text):
    """An expression's error as the reason a number was refused: one line, no excerpt.

    Text that is not even an expression is said to be no number, without the
    grammar of expressions that the expression's error would list.
    """
    try:
        ast.parse(text.strip().translate(NOTATION), mode="exec")
    except SyntaxError as syntax:
        if not str(syntax.msg).startswith("Exceeds the limit"):
            return f"this is not a number; write one such as {EXAMPLES}"
    except (RecursionError, MemoryError, ValueError):
        pass
    return error.message


def _exact(text):
    """The exact value of a text of numbers joined by + - * / and integer powers, else None."""
    try:
        tree = ast.parse(text.strip().translate(NOTATION), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    source = text.strip().translate(NOTATION)
    pending = [(tree.body, False)]
    values = []
    while pending:                              # post-order without recursion
        node, ready = pending.pop()
        if isinstance(node, ast.Constant):
            number = _exact_constant(node, source)
            if number is None:
                return None
            values.append(number)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            if not ready:
                pending += [(node, True), (node.operand, False)]
                continue
            if isinstance(node.op, ast.USub):
                values[-1] = -values[-1]
        elif isinstance(node, ast.BinOp) and type(node.op) in _EXACT_OPERATIONS:
            if not ready:
                pending += [(node, True), (node.right, False), (node.left, False)]
                continue
            right, left = values.pop(), values.pop()
            number = _EXACT_OPERATIONS[type(node.op)](left, right)
            if number is None or _too_big(number):
                return None
            values.append(number)
        else:
            return None                         # a function: not rational arithmetic
    return values[0] if len(values) == 1 else None


def _exact_constant(node, source):
    if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
        return None
    if isinstance(node.value, int):
        return Fraction(node.value)
    written = ast.get_source_segment(source, node)
    try:
        return Fraction(Decimal(written.replace("_", "")))
    except (InvalidOperation, TypeError, ValueError):
        return Fraction(node.value)


def _divide(a, b):
    return a / b if b else None


def _power(a, b):
    if b.denominator != 1 or (a == 0 and b < 0):
        return None
    bits = max(a.numerator.bit_length(), a.denominator.bit_length())
    if bits * abs(b.numerator) > _MAX_BITS:
        return None
    return a ** b.numerator


def _too_big(number):
    return max(number.numerator.bit_length(), number.denominator.bit_length()) > _MAX_BITS


_EXACT_OPERATIONS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, ast.Div: _divide, ast.Pow: _power,
}

__all__ = ["value_number", "claimed_number", "NumberError", "PLAIN", "EXAMPLES"]
