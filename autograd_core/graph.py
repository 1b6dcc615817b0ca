"""Pictures of a computation graph: DOT text, a ``graphviz.Digraph``, or SVG.

Each value is a box ``name | data | grad``; each operation is an ellipse
between its inputs and its output; each edge from an input into an
operation is labelled with its local derivative ∂output/∂input, the number
the chain rule multiplies by when the gradient flows back along that edge:

    x ──3──▶ (*3) ──▶ v1 ──1──▶ (-2) ──▶ y ──8──▶ (**2) ──▶ z

``to_dot`` needs nothing but the standard library. ``draw_graph`` needs the
``graphviz`` package and ``render_svg`` a renderer (see ``renderers``).
"""

import os

from .renderers import RenderError, RendererNotFoundError, choose_renderer, render_dot
from .topo import topological_order
from .trace import backward_steps, format_number, node_names
from .value import Value

#: Ops whose input, when it is a weighted sum used nowhere else, makes one
#: neuron with it in a ``collapse_neurons`` picture.
ACTIVATIONS = frozenset(
    {"tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus", "step", "arctan"})
WEIGHTED_SUMS = frozenset({"Σw·x", "Σw·x+b"})

#: A ``Value`` shows its graph in Jupyter only up to this many nodes.
NOTEBOOK_MAX_NODES = 100

LEAF_COLOUR = "#cfe8ff"        # inputs and parameters: where gradients end
COMPUTED_COLOUR = "#ffffff"    # intermediate values
ROOT_COLOUR = "#d5f5d0"        # the output the gradients are of
OP_COLOUR = "#eeeeee"
HIGHLIGHT_COLOUR = "#d62728"


def to_dot(root, rankdir="LR", show_grad=True, collapse_neurons=False, legend=True,
           highlight=None, title=None, digits=4):
    """The graph of ``root`` as DOT text (Graphviz's input language).

    Args:
        rankdir: ``"LR"`` (left to right) or ``"TB"`` (top to bottom).
        show_grad: False for a forward-only picture: data, no gradients.
        collapse_neurons: draw each neuron (a ``weighted_sum`` feeding only an
            activation) as one operation; its edges then carry the product of
            the two local derivatives, ∂act/∂net · ∂net/∂input.
        legend: add a small key to the colours.
        highlight: a ``trace.Step``; its edge (and the input it updates) is drawn in red.
        title: a caption drawn above the graph.
        digits: significant digits of the numbers shown.

    Time and size are linear in the number of nodes and edges.
    """
    graph_attrs, node_attrs, edge_attrs, body = _dot_parts(
        root, rankdir, show_grad, collapse_neurons, legend, highlight, title, digits)
    lines = ["digraph computation {"]
    lines.append(f"  graph [{_attr_list(graph_attrs)}]")
    lines.append(f"  node [{_attr_list(node_attrs)}]")
    lines.append(f"  edge [{_attr_list(edge_attrs)}]")
    lines += body
    lines.append("}")
    return "\n".join(lines) + "\n"


def draw_graph(root, **options):
    """The graph of ``root`` as a ``graphviz.Digraph`` (options as ``to_dot``).

    Needs the ``graphviz`` package (``pip install 'autograd-core[render]'``);
    its ``.render()`` and Jupyter display need Graphviz's ``dot`` executable.
    Without ``dot``, use ``render_svg``, which also runs Graphviz in-process.
    """
    try:
        import graphviz
    except ImportError:
        raise ImportError(
            "draw_graph needs the graphviz package: pip install 'autograd-core[render]'. "
            "to_dot(root) gives the DOT text without it.") from None
    # to_dot writes one statement per line between "digraph computation {" and "}".
    statements = to_dot(root, **options).splitlines()[1:-1]
    return graphviz.Digraph("computation", body=[line + "\n" for line in statements])


def render_svg(root, path=None, renderer=None, **options):
    """The graph of ``root`` as SVG text, also written to ``path`` when given.

    ``renderer`` is ``"dot"``, ``"wasm"`` or None for the first available
    (see ``renderers``); other options as ``to_dot``. With no renderer at all
    a ``RendererNotFoundError`` says how to get one and carries the DOT text.
    """
    svg = render_dot(to_dot(root, **options), renderer=renderer)
    if path is not None:
        with open(path, "w", encoding="utf-8") as file:
            file.write(svg)
    return svg


def render_backward_frames(root, directory, renderer=None, **options):
    """Run the backward pass from ``root``, drawing one SVG per chain-rule step.

    Frame k shows every gradient as it stands after step k, the edge of
    step k in red and the step written out as the caption; the files are
    ``step_001.svg``, ``step_002.svg``, … in ``directory`` (created if
    needed). Returns their paths, one per step. As with ``backward()``,
    leaf gradients accumulate onto what they held before. Neurons are not
    collapsed: every step has its own edge.
    """
    if options.get("collapse_neurons"):
        raise ValueError("render_backward_frames: collapse_neurons=True would hide the steps "
                         "inside each neuron; every step needs its own edge")
    # Bad options or no renderer fail here, before any gradient changes.
    to_dot(root, **options)
    renderer = choose_renderer(renderer)
    os.makedirs(directory, exist_ok=True)
    paths = []
    for number, step in enumerate(backward_steps(root), start=1):
        dot = to_dot(root, highlight=step, title=f"step {number}:  {step}", **options)
        path = os.path.join(directory, f"step_{number:03d}.svg")
        with open(path, "w", encoding="utf-8") as file:
            file.write(render_dot(dot, renderer=renderer))
        paths.append(path)
    return paths


