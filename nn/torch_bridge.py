"""A way out to PyTorch: the same network as a ``torch.nn.Sequential``, and back.

``to_torch(model)`` turns an ``MLP`` into ``Linear`` layers (float64, the
same weights ``weights[l][j][i]`` as ``weight[j, i]``) each followed by its
activation module; ``from_torch(sequential)`` reads such a stack back into
an ``MLP``. Both give the same outputs, and the same gradients, to within
rounding (1e-12): a student can check the scalar engine against PyTorch, or
take a trained model on to tensors.

    activation                      PyTorch module
    identity                        (none: the Linear layer alone)
    sigmoid                         Sigmoid()
    tanh                            Tanh()
    relu                            ReLU()
    leaky_relu                      LeakyReLU(0.01)
    leaky_relu(negative_slope=a)    LeakyReLU(a)
    elu                             ELU(1.0)
    elu(alpha=a)                    ELU(a)
    softplus                        Softplus(beta=1, threshold=40)
    softplus(beta=β, threshold=t)   Softplus(β, t)
    softmax                         Softmax(dim=-1)

PyTorch has no module for ``step`` or ``arctan``, so a model using them is
refused. PyTorch's ``Softplus`` returns x itself where β·x is above its
``threshold`` (20 by default); ``softplus(beta=β, threshold=t)`` does the
same, and plain ``softplus`` (ln(1 + e^x), no threshold) goes out as
threshold 40, where the two agree to the last bit. Where PyTorch's own
float64 arithmetic overflows (ln(1 + e^(β·x)) with β·x > 709 below a larger
threshold) it gives inf and a NaN gradient; the engine gives the true value.

A ``Linear`` used twice in the ``Sequential`` becomes two layers that use
the very same parameters (``MLP.from_weights(..., same_parameters_as=...)``),
so their gradients add up as in PyTorch, and ``to_torch`` gives such a model
back as one ``Linear`` used twice.

``from_torch`` skips ``Identity`` and a ``Dropout`` in eval mode (``.eval()``:
it passes its input through), reads only what it can reproduce exactly, and
refuses the rest naming the module and why (a ``Dropout`` in training mode
zeroes inputs at random): a module it does not know, a subclass of a
known one (it may compute something else: its own ``forward``, say), a
parametrized weight, a module with hooks, complex weights, weights that are
not finite or not trainable (``requires_grad=False``: every parameter here
is trained), or weights shared between Linear layers other than whole.

One difference in shape: our one-output model returns a ``Value``, the
``Sequential`` a tensor of shape (1,) (or (batch, 1) for a batch of rows).

PyTorch is optional: ``pip install 'autograd-core[torch]'`` (or ``pip
install torch``) installs it.
"""

import math

from .activations import activation_name, parse_activation
from .module import MLP

SOFTPLUS_THRESHOLD = 40.0
LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0


def to_torch(model):
    """A float64 ``torch.nn.Sequential`` computing exactly what ``model`` (an ``MLP``) does.

    Returns:
        torch.nn.Sequential: ``Linear`` layers (float64) and activation modules.

    Raises:
        ImportError: without PyTorch, saying how to install it.
        ValueError: an activation PyTorch has no module for (``step``, ``arctan``).

    Examples:
        >>> import nn
        >>> try:
        ...     net = to_torch(nn.MLP(2, [4, 1], seed=0))
        ... except ImportError as error:                  # PyTorch is optional
        ...     net = None
        >>> net is None or type(net).__name__ == "Sequential"
        True
    """
    torch = _import_torch("to_torch")
    if not isinstance(model, MLP):
        raise TypeError(f"nn.to_torch: expected an nn.MLP, got {type(model).__name__}: {model!r}")
    modules, linears = [], []
    for l, (layer, source) in enumerate(zip(model.layers, model.same_parameters_as())):
        if source is not None:              # the same parameters: the same Linear, used again
            linears.append(linears[source])
            modules.append(linears[source])
        else:
            linear = torch.nn.Linear(layer.nin, layer.nout, bias=layer.has_bias, dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons],
                                                 dtype=torch.float64))
                if layer.has_bias:
                    linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons],
                                                   dtype=torch.float64))
            linears.append(linear)
            modules.append(linear)
        activation = _torch_activation(torch, layer.activation, l)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)


