"""The layer picture of a network: its matrices, biases, activations and their gradients."""

import re

import pytest

import nn
from autograd_core.examples import NETWORK_2_2_2
from autograd_core.seeing.renderers import available_renderers
from picture_measures import svg_texts

# The notes' 2-2-2 sigmoid network: inputs 0.05, 0.10, targets 0.01, 0.99.
WEIGHTS = NETWORK_2_2_2["weights"]
BIASES = NETWORK_2_2_2["biases"]
X, TARGET = [0.05, 0.10], [0.01, 0.99]


def notes_network():
    return nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")


def table(dot, title):
    """The cells of the table called ``title``, row by row (its record field, then its columns
    ``{{r1c1|r2c1}|{r1c2|r2c2}}``), each text without the no-break spaces that align it."""
    title = title.replace(" ", "\\ ")
    group = re.search(rf'(?:"|\|){re.escape(title)}\|\{{((?:\{{[^{{}}]*\}}\|?)+)\}}', dot).group(1)
    columns = [column.split("|") for column in re.findall(r"\{([^{}]*)\}", group)]
    return [[cell.replace("\u00a0", "") for cell in row] for row in zip(*columns)]


def numbers_in(rows):
    return [float(cell) for row in rows for cell in row]


def test_the_weight_matrix_has_a_row_per_input_and_a_column_per_neuron():
    dot = nn.layers_to_dot(notes_network(), X, TARGET)
    # H_in = X·W: W[i][j] is the weight from input i to neuron j (w1 = 0.15 from i1 to h1, w2 = 0.20 from i2 to h1).
    assert table(dot, "W₁ (2×2)") == [["0.15", "0.25"], ["0.2", "0.3"]]
    assert table(dot, "b₁") == [["0.35", "0.35"]]


def test_the_gradients_are_the_notes_worked_values():
    dot = nn.layers_to_dot(notes_network(), X, TARGET, digits=9)
    # The notes: dE/dw5 = 0.082167041, dE/dw1 = 0.000438568, E_total = 0.298371109.
    dw2 = numbers_in(table(dot, "dE/dW₂"))
    assert dw2[0] == pytest.approx(0.082167041, abs=1e-9)
    dw1 = numbers_in(table(dot, "dE/dW₁"))
    assert dw1[0] == pytest.approx(0.000438568, abs=1e-9)
    assert numbers_in(table(dot, "E")) == [pytest.approx(0.298371109, abs=1e-9)]


def test_the_activation_gradients_are_those_of_the_loss():
    dot = nn.layers_to_dot(notes_network(), X, TARGET, digits=9)
    # dE/dout_o1 = out_o1 − t1 = 0.75136507 − 0.01 (the notes' 0.74136507)
    assert numbers_in(table(dot, "dE/dH₂_out"))[0] == pytest.approx(0.74136507, abs=1e-8)


def test_drawing_leaves_every_parameter_gradient_as_it_was():
    model = notes_network()
    for k, p in enumerate(model.parameters()):
        p.grad = float(k)
    nn.layers_to_dot(model, X, TARGET)
    assert [p.grad for p in model.parameters()] == [float(k) for k in range(len(model.parameters()))]


def test_without_a_target_only_the_forward_pass_is_drawn():
    dot = nn.layers_to_dot(notes_network(), X)
    assert "dE/d" not in dot and "_grads" not in dot
    # out_h1 = σ(0.3775) = 0.593269992
    assert numbers_in(table(dot, "H₁_out = sigmoid(H₁_in)"))[0] == pytest.approx(0.5933, abs=1e-4)


def test_bad_arguments_name_themselves():
    with pytest.raises(TypeError, match=r"layers_to_dot\(model=...\): expected an nn.MLP or nn.Layer"):
        nn.layers_to_dot("model", X)
    with pytest.raises(ValueError, match=r"layers_to_dot\(x=...\): expected 2 numbers, got 3"):
        nn.layers_to_dot(notes_network(), [1, 2, 3])
    with pytest.raises(ValueError, match=r"layers_to_dot\(digits=...\)"):
        nn.layers_to_dot(notes_network(), X, digits=0)


