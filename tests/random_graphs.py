"""Random expression graphs: programs over three inputs, run on Values or on floats (hypothesis)."""

import math
import random

from hypothesis import strategies as st

from autograd_core import Value, weighted_sum


# Smooth operations defined everywhere (so the reference is well defined).
UNARY = [
    (lambda v: v.tanh(), math.tanh),
    (lambda v: v.sigmoid(), lambda f: 1 / (1 + math.exp(-f))),
    (lambda v: v.sin(), math.sin),
    (lambda v: v.arctan(), math.atan),
    (lambda v: v.softplus(), lambda f: math.log1p(math.exp(f))),
    (lambda v: v * 0.5 + 1, lambda f: f * 0.5 + 1),
]
BINARY = [
    (lambda a, b: a + b, lambda a, b: a + b),
    (lambda a, b: a * b, lambda a, b: a * b),
    (lambda a, b: a - b, lambda a, b: a - b),
    (lambda a, b: a / (b * b + 1), lambda a, b: a / (b * b + 1)),
]


@st.composite
def programs(draw):
    """A list of instructions over 3 inputs; each reads earlier results."""
    steps = []
    for k in range(draw(st.integers(1, 12))):
        available = 3 + k
        if draw(st.booleans()):
            steps.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, available - 1))))
        else:
            steps.append(("b", draw(st.integers(0, len(BINARY) - 1)),
                          draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1))))
    return steps


def run(program, inputs, on_values):
    slots = list(inputs)
    for step in program:
        if step[0] == "u":
            op = UNARY[step[1]][0 if on_values else 1]
            slots.append(op(slots[step[2]]))
        else:
            op = BINARY[step[1]][0 if on_values else 1]
            slots.append(op(slots[step[2]], slots[step[3]]))
    return slots[-1]


def random_mlp(seed, sizes=(3, 4, 4, 1)):
    """A tanh MLP with squared error, built the same way for the same seed; returns the loss."""
    rng = random.Random(seed)
    activations = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(sizes[0])]
    for n_in, n_out in zip(sizes, sizes[1:]):
        layer = []
        for _ in range(n_out):
            weights = [Value(rng.uniform(-1, 1)) for _ in range(n_in)]
            bias = Value(rng.uniform(-1, 1))
            layer.append(weighted_sum(weights, activations, bias).tanh())
        activations = layer
    return (activations[0] - 0.5) ** 2 + activations[0] * activations[0].sigmoid()
