"""Pictures of a computation graph: DOT text, a ``graphviz.Digraph``, SVG and PNG.

Each value is a box ``name | data | grad``; each operation is an oval between
its inputs and its result; each edge into an operation is labelled with its
local derivative ∂result/∂input, the number the chain rule multiplies by when
the gradient flows back along that edge (see ``dot`` for the drawing,
``drawn`` for what is drawn). ``frames`` draws the backward pass step by
step (frames and a GIF), ``player`` as a page.

``slide=True`` draws for a lecture hall: a 16:9 picture whose smallest text
is at least 20 pixels high when the notes' 2-2-2 network fills a 1920×1080
slide (``render_png`` draws it at exactly 1920×1080).

``to_dot`` needs nothing but the standard library. ``draw_graph`` needs the
``graphviz`` package, ``render_svg`` a renderer (see ``renderers``) and
``render_png`` also the rasterizer (see ``raster``), all in the ``render``
extra. A graph of more than ``max_nodes`` nodes (500 unless raised) is
refused before Graphviz sees it. Every file is written whole or not at all
(``files.write_atomically``).
"""

import os

from ..core import Value
from ..files import checked_path, write_atomically
from .dot import dot_text
from .drawn import GraphTooLargeError, count_nodes
from .escape import markup
from .layout import drawn_graph, layout_svg
from .options import MAX_NODES, PictureOptions
from .renderers import RenderError, RendererNotFoundError, render_dot

#: A ``Value`` shows its graph in Jupyter only up to this many nodes.
NOTEBOOK_MAX_NODES = 100

#: Picture file extensions, and the function that writes each.
_WRITER_FOR_EXTENSION = {".svg": "render_svg", ".png": "render_png", ".gif": "render_backward_gif"}


def to_dot(root, rankdir="LR", show_grad=True, collapse_neurons=None, legend=None,
           highlight=None, title=None, digits=4, layout="auto", slide=False, names=None):
    """The graph of ``root`` as DOT text (Graphviz's input language).

    Args:
        rankdir: ``"LR"`` (left to right) or ``"TB"`` (top to bottom).
        show_grad: False for a forward-only picture: data, no gradients.
        collapse_neurons: draw each neuron (a ``weighted_sum`` feeding only an
            activation) as one operation; its edges then carry the product of
            the two local derivatives, ∂act/∂net · ∂net/∂input. Default: on a
            slide only.
        legend: add a key to every mark used: colours, shapes, edge labels
            and, with ``highlight``, the red edge. Default: except on a slide.
        highlight: a step of ``backward_steps``; its edge (and the input it
            updates) is drawn in red.
        title: a caption drawn above the graph (at most 2,000 characters).
        digits: significant digits of the numbers shown (1 to 17).
        layout: ``"layers"`` draws by layer in the 16:9 of a slide (narrow
            boxes, each edge label joined to its edge, the sample's numbers
            drawn, every column in the order the model was built); ``"flow"``
            draws each box on one line, as wide as the graph is deep;
            ``"auto"`` picks ``"layers"`` for a graph with neurons
            (``weighted_sum`` nodes).
        slide: a picture for a lecture hall (16:9, large type, no legend,
            neurons and the unnamed chains of a loss each drawn as one operation).
        names: a function from a node's label to the name to show (None to
            show it unnamed), such as ``nn.notes_name`` for the notes' w⁽¹⁾₁₁.
            A name longer than 80 characters is drawn shortened, its
            beginning and end around "…".

    Time and size are linear in the number of nodes and edges. ``to_dot``
    draws nothing, so it has no ``max_nodes``: the renderers do.

    Returns:
        str: the DOT text, ``digraph computation { … }``; it needs no renderer.

    Raises:
        TypeError: a ``root`` that is not a ``Value``, or options of the wrong type.
        ValueError: an unknown ``rankdir`` or ``layout``, or ``digits`` outside 1 to 17.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> dot = to_dot(x * 3, legend=False)
        >>> dot.splitlines()[0], 'label="3·•"' in dot
        ('digraph computation {', True)
    """
    options = PictureOptions("to_dot", rankdir, show_grad, collapse_neurons, legend, highlight,
                             title, digits, layout, slide, names)
    if not _is_value(root):
        raise TypeError(f"to_dot: expected a Value, got {type(root).__name__}: {root!r}")
    return dot_text(root, options)


