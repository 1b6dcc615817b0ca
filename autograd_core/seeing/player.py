"""A web page that steps through the backward pass, one chain-rule step per key press.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> player = backward_player(z)          # player.save("backward.html") writes it
    >>> player
    StepPlayer(... characters of HTML; .save(path) writes it)
    >>> x.grad                               # making it ran the backward pass
    24.0

The page is one self-contained HTML file: the graph's SVG, the numbers of
every step and a few lines of JavaScript, all inline, with nothing fetched
from anywhere, so it opens from a USB stick in a lecture hall. → and ← (or
the buttons, or the slider) move one step:

- step 0 is the forward pass: every value, no gradient yet;
- step k draws the edge of the k-th chain-rule step in red, with the input
  it updates, every box shows its gradient as it stands after step k (grey
  until the pass reaches it), and the step is written out underneath, in
  exactly the words of ``print(step)`` for ``backward_steps``.

``forward_player(root, wrt)`` does the same for forward mode
(``forward_steps``): step k computes one more node's d/d``wrt``, its edges
from the inputs that depend on ``wrt`` in red.

In Jupyter the player shows itself (``_repr_html_``), with nothing to install.
Making the backward player runs the backward pass, as ``render_backward_frames`` does:
the gradients end as after ``root.backward()``, or as they were if drawing fails.
"""

import html
import json

from ..calculus import forward_steps
from ..core import Value, topological_order
from ..core.notation import format_number, node_names
from ..files import write_atomically
from .pictures import check_drawing, checked_picture_path
from .renderers import choose_renderer, render_dot
from .steps import backward_steps

#: Prefix of the SVG ids the page's script looks up.
ID_PREFIX = "ag_"


def backward_player(root, renderer=None, **options):
    """A ``StepPlayer`` for the backward pass from ``root`` (options as ``to_dot``).

    ``collapse_neurons``, ``highlight`` and ``title`` are not options here:
    every step needs its own edge, and the page highlights and captions each.

    Returns:
        StepPlayer: the page; ``.save(path)`` writes it, Jupyter shows it.

    Raises:
        TypeError: a ``root`` that is not a ``Value``.
        ValueError: the options ``to_dot`` refuses, and ``collapse_neurons``,
            ``highlight`` and ``title``.
        RendererNotFoundError: no Graphviz renderer on this machine.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> page = backward_player(x * 3).html
        >>> page.startswith("<!DOCTYPE html>"), x.grad
        (True, 3.0)
    """
    picture_options = check_drawing(root, options, "backward_player")
    renderer = choose_renderer(renderer)
    order = topological_order(root)
    index = {node: k for k, node in enumerate(order)}
    grads_before = [node.grad for node in order]

    def grad_text(x):
        return f"grad {format_number(x, picture_options.digits)}"

    try:
        steps = [{"text": str(step),
                  "edges": [f"{ID_PREFIX}e{index[step.node]}_{step.position}"],
                  "node": index[step.input],
                  "value": grad_text(step.input_grad)}
                 for step in backward_steps(root)]
        data = {
            "prefix": "grad ",
            "before": [grad_text(grad) for grad in grads_before],
            "seed": {"node": index[root], "value": grad_text(root.grad)},
            "steps": steps,
            "start": "the forward pass: every value computed, no gradient yet",
        }
        svg = _svg(picture_options, root, order, data, renderer)
    except BaseException:
        for node, grad in zip(order, grads_before):
            node.grad = grad
        raise
    title = f"the backward pass from {node_names(order)[root]}, step by step"
    return StepPlayer(_page(svg, data, title, _BACKWARD_HELP))


def forward_player(root, wrt, renderer=None, **options):
    """A ``StepPlayer`` page for the forward pass d·/d``wrt`` (options as ``to_dot``).

    Step k computes the derivative of one more node with respect to ``wrt``
    (``forward_steps``): its edges from every input that depends on ``wrt``
    are red, and each box shows its d/d``wrt`` as it stands. Nothing is
    changed: no ``.grad``.

    Returns:
        StepPlayer: the page; ``.save(path)`` writes it, Jupyter shows it.

    Raises:
        TypeError: a ``root`` or ``wrt`` that is not a ``Value``.
        ValueError: a ``wrt`` outside the graph of ``root``, or an option ``to_dot`` refuses.
        RendererNotFoundError: no Graphviz renderer on this machine.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> y = x * 3; y.label = "y"
        >>> "dy/dx = ∂y/∂x · dx/dx = 3 · 1 = 3" in forward_player(y, x).html
        True
    """
    picture_options = check_drawing(root, options, "forward_player")
    if not isinstance(wrt, Value):
        raise TypeError(f"forward_player(wrt=...): expected a Value of root's graph, "
                        f"got {type(wrt).__name__}: {wrt!r}")
    renderer = choose_renderer(renderer)
    order = topological_order(root)
    index = {node: k for k, node in enumerate(order)}
    steps_taken = list(forward_steps(root, wrt))
    if wrt not in index:
        raise ValueError("forward_player(wrt=...): wrt is not a node of root's graph, "
                         "so nothing depends on it")
    wrt_name = node_names(order)[wrt]

    def tangent_text(x):
        return f"d/d{wrt_name} {format_number(x, picture_options.digits)}"

    reached = {wrt}
    steps = []
    for step in steps_taken:
        node = step.node
        edges = [f"{ID_PREFIX}e{index[node]}_{position}"
                 for position, child in enumerate(node.inputs) if child in reached]
        reached.add(node)
        steps.append({"text": str(step), "edges": edges, "node": index[node],
                      "value": tangent_text(step.derivative)})
    data = {
        "prefix": f"d/d{wrt_name} ",
        "before": [tangent_text(0.0) for _ in order],
        "seed": {"node": index[wrt], "value": tangent_text(1.0)},
        "steps": steps,
        "start": f"every value computed; the forward pass for d/d{wrt_name} starts "
                 f"at d{wrt_name}/d{wrt_name} = 1",
    }
    svg = _svg(picture_options, root, order, data, renderer, field=f"d/d{wrt_name}")
    title = f"the forward pass for d/d{wrt_name}, step by step"
    return StepPlayer(_page(svg, data, title, _FORWARD_HELP.format(wrt=html.escape(wrt_name))))


