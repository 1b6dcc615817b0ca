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
import re
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

    __slots__ = ("text", "value", "half_unit", "significant_digits", "exponent", "_decimal",
                 "_rational", "_half_unit_rational", "_exact")

    def __init__(self, written, where="a written number"):
        if isinstance(written, WrittenNumber):
            for name in self.__slots__:
                setattr(self, name, getattr(written, name))
            return
        if isinstance(written, Fraction):
            self._from_fraction(written, where)
            return
        if type(written) is str and len(written) <= MAX_WRITTEN_CHARS:
            text = written.strip().replace("−", "-")      # the notes' minus sign
        else:
            text = _text_of(written, where)
        plain = _PLAIN.fullmatch(text) if text else None
        if plain is not None:                  # the usual case, read without Decimal
            mantissa, power = plain.groups()
            whole, _, fraction = mantissa.partition(".")
            significant = len((whole + fraction).lstrip("0"))
            exponent = (int(power) if power else 0) - len(fraction)
            adjusted = exponent + significant - 1
        else:
            decimal = _as_decimal(text, written, where)
            _, digit_tuple, exponent = decimal.as_tuple()
            significant = len(digit_tuple) - next(
                (i for i, d in enumerate(digit_tuple) if d), len(digit_tuple))
            adjusted = decimal.adjusted()
        if significant and adjusted > _LARGEST_EXPONENT:
            raise ValueError(f"{where}: {_shown(written)} is too large for a float")
        if significant and adjusted < _SMALLEST_EXPONENT:
            raise ValueError(f"{where}: {_shown(written)} is too small for a float (it would be 0)")
        exact_text = text
        if significant == 0:
            exact_zero = not isinstance(written, str) or exponent >= 0
            if exact_zero or exponent < _SMALLEST_EXPONENT:
                exact_text, exponent = "0", 0        # "0", "0e400", 0, 0.0: exactly 0
        value = float(exact_text)
        if not math.isfinite(value):
            raise ValueError(f"{where}: {_shown(written)} is too large for a float")
        self.text = text
        self.value = value
        self.significant_digits = significant
        self.exponent = exponent
        self._decimal = exact_text
        self._rational = self._half_unit_rational = None      # made when first needed
        exact = significant == 0 and exponent >= 0
        self._exact = exact
        # Below about 1e-323 half a unit underflows to 0.0 as a float; the exact
        # comparison then uses half_unit_rational, which never does.
        self.half_unit = 0.0 if exact else float(f"5e{exponent - 1}")

    def _from_fraction(self, fraction, where):
        try:
            value = float(fraction)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise ValueError(f"{where}: {_shown(fraction)} is too large for a float")
        self.text = str(fraction)
        self.value = value
        self._decimal = None
        self._rational = fraction
        self.half_unit = 0.0
        self._half_unit_rational = Fraction(0)
        self._exact = True
        self.significant_digits = None
        self.exponent = None

    @property
    def rational(self):
        """The exact value written, a ``Fraction``."""
        if self._rational is None:
            self._rational = Fraction(Decimal(self._decimal))
        return self._rational

    @property
    def half_unit_rational(self):
        """Half a unit in the last digit, exactly (a ``Fraction``)."""
        if self._half_unit_rational is None:
            if self._exact:
                self._half_unit_rational = Fraction(0)
            else:
                self._half_unit_rational = Fraction(1, 2) * Fraction(10) ** self.exponent
        return self._half_unit_rational

    @property
    def is_exact(self):
        """True for a claim of exactly this value (a bare 0, a Fraction)."""
        return self._exact

    def __repr__(self):
        return f"WrittenNumber({self.text!r})"


_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d{1,6}))?")


def _text_of(written, where):
    """The digits of a written number as text, or a clear error naming ``where``."""
    if isinstance(written, bool) or not isinstance(written, (str, numbers.Real, Decimal)):
        raise TypeError(f"{where}: expected a number or a string of digits such as "
                        f"'0.593', got {type(written).__name__}: {_shown(written)}")
    if isinstance(written, str):
        if len(written) > MAX_WRITTEN_CHARS:
            raise ValueError(f"{where}: a written number of {len(written):,} characters is "
                             f"too long (at most {MAX_WRITTEN_CHARS})")
        return written.strip().replace("−", "-")
    if isinstance(written, numbers.Integral):
        number = int(written)
        if number.bit_length() > 1100:
            raise ValueError(f"{where}: an integer of about {int(number.bit_length() * 0.30103)} "
                             f"digits is too large for a float")
        return str(number)
    if isinstance(written, float):                     # float, numpy.float64
        return repr(float(written))
    text = str(written).strip()                        # Decimal, numpy.float32, …: the digits it prints
    try:
        Decimal(text)
    except InvalidOperation:
        text = repr(float(written))
    return text


def _as_decimal(text, written, where):
    """The Decimal of a text that is not plain digits ("1E+3", "nan", "about 0.6")."""
    try:
        decimal = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{where}: {_shown(written)} is not a number "
                         f"(write it as digits, e.g. '0.593' or '-1.2e-3')") from None
    if not decimal.is_finite():
        raise ValueError(f"{where}: expected a finite number, got {_shown(written)}")
    return decimal


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
    return exact_distance <= written.half_unit_rational + Fraction(allowance)


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
    return abs(Fraction(value) - written.rational) > written.half_unit_rational / 10 + Fraction(slack)


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
    power = digits - 1 - math.floor(math.log10(abs(x)))
    if not -300 < power < 300:                     # beyond a float's scale: the slow, exact way
        return abs(round_significant(x, digits) - x)
    scale = 10.0 ** power
    # the distance to the nearest multiple of the last digit's unit (to a float's accuracy)
    scaled = abs(x) * scale
    return abs(scaled - round(scaled)) / scale
