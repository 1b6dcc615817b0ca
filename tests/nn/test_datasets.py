"""The demo datasets: XOR's truth table, the two moons and the Playground's three sets."""

import math
import re

import pytest

from nn import make_circles, make_gaussians, make_moons, make_spiral, make_xor, xor


def test_xor_is_the_truth_table():
    X, Y = xor()
    assert [(a, b, y) for (a, b), y in zip(X, Y)] == [
        (0.0, 0.0, 0.0), (0.0, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, 0.0)]


def test_xor_returns_fresh_lists_each_call():
    X, _ = xor()
    X[0][0] = 5.0
    assert xor()[0][0][0] == 0.0


def test_moons_has_n_points_of_two_coordinates():
    X, Y = make_moons(51, noise=0.1, seed=0)
    assert len(X) == len(Y) == 51 and all(len(x) == 2 for x in X)


def test_moons_splits_the_points_between_the_two_labels():
    _, Y = make_moons(51, noise=0.1, seed=0)
    assert (Y.count(0.0), Y.count(1.0)) == (25, 26)


def test_moons_without_noise_lie_on_their_half_circles():
    X, Y = make_moons(40, noise=0.0, seed=0)
    for (x, y), label in zip(X, Y):
        if label == 0.0:
            assert math.hypot(x, y) == pytest.approx(1.0) and y >= -1e-12
        else:
            assert math.hypot(x - 1.0, y - 0.5) == pytest.approx(1.0) and y <= 0.5 + 1e-12


def test_moons_with_the_same_seed_are_identical():
    assert make_moons(30, noise=0.2, seed=5) == make_moons(30, noise=0.2, seed=5)


def test_moons_with_different_seeds_differ():
    assert make_moons(30, noise=0.2, seed=5) != make_moons(30, noise=0.2, seed=6)


def test_moons_noise_moves_points_by_about_its_size():
    clean, _ = make_moons(400, noise=0.0, seed=1)
    noisy, _ = make_moons(400, noise=0.1, seed=1)
    # same seed, same shuffle: the difference is the noise alone
    offsets = [a - b for p, q in zip(noisy, clean) for a, b in zip(p, q)]
    spread = math.sqrt(sum(d * d for d in offsets) / len(offsets))
    assert 0.08 < spread < 0.12


@pytest.mark.parametrize("n", [1, 0, 2.5, True])
def test_moons_needs_at_least_two_points(n):
    with pytest.raises(ValueError, match="n must be an int >= 2"):
        make_moons(n)


@pytest.mark.parametrize("noise", [-0.1, float("inf"), float("nan")])
def test_moons_noise_must_be_finite_and_non_negative(noise):
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        make_moons(10, noise=noise)



# ----------------------------------------------------------------------
# The Playground's sets: the same conventions as make_moons.
# ----------------------------------------------------------------------

PLAYGROUND_SETS = [make_gaussians, make_circles, make_spiral, make_xor]


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
def test_playground_set_has_n_points_of_two_coordinates(make):
    X, Y = make(51, noise=0.1, seed=0)
    assert len(X) == len(Y) == 51 and all(len(x) == 2 for x in X)


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
def test_playground_set_splits_the_points_between_the_two_labels(make):
    _, Y = make(51, noise=0.1, seed=0)
    assert (Y.count(0.0), Y.count(1.0)) == (25, 26)


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
def test_playground_set_with_the_same_seed_is_identical(make):
    assert make(30, noise=0.2, seed=5) == make(30, noise=0.2, seed=5)


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
def test_playground_set_with_different_seeds_differs(make):
    assert make(30, noise=0.2, seed=5) != make(30, noise=0.2, seed=6)


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
def test_playground_set_noise_moves_points_by_about_its_size(make):
    clean, _ = make(400, noise=0.0, seed=1)
    noisy, _ = make(400, noise=0.1, seed=1)
    offsets = [a - b for p, q in zip(noisy, clean) for a, b in zip(p, q)]
    spread = math.sqrt(sum(d * d for d in offsets) / len(offsets))
    assert 0.08 < spread < 0.12


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
@pytest.mark.parametrize("n", [1, 0, 2.5, True, "10"])
def test_playground_set_needs_at_least_two_points(make, n):
    with pytest.raises(ValueError, match=f"{make.__name__}: n must be an int >= 2"):
        make(n)


