"""Following the student's own numbers through the graph.

A claim *follows* from the student's earlier claims when the correct
computation on their numbers gives it. Each number computed here carries
its *provenance*: which earlier claims it was computed from, split into
those that were not right (wrong, carried, or too short to tell: a number
following from one of them is *carried*) and those that were right or
rounded (a number following only from them is *rounded*); and its
*spread*: how far it may move when each of those claims moves by half a
unit in its last written digit (a student may carry a number with more
digits than they wrote it with), to first order. A followed number is
(number, provenance, spread).

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

from ..core import no_grad, operation_of
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

    The record recomputes it (the tutor runs in grad mode, so the same in
    every mode); where its slope is not finite there (√x at 0) the value
    is computed as under ``no_grad`` and the node's own slopes kept; where
    it cannot be computed at all (an input outside the domain, a node made
    by hand, a result that overflows), the first-order change from the
    node's own numbers is used instead.
    """
    record = operation_of(node)
    try:
        value, local_grads = record.rerun(node, list(numbers))
        if math.isfinite(value) and all(map(math.isfinite, local_grads)):
            return value, tuple(local_grads)
    except (ArithmeticError, ValueError, TypeError):
        pass
    try:
        with no_grad():     # a value at the edge of the domain (√0) is there even if its slope is not
            value = record.rerun(node, list(numbers))[0]
        if math.isfinite(value):
            return value, tuple(node.local_grads)
    except (ArithmeticError, ValueError, TypeError):
        pass
    change = sum(local * (number - child.data)
                 for local, number, child in zip(node.local_grads, numbers, node.inputs))
    return node.data + change, tuple(node.local_grads)


def local_shifts(node, moves, numbers=None):
    """How much each local derivative of ``node`` changes when its inputs move by ``moves``, either way.

    Recomputed by the record at the inputs moved all up and all down (and,
    for two inputs, one up and one down); ``numbers`` are the inputs (the
    node's own by default).
    """
    if not any(moves):
        return [0.0] * len(node.inputs)
    if numbers is None:
        numbers = [child.data for child in node.inputs]
        base = node.local_grads
    else:
        base = rerun(node, numbers)[1]
    trials = [[x + m for x, m in zip(numbers, moves)], [x - m for x, m in zip(numbers, moves)]]
    if len(numbers) == 2:
        trials += [[numbers[0] + moves[0], numbers[1] - moves[1]],
                   [numbers[0] - moves[0], numbers[1] + moves[1]]]
    shifts = [0.0] * len(base)
    for trial in trials:
        for k, (moved, local) in enumerate(zip(rerun(node, trial)[1], base)):
            change = abs(moved - local)
            if change > shifts[k] and math.isfinite(change):
                shifts[k] = change
    return shifts


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
    """Each node's value on the student's numbers, with its provenance, spread and local derivatives."""

    def __init__(self, graph):
        self.graph = graph
        self.values = {}          # node -> its value where it differs from the node's own
        self.provenance = {}      # node -> provenance, where not EMPTY
        self.spread = {}          # node -> spread, where not 0
        self.claimed = set()      # nodes whose value the student claimed
        self._locals = {}

    def value(self, node):
        return self.values.get(node, node.data)

    def _inputs(self, node):
        prov = EMPTY
        changed = False
        spread = False
        for child in node.inputs:
            child_prov = self.provenance.get(child)
            if child_prov is not None:
                prov = join(prov, child_prov)
            if child in self.values:
                changed = True
            if child in self.spread:
                spread = True
        return prov, changed, spread

    def recompute(self, node):
        """(value, provenance, spread) of ``node`` from its inputs' student values."""
        prov, changed, spread = self._inputs(node)
        if not changed:
            value, local_grads = node.data, node.local_grads
        else:
            value, local_grads = rerun(node, [self.value(child) for child in node.inputs])
        total = 0.0
        if spread:
            for child, local in zip(node.inputs, local_grads):
                total += abs(local) * self.spread.get(child, 0.0)
        return value, prov, total

    def put(self, node, value, prov, spread, claimed=False):
        if value != node.data:
            self.values[node] = value
        else:
            self.values.pop(node, None)
        if prov == EMPTY:
            self.provenance.pop(node, None)
        else:
            self.provenance[node] = prov
        if spread:
            self.spread[node] = spread
        else:
            self.spread.pop(node, None)
        if claimed:
            self.claimed.add(node)

    def local_grads(self, node):
        """[(local derivatives, provenance, their spreads), …]: on the student's inputs, and the notes' way.

        The second, where it differs, is for an operation of one input whose
        result the student claimed: its slope where it gives their number.
        """
        cached = self._locals.get(node)
        if cached is not None:
            return cached
        prov, changed, spread = self._inputs(node)
        numbers = [self.value(child) for child in node.inputs]
        if changed:
            own = rerun(node, numbers)
            local_grads = own[1]
        else:
            own = None
            local_grads = tuple(node.local_grads)
        moves = [self.spread.get(child, 0.0) for child in node.inputs]
        spreads = local_shifts(node, moves, numbers) if spread else _ZEROS * len(local_grads)
        ways = [(local_grads, prov, spreads)]
        if node in self.claimed and len(node.inputs) == 1:
            recomputed = own[0] if own is not None else node.data
            target = self.value(node)
            if target != recomputed:
                slope = inverse_slope(node, target, numbers[0])
                if slope is not None and slope != local_grads[0]:
                    move = self.spread.get(node, 0.0) / abs(slope) if slope else 0.0
                    out_spread = local_shifts(node, [move], [numbers[0] + (target - recomputed) / slope])
                    # the notes' way reads only the student's own result
                    ways.append(((slope,), self.provenance.get(node, EMPTY), out_spread))
        self._locals[node] = ways
        return ways


