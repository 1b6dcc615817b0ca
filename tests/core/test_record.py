"""Operation records: the float and Value rules of every operation agree; a node carries its record."""

import math
import random

import pytest

import nn
from autograd_core import Operation, Value
from autograd_core.core import BUILTIN_OPERATIONS, CONSTANT, operation_of, topological_order
from autograd_core.core import arithmetic, functions
from autograd_core.core.sums import SUM, WEIGHTED_SUM

from derivative_references import cases_with_points

POINT_CASES = cases_with_points()


def _as_number(d):
    return d.data if isinstance(d, Value) else d


def _records_reached(case_points):
    records = set()
    for name, engine, _, point in case_points:
        out = engine(*[Value(p) for p in point])
        for node in topological_order(out, leaves=False):
            op = node.op
            records.add(id(op.family if op.family is not None else op))
    return records


@pytest.mark.parametrize("name, engine, reference, point", POINT_CASES,
                         ids=[c[0] for c in POINT_CASES])
def test_the_values_rule_gives_the_recorded_floats_bit_for_bit(name, engine, reference, point):
    xs = [Value(p) for p in point]
    out = engine(*xs)
    for node in topological_order(out, leaves=False):
        as_values = [_as_number(d) for d in operation_of(node).local_grads_as_values(node)]
        assert as_values == list(node.local_grads), f"operation {node.op!r}"


def test_every_builtin_record_is_reached_by_the_reference_cases():
    reached = _records_reached(POINT_CASES)
    missing = [record.name for record in BUILTIN_OPERATIONS if id(record) not in reached]
    assert missing == []


UNARY_RECORDS = [
    (lambda x: x.exp(), (-30, 30)), (lambda x: x.log(), (1e-3, 50)), (lambda x: x.sqrt(), (1e-3, 50)),
    (lambda x: x.sin(), (-10, 10)), (lambda x: x.cos(), (-10, 10)), (lambda x: x.tanh(), (-25, 25)),
    (lambda x: x.sigmoid(), (-40, 40)), (lambda x: x.arctan(), (-1e3, 1e3)),
    (lambda x: x.softplus(), (-40, 40)), (lambda x: x.elu(0.7), (-20, 20)),
    (lambda x: x.leaky_relu(0.2), (-5, 5)), (lambda x: x.relu(), (-5, 5)),
    (lambda x: x.abs(), (-5, 5)), (lambda x: x ** 3, (-5, 5)), (lambda x: x ** 0.5, (1e-3, 9)),
    (lambda x: x ** -1.5, (1e-2, 9)), (lambda x: 2.5 ** x, (-20, 20)), (lambda x: 3 / x, (0.1, 9)),
    (lambda x: x / 7, (-9, 9)), (lambda x: -x, (-9, 9)), (lambda x: 3 - x, (-9, 9)),
]


@pytest.mark.parametrize("make, interval", UNARY_RECORDS, ids=range(len(UNARY_RECORDS)))
def test_float_and_value_rules_agree_at_many_points(make, interval):
    rng = random.Random(7)
    for _ in range(200):
        x = Value(rng.uniform(*interval))
        node = make(x)
        (as_value,) = operation_of(node).local_grads_as_values(node)
        (as_float,) = node.local_grads
        assert math.isclose(_as_number(as_value), as_float, rel_tol=1e-12, abs_tol=1e-300), \
            (node.op, x.data)


@pytest.mark.parametrize("make", [
    lambda x: x.elu(), lambda x: x.elu(0.5), lambda x: x.relu(), lambda x: x.abs(),
    lambda x: x.leaky_relu(0.2), lambda x: x.step(),
], ids=["elu", "elu(0.5)", "relu", "abs", "leaky_relu", "step"])
def test_the_values_rule_at_a_kink_gives_the_recorded_float(make):
    node = make(Value(0.0))
    rule = operation_of(node).local_grads_as_values(node)
    assert [_as_number(d) for d in rule] == list(node.local_grads)


def test_an_operation_with_constant_derivatives_gives_its_floats():
    node = 3 * Value(2.0)
    assert operation_of(node).local_grads_as_values(node) is node.local_grads