@pytest.mark.parametrize("renderer", ["dot", "wasm"])
def test_the_svg_shows_every_layer_and_the_loss(tmp_path, renderer):
    if renderer not in available_renderers():
        pytest.skip(f"the {renderer!r} renderer is not available here")
    path = tmp_path / "layers.svg"
    svg = nn.render_layers_svg(notes_network(), X, TARGET, path=str(path), renderer=renderer)
    assert path.read_text(encoding="utf-8") == svg
    for text in ("layer 1: 2 → 2, sigmoid", "layer 2: 2 → 2, sigmoid", "loss: sse_loss", "0.2984"):
        assert text in svg


def test_render_layers_svg_refuses_a_png_path(tmp_path):
    with pytest.raises(ValueError, match=r"render_layers_svg\(path=...\): writes SVG"):
        nn.render_layers_svg(notes_network(), X, TARGET, path=str(tmp_path / "layers.png"))


def test_a_layer_picture_with_the_other_extension_points_to_the_layer_function(tmp_path):
    import nn
    model = nn.MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match=r"render_layers_png.*nn\.render_layers_svg\(\.\.\.\) writes SVG"):
        nn.render_layers_png(model, [0.1, 0.2], 1.0, tmp_path / "x.svg")


def test_drawing_never_touches_a_gradient_even_for_a_moment(monkeypatch):
    """Another thread may be training the model: no parameter's grad is set while drawing."""
    from autograd_core import Value

    model = notes_network()
    writes = []
    original = Value.grad.fset

    def watched(node, value):
        writes.append(node)
        original(node, value)

    monkeypatch.setattr(Value, "grad", property(Value.grad.fget, watched))
    nn.layers_to_dot(model, X, TARGET)
    assert not set(map(id, writes)) & set(map(id, model.parameters()))


def test_a_hostile_title_is_text_in_the_layer_picture():
    title = 'say "hi" \\N |x| {w_12} <b>'
    dot = nn.layers_to_dot(notes_network(), X, TARGET, title=title)
    assert 'label="say \\"hi\\" \\\\N |x| {w_12} <b>"' in dot
    if available_renderers():
        assert title in svg_texts(nn.render_layers_svg(notes_network(), X, TARGET, title=title))


# ----------------------------------------------------------------------
# The cells of a table line up in columns, as in a matrix.
# ----------------------------------------------------------------------

def matrix_form_network():
    """The 4-2-3 network of the notes' matrix form, whose numbers differ in length."""
    w1 = [[0.7, 0.4], [-0.8, 0.0], [0.3, -0.4], [0.1, 0.1]]
    w2 = [[0.0, -0.1, 0.2], [0.6, -0.5, 0.5]]
    by_neuron = [[list(column) for column in zip(*w)] for w in (w1, w2)]
    return nn.MLP.from_weights(by_neuron, None, "sigmoid")


def vertical_separators(svg, box):
    """(x, top, bottom) of every vertical line Graphviz draws inside the record ``box``."""
    group = re.search(rf'<title>{box}</title>(.*?)</g>', svg, re.S).group(1)
    lines = []
    for points in re.findall(r'<polyline[^>]*points="([^"]+)"', group):
        (x1, y1), (x2, y2) = [tuple(float(v) for v in p.split(",")) for p in points.split()]
        if abs(x1 - x2) < 0.01:
            lines.append((x1, min(y1, y2), max(y1, y2)))
    return lines


