"""A small neural-net library on top of ``autograd_core``: every number is a ``Value``.

Examples:
    >>> import nn
    >>> X, Y = nn.xor()
    >>> model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    >>> optimizer = nn.Adam(model.parameters(), lr=0.1)
    >>> losses = nn.fit(model, X, Y, nn.bce_loss, optimizer, epochs=300, verbose=False)
    >>> [round(model(x).data) for x in X]
    [0, 1, 1, 0]
"""

from .activations import ACTIVATIONS, known_activations, softmax
from .datasets import make_circles, make_gaussians, make_moons, make_spiral, make_xor, xor
from .labels import notes_name
from .losses import (bce_loss, bce_with_logits_loss, cross_entropy_loss,
                     cross_entropy_with_logits_loss, hinge_loss, mse_loss, sse_loss)
from .module import MLP, Layer, LayerValues, Module, Neuron
from .optim import SGD, Adam, Optimizer
from .pictures import layers_to_dot, render_layers_png, render_layers_svg
from .serialization import load, save
from .torch_bridge import from_torch, to_torch
from .training import fit
from .playground import playground

__all__ = [
    "Module", "Neuron", "Layer", "MLP", "LayerValues",
    "ACTIVATIONS", "known_activations", "softmax",
    "mse_loss", "sse_loss", "bce_loss", "bce_with_logits_loss",
    "cross_entropy_loss", "cross_entropy_with_logits_loss", "hinge_loss",
    "Optimizer", "SGD", "Adam",
    "fit",
    "xor", "make_moons", "make_gaussians", "make_circles", "make_spiral", "make_xor",
    "save", "load",
    "to_torch", "from_torch",
    "layers_to_dot", "render_layers_svg", "render_layers_png",
    "playground",
    "notes_name",
]
