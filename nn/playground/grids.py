"""Each neuron's output over the plane, and its gradient, sampled on a coarse grid.

The plane ``[x_min, x_max, y_min, y_max]`` is cut into ``size × size``
cells; each grid holds one number per cell, at the cell's centre, row by
row from the top row down (the order an image is drawn in), so a grid
is a small picture of a function of the point (x0, x1).

- ``output_grids``: the prediction (the probability of class 1) and every
  neuron's output, computed by the network itself under ``no_grad()``:
  no graph is recorded and no gradient changes. One pass gives all of them.
- ``gradient_grids``: for every hidden neuron, d output / d out of that
  neuron, how strongly the network's output follows the neuron at each
  point of the plane, computed with ``grad`` (which changes no ``.grad``).

Numbers are rounded to 4 decimals: they are drawn as colours.
"""

from autograd_core import Value, grad, no_grad

from .network import neuron_key

DIGITS = 4


def cell_centres(plane, size):
    """The centre of every cell, top row first, left to right."""
    x_min, x_max, y_min, y_max = plane
    dx = (x_max - x_min) / size
    dy = (y_max - y_min) / size
    return [[x_min + (i + 0.5) * dx, y_max - (j + 0.5) * dy] for j in range(size) for i in range(size)]


def neuron_names(model):
    """``"L0.n0"``, ``"L0.n1"``, … for every neuron, layer by layer: the keys of their places.

    (Not the names the neurons carry, which a network of your own may have changed.)
    """
    return [[neuron_key(l, j) for j in range(len(layer.neurons))] for l, layer in enumerate(model.layers)]


def layer_outputs(model, point):
    """The outputs of each layer for one point, as lists of ``Value`` s (the last is the model's output)."""
    return [values.outs for values in model.forward_layers(point)]


def output_grids(model, plane, size, probability):
    """The prediction and every neuron's output over the plane.

    ``probability(output)`` turns the network's output ``Value`` into the
    probability of class 1 that the page colours the plane with.
    """
    centres = cell_centres(plane, size)
    names = neuron_names(model)
    columns = [[[] for _ in layer] for layer in names]
    prediction = []
    with no_grad():
        for point in centres:
            outputs = layer_outputs(model, point)
            for layer_columns, outs in zip(columns, outputs):
                for column, out in zip(layer_columns, outs):
                    column.append(round(out.data, DIGITS))
            prediction.append(round(probability(outputs[-1][0]), DIGITS))
    neurons = {"x0": [round(p[0], DIGITS) for p in centres], "x1": [round(p[1], DIGITS) for p in centres]}
    for layer_names, layer_columns in zip(names, columns):
        neurons.update(zip(layer_names, layer_columns))
    return {"size": size, "output": prediction, "neurons": neurons}


def gradient_grids(model, plane, size):
    """For every hidden neuron, d output / d (its output) over the plane; no ``.grad`` changes."""
    centres = cell_centres(plane, size)
    hidden = [name for layer in neuron_names(model)[:-1] for name in layer]
    columns = [[] for _ in hidden]
    if hidden:
        for point in centres:
            outputs = layer_outputs(model, point)
            hidden_outs = [out for layer in outputs[:-1] for out in layer]
            derivatives = grad(outputs[-1][0], hidden_outs, allow_unused=True)
            for column, derivative in zip(columns, derivatives):
                column.append(round(_number(derivative), DIGITS))
    return {"size": size, "neurons": dict(zip(hidden, columns))}


def _number(x):
    return x.data if isinstance(x, Value) else float(x)
