"""Checking derivatives against central differences, as ``torch.autograd.gradcheck``.

``gradcheck`` compares ``backward()`` 's first derivatives with central
differences of ``f``; ``gradgradcheck`` compares second derivatives (the
derivatives of ``grad(..., create_graph=True)``) with central differences
of the first derivatives.
"""

import numbers

from .functional import grad, hessian
from ..core import no_grad
from ..core import Value, as_float


class GradcheckError(AssertionError):
    """The analytic and numeric derivatives disagree; the message lists both.

    Raised by ``gradcheck`` and ``gradgradcheck``; an ``AssertionError``, so a
    test that calls them fails with the table of numbers.

    Raises:
        Nothing: it is what the checks raise.

    Examples:
        >>> from autograd_core import Operation, Value
        >>> wrong = Operation("wrong_square", value=lambda x: x * x,
        ...                   local_grads=lambda x, out: [x])     # should be 2x
        >>> try:
        ...     gradcheck(lambda x: wrong(x), [3.0])
        ... except GradcheckError as error:
        ...     print(str(error).splitlines()[1])
          input 0 at 3.0: analytic 3.0, numeric 6.0... MISMATCH
    """


def gradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-3):
    """True if ``backward()`` agrees with central differences for ``f`` at ``inputs``.

    ``f`` takes one argument per input and returns a ``Value``; it is called
    with ``Value`` s, so write it as ordinary arithmetic. For each input x,

        numeric ∂f/∂x ≈ (f(x + eps) - f(x - eps)) / (2·eps),

    which is accurate to O(eps²). An input passes when
    |analytic - numeric| <= atol + rtol·|numeric|. On failure a
    ``GradcheckError`` lists every input's analytic and numeric gradient.

    Returns:
        bool: True when every input passes.

    Raises:
        GradcheckError: an input whose gradients disagree (the message lists all).
        ValueError: ``eps``, ``atol`` or ``rtol`` that is not a positive number.
        TypeError: an ``f`` that does not return a ``Value``.

    Examples:
        >>> gradcheck(lambda a, b: a * b.sin(), [0.5, 1.2])
        True
    """
    points = _check_arguments("gradcheck", f, inputs, eps, atol, rtol)
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(points)]
    out = _call(f, leaves, "gradcheck")
    out.backward()

    rows = []
    all_close = True
    for i, leaf in enumerate(leaves):
        numeric = (_evaluate(f, points, i, +eps) - _evaluate(f, points, i, -eps)) / (2.0 * eps)
        close = abs(leaf.grad - numeric) <= atol + rtol * abs(numeric)
        all_close = all_close and close
        mark = "ok" if close else "MISMATCH"
        rows.append(f"  input {i} at {points[i]!r}: analytic {leaf.grad!r}, numeric {numeric!r}  {mark}")
    if not all_close:
        raise GradcheckError("gradcheck failed:\n" + "\n".join(rows))
    return True


def gradgradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-3):
    """True if the second derivatives of ``f`` agree with central differences of its first.

    The analytic matrix is ``hessian`` (the derivatives of the graph-building
    first derivatives); the numeric one has, in column j,

        (∇f(x + eps·eⱼ) - ∇f(x - eps·eⱼ)) / (2·eps),

    with ∇f computed by ``grad``. Entries pass as in ``gradcheck``; on failure
    a ``GradcheckError`` lists every entry.

    Returns:
        bool: True when every entry passes.

    Raises:
        GradcheckError: an entry whose second derivatives disagree (the message lists all).
        ValueError: ``eps``, ``atol`` or ``rtol`` that is not a positive number.
        TypeError: an ``f`` that does not return a ``Value``.

    Examples:
        >>> gradgradcheck(lambda a, b: a * b.sin(), [0.5, 1.2])
        True
    """
    points = _check_arguments("gradgradcheck", f, inputs, eps, atol, rtol)
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(points)]
    analytic = hessian(_call(f, leaves, "gradgradcheck"), leaves)
    rows = []
    all_close = True
    for j in range(len(points)):
        up = _gradient(f, points, j, +eps)
        down = _gradient(f, points, j, -eps)
        for i in range(len(points)):
            numeric = (up[i] - down[i]) / (2.0 * eps)
            close = abs(analytic[i][j] - numeric) <= atol + rtol * abs(numeric)
            all_close = all_close and close
            mark = "ok" if close else "MISMATCH"
            rows.append(f"  ∂²f/∂x{i}∂x{j}: analytic {analytic[i][j]!r}, numeric {numeric!r}  {mark}")
    if not all_close:
        raise GradcheckError("gradgradcheck failed:\n" + "\n".join(rows))
    return True


def _check_arguments(where, f, inputs, eps, atol, rtol):
    """The points as floats, after checking every argument (before any work)."""
    if not callable(f):
        raise TypeError(f"{where}: f must be a function returning a Value, got {type(f).__name__}")
    if isinstance(inputs, (Value, numbers.Real)) or not isinstance(inputs, (list, tuple)):
        raise TypeError(f"{where}: inputs must be a list of numbers or Values (one per argument of f), "
                        f"got {type(inputs).__name__}: {inputs!r}")
    points = [as_float(x.data if isinstance(x, Value) else x, f"{where}: inputs[{i}]")
              for i, x in enumerate(inputs)]
    eps = as_float(eps, f"{where}(eps=...)")
    if eps <= 0.0:
        raise ValueError(f"{where}: eps must be > 0 (the step of the central difference), "
                         f"got {eps!r}")
    for name, tolerance in (("atol", atol), ("rtol", rtol)):
        if as_float(tolerance, f"{where}({name}=...)") < 0.0:
            raise ValueError(f"{where}: {name} must be >= 0, got {tolerance!r}")
    return points


def _call(f, leaves, where):
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"{where}: f must return a Value, got {type(out).__name__}: {out!r}")
    return out


def _evaluate(f, points, index, shift):
    """f at ``points`` with ``points[index]`` moved by ``shift``, as a float."""
    moved = _moved(points, index, shift)
    try:
        with no_grad():
            return float(f(*(Value(x) for x in moved)).data)
    except (ArithmeticError, ValueError) as error:
        raise _off_the_domain("gradcheck", points, index, shift, moved, error) from None


def _gradient(f, points, index, shift):
    """∇f at ``points`` with ``points[index]`` moved by ``shift``, as floats."""
    moved = _moved(points, index, shift)
    leaves = [Value(x) for x in moved]
    try:
        return [d.data for d in grad(_call(f, leaves, "gradgradcheck"), leaves, allow_unused=True)]
    except (ArithmeticError, ValueError) as error:
        raise _off_the_domain("gradgradcheck", points, index, shift, moved, error) from None


def _moved(points, index, shift):
    moved = list(points)
    moved[index] += shift
    return moved


def _off_the_domain(where, points, index, shift, moved, error):
    """``error`` again, saying it arose at a point the central difference moved to."""
    return type(error)(
        f"{where}: f cannot be computed at inputs[{index}] = {points[index]!r} "
        f"{'+' if shift > 0 else '-'} eps = {moved[index]!r}, a point the central difference "
        f"needs ({error}); move the input away from the edge of f's domain or give a smaller eps")
