"""Random expression graphs against central differences (property-based)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import Value
from conftest import central_difference

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


@settings(max_examples=150, deadline=None)
@given(programs(), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_random_graph_gradients_match_central_differences(program, point):
    leaves = [Value(p) for p in point]
    out = run(program, leaves, on_values=True)
    out.backward()
    as_floats = lambda *xs: run(program, xs, on_values=False)  # noqa: E731
    for i, leaf in enumerate(leaves):
        expected = central_difference(as_floats, point, i, eps=1e-5)
        assert math.isclose(leaf.grad, expected, rel_tol=1e-4, abs_tol=1e-6)
