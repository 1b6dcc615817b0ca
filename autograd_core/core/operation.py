"""Adding an operation of your own, which then works everywhere the built-in ones do.

An operation is its name, how to compute its value, and its local
derivatives, once as floats (what ``backward()`` uses) and, for derivatives
of derivatives, once written with ``Value`` s:

    >>> import math
    >>> from autograd_core import Operation, Value
    >>> cube = Operation(
    ...     "cube",
    ...     value=lambda x: x ** 3,
    ...     local_grads=lambda x, out: [3 * x ** 2],             # floats
    ...     local_grads_as_values=lambda x, out: [3 * x ** 2])   # the same, on Values
    >>> x = Value(2.0, label="x")
    >>> y = cube(x)
    >>> y, y.local_grads
    (Value(data=8.0, grad=0.0, op='cube'), (12.0,))
    >>> y.backward(); x.grad
    12.0

``value`` and ``local_grads`` receive the inputs' numbers (``local_grads``
also the result, as ``out=``) and return a float and one float per input.
``local_grads_as_values`` receives the input *nodes* and the result node
``out`` and returns one ``Value`` (or a number, where the derivative is a
constant) per input; on the forward values it must give the same numbers
as ``local_grads``, which ``gradgradcheck`` tests. Written with arithmetic
only, one function often serves for both, as above. Without it, first
derivatives work everywhere and ``grad(..., create_graph=True)`` says that
the operation cannot be differentiated twice.

An ``Operation`` is also its name (a ``str``), so ``y.op == "cube"`` and
traces and pictures show it by name.
"""

from .value import Value, _as_float, _checked_label, _node


class Operation(str):
    """A user-defined operation: ``Operation(name, value, local_grads, local_grads_as_values)``.

    Call it on ``Value`` s (or numbers, which become leaves) to make a node.
    """

    def __new__(cls, name, value, local_grads, local_grads_as_values=None):
        _checked_label(name, "Operation(name=...)")
        if not name:
            raise ValueError("Operation(name=...): needs a name, got ''")
        for argument, function in (("value", value), ("local_grads", local_grads)):
            if not callable(function):
                raise TypeError(f"Operation {name!r}: {argument} must be a function, "
                                f"got {type(function).__name__}: {function!r}")
        if local_grads_as_values is not None and not callable(local_grads_as_values):
            raise TypeError(f"Operation {name!r}: local_grads_as_values must be a function "
                            f"or None, got {type(local_grads_as_values).__name__}")
        op = super().__new__(cls, name)
        op.value = value
        op.local_grads = local_grads
        op.local_grads_as_values = local_grads_as_values
        return op

    def __call__(self, *inputs):
        name = str(self)
        nodes = tuple(x if isinstance(x, Value) else Value(_as_float(x, f"{name}(...)"))
                      for x in inputs)
        numbers = [node.data for node in nodes]
        shown = ", ".join(repr(x) for x in numbers)
        try:
            out = self.value(*numbers)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(f"operation {name!r} at ({shown}): its value could not be "
                             f"computed: {error}") from error
        except TypeError as error:
            raise TypeError(f"operation {name!r} was called with {len(nodes)} input(s), "
                            f"and its value function refused them: {error}") from error
        out = _as_float(out, f"operation {name!r} at ({shown}): its value")
        try:
            grads = self.local_grads(*numbers, out=out)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(f"operation {name!r} at ({shown}): its local derivatives could not "
                             f"be computed: {error}") from error
        except TypeError as error:
            raise TypeError(f"operation {name!r}: local_grads is called as local_grads(*inputs, "
                            f"out=result), here with {len(nodes)} input(s), and refused: "
                            f"{error}") from error
        if not isinstance(grads, (list, tuple)):
            raise TypeError(f"operation {name!r}: local_grads must return a list of numbers, one "
                            f"per input, got {type(grads).__name__}: {grads!r}")
        grads = tuple(grads)
        if len(grads) != len(nodes):
            raise ValueError(f"operation {name!r}: local_grads returned {len(grads)} "
                             f"derivatives for {len(nodes)} inputs; it must return one per input")
        grads = tuple(_as_float(g, f"operation {name!r} at ({shown}): local derivative {i}")
                      for i, g in enumerate(grads))
        return _node(out, self, nodes, grads)

    def __repr__(self):
        return f"Operation({str(self)!r})"

    def __reduce__(self):
        raise TypeError(f"Operation {str(self)!r} holds functions and cannot be pickled")
