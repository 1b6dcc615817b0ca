"""Ctrl-C during training: the first one asks to stop, a second one interrupts.

While ``fit`` trains, it listens for Ctrl-C (SIGINT) with ``StopOnCtrlC``:

* the first Ctrl-C only sets ``stop_requested``; ``fit`` checks it after each
  update and stops there, so the parameters and the optimizer's state are
  always those of a whole number of updates, and the losses so far are kept;
* a second Ctrl-C raises ``KeyboardInterrupt`` at once, as Python does by
  default, except while the optimizer is writing new parameter values
  (inside ``updating()``): then it is raised as soon as that write is done,
  so no parameter is ever left half-updated.

Signal handlers can only be set from the main thread; elsewhere (and when
Ctrl-C is ignored) ``StopOnCtrlC`` changes nothing and Ctrl-C behaves as usual.
"""

import signal
import threading
from contextlib import contextmanager


class StopOnCtrlC:
    """A context manager that turns the first Ctrl-C into a request to stop."""

    def __init__(self):
        self.stop_requested = False
        self._previous = None
        self._installed = False
        self._updating = False
        self._interrupt_pending = False

    def __enter__(self):
        if threading.current_thread() is not threading.main_thread():
            return self
        previous = signal.getsignal(signal.SIGINT)
        if previous in (signal.SIG_IGN, None):
            return self
        self._previous = previous
        signal.signal(signal.SIGINT, self._on_ctrl_c)
        self._installed = True
        return self

    def __exit__(self, *exc_info):
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False
        return False

    @contextmanager
    def updating(self):
        """Within this block a second Ctrl-C waits until the block has finished."""
        self._updating = True
        try:
            yield
        finally:
            self._updating = False
        if self._interrupt_pending:
            self._interrupt_pending = False
            raise KeyboardInterrupt

    def _on_ctrl_c(self, signum, frame):
        if not self.stop_requested:
            self.stop_requested = True
            return
        if self._updating:
            self._interrupt_pending = True
            return
        raise KeyboardInterrupt
