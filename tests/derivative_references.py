"""Derivatives of every order, from the engine and from references that do not use it.

``engine_derivatives(f, point, order)`` differentiates ``f`` with ``grad``
again and again (each derivative a graph the next one differentiates) and
returns a table {(i, j, …): ∂ᵏf/∂xᵢ∂xⱼ…} of floats. The same table comes from

- ``torch_derivatives``: PyTorch in float64, ``torch.autograd.grad`` with
  ``create_graph=True`` applied as many times (a zero where PyTorch says a
  derivative does not depend on the inputs at all);
- ``central_difference_derivatives``: each entry of order k is a central
  difference of the engine's entry of order k - 1, down to order 0, which is
  ``f`` evaluated on plain numbers. Only what is one order lower is trusted,
  so an error at any order shows up at that order.

``CASES`` lists a function built on every operation the engine has, each
with the same function written for PyTorch.
"""

import math
from typing import Callable, NamedTuple, Optional

from autograd_core import Value, grad, no_grad, sum_values, weighted_sum
import nn
from nn import softmax


def engine_derivatives(f, point, order=3):
    """{index: derivative} for every index of length 0..order, by repeated ``grad``."""
    xs = [Value(p, label=f"x{i}") for i, p in enumerate(point)]
    out = f(*xs)
    table = {(): out.data}
    frontier = {(): out}
    for k in range(1, order + 1):
        deeper = {}
        for index, node in frontier.items():
            derivatives = grad(node, xs, create_graph=k < order, allow_unused=True)
            for i, d in enumerate(derivatives):
                deeper[index + (i,)] = d
        table.update({index: d.data for index, d in deeper.items()})
        frontier = deeper
    return table


def torch_derivatives(f, point, order=3):
    """The same table from PyTorch float64 (``torch.autograd.grad(create_graph=True)``)."""
    import torch
    xs = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in point]
    out = f(*xs)
    table = {(): out.item()}
    frontier = {(): out}
    for _ in range(order):
        deeper = {}
        for index, tensor in frontier.items():
            if tensor.requires_grad:
                derivatives = torch.autograd.grad(tensor, xs, create_graph=True, allow_unused=True)
            else:
                derivatives = [None] * len(xs)
            for i, d in enumerate(derivatives):
                deeper[index + (i,)] = torch.zeros((), dtype=torch.float64) if d is None else d
        table.update({index: d.item() for index, d in deeper.items()})
        frontier = deeper
    return table


def central_difference_derivatives(f, point, order=3, eps=1e-5):
    """The same table, each order-k entry a central difference of the engine's order k - 1."""
    def lower(at, k):
        if k == 0:
            with no_grad():
                return {(): f(*(Value(p) for p in at)).data}
        return engine_derivatives(f, at, k)

    table = {(): lower(point, 0)[()]}
    for k in range(1, order + 1):
        for i in range(len(point)):
            up = list(point)
            down = list(point)
            up[i] += eps
            down[i] -= eps
            above, below = lower(up, k - 1), lower(down, k - 1)
            for index in above:
                if len(index) == k - 1:
                    table[index + (i,)] = (above[index] - below[index]) / (2 * eps)
    return table


def mismatches(actual, expected, rel_tol, abs_tol):
    """The entries where two tables disagree, as readable lines ([] when they agree)."""
    scale = max(1.0, max(abs(v) for v in expected.values()))
    lines = []
    for index in sorted(expected, key=lambda i: (len(i), i)):
        a, e = actual[index], expected[index]
        if not math.isclose(a, e, rel_tol=rel_tol, abs_tol=abs_tol * scale):
            lines.append(f"∂{index}: engine {a!r}, reference {e!r}")
    return lines


# ----------------------------------------------------------------------
# Every operation, written once for the engine and once for PyTorch.
# ----------------------------------------------------------------------

class Case(NamedTuple):
    name: str
    engine: Callable
    torch: Optional[Callable]       # None: the same function works on tensors
    points: list


def _F():
    import torch.nn.functional as F
    return F


def _torch_step(x):
    import torch
    return (x >= 0).to(torch.float64) + 0 * x       # derivative 0 everywhere, by hand


def _torch_softmax(xs):
    import torch
    return list(torch.softmax(torch.stack(list(xs)), 0).unbind())


def _torch_sum(xs):
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


def _mixed_weighted_sum(a, b, c, d):
    # a number times a Value, then a product of two Values after it, then a bias
    return weighted_sum([2.0, a, b], [c, 0.5, d], bias=-0.25)