def test_the_values_rule_of_a_product_is_the_other_factor_itself():
    x, y = Value(2.0), Value(3.0)
    node = x * y
    assert tuple(node.op.local_grads_as_values(node)) == (y, x)


def test_the_values_rule_depends_on_the_inputs():
    x = Value(0.5)
    node = x.tanh()
    (slope,) = node.op.local_grads_as_values(node)        # 1 - tanh²x, a graph of x
    assert x in topological_order(slope)


def test_a_node_made_by_hand_with_an_unknown_operation_is_an_error_naming_it():
    x = Value(2.0)
    node = Value(4.0)
    node.op, node.inputs, node.local_grads = "square", (x,), (4.0,)
    with pytest.raises(ValueError, match=r"operation 'square' .*has no derivative written with "
                                         r"Values.*autograd_core.Operation"):
        operation_of(node).local_grads_as_values(node)


@pytest.mark.parametrize("make, family, constant, name", [
    (lambda x: x - 3, arithmetic.SUBTRACT_CONSTANT, 3.0, "-3"),
    (lambda x: 3 - x, arithmetic.SUBTRACT_FROM_CONSTANT, 3.0, "3-"),
    (lambda x: x + -3, arithmetic.ADD_CONSTANT, -3.0, "+-3"),
    (lambda x: x - -3, arithmetic.SUBTRACT_CONSTANT, -3.0, "--3"),
    (lambda x: -3 - x, arithmetic.SUBTRACT_FROM_CONSTANT, -3.0, "-3-"),
    (lambda x: x ** -0.5, arithmetic.POWER_CONSTANT, -0.5, "**-0.5"),
    (lambda x: -1e-05 / x, arithmetic.DIVIDE_CONSTANT_BY, -1e-05, "-1e-05/"),
    (lambda x: 0.5 ** x, arithmetic.CONSTANT_POWER, 0.5, "0.5**"),
    (lambda x: x * 0.5, arithmetic.MULTIPLY_BY, 0.5, "*0.5"),
    (lambda x: x.elu(0.5), functions.ELU, 0.5, "elu(α=0.5)"),
    (lambda x: x.leaky_relu(0.2), functions.LEAKY_RELU, 0.2, "leaky_relu(α=0.2)"),
])
def test_a_node_with_a_constant_carries_it_in_its_record(make, family, constant, name):
    node = make(Value(2.0))
    assert node.op.family is family and node.op.constant == constant
    assert node.op == name and str(node.op) == name       # the name is only for showing


def test_one_record_per_constant_is_made_and_reused():
    x = Value(2.0)
    assert (x - 3).op is (x - 3.0).op is (Value(7.0) - 3).op
    assert (x - 3).op is not (x - 4).op
    assert (x * 0.0).op is not (x * -0.0).op        # -0.0 is its own constant


def test_a_weighted_sum_records_its_layout_and_its_constant_part():
    from autograd_core import weighted_sum
    w1, w2, x1 = Value(0.5), Value(-1.0), Value(3.0)
    net = weighted_sum([w1, w2, 2.0], [x1, 4.0, 5.0], 1.5)
    layout = net.op.constant
    assert net.op.is_a(WEIGHTED_SUM)
    assert (layout.pairs, layout.value_bias, layout.constant) == (1, False, 2.0 * 5.0 + 1.5)
    assert net.inputs == (w1, x1, w2) and net.local_grads == (3.0, 0.5, 4.0)
    assert net.data == 0.5 * 3.0 - 1.0 * 4.0 + 10.0 + 1.5
    assert net.op.rerun(net, [1.0, 2.0, 3.0]) == (1.0 * 2.0 + 4.0 * 3.0 + 11.5, (2.0, 1.0, 4.0))


def test_a_weighted_sum_of_values_lists_the_weights_then_their_partners():
    from autograd_core import weighted_sum
    w = [Value(0.5), Value(-1.0), Value(2.0)]
    x = [Value(3.0), Value(4.0), Value(-2.0)]
    b = Value(0.25)
    net = weighted_sum(w, x, b)
    assert net.inputs == (*w, *x, b) and net.local_grads == (3.0, 4.0, -2.0, 0.5, -1.0, 2.0, 1.0)
    assert net.op.constant.groups(7) == [(0, 3), (1, 4), (2, 5), (6,)]
    assert [net.op.constant.partner(k) for k in range(7)] == [3, 4, 5, 0, 1, 2, None]
    mixed = weighted_sum([w[0], 2.0, w[1]], [x[0], x[1], x[2]], b)
    assert mixed.inputs == (w[0], w[1], x[0], x[2], x[1], b)


