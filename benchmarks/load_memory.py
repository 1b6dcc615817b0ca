"""``python -m benchmarks.load_memory [--quick]``: bytes of memory ``nn.load`` takes per byte of file.

Files of several shapes, some written by ``nn.save``, some by hand as a
hostile file would be, each loaded under ``tracemalloc`` (which sees every
allocation Python makes): the peak memory of the load over the file's size,
beside ``load``'s own estimate, made before it spends anything, which
refuses a file over ``BYTES_PER_FILE_BYTE`` (see ``nn/load_budget.py``).
A refused file is measured too: what was spent before refusing it.
"""

import argparse
import json
import os
import sys
import tempfile
import tracemalloc
from dataclasses import dataclass

import nn
from nn.load_budget import (BYTES_PER_FILE_BYTE, document_bytes, model_bytes, model_counts,
                            text_bytes)


@dataclass
class Measurement:
    shape: str
    size: int           # bytes of file
    peak: int           # bytes of memory at the load's peak
    estimate: int       # what load estimated before spending anything
    refused: bool

    @property
    def per_byte(self):
        return self.peak / self.size


def _document(layers, nin, weights, biases):
    return {"format": "autograd-core-mlp", "version": 1,
            "architecture": {"nin": nin, "layers": layers}, "weights": weights, "biases": biases}


def _write(path, document, compact=False):
    with open(path, "w") as f:
        if compact:
            json.dump(document, f, separators=(",", ":"))
        else:
            json.dump(document, f, indent=1)


def shapes(scale):
    """``{name: function(path) writing such a file}``; ``scale`` is about the number of numbers."""
    side = max(2, int(scale ** 0.5))

    def typical(path):
        nn.save(nn.MLP(20, [side, side, 10], seed=0), path)

    def wide_zeros(path):
        nn.save(nn.MLP.from_weights([[[0.0] * side] * side], None, "tanh"), path)

    def narrow_with_bias(path):
        nn.save(nn.MLP.from_weights([[[0.0]] * scale], [[0.0] * scale], "tanh"), path)

    def narrow(path):
        nn.save(nn.MLP.from_weights([[[0.0]] * scale], None, "tanh"), path)

    def one_neuron_layers(path):
        nn.save(nn.MLP.from_weights([[[0.5]]] * (scale // 4), [[0.25]] * (scale // 4), "tanh"), path)

    def one_neuron_layers_compact(path):
        count = scale // 2
        layer = {"nout": 1, "activation": "elu", "bias": False}
        _write(path, _document([layer] * count, 1, [[[0]]] * count, None), compact=True)

    def narrow_compact(path):
        count = scale
        _write(path, _document([{"nout": count, "activation": "elu", "bias": False}], 1,
                               [[[0]] * count], None), compact=True)

    def nested_lists(path):
        with open(path, "w") as f:
            f.write("[" + ",".join(["[" * 400 + "]" * 400] * max(1, scale // 200)) + "]")

    return {
        "saved: MLP 20-n-n-10, trained-looking weights": typical,
        "saved: one wide layer, all weights 0.0": wide_zeros,
        "saved: neurons of one weight 0.0, bias 0.0": narrow_with_bias,
        "saved: neurons of one weight 0.0, no bias": narrow,
        "saved: layers of one neuron": one_neuron_layers,
        "by hand: layers of one neuron, compact": one_neuron_layers_compact,
        "by hand: neurons of one weight, [0],": narrow_compact,
        "by hand: nested empty lists": nested_lists,
    }


def estimate(path):
    """What ``load`` estimates for the file, the larger of its two checks."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    document = document_bytes(text)
    before = max(text_bytes(raw, text), sys.getsizeof(text) + document)
    try:
        counts = model_counts(json.loads(text))
    except (ValueError, RecursionError):
        return before
    return max(before, document + model_bytes(*counts))


def measure(shape, write, folder):
    """Write the file of ``shape`` and load it under tracemalloc."""
    path = os.path.join(folder, "model.json")
    write(path)
    size = os.path.getsize(path)
    guess = estimate(path)
    tracemalloc.start()             # counts only what is allocated from here on
    try:
        try:
            model = nn.load(path, max_bytes=10**10)
            refused = False
        except ValueError:
            model, refused = None, True
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del model
    os.remove(path)
    return Measurement(shape, size, peak, guess, refused)


def run(scale):
    with tempfile.TemporaryDirectory() as folder:
        return [measure(shape, write, folder) for shape, write in shapes(scale).items()]


def as_text(measurements):
    lines = [f"nn.load: bytes of memory per byte of file (tracemalloc's peak); "
             f"load refuses files it estimates above {BYTES_PER_FILE_BYTE}"]
    width = max(len(m.shape) for m in measurements)
    for m in measurements:
        verdict = "refused" if m.refused else "loaded"
        lines.append(f"  {m.shape:<{width}}  {m.size / 1e6:6.2f} MB  {m.per_byte:5.1f} per byte  "
                     f"(estimated {m.estimate / m.size:5.1f})  {verdict}")
    worst = max(m.per_byte for m in measurements)
    lines.append(f"  the most any of them took: {worst:.1f} bytes per byte of file")
    return "\n".join(lines)


SCALES = {"full": 100_000, "quick": 10_000, "tiny": 400}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_memory", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="files about ten times smaller")
    args = parser.parse_args(argv)
    print(as_text(run(SCALES["quick" if args.quick else "full"])))


if __name__ == "__main__":
    main()
