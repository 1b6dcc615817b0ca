"""One module per engine, each doing the workloads of ``benchmarks.problems`` its own way.

Every engine module offers the same functions:

    moons_step_function(problem)   -> a function doing one training step, returning the loss
    chain_leaves()                 -> the leaves (y, a, b) of the deep chain
    chain(leaves, n_ops)           -> the root of  y ← y·a + b  repeated n_ops/2 times
    wide_leaves(numbers)           -> one leaf per number
    wide_sum(leaves)               -> the root of sum(leaves), Python's own sum
    backward(root)                 -> the backward pass from root
    number(x), grad(x)             -> a node's value and gradient as floats
    VERSION                        -> the engine's name and version, for the table

and, where it has one, ``wide_sum_one_node(leaves)`` (the same sum as one
n-ary operation) and ``NODES_IN_C_HEAP = True`` when its nodes live outside
Python's allocator.

A training step is: forward over every point, the mean hinge loss
(1/n) Σ max(0, 1 - yᵢ·sᵢ), backward, and p ← p - lr·∂loss/∂p.
"""

import importlib

ENGINE_MODULES = {
    "ours": "benchmarks.engines.ours",
    "micrograd": "benchmarks.engines.reference_micrograd",
    "torch": "benchmarks.engines.reference_torch",
}

TITLES = {"ours": "autograd_core", "micrograd": "micrograd", "torch": "PyTorch scalars"}


def load(name):
    """The engine module called ``name``, or an ImportError saying what is missing."""
    return importlib.import_module(ENGINE_MODULES[name])


def available():
    """``{name: module}`` for every engine that imports, and ``{name: reason}`` for the others."""
    engines, missing = {}, {}
    for name in ENGINE_MODULES:
        try:
            engines[name] = load(name)
        except ImportError as error:
            missing[name] = f"{error} (pip install -e '.[bench]')"
    return engines, missing
