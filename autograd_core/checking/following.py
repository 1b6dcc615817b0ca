"""Following the student's own numbers through the graph.

A claim *follows* from the student's earlier claims when the correct
computation on their numbers gives it. Each number computed here carries
its *provenance*: which earlier claims it was computed from, split into
those that were not right (wrong, carried, or too short to tell: a number
following from one of them is *carried*) and those that were right or
rounded (a number following only from them is *rounded*).

- ``StudentValues``: every node's value with the student's claimed values
  put in, each operation recomputed by its record (``op.rerun``) on the
  student's numbers, and its local derivatives there, also the notes' way:
  from the student's own rounded result (out·(1 − out) from out = 0.75).
- ``FollowedDerivatives``: the reverse pass from one output A on the
  student's numbers, with their claimed dA/dC put in where they claimed
  them; one pass serves every claim dA/dB.
- ``follow_through_claims``: dA/dB for one claim when the student also
  claimed derivatives inside it (a local derivative ∂out_o1/∂net_o1, a
  partial dE_o1/dout_h1 of a sum), each used where the chain rule allows it.

Nothing here reads an operation's name: the records compute.
"""

import math

from ..core import operation_of
from .graph import reaches

_EMPTY_SET = frozenset()
EMPTY = (_EMPTY_SET, _EMPTY_SET)
#: A provenance names at most this many claims of each kind (enough to tell them apart).
_MAX_NAMED = 8


def join(a, b):
    """The provenance of a number computed from two others."""
    if a is EMPTY or a == EMPTY:
        return b
    if b is EMPTY or b == EMPTY:
        return a
    return (_capped(a[0] | b[0]), _capped(a[1] | b[1]))


def _capped(indices):
    if len(indices) <= _MAX_NAMED:
        return indices
    return frozenset(sorted(indices)[:_MAX_NAMED])


def of_claim(index, trusted):
    """The provenance of a claimed number: the claim, as trusted (right or rounded) or not."""
    return (_EMPTY_SET, frozenset([index])) if trusted else (frozenset([index]), _EMPTY_SET)


def rerun(node, numbers):
    """(value, local derivatives) of ``node`` 's operation on ``numbers`` for its inputs.

    The record recomputes it; where it cannot (an input outside its domain,
    a node made by hand, a result that overflows), the first-order change
    from the node's own numbers is used instead.
    """
    try:
        value, local_grads = operation_of(node).rerun(node, list(numbers))
        if math.isfinite(value) and all(map(math.isfinite, local_grads)):
            return value, tuple(local_grads)
    except (ArithmeticError, ValueError, TypeError):
        pass
    change = sum(local * (number - child.data)
                 for local, number, child in zip(node.local_grads, numbers, node.inputs))
    return node.data + change, tuple(node.local_grads)


def inverse_slope(node, target, start):
    """The local derivative of a one-input operation at the input where it gives ``target``.

    What the notes compute as out·(1 − out) from a rounded out: σ′(σ⁻¹(out)),
    found by Newton's method on the record's own rule. None where it does
    not converge (a flat part, a target out of range).
    """
    x = start
    for _ in range(40):
        value, (slope,) = rerun(node, [x])
        miss = target - value
        if abs(miss) <= 4e-16 * max(abs(target), 1e-300):
            return slope
        if not slope or not math.isfinite(slope):
            return None
        step = miss / slope
        x += step
        if abs(step) <= 1e-16 * max(abs(x), 1e-300):
            return rerun(node, [x])[1][0]
    return None


class StudentValues:
    """Each node's value on the student's numbers, with its provenance and local derivatives."""

    def __init__(self, graph):
        self.graph = graph
        self.values = {}          # node -> its value where it differs from the node's own
        self.provenance = {}      # node -> provenance, where not EMPTY
        self.claimed = set()      # nodes whose value the student claimed
        self._locals = {}

    def value(self, node):
        return self.values.get(node, node.data)

    def recompute(self, node):
        """(value, provenance) of ``node`` from its inputs' student values."""
        prov = EMPTY
        changed = False
        for child in node.inputs:
            child_prov = self.provenance.get(child)
            if child_prov is not None:
                prov = join(prov, child_prov)
            if child in self.values:
                changed = True
        if not changed:
            return node.data, prov
        return rerun(node, [self.value(child) for child in node.inputs])[0], prov

    def put(self, node, value, prov, claimed=False):
        if value != node.data:
            self.values[node] = value
        else:
            self.values.pop(node, None)
        if prov == EMPTY:
            self.provenance.pop(node, None)
        else:
            self.provenance[node] = prov
        if claimed:
            self.claimed.add(node)

    def local_grads(self, node):
        """[(local derivatives, provenance), …]: on the student's inputs, and the notes' way.

        The second, where it differs, is for an operation of one input whose
        result the student claimed: its slope where it gives their number.
        """
        cached = self._locals.get(node)
        if cached is not None:
            return cached
        prov = EMPTY
        changed = False
        for child in node.inputs:
            child_prov = self.provenance.get(child)
            if child_prov is not None:
                prov = join(prov, child_prov)
            if child in self.values:
                changed = True
        if changed:
            own = rerun(node, [self.value(child) for child in node.inputs])
            local_grads = own[1]
        else:
            own = None
            local_grads = tuple(node.local_grads)
        ways = [(local_grads, prov)]
        if node in self.claimed and len(node.inputs) == 1:
            recomputed = own[0] if own is not None else node.data
            target = self.value(node)
            if target != recomputed:
                slope = inverse_slope(node, target, self.value(node.inputs[0]))
                if slope is not None and slope != local_grads[0]:
                    ways.append(((slope,), join(prov, self.provenance.get(node, EMPTY))))
        self._locals[node] = ways
        return ways


