"""How the right number comes about, written as the notes write it: formula, then numbers.

Every name is the student's own label; a node without one is written as its
formula in labelled nodes and numbers (``(0.01 − out_o1)``); each operation
writes itself and the formula of each of its local derivatives from its
record (``op.write``, ``op.local_formula``). So a derivative reads

    dE/dw5 = dE/dout_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5
           = 0.741365 · 0.186816 · 0.59327 = 0.082167
      ∂out_o1/∂net_o1 = out_o1·(1 − out_o1) = 0.751365·(1 − 0.751365) = 0.186816
      ∂net_o1/∂w5 = out_h1 = 0.59327

A chain is followed up from B through nodes with one way on, a few factors
at most, and a stretch of unlabelled nodes is one factor between labelled
ones (∂E_o1/∂out_o1 = 0.5 · 2·(0.01 − out_o1) · (−1)). Each line is kept in
text and in LaTeX, for the report's printed, Markdown and LaTeX forms.
"""

from ..core import operation_of
from ..core.notation import format_number, local_derivative, total_derivative
from ..core.writing import LEVEL_ATOM, LEVEL_SUM

#: At most this many factors are written in a row before the rest is one total derivative.
MAX_FACTORS = 3


class Line:
    """One line of an explanation, as text and as LaTeX; ``indent`` for a line under another."""

    __slots__ = ("text", "latex", "indent")

    def __init__(self, text, latex, indent=0):
        self.text = text
        self.latex = latex
        self.indent = indent


class Explanation:
    """The lines explaining one claim."""

    def __init__(self, lines=()):
        self.lines = list(lines)

    def add(self, text, latex, indent=0):
        self.lines.append(Line(text, latex, indent))

    def __str__(self):
        return "\n".join("  " * line.indent + line.text for line in self.lines)

    def __bool__(self):
        return bool(self.lines)


# ----------------------------------------------------------------------
# Numbers and names as they are written.
# ----------------------------------------------------------------------

def number_text(x, latex=False):
    """A number as the tutor writes it: six significant digits, a true minus sign."""
    text = format_number(x)
    if text.startswith("-"):
        return ("-" if latex else "−") + text[1:]
    return text


def number_argument(x, latex=False):
    """(text, precedence) of a number inside a formula: a negative binds as −a."""
    text = number_text(x, latex)
    return (text, LEVEL_SUM) if x < 0 else (text, LEVEL_ATOM)


def total_name(graph, of, wrt, latex=False):
    if not latex:
        return total_derivative(graph.display(of), graph.display(wrt))
    return rf"\frac{{d {_latex_atom(graph, of)}}}{{d {_latex_atom(graph, wrt)}}}"


def local_name(graph, of, wrt, latex=False):
    if not latex:
        return local_derivative(graph.display(of), graph.display(wrt))
    return rf"\frac{{\partial {_latex_atom(graph, of)}}}{{\partial {_latex_atom(graph, wrt)}}}"


def _latex_atom(graph, node):
    text, level = graph.argument(node, latex=True)
    return text if level >= LEVEL_ATOM else rf"\left({text}\right)"


def _factor(text, latex=False):
    """A formula as a factor of a product: in brackets when a sum or a negative is at its top."""
    if _top_level_sum(text):
        return rf"\left({text}\right)" if latex else f"({text})"
    return text


def _top_level_sum(text):
    if text.startswith(("−", "-")):
        return True
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch in "+−-" and k > 0 and text[k - 1] == " ":
            return True
    return False


def _times(latex):
    return r" \cdot " if latex else " · "


# ----------------------------------------------------------------------
# Values.
# ----------------------------------------------------------------------

def value_lines(graph, node, latex=False):
    """``out_h1 = σ(net_h1) = σ(0.3775) = 0.59327``, or how a leaf is given."""
    name = graph.display_latex(node) if latex else graph.display(node)
    if not node.inputs:
        if latex:
            return rf"{name} = {number_text(node.data, True)} \text{{ (given)}}"
        return f"{name} is given, not computed (a leaf of the graph): it is {number_text(node.data)}"
    record = operation_of(node)
    by_name = record.write([graph.argument(child, latex) for child in node.inputs], node, latex)[0]
    by_number = record.write([_with_numbers(graph, child, latex) for child in node.inputs],
                             node, latex)[0]
    return f"{name} = {by_name} = {by_number} = {number_text(node.data, latex)}"