def _mixed_weighted_sum_torch(a, b, c, d):
    return 2.0 * c + a * 0.5 + b * d - 0.25


def _bce_torch(ps, ys):
    terms = [-(y * p.log() + (1 - y) * (1 - p).log()) for p, y in zip(ps, ys)]
    return _torch_sum(terms) / len(terms)


def _bce_logits_torch(zs, ys):
    import torch
    F = _F()
    return F.binary_cross_entropy_with_logits(torch.stack(list(zs)),
                                              torch.tensor(ys, dtype=torch.float64))


def _ce_logits_torch(zs, ys):
    import torch
    logp = torch.log_softmax(torch.stack(list(zs)), 0)
    return -(torch.tensor(ys, dtype=torch.float64) * logp).sum()


UNARY = [
    Case("neg", lambda x: -x, None, [0.7, -1.3]),
    Case("x+3", lambda x: x + 3, None, [0.7]),
    Case("3+x", lambda x: 3 + x, None, [0.7]),
    Case("x-3", lambda x: x - 3, None, [0.7]),
    Case("3-x", lambda x: 3 - x, None, [0.7]),
    Case("3*x", lambda x: 3 * x, None, [0.7]),
    Case("x*3", lambda x: x * 3, None, [-1.3]),
    Case("x/4", lambda x: x / 4, None, [0.7]),
    Case("3/x", lambda x: 3 / x, None, [0.7, -1.3]),
    Case("x*x", lambda x: x * x, None, [0.7, -1.3]),
    Case("x/x**2", lambda x: x / x ** 2, None, [0.7]),
    Case("x**3", lambda x: x ** 3, None, [0.7, -1.3]),
    Case("x**2.5", lambda x: x ** 2.5, None, [0.7, 2.0]),
    Case("x**0.5", lambda x: x ** 0.5, None, [0.7, 3.0]),
    Case("x**-2", lambda x: x ** -2, None, [0.7, -1.3]),
    Case("x**1", lambda x: x ** 1, None, [0.7]),
    Case("x**0", lambda x: x ** 0, None, [0.7]),
    Case("2**x", lambda x: 2 ** x, None, [0.7, -1.3]),
    Case("0.5**x", lambda x: 0.5 ** x, None, [0.7]),
    Case("exp", lambda x: x.exp(), None, [0.7, -1.3]),
    Case("log", lambda x: x.log(), None, [0.7, 3.0]),
    Case("sqrt", lambda x: x.sqrt(), None, [0.7, 3.0]),
    Case("sin", lambda x: x.sin(), None, [0.7, -1.3]),
    Case("cos", lambda x: x.cos(), None, [0.7, -1.3]),
    Case("tanh", lambda x: x.tanh(), None, [0.5, -0.9, 1.0, 1.5, -3.0]),
    Case("sigmoid", lambda x: x.sigmoid(), None, [0.3, -4.0, 12.0]),
    Case("arctan", lambda x: x.arctan(), None, [0.5, -0.9, 3.0, -7.0]),
    Case("softplus", lambda x: x.softplus(),
         lambda x: _F().softplus(x, threshold=1000.0), [-3.0, 0.5, 25.0]),
    Case("relu", lambda x: x.relu(), None, [2.0, -2.0]),
    Case("step", lambda x: x.step(), _torch_step, [2.0, -2.0]),
    Case("abs", lambda x: x.abs(), None, [2.0, -2.0]),
    Case("leaky_relu", lambda x: x.leaky_relu(), lambda x: _F().leaky_relu(x), [2.0, -2.0]),
    Case("leaky_relu(0.2)", lambda x: x.leaky_relu(0.2),
         lambda x: _F().leaky_relu(x, 0.2), [2.0, -2.0]),
    Case("elu", lambda x: x.elu(), lambda x: _F().elu(x), [2.0, -2.0, -1e-3]),
    Case("elu(0.5)", lambda x: x.elu(0.5), lambda x: _F().elu(x, 0.5), [2.0, -2.0]),
    # Ops whose derivative is piecewise constant, after a curve: f'(g)·g'' and on
    Case("relu(x**3)", lambda x: (x ** 3).relu(), None, [1.5, -1.5]),
    Case("abs(x**3)", lambda x: (x ** 3).abs(), None, [1.5, -1.5]),
    Case("leaky_relu(x**3, 0.2)", lambda x: (x ** 3).leaky_relu(0.2),
         lambda x: _F().leaky_relu(x ** 3, 0.2), [1.5, -1.5]),
    Case("elu(x**3, 0.5)", lambda x: (x ** 3).elu(0.5),
         lambda x: _F().elu(x ** 3, 0.5), [1.5, -1.5]),
    Case("tanh(sin(x)*x)", lambda x: (x.sin() * x).tanh(), None, [0.8, 2.0]),
]

