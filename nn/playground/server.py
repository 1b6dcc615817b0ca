"""The playground's local server: it carries the page's calls to its session, and nothing else.

A Starlette app (served by uvicorn) with four doors, every one behind the
token printed with the URL (a request without it gets 401, with a wrong
one 403, as Jupyter answers):

- ``GET /``: the page, ``GET /static/<file>``: its script and style,
  files of this package (nothing is fetched from anywhere else);
- ``/ws``: a WebSocket (at most ``MAX_PAGES`` at once) the page sends its calls on, as JSON
  ``{"id": 1, "call": "step", "args": {}}``, answered with
  ``{"id": 1, "ok": true, "result": ...}`` or ``{"id": 1, "ok": false,
  "error": "..."}``; while the session plays, every update is pushed as
  ``{"event": "frame", "state": ...}`` to every page that is open, and
  after a call that changes the session, the new state to every other page;
- ``POST /api``: the same calls for a program (``{"call": ..., "args": ...}``).

A call is only ever a name from the session's ``CALLS`` with plain JSON
arguments, which the session checks: nothing sent is evaluated. A
message is at most ``MAX_MESSAGE_BYTES``; a WebSocket from a page of
another origin is refused; the Host header must name this server when it
listens on a loopback address (so a rebound DNS name cannot reach it).
"""

import asyncio
import contextlib
import hmac
import html
import json
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs

import anyio
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from .pacing import Pacer
from .session import CALLS
from .settings import PlaygroundError, shown

STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"playground.js": "text/javascript; charset=utf-8",
                "playground.css": "text/css; charset=utf-8"}

MAX_MESSAGE_BYTES = 16_384
"""The largest call a page or a program may send; the page's largest is a few hundred bytes."""

MAX_FRAMES_PER_SECOND = 30
"""Updates pushed to the page while playing, at most."""

SLOW_PAGE_SECONDS = 10.0
"""A page that has not taken a message after this long has stopped reading: it is closed.

(Otherwise one page that stopped reading, a tab frozen by a debugger or a
client that never reads, would hold every other page's frames and a pause.)"""

MAX_PAGES = 16
"""The most pages (WebSockets) open at once on one playground; one more is told so and closed."""

BROADCAST_WAIT_SECONDS = 0.5
"""How long an update waits for the pages to take it; a slower page takes it on its own time."""

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'none'")

CHANGING_CALLS = ("configure", "reset", "step", "pause", "add_point", "remove_point")
"""Calls after which the other pages are sent the new state (while playing, every frame goes to all)."""

HOST_CALLS = ("view", "done")
"""Calls the server answers itself: which heat maps a page wants, and handing the model back."""


def create_app(session, token, port, loopback=True, on_done=None, host_names=()):
    """The ASGI app serving ``session`` 's page on ``port``.

    ``loopback``: the server listens on a loopback address, so the Host
    header must be one of ``LOOPBACK_HOSTS`` (or ``host_names``) with the
    port. ``on_done()`` is called when the page hands the model back.
    """
    host = Host(session, on_done)
    allowed_hosts = ({f"{name}:{port}" for name in LOOPBACK_HOSTS + tuple(host_names)}
                     if loopback else None)

    async def page(request):
        text = (STATIC / "index.html").read_text(encoding="utf-8")
        text = text.replace("{{token}}", html.escape(token, quote=True))
        text = text.replace("{{done}}", "true" if on_done else "false")
        return HTMLResponse(text, headers=_page_headers())

    async def static(request):
        name = request.path_params["name"]
        if name not in STATIC_FILES:
            return PlainTextResponse("no such file", status_code=404)
        return Response((STATIC / name).read_bytes(), media_type=STATIC_FILES[name],
                        headers=_page_headers())

    async def api(request):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_MESSAGE_BYTES):
            return _too_large()
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_MESSAGE_BYTES:
                return _too_large()
        reply = await host.answer(body.decode("utf-8", errors="replace"))
        return JSONResponse(reply, status_code=200 if reply["ok"] else 400)

    async def socket(websocket):
        origin = websocket.headers.get("origin")
        expected = f"http://{websocket.headers.get('host', '')}"
        if origin is not None and origin != expected:
            await websocket.close(code=1008, reason="a page of another origin may not connect")
            return
        if host.pages >= MAX_PAGES:
            await websocket.accept()                     # so that the page can read why
            await websocket.close(code=1013, reason=f"this playground already has {MAX_PAGES} pages open, "
                                                    f"the most it serves: close one, then reload")
            return
        host.pages += 1                                  # counted before the first await
        try:
            await websocket.accept()
            await host.serve(websocket)
        finally:
            host.pages -= 1

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await host.stop()

    app = Starlette(routes=[Route("/", page), Route("/static/{name}", static),
                            Route("/api", api, methods=["POST"]), WebSocketRoute("/ws", socket)],
                    lifespan=lifespan)
    app.state.host = host
    return TokenGate(app, token, allowed_hosts)