def draw_graph(root, **options):
    """The graph of ``root`` as a ``graphviz.Digraph`` (options as ``to_dot``, and ``max_nodes``).

    Needs the ``graphviz`` package (``pip install 'autograd-core[render]'``).
    It shows itself in Jupyter through whichever renderer this machine has
    (Graphviz's ``dot``, or the in-process one without it); its
    ``.render()`` and ``.pipe()`` need ``dot`` and, without it, say so and
    point at ``render_svg`` / ``render_png``, which need no ``dot``.

    Returns:
        graphviz.Digraph: the picture, shown inline by Jupyter.

    Raises:
        ImportError: without the ``graphviz`` package, saying how to get it.
        GraphTooLargeError: a picture of more than ``max_nodes`` boxes (a ``ValueError``).
        TypeError, ValueError: the options ``to_dot`` refuses.

    Examples:
        >>> from autograd_core import Value
        >>> picture = draw_graph(Value(2.0, label="x") * 3)
        >>> type(picture).__name__, "x" in picture.source
        ('Digraph', True)
    """
    try:
        import graphviz
    except ImportError:
        raise ImportError(
            "draw_graph needs the graphviz package: pip install 'autograd-core[render]'. "
            "to_dot(root) gives the DOT text without it.") from None
    picture_options = PictureOptions.from_keywords("draw_graph", options)
    dot = dot_text(root, picture_options, drawn=drawn_graph(root, picture_options))
    # dot_text writes one statement per line between "digraph computation {" and "}".
    statements = dot.splitlines()[1:-1]
    return _digraph_class(graphviz)("computation", body=[line + "\n" for line in statements])


def render_svg(root, path=None, renderer=None, **options):
    """The graph of ``root`` as SVG text, also written to ``path`` when given.

    ``renderer`` is ``"dot"``, ``"wasm"`` or None for the first available
    (see ``renderers``); other options as ``to_dot``, and ``max_nodes``
    (default 500): a bigger graph is refused before Graphviz runs, with what
    to draw instead. With no renderer at all a ``RendererNotFoundError``
    says how to get one and carries the DOT text; any failure of Graphviz is
    a ``RenderError``. ``path`` must end in ``.svg`` (``render_png`` writes PNG).
    A slide's SVG is 960×540 pixels, its drawing in the viewBox.

    Returns:
        str: the SVG text.

    Raises:
        GraphTooLargeError: a picture of more than ``max_nodes`` boxes (a
            ``ValueError``), before Graphviz runs.
        RendererNotFoundError: no Graphviz renderer on this machine (a
            ``RuntimeError``; its ``.dot`` holds the DOT text).
        RenderError: Graphviz failed on the graph (a ``RuntimeError``).
        ValueError: a ``path`` not ending in ``.svg``, an unknown ``renderer``,
            or an option ``to_dot`` refuses.
        FileNotFoundError: a ``path`` whose folder does not exist.

    Examples:
        >>> from autograd_core import Value
        >>> svg = render_svg(Value(2.0, label="x") * 3)
        >>> svg.count("<svg")
        1
        >>> 'width="960px"' in render_svg(Value(2.0, label="x") * 3, slide=True)
        True
    """
    if path is not None:
        path = checked_picture_path(path, ".svg", "render_svg")
    svg = _svg(root, renderer, "render_svg", options)
    if path is not None:
        write_atomically(path, svg, "render_svg")
    return svg


def _svg(root, renderer, where, options):
    picture_options = PictureOptions.from_keywords(where, options)
    return layout_svg(drawn_graph(root, picture_options), picture_options, renderer)


def render_png(root, path=None, scale=2, renderer=None, **options):
    """The graph of ``root`` as PNG bytes, for slides; also written to ``path`` when given.

    ``scale`` multiplies the SVG's size (2: sharp on a projector; a slide,
    ``slide=True``, is then exactly 1920×1080). The SVG is drawn as by
    ``render_svg`` and rasterized in-process (see ``raster``), with the font
    shipped in this package, so it looks the same everywhere. ``path`` must
    end in ``.png``.

    Returns:
        bytes: the PNG file's bytes.

    Raises:
        ImportError: without the rasterizer (``resvg-py``, in the ``render`` extra).
        GraphTooLargeError, RendererNotFoundError, RenderError: as ``render_svg``.
        ValueError: a ``path`` not ending in ``.png``, a ``scale`` not above 0
            and at most 10, or an option ``to_dot`` refuses.

    Examples:
        >>> from autograd_core import Value
        >>> render_png(Value(2.0, label="x") * 3)[:4]
        b'\x89PNG'
    """
    from .raster import check_scale, svg_to_png

    if path is not None:
        path = checked_picture_path(path, ".png", "render_png")
    scale = check_scale(scale, "render_png(scale=...)")
    png = svg_to_png(_svg(root, renderer, "render_png", options), scale, "render_png")
    if path is not None:
        write_atomically(path, png, "render_png")
    return png


