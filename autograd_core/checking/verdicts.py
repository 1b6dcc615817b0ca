"""The verdict on one claim: right, rounded, more digits, carried or wrong.

In this order, the first that holds:

- **right** (✓): the exact value rounds to the number at the digits written,
  allowing only for the float computation's own rounding noise;
- **rounded** (≈): right for numbers rounded along the way: within what
  rounding the unwritten intermediate results at the digits written does
  (for a number of two or more significant digits: rounding to one digit
  could excuse almost anything);
  or the correct computation on the student's own earlier numbers, every
  one of which was right or rounded (so what they carry is no more than
  their own last digit: a number following from a wrong one is not
  rounded but carried);
- **more digits** (?): one significant digit, or none ("0.6", "0.000"), that
  would be right or rounded, while the value is not that round: too few
  digits to tell a right answer from a slip;
- **carried** (↳): the correct computation on the student's earlier numbers,
  one of which was not right: the mistake is theirs, shown where it was made;
- **wrong** (✗): anything else.

The allowances are computed only when a number is not plainly right, so a
page of right numbers costs little more than the exact values.
"""

from .judge import MORE_DIGITS, RIGHT, ROUNDED, WRONG, too_few_digits, within

CARRIED = "carried"

#: Rounding along the way moves a number by at most this many half units of its last digit: a
#: difference of large numbers ("1.0e-9" for 3·100.1 − 300.3) is not excused by rounding the large
#: ones, while a sensitive slope (tanh′(1.91) = 0.0840 for tanh′(1.9131) = 0.0835, three digits
#: carried) or a result a decade smaller than what it is computed from stays rounded.
ROUNDING_CAP = 10

#: The statuses a number may be built on without carrying a mistake.
TRUSTED = (RIGHT, ROUNDED)


class Verdict:
    """A claim's status, and what it was measured against.

    Attributes:
        status: one of the five above.
        reference: the number the claim matched (the exact value, or the
            value from the student's own numbers), None for a wrong claim.
        provenance: for a followed number, (untrusted, trusted) claim indices it came from.
        followed: the values from the student's own numbers looked at ([(number, provenance, spread)]).
        allowance: noise + rounding allowed (computed when first asked for).
    """

    __slots__ = ("status", "reference", "provenance", "followed", "_allowance")

    def __init__(self, status, reference=None, provenance=None, followed=(), allowance=0.0):
        self.status = status
        self.reference = reference
        self.provenance = provenance
        self.followed = list(followed)
        self._allowance = allowance

    @property
    def allowance(self):
        if callable(self._allowance):
            self._allowance = self._allowance()
        return self._allowance


class _Allowed:
    """Noise plus rounding along the way, the rounding computed only when it could matter."""

    def __init__(self, written, noise, rounding):
        self.noise = noise
        # a number of one significant digit is right at its digit or from the student's own
        # numbers: rounding unwritten results to one digit could excuse 0.1 for 0.0187
        few = written.significant_digits is not None and written.significant_digits <= 1
        self.cap = 0.0 if few else ROUNDING_CAP * written.half_unit
        self._rounding = rounding
        self._value = None

    def __call__(self):
        if self._value is None:
            self._value = self.noise + min(self._rounding(), self.cap)
        return self._value

    def admits(self, number, written, spread=0.0):
        """Is ``number`` within the allowance of ``written`` (the rounding found only if needed)?"""
        if not within(number, written, self.noise + self.cap + spread):
            return False            # not even the most rounding could excuse it
        return within(number, written, self() + spread)


def decide(written, exact, noise, rounding, followed):
    """The ``Verdict`` on ``written`` beside ``exact``.

    ``noise()`` and ``rounding()`` give the allowances, ``followed()`` the
    values from the student's own numbers as [(number, provenance, spread)],
    the spread being how far the number may move with the last digits of
    the numbers it follows from; each is called only when needed.
    """
    if within(exact, written):
        return Verdict(_short(written, exact, 0.0, RIGHT), exact)
    noise_allowed = noise()
    if within(exact, written, noise_allowed):
        return Verdict(_short(written, exact, noise_allowed, RIGHT), exact, allowance=noise_allowed)
    allowed = _Allowed(written, noise_allowed, rounding)
    if allowed.admits(exact, written):
        return Verdict(_short(written, exact, noise_allowed, ROUNDED), exact, allowance=allowed())
    candidates = followed()
    matching = [(abs(number - written.value), k) for k, (number, _, spread) in enumerate(candidates)
                if allowed.admits(number, written, spread)]
    if matching:
        number, provenance, _ = candidates[min(matching)[1]]      # the closest way of following
        untrusted = provenance[0]
        if untrusted:
            return Verdict(CARRIED, number, provenance, candidates, allowed())
        return Verdict(_short(written, number, noise_allowed, ROUNDED), number, provenance,
                       candidates, allowed())
    return Verdict(WRONG, None, None, candidates, allowed)


def plainly_right(written, exact):
    """The right ``Verdict`` for a number of two or more digits that is right as it stands, else None.

    The common case, decided without building the allowances' functions.
    """
    if (written.significant_digits is None or written.significant_digits > 1) and within(exact, written):
        return Verdict(RIGHT, exact)
    return None


def _short(written, reference, noise, status):
    return MORE_DIGITS if too_few_digits(written, reference, noise) else status
