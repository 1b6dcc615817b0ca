"""Does a number written by hand say the exact value, to the digits written?

A written number carries its own precision: "0.79" claims the value lies
within ±0.005 of 0.79, half a unit in its last digit. The verdicts:

- **right**: the exact value rounds to the written number at its digits,
  compared exactly (the written decimal and the float as fractions), with
  room only for ``noise``, the rounding noise of the float computation
  that produced the exact value (a "0" on paper where the floats leave
  5.7e-14, a float a few ulps from the engine's);
- **rounded**: right for numbers rounded along the way: within ``rounding``
  more (what rounding the intermediate results at the digits written does,
  computed from the actual rounding of each of them), or the correct
  computation on the writer's own rounded earlier numbers (``from_rounded``);
- **more digits**: one significant digit (or none: "0.000") that would be
  right or rounded, while the exact value is not that round (it differs
  from the number at one more digit): "0.6" for 0.5933 cannot tell a right
  answer from a slip, so it asks for more digits;
- **wrong**: anything else. There is no blanket unit of slack in the last
  digit: "25" for 24 is wrong.

A zero written as "0" (or "0e400", or the number 0) claims exactly 0;
written with decimals ("0.000") it claims what its digits say (±0.0005).
A ``Fraction`` claims exactly its value.

This one judge answers the question for the lecture notes' numbers in the
demos and for a student's numbers in ``check``.

    >>> judge("0.79", 0.7949), judge("25", 24.0), judge("0.6", 0.5933)
    ('right', 'wrong', 'more digits')
    >>> judge("-0.019049119", -0.0190491183, from_rounded=-0.038098237 * 0.5)
    'rounded'
"""

import math
import numbers
from decimal import Decimal, InvalidOperation
from fractions import Fraction

RIGHT = "right"
ROUNDED = "rounded"
MORE_DIGITS = "more digits"
WRONG = "wrong"

#: A written number longer than this is refused before it is read.
MAX_WRITTEN_CHARS = 200
#: Beyond 10^±this a written number cannot be a float (or a float's rounding).
_LARGEST_EXPONENT = 308
_SMALLEST_EXPONENT = -340


class WrittenNumber:
    """A number as written: its value, and half a unit in its last digit.

    From a string the digits are the ones written ("0.590" claims ±0.0005);
    from a float those of its shortest repr (0.59 claims ±0.005); from an
    int its digits (24 claims ±0.5); from numpy's scalars the digits they
    print (numpy.float32(0.1) is "0.1"); a ``Fraction`` claims exactly its
    value.

    Attributes:
        text: the digits as read ("0.593", "-1.2e-3", "1/3").
        value: the nearest float.
        rational: the exact value written, a ``Fraction``.
        half_unit: half a unit in the last digit, a float (0.0 for an exact claim).
        significant_digits: how many, or None for an exact claim (a Fraction).
        exponent: the power of ten of the last digit written (None for a Fraction).
    """

    __slots__ = ("text", "value", "rational", "half_unit", "_half_unit_rational",
                 "significant_digits", "exponent")

    def __init__(self, written, where="a written number"):
        if isinstance(written, WrittenNumber):
            for name in self.__slots__:
                setattr(self, name, getattr(written, name))
            return
        if isinstance(written, Fraction):
            self._from_fraction(written, where)
            return
        decimal, text = _as_decimal(written, where)
        sign, digits, exponent = decimal.as_tuple()
        significant = len(digits) - next((i for i, d in enumerate(digits) if d), len(digits))
        if significant and decimal.adjusted() > _LARGEST_EXPONENT:
            raise ValueError(f"{where}: {_shown(written)} is too large for a float")
        if significant and decimal.adjusted() < _SMALLEST_EXPONENT:
            raise ValueError(f"{where}: {_shown(written)} is too small for a float (it would be 0)")
        if significant == 0:
            exact_zero = not isinstance(written, str) or exponent >= 0
            if exact_zero or exponent < _SMALLEST_EXPONENT:
                decimal, exponent = Decimal(0), 0      # "0", "0e400", 0, 0.0: exactly 0
        value = float(decimal)
        if not math.isfinite(value):
            raise ValueError(f"{where}: {_shown(written)} is too large for a float")
        self.text = text
        self.value = value
        self.rational = Fraction(decimal)
        self.significant_digits = significant
        self.exponent = exponent
        if significant == 0 and exponent >= 0:
            self._half_unit_rational = Fraction(0)
        else:
            self._half_unit_rational = Fraction(1, 2) * Fraction(10) ** exponent
        self.half_unit = float(self._half_unit_rational)

    def _from_fraction(self, fraction, where):
        try:
            value = float(fraction)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise ValueError(f"{where}: {_shown(fraction)} is too large for a float")
        self.text = str(fraction)
        self.value = value
        self.rational = fraction
        self.half_unit = 0.0
        self._half_unit_rational = Fraction(0)
        self.significant_digits = None
        self.exponent = None

    @property
    def is_exact(self):
        """True for a claim of exactly this value (a bare 0, a Fraction)."""
        return self._half_unit_rational == 0

    def __repr__(self):
        return f"WrittenNumber({self.text!r})"


