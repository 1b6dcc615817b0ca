"""Naming the slip: which usual mistake turns the right computation into the student's number.

For a wrong number the tutor recomputes it with each usual slip made, and
names the first that gives the number written (to its digits, with the same
allowances as the verdict):

- ``sign``: the right number with the other sign (a dropped −1, as in
  ∂(0.01 − out_o1)/∂out_o1);
- ``factor 2``: twice or half the right number (the ½ of E = ½(t − out)²
  and the 2 the square brings down);
- ``left-out factor``: the chain rule with one local derivative left out,
  named with its formula (∂out_o1/∂net_o1 = out_o1·(1 − out_o1));
- ``extra factor``: one local derivative too many (a step too far down the
  chain, or a factor taken twice);
- ``left-out path``: the sum over the chain-rule paths with the paths
  through one node left out (the path through E_o2);
- ``extra path``: paths counted twice, or ones that do not lead to the
  output claimed about (dE_total/dout_h1 written for dE_o1/dout_h1);
- ``updated parameter``: a parameter after the update step (w5⁺) used where
  the forward pass's value belongs;
- ``swapped``: another node's number used: the other input's local
  derivative (x₂ for ∂net_h1/∂w1), another weight (w7 for w5), two inputs
  swapped;
- ``rounded too early``: an intermediate result rounded to fewer digits
  than written, then carried on (out_o1 ≈ 0.75 in out_o1·(1 − out_o1));
- ``arithmetic``: none of the above: the right computation is shown.

A diagnosis only names; it never changes a verdict. Every recomputation
goes through the operations' records; nothing reads a name.
"""

from ..core import operation_of, topological_order
from ..core.arithmetic import MULTIPLY_BY, POWER_CONSTANT
from .explaining import Segment, number_text, segment_from, total_name
from .following import inverse_slope, rerun
from .judge import round_significant, within

SIGN = "sign"
FACTOR_TWO = "factor 2"
LEFT_OUT_FACTOR = "left-out factor"
EXTRA_FACTOR = "extra factor"
LEFT_OUT_PATH = "left-out path"
EXTRA_PATH = "extra path"
UPDATED_PARAMETER = "updated parameter"
SWAPPED = "swapped"
ROUNDED_TOO_EARLY = "rounded too early"
ARITHMETIC = "arithmetic"

KINDS = (SIGN, FACTOR_TWO, LEFT_OUT_FACTOR, EXTRA_FACTOR, LEFT_OUT_PATH, EXTRA_PATH,
         UPDATED_PARAMETER, SWAPPED, ROUNDED_TOO_EARLY, ARITHMETIC)

#: Work limits: a diagnosis looks at this many recomputations of a region at most.
_MAX_RECOMPUTED_NODES = 400_000
_MAX_PARAMETERS = 24
_MAX_ROUNDED = 40
#: A slip's number is matched within this many half units of the last digit written (at most).
_NAMING_HALF_UNITS = 2


class Mistake:
    """The kind of slip and a sentence a student understands.

    Attributes:
        kind: one of ``KINDS`` (``"sign"``, ``"left-out factor"``, …).
        sentence: what was done, in the student's names and numbers.
        gives: what the slip gives (the number the student's matches).
        left_out_paths: for a left-out path, the chain-rule paths left out (when few).
    """

    __slots__ = ("kind", "sentence", "gives", "left_out_paths")

    def __init__(self, kind, sentence, gives=None, left_out_paths=()):
        self.kind = kind
        self.sentence = sentence
        self.gives = gives
        self.left_out_paths = list(left_out_paths)

    def __str__(self):
        return f"{self.kind}: {self.sentence}"

    def __repr__(self):
        return f"Mistake({self.kind!r}, {self.sentence!r})"


