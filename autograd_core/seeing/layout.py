"""From a graph to Graphviz's SVG: the size checked first, the slide fitted to 16:9 after.

``layout_svg`` is the one way every picture, frame and page gets its SVG:

1. the graph's size is checked against ``max_nodes`` before Graphviz sees it
   (``drawn.check_size``), with a clear error naming what to draw instead;
2. the DOT text is written (``dot``) and laid out by a renderer
   (``renderers``), any failure of which is a ``RenderError``;
3. no link can be in the result (an ``<a>`` or ``href`` would be a label
   turned into markup, which the escaping prevents; this refuses it anyway);
4. on a slide, the graph is laid out with boxes of three rows (name / data
   / grad) and of two (name = data / grad), and any other graph than a
   network also with boxes of one row (name | data | grad), and the one
   whose text comes out larger on 1920×1080 is kept; then the SVG is given
   the exact 16:9 of a slide (``fit_to_slide``).
"""

import re

from ..core import Value
from .dot import DotWriter
from .drawn import DrawnGraph, check_size
from .escape import has_link
from .renderers import RenderError, render_dot

#: A slide's SVG declares this size in CSS pixels (the picture itself is in
#: its viewBox): twice it is 1920×1080, which is what ``render_png`` draws.
SLIDE_WIDTH, SLIDE_HEIGHT = 960, 540

_SVG_SIZE = re.compile(r'<svg width="([\d.]+)(?:pt|px)" height="([\d.]+)(?:pt|px)"\s+viewBox="([-\d. ]+)"')


def drawn_graph(root, options, fold_chains=None):
    """The ``DrawnGraph`` of ``root``, after checking its size against ``options.max_nodes``."""
    if not _is_value(root):
        raise TypeError(f"{options.where}: expected a Value, got {type(root).__name__}: {root!r}")
    check_size(root, options.max_nodes, options.where)
    drawn = DrawnGraph(root, options, fold_chains)
    check_size(root, options.max_nodes, options.where, drawn)
    return drawn


def layout_svg(drawn, options, renderer=None, **writer_options):
    """Graphviz's SVG of ``drawn`` (options for ``DotWriter`` as keywords)."""
    if not options.slide:
        variants = [(False, False)]
    elif drawn.layers:
        variants = [(True, False), (True, True)]
    else:
        variants = [(False, False), (True, False), (True, True)]
    best = None
    for stacked, name_and_data in variants:
        dot = DotWriter(drawn, options, name_and_data=name_and_data, stacked=stacked,
                        **writer_options).text()
        svg = render_dot(dot, renderer=renderer)
        if has_link(svg):
            raise RenderError(f"{options.where}: the picture came out holding a link, which no "
                              f"label may make; it is not drawn")
        if best is None or slide_scale(svg) > slide_scale(best):
            best = svg
    if options.slide:
        return fit_to_slide(best)
    return fit_to_slide(best, declared=None) if drawn.layers else best


def slide_scale(svg):
    """How many pixels of a 1920×1080 slide one unit of the SVG's own size takes, fitted whole."""
    width, height, view = svg_size(svg)
    return min(1920 / view[2], 1080 / view[3])


def svg_size(svg):
    """(width, height, viewBox) of a Graphviz SVG: its declared size, and (x, y, w, h)."""
    found = _SVG_SIZE.search(svg)
    if found is None:
        raise RenderError("the renderer's SVG has no size in points")
    width, height, view = found.groups()
    return float(width), float(height), tuple(float(v) for v in view.split())


def fit_to_slide(svg, declared=(SLIDE_WIDTH, SLIDE_HEIGHT)):
    """``svg`` in 16:9: the viewBox padded to exactly 16:9, declared 960×540 pixels.

    The drawing is centred and keeps its proportions; nothing is stretched.
    ``declared=None`` keeps the drawing's own size (in points), padded.
    """
    found = _SVG_SIZE.search(svg)
    x, y, w, h = (float(v) for v in found.group(3).split())
    if w / h > 16 / 9:
        new_h = w * 9 / 16
        y -= (new_h - h) / 2
        h = new_h
    else:
        new_w = h * 16 / 9
        x -= (new_w - w) / 2
        w = new_w
    size = (f'width="{declared[0]}px" height="{declared[1]}px"' if declared is not None
            else f'width="{w:.0f}pt" height="{h:.0f}pt"')
    header = f'<svg {size}\n viewBox="{x:.2f} {y:.2f} {w:.2f} {h:.2f}"'

    return svg[:found.start()] + header + svg[found.end():]


def _is_value(root):
    return isinstance(root, Value)
