"""The playground's page in headless Chromium, driven as a student would: pick, step, play, click."""

import json
import math
import re
import time

import pytest

pytest.importorskip("starlette", reason="the playground extra is not installed (pip install -e '.[playground]')")
pytest.importorskip("uvicorn", reason="the playground extra is not installed (pip install -e '.[playground]')")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

import nn  # noqa: E402

from playground_helpers import Server  # noqa: E402


@pytest.fixture
def server():
    running = Server()
    try:
        yield running
    finally:
        running.stop()


def by_testid(driver, testid):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def wait_for(driver, condition, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition())


def epoch(driver):
    return int(by_testid(driver, "epoch").text)


def train_loss(driver):
    return float(by_testid(driver, "loss").get_attribute("data-train"))


def open_page(driver, server):
    from selenium.webdriver.common.by import By
    driver.get(server.url)
    wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, '[data-testid="weight"]'))


def click_point(driver, server, index):
    """Click point ``index`` on the plane where the page drew it."""
    from selenium.webdriver.common.action_chains import ActionChains
    canvas = by_testid(driver, "boundary")
    plane = json.loads(canvas.get_attribute("data-plane"))
    x, y = server.api("state", {"grids": False, "test_loss": False})[1]["result"]["data"]["points"][index][:2]
    x0, x1, y0, y1 = plane["extent"]
    scale = canvas.size["width"] / float(canvas.get_attribute("width"))
    px = (plane["left"] + (x - x0) / (x1 - x0) * plane["size"]) * scale
    py = (plane["top"] + (y1 - y) / (y1 - y0) * plane["size"]) * scale
    ActionChains(driver).move_to_element_with_offset(
        canvas, px - canvas.size["width"] / 2, py - canvas.size["height"] / 2).click().perform()