class _Search:
    """The candidates tried for one wrong number, in the order of ``KINDS``.

    A slip is also looked for on the number the student's own earlier
    numbers give (a base with a spread: how far it moves with their last
    digits), so a slip made on rounded numbers is found as on exact ones;
    the spread moves with the slip (a left-out factor of 0.19 moves it
    five times as far).
    """

    def __init__(self, written, bases, tolerance, exact, spread_out=False):
        self.written = written
        self.spread_out = spread_out  # the student's own numbers, within their last digits
        self.bases = bases        # [(the right number, 0), (the student's own, their spread), …]
        self.tolerance = tolerance
        self.exact = exact
        self.found = None

    def shares(self, part, base):
        """What ``part`` of the right number is of ``base``: itself, and on the student's own
        numbers, the same share of theirs (a factor carries their numbers as the whole does)."""
        if base == self.exact or not self.exact or not self.spread_out:
            return (part,)
        return (part, part * (base / self.exact))

    def shifted(self, shift):
        """The change of a slip that moves the right number by ``shift``."""
        return lambda base: tuple(base + part for part in self.shares(shift, base))

    def matches(self, value, spread=0.0):
        return value is not None and within(value, self.written,
                                            self.tolerance + spread + 1e-9 * abs(value))

    def relative(self, kind, change, sentence):
        """A slip that changes the right number by ``change(base)``; True when it gives the number written."""
        if self.found is not None:
            return True
        for base, spread in self.bases:
            values = change(base)
            for value in values if isinstance(values, tuple) else (values,):
                scaled = spread * max(1.0, abs(value / base)) if spread and base else spread
                if self.matches(value, scaled):
                    self.found = Mistake(kind, sentence() if callable(sentence) else sentence, value)
                    return True
        return False


def diagnose(tutor, claim, verdict):
    """The ``Mistake`` that gives ``claim`` 's number (a wrong claim's), or an arithmetic slip."""
    bases = [(tutor.exact_of(claim), 0.0)]
    spread_out = []
    for number, _, spread in verdict.followed:
        if all(number != base for base, _ in bases):
            bases.append((number, 0.0))
            if spread:
                spread_out.append((number, spread))
    # a slip is matched within two half units of the last digit at most: rounding along the
    # way that moves a sensitive result further excuses the number, but names no slip
    tolerance = verdict.allowance
    if claim.written.half_unit:
        tolerance = min(tolerance, _NAMING_HALF_UNITS * claim.written.half_unit)
    # first as the numbers stand; then, on the student's own numbers, within their last digits
    for tried in (bases, spread_out):
        if not tried:
            continue
        search = _Search(claim.written, tried, tolerance, bases[0][0], tried is spread_out)
        if claim.kind == "derivative":
            _derivative_slips(tutor, claim, search)
        elif claim.kind == "update":
            _update_slips(tutor, claim, search)
        else:
            _value_slips(tutor, claim, search)
        if search.found is not None:
            return search.found
    return Mistake(ARITHMETIC, _arithmetic_sentence(tutor, claim, verdict), None)


def _arithmetic_sentence(tutor, claim, verdict):
    exact = tutor.exact_of(claim)
    own = [number for number, *_ in verdict.followed if abs(number - exact) > verdict.allowance]
    text = (f"none of the usual slips gives {claim.written.text}: check the arithmetic "
            f"step by step against the computation below")
    if own:
        text += f" (from your own earlier numbers it is {number_text(own[0])})"
    return text


# ----------------------------------------------------------------------
# Slips in a derivative.
# ----------------------------------------------------------------------