def _svg(picture_options, root, order, data, renderer, field="grad"):
    """The graph's SVG, each box wide enough for the longest number it will show."""
    longest = {node: data["before"][k] for k, node in enumerate(order)}
    seed = order[data["seed"]["node"]]
    longest[seed] = max(longest[seed], data["seed"]["value"], key=len)
    for step in data["steps"]:
        node = order[step["node"]]
        longest[node] = max(longest[node], step["value"], key=len)
    data["nodes"] = [f"{ID_PREFIX}n{k}" for k in range(len(order))]
    dot = picture_options.dot(root, grad_texts=longest, element_ids=ID_PREFIX, field=field)
    return render_dot(dot, renderer=renderer)


_BACKWARD_HELP = (
    "&#x2192; / &#x2190; (or the buttons, or the slider): one chain-rule step. "
    "The red edge is the step's; every box shows its gradient as it stands after "
    "the step (grey: not reached yet).")
_FORWARD_HELP = (
    "&#x2192; / &#x2190; (or the buttons, or the slider): one node's d/d{wrt}. "
    "The red edges are the step's; every box shows its d/d{wrt} as it stands after "
    "the step (grey: not reached yet).")


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
        """The page in an iframe, so that its ids, styles and keys stay its own in a notebook."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'style="width: 100%; height: 640px; border: 1px solid #ddd" '
                f'title="backward pass, step by step"></iframe>')

    def __repr__(self):
        return f"StepPlayer({len(self.html)} characters of HTML; .save(path) writes it)"


def _page(svg, data, title, help_html):
    """The HTML page: the SVG inline, the steps as JSON, the script that moves between them."""
    svg = svg[svg.index("<svg"):]
    # "<" never appears raw in the JSON, so no label can close the script element.
    data_json = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return _TEMPLATE.format(title=html.escape(title), svg=svg, data=data_json,
                            count=len(data["steps"]), help=help_html)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; margin: 12px; color: #222; }}
  #controls {{ display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }}
  #controls button {{ font-size: 16px; min-width: 44px; }}
  #slider {{ flex: 1; min-width: 160px; }}
  #step-number {{ min-width: 9em; }}
  #step-text {{ font-size: 18px; margin: 10px 0; min-height: 1.4em; }}
  #help {{ color: #666; font-size: 12px; }}
  #graph svg {{ width: 100%; height: auto; max-height: 78vh; }}
  #graph g.edge.current path, #graph g.edge.current polyline {{ stroke: #d62728; stroke-width: 3px; }}
  #graph g.edge.current polygon {{ stroke: #d62728; fill: #d62728; }}
  #graph g.edge.current text {{ fill: #d62728; font-weight: bold; }}
  #graph g.node.current > polygon, #graph g.node.current > path {{ stroke: #d62728; stroke-width: 3px; }}
  #graph text.not-reached {{ fill: #aaaaaa; }}
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
  var fieldTexts = data.nodes.map(function (id) {{
    var group = document.getElementById(id);
    if (!group) {{ return null; }}
    var texts = group.getElementsByTagName("text");
    for (var i = 0; i < texts.length; i++) {{
      if (texts[i].textContent.indexOf(data.prefix) === 0) {{ return texts[i]; }}
    }}
    return null;
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
    var values = data.before.slice();
    var reached = data.nodes.map(function () {{ return false; }});
    if (k > 0) {{ values[data.seed.node] = data.seed.value; reached[data.seed.node] = true; }}
    for (var s = 0; s < k; s++) {{
      values[data.steps[s].node] = data.steps[s].value;
      reached[data.steps[s].node] = true;
    }}
    fieldTexts.forEach(function (text, i) {{
      if (!text) {{ return; }}
      text.textContent = k === 0 ? "" : values[i];
      text.classList.toggle("not-reached", !reached[i]);
    }});
    if (k > 0) {{ mark(data.steps[k - 1], true); }}
    document.getElementById("step-text").textContent = k === 0
      ? data.start : data.steps[k - 1].text;
    document.getElementById("step-number").textContent = "step " + k + " of " + count;
    slider.value = String(k);
    shown = k;
  }}

  document.getElementById("first").addEventListener("click", function () {{ show(0); }});
  document.getElementById("previous").addEventListener("click", function () {{ show(shown - 1); }});
  document.getElementById("next").addEventListener("click", function () {{ show(shown + 1); }});
  document.getElementById("last").addEventListener("click", function () {{ show(count); }});
  slider.addEventListener("input", function () {{ show(parseInt(slider.value, 10)); }});
  document.addEventListener("keydown", function (event) {{
    var moves = {{ ArrowRight: shown + 1, ArrowLeft: shown - 1, Home: 0, End: count }};
    if (event.key in moves && event.target !== slider) {{
      event.preventDefault();
      show(moves[event.key]);
    }}
  }});
  show(0);
}})();
</script>
</body>
</html>
"""
