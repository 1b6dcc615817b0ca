"""A network drawn layer by layer in the notes' matrix form, for models too big to draw node by node.

One box per layer holds, as small tables, what the notes write for it:

    H_in  = X · W + b        (W[i][j]: from input i to neuron j, one column per neuron)
    H_out = f(H_in)

with the weight matrix W, the biases b, the net inputs H_in and the
activations H_out, each beside its gradient dE/dW, dE/db, dE/dH_in,
dE/dH_out, for one sample ``x`` and its ``target``. The input X comes
first and the loss E last, left to right as in the notes' figures.

    >>> import nn
    >>> model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", seed=0)
    >>> dot = nn.layers_to_dot(model, [0.05, 0.10], target=[0.01, 0.99])
    >>> "dE/dW₁" in dot and "sigmoid(H₂_in)" in dot
    True

A table of more than ``MAX_SHOWN`` rows or columns shows its first and last
``EDGE_ITEMS``, with ``:`` and ``⋯`` between, as numpy prints a large array.

``render_layers_svg`` and ``render_layers_png`` draw it.

Drawing changes nothing: the gradients are computed on a graph of their own,
by a pass into a dict (``autograd_core.core.gradients``), and no ``grad`` is
touched, not even for a moment (another thread may be training the model).
Every title and heading is escaped by ``autograd_core.seeing.escape``.
"""

import numbers

from autograd_core import Value
from autograd_core.core import gradients
from autograd_core.core.notation import format_number
from autograd_core.files import write_atomically
from autograd_core.seeing.escape import dot_string, record_field
from autograd_core.seeing.options import check_title_length
from autograd_core.seeing.pictures import checked_picture_path
from autograd_core.seeing.renderers import render_dot

from .losses import sse_loss
from .module import MLP, Layer

