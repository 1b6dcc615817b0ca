"""Small datasets for the demos, in pure Python: lists of samples and targets.

Every two-class set follows the same conventions: ``n`` points in two
classes of ``n // 2`` (label 0.0) and ``n - n // 2`` (label 1.0), Gaussian
noise of standard deviation ``noise`` (0 to 100) on every coordinate, a
shuffled order, and the same data for the same ``seed`` (any integer, a
``random.Random`` to draw from, or None). ``make_gaussians``,
``make_circles`` and ``make_spiral`` are the Neural Network Playground's
classification sets (playground.tensorflow.org), from easiest to hardest;
``make_xor`` is its fourth, the four quadrants.
"""

import math
import numbers
import random


def xor():
    """The four points of XOR: ``X`` (pairs of 0/1) and ``Y`` (1 where they differ).

    Returns:
        tuple: ``(X, Y)``, four points and their labels 0.0 or 1.0.

    Raises:
        Nothing: it takes no arguments.

    Examples:
        >>> xor()
        ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
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

    Returns:
        tuple: ``(X, Y)``: ``n`` points ``[x1, x2]`` and their labels 0.0 or 1.0.

    Raises:
        ValueError: ``n`` that is not an int >= 2, or ``noise`` that is not a
            finite number >= 0.

    Examples:
        >>> X, Y = make_moons(10, seed=0)
        >>> len(X), sorted(set(Y)), make_moons(10, seed=0) == (X, Y)
        (10, [0.0, 1.0], True)
    """
    _check_n(n, "make_moons", "one point per moon at least")
    _check_noise(noise, "make_moons")
    rng = _rng(seed, "make_moons")
    n_upper = n // 2
    n_lower = n - n_upper
    points = [((math.cos(a), math.sin(a)), 0.0) for a in _angles(n_upper)]
    points += [((1.0 - math.cos(a), 0.5 - math.sin(a)), 1.0) for a in _angles(n_lower)]
    return _shuffled_with_noise(points, noise, rng)


def _angles(count):
    """``count`` angles evenly spaced from 0 to π, both ends included."""
    if count == 1:
        return [0.0]
    return [math.pi * k / (count - 1) for k in range(count)]


