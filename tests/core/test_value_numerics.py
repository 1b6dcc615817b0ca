"""Local derivatives at the extremes of a float: exact where a naive formula rounds away.

References are exact: each derivative's closed form evaluated in 800-digit
``decimal`` arithmetic and rounded once to a float. Ordinary points are also
checked against PyTorch float64.
"""

import math
import random
from decimal import Decimal, localcontext

import pytest

from autograd_core import Value, derivative

ULPS = 4e-16       # "exact": a few units in the last place of a float


def exact(formula, *numbers):
    """``formula`` of the numbers as Decimals at 800 digits, rounded once to a float.

    800 digits, because 1 + 3e-300 must keep its last digit for e^x - 1 at
    x = -3e-300 to come out right."""
    with localcontext() as context:
        context.prec = 800
        return float(formula(*(Decimal(x) for x in numbers)))


def _agrees(actual, expected, ulps=4):
    """Within a few units in the last place (or one subnormal step, below 2.2e-308)."""
    if abs(expected) < 2.2250738585072014e-308:
        return abs(actual - expected) <= ulps * 5e-324
    return abs(actual - expected) <= ulps * math.ulp(expected)


def _slope(node, index=0):
    return node.local_grads[index]


# ----------------------------------------------------------------------
# Division: ∂(x/y)/∂y = -x/y², computed where y² itself would not survive
# ----------------------------------------------------------------------

@pytest.mark.parametrize("x, y", [(1e300, 1e200), (1e-170, 1e-160), (1e-300, 1e-200),
                                  (-3e-300, 7e-200), (2.0, 3.0)])
def test_division_derivatives_are_exact_where_y_squared_over_or_underflows(x, y):
    quotient = Value(x) / Value(y)
    assert _agrees(_slope(quotient, 0), exact(lambda x, y: 1 / y, x, y))
    assert _agrees(_slope(quotient, 1), exact(lambda x, y: -x / (y * y), x, y))


@pytest.mark.parametrize("c, x", [(1e300, 1e200), (1e-170, 1e-160), (1e-300, 1e-200), (2.0, 3.0)])
def test_number_over_value_derivative_is_exact_where_x_squared_over_or_underflows(c, x):
    assert _agrees(_slope(c / Value(x)), exact(lambda c, x: -c / (x * x), c, x))


def test_a_tiny_quotient_of_tiny_numbers_is_no_zero_division_error():
    quotient = Value(1e-300) / Value(1e-200)
    assert quotient.data == 1e-100


# ----------------------------------------------------------------------
# elu: e^x - 1 near 0 without cancellation
# ----------------------------------------------------------------------

@pytest.mark.parametrize("x", [-1e-10, -3e-300, -1e-5, -0.5, -40.0])
def test_elu_of_a_negative_input_is_exact(x):
    assert _agrees(Value(x).elu().data, exact(lambda x: x.exp() - 1, x))


@pytest.mark.parametrize("x, alpha", [(-1e-10, 1.0), (-3e-300, 0.5), (-2.0, 0.3)])
def test_elu_with_alpha_and_its_derivative_are_exact(x, alpha):
    node = Value(x).elu(alpha)
    assert _agrees(node.data, exact(lambda x, a: a * (x.exp() - 1), x, alpha))
    assert _agrees(_slope(node), exact(lambda x, a: a * x.exp(), x, alpha))


# ----------------------------------------------------------------------
# sigmoid, tanh, arctan far out, where 1 - σ, 1 - tanh² and 1 + x² lose everything
# ----------------------------------------------------------------------

@pytest.mark.parametrize("x", [40.0, -40.0, 700.0, -700.0, 1e-300, 0.3])
def test_sigmoid_derivative_is_exact(x):
    expected = exact(lambda x: (-x).exp() / (1 + (-x).exp()) ** 2, x)
    assert _agrees(_slope(Value(x).sigmoid()), expected)


@pytest.mark.parametrize("x", [20.0, -20.0, 0.5, 1.0000001, 1.0, -1.0, 300.0, 1e-300])
def test_tanh_derivative_is_exact(x):
    expected = exact(lambda x: 4 / (x.exp() + (-x).exp()) ** 2, x)
    assert _agrees(_slope(Value(x).tanh()), expected)


@pytest.mark.parametrize("x", [1e160, -1e160, 1e10, 1.0000001, 1e-300, 0.5])
def test_arctan_derivative_is_exact(x):
    assert _agrees(_slope(Value(x).arctan()), exact(lambda x: 1 / (1 + x * x), x))


@pytest.mark.parametrize("x", [40.0, -40.0, 700.0, -700.0])
def test_softplus_value_and_derivative_are_exact(x):
    node = Value(x).softplus()
    assert _agrees(node.data, exact(lambda x: (1 + x.exp()).ln(), x))
    assert _agrees(_slope(node), exact(lambda x: 1 / (1 + (-x).exp()), x))


