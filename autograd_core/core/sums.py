"""Operations on many Values at once: a sum, and a neuron's weighted sum, each as one node.

``sum_values(xs)`` is x₁ + x₂ + … + xₙ as one node instead of a chain of
``+``; ``weighted_sum(ws, xs, b)`` is Σᵢ wᵢ·xᵢ + b, a neuron's net input, as
one node whose local derivatives are

    ∂net/∂wᵢ = xᵢ,    ∂net/∂xᵢ = wᵢ,    ∂net/∂b = 1.

Their records are families: a sum's member carries the constant added into
it; a weighted sum's carries how its inputs are laid out (how many products
of two Values lead, whether the bias is a Value) and the constant part.
"""

import math

from .numbers import as_float
from .record import CONSTANT, Operation
from .value import Value, new_node
from .writing import LEVEL_ATOM, LEVEL_PRODUCT, LEVEL_SUM, Terms, bracketed, constant_text, join_terms, number_argument

_isfinite = math.isfinite


def _sum_forward(*numbers, c=0.0):
    """x₁ + … + xₙ + c.   ∂/∂xᵢ = 1."""
    total = 0.0
    for x in numbers:
        total += x
    return total + c, (1.0,) * len(numbers)


def _sum_formula(position, names, node, latex):
    return "1"


SUM = Operation.builtin("sum", _sum_forward, CONSTANT, Terms(), _sum_formula,
                        arity=None, input_names=None, constant_name=lambda c: "sum")
_SUM_OF_VALUES = SUM.with_constant(0.0)


def sum_values(values):
    """x₁ + x₂ + … + xₙ as one node.   ∂/∂xᵢ = 1.

    Numbers among ``values`` are constants added into the result (the
    node's ``op.constant``).

    Returns:
        Value: one node whose inputs are the ``Value`` s among ``values``.

    Raises:
        TypeError: an element that is neither a ``Value`` nor a real number.
        ValueError: a number that is inf or nan.

    Examples:
        >>> from autograd_core import Value
        >>> a, b = Value(1.0, label="a"), Value(2.0, label="b")
        >>> total = sum_values([a, b, 3])
        >>> total.data, total.inputs == (a, b), total.local_grads
        (6.0, True, (1.0, 1.0))
    """
    total = 0.0
    constant = 0.0
    inputs = []
    for v in values:
        if isinstance(v, Value):
            total += v._data
            inputs.append(v)
        else:
            c = as_float(v, "sum_values")
            total += c
            constant += c
    op = _SUM_OF_VALUES if constant == 0.0 else SUM.with_constant(constant)
    return new_node(total, op, tuple(inputs), (1.0,) * len(inputs))


# ----------------------------------------------------------------------
# The weighted sum
# ----------------------------------------------------------------------

class Layout:
    """How a weighted sum's inputs are laid out, and its constant part.

    For Σᵢ wᵢ·xᵢ + b with ``pairs`` products of two Values, the inputs are

        w₁ … w_pairs,  x₁ … x_pairs,  then the Value factors of the products
        with a number (each multiplied by its number, its local derivative),
        then b if it is a Value,

    so input k < pairs is multiplied by input k + pairs.

    Attributes:
        pairs: how many products of two Values lead.
        value_bias: whether the last input is a bias b (a Value).
        constant: the number added in: a number bias plus the products of
            two numbers.
    """

    __slots__ = ("pairs", "value_bias", "constant")

    def __init__(self, pairs, value_bias, constant):
        self.pairs = pairs
        self.value_bias = value_bias
        self.constant = constant

    def __eq__(self, other):
        return (isinstance(other, Layout) and (self.pairs, self.value_bias, self.constant)
                == (other.pairs, other.value_bias, other.constant))

    def __hash__(self):
        return hash((self.pairs, self.value_bias, self.constant))

    def partner(self, k):
        """The input multiplied by input k in a product of two Values, or None."""
        if k < self.pairs:
            return k + self.pairs
        if k < 2 * self.pairs:
            return k - self.pairs
        return None

    def groups(self, count):
        """The inputs as index groups: (wᵢ, xᵢ) for a product of two Values, (k,) for the rest."""
        return ([(k, k + self.pairs) for k in range(self.pairs)]
                + [(k,) for k in range(2 * self.pairs, count)])


def _weighted_sum_name(layout):
    name = "Σw·x+b" if layout.value_bias else "Σw·x"
    if layout.constant:
        name += ("+" if layout.constant > 0 else "") + constant_text(layout.constant)
    return name


def _weighted_sum_as_values(*inputs, out, c):
    """∂/∂wᵢ = xᵢ and ∂/∂xᵢ = wᵢ for the products of two Values; the rest keep their floats."""
    grads = list(out.local_grads)
    pairs = c.pairs
    grads[:2 * pairs] = inputs[pairs:2 * pairs] + inputs[:pairs]
    return grads


