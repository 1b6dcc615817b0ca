"""The records of arithmetic: + − · / ** and −x, between two Values or with a number.

Each record states its rule twice, side by side: ``forward`` computes the
result and its local derivatives as floats (what ``backward()`` multiplies
by), and the Value rule gives the same local derivatives written with
``Value`` s (what derivatives of derivatives differentiate again). A test
compares the two for every record at many points. A number mixed into an
expression (``3 * x - 2``) is the constant of a family's member
(``MULTIPLY_BY.with_constant(3.0)``), never an input: no gradient flows to it.

Each derivative's formula is written in the names of the docstrings: the
inputs ``x`` and ``y``, the result ``out``, the constant ``c``.
"""

import math

from .grad_mode import GradMode
from .record import CONSTANT, Formula, Operation
from .writing import (LEVEL_ATOM, DIFFERENCE, LEVEL_PRODUCT, LEVEL_SUM, TIMES, Fraction, Infix, Power, Prefix, Terms,
                      constant_text)

ONE = (1.0,)
ONE_ONE = (1.0, 1.0)
ONE_MINUS_ONE = (1.0, -1.0)
MINUS_ONE = (-1.0,)
ZERO = (0.0,)


def finite_derivatives(formula, numbers, local_grads):
    """``local_grads`` if all are finite, else an OverflowError naming the operation.

    ``formula`` writes the operation in ``x`` (and ``y``), the names its
    input numbers go by in the message: ``x / y with x = 1.0, y = 1e-320``
    (a node's names replace them where it has some, see ``value.py``).
    """
    for position, local in enumerate(local_grads):
        if not math.isfinite(local):
            of = f" ∂/∂{_LETTERS[position]}" if len(local_grads) > 1 else ""
            raise OverflowError(
                f"{formula} with {_with(numbers)}: its local derivative{of} is {local!r}, not a "
                f"finite float, so no gradient could flow through it")
    return local_grads


_LETTERS = ("x", "y")


def _with(numbers):
    return ", ".join(f"{letter} = {number!r}" for letter, number in zip(_LETTERS, numbers))


def power(base, exponent):
    """base ** exponent as a float, inf where it overflows (the caller checks)."""
    try:
        return base ** exponent
    except OverflowError:
        return math.inf


def finite_result(data, formula, numbers):
    """``data`` if finite, else an OverflowError naming the operation (``formula``) and its inputs."""
    if math.isfinite(data):
        return data
    raise OverflowError(f"{formula} with {_with(numbers)} gives {data!r}, which is not a finite "
                        f"float")


# ----------------------------------------------------------------------
# x + y,  x + c
# ----------------------------------------------------------------------

def _add(x, y):
    """x + y.   ∂/∂x = 1,  ∂/∂y = 1."""
    return x + y, ONE_ONE


ADD = Operation.builtin(
    "+", _add, CONSTANT, Terms(), [Formula("1"), Formula("1")], arity=2, input_names=("x", "y"))


def _add_constant(x, c):
    """x + c.   ∂/∂x = 1."""
    return x + c, ONE


ADD_CONSTANT = Operation.builtin(
    "+c", _add_constant, CONSTANT, Terms(), [Formula("1")],
    constant_name=lambda c: "+" + constant_text(c))

# ----------------------------------------------------------------------
# x − y,  x − c,  c − x,  −x
# ----------------------------------------------------------------------


def _subtract(x, y):
    """x − y.   ∂/∂x = 1,  ∂/∂y = −1."""
    return x - y, ONE_MINUS_ONE


SUBTRACT = Operation.builtin(
    "-", _subtract, CONSTANT, DIFFERENCE, [Formula("1"), Formula("−1", "-1")], arity=2,
    input_names=("x", "y"))


def _subtract_constant(x, c):
    """x − c.   ∂/∂x = 1."""
    return x - c, ONE


SUBTRACT_CONSTANT = Operation.builtin(
    "-c", _subtract_constant, CONSTANT,
    Infix(" − ", LEVEL_SUM, " - ", right_strict=True, constant_side="right"), [Formula("1")],
    constant_name=lambda c: "-" + constant_text(c))


