"""``Value``: one number in a computation graph, and every operation on it.

Each operation computes its result and records, as plain floats, the *local
derivative* of the result with respect to each input: for ``z = x * y`` the
node ``z`` keeps ``z.inputs == (x, y)`` and ``z.local_grads == (y.data, x.data)``.
``backward()`` then needs nothing but multiplication and addition:

    input.grad += node.grad * local_grad        (the chain rule)

applied to every edge, walking the graph from the output back to the leaves.

Each node also points at the *record* of the operation that made it
(``z.op``, see ``record``): its rules as floats and as Values, and how it is
written. The records of arithmetic are in ``arithmetic``, those of the
functions in ``functions``; a method here takes the float rule of its record
and makes the node. Numbers mixed into an expression (``3 * x - 2``) are
constants of the operation (``z.op.constant``), not nodes of their own, since
no gradient ever flows to them.
"""

import itertools
import math
import numbers

from . import arithmetic as ops
from . import functions as fns
from .backward import accumulate_gradients
from .grad_mode import OPEN_BLOCKS, GradMode
from .notation import named_in_message, result_overflow
from .numbers import as_float, checked_label, short_repr

_isfinite = math.isfinite

PRESENTATION = {"notebook_svg": None, "print_steps": None}
"""How a Value is shown in Jupyter and how ``backward(trace=True)`` prints its steps.

The core draws and prints nothing itself: the layer that does
(``autograd_core.seeing``) fills these in when it is imported."""


