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
from .trace import backward_steps, chain_rule_paths, print_steps
from .graph import (draw_graph, render_backward_frames, render_backward_gif, render_png,
                    render_svg, to_dot)
from .text_graph import format_graph
from .player import BackwardPlayer, backward_player

__all__ = [
    "Value",
    "no_grad",
    "is_grad_enabled",
    "gradcheck",
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
    "BackwardPlayer",
    "format_graph",
]
