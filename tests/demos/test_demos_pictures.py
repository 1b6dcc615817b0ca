"""The demos that redraw the notes' pictures: their numbers against plain-float references.

Gradient descent at six learning rates, the three descent variants, the
activation table, XOR's hidden plane and the approximator's bumps, and the
Playground tutorials. Every reference is computed here without the engine.
"""

import math
import random

import pytest

from demos import activation_table, descent_variants, gradient_descent, playground, xor_pictures


def sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


# ----------------------------------------------------------------------
# Gradient descent on θ²: 10 iterations, six learning rates.
# ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def descent():
    return gradient_descent.compute()


def test_each_learning_rate_multiplies_theta_by_one_minus_two_alpha(descent):
    for lr, (thetas, _) in descent.rates.items():
        assert thetas == pytest.approx([-4.0 * (1 - 2 * lr) ** k for k in range(11)], rel=1e-12, abs=1e-12)


def test_ten_iterations_at_point_one_end_at_four_times_point_eight_to_the_tenth(descent):
    thetas, gradients = descent.rates[0.1]
    assert len(gradients) == 10
    assert thetas[-1] == pytest.approx(-4.0 * 0.8 ** 10, rel=1e-12)


def test_the_gradients_used_are_two_theta(descent):
    for thetas, gradients in descent.rates.values():
        assert gradients == pytest.approx([2 * t for t in thetas[:-1]], rel=1e-15)


def test_the_learning_rates_show_slow_one_step_bouncing_and_diverging_paths(descent):
    t = {lr: thetas for lr, (thetas, _) in descent.rates.items()}
    assert abs(t[0.01][-1]) > 3 and t[0.5][1:] == [0.0] * 10
    assert t[1.0] == [-4.0, 4.0] * 5 + [-4.0]
    assert abs(t[1.5][-1]) == 4.0 * 2 ** 10


# ----------------------------------------------------------------------
# Batch, mini-batch and stochastic descent on a line fit.
# ----------------------------------------------------------------------

def float_descent(X, Y, batch_size, lr, epochs, seed, start):
    """The same descent on floats: ∂J/∂w = (2/m) Σ (w·x + b − y)·x, ∂J/∂b = (2/m) Σ (w·x + b − y)."""
    w, b = start
    rng = random.Random(seed)
    order = list(range(len(X)))
    path = [(w, b)]
    for _ in range(epochs):
        if batch_size < len(X):
            rng.shuffle(order)
        for first in range(0, len(X), batch_size):
            batch = order[first:first + batch_size]
            errors = [(w * X[i] + b - Y[i], X[i]) for i in batch]
            grad_w = 2 * sum(e * x for e, x in errors) / len(batch)
            grad_b = 2 * sum(e for e, _ in errors) / len(batch)
            w, b = w - lr * grad_w, b - lr * grad_b
            path.append((w, b))
    return path


@pytest.fixture(scope="module")
def variants():
    return descent_variants.compute()


@pytest.mark.parametrize("name", list(descent_variants.VARIANTS))
def test_each_variant_follows_the_hand_derived_gradient(variants, name):
    expected = float_descent(variants.X, variants.Y, descent_variants.VARIANTS[name],
                             descent_variants.LEARNING_RATE, descent_variants.EPOCHS,
                             descent_variants.SEED, descent_variants.START)
    got = variants.paths[name]
    assert len(got) == len(expected)
    for (w, b), (w_ref, b_ref) in zip(got, expected):
        assert (w, b) == pytest.approx((w_ref, b_ref), abs=1e-12)


def test_the_variants_make_one_update_per_batch(variants):
    epochs = descent_variants.EPOCHS
    assert {name: len(path) - 1 for name, path in variants.paths.items()} == {
        "batch": epochs, "mini-batch (5)": 4 * epochs, "stochastic": 20 * epochs}