def severe_console_messages(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_a_student_trains_xor_and_opens_a_weight_and_a_point(browser, server):
    from selenium.webdriver.support.ui import Select

    open_page(browser, server)
    Select(by_testid(browser, "dataset")).select_by_value("xor")
    wait_for(browser, lambda: server.api("state", {"grids": False})[1]["result"]["settings"]["dataset"] == "xor")
    wait_for(browser, lambda: epoch(browser) == 0)

    for expected in range(1, 6):
        by_testid(browser, "step").click()
        wait_for(browser, lambda: epoch(browser) == expected)
    assert epoch(browser) == 5
    loss_at_5 = train_loss(browser)

    by_testid(browser, "play").click()
    wait_for(browser, lambda: epoch(browser) >= 60)
    by_testid(browser, "pause").click()
    wait_for(browser, lambda: by_testid(browser, "play").is_displayed())
    stopped = epoch(browser)
    time.sleep(0.5)
    assert epoch(browser) == stopped, "training went on after pause"
    assert train_loss(browser) < loss_at_5

    # A weight: its dloss/dw on the current batch, the formula and the chain-rule paths.
    weight = browser.find_element("css selector", '[data-testid="weight"][data-label="L0.n0.w0"]')
    weight.click()
    wait_for(browser, lambda: by_testid(browser, "inspect-grad").is_displayed())
    shown = by_testid(browser, "inspect-grad").text
    expected_grad = server.api("inspect", {"label": "L0.n0.w0"})[1]["result"]["grad"]
    match = re.match(r"dloss/dL0\.n0\.w0 = (\S+)", shown)
    assert match and float(match.group(1)) == pytest.approx(expected_grad, rel=1e-3, abs=1e-9)
    paths = by_testid(browser, "inspect-paths").find_elements("css selector", "li")
    assert paths and "∂L0.n0.net/∂L0.n0.w0" in paths[0].text
    assert "L0.n0.w0 ← L0.n0.w0 − η·L0.n0.w0.grad" in by_testid(browser, "inspect-update").text
    assert "on-path" in browser.find_element(
        "css selector", 'g.edge[data-label="L0.n0.w0"]').get_attribute("class")

    # A point: its backward pass, one chain-rule step at a time.
    click_point(browser, server, 3)
    wait_for(browser, lambda: by_testid(browser, "backward-step").is_displayed())
    steps = by_testid(browser, "backward-steps").find_elements("css selector", "li")
    assert len(steps) > 10
    assert by_testid(browser, "backward-step").text.startswith("dloss/dloss.sum += dloss/dloss · ∂loss/∂loss.sum")
    by_testid(browser, "backward-next").click()
    assert re.match(r"step 2 of \d+", by_testid(browser, "backward-counter").text)
    assert by_testid(browser, "backward-step").text == steps[1].text
    assert "Point 3 " in by_testid(browser, "backward").text

    assert severe_console_messages(browser) == []
    assert server.interrupt() == 0


def test_an_error_is_shown_on_the_page_as_text(browser, server):
    open_page(browser, server)
    box = by_testid(browser, "network").find_element("css selector", ".neuron")
    assert box.is_displayed()
    batch = browser.find_element("id", "batch_size")
    type_over(batch, "0\n")
    wait_for(browser, lambda: by_testid(browser, "error").is_displayed())
    assert "batch_size must be a whole number from 1 to 1000; got 0" in by_testid(browser, "error").text
    # what a page shows of a request is text, never markup
    browser.execute_script(
        "const s = document.getElementById('dataset');"
        "const o = document.createElement('option'); o.value = '<img src=x id=injected>'; o.textContent = 'x';"
        "s.appendChild(o); s.value = o.value; s.dispatchEvent(new Event('change'));")
    wait_for(browser, lambda: "<img src=x id=injected>" in by_testid(browser, "error").text)
    assert browser.find_elements("id", "injected") == []
    assert server.api("state", {"grids": False})[1]["result"]["settings"]["dataset"] == "circle"


def test_a_page_opened_without_the_token_is_refused(browser, server):
    browser.get(server.url.split("?")[0])
    assert "needs its token" in browser.find_element("tag name", "body").text


def test_the_gradient_view_colours_edges_by_their_gradient(browser, server):
    open_page(browser, server)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)
    by_testid(browser, "gradient-view").click()
    wait_for(browser, lambda: "Gradient view" in browser.find_element("id", "network-legend").text)
    network = server.api("state", {"grids": False})[1]["result"]["network"]
    weights = {w[0]: w for layer in network["layers"] for neuron in layer for w in neuron["weights"]}
    largest = max(abs(w[2]) for w in weights.values())
    label, (_, _, gradient, _) = max(weights.items(), key=lambda item: abs(item[1][2]))
    line = browser.find_element("css selector", f'g.edge[data-label="{label}"] .line')
    assert float(line.get_attribute("stroke-width")) == pytest.approx(0.6 + 7 * abs(gradient) / largest)
    # the legend says what a colour's strength is: each gradient map is scaled to its own largest value
    legend = browser.find_element("id", "network-legend").text
    assert "its width the size beside the largest" in legend and "each map to its own scale" in legend
    by_testid(browser, "value-view").click()
    wait_for(browser, lambda: "full colour from ±1 on" in browser.find_element("id", "network-legend").text)
    assert severe_console_messages(browser) == []


def test_clicking_the_plane_adds_and_removes_points(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, server)
    count = lambda: len(server.api("state", {"grids": False})[1]["result"]["data"]["points"])  # noqa: E731
    assert count() == 200
    by_testid(browser, "mode-add1").click()
    canvas = by_testid(browser, "boundary")
    ActionChains(browser).move_to_element_with_offset(canvas, 5, -5).click().perform()
    wait_for(browser, lambda: count() == 201)
    added = server.api("state", {"grids": False})[1]["result"]["data"]["points"][-1]
    assert added[2:] == [1, 1] and abs(added[0]) < 1 and abs(added[1]) < 1   # class 1, training, near the middle
    by_testid(browser, "mode-remove").click()
    click_point(browser, server, 200)
    wait_for(browser, lambda: count() == 200)
    assert severe_console_messages(browser) == []


def type_over(box, text):
    """Select what ``box`` holds and type ``text`` over it, as a person does (no change event between)."""
    from selenium.webdriver.common.keys import Keys
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text)


def click(driver, element):
    """A click on ``element`` itself (an edge may lie under another where they cross)."""
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", element)