_ZEROS = (0.0,)


class FollowedDerivatives:
    """The reverse pass from ``output`` on the student's numbers, taken as far as asked.

    ``overrides`` ({node: (number, provenance, spread)}) holds the student's
    claimed d output/d node; the tutor adds each claim once judged, and since
    the claims come in the order a person computes, every one the pass needs
    is there by the time it gets to it. ``at(node)`` gives the candidates for
    d output/d node from everything above it: [(number, provenance, spread), …],
    on the student's inputs and, where it differs, the notes' way.
    """

    def __init__(self, output, graph, student, overrides, nodes):
        self.output = output
        self.graph = graph
        self.student = student
        self.overrides = overrides
        self.nodes = nodes                      # the nodes with inputs, last computed first
        self.cursor = 0
        # [(adjoints, provenances, spreads)], the notes' way second
        self.ways = [({output: 1.0}, {}, {})]

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
            self.ways.append(tuple(dict(part) for part in self.ways[0]))
        for way, (adjoints, provenances, spreads) in enumerate(self.ways):
            if override is not None:
                adjoints[node], provenances[node], spreads[node] = override
            upstream = adjoints.get(node)
            if upstream is None:
                continue
            local_grads, local_prov, local_spreads = local_ways[min(way, len(local_ways) - 1)]
            _propagate(node, upstream, local_grads, local_spreads,
                       join(provenances.get(node, EMPTY), local_prov), spreads.get(node, 0.0),
                       adjoints, provenances, spreads)

    def at(self, node):
        """[(d output/d node, provenance, spread), …] from the nodes above ``node`` (advance first)."""
        candidates = []
        for adjoints, provenances, spreads in self.ways:
            candidate = (adjoints.get(node, 0.0), provenances.get(node, EMPTY),
                         spreads.get(node, 0.0))
            if candidate not in candidates:
                candidates.append(candidate)
        return candidates


def _propagate(node, upstream, local_grads, local_spreads, prov, spread, adjoints, provenances,
               spreads, inside=None):
    for child, local, local_spread in zip(node.inputs, local_grads, local_spreads):
        if inside is not None and child not in inside:
            continue
        _propagate_one(child, upstream, local, local_spread, prov, spread, adjoints, provenances,
                       spreads)


