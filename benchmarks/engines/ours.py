"""The workloads in this project's engine: ``nn.MLP`` on ``autograd_core.Value``."""

import nn
from autograd_core import Operation, Value, collector_paused, sum_values

from ..problems import CHAIN_FACTOR, CHAIN_OFFSET, CHAIN_START, LEARNING_RATE

VERSION = "autograd_core (this project)"


def _model(network):
    return nn.MLP.from_weights(network.weights, network.biases, network.activations)


def moons_step_function(problem, collector_on=False):
    """One training step of ``problem``'s network, as a function returning the loss.

    The step runs as ``nn.fit`` runs each of its steps, inside
    ``collector_paused()``; with ``collector_on`` it is the same loop with
    Python's garbage collector left running, as a hand-written loop is.
    """
    model = _model(problem.network)
    optimizer = nn.SGD(model.parameters(), lr=LEARNING_RATE)
    points, targets = problem.points, problem.targets

    def step():
        scores = [model(x) for x in points]
        loss = nn.hinge_loss(scores, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.data

    if collector_on:
        return step

    def step_as_fit_takes_it():
        with collector_paused():
            return step()

    return step_as_fit_takes_it


def moons_step_collector_on(problem):
    """The training step written by hand, with the garbage collector running."""
    return moons_step_function(problem, collector_on=True)


def chain_leaves():
    return Value(CHAIN_START), Value(CHAIN_FACTOR), Value(CHAIN_OFFSET)


def chain(leaves, n_ops):
    y, a, b = leaves
    for _ in range(n_ops // 2):
        y = y * a + b
    return y


def chain_of_floats(numbers, n_ops):
    """The same chain on plain floats: the floor no engine can beat."""
    y, a, b = numbers
    for _ in range(n_ops // 2):
        y = y * a + b
    return y


def wide_leaves(numbers):
    return [Value(x) for x in numbers]


def wide_sum(leaves):
    return sum(leaves)


def _add_numbers(*numbers):
    total = 0.0
    for x in numbers:
        total += x
    return total


ADD_ALL = Operation("add_all", value=_add_numbers, local_grads=lambda *numbers, out: [1.0] * len(numbers))
"""The same n-ary sum defined by a user: the engine's cost around a user's operation."""


def wide_sum_operation(leaves):
    """The same sum as ONE user-defined ``Operation`` node."""
    return ADD_ALL(*leaves)


def wide_sum_one_node(leaves):
    """The same sum as ONE n-ary node (``sum_values``): ∂/∂xᵢ = 1 for every term."""
    return sum_values(leaves)


def backward(root):
    root.backward()


def number(x):
    return x.data


def grad(x):
    return x.grad
