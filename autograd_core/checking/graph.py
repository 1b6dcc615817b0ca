"""The graph as the tutor reads it: its nodes in order, who uses whom, names, and regions.

- the nodes in computation order (inputs first), each with its position;
- the names a student may write in a key: a node's label, or the ``v1``,
  ``v2``, … the trace prints for a node without one;
- the names the tutor writes back: a label, or for an unlabelled node its
  formula in labelled nodes and numbers (``(0.01 − out_o1)``), never an
  internal name where a formula fits;
- the *region* of a derivative dA/dB: the nodes on the paths from B up to A;
- the exact gradients of each output, one reverse pass per output.
"""

import math
import re
import unicodedata

from ..core import gradients, operation_of, topological_order
from ..core.notation import bracketed, node_names, write_expression
from ..core.writing import LEVEL_ATOM
from ..seeing.escape import printable

#: An unlabelled node's formula is shown when at most this long, else its trace name.
DISPLAY_CHARS = 60


class TutorGraph:
    """The nodes of ``root`` 's graph in order, their names, users and exact gradients."""

    def __init__(self, root):
        self.root = root
        self.order = topological_order(root)
        self.position = {node: k for k, node in enumerate(self.order)}
        self.trace_names = node_names(self.order)
        self.by_name = {}
        for node in self.order:
            self.by_name.setdefault(_normal(self.trace_names[node]), []).append(node)
        self._unique = {name: nodes[0] for name, nodes in self.by_name.items() if len(nodes) == 1}
        self._users = None
        self._display = {}
        self._latex = {}
        self._gradients = {}
        self._places = {}

    # ------------------------------------------------------------------
    # Who uses whom, and in which order a person meets them.
    # ------------------------------------------------------------------

    @property
    def users(self):
        """{node: [(user, position), …]}: every edge into a node's users, in computation order."""
        if self._users is None:
            users = {node: [] for node in self.order}
            for node in self.order:
                for position, child in enumerate(node.inputs):
                    users[child].append((node, position))
            self._users = users
        return self._users

    def place(self, node):
        """Where a person meets ``node``: its position, or for a leaf just before its first use.

        A weight is read where it is first used (w5 beside net_o1), not where
        it happened to be made; ordering by place keeps every derivative
        after the derivatives it is computed from.
        """
        place = self._places.get(node)
        if place is None:
            users = self.users[node]
            if node.inputs or node is self.root or not users:
                place = float(self.position[node])
            else:
                place = min(self.position[user] for user, _ in users) - 0.5
            self._places[node] = place
        return place

    # ------------------------------------------------------------------
    # Names.
    # ------------------------------------------------------------------

    def node(self, name, key=None):
        """The node named ``name`` (a label or a trace name), None if none; an error if several."""
        node = self._unique.get(name)
        if node is not None:
            return node
        name = _normal(name)
        node = self._unique.get(name)
        if node is not None:
            return node
        nodes = self.by_name.get(name)
        if nodes is None:
            return None
        if len(nodes) > 1:
            where = f" in {_shown(key)}" if key is not None else ""
            raise ValueError(f"check: the name {_shown(name)}{where} belongs to {len(nodes)} nodes of "
                             f"the graph; give them different labels")
        return nodes[0]

    def display(self, node):
        """The node as the tutor writes it: its label, or its formula, or its trace name."""
        name = self._display.get(node)
        if name is None:
            name = self._written(node, latex=False)
            self._display[node] = name
        return name

    def display_latex(self, node):
        """The node in LaTeX: a label as ``out_{o1}``, an unlabelled node as its formula."""
        name = self._latex.get(node)
        if name is None:
            name = self._written(node, latex=True)
            self._latex[node] = name
        return name

    def _written(self, node, latex):
        if node.label:
            return latex_label(node.label) if latex else printable(node.label)
        written = write_expression(node, latex=latex, max_chars=DISPLAY_CHARS)
        if written is None:
            name = self.trace_names.get(node, "?")
            return latex_label(name) if latex else name
        return printable(written[0])

    def argument(self, node, latex=False):
        """(text, precedence) of the node as an argument of a formula (a name binds as an atom)."""
        if node.label:
            name = self.display_latex(node) if latex else printable(node.label)
            return (name, LEVEL_ATOM) if _is_word(node.label) else (name, 1)
        written = write_expression(node, latex=latex, max_chars=DISPLAY_CHARS)
        if written is None:
            return self.display(node), LEVEL_ATOM
        return printable(written[0]), written[1]

    def formula(self, node, latex=False):
        """The node's operation written on its inputs' names: E_o1 as ``0.5·(0.01 − out_o1)²``."""
        if not node.inputs:
            return self.display_latex(node) if latex else self.display(node)
        args = [self.argument(child, latex) for child in node.inputs]
        return operation_of(node).write(args, node, latex)[0]

    def known_names(self, limit=40):
        names = list(self.by_name)
        shown = ", ".join(name if len(name) <= 40 else name[:40] + "…" for name in names[:limit])
        if len(names) > limit:
            shown += f", … ({len(names) - limit} more)"
        return shown

    # ------------------------------------------------------------------
    # Exact derivatives, and the nodes between two of them.
    # ------------------------------------------------------------------

    def gradients_of(self, output):
        """{node: d output/d node} by one reverse pass, computed once per output."""
        grads = self._gradients.get(output)
        if grads is None:
            grads = gradients(output)
            for node, value in grads.items():
                if not math.isfinite(value):
                    raise OverflowError(f"check: the derivative of {self.display(output)} with "
                                        f"respect to {self.display(node)} is not a finite float "
                                        f"({value!r}); it cannot be checked")
            self._gradients[output] = grads
        return grads

    def computed_gradients(self):
        """The outputs whose gradients are computed so far."""
        return self._gradients.keys()

    def exact_derivative(self, of, wrt):
        if of is wrt:
            return 1.0
        return self.gradients_of(of).get(wrt, 0.0)

    def region(self, of, wrt):
        """The nodes on the paths from ``wrt`` up to ``of`` (both included), in computation order."""
        if of is wrt:
            return [of]
        limit = self.position[of]
        above = {wrt}
        stack = [wrt]
        users = self.users
        while stack:
            node = stack.pop()
            for user, _ in users[node]:
                if user not in above and self.position[user] <= limit:
                    above.add(user)
                    stack.append(user)
        if of not in above:
            return []
        inside = {of}
        stack = [of]
        while stack:
            node = stack.pop()
            for child in node.inputs:
                if child in above and child not in inside:
                    inside.add(child)
                    stack.append(child)
        return sorted(inside, key=self.position.__getitem__)


