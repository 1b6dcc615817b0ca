"""How much memory ``load`` may spend on a file: at most ``BYTES_PER_FILE_BYTE`` per byte of it.

Loading a model file makes Python objects twice: first the parsed JSON
document (a list for each ``[``, a dict for each ``{``, a float for each
number), then the model (a ``Value`` per weight, a ``Neuron`` per row, a
``Layer`` per layer). How much memory that takes depends on the file's
shape more than on its size. ``nn.save`` writes some 25 bytes per number,
and loading takes about 9 bytes of memory per byte of file; but a file
written by hand as ``[0],`` four bytes per neuron takes about 180, and one
of nested empty lists 44, already while it is parsed. So ``load`` counts
before it spends:

1. before parsing, the text's brackets, braces, commas and quotes give an
   upper bound on the parsed document (``document_bytes``);
2. before building, the numbers of layers, neurons and parameters give the
   model's (``model_bytes``).

A file whose estimate exceeds the budget is refused, saying so. The costs
per object are CPython's on a 64-bit machine (3.11), measured with
``tracemalloc`` and rounded up; ``python -m benchmarks.load_memory``
measures the whole. Every file ``nn.save`` writes stays within the budget.
"""

import sys

BYTES_PER_FILE_BYTE = 50
"""The most memory ``load`` spends, in bytes per byte of the file read."""

# The parsed document, per thing in the text.
PER_LIST = 104          # a list, its slot in its parent and the spare room append leaves
PER_OBJECT = 256        # a dict of up to five keys
PER_ELEMENT = 36        # a float (24 bytes) and its slot: no number or short str costs more
PER_STRING = 60         # a str's header; its characters are counted with the text's length

# The model, per thing in it (its floats are the document's own).
PER_PARAMETER = 200     # a Value (88 bytes), its label ("L12.n3.w45") and its slot in a list
PER_NEURON = 460        # a Neuron, its attributes, labels and list of weights
PER_LAYER = 300         # a Layer and its attributes


def text_bytes(raw, text):
    """The most the file's bytes and their decoded text take at once."""
    return len(raw) + sys.getsizeof(text)


def document_bytes(text):
    """An upper bound on what ``json.loads(text)`` allocates.

    Every element of a list or value of an object ends at a comma or at the
    closing bracket, so commas + brackets + braces count them; a long string
    or a many-digit int takes about a byte per character, the text's length.
    """
    lists = text.count("[")
    objects = text.count("{")
    elements = text.count(",") + lists + objects
    strings = text.count('"') // 2
    return (PER_LIST * lists + PER_OBJECT * objects + PER_ELEMENT * elements
            + PER_STRING * strings + len(text))


def model_bytes(layers, neurons, parameters):
    """An upper bound on what building a model of that many layers, neurons and parameters takes."""
    return PER_LAYER * layers + PER_NEURON * neurons + PER_PARAMETER * parameters


def model_counts(document):
    """(layers, neurons, parameters) of a decoded model document, counting only what is well formed.

    Called before the document is checked: anything malformed counts as
    nothing here, and is reported by the checks that follow.
    """
    weights = document.get("weights") if isinstance(document, dict) else None
    biases = document.get("biases") if isinstance(document, dict) else None
    layers = neurons = parameters = 0
    if isinstance(weights, list):
        for layer in weights:
            if isinstance(layer, list):
                layers += 1
                neurons += len(layer)
                parameters += sum(len(row) for row in layer if isinstance(row, list))
    if isinstance(biases, list):
        parameters += sum(len(layer) for layer in biases if isinstance(layer, list))
    return layers, neurons, parameters