def _subtract_from_constant(x, c):
    """c − x.   ∂/∂x = −1."""
    return c - x, MINUS_ONE


SUBTRACT_FROM_CONSTANT = Operation.builtin(
    "c-", _subtract_from_constant, CONSTANT,
    Infix(" − ", LEVEL_SUM, " - ", right_strict=True, constant_side="left"), [Formula("−1", "-1")],
    constant_name=lambda c: constant_text(c) + "-")


def _negate(x):
    """−x.   ∂/∂x = −1."""
    return -x, MINUS_ONE


NEGATE = Operation.builtin("neg", _negate, CONSTANT, Prefix("−", "-"), [Formula("−1", "-1")])

# ----------------------------------------------------------------------
# x · y,  c · x
# ----------------------------------------------------------------------


def _multiply(x, y):
    """x · y.   ∂/∂x = y,  ∂/∂y = x."""
    return x * y, (y, x)


MULTIPLY = Operation.builtin(
    "*", _multiply, lambda x, y, out: (y, x), TIMES, [Formula("$y"), Formula("$x")],
    arity=2, input_names=("x", "y"))


def _multiply_by_constant(x, c):
    """c · x.   ∂/∂x = c."""
    return x * c, (c,)


MULTIPLY_BY = Operation.builtin(
    "*c", _multiply_by_constant, CONSTANT,
    Infix("·", LEVEL_PRODUCT, r" \cdot ", constant_side="left"), [Formula("$c")],
    constant_name=lambda c: "*" + constant_text(c))

# ----------------------------------------------------------------------
# x / y,  x / c,  c / x
# ----------------------------------------------------------------------


def _divide(x, y):
    """x / y.   ∂/∂x = 1/y,  ∂/∂y = −x/y² = −(x/y)/y.

    The second is computed as −(x/y)/y, which stays exact where y² would
    overflow or underflow (x = 1e300, y = 1e200: −1e-100, not 0).
    """
    if y == 0.0:
        raise ZeroDivisionError(f"division by zero in x / y: x = {x!r}, y = 0.0")
    data = finite_result(x / y, "x / y", (x, y))
    return data, finite_derivatives("x / y", (x, y), (1.0 / y, -data / y))


DIVIDE = Operation.builtin(
    "/", _divide, lambda x, y, out: (1 / y, -out / y), Fraction(),
    [Formula("1 / $y", r"\frac{1}{$y}"), Formula("−$x / $y²", r"-\frac{$x}{$y^{2}}")],
    arity=2, input_names=("x", "y"))


def _divide_by_constant(x, c):
    """x / c.   ∂/∂x = 1/c."""
    if c == 0.0:
        raise ZeroDivisionError(f"division by zero in x / 0: x = {x!r}")
    formula = f"x / {c!r}"
    return finite_result(x / c, formula, (x,)), finite_derivatives(formula, (x,), (1.0 / c,))


DIVIDE_BY = Operation.builtin(
    "/c", _divide_by_constant, CONSTANT, Fraction(constant_side="right"),
    [Formula("1 / $c", r"\frac{1}{$c}")], constant_name=lambda c: "/" + constant_text(c))


def _divide_constant_by(x, c):
    """c / x.   ∂/∂x = −c/x² = −(c/x)/x (computed so, as in x / y)."""
    if x == 0.0:
        raise ZeroDivisionError(f"division by zero in {c!r} / x: x = 0.0")
    formula = f"{c!r} / x"
    data = finite_result(c / x, formula, (x,))
    return data, finite_derivatives(formula, (x,), (-data / x,))


DIVIDE_CONSTANT_BY = Operation.builtin(
    "c/", _divide_constant_by, lambda x, out, c: -out / x, Fraction(constant_side="left"),
    [Formula("−$c / $x²", r"-\frac{$c}{$x^{2}}")], constant_name=lambda c: constant_text(c) + "/")

# ----------------------------------------------------------------------
# x ** c,  x ** y,  c ** x
# ----------------------------------------------------------------------


