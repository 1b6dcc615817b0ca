"""Saving a trained MLP to a JSON file and loading it back.

The file is plain JSON (never pickle: loading a model must not be able to
run code). It holds a format name and version, the architecture (inputs,
and each layer's size, activation and whether it has biases) and every
weight and bias. Floats are written as ``repr`` writes them, so a loaded
model has bit-for-bit the same numbers.
"""

import json

from .module import MLP

FORMAT = "autograd-core-mlp"
VERSION = 1


def save(model, path):
    """Write ``model`` (an ``MLP``) to ``path`` as JSON."""
    if not isinstance(model, MLP):
        raise TypeError(f"save: expected an MLP, got {type(model).__name__}")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": {
            "nin": model.nin,
            "layers": [
                {"nout": layer.nout, "activation": layer.activation, "bias": layer.has_bias}
                for layer in model.layers
            ],
        },
        "weights": model.weights(),
        "biases": model.biases(),
    }
    text = json.dumps(document, indent=1, allow_nan=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def load(path):
    """The ``MLP`` saved in ``path``; ValueError saying what is wrong with a bad file."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise ValueError(f"load({str(path)!r}): not a JSON model file: {error}") from None
    return from_document(document, f"load({str(path)!r})")


def from_document(document, where="from_document"):
    """Rebuild an ``MLP`` from a decoded model document, checking every part."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise ValueError(f"{where}: not a saved MLP (expected format {FORMAT!r}, found {found!r})")
    if document.get("version") != VERSION:
        raise ValueError(f"{where}: format version {document.get('version')!r} is not supported "
                         f"(this library reads version {VERSION})")
    for key in ("architecture", "weights", "biases"):
        if key not in document:
            raise ValueError(f"{where}: the file has no {key!r} entry")
    architecture = document["architecture"]
    try:
        nin = architecture["nin"]
        layers = architecture["layers"]
        activations = [layer["activation"] for layer in layers]
        sizes = [layer["nout"] for layer in layers]
        has_bias = [layer["bias"] for layer in layers]
    except (TypeError, KeyError) as error:
        raise ValueError(f"{where}: malformed architecture entry ({error!r})") from None
    try:
        model = MLP.from_weights(document["weights"], document["biases"], activations)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from None
    actual = (model.nin, model.nouts, [layer.has_bias for layer in model.layers])
    if actual != (nin, sizes, has_bias):
        raise ValueError(
            f"{where}: the weights do not match the architecture: architecture says "
            f"nin={nin!r}, layer sizes {sizes!r}, biases {has_bias!r}; weights give "
            f"nin={actual[0]}, layer sizes {actual[1]}, biases {actual[2]}")
    return model


def _reject_constant(name):
    raise ValueError(f"the file holds {name}, which is not a finite number")
