"""A picture of a graph as DOT text, the language Graphviz lays out.

Each value is a box ``name | data | grad``; each operation is an oval between
its inputs and its result; each edge into an operation is labelled with its
local derivative ∂result/∂input, the number the chain rule multiplies by when
the gradient flows back along it:

    x ──3──▶ (3·•) ──▶ v1 ──1──▶ (• − 2) ──▶ y ──8──▶ (•²) ──▶ z

A network (a graph with ``weighted_sum`` nodes) is drawn by layer: each
column holds one layer's values in the order the model made them, its boxes
narrow (name, data and grad stacked), every edge label joined to its edge by a
thin line, the whole picture stretched to the 16:9 of a slide.

Every label goes through ``escape``; nothing here writes a link (``URL``,
``href``) or any attribute from a label. Time and size are linear in the
number of nodes and edges.
"""

import unicodedata

from ..core.notation import format_number
from .drawn import DrawnGraph
from .escape import dot_string, record_field

#: Height / width of a network picture and of a slide: 16:9.
SLIDE_RATIO = 9 / 16

LEAF_COLOUR = "#cfe8ff"        # inputs and parameters: where gradients end
COMPUTED_COLOUR = "#ffffff"    # intermediate values
ROOT_COLOUR = "#d5f5d0"        # the output the gradients are of
NUMBER_COLOUR = "#f2f2f2"      # a number of the sample: no gradient flows to it
OP_COLOUR = "#eeeeee"
HIGHLIGHT_COLOUR = "#d62728"   # the edge (and input) of the chain-rule step shown
NUMBER_EDGE_COLOUR = "#999999"


class Style:
    """Type sizes in points (Graphviz's unit), gaps in inches, margins inside a box in ems."""

    def __init__(self, font, edge_font, title_font, nodesep, ranksep, margin, row, pad=None,
                 pills=False):
        self.font, self.edge_font, self.title_font = font, edge_font, title_font
        self.nodesep, self.ranksep = nodesep, ranksep
        self.margin, self.row, self.pad = margin, row, pad
        self.pills = pills          # operations as rounded boxes, narrower than ovals

    def box_size(self, fields, rows):
        """(width, height) in inches of a box of ``rows`` rows holding the texts ``fields``."""
        width = (max(map(text_ems, fields)) + 2 * self.margin) * self.font
        return width / 72, rows * self.row * self.font / 72

    def oval_size(self, text):
        """(width, height) in inches of an operation's oval (or pill) around ``text``."""
        if self.pills:
            width = (text_ems(text) + 2 * self.margin + 0.6) * self.font
            return max(width, 2.2 * self.font) / 72, 1.5 * self.font / 72
        width = (text_ems(text) * 1.15 + 2 * self.margin + 0.8) * self.font
        return max(width, 2.2 * self.font) / 72, 1.6 * self.font / 72

    @property
    def operation_shape(self):
        return 'shape=box style="rounded,filled"' if self.pills else "shape=ellipse"


#: A picture for a page or a document.
PAGE = Style(font=12, edge_font=11, title_font=16, nodesep=0.12, ranksep=0.6, margin=0.6,
             row=1.5)
#: A picture for a slide: one size for all text, the gaps as small as reads well.
SLIDE = Style(font=14, edge_font=14, title_font=16, nodesep=0.03, ranksep=0.12, margin=0.3,
              row=1.2, pad=0.05, pills=True)

#: Graphviz's network simplex (ranking and placing the boxes) may take this many passes
#: over the nodes: every picture we draw settles in far fewer, while one input feeding a
#: chain of 50 products took `dot` over a minute unbounded (3 seconds with the limit).
NETWORK_SIMPLEX_LIMIT = 10

#: The advance of every character of a monospace font (DejaVu Sans Mono, Courier), in ems.
MONOSPACE_ADVANCE = 0.6


def text_ems(text):
    """The width of ``text`` in a monospace font, in ems: a combining or format mark takes no room, a wide
    (East Asian) character two cells, any other one cell.

    Every box is given this size (``fixedsize``): Graphviz's own guess of a
    text's width differs between versions for anything beyond ASCII (its
    version 16 counts σ or ⁽²⁾ twice as wide as 2.43 does), and would make the
    same picture larger with one renderer than with the other.
    """
    cells = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue                     # a combining mark, or a format mark such as U+200E
        cells += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return cells * MONOSPACE_ADVANCE


def dot_text(root, options, grad_texts=None, element_ids=None, field="grad", step_legend=False,
             drawn=None, name_and_data=False):
    """The DOT text of ``root``'s picture (see ``DotWriter``)."""
    drawn = drawn if drawn is not None else DrawnGraph(root, options)
    return DotWriter(drawn, options, grad_texts, element_ids, field, step_legend,
                     name_and_data).text()


