"""Loss functions: how far predictions are from targets, as one ``Value``.

Every loss takes predictions (``Value`` s or numbers) and targets (numbers)
of the same shape: one of each, a list, or a list of lists (a batch of
samples with several outputs each). Targets are constants: no gradient
flows to them. A loss over many numbers is their mean (as PyTorch's
``reduction="mean"``), except ``sse_loss``, the lecture notes' ½ Σ.

For classification, give the network's raw scores (logits) to
``bce_with_logits_loss`` or ``cross_entropy_with_logits_loss``: they compute
log σ(z) and log softmax(z) in one step that cannot overflow or round away,
so a confident wrong answer still gets its full gradient. The losses of
probabilities (``bce_loss`` of a sigmoid, ``cross_entropy_loss`` of a
softmax) are the notes' formulas, worth having to follow them, but once a
sigmoid rounds to 1 their gradient is lost (as PyTorch's ``BCELoss``).

Each loss node states its local derivative twice, as floats and written with
``Value`` s (for derivatives of derivatives), side by side.
"""

import math
import numbers

from autograd_core import Value, sum_values
# A loss node is made the way Value's operations make theirs: _node records its
# inputs and local derivatives (while grad is enabled); _sigmoid never overflows.
from autograd_core.core.value import NamedRule, _node, _sigmoid

from .labels import labels_its_nodes

LOG_FLOOR = -100.0
"""Logarithms in the cross-entropies are clamped at -100, as PyTorch's ``BCELoss``."""

DENOMINATOR_FLOOR = 1e-12
"""Derivative denominators p·(1-p) (and p) are clamped at 1e-12, as PyTorch's ``BCELoss``."""


@labels_its_nodes
def mse_loss(predictions, targets):
    """Mean squared error:  (1/n) Σᵢ (pᵢ - tᵢ)².   ∂/∂pᵢ = (2/n)(pᵢ - tᵢ)."""
    preds, targs = _flat_pairs(predictions, targets, "mse_loss")
    return sum_values([(p - t) ** 2 for p, t in zip(preds, targs)]) / len(preds)


@labels_its_nodes
def sse_loss(predictions, targets):
    """Half the sum of squared errors, the notes' E = ½ Σᵢ (tᵢ - pᵢ)².   ∂E/∂pᵢ = pᵢ - tᵢ."""
    preds, targs = _flat_pairs(predictions, targets, "sse_loss")
    return 0.5 * sum_values([(p - t) ** 2 for p, t in zip(preds, targs)])


@labels_its_nodes
def bce_loss(predictions, targets):
    """Binary cross-entropy, mean over all predictions p ∈ [0, 1] with targets y ∈ [0, 1]:

        L = -(1/n) Σᵢ [ yᵢ·ln pᵢ + (1 - yᵢ)·ln(1 - pᵢ) ],
        ∂L/∂pᵢ = (1/n) · (pᵢ - yᵢ) / (pᵢ·(1 - pᵢ)).

    Each term is one node (its op names the target, as constants do). At
    p = 0 or p = 1 the logarithms are clamped at -100 and the denominator
    p·(1 - p) at 1e-12, exactly as PyTorch's ``BCELoss``, so the loss and its
    gradient stay finite. ln(1 - p) is computed as ``log1p(-p)``.

    Prefer ``bce_with_logits_loss`` on the scores before the sigmoid: a
    sigmoid rounds to 1.0 from about z = 37 on, and then this loss cannot
    tell how wrong the score was (its gradient with respect to z is 0 where
    it should be 1).
    """
    preds, targs = _flat_pairs(predictions, targets, "bce_loss")
    terms = []
    for p, y in zip(preds, targs):
        prob = _probability(p.data, "bce_loss", "prediction")
        _probability(y, "bce_loss", "target")
        value = -(y * _clamped_log(prob) + (1.0 - y) * _clamped_log1p(-prob))
        slope = (prob - y) / max(prob * (1.0 - prob), DENOMINATOR_FLOOR)
        terms.append(_node(value, _bce_operation(y), (p,), (slope,)))
    return sum_values(terms) / len(terms)


