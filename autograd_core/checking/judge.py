"""Does a number written by hand agree with the exact value, to the digits written?

A written number carries its own precision: "0.79" claims the value lies
within ±0.005 of 0.79, half a unit in its last digit. So

- it **agrees** when the exact value is within half a unit of the last digit;
- it is **off in the last digit** when within one unit: what truncating
  instead of rounding, or rounding an intermediate result that was itself
  rounded, produces (0.93883 written as 0.938). Not a mistake either, but
  only for a number of two or more significant digits: with one, the last
  digit is the only one ("0.1" for 0.0004 is wrong, not off by a unit);
- otherwise it **disagrees**.

A zero written as "0" (or given as the number 0 or 0.0) claims exactly 0;
written with decimals ("0.000") it claims what its digits say (±0.0005).

This one judge answers the question for the lecture notes' numbers in the
demos and for a student's numbers in ``check``.

    >>> judge("0.79", 0.7949), judge("0.938", 0.93883), judge("0.79", 0.81)
    ('agrees', 'last digit', 'disagrees')
"""

import math
import numbers
from decimal import Decimal, InvalidOperation

AGREES = "agrees"
LAST_DIGIT = "last digit"
DISAGREES = "disagrees"


class WrittenNumber:
    """A number as written: its value and half a unit in its last digit.

    From a string the digits are the ones written ("0.590" claims ±0.0005);
    from a float those of its shortest repr (0.59 claims ±0.005); from an
    int its digits (24 claims ±0.5).
    """

    __slots__ = ("text", "value", "half_unit", "significant_digits")

    def __init__(self, written, where="a written number"):
        if isinstance(written, bool) or not isinstance(written, (str, numbers.Real)):
            raise TypeError(f"{where}: expected a number or a string of digits such as "
                            f"'0.593', got {type(written).__name__}: {written!r}")
        text = written.strip() if isinstance(written, str) else repr(written)
        text = text.replace("−", "-")              # the notes' minus sign
        try:
            decimal = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{where}: {written!r} is not a number "
                             f"(write it as digits, e.g. '0.593' or '-1.2e-3')") from None
        if not decimal.is_finite():
            raise ValueError(f"{where}: expected a finite number, got {written!r}")
        try:
            value = float(decimal)
            half_unit = float(Decimal(5).scaleb(decimal.as_tuple().exponent - 1))
        except (ArithmeticError, ValueError):
            value = half_unit = math.inf
        if not (math.isfinite(value) and math.isfinite(half_unit)):
            raise ValueError(f"{where}: {written!r} is too large for a float")
        digits = decimal.as_tuple().digits
        significant = len(digits) - next((i for i, d in enumerate(digits) if d), len(digits))
        if significant == 0 and (not isinstance(written, str) or decimal.as_tuple().exponent >= 0):
            half_unit = 0.0                        # "0", 0 or 0.0 means exactly 0
        self.text = text
        self.value = value
        self.half_unit = half_unit
        self.significant_digits = significant

    def __repr__(self):
        return f"WrittenNumber({self.text!r})"


def within(value, written, units=1.0):
    """Is ``value`` within ``units`` half-units of the last written digit of ``written``?

    A tiny slack absorbs binary floating point at an exact half (0.745 vs 0.74).
    """
    if not isinstance(written, WrittenNumber):
        written = WrittenNumber(written)
    if not math.isfinite(value):
        return False
    slack = 1e-15 if written.half_unit == 0.0 else 0.0     # a claim of exactly 0: rounding noise
    return abs(value - written.value) <= units * written.half_unit * (1 + 1e-9) + slack


def judge(written, exact):
    """``AGREES``, ``LAST_DIGIT`` or ``DISAGREES``: ``written`` beside the ``exact`` value."""
    if not isinstance(written, WrittenNumber):
        written = WrittenNumber(written)
    if within(exact, written):
        return AGREES
    if written.significant_digits >= 2 and within(exact, written, 2.0):
        return LAST_DIGIT
    return DISAGREES


def is_right(written, exact):
    """True when ``written`` agrees with ``exact``, allowing a unit in the last digit."""
    return judge(written, exact) != DISAGREES
