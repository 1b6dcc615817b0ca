"""The playground's server, started as ``python -m nn.playground`` and driven as a user's programs would."""

import asyncio
import contextlib
import json
import re
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("starlette", reason="the playground extra is not installed (pip install -e '.[playground]')")
pytest.importorskip("uvicorn", reason="the playground extra is not installed (pip install -e '.[playground]')")
pytest.importorskip("websockets.sync.client", reason="websockets is not installed (pip install -e '.[playground]')")
from websockets.exceptions import InvalidStatus  # noqa: E402

from playground_helpers import ROOT, Server  # noqa: E402


@pytest.fixture
def server():
    running = Server()
    try:
        yield running
    finally:
        running.stop()


def calls(ws, *messages):
    """Send each call on the socket and collect its reply (frames pushed in between are skipped)."""
    replies = []
    for number, (name, args) in enumerate(messages, start=1):
        ws.send(json.dumps({"id": number, "call": name, "args": args}))
        while True:
            message = json.loads(ws.recv(timeout=60))
            if message.get("id") == number:
                replies.append(message)
                break
    return replies


def test_the_first_line_is_the_url_on_127_0_0_1_with_a_token(server):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{30,}", server.url)
    assert server.port != 0


def test_the_page_and_its_files_are_served_with_the_token(server):
    status, page = server.request("GET", f"/?token={server.token}")
    assert status == 200 and 'data-testid="boundary"' in page
    assert server.token in page and "{{token}}" not in page
    for name in ("playground.js", "playground.css"):
        status, text = server.request("GET", f"/static/{name}?token={server.token}")
        assert status == 200 and len(text) > 1000


def test_the_page_fetches_nothing_from_elsewhere(server):
    _, page = server.request("GET", f"/?token={server.token}")
    _, script = server.request("GET", f"/static/playground.js?token={server.token}")
    _, style = server.request("GET", f"/static/playground.css?token={server.token}")
    for text in (page, script, style):
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text)
        assert "@import" not in text and "url(" not in text
    assert "innerHTML" not in script and "eval(" not in script and "new Function" not in script


@pytest.mark.parametrize("path", ["/", "/static/playground.js", "/api"])
def test_a_request_without_the_token_is_refused_with_401(server, path):
    method = "POST" if path == "/api" else "GET"
    status, text = server.request(method, path, body=json.dumps({"call": "step"}) if method == "POST" else None)
    assert status == 401 and "needs its token" in text


def test_a_request_with_a_wrong_token_is_refused_with_403(server):
    status, text = server.request("GET", "/?token=" + "x" * len(server.token))
    assert status == 403 and "wrong token" in text
    status, _ = server.request("POST", "/api", json.dumps({"call": "step"}), {"Authorization": "token nope"})
    assert status == 403
    assert server.api("state", {"grids": False})[1]["result"]["epoch"] == 0


def test_a_request_naming_another_host_is_refused(server):
    status, text = server.request("GET", f"/?token={server.token}", headers={"Host": f"evil.example:{server.port}"})
    assert status == 403 and "Host header" in text


def test_the_api_answers_a_program_as_the_session_does(server):
    status, reply = server.api("step", {"epochs": 2})
    assert status == 200 and reply["ok"] and reply["result"]["epoch"] == 2
    status, reply = server.api("inspect", {"label": "L0.n0.w0"})
    assert status == 200 and reply["result"]["label"] == "L0.n0.w0"
    assert reply["result"]["grad"] == pytest.approx(reply["result"]["paths"]["total"], rel=1e-12)


def test_a_bad_call_gets_a_clear_error_and_changes_nothing(server):
    status, reply = server.api("configure", {"points": 10 ** 6})
    assert status == 400 and reply == {"id": None, "ok": False,
                                       "error": "points must be a whole number from 4 to 1000; got 1000000"}
    status, reply = server.api("__class__")
    assert status == 400 and reply["error"].startswith("unknown call '__class__'")
    status, text = server.request("POST", "/api", '{"call": "step", "args": {"epochs": NaN}}',
                                  {"Authorization": f"token {server.token}"})
    assert status == 400 and "NaN, which is not a number" in text
    assert server.api("state", {"grids": False})[1]["result"]["epoch"] == 0


def test_a_request_body_over_the_limit_is_refused(server):
    body = json.dumps({"call": "state", "args": {"padding": "x" * 100_000}})
    status, text = server.request("POST", "/api", body, {"Authorization": f"token {server.token}"})
    assert status == 413 and "larger than 16384 bytes" in text


def test_a_websocket_gets_the_state_then_answers_calls(server):
    with server.socket() as ws:
        first = json.loads(ws.recv(timeout=60))
        assert first["event"] == "frame" and first["state"]["epoch"] == 0 and "grid" in first["state"]
        (reply,) = calls(ws, ("step", {}))
        assert reply == {"id": 1, "ok": True, "result": {"epoch": 1, "train_loss": reply["result"]["train_loss"],
                                                        "stopped": False, "epoch_progress": None}}


