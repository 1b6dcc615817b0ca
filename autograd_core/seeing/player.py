"""A web page that steps through the backward pass, one chain-rule step per key press.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> player = backward_player(z)          # player.save("backward.html") writes it
    >>> player
    StepPlayer(... characters of HTML; .save(path) writes it)
    >>> x.grad                               # making it changed nothing
    0.0

The page is one self-contained HTML file: the graph's SVG, the numbers of
every step and a few lines of JavaScript, all inline, with nothing fetched
from anywhere, so it opens from a USB stick in a lecture hall. → and ← (or
the buttons, or the slider) move one step:

- step 0 is the forward pass: every value, no gradient yet;
- step k draws the edge of the k-th chain-rule step in red, with the input
  it updates; every box the pass has reached shows its gradient as it stands
  after step k (the others show none), and the step is written out
  underneath, in exactly the words of ``print(step)`` for ``backward_steps``.

The graph fills the window: it is drawn as for a slide (``slide=True``, large
type; ``slide=False`` for the page's picture) and scaled to the window; the
mouse wheel (or + and −) zooms around the pointer, dragging pans, 0 (or a
double click) fits it again. In Jupyter the player shows itself
(``_repr_html_``) in a frame sized to its content, with nothing to install.

``forward_player(root, wrt)`` does the same for forward mode
(``forward_steps``): step k computes one more node's d/d``wrt``, its edges
from the inputs that depend on ``wrt`` in red.

Making a player changes nothing: the pass it shows is computed for the page
(``passes``), every number this pass's own, whatever the nodes' ``grad`` held.
"""

from ..core import Value
from ..files import write_atomically
from .escape import attribute_value, markup, script_json
from .frames import frame_options
from .layout import drawn_graph, layout_svg
from .passes import backward_pass, forward_pass
from .pictures import checked_picture_path
from .renderers import choose_renderer

#: Prefix of the SVG ids the page's script looks up.
ID_PREFIX = "ag_"


def backward_player(root, renderer=None, slide=True, collapse_neurons=False, **options):
    """A ``StepPlayer`` for the backward pass from ``root`` (options as ``to_dot``).

    ``highlight`` and ``title`` are not options here: the page highlights
    and captions each step. The graph is drawn as for a slide (large type)
    with every neuron's net input a box of its own, so that every step of
    the notes has its edge; ``collapse_neurons=True`` draws each neuron as
    one operation, its steps through the net input shown as one.

    Returns:
        StepPlayer: the page; ``.save(path)`` writes it, Jupyter shows it.

    Raises:
        TypeError: a ``root`` that is not a ``Value``; ``highlight`` or ``title``.
        ValueError: the options ``to_dot`` refuses; ``GraphTooLargeError`` for a
            picture of more than ``max_nodes`` boxes.
        RendererNotFoundError, RenderError: as ``render_svg``.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> page = backward_player(x * 3).html
        >>> page.startswith("<!DOCTYPE html>"), x.grad
        (True, 0.0)
    """
    where = "backward_player"
    picture_options = frame_options(where, dict(options, slide=slide,
                                                collapse_neurons=collapse_neurons))
    drawn = drawn_graph(root, picture_options)
    renderer = choose_renderer(renderer)
    shown = backward_pass(drawn, picture_options.digits)
    svg = layout_svg(drawn, picture_options, renderer, grad_texts=shown.field_texts(drawn.boxes),
                     element_ids=ID_PREFIX)
    title = f"the backward pass from {drawn.names[root]}, step by step"
    return StepPlayer(_page(svg, _data(drawn, shown), title, _BACKWARD_HELP))