class Value:
    """A scalar that remembers how it was computed.

    Attributes:
        data: the number (a float; setting it to anything but a finite
            number is an error).
        grad: d root/d self, the total derivative, after ``root.backward()`` (0.0 until then).
        label: a name for pictures and traces (settable, a str).
        op: the record of the operation that made this node (an
            ``Operation``, equal to its name: ``op == "*"``), ``""`` for a leaf.
        inputs: the ``Value`` s it was computed from (``()`` for a leaf).
        local_grads: ``local_grads[i]`` is ∂self/∂inputs[i] at the forward values.
        serial: counts up as nodes are made, so a node's is larger than its
            inputs'. Sorting by it is how ``backward()`` orders the graph.

    Raises:
        TypeError: ``data`` that is not a real number (a str, a list, None), or
            a ``label`` that is not a str.
        ValueError: ``data`` that is inf or nan, or a label with a NUL character.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> y = x * 3
        >>> y, y.inputs == (x,), y.local_grads
        (Value(data=6.0, grad=0.0, op='*3'), True, (3.0,))
        >>> Value("2")
        Traceback (most recent call last):
          ...
        TypeError: Value(): expected a Value or a real number (int or float), got str: '2'
    """

    __slots__ = ("_data", "_grad", "_label", "op", "inputs", "local_grads", "serial")

    def __init__(self, data, label=""):
        self._data = as_float(data, "Value()")
        self._label = checked_label(label, "Value(label=...)")
        self._grad = 0.0
        self.op = ""
        self.inputs = ()
        self.local_grads = ()
        self.serial = _next_serial()

    # data, grad and label are checked when set, so a wrong type is refused
    # where it is assigned, not found later deep inside a computation.

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, number):
        self._data = _attribute_number(number, f"{self._name()}.data = ...")

    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, number):
        self._grad = _attribute_number(number, f"{self._name()}.grad = ...")

    @property
    def label(self):
        return self._label

    @label.setter
    def label(self, text):
        if type(text) is str and text.isascii() and "\x00" not in text:
            self._label = text          # the common case, checked without a call
        else:
            self._label = checked_label(text, f"{self._name()}.label = ...")

    def _name(self):
        return f"Value {self._label!r}" if self._label else "Value"

    def __repr__(self):
        text = f"Value(data={self._data!r}, grad={self._grad!r}"
        if self.op:
            text += f", op={str(self.op)!r}"
        if self._label:
            text += f", label={self._label!r}"
        return text + ")"

    def __float__(self):
        return self._data

    def item(self):
        """The number held, as PyTorch's ``tensor.item()``."""
        return self._data

    def _repr_svg_(self):
        """Jupyter shows a ``Value`` as the picture of its graph (up to 100 nodes).

        For a bigger graph, or with no Graphviz renderer installed, a one-line
        note says so and how to draw it anyway.
        """
        draw = PRESENTATION["notebook_svg"]
        return None if draw is None else draw(self)

    # ------------------------------------------------------------------
    # Arithmetic. Each operation's rules are in its record (``arithmetic``);
    # a number on either side is the constant of a family's member. The
    # one-line float rules of +, −, · and relu are written out here as well
    # (a call per node costs a deep chain a tenth of its time); a test
    # checks every record's rule against the nodes made here.
    # ------------------------------------------------------------------

    def __add__(self, other):
        """x + y.   ∂/∂x = 1,  ∂/∂y = 1   (``arithmetic.ADD``; x + c: ``ADD_CONSTANT``)."""
        if isinstance(other, Value):
            return _node(self._data + other._data, ops.ADD, (self, other), ops.ONE_ONE)
        c = as_float(other, "+")
        return _node(self._data + c, ops.ADD_CONSTANT.with_constant(c), (self,), ops.ONE)

    __radd__ = __add__

    def __neg__(self):
        """−x.   ∂/∂x = −1   (``arithmetic.NEGATE``)."""
        return _node(-self._data, ops.NEGATE, (self,), ops.MINUS_ONE)

    def __sub__(self, other):
        """x − y.   ∂/∂x = 1,  ∂/∂y = −1   (``arithmetic.SUBTRACT``; x − c: ``SUBTRACT_CONSTANT``)."""
        if isinstance(other, Value):
            return _node(self._data - other._data, ops.SUBTRACT, (self, other), ops.ONE_MINUS_ONE)
        c = as_float(other, "-")
        return _node(self._data - c, ops.SUBTRACT_CONSTANT.with_constant(c), (self,), ops.ONE)

    def __rsub__(self, other):
        """c − x.   ∂/∂x = −1   (``arithmetic.SUBTRACT_FROM_CONSTANT``)."""
        c = as_float(other, "-")
        return _node(c - self._data, ops.SUBTRACT_FROM_CONSTANT.with_constant(c), (self,),
                     ops.MINUS_ONE)

    def __mul__(self, other):
        """x · y.   ∂/∂x = y,  ∂/∂y = x   (``arithmetic.MULTIPLY``; c · x: ``MULTIPLY_BY``)."""
        if isinstance(other, Value):
            x, y = self._data, other._data
            return _node(x * y, ops.MULTIPLY, (self, other), (y, x))
        c = as_float(other, "*")
        return _node(self._data * c, ops.MULTIPLY_BY.with_constant(c), (self,), (c,))

    __rmul__ = __mul__

    def __truediv__(self, other):
        """x / y.   ∂/∂x = 1/y,  ∂/∂y = −x/y²   (``arithmetic.DIVIDE``; x / c: ``DIVIDE_BY``)."""
        if isinstance(other, Value):
            return _binary(ops.DIVIDE, self, other)
        c = as_float(other, "/")
        return _with_constant(ops.DIVIDE_BY, self, c)

    def __rtruediv__(self, other):
        """c / x.   ∂/∂x = −c/x²   (``arithmetic.DIVIDE_CONSTANT_BY``)."""
        return _with_constant(ops.DIVIDE_CONSTANT_BY, self, as_float(other, "/"))

    def __pow__(self, exponent):
        """x ** c.   ∂/∂x = c·x^(c−1)   (``arithmetic.POWER_CONSTANT``).

        With a ``Value`` exponent, x ** y:  ∂/∂x = y·x^(y−1),  ∂/∂y = x^y·ln(x),
        which needs x > 0 (``arithmetic.POWER``).
        """
        if isinstance(exponent, Value):
            return _binary(ops.POWER, self, exponent)
        return _with_constant(ops.POWER_CONSTANT, self, as_float(exponent, "**"))

    def __rpow__(self, base):
        """c ** x.   ∂/∂x = c^x·ln(c), which needs c > 0   (``arithmetic.CONSTANT_POWER``)."""
        return _with_constant(ops.CONSTANT_POWER, self, as_float(base, "**"))

    # ------------------------------------------------------------------
    # Functions: the usual math and the lecture notes' activations. The
    # rules, their formulas and why each is computed as it is: ``functions``.
    # ------------------------------------------------------------------

    def exp(self):
        """e^x.   ∂/∂x = e^x."""
        return _unary(fns.EXP, self)

    def log(self):
        """ln x.   ∂/∂x = 1/x,  for x > 0."""
        return _unary(fns.LOG, self)

    def sqrt(self):
        """√x.   ∂/∂x = 1/(2√x),  for x > 0 (x = 0 only under ``no_grad``)."""
        return _unary(fns.SQRT, self)

    def sin(self):
        """sin x.   ∂/∂x = cos x."""
        return _unary(fns.SIN, self)

    def cos(self):
        """cos x.   ∂/∂x = −sin x."""
        return _unary(fns.COS, self)

    def tanh(self):
        """tanh x.   ∂/∂x = 1 − tanh²x (computed as sech²x beyond |x| = 1)."""
        data, local = _tanh(self._data)
        return _node(data, fns.TANH, (self,), local)

    def sigmoid(self):
        """σ(x) = 1/(1 + e^−x).   ∂/∂x = σ(x)·(1 − σ(x)), computed as σ(x)·σ(−x)."""
        return _unary(fns.SIGMOID, self)

    def relu(self):
        """max(0, x).   ∂/∂x = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
        x = self._data
        if x > 0.0:
            return _node(x, fns.RELU, (self,), ops.ONE)
        return _node(0.0, fns.RELU, (self,), ops.ZERO)

    def step(self):
        """Heaviside step: 1 for x ≥ 0, else 0.   ∂/∂x = 0 everywhere it exists."""
        return _unary(fns.STEP, self)

    def arctan(self):
        """arctan x.   ∂/∂x = 1/(1 + x²)."""
        return _unary(fns.ARCTAN, self)

    def softplus(self):
        """ln(1 + e^x).   ∂/∂x = σ(x)."""
        return _unary(fns.SOFTPLUS, self)

    def leaky_relu(self, alpha=0.01):
        """x for x > 0, else alpha·x.   ∂/∂x = 1 for x > 0, else alpha."""
        return _with_constant(fns.LEAKY_RELU, self, as_float(alpha, "leaky_relu(alpha=...)"))

    def elu(self, alpha=1.0):
        """x for x > 0, else alpha·(e^x − 1).   ∂/∂x = 1 for x > 0, else alpha·e^x."""
        return _with_constant(fns.ELU, self, as_float(alpha, "elu(alpha=...)"))

    def abs(self):
        """|x|.   ∂/∂x = sign(x) (0 at x = 0, as PyTorch)."""
        return _unary(fns.ABS, self)

    __abs__ = abs

    # ------------------------------------------------------------------
    # The backward pass.
    # ------------------------------------------------------------------

    def backward(self, gradient=1.0, trace=False):
        """Compute d self/d node (total derivatives) for every node this one depends on.

        Seeds d self/d self = ``gradient`` (1 unless given, as PyTorch's
        ``backward(gradient)``), then visits the nodes from this one back to
        the leaves (reverse topological order), so a node's ``grad`` is
        complete before it is passed on, and along every edge adds

            input.grad += node.grad * local_grad.

        As in PyTorch, the gradients of leaves *accumulate* over calls (two
        losses add up; reset them with ``zero_grad()``), while those of
        intermediate nodes are computed afresh each call. With
        ``trace=True`` every chain-rule step is printed as it is taken.
        Threads may share a graph: each pass is taken whole, one at a time,
        so four threads' passes give exactly four times one pass.

        A gradient that overflows to inf (or nan) is an ``OverflowError``
        naming the operation where it arose (PyTorch's anomaly detection,
        always on here; checked once per leaf edge after the pass, so it
        costs little).

        Returns:
            None: the gradients are written into each node's ``grad``.

        Raises:
            TypeError: a ``gradient`` that is not a real number.
            ValueError: a ``gradient`` that is inf or nan.
            RuntimeError: a value computed under ``no_grad()``, with no graph to go back through.
            OverflowError: a gradient that overflows, naming the operation.

        Examples:
            >>> x = Value(2.0, label="x")
            >>> y = x * x                   # dy/dx = 2x = 4
            >>> y.backward()
            >>> y.backward()                # a leaf accumulates: 4 + 4
            >>> x.grad
            8.0
        """
        seed = (gradient if type(gradient) is float and _isfinite(gradient)
                else as_float(gradient, "backward(gradient=...)"))
        if not self.inputs and self.op:
            raise RuntimeError(
                f"backward() on {self!r}: this value has no graph to go back through: it was "
                f"computed under no_grad() (compute it outside to get gradients), or from "
                f"numbers only (no Value among its inputs)")
        if trace:
            if seed != 1.0:
                raise ValueError("backward(trace=True) traces the default gradient 1 only")
            print_steps = PRESENTATION["print_steps"]
            if print_steps is None:
                raise RuntimeError("backward(trace=True) needs autograd_core.seeing: "
                                   "import autograd_core")
            print_steps(self)
            return
        accumulate_gradients(self, seed)


# ----------------------------------------------------------------------
# Making nodes.
# ----------------------------------------------------------------------

def new_node(data, op, inputs, local_grads):
    """A new node made by operation ``op``; ``local_grads[i]`` is ∂data/∂inputs[i].

    Under ``no_grad()`` it keeps its operation but no inputs: a leaf.
    """
    if not _isfinite(data):
        raise OverflowError(result_overflow(op, inputs, data))
    out = _new_value(Value)
    out._data = data
    out._grad = 0.0
    out._label = ""
    out.op = op
    out.serial = _next_serial()
    if not OPEN_BLOCKS[0] or GradMode.recording():
        out.inputs = inputs
        out.local_grads = local_grads
    else:
        out.inputs = ()
        out.local_grads = ()
    return out


_node = new_node
_new_value = object.__new__
_next_serial = itertools.count().__next__
_tanh = fns.TANH.forward


def _unary(record, x):
    try:
        data, local_grads = record.forward(x._data)
    except (ArithmeticError, ValueError) as error:
        raise named_in_message(error, (x,)) from None
    return _node(data, record, (x,), local_grads)


def _binary(record, x, y):
    try:
        data, local_grads = record.forward(x._data, y._data)
    except (ArithmeticError, ValueError) as error:
        raise named_in_message(error, (x, y)) from None
    return _node(data, record, (x, y), local_grads)


def _with_constant(family, x, c):
    try:
        data, local_grads = family.forward(x._data, c)
    except (ArithmeticError, ValueError) as error:
        raise named_in_message(error, (x,)) from None
    return _node(data, family.with_constant(c), (x,), local_grads)


def apply_operation(record, inputs):
    """``record(*inputs)``: a new node; numbers among ``inputs`` become leaves.

    Time and memory are linear in the number of inputs: an error message is
    written only when there is an error.
    """
    name = record.name
    try:
        numbers = [x._data for x in inputs]
        nodes = tuple(inputs) if all(map(isinstance, inputs, itertools.repeat(Value))) else None
    except AttributeError:
        nodes = None
    if nodes is None:
        nodes = tuple(x if isinstance(x, Value) else Value(as_float(x, f"{name}(...), input {i}"))
                      for i, x in enumerate(inputs))
        numbers = [node._data for node in nodes]
    if record.arity is not None and len(nodes) != record.arity:
        raise TypeError(f"operation {name!r} takes {record.arity} input(s), got {len(nodes)}")
    data, local_grads = record.forward(*numbers)
    return _node(as_float(data, f"operation {name!r}: its value"), record, nodes, local_grads)


def _attribute_number(x, where):
    """``x`` as a finite float for ``data`` or ``grad``; a ``Value`` or anything else is refused."""
    if type(x) is float and _isfinite(x):
        return x
    if isinstance(x, Value) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: expected a finite number (int or float), "
                        f"got {type(x).__name__}: {short_repr(x)}")
    return as_float(x, where)