def test_a_websocket_from_a_page_of_another_origin_is_refused(server):
    with pytest.raises(InvalidStatus) as refused:
        with server.socket(origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


def test_a_websocket_without_the_right_token_is_refused(server):
    with pytest.raises(InvalidStatus) as refused:
        with server.socket(token="wrong"):
            pass
    assert refused.value.response.status_code == 403


def test_an_oversized_or_malformed_message_gets_an_error_and_the_socket_stays(server):
    with server.socket() as ws:
        ws.recv(timeout=60)
        ws.send(json.dumps({"id": 1, "call": "state", "args": {"padding": "x" * 20_000}}))
        assert "larger than 16384 bytes" in json.loads(ws.recv(timeout=60))["error"]
        ws.send("{not json")
        assert json.loads(ws.recv(timeout=60))["ok"] is False
        ws.send(json.dumps([1, 2]))
        assert "a call must be a JSON object" in json.loads(ws.recv(timeout=60))["error"]
        (reply,) = calls(ws, ("step", {}))
        assert reply["ok"]


def test_play_pushes_frames_with_rising_epochs_until_pause(server):
    with server.socket() as ws:
        ws.recv(timeout=60)
        calls(ws, ("play", {}))
        epochs = []
        deadline = time.monotonic() + 60
        while len(epochs) < 5 and time.monotonic() < deadline:
            message = json.loads(ws.recv(timeout=60))
            if message.get("event") == "frame":
                epochs.append(message["state"]["epoch"])
        assert epochs == sorted(epochs) and epochs[-1] > epochs[0]
        ws.send(json.dumps({"id": 99, "call": "pause", "args": {}}))
        frames = []
        while True:
            message = json.loads(ws.recv(timeout=60))
            if message.get("id") == 99:
                break
            frames.append(message)
        # the reply comes after the last frame, a full one of the paused network
        last = frames[-1]
        assert last["event"] == "frame" and not last["state"]["playing"] and "grid" in last["state"]
        stopped = last["state"]["epoch"]
        time.sleep(0.3)
        assert server.api("state", {"grids": False})[1]["result"]["epoch"] == stopped


def test_ctrl_c_stops_the_server_with_status_0_even_while_it_plays(server):
    with server.socket() as ws:
        ws.recv(timeout=60)
        calls(ws, ("play", {}))
        json.loads(ws.recv(timeout=60))
        assert server.interrupt() == 0


def test_ctrl_c_on_an_idle_server_exits_with_status_0(server):
    assert server.api("state", {"grids": False})[0] == 200
    assert server.interrupt() == 0


def test_a_port_in_use_is_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "nn.playground", "--no-browser", "--port", str(port)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr and run.stdout == ""


def test_the_dataset_option_picks_the_data():
    running = Server("--dataset", "spiral")
    try:
        assert running.api("state", {"grids": False})[1]["result"]["settings"]["dataset"] == "spiral"
        assert running.interrupt() == 0
    finally:
        running.stop()


def frames_until(ws, condition, timeout=60):
    """Read pushed frames until one's state meets ``condition``; return that state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = json.loads(ws.recv(timeout=timeout))
        if message.get("event") == "frame" and condition(message["state"]):
            return message["state"]
    raise AssertionError("no such frame came")


def test_every_page_is_sent_the_state_another_page_or_a_program_changed(server):
    with server.socket() as first, server.socket() as second:
        opened = json.loads(first.recv(timeout=60))["state"]
        json.loads(second.recv(timeout=60))
        calls(second, ("configure", {"dataset": "xor", "learning_rate": 0.3, "hidden": [3]}))
        state = frames_until(first, lambda s: s["settings"]["dataset"] == "xor")
        assert state["settings"]["learning_rate"] == 0.3 and state["settings"]["hidden"] == [3]
        assert "grid" in state and state["revision"] > opened["revision"]
        calls(second, ("step", {"epochs": 2}))
        assert frames_until(first, lambda s: s["epoch"] == 2)["settings"]["hidden"] == [3]
        server.api("reset")                               # a program's call too
        assert frames_until(first, lambda s: s["epoch"] == 0)["settings"]["dataset"] == "xor"


def test_a_pause_stops_a_long_step_of_another_page_between_two_updates(server):
    with server.socket() as first, server.socket() as second:
        first.recv(timeout=60)
        second.recv(timeout=60)
        calls(first, ("configure", {"points": 1000, "train_percent": 100, "hidden": [8] * 6, "batch_size": 1}))
        first.send(json.dumps({"id": 7, "call": "step", "args": {"epochs": 2}}))
        time.sleep(0.3)                                   # the step starts at once; two epochs take seconds
        (paused,) = calls(second, ("pause", {}))
        assert paused["ok"]
        while True:
            message = json.loads(first.recv(timeout=60))
            if message.get("id") == 7:
                break
        assert message["ok"] and message["result"]["stopped"] and message["result"]["epoch"] < 2


@pytest.mark.parametrize("body, message", [
    ('{"call": "configure", "args": {"self": 1}}', "configure: unknown setting 'self'"),
    ('{"call": "step", "args": {"epochs": 1%s}}' % ("0" * 5000),
     "step: epochs must be a whole number from 1 to 100; got <a whole number of 5001 digits>"),
    ('{"id": -%s, "call": "state"}' % ("9" * 5000), "id must be a whole number, got <a whole number of 5000 digits>"),
    ('{"call": "add_point", "args": {"x": 1e999, "y": 0, "label": 1}}', "add_point: x must be a finite number, got inf"),
])
def test_a_request_that_does_not_fit_gets_an_error_naming_its_field(server, body, message):
    status, text = server.request("POST", "/api", body, {"Authorization": f"token {server.token}"})
    assert status == 400 and json.loads(text)["error"].startswith(message)
    assert "internal error" not in text
    assert server.api("state", {"grids": False})[1]["result"]["epoch"] == 0


class StalledPage:
    """A page's socket that has stopped reading: nothing sent to it is ever taken."""

    async def send_text(self, text):
        await asyncio.Event().wait()

    async def receive(self):
        await asyncio.Event().wait()


class ReadingPage:
    """A page's socket that takes every message at once; ``calls`` are what the page sends."""

    def __init__(self):
        self.received = []
        self.calls = asyncio.Queue()

    async def send_text(self, text):
        self.received.append(json.loads(text))

    async def receive(self):
        return await self.calls.get()

    def call(self, number, name):
        self.calls.put_nowait({"type": "websocket.receive",
                               "text": json.dumps({"id": number, "call": name, "args": {}})})

    async def reply(self, number, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.received:
                if message.get("id") == number:
                    return message
            await asyncio.sleep(0.01)
        raise AssertionError(f"no reply to call {number} within {timeout} s")


PAUSE_SECONDS = 5
"""A pause is answered within this, whatever a stalled page does (it takes well under a second)."""


def test_a_page_that_stops_reading_holds_up_no_other_page_and_is_closed(monkeypatch):
    from nn.playground import server as playground_server
    from nn.playground.session import PlaygroundSession

    monkeypatch.setattr(playground_server, "SLOW_PAGE_SECONDS", 1.0, raising=False)

    async def scenario():
        host = playground_server.Host(PlaygroundSession({"dataset": "xor", "points": 40}))
        stalled, reading = StalledPage(), ReadingPage()
        serving = [asyncio.ensure_future(host.serve(page)) for page in (stalled, reading)]
        reading.call(1, "play")
        assert (await reading.reply(1, timeout=10))["ok"]
        await asyncio.sleep(2.0)                          # the stalled page is closed meanwhile
        frames = [m for m in reading.received if m.get("event") == "frame"]
        assert len(frames) > 10 and frames[-1]["state"]["playing"]
        assert serving[0].done() and stalled not in host.sockets
        reading.call(2, "pause")
        assert (await reading.reply(2, timeout=PAUSE_SECONDS))["result"] == {"playing": False}
        serving[1].cancel()
        await host.stop()

    asyncio.run(scenario())


def a_ctrl_c(url):
    raise KeyboardInterrupt


def refuses_connections(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_ctrl_c_while_the_server_starts_stops_it_with_status_0_and_frees_the_port(monkeypatch, capsys):
    from nn.playground import launch

    started = []
    monkeypatch.setattr(launch, "open_in_browser", lambda url: started.append(url) or a_ctrl_c(url))
    assert launch.main(["--port", "0"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "The playground has stopped." and err == ""
    assert refuses_connections(int(started[0].split(":")[2].split("/")[0]))


def test_a_ctrl_c_while_nn_playground_starts_leaves_no_server_behind(monkeypatch, capsys):
    import nn
    from nn.playground import launch

    started = []
    monkeypatch.setattr(launch, "open_in_browser", lambda url: started.append(url) or a_ctrl_c(url))
    monkeypatch.setattr(launch, "in_notebook", lambda: False)
    with pytest.raises(KeyboardInterrupt):
        nn.playground(nn.MLP(2, [2, 1], seed=0), [[0, 0], [1, 1]], [0, 1])
    assert refuses_connections(int(started[0].split(":")[2].split("/")[0]))


def test_one_page_more_than_the_most_is_told_why_and_closed(server):
    from websockets.exceptions import ConnectionClosed

    from nn.playground.server import MAX_PAGES

    with contextlib.ExitStack() as pages:
        sockets = [pages.enter_context(server.socket()) for _ in range(MAX_PAGES)]
        for ws in sockets:
            assert json.loads(ws.recv(timeout=60))["event"] == "frame"
        with server.socket() as extra:
            with pytest.raises(ConnectionClosed) as closed:
                extra.recv(timeout=60)
        assert closed.value.rcvd.code == 1013
        assert closed.value.rcvd.reason.startswith(f"this playground already has {MAX_PAGES} pages open")
        sockets[0].close()
        time.sleep(0.5)
        with server.socket() as another:
            assert json.loads(another.recv(timeout=60))["event"] == "frame"
        (reply,) = calls(sockets[1], ("step", {}))
        assert reply["ok"]