def reaches(start, targets, inside, users, avoid=None):
    """Does a path go up from ``start`` to one of ``targets`` through ``inside`` (not through ``avoid``)?"""
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for user, _ in users[node]:
            if user in targets:
                return True
            if user in inside and user is not avoid and user not in seen:
                seen.add(user)
                stack.append(user)
    return False


def latex_label(label):
    r"""A label in LaTeX: ``out_o1`` → ``\mathrm{out}_{o1}``, ``w5`` → ``w_{5}``; others as text."""
    base, _, sub = label.partition("_")
    if not sub:
        letters = label.rstrip("0123456789")
        base, sub = letters, label[len(letters):]        # w5 → w_{5}
    if base and sub and _plain(base) and _plain(sub):
        return f"{base}_{{{sub}}}" if len(base) == 1 else rf"\mathrm{{{base}}}_{{{sub}}}"
    if _plain(label):
        return label if len(label) == 1 else rf"\mathrm{{{label}}}"
    return rf"\text{{{escape_latex(label)}}}"


_LATEX_TEXT = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
               "#": r"\#", "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}",
               "<": r"\textless{}", ">": r"\textgreater{}",
               # the tutor's own symbols, which a plain LaTeX font has no glyph for
               "−": "$-$", "·": r"$\cdot$", "∂": r"$\partial$", "≈": r"$\approx$", "½": r"$\frac12$",
               "²": "$^2$", "³": "$^3$", "⁺": "$^+$", "η": r"$\eta$", "σ": r"$\sigma$",
               "√": r"$\surd$", "α": r"$\alpha$", "≤": r"$\le$", "→": r"$\to$"}


def escape_latex(text):
    """``text`` for LaTeX's text mode: its special characters escaped, the tutor's symbols as math,
    a control character (a newline in a label, which would end a paragraph in the middle of a
    formula) as a visible space."""
    return "".join(_LATEX_TEXT.get(ch, ch) for ch in _CONTROL.sub("\u2423", printable(text)))


_CONTROL = re.compile("[\u2400-\u2421\ufffd]")           # printable's stand-ins
_LATEX_TEXT["\u2423"] = r"\textvisiblespace{}"


def _normal(name):
    """A name as Unicode's composed form (NFC): é typed as e and a combining accent is é."""
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def _shown(text, limit=60):
    shown = repr(text)
    return shown if len(shown) <= limit else shown[:limit] + f"… ({len(text):,} characters)"


def _plain(text):
    return text.isascii() and text.isalnum()


def _is_word(name):
    return bracketed(name) == name
