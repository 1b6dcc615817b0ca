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
    """The rows of the table called ``title``: from its title field to the next title."""
    title = title.replace(" ", "\\ ")
    fields = re.search(rf'(?:"|\|){re.escape(title)}((?:\|\{{[^}}]*\}})+)', dot).group(1)
    return fields


def numbers_in(record):
    return [float(t) for t in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.])", record)]


def test_the_weight_matrix_has_a_row_per_input_and_a_column_per_neuron():
    dot = nn.layers_to_dot(notes_network(), X, TARGET)
    # H_in = X·W: W[i][j] is the weight from input i to neuron j (w1 = 0.15 from i1 to h1, w2 = 0.20 from i2 to h1).
    assert r'"W₁\ (2×2)|{0.15|0.25}|{0.2|0.3}|b₁|' in dot


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