def follow_through_claims(graph, student, of, wrt, region, adjoint_claims, inner_claims):
    """[(d of/d wrt, provenance, spread), …] on the student's numbers, using their derivatives inside it.

    ``adjoint_claims`` {node: (number, provenance, spread)} are their
    d of/d node; ``inner_claims`` [(X, Y, number, provenance, spread)] their
    dX/dY for X and Y in ``region`` (X ≠ of). A claimed dX/dY replaces the
    chain rule between Y and X where every path from ``wrt`` to X passes
    through Y (the notes' ∂out_o1/∂net_o1 inside dE/dw5, dE_o1/dout_h1 in a
    sum for dE/dout_h1); a claimed dX/dD for an input D of X whose only way
    into X is that edge is the local derivative of the edge (∂net_o1/∂out_h1 = w5).
    """
    inside = set(region)
    users = graph.users
    shortcuts = {}
    edges = {}
    for x, y, number, prov, spread in inner_claims:
        if y is wrt or not reaches(wrt, {x}, inside, users, avoid=y):
            best = shortcuts.get(x)
            if best is None or graph.position[y] < graph.position[best[0]]:
                shortcuts[x] = (y, number, prov, spread)
        elif y in x.inputs:
            others = {child for child in x.inputs if child is not y and child in inside}
            if not others or not reaches(y, others, inside, users, avoid=x):
                edges[(x, y)] = (number, prov, spread)
    results = []
    way_count = 1
    for node in region:
        if node.inputs and len(student.local_grads(node)) > 1:
            way_count = 2
            break
    for way in range(way_count):
        adjoints = {of: 1.0}
        provenances = {}
        spreads = {}
        taken = []                    # the claimed dX/dY used, as (X, Y)
        for node in reversed(region):
            if node is wrt:
                break
            if (node is not of and node in adjoint_claims and node in adjoints
                    and not _passed_over(node, taken, inside, users, graph.position)):
                adjoints[node], provenances[node], spreads[node] = adjoint_claims[node]
            upstream = adjoints.get(node)
            if upstream is None:
                continue
            prov = provenances.get(node, EMPTY)
            spread = spreads.get(node, 0.0)
            shortcut = shortcuts.get(node)
            if shortcut is not None:
                y, number, claim_prov, claim_spread = shortcut
                taken.append((node, y))
                _propagate_one(y, upstream, number, claim_spread, join(prov, claim_prov), spread,
                               adjoints, provenances, spreads)
                continue
            local_ways = student.local_grads(node)
            local_grads, local_prov, local_spreads = local_ways[min(way, len(local_ways) - 1)]
            done = set()
            for child, local, local_spread in zip(node.inputs, local_grads, local_spreads):
                if child not in inside:
                    continue
                edge = edges.get((node, child))
                if edge is not None:
                    if child in done:
                        continue          # the claimed dX/dD holds every edge from D to X
                    done.add(child)
                    local, edge_prov, local_spread = edge
                    child_prov = join(prov, edge_prov)
                else:
                    child_prov = join(prov, local_prov)
                _propagate_one(child, upstream, local, local_spread, child_prov, spread,
                               adjoints, provenances, spreads)
        candidate = (adjoints.get(wrt, 0.0), provenances.get(wrt, EMPTY), spreads.get(wrt, 0.0))
        if candidate not in results:
            results.append(candidate)
    return results


def _propagate_one(child, upstream, local, local_spread, prov, spread, adjoints, provenances,
                   spreads):
    """Add one edge's share to ``child``: its adjoint, where it came from, and how far rounding may move it."""
    adjoints[child] = adjoints.get(child, 0.0) + upstream * local
    if prov != EMPTY:
        provenances[child] = join(provenances.get(child, EMPTY), prov)
    moved = abs(local) * spread + abs(upstream) * local_spread
    if moved:
        spreads[child] = spreads.get(child, 0.0) + moved


def _passed_over(node, taken, inside, users, position):
    """Did a claimed dX/dY used above ``node`` carry some of its paths past it (Y below, X above)?

    Then the student's d of/d node cannot be put in: those paths would count twice.
    """
    for x, y in taken:
        if (position[y] < position[node] and reaches(node, {x}, inside, users, avoid=None)
                and reaches(y, {node}, inside, users, avoid=None)):
            return True
    return False