class _Chain:
    """The region of d of/d wrt with the exact d of/dX above and dY/d wrt below every node."""

    def __init__(self, graph, of, wrt):
        self.graph = graph
        self.of = of
        self.wrt = wrt
        self.region = graph.region(of, wrt)
        self.inside = set(self.region)
        self.above = graph.gradients_of(of)
        below = {wrt: 1.0}
        for node in self.region:
            if node is wrt:
                continue
            total = 0.0
            for child, local in zip(node.inputs, node.local_grads):
                if child in self.inside:
                    total += local * below[child]
            below[node] = total
        self.below = below

    def through(self, node):
        """The sum over the paths through ``node``."""
        return self.above.get(node, 0.0) * self.below.get(node, 0.0)

    def segments(self):
        """Every factor of the chain: each edge, and each stretch between labelled nodes."""
        found = []
        keys = set()
        users = self.graph.users
        for node in self.region:
            if node is self.of:
                continue
            for edge in users[node]:
                if edge[0] not in self.inside:
                    continue
                for segment in (segment_from(self.graph, node, edge, self.inside, {self.of}),
                                Segment(node, [edge])):
                    key = tuple(segment.edges)
                    if key not in keys:
                        keys.add(key)
                        found.append(segment)
        return found

    def through_segment(self, segment):
        return self.above.get(segment.top, 0.0) * segment.value * self.below.get(segment.bottom, 0.0)


def _derivative_slips(tutor, claim, search):
    graph = tutor.graph
    of, wrt = claim.of, claim.node
    chain = _Chain(graph, of, wrt)
    if not chain.region:
        return
    names = (total_name(graph, of, wrt))
    minus_one = next((s for s in chain.segments()            # a −1 on a path that counts
                      if len(s.edges) == 1 and s.value == -1.0 and chain.through_segment(s)), None)
    sign_sentence = f"{names} has the other sign"
    if minus_one is not None:
        sign_sentence += f": mind the −1 of {minus_one.name(graph)} = −1"
    if search.relative(SIGN, lambda base: -base, sign_sentence):
        return
    if _factor_two(tutor, chain, search, with_cause=True):
        return
    segments = chain.segments()
    for segment in segments:
        value = segment.value
        if value in (0.0, 1.0, -1.0):
            continue
        part = chain.through_segment(segment)
        if search.relative(LEFT_OUT_FACTOR, lambda base: tuple(base - p * (1.0 - 1.0 / value)
                                                  for p in search.shares(part, base)),
                           lambda: f"you left out {segment.line(graph)}"):
            return
    for segment in segments + _neighbour_segments(chain):
        value = segment.value
        if value in (0.0, 1.0):
            continue
        if search.relative(EXTRA_FACTOR, lambda base: base * value,
                           lambda: f"you multiplied by {segment.line(graph)} once too often "
                                   f"({'one step beyond ' + graph.display(wrt) if segment.top is wrt else 'it is in the chain once'})"):
            return
    if _paths(tutor, chain, claim, search):
        return
    if _updated_parameter(tutor, claim, search, chain=chain):
        return
    if _swapped_in_chain(chain, search):
        return
    if _factor_two(tutor, chain, search, with_cause=False):
        return
    _rounded_in_chain(tutor, claim, chain, search)


def _factor_two(tutor, chain, search, with_cause):
    """Twice or half the right number: with ``with_cause``, only where a ½ or a square explains it."""
    graph = tutor.graph
    half, square = _half_and_square(chain.of)
    if with_cause and half is None and square is None:
        return False
    if with_cause:
        # a factor of 2 or ½ of the chain's own, left out, is named as that factor instead
        own = {segment.value for segment in chain.segments()
               if not any(node is half or node is square for node, _ in segment.edges)}
        if 2.0 in own:
            square = None
        if 0.5 in own:
            half = None
        if half is None and square is None:
            return False
    if half is not None:
        twice = (f"twice the right number: you kept the 2 that the square brings down and "
                 f"dropped the ½ of {graph.display(half)} = {graph.formula(half)}, "
                 f"which cancels it")
    else:
        twice = "twice the right number: a factor 2 too many"
    if square is not None:
        halved = (f"half the right number: the 2 that the square in "
                  f"{graph.display(square)} brings down (d(u²)/du = 2u) is missing")
    else:
        halved = "half the right number: a factor 2 is missing"
    return ((not with_cause or half is not None)
            and search.relative(FACTOR_TWO, lambda base: 2.0 * base, twice)
            or (not with_cause or square is not None)
            and search.relative(FACTOR_TWO, lambda base: 0.5 * base, halved))


