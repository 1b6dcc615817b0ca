"""Every operation's value and local derivative, against plain-float math.

The reference side of each check never touches the engine: the value comes
from `math` on floats and the derivative from central differences of that
same float function.
"""

import math

import pytest

from autograd_core import Value
from conftest import central_difference

# name -> (what the engine computes on Values, the same function on floats)
UNARY = {
    "neg": (lambda x: -x, lambda x: -x),
    "exp": (lambda x: x.exp(), math.exp),
    "log": (lambda x: x.log(), math.log),
    "sqrt": (lambda x: x.sqrt(), math.sqrt),
    "sin": (lambda x: x.sin(), math.sin),
    "cos": (lambda x: x.cos(), math.cos),
    "tanh": (lambda x: x.tanh(), math.tanh),
    "sigmoid": (lambda x: x.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda x: x.relu(), lambda x: max(0.0, x)),
    "arctan": (lambda x: x.arctan(), math.atan),
    "softplus": (lambda x: x.softplus(), lambda x: math.log(1 + math.exp(x))),
    "leaky_relu": (lambda x: x.leaky_relu(), lambda x: x if x > 0 else 0.01 * x),
    "leaky_relu(0.2)": (lambda x: x.leaky_relu(0.2), lambda x: x if x > 0 else 0.2 * x),
    "elu": (lambda x: x.elu(), lambda x: x if x > 0 else math.exp(x) - 1),
    "elu(0.5)": (lambda x: x.elu(alpha=0.5), lambda x: x if x > 0 else 0.5 * (math.exp(x) - 1)),
    "abs": (lambda x: x.abs(), abs),
    "builtin abs": (lambda x: abs(x), abs),
    "square": (lambda x: x ** 2, lambda x: x ** 2),
    "cube": (lambda x: x ** 3, lambda x: x ** 3),
    "power -1.5": (lambda x: x ** -1.5, lambda x: x ** -1.5),
    "power 0.5": (lambda x: x ** 0.5, lambda x: x ** 0.5),
    "2 ** x": (lambda x: 2 ** x, lambda x: 2 ** x),
    "x + 3": (lambda x: x + 3, lambda x: x + 3),
    "3 + x": (lambda x: 3 + x, lambda x: 3 + x),
    "x - 3": (lambda x: x - 3, lambda x: x - 3),
    "3 - x": (lambda x: 3 - x, lambda x: 3 - x),
    "x * 3": (lambda x: x * 3, lambda x: x * 3),
    "3 * x": (lambda x: 3 * x, lambda x: 3 * x),
    "x / 3": (lambda x: x / 3, lambda x: x / 3),
    "3 / x": (lambda x: 3 / x, lambda x: 3 / x),
}

# Points away from each function's kinks and domain edges.
POINTS = [0.3, 0.7, 1.9, 2.5]
SIGNED_POINTS = [-2.2, -0.4, 0.6, 1.7]
POSITIVE_ONLY = {"log", "sqrt", "power -1.5", "power 0.5"}


def _points_for(name):
    return POINTS if name in POSITIVE_ONLY else SIGNED_POINTS


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_value_matches_float_math(name):
    on_values, on_floats = UNARY[name]
    for x in _points_for(name):
        assert on_values(Value(x)).data == pytest.approx(on_floats(x), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradient_matches_central_difference(name):
    on_values, on_floats = UNARY[name]
    for x in _points_for(name):
        leaf = Value(x)
        on_values(leaf).backward()
        assert leaf.grad == pytest.approx(central_difference(on_floats, [x], 0), rel=1e-6, abs=1e-8)


BINARY = {
    "x + y": (lambda x, y: x + y, lambda x, y: x + y),
    "x - y": (lambda x, y: x - y, lambda x, y: x - y),
    "x * y": (lambda x, y: x * y, lambda x, y: x * y),
    "x / y": (lambda x, y: x / y, lambda x, y: x / y),
    "x ** y": (lambda x, y: x ** y, lambda x, y: x ** y),
}
PAIRS = [(0.5, 1.5), (2.0, 3.0), (1.3, -0.7), (3.1, 0.4)]


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_match_central_differences_for_both_inputs(name):
    on_values, on_floats = BINARY[name]
    for x, y in PAIRS:
        a, b = Value(x), Value(y)
        out = on_values(a, b)
        assert out.data == pytest.approx(on_floats(x, y), rel=1e-12)
        out.backward()
        assert a.grad == pytest.approx(central_difference(on_floats, [x, y], 0), rel=1e-6)
        assert b.grad == pytest.approx(central_difference(on_floats, [x, y], 1), rel=1e-6)


def test_local_grads_of_a_product_are_the_other_factor():
    x, y = Value(3.0), Value(-2.0)
    z = x * y
    assert z.inputs == (x, y)
    assert z.local_grads == (-2.0, 3.0)
    assert z.op == "*"


def test_value_exponent_local_grads_are_hand_derived():
    x, y = Value(2.0), Value(3.0)
    z = x ** y
    # ∂/∂x = y·x^(y-1) = 3·4 = 12,  ∂/∂y = x^y·ln x = 8 ln 2
    assert z.local_grads == pytest.approx((12.0, 8 * math.log(2)))


def test_constants_are_folded_into_the_op_name_not_made_into_nodes():
    x = Value(2.0)
    y = 3 * x - 2
    assert y.op == "-2"
    assert y.inputs[0].op == "*3"
    assert y.inputs[0].inputs == (x,)


def test_negative_base_with_an_integer_exponent_is_allowed():
    x = Value(-2.0)
    y = x ** 3
    y.backward()
    assert y.data == -8.0
    assert x.grad == 12.0  # 3x² at x = -2


def test_x_to_the_zero_is_one_with_zero_derivative():
    x = Value(0.0)
    y = x ** 0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)


@pytest.mark.parametrize("x, expected", [(-1.5, 0.0), (0.0, 0.0), (2.0, 1.0)])
def test_relu_derivative_is_zero_at_and_below_zero(x, expected):
    leaf = Value(x)
    leaf.relu().backward()
    assert leaf.grad == expected


@pytest.mark.parametrize("x, value", [(-0.1, 0.0), (0.0, 1.0), (3.0, 1.0)])
def test_step_is_one_from_zero_on_with_zero_derivative(x, value):
    leaf = Value(x)
    out = leaf.step()
    out.backward()
    assert (out.data, leaf.grad) == (value, 0.0)


def test_abs_derivative_is_zero_at_zero():
    leaf = Value(0.0)
    leaf.abs().backward()
    assert leaf.grad == 0.0


@pytest.mark.parametrize("x", [-1000.0, -50.0, 50.0, 1000.0])
def test_sigmoid_softplus_and_tanh_are_finite_for_large_inputs(x):
    for op in ("sigmoid", "softplus", "tanh"):
        leaf = Value(x)
        out = getattr(leaf, op)()
        out.backward()
        assert math.isfinite(out.data) and math.isfinite(leaf.grad), op


def test_softplus_of_large_input_is_the_input_and_its_derivative_one():
    leaf = Value(1000.0)
    out = leaf.softplus()
    out.backward()
    assert (out.data, leaf.grad) == (1000.0, 1.0)


def test_sigmoid_of_large_negative_input_is_zero_not_an_error():
    assert Value(-1000.0).sigmoid().data == 0.0


def test_bool_and_int_are_numbers():
    assert Value(True).data == 1.0
    assert Value(3).data == 3.0
    assert isinstance(Value(3).data, float)
    assert (Value(2.0) * True).data == 2.0


def test_float_and_item_give_the_number():
    v = Value(2.5)
    assert float(v) == 2.5
    assert v.item() == 2.5