def test_a_second_page_shows_what_the_first_one_changed(browser, server):
    from selenium.webdriver.support.ui import Select

    open_page(browser, server)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    open_page(browser, server)
    Select(by_testid(browser, "dataset")).select_by_value("xor")
    wait_for(browser, lambda: server.api("state", {"grids": False})[1]["result"]["settings"]["dataset"] == "xor")
    Select(browser.find_element("id", "learning_rate")).select_by_value("0.3")
    wait_for(browser, lambda: server.api("state", {"grids": False})[1]["result"]["settings"]["learning_rate"] == 0.3)
    by_testid(browser, "add-layer").click()
    wait_for(browser, lambda: len(server.api("state", {"grids": False})[1]["result"]["settings"]["hidden"]) == 3)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)

    browser.switch_to.window(first)
    wait_for(browser, lambda: epoch(browser) == 1)
    assert Select(by_testid(browser, "dataset")).first_selected_option.get_attribute("value") == "xor"
    assert Select(browser.find_element("id", "learning_rate")).first_selected_option.get_attribute("value") == "0.3"
    assert browser.find_element("id", "layer-count").text == "3 hidden layers"
    assert browser.find_elements("css selector", '[data-testid="weight"][data-label="L3.n0.w3"]')
    assert severe_console_messages(browser) == []


def test_a_neurons_badge_names_the_derivative_it_shows(browser, server):
    open_page(browser, server)
    click_point(browser, server, 3)
    wait_for(browser, lambda: by_testid(browser, "backward-step").is_displayed())
    steps = server.api("backward", {"index": 3})[1]["result"]["steps"]
    items = by_testid(browser, "backward-steps").find_elements("css selector", "li")
    badge = lambda: browser.find_element(  # noqa: E731
        "css selector", '#network .neuron[data-label="L0.n1"] .badge').text
    for part in ("out", "net"):
        k = max(i for i, step in enumerate(steps) if step["input"] == f"L0.n1.{part}")
        items[k].click()
        wait_for(browser, lambda: badge().startswith(f"dloss/d{part} = "))
        assert float(badge().split(" = ")[1]) == pytest.approx(steps[k]["grad"], rel=1e-3)
    legend = browser.find_element("id", "network-legend").text
    assert "dloss/dout for its output, dloss/dnet for its net input" in legend


def test_no_two_numbers_of_a_weight_go_by_one_name(browser, server):
    open_page(browser, server)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)
    click(browser, browser.find_element("css selector", '[data-testid="weight"][data-label="L1.n2.w1"]'))
    wait_for(browser, lambda: by_testid(browser, "inspect-grad").is_displayed())
    tooltip = browser.find_element("css selector", 'g.edge[data-label="L1.n2.w1"] title').get_attribute("textContent")
    lines = by_testid(browser, "inspect").text.splitlines() + [tooltip]
    named = {}
    for line in lines:
        # a name given a number, at the start of a line or of a clause; written to 4 or 6 digits
        for name, number in re.findall(r"(?:^|[(,]\s*)(\S+) = (-?[\d.]+(?:e[-+]?\d+)?)", line):
            named.setdefault(name, []).append(float(number))
    for name, numbers in named.items():
        assert numbers == pytest.approx([numbers[0]] * len(numbers), rel=1e-3), (name, numbers)
    assert "dloss/dL1.n2.w1" in named and "L1.n2.w1.grad" in named
    assert named["dloss/dL1.n2.w1"][0] != pytest.approx(named["L1.n2.w1.grad"][0], rel=1e-3)


def test_the_loss_curve_keeps_its_legend_off_the_curve_and_counts_epochs_from_0(browser, server):
    open_page(browser, server)
    curve = by_testid(browser, "curve")
    wait_for(browser, lambda: "from epoch 0 to epoch 0" in curve.get_attribute("aria-label"))
    keys = by_testid(browser, "loss").find_elements("css selector", ".key")
    assert len(keys) == 2 and all(key.is_displayed() for key in keys)
    box = curve.rect
    for key in keys:
        r = key.rect
        assert r["y"] + r["height"] <= box["y"] or r["x"] + r["width"] <= box["x"]   # above or beside it
    by_testid(browser, "step").click()
    wait_for(browser, lambda: "from epoch 0 to epoch 1" in curve.get_attribute("aria-label"))


def test_a_refused_value_is_put_back_in_its_box(browser, server):
    open_page(browser, server)
    batch = browser.find_element("id", "batch_size")
    for typed, message in (("e", "batch_size must be a number; it stays 10"),
                           ("0", "batch_size must be a whole number from 1 to 1000; got 0")):
        type_over(batch, typed + "\n")
        wait_for(browser, lambda: message in by_testid(browser, "error").text)
        wait_for(browser, lambda: batch.get_attribute("value") == "10")
        browser.find_element("id", "error-close").click()
    assert server.api("state", {"grids": False})[1]["result"]["settings"]["batch_size"] == 10


