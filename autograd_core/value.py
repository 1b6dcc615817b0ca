"""``Value``: one number in a computation graph, and every operation on it.

Each operation computes its result and records, as plain floats, the *local
derivative* of the result with respect to each input: for ``z = x * y`` the
node ``z`` keeps ``z.inputs == (x, y)`` and ``z.local_grads == (y.data, x.data)``.
``backward()`` then needs nothing but multiplication and addition:

    input.grad += node.grad * local_grad        (the chain rule)

applied to every edge, walking the graph from the output back to the leaves.

Numbers mixed into an expression (``3 * x - 2``) are constants: they are not
nodes of their own but part of the operation's name (``'*3'``, ``'-2'``), since
no gradient ever flows to them.
"""

import itertools
import math
import numbers

from .grad_mode import GradMode
from .topo import topological_order

_isfinite = math.isfinite


class Value:
    """A scalar that remembers how it was computed.

    Attributes:
        data: the number (a float).
        grad: ∂root/∂self after ``root.backward()`` (0.0 until then).
        label: a name for pictures and traces (settable).
        op: the operation that made this node (``""`` for a leaf).
        inputs: the ``Value`` s it was computed from (``()`` for a leaf).
        local_grads: ``local_grads[i]`` is ∂self/∂inputs[i] at the forward values.
        serial: counts up as nodes are made, so a node's is larger than its
            inputs'. Sorting by it is how ``backward()`` orders the graph.
    """

    __slots__ = ("data", "grad", "label", "op", "inputs", "local_grads", "serial")

    def __init__(self, data, label=""):
        self.data = _as_float(data, "Value()")
        if not isinstance(label, str):
            raise TypeError(f"Value(label=...) must be a str, got {type(label).__name__}: {label!r}")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.inputs = ()
        self.local_grads = ()
        self.serial = _next_serial()

    def __repr__(self):
        text = f"Value(data={self.data!r}, grad={self.grad!r}"
        if self.op:
            text += f", op={self.op!r}"
        if self.label:
            text += f", label={self.label!r}"
        return text + ")"

    def __float__(self):
        return self.data

    def item(self):
        """The number held, as PyTorch's ``tensor.item()``."""
        return self.data

    def _repr_svg_(self):
        """Jupyter shows a ``Value`` as the picture of its graph (up to 100 nodes).

        Returns None, so the text repr is shown, for a bigger graph or when
        no Graphviz renderer is installed.
        """
        from .graph import notebook_svg
        return notebook_svg(self)

    # ------------------------------------------------------------------
    # Arithmetic. A number on either side is a constant folded into `op`.
    # ------------------------------------------------------------------

    def __add__(self, other):
        """x + y.   ∂/∂x = 1,  ∂/∂y = 1."""
        if isinstance(other, Value):
            return _node(self.data + other.data, "+", (self, other), (1.0, 1.0))
        c = _as_float(other, "+")
        return _node(self.data + c, "+" + _fmt(c), (self,), (1.0,))

    __radd__ = __add__

    def __neg__(self):
        """-x.   ∂/∂x = -1."""
        return _node(-self.data, "neg", (self,), (-1.0,))

    def __sub__(self, other):
        """x - y.   ∂/∂x = 1,  ∂/∂y = -1."""
        if isinstance(other, Value):
            return _node(self.data - other.data, "-", (self, other), (1.0, -1.0))
        c = _as_float(other, "-")
        return _node(self.data - c, "-" + _fmt(c), (self,), (1.0,))

    def __rsub__(self, other):
        """c - x.   ∂/∂x = -1."""
        c = _as_float(other, "-")
        return _node(c - self.data, _fmt(c) + "-", (self,), (-1.0,))

    def __mul__(self, other):
        """x * y.   ∂/∂x = y,  ∂/∂y = x."""
        if isinstance(other, Value):
            return _node(self.data * other.data, "*", (self, other), (other.data, self.data))
        c = _as_float(other, "*")
        return _node(self.data * c, "*" + _fmt(c), (self,), (c,))

    __rmul__ = __mul__

    def __truediv__(self, other):
        """x / y.   ∂/∂x = 1/y,  ∂/∂y = -x/y²."""
        if isinstance(other, Value):
            x, y = self.data, other.data
            if y == 0.0:
                raise ZeroDivisionError(f"division by zero in x / y: x = {x!r}, y = 0.0")
            return _node(x / y, "/", (self, other), (1.0 / y, -x / (y * y)))
        c = _as_float(other, "/")
        if c == 0.0:
            raise ZeroDivisionError(f"division by zero in x / 0: x = {self.data!r}")
        return _node(self.data / c, "/" + _fmt(c), (self,), (1.0 / c,))

    def __rtruediv__(self, other):
        """c / x.   ∂/∂x = -c/x²."""
        c = _as_float(other, "/")
        x = self.data
        if x == 0.0:
            raise ZeroDivisionError(f"division by zero in {c!r} / x: x = 0.0")
        return _node(c / x, _fmt(c) + "/", (self,), (-c / (x * x),))

    def __pow__(self, exponent):
        """x ** c.   ∂/∂x = c·x^(c-1).

        With a ``Value`` exponent, x ** y:  ∂/∂x = y·x^(y-1),  ∂/∂y = x^y·ln(x),
        which needs x > 0.
        """
        if isinstance(exponent, Value):
            return self._pow_value(exponent)
        c = _as_float(exponent, "**")
        x = self.data
        name = "**" + _fmt(c)
        if x < 0.0 and not c.is_integer():
            raise ValueError(
                f"x ** {c!r} with x = {x!r}: a negative base needs an integer exponent")
        if x == 0.0 and c < 0.0:
            raise ZeroDivisionError(f"x ** {c!r} with x = 0.0: zero to a negative power")
        if x == 0.0 and 0.0 < c < 1.0 and GradMode.enabled:
            raise ValueError(
                f"x ** {c!r} at x = 0.0: the derivative {c!r}·x^({c!r}-1) is infinite there")
        try:
            data = x ** c
            local = c * x ** (c - 1.0) if c != 0.0 else 0.0
        except OverflowError:
            raise OverflowError(f"x ** {c!r} overflows a float at x = {x!r}") from None
        return _node(data, name, (self,), (local,))

    def _pow_value(self, exponent):
        x, y = self.data, exponent.data
        if x <= 0.0:
            raise ValueError(
                f"x ** y with a Value exponent needs x > 0, because ∂(x**y)/∂y = x**y·ln(x); "
                f"got x = {x!r} (use a number exponent if y is a constant)")
        try:
            data = x ** y
        except OverflowError:
            raise OverflowError(f"x ** y overflows a float at x = {x!r}, y = {y!r}") from None
        return _node(data, "**", (self, exponent), (y * x ** (y - 1.0), data * math.log(x)))

    def __rpow__(self, base):
        """c ** x.   ∂/∂x = c^x·ln(c), which needs c > 0."""
        c = _as_float(base, "**")
        x = self.data
        if c <= 0.0:
            raise ValueError(
                f"{c!r} ** x: a number base needs to be > 0, because ∂(c**x)/∂x = c**x·ln(c)")
        try:
            data = c ** x
        except OverflowError:
            raise OverflowError(f"{c!r} ** x overflows a float at x = {x!r}") from None
        return _node(data, _fmt(c) + "**", (self,), (data * math.log(c),))

    # ------------------------------------------------------------------
    # Functions: the usual math and the lecture notes' activations.
    # ------------------------------------------------------------------

    def exp(self):
        """e^x.   ∂/∂x = e^x."""
        x = self.data
        try:
            data = math.exp(x)
        except OverflowError:
            raise OverflowError(
                f"exp({x!r}) overflows a float (exp is finite only for x < 709.78)") from None
        return _node(data, "exp", (self,), (data,))

    def log(self):
        """ln x.   ∂/∂x = 1/x,  for x > 0."""
        x = self.data
        if x <= 0.0:
            raise ValueError(f"log({x!r}): log needs x > 0")
        return _node(math.log(x), "log", (self,), (1.0 / x,))

    def sqrt(self):
        """√x.   ∂/∂x = 1/(2√x),  for x > 0 (x = 0 only under ``no_grad``)."""
        x = self.data
        if x < 0.0:
            raise ValueError(f"sqrt({x!r}): sqrt needs x >= 0")
        if x == 0.0 and GradMode.enabled:
            raise ValueError("sqrt(0.0): the derivative 1/(2·√x) is infinite at x = 0")
        data = math.sqrt(x)
        return _node(data, "sqrt", (self,), (0.5 / data if data else 0.0,))

    def sin(self):
        """sin x.   ∂/∂x = cos x."""
        return _node(math.sin(self.data), "sin", (self,), (math.cos(self.data),))

    def cos(self):
        """cos x.   ∂/∂x = -sin x."""
        return _node(math.cos(self.data), "cos", (self,), (-math.sin(self.data),))

    def tanh(self):
        """tanh x.   ∂/∂x = 1 - tanh²x."""
        t = math.tanh(self.data)
        return _node(t, "tanh", (self,), (1.0 - t * t,))

    def sigmoid(self):
        """σ(x) = 1 / (1 + e^-x).   ∂/∂x = σ(x)·(1 - σ(x)).

        Computed without overflow for any finite x: for x < 0 as e^x / (1 + e^x).
        """
        s = _sigmoid(self.data)
        return _node(s, "sigmoid", (self,), (s * (1.0 - s),))

    def relu(self):
        """max(0, x).   ∂/∂x = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
        x = self.data
        if x > 0.0:
            return _node(x, "relu", (self,), (1.0,))
        return _node(0.0, "relu", (self,), (0.0,))

    def step(self):
        """Heaviside step: 1 for x >= 0, else 0.   ∂/∂x = 0 everywhere it exists."""
        return _node(1.0 if self.data >= 0.0 else 0.0, "step", (self,), (0.0,))

    def arctan(self):
        """arctan x.   ∂/∂x = 1 / (1 + x²)."""
        x = self.data
        return _node(math.atan(x), "arctan", (self,), (1.0 / (1.0 + x * x),))

    def softplus(self):
        """ln(1 + e^x).   ∂/∂x = σ(x).

        Computed as max(x, 0) + ln(1 + e^-|x|), finite for any finite x.
        """
        x = self.data
        data = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
        return _node(data, "softplus", (self,), (_sigmoid(x),))

    def leaky_relu(self, alpha=0.01):
        """x for x > 0, else alpha·x.   ∂/∂x = 1 for x > 0, else alpha."""
        a = _as_float(alpha, "leaky_relu(alpha=...)")
        x = self.data
        if x > 0.0:
            return _node(x, "leaky_relu", (self,), (1.0,))
        return _node(a * x, "leaky_relu", (self,), (a,))

    def elu(self, alpha=1.0):
        """x for x > 0, else alpha·(e^x - 1).   ∂/∂x = 1 for x > 0, else alpha·e^x."""
        a = _as_float(alpha, "elu(alpha=...)")
        x = self.data
        if x > 0.0:
            return _node(x, "elu", (self,), (1.0,))
        e = math.exp(x)
        return _node(a * (e - 1.0), "elu", (self,), (a * e,))

    def abs(self):
        """|x|.   ∂/∂x = sign(x) (0 at x = 0, as PyTorch)."""
        x = self.data
        sign = 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0
        return _node(abs(x), "abs", (self,), (sign,))

    __abs__ = abs

    # ------------------------------------------------------------------
    # The backward pass.
    # ------------------------------------------------------------------

    def backward(self, trace=False):
        """Compute ∂self/∂node for every node this one depends on.

        Seeds ∂self/∂self = 1, then visits the nodes from this one back to
        the leaves (reverse topological order), so a node's ``grad`` is
        complete before it is passed on, and along every edge adds

            input.grad += node.grad * local_grad.

        As in PyTorch, the gradients of leaves *accumulate* over calls (two
        losses add up; reset them with ``zero_grad()``), while those of
        intermediate nodes are computed afresh each call. With
        ``trace=True`` every chain-rule step is printed as it is taken.
        """
        if trace:
            from .trace import print_steps
            print_steps(self)
            return
        order = topological_order(self, leaves=False)  # a leaf passes nothing on
        for node in order:
            node.grad = 0.0
        self.grad = 1.0 if self.inputs else self.grad + 1.0
        for node in reversed(order):
            upstream = node.grad
            for child, local in zip(node.inputs, node.local_grads):
                child.grad += upstream * local


# ----------------------------------------------------------------------
# Operations on many values at once: one node instead of a chain of '+'.
# ----------------------------------------------------------------------

def sum_values(values):
    """x₁ + x₂ + … + xₙ as one node.   ∂/∂xᵢ = 1.

    Numbers among ``values`` are constants added into the result.
    """
    total = 0.0
    inputs = []
    for v in values:
        if isinstance(v, Value):
            total += v.data
            inputs.append(v)
        else:
            total += _as_float(v, "sum_values")
    return _node(total, "sum", tuple(inputs), (1.0,) * len(inputs))


def weighted_sum(weights, inputs, bias=None):
    """Σᵢ wᵢ·xᵢ + b as one node: a neuron's net input.

    ∂/∂wᵢ = xᵢ,   ∂/∂xᵢ = wᵢ,   ∂/∂b = 1.

    Either factor of a product may be a number (a data point, a fixed
    weight); only the ``Value`` s become inputs of the node.
    """
    weights = list(weights)
    inputs = list(inputs)
    if len(weights) != len(inputs):
        raise ValueError(
            f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; they must match")
    total = 0.0
    nodes = []
    locals_ = []
    for w, x in zip(weights, inputs):
        w_is_value = isinstance(w, Value)
        x_is_value = isinstance(x, Value)
        wd = w.data if w_is_value else _as_float(w, "weighted_sum")
        xd = x.data if x_is_value else _as_float(x, "weighted_sum")
        total += wd * xd
        if w_is_value:
            nodes.append(w)
            locals_.append(xd)
        if x_is_value:
            nodes.append(x)
            locals_.append(wd)
    op = "Σw·x"
    if bias is not None:
        op = "Σw·x+b"
        if isinstance(bias, Value):
            total += bias.data
            nodes.append(bias)
            locals_.append(1.0)
        else:
            total += _as_float(bias, "weighted_sum")
    return _node(total, op, tuple(nodes), tuple(locals_))


# ----------------------------------------------------------------------
# Helpers.
# ----------------------------------------------------------------------

def _node(data, op, inputs, local_grads):
    """A new non-leaf node; ``local_grads[i]`` is ∂data/∂inputs[i]."""
    if not _isfinite(data):
        shown = ", ".join(repr(v.data) for v in inputs)
        raise OverflowError(f"'{op}' of ({shown}) gives {data!r}, which is not a finite float")
    out = _new_value(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.op = op
    out.serial = _next_serial()
    if GradMode.enabled:
        out.inputs = inputs
        out.local_grads = local_grads
    else:
        out.inputs = ()
        out.local_grads = ()
    return out


_new_value = object.__new__
_next_serial = itertools.count().__next__


def _as_float(x, where):
    """``x`` as a finite float, or an error naming ``where`` and ``x``."""
    if type(x) is float:
        if _isfinite(x):
            return x
    elif isinstance(x, numbers.Real):
        x = float(x)
        if _isfinite(x):
            return x
    else:
        raise TypeError(
            f"{where}: expected a Value or a real number (int or float), "
            f"got {type(x).__name__}: {x!r}")
    raise ValueError(f"{where}: expected a finite number, got {x!r}")


def _fmt(c):
    """A constant as it appears in an operation's name: 3.0 -> '3'."""
    return format(c, "g")


def _sigmoid(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
