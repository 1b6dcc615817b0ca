"""minitorch's scalar tests (operators, derivatives by central difference, backprop on
small graphs, hypothesis property tests), ported to this engine's ``Value``.

From minitorch's ``tests/test_scalar.py``, ``tests/test_autodiff.py``,
``tests/test_operators.py`` and the functions of ``minitorch/testing.py``.
What changed in the port:

* The reference derivative is still a central difference, but taken in
  450-digit arithmetic (mpmath) with a step of 1e-200, so it is exact to far
  more digits than a float holds, and the tolerance is 1e-9 relative instead
  of minitorch's 1e-2 (which would hide a wrong derivative).
* minitorch's ``ScalarFunction`` s become expressions of ``Value`` operations:
  its ``Function1(x, y) = x + y + 10`` is ``x + y + 10``, and
  ``backward(d_output=5)`` is the backward pass of ``5 · f``.
* Comparisons (``lt``, ``eq``, ``gt``) are left out: a ``Value`` has none
  (they have no derivative); the mean/sum reductions are ``sum_values``.
"""

import math

import pytest

hypothesis = pytest.importorskip("hypothesis")
mpmath = pytest.importorskip("mpmath")

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis.strategies import floats, lists  # noqa: E402

from autograd_core import Value, sum_values  # noqa: E402

small_floats = floats(min_value=-100, max_value=100, allow_nan=False)
settings.register_profile("ported", deadline=None)
settings.load_profile("ported")


# ----------------------------------------------------------------------
# The functions of minitorch's MathTest, written once for a Value, a float
# and a 50-digit mpmath number.
# ----------------------------------------------------------------------

def _log(x):
    if isinstance(x, Value):
        return x.log()
    return mpmath.log(x) if isinstance(x, mpmath.mpf) else math.log(x)


def _exp(x):
    if isinstance(x, Value):
        return x.exp()
    return mpmath.exp(x) if isinstance(x, mpmath.mpf) else math.exp(x)


def _sigmoid(x):
    if isinstance(x, Value):
        return x.sigmoid()
    if isinstance(x, mpmath.mpf):
        return 1 / (1 + mpmath.exp(-x))
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _relu(x):
    if isinstance(x, Value):
        return x.relu()
    return x if x > 0 else 0 * x


ONE_ARG = {
    "neg": lambda a: -a,
    "addConstant": lambda a: 5 + a,
    "square": lambda a: a * a,
    "cube": lambda a: a * a * a,
    "subConstant": lambda a: a - 5,
    "multConstant": lambda a: 5 * a,
    "div": lambda a: a / 5,
    "inv": lambda a: 1.0 / (a + 3.5),
    "sig": lambda a: _sigmoid(a),
    "log": lambda a: _log(a + 100000),
    "relu": lambda a: _relu(a + 5.5),
    "exp": lambda a: _exp(a - 200),
    "explog": lambda a: _log(a + 100000) + _exp(a - 200),
    "complex": lambda a: _log(_sigmoid(_relu(_relu(a * 10 + 7) * 6 + 5) * 10)) / 50,
}

TWO_ARG = {
    "add2": lambda a, b: a + b,
    "mul2": lambda a, b: a * b,
    "div2": lambda a, b: a / (b + 5.5),
}

# Where a function has a kink or a pole, the float and the exact computation can
# fall on different sides of it; such points are skipped.
KINKS_AND_POLES = {"inv": [-3.5], "relu": [-5.5], "complex": [-0.7]}


def away_from_kinks(name, a):
    return all(abs(a - k) > 1e-9 for k in KINKS_AND_POLES.get(name, []))


def central_difference(f, *values, arg=0, epsilon=mpmath.mpf("1e-200")):
    """∂f/∂values[arg] ≈ (f(x + ε) - f(x - ε)) / 2ε, in 450-digit arithmetic.

    With ε = 1e-200 the error of the formula (about ε²·f‴/6) is far below the
    smallest float, and 450 digits resolve f(x ± ε) even at x = 5e-324."""
    with mpmath.workdps(450):
        up = [mpmath.mpf(v) for v in values]
        down = list(up)
        up[arg] += epsilon
        down[arg] -= epsilon
        return (f(*up) - f(*down)) / (2 * epsilon)


