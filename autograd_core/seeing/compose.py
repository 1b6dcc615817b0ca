"""Raster frames of a pass, drawn once and patched: a GIF in about the time of a few PNGs.

Every frame of a pass has the same layout; only a few texts and the red edge
change from one frame to the next. So instead of rasterizing each frame's
whole SVG (seconds for a network's 40 frames), the layout is rasterized once
with every changing text left blank (the *base*, by resvg), and each
changing part, a box's number, the caption, a red edge and box, is drawn on
its own on a transparent patch (an *overlay*) with Pillow, from the same SVG
element: texts with the same font at the same size and anchor, lines and
arrows from the same coordinates (at four times the resolution, then reduced,
for smooth edges). A frame is the previous one with the rectangles that
changed restored from the base and every overlay now showing over them
composited back.

Needs resvg-py and Pillow (the ``render`` extra).
"""

import re

from .dot import HIGHLIGHT_COLOUR, text_ems
from .escape import left_to_right
from .layout import svg_size
from .raster import FONT_FILE, svg_to_image

#: Lines and arrows are drawn this many times finer, then reduced: anti-aliased.
SUPERSAMPLE = 4

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_TRANSFORM = re.compile(r'<g id="graph0" class="graph" transform="([^"]*)"')
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_TEXT = re.compile(r"<text([^>]*)>([^<]*)</text>")
_ANCHORS = {"middle": "ms", "start": "ls", "end": "rs"}


class Overlay:
    """A patch drawn over the base: its pixel rectangle (left, top, right, bottom) and RGBA image."""

    __slots__ = ("box", "image")

    def __init__(self, box, image):
        self.box, self.image = box, image


class Canvas:
    """The base picture of a layout, and the overlays drawn on it frame by frame.

    ``placeholders`` are the layout's texts that change (left blank in the base).
    """

    def __init__(self, layout, zoom, placeholders):
        from PIL import ImageFont

        self._font = ImageFont.truetype
        self.layout = layout
        _, _, (vx, vy, vw, vh) = svg_size(layout)
        self.view = (vx, vy)
        self.scale, self.translate = _parse_transform(_TRANSFORM.search(layout).group(1))
        self.texts = {}
        for match in _TEXT.finditer(layout):
            if match.group(2) in placeholders:
                self.texts[match.group(2)] = dict(_ATTRIBUTE.findall(match.group(1)))
        blank = _TEXT.sub(lambda m: m.group(0) if m.group(2) not in placeholders
                          else f"<text{m.group(1)}></text>", layout)
        self.base = svg_to_image(blank, zoom, "white", mode="RGB")
        self.pixels_per_unit = self.base.width / vw
        self.image = self.base.copy()
        self.shown = {}             # key -> Overlay now on the image
        self.fonts = {}

    # ------------------------------------------------------------------
    # Geometry: graph coordinates -> pixels.
    # ------------------------------------------------------------------

    def to_pixels(self, x, y):
        (sx, sy), (tx, ty) = self.scale, self.translate
        p = self.pixels_per_unit
        return (sx * (x + tx) - self.view[0]) * p, (sy * (y + ty) - self.view[1]) * p

    def pixel_box(self, points, margin):
        """The whole-pixel rectangle around ``points`` (in pixels), plus ``margin``, on the picture."""
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        w, h = self.base.size
        return (max(0, int(min(xs)) - margin), max(0, int(min(ys)) - margin),
                min(w, int(max(xs)) + 2 + margin), min(h, int(max(ys)) + 2 + margin))

    def font(self, size):
        key = round(size * 4) / 4
        if key not in self.fonts:
            self.fonts[key] = self._font(FONT_FILE, max(1.0, key))
        return self.fonts[key]

    def text_geometry(self, attributes, text, reserve=""):
        """(anchor point in pixels, font size in pixels, Pillow anchor, box) of an SVG text."""
        x, y = self.to_pixels(float(attributes["x"]), float(attributes["y"]))
        size = float(attributes.get("font-size", "14")) * self.pixels_per_unit * abs(self.scale[0])
        anchor = attributes.get("text-anchor", "start")
        width = max(text_ems(text), text_ems(reserve)) * size
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        box = self.pixel_box([(left, y - 1.05 * size), (left + width, y + 0.35 * size)], 2)
        return (x, y), size, _ANCHORS.get(anchor, "ls"), box

    # ------------------------------------------------------------------
    # The overlays.
    # ------------------------------------------------------------------

    def text_overlay(self, placeholder, text):
        """The text element of ``placeholder`` reading ``text``, over a box sized for the placeholder."""
        from PIL import Image, ImageDraw

        attributes = self.texts[placeholder]
        (x, y), size, anchor, box = self.text_geometry(attributes, text, reserve=placeholder)
        image = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), (0, 0, 0, 0))
        ImageDraw.Draw(image).text((x - box[0], y - box[1]), left_to_right(text), font=self.font(size),
                                   anchor=anchor, fill=attributes.get("fill", "black"))
        return Overlay(box, image)

    def edge_overlay(self, edge_id):
        """The edge ``edge_id`` (its line, arrow, label and the label's underline) in red."""
        group = _group(self.layout, edge_id, "edge")
        lines, polygons, texts = [], [], []
        for d in re.findall(r'<path [^>]*\sd="([^"]*)"', group):
            lines.append(_bezier_points(d))
        for points in re.findall(r'<polyline [^>]*points="([^"]*)"', group):
            lines.append(_points(points))
        for points in re.findall(r'<polygon [^>]*points="([^"]*)"', group):
            polygons.append(_points(points))
        for match in _TEXT.finditer(group):
            texts.append((dict(_ATTRIBUTE.findall(match.group(1))), _unescape(match.group(2))))
        return self._red(lines, polygons, texts, line_width=3)

    def box_overlay(self, node_id):
        """The outline of the box ``node_id`` in red."""
        group = _group(self.layout, node_id, "node")
        outline = _points(re.search(r'<polygon [^>]*points="([^"]*)"', group).group(1))
        return self._red([outline], [], [], line_width=2.5)

    def _red(self, lines, polygons, texts, line_width):
        """Lines, filled polygons and texts (graph coordinates) in red on a transparent patch."""
        from PIL import Image, ImageDraw

        lines = [[self.to_pixels(x, y) for x, y in line] for line in lines]
        polygons = [[self.to_pixels(x, y) for x, y in polygon] for polygon in polygons]
        placed = [self.text_geometry(attributes, text) + (text,) for attributes, text in texts]
        corners = [p for shape in lines + polygons for p in shape]
        corners += [corner for *_, box, _ in placed for corner in (box[:2], box[2:])]
        width = line_width * self.pixels_per_unit
        box = self.pixel_box(corners, int(width) + 3)
        s = SUPERSAMPLE
        size = (box[2] - box[0], box[3] - box[1])
        mask = Image.new("L", (size[0] * s, size[1] * s), 0)
        draw = ImageDraw.Draw(mask)

        def local(points):
            return [((x - box[0]) * s, (y - box[1]) * s) for x, y in points]

        for line in lines:
            draw.line(local(line), fill=255, width=max(1, round(width * s)), joint="curve")
        for polygon in polygons:
            draw.polygon(local(polygon), fill=255, outline=255, width=max(1, round(width * s / 3)))
        for (x, y), font_size, anchor, _, text in placed:
            draw.text(local([(x, y)])[0], text, font=self.font(font_size * s), anchor=anchor,
                      fill=255)
        patch = Image.new("RGBA", size, _rgb(HIGHLIGHT_COLOUR) + (0,))
        patch.putalpha(mask.reduce(s))
        return Overlay(box, patch)

    # ------------------------------------------------------------------
    # Frames.
    # ------------------------------------------------------------------

    def show(self, wanted):
        """Make the image show exactly the overlays ``wanted`` (key -> Overlay); the changed boxes."""
        changed = [overlay.box for key, overlay in self.shown.items()
                   if wanted.get(key) is not overlay]
        changed += [overlay.box for key, overlay in wanted.items()
                    if self.shown.get(key) is not overlay]
        self.shown = dict(wanted)
        for box in changed:
            self.image.paste(self.base.crop(box), box[:2])
            for overlay in self.shown.values():
                _composite_within(self.image, overlay, box)
        return changed


