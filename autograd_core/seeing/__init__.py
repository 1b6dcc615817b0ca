"""Seeing the chain rule: steps and paths, text, pictures (DOT, SVG, PNG, GIF) and pages.

- ``steps``: the backward pass one chain-rule step at a time, and the chain rule as paths;
- ``text``: a graph as an indented tree of text;
- ``pictures``: DOT, SVG, PNG, frames and GIFs of a graph; ``renderers`` and
  ``raster`` turn DOT into SVG and SVG into PNG;
- ``player``: a page that steps through the backward (or forward) pass.

Importing it lets the core show a ``Value`` in Jupyter and trace
``backward(trace=True)``: the core draws and prints nothing itself.
"""

from ..core import PRESENTATION
from .pictures import (checked_picture_path, draw_graph, notebook_svg, render_backward_frames,
                       render_backward_gif, render_png, render_svg, to_dot)
from .player import StepPlayer, backward_player, forward_player
from .renderers import RenderError, RendererNotFoundError, available_renderers, render_dot
from .steps import (ChainRulePath, ChainRulePaths, Step, backward_steps, chain_rule_paths,
                    print_steps)
from .text import format_graph

PRESENTATION["notebook_svg"] = notebook_svg
PRESENTATION["print_steps"] = print_steps

__all__ = [
    "backward_steps", "print_steps", "Step", "chain_rule_paths", "ChainRulePath",
    "ChainRulePaths", "format_graph", "to_dot", "draw_graph", "render_svg", "render_png",
    "render_backward_frames", "render_backward_gif", "notebook_svg", "checked_picture_path",
    "backward_player", "forward_player", "StepPlayer", "render_dot", "available_renderers",
    "RenderError", "RendererNotFoundError",
]
