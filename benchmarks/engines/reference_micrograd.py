"""The workloads in micrograd (PyPI, 0.1.0), written as its own demo writes them."""

import sys
from importlib.metadata import version

from micrograd.engine import Value
from micrograd.nn import MLP

from ..problems import CHAIN_FACTOR, CHAIN_OFFSET, CHAIN_START, LEARNING_RATE

VERSION = f"micrograd {version('micrograd')}"

RECURSION_LIMIT = 10_000_000
"""micrograd sorts its graph recursively, one Python frame per node on the
longest path, so deep graphs need a higher recursion limit than Python's
default of 1000. Raised only around its backward pass."""


def _model(network):
    sizes = [len(network.weights[0][0])] + [len(layer) for layer in network.weights]
    model = MLP(sizes[0], sizes[1:])
    for layer, rows, biases in zip(model.layers, network.weights, network.biases):
        for neuron, row, bias in zip(layer.neurons, rows, biases):
            for w, number in zip(neuron.w, row):
                w.data = number
            neuron.b.data = bias
    return model


def moons_step_function(problem):
    model = _model(problem.network)
    points, targets = problem.points, problem.targets
    params = model.parameters()

    def step():
        scores = [model(x) for x in points]
        losses = [(1 + -y * s).relu() for y, s in zip(targets, scores)]
        loss = sum(losses) * (1.0 / len(losses))
        model.zero_grad()
        backward(loss)
        for p in params:
            p.data -= LEARNING_RATE * p.grad
        return loss.data

    return step


def chain_leaves():
    return Value(CHAIN_START), Value(CHAIN_FACTOR), Value(CHAIN_OFFSET)


def chain(leaves, n_ops):
    y, a, b = leaves
    for _ in range(n_ops // 2):
        y = y * a + b
    return y


def wide_leaves(numbers):
    return [Value(x) for x in numbers]


def wide_sum(leaves):
    return sum(leaves)


def backward(root):
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, RECURSION_LIMIT))
    try:
        root.backward()
    finally:
        sys.setrecursionlimit(previous)


def number(x):
    return x.data


def grad(x):
    return x.grad
