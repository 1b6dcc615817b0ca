"""Saving a trained MLP to a JSON file and loading it back.

The file is plain JSON (never pickle: loading a model must not be able to
run code). It holds a format name and version, the architecture (inputs,
and each layer's size, activation and whether it has biases) and every
weight and bias. Floats are written as ``repr`` writes them, so a loaded
model has bit-for-bit the same numbers. A layer that uses the parameters of
an earlier one (``MLP.from_weights(..., same_parameters_as=...)``) says so
in its entry, ``"same_parameters_as": k``, and repeats its numbers; such a
file is version 2, which older versions of this library refuse rather than
read as a model with untied layers. Every other file is version 1.

``save`` replaces the file only once the new one is fully written, so a
crash, a full disk or a Ctrl-C in the middle leaves the old file as it was.
``load`` reads files up to ``MAX_BYTES`` (raise it with ``max_bytes=``),
spends at most ``BYTES_PER_FILE_BYTE`` (50) bytes of memory per byte of the
file (see ``load_budget.py``), and answers anything wrong with a file,
however it is malformed, with a ValueError naming the file.
"""

import json
import os
import sys

from autograd_core.files import checked_path, write_atomically

from .load_budget import (BYTES_PER_FILE_BYTE, document_bytes, model_bytes, model_counts,
                          text_bytes)
from .module import MLP

FORMAT = "autograd-core-mlp"
VERSION = 1
SHARING_VERSION = 2
"""The version of a file with layers that share parameters."""

MAX_BYTES = 100_000_000
"""The largest file ``load`` reads unless told otherwise: 100 MB, a model of
about four million parameters (a file takes some 25 bytes per number), which
loads in about 30 s and 0.9 GB of memory (9 bytes per byte of file; no file
may take more than 50, 5 GB). Pass ``max_bytes=`` to read a larger one."""

QUOTE_LIMIT = 80
"""At most this many characters of anything from the file are quoted in an error message."""

MESSAGE_LIMIT = 400
"""An error message passed on from building the model is cut to this many characters."""


def save(model, path):
    """Write ``model`` (an ``MLP``) to ``path`` as JSON, replacing the file in one step.

    ``path`` is a file name (str or os.PathLike); an int, which ``open`` would
    take for a file descriptor, is refused.

    Returns:
        None: the file holds the model afterwards, or, if anything failed, is as it was.

    Raises:
        TypeError: a ``model`` that is not an ``MLP``, or a ``path`` that is not
            a file name.
        FileNotFoundError: a ``path`` whose folder does not exist.

    Examples:
        >>> import os, tempfile, nn
        >>> model = nn.MLP(2, [3, 1], seed=0)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "model.json")
        ...     save(model, path)
        ...     again = load(path)
        >>> again([0.5, -1.0]).data == model([0.5, -1.0]).data
        True
    """
    if not isinstance(model, MLP):
        raise TypeError(f"save: expected an MLP, got {type(model).__name__}")
    path = checked_path(path, "save")
    text = json.dumps(to_document(model, "save"), indent=1, allow_nan=False)
    write_atomically(path, text + "\n", "save")


def to_document(model, where="to_document"):
    """What ``save`` writes, as a dict of plain JSON data (``from_document`` reads it back)."""
    if not isinstance(model, MLP):
        raise TypeError(f"{where}: expected an MLP, got {type(model).__name__}")
    sources = model.same_parameters_as()
    own = sum(len(layer.parameters()) for layer, k in zip(model.layers, sources) if k is None)
    if own != len(model.parameters()):
        raise ValueError(f"{where}: some of the model's parameters are shared between layers other "
                         f"than as whole layers (MLP.from_weights(..., same_parameters_as=...)), which "
                         f"the file cannot record")
    layers = []
    for layer, k in zip(model.layers, sources):
        entry = {"nout": layer.nout, "activation": layer.activation, "bias": layer.has_bias}
        if k is not None:
            entry["same_parameters_as"] = k
        layers.append(entry)
    return {
        "format": FORMAT,
        "version": VERSION if sources.count(None) == len(sources) else SHARING_VERSION,
        "architecture": {"nin": model.nin, "layers": layers},
        "weights": model.weights(),
        "biases": model.biases(),
    }


