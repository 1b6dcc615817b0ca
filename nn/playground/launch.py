"""Starting the playground: ``python -m nn.playground`` and ``nn.playground(model, X, Y)``.

The server listens on 127.0.0.1 unless told otherwise, on the port asked
for (0: any free one, chosen by the system), and its URL carries a new
random token each time. Starlette and uvicorn (and the standard library's
networking) are imported when a playground starts, never by ``import nn``.
"""

import sys
import threading
import time

from .session import PlaygroundSession

INSTALL_HINT = "pip install 'autograd-core[playground]'"


def require_server_libraries():
    """ImportError saying what to install when Starlette or uvicorn is missing."""
    missing = []
    for name in ("starlette", "uvicorn"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise ImportError(f"the Backprop Playground's server needs {' and '.join(missing)}: {INSTALL_HINT}")


def listening_socket(host, port):
    """A socket listening on ``host:port`` (port 0: a free port the system picks)."""
    import socket

    if not isinstance(host, str) or not host:
        raise ValueError(f"host must be a host name or address such as '127.0.0.1', got {host!r}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"port must be a whole number from 0 to 65535 (0: any free port), got {port!r}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise OSError(f"cannot listen on {host}:{port}: {error}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)            # from here on a browser's request waits until the server takes it
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.set_inheritable(False)
    return sock


def is_loopback(host):
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PlaygroundServer:
    """One session's page, served on ``host:port`` with a fresh token.

    ``run()`` serves in the calling thread until Ctrl-C (the command line);
    ``start()`` serves in a thread of its own until ``stop()`` (Python).
    """

    def __init__(self, session, host="127.0.0.1", port=0, on_done=None):
        require_server_libraries()
        import secrets

        import uvicorn

        from .server import MAX_MESSAGE_BYTES, create_app

        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.socket = listening_socket(host, port)
        address = self.socket.getsockname()
        self.host, self.port = host, address[1]
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if ":" in shown:
            shown = f"[{shown}]"
        self.url = f"http://{shown}:{self.port}/?token={self.token}"
        app = create_app(session, self.token, self.port,
                         loopback=is_loopback(host), on_done=on_done, host_names=(shown,))
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws_max_size=4 * MAX_MESSAGE_BYTES,
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = None

    def run(self):
        """Serve until Ctrl-C (SIGINT) or SIGTERM; then return (a Ctrl-C is not an error)."""
        try:
            self.server.run(sockets=[self.socket])
        except KeyboardInterrupt:         # uvicorn raises the signal again once it has shut down
            pass
        finally:
            self.socket.close()

    def start(self):
        """Serve in a background thread; return once the server answers."""
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       name="nn.playground server", daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the playground's server stopped while starting; see the messages above")
            time.sleep(0.01)
        return self

    def stop(self):
        """Stop serving (after at most a couple of seconds for open pages)."""
        self.session.pause()
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.socket.close()


def open_in_browser(url):
    """Open ``url`` in the default browser, in a thread (some browsers take a while to answer)."""
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def in_notebook():
    """True inside a Jupyter kernel, where the page is shown inline."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ipython = shell.get_ipython()
    except AttributeError:
        return False
    return ipython is not None and "IPKernelApp" in getattr(ipython, "config", {})


class Playground:
    """A playground started by ``nn.playground(..., wait=False)``: its ``url``, ``model`` and ``stop()``."""

    def __init__(self, server, done):
        self._server = server
        self._done = done
        self.url = server.url

    @property
    def session(self):
        return self._server.session

    @property
    def model(self):
        return self._server.session.model

    def wait(self):
        """Block until the page's Done button is pressed or Ctrl-C; then stop and return the model."""
        try:
            while not self._done.wait(timeout=0.2):
                pass
        except KeyboardInterrupt:
            pass
        return self.stop()

    def stop(self):
        """Stop the server; return the trained model."""
        self._server.stop()
        return self.model

    def __repr__(self):
        return f"Playground({self.url!r})"


def playground(model=None, X=None, Y=None, *, loss=None, settings=None, host="127.0.0.1", port=0,
               open_browser=None, wait=True):
    """Open the Backprop Playground on ``model`` and the data ``X``, ``Y``; return the trained model.

    ``model`` is an ``nn.MLP`` with 2 inputs and 1 output (default: the
    page's own), ``X`` a list of points of the plane and ``Y`` their labels
    0 or 1 (default: the page's data sets). The model trains in place; the
    page's Done button (or Ctrl-C) stops the server and the network the page
    ends with is returned (your ``model``, unless its layers were changed on
    the page: a new network is returned then, and yours is left as you gave
    it). Opening the page changes nothing in your model. ``loss`` is ``"bce_with_logits"``, ``"bce"`` or ``"mse"``
    (default: the one that fits the model's output activation); ``settings``
    changes the page's other starting settings.

    In Jupyter the page is shown inline; elsewhere it opens in the browser
    (``open_browser=False``: only its URL is printed). ``wait=False`` returns
    at once a ``Playground`` with ``url``, ``model``, ``wait()`` and ``stop()``.

    Returns:
        The trained model (an ``nn.MLP``), once the page's Done button or
            Ctrl-C ends it; with ``wait=False``, the ``Playground`` handle at once.

    Raises:
        ImportError: the ``playground`` extra (Starlette, uvicorn) is missing:
            ``pip install 'autograd-core[playground]'``.
        PlaygroundError: a model or data the page cannot show (not 2 inputs
            and 1 output, labels other than 0 and 1, too many points), or
            a port already in use.

    Examples:
        The page drives one ``PlaygroundSession``, which works without it:

        >>> from nn.playground import PlaygroundSession
        >>> session = PlaygroundSession({"dataset": "xor", "seed": 0})
        >>> session.step()["epoch"]
        1
        >>> sorted(session.inspect("L0.n0.w0"))[:4]
        ['batch', 'batch_indices', 'formula', 'grad']
    """
    require_server_libraries()
    session = PlaygroundSession(settings, model=model, X=X, Y=Y, loss=loss)
    done = threading.Event()
    server = PlaygroundServer(session, host, port, on_done=done.set).start()
    handle = Playground(server, done)
    try:
        print(server.url, flush=True)
        if in_notebook():
            from IPython.display import IFrame, display
            display(IFrame(server.url, width="100%", height=860))
        elif open_browser is not False:
            open_in_browser(server.url)
    except BaseException:                 # a Ctrl-C (or a failure) while starting leaves no server behind
        server.stop()
        raise
    if not wait:
        return handle
    print("Press Done on the page (or Ctrl-C here) to get the model back.", flush=True)
    return handle.wait()


def main(argv=None):
    """``python -m nn.playground``: serve the page until Ctrl-C; exit status 0 then."""
    import argparse

    from .settings import DATASET_NAMES, PlaygroundError

    parser = argparse.ArgumentParser(
        prog="python -m nn.playground",
        description="The Backprop Playground: a page where a network trains live and every gradient "
                    "can be opened. Prints the page's URL (with its token) and opens it.")
    parser.add_argument("--dataset", choices=DATASET_NAMES, default=None, help="the data to start with")
    parser.add_argument("--port", type=int, default=0, help="the port to listen on (0, the default: any free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--no-browser", action="store_true", help="print the URL only; do not open a browser")
    args = parser.parse_args(argv)
    server = None
    try:
        require_server_libraries()
        session = PlaygroundSession({"dataset": args.dataset} if args.dataset else None)
        server = PlaygroundServer(session, args.host, args.port)
        print(server.url, flush=True)
        print("The Backprop Playground is served at the address above; Ctrl-C stops it.", flush=True)
        if not args.no_browser:
            open_in_browser(server.url)
        server.run()
    except (ImportError, OSError, ValueError, PlaygroundError) as error:
        print(f"python -m nn.playground: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:             # a Ctrl-C before the server took over the signal
        if server is not None:
            server.socket.close()
    print("The playground has stopped.", flush=True)
    return 0
