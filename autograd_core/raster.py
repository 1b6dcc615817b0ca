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

The GIF is assembled by Pillow (also in the ``render`` extra).
"""

import io
import math
import numbers
import os

FONT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts", "DejaVuSansMono.ttf")
FONT_FAMILY = "DejaVu Sans Mono"



def svg_to_png(svg, scale=2, where="svg_to_png"):
    """The PNG bytes of ``svg`` (text) at ``scale`` times its size, on white."""
    scale = check_scale(scale, f"{where}(scale=...)")
    try:
        import resvg_py
    except ImportError:
        raise ImportError(f"{where}: PNG output needs resvg-py: pip install "
                          f"'autograd-core[render]' (render_svg needs no rasterizer)") from None
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=svg, zoom=scale, dpi=96, background="white",
            skip_system_fonts=True, font_files=[FONT_FILE], font_family=FONT_FAMILY,
            monospace_family=FONT_FAMILY, sans_serif_family=FONT_FAMILY,
            serif_family=FONT_FAMILY)
    except ValueError as error:
        raise ValueError(f"{where}: the SVG could not be turned into PNG: {error}") from None
    return bytes(png)


def check_scale(scale, where):
    """``scale`` as a float, or ValueError naming ``where``: a positive, finite factor."""
    if (isinstance(scale, bool) or not isinstance(scale, numbers.Real)
            or not math.isfinite(scale) or not 0 < scale <= 10):
        raise ValueError(f"{where}: expected a number above 0 and at most 10, got {scale!r}")
    return float(scale)


def pngs_to_gif(pngs, seconds_per_frame=1.5):
    """One looping GIF of the PNG frames ``pngs``, each on a white canvas of the largest size.

    The last frame is held three times as long, so the loop pauses on the result.
    """
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("the GIF of the backward pass needs Pillow: "
                          "pip install 'autograd-core[render]'") from None
    if not pngs:
        raise ValueError("pngs_to_gif: no frames to animate")
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    frames = []
    for image in images:
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(image, ((width - image.width) // 2, 0))
        frames.append(canvas)
    milliseconds = round(1000 * seconds_per_frame)
    durations = [milliseconds] * (len(frames) - 1) + [3 * milliseconds]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, optimize=False)
    return out.getvalue()