def _power_constant(x, c):
    """x ** c.   ∂/∂x = c·x^(c−1)."""
    name = f"x ** {c!r}"
    if x < 0.0 and not c.is_integer():
        raise ValueError(f"x ** {c!r} with x = {x!r}: a negative base needs an integer exponent")
    if x == 0.0 and c < 0.0:
        raise ZeroDivisionError(f"x ** {c!r} with x = 0.0: zero to a negative power")
    if x == 0.0 and 0.0 < c < 1.0 and GradMode.recording():
        raise ValueError(
            f"x ** {c!r} at x = 0.0: the derivative {c!r}·x^({c!r}-1) is infinite there")
    data = finite_result(power(x, c), name, (x,))
    if x < 0.0 and _odd_power_rounds_even(c):
        local = c * (data / x)
    else:
        local = c * power(x, c - 1.0) if c != 0.0 else 0.0
    return data, finite_derivatives(name, (x,), (local,))


def _odd_power_rounds_even(c):
    """True where c − 1 is odd but the float c − 1 is even: |c| ≥ 2⁵³ (c itself even), but 2⁵³.

    There x^(c−1) for a negative x would come out positive, the wrong sign;
    x^c / x, exact in sign, is used instead (and by the Value rule too).
    """
    return abs(c) >= 9007199254740992.0 and c != 9007199254740992.0


def _power_constant_as_values(x, out, c):
    """c·x^(c−1), as Values (c·(out / x) where the float c − 1 would lose its parity)."""
    if c == 0.0:
        return 0.0
    if x.data < 0.0 and _odd_power_rounds_even(c):
        return c * (out / x)
    return c * x ** (c - 1.0)


def _power_constant_formula(position, names, node, latex):
    """c·x^(c−1), with c − 1 worked out: 2·y for y², 3·y² for y³, 1 for y¹, 0 for y⁰."""
    c = node.op.constant if node is not None else None
    x = names["x"]
    if c is None:
        return r"c \cdot x^{c-1}" if latex else "c·x^(c−1)"
    if c == 0.0:
        return "0"
    if c == 1.0:
        return "1"
    times = r" \cdot " if latex else "·"
    if c == 2.0:
        return f"2{times}{x}"
    exponent = Power(constant_side="right").write([(x, LEVEL_ATOM)], c - 1.0, latex)[0]
    return f"{names['c']}{times}{exponent}"


POWER_CONSTANT = Operation.builtin(
    "**c", _power_constant, _power_constant_as_values,
    Power(constant_side="right"), _power_constant_formula,
    constant_name=lambda c: "**" + constant_text(c))


def _power(x, y):
    """x ** y.   ∂/∂x = y·x^(y−1),  ∂/∂y = x^y·ln(x), which needs x > 0."""
    if x <= 0.0:
        raise ValueError(
            f"x ** y with a Value exponent needs x > 0, because ∂(x**y)/∂y = x**y·ln(x); "
            f"got x = {x!r} (use a number exponent if y is a constant)")
    data = finite_result(power(x, y), "x ** y", (x, y))
    return data, finite_derivatives("x ** y", (x, y), (y * power(x, y - 1.0), data * math.log(x)))


POWER = Operation.builtin(
    "**", _power, lambda x, y, out: (y * x ** (y - 1.0), out * x.log()), Power(),
    [Formula("$y·$x^($y − 1)", r"$y \cdot $x^{$y - 1}"), Formula("$out·ln($x)", r"$out \ln $x")],
    arity=2, input_names=("x", "y"))


def _constant_power(x, c):
    """c ** x.   ∂/∂x = c^x·ln(c), which needs c > 0."""
    if c <= 0.0:
        raise ValueError(
            f"({c!r}) ** x: a number base needs to be > 0, because ∂(c**x)/∂x = c**x·ln(c)")
    name = f"{c!r} ** x" if c >= 0.0 else f"({c!r}) ** x"
    data = finite_result(power(c, x), name, (x,))
    return data, finite_derivatives(name, (x,), (data * math.log(c),))


CONSTANT_POWER = Operation.builtin(
    "c**", _constant_power, lambda x, out, c: out * math.log(c), Power(constant_side="left"),
    [Formula("$out·ln($c)", r"$out \ln $c")], constant_name=lambda c: constant_text(c) + "**")
