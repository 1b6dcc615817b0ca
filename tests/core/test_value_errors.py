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
    with pytest.raises(ValueError, match=rf"log\(x\) with x = {x!r}"):
        Value(x).log()


def test_sqrt_of_negative_is_a_value_error_naming_sqrt_and_the_value():
    with pytest.raises(ValueError, match=r"sqrt\(x\) with x = -4.0"):
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
    with pytest.raises(OverflowError, match=r"exp\(x\) with x = 1000.0"):
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


# ----------------------------------------------------------------------
# A local derivative that is not a finite float is an error naming the operation
# ----------------------------------------------------------------------

def test_log_of_a_subnormal_refuses_its_infinite_derivative_naming_log_and_the_input():
    with pytest.raises(OverflowError, match=r"^log\(x\) with x = 1e-320: its local derivative is inf"):
        Value(1e-320).log()


def test_a_difference_of_logs_at_a_subnormal_is_an_error_not_a_nan_gradient():
    x = Value(1e-320)
    with pytest.raises(OverflowError, match=r"log\(x\) with x = 1e-320"):
        x.log() - x.log()
    assert x.grad == 0.0


def test_a_gradient_overflowing_in_backward_is_an_error_naming_the_operation():
    x, w = Value(1e-300), Value(1e200)
    y = (x ** 0.5) * w           # ∂y/∂x = w · 0.5/√x = 1e200 · 5e149, beyond a float
    with pytest.raises(OverflowError, match=r"operation '\*\*0.5'.*local derivative 5e\+149"):
        y.backward()


def test_a_value_exponent_whose_derivative_overflows_is_an_error_naming_the_operation():
    # 0.5 ** -1023.5 = 2 ** 1023.5 is a float, its derivative -1023.5 · 2 ** 1024.5 is not
    with pytest.raises(OverflowError, match=r"^x \*\* y with x = 0.5, y = -1023.5: its local derivative ∂/∂x is -inf"):
        Value(0.5) ** Value(-1023.5)


# ----------------------------------------------------------------------
# Integers too large for a float, anywhere a number is taken
# ----------------------------------------------------------------------

HUGE = 10 ** 400


@pytest.mark.parametrize("make, where", [
    (lambda: Value(HUGE), r"Value\(\)"),
    (lambda: Value(1.0) + HUGE, r"\+"), (lambda: HUGE + Value(1.0), r"\+"),
    (lambda: Value(1.0) - HUGE, "-"), (lambda: HUGE - Value(1.0), "-"),
    (lambda: Value(1.0) * HUGE, r"\*"), (lambda: Value(1.0) / HUGE, "/"),
    (lambda: HUGE / Value(1.0), "/"), (lambda: Value(2.0) ** HUGE, r"\*\*"),
    (lambda: HUGE ** Value(1.0), r"\*\*"),
    (lambda: Value(-1.0).leaky_relu(HUGE), r"leaky_relu\(alpha=...\)"),
    (lambda: Value(-1.0).elu(HUGE), r"elu\(alpha=...\)"),
])
def test_an_integer_too_large_for_a_float_is_a_value_error_naming_where(make, where):
    with pytest.raises(ValueError, match=rf"^{where}: expected a finite number, got an integer too "
                                         rf"large for a float \(about 401 digits\)"):
        make()


# ----------------------------------------------------------------------
# data, grad and label are checked when they are set
# ----------------------------------------------------------------------

@pytest.mark.parametrize("attribute, bad, error", [
    ("grad", None, TypeError), ("grad", "0", TypeError), ("grad", math.nan, ValueError),
    ("grad", math.inf, ValueError),
    ("data", "3", TypeError), ("data", None, TypeError), ("data", math.nan, ValueError),
    ("data", -math.inf, ValueError), ("data", HUGE, ValueError),
])
def test_setting_data_or_grad_to_a_non_number_is_refused_naming_the_node_and_attribute(
        attribute, bad, error):
    x = Value(2.0, label="x")
    with pytest.raises(error, match=rf"Value 'x'\.{attribute} = \.\.\."):
        setattr(x, attribute, bad)
    assert (x.data, x.grad) == (2.0, 0.0)


def test_setting_data_or_grad_to_a_number_keeps_it_as_a_float():
    x = Value(2.0)
    x.data, x.grad = 3, True
    assert (x.data, x.grad) == (3.0, 1.0) and type(x.data) is float and type(x.grad) is float


@pytest.mark.parametrize("bad", [5, None, b"x", ["x"]])
def test_setting_a_label_to_a_non_string_is_a_type_error_naming_the_node(bad):
    x = Value(2.0, label="x")
    with pytest.raises(TypeError, match=r"Value 'x'\.label = \.\.\.: a label must be a str"):
        x.label = bad
    assert x.label == "x"


@pytest.mark.parametrize("bad, problem", [("a\x00b", "NUL"), ("\ud800", "lone surrogate"),
                                          ("x\udcff", "lone surrogate")])
def test_a_label_with_nul_or_a_lone_surrogate_is_a_value_error(bad, problem):
    with pytest.raises(ValueError, match=rf"Value\(label=\.\.\.\).*{problem}"):
        Value(1.0, label=bad)
    x = Value(1.0, label="x")
    with pytest.raises(ValueError, match=rf"Value 'x'\.label = \.\.\..*{problem}"):
        x.label = bad
    assert x.label == "x"


def test_a_label_of_any_printable_text_is_kept():
    x = Value(1.0, label="∂L/∂w₁ 🙂")
    assert x.label == "∂L/∂w₁ 🙂"


# ----------------------------------------------------------------------
# A domain error speaks of the input by its name, where it has one
# ----------------------------------------------------------------------

