"""The backward pass drawn frame by frame: a folder of SVG or PNG frames, or one animated GIF.

Frame k shows every gradient as it stands after chain-rule step k, the edge
of step k in red with the input it updates, and the step written out as the
caption. The pass is computed for the pictures alone (``passes``): no
``grad`` changes, and every number is this pass's own, from zero; a box the
pass has not reached shows no number.

Graphviz lays the graph out once, with a placeholder as wide as the longest
number each box will show and as the longest caption; each SVG frame is that
layout with the placeholders replaced and its edge and box drawn red, so only
the numbers, the red edge and the caption move. PNG frames and the GIF are
rasterized once and patched (``compose``).

Frames are written one at a time as they are drawn (memory does not grow
with their number), into a fresh folder that takes the old one's place only
when all are written (``files.new_folder``): no stale frame of an earlier run,
no partial set after an error or a Ctrl-C.
"""

import io
import numbers
import os
import re

from ..files import new_folder, write_atomically
from .dot import HIGHLIGHT_COLOUR, MONOSPACE_ADVANCE, text_ems
from .escape import markup
from .layout import drawn_graph, layout_svg
from .options import PictureOptions
from .passes import backward_pass
from .raster import check_scale, pixel_size
from .renderers import choose_renderer

#: Prefix of the SVG ids of a frame's boxes and edges.
FRAME_IDS = "frame_"


def render_backward_frames(root, directory, renderer=None, format="svg", scale=2, **options):
    """Draw the backward pass from ``root``, one picture per chain-rule step, into ``directory``.

    The files are ``step_001.svg``, ``step_002.svg``, … (``format="png"``:
    ``.png`` at ``scale``, a slide's 1920×1080 at 2); returns their paths,
    one per step. ``directory`` is replaced as a whole once every frame is
    written; it may be new, empty, or hold earlier frames only. Options as
    ``to_dot`` (``highlight`` and ``title`` are set for each frame). With
    ``collapse_neurons`` (the default on a slide) a neuron's steps through
    its net input are shown as one, on the neuron's edge. Changes no
    ``grad``: the pass is computed for the pictures.

    Returns:
        list: the paths written, one per chain-rule step, in ``directory``.

    Raises:
        ValueError: a ``format`` other than ``"svg"`` or ``"png"``, or an option
            ``to_dot`` refuses; ``GraphTooLargeError`` for more than ``max_nodes`` boxes.
        TypeError: ``highlight`` or ``title``, which each frame sets.
        FileExistsError: a ``directory`` holding other files than frames.
        RendererNotFoundError, RenderError: as ``render_svg``.
        OSError: a folder that cannot be made or written (the old one is kept).

    Examples:
        >>> import tempfile, os
        >>> from autograd_core import Value
        >>> x = Value(2.0, label="x")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     paths = render_backward_frames(x * 3, os.path.join(folder, "frames"))
        ...     [os.path.basename(p) for p in paths], x.grad
        (['step_001.svg'], 0.0)
    """
    where = "render_backward_frames"
    if format not in ("svg", "png"):
        raise ValueError(f"{where}(format=...): expected 'svg' or 'png', got {format!r}")
    picture_options = frame_options(where, options)
    if format == "png":
        scale = check_scale(scale, f"{where}(scale=...)")
    drawn = drawn_graph(root, picture_options)
    renderer = choose_renderer(renderer)
    with new_folder(directory, where) as folder:
        film = Film(drawn, picture_options, renderer, forward_frame=False)
        frames = film.svg_frames() if format == "svg" else film.png_frames(scale)
        count = 0
        for count, picture in enumerate(frames, start=1):
            with open(os.path.join(folder, _frame_name(count, format)), "xb") as file:
                file.write(picture.encode("utf-8") if isinstance(picture, str) else picture)
    return [os.path.join(os.fspath(directory), _frame_name(k, format)) for k in range(1, count + 1)]


