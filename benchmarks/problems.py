"""The work every engine does: the same data, the same initial weights, the same numbers.

Each engine module in ``benchmarks.engines`` turns these into its own
objects; nothing here depends on an engine.
"""

import random
from dataclasses import dataclass

import nn

LEARNING_RATE = 0.05

CHAIN_FACTOR = 0.99999
"""The deep chain repeats  y ← y·a + b  with a leaf a of this value ..."""
CHAIN_OFFSET = 0.001
"""... and a leaf b of this one, starting from a leaf y = 1, so y stays near 1."""
CHAIN_START = 1.0


@dataclass(frozen=True)
class Network:
    """An MLP's initial parameters, as ``nn.MLP.from_weights`` takes them.

    ``weights[l][j][i]`` is the weight from input i to neuron j of layer l,
    ``biases[l][j]`` that neuron's bias. Hidden layers use ReLU and the
    output is linear, as micrograd's MLP (ReLU is its only activation).
    """

    weights: list
    biases: list

    @property
    def activations(self):
        return ["relu"] * (len(self.weights) - 1) + ["identity"]


@dataclass(frozen=True)
class Classification:
    """Points, their ±1 targets (for the hinge loss), and the network to train."""

    points: list
    targets: list
    network: Network


def initial_network(sizes, seed=0):
    """Our ``nn.MLP``'s own initialisation for the layer sizes ``[nin, *nouts]``."""
    model = nn.MLP(sizes[0], list(sizes[1:]), activation="relu", seed=seed)
    return Network(model.weights(), model.biases())


def moons(n_points=100, seed=0):
    """Two-moons points for a 2-16-16-1 MLP."""
    points, labels = nn.make_moons(n_points, noise=0.1, seed=seed)
    return Classification(points, [2.0 * y - 1.0 for y in labels], initial_network([2, 16, 16, 1], seed))


def xor(hidden=8, seed=0):
    """The four XOR points for a 2-``hidden``-1 MLP."""
    points, labels = nn.xor()
    return Classification(points, [2.0 * y - 1.0 for y in labels], initial_network([2, hidden, 1], seed))


def wide_sum_terms(n_terms, seed=0):
    """``n_terms`` numbers to add up."""
    rng = random.Random(seed)
    return [rng.uniform(-1.0, 1.0) for _ in range(n_terms)]