def _half_and_square(of):
    """A ½·(…) and a (…)² in the graph of ``of`` (the ½ of a squared error), or None."""
    half = square = None
    for node in topological_order(of):
        op = operation_of(node)
        if op.is_a(MULTIPLY_BY) and op.constant == 0.5 and half is None:
            half = node
        if op.is_a(POWER_CONSTANT) and op.constant == 2.0 and square is None:
            square = node
    if half is not None and not half.label:
        labelled = [node for node in topological_order(of) if node.label and half in node.inputs]
        half = labelled[0] if labelled else half
    return half, square


def _neighbour_segments(chain):
    """The factors just outside the chain: below ``wrt`` (a step too far) and above ``of``."""
    found = []
    for position, child in enumerate(chain.wrt.inputs):
        found.append(Segment(child, [(chain.wrt, position)]))
    for user, position in chain.graph.users[chain.of]:
        found.append(Segment(chain.of, [(user, position)]))
    return found


def _paths(tutor, chain, claim, search):
    graph = tutor.graph
    of, wrt = chain.of, chain.wrt
    exact = chain.above.get(wrt, 0.0)
    candidates = sorted((node for node in chain.region if node is not of and node is not wrt),
                        key=lambda node: (not node.label, -graph.position[node]))
    for node in candidates:
        part = chain.through(node)
        if not part or abs(part - exact) <= search.tolerance:
            continue            # every path goes through it: leaving it out leaves nothing
        sentence = (f"you left out the path through {graph.display(node)}: "
                    f"{total_name(graph, of, node)} · {total_name(graph, node, wrt)} = "
                    f"{number_text(chain.above.get(node, 0.0))} · "
                    f"{_bracketed_number(chain.below.get(node, 0.0))} = {number_text(part)}")
        # the path as the student wrote it: their own d node/d wrt, left out of their own sum
        own = tutor.claimed_number(node, wrt)
        parts = [part] if own is None else [part, chain.above.get(node, 0.0) * own]
        for left_out in parts:
            if search.relative(LEFT_OUT_PATH, lambda base: base - left_out, sentence):
                search.found.left_out_paths = _paths_through(of, wrt, node)
                return True
    for node in candidates:
        part = chain.through(node)
        if not part or abs(part - exact) <= search.tolerance:
            continue
        if search.relative(EXTRA_PATH, lambda base: base + part,
                           f"you counted the paths through {graph.display(node)} twice "
                           f"(they add {number_text(part)})"):
            return True
    for other in _wider_outputs(graph, of, wrt):
        wider = graph.exact_derivative(other, wrt)
        if search.matches(wider) and not search.matches(exact):
            via = _nodes_not_leading_to(graph, other, of, wrt)
            through = f" through {via}" if via else ""
            search.found = Mistake(
                EXTRA_PATH,
                f"your number is {total_name(graph, other, wrt)}: it adds the paths{through}, "
                f"which do not lead to {graph.display(of)}", wider)
            return True
    return False


def _bracketed_number(x):
    text = number_text(x)
    return f"({text})" if x < 0 else text


def _paths_through(of, wrt, node, limit=16):
    from ..seeing import chain_rule_paths
    try:
        paths = chain_rule_paths(of, wrt, max_paths=limit)
    except ValueError:
        return []
    return [path for path in paths if node in path.nodes]


def _wider_outputs(graph, of, wrt):
    """Outputs a student may have differentiated instead: the root, and the nodes using ``of``."""
    others = [user for user, _ in graph.users[of]]
    if graph.root is not of:
        others.append(graph.root)
    seen = []
    for node in others:
        if node not in seen and node is not of:
            seen.append(node)
    return seen[:8]


def _nodes_not_leading_to(graph, other, of, wrt):
    """A labelled node on the paths from ``wrt`` to ``other`` that do not pass ``of``."""
    mine = set(graph.region(of, wrt))
    for node in reversed(graph.region(other, wrt)):
        if node not in mine and node is not other and node.label:
            return graph.display(node)
    return ""