def test_the_least_squares_minimum_has_zero_slope(variants):
    X, Y = variants.X, variants.Y
    w, b = variants.minimum
    eps = 1e-6
    slope_w = (descent_variants.loss(w + eps, b, X, Y) - descent_variants.loss(w - eps, b, X, Y)) / (2 * eps)
    slope_b = (descent_variants.loss(w, b + eps, X, Y) - descent_variants.loss(w, b - eps, X, Y)) / (2 * eps)
    assert abs(slope_w) < 1e-8 and abs(slope_b) < 1e-8


def test_batch_descent_lowers_the_loss_at_every_step(variants):
    losses = [descent_variants.loss(w, b, variants.X, variants.Y) for w, b in variants.paths["batch"]]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))


# ----------------------------------------------------------------------
# The activation table.
# ----------------------------------------------------------------------

PLAIN = {   # name -> f on floats, written independently of the engine
    "Identity": lambda x: x,
    "Binary step": lambda x: 1.0 if x >= 0 else 0.0,
    "Logistic (soft step)": sigmoid,
    "TanH": math.tanh,
    "ArcTan": math.atan,
    "ReLU": lambda x: max(0.0, x),
    "PReLU (α = 0.1)": lambda x: x if x >= 0 else 0.1 * x,
    "ELU (α = 1)": lambda x: x if x >= 0 else math.exp(x) - 1.0,
    "SoftPlus": lambda x: math.log1p(math.exp(x)),
}


@pytest.fixture(scope="module")
def table():
    return activation_table.compute(points=61)


def test_the_table_has_the_notes_nine_rows(table):
    assert [a.name for a in activation_table.TABLE] == list(PLAIN)


@pytest.mark.parametrize("name", list(PLAIN))
def test_each_activation_value_matches_the_plain_float_function(table, name):
    assert table.values[name] == pytest.approx([PLAIN[name](x) for x in table.xs], abs=1e-15)


@pytest.mark.parametrize("name", list(PLAIN))
def test_each_derivative_by_backward_matches_central_differences(table, name):
    f, eps = PLAIN[name], 1e-6
    for x, derivative in zip(table.xs, table.derivatives[name]):
        if abs(x) < 1e-3:          # the kinks and the step sit at 0
            continue
        assert derivative == pytest.approx((f(x + eps) - f(x - eps)) / (2 * eps), abs=1e-8), x


def test_at_zero_the_step_and_relu_derivatives_are_zero(table):
    middle = table.xs.index(0.0)
    assert table.derivatives["Binary step"][middle] == 0.0
    assert table.derivatives["ReLU"][middle] == 0.0


def test_at_zero_relu_and_prelu_differ_from_the_table_by_convention_only():
    """The table's f′ = 1 "for x ≥ 0"; the engine takes ReLU's left slope at the kink (0,
    as PyTorch), PReLU's α. ELU with α = 1 has slope 1 from both sides: no difference."""
    differs = {a.name: activation_table.convention_at_zero(a) for a in activation_table.TABLE}
    assert {name: pair for name, pair in differs.items() if pair} == {
        "ReLU": (1.0, 0.0), "PReLU (α = 0.1)": (1.0, 0.1)}


def test_the_derivative_column_says_where_the_engine_takes_another_value_at_zero():
    texts = {a.name: activation_table.derivative_text(a) for a in activation_table.TABLE}
    assert texts["ReLU"] == "f′(x) = 0 for x < 0,  1 for x ≥ 0\n(at 0: table 1, engine 0, a convention)"
    assert texts["PReLU (α = 0.1)"].endswith("(at 0: table 1, engine 0.1, a convention)")
    assert texts["ELU (α = 1)"] == "f′(x) = f(x) + α for x < 0,  1 for x ≥ 0"


def test_the_tables_derivative_formulas_agree_with_the_engine(table):
    assert [c.quantity for c in table.comparisons if c.is_erratum] == []


# ----------------------------------------------------------------------
# XOR's planes and the approximator's bumps.
# ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def xor_planes():
    return xor_pictures.compute(grid=21, curve_points=200)


def test_xor_lands_on_three_corners_of_the_hidden_plane(xor_planes):
    hidden = {tuple(int(v) for v in row.x): tuple(row.h) for row in xor_planes.rows}
    assert hidden == {(0, 0): (0.0, 0.0), (1, 0): (1.0, 0.0), (0, 1): (1.0, 0.0), (1, 1): (1.0, 1.0)}


