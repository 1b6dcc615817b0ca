"""Losses and softmax: values by hand, gradients by central differences, bad input."""

import math

import pytest

from autograd_core import Value, grad, gradcheck, hessian, no_grad
from nn import (bce_loss, bce_with_logits_loss, cross_entropy_loss, cross_entropy_with_logits_loss,
                hinge_loss, mse_loss, softmax, sse_loss)

# ----------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------


def test_mse_is_the_mean_of_squared_errors():
    assert mse_loss([Value(1.0), Value(2.0)], [0.0, 4.0]).data == (1.0 + 4.0) / 2


def test_sse_is_half_the_sum_of_squared_errors():
    assert sse_loss([Value(1.0), Value(2.0)], [0.0, 4.0]).data == 0.5 * (1.0 + 4.0)


def test_losses_accept_a_single_value_and_a_number_target():
    assert mse_loss(Value(3.0), 1.0).data == 4.0


def test_losses_accept_plain_number_predictions():
    assert sse_loss([1.0, 2.0], [1.0, 0.0]).data == 2.0


def test_losses_accept_a_batch_of_output_lists_and_average_every_entry():
    predictions = [[Value(1.0), Value(0.0)], [Value(0.0), Value(0.0)]]
    assert mse_loss(predictions, [[0.0, 0.0], [0.0, 2.0]]).data == (1.0 + 4.0) / 4


def test_a_value_target_counts_as_a_constant():
    target = Value(1.0)
    prediction = Value(3.0)
    mse_loss(prediction, target).backward()
    assert prediction.grad == 4.0 and target.grad == 0.0


def test_bce_matches_the_formula():
    p, y = 0.8, 1.0
    expected = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    assert bce_loss(Value(p), y).data == pytest.approx(expected, rel=1e-15)


def test_bce_is_the_mean_over_predictions():
    ps, ys = [0.9, 0.2, 0.6], [1.0, 0.0, 1.0]
    expected = -sum(y * math.log(p) + (1 - y) * math.log(1 - p) for p, y in zip(ps, ys)) / 3
    assert bce_loss([Value(p) for p in ps], ys).data == pytest.approx(expected, rel=1e-14)


def test_bce_term_is_one_node_whose_op_names_the_target():
    p = Value(0.3)
    term = bce_loss(p, 1.0).inputs[0].inputs[0]
    assert term.op == "bce y=1" and term.inputs == (p,)


@pytest.mark.parametrize("p, y", [(0.0, 1.0), (1.0, 0.0)])
def test_bce_of_a_certain_wrong_prediction_is_100_as_in_pytorch(p, y):
    assert bce_loss(Value(p), y).data == 100.0


@pytest.mark.parametrize("p, y", [(0.0, 0.0), (1.0, 1.0)])
def test_bce_of_a_certain_right_prediction_is_zero(p, y):
    assert bce_loss(Value(p), y).data == 0.0