LAYER_COLOUR = "#f4f8ff"
HEADER_COLOUR = "#dde8f7"
GRAD_COLOUR = "#fff4e0"
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def layers_to_dot(model, x, target=None, loss=None, digits=4, title=None):
    """The layer picture of ``model`` on the sample ``x`` as DOT text.

    Args:
        model: an ``MLP`` or a ``Layer``.
        x: one sample, a list of ``model.nin`` numbers.
        target: the sample's target; with it, the loss E and every gradient
            are drawn. Without it, the forward pass only.
        loss: ``loss(outputs, target)``, a ``Value``; the notes' E = ½ Σ (t − o)²
            (``sse_loss``) by default.
        digits: significant digits of the numbers (1 to 17).
        title: a caption above the picture.

    Returns:
        str: the DOT text; the model's gradients are left as they were.

    Raises:
        TypeError: a ``model`` that is not an ``MLP`` or ``Layer``, or a ``loss``
            that is not callable.
        ValueError: a sample of the wrong length, or ``digits`` outside 1 to 17.

    Examples:
        >>> import nn
        >>> model = nn.MLP(2, [2, 1], seed=0)
        >>> dot = layers_to_dot(model, [0.05, 0.10], target=[0.01])
        >>> dot.startswith("digraph layers"), all(p.grad == 0.0 for p in model.parameters())
        (True, True)
    """
    where = "layers_to_dot"
    layers = _layers_of(model, where)
    x = _sample(x, layers[0].nin, where)
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or not 1 <= digits <= 17:
        raise ValueError(f"{where}(digits=...): expected an int from 1 to 17, got {digits!r}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"{where}(title=...): expected a str or None, got {type(title).__name__}: {title!r}")
    check_title_length(title, where)
    loss = sse_loss if loss is None else loss
    if not callable(loss):
        raise TypeError(f"{where}(loss=...): expected a loss function such as nn.sse_loss, "
                        f"got {type(loss).__name__}: {loss!r}")

    def number(v):
        return format_number(v, digits)

    inputs = [Value(v, label=f"x{i}") for i, v in enumerate(x)]
    passes = [(values.nets, values.outs) for values in model.forward_layers(inputs)]
    error, param_grads, value_grads = None, {}, {}
    if target is not None:
        outputs = passes[-1][1]
        targets = list(target) if isinstance(target, (list, tuple)) else [target]
        error = loss(outputs, targets)
        if not isinstance(error, Value):
            raise TypeError(f"{where}(loss=...): the loss must return a Value, "
                            f"got {type(error).__name__}")
        grads = gradients(error)
        param_grads = {id(p): grads.get(p, 0.0) for layer in layers for p in layer.parameters()}
        value_grads = {id(v): grads.get(v, 0.0) for nets, outs in passes for v in nets + outs}

    lines = ["digraph layers {",
             '  graph [rankdir=LR fontname="Courier" nodesep=0.15 ranksep=0.35 compound=true'
             + (f' label="{dot_string(title, keep_newlines=True)}" labelloc=t fontsize=16'
                if title else "") + "]",
             '  node [shape=record style=filled fontname="Courier" fontsize=11]',
             '  edge [fontname="Courier" fontsize=11 arrowsize=0.7]']
    lines += _cluster("X", "input", [_table("X", _summarized([[number(v.data) for v in inputs]]))],
                      [])
    previous, previous_cluster = "X_values", "X"
    for l, (layer, (nets, outs)) in enumerate(zip(layers, passes), start=1):
        values, grad_tables = _layer_tables(l, layer, nets, outs, number, param_grads, value_grads)
        lines += _cluster(f"L{l}", f"layer {l}: {layer.nin} → {layer.nout}, {layer.activation}",
                          values, grad_tables)
        lines.append(f"  {previous} -> L{l}_values "
                     f"[ltail=cluster_{previous_cluster} lhead=cluster_L{l}]")
        previous = f"L{l}_grads" if grad_tables else f"L{l}_values"
        previous_cluster = f"L{l}"
    if error is not None:
        name = getattr(loss, "__name__", "loss")
        lines += _cluster("E", f"loss: {name}", [_table("E", [[number(error.data)]])], [])
        lines.append(f"  {previous} -> E_values [ltail=cluster_{previous_cluster} lhead=cluster_E]")
    lines.append("}")
    return "\n".join(lines) + "\n"


_LAYER_WRITERS = {".svg": "nn.render_layers_svg", ".png": "nn.render_layers_png"}


def render_layers_svg(model, x, target=None, path=None, renderer=None, **options):
    """The layer picture as SVG text, also written to ``path`` (``.svg``) when given.

    Returns:
        str: the SVG text.

    Raises:
        ValueError: a ``path`` not ending in ``.svg``, or what ``layers_to_dot`` refuses.
        RendererNotFoundError: no Graphviz renderer on this machine.

    Examples:
        >>> import nn
        >>> render_layers_svg(nn.MLP(2, [1], seed=0), [1.0, 2.0]).count("<svg")
        1
    """
    if path is not None:
        path = checked_picture_path(path, ".svg", "render_layers_svg", _LAYER_WRITERS)
    svg = render_dot(layers_to_dot(model, x, target, **options), renderer=renderer)
    if path is not None:
        write_atomically(path, svg, "render_layers_svg")
    return svg


def render_layers_png(model, x, target=None, path=None, scale=2, renderer=None, **options):
    """The layer picture as PNG bytes, also written to ``path`` (``.png``) when given.

    Returns:
        bytes: the PNG file's bytes.

    Raises:
        ValueError: a ``path`` not ending in ``.png``, or what ``layers_to_dot`` refuses.
        ImportError: without the rasterizer (the ``render`` extra).

    Examples:
        >>> import nn
        >>> render_layers_png(nn.MLP(2, [1], seed=0), [1.0, 2.0])[:4]
        b'\x89PNG'
    """
    from autograd_core.seeing.raster import svg_to_png

    if path is not None:
        path = checked_picture_path(path, ".png", "render_layers_png", _LAYER_WRITERS)
    png = svg_to_png(render_layers_svg(model, x, target, renderer=renderer, **options), scale,
                     "render_layers_png")
    if path is not None:
        write_atomically(path, png, "render_layers_png")
    return png


# ----------------------------------------------------------------------
# The numbers: a forward pass of our own, and the gradients without side effects.
# ----------------------------------------------------------------------

def _layers_of(model, where):
    if isinstance(model, MLP):
        return model.layers
    if isinstance(model, Layer):
        return [model]
    raise TypeError(f"{where}(model=...): expected an nn.MLP or nn.Layer, "
                    f"got {type(model).__name__}: {model!r}")


def _sample(x, nin, where):
    if not isinstance(x, (list, tuple)):
        raise TypeError(f"{where}(x=...): expected a list of {nin} numbers, got {type(x).__name__}: {x!r}")
    if len(x) != nin:
        raise ValueError(f"{where}(x=...): expected {nin} numbers, got {len(x)}")
    for i, v in enumerate(x):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{where}(x=...): x[{i}] must be a number, got {type(v).__name__}: {v!r}")
    return [float(v) for v in x]


# ----------------------------------------------------------------------
# The tables: Graphviz records, which every renderer draws (the in-process
# one has no HTML-like labels). In a left-to-right graph a record's fields
# stack top to bottom and each {…} turns them sideways. A table is its title
# over its columns side by side, each column its cells stacked: every cell
# of a column is then exactly as wide as the column, whatever the width of
# its text, and every row as high as a line, so the cells line up as in a
# matrix. (A table written row by row, each row sideways, sizes each row's
# cells to that row's texts: the columns zigzag.)
# ----------------------------------------------------------------------

def _table(title, rows, widths=None):
    """A record label: ``title`` above ``rows`` (lists of texts), one cell per number.

    Written column by column: ``title|{{r1c1|r2c1}|{r1c2|r2c2}}``. With
    ``widths`` (characters per column), each text is right-aligned in that
    many characters by no-break spaces (which Graphviz keeps and measures
    as a digit): the tables stacked in one record then share their columns.
    """
    def cell(text, j):
        padding = _PAD * (widths[j] - len(text)) if widths else ""
        return record_field(padding + text)

    columns = ["{" + "|".join(cell(row[j], j) for row in rows) + "}" for j in range(len(rows[0]))]
    return record_field(title) + "|{" + "|".join(columns) + "}"


def _column_widths(tables):
    """The length of the longest text in each column of ``tables`` (each a list of rows)."""
    widths = [0] * max(len(rows[0]) for rows in tables)
    for rows in tables:
        for row in rows:
            for j, text in enumerate(row):
                widths[j] = max(widths[j], len(text))
    return widths


#: A table of more rows (or columns) than this shows its first and last ``EDGE_ITEMS``,
#: with : (or ⋯) between, as numpy prints a large array: a 64×64 matrix is not read
#: number by number, and Graphviz refuses a label of its 4,096 numbers (over 16 KB).
MAX_SHOWN = 10
EDGE_ITEMS = 4


def _summarized(rows):
    """``rows`` of texts, the middle rows and columns of a large table left out (:, ⋯, ·)."""
    if len(rows) > MAX_SHOWN:
        rows = rows[:EDGE_ITEMS] + [[":"] * len(rows[0])] + rows[-EDGE_ITEMS:]
    if len(rows[0]) > MAX_SHOWN:
        rows = [row[:EDGE_ITEMS] + ["·" if row[0] == ":" else "⋯"] + row[-EDGE_ITEMS:]
                for row in rows]
    return rows


#: Pads a number on its left: a no-break space, as wide as a digit in a monospace font.
_PAD = "\u00a0"


def _cluster(name, heading, values, grad_tables):
    """One box: the value tables stacked in one record, their gradients in another beside it.

    One record per column, rather than a node per table, keeps the layout to
    plain ranks, which every Graphviz version lays out the same way.
    """
    lines = [f"  subgraph cluster_{name} {{",
             f'    label="{dot_string(heading)}" style="rounded,filled" fillcolor="{LAYER_COLOUR}" '
             f'color="#7a8ca8" fontsize=12',
             f'    {name}_values [label="{"|".join(values)}" fillcolor="white"]']
    if grad_tables:
        lines.append(f'    {name}_grads [label="{"|".join(grad_tables)}" fillcolor="{GRAD_COLOUR}"]')
        lines.append(f"    {name}_values -> {name}_grads [style=invis]")
    lines.append("  }")
    return lines


def _layer_tables(l, layer, nets, outs, number, param_grads, value_grads):
    """The tables of W, b, H_in and H_out of layer ``l``, and of their gradients (or [])."""
    k = str(l).translate(SUBSCRIPTS)
    weights = [[n.w[i] for n in layer.neurons] for i in range(layer.nin)]
    biases = [n.b for n in layer.neurons] if layer.has_bias else None

    def param_grad(p):
        return number(param_grads[id(p)])

    def value_grad(v):
        return number(value_grads[id(v)])

    def texts(cells, show):
        return _summarized([[show(c) for c in row] for row in cells])

    def tables(titles, all_texts):
        widths = _column_widths(all_texts)
        return [_table(title, rows, widths) for title, rows in zip(titles, all_texts)]

    h_in = f"H{k}_in = X·W{k}" + (f" + b{k}" if biases else "")
    if l > 1:
        h_in = h_in.replace("X·", f"H{str(l - 1).translate(SUBSCRIPTS)}_out·")
    quantities = [
        (f"W{k} ({layer.nin}×{layer.nout})", f"dE/dW{k}", weights, param_grad),
        (f"b{k}", f"dE/db{k}", [biases] if biases else None, param_grad),
        (h_in, f"dE/dH{k}_in", [nets], value_grad),
        (f"H{k}_out = {layer.activation}(H{k}_in)", f"dE/dH{k}_out", [outs], value_grad),
    ]
    quantities = [q for q in quantities if q[2]]
    values = tables([title for title, _, _, _ in quantities],
                    [texts(cells, lambda v: number(v.data)) for _, _, cells, _ in quantities])
    if not param_grads:
        return values, []
    gradients = tables([grad_title for _, grad_title, _, _ in quantities],
                       [texts(cells, show) for _, _, cells, show in quantities])
    return values, gradients