def test_every_record_reruns_on_other_numbers_as_a_new_node_would():
    rng = random.Random(3)
    for name, engine, _, point in POINT_CASES:
        xs = [Value(p) for p in point]
        out = engine(*xs)
        for node in topological_order(out, leaves=False):
            numbers = [child.data * (1 + 0.01 * rng.random()) for child in node.inputs]
            try:
                data, grads = node.op.rerun(node, numbers)
            except (ValueError, ArithmeticError):
                continue
            fresh = node.op.rerun(node, [child.data for child in node.inputs])
            assert fresh == (node.data, tuple(node.local_grads)), (name, node.op)
            assert len(grads) == len(node.inputs)


def test_the_sum_record_is_one_for_every_sum():
    from autograd_core import sum_values
    a, b = Value(1.0), Value(2.0)
    assert sum_values([a, b]).op.is_a(SUM) and sum_values([a, 3.0]).op.is_a(SUM)
    assert sum_values([a, 3.0]).op.constant == 3.0
    loss = nn.mse_loss([a, b], [0.0, 0.0])
    assert any(node.op.is_a(SUM) for node in topological_order(loss, leaves=False))


def test_records_compare_equal_to_their_name_only():
    assert arithmetic.ADD == "+" and arithmetic.ADD != "-" and arithmetic.ADD != arithmetic.SUBTRACT
    assert arithmetic.ADD.as_values is CONSTANT


def test_a_user_operation_is_a_record_like_the_builtin_ones():
    hypot = Operation("hypot", value=math.hypot,
                      local_grads=lambda x, y, out: [x / out, y / out],
                      local_grads_as_values=lambda x, y, out: [x / out, y / out],
                      formula="√($x² + $y²)", derivative_formulas=["$x / $out", "$y / $out"])
    a, b = Value(3.0, label="a"), Value(4.0, label="b")
    z = hypot(a, b)
    assert isinstance(z.op, Operation) and z.op is hypot
    assert z.op.write([("a", 4), ("b", 4)]) == ("(√(a² + b²))", 4)
    assert z.op.local_formula(0, ["a", "b"], "z") == "a / z"
    assert z.op.rerun(z, [6.0, 8.0]) == (10.0, (0.6, 0.8))


@pytest.mark.parametrize("formulas", [{"formula": "$a² + 3·$b"}, {"formula": "$x + $out"},
                                      {"formula": "$x + $"}, {"derivative_formulas": ["$q", "3"]},
                                      {"derivative_formulas_latex": ["2 \\cdot $a", "3"]}])
def test_a_user_formula_naming_something_else_than_its_inputs_is_refused_when_made(formulas):
    with pytest.raises(ValueError, match=r"Operation 'blend': .* uses \$"):
        Operation("blend", value=lambda a, b: a * a + 3 * b,
                  local_grads=lambda a, b, out: [2 * a, 3.0], **formulas)


def test_a_user_formula_with_its_inputs_out_and_a_dollar_sign_is_taken():
    blend = Operation("blend", value=lambda a, b: a * a + 3 * b,
                      local_grads=lambda a, b, out: [2 * a, 3.0], formula="$x² + 3·${y} $$",
                      derivative_formulas=["2·$x", "($out − $x²)/$y"])
    assert blend.write([("a", 4), ("b", 4)])[0] == "(a² + 3·b $)"


@pytest.mark.parametrize("x", [1e308, -1e308, 9e307, -401.0, 401.0, 372.0, -30.0, 1.5])
def test_tanh_values_rule_agrees_with_its_float_rule_out_to_the_largest_floats(x):
    node = Value(x).tanh()
    (as_value,) = operation_of(node).local_grads_as_values(node)
    assert _as_number(as_value) == node.local_grads[0]