@pytest.mark.parametrize("x", [700.0, -700.0, -745.0, 1e-300])
def test_exp_derivative_is_exact(x):
    assert _agrees(_slope(Value(x).exp()), exact(lambda x: x.exp(), x), ulps=1)


@pytest.mark.parametrize("x", [1e-300, 1e300, 5e-324])
def test_log_and_sqrt_derivatives_are_exact_at_extreme_inputs(x):
    assert _agrees(_slope(Value(x).sqrt()), exact(lambda x: 1 / (2 * x.sqrt()), x))
    if x > 1e-308:
        assert _agrees(_slope(Value(x).log()), exact(lambda x: 1 / x, x))


@pytest.mark.parametrize("x, c", [(1e100, 3.0), (1e-100, -2.0), (2.0, 0.5), (1e200, 1.5)])
def test_power_derivative_is_exact(x, c):
    assert _agrees(_slope(Value(x) ** c), exact(lambda x, c: c * x ** (c - 1), x, c))


@pytest.mark.parametrize("x, y", [(1e100, 2.0), (0.5, -30.0), (3.0, 0.5)])
def test_value_exponent_derivatives_are_exact(x, y):
    node = Value(x) ** Value(y)
    assert _agrees(_slope(node, 0), exact(lambda x, y: y * x ** (y - 1), x, y))
    assert _agrees(_slope(node, 1), exact(lambda x, y: x ** y * x.ln(), x, y))


# ----------------------------------------------------------------------
# Second derivatives far out, where PyTorch's own formulas round to 0
# ----------------------------------------------------------------------

def _sigmoid_second(x):         # σ'' = σ(1 - σ)(1 - 2σ) = e^-x (e^-x - 1) / (1 + e^-x)³
    e = (-x).exp()
    return e * (e - 1) / (1 + e) ** 3


def _tanh_second(x):            # tanh'' = -2 tanh x · sech²x
    ep, em = x.exp(), (-x).exp()
    return -2 * (ep - em) / (ep + em) * 4 / (ep + em) ** 2


@pytest.mark.parametrize("name, f, second, x", [
    ("sigmoid", lambda t: t.sigmoid(), _sigmoid_second, 40.0),
    ("sigmoid", lambda t: t.sigmoid(), _sigmoid_second, -40.0),
    ("sigmoid", lambda t: t.sigmoid(), _sigmoid_second, 0.5),
    ("tanh", lambda t: t.tanh(), _tanh_second, 20.0),
    ("tanh", lambda t: t.tanh(), _tanh_second, -20.0),
    ("tanh", lambda t: t.tanh(), _tanh_second, 0.5),
    ("tanh", lambda t: t.tanh(), _tanh_second, 1.0000001),
    ("tanh", lambda t: t.tanh(), _tanh_second, 300.0),
    ("arctan", lambda t: t.arctan(), lambda x: -2 * x / (1 + x * x) ** 2, 1e100),
    ("arctan", lambda t: t.arctan(), lambda x: -2 * x / (1 + x * x) ** 2, 2.0),
    ("softplus", lambda t: t.softplus(), lambda x: (-x).exp() / (1 + (-x).exp()) ** 2, 40.0),
    ("softplus", lambda t: t.softplus(), lambda x: (-x).exp() / (1 + (-x).exp()) ** 2, -40.0),
    ("elu", lambda t: t.elu(), lambda x: x.exp(), -1e-10),
    ("elu", lambda t: t.elu(), lambda x: x.exp(), -3e-300),
], ids=lambda v: v if isinstance(v, (str, float)) else "")
def test_second_derivative_is_exact_far_out(name, f, second, x):
    assert _agrees(derivative(f, x, order=2), exact(second, x), ulps=8)


# ----------------------------------------------------------------------
# First derivatives of every operation against PyTorch float64, at random points
# ----------------------------------------------------------------------

def _F():
    import torch.nn.functional as F
    return F


