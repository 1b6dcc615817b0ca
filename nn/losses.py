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

Each loss term is one node made by an operation record (``autograd_core.Operation``)
that states its local derivative twice, as floats and written with ``Value`` s
(for derivatives of derivatives), side by side, with the formulas a student
reads. A term's target is a constant of its record, as a number in ``x − 2`` is.
"""

import math
import numbers

from autograd_core import Operation, Value, sum_values
from autograd_core.core.functions import stable_sigmoid as _sigmoid

from .labels import labels_its_nodes

LOG_FLOOR = -100.0
"""Logarithms in the cross-entropies are clamped at -100, as PyTorch's ``BCELoss``."""

DENOMINATOR_FLOOR = 1e-12
"""Derivative denominators p·(1-p) (and p) are clamped at 1e-12, as PyTorch's ``BCELoss``."""


@labels_its_nodes
def mse_loss(predictions, targets):
    """Mean squared error:  (1/n) Σᵢ (pᵢ - tᵢ)².   ∂/∂pᵢ = (2/n)(pᵢ - tᵢ).

    Returns:
        Value: the loss, labelled ``loss`` (its terms ``loss.term0``, …).

    Raises:
        ValueError: predictions and targets of different lengths, or a target
            that is not a finite number.

    Examples:
        >>> from autograd_core import Value
        >>> mse_loss([Value(1.0), Value(2.0)], [0.0, 1.0]).data
        1.0
    """
    preds, targs = _flat_pairs(predictions, targets, "mse_loss")
    return sum_values([(p - t) ** 2 for p, t in zip(preds, targs)]) / len(preds)