def shown_numbers(text):
    """The numbers written in ``text`` (as the page writes them: 4 significant digits, or 6 in a formula)."""
    return [float(n) for n in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def by_hand_loss(weights, biases, X, Y):
    """The mean cross-entropy of σ(output) of a tanh network on (X, Y), in plain floats."""
    total = 0.0
    for x, y in zip(X, Y):
        h = list(x)
        for k, (rows, bs) in enumerate(zip(weights, biases)):
            nets = [sum(w * v for w, v in zip(row, h)) + b for row, b in zip(rows, bs)]
            h = nets if k == len(weights) - 1 else [math.tanh(z) for z in nets]
        z = h[0]
        total += max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    return total / len(X)


def test_every_number_a_weights_panel_shows_is_the_engines_and_a_central_differences(browser, server):
    from selenium.webdriver.support.ui import Select

    open_page(browser, server)
    Select(by_testid(browser, "dataset")).select_by_value("xor")
    wait_for(browser, lambda: server.api("state", {"grids": False})[1]["result"]["settings"]["dataset"] == "xor")
    for expected in (1, 2, 3):
        by_testid(browser, "step").click()
        wait_for(browser, lambda: epoch(browser) == expected)
    state = server.api("state", {"grids": False, "test_loss": False})[1]["result"]
    layers = state["network"]["layers"]
    weights = [[[w[1] for w in n["weights"]] for n in layer] for layer in layers]
    biases = [[n["bias"][1] for n in layer] for layer in layers]
    X = [p[:2] for p in state["data"]["points"]]
    Y = [float(p[2]) for p in state["data"]["points"]]
    assert float(by_testid(browser, "loss").get_attribute("data-train")) == state["loss"]["last_train"]

    for label, (l, j, i) in (("L0.n1.w0", (0, 1, 0)), ("L1.n2.w3", (1, 2, 3)), ("L2.n0.w1", (2, 0, 1))):
        click(browser, browser.find_element("css selector", f'[data-testid="weight"][data-label="{label}"]'))
        wait_for(browser, lambda: by_testid(browser, "inspect-grad").text.startswith(f"dloss/d{label} = "))
        batch = [int(n) for n in re.findall(r"point (\d+):", browser.find_element("id", "inspect-samples").text)]
        assert len(batch) == 10                          # the last update's batch, every point listed

        def loss(delta):
            moved = json.loads(json.dumps(weights))
            moved[l][j][i] += delta
            return by_hand_loss(moved, biases, [X[k] for k in batch], [Y[k] for k in batch])

        central = (loss(1e-6) - loss(-1e-6)) / 2e-6
        title = browser.find_element("id", "inspect-title").text
        assert shown_numbers(title.split(" = ")[-1]) == pytest.approx([weights[l][j][i]], rel=5e-4)
        shown_grad = shown_numbers(by_testid(browser, "inspect-grad").text.split(" = ")[1])[0]
        assert shown_grad == pytest.approx(central, rel=1e-3, abs=1e-7)

        # each point's share is upstream · local = product, and they add up to dloss/dw
        products = []
        for line in browser.find_element("id", "inspect-samples").find_elements("css selector", "li"):
            _, upstream, local, product = shown_numbers(line.text)
            assert upstream * local == pytest.approx(product, rel=2e-3, abs=1e-6)
            products.append(product)
        assert sum(products) == pytest.approx(central, rel=1e-2, abs=1e-5)
        # every chain-rule path's factors multiply to its product; the products add up to dloss/dw
        paths = by_testid(browser, "inspect-paths").find_elements("css selector", "li")
        path_products = []
        for path in paths:
            numbers = shown_numbers(path.text.split(" = ")[-2] + " = " + path.text.split(" = ")[-1])
            *factors, product = numbers
            assert math.prod(factors) == pytest.approx(product, rel=1e-4, abs=1e-9)
            path_products.append(product)
        count, total = shown_numbers(by_testid(browser, "inspect").find_element("id", "inspect-paths-title").text)
        assert total == pytest.approx(central, rel=1e-3, abs=1e-7)
        if len(paths) == count:                           # all of them listed
            assert sum(path_products) == pytest.approx(central, rel=1e-4, abs=1e-8)

        # the last update: w ← w − η·w.grad with the numbers, and its w.grad is dloss/dw before it
        update = by_testid(browser, "inspect-update").find_elements("css selector", "li")
        used = shown_numbers(update[0].text.split(" = ")[1])[0]
        before, rate, gradient, after = shown_numbers(update[1].text.split(" = ", 1)[1])
        assert (rate, gradient) == (0.1, used)
        assert before - rate * gradient == pytest.approx(after, rel=1e-5, abs=1e-8)
        assert after == pytest.approx(weights[l][j][i], rel=1e-5)
    assert severe_console_messages(browser) == []


def test_a_points_backward_pass_shows_the_engines_numbers(browser, server):
    open_page(browser, server)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)
    state = server.api("state", {"grids": False, "test_loss": False})[1]["result"]
    layers = state["network"]["layers"]
    weights = [[[w[1] for w in n["weights"]] for n in layer] for layer in layers]
    biases = [[n["bias"][1] for n in layer] for layer in layers]
    x, y = state["data"]["points"][7][:2], float(state["data"]["points"][7][2])
    click_point(browser, server, 7)
    wait_for(browser, lambda: by_testid(browser, "backward-step").is_displayed())

    # the output, P(class 1) and the loss in the title, by hand
    reference = nn.MLP.from_weights(weights, biases, ["tanh", "tanh", "identity"])
    output = reference(x)
    loss = nn.bce_with_logits_loss([output], [y])
    loss.backward()
    title = browser.find_element("id", "backward-title").text
    match = re.search(r"output (\S+) \(P\(class 1\) = (\S+)\), loss (\S+) ", title)
    numbers = dict(zip(("output", "probability", "loss"), map(float, match.groups())))
    assert numbers["output"] == pytest.approx(output.data, rel=5e-4)
    assert numbers["probability"] == pytest.approx(1 / (1 + math.exp(-output.data)), rel=5e-4)
    assert numbers["loss"] == pytest.approx(loss.data, rel=5e-4)

    # each step upstream · local = contribution; at the last step every weight's dloss/dw is the engine's
    by_testid(browser, "backward-last").click()
    grads = {p.label: p.grad for p in reference.parameters()}
    reached = {}
    for item in by_testid(browser, "backward-steps").find_elements("css selector", "li"):
        name = item.text.split(" += ")[0]
        *_, upstream, local, contribution = shown_numbers(item.text.split(" = ", 1)[1])
        assert upstream * local == pytest.approx(contribution, rel=1e-4, abs=1e-9)
        reached[name] = reached.get(name, 0.0) + contribution
    for label, g in grads.items():
        assert reached[f"dloss/d{label}"] == pytest.approx(g, rel=1e-4, abs=1e-8), label
    assert severe_console_messages(browser) == []


