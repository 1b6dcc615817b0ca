"""A scalar reverse-mode automatic differentiation engine, small enough to read.

Examples:
    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2
    >>> z = y ** 2
    >>> z.backward()
    >>> x.grad      # dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3
    24.0
"""

# The layers, from the bottom up: each imports only from those before it.
from .core import (Operation, Value, collector_paused, enable_grad, is_grad_enabled, no_grad,
                   sum_values, topological_order, weighted_sum)
from .calculus import (GradcheckError, Jacobian, derivative, forward_derivative, forward_steps,
                       grad, gradcheck, gradgradcheck, hessian, jacobian)
from .seeing import (StepPlayer, backward_player, backward_steps, chain_rule_paths, draw_graph,
                     format_graph, forward_player, print_steps, render_backward_frames,
                     render_backward_gif, render_png, render_svg, to_dot)
from .checking import CheckReport, CheckResult, check, make_exercise, make_sheet
# Last: the parser of expressions is built on the names above.
from .command_line import ExpressionError, parse_expression

__all__ = [
    "Value",
    "Operation",
    "no_grad",
    "enable_grad",
    "is_grad_enabled",
    "collector_paused",
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
    "parse_expression",
    "ExpressionError",
    "make_exercise",
    "make_sheet",
]