def forward_player(root, wrt, renderer=None, slide=True, **options):
    """A ``StepPlayer`` page for the forward pass d·/d``wrt`` (options as ``to_dot``).

    Step k computes the derivative of one more node with respect to ``wrt``
    (``forward_steps``): its edges from every input that depends on ``wrt``
    are red, and each box shows its d/d``wrt`` once computed. Every node is
    drawn (``collapse_neurons=True`` is refused: each step needs its node).
    Nothing is changed: no ``.grad``.

    Returns:
        StepPlayer: the page; ``.save(path)`` writes it, Jupyter shows it.

    Raises:
        TypeError: a ``root`` or ``wrt`` that is not a ``Value``.
        ValueError: a ``wrt`` outside the graph of ``root``, ``collapse_neurons=True``,
            or an option ``to_dot`` refuses.
        RendererNotFoundError, RenderError: as ``render_svg``.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> y = x * 3; y.label = "y"
        >>> "dy/dx = ∂y/∂x · dx/dx = 3 · 1 = 3" in forward_player(y, x).html
        True
    """
    where = "forward_player"
    if options.get("collapse_neurons"):
        raise ValueError(f"{where}: collapse_neurons=True would hide the net inputs, whose "
                         f"derivatives are steps of the forward pass; leave it out")
    picture_options = frame_options(where, dict(options, slide=slide, collapse_neurons=False))
    if not isinstance(wrt, Value):
        raise TypeError(f"{where}(wrt=...): expected a Value of root's graph, "
                        f"got {type(wrt).__name__}: {wrt!r}")
    drawn = drawn_graph(root, picture_options, fold_chains=False)
    if wrt not in drawn.index:
        raise ValueError(f"{where}(wrt=...): wrt is not a node of root's graph, "
                         f"so nothing depends on it")
    renderer = choose_renderer(renderer)
    shown = forward_pass(drawn, wrt, picture_options.digits)
    svg = layout_svg(drawn, picture_options, renderer, grad_texts=shown.field_texts(drawn.boxes),
                     element_ids=ID_PREFIX, field=shown.field)
    wrt_name = drawn.names[wrt]
    title = f"the forward pass for d/d{wrt_name}, step by step"
    return StepPlayer(_page(svg, _data(drawn, shown), title,
                            _FORWARD_HELP.format(wrt=markup(wrt_name))))


def _data(drawn, shown):
    """What the page's script needs: the boxes' ids, the seed, each step, the first sentence."""
    index = {node: k for k, node in enumerate(drawn.boxes)}
    return {
        "nodes": [ID_PREFIX + drawn.ids[node] for node in drawn.boxes],
        "seed": {"node": index[shown.seed[0]], "value": shown.seed[1]},
        "steps": [{"text": step.text, "edges": [ID_PREFIX + edge for edge in step.edges],
                   "node": index[step.node], "value": step.value} for step in shown.steps],
        "start": shown.start,
    }


_BACKWARD_HELP = (
    "&#x2192; / &#x2190; (or the buttons, or the slider): one chain-rule step. "
    "The red edge is the step's; a box shows its gradient once the pass has reached it. "
    "Wheel or + / &#x2212;: zoom; drag: pan; 0 or double click: fit.")
_FORWARD_HELP = (
    "&#x2192; / &#x2190; (or the buttons, or the slider): one node's d/d{wrt}. "
    "The red edges are the step's; a box shows its d/d{wrt} once computed. "
    "Wheel or + / &#x2212;: zoom; drag: pan; 0 or double click: fit.")


class StepPlayer:
    """One self-contained HTML page that steps through a backward (or forward) pass.

    Attributes:
        html: the page, as text.

    Raises:
        ValueError: from ``save``, a path not ending in ``.html`` or ``.htm``.
        FileNotFoundError: from ``save``, a path whose folder does not exist.

    Examples:
        >>> import tempfile, os
        >>> from autograd_core import Value
        >>> player = backward_player(Value(2.0, label="x") * 3)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = player.save(os.path.join(folder, "steps.html"))
        ...     os.path.getsize(path) == len(player.html.encode("utf-8"))
        True
    """

    def __init__(self, page):
        self.html = page

    def save(self, path):
        """Write the page to ``path`` (``.html`` or ``.htm``), whole or not at all; the path."""
        extension = ".htm" if str(path).lower().endswith(".htm") else ".html"
        path = checked_picture_path(path, extension, "StepPlayer.save")
        return write_atomically(path, self.html, "StepPlayer.save")

    def _repr_html_(self):
        """The page in a frame of its own (its ids, styles and keys stay its own in a notebook).

        The page sets the frame's height to its content once drawn; until then
        (or where a notebook forbids it) the frame is as tall as a wide cell needs.
        """
        return (f'<iframe srcdoc="{attribute_value(self.html)}" class="autograd-step-player" '
                f'style="width: 100%; height: 560px; border: 1px solid #ddd" '
                f'title="the pass, step by step"></iframe>')

    def __repr__(self):
        return f"StepPlayer({len(self.html)} characters of HTML; .save(path) writes it)"