def _bce_slope_as_values(p, out, y):
    """(p - y) / (p·(1 - p)); a constant where the denominator is clamped."""
    if p.data * (1.0 - p.data) < DENOMINATOR_FLOOR:
        return out.local_grads[0]
    return (p - y) / (p * (1 - p))


@labels_its_nodes
def bce_with_logits_loss(logits, targets):
    """Binary cross-entropy of σ(z), computed from the score z itself (PyTorch's ``BCEWithLogitsLoss``):

        Lᵢ = -[ yᵢ·ln σ(zᵢ) + (1 - yᵢ)·ln(1 - σ(zᵢ)) ]
           = max(zᵢ, 0) - yᵢ·zᵢ + ln(1 + e^-|zᵢ|),
        ∂Lᵢ/∂zᵢ = σ(zᵢ) - yᵢ,

    mean over all scores. The second form never overflows and never takes
    the log of a rounded 0, so the loss and its gradient are exact for any
    finite z: at z = 40 with y = 0 the gradient is 1, as it should be.
    Use it with a network whose last layer has no activation
    (``output_activation="identity"``); ``model(x).sigmoid()`` is then the
    predicted probability.
    """
    scores, targs = _flat_pairs(logits, targets, "bce_with_logits_loss")
    terms = []
    for z, y in zip(scores, targs):
        _probability(y, "bce_with_logits_loss", "target")
        x = z.data
        value = max(x, 0.0) - y * x + math.log1p(math.exp(-abs(x)))
        terms.append(_node(value, _bce_logits_operation(y), (z,), (_logit_slope(x, y),)))
    return sum_values(terms) / len(terms)


@labels_its_nodes
def cross_entropy_loss(probs, one_hot):
    """Categorical cross-entropy of probabilities against a one-hot (or any) target:

        L = -Σᵢ yᵢ·ln pᵢ,      ∂L/∂pᵢ = -yᵢ / pᵢ      (natural log).

    ``probs`` is one sample's probabilities (e.g. ``softmax`` of a layer's
    outputs) or a list of samples, whose losses are averaged. Logarithms are
    clamped at -100 and the denominator pᵢ at 1e-12, as in ``bce_loss``.

    Prefer ``cross_entropy_with_logits_loss`` on the scores before the
    softmax: once a softmax probability rounds to 0 or 1, this loss loses
    the gradient (softmax([1000, 0, -1000]) against class 3 gives 0 where
    the true gradient is [1, 0, -1]).
    """
    if _is_list(probs) and probs and _is_list(probs[0]):
        samples = _as_same_length(probs, one_hot, "cross_entropy_loss")
        losses = [cross_entropy_loss(p, y) for p, y in samples]
        return sum_values(losses) / len(losses)
    preds, targs = _flat_pairs(probs, one_hot, "cross_entropy_loss")
    value = 0.0
    slopes = []
    for p, y in zip(preds, targs):
        prob = _probability(p.data, "cross_entropy_loss", "probability")
        if y < 0.0:
            raise ValueError(f"cross_entropy_loss: target entries must be >= 0, got {y!r}")
        if y:
            value -= y * _clamped_log(prob)
        slopes.append(-y / max(prob, DENOMINATOR_FLOOR))
    _check_class_targets(targs, len(preds), "cross_entropy_loss")

    def slopes_as_values(*inputs, out):
        """-yᵢ / pᵢ; a constant where yᵢ = 0 or pᵢ is clamped."""
        return [-y / p if y and p.data >= DENOMINATOR_FLOOR else local
                for p, y, local in zip(inputs, targs, out.local_grads)]
    return _node(value, NamedRule("cross-entropy", slopes_as_values), tuple(preds), tuple(slopes))


