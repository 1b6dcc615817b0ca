"""What the page can set, the bounds of each setting, and the check of a change.

A setting is refused, with a message naming it, the value sent and what
was expected, when it is of the wrong type or out of bounds. The bounds
keep one update of the page short on a small machine, whatever is sent:
at most ``MAX_POINTS`` points, ``MAX_HIDDEN_LAYERS`` hidden layers of at
most ``MAX_NEURONS`` neurons, and at most ``MAX_SPEED`` epochs per update.
A change is checked whole before any of it is used, so a refused change
leaves everything as it was.
"""

import math
import numbers

from ..activations import ACTIVATIONS

MAX_POINTS = 1000
"""The most points a data set may hold, generated or added by clicking."""

MIN_POINTS = 4
"""The fewest points a generated data set has (two of each class)."""

MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
"""The largest network: six hidden layers of eight neurons, as the TensorFlow Playground."""

MAX_SPEED = 50
"""The most epochs trained between two updates of the page."""

MAX_LEARNING_RATE = 10.0
MAX_NOISE = 50
MAX_SEED = 2 ** 31 - 1

MIXED = "mixed"
"""The activation setting of a network of the user's own whose hidden layers differ (it cannot be chosen)."""

DATASET_NAMES = ("circle", "gaussian", "xor", "spiral", "moons")
USER_DATASET = "yours"
"""The name the data given to ``nn.playground(X=..., Y=...)`` goes by."""

LOSS_NAMES = ("bce_with_logits", "bce", "mse")
OPTIMIZER_NAMES = ("sgd", "momentum", "adam")
ACTIVATION_NAMES = tuple(ACTIVATIONS)

DEFAULTS = {
    "dataset": "circle",
    "noise": 10,               # percent of the data's own scale
    "points": 200,
    "train_percent": 50,
    "seed": 0,
    "hidden": [4, 4],
    "activation": "tanh",
    "loss": "bce_with_logits",
    "optimizer": "sgd",
    "learning_rate": 0.1,
    "batch_size": 10,
    "speed": 5,
}

DATA_KEYS = ("dataset", "noise", "points", "train_percent", "seed")
"""Changing one of these makes new data (and starts training afresh)."""

MODEL_KEYS = ("hidden", "activation", "loss")
"""Changing one of these makes a new network."""


class PlaygroundError(ValueError):
    """A request the playground refuses; its message is shown on the page as it is."""


def checked_changes(current, changes, datasets):
    """The settings ``current`` with ``changes`` applied, every value checked.

    ``datasets`` are the data set names allowed now. Raises
    ``PlaygroundError`` for an unknown key or a bad value, naming it.
    """
    if not isinstance(changes, dict):
        raise PlaygroundError(f"configure: expected an object of settings, got {shown(changes)}")
    unknown = [key for key in changes if key not in DEFAULTS]
    if unknown:
        raise PlaygroundError(f"configure: unknown setting {shown(unknown[0])}; the settings are "
                              f"{', '.join(DEFAULTS)}")
    new = dict(current)
    new["hidden"] = list(current["hidden"])
    for key, value in changes.items():
        new[key] = CHECKS[key](value, datasets)
    return new


def _choice(key, names):
    def check(value, datasets=None):
        allowed = datasets if key == "dataset" else names
        if not isinstance(value, str) or value not in allowed:
            raise PlaygroundError(f"{key} must be one of {', '.join(allowed)}; got {shown(value)}")
        return value
    return check


def _integer(key, low, high, what=""):
    def check(value, datasets=None):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
            raise PlaygroundError(f"{key}{what} must be a whole number from {low} to {high}; "
                                  f"got {shown(value)}")
        return int(value)
    return check


def _number(key, low, high, low_included=True):
    def check(value, datasets=None):
        number = finite_number(value)
        ok = number is not None and (low <= number if low_included else low < number) and number <= high
        if not ok:
            bound = f"from {low:g} to {high:g}" if low_included else f"above {low:g} and at most {high:g}"
            raise PlaygroundError(f"{key} must be a number {bound}; got {shown(value)}")
        return number
    return check


def finite_number(value):
    """``value`` as a finite float, or None for anything else (a bool, a string, nan, inf, 10**400)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return None
    return number if math.isfinite(number) else None


def _hidden(value, datasets=None):
    if not isinstance(value, list):
        raise PlaygroundError(f"hidden must be a list of layer sizes such as [4, 4]; got {shown(value)}")
    if len(value) > MAX_HIDDEN_LAYERS:
        raise PlaygroundError(f"hidden: at most {MAX_HIDDEN_LAYERS} hidden layers; got {len(value)}")
    neurons = _integer("hidden", 1, MAX_NEURONS, " (neurons in a layer)")
    return [neurons(size) for size in value]


CHECKS = {
    "dataset": _choice("dataset", DATASET_NAMES),
    "noise": _integer("noise", 0, MAX_NOISE, " (percent)"),
    "points": _integer("points", MIN_POINTS, MAX_POINTS),
    "train_percent": _integer("train_percent", 10, 100),
    "seed": _integer("seed", 0, MAX_SEED),
    "hidden": _hidden,
    "activation": _choice("activation", ACTIVATION_NAMES),
    "loss": _choice("loss", LOSS_NAMES),
    "optimizer": _choice("optimizer", OPTIMIZER_NAMES),
    "learning_rate": _number("learning_rate", 0.0, MAX_LEARNING_RATE, low_included=False),
    "batch_size": _integer("batch_size", 1, MAX_POINTS),
    "speed": _integer("speed", 1, MAX_SPEED, " (epochs per update)"),
}


def limits():
    """The bounds, as the page shows them."""
    return {
        "points": [MIN_POINTS, MAX_POINTS],
        "hidden_layers": MAX_HIDDEN_LAYERS,
        "neurons": MAX_NEURONS,
        "noise": [0, MAX_NOISE],
        "train_percent": [10, 100],
        "learning_rate": MAX_LEARNING_RATE,
        "speed": [1, MAX_SPEED],
        "seed": MAX_SEED,
    }


def shown(value, limit=60):
    """``repr(value)`` cut to ``limit`` characters: a message never carries a whole request."""
    try:
        text = repr(value)
    except Exception:                      # a repr that fails is shown by its type alone
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"