def _page(svg, data, title, help_html):
    """The HTML page: the SVG inline, the steps as JSON, the script that moves between them."""
    svg = svg[svg.index("<svg"):]
    return _TEMPLATE.format(title=markup(title), svg=svg, data=script_json(data),
                            count=len(data["steps"]), help=help_html)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  html, body {{ margin: 0; height: 100%; }}
  body {{ font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; color: #222;
         display: flex; flex-direction: column; box-sizing: border-box; padding: 8px 12px; }}
  body.embedded {{ height: auto; }}
  #controls {{ display: flex; align-items: center; gap: 8px; flex-wrap: wrap; flex: none; }}
  #controls button {{ font-size: 18px; min-width: 44px; }}
  #slider {{ flex: 1; min-width: 160px; }}
  #step-number {{ min-width: 9em; font-size: 18px; }}
  #step-text {{ font-size: 24px; margin: 8px 0 2px; min-height: 1.3em; flex: none; }}
  #help {{ color: #666; font-size: 13px; flex: none; }}
  #graph {{ flex: 1; min-height: 0; position: relative; overflow: hidden; cursor: grab;
           touch-action: none; }}
  #graph svg {{ position: absolute; left: 0; top: 0; width: 100%; height: 100%; }}
  body.embedded #graph {{ flex: none; }}
  #graph svg text {{ font-family: "DejaVu Sans Mono", Menlo, Consolas, "Courier New", monospace; }}
  #graph g.edge.current path, #graph g.edge.current polyline {{ stroke: #d62728; stroke-width: 3px; }}
  #graph g.edge.current polygon {{ stroke: #d62728; fill: #d62728; }}
  #graph g.edge.current text {{ fill: #d62728; font-weight: bold; }}
  #graph g.node.current > polygon, #graph g.node.current > path {{ stroke: #d62728; stroke-width: 3px; }}
</style>
</head>
<body>
<div id="controls">
  <button id="first" title="the forward pass (Home)">&#x21E4;</button>
  <button id="previous" title="one step back (&#x2190;)">&#x25C0;</button>
  <button id="next" title="one step on (&#x2192;)">&#x25B6;</button>
  <button id="last" title="the last step (End)">&#x21E5;</button>
  <input id="slider" type="range" min="0" max="{count}" value="0" aria-label="step">
  <span id="step-number"></span>
  <button id="fit" title="fit the graph to the window (0)">fit</button>
