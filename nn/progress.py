"""A one-line progress display that rewrites itself (with a carriage return)."""

import sys
import time


class ProgressLine:
    """Shows ``epoch 120/500  loss 0.0123`` on one line, redrawn at most every ``interval`` seconds.

    Writes to ``stream`` (standard error by default); ``finish()`` draws the
    last state and ends the line.
    """

    def __init__(self, total, stream=None, interval=0.1):
        self.total = total
        self.stream = stream
        self.interval = interval
        self._last_draw = time.monotonic()
        self._width = 0

    def update(self, epoch, loss):
        """Redraw if ``interval`` seconds have passed since the last drawing."""
        now = time.monotonic()
        if now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(epoch, loss, end="")

    def finish(self, epoch, loss, note=""):
        self._draw(epoch, loss, end=note + "\n")

    def _draw(self, epoch, loss, end):
        stream = self.stream if self.stream is not None else sys.stderr
        text = f"epoch {epoch}/{self.total}  loss {loss:.6g}"
        # Pad with spaces so a shorter line fully covers the one before it.
        padding = " " * max(0, self._width - len(text))
        self._width = len(text)
        stream.write("\r" + text + padding + end)
        stream.flush()