@pytest.mark.parametrize("renderer", ["dot", "wasm"])
def test_each_column_of_a_table_is_one_column_of_cells(renderer):
    """A column boundary is one line from the table's first row to its last (drawn row by
    row, each row had boundaries of its own, wherever its numbers' lengths put them)."""
    if renderer not in available_renderers():
        pytest.skip(f"the {renderer!r} renderer is not available here")
    svg = nn.render_layers_svg(matrix_form_network(), [4.9, 3.0, 1.4, 0.2], [1, 0, 0],
                               renderer=renderer)
    # Layer 1: W₁ (4 rows), H₁_in and H₁_out, 2 columns; layer 2: W₂, H₂_in, H₂_out, 3 columns.
    for box, tables, columns in (("L1_values", 3, 2), ("L1_grads", 3, 2),
                                 ("L2_values", 3, 3), ("L2_grads", 3, 3)):
        assert len(vertical_separators(svg, box)) == tables * (columns - 1), box
    tallest = max(bottom - top for _, top, bottom in vertical_separators(svg, "L1_values"))
    shortest = min(bottom - top for _, top, bottom in vertical_separators(svg, "L1_values"))
    assert tallest == pytest.approx(4 * shortest, rel=0.05)           # W₁'s 4 rows, at once


def test_the_tables_of_a_layer_share_their_columns_with_graphviz_dot():
    """Column j is neuron j in W, b, H_in and H_out alike: one boundary for all of them."""
    if "dot" not in available_renderers():
        pytest.skip("Graphviz's `dot` executable is not on PATH")
    for model, x, target in ((matrix_form_network(), [4.9, 3.0, 1.4, 0.2], [1, 0, 0]),
                             (notes_network(), X, TARGET)):
        svg = nn.render_layers_svg(model, x, target, renderer="dot")
        for number, layer in enumerate(model.layers, start=1):
            for box in (f"L{number}_values", f"L{number}_grads"):
                xs = {round(x, 1) for x, _, _ in vertical_separators(svg, box)}
                assert len(xs) == layer.nout - 1, (box, xs)


def test_numbers_are_padded_only_with_no_break_spaces():
    dot = nn.layers_to_dot(matrix_form_network(), [4.9, 3.0, 1.4, 0.2], [1, 0, 0])
    assert table(dot, "W₁ (4×2)") == [["0.7", "0.4"], ["-0.8", "0"], ["0.3", "-0.4"],
                                      ["0.1", "0.1"]]
    assert "\u00a0\u00a0\u00a00.7|" in dot           # right-aligned under 0.8131


@pytest.mark.parametrize("renderer", ["dot", "wasm"])
def test_the_2_2_2_png_is_as_large_as_its_tables(renderer):
    """At scale 2 the notes' network in matrix form is about 2,600 × 650 pixels (it was once
    drawn 14,190 pixels wide); a bound, not a size, as renderers differ by a few percent."""
    if renderer not in available_renderers():
        pytest.skip(f"the {renderer!r} renderer is not available here")
    pytest.importorskip("resvg_py")
    png = nn.render_layers_png(notes_network(), X, TARGET, renderer=renderer)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 2_000 < width < 3_500 and 500 < height < 900


@pytest.mark.parametrize("renderer", ["dot", "wasm"])
def test_a_64_wide_layer_shows_its_first_and_last_rows_and_columns(renderer):
    """The layer view is what a network too big to draw node by node is sent to: a 2-64-64-1
    MLP's 64×64 matrix (4,096 numbers, over Graphviz's 16 KB for a label) is summarized."""
    from autograd_core.core.notation import format_number

    model = nn.MLP(2, [64, 64, 1], seed=0)
    dot = nn.layers_to_dot(model, [0.5, -1.0], [1.0])
    w = [[format_number(n.w[i].data, 4) for n in model.layers[1].neurons] for i in range(64)]
    shown = table(dot, "W₂ (64×64)")
    assert len(shown) == 9 and all(len(row) == 9 for row in shown)
    for k, i in enumerate([0, 1, 2, 3, None, 60, 61, 62, 63]):
        if i is None:
            assert shown[k] == [":"] * 4 + ["·"] + [":"] * 4
        else:
            assert shown[k] == w[i][:4] + ["⋯"] + w[i][-4:]
    b = [format_number(n.b.data, 4) for n in model.layers[1].neurons]
    assert table(dot, "b₂") == [b[:4] + ["⋯"] + b[-4:]]
    if renderer not in available_renderers():
        pytest.skip(f"the {renderer!r} renderer is not available here")
    svg = nn.render_layers_svg(model, [0.5, -1.0], [1.0], renderer=renderer)
    assert "W₂ (64×64)" in svg_texts(svg)
