"""The step players: one self-contained page that steps through a pass, changing nothing."""

import html
import json
import os
import re

import pytest

from autograd_core import Value, backward_player, backward_steps, forward_player, forward_steps
from autograd_core.examples import chain_rule_example, network_2_2_2
from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import available_renderers

if not available_renderers():
    pytest.skip("no Graphviz renderer is installed", allow_module_level=True)


def page_data(page):
    """The steps' data the page's script reads."""
    text = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S).group(1)
    return json.loads(text)


def test_unfolded_the_page_holds_every_step_in_the_words_of_backward_steps():
    stepped, reference = network_2_2_2(), network_2_2_2()
    expected = [str(step) for step in backward_steps(reference["E"])]
    data = page_data(backward_player(stepped["E"], slide=False).html)
    assert [step["text"] for step in data["steps"]] == expected


def test_on_a_slide_the_loss_is_one_operation_and_its_step_is_the_notes_dE_dout():
    net = network_2_2_2()
    data = page_data(backward_player(net["E"]).html)
    texts = [step["text"] for step in data["steps"]]
    # E_o1 = ½(0.01 − out_o1)²: dE/dout_o1 = out_o1 − 0.01 = 0.74136507 in the notes
    assert "dE/dout_o1 += dE/dE_o1 · ∂E_o1/∂out_o1 = 1 · 0.741365 = 0.741365" in texts
    assert not any("v1" in text or "v2" in text for text in texts)
    # every other step is the engine's own, in its order
    reference = [str(step) for step in backward_steps(network_2_2_2()["E"])
                 if not ({step.node_name, step.input_name} & {"v1", "v2", "v3", "v4"})]
    folded = [t for t in texts if "∂E_o1/∂out_o1" in t or "∂E_o2/∂out_o2" in t]
    assert [t for t in texts if t not in folded] == reference
    assert len(texts) == len(reference) + 2


def test_the_page_holds_each_gradient_as_it_stands_after_its_step():
    x, y, z = chain_rule_example()
    data = page_data(backward_player(z).html)
    # dz/dy = 2y = 8, dz/dv1 = 8 · 1 = 8, dz/dx = 8 · 3 = 24
    assert [step["value"] for step in data["steps"]] == ["grad 8", "grad 8", "grad 24"]
    assert data["seed"]["value"] == "grad 1"
    assert data["nodes"][data["seed"]["node"]] == "ag_n" + str(len(data["nodes"]) - 1)


def test_every_step_names_an_edge_and_a_box_drawn_in_the_svg():
    net = network_2_2_2()
    page = backward_player(net["E"]).html
    data = page_data(page)
    svg_ids = set(re.findall(r'<g id="([^"]+)"', page))
    assert {edge for step in data["steps"] for edge in step["edges"]} <= svg_ids
    assert set(data["nodes"]) <= svg_ids
    assert len({tuple(step["edges"]) for step in data["steps"]}) == len(data["steps"])


def test_making_the_player_changes_no_gradient():
    net = network_2_2_2()
    backward_player(net["E"])
    assert all(node.grad == 0.0 for node in net.values())
    net["E"].backward()
    after_backward = {name: node.grad for name, node in net.items()}
    backward_player(net["E"])
    backward_player(net["E"], collapse_neurons=True)
    assert {name: node.grad for name, node in net.items()} == after_backward


def test_a_graph_after_backward_gives_the_same_page_as_a_fresh_one():
    fresh, used = network_2_2_2(), network_2_2_2()
    used["E"].backward()
    used["E"].backward()          # the leaves' gradients now doubled
    assert backward_player(used["E"]).html == backward_player(fresh["E"]).html


def test_the_page_fetches_nothing():
    x, y, z = chain_rule_example()
    page = backward_player(z).html
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "@import" not in page and "url(" not in page
    assert "<script src" not in page


def test_a_label_cannot_close_the_script_element():
    x, y, z = chain_rule_example()
    x.label = "</script><script>alert(1)</script>"
    page = backward_player(z).html
    assert page.count("</script>") == 2
    assert "</script><script>alert(1)" not in page


def test_save_writes_the_page_and_refuses_another_extension(tmp_path):
    x, y, z = chain_rule_example()
    player = backward_player(z)
    path = player.save(str(tmp_path / "backward.html"))
    assert open(path, encoding="utf-8").read() == player.html
    with pytest.raises(ValueError, match=r"StepPlayer.save\(path=...\): writes HTML.*'\.html'"):
        player.save(str(tmp_path / "backward.png"))