def derivative_check(f, *values):
    """Every ``Value`` input's grad after ``f(...).backward()`` equals the central difference."""
    inputs = [Value(v) for v in values]
    f(*inputs).backward()
    for i, x in enumerate(inputs):
        expected = float(central_difference(f, *values, arg=i))
        assert x.grad == pytest.approx(expected, rel=1e-9, abs=1e-300), (
            f"derivative for argument {i} at {values}: engine {x.grad!r}, central difference {expected!r}")


# ----------------------------------------------------------------------
# test_scalar.py: central difference, simple ops, every function's value
# and derivative
# ----------------------------------------------------------------------

def test_central_diff():
    assert float(central_difference(lambda x: x, 5)) == pytest.approx(1.0, rel=1e-15)
    assert float(central_difference(lambda x, y: x + y, 5, 10, arg=0)) == pytest.approx(1.0, rel=1e-15)
    assert float(central_difference(lambda x, y: x * y, 5, 10, arg=0)) == pytest.approx(10.0, rel=1e-15)
    assert float(central_difference(lambda x, y: x * y, 5, 10, arg=1)) == pytest.approx(5.0, rel=1e-15)
    assert float(central_difference(mpmath.exp, 2)) == pytest.approx(math.exp(2.0), rel=1e-15)


@given(small_floats, small_floats)
def test_simple(a, b):
    assert (Value(a) + Value(b)).data == a + b
    assert (Value(a) * Value(b)).data == a * b
    assert (Value(a).relu() + Value(b).relu()).data == max(a, 0.0) + max(b, 0.0)