def notebook_svg(root, max_nodes=NOTEBOOK_MAX_NODES):
    """SVG for Jupyter's display of a ``Value``.

    The graph's picture; or, for a graph of more than ``max_nodes`` nodes or
    with no renderer here, a one-line note saying so and how to draw it anyway.
    """
    if count_nodes(root, max_nodes) > max_nodes:
        return _one_line_svg(
            f"(graph of more than {max_nodes} nodes, not drawn inline: "
            f"autograd_core.seeing.notebook_svg(value, max_nodes=1000) draws it here, "
            f"render_svg(value, 'graph.svg') to a file)")
    try:
        options = PictureOptions("notebook_svg", legend=False, max_nodes=max(max_nodes, 1))
        return layout_svg(drawn_graph(root, options), options)
    except GraphTooLargeError as error:
        return _one_line_svg(f"(graph not drawn inline: {error})")
    except RendererNotFoundError:
        return _one_line_svg("(no Graphviz renderer here to draw the graph: "
                             "pip install 'autograd-core[render]')")
    except RenderError as error:
        return _one_line_svg(f"(the graph could not be drawn: {error})")


# ----------------------------------------------------------------------
# Files, Jupyter, and graphviz's Digraph without `dot`.
# ----------------------------------------------------------------------

def checked_picture_path(path, extension, where, writers=None):
    """``path`` as a str, refused when its extension is another picture format's.

    ``writers`` maps each picture extension to the function that writes it
    (the graph's functions unless given), for the error to point at.
    """
    path = checked_path(path, f"{where}(path=...)")
    actual = os.path.splitext(path)[1].lower()
    if actual != extension:
        right = (writers or _WRITER_FOR_EXTENSION).get(actual)
        arguments = "..." if writers else f"root, {path!r}"
        hint = (f"; {right}({arguments}) writes {actual[1:].upper()}" if right
                else f"; give the path the {extension} extension")
        raise ValueError(f"{where}(path=...): writes {extension[1:].upper()}, so the path must "
                         f"end in {extension!r}, got {path!r}{hint}")
    return path


def _is_value(root):
    return isinstance(root, Value)


def _one_line_svg(text):
    """A one-line note as SVG, for Jupyter."""
    width = 8 * len(text) + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="22">'
            f'<text x="4" y="15" font-family="monospace" font-size="13" fill="#555555">'
            f"{markup(text)}</text></svg>")


def _digraph_class(graphviz):
    """``graphviz.Digraph`` shown in Jupyter through any renderer, saying how without ``dot``."""

    class Digraph(graphviz.Digraph):
        __doc__ = graphviz.Digraph.__doc__

        def _repr_image_svg_xml(self):
            return render_dot(self.source)

        def pipe(self, *args, **kwargs):
            try:
                return super().pipe(*args, **kwargs)
            except graphviz.ExecutableNotFound:
                raise RendererNotFoundError(_NEEDS_DOT, self.source) from None

        def render(self, *args, **kwargs):
            try:
                return super().render(*args, **kwargs)
            except graphviz.ExecutableNotFound:
                raise RendererNotFoundError(_NEEDS_DOT, self.source) from None

    return Digraph


_NEEDS_DOT = (
    "draw_graph(...).render() and .pipe() need Graphviz's `dot` executable, which is not on "
    "PATH. Without it, render_svg(root, 'graph.svg') and render_png(root, 'graph.png') draw "
    "the same picture in-process (pip install 'autograd-core[render]'); in Jupyter the "
    "Digraph itself shows without `dot`. Or install Graphviz (apt-get install graphviz, "
    "brew install graphviz).")

__all__ = ["to_dot", "draw_graph", "render_svg", "render_png", "notebook_svg",
           "checked_picture_path", "MAX_NODES", "NOTEBOOK_MAX_NODES"]