SEVERAL = [
    Case("x+y", lambda x, y: x + y, None, [(0.7, 1.3)]),
    Case("x-y", lambda x, y: x - y, None, [(0.7, 1.3)]),
    Case("x*y", lambda x, y: x * y, None, [(0.7, 1.3)]),
    Case("x/y", lambda x, y: x / y, None, [(0.7, 1.3), (2.0, -0.5)]),
    Case("x**y", lambda x, y: x ** y, None, [(0.7, 1.3), (2.0, -0.5)]),
    Case("x*x*y", lambda x, y: x * x * y, None, [(0.7, 1.3)]),
    Case("sin(x*y)/(1+y**2)", lambda x, y: (x * y).sin() / (1 + y ** 2), None, [(0.7, 1.3)]),
    Case("sum_values", lambda x, y, z: sum_values([x, 2.0, y * z, x * x]),
         lambda x, y, z: _torch_sum([x, 2.0, y * z, x * x]), [(0.7, 1.3, -0.4)]),
    Case("weighted_sum of Values", lambda w0, w1, x0, x1, b: weighted_sum([w0, w1], [x0, x1], b),
         lambda w0, w1, x0, x1, b: w0 * x0 + w1 * x1 + b, [(0.7, 1.3, -0.4, 0.9, 0.2)]),
    Case("weighted_sum of numbers and Values", _mixed_weighted_sum,
         _mixed_weighted_sum_torch, [(0.7, 1.3, -0.4, 0.9)]),
    Case("tanh(weighted_sum)·a", lambda a, b, c, d: _mixed_weighted_sum(a, b, c, d).tanh() * a,
         lambda a, b, c, d: _mixed_weighted_sum_torch(a, b, c, d).tanh() * a,
         [(0.7, 1.3, -0.4, 0.9)]),
    Case("weighted_sum, number bias, Value weights on numbers",
         lambda a, b: weighted_sum([a, b], [0.5, -2.0], 1.5).sigmoid(),
         lambda a, b: (a * 0.5 + b * -2.0 + 1.5).sigmoid(), [(0.7, 1.3)]),
    Case("softmax", lambda a, b, c: sum_values(
        [w * p for w, p in zip((0.3, -1.2, 2.0), softmax([a, b, c]))]),
         lambda a, b, c: _torch_sum(
        [w * p for w, p in zip((0.3, -1.2, 2.0), _torch_softmax([a, b, c]))]),
         [(0.7, 1.3, -0.4)]),
    Case("log softmax", lambda a, b, c: softmax([a, b, c])[1].log(),
         lambda a, b, c: _torch_softmax([a, b, c])[1].log(), [(0.7, 1.3, -0.4)]),
    Case("mse_loss", lambda a, b: nn.mse_loss([a, b], [0.5, -1.0]),
         lambda a, b: ((a - 0.5) ** 2 + (b + 1.0) ** 2) / 2, [(0.7, 1.3)]),
    Case("sse_loss", lambda a, b: nn.sse_loss([a, b * b], [0.5, -1.0]),
         lambda a, b: 0.5 * ((a - 0.5) ** 2 + (b * b + 1.0) ** 2), [(0.7, 1.3)]),
    Case("bce_loss", lambda p, q, r: nn.bce_loss([p, q, r], [1.0, 0.0, 0.3]),
         lambda p, q, r: _bce_torch([p, q, r], [1.0, 0.0, 0.3]), [(0.7, 0.2, 0.45)]),
    Case("bce_loss of sigmoids", lambda a, b: nn.bce_loss([a.sigmoid(), b.sigmoid()], [1.0, 0.0]),
         lambda a, b: _bce_torch([a.sigmoid(), b.sigmoid()], [1.0, 0.0]), [(0.7, -1.3)]),
    Case("bce_with_logits_loss", lambda a, b, c: nn.bce_with_logits_loss([a, b, c], [1.0, 0.0, 0.25]),
         lambda a, b, c: _bce_logits_torch([a, b, c], [1.0, 0.0, 0.25]), [(0.7, -1.3, 3.0)]),
    Case("cross_entropy_loss", lambda p, q, r: nn.cross_entropy_loss([p, q, r], [0.0, 1.0, 0.0]),
         lambda p, q, r: -q.log(), [(0.2, 0.5, 0.3)]),
    Case("cross_entropy_loss, soft targets",
         lambda p, q, r: nn.cross_entropy_loss([p, q, r], [0.2, 0.5, 0.3]),
         lambda p, q, r: -(0.2 * p.log() + 0.5 * q.log() + 0.3 * r.log()), [(0.2, 0.5, 0.3)]),
    Case("cross_entropy_loss of softmax",
         lambda a, b, c: nn.cross_entropy_loss(softmax([a, b, c]), [0.0, 0.0, 1.0]),
         lambda a, b, c: -_torch_softmax([a, b, c])[2].log(), [(0.7, 1.3, -0.4)]),
    Case("cross_entropy_with_logits_loss",
         lambda a, b, c: nn.cross_entropy_with_logits_loss([a, b, c], [0.0, 1.0, 0.0]),
         lambda a, b, c: _ce_logits_torch([a, b, c], [0.0, 1.0, 0.0]), [(0.7, 1.3, -0.4)]),
    Case("cross_entropy_with_logits_loss, soft targets",
         lambda a, b, c: nn.cross_entropy_with_logits_loss([a, b, c], [0.2, 0.5, 0.3]),
         lambda a, b, c: _ce_logits_torch([a, b, c], [0.2, 0.5, 0.3]), [(0.7, 1.3, -0.4)]),
    Case("cross_entropy_with_logits_loss of a batch",
         lambda a, b, c: nn.cross_entropy_with_logits_loss([[a, b], [c, a * b]], [[0, 1], [1, 0]]),
         lambda a, b, c: (_ce_logits_torch([a, b], [0.0, 1.0])
                          + _ce_logits_torch([c, a * b], [1.0, 0.0])) / 2, [(0.7, 1.3, -0.4)]),
    Case("hinge_loss", lambda a, b: nn.hinge_loss([a * a, b], [1.0, -1.0]),
         lambda a, b: ((1 - a * a).relu() + (1 + b).relu()) / 2, [(0.7, 0.3)]),
]


