"""The trained network as a file: ``nn.save`` 's JSON, or Python code that rebuilds it.

Both hold every weight as ``repr`` writes it, so the rebuilt network has
bit for bit the same numbers and gives the same outputs. The Python file
is written from numbers and from activation names the page checked against
``nn``'s own list, never from text the page sent.
"""

import json

from ..activations import check_layer_activation
from ..serialization import to_document


def as_json(model):
    """The text ``nn.save(model, path)`` writes; ``nn.load`` reads it back."""
    return json.dumps(to_document(model), indent=1, allow_nan=False) + "\n"


def as_python(model, note):
    """A Python file that rebuilds ``model`` with ``nn.MLP.from_weights``.

    ``note`` (one line saying how it was trained) goes into the docstring;
    it is made by the session from checked settings.
    """
    activations = [layer.activation for layer in model.layers]
    for name in activations:
        # An nn.MLP holds each name as check_layer_activation writes it ("elu(alpha=0.5)" with its
        # parameters); anything else is never written into the file.
        try:
            known = check_layer_activation(name) == name
        except ValueError:
            known = False
        if not known:
            raise ValueError(f"export: unknown activation {name!r}")
    note = " ".join(str(note).split()).replace('"""', "'''").replace("\\", "/")
    lines = [
        '"""A network trained in the Backprop Playground.',
        "",
        note,
        "",
        "Run it to see it, or import it: ``model`` is the same MLP, weight for weight.",
        '"""',
        "",
        "import nn",
        "",
        "# weights[l][j][i]: from input i to neuron j of layer l; biases[l][j]: neuron j of layer l.",
        "model = nn.MLP.from_weights(",
        "    weights=[",
    ]
    for layer in model.weights():
        lines.append("        [")
        for row in layer:
            lines.append(f"            [{', '.join(repr(float(w)) for w in row)}],")
        lines.append("        ],")
    lines.append("    ],")
    biases = model.biases()
    if all(layer is None for layer in biases):
        lines.append("    biases=None,")
    else:
        lines.append("    biases=[")
        for layer in biases:
            lines.append("        None," if layer is None else
                         f"        [{', '.join(repr(float(b)) for b in layer)}],")
        lines.append("    ],")
    lines.append(f"    activations={activations!r},")
    shared = model.same_parameters_as()
    if any(k is not None for k in shared):
        lines.append(f"    same_parameters_as={shared!r},")
    lines.append(")")
    lines += ["", "", 'if __name__ == "__main__":', "    print(model)", ""]
    return "\n".join(lines)
