"""The verdicts as a report: printed, in Markdown or LaTeX for an answer sheet, and in Jupyter.

One line per claim, in the order a person computes them, with a mark:

    ✓ right        ≈ rounded (right for numbers rounded along the way)
    ? more digits  ↳ carried (follows from an earlier slip)   ✗ wrong

and under the first wrong one the kind of slip and how the right number
comes about. ``to_markdown()`` and ``to_latex()`` explain every wrong claim,
for a teacher; ``_repr_html_`` shows the whole report in a notebook, every
piece of text escaped.
"""

import html
import re

from ..core import enable_grad
from ..core.notation import format_number
from .explaining import Explanation, number_text
from ..seeing.escape import printable
from .graph import escape_latex
from .verdicts import CARRIED, MORE_DIGITS, RIGHT, ROUNDED, TRUSTED, WRONG

MARKS = {RIGHT: "✓", ROUNDED: "≈", MORE_DIGITS: "?", CARRIED: "↳", WRONG: "✗"}
_LATEX_MARKS = {RIGHT: r"$\checkmark$", ROUNDED: r"$\approx$", MORE_DIGITS: "?",
                CARRIED: r"$\hookrightarrow$", WRONG: r"$\times$"}
_HTML_COLOURS = {RIGHT: "#1a7f37", ROUNDED: "#1a7f37", MORE_DIGITS: "#9a6700",
                 CARRIED: "#57606a", WRONG: "#cf222e"}
#: A report explains at most this many wrong claims in Markdown, LaTeX and HTML.
MAX_EXPLAINED = 20


class CheckResult:
    """The verdict on one claim.

    Attributes:
        key: the key as given.
        quantity: what it claims, in the student's names (``out_h1``, ``dE/dout_h1``, ``w5⁺``).
        kind: ``"value"``, ``"derivative"`` or ``"update"``.
        claimed: the number as written (a string).
        exact: the engine's value.
        status: ``"right"``, ``"rounded"``, ``"more digits"``, ``"carried"`` or ``"wrong"``.
        followed: the number from the student's own earlier numbers that a
            rounded or carried claim matches (None when it matched the exact value).
        follows_from: for a carried claim, the earlier claims (quantities) it follows from.
        rounded_from: for a claim rounded from the student's own numbers, which ones.
        mistake: for a wrong claim, the kind of slip (``.kind``) and a sentence
            (``.sentence``); None otherwise.
        explanation: how the right number comes about (for a wrong claim), or
            a remark on a rounded, carried or too short one.
        left_out_paths: for a left-out chain-rule path, the paths (``ChainRulePath`` s).

    Raises:
        Nothing: a record of one verdict, made by ``check``.

    Examples:
        >>> from autograd_core import Value, check
        >>> x = Value(2.0, label="x")
        >>> y = x * x; y.label = "y"
        >>> (result,) = check(y, {"dy/dx": "2"}).results
        >>> result.status, result.exact, result.mistake.kind
        ('wrong', 4.0, 'factor 2')
        >>> result.line()
        '✗ dy/dx = 2, but it is 4'
    """

    __slots__ = ("key", "kind", "exact", "status", "followed", "follows_from", "rounded_from",
                 "_claim", "_verdict", "_tutor", "_mistake", "_explanation")

    def __init__(self, claim, exact, verdict, tutor):
        self.key = claim.key
        self.kind = claim.kind
        self.exact = exact
        self.status = verdict.status
        reference = verdict.reference
        self.followed = reference if reference is not None and reference != exact else None
        self.follows_from = self.rounded_from = ()
        if verdict.provenance is not None:
            self.follows_from = tutor.quantities(verdict.provenance[0])
            if self.status in TRUSTED:
                self.rounded_from = tutor.quantities(verdict.provenance[1])
        self._claim = claim
        self._verdict = verdict
        self._tutor = tutor
        self._mistake = None
        self._explanation = None

    @property
    def quantity(self):
        return self._claim.quantity

    @property
    def claimed(self):
        return self._claim.written.text

    @property
    def written(self):
        return self._claim.written

    @property
    def mistake(self):
        if self.status != WRONG:
            return None
        if self._mistake is None:
            with enable_grad():
                self._mistake = self._tutor.diagnose(self._claim, self._verdict)
        return self._mistake

    @property
    def left_out_paths(self):
        mistake = self.mistake
        return mistake.left_out_paths if mistake is not None else []

    @property
    def explanation_lines(self):
        """The explanation as an ``Explanation`` (lines in text and LaTeX)."""
        if self._explanation is None:
            with enable_grad():
                self._explanation = self._tutor.explain(self)
        return self._explanation

    @property
    def explanation(self):
        return str(self.explanation_lines)

    def exact_text(self):
        """The exact value with enough digits to show how it differs from the number written."""
        digits = self.written.significant_digits or 6
        return number_text_digits(self.exact, max(6, min(digits + 1, 17)))

    def line(self):
        """One line: the mark, the claim, and the exact number when it matters."""
        head = f"{MARKS[self.status]} {self.quantity} = {self.claimed}"
        return head + self.note()

    def note(self):
        """What follows the claim on its line."""
        exact = self.exact_text()
        if self.status == WRONG:
            return f", but it is {exact}"
        if self.status == CARRIED:
            return f" follows from your {', '.join(self.follows_from)}; it is {exact}"
        if self.status == ROUNDED:
            if self.rounded_from:
                return f" follows from your rounded {', '.join(self.rounded_from)}; exact {exact}"
            return f", right for numbers rounded along the way; exact {exact}"
        if self.status == MORE_DIGITS:
            return f": too few digits to tell; it is {exact}, write more digits"
        return ""

    def __repr__(self):
        return (f"CheckResult({self.key!r}, claimed={self.claimed!r}, exact={self.exact!r}, "
                f"status={self.status!r})")


