"""How far a right number may sit from the engine's float: rounding noise and rounding along the way.

Two allowances, each a bound computed by one pass over the graph,
first order in the errors it follows (what a numerical analyst calls a
running error bound):

- **noise**: the float computation itself rounds. Each operation's result
  is taken to be off by at most ``KAPPA`` units of the last place of the
  larger of its value and its terms (so a difference of two nearly equal
  numbers keeps the noise of the numbers), and the errors of its inputs
  pass through it scaled by its local derivatives. A "0" on paper beside
  a float 5.7e-14 from a cancelling difference is then right, and so is a
  float computed by another formula a few ulps away.
- **rounding**: a person carries intermediate results at the digits they
  write. Each intermediate result the student did not write down (a value,
  a local derivative, a total derivative, a term of a sum) is rounded at
  the precision of the claim, and its *actual* rounding error, scaled by
  how much the claim depends on it, is added up: the step-by-step example's
  dE_o2/dout_h1 = −0.038098237 · 0.5 = −0.0190491185 written −0.019049119
  is within it, while "25" for 24 (whose intermediates 8 and 3 need no
  rounding) is not. An intermediate computed from numbers already rounded
  may round by more than the exact one does (by up to what it has moved,
  never more than half a unit), and is allowed that. Numbers the student did write are their own claims;
  what follows from them is judged from them, not allowed for here.

A local derivative depends on values: its share is found by recomputing it
(``op.rerun``) with its inputs moved by their own allowance, both ways.
"""

import math

from ..core.backward import nodes_with_inputs
from .following import local_shifts
from .judge import rounding_error

#: An operation's result is taken to be within this many units of the last place.
KAPPA = 8
EPSILON = 2.220446049250313e-16


class Allowances:
    """The noise and rounding allowances of the claims on one graph, each pass made once, when needed."""

    def __init__(self, graph, claimed_values, claimed_derivatives):
        self.graph = graph
        self.claimed_values = claimed_values            # nodes whose value the student wrote
        self.claimed_derivatives = claimed_derivatives  # {output: set of nodes with d output/d node written}
        self._value_noise = None
        self._derivative_noise = {}
        self._value_rounding = {}
        self._derivative_rounding = {}

    # ------------------------------------------------------------------
    # Noise.
    # ------------------------------------------------------------------

    def value_noise(self, node):
        if self._value_noise is None:
            self._value_noise = _value_noise(self.graph.order)
        return self._value_noise.get(node, 0.0)

    def derivative_noise(self, of, wrt):
        noise = self._derivative_noise.get(of)
        if noise is None:
            self.value_noise(of)
            noise = _derivative_noise(of, self.graph.gradients_of(of), self._value_noise)
            self._derivative_noise[of] = noise
        return noise.get(wrt, 0.0)

    # ------------------------------------------------------------------
    # Rounding at the digits of a written number.
    # ------------------------------------------------------------------

    def value_rounding(self, node, written):
        if not written.significant_digits:
            return 0.0
        key = written.significant_digits
        rounding = self._value_rounding.get(key)
        if rounding is None:
            rounding = _value_rounding(self.graph.order, self.claimed_values, _rounder(key))
            self._value_rounding[key] = rounding
        return rounding[0].get(node, 0.0)

    def derivative_rounding(self, of, wrt, written):
        if not written.significant_digits:
            return 0.0
        key = written.significant_digits
        self.value_rounding(of, written)
        values = self._value_rounding[key]
        cached = self._derivative_rounding.get((of, key))
        if cached is None:
            cached = _derivative_rounding(of, self.graph, self.graph.gradients_of(of),
                                          self.claimed_values,
                                          self.claimed_derivatives.get(of, ()), values,
                                          _rounder(key))
            self._derivative_rounding[(of, key)] = cached
        return cached.get(wrt, 0.0)


class _Digits:
    __slots__ = ("significant_digits",)

    def __init__(self, significant_digits):
        self.significant_digits = significant_digits


class _Rounder:
    """Rounding at a number of significant digits: of a value, and of one already moved.

    ``rounded(x)`` is the actual rounding error of ``x``; ``rounded(x, drift)``
    bounds it for the student's number, which may sit ``drift`` from ``x``:
    the distance to the nearest number of those digits moves by at most the
    drift (and is never more than half a unit), so the actual rounding of
    the exact value alone would understate it.
    """

    def __init__(self, digits):
        self.precision = _Digits(digits)
        self.digits = digits

    def __call__(self, x, drift=0.0):
        error = rounding_error(x, self.precision)
        if not drift:
            return error
        top = abs(x) + drift
        if not top or not math.isfinite(top):
            return error
        half = 0.5 * 10.0 ** (math.floor(math.log10(top)) - self.digits + 1)
        return min(half, error + drift) if error <= half else error


def _rounder(digits):
    return _Rounder(digits)


def _value_noise(order):
    noise = {}
    for node in order:
        if not node.inputs:
            continue
        passed = 0.0
        scale = abs(node.data)
        terms = 0.0
        for child, local in zip(node.inputs, node.local_grads):
            passed += abs(local) * noise.get(child, 0.0)
            terms += abs(local * child.data)
        noise[node] = passed + KAPPA * EPSILON * max(scale, terms)
    return noise


def _derivative_noise(output, grads, value_noise):
    noise = {}
    for node in reversed(nodes_with_inputs(output)):
        upstream = grads.get(node, 0.0)
        upstream_noise = noise.get(node, 0.0)
        shifts = local_shifts(node, [value_noise.get(child, 0.0) for child in node.inputs])
        for child, local, shift in zip(node.inputs, node.local_grads, shifts):
            local_noise = KAPPA * EPSILON * abs(local) + shift
            noise[child] = (noise.get(child, 0.0) + abs(local) * upstream_noise
                            + abs(upstream) * local_noise + KAPPA * EPSILON * abs(upstream * local))
    return noise


def _value_rounding(order, claimed, rounded):
    """({node: allowance}, {node: what it carries on}) for values carried at one precision.

    A node the student wrote down carries nothing on: what follows from
    their number is judged from it.
    """
    allowance = {}
    carried_on = {}
    for node in order:
        if not node.inputs:
            continue
        total = 0.0
        for child, local in zip(node.inputs, node.local_grads):
            carried = carried_on.get(child, 0.0)
            if carried:
                total += abs(local) * carried
        allowance[node] = total
        if node not in claimed:
            carried_on[node] = total + rounded(node.data, total)
    return allowance, carried_on


def _derivative_rounding(output, graph, grads, claimed_values, claimed_adjoints, values, rounded):
    carried_on = values[1]
    allowance = {}
    users = graph.users
    for node in reversed(nodes_with_inputs(output)):
        upstream = grads.get(node, 0.0)
        if node in claimed_adjoints and node is not output:
            carried = 0.0
        else:
            drift = allowance.get(node, 0.0)
            carried = drift + (rounded(upstream, drift) if node is not output else 0.0)
        moves = [carried_on.get(child, 0.0) for child in node.inputs]
        if len(node.inputs) == 1 and node.local_grads[0]:
            # the notes' way: the slope from the rounded result, as out·(1 − out)
            moves[0] += carried_on.get(node, 0.0) / abs(node.local_grads[0])
        shifts = local_shifts(node, moves)
        for child, local, shift in zip(node.inputs, node.local_grads, shifts):
            total = abs(local) * carried + abs(upstream) * (rounded(local, shift) + shift)
            if len(users[child]) > 1:
                total += rounded(upstream * local, total)
            if total:
                allowance[child] = allowance.get(child, 0.0) + total
    return allowance