def _swapped_in_chain(chain, search):
    graph = chain.graph
    users = graph.users
    for node in reversed(chain.region):
        if node is chain.wrt:
            continue
        for position, child in enumerate(node.inputs):
            if child not in chain.inside:
                continue
            local = node.local_grads[position]
            if not local:
                continue
            part = chain.above.get(node, 0.0) * local * chain.below.get(child, 0.0)
            here = Segment(child, [(node, position)])
            alternatives = []
            for other_position, other in enumerate(node.inputs):
                if other is child:
                    continue
                alternatives.append((node.local_grads[other_position],
                                     lambda p=other_position, o=other: Segment(o, [(node, p)]).line(graph)))
                if other.label:
                    alternatives.append((other.data,
                                         lambda o=other: f"{graph.display(o)} = {number_text(o.data)}"))
            for user, user_position in users[child]:
                if user is node:
                    continue
                alternatives.append((user.local_grads[user_position],
                                     lambda u=user, p=user_position: Segment(child, [(u, p)]).line(graph)))
            for value, describe in alternatives:
                if value == local:
                    continue
                if search.relative(SWAPPED, lambda base: tuple(base - p * (1.0 - value / local)
                                                            for p in search.shares(part, base)),
                                   lambda: f"you used {describe()} in place of {here.line(graph)}"):
                    return True
    return False


# ----------------------------------------------------------------------
# Recomputing with changed numbers: an updated parameter, a number rounded too early.
# ----------------------------------------------------------------------

def _values_with(order, changes):
    """The node values after ``changes`` ({node: number}), recomputed downstream by the records."""
    values = dict(changes)
    for node in order:
        if node.inputs and node not in changes and any(child in values for child in node.inputs):
            values[node] = rerun(node, [values.get(child, child.data) for child in node.inputs])[0]
    return values


def _derivative_with(chain, values, slopes=None):
    """d of/d wrt over the chain's region with the node values ``values`` (and slopes put in)."""
    adjoints = {chain.of: 1.0}
    for node in reversed(chain.region):
        if node is chain.wrt:
            break
        upstream = adjoints.get(node)
        if upstream is None:
            continue
        if slopes and node in slopes:
            local_grads = slopes[node]
        elif any(child in values for child in node.inputs):
            local_grads = rerun(node, [values.get(child, child.data) for child in node.inputs])[1]
        else:
            local_grads = node.local_grads
        for child, local in zip(node.inputs, local_grads):
            if child in chain.inside:
                adjoints[child] = adjoints.get(child, 0.0) + upstream * local
    return adjoints.get(chain.wrt, 0.0)


def _updated_parameter(tutor, claim, search, chain=None):
    if tutor.learning_rate is None:
        return False
    graph = tutor.graph
    target = claim.of if claim.kind == "derivative" else claim.node
    order = topological_order(target)
    if len(order) * _MAX_PARAMETERS > _MAX_RECOMPUTED_NODES:
        return False
    parameters = [node for node in order if not node.inputs and node is not claim.node
                  and node in tutor.parameters()][:_MAX_PARAMETERS]
    exact = tutor.exact_of(claim)
    for parameter in parameters:
        for updated in tutor.updated_values(parameter):
            if updated != parameter.data and _with_updated(graph, claim, chain, order, exact, search,
                                                           parameter, updated):
                return True
    return False


def _with_updated(graph, claim, chain, order, exact, search, parameter, updated):
    """Does the claim's computation with ``updated`` in place of the parameter give the number written?"""
    sentence = (lambda: f"you used the updated {graph.display(parameter)}⁺ = {number_text(updated)} "
                        f"in place of {graph.display(parameter)} = {number_text(parameter.data)}: a "
                        f"step computes every derivative with the numbers of its forward pass, then "
                        f"updates")
    if chain is not None:
        # where the parameter is a local derivative (∂net_o1/∂out_h1 = w5), with w5⁺ put in
        slopes = {}
        for user, position in graph.users[parameter]:
            if user in chain.inside:
                numbers = [updated if child is parameter else child.data for child in user.inputs]
                slopes[user] = rerun(user, numbers)[1]
        if slopes:
            shift = _derivative_with(chain, {}, slopes) - exact
            if shift and search.relative(UPDATED_PARAMETER, search.shifted(shift), sentence):
                return True
    values = _values_with(order, {parameter: updated})
    if chain is not None:
        value = _derivative_with(chain, values)
    else:
        value = values.get(claim.node, claim.node.data)
    shift = value - exact
    return bool(shift) and search.relative(UPDATED_PARAMETER, search.shifted(shift), sentence)