def from_torch(sequential):
    """An ``MLP`` with the weights and activations of a ``torch.nn.Sequential``.

    The stack must be ``Linear`` layers, each followed by at most one of the
    activation modules in this module's table (``Identity`` is skipped, and so
    is a ``Dropout`` in eval mode, which passes its input through).
    Weights are copied as float64, so a float32 model's numbers carry over
    exactly; the engine then computes in float64, so its outputs agree with
    the Sequential run in float64 (``sequential.double()``) to 1e-12, and
    with the float32 one only to float32's rounding (some 1e-7). A ``Linear`` used twice gives two layers with the same
    parameters. Anything that cannot be reproduced exactly is refused with
    a ValueError naming the module and why (see this module's docstring).

    Returns:
        MLP: a new model with the same weights and activations.

    Raises:
        ImportError: without PyTorch, saying how to install it.
        ValueError: a module that is not ``Linear`` or a known activation, one
            that cannot be reproduced exactly (a subclass, hooks, complex or
            frozen weights, ...), or layer sizes that do not chain.

    Examples:
        >>> import nn
        >>> model = nn.MLP(2, [4, 1], seed=0)
        >>> try:
        ...     same = from_torch(to_torch(model))([0.5, -1.0]).data == model([0.5, -1.0]).data
        ... except ImportError:                           # PyTorch is optional
        ...     same = True
        >>> same
        True
    """
    torch = _import_torch("from_torch")
    if not isinstance(sequential, torch.nn.Sequential):
        raise TypeError(f"nn.from_torch: expected a torch.nn.Sequential, "
                        f"got {type(sequential).__name__}")
    if type(sequential) is not torch.nn.Sequential:
        raise ValueError(_subclass_reason(torch, sequential, torch.nn.Sequential,
                                          "nn.from_torch: the Sequential"))
    _refuse_hooks(torch, sequential, "nn.from_torch: the Sequential")
    weights, biases, activations, sources = [], [], [], []
    first_use = {}                  # id of a Linear -> (its layer, its position, the Linear)
    for position, module in sequential._modules.items():
        where = f"nn.from_torch: module {position} ({type(module).__name__})"
        _refuse_hooks(torch, module, where)
        if type(module) is torch.nn.Identity:
            continue
        if type(module) is torch.nn.Dropout:
            _check_dropout_passes_through(module, where)
            continue
        if isinstance(module, torch.nn.Linear):
            if type(module) is not torch.nn.Linear:
                raise ValueError(_subclass_reason(torch, module, torch.nn.Linear, where))
            if weights and module.in_features != len(weights[-1]):
                raise ValueError(f"{where} takes {module.in_features} inputs "
                                 f"but the layer before it has {len(weights[-1])} outputs")
            source = _earlier_use(module, first_use, where)
            if source is None:
                first_use[id(module)] = (len(weights), position, module)
                weights.append(_linear_numbers(torch, module, "weight", where))
                biases.append(None if module.bias is None else _linear_numbers(torch, module, "bias", where))
            else:
                weights.append(weights[source])
                biases.append(biases[source])
            sources.append(source)
            activations.append("identity")
            continue
        name = _activation_name(torch, module, where)
        if not weights:
            raise ValueError(f"{where} comes before any Linear layer; an activation must follow a "
                             f"Linear layer")
        if activations[-1] != "identity":
            raise ValueError(f"{where} follows another activation ({activations[-1]}); one activation "
                             f"per Linear layer")
        activations[-1] = name
    if not weights:
        raise ValueError("nn.from_torch: the Sequential has no Linear layer")
    return MLP.from_weights(weights, biases, activations, same_parameters_as=sources)


