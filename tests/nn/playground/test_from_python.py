"""``nn.playground(model, X, Y)`` from Python: the page on your own network, and the model given back."""

import json
import signal
import subprocess
import sys

import pytest

pytest.importorskip("starlette", reason="the playground extra is not installed (pip install -e '.[playground]')")
pytest.importorskip("uvicorn", reason="the playground extra is not installed (pip install -e '.[playground]')")

from playground_helpers import ROOT, Server  # noqa: E402

SCRIPT = """
import json, nn
X, Y = nn.xor()
model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
trained = nn.playground(model, X, Y, open_browser=False, settings={"optimizer": "adam"})
print("same model:", trained is model)
print(json.dumps([trained.weights(), trained.biases()]))
"""


class FromPython(Server):
    """A Python script calling ``nn.playground``: the URL is its first line too."""

    def __init__(self, script=SCRIPT):
        self.process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self._read_url()


@pytest.fixture
def script():
    running = FromPython()
    try:
        yield running
    finally:
        running.stop()


def weights_shown(running):
    network = running.api("state", {"grids": False})[1]["result"]["network"]
    weights = [[[w[1] for w in neuron["weights"]] for neuron in layer] for layer in network["layers"]]
    biases = [[neuron["bias"][1] for neuron in layer] for layer in network["layers"]]
    return [weights, biases]


def test_the_page_trains_your_model_and_done_gives_it_back(script):
    state = script.api("state", {"grids": False})[1]["result"]
    assert state["settings"]["dataset"] == "yours" and state["settings"]["loss"] == "bce"
    assert [p[:3] for p in state["data"]["points"]] == [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]
    assert script.api("step", {"epochs": 20})[1]["result"]["epoch"] == 20
    expected = weights_shown(script)
    assert script.api("done")[1]["ok"]
    out, err = script.process.communicate(timeout=60)
    assert script.process.returncode == 0, err
    lines = out.splitlines()
    assert "same model: True" in lines
    assert json.loads(lines[-1]) == expected


def test_ctrl_c_also_gives_the_model_back(script):
    script.api("step", {"epochs": 3})
    expected = weights_shown(script)
    script.process.send_signal(signal.SIGINT)
    out, err = script.process.communicate(timeout=60)
    assert script.process.returncode == 0, err
    assert json.loads(out.splitlines()[-1]) == expected


def test_done_is_refused_by_a_playground_started_from_the_command_line():
    running = Server()
    try:
        status, reply = running.api("done")
        assert status == 400 and "started from the command line; stop it with Ctrl-C" in reply["error"]
    finally:
        running.stop()


def test_in_a_notebook_the_page_is_shown_inline(tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            f"import sys; sys.path.insert(0, {ROOT!r})\n"
            "import json, urllib.request, nn\n"
            "X, Y = nn.xor()\n"
            "model = nn.MLP(2, [3, 1], activation='tanh', seed=1)\n"
            "page = nn.playground(model, X, Y, wait=False)"),
        nbformat.v4.new_code_cell(
            "base, token = page.url.split('/?token=')\n"
            "request = urllib.request.Request(base + '/api', method='POST',\n"
            "    data=json.dumps({'call': 'step', 'args': {'epochs': 4}}).encode(),\n"
            "    headers={'Authorization': 'token ' + token})\n"
            "print(json.loads(urllib.request.urlopen(request).read())['result']['epoch'])\n"
            "print(page.stop() is model)"),
    ]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except Exception as error:  # no kernel can start here
        if "kernel" in type(error).__name__.lower() or "No such kernel" in str(error):
            pytest.skip(f"a Jupyter kernel could not start: {error}")
        raise
    shown = [out["data"]["text/html"] for out in notebook.cells[0].outputs if "text/html" in out.get("data", {})]
    assert len(shown) == 1 and "<iframe" in shown[0] and "http://127.0.0.1:" in shown[0] and "token=" in shown[0]
    printed = "".join(out.get("text", "") for out in notebook.cells[1].outputs)
    assert printed.split() == ["4", "True"]


RELABELLED = """
import nn
X, Y = nn.xor()
model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
model.layers[0].neurons[0].w[0].label = '<img src=x id=injected onerror=alert(1)>'
page = nn.playground(model, X, Y, open_browser=False, wait=False)
page.wait()
print("handed back")
"""


def wait_for(driver, condition, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition())