def load(path, max_bytes=MAX_BYTES):
    """The ``MLP`` saved in ``path``; ValueError saying what is wrong with a bad file.

    A file larger than ``max_bytes`` (default ``MAX_BYTES``, 100 MB) is refused
    before it is read. A file that cannot be opened raises the usual OSError.

    Returns:
        MLP: a new model with exactly the saved numbers.

    Raises:
        ValueError: a file that is not a saved model, saying what is wrong, or
            one larger than ``max_bytes``.
        OSError: a file that cannot be opened (``FileNotFoundError``, …).

    Examples:
        >>> load("no/such/model.json")
        Traceback (most recent call last):
          ...
        FileNotFoundError: [Errno 2] No such file or directory: 'no/such/model.json'
    """
    path = checked_path(path, "load")
    where = f"load({_quoted(path)})"
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"{where}: max_bytes must be a positive int, got {_quoted(max_bytes)}")
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise ValueError(f"{where}: the file has {size:,} bytes, more than max_bytes = "
                             f"{max_bytes:,}; pass a larger max_bytes to load it")
        raw = _read_at_most(f, size, max_bytes)
    if len(raw) > max_bytes:
        raise ValueError(f"{where}: the file has more than max_bytes = {max_bytes:,} bytes; "
                         f"pass a larger max_bytes to load it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{where}: not a JSON model file: {_capped(str(error))}") from None
    # What parsing and building would cost, estimated before it is spent (see load_budget.py).
    size = len(raw)
    document_estimate = document_bytes(text)
    _check_budget(max(text_bytes(raw, text), sys.getsizeof(text) + document_estimate), size, where,
                  "its text holds so many lists, objects and numbers")
    del raw
    try:
        document = json.loads(text, parse_constant=_reject_constant)
        del text
    except RecursionError:
        raise ValueError(f"{where}: not a JSON model file: its lists or objects are nested "
                         f"too deeply to read") from None
    except (ValueError, OverflowError) as error:   # JSONDecodeError is a ValueError
        raise ValueError(f"{where}: not a JSON model file: {_capped(str(error))}") from None
    layers, neurons, parameters = model_counts(document)
    _check_budget(document_estimate + model_bytes(layers, neurons, parameters), size, where,
                  f"it holds {_count(layers, 'layer')}, {_count(neurons, 'neuron')} and "
                  f"{_count(parameters, 'weight')} and biases, written in few bytes each")
    return from_document(document, where)


def _count(number, noun):
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


SMALL_FILE = 4096
"""A file up to this many bytes gets the budget of one this size (200 KB): a tiny file
(``[]``, ``{}``) is read and answered for what it holds, not refused for its size."""


def _check_budget(estimate, size, where, why):
    """ValueError if ``estimate`` bytes of memory exceed the budget for a file of ``size`` bytes."""
    if estimate > BYTES_PER_FILE_BYTE * max(size, SMALL_FILE):
        raise ValueError(
            f"{where}: loading this file would take about {estimate / 1e6:,.1f} MB of memory, more "
            f"than {BYTES_PER_FILE_BYTE} bytes for each of its {size:,} bytes ({why}); a file written "
            f"by nn.save takes about 9 bytes of memory per byte, and never more than "
            f"{BYTES_PER_FILE_BYTE}")


def _read_at_most(file, expected_size, limit):
    """The file's bytes, but no more than ``limit + 1`` of them (it may have grown since it was measured)."""
    data = file.read(min(expected_size, limit) + 1)
    while len(data) <= limit:
        more = file.read(min(1 << 16, limit + 1 - len(data)))    # a small request: read() allocates it
        if not more:
            break
        data += more
    return data


def from_document(document, where="from_document"):
    """Rebuild an ``MLP`` from a decoded model document, checking every part.

    Types are checked strictly: ``version``, ``nin`` and ``nout`` must be ints
    (not ``true``), ``bias`` a bool (not ``1``), ``activation`` a str.
    """
    try:
        return _from_document(document, where)
    except (RecursionError, OverflowError) as error:
        raise ValueError(f"{where}: the model cannot be built: {type(error).__name__}: "
                         f"{_capped(str(error))}") from None


def _from_document(document, where):
    if not isinstance(document, dict):
        raise ValueError(f"{where}: not a saved MLP (expected format {FORMAT!r}, found a JSON "
                         f"{_json_type(document)})")
    if document.get("format") != FORMAT:
        raise ValueError(f"{where}: not a saved MLP (expected format {FORMAT!r}, "
                         f"found {_quoted(document.get('format'))})")
    version = document.get("version")
    if type(version) is not int or version not in (VERSION, SHARING_VERSION):
        raise ValueError(f"{where}: format version {_quoted(version)} is not supported "
                         f"(this library reads versions {VERSION} and {SHARING_VERSION})")
    for key in ("architecture", "weights", "biases"):
        if key not in document:
            raise ValueError(f"{where}: the file has no {key!r} entry")
    nin, sizes, activations, has_bias, sources = _architecture(document["architecture"], where,
                                                               version == SHARING_VERSION)
    _check_numbers(document["weights"], document["biases"], where)
    try:
        model = MLP.from_weights(document["weights"], document["biases"], activations, sources)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {_capped(str(error), MESSAGE_LIMIT)}") from None
    actual = (model.nin, model.nouts, [layer.has_bias for layer in model.layers])
    if actual != (nin, sizes, has_bias):
        raise ValueError(
            f"{where}: the weights do not match the architecture: architecture says "
            f"nin={nin!r}, layer sizes {_capped(repr(sizes))}, biases {_capped(repr(has_bias))}; "
            f"weights give nin={actual[0]}, layer sizes {_capped(repr(actual[1]))}, "
            f"biases {_capped(repr(actual[2]))}")
    return model


