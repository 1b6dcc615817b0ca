"""Activation functions by name, as the lecture notes' table lists them.

Each name maps to a function of one ``Value`` that makes one node whose local
derivative is the one in the table:

    identity     f(x) = x                       f'(x) = 1
    step         f(x) = 1 if x >= 0 else 0      f'(x) = 0
    sigmoid      f(x) = 1 / (1 + e^-x)          f'(x) = f(x)·(1 - f(x))
    tanh         f(x) = tanh x                  f'(x) = 1 - f(x)²
    arctan       f(x) = arctan x                f'(x) = 1 / (1 + x²)
    relu         f(x) = max(0, x)               f'(x) = 1 if x > 0 else 0
    leaky_relu   f(x) = x or 0.01·x             f'(x) = 1 or 0.01
    elu          f(x) = x or e^x - 1            f'(x) = 1 or e^x
    softplus     f(x) = ln(1 + e^x)             f'(x) = σ(x)

``softmax`` is different: each output depends on every input of the layer,
so it is applied to a whole layer's outputs at once (see ``softmax``).
"""

from autograd_core import Value, sum_values


def identity(x):
    """f(x) = x: no node at all, the net input is the output."""
    return x


ACTIVATIONS = {
    "identity": identity,
    "step": Value.step,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "arctan": Value.arctan,
    "relu": Value.relu,
    "leaky_relu": Value.leaky_relu,
    "elu": Value.elu,
    "softplus": Value.softplus,
}
"""Each neuron activation by name, as ``Neuron(activation=...)`` takes it: the function of one ``Value``."""

LAYER_ACTIVATIONS = ("softmax",)
"""Activations of a whole layer rather than of one neuron."""


def activation_function(name):
    """The function of one ``Value`` called ``name``; ValueError for an unknown name."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        pass
    if name in LAYER_ACTIVATIONS:
        raise ValueError(
            f"activation {name!r} applies to a whole layer, not to one neuron: "
            f"use it as a Layer's or an MLP's activation")
    raise ValueError(f"unknown activation {name!r}; known activations: {', '.join(known_activations())}")


def known_activations():
    """Every activation name a Layer accepts, per-neuron ones first.

    Returns:
        list: the names, as ``Layer(activation=...)`` takes them.

    Raises:
        Nothing: it takes no arguments.

    Examples:
        >>> known_activations()[:4]
        ['identity', 'step', 'sigmoid', 'tanh']
    """
    return list(ACTIVATIONS) + list(LAYER_ACTIVATIONS)


def check_layer_activation(name):
    """``name`` if a Layer can use it, else ValueError listing the known names."""
    if name in LAYER_ACTIVATIONS:
        return name
    activation_function(name)
    return name


def softmax(values):
    """softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), a list of probabilities that sum to 1.

    ∂softmax(z)ᵢ/∂zⱼ = pᵢ·(δᵢⱼ - pⱼ). The maximum m of the inputs is subtracted
    first, e^(zᵢ - m) / Σⱼ e^(zⱼ - m), which gives the same probabilities but
    never overflows (m is a constant, so the gradient is unchanged).

    Returns:
        list: one ``Value`` per input (numbers among the inputs are constants).

    Raises:
        ValueError: an empty list.
        TypeError: an element that is neither a ``Value`` nor a number.

    Examples:
        >>> [round(p.data, 4) for p in softmax([1.0, 2.0, 3.0])]
        [0.09, 0.2447, 0.6652]
    """
    values = [v if isinstance(v, Value) else Value(v) for v in _as_list(values, "softmax")]
    if not values:
        raise ValueError("softmax: needs at least one value, got an empty list")
    largest = max(v.data for v in values)
    exps = [(v - largest).exp() for v in values]
    total = sum_values(exps)
    return [e / total for e in exps]


def _as_list(values, where):
    if isinstance(values, (list, tuple)):
        return values
    raise TypeError(f"{where}: expected a list of Values or numbers, got {type(values).__name__}: {values!r}")
