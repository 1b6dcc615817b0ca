"""A note's printed number beside the engine's exact value, and a verdict.

A printed number carries its own precision: "0.79" claims the value lies
within ±0.005 of 0.79. A printed value *agrees* when the exact value rounds
to it at the digits printed. Two more cases are not errors either, and are
shown as such rather than flagged:

- *rounded inputs*: the note carried its own rounded earlier numbers (or
  intermediate results rounded at the digits it prints) forward, and the
  printed value is right for those (``from_rounded`` is the correct formula
  applied to the note's rounded numbers);
- *few digits*: a number of one significant digit ("0.7" for 0.659) agrees,
  but cannot say more than its one digit.

Everything else is an erratum, flagged "≠ note", and must say why; there is
no unit of slack in the last digit (0.93883 printed as 0.938 is a slip).

The verdicts are those of ``autograd_core.checking.judge``, the same judge that
``check`` applies to a student's numbers: a note is a hand computation too.
"""

from dataclasses import dataclass

from autograd_core.checking import judge

AGREES = "✓"
ROUNDED_INPUTS = "✓ rounded inputs"
FEW_DIGITS = "✓ few digits"
ERRATUM = "≠ note"

_STATUS = {judge.RIGHT: AGREES, judge.ROUNDED: ROUNDED_INPUTS, judge.MORE_DIGITS: FEW_DIGITS,
           judge.WRONG: ERRATUM}
#: The engine's own float rounding in an exact value, relative: a few units in the last place.
_NOISE = 8 * 2.220446049250313e-16


@dataclass
class Comparison:
    """One number of a note checked against the engine.

    Attributes:
        quantity: what the number is, in the note's notation.
        note: the number exactly as the note prints it ("0.79", "-13.2", "2.5e-3").
        exact: the engine's value.
        reason: why the note differs (required when it does).
        from_rounded: the correct computation on the note's own rounded numbers.
    """

    quantity: str
    note: str
    exact: float
    reason: str = ""
    from_rounded: float = None

    @property
    def printed(self):
        return float(self.note)

    @property
    def half_unit(self):
        """Half a unit in the last printed digit: the precision the note claims."""
        return judge.WrittenNumber(self.note).half_unit

    @property
    def status(self):
        written = judge.WrittenNumber(self.note, self.quantity)
        verdict = judge.judge(written, self.exact, noise=_NOISE * abs(self.exact),
                              from_rounded=self.from_rounded)
        return _STATUS[verdict]

    @property
    def is_erratum(self):
        return self.status == ERRATUM


def check(comparisons):
    """Raise if an erratum has no reason: a flagged number must say why it is wrong."""
    for c in comparisons:
        if c.is_erratum and not c.reason:
            raise ValueError(
                f"errata: {c.quantity} (note {c.note}, exact {c.exact!r}) is flagged "
                f"but has no reason")
    return comparisons


def errata(comparisons):
    """The comparisons flagged "≠ note"."""
    return [c for c in comparisons if c.is_erratum]


def format_exact(x, digits=10):
    """A float to ``digits`` significant digits, trailing zeros dropped (24.0 -> "24")."""
    return f"{x:.{digits}g}"


def print_comparisons(note_file, comparisons, file=None):
    """An aligned table: quantity | note | exact | verdict (``print_summary`` gives the reasons)."""
    check(comparisons)
    width_q = max(len(c.quantity) for c in comparisons)
    width_n = max(max(len(c.note) for c in comparisons), len("note"))
    exacts = [format_exact(c.exact) for c in comparisons]
    width_e = max(max(len(e) for e in exacts), len("exact"))
    print(f"  {'':{width_q}}  {'note':>{width_n}}  {'exact':>{width_e}}   ({note_file})", file=file)
    for c, exact in zip(comparisons, exacts):
        print(f"  {c.quantity:{width_q}}  {c.note:>{width_n}}  {exact:>{width_e}}   {c.status}",
              file=file)


def print_summary(title, comparisons, file=None):
    """A short list of the flagged numbers and why each one is wrong."""
    flagged = errata(check(comparisons))
    print(file=file)
    if not flagged:
        print(f"Errata in {title}: none; every printed number agrees with the engine, "
              f"allowing for the note's rounding.", file=file)
        return
    print(f"Errata in {title}: {len(flagged)} printed number(s) disagree with the engine:",
          file=file)
    for c in flagged:
        print(f"  • {c.quantity}: note {c.note}, exact {format_exact(c.exact)}. {c.reason}",
              file=file)
