"""Pausing Python's garbage collector while a big graph is built and differentiated.

A graph of this engine never forms a reference cycle (a node holds its
inputs and plain-float derivatives, never a reference back), so reference
counting frees it as soon as it is dropped: the cycle collector has nothing
to find in it. But while a graph grows, the collector still walks every
object in memory each time the number of objects has grown by a quarter:
building a chain 10× longer makes it walk a heap 10× bigger several more
times, so the time grows by 15–25×, not 10×.

``collector_paused()`` switches the automatic collector off for a block (or
a decorated function) and back on after it, as it was: the user's settings
are the same after the call as before. ``nn.fit`` runs each training step
inside it.

    >>> import gc
    >>> from autograd_core import Value, collector_paused
    >>> with collector_paused():
    ...     y = Value(1.0)
    ...     for _ in range(1000):
    ...         y = y * 0.5 + 1.0
    ...     y.backward()
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True

Blocks may nest and threads may each open one: the collector comes back on
when the last block open in any thread ends, and only if it was on when the
first began.
"""

import functools
import gc
import threading

_lock = threading.Lock()
_open = [0]                 # blocks open, in all threads
_was_enabled = [False]      # was the collector on when the first of them began?


class collector_paused:
    """A ``with`` block (or decorator) during which the garbage collector does not run by itself.

    Raises:
        Nothing: an error inside the block passes through, the collector back as it was.

    Examples:
        >>> import gc
        >>> with collector_paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """

    def __enter__(self):
        with _lock:
            if _open[0] == 0:
                _was_enabled[0] = gc.isenabled()
                gc.disable()
            _open[0] += 1
        return self

    def __exit__(self, *exc_info):
        with _lock:
            _open[0] -= 1
            if _open[0] == 0 and _was_enabled[0]:
                gc.enable()
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def paused(*args, **kwargs):
            with collector_paused():
                return function(*args, **kwargs)
        return paused