def test_a_page_over_the_most_says_why_it_cannot_connect(browser, server):
    import contextlib

    pytest.importorskip("websockets.sync.client", reason="websockets is not installed")
    from nn.playground.server import MAX_PAGES

    with contextlib.ExitStack() as pages:
        for _ in range(MAX_PAGES):
            pages.enter_context(server.socket()).recv(timeout=60)
        browser.get(server.url)
        message = by_testid(browser, "error")
        wait_for(browser, lambda: message.is_displayed())
        assert message.text.startswith(f"The server refused the connection: this playground already has "
                                       f"{MAX_PAGES} pages open, the most it serves: close one, then reload")


RECORD_CALLS = """
window.calls = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (text) {
  const message = JSON.parse(text);
  if (!this.recording) {
    this.recording = true;
    this.addEventListener("message", (event) => {
      const reply = JSON.parse(event.data);
      const call = window.calls.find((c) => c.id === reply.id);
      if (call) call.answered = performance.now();
    });
  }
  window.calls.push({id: message.id, call: message.call, sent: performance.now(), answered: null});
  return send.call(this, text);
};
"""


def test_an_open_panel_follows_training_one_call_at_a_time(browser, server):
    open_page(browser, server)
    # the largest network on the most points: opening a weight takes about a second or more
    server.api("configure", {"points": 1000, "train_percent": 100, "hidden": [8] * 6, "batch_size": 1000})
    wait_for(browser, lambda: browser.find_elements("css selector", '[data-testid="weight"][data-label="L6.n0.w7"]'))
    click(browser, browser.find_element("css selector", '[data-testid="weight"][data-label="L3.n0.w0"]'))
    wait_for(browser, lambda: by_testid(browser, "inspect-grad").is_displayed())
    browser.execute_script(RECORD_CALLS)
    by_testid(browser, "play").click()
    time.sleep(8)
    by_testid(browser, "pause").click()
    wait_for(browser, lambda: by_testid(browser, "play").is_displayed())
    inspects = browser.execute_script("return window.calls.filter((c) => c.call === 'inspect')")
    assert len(inspects) >= 2, inspects                   # it follows training …
    for earlier, later in zip(inspects, inspects[1:]):
        assert earlier["answered"] is not None and later["sent"] >= earlier["answered"], inspects   # … one at a time