def _check_dropout_passes_through(dropout, where):
    """A Dropout in eval mode (or of p = 0) passes its input through, like Identity; in
    training mode it zeroes inputs at random, which no layer here does: ValueError saying so."""
    if dropout.training and dropout.p > 0.0:
        raise ValueError(f"{where} is in training mode with p={dropout.p}: it zeroes inputs at random, "
                         f"which no layer here does; call .eval() on the Sequential first (then "
                         f"Dropout passes its input through, as PyTorch computes it for inference)")


def _earlier_use(linear, first_use, where):
    """The layer that already reads ``linear``'s parameters (the same module, or the same weight
    and bias), or None; ValueError where only one of weight and bias is shared."""
    if id(linear) in first_use:
        return first_use[id(linear)][0]
    for layer, position, other in first_use.values():
        same_weight = linear.weight is other.weight
        same_bias = linear.bias is other.bias and linear.bias is not None
        if same_weight and (same_bias or (linear.bias is None and other.bias is None)):
            return layer
        if same_weight or same_bias:
            shared, own = ("weight", "bias") if same_weight else ("bias", "weight")
            raise ValueError(f"{where} shares its {shared} with module {position} but has a {own} of "
                             f"its own; layers here share all of their parameters or none")
    return None


def _linear_numbers(torch, linear, name, where):
    """``linear.weight`` (or ``.bias``) as float64 lists, or ValueError saying why it cannot be read."""
    tensor = getattr(linear, name)
    if not isinstance(tensor, torch.nn.Parameter):
        raise ValueError(f"{where}: its {name} is a {type(tensor).__name__}, not a Parameter, so PyTorch "
                         f"would not train it; every parameter here is trained")
    if tensor.is_complex():
        raise ValueError(f"{where} has complex weights ({tensor.dtype}); the engine's numbers are real, "
                         f"and dropping the imaginary part would give another network")
    if tensor.is_meta:
        raise ValueError(f"{where}: its {name} has no values (it is on the meta device)")
    if not tensor.requires_grad:
        raise ValueError(f"{where}: its {name} has requires_grad=False, a frozen parameter, which PyTorch "
                         f"does not train; every parameter here is trained. Call requires_grad_(True) on "
                         f"the module first to read it")
    if tensor._backward_hooks:
        raise ValueError(f"{where}: its {name} has a gradient hook, which changes what its gradient is")
    numbers = tensor.detach().to(device="cpu", dtype=torch.float64)
    if not bool(torch.isfinite(numbers).all()):
        index = tuple(torch.nonzero(~torch.isfinite(numbers))[0].tolist())
        raise ValueError(f"{where}: {name}{list(index)} is {numbers[index].item()!r}; every weight and "
                         f"bias must be finite")
    return numbers.tolist()


def _refuse_hooks(torch, module, where):
    """ValueError if ``module`` (or every module, through global hooks) has hooks that may change
    what it computes or its gradients."""
    kinds = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")
    found = [kind.strip("_") for kind in kinds if getattr(module, kind, None)]
    found += [f"global {kind.strip('_')}" for kind in kinds
              if getattr(torch.nn.modules.module, f"_global{kind}", None)]
    if found:
        raise ValueError(f"{where} has {', '.join(found).replace('_', ' ')}, which may change what it "
                         f"computes or its gradients; remove them to read it")


def _subclass_reason(torch, module, known, where):
    """Why a subclass of the known module type ``known`` is not read."""
    kind = type(module).__name__
    if torch.nn.utils.parametrize.is_parametrized(module):
        return (f"{where} is parametrized (torch.nn.utils.parametrize): its weight is computed from "
                f"other parameters, which is not a layer here")
    if type(module).forward is not known.forward:
        return (f"{where} is {kind}, a subclass of {known.__name__} with its own forward(), which may "
                f"compute anything; only {known.__name__} itself is read")
    return (f"{where} is {kind}, a subclass of {known.__name__}, which may compute something else; "
            f"only {known.__name__} itself is read")