def _composite_within(image, overlay, box):
    """Composite the part of ``overlay`` inside ``box`` onto ``image``."""
    left, top, right, bottom = overlay.box
    x0, y0 = max(left, box[0]), max(top, box[1])
    x1, y1 = min(right, box[2]), min(bottom, box[3])
    if x0 >= x1 or y0 >= y1:
        return
    patch = overlay.image.crop((x0 - left, y0 - top, x1 - left, y1 - top))
    image.paste(patch, (x0, y0), patch)


def _group(svg, element_id, kind):
    found = re.search(rf'<g id="{re.escape(element_id)}" class="{kind}">(.*?)</g>', svg, re.S)
    if found is None:
        raise ValueError(f"the layout has no {kind} {element_id!r}")
    return found.group(1)


def _points(text):
    numbers = [float(n) for n in _NUMBER.findall(text)]
    return list(zip(numbers[0::2], numbers[1::2]))


def _bezier_points(d, steps=12):
    """The points along Graphviz's path ``M p0 C p1 p2 p3 p4 p5 p6 …`` (cubic pieces), flattened."""
    points = _points(d)
    if not points:
        return []
    line = [points[0]]
    for k in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[k - 1], points[k], points[k + 1], points[k + 2]
        for i in range(1, steps + 1):
            t = i / steps
            u = 1 - t
            line.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                         u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return line


def _unescape(text):
    import html
    return html.unescape(text)


def _rgb(colour):
    return tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))


def _parse_transform(transform):
    """(scale, translate) of Graphviz's ``scale(a b) rotate(0) translate(x y)``."""
    scale = re.search(r"scale\(([-\d.e]+)[ ,]*([-\d.e]*)\)", transform)
    translate = re.search(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)", transform)
    sx = float(scale.group(1)) if scale else 1.0
    sy = float(scale.group(2)) if scale and scale.group(2) else sx
    tx, ty = (float(translate.group(1)), float(translate.group(2))) if translate else (0.0, 0.0)
    return (sx, sy), (tx, ty)