def test_a_weights_panel_follows_the_points_when_one_of_its_batch_is_removed(browser, server):
    open_page(browser, server)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)
    click(browser, browser.find_element("css selector", '[data-testid="weight"][data-label="L1.n0.w0"]'))
    samples = browser.find_element("id", "inspect-samples")
    wait_for(browser, lambda: "point " in samples.text)
    batch = [int(n) for n in re.findall(r"point (\d+):", samples.text)]
    by_testid(browser, "mode-remove").click()
    click_point(browser, server, batch[0])
    expected = [k - (k > batch[0]) for k in batch[1:]]
    wait_for(browser, lambda: [int(n) for n in re.findall(r"point (\d+):", samples.text)] == expected)
    assert f"the {len(expected)} training points left of the last update's {len(batch)}" in \
        by_testid(browser, "inspect-grad").text
    assert severe_console_messages(browser) == []


def test_clicking_a_neuron_opens_its_bias(browser, server):
    open_page(browser, server)
    by_testid(browser, "step").click()
    wait_for(browser, lambda: epoch(browser) == 1)
    browser.find_element("css selector", '#network .neuron[data-label="L1.n2"] canvas').click()
    title = browser.find_element("id", "inspect-title")
    wait_for(browser, lambda: title.is_displayed() and title.text.startswith("Bias L1.n2.b = "))
    assert by_testid(browser, "inspect").find_element("id", "inspect-formula").text.splitlines()[1].startswith(
        "∂L1.n2.net/∂L1.n2.b = 1")
    assert "selected" in browser.find_element("css selector", '[data-testid="bias"][data-label="L1.n2.b"]') \
        .get_attribute("class")
    assert severe_console_messages(browser) == []


def overlaps(a, b):
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_the_largest_network_stays_inside_its_box_when_the_legend_says_more(browser, server):
    open_page(browser, server)
    server.api("configure", {"hidden": [8] * 6})
    wait_for(browser, lambda: browser.find_elements("css selector", '[data-testid="weight"][data-label="L6.n0.w7"]'))
    legend = browser.find_element("id", "network-legend")
    click(browser, browser.find_element("css selector", '[data-testid="weight"][data-label="L3.n4.w2"]'))
    click_point(browser, server, 4)
    wait_for(browser, lambda: by_testid(browser, "backward-step").is_displayed())
    wait_for(browser, lambda: "the backward pass's current step" in legend.text)   # it says more now …
    time.sleep(0.5)
    box = by_testid(browser, "network").rect
    for neuron in browser.find_elements("css selector", "#network .neuron"):   # … and covers no neuron
        r = neuron.rect
        assert not overlaps(r, legend.rect), neuron.get_attribute("data-label")
        assert box["y"] <= r["y"] and r["y"] + r["height"] <= box["y"] + box["height"], neuron.get_attribute("data-label")


def test_the_badges_of_neighbouring_layers_do_not_run_into_each_other(browser, server):
    open_page(browser, server)
    server.api("configure", {"hidden": [8] * 6})
    wait_for(browser, lambda: browser.find_elements("css selector", '[data-testid="weight"][data-label="L6.n0.w7"]'))
    click_point(browser, server, 4)
    wait_for(browser, lambda: by_testid(browser, "backward-step").is_displayed())
    by_testid(browser, "backward-last").click()
    badges = [b for b in browser.find_elements("css selector", "#network .neuron .badge") if b.text]
    assert len(badges) == 8 * 6 + 1
    rects = [(b.text, b.rect) for b in badges]
    for k, (text, rect) in enumerate(rects):
        for other, other_rect in rects[k + 1:]:
            assert not overlaps(rect, other_rect), (text, other)