def make_gaussians(n=100, noise=1.0, seed=None):
    """Two round clouds of points, the Playground's "Gaussian" set: a straight line separates them.

    Label 0 is centred at (-2, -2), label 1 at (2, 2); each point is its
    centre plus Gaussian noise of standard deviation ``noise`` on each
    coordinate, so the clouds overlap once ``noise`` nears 2.

    Returns:
        tuple: ``(X, Y)``: ``n`` points ``[x1, x2]`` and their labels 0.0 or 1.0.

    Raises:
        ValueError: ``n`` that is not an int >= 2, or ``noise`` that is not a
            finite number >= 0.

    Examples:
        >>> X, Y = make_gaussians(100, noise=0.5, seed=0)
        >>> all((x1 + x2 > 0) == (y == 1.0) for (x1, x2), y in zip(X, Y))   # a line separates them
        True
    """
    _check_n(n, "make_gaussians", "one point per class at least")
    _check_noise(noise, "make_gaussians")
    rng = _rng(seed, "make_gaussians")
    points = [((-2.0, -2.0), 0.0)] * (n // 2) + [((2.0, 2.0), 1.0)] * (n - n // 2)
    return _shuffled_with_noise(points, noise, rng)


def make_circles(n=100, noise=0.1, seed=None, factor=0.5):
    """A circle of radius ``factor`` inside one of radius 1, as scikit-learn's ``make_circles``.

    The Playground's "Circle" set: the outer circle is label 0, the inner
    one label 1, each point (r·cos θ, r·sin θ) with θ evenly spaced around
    the circle, plus Gaussian noise of standard deviation ``noise``. No
    straight line separates them; one hidden layer does.

    Returns:
        tuple: ``(X, Y)``: ``n`` points ``[x1, x2]`` and their labels 0.0 or 1.0.

    Raises:
        ValueError: ``n`` that is not an int >= 2, ``noise`` that is not a
            finite number >= 0, or a ``factor`` outside (0, 1).

    Examples:
        >>> X, Y = make_circles(8, noise=0.0, seed=0)
        >>> sorted({round((x1 * x1 + x2 * x2) ** 0.5, 6) for x1, x2 in X})
        [0.5, 1.0]
    """
    _check_n(n, "make_circles", "one point per circle at least")
    _check_noise(noise, "make_circles")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not (0.0 < factor < 1.0):
        raise ValueError(f"make_circles: factor (the inner radius) must be a number between 0 and 1, "
                         f"got {factor!r}")
    rng = _rng(seed, "make_circles")
    points = [((math.cos(a), math.sin(a)), 0.0) for a in _around(n // 2)]
    points += [((factor * math.cos(a), factor * math.sin(a)), 1.0) for a in _around(n - n // 2)]
    return _shuffled_with_noise(points, noise, rng)


def make_spiral(n=100, noise=0.0, seed=None, turns=1.75):
    """Two interleaved spiral arms, the Playground's "Spiral", its hardest set.

    Point k of an arm of m points lies at radius r = k/m and angle
    2π·turns·r, plus π for the second arm (label 1): two arms that wind
    ``turns`` times around the origin, one rotated half a turn from the
    other, plus Gaussian noise of standard deviation ``noise``.

    Returns:
        tuple: ``(X, Y)``: ``n`` points ``[x1, x2]`` and their labels 0.0 or 1.0.

    Raises:
        ValueError: ``n`` that is not an int >= 2, or ``noise`` or ``turns``
            that is not a finite number >= 0.

    Examples:
        >>> X, Y = make_spiral(100, seed=0)
        >>> len(X), Y.count(0.0), max(abs(c) for point in X for c in point) <= 1.0
        (100, 50, True)
    """
    _check_n(n, "make_spiral", "one point per arm at least")
    _check_noise(noise, "make_spiral")
    if isinstance(turns, bool) or not isinstance(turns, numbers.Real) or not (0.0 < turns < math.inf):
        raise ValueError(f"make_spiral: turns must be a finite number > 0, got {turns!r}")
    rng = _rng(seed, "make_spiral")
    points = []
    for label, offset in ((0.0, 0.0), (1.0, math.pi)):
        count = n // 2 if label == 0.0 else n - n // 2
        for k in range(count):
            r = k / count
            angle = 2.0 * math.pi * turns * r + offset
            points.append(((r * math.cos(angle), r * math.sin(angle)), label))
    return _shuffled_with_noise(points, noise, rng)


def make_xor(n=100, noise=0.0, seed=None, margin=0.05):
    """Points in the four quadrants of the square [-1, 1]², the Playground's "Exclusive or".

    Each coordinate is uniform between ``margin`` and 1 in size, with either
    sign; the label is the XOR of the two signs read as bits (negative is 0,
    positive 1), as ``xor()`` labels its corners: label 0 in the lower-left
    and upper-right quadrants, label 1 in the other two. Gaussian noise of
    standard deviation ``noise`` is added to every coordinate after the label
    is given, so with noise a few points cross an axis.

    Returns:
        (X, Y): ``n`` points ``[x, y]`` and their labels 0.0 or 1.0, shuffled.

    Raises:
        ValueError: ``n`` below 2, a negative, infinite or absurd ``noise``, or
            a ``margin`` outside [0, 1).
        TypeError: a ``seed`` that is not an integer (or ``random.Random``).

    Examples:
        >>> X, Y = make_xor(200, seed=0)
        >>> all((x > 0) != (y > 0) for (x, y), label in zip(X, Y) if label == 1.0)
        True
    """
    _check_n(n, "make_xor", "one point per class at least")
    _check_noise(noise, "make_xor")
    if isinstance(margin, bool) or not isinstance(margin, numbers.Real) or not (0.0 <= margin < 1.0):
        raise ValueError(f"make_xor: margin (the gap kept on each side of an axis) must be a number "
                         f"in [0, 1), got {margin!r}")
    rng = _rng(seed, "make_xor")
    points = []
    for label in [0.0] * (n // 2) + [1.0] * (n - n // 2):
        x_sign = rng.choice((-1.0, 1.0))
        y_sign = x_sign if label == 0.0 else -x_sign
        points.append(((x_sign * rng.uniform(margin, 1.0), y_sign * rng.uniform(margin, 1.0)), label))
    return _shuffled_with_noise(points, noise, rng)


def _around(count):
    """``count`` angles evenly spaced around the circle, 0 included, 2π left out."""
    return [2.0 * math.pi * k / count for k in range(count)]


def _shuffled_with_noise(points, noise, rng):
    """``X`` and ``Y`` from ``(point, label)`` pairs: shuffled, then noise added to each coordinate."""
    points = list(points)
    rng.shuffle(points)
    X = [[x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)] for (x, y), _ in points]
    Y = [label for _, label in points]
    return X, Y


MAX_POINTS = 1_000_000
"""The most points a set may have: some 200 MB of lists, and far more than a
scalar engine trains on (an epoch of a million points takes minutes)."""


def _check_n(n, where, why):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"{where}: n must be an int >= 2 ({why}), got {n!r}")
    if n > MAX_POINTS:
        raise ValueError(f"{where}: n = {n:,} points is more than the {MAX_POINTS:,} a set may have "
                         f"(each point is Python lists and floats, some 200 bytes)")


MAX_NOISE = 100.0
"""The largest ``noise`` accepted. Every set lies within about 2 of the origin:
at a standard deviation of 100 its shape is long lost in the noise, and
much larger numbers only come near overflowing (1e308 gave infinite points)."""


def _check_noise(noise, where):
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not (0.0 <= noise <= MAX_NOISE):
        raise ValueError(
            f"{where}: noise must be a finite number >= 0 and at most {MAX_NOISE:g}, got {noise!r}; "
            f"it is the standard deviation added to each coordinate, and the sets lie within about 2 "
            f"of the origin, so at {MAX_NOISE:g} nothing of their shape is left")


def _rng(seed, where):
    """The random generator to draw from: ``seed`` itself if it is one, else one seeded with it.

    Any integer type seeds it (int, numpy.int64, ...), None a fresh random
    seed; a bool, a float or anything else is refused.
    """
    if isinstance(seed, random.Random):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"{where}: seed must be an int, a random.Random or None, "
                        f"got {type(seed).__name__}: {seed!r}")
    return random.Random(None if seed is None else int(seed))