@pytest.mark.parametrize("name", ONE_ARG)
@given(a=small_floats)
def test_one_args(name, a):
    fn = ONE_ARG[name]
    assume(away_from_kinks(name, a))
    assert fn(Value(a)).data == pytest.approx(fn(a), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("name", TWO_ARG)
@given(a=small_floats, b=small_floats)
def test_two_args(name, a, b):
    fn = TWO_ARG[name]
    assume(name != "div2" or abs(b + 5.5) > 1e-9)
    assert fn(Value(a), Value(b)).data == pytest.approx(fn(a, b), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("name", sorted(set(ONE_ARG) - {"complex", "sig"}))
@given(a=small_floats)
def test_one_derivative(name, a):
    assume(away_from_kinks(name, a))
    derivative_check(ONE_ARG[name], a)


@given(a=floats(min_value=-100, max_value=2, allow_nan=False))
def test_sigmoid_derivative_where_it_is_exact(a):
    derivative_check(ONE_ARG["sig"], a)


@pytest.mark.parametrize("a", [17.0, 30.0])   # where 1 - σ(x) would keep few digits
def test_sigmoid_derivative_for_large_x(a):
    derivative_check(ONE_ARG["sig"], a)


@given(a=small_floats)
def test_complex_derivative(a):
    # log(sigmoid(s)) for s >= 50: in floats sigmoid(s) rounds to 1 and the gradient
    # to 0, where the exact one is below 1e-19; compared to 1e-15 absolute there.
    assume(away_from_kinks("complex", a))
    x = Value(a)
    ONE_ARG["complex"](x).backward()
    expected = float(central_difference(ONE_ARG["complex"], a))
    assert x.grad == pytest.approx(expected, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("name", TWO_ARG)
@given(a=small_floats, b=small_floats)
def test_two_derivative(name, a, b):
    assume(name != "div2" or abs(b + 5.5) > 1e-6)
    derivative_check(TWO_ARG[name], a, b)


# ----------------------------------------------------------------------
# test_operators.py: properties of the operations themselves
# ----------------------------------------------------------------------

@given(small_floats, small_floats)
def test_same_as_python(x, y):
    assert (Value(x) * y).data == x * y
    assert (Value(x) + y).data == x + y
    assert (-Value(x)).data == -x
    if abs(x) > 1e-5:
        assert (1.0 / Value(x)).data == 1.0 / x


@given(small_floats)
def test_relu(a):
    if a > 0:
        assert Value(a).relu().data == a
    if a < 0:
        assert Value(a).relu().data == 0.0


@given(small_floats)
def test_relu_back(a):
    x = Value(a)
    x.relu().backward()
    assert x.grad == (1.0 if a > 0 else 0.0)


@given(small_floats)
def test_sigmoid(a):
    """Between 0 and 1; 1 - σ(a) = σ(-a); σ(0) = 0.5; increasing."""
    s = Value(a).sigmoid().data
    assert 0.0 <= s <= 1.0
    assert 1.0 - s == pytest.approx(Value(-a).sigmoid().data, abs=1e-15)
    assert Value(0.0).sigmoid().data == 0.5
    assert Value(a + 1.0).sigmoid().data >= s


@given(small_floats, small_floats)
def test_symmetric(a, b):
    assert (Value(a) * Value(b)).data == (Value(b) * Value(a)).data
    assert (Value(a) + Value(b)).data == (Value(b) + Value(a)).data


@given(small_floats, small_floats, small_floats)
def test_distribute(x, y, z):
    left = (Value(z) * (Value(x) + Value(y))).data
    right = (Value(z) * Value(x) + Value(z) * Value(y)).data
    assert left == pytest.approx(right, rel=1e-12, abs=1e-9)


@given(lists(small_floats, min_size=5, max_size=5), lists(small_floats, min_size=5, max_size=5))
def test_sum_distribute(ls1, ls2):
    together = sum_values([Value(a) + Value(b) for a, b in zip(ls1, ls2)]).data
    apart = sum_values([Value(a) for a in ls1]).data + sum_values([Value(b) for b in ls2]).data
    assert together == pytest.approx(apart, rel=1e-12, abs=1e-9)


@given(lists(small_floats))
def test_sum(ls):
    assert sum_values([Value(a) for a in ls]).data == pytest.approx(math.fsum(ls), rel=1e-12, abs=1e-9)


@given(small_floats, small_floats, small_floats)
def test_prod(x, y, z):
    assert (Value(x) * Value(y) * Value(z)).data == x * y * z


@given(lists(small_floats, min_size=1))
def test_sum_gradient_is_one_for_every_term(ls):
    values = [Value(a) for a in ls]
    sum_values(values).backward()
    assert [v.grad for v in values] == [1.0] * len(ls)


@given(lists(small_floats, min_size=1))
def test_mean_gradient_is_one_over_n(ls):
    values = [Value(a) for a in ls]
    (sum_values(values) / len(values)).backward()
    assert all(v.grad == pytest.approx(1.0 / len(ls), rel=1e-15) for v in values)


# ----------------------------------------------------------------------
# test_autodiff.py: the chain rule on single nodes and backprop on small graphs
# ----------------------------------------------------------------------

def function1(x, y):
    """minitorch's Function1:  f(x, y) = x + y + 10,  ∂f/∂x = ∂f/∂y = 1."""
    return x + y + 10


def chain_rule(node, d_output):
    """What one node passes to each input: (input, d_output · local derivative)."""
    return [(x, d_output * local) for x, local in zip(node.inputs, node.local_grads)]


def test_chain_rule1():
    x = Value(0.0)
    assert len(chain_rule(x + x, d_output=5)) == 2


def test_chain_rule2():
    var = Value(0.0)
    back = chain_rule(var + var, d_output=5)
    assert len(back) == 2
    variable, deriv = back[0]
    assert variable is var and deriv == 5


def test_chain_rule3():
    """A constant is no input; only the variable gets a derivative."""
    var = Value(5.0)
    back = chain_rule(10 * var, d_output=5)
    assert len(back) == 1
    variable, deriv = back[0]
    assert variable is var and deriv == 5 * 10


def test_chain_rule4():
    var1, var2 = Value(5.0), Value(10.0)
    back = chain_rule(var1 * var2, d_output=5)
    assert back == [(var1, 5 * 10), (var2, 5 * 5)]


def test_backprop1():
    var = Value(0.0)
    (5 * function1(0, var)).backward()
    assert var.grad == 5


def test_backprop2():
    var = Value(0.0)
    (5 * function1(0, function1(0, var))).backward()
    assert var.grad == 5


def test_backprop3():
    var1 = Value(0.0)
    var4 = function1(function1(0, var1), function1(0, var1))
    (5 * var4).backward()
    assert var1.grad == 10


def test_backprop4():
    var0 = Value(0.0)
    var1 = function1(0, var0)
    var4 = function1(function1(0, var1), function1(0, var1))
    (5 * var4).backward()
    assert var0.grad == 10
