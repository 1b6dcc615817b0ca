"""A scalar reverse-mode automatic differentiation engine, small enough to read.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2
    >>> z = y ** 2
    >>> z.backward()
    >>> x.grad      # dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3
    24.0
"""

from .calculus.gradcheck import GradcheckError, gradcheck, gradgradcheck
from .core.grad_mode import enable_grad, is_grad_enabled, no_grad
from .core.order import topological_order
from .core.value import Value, sum_values, weighted_sum
from .core.operation import Operation
from .calculus.functional import derivative, grad, hessian
from .seeing.steps import backward_steps, chain_rule_paths, print_steps
from .seeing.pictures import (draw_graph, render_backward_frames, render_backward_gif, render_png,
                    render_svg, to_dot)
from .seeing.text import format_graph
from .calculus.forward_mode import forward_derivative, forward_steps
from .calculus.jacobian import Jacobian, jacobian
from .checking.tutor import CheckReport, CheckResult, check
from .seeing.player import StepPlayer, backward_player, forward_player

__all__ = [
    "Value",
    "Operation",
    "no_grad",
    "enable_grad",
    "is_grad_enabled",
    "grad",
    "hessian",
    "derivative",
    "gradcheck",
    "gradgradcheck",
    "GradcheckError",
    "sum_values",
    "weighted_sum",
    "topological_order",
    "backward_steps",
    "print_steps",
    "chain_rule_paths",
    "to_dot",
    "draw_graph",
    "render_svg",
    "render_backward_frames",
    "render_png",
    "render_backward_gif",
    "backward_player",
    "StepPlayer",
    "forward_player",
    "format_graph",
    "forward_steps",
    "forward_derivative",
    "jacobian",
    "Jacobian",
    "check",
    "CheckReport",
    "CheckResult",
]
