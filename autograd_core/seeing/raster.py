"""SVG to PNG, and PNG frames to an animated GIF, in this process with no system package.

PNG comes from ``resvg-py`` (the ``render`` extra): resvg, a maintained Rust
SVG renderer, as one abi3 wheel for every CPython, with no system library
(cairosvg needs the system's libcairo). Two things it needs told:

- ``dpi=96``: Graphviz sizes its SVG in points (``width="300pt"``), which
  resvg cannot size at its default dpi.
- A font: resvg draws text with the system's fonts, and a machine with none
  (a fresh container, a CI image) would get pictures with every label
  silently missing. So it is given DejaVu Sans Mono, shipped in this package
  (``fonts/``, with its licence), and no system font at all: the same
  picture on every machine. It is monospace, as the ``Courier`` the DOT asks
  for, so the text fits the boxes Graphviz sized for it.

Pillow (also in the ``render`` extra) reads the PNGs back for the frames of
a pass (``compose``) and writes the GIF (``gif``).
"""

import io
import math
import numbers
import os
import re

FONT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts", "DejaVuSansMono.ttf")
FONT_FAMILY = "DejaVu Sans Mono"

#: The largest PNG drawn, in pixels (about 320 MB while it is drawn); a bigger
#: one is refused before any memory is taken, with what to do instead.
MAX_PIXELS = 80_000_000



def svg_to_png(svg, scale=2, where="svg_to_png"):
    """The PNG bytes of ``svg`` (text) at ``scale`` times its size, on white."""
    scale = check_scale(scale, f"{where}(scale=...)")
    _check_size(svg, scale, where)
    return _rasterize(svg, scale, "white", where)


def svg_to_image(svg, zoom=1, background="white", where="svg_to_image", mode="RGBA"):
    """``svg`` as a Pillow image in ``mode`` at ``zoom`` times its size; ``background=None``: transparent."""
    from PIL import Image

    _check_size(svg, zoom, where)
    return Image.open(io.BytesIO(_rasterize(svg, zoom, background, where))).convert(mode)


def _rasterize(svg, zoom, background, where):
    try:
        import resvg_py
    except ImportError:
        raise ImportError(f"{where}: PNG output needs resvg-py: pip install "
                          f"'autograd-core[render]' (render_svg needs no rasterizer)") from None
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=svg, zoom=zoom, dpi=96, background=background,
            skip_system_fonts=True, font_files=[FONT_FILE], font_family=FONT_FAMILY,
            monospace_family=FONT_FAMILY, sans_serif_family=FONT_FAMILY,
            serif_family=FONT_FAMILY)
    except ValueError as error:
        raise ValueError(f"{where}: the SVG could not be turned into PNG: {error}") from None
    return bytes(png)


def pixel_size(svg, scale):
    """(width, height) in pixels of ``svg`` drawn at ``scale``, or None if it declares no size."""
    found = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"', svg)
    if not found:
        return None
    width, width_unit, height, height_unit = found.groups()
    # 96 pixels to the inch, 72 points: a point is 4/3 of a pixel.
    return (float(width) * (4 / 3 if width_unit == "pt" else 1) * scale,
            float(height) * (4 / 3 if height_unit == "pt" else 1) * scale)


def _check_size(svg, scale, where):
    """Refuse a picture of more than ``MAX_PIXELS`` pixels, naming its size and the way out."""
    size = pixel_size(svg, scale)
    if size is None:
        return
    width_px, height_px = size
    if width_px * height_px > MAX_PIXELS:
        raise ValueError(
            f"{where}: the picture would be {width_px:,.0f} × {height_px:,.0f} pixels at "
            f"scale={scale:g}, more than {MAX_PIXELS:,} pixels; use a smaller scale, "
            f"render_svg (which any size suits), or for a network nn.render_layers_png")


def check_scale(scale, where):
    """``scale`` as a float, or ValueError naming ``where``: a positive, finite factor."""
    if (isinstance(scale, bool) or not isinstance(scale, numbers.Real)
            or not math.isfinite(scale) or not 0 < scale <= 10):
        raise ValueError(f"{where}: expected a number above 0 and at most 10, got {scale!r}")
    return float(scale)
