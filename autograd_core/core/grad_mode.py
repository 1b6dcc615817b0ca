"""Switching gradient recording off, as PyTorch's ``torch.no_grad()`` does.

Under ``no_grad()`` every operation still computes its value, but the result
records no inputs and no local derivatives: it is a leaf, the graph stops
there, and nothing is kept alive for a backward pass that will never come.
Use it to evaluate a trained model.

The mode belongs to the thread that sets it, as in PyTorch: while one thread
evaluates under ``no_grad()``, another thread's graphs are recorded as usual.
Each operation asks ``GradMode.recording()``; to keep that question cheap, a
process-wide count of the ``no_grad()`` blocks open in any thread,
``OPEN_BLOCKS[0]``, is looked at first, and the thread's own flag only when
that count is not zero.
"""

import functools
import inspect
import threading
import types


class _ThreadFlag(threading.local):
    enabled = True          # every new thread starts with recording on


OPEN_BLOCKS = [0]
"""How many no_grad()/enable_grad() blocks are open, in all threads together.

A one-item list rather than a class attribute: reading ``OPEN_BLOCKS[0]`` is
the cheapest question Python can ask, and every operation asks it."""


class GradMode:
    """Is the current thread recording graphs right now?"""

    _flag = _ThreadFlag()
    _lock = threading.Lock()

    @classmethod
    def recording(cls):
        return not OPEN_BLOCKS[0] or cls._flag.enabled

    @classmethod
    def _enter(cls, enabled):
        with cls._lock:
            OPEN_BLOCKS[0] += 1
        previous = cls._flag.enabled
        cls._flag.enabled = enabled
        return previous

    @classmethod
    def _exit(cls, previous):
        cls._flag.enabled = previous
        with cls._lock:
            OPEN_BLOCKS[0] -= 1


class _GradModeBlock:
    """A ``with`` block that sets this thread's recording mode; also a decorator."""

    enabled = True

    def __new__(cls, function=None):
        block = super().__new__(cls)
        # What each entry saved, per thread: one object may be entered by several
        # threads at once, and again inside itself, so a stack in each thread.
        block._saved = threading.local()
        if function is None:
            return block
        if not callable(function):
            raise TypeError(f"{cls.__name__}() takes no arguments; use `with {cls.__name__}():` "
                            f"or decorate a function with @{cls.__name__}(), "
                            f"got {type(function).__name__}: {function!r}")
        return block(function)      # used as @no_grad, without parentheses

    def __enter__(self):
        saved = self._saved.__dict__.setdefault("stack", [])
        saved.append(GradMode._enter(self.enabled))
        return self

    def __exit__(self, *exc_info):
        GradMode._exit(self._saved.stack.pop())
        return False

    def __call__(self, function):
        """Decorate ``function`` so that it runs in this mode.

        A generator, a coroutine (``async def``) or an async generator runs in
        the mode each time it is resumed, and the mode is put back each time it
        pauses (at a ``yield`` or an ``await``), so that the code running in
        between, other tasks of an event loop say, keeps its own mode.
        """
        block_type = type(self)
        if inspect.isgeneratorfunction(function):
            @functools.wraps(function)
            def generator_in_mode(*args, **kwargs):
                return _run_generator_in_mode(function(*args, **kwargs), block_type)
            return generator_in_mode

        if inspect.iscoroutinefunction(function):
            @functools.wraps(function)
            async def coroutine_in_mode(*args, **kwargs):
                return await _awaited_in_mode(function(*args, **kwargs), block_type)
            return coroutine_in_mode

        if inspect.isasyncgenfunction(function):
            return _async_generator_in_mode(function, block_type)

        @functools.wraps(function)
        def in_mode(*args, **kwargs):
            with block_type():
                return function(*args, **kwargs)
        return in_mode


def _run_generator_in_mode(generator, block_type):
    """Drive ``generator``, with the mode set around each of its resumptions only.

    Also drives a coroutine, or the awaitable of one step of an async
    generator: what these pass up at each pause goes to the event loop, and
    what the loop sends back goes to them (see ``_awaited_in_mode``).
    """
    try:
        with block_type():
            response = generator.send(None)
        while True:
            try:
                request = yield response
            except GeneratorExit:
                with block_type():
                    generator.close()
                raise
            except BaseException as error:
                with block_type():
                    response = generator.throw(error)
            else:
                with block_type():
                    response = generator.send(request)
    except StopIteration as stop:
        return stop.value


_awaited_in_mode = types.coroutine(_run_generator_in_mode)
"""``await _awaited_in_mode(awaitable, block_type)``: the awaitable's result, the mode set
around each of its resumptions only."""


def _async_generator_in_mode(function, block_type):
    """An async generator function yielding what ``function``'s yields, each step run in the mode."""
    @functools.wraps(function)
    async def async_generator_in_mode(*args, **kwargs):
        generator = function(*args, **kwargs)
        try:
            item = await _awaited_in_mode(generator.asend(None), block_type)
            while True:
                try:
                    request = yield item
                except GeneratorExit:
                    await _awaited_in_mode(generator.aclose(), block_type)
                    raise
                except BaseException as error:
                    item = await _awaited_in_mode(generator.athrow(error), block_type)
                else:
                    item = await _awaited_in_mode(generator.asend(request), block_type)
        except StopAsyncIteration:
            return
    return async_generator_in_mode


class no_grad(_GradModeBlock):
    """Within this block, operations in this thread record no graph.

    Like PyTorch's, it also works as a decorator, ``@no_grad()`` or
    ``@no_grad``; on a generator, an ``async def`` function or an async
    generator it applies while that runs, not while it waits.

    Raises:
        TypeError: as a decorator, on something that is not a function.

    Examples:
        >>> from autograd_core import Value, no_grad
        >>> x = Value(3.0)
        >>> with no_grad():
        ...     y = x * x
        >>> y.inputs
        ()
        >>> @no_grad
        ... def evaluate(x):
        ...     return x * x
        >>> evaluate(Value(2.0)).inputs, is_grad_enabled()
        ((), True)
    """

    enabled = False


class enable_grad(_GradModeBlock):
    """Within this block, operations in this thread record their graph again,
    even inside a ``no_grad()`` block (as PyTorch's ``torch.enable_grad()``).

    Raises:
        TypeError: as a decorator, on something that is not a function.

    Examples:
        >>> from autograd_core import Value, no_grad
        >>> x = Value(3.0)
        >>> with no_grad():
        ...     with enable_grad():
        ...         y = x * x
        >>> y.inputs == (x, x)
        True
    """

    enabled = True


def is_grad_enabled():
    """True when operations in this thread record their inputs (outside ``no_grad()``).

    Returns:
        bool: False inside a ``no_grad()`` block of this thread, else True.

    Raises:
        Nothing: it only reads this thread's setting.

    Examples:
        >>> from autograd_core import no_grad
        >>> with no_grad():
        ...     inside = is_grad_enabled()
        >>> inside, is_grad_enabled()
        (False, True)
    """
    return GradMode.recording()