@labels_its_nodes
def cross_entropy_with_logits_loss(logits, targets):
    """Categorical cross-entropy of softmax(z), computed from the scores z (PyTorch's ``CrossEntropyLoss``):

        L = -Σᵢ yᵢ·ln softmax(z)ᵢ = (Σᵢ yᵢ)·logsumexp(z) - Σᵢ yᵢ·zᵢ,
        ∂L/∂zⱼ = (Σᵢ yᵢ)·softmax(z)ⱼ - yⱼ,

    with logsumexp(z) = m + ln Σᵢ e^(zᵢ - m), m = max z, which never
    overflows. ``targets`` is a one-hot vector (or any probabilities) of the
    same length; for a list of samples the losses are averaged. One node per
    sample, exact for any finite scores: softmax([1000, 0, -1000]) against
    class 3 has the gradient [1, 0, -1].
    """
    if _is_list(logits) and logits and _is_list(logits[0]):
        samples = _as_same_length(logits, targets, "cross_entropy_with_logits_loss")
        losses = [cross_entropy_with_logits_loss(z, y) for z, y in samples]
        return sum_values(losses) / len(losses)
    scores, targs = _flat_pairs(logits, targets, "cross_entropy_with_logits_loss")
    for y in targs:
        if y < 0.0:
            raise ValueError(f"cross_entropy_with_logits_loss: target entries must be >= 0, got {y!r}")
    _check_class_targets(targs, len(scores), "cross_entropy_with_logits_loss")
    largest = max(z.data for z in scores)
    exps = [math.exp(z.data - largest) for z in scores]
    total = 0.0
    for e in exps:
        total += e
    target_sum = 0.0
    for y in targs:
        target_sum += y
    top = exps.index(1.0)                   # the largest score: e^0
    rest = 0.0                              # the other e^(zᵢ - m)
    for i, e in enumerate(exps):
        if i != top:
            rest += e
    # logsumexp(z) - zᵢ = (m - zᵢ) + ln(1 + rest): exact even where it is tiny
    log_of_total = math.log1p(rest)
    value = 0.0
    for z, y in zip(scores, targs):
        value += y * ((largest - z.data) + log_of_total)
    slopes = [target_sum * (e / total) - y for e, y in zip(exps, targs)]
    slopes[top] = _top_slope(targs, top, 1.0, rest, total)
    slopes = tuple(slopes)

    def slopes_as_values(*inputs, out):
        """(Σᵢ yᵢ)·softmax(z)ⱼ - yⱼ, with the softmax written with Values."""
        shifted = [(z - largest).exp() for z in inputs]
        denominator = sum_values(shifted)
        grads = [target_sum * (e / denominator) - y for e, y in zip(shifted, targs)]
        others = [e for i, e in enumerate(shifted) if i != top]
        grads[top] = _top_slope(targs, top, shifted[top], sum_values(others) if others else 0.0,
                                denominator)
        return grads
    op = NamedRule("cross-entropy(logits)", slopes_as_values)
    return _node(value, op, tuple(scores), slopes)


def _top_slope(targets, top, e_top, rest, total):
    """The slope of the largest score t, (Σᵢ yᵢ)·pₜ - yₜ, as ((Σᵢ≠ₜ yᵢ)·eₜ - yₜ·rest) / total.

    With ``rest`` = Σᵢ≠ₜ eᵢ and ``total`` = eₜ + rest the two are equal; the
    second does not round to 0 where pₜ rounds to 1 (scores [40, 0, 0]
    against the first class give -2e^-40/(1 + 2e^-40), not 0). Works on
    floats and on Values alike.
    """
    other_targets = 0.0
    for i, y in enumerate(targets):
        if i != top:
            other_targets += y
    return (other_targets * e_top - targets[top] * rest) / total


@labels_its_nodes
def hinge_loss(scores, targets):
    """Max-margin loss for targets ±1:  (1/n) Σᵢ max(0, 1 - yᵢ·sᵢ).

    ∂/∂sᵢ = -yᵢ/n where the margin yᵢ·sᵢ is below 1, else 0.
    """
    preds, targs = _flat_pairs(scores, targets, "hinge_loss")
    for y in targs:
        if y not in (1.0, -1.0):
            raise ValueError(f"hinge_loss: targets must be +1 or -1, got {y!r}")
    return sum_values([(1.0 - y * s).relu() for s, y in zip(preds, targs)]) / len(preds)


# ----------------------------------------------------------------------
# Helpers.
# ----------------------------------------------------------------------

def _flat_pairs(predictions, targets, where):
    """Predictions (as ``Value`` s) and targets (as floats) in two flat lists of equal length."""
    preds, targs = [], []
    _collect(predictions, targets, where, "", preds, targs)
    if not preds:
        raise ValueError(f"{where}: no predictions (got an empty list)")
    return preds, targs


