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

from .derivatives_as_values import CONSTANT, derivative_as_values
from .grad_mode import OPEN_BLOCKS, GradMode
from .order import nodes_and_leaf_uses

_isfinite = math.isfinite


class Value:
    """A scalar that remembers how it was computed.

    Attributes:
        data: the number (a float; setting it to anything but a finite
            number is an error).
        grad: d root/d self, the total derivative, after ``root.backward()`` (0.0 until then).
        label: a name for pictures and traces (settable, a str).
        op: the operation that made this node (``""`` for a leaf).
        inputs: the ``Value`` s it was computed from (``()`` for a leaf).
        local_grads: ``local_grads[i]`` is ∂self/∂inputs[i] at the forward values.
        serial: counts up as nodes are made, so a node's is larger than its
            inputs'. Sorting by it is how ``backward()`` orders the graph.
    """

    __slots__ = ("_data", "_grad", "_label", "op", "inputs", "local_grads", "serial")

    def __init__(self, data, label=""):
        self._data = _as_float(data, "Value()")
        self._label = _checked_label(label, "Value(label=...)")
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
        self._label = _checked_label(text, f"{self._name()}.label = ...")

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
        from ..seeing.pictures import notebook_svg
        return notebook_svg(self)

    # ------------------------------------------------------------------
    # Arithmetic. A number on either side is a constant folded into `op`.
    #
    # Above each operation, @derivative_as_values gives the same local
    # derivatives written with Values (``out`` is the result node), for
    # derivatives of derivatives; CONSTANT where they do not depend on the
    # inputs. The method's body computes them as floats.
    # ------------------------------------------------------------------

    @derivative_as_values("+", CONSTANT)
    @derivative_as_values("+c", CONSTANT)
    def __add__(self, other):
        """x + y.   ∂/∂x = 1,  ∂/∂y = 1."""
        if isinstance(other, Value):
            return _node(self._data + other._data, "+", (self, other), (1.0, 1.0))
        c = _as_float(other, "+")
        return _node(self._data + c, "+" + _fmt(c), (self,), (1.0,))

    __radd__ = __add__

    @derivative_as_values("neg", CONSTANT)
    def __neg__(self):
        """-x.   ∂/∂x = -1."""
        return _node(-self._data, "neg", (self,), (-1.0,))

    @derivative_as_values("-", CONSTANT)
    @derivative_as_values("-c", CONSTANT)
    def __sub__(self, other):
        """x - y.   ∂/∂x = 1,  ∂/∂y = -1."""
        if isinstance(other, Value):
            return _node(self._data - other._data, "-", (self, other), (1.0, -1.0))
        c = _as_float(other, "-")
        return _node(self._data - c, "-" + _fmt(c), (self,), (1.0,))

    @derivative_as_values("c-", CONSTANT)
    def __rsub__(self, other):
        """c - x.   ∂/∂x = -1."""
        c = _as_float(other, "-")
        return _node(c - self._data, _fmt(c) + "-", (self,), (-1.0,))

    @derivative_as_values("*", lambda x, y, out: (y, x))
    @derivative_as_values("*c", CONSTANT)
    def __mul__(self, other):
        """x * y.   ∂/∂x = y,  ∂/∂y = x."""
        if isinstance(other, Value):
            return _node(self._data * other._data, "*", (self, other), (other._data, self._data))
        c = _as_float(other, "*")
        return _node(self._data * c, "*" + _fmt(c), (self,), (c,))

    __rmul__ = __mul__

    @derivative_as_values("/", lambda x, y, out: (1 / y, -out / y))
    @derivative_as_values("/c", CONSTANT)
    def __truediv__(self, other):
        """x / y.   ∂/∂x = 1/y,  ∂/∂y = -x/y² = -(x/y)/y.

        The second is computed as -(x/y)/y, which stays exact where y² would
        overflow or underflow (x = 1e300, y = 1e200: -1e-100, not 0).
        """
        if isinstance(other, Value):
            x, y = self._data, other._data
            if y == 0.0:
                raise ZeroDivisionError(f"division by zero in x / y: x = {x!r}, y = 0.0")
            data = _finite_result(x / y, "/", (x, y))
            return _node(data, "/", (self, other),
                         _finite_derivatives("/", (x, y), (1.0 / y, -data / y)))
        c = _as_float(other, "/")
        if c == 0.0:
            raise ZeroDivisionError(f"division by zero in x / 0: x = {self._data!r}")
        return _node(self._data / c, "/" + _fmt(c), (self,),
                     _finite_derivatives("/" + _fmt(c), (self._data,), (1.0 / c,)))

    @derivative_as_values("c/", lambda x, out, c: -out / x)
    def __rtruediv__(self, other):
        """c / x.   ∂/∂x = -c/x² = -(c/x)/x (computed so, as in x / y)."""
        c = _as_float(other, "/")
        x = self._data
        if x == 0.0:
            raise ZeroDivisionError(f"division by zero in {c!r} / x: x = 0.0")
        name = _fmt(c) + "/"
        data = _finite_result(c / x, name, (x,))
        return _node(data, name, (self,), _finite_derivatives(name, (x,), (-data / x,)))

    @derivative_as_values("**c", lambda x, out, c: c * x ** (c - 1.0) if c != 0.0 else 0.0)
    @derivative_as_values("**", lambda x, y, out: (y * x ** (y - 1.0), out * x.log()))
    def __pow__(self, exponent):
        """x ** c.   ∂/∂x = c·x^(c-1).

        With a ``Value`` exponent, x ** y:  ∂/∂x = y·x^(y-1),  ∂/∂y = x^y·ln(x),
        which needs x > 0.
        """
        if isinstance(exponent, Value):
            return self._pow_value(exponent)
        c = _as_float(exponent, "**")
        x = self._data
        name = "**" + _fmt(c)
        if x < 0.0 and not c.is_integer():
            raise ValueError(
                f"x ** {c!r} with x = {x!r}: a negative base needs an integer exponent")
        if x == 0.0 and c < 0.0:
            raise ZeroDivisionError(f"x ** {c!r} with x = 0.0: zero to a negative power")
        if x == 0.0 and 0.0 < c < 1.0 and GradMode.recording():
            raise ValueError(
                f"x ** {c!r} at x = 0.0: the derivative {c!r}·x^({c!r}-1) is infinite there")
        data = _finite_result(_power(x, c), name, (x,))
        local = c * _power(x, c - 1.0) if c != 0.0 else 0.0
        return _node(data, name, (self,), _finite_derivatives(name, (x,), (local,)))

    def _pow_value(self, exponent):
        x, y = self._data, exponent._data
        if x <= 0.0:
            raise ValueError(
                f"x ** y with a Value exponent needs x > 0, because ∂(x**y)/∂y = x**y·ln(x); "
                f"got x = {x!r} (use a number exponent if y is a constant)")
        data = _finite_result(_power(x, y), "**", (x, y))
        locals_ = (y * _power(x, y - 1.0), data * math.log(x))
        return _node(data, "**", (self, exponent), _finite_derivatives("**", (x, y), locals_))

    @derivative_as_values("c**", lambda x, out, c: out * math.log(c))
    def __rpow__(self, base):
        """c ** x.   ∂/∂x = c^x·ln(c), which needs c > 0."""
        c = _as_float(base, "**")
        x = self._data
        if c <= 0.0:
            raise ValueError(
                f"{c!r} ** x: a number base needs to be > 0, because ∂(c**x)/∂x = c**x·ln(c)")
        name = _fmt(c) + "**"
        data = _finite_result(_power(c, x), name, (x,))
        return _node(data, name, (self,), _finite_derivatives(name, (x,), (data * math.log(c),)))

    # ------------------------------------------------------------------
    # Functions: the usual math and the lecture notes' activations.
    # ------------------------------------------------------------------

    @derivative_as_values("exp", lambda x, out: out)
    def exp(self):
        """e^x.   ∂/∂x = e^x."""
        x = self._data
        try:
            data = math.exp(x)
        except OverflowError:
            raise OverflowError(
                f"exp({x!r}) overflows a float (exp is finite only for x < 709.78)") from None
        return _node(data, "exp", (self,), (data,))

    @derivative_as_values("log", lambda x, out: 1 / x)
    def log(self):
        """ln x.   ∂/∂x = 1/x,  for x > 0."""
        x = self._data
        if x <= 0.0:
            raise ValueError(f"log({x!r}): log needs x > 0")
        return _node(math.log(x), "log", (self,), _finite_derivatives("log", (x,), (1.0 / x,)))

    @derivative_as_values("sqrt", lambda x, out: 0.5 / out)
    def sqrt(self):
        """√x.   ∂/∂x = 1/(2√x),  for x > 0 (x = 0 only under ``no_grad``)."""
        x = self._data
        if x < 0.0:
            raise ValueError(f"sqrt({x!r}): sqrt needs x >= 0")
        if x == 0.0 and GradMode.recording():
            raise ValueError("sqrt(0.0): the derivative 1/(2·√x) is infinite at x = 0")
        data = math.sqrt(x)
        return _node(data, "sqrt", (self,), (0.5 / data if data else 0.0,))

    @derivative_as_values("sin", lambda x, out: x.cos())
    def sin(self):
        """sin x.   ∂/∂x = cos x."""
        return _node(math.sin(self._data), "sin", (self,), (math.cos(self._data),))

    @derivative_as_values("cos", lambda x, out: -x.sin())
    def cos(self):
        """cos x.   ∂/∂x = -sin x."""
        return _node(math.cos(self._data), "cos", (self,), (-math.sin(self._data),))

    @derivative_as_values("tanh", lambda x, out: (
        1 - out * out if -1.0 <= x.data <= 1.0 else _sech_squared(x)))
    def tanh(self):
        """tanh x.   ∂/∂x = 1 - tanh²x.

        Beyond |x| = 1 the same number is computed as sech²x = 4e/(1 + e)²
        with e = e^(-2|x|): 1 - tanh²x would lose its digits as tanh x
        rounds towards ±1, and be 0 from |x| ≈ 19 on.
        """
        x = self._data
        t = math.tanh(x)
        if -1.0 <= x <= 1.0:
            return _node(t, "tanh", (self,), (1.0 - t * t,))
        e = math.exp(-2.0 * x if x > 0.0 else 2.0 * x)
        return _node(t, "tanh", (self,), (4.0 * e / ((1.0 + e) * (1.0 + e)),))

    @derivative_as_values("sigmoid", lambda x, out: out * (-x).sigmoid())
    def sigmoid(self):
        """σ(x) = 1 / (1 + e^-x).   ∂/∂x = σ(x)·(1 - σ(x)) = σ(x)·σ(-x).

        Computed without overflow for any finite x: for x < 0 as e^x / (1 + e^x).
        The derivative is computed as σ(x)·σ(-x), because 1 - σ(x) rounds to
        0 from x ≈ 37 on, where σ(-x) still holds the exact small number.
        """
        x = self._data
        s = _sigmoid(x)
        return _node(s, "sigmoid", (self,), (s * _sigmoid(-x),))

    @derivative_as_values("relu", CONSTANT)
    def relu(self):
        """max(0, x).   ∂/∂x = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
        x = self._data
        if x > 0.0:
            return _node(x, "relu", (self,), (1.0,))
        return _node(0.0, "relu", (self,), (0.0,))

    @derivative_as_values("step", CONSTANT)
    def step(self):
        """Heaviside step: 1 for x >= 0, else 0.   ∂/∂x = 0 everywhere it exists."""
        return _node(1.0 if self._data >= 0.0 else 0.0, "step", (self,), (0.0,))

    @derivative_as_values("arctan", lambda x, out: (
        1 / (1 + x * x) if -1.0 <= x.data <= 1.0 else _arctan_slope_far_out(x)))
    def arctan(self):
        """arctan x.   ∂/∂x = 1 / (1 + x²).

        Beyond |x| = 1 computed as t²/(1 + t²) with t = 1/x, the same number,
        which stays exact where x² would overflow (x = 1e160: 1e-320, not 0).
        """
        x = self._data
        if -1.0 <= x <= 1.0:
            return _node(math.atan(x), "arctan", (self,), (1.0 / (1.0 + x * x),))
        t = 1.0 / x
        return _node(math.atan(x), "arctan", (self,), (t * t / (1.0 + t * t),))

    @derivative_as_values("softplus", lambda x, out: x.sigmoid())
    def softplus(self):
        """ln(1 + e^x).   ∂/∂x = σ(x).

        Computed as max(x, 0) + ln(1 + e^-|x|), finite for any finite x.
        """
        x = self._data
        data = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
        return _node(data, "softplus", (self,), (_sigmoid(x),))

    @derivative_as_values("leaky_relu", CONSTANT)
    def leaky_relu(self, alpha=0.01):
        """x for x > 0, else alpha·x.   ∂/∂x = 1 for x > 0, else alpha."""
        a = _as_float(alpha, "leaky_relu(alpha=...)")
        x = self._data
        if x > 0.0:
            return _node(x, "leaky_relu", (self,), (1.0,))
        return _node(a * x, "leaky_relu", (self,), (a,))

    def elu(self, alpha=1.0):
        """x for x > 0, else alpha·(e^x - 1).   ∂/∂x = 1 for x > 0, else alpha·e^x.

        e^x - 1 is computed by ``math.expm1``, exact for tiny x, where
        e^x - 1 would lose its digits (x = -1e-10) or all of them (x = -3e-300).
        """
        a = _as_float(alpha, "elu(alpha=...)")
        x = self._data
        op = _elu_operation(a)
        if x > 0.0:
            return _node(x, op, (self,), (1.0,))
        return _node(a * math.expm1(x), op, (self,), (a * math.exp(x),))

    @derivative_as_values("abs", CONSTANT)
    def abs(self):
        """|x|.   ∂/∂x = sign(x) (0 at x = 0, as PyTorch)."""
        x = self._data
        sign = 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0
        return _node(abs(x), "abs", (self,), (sign,))

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

        A gradient that overflows to inf (or nan) is an ``OverflowError``
        naming the operation where it arose (PyTorch's anomaly detection,
        always on here; checked once per leaf edge after the pass, so it
        costs little).
        """
        seed = (gradient if type(gradient) is float and _isfinite(gradient)
                else _as_float(gradient, "backward(gradient=...)"))
        if not self.inputs and self.op:
            raise RuntimeError(
                f"backward() on {self!r}: this value has no graph to go back through: it was "
                f"computed under no_grad() (compute it outside to get gradients), or from "
                f"numbers only (no Value among its inputs)")
        if trace:
            if seed != 1.0:
                raise ValueError("backward(trace=True) traces the default gradient 1 only")
            from ..seeing.steps import print_steps
            print_steps(self)
            return
        order, leaf_uses = nodes_and_leaf_uses(self)
        if not order:                           # the root is a leaf
            grad = self._grad + seed
            if not _isfinite(grad):
                raise OverflowError(f"backward() on the leaf {self!r}: its gradient plus "
                                    f"{seed!r} is {grad!r}, not a finite float")
            self._grad = grad
            return
        for node in order:
            node._grad = 0.0
        self._grad = seed
        for node in reversed(order):
            upstream = node._grad
            for child, local in zip(node.inputs, node.local_grads):
                child._grad += upstream * local
        total = 0.0         # inf or nan if any gradient that reached a leaf is;
        for leaf in leaf_uses:      # a plain loop: reading a slot here is cheaper than map()
            total += leaf._grad
        if not _isfinite(total):
            _refuse_non_finite_gradients(self, order)


