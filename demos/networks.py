"""A forward pass that keeps every layer's net inputs and outputs, with the notes' names.

``model(x)`` returns only the last layer's outputs. To print H_in, net_h1
or δ = ∂E/∂net the demos need the nodes in between, so ``forward_layers``
calls the neurons of each layer one by one (exactly what the layer does)
and labels the nodes, so traces and pictures use the notes' names.
"""

from dataclasses import dataclass

import nn


@dataclass
class LayerNodes:
    nets: list   # each neuron's weighted sum Σ w·x + b, as a Value
    outs: list   # the layer's outputs, activation(net) (softmax over the layer for "softmax")


def forward_layers(model, x, net_names=None, out_names=None):
    """Run ``model`` on ``x``; one ``LayerNodes`` per layer.

    ``net_names[l][j]`` and ``out_names[l][j]``, when given, become the
    labels of neuron j's net input and output in layer l.
    """
    layers = []
    inputs = x
    for l, layer in enumerate(model.layers):
        neuron_outs = [neuron(inputs) for neuron in layer.neurons]
        if layer.activation == "softmax":
            nets, outs = neuron_outs, nn.softmax(neuron_outs)
        elif layer.activation == "identity":
            nets, outs = neuron_outs, neuron_outs
        else:
            nets, outs = [o.inputs[0] for o in neuron_outs], neuron_outs
        _label(nets, net_names, l)
        _label(outs, out_names, l)
        layers.append(LayerNodes(nets, outs))
        inputs = outs
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
