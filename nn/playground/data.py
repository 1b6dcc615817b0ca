"""The page's data: the Playground's five sets on one plane, the train/test split, the plane's extent.

Each set is made by its ``nn`` maker and then moved and scaled so that it
fills about the square [-5, 5]², shown on [-6, 6]² as in the TensorFlow Playground:
inputs of a few units are what a tanh network with PyTorch's starting
weights learns from quickly. ``noise`` is a percentage of each set's own
size, as the Playground's noise slider: the standard deviation of the
Gaussian noise on every coordinate is ``noise / 100 · noise_unit`` before
scaling. The makers shuffle their points, so the first ``train_percent`` %
are the training points and the others the test points.
"""

import math
import numbers
from dataclasses import dataclass

from ..datasets import make_circles, make_gaussians, make_moons, make_spiral, make_xor

PLANE_HALF_WIDTH = 5.0
"""Generated sets are scaled to fill about the square [-5, 5]² …"""

PLANE_SHOWN = 6.0
"""… and shown on [-6, 6]², as the TensorFlow Playground shows its sets."""

MAX_COORDINATE = 1e6
"""The largest coordinate (in size) of a point of the user's own: the plane framing the points,
its grid and every number sent to the page stay finite (1.7e308 framed a plane to infinity)."""


@dataclass(frozen=True)
class PlaneDataset:
    """One of the page's sets: its maker, how it is placed on the plane, and what 100 % noise is."""
    title: str
    make: object              # (n, noise, seed) -> X, Y in the maker's own units
    scale: float
    shift: tuple = (0.0, 0.0)
    noise_unit: float = 1.0


DATASETS = {
    "circle": PlaneDataset("Circle", make_circles, scale=4.0),
    "gaussian": PlaneDataset("Gaussian", make_gaussians, scale=1.0, noise_unit=5.0),
    "xor": PlaneDataset("Exclusive or", make_xor, scale=4.0),
    "spiral": PlaneDataset("Spiral", make_spiral, scale=4.0, noise_unit=0.5),
    "moons": PlaneDataset("Two moons", make_moons, scale=2.0, shift=(-0.5, -0.25)),
}


def generate(name, points, noise_percent, seed):
    """``X, Y`` of set ``name``: ``points`` points on the plane, labels 0.0 and 1.0."""
    dataset = DATASETS[name]
    X, Y = dataset.make(points, noise=noise_percent / 100.0 * dataset.noise_unit, seed=seed)
    (dx, dy), s = dataset.shift, dataset.scale
    return [[(x + dx) * s, (y + dy) * s] for x, y in X], list(Y)


def training_count(n, train_percent):
    """How many of ``n`` points train: ``train_percent`` % rounded, at least one."""
    return max(1, min(n, round(n * train_percent / 100.0)))


def plane_of(X, generated=True):
    """The square the page shows, ``[x_min, x_max, y_min, y_max]``.

    A generated set is shown on [-6, 6]² whatever its noise (a point the noise
    threw further out is not drawn, but trains). A set of the user's own is
    framed by its bounding box, widened by a quarter on each side (at least
    0.5), so points never sit on the edge.
    """
    if generated:
        return [-PLANE_SHOWN, PLANE_SHOWN, -PLANE_SHOWN, PLANE_SHOWN]
    xs = [p[0] for p in X]
    ys = [p[1] for p in X]
    cx, cy = (min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2.0
    half = max(half * 1.25, half + 0.5)
    return [cx - half, cx + half, cy - half, cy + half]


def user_data(X, Y, max_points):
    """The user's ``X`` (pairs of numbers within ±``MAX_COORDINATE``) and ``Y`` (0 or 1 each) as lists of floats.

    ``ValueError`` names the first sample that does not fit.
    """
    where = "nn.playground"
    for name, data in (("X", X), ("Y", Y)):
        if not isinstance(data, (list, tuple)):
            raise TypeError(f"{where}: {name} must be a list, got {type(data).__name__}")
    if len(X) != len(Y):
        raise ValueError(f"{where}: {len(X)} points in X but {len(Y)} labels in Y; they must match")
    if not X:
        raise ValueError(f"{where}: X and Y are empty; the page needs at least one point to train on")
    if len(X) > max_points:
        raise ValueError(f"{where}: {len(X)} points, more than the page's limit of {max_points}")
    points, labels = [], []
    for i, (x, y) in enumerate(zip(X, Y)):
        if not isinstance(x, (list, tuple)) or len(x) != 2:
            raise ValueError(f"{where}: X[{i}] must be a pair of numbers (a point of the plane), "
                             f"got {_short(x)}")
        point = [_finite(c, f"X[{i}][{k}]") for k, c in enumerate(x)]
        for k, c in enumerate(point):
            if abs(c) > MAX_COORDINATE:
                raise ValueError(f"{where}: X[{i}][{k}] is {c!r}; the page's plane takes coordinates "
                                 f"from {-MAX_COORDINATE:g} to {MAX_COORDINATE:g} (scale the data to fit)")
        points.append(point)
        label = _finite(y, f"Y[{i}]")
        if label not in (0.0, 1.0):
            raise ValueError(f"{where}: Y[{i}] is {label!r}; the page shows two classes, "
                             f"labelled 0 and 1")
        labels.append(label)
    return points, labels


def _finite(value, where):
    number = getattr(value, "data", value)          # a Value holding a number is taken as its number
    if isinstance(number, bool) or not isinstance(number, numbers.Real):
        raise TypeError(f"nn.playground: {where} must be a number, got {_short(value)}")
    try:
        number = float(number)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"nn.playground: {where} is {number!r}; every coordinate and label "
                         f"must be a finite number")
    return number


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