def _page_headers():
    return {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def _too_large():
    return JSONResponse({"ok": False, "error": f"the request is larger than {MAX_MESSAGE_BYTES} bytes, "
                                               f"the most the playground accepts"}, status_code=413)


class TokenGate:
    """ASGI middleware: no request or socket gets through without the token, or with a foreign Host."""

    def __init__(self, app, token, allowed_hosts):
        self.app = app
        self.token = token.encode()
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        if self.allowed_hosts is not None and headers.get("host") not in self.allowed_hosts:
            return await _refuse(scope, receive, send, 403, "this server answers only to its own address "
                                                            "(the Host header names another)")
        given = _token_of(scope, headers)
        if given is None:
            return await _refuse(scope, receive, send, 401, "the playground needs its token: open the "
                                                            "URL it printed when it started (…?token=…)")
        if not hmac.compare_digest(given.encode(), self.token):
            return await _refuse(scope, receive, send, 403, "wrong token: open the URL the playground "
                                                            "printed when it started")
        return await self.app(scope, receive, send)


def _token_of(scope, headers):
    """The token from the query (``?token=``) or an ``Authorization: token …`` header, or None."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("token"):
        return query["token"][0]
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("token "):
        return authorization[6:].strip()
    return None


async def _refuse(scope, receive, send, status, message):
    if scope["type"] == "websocket":
        await receive()                                    # websocket.connect
        await send({"type": "websocket.close", "code": 1008, "reason": message[:100]})
        return
    response = PlainTextResponse(message, status_code=status, headers={"Cache-Control": "no-store"})
    await response(scope, receive, send)


class Host:
    """The session, the pages' sockets, and the loop that trains while the session plays.

    Every page open on the session sees its changes: after a call that
    changes the session (from a page or a program), every other page gets
    the new state; while playing, every page gets every frame. A state
    carries the session's ``revision``, so a page keeps the newest of two
    that cross on the way.
    """

    def __init__(self, session, on_done=None):
        self.session = session
        self.on_done = on_done
        self.sockets = {}                 # each page's socket, and the lock that keeps its messages whole
        self.gradient_views = {}          # each page's view: does it show the gradients?
        self.serving = {}                 # each page's socket, and the task answering it
        self.pages = 0                    # the sockets open or opening
        self.closed = set()               # the sockets of pages closed for not reading
        self.program_gradient_view = False
        self.task = None
        self.telling = set()              # the tasks sending to the pages in the background

    @property
    def gradient_view(self):
        """True if any page (or a program's last ``view`` call) shows the gradients: frames then carry them."""
        return self.program_gradient_view or any(self.gradient_views.values())

    async def serve(self, websocket):
        """Answer one page's calls until it goes away; it first gets the whole state."""
        self.sockets[websocket] = asyncio.Lock()
        self.gradient_views[websocket] = False
        self.serving[websocket] = asyncio.current_task()
        try:
            delivered = await self._send(websocket, {"event": "frame", "state": await self._state()})
            while delivered:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None:
                    text = (message.get("bytes") or b"").decode("utf-8", errors="replace")
                reply = await self.answer(text, websocket)
                delivered = await self._send(websocket, reply)
        except WebSocketDisconnect:
            pass
        except asyncio.CancelledError:
            if websocket not in self.closed:                # the server is stopping
                raise
        finally:
            self.sockets.pop(websocket, None)
            self.gradient_views.pop(websocket, None)
            self.serving.pop(websocket, None)
            self.closed.discard(websocket)

    async def answer(self, text, sender=None):
        """The reply to one call, as a dict; errors become ``ok: false`` with the message.

        ``sender`` is the page's socket (None for a program's request).
        """
        if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
            return {"id": None, "ok": False, "error": f"the request is larger than {MAX_MESSAGE_BYTES} "
                                                      f"bytes, the most the playground accepts"}
        request_id = None
        try:
            request = json.loads(text, parse_constant=_no_constant, parse_int=_whole_number)
            if not isinstance(request, dict):
                raise PlaygroundError(f"a call must be a JSON object, got {shown(request)}")
            request_id = request.get("id")
            if request_id is not None and (isinstance(request_id, bool) or not isinstance(request_id, int)):
                request_id = None
                raise PlaygroundError(f"id must be a whole number, got {shown(request.get('id'))}")
            result = await self.call(request.get("call"), request.get("args"), sender)
            return {"id": request_id, "ok": True, "result": result}
        except (PlaygroundError, json.JSONDecodeError) as error:
            return {"id": request_id, "ok": False, "error": f"{error}"}
        except RecursionError:
            return {"id": request_id, "ok": False, "error": "the request is nested too deeply"}
        except Exception as error:                         # a fault of ours: say so, and keep serving
            traceback.print_exc(file=sys.stderr)
            return {"id": request_id, "ok": False,
                    "error": f"internal error ({type(error).__name__}): {shown(str(error), 300)}"}

    async def call(self, name, args, sender=None):
        if name == "view":
            return self._view(args, sender)
        if name == "done":
            if self.on_done is None:
                raise PlaygroundError("done: this playground was started from the command line; "
                                      "stop it with Ctrl-C")
            await anyio.to_thread.run_sync(self.session.pause)
            self.on_done()
            return {"done": True}
        if name not in CALLS:
            raise PlaygroundError(f"unknown call {shown(name)}; the calls are "
                                  f"{', '.join(CALLS + HOST_CALLS)}")
        if name == "state" and isinstance(args, dict) and args.get("gradient_grids") is None:
            args = dict(args, gradient_grids=self.gradient_view)
        revision = self.session.revision
        result = await anyio.to_thread.run_sync(self.session.call, name, args)
        if name == "play":
            self._start_playing()
        elif name == "pause" and self.task is not None:
            await asyncio.shield(self.task)      # the reply comes once the last frame has gone out
        elif name in CHANGING_CALLS and self.session.revision != revision:
            self._tell_the_others(sender)
        return result

    def _view(self, args, sender):
        gradients = (args or {}).get("gradients") if isinstance(args, dict) else None
        if not isinstance(gradients, bool):
            raise PlaygroundError(f"view: gradients must be true or false, got {shown(gradients)}")
        if sender in self.gradient_views:
            self.gradient_views[sender] = gradients
        else:
            self.program_gradient_view = gradients
        return {"gradients": gradients}

    def _tell_the_others(self, sender):
        """Send the new state to every page but ``sender`` (which asks for it itself)."""
        others = [websocket for websocket in self.sockets if websocket is not sender]
        if others:
            task = asyncio.get_running_loop().create_task(self._tell(others))
            self.telling.add(task)
            task.add_done_callback(self.telling.discard)

    async def _tell(self, websockets):
        try:
            text = json.dumps({"event": "frame", "state": await self._state()}, allow_nan=False)
        except Exception:                                  # a fault of ours: the pages keep their state
            traceback.print_exc(file=sys.stderr)
            return
        await self._broadcast_text(text, websockets)

    def _start_playing(self):
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._play())

    async def _play(self):
        """Train and push frames while the session plays; then one last, full frame."""
        pacer = Pacer(self.session)
        loop = asyncio.get_running_loop()
        try:
            while self.session.playing:
                started = loop.time()
                try:
                    text = await anyio.to_thread.run_sync(self._frame, pacer)
                except PlaygroundError as error:
                    await self._broadcast({"event": "error", "error": str(error)})
                    break
                await self._broadcast_text(text, droppable=True)
                await asyncio.sleep(max(0.0, 1.0 / MAX_FRAMES_PER_SECOND - (loop.time() - started)))
            await self._broadcast({"event": "frame", "state": await self._state()})
        except asyncio.CancelledError:
            raise
        except Exception as error:                        # a fault of ours: report it on the page
            traceback.print_exc(file=sys.stderr)
            self.session.pause()
            await self._broadcast({"event": "error", "error": f"training stopped by an internal "
                                                             f"error ({type(error).__name__}): {error}"})

    def _frame(self, pacer):
        """One update while playing, as the text sent (encoded here, in the worker thread)."""
        return json.dumps({"event": "frame", "state": pacer.frame(self.gradient_view)}, allow_nan=False)

    async def _state(self):
        gradient_view = self.gradient_view
        return await anyio.to_thread.run_sync(
            lambda: self.session.state(grids=True, gradient_grids=gradient_view))

    async def _broadcast(self, message):
        await self._broadcast_text(json.dumps(message, allow_nan=False))

    async def _broadcast_text(self, text, websockets=None, droppable=False):
        """Send ``text`` to every page (or to ``websockets``), each at its own pace.

        This waits for the pages to take it for ``BROADCAST_WAIT_SECONDS`` at
        most; a slower page gets it later, in the background. A ``droppable``
        message (a frame while playing, which the next one replaces) is not
        sent to a page still taking an earlier message.
        """
        deliveries = []
        for websocket in list(self.sockets if websockets is None else websockets):
            lock = self.sockets.get(websocket)
            if lock is None or (droppable and lock.locked()):   # gone, or busy: it gets the next frame
                continue
            deliveries.append(asyncio.ensure_future(self._deliver(websocket, text)))
        if not deliveries:
            return
        await asyncio.wait(deliveries, timeout=BROADCAST_WAIT_SECONDS)
        for delivery in deliveries:
            if not delivery.done():
                self.telling.add(delivery)
                delivery.add_done_callback(self.telling.discard)

    async def _send(self, websocket, message):
        """Send ``message`` to one page; False if the page is gone."""
        return await self._deliver(websocket, json.dumps(message, allow_nan=False))

    async def _deliver(self, websocket, text):
        """Send ``text`` to one page after its earlier messages; False if it is gone or has been closed.

        A page that has not taken it within ``SLOW_PAGE_SECONDS`` has stopped
        reading: it is closed, so that it holds up no one else.
        """
        lock = self.sockets.get(websocket)
        if lock is None:
            return False

        async def send():
            async with lock:
                if websocket not in self.sockets:
                    return False
                await websocket.send_text(text)           # all of it is written at once, or none
                return True

        try:
            return await asyncio.wait_for(send(), SLOW_PAGE_SECONDS)
        except asyncio.TimeoutError:
            self._close_slow_page(websocket)
        except Exception:                                 # it went away
            pass
        return False

    def _close_slow_page(self, websocket):
        """Stop answering a page that stopped reading; its socket closes when its task ends."""
        if self.sockets.pop(websocket, None) is None:
            return
        self.gradient_views.pop(websocket, None)
        print("nn.playground: a page stopped taking its messages for "
              f"{SLOW_PAGE_SECONDS:g} s; it was disconnected", file=sys.stderr, flush=True)
        task = self.serving.get(websocket)
        if task is not None and task is not asyncio.current_task() and not task.done():
            self.closed.add(websocket)
            task.cancel()

    async def stop(self):
        """Stop playing (the server is shutting down)."""
        self.session.pause()
        if self.task is not None and not self.task.done():
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        for task in list(self.telling):
            task.cancel()


MAX_INTEGER_DIGITS = 30
"""A whole number in a request has at most this many digits; a longer one is kept as its length only."""


class LongNumber:
    """A whole number of a request too long to read: each check refuses it, naming the field."""

    def __init__(self, digits):
        self.digits = digits

    def __repr__(self):
        return f"<a whole number of {self.digits} digits>"


def _whole_number(text):
    """A JSON integer: an int if it has at most ``MAX_INTEGER_DIGITS`` digits, else a ``LongNumber``.

    (Python refuses to read an int of more than 4300 digits, and reading one
    takes time that grows with the square of its length.)
    """
    digits = len(text) - text.startswith("-")
    return int(text) if digits <= MAX_INTEGER_DIGITS else LongNumber(digits)


def _no_constant(name):
    raise PlaygroundError(f"the request holds {name}, which is not a number the playground takes")
