"""jacobian in reverse and forward mode: the same matrix, a different number of passes."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import Value, jacobian, topological_order
from autograd_core.calculus import derivatives_of
from conftest import central_difference
from random_graphs import programs, run


def polar(r0=2.0, t0=0.5):
    """(r, θ) -> (x, y) = (r cos θ, r sin θ): J = [[cos θ, −r sin θ], [sin θ, r cos θ]]."""
    r, t = Value(r0, label="r"), Value(t0, label="θ")
    return [r * t.cos(), r * t.sin()], [r, t]


def test_the_polar_jacobian_matches_the_hand_derived_one_in_both_modes():
    outputs, inputs = polar()
    expected = [[math.cos(0.5), -2 * math.sin(0.5)], [math.sin(0.5), 2 * math.cos(0.5)]]
    for mode in ("reverse", "forward"):
        J = jacobian(outputs, inputs, mode=mode)
        for row, expected_row in zip(J, expected):
            assert row == pytest.approx(expected_row, rel=1e-15)


def test_reverse_mode_makes_one_pass_per_output_and_forward_one_per_input():
    x = [Value(float(k)) for k in range(5)]
    y = [x[0] * x[1] + x[2], x[3] * x[4]]
    assert jacobian(y, x, mode="reverse").passes == 2
    assert jacobian(y, x, mode="forward").passes == 5


def test_the_matrix_is_outputs_by_inputs_of_floats():
    outputs, inputs = polar()
    J = jacobian(outputs, inputs + [Value(1.0)])
    assert len(J.matrix) == 2 and all(len(row) == 3 for row in J.matrix)
    assert all(type(v) is float for row in J for v in row)
    assert J[0][2] == 0.0 and J[1][2] == 0.0        # an input the outputs do not use


def test_jacobian_changes_no_gradient():
    outputs, inputs = polar()
    jacobian(outputs, inputs, mode="reverse")
    jacobian(outputs, inputs, mode="forward")
    assert all(node.grad == 0.0 for y in outputs for node in topological_order(y))


def test_a_single_value_counts_as_a_list_of_one():
    x = Value(3.0)
    assert jacobian(x * x, x).matrix == [[6.0]]


def test_bad_arguments_are_refused_naming_them():
    x = Value(1.0)
    with pytest.raises(ValueError, match=r"jacobian\(mode=...\): expected one of .*'sideways'"):
        jacobian([x * 2], [x], mode="sideways")
    with pytest.raises(TypeError, match=r"jacobian\(inputs=...\): item 1 must be a Value"):
        jacobian([x * 2], [x, 2.0])
    with pytest.raises(ValueError, match=r"jacobian\(outputs=...\): expected at least one"):
        jacobian([], [x])


def test_reverse_derivatives_equal_backward_without_touching_grad():
    r, t = Value(2.0), Value(0.5)
    y = r * t.cos() + r * r
    assert derivatives_of(y, [r, t]) == pytest.approx([math.cos(0.5) + 4, -2 * math.sin(0.5)])
    assert r.grad == 0.0 and t.grad == 0.0


@settings(max_examples=100, deadline=None)
@given(programs(), programs(), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_both_modes_agree_with_central_differences_on_random_graphs(first, second, point):
    leaves = [Value(p) for p in point]
    outputs = [run(first, leaves, on_values=True), run(second, leaves, on_values=True)]
    reverse = jacobian(outputs, leaves, mode="reverse").matrix
    forward = jacobian(outputs, leaves, mode="forward").matrix
    for i, program in enumerate((first, second)):
        f = lambda *xs: run(program, xs, on_values=False)  # noqa: E731
        for j in range(3):
            assert forward[i][j] == pytest.approx(reverse[i][j], rel=1e-12, abs=1e-12)
            reference = central_difference(f, point, j)
            assert reverse[i][j] == pytest.approx(reference, rel=1e-4, abs=1e-6)
