"""Checking ``backward()`` against central differences, as ``torch.autograd.gradcheck``."""

from .grad_mode import no_grad
from .value import Value


class GradcheckError(AssertionError):
    """The analytic and numeric gradients disagree; the message lists both."""


def gradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-3):
    """True if ``backward()`` agrees with central differences for ``f`` at ``inputs``.

    ``f`` takes one argument per input and returns a ``Value``; it is called
    with ``Value`` s, so write it as ordinary arithmetic. For each input x,

        numeric ∂f/∂x ≈ (f(x + eps) - f(x - eps)) / (2·eps),

    which is accurate to O(eps²). An input passes when
    |analytic - numeric| <= atol + rtol·|numeric|. On failure a
    ``GradcheckError`` lists every input's analytic and numeric gradient.
    """
    points = [float(x) for x in inputs]
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(points)]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}: {out!r}")
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


def _evaluate(f, points, index, shift):
    """f at ``points`` with ``points[index]`` moved by ``shift``, as a float."""
    moved = list(points)
    moved[index] += shift
    with no_grad():
        return float(f(*(Value(x) for x in moved)).data)
