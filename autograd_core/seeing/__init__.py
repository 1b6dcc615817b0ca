"""Seeing the chain rule: steps and paths, text, pictures (DOT, SVG, PNG, GIF) and pages.

- ``steps``: the backward pass one chain-rule step at a time, and the chain rule as paths;
- ``text``: a graph as an indented tree of text;
- ``pictures``: DOT, SVG and PNG of a graph, made of ``options`` (checked once),
  ``drawn`` (what is drawn: boxes, operations, folds, order), ``dot`` (the DOT
  text), ``layout`` (Graphviz's SVG, sized for a slide); ``renderers`` and
  ``raster`` turn DOT into SVG and SVG into PNG;
- ``frames``: the backward pass frame by frame, as SVG or PNG files or a GIF
  (``passes`` says what each frame shows, ``compose`` and ``gif`` draw them);
- ``player``: a page that steps through the backward (or forward) pass;
- ``escape``: every label, title and caption on its way into DOT, SVG, HTML or JS.

Importing it lets the core show a ``Value`` in Jupyter and trace
``backward(trace=True)``: the core draws and prints nothing itself.
"""

from ..core import PRESENTATION
from .drawn import GraphTooLargeError
from .frames import render_backward_frames, render_backward_gif
from .options import MAX_NODES
from .pictures import (checked_picture_path, draw_graph, notebook_svg, render_png, render_svg,
                       to_dot)
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
    "RenderError", "RendererNotFoundError", "GraphTooLargeError", "MAX_NODES",
]
