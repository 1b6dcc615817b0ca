"""The demo datasets: XOR's truth table and reproducible two moons."""

import math

import pytest

from nn import make_moons, xor


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
