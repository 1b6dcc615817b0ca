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

Three also come with PyTorch's parameters, written as a call with every
parameter named (the names PyTorch's modules use):

    leaky_relu(negative_slope=a)      x or a·x                  1 or a
    elu(alpha=a)                      x or a·(e^x - 1)          1 or a·e^x
    softplus(beta=β, threshold=t)     (1/β)·ln(1 + e^(β·x)),    σ(β·x),
                                      but x itself where β·x > t     and 1 there

``softplus(beta=1, threshold=20)`` is PyTorch's default ``Softplus()``: above
its threshold it returns x itself, as PyTorch does (not ln(1 + e^x), which
is larger by up to 2e-9). Plain ``softplus`` has no threshold.
"""

import math
import re

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


PARAMETERS = {
    "leaky_relu": ("negative_slope",),
    "elu": ("alpha",),
    "softplus": ("beta", "threshold"),
}
"""The activations that take parameters, and their names, as in ``"elu(alpha=0.5)"``."""


def activation_function(name):
    """The function of one ``Value`` called ``name``; ValueError for an unknown name."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        pass
    if isinstance(name, str) and "(" in name:
        return _with_parameters(name)[0]
    if name in LAYER_ACTIVATIONS:
        raise ValueError(
            f"activation {name!r} applies to a whole layer, not to one neuron: "
            f"use it as a Layer's or an MLP's activation")
    raise ValueError(f"unknown activation {name!r}; known activations: {', '.join(known_activations())}; "
                     f"with PyTorch's parameters: {', '.join(_signature(base) for base in PARAMETERS)}")


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
    """``name`` as a Layer stores it, else ValueError listing the known names.

    A name with parameters is written the one way ``activation_name`` writes
    it (``"elu(alpha=0.5)"`` for ``"elu( alpha = .5 )"``).
    """
    if name in LAYER_ACTIVATIONS:
        return name
    activation_function(name)
    if isinstance(name, str) and "(" in name:
        return _with_parameters(name)[1]
    return name


_MADE = {}
"""Activations with parameters already made, by name: every neuron of a layer shares one
function and one name (a few hundred bytes each otherwise). At most ``_MADE_LIMIT`` kept."""
_MADE_LIMIT = 1000


def _with_parameters(name):
    """(the function, the name written one way) of an activation with parameters."""
    made = _MADE.get(name)
    if made is None:
        base, parameters = parse_activation(name)
        made = (_WITH_PARAMETERS[base](**parameters), activation_name(base, **parameters))
        if len(_MADE) < _MADE_LIMIT:
            _MADE[name] = made
    return made


def activation_name(base, **parameters):
    """The name of activation ``base`` with ``parameters``: ``activation_name("elu", alpha=0.5)``
    is ``"elu(alpha=0.5)"``. Every parameter of ``PARAMETERS[base]`` must be given."""
    shown = ", ".join(f"{key}={float(parameters[key])!r}" for key in PARAMETERS[base])
    return f"{base}({shown})"


_CALL = re.compile(r"\s*(\w+)\s*\((.*)\)\s*", re.DOTALL)
_ARGUMENT = re.compile(r"\s*(\w+)\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf)\s*")


def parse_activation(name):
    """``("elu", {"alpha": 0.5})`` for ``"elu(alpha=0.5)"``; ValueError saying what is wrong.

    Every parameter must be given, by name, as a plain number; each must be
    finite except ``threshold`` (inf: never x itself), and ``beta`` positive.
    """
    call = _CALL.fullmatch(name)
    if not call or call.group(1) not in PARAMETERS:
        raise ValueError(f"unknown activation {name!r}; the activations with parameters are "
                         f"{', '.join(_signature(base) for base in PARAMETERS)}")
    base, expected = call.group(1), PARAMETERS[call.group(1)]
    parameters = {}
    for argument in call.group(2).split(","):
        match = _ARGUMENT.fullmatch(argument)
        if not match:
            raise ValueError(f"activation {name!r}: {argument.strip()!r} is not name=number; "
                             f"write it as {_signature(base)}")
        key, number = match.group(1), float(match.group(2))
        if key not in expected or key in parameters:
            problem = "is given twice" if key in parameters else "is not one of its parameters"
            raise ValueError(f"activation {name!r}: {key!r} {problem}; write it as {_signature(base)}")
        parameters[key] = number
    missing = [key for key in expected if key not in parameters]
    if missing:
        raise ValueError(f"activation {name!r} needs every parameter named, missing "
                         f"{', '.join(missing)}; write it as {_signature(base)}")
    for key, number in parameters.items():
        if not (math.isfinite(number) or key == "threshold"):
            raise ValueError(f"activation {name!r}: {key} must be finite, got {number!r}")
    if base == "softplus" and not parameters["beta"] > 0.0:
        raise ValueError(f"activation {name!r}: beta must be > 0, got {parameters['beta']!r}")
    return base, parameters


def _signature(base):
    return f"{base}({', '.join(f'{key}=...' for key in PARAMETERS[base])})"


def _leaky_relu(negative_slope):
    def leaky_relu(x):
        """x for x > 0, else negative_slope·x (PyTorch's LeakyReLU)."""
        return x.leaky_relu(negative_slope)
    return leaky_relu


def _elu(alpha):
    def elu(x):
        """x for x > 0, else alpha·(e^x - 1) (PyTorch's ELU)."""
        return x.elu(alpha)
    return elu


def _softplus(beta, threshold):
    def softplus(x):
        """(1/β)·softplus(β·x), and x itself where β·x > threshold, exactly as PyTorch's Softplus.

        The net input itself is returned above the threshold (its derivative
        there is 1); below it, for β = 1 one softplus node, otherwise β·x,
        its softplus and the division by β, three nodes.
        """
        if x.data * beta > threshold:
            return x
        if beta == 1.0:
            return x.softplus()
        return (x * beta).softplus() / beta
    return softplus


_WITH_PARAMETERS = {"leaky_relu": _leaky_relu, "elu": _elu, "softplus": _softplus}


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
