"""A way out to PyTorch: the same network as a ``torch.nn.Sequential``, and back.

``to_torch(model)`` turns an ``MLP`` into ``Linear`` layers (float64, the
same weights ``weights[l][j][i]`` as ``weight[j, i]``) each followed by its
activation module; ``from_torch(sequential)`` reads such a stack back into
an ``MLP``. Both give the same outputs, and the same gradients, to within
rounding (1e-12): a student can check the scalar engine against PyTorch, or
take a trained model on to tensors.

    activation     PyTorch module
    identity       (none: the Linear layer alone)
    sigmoid        Sigmoid()
    tanh           Tanh()
    relu           ReLU()
    leaky_relu     LeakyReLU(0.01)
    elu            ELU(1.0)
    softplus       Softplus(beta=1, threshold=40)
    softmax        Softmax(dim=-1)

PyTorch has no module for ``step`` or ``arctan``, so a model using them is
refused. PyTorch's ``Softplus`` returns x itself above its ``threshold``
(20 by default), which differs from ln(1 + e^x) by up to 2e-9; at 40 the
difference is below float64's resolution, so ``to_torch`` uses 40.

One difference in shape: our one-output model returns a ``Value``, the
``Sequential`` a tensor of shape (1,) (or (batch, 1) for a batch of rows).

PyTorch is optional: ``pip install 'autograd-core[torch]'`` (or ``pip
install torch``) installs it.
"""

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
    modules = []
    for l, layer in enumerate(model.layers):
        linear = torch.nn.Linear(layer.nin, layer.nout, bias=layer.has_bias, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons],
                                             dtype=torch.float64))
            if layer.has_bias:
                linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
        modules.append(linear)
        activation = _torch_activation(torch, layer.activation, l)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)


def from_torch(sequential):
    """An ``MLP`` with the weights and activations of a ``torch.nn.Sequential``.

    The stack must be ``Linear`` layers, each followed by at most one of the
    activation modules in this module's table (``Identity`` is skipped).
    Weights are copied as float64, so a float32 model's numbers carry over
    exactly.

    Returns:
        MLP: a new model with the same weights and activations.

    Raises:
        ImportError: without PyTorch, saying how to install it.
        ValueError: a module that is not ``Linear`` or a known activation, or
            layer sizes that do not chain.

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
    weights, biases, activations = [], [], []
    for position, module in enumerate(sequential):
        if isinstance(module, torch.nn.Identity):
            continue
        if isinstance(module, torch.nn.Linear):
            if weights and module.in_features != len(weights[-1]):
                raise ValueError(
                    f"nn.from_torch: module {position} (Linear) takes {module.in_features} inputs "
                    f"but the layer before it has {len(weights[-1])} outputs")
            weights.append(module.weight.detach().to(torch.float64).tolist())
            biases.append(None if module.bias is None
                          else module.bias.detach().to(torch.float64).tolist())
            activations.append("identity")
            continue
        name = _activation_name(torch, module, position)
        if not weights:
            raise ValueError(f"nn.from_torch: module {position} ({type(module).__name__}) comes before "
                             f"any Linear layer; an activation must follow a Linear layer")
        if activations[-1] != "identity":
            raise ValueError(f"nn.from_torch: module {position} ({type(module).__name__}) follows "
                             f"another activation ({activations[-1]}); one activation per Linear layer")
        activations[-1] = name
    if not weights:
        raise ValueError("nn.from_torch: the Sequential has no Linear layer")
    return MLP.from_weights(weights, biases, activations)


def _torch_activation(torch, name, layer_index):
    """The PyTorch module for our activation ``name`` (None for identity)."""
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


def _activation_name(torch, module, position):
    """Our activation name for a PyTorch activation module, or ValueError saying why not."""
    plain = {torch.nn.Sigmoid: "sigmoid", torch.nn.Tanh: "tanh", torch.nn.ReLU: "relu"}
    kind = type(module)
    if kind in plain:
        return plain[kind]
    where = f"nn.from_torch: module {position} ({kind.__name__})"
    if kind is torch.nn.LeakyReLU:
        if module.negative_slope != LEAKY_RELU_SLOPE:
            raise ValueError(f"{where} has negative_slope={module.negative_slope}; "
                             f"only {LEAKY_RELU_SLOPE} (leaky_relu) is supported")
        return "leaky_relu"
    if kind is torch.nn.ELU:
        if module.alpha != ELU_ALPHA:
            raise ValueError(f"{where} has alpha={module.alpha}; only {ELU_ALPHA} (elu) is supported")
        return "elu"
    if kind is torch.nn.Softplus:
        if module.beta != 1:
            raise ValueError(f"{where} has beta={module.beta}; only beta=1 (softplus) is supported")
        return "softplus"
    if kind is torch.nn.Softmax:
        if module.dim not in (-1, 1):
            raise ValueError(f"{where} has dim={module.dim}; only the last dimension "
                             f"(dim=-1) is a layer's outputs")
        return "softmax"
    known = ["Linear", "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "Softplus", "Softmax"]
    raise ValueError(f"{where} has no counterpart here; supported modules: {', '.join(known)}")


def _import_torch(where):
    try:
        import torch
    except ImportError:
        raise ImportError(
            f"nn.{where} needs PyTorch, which is not installed: "
            f"pip install 'autograd-core[torch]' (or pip install torch)") from None
    return torch
