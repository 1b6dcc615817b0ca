"""The backward player: one self-contained page that steps through the backward pass."""

import html
import json
import os
import re
import shutil
import tempfile

import pytest

from autograd_core import Value, backward_player, backward_steps, forward_player, forward_steps
from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import available_renderers
from autograd_core.examples import chain_rule_example, network_2_2_2

if not available_renderers():
    pytest.skip("no Graphviz renderer is installed", allow_module_level=True)


def page_data(page):
    """The steps' data the page's script reads."""
    text = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S).group(1)
    return json.loads(text)


def test_the_page_holds_every_step_in_the_words_of_backward_steps():
    stepped, reference = network_2_2_2(), network_2_2_2()
    expected = [str(step) for step in backward_steps(reference["E"])]
    data = page_data(backward_player(stepped["E"]).html)
    assert [step["text"] for step in data["steps"]] == expected


def test_the_page_holds_each_gradient_as_it_stands_after_its_step():
    x, y, z = chain_rule_example()
    data = page_data(backward_player(z).html)
    # dz/dy = 2y = 8, dz/dv1 = 8 · 1 = 8, dz/dx = 8 · 3 = 24
    assert [step["value"] for step in data["steps"]] == ["grad 8", "grad 8", "grad 24"]
    assert data["seed"] == {"node": data["nodes"].index("ag_n" + str(len(data["nodes"]) - 1)), "value": "grad 1"}


def test_every_step_names_an_edge_and_a_box_drawn_in_the_svg():
    net = network_2_2_2()
    page = backward_player(net["E"]).html
    data = page_data(page)
    svg_ids = set(re.findall(r'<g id="([^"]+)"', page))
    assert {edge for step in data["steps"] for edge in step["edges"]} <= svg_ids
    assert set(data["nodes"]) <= svg_ids
    assert len({tuple(step["edges"]) for step in data["steps"]}) == len(data["steps"])


def test_making_the_player_leaves_the_gradients_of_backward():
    stepped, reference = network_2_2_2(), network_2_2_2()
    reference["E"].backward()
    backward_player(stepped["E"])
    assert all(stepped[name].grad == reference[name].grad for name in reference)


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


def test_collapsed_neurons_are_refused_before_any_step():
    net = network_2_2_2()
    with pytest.raises(ValueError, match="backward_player: collapse_neurons=True would hide"):
        backward_player(net["E"], collapse_neurons=True)
    assert net["E"].grad == 0.0


def test_a_failed_drawing_leaves_the_gradients_as_they_were(monkeypatch):
    from autograd_core.seeing import player

    x, y, z = chain_rule_example()
    x.grad = 2.0

    def failing(dot, renderer=None):
        raise renderers.RenderError("Graphviz could not render the graph: out of memory")

    monkeypatch.setattr(player, "render_dot", failing)
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
    page = forward_player(f, x).html
    assert "this step: d(out)/dx = Σ ∂out/∂in · d(in)/dx" in html.unescape(page)


# ----------------------------------------------------------------------
# In a real browser: headless Chromium driven by selenium
# ----------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("Chromium and its driver are not installed "
                    "(Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1400,900")
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def shown_state(driver):
    from selenium.webdriver.common.by import By

    highlighted = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.edge.current')).map(g => g.id)")
    grads = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.node text'))"
        ".map(t => t.textContent).filter(t => t.startsWith('grad '))")
    return driver.find_element(By.ID, "step-text").text, highlighted, grads


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
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


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
    assert sorted(values) == ["d/dx 0", "d/dx 1", "d/dx 6"]
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