def number_text_digits(x, digits):
    """The exact value beside a number as typed: its digits, and the minus sign a keyboard has."""
    return format_number(x, digits)


class CheckReport:
    """All verdicts, in the order a person computes them.

    Attributes:
        results: one ``CheckResult`` per claim.
        ok: True when every claim is right or rounded.
        first_error: the first wrong claim (a ``CheckResult``), or None.

    ``print(report)`` shows one line per claim and, under the first wrong
    one, the kind of slip and the right computation; ``to_markdown()`` and
    ``to_latex()`` explain every wrong claim; in Jupyter the report shows
    itself as a table.

    Raises:
        Nothing: a record of the verdicts, made by ``check``.

    Examples:
        >>> from autograd_core import Value, check
        >>> x = Value(0.5, label="x")
        >>> s = x.sigmoid(); s.label = "s"
        >>> report = check(s, {"s": "0.62", "ds/dx": "0.25"})
        >>> report
        CheckReport(1 right, 1 wrong, 0 carried)
        >>> [r.status for r in report.results]
        ['right', 'wrong']
    """

    def __init__(self, results):
        self.results = results
        self.first_error = next((r for r in results if r.status == WRONG), None)
        self.ok = all(r.status in TRUSTED for r in results)

    def counts(self):
        """How many claims got each verdict.

        Returns:
            dict: ``{verdict: count}`` for "right", "rounded", "more digits", "carried"
                and "wrong", in that order.

        Raises:
            Nothing: it counts the verdicts already made.

        Examples:
            >>> from autograd_core import Value, check
            >>> x = Value(0.5, label="x")
            >>> s = x.sigmoid(); s.label = "s"
            >>> check(s, {"s": "0.62", "ds/dx": "0.25"}).counts()
            {'right': 1, 'rounded': 0, 'more digits': 0, 'carried': 0, 'wrong': 1}
        """
        return {status: sum(r.status == status for r in self.results) for status in MARKS}

    # ------------------------------------------------------------------
    # Text.
    # ------------------------------------------------------------------

    def __str__(self):
        lines = []
        for result in self.results:
            lines.append(result.line())
            if result is self.first_error:
                lines += ["    " + line for line in _explained(result).splitlines()]
        return "\n".join(lines)

    def __repr__(self):
        counts = self.counts()
        text = f"{counts[RIGHT]} right, {counts[WRONG]} wrong, {counts[CARRIED]} carried"
        for status in (ROUNDED, MORE_DIGITS):
            if counts[status]:
                text += f", {counts[status]} {status}"
        return f"CheckReport({text})"

    # ------------------------------------------------------------------
    # For an answer sheet, and for Jupyter.
    # ------------------------------------------------------------------

    def _explained_results(self):
        return [r for r in self.results if r.status == WRONG][:MAX_EXPLAINED]

    def to_markdown(self):
        """The report as Markdown: a table of the claims, then each wrong one explained."""
        rows = ["| | quantity | written | exact | |", "|---|---|---|---|---|"]
        for r in self.results:
            cells = [MARKS[r.status], _markdown_code(r.quantity), r.claimed, r.exact_text(),
                     _markdown_text(_status_words(r))]
            rows.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
        parts = ["\n".join(rows)]
        for r in self._explained_results():
            text = f"**✗ {_markdown_code(r.quantity)} = {r.claimed}**"
            if r.mistake is not None:
                text += f" ({r.mistake.kind}): {_markdown_text(r.mistake.sentence)}"
            explanation = str(r.explanation_lines)
            fence = "`" * max(3, _longest_backtick_run(explanation) + 1)
            parts.append(f"{text}\n\n{fence}\n{explanation}\n{fence}")
        return "\n\n".join(parts) + "\n"

    def to_latex(self):
        """The report as a LaTeX fragment (needs amssymb for the marks)."""
        lines = [r"\begin{itemize}"]
        for r in self.results:
            quantity = _latex_quantity(r)
            lines.append(rf"  \item[{_LATEX_MARKS[r.status]}] ${quantity} = "
                         rf"{_latex_number(r.claimed)}$ {escape_latex(_status_words(r))}")
        lines.append(r"\end{itemize}")
        for r in self._explained_results():
            head = rf"\paragraph{{${_latex_quantity(r)} = {_latex_number(r.claimed)}$"
            if r.mistake is not None:
                head += rf" ({escape_latex(r.mistake.kind)})}} {escape_latex(r.mistake.sentence)}"
            else:
                head += "}"
            lines.append(head)
            lines.append(r"\begin{align*}")
            body = [_aligned(line.latex) for line in r.explanation_lines.lines]
            lines.append(" \\\\\n".join(body))
            lines.append(r"\end{align*}")
        return "\n".join(lines) + "\n"

    def _repr_html_(self):
        rows = []
        for r in self.results:
            colour = _HTML_COLOURS[r.status]
            rows.append(
                f'<tr><td style="color:{colour};font-weight:bold">{html.escape(MARKS[r.status])}</td>'
                f"<td><code>{html.escape(r.quantity)}</code></td><td>{html.escape(r.claimed)}</td>"
                f"<td>{html.escape(r.exact_text())}</td><td>{html.escape(_status_words(r))}</td></tr>")
        parts = ['<table class="autograd-check"><thead><tr><th></th><th>quantity</th>'
                 "<th>written</th><th>exact</th><th></th></tr></thead><tbody>",
                 "".join(rows), "</tbody></table>"]
        for r in self._explained_results():
            title = f"✗ {r.quantity} = {r.claimed}"
            if r.mistake is not None:
                title += f" ({r.mistake.kind}): {r.mistake.sentence}"
            parts.append(f"<p><b>{html.escape(title)}</b></p>"
                         f"<pre>{html.escape(str(r.explanation_lines))}</pre>")
        return "".join(parts)


