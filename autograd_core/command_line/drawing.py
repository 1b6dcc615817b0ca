"""``autograd-core draw``: a picture (SVG or PNG) and a page that steps through the pass.

Nothing is written unless everything is: the paths are checked first (their
extensions, their folders, two names for one file), the expression is read
once (``-`` reads standard input once), every file is drawn in memory, and
only then are they written together (``files.write_files_atomically``).

A picture has at most ``MAX_NODES`` boxes, and Graphviz gets at most
``DOT_TIMEOUT`` seconds to lay it out; past either, the refusal is one line
saying what to do instead.
"""

import os

from autograd_core import backward_player, forward_player, render_png, render_svg
from autograd_core.files import check_writable, write_files_atomically
from autograd_core.seeing import GraphTooLargeError, MAX_NODES, RenderError, RendererNotFoundError

PICTURES = (".svg", ".png")
PAGES = (".html", ".htm")


class DrawingError(Exception):
    """Something ``draw`` cannot do, said in one line for a person at a terminal."""


def check_outputs(picture, page, wrt):
    """Refuse, before anything is read or drawn, outputs that could not all be written."""
    if not picture and not page:
        raise DrawingError("draw: say where to draw: -o FILE.svg, -o FILE.png or "
                           "--player FILE.html")
    if wrt and not page:
        raise DrawingError("draw: --wrt goes with --player (the forward pass for d/dNAME)")
    if picture and os.path.splitext(picture)[1].lower() not in PICTURES:
        raise DrawingError(f"-o {picture!r:.80}: a picture is written as .svg or .png")
    if page and os.path.splitext(page)[1].lower() not in PAGES:
        raise DrawingError(f"--player {page!r:.80}: the page is written as .html (or .htm)")
    try:
        check_writable([path for path in (picture, page) if path], "draw")
    except (OSError, ValueError) as error:
        raise DrawingError(one_line(error)) from None


def draw(root, picture=None, page=None, wrt=None):
    """Draw ``root`` to ``picture`` (.svg or .png) and ``page`` (.html); the paths written.

    ``wrt`` (a node) makes the page step through the forward pass d/d``wrt``.
    Every file is made in memory first; a failure writes none of them.
    """
    contents = {}
    try:
        if page:
            player = forward_player(root, wrt) if wrt is not None else backward_player(root)
            contents[page] = player.html        # the player runs its own pass
        if picture:
            root.backward()
            render = render_png if picture.lower().endswith(".png") else render_svg
            contents[picture] = render(root)
        paths = [path for path in (picture, page) if path]
        write_files_atomically({path: contents[path] for path in paths}, "draw")
    except GraphTooLargeError as error:
        if error.crossings is not None:
            raise DrawingError(
                f"draw: the picture's arrows would cross {error.crossings:,} columns on their way "
                f"(a value used all along a long chain; Graphviz would take minutes to lay it "
                f"out); draw a shorter expression, or print every step with trace") from None
        count = f"{error.count:,}" if error.count is not None else "too many"
        raise DrawingError(
            f"draw: the picture would have {count} boxes, more than the {MAX_NODES} a picture "
            f"shows (Graphviz would take minutes to lay it out); draw a shorter expression, "
            f"or print every step with trace") from None
    except RendererNotFoundError:
        raise DrawingError("draw: there is no Graphviz here to draw with: pip install "
                           "'autograd-core[render]', or install Graphviz (apt-get install "
                           "graphviz, brew install graphviz)") from None
    except RenderError as error:
        raise DrawingError(f"draw: {one_line(error)}") from None
    except ImportError:
        raise DrawingError("draw: a PNG needs resvg-py: pip install 'autograd-core[render]' "
                           "(an SVG, -o FILE.svg, needs only Graphviz)") from None
    except OSError as error:
        raise DrawingError(one_line(error)) from None
    return paths


def one_line(error):
    """An exception's message on one line (a renderer's advice can span several)."""
    lines = [line.strip(" -") for line in str(error).splitlines() if line.strip()]
    text = " ".join(lines) or type(error).__name__
    return text if len(text) <= 400 else text[:400] + "…"
