"""Loss functions: how far predictions are from targets, as one ``Value``.

Every loss takes predictions (``Value`` s or numbers) and targets (numbers)
of the same shape: one of each, a list, or a list of lists (a batch of
samples with several outputs each). Targets are constants: no gradient
flows to them. A loss over many numbers is their mean (as PyTorch's
``reduction="mean"``), except ``sse_loss``, the lecture notes' ½ Σ.
"""

import math
import numbers

from autograd_core import Value, is_grad_enabled, sum_values

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
    gradient stay finite (a sigmoid rounds to 1.0 for inputs above about 37).
    """
    preds, targs = _flat_pairs(predictions, targets, "bce_loss")
    terms = []
    for p, y in zip(preds, targs):
        prob = _probability(p.data, "bce_loss", "prediction")
        _probability(y, "bce_loss", "target")
        value = -(y * _clamped_log(prob) + (1.0 - y) * _clamped_log(1.0 - prob))
        slope = (prob - y) / max(prob * (1.0 - prob), DENOMINATOR_FLOOR)
        terms.append(_node(value, f"bce y={y:g}", (p,), (slope,)))
    return sum_values(terms) / len(terms)


@labels_its_nodes
def cross_entropy_loss(probs, one_hot):
    """Categorical cross-entropy of probabilities against a one-hot (or any) target:

        L = -Σᵢ yᵢ·ln pᵢ,      ∂L/∂pᵢ = -yᵢ / pᵢ      (natural log).

    ``probs`` is one sample's probabilities (e.g. ``softmax`` of a layer's
    outputs) or a list of samples, whose losses are averaged. Logarithms are
    clamped at -100 and the denominator pᵢ at 1e-12, as in ``bce_loss``.
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
    return _node(value, "cross-entropy", tuple(preds), tuple(slopes))


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


def _clamped_log(x):
    """max(ln x, -100), which is -100 at x = 0 instead of an error."""
    return max(math.log(x), LOG_FLOOR) if x > 0.0 else LOG_FLOOR


def _node(data, op, inputs, local_grads):
    """A new node made the way ``Value`` s operations make theirs: its value,
    its inputs, and ∂data/∂input for each (recorded only while grad is enabled)."""
    out = Value(data)
    out.op = op
    if is_grad_enabled():
        out.inputs = inputs
        out.local_grads = local_grads
    return out