def render_backward_gif(root, path=None, renderer=None, scale=None, seconds_per_step=1.5,
                        **options):
    """The backward pass from ``root`` as one animated GIF; its bytes, also written to ``path``.

    The first frame shows the forward pass (no gradients yet), then one frame
    per chain-rule step as in ``render_backward_frames``, and the last frame
    is held three times as long. It loops forever: one file for any slide
    tool. ``scale`` multiplies the SVG's size (default 1; on a slide 2, for
    1920×1080). Needs Pillow (in the ``render`` extra). Changes no ``grad``.
    Each frame after the first holds only what changed, so the notes' 2-2-2
    network takes about twice the time of one PNG and 300 KB.

    Returns:
        bytes: the GIF file's bytes.

    Raises:
        ImportError: without Pillow or the rasterizer (the ``render`` extra).
        ValueError: a ``path`` not ending in ``.gif``, a ``seconds_per_step``
            that is not positive, an option ``to_dot`` refuses, or a picture
            wider or taller than a GIF can be (65,535 pixels), before any frame is drawn.
        GraphTooLargeError, RendererNotFoundError, RenderError: as ``render_svg``.

    Examples:
        >>> from autograd_core import Value
        >>> render_backward_gif(Value(2.0, label="x") * 3)[:6]
        b'GIF89a'
    """
    from .gif import GifWriter, check_gif_size
    from .pictures import checked_picture_path

    where = "render_backward_gif"
    if path is not None:
        path = checked_picture_path(path, ".gif", where)
    seconds = _checked_positive(seconds_per_step, f"{where}(seconds_per_step=...)")
    picture_options = frame_options(where, options)
    if scale is None:
        scale = 2 if picture_options.slide else 1
    scale = check_scale(scale, f"{where}(scale=...)")
    drawn = drawn_graph(root, picture_options)
    film = Film(drawn, picture_options, choose_renderer(renderer), forward_frame=True)
    check_gif_size(*pixel_size(film.layout, scale), scale, where)
    writer = None
    for image, changed in film.raster_frames(scale):
        if writer is None:
            writer = GifWriter(film.palette_source(), 1000 * seconds)
            writer.add(image)
        else:
            writer.add(image, changed or [(0, 0, 1, 1)])
    gif = writer.finish()
    if path is not None:
        write_atomically(path, gif, where)
    return gif


def frame_options(where, options):
    """The picture options of a step-by-step picture, checked before any step is drawn."""
    for name in ("highlight", "title"):
        if name in options:
            raise TypeError(f"{where}: {name}= is set for each step; leave it out")
    return PictureOptions.from_keywords(where, options)


