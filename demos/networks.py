"""A forward pass that keeps every layer's net inputs and outputs, with the notes' names.

``model(x)`` returns only the last layer's outputs. To print H_in, net_h1
or δ = ∂E/∂net the demos need the nodes in between: ``model.forward_layers``
keeps them, and ``forward_layers`` here labels them with the notes' names,
so traces and pictures use them.
"""


def forward_layers(model, x, net_names=None, out_names=None):
    """Run ``model`` on ``x``; one ``nn.LayerValues`` (nets, outs) per layer.

    ``net_names[l][j]`` and ``out_names[l][j]``, when given, become the
    labels of neuron j's net input and output in layer l.
    """
    layers = model.forward_layers(x)
    for l, values in enumerate(layers):
        _label(values.nets, net_names, l)
        _label(values.outs, out_names, l)
    return layers


def _label(values, names, l):
    if names is None:
        return
    for value, name in zip(values, names[l]):
        value.label = name


def label_parameters(model, names):
    """Give the parameters of ``model`` (in ``parameters()`` order) the labels ``names``."""
    params = model.parameters()
    if len(params) != len(names):
        raise ValueError(f"label_parameters: {len(params)} parameters but {len(names)} names")
    for p, name in zip(params, names):
        p.label = name