def cases_with_points():
    """(name, engine, reference, point) for every case and point, as pytest parameters."""
    rows = []
    for case in UNARY + SEVERAL:
        for point in case.points:
            point = point if isinstance(point, tuple) else (point,)
            rows.append((f"{case.name} at {point}", case.engine, case.torch or case.engine, point))
    return rows


# ----------------------------------------------------------------------
# Random graphs: the same random composition of operations for both engines.
# ----------------------------------------------------------------------

_RANDOM_UNARY = [
    (lambda v: v.tanh(), lambda t: t.tanh()),
    (lambda v: v.sigmoid(), lambda t: t.sigmoid()),
    (lambda v: v.sin(), lambda t: t.sin()),
    (lambda v: v.arctan(), lambda t: t.arctan()),
    (lambda v: v.softplus(), lambda t: _F().softplus(t, threshold=1000.0)),
    (lambda v: v.elu(0.7), lambda t: _F().elu(t, 0.7)),
    (lambda v: v ** 2, lambda t: t ** 2),
    (lambda v: v.tanh().exp(), lambda t: t.tanh().exp()),
    (lambda v: (v * v + 1).log(), lambda t: (t * t + 1).log()),
    (lambda v: (v * v + 0.5).sqrt(), lambda t: (t * t + 0.5).sqrt()),
    (lambda v: 1.7 ** v.tanh(), lambda t: 1.7 ** t.tanh()),
    (lambda v: (v.sigmoid() + 0.5) ** v.cos(), lambda t: (t.sigmoid() + 0.5) ** t.cos()),
]
_RANDOM_BINARY = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b,
    lambda a, b: a / (b * b + 1), lambda a, b: 2.0 / (a.exp() + 1) * b,
]


def random_graph(seed, inputs=3):
    """(engine function, PyTorch function, point): one random graph of 3 to 11 operations."""
    import random
    rng = random.Random(seed)
    steps = []
    for _ in range(rng.randrange(3, 12)):
        if rng.random() < 0.5:
            steps.append((rng.choice(_RANDOM_UNARY), rng.randrange(100)))
        else:
            steps.append((rng.choice(_RANDOM_BINARY), rng.randrange(100), rng.randrange(100)))
    point = tuple(rng.uniform(-1.5, 1.5) for _ in range(inputs))

    def make(side):
        def f(*xs):
            nodes = list(xs)
            for step in steps:
                if len(step) == 2:
                    nodes.append(step[0][side](nodes[step[1] % len(nodes)]))
                else:
                    nodes.append(step[0](nodes[step[1] % len(nodes)], nodes[step[2] % len(nodes)]))
            return nodes[-1] + nodes[-2] * 0.5
        return f
    return make(0), make(1), point