# ----------------------------------------------------------------------
# Operations on many values at once: one node instead of a chain of '+'.
# ----------------------------------------------------------------------

@derivative_as_values("sum", CONSTANT)
def sum_values(values):
    """x₁ + x₂ + … + xₙ as one node.   ∂/∂xᵢ = 1.

    Numbers among ``values`` are constants added into the result.
    """
    total = 0.0
    inputs = []
    for v in values:
        if isinstance(v, Value):
            total += v._data
            inputs.append(v)
        else:
            total += _as_float(v, "sum_values")
    return _node(total, "sum", tuple(inputs), (1.0,) * len(inputs))


def weighted_sum(weights, inputs, bias=None):
    """Σᵢ wᵢ·xᵢ + b as one node: a neuron's net input.

    ∂/∂wᵢ = xᵢ,   ∂/∂xᵢ = wᵢ,   ∂/∂b = 1.

    Either factor of a product may be a number (a data point, a fixed
    weight); only the ``Value`` s become inputs of the node. Products of two
    ``Value`` s come first, each as the pair (wᵢ, xᵢ), then the ``Value``
    factors of the other products, then the bias.
    """
    weights = list(weights)
    inputs = list(inputs)
    if len(weights) != len(inputs):
        raise ValueError(
            f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; they must match")
    total = 0.0
    nodes = []
    locals_ = []
    singles = 0             # products of a Value and a number
    first_single = -1       # where the first of them went in `nodes`
    for w, x in zip(weights, inputs):
        if isinstance(w, Value):
            wd = w._data
            nodes.append(w)
            if isinstance(x, Value):
                xd = x._data
                locals_.append(xd)
                nodes.append(x)
                locals_.append(wd)
            else:
                xd = _as_float(x, "weighted_sum")
                locals_.append(xd)
                singles += 1
                if first_single < 0:
                    first_single = len(nodes) - 1
        elif isinstance(x, Value):
            xd = x._data
            wd = _as_float(w, "weighted_sum")
            nodes.append(x)
            locals_.append(wd)
            singles += 1
            if first_single < 0:
                first_single = len(nodes) - 1
        else:
            wd = _as_float(w, "weighted_sum")
            xd = _as_float(x, "weighted_sum")
        total += wd * xd
    pairs = (len(nodes) - singles) // 2
    if first_single >= 0 and first_single != 2 * pairs:     # a pair came after a single
        nodes, locals_ = _pairs_first(weights, inputs, nodes, locals_)
    if bias is not None:
        if isinstance(bias, Value):
            total += bias._data
            nodes.append(bias)
            locals_.append(1.0)
        else:
            total += _as_float(bias, "weighted_sum")
    op = _WEIGHTED_SUM_OPERATIONS[bias is not None].get(pairs)
    if op is None:
        op = _weighted_sum_operation(pairs, bias is not None)
    return _node(total, op, tuple(nodes), tuple(locals_))


def _pairs_first(weights, inputs, nodes, locals_):
    """The inputs and local derivatives of a weighted sum reordered: products of two Values first."""
    pair_nodes, pair_locals, single_nodes, single_locals = [], [], [], []
    position = 0
    for w, x in zip(weights, inputs):
        count = isinstance(w, Value) + isinstance(x, Value)
        target_nodes, target_locals = ((pair_nodes, pair_locals) if count == 2
                                       else (single_nodes, single_locals))
        target_nodes += nodes[position:position + count]
        target_locals += locals_[position:position + count]
        position += count
    return pair_nodes + single_nodes, pair_locals + single_locals


# ----------------------------------------------------------------------
# Operations that carry a number their derivative needs (elu's alpha, how
# many of a weighted sum's products are of two Values): their name is a
# ``str`` that also holds the derivative written with Values.
# ----------------------------------------------------------------------

class NamedRule(str):
    """An operation's name that also carries its local derivatives written with Values."""

    def __new__(cls, name, local_grads_as_values):
        named = super().__new__(cls, name)
        named.local_grads_as_values = local_grads_as_values
        return named


def _weighted_sum_grads(*inputs, out, pairs):
    """∂/∂wᵢ = xᵢ and ∂/∂xᵢ = wᵢ for the leading pairs; the rest keep their constant floats."""
    grads = list(out.local_grads)
    for k in range(pairs):
        grads[2 * k], grads[2 * k + 1] = inputs[2 * k + 1], inputs[2 * k]
    return grads


_WEIGHTED_SUM_OPERATIONS = {False: {}, True: {}}    # with a bias? -> {pairs: operation}


def _weighted_sum_operation(pairs, has_bias):
    name = "Σw·x+b" if has_bias else "Σw·x"

    def rule(*inputs, out):
        return _weighted_sum_grads(*inputs, out=out, pairs=pairs)
    op = NamedRule(name, rule)
    op.pairs = pairs                # the first 2·pairs inputs are the products' (wᵢ, xᵢ)
    _WEIGHTED_SUM_OPERATIONS[has_bias][pairs] = op
    return op


_ELU_OPERATIONS = {}


def _elu_operation(alpha):
    op = _ELU_OPERATIONS.get(alpha)
    if op is None:
        name = "elu" if alpha == 1.0 else f"elu(α={_fmt(alpha)})"

        def rule(x, out):
            # At x = 0 the slope is alpha (the left side's), and, as in PyTorch,
            # it has no slope of its own: the second derivative there is 0.
            if x.data >= 0.0:
                return 1.0 if x.data > 0.0 else alpha
            return alpha * x.exp()
        op = NamedRule(name, rule)
        if len(_ELU_OPERATIONS) < 1000:
            _ELU_OPERATIONS[alpha] = op
    return op


def _arctan_slope_far_out(x):
    """1/(1 + x²) = t²/(1 + t²), t = 1/x, as Values (arctan's derivative beyond |x| = 1)."""
    t = 1 / x
    t_squared = t * t
    return t_squared / (1 + t_squared)


def _sech_squared(x):
    """sech²x = 4e/(1 + e)², e = e^(-2|x|), as Values (tanh's derivative beyond |x| = 1)."""
    e = (-2.0 * x).exp() if x.data > 0.0 else (2.0 * x).exp()
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


# ----------------------------------------------------------------------
# Helpers.
# ----------------------------------------------------------------------

def _node(data, op, inputs, local_grads):
    """A new non-leaf node; ``local_grads[i]`` is ∂data/∂inputs[i]."""
    if not _isfinite(data):
        shown = ", ".join(repr(v._data) for v in inputs)
        raise OverflowError(f"'{op}' of ({shown}) gives {data!r}, which is not a finite float")
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


_new_value = object.__new__
_next_serial = itertools.count().__next__


def _finite_result(data, op, numbers):
    """``data`` if finite, else an OverflowError naming ``op`` and its inputs."""
    if _isfinite(data):
        return data
    shown = ", ".join(repr(x) for x in numbers)
    raise OverflowError(f"'{op}' of ({shown}) gives {data!r}, which is not a finite float")


def _finite_derivatives(op, numbers, local_grads):
    """``local_grads`` if all are finite, else an OverflowError naming the operation."""
    for local in local_grads:
        if not _isfinite(local):
            shown = ", ".join(repr(x) for x in numbers)
            raise OverflowError(
                f"'{op}' of ({shown}): its local derivative is {local!r}, not a finite float, "
                f"so no gradient could flow through it")
    return local_grads


def _power(base, exponent):
    """base ** exponent as a float, inf where it overflows (checked by the caller)."""
    try:
        return base ** exponent
    except OverflowError:
        return math.inf


def _refuse_non_finite_gradients(root, order):
    """Find where a gradient first became inf or nan and raise an error naming it.

    Called only when the leaves' gradients add up to inf or nan; if each of
    them is finite after all (only their sum overflowed), nothing is wrong.
    """
    culprit = None
    for node in reversed(order):
        upstream = node._grad
        if not _isfinite(upstream):
            continue
        for child, local in zip(node.inputs, node.local_grads):
            contribution = upstream * local
            if not _isfinite(contribution) or not _isfinite(child._grad):
                culprit = (node, child, upstream, local, contribution)
                break
        if culprit:
            break
    if culprit is None:
        return
    node, child, upstream, local, contribution = culprit
    if _isfinite(contribution):
        how = f"the gradients reaching {child!r} add up to more than a float can hold"
    else:
        how = (f"the chain-rule step from it to {child!r} multiplies its gradient {upstream!r} "
               f"by the local derivative {local!r}, giving {contribution!r}")
    message = (f"backward() from {root!r}: a gradient is not a finite float at operation "
               f"'{node.op}' ({node!r}): {how}. The gradients of the leaves are not usable now: "
               f"call zero_grad() (or set them to 0) before the next backward().")
    for node in order:
        node._grad = 0.0
    raise OverflowError(message)


def _as_float(x, where):
    """``x`` as a finite float, or an error naming ``where`` and ``x``."""
    if type(x) is float:
        if _isfinite(x):
            return x
    elif isinstance(x, numbers.Real) and not isinstance(x, Value):
        try:
            x = float(x)
        except OverflowError:
            raise ValueError(f"{where}: expected a finite number, got an integer too large "
                             f"for a float ({_short_int(x)})") from None
        if _isfinite(x):
            return x
    else:
        raise TypeError(
            f"{where}: expected a Value or a real number (int or float), "
            f"got {type(x).__name__}: {_short_repr(x)}")
    raise ValueError(f"{where}: expected a finite number, got {x!r}")


def _attribute_number(x, where):
    """``x`` as a finite float for ``data`` or ``grad``; a ``Value`` or anything else is refused."""
    if type(x) is float and _isfinite(x):
        return x
    if isinstance(x, Value) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: expected a finite number (int or float), "
                        f"got {type(x).__name__}: {_short_repr(x)}")
    return _as_float(x, where)


def _short_int(n):
    """An integer too long to print, by its size: 'an int of 401 digits'."""
    digits = int(abs(n).bit_length() * 0.30103) + 1
    return f"about {digits} digits"


def _short_repr(x, limit=80):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _checked_label(text, where):
    """``text`` if it is a printable label: a str without NUL or lone surrogates."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: a label must be a str, got {type(text).__name__}: "
                        f"{_short_repr(text)}")
    if "\x00" in text:
        raise ValueError(f"{where}: a label must not contain the NUL character, got {text!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: a label must be valid text; {text!r} holds a lone "
                         f"surrogate, which cannot be written to a file or shown") from None
    return text


def _fmt(c):
    """A constant as it appears in an operation's name: 3.0 -> '3', 0.1 -> '0.1'.

    The shortest text that reads back as exactly the same float, so the
    name says which number the operation used.
    """
    text = repr(c)
    return text[:-2] if text.endswith(".0") else text


def _sigmoid(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