def _collect(pred, target, where, position, preds, targs):
    if _is_list(pred) or _is_list(target):
        for i, (p, t) in enumerate(_as_same_length(pred, target, where, position)):
            _collect(p, t, where, f"{position}[{i}]", preds, targs)
        return
    preds.append(pred if isinstance(pred, Value) else Value(_number(pred, where, f"prediction{position}")))
    targs.append(_number(target, where, f"target{position}"))


def _as_same_length(pred, target, where, position=""):
    at = f" at {position}" if position else ""
    if not (_is_list(pred) and _is_list(target)):
        raise ValueError(
            f"{where}: predictions and targets differ in shape{at}: "
            f"prediction is {_describe(pred)}, target is {_describe(target)}")
    if len(pred) != len(target):
        raise ValueError(
            f"{where}: {len(pred)} predictions but {len(target)} targets{at}; they must match")
    return zip(pred, target)


def _describe(x):
    return f"a list of {len(x)}" if _is_list(x) else "a single number"


def _is_list(x):
    return isinstance(x, (list, tuple))


def _number(x, where, what):
    if isinstance(x, Value):
        return x.data
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: {what} must be a Value or a number, got {type(x).__name__}: {x!r}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{where}: {what} must be finite, got {x!r}")
    return x


def _probability(p, where, what):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{where}: each {what} must lie in [0, 1], got {p!r}")
    return p


def _check_class_targets(targets, classes, where):
    """One sample's target must be a one-hot vector, or probabilities that add up to 1.

    This also catches a list of single scores, one per sample (what ``fit``
    passes for a network with one output), given to a categorical loss.
    """
    total = math.fsum(targets)
    if abs(total - 1.0) > 1e-9:
        raise ValueError(
            f"{where}: one sample's target must be one-hot (or probabilities adding up to 1), "
            f"got {_short(targets)} for {classes} score(s). For a "
            f"network with one output score per sample, use bce_with_logits_loss (or bce_loss "
            f"of a sigmoid); for several samples, pass a list of lists")


def _short(items, limit=8):
    shown = ", ".join(f"{x:g}" for x in items[:limit])
    return f"[{shown}{', …' if len(items) > limit else ''}]"


def _clamped_log(x):
    """max(ln x, -100), which is -100 at x = 0 instead of an error."""
    return max(math.log(x), LOG_FLOOR) if x > 0.0 else LOG_FLOOR


def _clamped_log1p(x):
    """max(ln(1 + x), -100), exact for tiny x, -100 at x = -1 instead of an error."""
    return max(math.log1p(x), LOG_FLOOR) if x > -1.0 else LOG_FLOOR


_TERM_OPERATIONS = {}


def _term_operation(kind, y, rule):
    """The operation of one loss term with target y, named ``"<kind> y=<y>"``; kept for reuse."""
    op = _TERM_OPERATIONS.get((kind, y))
    if op is None:
        op = NamedRule(f"{kind} y={y:g}", lambda p, out: rule(p, out, y))
        if len(_TERM_OPERATIONS) < 10_000:
            _TERM_OPERATIONS[(kind, y)] = op
    return op


def _bce_operation(y):
    return _term_operation("bce", y, _bce_slope_as_values)


def _logit_slope(x, y):
    """σ(x) - y, without rounding to 0 where σ(x) rounds to the target 0 or 1.

    For y = 1 it is -σ(-x) (at x = 40: -4.2e-18, where σ(40) - 1 is 0), in
    general (1 - y)·σ(x) - y·σ(-x), the same number.
    """
    if y == 0.0:
        return _sigmoid(x)
    if y == 1.0:
        return -_sigmoid(-x)
    return (1.0 - y) * _sigmoid(x) - y * _sigmoid(-x)


def _logit_slope_as_values(z, out, y):
    """σ(z) - y written with Values, as ``_logit_slope`` computes it."""
    if y == 0.0:
        return z.sigmoid()
    if y == 1.0:
        return -(-z).sigmoid()
    return (1.0 - y) * z.sigmoid() - y * (-z).sigmoid()


def _bce_logits_operation(y):
    return _term_operation("bce_with_logits", y, _logit_slope_as_values)