@labels_its_nodes
def sse_loss(predictions, targets):
    """Half the sum of squared errors, the notes' E = ½ Σᵢ (tᵢ - pᵢ)².   ∂E/∂pᵢ = pᵢ - tᵢ.

    Returns:
        Value: E, labelled ``loss``.

    Raises:
        ValueError: predictions and targets of different lengths, or a target
            that is not a finite number.

    Examples:
        >>> from autograd_core import Value
        >>> round(sse_loss([Value(0.75136507), Value(0.772928465)], [0.01, 0.99]).data, 9)
        0.298371109
    """
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

    Returns:
        Value: the mean loss, labelled ``loss``.

    Raises:
        ValueError: a prediction or target outside [0, 1], or lengths that differ.

    Examples:
        >>> from autograd_core import Value
        >>> round(bce_loss(Value(0.8), 1.0).data, 6)          # -ln 0.8
        0.223144
    """
    preds, targs = _flat_pairs(predictions, targets, "bce_loss")
    terms = []
    for p, y in zip(preds, targs):
        _probability(p.data, "bce_loss", "prediction")
        _probability(y, "bce_loss", "target")
        terms.append(_term_operation(_BCE_TERM, y)(p))
    return sum_values(terms) / len(terms)


def _bce_value(p, y):
    """−(y·ln p + (1 − y)·ln(1 − p)), the logarithms clamped at −100."""
    return -(y * _clamped_log(p) + (1.0 - y) * _clamped_log1p(-p))


def _bce_slope(p, y):
    """(p − y) / (p·(1 − p)), the denominator clamped at 1e-12."""
    return (p - y) / max(p * (1.0 - p), DENOMINATOR_FLOOR)


def _bce_slope_as_values(p, out, y):
    """(p - y) / (p·(1 - p)); a constant where the denominator is clamped."""
    if p.data * (1.0 - p.data) < DENOMINATOR_FLOOR:
        return out.local_grads[0]
    return (p - y) / (p * (1 - p))


@labels_its_nodes
def bce_with_logits_loss(logits, targets):
    """Binary cross-entropy of σ(z), computed from the score z itself (PyTorch's ``BCEWithLogitsLoss``):

        Lᵢ = -[ yᵢ·ln σ(zᵢ) + (1 - yᵢ)·ln(1 - σ(zᵢ)) ]
           = (1 - yᵢ)·zᵢ + ln(1 + e^-zᵢ)      for zᵢ > 0,
           = -yᵢ·zᵢ + ln(1 + e^zᵢ)            for zᵢ ≤ 0,
        ∂Lᵢ/∂zᵢ = σ(zᵢ) - yᵢ,

    mean over all scores. These forms (PyTorch's) never overflow, never take
    the log of a rounded 0, and add two terms that are never negative, so
    nothing cancels: the loss and its gradient are exact for any finite z
    and any target in [0, 1]. At z = 40 with y = 0 the gradient is 1, as it
    should be; at z = 10⁶ with y = 1 - 10⁻¹⁵ the loss is 10⁻⁹, which the
    shorter max(z, 0) - y·z + ln(1 + e^-|z|) gets 5% wrong.
    Use it with a network whose last layer has no activation
    (``output_activation="identity"``); ``model(x).sigmoid()`` is then the
    predicted probability.

    Returns:
        Value: the mean loss, labelled ``loss``.

    Raises:
        ValueError: a target outside [0, 1], or lengths that differ.

    Examples:
        >>> from autograd_core import Value
        >>> z = Value(40.0)
        >>> loss = bce_with_logits_loss(z, 0.0)
        >>> loss.backward()
        >>> loss.data, z.grad                                  # dL/dz = σ(40) − 0
        (40.0, 1.0)
    """
    scores, targs = _flat_pairs(logits, targets, "bce_with_logits_loss")
    terms = []
    for z, y in zip(scores, targs):
        _probability(y, "bce_with_logits_loss", "target")
        terms.append(_term_operation(_BCE_LOGITS_TERM, y)(z))
    return sum_values(terms) / len(terms)


def _bce_logits_value(x, y):
    """The binary cross-entropy of σ(z): (1 − y)·z + ln(1 + e^−z) for z > 0, else −y·z + ln(1 + e^z).

    Two terms that are never negative: nothing cancels, nothing overflows.
    """
    if x > 0.0:
        return (1.0 - y) * x + math.log1p(math.exp(-x))
    return -y * x + math.log1p(math.exp(x))


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

    Returns:
        Value: the loss (mean over samples), labelled ``loss``.

    Raises:
        ValueError: a target that is not one-hot or probabilities adding up to 1,
            a probability outside [0, 1], or lengths that differ.

    Examples:
        >>> from autograd_core import Value
        >>> from nn import softmax
        >>> p = softmax([Value(0.0), Value(0.0)])
        >>> round(cross_entropy_loss(p, [1.0, 0.0]).data, 6)   # ln 2
        0.693147
    """
    if _is_list(probs) and probs and _is_list(probs[0]):
        samples = _as_same_length(probs, one_hot, "cross_entropy_loss")
        losses = [cross_entropy_loss(p, y) for p, y in samples]
        return sum_values(losses) / len(losses)
    preds, targs = _flat_pairs(probs, one_hot, "cross_entropy_loss")
    for p, y in zip(preds, targs):
        _probability(p.data, "cross_entropy_loss", "probability")
        if y < 0.0:
            raise ValueError(f"cross_entropy_loss: target entries must be >= 0, got {y!r}")
    _check_class_targets(targs, len(preds), "cross_entropy_loss")
    return _targets_operation(_CROSS_ENTROPY, tuple(targs))(*preds)


def _cross_entropy_value(probabilities, targets):
    """−Σᵢ yᵢ·ln pᵢ, each logarithm clamped at −100."""
    value = 0.0
    for p, y in zip(probabilities, targets):
        if y:
            value -= y * _clamped_log(p)
    return value


def _cross_entropy_slopes(probabilities, targets):
    """−yᵢ / pᵢ, the denominator clamped at 1e-12."""
    return [-y / max(p, DENOMINATOR_FLOOR) for p, y in zip(probabilities, targets)]


def _cross_entropy_slopes_as_values(inputs, out, targets):
    """−yᵢ / pᵢ; a constant where yᵢ = 0 or pᵢ is clamped."""
    return [-y / p if y and p.data >= DENOMINATOR_FLOOR else local
            for p, y, local in zip(inputs, targets, out.local_grads)]


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

    Returns:
        Value: the loss (mean over samples), labelled ``loss``.

    Raises:
        ValueError: a target that is not one-hot or probabilities adding up to 1,
            or lengths that differ.

    Examples:
        >>> from autograd_core import Value
        >>> z = [Value(1000.0), Value(0.0), Value(-1000.0)]
        >>> loss = cross_entropy_with_logits_loss(z, [0.0, 0.0, 1.0])
        >>> loss.backward()
        >>> [v.grad for v in z]
        [1.0, 0.0, -1.0]
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
    return _targets_operation(_CROSS_ENTROPY_LOGITS, tuple(targs))(*scores)


def _softmax_parts(scores):
    """(m, e, top, rest, total): the largest score m, eᵢ = e^(zᵢ − m), the index of the
    largest, the sum of the other eᵢ, and the sum of all."""
    largest = max(scores)
    # zᵢ − m is at most 0 and may overflow to −inf (m = 1e308, zᵢ = −1e308): e^−inf is 0
    exps = [math.exp(z - largest) for z in scores]
    total = 0.0
    for e in exps:
        total += e
    top = exps.index(1.0)                   # the largest score: e^0
    rest = 0.0                              # the other e^(zᵢ - m)
    for i, e in enumerate(exps):
        if i != top:
            rest += e
    return largest, exps, top, rest, total


def _cross_entropy_logits_value(scores, targets):
    """Σᵢ yᵢ·((m − zᵢ) + ln(1 + rest)): logsumexp(z) − zᵢ, exact even where it is tiny."""
    largest, _, _, rest, _ = _softmax_parts(scores)
    log_of_total = math.log1p(rest)
    value = 0.0
    for z, y in zip(scores, targets):
        if y:                               # a zero target adds nothing, not 0·inf
            value += _target_term(y, largest, z, log_of_total)
    return value


def _target_term(y, largest, z, log_of_total):
    """yᵢ·((m − zᵢ) + ln(1 + rest)), without overflowing where the result is a float.

    m − zᵢ overflows for m = 1e308, zᵢ = −1e308, although it halves to a float:
    then the term is computed from the halves, 2·(yᵢ·(m/2 − zᵢ/2) + yᵢ·ln(1 + rest)/2),
    exact since halving and doubling so large a float are.
    """
    gap = largest - z
    if gap < math.inf:
        return y * (gap + log_of_total)
    return 2.0 * (y * (largest / 2.0 - z / 2.0) + y * log_of_total / 2.0)


def _cross_entropy_logits_slopes(scores, targets):
    """(Σᵢ yᵢ)·softmax(z)ⱼ − yⱼ, the largest score's slope computed without cancelling."""
    _, exps, top, rest, total = _softmax_parts(scores)
    target_sum = 0.0
    for y in targets:
        target_sum += y
    slopes = [target_sum * (e / total) - y for e, y in zip(exps, targets)]
    slopes[top] = _top_slope(targets, top, 1.0, rest, total)
    return slopes


def _cross_entropy_logits_slopes_as_values(inputs, out, targets):
    """(Σᵢ yᵢ)·softmax(z)ⱼ − yⱼ, with the softmax written with Values."""
    largest = max(z.data for z in inputs)
    top = max(range(len(inputs)), key=lambda i: (inputs[i].data == largest, -i))
    target_sum = 0.0
    for y in targets:
        target_sum += y
    # a score so far below the maximum that zᵢ − m overflows has e^(zᵢ − m) = 0, a constant
    shifted = [(z - largest).exp() if z.data - largest > -math.inf else 0.0 for z in inputs]
    denominator = sum_values(shifted)
    grads = [target_sum * (e / denominator) - y for e, y in zip(shifted, targets)]
    others = [e for i, e in enumerate(shifted) if i != top]
    grads[top] = _top_slope(targets, top, shifted[top], sum_values(others) if others else 0.0,
                            denominator)
    return grads


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

    Returns:
        Value: the loss, labelled ``loss``.

    Raises:
        ValueError: a target other than +1 or -1, or lengths that differ.

    Examples:
        >>> from autograd_core import Value
        >>> hinge_loss([Value(0.5), Value(-2.0)], [1.0, -1.0]).data   # (0.5 + 0) / 2
        0.25
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


# ----------------------------------------------------------------------
# The records of the loss terms: one per target, made once and reused.
# ----------------------------------------------------------------------

class _Term:
    """What a loss term's record is made of: its float rules, its Value rule and its formulas,
    each a function of the target y."""

    def __init__(self, kind, value, slope, slope_as_values, formula, derivative):
        self.kind = kind
        self.value = value
        self.slope = slope
        self.slope_as_values = slope_as_values
        self.formula = formula
        self.derivative = derivative


def _bce_formula(y):
    if y == 1.0:
        return "−ln($x)", "-\\ln $x"
    if y == 0.0:
        return "−ln(1 − $x)", "-\\ln(1 - $x)"
    return f"−({y:g}·ln($x) + {1 - y:g}·ln(1 − $x))", f"-({y:g} \\ln $x + {1 - y:g} \\ln(1 - $x))"


def _bce_derivative(y):
    return f"($x − {y:g}) / ($x·(1 − $x))", f"\\frac{{$x - {y:g}}}{{$x (1 - $x)}}"


def _bce_logits_formula(y):
    if y == 1.0:
        return "softplus(−$x)", "\\operatorname{softplus}(-$x)"
    if y == 0.0:
        return "softplus($x)", "\\operatorname{softplus}($x)"
    return f"softplus($x) − {y:g}·$x", f"\\operatorname{{softplus}}($x) - {y:g} $x"


def _bce_logits_derivative(y):
    if y == 0.0:
        return "σ($x)", "\\sigma($x)"
    return f"σ($x) − {y:g}", f"\\sigma($x) - {y:g}"


_BCE_TERM = _Term("bce", _bce_value, _bce_slope, lambda p, out, y: _bce_slope_as_values(p, out, y),
                  _bce_formula, _bce_derivative)
_BCE_LOGITS_TERM = _Term("bce_with_logits", _bce_logits_value, lambda x, y: _logit_slope(x, y),
                         lambda z, out, y: _logit_slope_as_values(z, out, y),
                         _bce_logits_formula, _bce_logits_derivative)

_TERM_OPERATIONS = {}


def _term_operation(term, y):
    """The record of one loss term with target y, named ``"<kind> y=<y>"``; kept for reuse."""
    key = (term.kind, y)
    op = _TERM_OPERATIONS.get(key)
    if op is None:
        formula, formula_latex = term.formula(y)
        derivative, derivative_latex = term.derivative(y)
        op = Operation(f"{term.kind} y={y:g}",
                       value=lambda p: term.value(p, y),
                       local_grads=lambda p, out: [term.slope(p, y)],
                       local_grads_as_values=lambda p, out: [term.slope_as_values(p, out, y)],
                       arity=1, formula=formula, formula_latex=formula_latex,
                       derivative_formulas=[derivative], derivative_formulas_latex=[derivative_latex])
        if len(_TERM_OPERATIONS) < 10_000:
            _TERM_OPERATIONS[key] = op
    return op


class _Categorical:
    """A categorical loss over one sample's n inputs, given its targets: float rules, Value rule."""

    def __init__(self, name, value, slopes, slopes_as_values, formula, derivative):
        self.name = name
        self.value = value
        self.slopes = slopes
        self.slopes_as_values = slopes_as_values
        self.formula = formula
        self.derivative = derivative


def _input_names(count):
    return ["x", "y", "z"][:count] if count <= 3 else [f"x{k}" for k in range(1, count + 1)]


def _cross_entropy_formula(targets):
    names = _input_names(len(targets))
    terms = [f"{y:g}·ln(${n})" if y != 1.0 else f"ln(${n})" for n, y in zip(names, targets) if y]
    return "−" + (terms[0] if len(terms) == 1 else "(" + " + ".join(terms) + ")")


def _cross_entropy_derivatives(targets):
    names = _input_names(len(targets))
    return [f"−{y:g} / ${n}" if y else "0" for n, y in zip(names, targets)]


def _logits_formula(targets):
    names = _input_names(len(targets))
    everything = ", ".join(f"${n}" for n in names)
    terms = [f"{y:g}·${n}" if y != 1.0 else f"${n}" for n, y in zip(names, targets) if y]
    total = sum(targets)
    scale = "" if total == 1.0 else f"{total:g}·"
    return f"{scale}logsumexp({everything}) − " + (terms[0] if len(terms) == 1 else
                                                  "(" + " + ".join(terms) + ")")


def _logits_derivatives(targets):
    names = _input_names(len(targets))
    everything = ", ".join(f"${n}" for n in names)
    total = sum(targets)
    scale = "" if total == 1.0 else f"{total:g}·"
    return [f"{scale}softmax({everything})[{k}]" + (f" − {y:g}" if y else "")
            for k, y in enumerate(targets)]


_CROSS_ENTROPY = _Categorical("cross-entropy", _cross_entropy_value, _cross_entropy_slopes,
                              _cross_entropy_slopes_as_values, _cross_entropy_formula,
                              _cross_entropy_derivatives)
_CROSS_ENTROPY_LOGITS = _Categorical("cross-entropy(logits)", _cross_entropy_logits_value,
                                     _cross_entropy_logits_slopes,
                                     _cross_entropy_logits_slopes_as_values, _logits_formula,
                                     _logits_derivatives)
_CATEGORICAL_OPERATIONS = {}


def _targets_operation(loss, targets):
    """The record of a categorical loss for one sample's targets; kept for reuse."""
    key = (loss.name, targets)
    op = _CATEGORICAL_OPERATIONS.get(key)
    if op is None:
        op = Operation(loss.name,
                       value=lambda *ps: loss.value(ps, targets),
                       local_grads=lambda *ps, out: loss.slopes(ps, targets),
                       local_grads_as_values=lambda *zs, out: loss.slopes_as_values(zs, out, targets),
                       arity=len(targets), formula=loss.formula(targets),
                       derivative_formulas=loss.derivative(targets))
        if len(_CATEGORICAL_OPERATIONS) < 10_000:
            _CATEGORICAL_OPERATIONS[key] = op
    return op


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