def test_in_a_notebook_the_player_shows_the_page_in_a_frame_of_its_own():
    x, y, z = chain_rule_example()
    player = backward_player(z)
    shown = player._repr_html_()
    assert shown.startswith("<iframe srcdoc=")
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown).group(1)
    assert html.unescape(srcdoc) == player.html


def test_collapsed_neurons_show_each_weights_step_on_the_neurons_edge():
    net = network_2_2_2()
    data = page_data(backward_player(net["E"], collapse_neurons=True).html)
    texts = [step["text"] for step in data["steps"]]
    # ∂out_o1/∂w5 = σ'(net_o1) · out_h1, the product of the two local derivatives
    w5 = [t for t in texts if t.startswith("dE/dw5 +=")]
    assert len(w5) == 1 and "∂out_o1/∂w5" in w5[0]
    expected = next(s for s in backward_steps(network_2_2_2()["E"]) if s.input_name == "w5")
    assert w5[0].endswith(f"= {expected.contribution:.6g}")
    assert not any("net_" in t for t in texts)


def test_a_failed_drawing_changes_nothing(monkeypatch):
    from autograd_core.seeing import layout

    x, y, z = chain_rule_example()
    x.grad = 2.0

    def failing(dot, renderer=None):
        raise renderers.RenderError("Graphviz could not render the graph: out of memory")

    monkeypatch.setattr(layout, "render_dot", failing)
    with pytest.raises(renderers.RenderError):
        backward_player(z)
    assert (x.grad, y.grad, z.grad) == (2.0, 0.0, 0.0)


# ----------------------------------------------------------------------
# The forward pass, step by step
# ----------------------------------------------------------------------

def square_plus():
    """f = x·x + x at x = 3: df/dx = 2x + 1 = 7, with two edges from x into each node."""
    x = Value(3.0, label="x")
    square = x * x
    square.label = "s"
    f = square + x
    f.label = "f"
    return x, square, f


def test_the_forward_page_holds_every_step_in_the_words_of_forward_steps():
    x, square, f = square_plus()
    expected = [str(step) for step in forward_steps(f, x)]
    data = page_data(forward_player(f, x).html)
    assert [step["text"] for step in data["steps"]] == expected
    # ds/dx = 3 · 1 + 3 · 1 = 6, df/dx = 1 · 6 + 1 · 1 = 7
    assert [step["value"] for step in data["steps"]] == ["d/dx 6", "d/dx 7"]
    assert data["seed"]["value"] == "d/dx 1"


def test_a_forward_step_highlights_every_edge_from_an_input_that_depends_on_wrt():
    x, square, f = square_plus()
    data = page_data(forward_player(f, x).html)
    assert [len(step["edges"]) for step in data["steps"]] == [2, 2]


def test_the_forward_page_changes_no_gradient():
    x, square, f = square_plus()
    forward_player(f, x)
    assert (x.grad, square.grad, f.grad) == (0.0, 0.0, 0.0)


def test_the_forward_legend_explains_its_field_and_its_red_edges():
    x, square, f = square_plus()
    page = forward_player(f, x, slide=False).html
    assert "this step: d(out)/dx = Σ ∂out/∂in · d(in)/dx" in html.unescape(page)


def test_the_forward_page_draws_every_node():
    net = network_2_2_2()
    with pytest.raises(ValueError, match="forward_player: collapse_neurons=True would hide"):
        forward_player(net["E"], net["w1"], collapse_neurons=True)
    data = page_data(forward_player(net["E"], net["w1"]).html)
    assert len(data["nodes"]) == len(net) + 4          # the v1 … v4 of the two squared errors


def x_times_four_y():
    """z = x · w with w = 4y: w and y do not depend on x, and have a grad after backward()."""
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    w = y * 4
    w.label = "w"
    z = x * w
    z.label = "z"
    z.backward()
    return x, y, w, z


def svg_texts_of(page):
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", page[page.index("<svg"):])]


def test_the_forward_page_shows_no_grad_of_the_nodes_its_pass_never_reaches():
    """y and w do not depend on x: the page has no d/dx for them, and never their .grad (8, 2)."""
    x, y, w, z = x_times_four_y()
    texts = svg_texts_of(forward_player(z, x).html)
    assert not [text for text in texts if text.startswith("grad")]
    assert sorted(text for text in texts if text.startswith("d/dx")) == ["d/dx 1", "d/dx 12"]
    assert (y.grad, w.grad) == (8.0, 2.0)