def _with_numbers(graph, node, latex, depth=0):
    """(text, precedence): a labelled node or a leaf as its number, an unlabelled result as its
    formula on numbers, as far as the node is written out by name (``4·x`` → ``4·1``)."""
    if node.label or not node.inputs or depth > 8 or graph.display(node) == graph.trace_names.get(node):
        return number_argument(node.data, latex)
    args = [_with_numbers(graph, child, latex, depth + 1) for child in node.inputs]
    return operation_of(node).write(args, node, latex)


def explain_value(graph, node):
    explanation = Explanation()
    explanation.add(value_lines(graph, node), value_lines(graph, node, latex=True))
    return explanation


def explain_update(graph, parameter, root, learning_rate, gradient, updated):
    """``w5⁺ = w5 − η·dE/dw5 = 0.4 − 0.5 · 0.082167 = 0.358916``."""
    lines = []
    for latex in (False, True):
        name = graph.display_latex(parameter) if latex else graph.display(parameter)
        eta, plus, minus = (r"\eta", "^{+}", " - ") if latex else ("η", "⁺", " − ")
        times = _times(latex)
        lines.append(f"{name}{plus} = {name}{minus}{eta}{times}{total_name(graph, root, parameter, latex)}"
                     f" = {number_text(parameter.data, latex)}{minus}"
                     f"{number_text(learning_rate, latex)}{times}"
                     f"{_factor(number_text(gradient, latex), latex)} = {number_text(updated, latex)}")
    return Explanation([Line(*lines)])


# ----------------------------------------------------------------------
# Derivatives.
# ----------------------------------------------------------------------

class Segment:
    """A stretch of the chain from ``bottom`` up to ``top`` through unlabelled nodes: one factor.

    ``edges`` are (node, position) from the bottom up; the factor is the
    product of their local derivatives.
    """

    __slots__ = ("bottom", "top", "edges")

    def __init__(self, bottom, edges):
        self.bottom = bottom
        self.edges = edges
        self.top = edges[-1][0]

    @property
    def value(self):
        product = 1.0
        for node, position in self.edges:
            product *= node.local_grads[position]
        return product

    def name(self, graph, latex=False):
        return local_name(graph, self.top, self.bottom, latex)

    def formula(self, graph, latex=False, numbers=False):
        parts = []
        for node, position in reversed(self.edges):
            record = operation_of(node)
            if numbers:
                args = [number_argument(child.data, latex) for child in node.inputs]
                out = number_argument(node.data, latex)
            else:
                args = [graph.argument(child, latex) for child in node.inputs]
                out = graph.argument(node, latex)
            text = record.local_formula(position, args, out, node=node, latex=latex)
            if text != "1":             # a sum's 1 adds nothing to a product
                parts.append(text)
        if not parts:
            return "1"
        if len(parts) > 1:
            parts = [_factor(part, latex) for part in parts]
        return _times(latex).join(parts)

    def line(self, graph, latex=False):
        """``∂out_o1/∂net_o1 = out_o1·(1 − out_o1) = 0.751365·(1 − 0.751365) = 0.186816``.

        An operation of one's own with no formula for its derivative shows the number alone.
        """
        pieces = [self.name(graph, latex)]
        formula = self.formula(graph, latex)
        if "∂" not in formula:
            pieces.append(formula)
            by_number = self.formula(graph, latex, numbers=True)
            if by_number != pieces[-1]:
                pieces.append(by_number)
        value = number_text(self.value, latex)
        if value != pieces[-1]:
            pieces.append(value)
        return " = ".join(pieces)


def segment_from(graph, bottom, edge, inside, stop):
    """The segment starting with ``edge`` above ``bottom``, up through unlabelled nodes with one way on."""
    edges = [edge]
    top = edge[0]
    users = graph.users
    while not top.label and top not in stop:
        ups = [(user, position) for user, position in users[top] if user in inside]
        if len(ups) != 1:
            break
        edges.append(ups[0])
        top = ups[0][0]
    return Segment(bottom, edges)


class Term:
    """One term of the chain rule: d of/d head (unless the head is ``of``) times segments."""

    __slots__ = ("head", "segments")

    def __init__(self, head, segments):
        self.head = head
        self.segments = segments      # top-down