def _rounded_candidates(tutor, target, claim):
    """Values a student may have rounded early: the results the claim is computed from (written
    down with more digits or not)."""
    order = topological_order(target)
    found = [node for node in reversed(order) if node.inputs and node is not claim.node]
    if claim.kind == "derivative" and claim.node.inputs:
        found.append(claim.node)
    return order, found[:_MAX_ROUNDED]


def _digits_below(written):
    digits = written.significant_digits or 0
    return range(1, min(digits, 4))


def _rounded_in_chain(tutor, claim, chain, search):
    graph = tutor.graph
    order, candidates = _rounded_candidates(tutor, chain.of, claim)
    exact = chain.above.get(chain.wrt, 0.0)
    budget = _MAX_RECOMPUTED_NODES
    for digits in _digits_below(claim.written):
        for node in candidates:
            budget -= len(order)
            if budget < 0:
                return False
            rounded = round_significant(node.data, digits)
            if rounded == node.data:
                continue
            values = _values_with(order, {node: rounded})
            slopes = None
            if len(node.inputs) == 1 and node in chain.inside:
                slope = inverse_slope(node, rounded, node.inputs[0].data)
                if slope is not None:
                    slopes = {node: (slope,)}
            shift = _derivative_with(chain, values, slopes) - exact
            if shift and search.relative(ROUNDED_TOO_EARLY, search.shifted(shift),
                                         lambda: _too_early(graph, node, rounded, digits)):
                return True
        for node in chain.region:
            if node is chain.of or node is chain.wrt or node in tutor.claimed_adjoints(chain.of):
                continue
            above = chain.above.get(node, 0.0)
            rounded = round_significant(above, digits)
            shift = (rounded - above) * chain.below.get(node, 0.0)
            if shift and search.relative(
                    ROUNDED_TOO_EARLY, lambda base: base + shift,
                    lambda: f"you carried {total_name(graph, chain.of, node)} "
                            f"≈ {number_text(rounded)} ({digits} significant digit"
                            f"{'s' if digits > 1 else ''}) on; it is {number_text(above)}. "
                            f"Carry more digits than you write"):
                return True
    return False


def _too_early(graph, node, rounded, digits):
    return (f"you used {graph.display(node)} ≈ {number_text(rounded)} "
            f"({digits} significant digit{'s' if digits > 1 else ''}); it is "
            f"{number_text(node.data)}. Carry more digits than you write")


# ----------------------------------------------------------------------
# Slips in a value, and in an update step.
# ----------------------------------------------------------------------

def _value_slips(tutor, claim, search):
    graph = tutor.graph
    node = claim.node
    if search.relative(SIGN, lambda base: -base, f"{graph.display(node)} has the other sign"):
        return
    if _updated_parameter(tutor, claim, search):
        return
    if node.inputs and _swapped_inputs(graph, node, search):
        return
    twice, halved = "twice the right value", "half the right value"
    half, _ = _half_and_square(node)
    if half is not None:
        twice += (f": the ½ of {graph.display(half)} = {graph.formula(half)} is left out"
                  if half is node else f": a ½ is left out, as in {graph.display(half)} = "
                                       f"{graph.formula(half)}")
    if (search.relative(FACTOR_TWO, lambda base: 2.0 * base, twice)
            or search.relative(FACTOR_TWO, lambda base: 0.5 * base, halved)):
        return
    order, candidates = _rounded_candidates(tutor, node, claim)
    budget = _MAX_RECOMPUTED_NODES
    for digits in _digits_below(claim.written):
        for earlier in candidates:
            budget -= len(order)
            if budget < 0:
                return
            rounded = round_significant(earlier.data, digits)
            if rounded == earlier.data:
                continue
            shift = _values_with(order, {earlier: rounded}).get(node, node.data) - node.data
            if shift and search.relative(ROUNDED_TOO_EARLY, lambda base: base + shift,
                                         lambda: _too_early(graph, earlier, rounded, digits)):
                return