class Film:
    """The frames of the backward pass over ``drawn``: one layout, each frame's texts and marks."""

    def __init__(self, drawn, options, renderer, forward_frame):
        self.drawn = drawn
        self.shown = backward_pass(drawn, options.digits)
        self.forward_frame = forward_frame
        longest = self.shown.longest_texts()
        self.placeholders = {node: _placeholder(k, _cells(longest.get(node, "")))
                             for k, node in enumerate(drawn.boxes)}
        captions = [self.shown.start] + [f"step {k}: {step.text}"
                                         for k, step in enumerate(self.shown.steps, start=1)]
        self.title = _placeholder(len(drawn.boxes), max(map(_cells, captions)))
        self.layout = layout_svg(drawn, options.with_changes(title=self.title), renderer,
                                 grad_texts=self.placeholders, element_ids=FRAME_IDS)

    def states(self):
        """(texts, caption, step) of each frame: the forward frame first, if any."""
        states = self.shown.states()
        if not self.forward_frame:
            next(states)
        return states

    def svg_frames(self):
        """Each frame's SVG text, one at a time."""
        for texts, caption, step in self.states():
            shown = {self.placeholders[node]: text for node, text in texts.items()}
            shown[self.title] = caption
            svg = re.sub(r"(<text[^>]*>)(QZ\d+ZQ*)</text>",
                         lambda m: m.group(1) + markup(shown.get(m.group(2), "")) + "</text>",
                         self.layout)
            yield svg if step is None else _redden(svg, step, self.drawn)

    def png_frames(self, scale):
        """Each frame as PNG bytes, one at a time."""
        for image, _ in self.raster_frames(scale):
            out = io.BytesIO()
            image.save(out, format="PNG", compress_level=4)
            yield out.getvalue()

    def raster_frames(self, scale):
        """(image, changed rectangles) of each frame: one image, patched from frame to frame.

        The first frame's changed rectangles are None (all of it is new).
        Overlays no longer shown are let go, so memory does not grow with the
        number of frames.
        """
        from .compose import Canvas

        placeholders = set(self.placeholders.values()) | {self.title}
        self.canvas = canvas = Canvas(self.layout, scale, placeholders)
        cache = {}
        first = True
        for texts, caption, step in self.states():
            changed = canvas.show(self._overlays(canvas, cache, texts, caption, step))
            if first:
                self.first_overlays = list(cache.values())
            yield canvas.image, (None if first else changed)
            first = False
            still_shown = set(map(id, canvas.shown.values()))
            cache = {key: o for key, o in cache.items() if id(o) in still_shown}

    def _overlays(self, canvas, cache, texts, caption, step):
        wanted = {}
        for node, text in texts.items():
            key = ("text", node, text)
            if key not in cache:
                cache[key] = canvas.text_overlay(self.placeholders[node], text)
            wanted[("text", node)] = cache[key]
        key = ("caption", caption)
        if key not in cache:
            cache[key] = canvas.text_overlay(self.title, caption)
        wanted[("caption",)] = cache[key]
        if step is not None:
            for k, edge_id in enumerate(step.edges):
                key = ("edge", edge_id)
                if key not in cache:
                    cache[key] = canvas.edge_overlay(FRAME_IDS + edge_id)
                wanted[("edge", k)] = cache[key]
            key = ("box", step.node)
            if key not in cache:
                cache[key] = canvas.box_overlay(FRAME_IDS + self.drawn.ids[step.node])
            wanted[("box",)] = cache[key]
        return wanted

    def palette_source(self):
        """The picture with a number and a red edge and box drawn over it: every colour a
        frame can hold (the first frame shows no red)."""
        canvas = self.canvas
        sample = canvas.base.copy()
        extras = list(self.first_overlays)
        if self.shown.steps:
            step = self.shown.steps[0]
            extras += [canvas.edge_overlay(FRAME_IDS + step.edges[0]),
                       canvas.box_overlay(FRAME_IDS + self.drawn.ids[step.node]),
                       canvas.text_overlay(self.placeholders[step.node], step.value)]
        for overlay in extras:
            _paste(sample, overlay)
        return sample


def _paste(image, overlay):
    image.paste(overlay.image, overlay.box[:2], overlay.image)


def _redden(svg, step, drawn):
    """``svg`` with the step's edges and the box it updates drawn in red."""
    def redden_edge(match):
        group = match.group(0)
        group = group.replace('stroke="black"', f'stroke="{HIGHLIGHT_COLOUR}" stroke-width="3"')
        group = group.replace('fill="black"', f'fill="{HIGHLIGHT_COLOUR}"')
        return group.replace("<text ", f'<text fill="{HIGHLIGHT_COLOUR}" ')

    def redden_box(match):
        return match.group(0).replace(
            'stroke="black"', f'stroke="{HIGHLIGHT_COLOUR}" stroke-width="2.5"', 1)

    for edge_id in step.edges:
        svg = re.sub(rf'<g id="{FRAME_IDS}{edge_id}" class="edge">.*?</g>', redden_edge, svg,
                     count=1, flags=re.S)
    node_id = FRAME_IDS + drawn.ids[step.node]
    return re.sub(rf'<g id="{node_id}" class="node">.*?<polygon [^>]*>', redden_box, svg,
                  count=1, flags=re.S)


def _frame_name(number, format):
    return f"step_{number:03d}.{format}"


def _placeholder(k, width):
    """A text unique to ``k``, of ``width`` plain letters (or a little more): its box is sized
    for it exactly as for any other text of that many characters in a monospace font."""
    token = f"QZ{k}Z"
    return token + "Q" * max(0, width - len(token))


def _cells(text):
    """The monospace cells ``text`` takes (a wide character two)."""
    return round(text_ems(text) / MONOSPACE_ADVANCE)


def _checked_positive(x, where):
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not x > 0 or x == float("inf"):
        raise ValueError(f"{where}: expected a positive number, got {x!r}")
    return float(x)
