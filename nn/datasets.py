"""Small datasets for the demos, in pure Python: lists of samples and targets."""

import math
import numbers
import random


def xor():
    """The four points of XOR: ``X`` (pairs of 0/1) and ``Y`` (1 where they differ)."""
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    Y = [0.0, 1.0, 1.0, 0.0]
    return X, Y


def make_moons(n=100, noise=0.1, seed=None):
    """Two interleaving half circles, as scikit-learn's ``make_moons``.

    The upper moon (label 0) is (cos θ, sin θ) and the lower one (label 1)
    is (1 - cos θ, 0.5 - sin θ), θ evenly spaced over [0, π], with
    Gaussian noise of standard deviation ``noise`` added to every
    coordinate. Returns ``X`` (``n`` points) and ``Y`` (0.0 or 1.0) in a
    shuffled order; the same ``seed`` gives the same data. For ``hinge_loss``
    use targets ``[2 * y - 1 for y in Y]``.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"make_moons: n must be an int >= 2 (one point per moon at least), got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not (0.0 <= noise < math.inf):
        raise ValueError(f"make_moons: noise must be a finite number >= 0, got {noise!r}")
    rng = random.Random(seed)
    n_upper = n // 2
    n_lower = n - n_upper
    points = [((math.cos(a), math.sin(a)), 0.0) for a in _angles(n_upper)]
    points += [((1.0 - math.cos(a), 0.5 - math.sin(a)), 1.0) for a in _angles(n_lower)]
    rng.shuffle(points)
    X = [[x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)] for (x, y), _ in points]
    Y = [label for _, label in points]
    return X, Y


def _angles(count):
    """``count`` angles evenly spaced from 0 to π, both ends included."""
    if count == 1:
        return [0.0]
    return [math.pi * k / (count - 1) for k in range(count)]