def _as_decimal(written, where):
    """(Decimal, text) of a written number, or a clear error naming ``where``."""
    if isinstance(written, bool) or not isinstance(written, (str, numbers.Real, Decimal)):
        raise TypeError(f"{where}: expected a number or a string of digits such as "
                        f"'0.593', got {type(written).__name__}: {_shown(written)}")
    if isinstance(written, str):
        if len(written) > MAX_WRITTEN_CHARS:
            raise ValueError(f"{where}: a written number of {len(written):,} characters is "
                             f"too long (at most {MAX_WRITTEN_CHARS})")
        text = written.strip().replace("−", "-")      # the notes' minus sign
    elif isinstance(written, numbers.Integral):
        number = int(written)
        if number.bit_length() > 1100:
            raise ValueError(f"{where}: an integer of about {int(number.bit_length() * 0.30103)} "
                             f"digits is too large for a float")
        text = str(number)
    elif isinstance(written, float):                   # float, numpy.float64
        text = repr(float(written))
    else:                                              # Decimal, numpy.float32, …: the digits it prints
        text = str(written).strip()
    try:
        decimal = Decimal(text)
    except InvalidOperation:
        if isinstance(written, str):
            raise ValueError(f"{where}: {_shown(written)} is not a number "
                             f"(write it as digits, e.g. '0.593' or '-1.2e-3')") from None
        text = repr(float(written))
        decimal = Decimal(text)
    if not decimal.is_finite():
        raise ValueError(f"{where}: expected a finite number, got {_shown(written)}")
    return decimal, text


def _shown(x, limit=60):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


def as_written(written, where="a written number"):
    """``written`` as a ``WrittenNumber`` (one already is, is returned as it is)."""
    return written if isinstance(written, WrittenNumber) else WrittenNumber(written, where)


def within(value, written, allowance=0.0):
    """Is the float ``value`` within half a unit of the last digit of ``written``, plus ``allowance``?

    Compared exactly: the written decimal and the float as fractions, so
    0.745 (the float just below 0.745) rounds to "0.74" and a number just
    outside is outside; the float is taken to stand for any number within
    half an ulp of it.
    """
    written = as_written(written)
    if not math.isfinite(value):
        return False
    allowance += math.ulp(value) / 2        # a float is the exact number only to half an ulp
    bound = written.half_unit + allowance
    distance = abs(value - written.value)
    if distance < bound * (1 - 1e-12):
        return True
    if distance > bound * (1 + 1e-12) + 1e-300 + abs(written.value) * 2.3e-16:
        return False
    exact_distance = abs(Fraction(value) - written.rational)
    return exact_distance <= written._half_unit_rational + Fraction(allowance)


def too_few_digits(written, value, noise=0.0):
    """One significant digit or none, while ``value`` is not that round.

    "That round" means the value agrees with the written number to one more
    digit: "8" for 8.04 and "0.000000" for 1e-30 say all there is, while
    "0.6" for 0.5933 and "0.1" for 0.05 hide the next digit.
    """
    written = as_written(written)
    if written.significant_digits is None or written.significant_digits > 1:
        return False
    if not math.isfinite(value):
        return True
    tenth = written.half_unit / 10
    distance = abs(value - written.value)
    slack = noise + math.ulp(written.value)        # the written decimal is a float to half an ulp
    if distance < (tenth + slack) * (1 - 1e-12):
        return False
    if distance > (tenth + slack) * (1 + 1e-12):
        return True
    return abs(Fraction(value) - written.rational) > written._half_unit_rational / 10 + Fraction(slack)


def judge(written, exact, noise=0.0, rounding=0.0, from_rounded=None):
    """``RIGHT``, ``ROUNDED``, ``MORE_DIGITS`` or ``WRONG``: ``written`` beside the ``exact`` value.

    ``noise`` bounds the float computation's own rounding error in
    ``exact``; ``rounding`` is what rounding the intermediate results at
    the digits written can add; ``from_rounded`` is the correct computation
    on the writer's own rounded earlier numbers.
    """
    written = as_written(written)
    if within(exact, written, noise):
        verdict, reference = RIGHT, exact
    elif rounding and within(exact, written, noise + rounding):
        verdict, reference = ROUNDED, exact
    elif from_rounded is not None and within(from_rounded, written, noise + rounding):
        verdict, reference = ROUNDED, from_rounded
    else:
        return WRONG
    if too_few_digits(written, reference, noise):
        return MORE_DIGITS
    return verdict


def round_significant(x, digits):
    """``x`` rounded to ``digits`` significant digits (at least 1): 0.751365 to 2 is 0.75."""
    if not x or not math.isfinite(x):
        return x
    return float(f"{x:.{max(digits, 1) - 1}e}")


def rounding_error(x, written):
    """How much rounding ``x`` to the significant digits of ``written`` changes it.

    A student writing 0.000438568 carries the numbers it is computed from
    to about as many digits: 0.0363503, not 0.036.
    """
    digits = written.significant_digits
    if not digits or not x or not math.isfinite(x):       # an exact claim, or "0.000": none
        return 0.0
    return abs(round_significant(x, digits) - x)