def chain_terms(graph, of, wrt, inside, claimed_heads=()):
    """The chain rule for d of/d wrt as terms, one per way out of ``wrt``, each followed up a little."""
    stop = set(claimed_heads) | {of}
    terms = []
    users = graph.users
    firsts = [(user, position) for user, position in users[wrt] if user in inside]
    for first in firsts:
        segments = [segment_from(graph, wrt, first, inside, stop)]
        top = segments[-1].top
        while len(firsts) == 1 and top not in stop and len(segments) < MAX_FACTORS:
            ups = [(user, position) for user, position in users[top] if user in inside]
            if len(ups) != 1:
                break
            following = segment_from(graph, top, ups[0], inside, stop)
            if len(following.edges) > 1 and following.top is not of:
                break       # a stretch of unlabelled nodes: d of/d top is written as one factor
            segments.append(following)
            top = following.top
        terms.append(Term(None if top is of else top, list(reversed(segments))))
    return terms


def explain_derivative(graph, of, wrt, region, claimed_heads=()):
    """The chain rule for d of/d wrt: names, numbers, then each local derivative's formula."""
    explanation = Explanation()
    if of is wrt:
        explanation.add(f"{total_name(graph, of, wrt)} = 1", rf"{total_name(graph, of, wrt, True)} = 1")
        return explanation
    if not region:
        texts = [f"{graph.display(of)} does not depend on {graph.display(wrt)}: "
                 f"{total_name(graph, of, wrt)} = 0",
                 rf"{total_name(graph, of, wrt, True)} = 0"]
        explanation.add(*texts)
        return explanation
    inside = set(region)
    terms = chain_terms(graph, of, wrt, inside, claimed_heads)
    if len(terms) == 1 and terms[0].head is None and len(terms[0].segments) == 1:
        segment = terms[0].segments[0]          # one local derivative: its formula is all
        explanation.add(f"{total_name(graph, of, wrt)} = {segment.line(graph)}",
                        f"{total_name(graph, of, wrt, True)} = {segment.line(graph, True)}")
        return explanation
    grads = graph.gradients_of(of)
    exact = grads.get(wrt, 0.0)
    lines = {}
    for latex in (False, True):
        head = total_name(graph, of, wrt, latex)
        by_name, by_number = _terms_written(graph, of, terms, grads, latex)
        plus = " + "
        lines[latex] = (f"{head} = {plus.join(by_name)}",
                        f"= {plus.join(by_number)} = {number_text(exact, latex)}")
    explanation.add(lines[False][0], lines[True][0])
    pad = " " * (len(total_name(graph, of, wrt)) + 1)
    explanation.add(pad + lines[False][1], lines[True][1])
    shown = set()
    for term in terms:
        for segment in term.segments:
            key = tuple(segment.edges)
            if key in shown:
                continue
            shown.add(key)
            explanation.add(segment.line(graph), segment.line(graph, latex=True), indent=1)
    for term in terms:
        if term.head is not None and term.head not in claimed_heads:
            head_region = graph.region(of, term.head)
            sub = chain_terms(graph, of, term.head, set(head_region), claimed_heads)
            explanation.add(_compact(graph, of, term.head, sub, grads),
                            _compact(graph, of, term.head, sub, grads, latex=True), indent=1)
    return explanation


def _terms_written(graph, of, terms, grads, latex):
    """Each term of a chain rule as a product of names and as a product of numbers."""
    by_name, by_number = [], []
    for term in terms:
        names, numbers = [], []
        if term.head is not None:
            names.append(total_name(graph, of, term.head, latex))
            numbers.append(_factor(number_text(grads.get(term.head, 0.0), latex), latex))
        for segment in term.segments:
            names.append(segment.name(graph, latex))
            numbers.append(_factor(number_text(segment.value, latex), latex))
        by_name.append(_times(latex).join(names))
        by_number.append(_times(latex).join(numbers))
    return by_name, by_number


def _compact(graph, of, wrt, terms, grads, latex=False):
    """One line: d of/d wrt = its terms in names = in numbers = its value."""
    by_name, by_number = _terms_written(graph, of, terms, grads, latex)
    pieces = [total_name(graph, of, wrt, latex)]
    for piece in (" + ".join(by_name), " + ".join(by_number), number_text(grads.get(wrt, 0.0), latex)):
        if piece != pieces[-1]:
            pieces.append(piece)
    return " = ".join(pieces)