@pytest.mark.parametrize("make", PLAYGROUND_SETS)
@pytest.mark.parametrize("noise", [-0.1, float("inf"), float("nan"), None])
def test_playground_set_noise_must_be_finite_and_non_negative(make, noise):
    with pytest.raises(ValueError, match=f"{make.__name__}: noise must be a finite number >= 0"):
        make(10, noise=noise)


def test_gaussians_without_noise_sit_on_their_two_centres():
    X, Y = make_gaussians(20, noise=0.0, seed=0)
    for x, label in zip(X, Y):
        assert x == ([-2.0, -2.0] if label == 0.0 else [2.0, 2.0])


def test_gaussians_noise_is_the_spread_around_each_centre():
    X, Y = make_gaussians(2000, noise=0.5, seed=3)
    ones = [x for x, label in zip(X, Y) if label == 1.0]
    mean_x = sum(p[0] for p in ones) / len(ones)
    sd_x = math.sqrt(sum((p[0] - mean_x) ** 2 for p in ones) / len(ones))
    assert mean_x == pytest.approx(2.0, abs=0.05) and sd_x == pytest.approx(0.5, abs=0.03)


def test_circles_without_noise_lie_on_radius_one_and_factor():
    X, Y = make_circles(40, noise=0.0, seed=0, factor=0.3)
    for (x, y), label in zip(X, Y):
        assert math.hypot(x, y) == pytest.approx(1.0 if label == 0.0 else 0.3)


def test_circles_spread_their_points_evenly_around():
    X, Y = make_circles(8, noise=0.0, seed=0)
    outer = sorted(round(math.degrees(math.atan2(y, x))) % 360 for (x, y), label in zip(X, Y) if label == 0.0)
    assert outer == [0, 90, 180, 270]


@pytest.mark.parametrize("factor", [0.0, 1.0, -0.5, float("nan"), True])
def test_circles_inner_radius_must_lie_between_0_and_1(factor):
    with pytest.raises(ValueError, match="make_circles: factor .* between 0 and 1"):
        make_circles(10, factor=factor)


def test_spiral_arms_follow_radius_and_angle():
    X, Y = make_spiral(40, noise=0.0, seed=0, turns=1.75)
    for (x, y), label in zip(X, Y):
        r = math.hypot(x, y)
        angle = 2 * math.pi * 1.75 * r + (math.pi if label == 1.0 else 0.0)
        assert (x, y) == pytest.approx((r * math.cos(angle), r * math.sin(angle)), abs=1e-12)


def test_spiral_second_arm_is_the_first_turned_half_a_turn():
    X, Y = make_spiral(40, noise=0.0, seed=0)
    first = sorted((round(x, 12), round(y, 12)) for (x, y), label in zip(X, Y) if label == 0.0)
    second = sorted((round(-x, 12) + 0.0, round(-y, 12) + 0.0) for (x, y), label in zip(X, Y) if label == 1.0)
    assert first == second


@pytest.mark.parametrize("turns", [0, -1.0, float("inf"), None])
def test_spiral_turns_must_be_positive_and_finite(turns):
    with pytest.raises(ValueError, match="make_spiral: turns must be a finite number > 0"):
        make_spiral(10, turns=turns)


def test_xor_quadrants_label_each_point_by_the_xor_of_its_signs():
    X, Y = make_xor(200, noise=0.0, seed=0)
    for (x, y), label in zip(X, Y):
        assert label == float((x > 0) != (y > 0))


def test_xor_quadrants_keep_the_margin_from_both_axes_without_noise():
    X, _ = make_xor(200, noise=0.0, seed=0, margin=0.2)
    assert all(0.2 <= abs(c) <= 1.0 for point in X for c in point)


