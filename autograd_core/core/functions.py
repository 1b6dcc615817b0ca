"""The records of the functions of one Value: the usual math and the lecture notes' activations.

As in ``arithmetic``, each record states its float rule (``forward``: the
result and its local derivative) beside the same derivative written with
``Value`` s, and the formula a student reads (∂out/∂x = out·(1 − out) for
the sigmoid), in the input's name ``x`` and the result's ``out``.
"""

import math
from string import Template

from .arithmetic import MINUS_ONE, ONE, ZERO, finite_derivatives
from .grad_mode import GradMode
from .record import CONSTANT, Formula, Operation
from .writing import Bars, Call, constant_text


def stable_sigmoid(x):
    """σ(x) = 1/(1 + e^−x) without overflow for any finite x: for x < 0 as e^x/(1 + e^x)."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _by_branch(positive, otherwise, condition="$x > 0", otherwise_condition="$x ≤ 0",
               otherwise_latex=None):
    """A derivative formula that depends on which side of 0 the input is: '1 (x > 0)'.

    Without a node (the formula in general) both branches are written.
    """
    def write(position, names, node, latex):
        when = Template(condition).substitute(names)
        other_when = Template(otherwise_condition).substitute(names)
        other = Formula(otherwise, otherwise_latex).write(names, latex)
        if latex:
            when, other_when = when.replace("≤", r"\le"), other_when.replace("≤", r"\le")
        if node is None:
            return f"{positive} if {when}, else {other}"
        if node.inputs[0].data > 0.0:
            return f"{positive}  ({when})"
        return f"{other}  ({other_when})"
    return write


# ----------------------------------------------------------------------
# exp, log, sqrt, sin, cos
# ----------------------------------------------------------------------

def _exp(x):
    """e^x.   ∂/∂x = e^x."""
    try:
        data = math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp(x) with x = {x!r} overflows a float (exp(x) is finite only for x < 709.78)") from None
    return data, (data,)


EXP = Operation.builtin("exp", _exp, lambda x, out: out, Call("exp", r"\exp"),
                        [Formula("exp($x)", r"e^{$x}")])


def _log(x):
    """ln x.   ∂/∂x = 1/x,  for x > 0."""
    if x <= 0.0:
        raise ValueError(f"log(x) with x = {x!r}: log needs x > 0")
    return math.log(x), finite_derivatives("log(x)", (x,), (1.0 / x,))


LOG = Operation.builtin("log", _log, lambda x, out: 1 / x, Call("ln", r"\ln"),
                        [Formula("1 / $x", r"\frac{1}{$x}")])


def _sqrt(x):
    """√x.   ∂/∂x = 1/(2√x),  for x > 0 (x = 0 only under ``no_grad``)."""
    if x < 0.0:
        raise ValueError(f"sqrt(x) with x = {x!r}: sqrt needs x >= 0")
    if x == 0.0 and GradMode.recording():
        raise ValueError(f"sqrt(x) at x = {x!r}: the derivative 1/(2·√x) is infinite there")
    data = math.sqrt(x)
    return data, (0.5 / data if data else 0.0,)


class _SquareRoot(Call):
    def write(self, args, constant=None, latex=False):
        if latex:
            return rf"\sqrt{{{args[0][0]}}}", 4
        return super().write(args, constant, latex)


SQRT = Operation.builtin("sqrt", _sqrt, lambda x, out: 0.5 / out, _SquareRoot("√"),
                         [Formula("1 / (2·√$x)", r"\frac{1}{2\sqrt{$x}}")])


def _sin(x):
    """sin x.   ∂/∂x = cos x."""
    return math.sin(x), (math.cos(x),)


SIN = Operation.builtin("sin", _sin, lambda x, out: x.cos(), Call("sin", r"\sin"),
                        [Formula("cos($x)", r"\cos $x")])


def _cos(x):
    """cos x.   ∂/∂x = −sin x."""
    return math.cos(x), (-math.sin(x),)


COS = Operation.builtin("cos", _cos, lambda x, out: -x.sin(), Call("cos", r"\cos"),
                        [Formula("−sin($x)", r"-\sin $x")])

# ----------------------------------------------------------------------
# The activations: tanh, sigmoid, relu, step, arctan, softplus, leaky_relu, elu, abs
# ----------------------------------------------------------------------


def _tanh(x):
    """tanh x.   ∂/∂x = 1 − tanh²x.

    Beyond |x| = 1 the same number is computed as sech²x = 4e/(1 + e)²
    with e = e^(−2|x|): 1 − tanh²x would lose its digits as tanh x
    rounds towards ±1, and be 0 from |x| ≈ 19 on.
    """
    t = math.tanh(x)
    if -1.0 <= x <= 1.0:
        return t, (1.0 - t * t,)
    e = math.exp(-2.0 * x if x > 0.0 else 2.0 * x)
    return t, (4.0 * e / ((1.0 + e) * (1.0 + e)),)


def _sech_squared(x):
    """sech²x = 4e/(1 + e)², e = e^(−2|x|), as Values (tanh's derivative beyond |x| = 1).

    Beyond |x| = 400, e^(−2|x|) is 0 as a float, and so is sech²x and every
    derivative of it: the number 0, as the float rule gives (−2x itself
    would overflow from |x| ≈ 9e307 on).
    """
    if not -400.0 <= x.data <= 400.0:
        return 0.0
    e = (-2.0 * x).exp() if x.data > 0.0 else (2.0 * x).exp()
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


TANH = Operation.builtin(
    "tanh", _tanh, lambda x, out: 1 - out * out if -1.0 <= x.data <= 1.0 else _sech_squared(x),
    Call("tanh", r"\tanh"), [Formula("1 − $out²", r"1 - $out^{2}")])


def _sigmoid(x):
    """σ(x) = 1/(1 + e^−x).   ∂/∂x = σ(x)·(1 − σ(x)) = σ(x)·σ(−x).

    The derivative is computed as σ(x)·σ(−x), because 1 − σ(x) rounds to
    0 from x ≈ 37 on, where σ(−x) still holds the exact small number.
    """
    s = stable_sigmoid(x)
    return s, (s * stable_sigmoid(-x),)


SIGMOID = Operation.builtin(
    "sigmoid", _sigmoid, lambda x, out: out * (-x).sigmoid(), Call("σ", r"\sigma"),
    [Formula("$out·(1 − $out)", r"$out \, (1 - $out)")])


def _relu(x):
    """max(0, x).   ∂/∂x = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
    if x > 0.0:
        return x, ONE
    return 0.0, ZERO


RELU = Operation.builtin("relu", _relu, CONSTANT, Call("relu", r"\operatorname{ReLU}"),
                         _by_branch("1", "0"))


def _step(x):
    """Heaviside step: 1 for x ≥ 0, else 0.   ∂/∂x = 0 everywhere it exists."""
    return (1.0 if x >= 0.0 else 0.0), ZERO


STEP = Operation.builtin("step", _step, CONSTANT, Call("step", r"\operatorname{step}"),
                         [Formula("0")])


def _arctan(x):
    """arctan x.   ∂/∂x = 1/(1 + x²).

    Beyond |x| = 1 computed as t²/(1 + t²) with t = 1/x, the same number,
    which stays exact where x² would overflow (x = 1e160: 1e-320, not 0).
    """
    if -1.0 <= x <= 1.0:
        return math.atan(x), (1.0 / (1.0 + x * x),)
    t = 1.0 / x
    return math.atan(x), (t * t / (1.0 + t * t),)


def _arctan_slope_far_out(x):
    """1/(1 + x²) = t²/(1 + t²), t = 1/x, as Values (arctan's derivative beyond |x| = 1)."""
    t = 1 / x
    t_squared = t * t
    return t_squared / (1 + t_squared)


ARCTAN = Operation.builtin(
    "arctan", _arctan,
    lambda x, out: 1 / (1 + x * x) if -1.0 <= x.data <= 1.0 else _arctan_slope_far_out(x),
    Call("arctan", r"\arctan"), [Formula("1 / (1 + $x²)", r"\frac{1}{1 + $x^{2}}")])


def _softplus(x):
    """ln(1 + e^x).   ∂/∂x = σ(x).

    Computed as max(x, 0) + ln(1 + e^−|x|), finite for any finite x.
    """
    return max(x, 0.0) + math.log1p(math.exp(-abs(x))), (stable_sigmoid(x),)


SOFTPLUS = Operation.builtin("softplus", _softplus, lambda x, out: x.sigmoid(),
                             Call("softplus", r"\operatorname{softplus}"),
                             [Formula("σ($x)", r"\sigma($x)")])


def _leaky_relu(x, c):
    """x for x > 0, else c·x (c is α, 0.01 unless given).   ∂/∂x = 1 for x > 0, else α."""
    if x > 0.0:
        return x, ONE
    return c * x, (c,)


LEAKY_RELU = Operation.builtin(
    "leaky_relu", _leaky_relu, CONSTANT,
    Call("leaky_relu", r"\operatorname{leaky\_relu}", option="α", default=0.01), _by_branch("1", "$c"),
    constant_name=lambda c: "leaky_relu" if c == 0.01 else f"leaky_relu(α={constant_text(c)})")


def _elu(x, c):
    """x for x > 0, else α·(e^x − 1) (c is α, 1 unless given).   ∂/∂x = 1 for x > 0, else α·e^x.

    e^x − 1 is computed by ``math.expm1``, exact for tiny x, where
    e^x − 1 would lose its digits (x = −1e-10) or all of them (x = −3e-300).
    """
    if x > 0.0:
        return x, ONE
    return c * math.expm1(x), (c * math.exp(x),)


def _elu_slope_as_values(x, out, c):
    # At x = 0 the slope is α (the left side's), and, as in PyTorch, it has
    # no slope of its own: the second derivative there is 0.
    if x.data >= 0.0:
        return 1.0 if x.data > 0.0 else c
    return c * x.exp()


ELU = Operation.builtin(
    "elu", _elu, _elu_slope_as_values, Call("elu", r"\operatorname{ELU}", option="α", default=1.0),
    _by_branch("1", "$c·exp($x)", otherwise_latex=r"$c \, e^{$x}"),
    constant_name=lambda c: "elu" if c == 1.0 else f"elu(α={constant_text(c)})")


def _abs(x):
    """|x|.   ∂/∂x = sign(x) (0 at x = 0, as PyTorch)."""
    if x > 0.0:
        return x, ONE
    if x < 0.0:
        return -x, MINUS_ONE
    return 0.0, ZERO


def _sign_formula(position, names, node, latex):
    if node is None:
        return rf"\operatorname{{sign}}({names['x']})" if latex else f"sign({names['x']})"
    x = node.inputs[0].data
    return "1" if x > 0.0 else ("-1" if latex else "−1") if x < 0.0 else "0"


ABS = Operation.builtin("abs", _abs, CONSTANT, Bars(), _sign_formula)
