"""Calculus on the core: derivatives as values, higher orders, Jacobians, forward mode, checks.

- ``functional``: ``grad``, ``hessian``, ``derivative`` (derivatives you can hold, to any order);
- ``forward_mode``: the chain rule from an input towards the output;
- ``jacobian``: whole derivative matrices, in reverse or forward mode;
- ``gradcheck``: derivatives against central differences.
"""

from .forward_mode import ForwardStep, forward_derivative, forward_steps, tangents
from .functional import as_value_list, derivative, derivatives_of, grad, hessian
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .jacobian import Jacobian, jacobian

__all__ = ["grad", "hessian", "derivative", "derivatives_of", "as_value_list",
           "forward_steps", "forward_derivative", "ForwardStep", "tangents",
           "jacobian", "Jacobian", "gradcheck", "gradgradcheck", "GradcheckError"]
