"""Bad input: a clear error naming the problem, raised before any node is made."""

import math

import pytest

from autograd_core import Value


@pytest.mark.parametrize("bad", ["3", None, [1.0], 1j, Value])
def test_value_of_a_non_number_is_a_type_error_naming_it(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_value_of_a_value_is_a_type_error():
    with pytest.raises(TypeError, match="Value"):
        Value(Value(1.0))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_value_of_nan_or_inf_is_a_value_error_naming_it(bad):
    with pytest.raises(ValueError, match=repr(bad)):
        Value(bad)


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


@pytest.mark.parametrize("op", [
    lambda v: v + "x", lambda v: "x" + v, lambda v: v * None, lambda v: v - [1],
    lambda v: v / "2", lambda v: v ** "2", lambda v: "2" ** v,
])
def test_operand_of_the_wrong_type_is_a_type_error(op):
    with pytest.raises(TypeError, match="expected a Value or a real number"):
        op(Value(1.0))


def test_nan_constant_operand_is_a_value_error():
    with pytest.raises(ValueError, match="nan"):
        Value(1.0) * math.nan


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive_is_a_value_error_naming_log_and_the_value(x):
    with pytest.raises(ValueError, match=rf"log\({x!r}\)"):
        Value(x).log()


def test_sqrt_of_negative_is_a_value_error_naming_sqrt_and_the_value():
    with pytest.raises(ValueError, match=r"sqrt\(-4.0\)"):
        Value(-4.0).sqrt()


def test_sqrt_at_zero_refuses_an_infinite_derivative():
    with pytest.raises(ValueError, match="infinite"):
        Value(0.0).sqrt()


def test_division_by_zero_value():
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Value(1.0) / Value(0.0)


def test_division_by_zero_constant():
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0


def test_number_divided_by_zero_value():
    with pytest.raises(ZeroDivisionError):
        1 / Value(0.0)


def test_negative_base_with_fractional_exponent_is_a_value_error():
    with pytest.raises(ValueError, match="negative base"):
        Value(-8.0) ** (1 / 3)


def test_zero_to_a_negative_power_is_a_zero_division_error():
    with pytest.raises(ZeroDivisionError):
        Value(0.0) ** -1


def test_value_exponent_needs_a_positive_base():
    with pytest.raises(ValueError, match="x > 0"):
        Value(-2.0) ** Value(2.0)


def test_number_base_of_value_exponent_must_be_positive():
    with pytest.raises(ValueError, match="> 0"):
        (-2) ** Value(0.5)


def test_exp_overflow_names_exp_and_the_input():
    with pytest.raises(OverflowError, match=r"exp\(1000.0\)"):
        Value(1000.0).exp()


def test_power_overflow_is_an_overflow_error():
    with pytest.raises(OverflowError):
        Value(10.0) ** 400


def test_product_overflowing_to_infinity_is_an_error_not_a_silent_inf():
    with pytest.raises(OverflowError, match="not a finite float"):
        Value(1e200) * Value(1e200)


def test_a_failed_operation_leaves_its_operands_unchanged():
    x = Value(-1.0)
    with pytest.raises(ValueError):
        x.log()
    assert (x.data, x.grad, x.inputs, x.local_grads) == (-1.0, 0.0, (), ())