def test_xor_quadrants_fill_all_four_quadrants():
    X, _ = make_xor(200, noise=0.0, seed=0)
    assert {(x > 0, y > 0) for x, y in X} == {(False, False), (False, True), (True, False), (True, True)}


@pytest.mark.parametrize("margin", [-0.1, 1.0, float("nan"), True])
def test_xor_quadrants_margin_must_lie_in_0_to_1(margin):
    with pytest.raises(ValueError, match=r"make_xor: margin .* in \[0, 1\)"):
        make_xor(10, margin=margin)


# ----------------------------------------------------------------------
# What noise and seed accept
# ----------------------------------------------------------------------

ALL_SETS = [make_moons] + PLAYGROUND_SETS


@pytest.mark.parametrize("make", ALL_SETS)
@pytest.mark.parametrize("noise", [1e308, 1e6, 100.5])
def test_absurd_noise_is_refused_saying_what_range_is_accepted_and_why(make, noise):
    with pytest.raises(ValueError, match=rf"{make.__name__}: noise must be a finite number >= 0 and at "
                                         rf"most 100, got {re.escape(repr(noise))}; .*standard deviation.*within "
                                         rf"about 2"):
        make(10, noise=noise, seed=0)


@pytest.mark.parametrize("make", ALL_SETS)
def test_the_largest_noise_accepted_gives_finite_points(make):
    X, _ = make(200, noise=100, seed=0)
    assert all(math.isfinite(c) for x in X for c in x)


@pytest.mark.parametrize("make", ALL_SETS)
def test_a_numpy_integer_seed_gives_the_same_data_as_the_same_int(make):
    numpy = pytest.importorskip("numpy")
    assert make(20, noise=0.1, seed=numpy.int64(7)) == make(20, noise=0.1, seed=7)
    assert make(20, noise=0.1, seed=numpy.int32(7)) == make(20, noise=0.1, seed=7)


@pytest.mark.parametrize("make", ALL_SETS)
@pytest.mark.parametrize("seed", [True, 1.5, "7", [7]])
def test_a_seed_that_is_not_an_integer_is_refused_by_name(make, seed):
    with pytest.raises(TypeError, match=rf"{make.__name__}: seed must be an int, a random.Random or "
                                        rf"None, got {type(seed).__name__}"):
        make(20, seed=seed)


@pytest.mark.parametrize("make", ALL_SETS)
def test_a_random_generator_as_seed_is_drawn_from(make):
    import random
    assert make(20, noise=0.1, seed=random.Random(3)) == make(20, noise=0.1, seed=random.Random(3))


def test_a_numpy_integer_seeds_a_model_and_fit_as_the_same_int():
    numpy = pytest.importorskip("numpy")
    import nn
    assert nn.MLP(2, [3, 1], seed=numpy.int64(4)).state_dict() == nn.MLP(2, [3, 1], seed=4).state_dict()
    X, Y = nn.xor()
    runs = []
    for seed in (numpy.int64(9), 9):
        model = nn.MLP(2, [3, 1], seed=0)
        runs.append(nn.fit(model, X, Y, nn.mse_loss, nn.SGD(model.parameters(), lr=0.1), epochs=3,
                           batch_size=1, seed=seed, verbose=False))
    assert runs[0] == runs[1]


@pytest.mark.parametrize("seed", [True, 2.5])
def test_a_model_seed_that_is_not_an_integer_is_refused_by_name(seed):
    import nn
    with pytest.raises(TypeError, match=r"MLP\(seed=...\): seed must be an int, a random.Random or None"):
        nn.MLP(2, [1], seed=seed)


@pytest.mark.parametrize("make", [make_moons, make_gaussians, make_circles, make_spiral, make_xor])
def test_a_set_of_more_points_than_memory_should_hold_is_refused_before_any_is_made(make):
    with pytest.raises(ValueError, match=rf"^{make.__name__}: n = 1,000,000,000 points is more than "
                                         r"the 1,000,000 a set may have"):
        make(10 ** 9)
