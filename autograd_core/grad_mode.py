"""Switching gradient recording off, as PyTorch's ``torch.no_grad()`` does.

Under ``no_grad()`` every operation still computes its value, but the result
records no inputs and no local derivatives: it is a leaf, the graph stops
there, and nothing is kept alive for a backward pass that will never come.
Use it to evaluate a trained model.
"""

from contextlib import contextmanager


class GradMode:
    """Holds one flag: are operations recording their inputs right now?"""

    enabled = True


@contextmanager
def no_grad():
    """Within this block, operations record no graph.

    >>> from autograd_core import Value, no_grad
    >>> x = Value(3.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.inputs
    ()

    Like PyTorch's, it also works as a decorator: ``@no_grad()``.
    """
    previous = GradMode.enabled
    GradMode.enabled = False
    try:
        yield
    finally:
        GradMode.enabled = previous


def is_grad_enabled():
    """True when operations record their inputs (outside ``no_grad()``)."""
    return GradMode.enabled