class DotWriter:
    """The DOT text of one picture of a ``DrawnGraph``.

    ``grad_texts`` (node -> text) replaces the ``grad …`` field of a box;
    ``element_ids`` (a prefix) gives every value box the SVG id
    ``<prefix>n<k>`` and every edge into an operation ``<prefix>e<k>_<position>``
    (the graph's edge it stands for); ``field`` names that field in the
    legend: ``"grad"``, or ``"d/dx"`` for a forward pass with respect to x;
    ``step_legend`` explains the red edge of a step in the legend.
    """

    def __init__(self, drawn, options, grad_texts=None, element_ids=None, field="grad",
                 step_legend=False, name_and_data=False, stacked=False):
        self.name_and_data = name_and_data
        self.stacked = stacked or drawn.layers    # a box's fields one above the other
        self.drawn = drawn
        self.options = options
        self.style = SLIDE if options.slide else PAGE
        self.grad_texts = grad_texts or {}
        self.element_ids = element_ids
        self.field = field
        self.step_legend = step_legend or element_ids is not None or options.highlight is not None

    def number(self, x):
        return format_number(x, self.options.digits)

    def text(self):
        options, style = self.options, self.style
        graph_attrs = {"rankdir": options.rankdir, "fontname": '"Courier"',
                       "nslimit": str(NETWORK_SIMPLEX_LIMIT),
                       "nslimit1": str(NETWORK_SIMPLEX_LIMIT)}
        if self.drawn.layers or options.slide:
            graph_attrs.update(ratio=f"{SLIDE_RATIO:.4f}", newrank="true")
        if self.drawn.layers or options.slide:
            graph_attrs.update(nodesep=str(style.nodesep), ranksep=str(style.ranksep))
        if style.pad is not None:
            graph_attrs["pad"] = str(style.pad)
        if options.title is not None:
            graph_attrs.update(label=f'"{dot_string(options.title, keep_newlines=True)}"',
                               labelloc="t", fontsize=str(style.title_font))
        node_attrs = {"fontname": '"Courier"', "fontsize": str(style.font), "style": "filled",
                      "fixedsize": "true"}
        edge_attrs = {"fontname": '"Courier"', "fontsize": str(style.edge_font), "arrowsize": "0.7"}
        lines = ["digraph computation {",
                 f"  graph [{_attr_list(graph_attrs)}]",
                 f"  node [{_attr_list(node_attrs)}]",
                 f"  edge [{_attr_list(edge_attrs)}]"]
        lines += self.body()
        if self.drawn.layers:
            lines += self.column_order()
        if options.legend:
            lines += self.legend_statements()
        lines.append("}")
        return "\n".join(lines) + "\n"

    def box_dimensions(self, fields):
        """The width and height of a box of ``fields``: stacked, or side by side in a flow picture."""
        if self.stacked and self.options.rankdir in ("LR", "RL"):
            width, height = self.style.box_size(fields, len(fields))
        elif self.options.rankdir in ("LR", "RL"):
            width, height = self.style.box_size(["".join(fields)], 1)
            width += 2 * self.style.margin * self.style.font / 72 * (len(fields) - 1)
        else:
            width, height = self.style.box_size(fields, len(fields))
        return f"width={width:.3f} height={height:.3f}"

    def record(self, fields):
        """A record label: fields stacked top to bottom in a network, else turned by {…}.

        In LR/RL a record's top-level fields are stacked and {…} puts them side
        by side; in TB/BT the other way round. So {…} always gives a flow
        picture's boxes across the direction of the graph, and a network's
        boxes are stacked whatever the direction.
        """
        joined = "|".join(record_field(field) for field in fields)
        if self.stacked and self.options.rankdir in ("LR", "RL"):
            return joined
        return f"{{{joined}}}"

    def box_id(self, node):
        return self.drawn.ids[node]

    def body(self):
        drawn, options = self.drawn, self.options
        highlight = options.highlight
        highlighted = (drawn.edge_of.get((highlight.node, highlight.position))
                       if highlight is not None else None)
        body = []
        for box in drawn.numbers:
            fields = [box.name, self.number(box.value)]
            body.append(f'  {box.id} [shape=record label="{self.record(fields)}" '
                        f'{self.box_dimensions(fields)} fillcolor="{NUMBER_COLOUR}" '
                        f'color="{NUMBER_EDGE_COLOUR}"]')
        for node in drawn.boxes:
            if self.name_and_data:
                fields = [f"{drawn.names[node]} = {self.number(node.data)}"]
            else:
                fields = [drawn.names[node], f"data {self.number(node.data)}"]
            if options.show_grad:
                fields.append(self.grad_texts.get(node, f"grad {self.number(node.grad)}"))
            colour = (ROOT_COLOUR if node is drawn.root else
                      LEAF_COLOUR if not node.inputs else COMPUTED_COLOUR)
            attrs = (f'shape=record label="{self.record(fields)}" {self.box_dimensions(fields)} '
                     f'fillcolor="{colour}"')
            if highlighted is not None and node is highlighted.source:
                attrs += f' color="{HIGHLIGHT_COLOUR}" penwidth=2.5'
            if self.element_ids is not None:
                attrs += f' id="{self.element_ids}{self.box_id(node)}"'
            body.append(f"  {self.box_id(node)} [{attrs}]")
        for node, operation in drawn.operations.items():
            width, height = self.style.oval_size(operation.label)
            body.append(f'  {operation.id} [{self.style.operation_shape} '
                        f'label="{dot_string(operation.label)}" '
                        f'width={width:.3f} height={height:.3f} fillcolor="{OP_COLOUR}"]')
            body.append(f"  {operation.id} -> {self.box_id(node)}")
            for box in operation.numbers:
                body.append(f'  {box.id} -> {operation.id} [style=dashed '
                            f'color="{NUMBER_EDGE_COLOUR}"]')
            for edge in operation.edges:
                attrs = f'label="{self.number(edge.local)}"'
                if drawn.layers:
                    attrs += " decorate=true"
                if edge is highlighted:
                    attrs += f' color="{HIGHLIGHT_COLOUR}" fontcolor="{HIGHLIGHT_COLOUR}" penwidth=3'
                if self.element_ids is not None:
                    attrs += f' id="{self.element_ids}{edge.id}"'
                body.append(f"  {self.box_id(edge.source)} -> {operation.id} [{attrs}]")
        return body

    def column_order(self):
        """Each column's boxes in one rank, in order (top to bottom).

        Each column gets an invisible anchor whose edges to its boxes must keep
        the order they are written in (``ordering=out``). Flat invisible edges
        between the boxes would say the same, but Graphviz cannot route them
        between two record boxes side by side.
        """
        lines = []
        for k, ids in enumerate(self.drawn.columns()):
            lines.append(f"  {{ rank=same; {'; '.join(ids)} }}")
            if len(ids) > 1:
                lines.append(f"  column{k} [shape=point style=invis width=0 height=0 ordering=out]")
                lines += [f"  column{k} -> {element} [style=invis weight=0]" for element in ids]
        return lines

    def legend_statements(self):
        """A key to every mark the picture uses: one small column of its own, left of the graph.

        Its marks share the first rank and nothing else is in it (``rank=source``),
        so the key stretches no edge of the graph.
        """
        show_grad = self.options.show_grad
        fields = ["leaf: input or weight", "data", self.field] if show_grad else [
            "leaf: input or weight", "data"]
        marks = [
            ("legend_leaf", f'shape=record label="{self.record(fields)}" fillcolor="{LEAF_COLOUR}"'),
            ("legend_computed", f'shape=box label="computed value" fillcolor="{COMPUTED_COLOUR}"'),
            ("legend_root", f'shape=box label="output" fillcolor="{ROOT_COLOUR}"'),
            ("legend_op", f'{self.style.operation_shape} label="operation (• its input)" '
                          f'fillcolor="{OP_COLOUR}"'),
            ("legend_edge", 'shape=plaintext style="" label="──1.5──▶  on an edge: its local '
                            'derivative ∂out/∂in"'),
        ]
        if self.drawn.numbers:
            marks.append(("legend_number", f'shape=record label="{self.record(["x₁", "a number of the sample: no gradient"])}" '
                                           f'fillcolor="{NUMBER_COLOUR}" color="{NUMBER_EDGE_COLOUR}"'))
        if self.step_legend:
            if self.field == "grad":
                step = "this step: input.grad += out.grad · ∂out/∂in"
            else:
                step = f"this step: d(out)/{self.field[len('d/'):]} = Σ ∂out/∂in · d(in)/{self.field[len('d/'):]}"
            marks.append(("legend_step", f'shape=plaintext style="" fontcolor="{HIGHLIGHT_COLOUR}" '
                                         f'label="{dot_string("━━━▶ (and its input boxed in red)  " + step)}"'))
        marks.insert(0, ("legend_title", 'shape=plaintext style="" label="legend" fontsize=11'))
        lines = ["  subgraph legend {",
                 "    rank=source",
                 "    node [fixedsize=false fontsize=10 margin=\"0.06,0.03\" height=0.2]"]
        lines += [f"    {name} [{attributes}]" for name, attributes in marks]
        lines.append("  }")
        # kept in this order, top to bottom, by the order of their edges into an invisible point
        lines.append("  legend_order [shape=point style=invis width=0 height=0 ordering=in]")
        lines += [f"  {name} -> legend_order [style=invis weight=0]" for name, _ in marks]
        return lines


def _attr_list(attrs):
    return " ".join(f"{key}={value}" for key, value in attrs.items())