@pytest.mark.parametrize("make, error, message", [
    (lambda a, b: a ** 0.5, ValueError,
     "w1 ** 0.5 with w1 = -2.0: a negative base needs an integer exponent"),
    (lambda a, b: (a - 1).log(), ValueError, "log(w1 − 1) with (w1 − 1) = -3.0: log needs (w1 − 1) > 0"),
    (lambda a, b: (a * b).sqrt(), ValueError, "sqrt(w1·out_h1) with (w1·out_h1) = -6.0"),
    (lambda a, b: b / (a + 2), ZeroDivisionError,
     "division by zero in out_h1 / (w1 + 2): out_h1 = 3.0, (w1 + 2) = 0.0"),
    (lambda a, b: a ** b, ValueError, "a Value exponent needs w1 > 0, because "
                                      "∂(w1**out_h1)/∂out_h1 = w1**out_h1·ln(w1); got w1 = -2.0"),
    (lambda a, b: (300 * b).exp(), OverflowError, "exp(300·out_h1) with (300·out_h1) = 900.0"),
    (lambda a, b: (a + 2) ** -1, ZeroDivisionError, "(w1 + 2) ** -1.0 with (w1 + 2) = 0.0"),
])
def test_a_domain_error_names_the_input_by_its_label_or_formula(make, error, message):
    a, b = Value(-2.0, label="w1"), Value(3.0, label="out_h1")
    with pytest.raises(error) as raised:
        make(a, b)
    assert message in str(raised.value)


def test_a_domain_error_of_an_unnamed_number_says_x():
    with pytest.raises(ValueError, match=r"^log\(x\) with x = -3.0: log needs x > 0$"):
        Value(-3.0).log()


def test_a_name_is_put_in_the_message_as_it_is_even_with_regex_characters():
    with pytest.raises(ValueError) as raised:
        Value(-1.0, label=r"\1 $x").log()
    assert str(raised.value) == r"log(\1 $x) with (\1 $x) = -1.0: log needs (\1 $x) > 0"


@pytest.mark.parametrize("make, where", [
    (lambda x: Value(x), r"Value\(\)"), (lambda x: x.elu(x), r"elu\(alpha=...\)"),
    (lambda x: x.leaky_relu(x), r"leaky_relu\(alpha=...\)"),
    (lambda x: (x * x).backward(gradient=x), r"backward\(gradient=...\)"),
])
def test_a_value_where_only_a_number_is_taken_is_refused_saying_so_not_that_a_value_was_expected(
        make, where):
    x = Value(0.5, label="a")
    with pytest.raises(TypeError, match=rf"^{where}: expected a number here, not a Value "
                                        rf"\(Value\(.*label='a'\)\); give its number, 0.5"):
        make(x)


# ----------------------------------------------------------------------
# A weighted sum beyond a float names the product that overflowed
# ----------------------------------------------------------------------

@pytest.mark.parametrize("inputs, product", [
    ([5.0, -20.0], r"1e\+308·5.0 is beyond a float \(inf\)"),
    ([-40.0, 40.0], r"1e\+308·-40.0 is beyond a float \(-inf\)"),      # the true sum is finite
])
def test_a_weighted_sum_whose_product_overflows_names_the_weight_and_the_product(inputs, product):
    from autograd_core import weighted_sum
    weights = [Value(1e308, label="w1"), Value(1e308, label="w2")]
    with pytest.raises(OverflowError, match=rf"^weighted_sum: the product w\[0\] \(w1\)·x\[0\] = {product}"):
        weighted_sum(weights, inputs, Value(-0.3))


def test_a_weighted_sum_whose_products_add_up_beyond_a_float_says_where():
    from autograd_core import weighted_sum
    with pytest.raises(OverflowError, match=r"the sum of the products up to w\[1\]·x\[1\] \(b\) is "
                                            r"beyond a float \(inf\)"):
        weighted_sum([1e308, 1e308], [Value(1.0, label="a"), Value(1.0, label="b")])


@pytest.mark.parametrize("make, message", [
    (lambda a, b: a * b, "a·1e+200 with a = 1e+200 gives inf"),
    (lambda a, b: (a * 1e100) * (b * 1e8), "(1e+100·a)·1e+208 with (1e+100·a) = 1e+300 gives inf"),
    (lambda a, b: a ** 2, "a ** 2.0 with a = 1e+200 gives inf"),
    (lambda a, b: Value(1.0, label="one") / Value(1e-320, label="t"),
     "one / t with one = 1.0, t = 1e-320 gives inf"),
    (lambda a, b: 2 ** (a * 1e-196), "2.0 ** (1e-196·a) with (1e-196·a) = 10000.0 gives inf"),
    (lambda a, b: Value(1e308) - (-1e308), "1e+308 − (−1e+308) gives inf"),
    (lambda a, b: Value(1e200) * b, "1e+200·1e+200 gives inf, which is not a finite float"),
])
def test_a_result_beyond_a_float_is_written_as_the_operation_in_its_inputs_names(make, message):
    a, b = Value(1e200, label="a"), Value(1e200)
    with pytest.raises(OverflowError) as raised:
        make(a, b)
    assert message in str(raised.value)


def test_a_long_label_is_cut_short_in_a_message():
    with pytest.raises(ValueError) as raised:
        Value(-1.0, label="w" * 100_000).log()
    assert len(str(raised.value)) < 300 and "w" * 39 + "…" in str(raised.value)


def test_an_error_that_takes_other_arguments_than_a_message_passes_through_as_it_was(monkeypatch):
    from autograd_core.core import functions

    def refuse(x):
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "x is not text")
    monkeypatch.setattr(functions.EXP, "forward", refuse)
    with pytest.raises(UnicodeDecodeError, match="x is not text"):
        Value(1.0, label="a").exp()