def _torch_activation(torch, name, layer_index):
    """The PyTorch module for our activation ``name`` (None for identity)."""
    base, parameters = parse_activation(name) if "(" in name else (name, {})
    if base == "softplus" and parameters:
        return torch.nn.Softplus(beta=parameters["beta"], threshold=parameters["threshold"])
    if base == "leaky_relu" and parameters:
        return torch.nn.LeakyReLU(parameters["negative_slope"])
    if base == "elu" and parameters:
        return torch.nn.ELU(parameters["alpha"])
    modules = {
        "identity": lambda: None,
        "sigmoid": torch.nn.Sigmoid,
        "tanh": torch.nn.Tanh,
        "relu": torch.nn.ReLU,
        "leaky_relu": lambda: torch.nn.LeakyReLU(LEAKY_RELU_SLOPE),
        "elu": lambda: torch.nn.ELU(ELU_ALPHA),
        "softplus": lambda: torch.nn.Softplus(beta=1.0, threshold=SOFTPLUS_THRESHOLD),
        "softmax": lambda: torch.nn.Softmax(dim=-1),
    }
    if name not in modules:
        raise ValueError(f"nn.to_torch: layer {layer_index} uses activation {name!r}, which PyTorch "
                         f"has no module for; convertible: {', '.join(modules)}")
    return modules[name]()


KNOWN_MODULES = ["Linear", "Identity", "Dropout (in eval mode)", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "Softplus", "Softmax"]


def _activation_name(torch, module, where):
    """Our activation name for a PyTorch activation module, or ValueError saying why not."""
    plain = {torch.nn.Sigmoid: "sigmoid", torch.nn.Tanh: "tanh", torch.nn.ReLU: "relu"}
    with_parameters = (torch.nn.LeakyReLU, torch.nn.ELU, torch.nn.Softplus, torch.nn.Softmax)
    kind = type(module)
    if kind in plain:
        return plain[kind]
    if kind is torch.nn.LeakyReLU:
        slope = _finite_parameter(module.negative_slope, "negative_slope", where)
        return "leaky_relu" if slope == LEAKY_RELU_SLOPE else activation_name("leaky_relu", negative_slope=slope)
    if kind is torch.nn.ELU:
        alpha = _finite_parameter(module.alpha, "alpha", where)
        return "elu" if alpha == ELU_ALPHA else activation_name("elu", alpha=alpha)
    if kind is torch.nn.Softplus:
        beta = _finite_parameter(module.beta, "beta", where)
        threshold = float(module.threshold)
        if not beta > 0.0 or math.isnan(threshold):
            raise ValueError(f"{where} has beta={module.beta}, threshold={module.threshold}; "
                             f"beta must be > 0 and threshold a number")
        if beta == 1.0 and threshold == SOFTPLUS_THRESHOLD:
            return "softplus"
        return activation_name("softplus", beta=beta, threshold=threshold)
    if kind is torch.nn.Softmax:
        if module.dim not in (-1, 1):
            raise ValueError(f"{where} has dim={module.dim}; only the last dimension "
                             f"(dim=-1) is a layer's outputs")
        return "softmax"
    for known in (*plain, *with_parameters, torch.nn.Identity):
        if isinstance(module, known):
            raise ValueError(_subclass_reason(torch, module, known, where))
    raise ValueError(f"{where} has no counterpart here; supported modules: {', '.join(KNOWN_MODULES)}")


def _finite_parameter(number, name, where):
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise ValueError(f"{where} has {name}={number!r}; it must be a finite number")
    return float(number)


def _import_torch(where):
    try:
        import torch
    except ImportError:
        raise ImportError(
            f"nn.{where} needs PyTorch, which is not installed: "
            f"pip install 'autograd-core[torch]' (or pip install torch)") from None
    return torch