def test_one_line_separates_xor_in_the_hidden_plane(xor_planes):
    for row in xor_planes.rows:
        above = row.h[0] - row.h[1] - 0.5 > 0
        assert above == bool(int(row.x[0]) ^ int(row.x[1]))


def test_bump_network_is_four_sigmoid_edges_through_a_sigmoid(xor_planes):
    k, K = xor_pictures.EDGE_SLOPE, xor_pictures.OUTPUT_SLOPE
    xs, ys, heights = xor_planes.bump_grid
    for r in range(0, len(ys), 5):
        for c in range(0, len(xs), 5):
            x1, x2 = xs[c], ys[r]
            edges = sigmoid(k * (x1 + 1)) + sigmoid(k * (1 - x1)) + sigmoid(k * (x2 + 1)) + sigmoid(k * (1 - x2))
            assert heights[r][c] == pytest.approx(sigmoid(K * (edges - 3.5)), abs=1e-14)


def test_the_bump_is_high_inside_the_square_and_low_outside(xor_planes):
    xs, _, heights = xor_planes.bump_grid
    middle = len(xs) // 2
    assert heights[middle][middle] > 0.95 and heights[0][0] < 1e-4 and heights[middle][0] < 0.01


def test_bumps_network_is_a_sum_of_sigmoid_pairs(xor_planes):
    count = 8
    width = 2 * math.pi / (count - 1)
    k = 20 / width
    for x, got in list(zip(xor_planes.curve_xs, xor_planes.approximations[count]))[::17]:
        expected = sum(xor_pictures.target_curve(c) * (sigmoid(k * (x - c + width / 2)) - sigmoid(k * (x - c - width / 2)))
                       for c in (j * width for j in range(count)))
        assert got == pytest.approx(expected, abs=1e-12)


def test_more_bumps_approximate_the_curve_more_closely(xor_planes):
    errors = [xor_planes.max_errors[n] for n in xor_pictures.BUMP_COUNTS]
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    assert errors[-1] < 0.1


# ----------------------------------------------------------------------
# The Playground tutorials.
# ----------------------------------------------------------------------

def test_snapshots_double_up_to_the_last_epoch():
    assert playground.snapshot_epochs(160) == [5, 10, 20, 40, 80, 160]


def test_the_spiral_is_trained_on_the_dataset_scaled_by_four():
    import nn
    X, Y = nn.make_spiral(20, noise=0.0, seed=3)
    task = next(t for t in playground.TASKS if t.name == "Spiral")
    scaled, same_labels = task.make(20, 3)
    assert scaled == [[4 * a, 4 * b] for a, b in X] and same_labels == Y


def test_the_gaussian_tutorial_separates_its_two_clouds():
    result = playground.train(playground.TASKS[0], points=60, grid=5)
    assert result.accuracy == 1.0 and result.losses[-1] < result.losses[0]


def test_a_quick_playground_run_draws_each_boundary_and_the_spiral_snapshots():
    results = playground.compute(points=20, grid=6, epoch_fraction=0.05)
    assert [r.task.name for r in results] == ["Gaussian", "Circle", "Spiral"]
    for r in results:
        assert len(r.grid[2]) == 6 and all(0.0 < p < 1.0 for row in r.grid[2] for p in row)
    spiral = results[-1]
    epochs = [epoch for epoch, _ in spiral.snapshots]
    assert epochs == sorted(epochs) and epochs[-1] == len(spiral.losses)
    assert spiral.snapshots[-1][1] is spiral.grid


def test_the_spiral_animation_has_one_frame_per_snapshot(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    plt = pytest.importorskip("matplotlib.pyplot")
    spiral = playground.train(playground.TASKS[2], points=20, grid=5, epoch_fraction=0.05, snapshots=True)
    path = playground.save_animation(plt, spiral, str(tmp_path), "spiral.gif")
    with Image.open(path) as animation:
        assert animation.n_frames == len(spiral.snapshots) == len(playground.snapshot_epochs(8))