def _explained(result):
    """The lines under the first error: its kind of slip, then the computation."""
    lines = []
    mistake = result.mistake
    if mistake is not None:
        lines.append(f"{mistake.kind}: {mistake.sentence}")
    explanation = result.explanation_lines
    if isinstance(explanation, Explanation) and explanation:
        lines.append(str(explanation))
    return "\n".join(lines)


def _status_words(result):
    if result.status == RIGHT:
        return "right"
    if result.status == WRONG:
        mistake = result.mistake
        return f"wrong ({mistake.kind})" if mistake is not None else "wrong"
    return result.note().lstrip(",: ").strip()


def _aligned(latex):
    """A line of an align* block: aligned at its first =, or a continuation (= …) under it."""
    if latex.startswith("= "):
        return "&" + latex
    if " = " in latex:
        return latex.replace(" = ", " &= ", 1)
    return "&" + latex


def _markdown_cell(text):
    return str(text).replace("|", r"\|").replace("\n", " ")


#: Markdown's markup characters; ``_`` inside a word (``out_o1``) is none, and is left as it is.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*{}\[\]<>#!|~$]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _markdown_text(text):
    """Text in Markdown as written: a label's ``*``, ``<``, ``$`` … are not markup."""
    return _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(0), printable(text))


def _markdown_code(text):
    """Text as an inline code span that a backtick inside it cannot end."""
    text = printable(text)
    fence = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _longest_backtick_run(text):
    return max((len(run) for run in re.findall("`+", text)), default=0)


def _latex_number(text):
    return text.replace("−", "-")


def _latex_quantity(result):
    return result._tutor.latex_quantity(result._claim)


__all__ = ["CheckResult", "CheckReport", "MARKS", "number_text"]