def notebook_svg(root, max_nodes=NOTEBOOK_MAX_NODES):
    """SVG for Jupyter's display of a ``Value``, or None (Jupyter then shows the text repr).

    None when the graph has more than ``max_nodes`` nodes or nothing can render it.
    """
    if _has_more_nodes_than(root, max_nodes):
        return None
    try:
        return render_dot(to_dot(root, legend=False))
    except (RendererNotFoundError, RenderError):
        return None


# ----------------------------------------------------------------------
# Building the DOT statements.
# ----------------------------------------------------------------------

def _dot_parts(root, rankdir, show_grad, collapse_neurons, legend, highlight, title, digits):
    """Graph, node and edge attributes, and the body statements, for ``root`` 's graph."""
    if not isinstance(root, Value):
        raise TypeError(f"to_dot: expected a Value, got {type(root).__name__}: {root!r}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"to_dot: rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")

    order = topological_order(root)
    names = node_names(order)
    ids = {node: f"n{index}" for index, node in enumerate(order)}
    hidden = _hidden_weighted_sums(order, root) if collapse_neurons else set()
    highlight_input = highlight.input if highlight is not None else None

    def is_highlighted(node, position):
        return highlight is not None and node is highlight.node and position == highlight.position

    def number(x):
        return format_number(x, digits)

    body = []
    for node in order:
        if node in hidden:
            continue
        fields = [_escape_record(names[node]), f"data {number(node.data)}"]
        if show_grad:
            fields.append(f"grad {number(node.grad)}")
        colour = ROOT_COLOUR if node is root else LEAF_COLOUR if not node.inputs else COMPUTED_COLOUR
        style = f'fillcolor="{colour}"'
        if node is highlight_input:
            style += f' color="{HIGHLIGHT_COLOUR}" penwidth=2.5'
        body.append(f'  {ids[node]} [shape=record label="{{ {" | ".join(fields)} }}" {style}]')
        if not node.inputs:
            continue

        op_id = "op_" + ids[node]
        op_name, edges = node.op, _edges_into(node)
        if node.inputs[0] in hidden:
            net = node.inputs[0]
            op_name = f"{net.op} → {node.op}"
            outer = node.local_grads[0]
            edges = [(child, outer * local, None) for child, local, _ in _edges_into(net)]
        body.append(f'  {op_id} [shape=ellipse label="{_escape_string(op_name)}" '
                    f'fillcolor="{OP_COLOUR}"]')
        body.append(f"  {op_id} -> {ids[node]}")
        for child, local, position in edges:
            attrs = f'label="{number(local)}"'
            if is_highlighted(node, position):
                attrs += f' color="{HIGHLIGHT_COLOUR}" fontcolor="{HIGHLIGHT_COLOUR}" penwidth=3'
            body.append(f"  {ids[child]} -> {op_id} [{attrs}]")
    if legend:
        body += _legend_statements(show_grad)

    graph_attrs = {"rankdir": rankdir, "fontname": '"Courier"'}
    if title is not None:
        graph_attrs.update(label=f'"{_escape_string(title)}"', labelloc="t", fontsize="16")
    node_attrs = {"fontname": '"Courier"', "fontsize": "12", "style": "filled"}
    edge_attrs = {"fontname": '"Courier"', "fontsize": "11", "arrowsize": "0.7"}
    return graph_attrs, node_attrs, edge_attrs, body


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
        if node.op in ACTIVATIONS and len(node.inputs) == 1:
            net = node.inputs[0]
            if net.op in WEIGHTED_SUMS and uses[net] == 1 and net is not root:
                hidden.add(net)
    return hidden


def _legend_statements(show_grad):
    fields = "leaf: input or weight | data | grad" if show_grad else "leaf: input or weight | data"
    return [
        "  subgraph cluster_legend {",
        '    label="legend" fontsize=11 color="#bbbbbb" style=rounded',
        f'    legend_leaf [shape=record label="{{ {fields} }}" fillcolor="{LEAF_COLOUR}"]',
        f'    legend_computed [shape=box label="computed value" fillcolor="{COMPUTED_COLOUR}"]',
        f'    legend_root [shape=box label="output" fillcolor="{ROOT_COLOUR}"]',
        f'    legend_op [shape=ellipse label="operation" fillcolor="{OP_COLOUR}"]',
        '    legend_leaf -> legend_op [label="local derivative ∂out/∂in"]',
        '    legend_computed -> legend_root [style=invis]',
        "  }",
    ]


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