class _WeightedSumWriter:
    """w5·out_h1 + w6·out_h2 + b2; a number's product number first: 0.05·w1."""

    precedence = LEVEL_SUM
    needs_node = True

    def write(self, args, layout, latex=False, node=None):
        times = r" \cdot " if latex else "·"
        count = len(args)
        last = count - 1 if layout is not None and layout.value_bias else count
        terms = []
        groups = layout.groups(count) if layout is not None else [(k,) for k in range(count)]
        for group in groups:
            if len(group) == 2:
                a, b = group
                terms.append(bracketed(args[a], LEVEL_PRODUCT, latex) + times
                             + bracketed(args[b], LEVEL_PRODUCT + 1, latex))
                continue
            k = group[0]
            if k == last or node is None:
                terms.append(bracketed(args[k], LEVEL_SUM, latex))
            else:
                factor = bracketed(number_argument(node.local_grads[k], latex), LEVEL_PRODUCT, latex)
                terms.append(factor + times + bracketed(args[k], LEVEL_PRODUCT + 1, latex))
        if layout is not None and layout.constant:
            terms.append(constant_text(layout.constant))
        return (join_terms(terms, latex) if terms else "0"), LEVEL_SUM


def _weighted_sum_formula(position, names, node, latex):
    """∂net/∂wᵢ = xᵢ (its partner's name), ∂net/∂b = 1, a number's product: the number."""
    layout = node.op.constant if node is not None else None
    inputs = [text for key, text in names.items() if key not in ("out", "c")]
    if layout is None:
        return "x_i" if latex else "xᵢ"
    partner = layout.partner(position)
    if partner is not None:
        return inputs[partner]
    if layout.value_bias and position == len(node.inputs) - 1:
        return "1"
    return bracketed(number_argument(node.local_grads[position], latex), LEVEL_ATOM, latex)


def rerun_weighted_sum(node, numbers):
    """(value, local derivatives) of the weighted sum ``node`` with its inputs set to ``numbers``.

    Products of two Values are recomputed; a Value times a number keeps its
    number (recorded in ``node.local_grads``); the bias adds as it is.
    """
    layout = node.op.constant
    local_grads = list(node.local_grads)
    total = 0.0
    for group in layout.groups(len(numbers)):
        if len(group) == 2:
            a, b = group
            total += numbers[a] * numbers[b]
            local_grads[a], local_grads[b] = numbers[b], numbers[a]
        else:
            k = group[0]
            total += local_grads[k] * numbers[k]
    return total + layout.constant, tuple(local_grads)


WEIGHTED_SUM = Operation.builtin(
    "Σw·x", None, _weighted_sum_as_values, _WeightedSumWriter(), _weighted_sum_formula,
    arity=None, input_names=None, constant_name=_weighted_sum_name, rerun=rerun_weighted_sum)