@pytest.mark.parametrize("p, y", [(0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (1.0, 1.0)])
def test_bce_gradient_is_finite_at_zero_and_one(p, y):
    prediction = Value(p)
    bce_loss(prediction, y).backward()
    assert math.isfinite(prediction.grad)
    # PyTorch's BCELoss: (p - y) / max(p·(1 - p), 1e-12)
    assert prediction.grad == (p - y) / 1e-12


def test_bce_through_a_saturated_sigmoid_is_finite():
    x = Value(40.0)                     # sigmoid(40) rounds to exactly 1.0
    loss = bce_loss(x.sigmoid(), 0.0)
    loss.backward()
    assert loss.data == 100.0 and math.isfinite(x.grad)


def test_softmax_gives_probabilities_that_sum_to_one():
    probs = softmax([Value(0.8), Value(1.2), Value(3.1)])
    assert sum(p.data for p in probs) == pytest.approx(1.0, abs=1e-15)
    exps = [math.exp(z) for z in (0.8, 1.2, 3.1)]
    assert [p.data for p in probs] == pytest.approx([e / sum(exps) for e in exps], rel=1e-14)


def test_softmax_of_the_notes_logits():
    probs = softmax([2.0, 1.0, 0.1])
    assert [round(p.data, 1) for p in probs] == [0.7, 0.2, 0.1]


def test_softmax_does_not_overflow_for_large_inputs():
    probs = softmax([Value(1000.0), Value(1000.0), Value(-1000.0)])
    assert [p.data for p in probs] == [0.5, 0.5, 0.0]


def test_softmax_of_an_empty_list_is_an_error():
    with pytest.raises(ValueError, match="softmax: needs at least one value"):
        softmax([])


def test_cross_entropy_uses_the_natural_log_of_the_true_class():
    probs = [Value(0.2), Value(0.7), Value(0.1)]
    assert cross_entropy_loss(probs, [0, 1, 0]).data == pytest.approx(-math.log(0.7), rel=1e-15)


def test_cross_entropy_of_a_batch_is_the_mean_over_samples():
    batch = [[Value(0.5), Value(0.5)], [Value(0.9), Value(0.1)]]
    expected = (-math.log(0.5) - math.log(0.9)) / 2
    assert cross_entropy_loss(batch, [[1, 0], [1, 0]]).data == pytest.approx(expected, rel=1e-15)


def test_cross_entropy_at_a_zero_probability_is_finite():
    probs = [Value(0.0), Value(1.0)]
    loss = cross_entropy_loss(probs, [1.0, 0.0])
    loss.backward()
    assert loss.data == 100.0 and probs[0].grad == -1e12


def test_hinge_is_the_mean_of_clipped_margins():
    scores = [Value(2.0), Value(0.5), Value(-0.5)]
    assert hinge_loss(scores, [1, 1, 1]).data == (0.0 + 0.5 + 1.5) / 3


def test_losses_under_no_grad_record_no_graph():
    with no_grad():
        loss = bce_loss(Value(0.3), 1.0)
    assert loss.inputs == ()


# ----------------------------------------------------------------------
# Gradients against central differences
# ----------------------------------------------------------------------

def test_mse_gradient():
    assert gradcheck(lambda a, b: mse_loss([a, b], [1.0, -2.0]), [0.3, 0.7])


def test_sse_gradient():
    assert gradcheck(lambda a, b: sse_loss([a, b], [0.01, 0.99]), [0.75, 0.77])


@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_bce_gradient(y):
    assert gradcheck(lambda a, b: bce_loss([a, b], [y, 1.0 - y]), [0.2, 0.85])


def test_bce_after_sigmoid_gradient_is_prediction_minus_target():
    # the notes' result for XOR: ∂L/∂z = ŷ - y when ŷ = σ(z)
    z = Value(0.4)
    bce_loss(z.sigmoid(), 1.0).backward()
    assert z.grad == pytest.approx(1.0 / (1.0 + math.exp(-0.4)) - 1.0, rel=1e-12)


def test_hinge_gradient():
    assert gradcheck(lambda a, b: hinge_loss([a, b], [1, -1]), [0.3, 0.2])


@pytest.mark.parametrize("k", [0, 1, 2])
def test_softmax_gradient_of_each_output(k):
    assert gradcheck(lambda a, b, c: softmax([a, b, c])[k], [0.8, 1.2, 3.1])


def test_softmax_gradient_of_a_weighted_sum_of_outputs():
    assert gradcheck(lambda a, b, c: sum(w * p for w, p in zip((1.0, -2.0, 3.0), softmax([a, b, c]))),
                     [0.5, -1.0, 2.0])


def test_cross_entropy_gradient():
    assert gradcheck(lambda a, b, c: cross_entropy_loss([a, b, c], [0.0, 1.0, 0.0]), [0.2, 0.5, 0.3])


def test_cross_entropy_of_softmax_gradient_is_probabilities_minus_one_hot():
    logits = [Value(0.8), Value(1.2), Value(3.1)]
    probs = softmax(logits)
    cross_entropy_loss(probs, [1.0, 0.0, 0.0]).backward()
    expected = [p.data - t for p, t in zip(probs, [1.0, 0.0, 0.0])]
    assert [z.grad for z in logits] == pytest.approx(expected, rel=1e-12)


# ----------------------------------------------------------------------
# Bad input
# ----------------------------------------------------------------------

@pytest.mark.parametrize("loss", [mse_loss, sse_loss, bce_loss, hinge_loss])
def test_loss_with_more_predictions_than_targets_names_both_counts(loss):
    with pytest.raises(ValueError, match="3 predictions but 2 targets"):
        loss([Value(0.5), Value(0.5), Value(0.5)], [1.0, 1.0])


def test_loss_with_a_list_against_a_number_names_the_shapes():
    with pytest.raises(ValueError, match="prediction is a list of 2, target is a single number"):
        mse_loss([Value(1.0), Value(2.0)], 1.0)


def test_loss_shape_mismatch_inside_a_batch_names_the_position():
    with pytest.raises(ValueError, match=r"2 predictions but 1 targets at \[1\]"):
        mse_loss([[Value(1.0)], [Value(1.0), Value(2.0)]], [[1.0], [1.0]])


def test_loss_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no predictions"):
        mse_loss([], [])


def test_loss_rejects_a_string_target():
    with pytest.raises(TypeError, match=r"mse_loss: target\[0\] must be a Value or a number, got str"):
        mse_loss([Value(1.0)], ["1"])


def test_loss_rejects_a_nan_target():
    with pytest.raises(ValueError, match="target must be finite, got nan"):
        mse_loss(Value(1.0), float("nan"))


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_bce_rejects_a_prediction_outside_zero_one(p):
    with pytest.raises(ValueError, match=f"bce_loss: each prediction must lie in \\[0, 1\\], got {p}"):
        bce_loss(Value(p), 1.0)


def test_bce_rejects_a_target_outside_zero_one():
    with pytest.raises(ValueError, match="each target must lie in"):
        bce_loss(Value(0.5), 2.0)


def test_hinge_rejects_targets_other_than_plus_minus_one():
    with pytest.raises(ValueError, match="targets must be \\+1 or -1, got 0.0"):
        hinge_loss([Value(0.5)], [0])


def test_cross_entropy_rejects_a_negative_target():
    with pytest.raises(ValueError, match="target entries must be >= 0"):
        cross_entropy_loss([Value(0.5), Value(0.5)], [-1.0, 2.0])


def test_cross_entropy_rejects_a_probability_above_one():
    with pytest.raises(ValueError, match="each probability must lie in"):
        cross_entropy_loss([Value(1.5), Value(0.5)], [1.0, 0.0])


def test_softmax_rejects_something_that_is_not_a_list():
    with pytest.raises(TypeError, match="softmax: expected a list"):
        softmax(Value(1.0))


# ----------------------------------------------------------------------
# Losses from logits: exact for any finite score
# ----------------------------------------------------------------------

def _exact(formula, *numbers):
    """``formula`` of the numbers as 800-digit Decimals, rounded once to a float."""
    from decimal import Decimal, localcontext
    with localcontext() as context:
        context.prec = 800
        return float(formula(*(Decimal(x) for x in numbers)))


def _exact_bce_of_logit(z, y):
    # -[y ln σ(z) + (1 - y) ln(1 - σ(z))] with σ(z) = 1/(1 + e^-z), 1 - σ(z) = 1/(1 + e^z)
    return _exact(lambda z, y: y * (1 + (-z).exp()).ln() + (1 - y) * (1 + z.exp()).ln(), z, y)


@pytest.mark.parametrize("z", [-800.0, -40.0, -3.0, -1e-10, 0.0, 2.5, 40.0, 800.0])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_bce_with_logits_value_is_exact(z, y):
    loss = bce_with_logits_loss(Value(z), y)
    assert loss.data == pytest.approx(_exact_bce_of_logit(z, y), rel=1e-15, abs=1e-300)


@pytest.mark.parametrize("z", [-800.0, -40.0, -3.0, 0.0, 2.5, 40.0, 800.0])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_bce_with_logits_gradient_is_sigmoid_minus_target_exactly(z, y):
    score = Value(z)
    bce_with_logits_loss(score, y).backward()
    expected = _exact(lambda z, y: 1 / (1 + (-z).exp()) - y, z, y)
    assert score.grad == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_bce_of_a_saturated_sigmoid_loses_the_gradient_that_bce_with_logits_keeps():
    # the notes' loss of a probability: σ(40) rounds to 1, and dL/dz to 0
    z = Value(40.0)
    bce_loss([z.sigmoid()], [0]).backward()
    assert z.grad < 1e-5                   # the true gradient is σ(40) - 0 ≈ 1
    # from the score itself the true gradient, σ(40) - 0 ≈ 1, survives
    z = Value(40.0)
    loss = bce_with_logits_loss([z], [0])
    loss.backward()
    assert z.grad == 1.0 and loss.data == 40.0


def test_cross_entropy_of_a_saturated_softmax_loses_the_gradient_that_with_logits_keeps():
    scores = [Value(1000.0), Value(0.0), Value(-1000.0)]
    cross_entropy_loss(softmax(scores), [0, 0, 1]).backward()
    assert [z.grad for z in scores] == [0.0, 0.0, 0.0]
    scores = [Value(1000.0), Value(0.0), Value(-1000.0)]
    loss = cross_entropy_with_logits_loss(scores, [0, 0, 1])
    loss.backward()
    assert [z.grad for z in scores] == [1.0, 0.0, -1.0] and loss.data == 2000.0


@pytest.mark.parametrize("scores, target", [
    ([0.8, 1.2, 3.1], [1, 0, 0]), ([0.8, 1.2, 3.1], [0.2, 0.5, 0.3]),
    ([-700.0, 0.0, 700.0], [0, 1, 0]), ([1e-10, -1e-10, 0.0], [0, 0, 1]),
    # a confident right answer: p rounds to 1, the loss and its slope do not round to 0
    ([40.0, 0.0, 0.0], [1, 0, 0]), ([0.0, 50.0, -3.0], [0.25, 0.75, 0]), ([7.0], [1]),
])
def test_cross_entropy_with_logits_value_and_gradient_are_exact(scores, target):
    zs = [Value(z) for z in scores]
    loss = cross_entropy_with_logits_loss(zs, target)
    loss.backward()
    n = len(scores)

    def value(*numbers):                     # Σᵢ yᵢ·(logsumexp(z) - zᵢ)
        z, y = numbers[:n], numbers[n:]
        log_sum_exp = sum(v.exp() for v in z).ln()
        return sum(yi * (log_sum_exp - zi) for zi, yi in zip(z, y))

    def slope(j):                            # (Σᵢ yᵢ)·softmax(z)ⱼ - yⱼ
        def formula(*numbers):
            z, y = numbers[:n], numbers[n:]
            return sum(y) * z[j].exp() / sum(v.exp() for v in z) - y[j]
        return formula

    assert loss.data == pytest.approx(_exact(value, *scores, *target), rel=1e-14, abs=1e-300)
    for j, z in enumerate(zs):
        assert z.grad == pytest.approx(_exact(slope(j), *scores, *target), rel=1e-14, abs=1e-16)


def test_bce_with_logits_agrees_with_pytorch_on_random_scores():
    torch = pytest.importorskip("torch")
    rng = __import__("random").Random(5)
    for _ in range(50):
        # PyTorch's own log(1 + e^-|z|) loses digits far out; the exact references above judge there
        z, y = rng.uniform(-10, 10), rng.choice([0.0, 1.0, rng.random()])
        score = Value(z)
        loss = bce_with_logits_loss(score, y)
        loss.backward()
        t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        expected = torch.nn.functional.binary_cross_entropy_with_logits(
            t, torch.tensor(y, dtype=torch.float64))
        expected.backward()
        assert math.isclose(loss.data, expected.item(), rel_tol=1e-9, abs_tol=1e-15)
        assert math.isclose(score.grad, t.grad.item(), rel_tol=1e-9, abs_tol=1e-15)


def test_cross_entropy_with_logits_agrees_with_pytorch_on_random_batches():
    torch = pytest.importorskip("torch")
    rng = __import__("random").Random(6)
    for _ in range(20):
        scores = [[rng.uniform(-30, 30) for _ in range(4)] for _ in range(3)]
        classes = [rng.randrange(4) for _ in range(3)]
        zs = [[Value(z) for z in row] for row in scores]
        loss = cross_entropy_with_logits_loss(zs, [[float(k == c) for k in range(4)] for c in classes])
        loss.backward()
        t = torch.tensor(scores, dtype=torch.float64, requires_grad=True)
        expected = torch.nn.functional.cross_entropy(t, torch.tensor(classes))
        expected.backward()
        assert math.isclose(loss.data, expected.item(), rel_tol=1e-12)
        for row, trow in zip(zs, t.grad.tolist()):
            for z, g in zip(row, trow):
                assert math.isclose(z.grad, g, rel_tol=1e-9, abs_tol=1e-16)


def test_bce_with_logits_term_is_one_node_whose_op_names_the_target():
    z = Value(0.3)
    term = bce_with_logits_loss(z, 1.0).inputs[0].inputs[0]
    assert term.op == "bce_with_logits y=1" and term.inputs == (z,)


def test_cross_entropy_with_logits_is_one_node_per_sample():
    zs = [Value(0.1), Value(0.2), Value(0.3)]
    loss = cross_entropy_with_logits_loss(zs, [0, 1, 0])
    assert loss.op == "cross-entropy(logits)" and loss.inputs == tuple(zs)


def test_cross_entropy_with_logits_of_a_batch_is_the_mean_over_samples():
    a = cross_entropy_with_logits_loss([Value(0.1), Value(2.0)], [1, 0]).data
    b = cross_entropy_with_logits_loss([Value(-1.0), Value(0.5)], [0, 1]).data
    batch = cross_entropy_with_logits_loss([[Value(0.1), Value(2.0)], [Value(-1.0), Value(0.5)]],
                                           [[1, 0], [0, 1]])
    assert batch.data == pytest.approx((a + b) / 2, rel=1e-15)


def test_bce_with_logits_second_derivative_is_sigmoid_times_one_minus_sigmoid():
    z = Value(1.7)
    (slope,) = grad(bce_with_logits_loss(z, 1.0), z, create_graph=True)
    (curvature,) = grad(slope, z)
    s = 1 / (1 + math.exp(-1.7))
    assert curvature.data == pytest.approx(s * (1 - s), rel=1e-14)


def test_cross_entropy_with_logits_hessian_is_diag_p_minus_p_p_transposed():
    zs = [Value(0.8), Value(1.2), Value(-0.5)]
    h = hessian(cross_entropy_with_logits_loss(zs, [0, 1, 0]), zs)
    exps = [math.exp(z) for z in (0.8, 1.2, -0.5)]
    p = [e / sum(exps) for e in exps]
    for i in range(3):
        for j in range(3):
            assert h[i][j] == pytest.approx((p[i] if i == j else 0.0) - p[i] * p[j], rel=1e-13)


@pytest.mark.parametrize("y", [-0.5, 1.5])
def test_bce_with_logits_rejects_a_target_outside_zero_one(y):
    with pytest.raises(ValueError, match=rf"bce_with_logits_loss: each target must lie in \[0, 1\], got {y!r}"):
        bce_with_logits_loss(Value(0.0), y)


def test_cross_entropy_with_logits_rejects_a_negative_target():
    with pytest.raises(ValueError, match=r"cross_entropy_with_logits_loss: target entries must be >= 0"):
        cross_entropy_with_logits_loss([Value(0.0), Value(1.0)], [-1, 2])


@pytest.mark.parametrize("loss", [bce_with_logits_loss, cross_entropy_with_logits_loss])
def test_logits_losses_name_both_counts_when_they_differ(loss):
    with pytest.raises(ValueError, match="3 predictions but 2 targets"):
        loss([Value(0.5), Value(0.5), Value(0.5)], [1.0, 0.0])


@pytest.mark.parametrize("loss", [bce_with_logits_loss, cross_entropy_with_logits_loss])
def test_logits_losses_under_no_grad_record_no_graph(loss):
    with no_grad():
        result = loss([Value(0.5), Value(-0.5)], [1.0, 0.0])
    assert result.inputs == ()


# ----------------------------------------------------------------------
# The loss of a probability near 0: ln(1 - p) without cancellation
# ----------------------------------------------------------------------

@pytest.mark.parametrize("p", [1e-10, 1e-20, 3e-300, 0.25])
def test_bce_of_a_small_probability_against_zero_is_exact(p):
    assert bce_loss(Value(p), 0.0).data == pytest.approx(
        _exact(lambda p: -(1 - p).ln(), p), rel=1e-15, abs=1e-300)


@pytest.mark.parametrize("loss", [cross_entropy_with_logits_loss, cross_entropy_loss])
def test_a_categorical_loss_refuses_targets_that_are_not_one_hot(loss):
    # what fit passes for a one-output network: one score per sample, targets 0 1 1 0
    scores = [Value(0.1), Value(0.2), Value(0.3), Value(0.4)]
    with pytest.raises(ValueError, match="one-hot .* use bce_with_logits_loss"):
        loss(scores, [0, 1, 1, 0])


# ----------------------------------------------------------------------
# The logits losses against 50-digit references, out to the extremes
# ----------------------------------------------------------------------

LARGEST_FLOAT = 1.7976931348623157e308
SOFT_AND_HARD_TARGETS = [0.0, 1.0, 0.5, 0.3, 1 - 1e-15, 1 - 1e-12, 1e-15, 1e-300]
SCORES_OUT_TO_1E300 = [1e300, 1e6, 1000.0, 40.0, 1.0, 1e-10, 5e-324, 0.0,
                       -5e-324, -1e-10, -1.0, -40.0, -1000.0, -1e6, -1e300]


def _bce_with_logits_reference(z, y):
    """The 50-digit loss y·ln(1 + e^-z) + (1 - y)·ln(1 + e^z) and slope (1 - y)·σ(z) - y·σ(-z)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        z, y = mpmath.mpf(z), mpmath.mpf(y)
        loss = y * mpmath.log1p(mpmath.exp(-z)) + (1 - y) * mpmath.log1p(mpmath.exp(z))
        up, down = 1 / (1 + mpmath.exp(-z)), 1 / (1 + mpmath.exp(z))
        return loss, (1 - y) * up, y * down


@pytest.mark.parametrize("y", SOFT_AND_HARD_TARGETS)
@pytest.mark.parametrize("z", SCORES_OUT_TO_1E300)
def test_bce_with_logits_value_and_slope_agree_with_50_digit_references(z, y):
    # max(z, 0) - y·z cancels for y near 1 and a large score (z = 1e6, y = 1 - 1e-15:
    # 5% off); PyTorch's (1 - y)·z + ln(1 + e^-z) does not
    loss, positive, negative = _bce_with_logits_reference(z, y)
    score = Value(z)
    result = bce_with_logits_loss(score, y)
    result.backward()
    assert result.data == pytest.approx(float(loss), rel=1e-15, abs=0)
    # the slope is a difference of two terms: judged against their size
    assert abs(score.grad - float(positive - negative)) <= 1e-15 * float(positive + negative)


def test_bce_with_logits_of_a_target_near_one_and_a_large_score_keeps_its_digits():
    loss, _, _ = _bce_with_logits_reference(1e6, 1 - 1e-15)
    assert bce_with_logits_loss(Value(1e6), 1 - 1e-15).data == pytest.approx(float(loss), rel=1e-15)
    loss, _, _ = _bce_with_logits_reference(1000.0, 1 - 1e-12)
    assert bce_with_logits_loss(Value(1000.0), 1 - 1e-12).data == pytest.approx(float(loss), rel=1e-15)


def _cross_entropy_reference(scores, targets):
    """The 50-digit loss Σᵢ yᵢ·(logsumexp(z) - zᵢ) and slopes (Σᵢ yᵢ)·softmax(z)ⱼ - yⱼ (m = max z)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        z = [mpmath.mpf(s) for s in scores]
        y = [mpmath.mpf(t) for t in targets]
        top = max(z)
        total = mpmath.fsum(mpmath.exp(s - top) for s in z)
        # logsumexp(z) - zᵢ = (m - zᵢ) + ln Σ e^(z - m): each difference of two floats is
        # rounded once, to 50 digits of itself (m + ln 2 would lose ln 2 at m = -1e308)
        loss = mpmath.fsum(t * ((top - s) + mpmath.log(total)) for s, t in zip(z, y) if t)
        slopes = [sum(y) * mpmath.exp(s - top) / total - t for s, t in zip(z, y)]
        return loss, slopes


@pytest.mark.parametrize("scores, targets", [
    ([1e308, -1e308], [1, 0]), ([-1e308, 1e308], [0, 1]), ([1e308, -1e308], [0.5, 0.5]),
    ([LARGEST_FLOAT, -LARGEST_FLOAT, 0.0], [1, 0, 0]), ([-1e308, -1e308], [1, 0]),
    ([1e308, 1e308, -1e308], [0, 1, 0]), ([1e308, -1e308, 5.0], [0.25, 0, 0.75]),
    ([-1e308, 1e300, 0.0], [0.5, 0.5, 0]), ([1e300, 1e300 * (1 - 1e-15)], [1, 0]),
    ([-LARGEST_FLOAT, -LARGEST_FLOAT], [0.5, 0.5]),
])
def test_cross_entropy_with_logits_at_extreme_scores_agrees_with_50_digit_references(scores, targets):
    loss, slopes = _cross_entropy_reference(scores, targets)
    zs = [Value(s) for s in scores]
    result = cross_entropy_with_logits_loss(zs, targets)
    result.backward()
    assert result.data == pytest.approx(float(loss), rel=1e-15, abs=0)
    assert [z.grad for z in zs] == pytest.approx([float(s) for s in slopes], rel=1e-15, abs=1e-300)


def test_cross_entropy_with_logits_of_the_right_class_far_ahead_is_zero():
    assert cross_entropy_with_logits_loss([Value(1e308), Value(-1e308)], [1, 0]).data == 0.0


def test_cross_entropy_with_logits_beyond_the_largest_float_is_an_error_saying_so():
    # the true loss, 2e308, is no float
    loss, _ = _cross_entropy_reference([1e308, -1e308], [0, 1])
    assert loss > LARGEST_FLOAT
    with pytest.raises((OverflowError, ValueError), match=r"cross-entropy\(logits\).* finite"):
        cross_entropy_with_logits_loss([Value(1e308), Value(-1e308)], [0, 1])


def test_cross_entropy_with_logits_second_derivatives_at_extreme_scores_are_finite():
    zs = [Value(1e308), Value(-1e308), Value(0.0)]
    h = hessian(cross_entropy_with_logits_loss(zs, [1, 0, 0]), zs)
    assert h == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
