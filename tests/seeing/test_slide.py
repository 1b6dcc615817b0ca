"""slide=True: a picture a lecture hall can read, 16:9, its smallest text measured on a 1080p slide."""

import io
import re

import pytest

import nn
from autograd_core import render_png, render_svg, to_dot, topological_order
from autograd_core.core.notation import format_number
from autograd_core.examples import network_2_2_2
from docs.graph_pictures import mlp_2_4_4_1       # the README's 2-4-4-1 MLP and its squared error
from picture_measures import (box_named, node_centres, record_fields, smallest_text_at_1080p,
                              svg_size, svg_texts)


def test_the_2_2_2_network_with_its_loss_has_text_of_20_pixels_on_a_1080p_slide(renderer):
    svg = render_svg(network_2_2_2()["E"], renderer=renderer, slide=True)
    assert smallest_text_at_1080p(svg) >= 20


def test_a_2_4_4_1_mlp_in_the_notes_names_has_text_of_14_pixels_on_a_1080p_slide(renderer):
    svg = render_svg(mlp_2_4_4_1(), renderer=renderer, slide=True, names=nn.notes_name)
    assert smallest_text_at_1080p(svg) >= 14


def test_a_page_picture_of_the_same_network_is_far_smaller_on_a_slide(renderer):
    """The measure itself: the picture for a page (legend, every node) would be unreadable."""
    page = smallest_text_at_1080p(render_svg(network_2_2_2()["E"], renderer=renderer))
    slide = smallest_text_at_1080p(render_svg(network_2_2_2()["E"], renderer=renderer, slide=True))
    assert page < 10 < 20 <= slide


def test_a_slide_is_exactly_16_by_9_and_declares_half_of_1080p(any_renderer):
    for root in (network_2_2_2()["E"], mlp_2_4_4_1()):
        width, height, (_, _, w, h) = svg_size(render_svg(root, renderer=any_renderer, slide=True))
        assert (width, height) == (960, 540)
        assert w / h == pytest.approx(16 / 9, rel=1e-3)


def test_a_slide_png_is_1920_by_1080(any_renderer):
    Image = pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    png = render_png(network_2_2_2()["E"], renderer=any_renderer, slide=True)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)


def test_a_slide_has_no_legend_unless_asked():
    root = network_2_2_2()["E"]
    assert "subgraph legend" not in to_dot(root, slide=True)
    assert "subgraph legend" in to_dot(root, slide=True, legend=True)


def test_on_a_slide_each_neuron_is_one_operation_and_each_squared_error_one_operation():
    net = network_2_2_2()
    dot = to_dot(net["E"], slide=True)
    labels = re.findall(r'op_\w+ \[shape=box style="rounded,filled" label="([^"]*)"', dot)
    assert sorted(labels) == sorted(["σ(Σw·x+b)"] * 4 + ["0.5·(0.01 − •)²", "0.5·(0.99 − •)²", "+"])
    names = [fields[0] for fields in record_fields(dot).values()]
    assert "net_h1" not in names and "v1" not in names and "out_o1" in names and "E_o1" in names


def test_the_folded_loss_edge_carries_the_product_of_its_local_derivatives():
    """E_o1 = 0.5·(0.01 − out_o1)²: ∂E_o1/∂out_o1 = 0.5 · 2(0.01 − out_o1) · (−1) = out_o1 − 0.01."""
    net = network_2_2_2()
    dot = to_dot(net["E"], slide=True)
    label = re.search(rf'{box_named(dot, "out_o1")} -> op_\w+ \[label="([^"]*)"', dot).group(1)
    assert label == format_number(net["out_o1"].data - 0.01, 4) == "0.7414"


def test_a_slide_draws_the_sample_and_keeps_neurons_and_weights_in_order(any_renderer):
    net = network_2_2_2()
    dot = to_dot(net["E"], slide=True)
    svg = render_svg(net["E"], renderer=any_renderer, slide=True)
    assert {"x₁", "x₂", "0.05", "0.1"} <= set(svg_texts(svg))
    centre = node_centres(svg)

    def y(name):
        return centre[box_named(dot, name)][1]

    assert y("w1") < y("w2") < y("w3") < y("w4") and y("w5") < y("w6") < y("w7") < y("w8")
    assert y("out_h1") < y("out_h2") and y("out_o1") < y("out_o2") and y("E_o1") < y("E_o2")


def test_the_notes_names_of_an_nn_model_are_an_option_and_fold_its_loss():
    dot = to_dot(mlp_2_4_4_1(), slide=True, names=nn.notes_name)
    names = [fields[0].split(" = ")[0] for fields in record_fields(dot).values()]
    assert {"w⁽¹⁾₁₁", "w⁽¹⁾₁₂", "b⁽¹⁾₁", "w⁽²⁾₄₄", "w⁽³⁾₁₄", "b⁽³⁾₁", "E", "ŷ"} <= set(names)
    assert not any(name.startswith("L0.") or name.startswith("loss") for name in names)
    labels = re.findall(r'op_\w+ \[shape=box style="rounded,filled" label="([^"]*)"', dot)
    assert "0.5·(• − 1)²" in labels               # ½ Σ (ŷ − t)² of one output: one operation


def test_labels_are_unchanged_by_the_names_shown():
    loss = mlp_2_4_4_1()
    labels = [node.label for node in topological_order(loss)]
    to_dot(loss, slide=True, names=nn.notes_name)
    assert [node.label for node in topological_order(loss)] == labels


def test_the_chain_rule_example_fills_a_slide_with_every_value_kept(any_renderer):
    """Boxes of two rows (x = 2 / grad 24) make a short chain's text half again as large as
    boxes of one row (x | data 2 | grad 24), which left two thirds of the slide empty."""
    from autograd_core.examples import chain_rule_example

    x, y, z = chain_rule_example()
    z.backward()
    svg = render_svg(z, renderer=any_renderer, slide=True)
    assert smallest_text_at_1080p(svg) >= 45
    texts = svg_texts(svg)
    for box in ("x = 2", "v1 = 6", "y = 4", "z = 16", "grad 24", "grad 8", "grad 1"):
        assert box in texts
    assert {"3·•", "• − 2", "•²"} <= set(texts)          # every operation its own oval
