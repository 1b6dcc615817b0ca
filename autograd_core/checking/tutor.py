"""Check a hand computation against the engine: which numbers are right, and the first slip.

A student builds the graph of an exercise (with labels), writes down the
numbers they computed by hand, and asks which are right:

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> print(check(z, {"y": "4", "dz/dy": "8", "dz/dx": "8"}))
    ✓ y = 4
    ✓ dz/dy = 8
    ✗ dz/dx = 8, but it is 24
        left-out factor: you left out ∂y/∂x = 3
        dz/dx = dz/dy · ∂y/∂x
              = 8 · 3 = 24
          ∂y/∂x = 3

A key is a node's name (its label, or the ``v1``, ``v2``… the trace
prints), meaning its value; ``dA/dB`` (also ``∂A/∂B``), the total
derivative of node A with respect to node B; ``w5+`` (also ``w5⁺``), the
parameter after an update step w5 − η·dR/dw5 (with ``learning_rate=η``).
A number keeps the digits written ("0.59" claims ±0.005; a float claims
the digits of its shortest repr) and may be a str, an int, a float, a
``Fraction`` or one of numpy's scalars.

The verdicts (see ``verdicts``): ✓ right, ≈ rounded (right for numbers
rounded along the way), ? more digits, ↳ carried (follows from the
student's own earlier slip: the mistake is shown once, where it was made),
✗ wrong, with the kind of slip named (see ``diagnosis``). The claims are gone
through as a person computes them (values in computation order, then
derivatives from the output backwards, each after those it is built from).
``check`` changes no ``.grad``, and gives the same verdicts in every grad
mode.

The cost: the exact derivatives take one reverse pass per output claimed
about; following the student's numbers, one more per output; the
allowances are computed only for a number that is not plainly right.
"""

from ..core import Value, as_float, enable_grad
from ..core.backward import nodes_with_inputs
from .allowances import Allowances
from .claims import DERIVATIVE, VALUE, read_claims
from .diagnosis import diagnose
from .explaining import (Explanation, explain_derivative, explain_update, explain_value,
                         number_text, total_name)
from .following import (EMPTY, FollowedDerivatives, StudentValues, follow_through_claims,
                        of_claim)
from .graph import TutorGraph, escape_latex
from .report import CheckReport, CheckResult
from .updates import exact_update, followed_updates, update_noise, update_rounding
from .verdicts import CARRIED, MORE_DIGITS, RIGHT, ROUNDED, TRUSTED, WRONG, decide, plainly_right

#: Following a claim through the student's inner derivatives visits at most this many nodes in all.
_MAX_REGION_WORK = 2_000_000


def check(root, claims, learning_rate=None):
    """Judge numbers worked out by hand against the graph of ``root``, and name the first slip.

    Args:
        root: the ``Value`` the exercise computes, its nodes labelled with
            the exercise's names.
        claims: {key: number}. A key is a node's name (its value), ``dA/dB``
            (also ``∂A/∂B``): the total derivative of node A with respect to
            node B, or ``w5+`` (also ``w5⁺``): the parameter after one update
            step. A number is best given as the text written (``"0.593"``):
            its digits say how precise it claims to be; an int, a float, a
            ``Fraction`` or a numpy scalar is read by its digits too.
        learning_rate: η, for the update steps w5⁺ = w5 − η·dE/dw5.

    A claim is right when the exact number rounds to it at the digits
    written; rounded when rounding along the way explains it; carried when
    it follows from the student's own earlier slip; wrong otherwise, with
    the kind of slip named. The claims are judged in the order a person
    computes them. No ``.grad`` is changed, and the verdicts are the same in
    every grad mode.

    Returns:
        CheckReport: one ``CheckResult`` per claim; ``print`` it to read the
            verdicts and how the first wrong number comes about.

    Raises:
        TypeError: a ``root`` that is not a ``Value``, ``claims`` that are not
            a dict, a key that is not a str, a number of another type, or a
            learning rate that is True or False.
        ValueError: a key that names no node and no derivative of two named
            nodes (the message lists the graph's names), two keys for one
            quantity, a key or number too long, a name shared by two nodes,
            a number that is not one (``"abc"``) or too large for a float,
            an update step without a learning rate, or a learning rate that
            is not a positive number.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> y = 3 * x - 2; y.label = "y"
        >>> z = y ** 2; z.label = "z"
        >>> report = check(z, {"y": "4", "dz/dx": "-24"})
        >>> print(report)
        ✓ y = 4
        ✗ dz/dx = -24, but it is 24
            sign: dz/dx has the other sign
            dz/dx = ∂z/∂y · ∂y/∂x
                  = 8 · 3 = 24
              ∂z/∂y = 2·y = 2·4 = 8
              ∂y/∂x = 3
        >>> report.ok, report.first_error.mistake.kind
        (False, 'sign')
    """
    if not isinstance(root, Value):
        raise TypeError(f"check(root=...): expected a Value, got {type(root).__name__}: "
                        f"{_short(root)}")
    if learning_rate is not None:
        if type(learning_rate).__name__ in ("bool", "bool_"):       # True is not a rate of 1
            raise TypeError(f"check(learning_rate=...): expected a positive number such as 0.5, "
                            f"got {type(learning_rate).__name__}: {learning_rate!r}")
        learning_rate = as_float(learning_rate, "check(learning_rate=...)")
        if learning_rate <= 0.0:
            raise ValueError(f"check(learning_rate=...): expected a positive number, "
                             f"got {learning_rate!r}")
    with enable_grad():            # the records compute the same in every grad mode
        return Tutor(root, claims, learning_rate).run()