def weighted_sum(weights, inputs, bias=None):
    """Σᵢ wᵢ·xᵢ + b as one node: a neuron's net input.

    ∂/∂wᵢ = xᵢ,   ∂/∂xᵢ = wᵢ,   ∂/∂b = 1.

    Either factor of a product may be a number (a data point, a fixed
    weight); only the ``Value`` s become inputs of the node: first the
    weights of the products of two ``Value`` s, then their partners in the
    same order, then the ``Value`` factors of the other products, then the
    bias. The node's ``op.constant`` (a ``Layout``) records that order and
    the constant part.

    Returns:
        Value: one node, Σᵢ wᵢ·xᵢ (+ b), its inputs the ``Value`` factors and bias.

    Raises:
        ValueError: ``weights`` and ``inputs`` of different lengths, or a
            number that is inf or nan.
        TypeError: a factor that is neither a ``Value`` nor a real number.

    Examples:
        >>> from autograd_core import Value
        >>> w1, w2, b = Value(0.15, label="w1"), Value(0.20, label="w2"), Value(0.35, label="b")
        >>> net = weighted_sum([w1, w2], [0.05, 0.10], b)     # the notes' net_h1
        >>> net.data, net.local_grads                         # ∂net/∂w1 = x1, ∂net/∂w2 = x2, ∂net/∂b = 1
        (0.3775, (0.05, 0.1, 1.0))
    """
    if type(weights) is not list:
        weights = list(weights)
    if type(inputs) is not list:
        inputs = list(inputs)
    if len(weights) != len(inputs):
        raise ValueError(
            f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; they must match")
    fast = _common_case(weights, inputs, bias)
    if fast is not None:
        return fast
    total, nodes, locals_, pairs, constant = _general_terms(weights, inputs)
    value_bias = isinstance(bias, Value)
    if value_bias:
        total += bias._data
        nodes.append(bias)
        locals_.append(1.0)
    elif bias is not None:
        b = as_float(bias, "weighted_sum")
        total += b
        constant += b
    if not _isfinite(total):
        raise OverflowError(_weighted_sum_overflow(weights, inputs, bias, total))
    return new_node(total, _layout_record(pairs, value_bias, constant), tuple(nodes),
                    tuple(locals_))


def _weighted_sum_overflow(weights, inputs, bias, total):
    """Which product or partial sum of Σ wᵢ·xᵢ + b went beyond a float, as a sentence."""
    def shown(factor, letter, i):
        number = factor._data if isinstance(factor, Value) else float(factor)
        name = f"{letter}[{i}]" + (f" ({factor.label})" if isinstance(factor, Value) and factor.label
                                   else "")
        return name, number
    partial = 0.0
    for i, (w, x) in enumerate(zip(weights, inputs)):
        (w_name, wd), (x_name, xd) = shown(w, "w", i), shown(x, "x", i)
        product = wd * xd
        if not _isfinite(product):
            return (f"weighted_sum: the product {w_name}·{x_name} = {wd!r}·{xd!r} is beyond a "
                    f"float ({product!r}), so Σ w·x + b cannot be computed")
        partial += product
        if not _isfinite(partial):
            return (f"weighted_sum: the sum of the products up to {w_name}·{x_name} is beyond a "
                    f"float ({partial!r})")
    return (f"weighted_sum: Σ w·x = {partial!r} plus the bias "
            f"{bias._data if isinstance(bias, Value) else bias!r} is beyond a float ({total!r})")


def _common_case(weights, inputs, bias):
    """The node for the two common cases, with no Python code per product beyond the sum:
    Value weights with Value inputs (a hidden layer) or with float inputs (a data point),
    and a Value bias or none. None for any other mix, which the general path takes.

    The weights and inputs are read through ``_data`` rather than checked with
    isinstance one by one: a number (or anything else without it) ends the fast
    path with AttributeError. A non-finite input makes the sum non-finite
    (inf·0 is nan), which also ends it, so the general path can say which.
    """
    value_bias = type(bias) is Value
    if not value_bias and bias is not None:
        return None
    try:
        w = [v._data for v in weights]
        if inputs and type(inputs[0]) is float:
            for v in inputs:
                if type(v) is not float:
                    return None
            x = inputs
            pairs = 0
        else:
            x = [v._data for v in inputs]
            pairs = len(w)
    except AttributeError:
        return None
    total = 0.0
    for a, b in zip(w, x):
        total += a * b
    if not _isfinite(total):
        return None
    record = _LAYOUTS[value_bias].get(pairs) or _layout(pairs, value_bias)
    if pairs:
        if value_bias:
            return new_node(total + bias._data, record, (*weights, *inputs, bias), (*x, *w, 1.0))
        return new_node(total, record, (*weights, *inputs), (*x, *w))
    if value_bias:
        return new_node(total + bias._data, record, (*weights, bias), (*x, 1.0))
    return new_node(total, record, tuple(weights), tuple(x))


def _general_terms(weights, inputs):
    """Σ w·x term by term, any mix of Values and numbers: (total, nodes, locals, pairs, constant)."""
    total = 0.0
    constant = 0.0
    pair_weights, pair_inputs, pair_w, pair_x, single_nodes, single_locals = [], [], [], [], [], []
    for w, x in zip(weights, inputs):
        if isinstance(w, Value):
            wd = w._data
            if isinstance(x, Value):
                xd = x._data
                pair_weights.append(w)
                pair_inputs.append(x)
                pair_w.append(wd)
                pair_x.append(xd)
            else:
                xd = as_float(x, "weighted_sum")
                single_nodes.append(w)
                single_locals.append(xd)
        elif isinstance(x, Value):
            xd = x._data
            wd = as_float(w, "weighted_sum")
            single_nodes.append(x)
            single_locals.append(wd)
        else:
            wd = as_float(w, "weighted_sum")
            xd = as_float(x, "weighted_sum")
            constant += wd * xd
        total += wd * xd
    return (total, pair_weights + pair_inputs + single_nodes, pair_x + pair_w + single_locals,
            len(pair_weights), constant)


_LAYOUTS = {False: {}, True: {}}       # with a Value bias? -> {pairs: record}


def _layout(pairs, value_bias):
    """The weighted sum's member with ``pairs`` products of two Values and no constant part."""
    record = _LAYOUTS[value_bias].get(pairs)
    if record is None:
        record = WEIGHTED_SUM.with_constant(Layout(pairs, value_bias, 0.0))
        if pairs < 100_000:
            _LAYOUTS[value_bias][pairs] = record
    return record


def _layout_record(pairs, value_bias, constant):
    """The weighted sum's member for this layout and constant part."""
    if constant == 0.0:
        return _layout(pairs, value_bias)
    return WEIGHTED_SUM.with_constant(Layout(pairs, value_bias, constant))
