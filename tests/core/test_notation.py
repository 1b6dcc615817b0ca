"""Node names, printed numbers and the notation for total and local derivatives."""

import pytest

from autograd_core import Value, topological_order
from autograd_core.core.notation import (bracketed, format_number, local_derivative, node_names,
                                 total_derivative)


def test_unlabelled_nodes_are_numbered_skipping_names_taken_by_labels():
    a = Value(1.0, label="v1")
    b = a * 2
    c = b + 1
    names = node_names(topological_order(c))
    assert [names[a], names[b], names[c]] == ["v1", "v2", "v3"]


def test_numbers_are_printed_with_six_significant_digits_by_default():
    assert format_number(24.0) == "24"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(1 / 3, 3) == "0.333"


def test_a_negative_zero_is_printed_as_zero_and_a_small_negative_keeps_its_sign():
    assert format_number(0.0 * -0.218) == "0"
    assert format_number(-1e-20) == "-1e-20"


def test_a_backward_step_through_a_zero_reads_zero_not_minus_zero():
    from autograd_core import backward_steps
    x = Value(-0.218, label="x")
    z = x.relu() * x                  # relu′(−0.218) = 0: a step multiplies −0.218 by 0, giving −0.0
    texts = [str(step) for step in backward_steps(z)]
    assert not any("-0 " in t or t.endswith("-0") for t in texts), texts


@pytest.mark.parametrize("name", ["x", "out_h1", "L0.n1.out", "w⁽²⁾₁₂", "w5⁺", "E_o1"])
def test_one_word_names_are_printed_bare(name):
    assert bracketed(name) == name


@pytest.mark.parametrize("name", ["t1−o1", "(t1−o1)²", "a+b", "x y", "2*x", ""])
def test_names_with_operators_or_spaces_are_bracketed(name):
    assert bracketed(name) == f"({name})"


def test_total_derivatives_use_d_and_local_ones_curly_d():
    assert total_derivative("z", "x") == "dz/dx"
    assert local_derivative("z", "y") == "∂z/∂y"
    assert total_derivative("E", "t1−o1") == "dE/d(t1−o1)"
