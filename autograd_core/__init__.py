"""A scalar reverse-mode automatic differentiation engine, small enough to read.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2
    >>> z = y ** 2
    >>> z.backward()
    >>> x.grad      # dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3
    24.0
"""

from .gradcheck import GradcheckError, gradcheck
from .grad_mode import is_grad_enabled, no_grad
from .topo import topological_order
from .value import Value, sum_values, weighted_sum

__all__ = [
    "Value",
    "no_grad",
    "is_grad_enabled",
    "gradcheck",
    "GradcheckError",
    "sum_values",
    "weighted_sum",
    "topological_order",
]
