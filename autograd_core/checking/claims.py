"""Reading a student's claims: which quantity each key names, and the order a person computes them.

A key is one of

- a node's name (its label, or the ``v1``, ``v2``… the trace prints): its value;
- ``dA/dB`` (also ``∂A/∂B``): the total derivative of node A with respect to
  node B, how much A changes with B along every path between them; where B
  is an input of A's own operation and more paths lead from B to A,
  ``∂A/∂B`` may also mean the local derivative of that operation alone, and
  a number that is right for it is judged so;
- ``w5+`` (also ``w5⁺``): the parameter w5 after one step of gradient
  descent, w5 − η·dR/dw5 for the root R (given ``learning_rate=η``).

Two keys for one quantity (``"y"`` and ``" y "``, ``"dE/dw1"`` and
``"∂E/∂w1"``) are an error, as is a key too long to be a name.

The claims are put in the order a person computes them: values in
computation order, then derivatives backwards from the output, each after
every derivative it is built from (dA/dC and dC/dB come before dA/dB), and
an update right after the derivative it uses.
"""

from ..core.notation import local_derivative, total_derivative
from .judge import WrittenNumber

VALUE = "value"
DERIVATIVE = "derivative"
LOCAL = "local derivative"
UPDATE = "update"

#: A key longer than this cannot be a name in the graph and is refused at once.
MAX_KEY_CHARS = 1000
_UPDATE_MARKS = ("⁺", "+")


class Claim:
    """One claim: the quantity a key names and the number written for it.

    Attributes:
        key: the key as given.
        written: the number as written (a ``WrittenNumber``).
        kind: ``VALUE``, ``DERIVATIVE`` or ``UPDATE``.
        node: the node whose value is claimed, the B of dA/dB, or the updated parameter.
        of: the A of dA/dB (for an update, the root); None for a value.
        quantity: what it claims, in the tutor's notation (``out_h1``, ``dE/dw5``, ``w5⁺``).
        index: its place in the order a person computes.
    """

    __slots__ = ("key", "written", "kind", "node", "of", "index", "partial", "_graph",
                 "_quantity")

    def __init__(self, key, written, kind, node, of, graph, partial=False):
        self.key = key
        self.written = written
        self.kind = kind
        self.node = node
        self.of = of
        self.index = None
        self.partial = partial          # written ∂A/∂B: it may mean the local derivative
        self._graph = graph
        self._quantity = None

    def as_local_derivative(self):
        """Read from now on as the local derivative ∂A/∂B of A's operation."""
        self.kind = LOCAL
        self._quantity = local_derivative(self._graph.display(self.of),
                                          self._graph.display(self.node))

    @property
    def quantity(self):
        if self._quantity is None:
            graph = self._graph
            if self.kind == VALUE:
                self._quantity = graph.display(self.node)
            elif self.kind == DERIVATIVE:
                self._quantity = total_derivative(graph.display(self.of), graph.display(self.node))
            else:
                self._quantity = graph.display(self.node) + "⁺"
        return self._quantity

    @property
    def identity(self):
        """What is claimed, whatever the key's spelling: two claims of one identity are one too many."""
        return (self.kind, self.of, self.node)

    def __repr__(self):
        return f"Claim({self.key!r}, {self.written.text!r})"


def read_claims(graph, claims, learning_rate=None):
    """The claims of the dict ``claims`` as ``Claim`` s, in the order a person computes them."""
    if not isinstance(claims, dict):
        raise TypeError(f"check(claims=...): expected a dict such as {{'out_h1': '0.5933'}}, "
                        f"got {type(claims).__name__}: {_short(claims)}")
    for key in claims:
        if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
            raise ValueError(f"check: a key of {len(key):,} characters is too long to be a name "
                             f"(at most {MAX_KEY_CHARS:,}): {key[:40]!r}…")
    read = []
    seen = {}
    for key, number in claims.items():
        claim = _read_claim(graph, key, number, learning_rate)
        other = seen.get(claim.identity)
        if other is not None:
            raise ValueError(f"check: the keys {_short(other, 60)} and {_short(key, 60)} both claim "
                             f"{_cut(claim.quantity)}; "
                             f"give each quantity once")
        seen[claim.identity] = key
        read.append(claim)
    read.sort(key=lambda claim: _place_in_order(graph, claim))
    for index, claim in enumerate(read):
        claim.index = index
    return read


def _place_in_order(graph, claim):
    if claim.kind == VALUE:
        return (0, graph.position[claim.node], 0.0)
    rank = graph.position[claim.of] + (0.5 if claim.kind == UPDATE else 0.0)
    return (1, -graph.place(claim.node), rank)


def _read_claim(graph, key, number, learning_rate):
    if not isinstance(key, str):
        raise TypeError(f"check: a claim's key must be a string such as 'out_h1' or 'dE/dw1', "
                        f"got {type(key).__name__}: {_short(key)}")
    written = WrittenNumber(number, f"check: the number for {_short(key, 60)}")
    name = key.strip()
    node = graph.node(name, key)
    if node is not None:
        return Claim(key, written, VALUE, node, None, graph)
    parsed = _derivative(graph, name, key)
    if parsed is not None:
        of, wrt = parsed
        return Claim(key, written, DERIVATIVE, wrt, of, graph, partial=name.startswith("∂"))
    updated = _update(graph, name, key, learning_rate)
    if updated is not None:
        return Claim(key, written, UPDATE, updated, graph.root, graph)
    raise ValueError(f"check: {_short(key, 60)} is neither the name of a node nor a derivative dA/dB "
                     f"(or ∂A/∂B) of two named nodes. The graph's names are: "
                     f"{graph.known_names()}")


def _derivative(graph, name, key):
    """(A, B) for a key ``dA/dB`` or ``∂A/∂B`` whose names are in the graph, else None."""
    for d in ("∂", "d"):
        if not name.startswith(d):
            continue
        body = name[len(d):]
        separator = "/" + d
        start = body.find(separator)
        while start != -1:
            of = graph.node(_unbracket(body[:start]), key)
            wrt = graph.node(_unbracket(body[start + len(separator):]), key)
            if of is not None and wrt is not None:
                return of, wrt
            start = body.find(separator, start + 1)
    return None


def _update(graph, name, key, learning_rate):
    """The parameter of an update key ``w5+`` / ``w5⁺``, else None."""
    for mark in _UPDATE_MARKS:
        if not name.endswith(mark):
            continue
        node = graph.node(name[:-len(mark)].strip(), key)
        if node is None:
            continue
        shown, root = _cut(graph.display(node), 30), _cut(graph.display(graph.root), 30)
        if node.inputs:
            raise ValueError(f"check: {_short(key, 60)} reads as an update step, but "
                             f"{shown} is computed, not a parameter (a leaf)")
        if learning_rate is None:
            raise ValueError(f"check: {_short(key, 60)} is an update step "
                             f"{shown} − η·d{root}/d{shown}; give the learning rate: "
                             f"check(root, claims, learning_rate=η)")
        return node
    return None


def _unbracket(name):
    if name[:1] != "(" and name[-1:] != " " and name[:1] != " ":
        return name
    name = name.strip()
    if len(name) > 2 and name[0] == "(" and name[-1] == ")":
        return name[1:-1].strip()
    return name


def _cut(text, limit=60):
    return text if len(text) <= limit else text[:limit] + "…"


def _short(x, limit=80):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"
