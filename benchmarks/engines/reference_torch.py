"""The workloads in PyTorch with 0-dim float64 tensors: one tensor per scalar."""

import torch

from ..problems import CHAIN_FACTOR, CHAIN_OFFSET, CHAIN_START, LEARNING_RATE

VERSION = f"PyTorch {torch.__version__}"

NODES_IN_C_HEAP = True
"""Tensors and autograd nodes are C++ objects: measure memory on the C heap too."""


def scalar(x):
    """A 0-dim float64 tensor that records gradients, as our leaf ``Value(x)``."""
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


class ScalarMLP:
    """An MLP of scalar tensors: out_j = f(b_j + Σᵢ w_ji·x_i), ReLU in hidden layers."""

    def __init__(self, network):
        self.weights = [[[scalar(w) for w in row] for row in rows] for rows in network.weights]
        self.biases = [[scalar(b) for b in layer] for layer in network.biases]

    def __call__(self, x):
        last = len(self.weights) - 1
        for l, (rows, biases) in enumerate(zip(self.weights, self.biases)):
            outs = [sum((w * xi for w, xi in zip(row, x)), b) for row, b in zip(rows, biases)]
            x = outs if l == last else [out.relu() for out in outs]
        return x[0]

    def parameters(self):
        return ([w for rows in self.weights for row in rows for w in row]
                + [b for layer in self.biases for b in layer])


def moons_step_function(problem):
    model = ScalarMLP(problem.network)
    points, targets = problem.points, problem.targets
    params = model.parameters()

    def step():
        scores = [model(x) for x in points]
        loss = sum((1.0 - y * s).relu() for y, s in zip(targets, scores)) / len(scores)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LEARNING_RATE * p.grad
        return loss.item()

    return step


def chain_leaves():
    return scalar(CHAIN_START), scalar(CHAIN_FACTOR), scalar(CHAIN_OFFSET)


def chain(leaves, n_ops):
    y, a, b = leaves
    for _ in range(n_ops // 2):
        y = y * a + b
    return y


def wide_leaves(numbers):
    return [scalar(x) for x in numbers]


def wide_sum(leaves):
    return sum(leaves)


def wide_sum_one_node(leaves):
    """The same sum as one tensor operation: stack the scalars, then sum."""
    return torch.stack(leaves).sum()


def backward(root):
    root.backward()


def number(x):
    return x.item()


def grad(x):
    return x.grad.item()