# ----------------------------------------------------------------------
# In a real browser: headless Chromium driven by selenium (fixtures in conftest)
# ----------------------------------------------------------------------

def shown_state(driver):
    from selenium.webdriver.common.by import By

    highlighted = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.edge.current')).map(g => g.id)")
    grads = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.node text'))"
        ".map(t => t.textContent).filter(t => t.startsWith('grad '))")
    return driver.find_element(By.ID, "step-text").text, highlighted, grads


def severe_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_in_a_browser_the_arrow_key_steps_on_and_back(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    x, y, z = chain_rule_example()
    reference = [str(step) for step in backward_steps(chain_rule_example()[2])]
    path = backward_player(z).save(str(tmp_path / "backward.html"))
    browser.get("file://" + os.path.abspath(path))
    data = page_data(open(path, encoding="utf-8").read())

    text0, edges0, grads0 = shown_state(browser)
    assert edges0 == [] and grads0 == []          # the forward pass: no gradient yet
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_RIGHT)
    text1, edges1, grads1 = shown_state(browser)
    assert text1 == reference[0] != text0
    assert edges1 == data["steps"][0]["edges"]
    assert sorted(grads1) == ["grad 1", "grad 8"]   # z seeded, y reached; v1 and x not yet
    body.send_keys(Keys.ARROW_RIGHT)
    text2, edges2, _ = shown_state(browser)
    assert text2 == reference[1]
    assert edges2 == data["steps"][1]["edges"] != edges1
    body.send_keys(Keys.ARROW_LEFT)
    assert shown_state(browser)[:2] == (text1, edges1)
    browser.find_element(By.ID, "last").click()
    text_last, _, grads_last = shown_state(browser)
    assert text_last == reference[-1]
    assert sorted(grads_last) == sorted(["grad 24", "grad 8", "grad 8", "grad 1"])
    assert severe_errors(browser) == []


MEASURE_TEXTS = """
var graph = document.getElementById('graph'), svg = graph.querySelector('svg');
var box = graph.getBoundingClientRect();
var sizes = [], heights = [];
document.querySelectorAll('#graph g.node text').forEach(function (t) {
  if (!t.textContent) { return; }
  var rect = t.getBoundingClientRect();
  sizes.push(parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a);
  heights.push(rect.height);
});
var drawing = svg.querySelector('g.graph').getBoundingClientRect();
return {sizes: sizes, heights: heights,
        graph: [box.width, box.height], drawing: [drawing.width, drawing.height],
        window: [window.innerWidth, window.innerHeight],
        page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        step: parseFloat(getComputedStyle(document.getElementById('step-text')).fontSize)};
"""


def test_on_a_projector_the_2_2_2_network_fills_the_window_with_text_of_13_pixels(
        projector, tmp_path):
    from selenium.webdriver.common.by import By

    net = network_2_2_2()
    path = backward_player(net["E"]).save(str(tmp_path / "network.html"))
    projector.get("file://" + os.path.abspath(path))
    projector.find_element(By.ID, "last").click()       # every box shows its number
    shown = projector.execute_script(MEASURE_TEXTS)
    assert shown["window"] == [1920, 1080]
    # the smallest node text on screen, from its font size and from its rendered box
    assert min(shown["sizes"]) >= 13
    assert min(shown["heights"]) >= 13
    # the drawing fills the graph's area across or down, and the page needs no scrolling
    drawing, area = shown["drawing"], shown["graph"]
    assert drawing[0] >= 0.93 * area[0] or drawing[1] >= 0.93 * area[1]
    assert area[1] >= 0.8 * 1080
    assert shown["page"][1] <= 1080 and shown["page"][0] <= 1920
    assert shown["step"] >= 20                            # the step's sentence reads from the back
    assert severe_errors(projector) == []