UNARY = [
    # name, engine, torch, (low, high) of the random points
    ("neg", lambda x: -x, None, (-50, 50)),
    ("x**3", lambda x: x ** 3, None, (-50, 50)),
    ("x**-1.5", lambda x: x ** -1.5, None, (1e-3, 50)),
    ("x**0.5", lambda x: x ** 0.5, None, (1e-3, 50)),
    ("2.5**x", lambda x: 2.5 ** x, None, (-50, 50)),
    ("3/x", lambda x: 3 / x, None, (0.1, 50)),
    ("x/7", lambda x: x / 7, None, (-50, 50)),
    ("exp", lambda x: x.exp(), None, (-50, 50)),
    ("log", lambda x: x.log(), None, (1e-3, 50)),
    ("sqrt", lambda x: x.sqrt(), None, (1e-3, 50)),
    ("sin", lambda x: x.sin(), None, (-50, 50)),
    ("cos", lambda x: x.cos(), None, (-50, 50)),
    # PyTorch computes 1 - tanh² and σ·(1 - σ), which lose digits as tanh and σ
    # round towards ±1; beyond these bounds the exact references above are the judge.
    ("tanh", lambda x: x.tanh(), None, (-2, 2)),
    ("sigmoid", lambda x: x.sigmoid(), None, (-5, 5)),
    ("arctan", lambda x: x.arctan(), None, (-50, 50)),
    ("softplus", lambda x: x.softplus(), lambda x: _F().softplus(x, threshold=1000.0), (-30, 30)),
    ("relu", lambda x: x.relu(), None, (-50, 50)),
    ("abs", lambda x: x.abs(), None, (-50, 50)),
    ("leaky_relu", lambda x: x.leaky_relu(0.1), lambda x: _F().leaky_relu(x, 0.1), (-50, 50)),
    ("elu", lambda x: x.elu(0.7), lambda x: _F().elu(x, 0.7), (-50, 50)),
]
EDGES = {"relu": [0.0], "abs": [0.0], "leaky_relu": [0.0], "elu": [0.0, -1e-10, -3e-300],
         "tanh": [1.0, -1.0, 1e-300], "arctan": [1.0, -1.0, 1e-300], "sigmoid": [0.0, 1e-300],
         "log": [1e-300, 1e300], "sqrt": [1e-300, 1e300], "exp": [-745.0, 700.0],
         "softplus": [0.0, -700.0], "sin": [0.0], "cos": [0.0]}


def _points(name, low, high):
    rng = random.Random(name)
    return [rng.uniform(low, high) for _ in range(20)] + EDGES.get(name, [])


@pytest.mark.parametrize("name, engine, torch_f, bounds", UNARY, ids=[u[0] for u in UNARY])
def test_first_derivative_agrees_with_pytorch_at_random_and_edge_points(name, engine, torch_f, bounds):
    torch = pytest.importorskip("torch")
    for x in _points(name, *bounds):
        leaf = Value(x)
        engine(leaf).backward()
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        (torch_f or engine)(t).backward()
        assert math.isclose(leaf.grad, t.grad.item(), rel_tol=1e-12, abs_tol=1e-300), (x, leaf.grad,
                                                                                     t.grad.item())


BINARY = [
    ("x+y", lambda x, y: x + y), ("x-y", lambda x, y: x - y), ("x*y", lambda x, y: x * y),
    ("x/y", lambda x, y: x / y), ("x**y", lambda x, y: x ** y),
]


@pytest.mark.parametrize("name, f", BINARY, ids=[b[0] for b in BINARY])
def test_both_first_derivatives_agree_with_pytorch_at_random_points(name, f):
    torch = pytest.importorskip("torch")
    rng = random.Random(name)
    for _ in range(20):
        a, b = rng.uniform(0.01, 20), rng.uniform(-20, 20)
        if name == "x/y" and abs(b) < 0.01:
            continue
        x, y = Value(a), Value(b)
        f(x, y).backward()
        tx, ty = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (a, b))
        f(tx, ty).backward()
        assert math.isclose(x.grad, tx.grad.item(), rel_tol=1e-12, abs_tol=1e-300)
        assert math.isclose(y.grad, ty.grad.item(), rel_tol=1e-12, abs_tol=1e-300)


# ----------------------------------------------------------------------
# x ** c for a negative x and an exponent of 2⁵³ or more: c − 1 is odd,
# though as a float it rounds to an even number
# ----------------------------------------------------------------------

@pytest.mark.parametrize("c", [1e20, 2.0 ** 53 + 2, -(2.0 ** 53), 2.0 ** 60, 2.0 ** 53, 3.0, -3.0])
@pytest.mark.parametrize("x", [-1.0, -(1 - 2 ** -53)])
def test_the_derivative_of_a_negative_base_to_a_huge_even_power_has_the_sign_of_x(c, x):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        expected = float(mpmath.mpf(c) * mpmath.power(mpmath.mpf(x), mpmath.mpf(c) - 1))
    leaf = Value(x)
    node = leaf ** c
    node.backward()
    assert _agrees(leaf.grad, expected)
    (as_value,) = node.op.local_grads_as_values(node)
    assert as_value.data == node.local_grads[0]


def test_the_second_derivative_of_a_negative_base_to_a_huge_even_power_is_exact():
    # d²/dx² x^c = c·(c − 1)·x^(c − 2), at x = −1 with c − 2 even: c·(c − 1)
    c = 2.0 ** 53 + 2
    assert derivative(lambda x: x ** c, -1.0, order=2) == c * (c - 1)
