"""A web page that steps through the backward pass, one chain-rule step per key press.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> player = backward_player(z)          # player.save("backward.html") writes it
    >>> player
    BackwardPlayer(... characters of HTML; .save(path) writes it)
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

In Jupyter the player shows itself (``_repr_html_``), with nothing to install.
Making the player runs the backward pass, as ``render_backward_frames`` does:
the gradients end as after ``root.backward()``, or as they were if drawing fails.
"""

import html
import json

from .files import write_atomically
from .graph import checked_picture_path, _draw_checks, _PictureOptions
from .renderers import choose_renderer, render_dot
from .topo import topological_order
from .names import format_number, node_names
from .trace import backward_steps

#: Prefix of the SVG ids the page's script looks up.
ID_PREFIX = "ag_"


def backward_player(root, renderer=None, **options):
    """A ``BackwardPlayer`` for the backward pass from ``root`` (options as ``to_dot``).

    ``collapse_neurons``, ``highlight`` and ``title`` are not options here:
    every step needs its own edge, and the page highlights and captions each.
    """
    picture_options = _draw_checks(root, options, "backward_player")
    renderer = choose_renderer(renderer)
    order = topological_order(root)
    index = {node: k for k, node in enumerate(order)}
    grads_before = [node.grad for node in order]
    digits = picture_options.digits

    def grad_text(x):
        return f"grad {format_number(x, digits)}"

    try:
        steps = []
        for step in backward_steps(root):
            steps.append({
                "text": str(step),
                "edge": f"{ID_PREFIX}e{index[step.node]}_{step.position}",
                "node": index[step.input],
                "grad": grad_text(step.input_grad),
            })
        before = [grad_text(grad) for grad in grads_before]
        root_seed = grad_text(root.grad)
        # Each box is laid out wide enough for the longest gradient it will show.
        longest = {node: max([before[k]] + ([root_seed] if node is root else []), key=len)
                   for k, node in enumerate(order)}
        for step in steps:
            node = order[step["node"]]
            longest[node] = max(longest[node], step["grad"], key=len)
        dot = picture_options.dot(root, grad_texts=longest, element_ids=ID_PREFIX)
        svg = render_dot(dot, renderer=renderer)
    except BaseException:
        for node, grad in zip(order, grads_before):
            node.grad = grad
        raise
    data = {
        "title": node_names(order)[root],
        "nodes": [f"{ID_PREFIX}n{k}" for k in range(len(order))],
        "before": before,
        "root": index[root],
        "rootGrad": root_seed,
        "steps": steps,
    }
    return BackwardPlayer(_page(svg, data))


class BackwardPlayer:
    """One self-contained HTML page that steps through a backward pass.

    Attributes:
        html: the page, as text.
    """

    def __init__(self, page):
        self.html = page

    def save(self, path):
        """Write the page to ``path`` (``.html`` or ``.htm``), whole or not at all; the path."""
        extension = ".htm" if str(path).lower().endswith(".htm") else ".html"
        path = checked_picture_path(path, extension, "BackwardPlayer.save")
        return write_atomically(path, self.html, "BackwardPlayer.save")

    def _repr_html_(self):
        """The page in an iframe, so that its ids, styles and keys stay its own in a notebook."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'style="width: 100%; height: 640px; border: 1px solid #ddd" '
                f'title="backward pass, step by step"></iframe>')

    def __repr__(self):
        return f"BackwardPlayer({len(self.html)} characters of HTML; .save(path) writes it)"


def _page(svg, data):
    """The HTML page: the SVG inline, the steps as JSON, the script that moves between them."""
    svg = svg[svg.index("<svg"):]
    # "<" never appears raw in the JSON, so no label can close the script element.
    data_json = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    title = html.escape(f"the backward pass from {data['title']}, step by step")
    return _TEMPLATE.format(title=title, svg=svg, data=data_json, count=len(data["steps"]))


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
<div id="help">&#x2192; / &#x2190; (or the buttons, or the slider): one chain-rule step.
The red edge is the step's; every box shows its gradient as it stands after the step
(grey: not reached yet).</div>
<div id="graph">
{svg}
</div>
<script type="application/json" id="steps">{data}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("steps").textContent);
  var count = data.steps.length;
  var gradTexts = data.nodes.map(function (id) {{
    var group = document.getElementById(id);
    if (!group) {{ return null; }}
    var texts = group.getElementsByTagName("text");
    for (var i = 0; i < texts.length; i++) {{
      if (texts[i].textContent.indexOf("grad ") === 0) {{ return texts[i]; }}
    }}
    return null;
  }});
  var slider = document.getElementById("slider");
  var shown = 0;

  function highlight(id, on) {{
    var element = id === null ? null : document.getElementById(id);
    if (element) {{ element.classList.toggle("current", on); }}
  }}

  function show(k) {{
    k = Math.max(0, Math.min(count, k));
    if (shown > 0) {{
      highlight(data.steps[shown - 1].edge, false);
      highlight(data.nodes[data.steps[shown - 1].node], false);
    }}
    var grads = data.before.slice();
    var reached = data.nodes.map(function () {{ return false; }});
    if (k > 0) {{ grads[data.root] = data.rootGrad; reached[data.root] = true; }}
    for (var s = 0; s < k; s++) {{
      grads[data.steps[s].node] = data.steps[s].grad;
      reached[data.steps[s].node] = true;
    }}
    gradTexts.forEach(function (text, i) {{
      if (!text) {{ return; }}
      text.textContent = k === 0 ? "" : grads[i];
      text.classList.toggle("not-reached", !reached[i]);
    }});
    if (k > 0) {{
      highlight(data.steps[k - 1].edge, true);
      highlight(data.nodes[data.steps[k - 1].node], true);
    }}
    document.getElementById("step-text").textContent = k === 0
      ? "the forward pass: every value computed, no gradient yet"
      : data.steps[k - 1].text;
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