class FollowedDerivatives:
    """The reverse pass from ``output`` on the student's numbers, taken as far as asked.

    ``overrides`` ({node: (number, provenance)}) holds the student's claimed
    d output/d node; the tutor adds each claim once judged, and since the
    claims come in the order a person computes, every one the pass needs is
    there by the time it gets to it. ``at(node)`` gives the candidates for
    d output/d node from everything above it: [(number, provenance), …],
    on the student's inputs and, where it differs, the notes' way.
    """

    def __init__(self, output, graph, student, overrides, nodes):
        self.output = output
        self.graph = graph
        self.student = student
        self.overrides = overrides
        self.nodes = nodes                      # the nodes with inputs, last computed first
        self.cursor = 0
        self.ways = [({output: 1.0}, {})]       # [(adjoints, provenances)], the notes' way second

    def advance(self, place):
        """Take the pass through every node placed after ``place``."""
        position = self.graph.position
        nodes = self.nodes
        while self.cursor < len(nodes) and position[nodes[self.cursor]] > place:
            self._take(nodes[self.cursor])
            self.cursor += 1

    def _take(self, node):
        override = self.overrides.get(node) if node is not self.output else None
        local_ways = self.student.local_grads(node)
        if len(local_ways) > 1 and len(self.ways) == 1:
            self.ways.append(({k: v for k, v in self.ways[0][0].items()}, dict(self.ways[0][1])))
        for way, (adjoints, provenances) in enumerate(self.ways):
            if override is not None:
                adjoints[node] = override[0]
                provenances[node] = override[1]
            upstream = adjoints.get(node)
            if upstream is None:
                continue
            local_grads, local_prov = local_ways[min(way, len(local_ways) - 1)]
            prov = join(provenances.get(node, EMPTY), local_prov)
            for child, local in zip(node.inputs, local_grads):
                adjoints[child] = adjoints.get(child, 0.0) + upstream * local
                if prov != EMPTY:
                    provenances[child] = join(provenances.get(child, EMPTY), prov)

    def at(self, node):
        """[(d output/d node, provenance), …] from the nodes above ``node`` (advance first)."""
        candidates = []
        for adjoints, provenances in self.ways:
            candidate = (adjoints.get(node, 0.0), provenances.get(node, EMPTY))
            if candidate not in candidates:
                candidates.append(candidate)
        return candidates


def follow_through_claims(graph, student, of, wrt, region, adjoint_claims, inner_claims):
    """[(d of/d wrt, provenance), …] on the student's numbers, using their derivatives inside it.

    ``adjoint_claims`` {node: (number, provenance)} are their d of/d node;
    ``inner_claims`` [(X, Y, number, provenance)] their dX/dY for X and Y in
    ``region`` (X ≠ of). A claimed dX/dY replaces the chain rule between Y
    and X where every path from ``wrt`` to X passes through Y (the notes'
    ∂out_o1/∂net_o1 inside dE/dw5, dE_o1/dout_h1 in a sum for dE/dout_h1);
    a claimed dX/dD for an input D of X whose only way into X is that edge
    is the local derivative of the edge (∂net_o1/∂out_h1 = w5).
    """
    inside = set(region)
    users = graph.users
    shortcuts = {}
    edges = {}
    for x, y, number, prov in inner_claims:
        if y is wrt or not reaches(wrt, {x}, inside, users, avoid=y):
            best = shortcuts.get(x)
            if best is None or graph.position[y] < graph.position[best[0]]:
                shortcuts[x] = (y, number, prov)
        elif y in x.inputs and y is not wrt:
            others = {child for child in x.inputs if child is not y and child in inside}
            if not others or not reaches(y, others, inside, users, avoid=x):
                edges[(x, y)] = (number, prov)
    results = []
    way_count = 1
    for node in region:
        if node.inputs and len(student.local_grads(node)) > 1:
            way_count = 2
            break
    for way in range(way_count):
        adjoints = {of: 1.0}
        provenances = {}
        for node in reversed(region):
            if node is wrt:
                break
            if node is not of and node in adjoint_claims:
                adjoints[node], provenances[node] = adjoint_claims[node]
            upstream = adjoints.get(node)
            if upstream is None:
                continue
            prov = provenances.get(node, EMPTY)
            shortcut = shortcuts.get(node)
            if shortcut is not None:
                y, number, claim_prov = shortcut
                adjoints[y] = adjoints.get(y, 0.0) + upstream * number
                provenances[y] = join(provenances.get(y, EMPTY), join(prov, claim_prov))
                continue
            local_ways = student.local_grads(node)
            local_grads, local_prov = local_ways[min(way, len(local_ways) - 1)]
            done = set()
            for child, local in zip(node.inputs, local_grads):
                if child not in inside:
                    continue
                edge = edges.get((node, child))
                if edge is not None:
                    if child in done:
                        continue          # the claimed dX/dD holds every edge from D to X
                    done.add(child)
                    local, edge_prov = edge
                    child_prov = join(prov, edge_prov)
                else:
                    child_prov = join(prov, local_prov)
                adjoints[child] = adjoints.get(child, 0.0) + upstream * local
                if child_prov != EMPTY:
                    provenances[child] = join(provenances.get(child, EMPTY), child_prov)
        candidate = (adjoints.get(wrt, 0.0), provenances.get(wrt, EMPTY))
        if candidate not in results:
            results.append(candidate)
    return results
