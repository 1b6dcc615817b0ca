"""gradcheck: the engine against central differences."""

import pytest

import math

from autograd_core import GradcheckError, Operation, Value, gradcheck, gradgradcheck


def test_gradcheck_passes_for_a_correct_function():
    assert gradcheck(lambda a, b: (a * b + a.sigmoid() / b).tanh() + a ** b, [0.5, 1.3])


def test_gradcheck_reports_every_input_when_a_derivative_is_wrong(monkeypatch):
    # value of sin, derivative 1: deliberately wrong
    wrong_sin = Operation("sin", value=math.sin, local_grads=lambda x, out: [1.0])
    monkeypatch.setattr(Value, "sin", lambda self: wrong_sin(self))
    with pytest.raises(GradcheckError) as failure:
        gradcheck(lambda a, b: a.sin() * b, [0.4, 2.0])
    message = str(failure.value)
    assert "input 0" in message and "input 1" in message
    assert "MISMATCH" in message and "analytic" in message and "numeric" in message


def test_gradcheck_needs_a_value_result():
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda a: 3.0, [1.0])


# ----------------------------------------------------------------------
# gradgradcheck: second derivatives against central differences of first ones
# ----------------------------------------------------------------------

def test_gradgradcheck_passes_for_a_correct_function_of_many_operations():
    def f(a, b, c):
        return (a * b + a.sigmoid() / c).tanh() + a ** b + (b - c).elu(0.5) * c.arctan() + 2 / c
    assert gradgradcheck(f, [0.5, 1.3, -0.7])


def test_gradgradcheck_passes_for_a_loss_of_logits():
    from nn import cross_entropy_with_logits_loss
    assert gradgradcheck(lambda a, b, c: cross_entropy_with_logits_loss([a, b * a, c], [0, 1, 0]),
                         [0.5, 1.3, -0.7])


def test_gradgradcheck_reports_every_entry_when_a_second_derivative_is_wrong():
    # the Value rule of cube has the right number, 3x², but as a constant (x.data):
    # its own derivative is then 0 instead of 6x, which only the second derivatives show
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x, out: [3 * x ** 2],
                     local_grads_as_values=lambda x, out: [3 * x.data ** 2])
    with pytest.raises(GradcheckError) as failure:
        gradgradcheck(lambda a, b: cube(a) * b, [0.8, 1.5])
    message = str(failure.value)
    for entry in ("∂²f/∂x0∂x0", "∂²f/∂x0∂x1", "∂²f/∂x1∂x0", "∂²f/∂x1∂x1"):
        assert entry in message
    assert "MISMATCH" in message


def test_a_value_rule_whose_number_differs_from_the_float_rule_is_named_at_once():
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x, out: [3 * x ** 2],
                     local_grads_as_values=lambda x, out: [2 * x ** 2])
    with pytest.raises(ValueError, match=r"operation .cube. .* written with Values is 1.28.* as a float, "
                                         r"recorded when the node was made, it is 1.92"):
        gradgradcheck(lambda a: cube(a), [0.8])


def test_gradgradcheck_needs_a_value_result():
    with pytest.raises(TypeError, match="gradgradcheck: f must return a Value"):
        gradgradcheck(lambda a: 3.0, [1.0])


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
@pytest.mark.parametrize("eps", [0, 0.0, -1e-6])
def test_a_step_that_is_not_positive_is_an_error_naming_eps(check, eps):
    with pytest.raises(ValueError, match=rf"{check.__name__}: eps must be > 0 .*got {float(eps)!r}"):
        check(lambda a: a * a, [1.0], eps=eps)


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
@pytest.mark.parametrize("tolerance", ["atol", "rtol"])
def test_a_negative_tolerance_is_an_error_naming_it(check, tolerance):
    with pytest.raises(ValueError, match=rf"{tolerance} must be >= 0, got -1"):
        check(lambda a: a * a, [1.0], **{tolerance: -1})


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
@pytest.mark.parametrize("inputs", [1.0, Value(1.0), "12"])
def test_inputs_that_are_not_a_list_are_a_type_error(check, inputs):
    with pytest.raises(TypeError, match="inputs must be a list of numbers"):
        check(lambda a: a * a, inputs)


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_a_non_finite_input_is_an_error_naming_its_position(check):
    with pytest.raises(ValueError, match=r"inputs\[1\]: expected a finite number, got nan"):
        check(lambda a, b: a * b, [1.0, float("nan")])


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_a_function_that_is_not_callable_is_a_type_error(check):
    with pytest.raises(TypeError, match="f must be a function"):
        check(3.0, [1.0])


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_inputs_may_be_values_as_pytorch_takes_tensors(check):
    assert check(lambda a, b: a * b.sin(), [Value(0.5), Value(1.2, label="b")])


@pytest.mark.parametrize("check", [gradcheck, gradgradcheck])
def test_a_shifted_point_off_the_domain_is_an_error_naming_the_input_and_the_point(check):
    with pytest.raises(ValueError, match=rf"^{check.__name__}: f cannot be computed at inputs\[0\] = "
                                         r"5e-07 - eps = -5e-07, a point the central difference "
                                         r"needs \(log\(x\) with x = -5e-07: log needs x > 0\)"):
        check(lambda a: a.log(), [5e-7])