</div>
<div id="step-text"></div>
<div id="help">{help}</div>
<div id="graph">
{svg}
</div>
<script type="application/json" id="steps">{data}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("steps").textContent);
  var count = data.steps.length;
  var graph = document.getElementById("graph");
  var svg = graph.querySelector("svg");
  var embedded = window.self !== window.top;
  var fieldTexts = data.nodes.map(function (id) {{   // a box's changing field is its last text
    var group = document.getElementById(id);
    var texts = group ? group.getElementsByTagName("text") : [];
    return texts.length ? texts[texts.length - 1] : null;
  }});
  var slider = document.getElementById("slider");
  var shown = 0;

  function mark(step, on) {{
    step.edges.concat([data.nodes[step.node]]).forEach(function (id) {{
      var element = document.getElementById(id);
      if (element) {{ element.classList.toggle("current", on); }}
    }});
  }}

  function show(k) {{
    k = Math.max(0, Math.min(count, k));
    if (shown > 0) {{ mark(data.steps[shown - 1], false); }}
    var values = data.nodes.map(function () {{ return ""; }});
    if (k > 0) {{ values[data.seed.node] = data.seed.value; }}
    for (var s = 0; s < k; s++) {{ values[data.steps[s].node] = data.steps[s].value; }}
    fieldTexts.forEach(function (text, i) {{ if (text) {{ text.textContent = values[i]; }} }});
    if (k > 0) {{ mark(data.steps[k - 1], true); }}
    document.getElementById("step-text").textContent = k === 0
      ? data.start : data.steps[k - 1].text;
    document.getElementById("step-number").textContent = "step " + k + " of " + count;
    slider.value = String(k);
    shown = k;
  }}

  // Zoom and pan: the viewBox is the part of the drawing shown.
  var whole = svg.viewBox.baseVal;
  var home = [whole.x, whole.y, whole.width, whole.height];
  var view = home.slice();
  function setView(v) {{ view = v; svg.setAttribute("viewBox", v.join(" ")); }}
  function fit() {{ setView(home.slice()); }}
  function unitsPerPixel() {{
    var box = svg.getBoundingClientRect();
    return Math.max(view[2] / box.width, view[3] / box.height);
  }}
  function zoomAt(factor, clientX, clientY) {{
    var box = svg.getBoundingClientRect();
    var u = unitsPerPixel();
    var cx = view[0] + view[2] / 2 + (clientX - box.left - box.width / 2) * u;
    var cy = view[1] + view[3] / 2 + (clientY - box.top - box.height / 2) * u;
    var w = Math.min(home[2] * 4, Math.max(home[2] / 40, view[2] / factor));
    var scale = w / view[2];
    setView([cx - (cx - view[0]) * scale, cy - (cy - view[1]) * scale, w, view[3] * scale]);
  }}
  function zoomCentre(factor) {{
    var box = svg.getBoundingClientRect();
    zoomAt(factor, box.left + box.width / 2, box.top + box.height / 2);
  }}
  graph.addEventListener("wheel", function (event) {{
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX, event.clientY);
  }}, {{ passive: false }});
  var drag = null;
  graph.addEventListener("pointerdown", function (event) {{
    drag = {{ x: event.clientX, y: event.clientY, view: view.slice(), u: unitsPerPixel() }};
    graph.setPointerCapture(event.pointerId);
  }});
  graph.addEventListener("pointermove", function (event) {{
    if (!drag) {{ return; }}
    setView([drag.view[0] - (event.clientX - drag.x) * drag.u,
             drag.view[1] - (event.clientY - drag.y) * drag.u, drag.view[2], drag.view[3]]);
  }});
  graph.addEventListener("pointerup", function () {{ drag = null; }});
  graph.addEventListener("dblclick", fit);

  // Standalone, the graph fills the window below the controls; in a notebook's
  // frame it takes the frame's width at its own proportions, and the frame
  // takes the page's height.
  function size() {{
    if (!embedded) {{ return; }}
    document.body.classList.add("embedded");
    graph.style.height = Math.round(graph.clientWidth * home[3] / home[2]) + "px";
    try {{
      var frame = window.frameElement;
      if (frame) {{ frame.style.height = (document.documentElement.scrollHeight + 4) + "px"; }}
    }} catch (error) {{ /* a frame of another origin: it keeps its height */ }}
  }}
  window.addEventListener("resize", size);
  size();

  document.getElementById("first").addEventListener("click", function () {{ show(0); }});
  document.getElementById("previous").addEventListener("click", function () {{ show(shown - 1); }});
  document.getElementById("next").addEventListener("click", function () {{ show(shown + 1); }});
  document.getElementById("last").addEventListener("click", function () {{ show(count); }});
  document.getElementById("fit").addEventListener("click", fit);
  slider.addEventListener("input", function () {{ show(parseInt(slider.value, 10)); }});
  document.addEventListener("keydown", function (event) {{
    var moves = {{ ArrowRight: shown + 1, ArrowLeft: shown - 1, Home: 0, End: count }};
    if (event.key in moves && event.target !== slider) {{
      event.preventDefault();
      show(moves[event.key]);
    }} else if (event.key === "+" || event.key === "=") {{ zoomCentre(1.2);
    }} else if (event.key === "-") {{ zoomCentre(1 / 1.2);
    }} else if (event.key === "0") {{ fit(); }}
  }});
  show(0);
}})();
</script>
</body>
</html>
"""