def _swapped_inputs(graph, node, search):
    numbers = [child.data for child in node.inputs]
    count = len(numbers)
    if count > 12:
        return False
    for i in range(count):
        for j in range(count):
            if i == j or numbers[i] == numbers[j]:
                continue
            for kind, changed in (("swap", _swapped(numbers, i, j)), ("replace", _replaced(numbers, i, j))):
                if kind == "swap" and j < i:
                    continue
                value = rerun(node, changed)[0]
                shift = value - node.data
                a, b = graph.display(node.inputs[i]), graph.display(node.inputs[j])
                sentence = (f"you swapped {a} and {b} in {graph.display(node)}" if kind == "swap"
                            else f"you used {b} = {number_text(numbers[j])} in place of "
                                 f"{a} = {number_text(numbers[i])} in {graph.display(node)}")
                if shift and search.relative(SWAPPED, lambda base: base + shift, sentence):
                    return True
    return _swapped_factors(graph, node, search)


def _swapped(numbers, i, j):
    changed = list(numbers)
    changed[i], changed[j] = changed[j], changed[i]
    return changed


def _replaced(numbers, i, j):
    changed = list(numbers)
    changed[i] = changed[j]
    return changed


def _swapped_factors(graph, node, search):
    """A weighted sum's number factors swapped (x₁ and x₂ exchanged between w1 and w2)."""
    op = operation_of(node)
    layout = op.constant
    groups = getattr(layout, "groups", None)
    if groups is None:
        return False
    singles = [group[0] for group in groups(len(node.inputs)) if len(group) == 1]
    if layout.value_bias:
        singles = singles[:-1]
    for a in singles:
        for b in singles:
            if b <= a:
                continue
            fa, fb = node.local_grads[a], node.local_grads[b]
            if fa == fb:
                continue
            xa, xb = node.inputs[a].data, node.inputs[b].data
            shift = (fb - fa) * xa + (fa - fb) * xb
            sentence = (f"you swapped the factors {number_text(fa)} and {number_text(fb)} of "
                        f"{graph.display(node.inputs[a])} and {graph.display(node.inputs[b])} "
                        f"in {graph.display(node)}")
            if shift and search.relative(SWAPPED, lambda base: base + shift, sentence):
                return True
    return False


def _update_slips(tutor, claim, search):
    graph = tutor.graph
    parameter = claim.node
    eta = tutor.learning_rate
    name = graph.display(parameter)
    gradients = [tutor.graph.exact_derivative(graph.root, parameter)]
    gradients += [number for number, *_ in tutor.followed_gradient(parameter) if number not in gradients]
    for gradient in gradients:
        checks = [
            (SIGN, parameter.data + eta * gradient,
             f"you added η·{total_name(graph, graph.root, parameter)}; a step goes against "
             f"the gradient: {name}⁺ = {name} − η·{total_name(graph, graph.root, parameter)}"),
            (LEFT_OUT_FACTOR, parameter.data - gradient,
             f"you left out the learning rate η = {number_text(eta)}"),
            (FACTOR_TWO, parameter.data - 2.0 * eta * gradient, "the step is twice η·the gradient"),
            (FACTOR_TWO, parameter.data - 0.5 * eta * gradient, "the step is half η·the gradient"),
        ]
        for kind, value, sentence in checks:
            if search.matches(value):
                search.found = Mistake(kind, sentence, value)
                return
