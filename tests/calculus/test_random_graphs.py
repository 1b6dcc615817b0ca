"""Random expression graphs against central differences (property-based)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import Value
from conftest import central_difference
from random_graphs import programs, run


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
