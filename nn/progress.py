"""A one-line progress display that rewrites itself (with a carriage return)."""

import sys
import time
import warnings


class ProgressLine:
    """Shows ``epoch 120/500  [#####.....]  loss 0.0123`` on one line.

    On a terminal the line is redrawn in place at most every ``interval``
    seconds. When ``stream`` is not a terminal (a log file, a pipe, CI),
    carriage returns would pile up into one garbled line, so only the final
    state is written; pass ``redraw=True`` to force redrawing. The stream is
    standard error by default; ``finish()`` draws the last state and ends the
    line. A stream that fails to write (closed, a broken pipe) does not
    stop training: the display switches itself off with a warning.
    """

    BAR_WIDTH = 20

    def __init__(self, total, stream=None, interval=0.1, redraw=None):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.redraw = _is_terminal(self.stream) if redraw is None else redraw
        self._last_draw = time.monotonic()
        self._width = 0
        self._line_open = False     # drawn on, not yet ended with a newline
        self.failed = None          # the error that switched the display off

    def update(self, epoch, loss):
        """Redraw if redrawing and ``interval`` seconds have passed since the last drawing."""
        if not self.redraw:
            return
        now = time.monotonic()
        if now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(epoch, loss, end="")

    def finish(self, epoch, loss, note=""):
        self._draw(epoch, loss, end=note + "\n")

    def abandon(self, note=""):
        """End a line already drawn on (with ``note``), so that what follows starts on its own."""
        if self._line_open:
            self._write(note + "\n")

    def _draw(self, epoch, loss, end):
        done = round(self.BAR_WIDTH * epoch / self.total) if self.total else self.BAR_WIDTH
        bar = "#" * done + "." * (self.BAR_WIDTH - done)
        text = f"epoch {epoch}/{self.total}  [{bar}]  loss {loss:.6g}"
        # Pad with spaces so a shorter line fully covers the one before it.
        padding = " " * max(0, self._width - len(text))
        self._width = len(text)
        start = "\r" if self.redraw else ""
        self._write(start + text + padding + end)

    def _write(self, text):
        if self.failed is not None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except Exception as error:      # the display is a convenience; training goes on
            self.failed = error
            warnings.warn(f"the progress display stopped: writing to its stream failed "
                          f"({type(error).__name__}: {error})", RuntimeWarning, stacklevel=4)
            return
        self._line_open = not text.endswith("\n")


def _is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
