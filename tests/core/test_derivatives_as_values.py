"""Each operation's local derivatives written with Values: the same numbers as its floats."""

import pytest

from autograd_core import Value
from autograd_core.core.derivatives_as_values import (CONSTANT, constant_kind, derivative_as_values,
                                                 local_grads_as_values)
from autograd_core.core.order import topological_order

from derivative_references import cases_with_points

CASES = cases_with_points()


def _as_number(d):
    return d.data if isinstance(d, Value) else d


@pytest.mark.parametrize("name, engine, reference, point", CASES, ids=[c[0] for c in CASES])
def test_the_values_rule_gives_the_recorded_floats_bit_for_bit(name, engine, reference, point):
    xs = [Value(p) for p in point]
    out = engine(*xs)
    for node in topological_order(out, leaves=False):
        as_values = [_as_number(d) for d in local_grads_as_values(node)]
        assert as_values == list(node.local_grads), f"operation {node.op!r}"


@pytest.mark.parametrize("make", [
    lambda x: x.elu(), lambda x: x.elu(0.5), lambda x: x.relu(), lambda x: x.abs(),
    lambda x: x.leaky_relu(0.2), lambda x: x.step(),
], ids=["elu", "elu(0.5)", "relu", "abs", "leaky_relu", "step"])
def test_the_values_rule_at_a_kink_gives_the_recorded_float(make):
    node = make(Value(0.0))
    assert [_as_number(d) for d in local_grads_as_values(node)] == list(node.local_grads)


def test_an_operation_with_constant_derivatives_gives_its_floats():
    x = Value(2.0)
    node = 3 * x
    assert local_grads_as_values(node) is node.local_grads


def test_the_values_rule_of_a_product_is_the_other_factor_itself():
    x, y = Value(2.0), Value(3.0)
    assert tuple(local_grads_as_values(x * y)) == (y, x)


def test_the_values_rule_depends_on_the_inputs():
    x = Value(0.5)
    (slope,) = local_grads_as_values(x.tanh())        # 1 - tanh²x, a graph of x
    assert x in topological_order(slope)


def test_a_node_made_by_hand_with_an_unknown_operation_is_an_error_naming_it():
    x = Value(2.0)
    node = Value(4.0)
    node.op, node.inputs, node.local_grads = "square", (x,), (4.0,)
    with pytest.raises(ValueError, match=r"operation 'square' .*has no derivative written with "
                                         r"Values.*autograd_core.Operation"):
        local_grads_as_values(node)


def test_defining_the_same_operation_twice_is_an_error():
    with pytest.raises(ValueError, match=r"operation 'exp' is already defined"):
        derivative_as_values("exp", CONSTANT)


@pytest.mark.parametrize("op, kind", [
    ("**2", ("**c", 2.0)), ("**-0.5", ("**c", -0.5)), ("**1e+20", ("**c", 1e20)),
    ("2**", ("c**", 2.0)), ("0.5**", ("c**", 0.5)),
    ("+3", ("+c", 3.0)), ("+-3", ("+c", -3.0)),
    ("-3", ("-c", 3.0)), ("--3", ("-c", -3.0)), ("3-", ("c-", 3.0)), ("-3-", ("c-", -3.0)),
    ("*0.5", ("*c", 0.5)), ("*-2", ("*c", -2.0)),
    ("/4", ("/c", 4.0)), ("4/", ("c/", 4.0)), ("-1e-05/", ("c/", -1e-05)),
    ("-", ("-", None)), ("*", ("*", None)), ("**", ("**", None)), ("neg", ("neg", None)),
])
def test_constant_kind_reads_the_constant_out_of_an_operations_name(op, kind):
    assert constant_kind(op) == kind


@pytest.mark.parametrize("make, op", [
    (lambda x: x - 3, "-3"), (lambda x: 3 - x, "3-"), (lambda x: x + -3, "+-3"),
    (lambda x: x - -3, "--3"), (lambda x: -3 - x, "-3-"), (lambda x: x ** -0.5, "**-0.5"),
    (lambda x: -1e-05 / x, "-1e-05/"), (lambda x: 0.5 ** x, "0.5**"),
])
def test_the_names_the_engine_gives_constants_are_the_ones_constant_kind_reads(make, op):
    assert make(Value(2.0)).op == op