def _architecture(architecture, where, sharing):
    """``nin``, layer sizes, activations, bias flags and shared layers, each of exactly the right type.

    ``same_parameters_as`` may appear in a layer's entry only with ``sharing``
    (a version 2 file).
    """
    def malformed(what, value, expected):
        return ValueError(f"{where}: malformed architecture entry: {what} must be {expected}, "
                          f"got {_json_type(value)} {_quoted(value)}")
    if not isinstance(architecture, dict):
        raise malformed("'architecture'", architecture, "an object")
    for key in ("nin", "layers"):
        if key not in architecture:
            raise ValueError(f"{where}: malformed architecture entry: it has no {key!r}")
    nin = architecture["nin"]
    if type(nin) is not int or nin < 1:
        raise malformed("'nin'", nin, "a positive int")
    layers = architecture["layers"]
    if not isinstance(layers, list) or not layers:
        raise malformed("'layers'", layers, "a non-empty list")
    sizes, activations, has_bias, sources = [], [], [], []
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict):
            raise malformed(f"layers[{i}]", layer, "an object")
        for key, check, expected, into in (
                ("nout", lambda x: type(x) is int and x >= 1, "a positive int", sizes),
                ("activation", lambda x: type(x) is str, "a str", activations),
                ("bias", lambda x: type(x) is bool, "true or false", has_bias)):
            if key not in layer:
                raise ValueError(f"{where}: malformed architecture entry: layers[{i}] has no {key!r}")
            if not check(layer[key]):
                raise malformed(f"layers[{i}][{key!r}]", layer[key], expected)
            into.append(layer[key])
        source = layer.get("same_parameters_as")
        if source is not None:
            if not sharing:
                raise ValueError(f"{where}: layers[{i}] has 'same_parameters_as', which only a "
                                 f"version {SHARING_VERSION} file may have")
            if type(source) is not int or not 0 <= source < i:
                raise malformed(f"layers[{i}]['same_parameters_as']", source,
                                f"the index of an earlier layer (0 to {i - 1})")
        sources.append(source)
    return nin, sizes, activations, has_bias, sources


def _check_numbers(weights, biases, where):
    """Every weight and bias a number where one belongs: ``weights[l][j][i]``, ``biases[l][j]``.

    Checked here, before the model is built, so that a message quotes at most
    a short piece of whatever the file holds instead of a number.
    """
    def expect_list(value, at):
        if not isinstance(value, list):
            raise ValueError(f"{where}: {at} must be a list, got {_json_type(value)} {_quoted(value)}")
        return value
    for l, layer in enumerate(expect_list(weights, "weights")):
        for j, row in enumerate(expect_list(layer, f"weights[{l}]")):
            for i, number in enumerate(expect_list(row, f"weights[{l}][{j}]")):
                if type(number) is not float or not -LARGEST_FLOAT <= number <= LARGEST_FLOAT:
                    _check_number(number, f"weights[{l}][{j}][{i}] (layer {l}, neuron {j}, weight {i})",
                                  where)
    if biases is None:
        return
    for l, layer in enumerate(expect_list(biases, "biases")):
        if layer is not None:
            for j, number in enumerate(expect_list(layer, f"biases[{l}]")):
                if type(number) is not float or not -LARGEST_FLOAT <= number <= LARGEST_FLOAT:
                    _check_number(number, f"biases[{l}][{j}] (layer {l}, neuron {j}'s bias)", where)


LARGEST_FLOAT = 1.7976931348623157e308


def _check_number(value, at, where):
    """A JSON number that fits a float.

    NaN and Infinity are refused while reading; a literal beyond the float
    range (1e400) reads as an infinite float, and an int as an int of any size.
    """
    if type(value) is float:
        raise ValueError(f"{where}: {at} is a number too large for a float (read as {value!r}); "
                         f"every weight and bias must be finite, at most about 1.8e308")
    if type(value) is not int:
        raise ValueError(f"{where}: {at} must be a number, got {type(value).__name__} {_quoted(value)}")
    try:
        float(value)
    except OverflowError:
        raise ValueError(f"{where}: {at} is {_quoted(value)}, too large for a float "
                         f"(at most about 1.8e308)") from None


def _json_type(value):
    """What a decoded JSON value is, in JSON's words."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _quoted(value):
    """``repr(value)``, cut to ``QUOTE_LIMIT`` characters (the file may hold anything)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<an int of about {int(value.bit_length() * 0.30103)} digits>"
    if isinstance(value, (list, dict)) and len(value) > QUOTE_LIMIT:
        return f"<a {_json_type(value)} of {len(value):,} entries>"
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        text = f"<a {_json_type(value)}>"
    return _capped(text)


def _capped(text, limit=QUOTE_LIMIT):
    """``text`` itself if short, otherwise its start and end around a note of what was left out."""
    if len(text) <= limit:
        return text
    keep = limit // 2
    return f"{text[:keep]}…[{len(text) - 2 * keep:,} characters left out]…{text[-keep:]}"


def _reject_constant(name):
    raise ValueError(f"the file holds {name}, which is not a finite number")