def test_a_bigger_graph_zooms_around_the_pointer_and_fits_again(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By

    def view():
        return [float(v) for v in browser.execute_script(
            "return document.querySelector('#graph svg').getAttribute('viewBox')").split()]

    net = network_2_2_2()
    path = backward_player(net["E"], collapse_neurons=False).save(str(tmp_path / "network.html"))
    browser.get("file://" + os.path.abspath(path))
    before, whole = browser.execute_script(MEASURE_TEXTS), view()
    graph = browser.find_element(By.ID, "graph")
    for _ in range(3):                       # three notches of the wheel, towards the reader
        ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(graph), 0, -100).perform()
    zoomed, zoomed_view = browser.execute_script(MEASURE_TEXTS), view()
    assert min(zoomed["sizes"]) == pytest.approx(1.2 ** 3 * min(before["sizes"]), rel=0.01)
    assert zoomed_view[2] == pytest.approx(whole[2] / 1.2 ** 3, rel=0.01)
    ActionChains(browser).drag_and_drop_by_offset(graph, 120, 40).perform()
    panned = view()
    assert panned[2:] == pytest.approx(zoomed_view[2:])          # the same zoom, moved
    assert panned[0] < zoomed_view[0] and panned[1] < zoomed_view[1]
    ActionChains(browser).double_click(graph).perform()
    assert view() == pytest.approx(whole)
    assert severe_errors(browser) == []


def test_in_a_notebooks_frame_the_player_is_as_tall_as_its_content(browser, tmp_path):
    net = network_2_2_2()
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body style='width: 900px'>"
                    + backward_player(net["E"])._repr_html_() + "</body></html>", encoding="utf-8")
    browser.get("file://" + str(host))
    sizes = browser.execute_script("""
        var frame = document.querySelector('iframe');
        var inner = frame.contentDocument;
        var graph = inner.getElementById('graph');
        var drawing = graph.querySelector('svg g.graph').getBoundingClientRect();
        return {frame: frame.getBoundingClientRect().height, content: inner.documentElement.scrollHeight,
                graph: [graph.clientWidth, graph.clientHeight], drawing: [drawing.width, drawing.height]};
    """)
    # the frame shows the whole page and no more: no scroll bar, no empty third
    assert abs(sizes["frame"] - sizes["content"]) <= 8
    graph_width, graph_height = sizes["graph"]
    assert sizes["drawing"][0] >= 0.95 * graph_width and sizes["drawing"][1] >= 0.95 * graph_height


# ----------------------------------------------------------------------
# In a Jupyter notebook executed by nbclient
# ----------------------------------------------------------------------

def test_in_a_notebook_the_player_is_shown_as_html(tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed")
    project = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        f"import sys; sys.path.insert(0, {project!r})\n"
        "from autograd_core import Value, backward_player\n"
        "x = Value(2.0, label='x'); y = 3 * x - 2; y.label = 'y'; z = y ** 2; z.label = 'z'\n"
        "backward_player(z)")]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except Exception as error:  # no kernel can start here
        if "kernel" in type(error).__name__.lower() or "No such kernel" in str(error):
            pytest.skip(f"a Jupyter kernel could not start: {error}")
        raise
    outputs = notebook.cells[0].outputs
    shown = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert len(shown) == 1
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', shown[0]).group(1))
    assert "dz/dy" in page or "∂z/∂y" in page
    assert page_data(page)["steps"][-1]["value"] == "grad 24"


def test_in_a_browser_the_forward_page_steps_through_the_forward_pass(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    x, square, f = square_plus()
    reference = [str(step) for step in forward_steps(f, x)]
    path = forward_player(f, x).save(str(tmp_path / "forward.html"))
    browser.get("file://" + os.path.abspath(path))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    text, edges, _ = shown_state(browser)
    assert text == reference[0]
    assert len(edges) == 2
    values = browser.execute_script(
        "return Array.from(document.querySelectorAll('g.node text'))"
        ".map(t => t.textContent).filter(t => t.startsWith('d/dx '))")
    assert sorted(values) == ["d/dx 1", "d/dx 6"]         # f not reached yet: no number
    assert severe_errors(browser) == []


def test_in_a_browser_the_forward_page_keeps_the_data_of_nodes_its_pass_never_reaches(
        browser, tmp_path):
    x, y, w, z = x_times_four_y()
    path = forward_player(z, x).save(str(tmp_path / "forward.html"))
    browser.get("file://" + os.path.abspath(path))
    count = len(page_data(forward_player(z, x).html)["steps"])
    for k in range(count + 1):
        browser.execute_script(f"var s = document.getElementById('slider'); s.value = {k}; "
                               f"s.dispatchEvent(new Event('input'));")
        texts = browser.execute_script(
            "return Array.from(document.querySelectorAll('g.node text')).map(t => t.textContent)")
        for name, data in (("x", "2"), ("y", "3"), ("w", "12"), ("z", "24")):
            assert f"data {data}" in texts or f"{name} = {data}" in texts, (k, name, texts)
        assert not [text for text in texts if text.startswith("grad")]
    assert severe_errors(browser) == []