class Tutor:
    """One check: the graph, the claims in order, and what the student's numbers make of them."""

    def __init__(self, root, claims, learning_rate):
        self.graph = TutorGraph(root)
        self.claims = read_claims(self.graph, claims, learning_rate)
        self.learning_rate = learning_rate
        self.student = StudentValues(self.graph)
        claimed_derivatives = {}
        for claim in self.claims:
            if claim.kind == DERIVATIVE:
                claimed_derivatives.setdefault(claim.of, set()).add(claim.node)
        self.allowances = Allowances(
            self.graph, {c.node for c in self.claims if c.kind == VALUE}, claimed_derivatives)
        self.results = []
        self._overrides = {}        # output -> {node: (claimed d output/d node, provenance)}
        self._claimed = {}          # output -> nodes whose d output/d node the student wrote
        self._outputs = set(claimed_derivatives)
        self._passes = {}           # output -> FollowedDerivatives
        self._inner = {}            # X -> [(Y, number, provenance, claim)] judged dX/dY
        self._updates = {}          # parameter -> its update claim
        self._region_work = 0
        self._parameters = None

    def run(self):
        values = [c for c in self.claims if c.kind == VALUE]
        self._judge_values(values)
        for claim in self.claims[len(values):]:
            if claim.kind == DERIVATIVE:
                self._judge_derivative(claim)
            else:
                self._judge_update(claim)
        return CheckReport(self.results)

    def _record(self, claim, exact, verdict):
        self.results.append(CheckResult(claim, exact, verdict, self))
        return of_claim(claim.index, verdict.status in TRUSTED)

    # ------------------------------------------------------------------
    # Values, in computation order.
    # ------------------------------------------------------------------

    def _judge_values(self, claims):
        if not claims:
            return
        claimed = {claim.node: claim for claim in claims}
        student = self.student
        last = max(self.graph.position[node] for node in claimed)
        for node in self.graph.order[:last + 1]:
            claim = claimed.get(node)
            if claim is None:
                if node.inputs:
                    value, provenance, spread = student.recompute(node)
                    if value != node.data or provenance is not EMPTY or spread:
                        student.put(node, value, provenance, spread)
                continue
            if node.inputs:
                followed = [student.recompute(node)]
            else:
                followed = []
            verdict = decide(claim.written, node.data,
                             noise=lambda node=node: self.allowances.value_noise(node),
                             rounding=lambda node=node, claim=claim:
                                 self.allowances.value_rounding(node, claim.written),
                             followed=lambda followed=followed: followed)
            provenance = self._record(claim, node.data, verdict)
            student.put(node, claim.written.value, provenance,
                        _spread(claim.written, node.data), claimed=True)
        for node in self.graph.order[last + 1:]:
            if node.inputs:
                value, provenance, spread = student.recompute(node)
                if value != node.data or provenance is not EMPTY or spread:
                    student.put(node, value, provenance, spread)

    # ------------------------------------------------------------------
    # Derivatives, from the output backwards.
    # ------------------------------------------------------------------

    def _judge_derivative(self, claim):
        of, wrt = claim.of, claim.node
        exact = self.graph.exact_derivative(of, wrt)
        if claim.partial and self._judged_as_local(claim, exact):
            return
        allowances = self.allowances
        verdict = plainly_right(claim.written, exact) or decide(claim.written, exact,
                         noise=lambda: allowances.derivative_noise(of, wrt) if of is not wrt else 0.0,
                         rounding=lambda: allowances.derivative_rounding(of, wrt, claim.written)
                         if of is not wrt else 0.0,
                         followed=lambda: self._followed_derivative(of, wrt))
        provenance = self._record(claim, exact, verdict)
        if of is not wrt:
            written = (claim.written.value, provenance, _spread(claim.written, exact))
            self._overrides.setdefault(of, {})[wrt] = written
            self._claimed.setdefault(of, set()).add(wrt)
            self._inner.setdefault(of, []).append((wrt,) + written)
            for part in self._parts_between(of, wrt):
                self._overrides.setdefault(part, {}).setdefault(wrt, written)

    def _parts_between(self, of, wrt):
        """The outputs claimed about that ``dA/dB`` also gives: an input P of A = P + Q + … such
        that B reaches no other input Q (so every path from B to A passes P and dA/dB = dP/dB:
        the notes read their dE_total/dnet_o1 as dE_o1/dnet_o1)."""
        graph = self.graph
        low = graph.position[wrt]
        parts = [part for part in set(of.inputs)
                 if part in self._outputs and graph.position[part] > low
                 and graph.exact_derivative(of, part) == 1.0 and wrt in graph.gradients_of(part)]
        if len(parts) != 1 or self._region_work > _MAX_REGION_WORK:
            return []
        for other in of.inputs:
            if other is not parts[0] and other.inputs:
                known = other in graph.computed_gradients()
                if other is wrt or wrt in graph.gradients_of(other):
                    return []
                if not known:
                    self._region_work += len(graph.gradients_of(other))
            elif other is wrt:
                return []
        return parts

    def _judged_as_local(self, claim, total):
        """Judge ``∂A/∂B`` as the local derivative of A's operation, when B is one of its inputs,
        more paths lead from B to A (so the two differ) and the number is right for it."""
        of, wrt = claim.of, claim.node
        local = 0.0
        direct = False
        for child, grad in zip(of.inputs, of.local_grads):
            if child is wrt:
                local += grad
                direct = True
        if not direct or local == total:
            return False
        verdict = plainly_right(claim.written, local) or decide(
            claim.written, local, noise=lambda: 0.0, rounding=lambda: 0.0, followed=lambda: [])
        if verdict.status not in (RIGHT, ROUNDED):
            return False
        claim.as_local_derivative()
        self._record(claim, local, verdict)
        return True

    def _followed_derivative(self, of, wrt):
        """[(d of/d wrt, provenance, spread)] from the student's numbers and their earlier claims."""
        if of is wrt:
            return [(1.0, EMPTY, 0.0)]
        if wrt not in self.graph.gradients_of(of):
            return [(0.0, EMPTY, 0.0)]
        inner = self._inner_claims(of, wrt) if len(self._inner) > (of in self._inner) else None
        if inner:
            region = self.graph.region(of, wrt)
            self._region_work += len(region)
            inside = set(region)
            inner = [entry for entry in inner if entry[0] in inside and entry[1] in inside]
            if inner and self._region_work <= _MAX_REGION_WORK:
                return follow_through_claims(self.graph, self.student, of, wrt, region,
                                             self._overrides.get(of, {}), inner)
        followed = self._pass(of)
        followed.advance(self.graph.place(wrt))
        return followed.at(wrt)

    def _inner_claims(self, of, wrt):
        """The student's judged dX/dY (X ≠ of) that may lie between ``wrt`` and ``of``."""
        graph = self.graph
        top = graph.position[of]
        bottom = graph.place(wrt)
        found = []
        for x, entries in self._inner.items():
            if x is of or graph.position[x] > top:
                continue
            for y, number, provenance, spread in entries:
                if graph.place(y) >= bottom:
                    found.append((x, y, number, provenance, spread))
        return found

    def _pass(self, of):
        followed = self._passes.get(of)
        if followed is None:
            nodes = list(reversed(nodes_with_inputs(of)))
            followed = FollowedDerivatives(of, self.graph, self.student,
                                           self._overrides.setdefault(of, {}), nodes)
            self._passes[of] = followed
        return followed

    # ------------------------------------------------------------------
    # Update steps.
    # ------------------------------------------------------------------

    def _judge_update(self, claim):
        parameter = claim.node
        eta = self.learning_rate
        graph = self.graph
        exact = exact_update(graph, parameter, eta)
        gradient_written = parameter in self._overrides.get(graph.root, {})
        verdict = decide(
            claim.written, exact,
            noise=lambda: update_noise(graph, self.allowances, parameter, eta),
            rounding=lambda: update_rounding(graph, self.allowances, parameter, eta,
                                             claim.written, gradient_written),
            followed=lambda: followed_updates(self.student.value(parameter),
                                              self.student.provenance.get(parameter),
                                              self.student.spread.get(parameter, 0.0),
                                              self.followed_gradient(parameter), eta))
        self._record(claim, exact, verdict)
        self._updates[parameter] = claim

    def followed_gradient(self, parameter):
        """[(dR/dw, provenance, spread)] for the root R: the one the student wrote, or from their numbers."""
        root = self.graph.root
        written = self._overrides.get(root, {}).get(parameter)
        if written is not None:
            return [written]
        return self._followed_derivative(root, parameter)

    # ------------------------------------------------------------------
    # What the report and the diagnosis ask.
    # ------------------------------------------------------------------

    def quantities(self, indices):
        return [self.claims[index].quantity for index in sorted(indices)]

    def exact_of(self, claim):
        if claim.kind == VALUE:
            return claim.node.data
        if claim.kind == DERIVATIVE:
            return self.graph.exact_derivative(claim.of, claim.node)
        return exact_update(self.graph, claim.node, self.learning_rate)

    def parameters(self):
        if self._parameters is None:
            self._parameters = {node for node in self.graph.order if not node.inputs}
        return self._parameters

    def updated_values(self, parameter):
        """w⁺ as the student may have used it: their own number when they wrote it, and w − η·dR/dw."""
        exact = exact_update(self.graph, parameter, self.learning_rate)
        claim = self._updates.get(parameter)
        if claim is not None and claim.written.value != exact:
            return [claim.written.value, exact]
        return [exact]

    def claimed_number(self, of, wrt):
        """The number the student wrote for d of/d wrt (judged before now), or None."""
        for node, number, *_ in self._inner.get(of, ()):
            if node is wrt:
                return number
        return None

    def claimed_adjoints(self, of):
        return set(self._claimed.get(of, ()))

    def latex_quantity(self, claim):
        name = total_name
        graph = self.graph
        if claim.kind == VALUE:
            return graph.display_latex(claim.node)
        if claim.kind == DERIVATIVE:
            return name(graph, claim.of, claim.node, latex=True)
        return graph.display_latex(claim.node) + "^{+}"

    def diagnose(self, claim, verdict):
        return diagnose(self, claim, verdict)

    def explain(self, result):
        """The explanation of one result: the right computation, or a remark on its status."""
        claim = result._claim
        explanation = Explanation()
        if result.status == WRONG:
            explanation = self._computation(claim)
            own = [n for n, *_ in result._verdict.followed
                   if abs(n - result.exact) > result._verdict.allowance]
            if own and claim.kind != VALUE:
                explanation.add(f"from your own earlier numbers it is {number_text(own[0])}",
                                rf"\text{{from your own earlier numbers it is }} "
                                rf"{number_text(own[0], True)}")
            return explanation
        if result.status == CARRIED:
            text = (f"follows from your {', '.join(result.follows_from)}: from your numbers it "
                    f"is {number_text(result.followed)}; the right number is {result.exact_text()}")
        elif result.status == ROUNDED:
            if result.rounded_from:
                text = (f"right for the rounded {', '.join(result.rounded_from)} you wrote "
                        f"before it (exact {result.exact_text()})")
            else:
                text = (f"right for intermediate results rounded at the digits you write "
                        f"(exact {result.exact_text()})")
        elif result.status == MORE_DIGITS:
            text = (f"{result.claimed} has too few significant digits to tell a right answer "
                    f"from a slip: it is {result.exact_text()}")
        else:
            return explanation
        explanation.add(text, rf"\text{{{_latex_text(text)}}}")
        return explanation

    def _computation(self, claim):
        graph = self.graph
        if claim.kind == VALUE:
            return explain_value(graph, claim.node)
        if claim.kind == DERIVATIVE:
            region = graph.region(claim.of, claim.node) if claim.of is not claim.node else [claim.of]
            return explain_derivative(graph, claim.of, claim.node, region,
                                      self.claimed_adjoints(claim.of))
        gradient = graph.exact_derivative(graph.root, claim.node)
        return explain_update(graph, claim.node, graph.root, self.learning_rate, gradient,
                              exact_update(graph, claim.node, self.learning_rate))


def _spread(written, exact):
    """How far the number behind a written one may be: none when it is the exact value itself."""
    return 0.0 if written.value == exact else written.half_unit


def _latex_text(text):
    return escape_latex(text)


def _short(x, limit=80):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


__all__ = ["check", "CheckReport", "CheckResult"]