def test_a_weight_you_labelled_opens_by_its_place_and_its_label_shows_as_text(browser):
    running = FromPython(RELABELLED)
    try:
        browser.get(running.url)
        edge = '[data-testid="weight"][data-label="L0.n0.w0"]'
        wait_for(browser, lambda: browser.find_elements("css selector", edge))
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                               browser.find_element("css selector", edge))
        wait_for(browser, lambda: browser.find_element("id", "inspect-grad").is_displayed())
        title = browser.find_element("id", "inspect-title").text
        assert title.startswith('Weight L0.n0.w0 (labelled "<img src=x id=injected onerror=alert(1)>") = ')
        assert browser.find_element("id", "inspect-grad").text.startswith("dloss/dL0.n0.w0 = ")
        assert not browser.find_element("id", "error").is_displayed()
        assert browser.find_elements("id", "injected") == []
        assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []

        # Done hands the model back, and the page says so as a notice, not as an error.
        browser.find_element("id", "done").click()
        message = browser.find_element("id", "error")
        wait_for(browser, lambda: message.is_displayed())
        assert "handed back to Python" in message.text
        assert "notice" in message.get_attribute("class") and message.get_attribute("role") == "status"
        out, err = running.process.communicate(timeout=60)
        assert running.process.returncode == 0 and out.splitlines()[-1] == "handed back", err
    finally:
        running.stop()


THOUSANDS = """
import nn
X = [[0, 0], [0, 1000], [1000, 0], [1000, 1000]]
Y = [0, 1, 1, 0]
model = nn.MLP.from_weights([[[2000.0, 0.001]], [[1.0]]], [[0.0], [0.0]], ["tanh", "identity"])
nn.playground(model, X, Y, open_browser=False)
"""


def test_numbers_in_the_thousands_are_shown_whole(browser):
    running = FromPython(THOUSANDS)
    try:
        title = open_weight_panel(browser, running.url, "L0.n0.w0")
        assert title.text == "Weight L0.n0.w0 = 2000"
        tooltip = browser.find_element("css selector", 'g.edge[data-label="L0.n0.w0"] title')
        assert tooltip.get_attribute("textContent").startswith("L0.n0.w0 = 2000,")
        samples = browser.find_element("id", "inspect-samples").text
        assert "point 3:" in samples and " · 1000 = " in samples       # ∂net/∂w0 is x0 = 1000
    finally:
        running.stop()


MOONS = """
import nn
X, Y = nn.make_moons(60, noise=0.1, seed=1)
nn.playground(nn.MLP(2, [3, 1], seed=0), X, Y, open_browser=False)
"""


def test_the_planes_scale_is_drawn_whole_inside_the_canvas(browser):
    running = FromPython(MOONS)
    try:
        browser.get(running.url)
        canvas = browser.find_element("id", "boundary")
        wait_for(browser, lambda: canvas.get_attribute("data-ticks"))
        ticks = json.loads(canvas.get_attribute("data-ticks"))
        width = int(canvas.get_attribute("width"))
        assert all(0 <= tick["left"] and tick["right"] <= width for tick in ticks), ticks
        x0, x1, y0, y1 = json.loads(canvas.get_attribute("data-plane"))["extent"]
        numbers = [float(tick["text"]) for tick in ticks[:10]]
        expected = [y0 + (y1 - y0) * k / 4 for k in range(5)] + [x0 + (x1 - x0) * k / 4 for k in range(5)]
        assert numbers == pytest.approx(expected, rel=5e-3)
        assert any(n < 0 for n in numbers[:5]) and any(n < 0 for n in numbers[5:])
    finally:
        running.stop()


SHARED = """
import nn
W, B = [[0.5, -0.3], [0.2, 0.8]], [0.1, 0.0]
model = nn.MLP.from_weights([W, W, [[0.7, -0.2]]], [B, B, [0.05]], ["tanh", "tanh", "identity"],
                            same_parameters_as=[None, 0, None])
X, Y = nn.xor()
nn.playground(model, X, Y, open_browser=False)
"""


def test_a_weight_layers_share_says_so_where_its_derivatives_name_its_first_place(browser):
    running = FromPython(SHARED)
    try:
        title = open_weight_panel(browser, running.url, "L1.n0.w0")
        assert title.text == "Weight L1.n0.w0, the same parameter as L0.n0.w0 (the layers share it), = 0.5"
        assert browser.find_element("id", "inspect-grad").text.startswith("dloss/dL0.n0.w0 = ")
        assert "Σ over its 8 uses in the batch's 4 samples" in browser.find_element("id", "inspect-formula").text
    finally:
        running.stop()


def open_weight_panel(browser, url, label):
    """Open the page at ``url``, click the drawn weight ``label``; the panel's title element, shown."""
    browser.get(url)
    edge = f'[data-testid="weight"][data-label="{label}"]'
    wait_for(browser, lambda: browser.find_elements("css selector", edge))
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                           browser.find_element("css selector", edge))
    title = browser.find_element("id", "inspect-title")
    wait_for(browser, lambda: title.is_displayed())
    return title
