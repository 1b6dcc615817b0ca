"""Exercises with friendly numbers and worked solutions, checked by ``check``.

``make_exercise(kind, seed)`` gives a fresh problem of one kind:

- ``"chain"``: the chain rule on an expression, as the notes' y = 3x − 2,
  z = y² at x = 2 (whole numbers throughout);
- ``"network"``: a 2-2-2 sigmoid network with squared error, as the notes'
  step-by-step example: the forward pass, every weight's gradient and the
  update step;
- ``"softmax"``: softmax and cross-entropy on three logits;
- ``"xor"``: a 2-2-1 sigmoid network on one XOR point with binary
  cross-entropy.

The same kind and seed give the same exercise. Each has a ``statement``
(Markdown, formulas in LaTeX), the ``graph`` (its root ``Value``, every
quantity labelled with the name used in the keys), the ``solution`` (key →
number as written, in the order a person computes them) and ``check(claims)``,
which is ``check`` on its graph. The solution passes its own check.

    >>> exercise = make_exercise("chain", seed=1)
    >>> list(exercise.solution)
    ['y', 'z', 'dz/dy', 'dy/dx', 'dz/dx']
    >>> exercise.check(exercise.solution).ok
    True

``make_sheet(kind, count, seed)`` gives a sheet of exercises for a class,
with the answer key at the end (``sheet.to_markdown(solutions=True)``).
"""

import math
import random

from ..core import Value, sum_values, weighted_sum
from .explaining import total_name
from .graph import TutorGraph, escape_latex
from .tutor import check

KINDS = ("chain", "network", "softmax", "xor")
#: Significant digits of the numbers in a worked solution (as the notes' nine decimals, about).
SOLUTION_DIGITS = 6


def written(x, digits=SOLUTION_DIGITS):
    """A number as a worked solution writes it: a whole number as is, else ``digits`` significant digits.

    >>> written(24.0), written(0.1 + 0.18), written(0.5932699921071872), written(4.385681e-05)
    ('24', '0.28', '0.593270', '4.38568e-05')
    """
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    short = format(x, f".{digits}g")
    if abs(float(short) - x) <= 4 * math.ulp(x):      # a short decimal, as 0.28: written as it is
        return short
    text = format(x, f"#.{digits}g")
    return text[:-1] if text.endswith(".") else text


class Exercise:
    """One exercise: its statement, its graph, and its worked solution.

    Attributes:
        kind: the kind of exercise it is (``"chain"``, ``"network"``, …).
        seed: the seed it was made from (the same kind and seed make the same exercise).
        title: a short title.
        statement: the problem in Markdown, formulas in LaTeX ($…$).
        graph: the root ``Value`` of its computation, every quantity labelled.
        nodes: {name: Value} for every labelled node.
        solution: {key: number as written}, in the order a person computes them.
        learning_rate: η for the update steps (``"w5+"``), or None.
    """

    def __init__(self, kind, seed, title, given, formulas, graph, keys, learning_rate=None):
        self.kind = kind
        self.seed = seed
        self.title = title
        self.graph = graph
        self.learning_rate = learning_rate
        self._given = given             # [(LaTeX name, number)]
        self._formulas = formulas       # [LaTeX formula]
        self._names = TutorGraph(graph)
        self.nodes = {node.label: node for node in self._names.order if node.label}
        self.solution = {}
        self._latex_keys = {}
        for key in keys:
            value, latex = self._quantity(key)
            self.solution[key] = written(value)
            self._latex_keys[key] = latex
        self.statement = self._statement()

    def _quantity(self, key):
        """(exact value, LaTeX) of a key of this exercise."""
        names = self._names
        if key.endswith("+"):
            node = self.nodes[key[:-1]]
            gradient = names.exact_derivative(self.graph, node)
            return (node.data - self.learning_rate * gradient, names.display_latex(node) + "^{+}")
        if key in self.nodes:
            node = self.nodes[key]
            return node.data, names.display_latex(node)
        of, wrt = (self.nodes[name[1:]] for name in key.split("/"))
        return names.exact_derivative(of, wrt), total_name(names, of, wrt, latex=True)

    def check(self, claims):
        """``check`` of ``claims`` on this exercise's graph (and learning rate)."""
        return check(self.graph, claims, learning_rate=self.learning_rate)

    # ------------------------------------------------------------------
    # Written out.
    # ------------------------------------------------------------------

    def _statement(self):
        given = ", ".join(f"${name} = {_latex_number(value)}$" for name, value in self._given)
        lines = [f"**{self.title}.** Given {given}:", ""]
        lines += [f"$${formula}$$" for formula in self._formulas]
        if self.learning_rate is not None:
            lines += ["", f"Learning rate $\\eta = {_latex_number(self.learning_rate)}$; "
                          f"$w^{{+}} = w - \\eta \\, \\frac{{dE}}{{dw}}$."]
        lines += ["", "Compute, in this order (the key to write each under is in brackets):", ""]
        lines += [f"{k}. ${self._latex_keys[key]}$ (`{key}`)"
                  for k, key in enumerate(self.solution, start=1)]
        return "\n".join(lines)

    def to_markdown(self, solutions=False):
        """The statement, and with ``solutions=True`` the worked numbers."""
        text = self.statement
        if solutions:
            text += "\n\n" + self.solution_markdown()
        return text + "\n"

    def solution_markdown(self):
        rows = ["| quantity | key | value |", "|---|---|---|"]
        rows += [f"| ${self._latex_keys[key]}$ | `{key}` | {value} |"
                 for key, value in self.solution.items()]
        return "**Solution.**\n\n" + "\n".join(rows)

    def to_latex(self, solutions=False):
        """The exercise as LaTeX (amsmath), with ``solutions=True`` the worked numbers."""
        given = ", ".join(f"${name} = {_latex_number(value)}$" for name, value in self._given)
        lines = [rf"\subsection*{{{escape_latex(self.title)}}}", f"Given {given}:"]
        lines += [rf"\[ {formula} \]" for formula in self._formulas]
        if self.learning_rate is not None:
            lines.append(rf"Learning rate $\eta = {_latex_number(self.learning_rate)}$; "
                         r"$w^{+} = w - \eta \, \frac{dE}{dw}$.")
        lines.append(r"Compute, in this order:")
        lines.append(r"\begin{enumerate}")
        lines += [rf"  \item ${self._latex_keys[key]}$" for key in self.solution]
        lines.append(r"\end{enumerate}")
        if solutions:
            lines.append(self.solution_latex())
        return "\n".join(lines) + "\n"

    def solution_latex(self):
        rows = [rf"  ${self._latex_keys[key]}$ & ${_latex_number(value)}$ \\"
                for key, value in self.solution.items()]
        return "\n".join([r"\paragraph{Solution.}", r"\begin{tabular}{ll}", *rows,
                          r"\end{tabular}"])

    def __repr__(self):
        return f"make_exercise({self.kind!r}, seed={self.seed!r})"


class ExerciseSheet:
    """A sheet of exercises for a class, with the answer key at the end."""

    def __init__(self, exercises):
        self.exercises = list(exercises)

    def to_markdown(self, solutions=False):
        parts = ["# Exercises"]
        for k, exercise in enumerate(self.exercises, start=1):
            parts.append(f"## Exercise {k}\n\n{exercise.statement}")
        if solutions:
            parts.append("# Answer key")
            for k, exercise in enumerate(self.exercises, start=1):
                parts.append(f"## Exercise {k}\n\n{exercise.solution_markdown()}")
        return "\n\n".join(parts) + "\n"

    def to_latex(self, solutions=False):
        """A whole LaTeX document (article, amsmath)."""
        lines = [r"\documentclass{article}", r"\usepackage{amsmath,amssymb}",
                 r"\begin{document}", r"\section*{Exercises}"]
        for k, exercise in enumerate(self.exercises, start=1):
            lines.append(exercise.to_latex().replace(r"\subsection*{", rf"\subsection*{{{k}. ", 1))
        if solutions:
            lines.append(r"\section*{Answer key}")
            for k, exercise in enumerate(self.exercises, start=1):
                lines.append(rf"\subsection*{{Exercise {k}}}")
                lines.append(exercise.solution_latex())
        lines.append(r"\end{document}")
        return "\n".join(lines) + "\n"


def make_exercise(kind="network", seed=0):
    """A fresh exercise with friendly numbers and a worked solution.

    Args:
        kind: ``"chain"`` (the chain rule on y = ax + b, z = yⁿ),
            ``"network"`` (a 2-2-2 sigmoid network with squared error, the
            update steps included), ``"softmax"`` (softmax and
            cross-entropy) or ``"xor"`` (a 2-2-1 network on one XOR point,
            binary cross-entropy).
        seed: an int or a str; the same kind and seed give the same exercise.

    Returns:
        Exercise: ``.statement`` (Markdown with LaTeX), ``.graph``,
            ``.solution`` ({key: number as written}, in the order a person
            computes), ``.check(claims)``, ``.to_markdown(solutions=...)``,
            ``.to_latex(solutions=...)``.

    Raises:
        ValueError: an unknown ``kind``.
        TypeError: a ``seed`` that is neither an int nor a str.

    Examples:
        >>> exercise = make_exercise("chain", seed=2)
        >>> exercise.solution
        {'y': '6', 'z': '36', 'dz/dy': '12', 'dy/dx': '2', 'dz/dx': '24'}
        >>> print(exercise.check({"y": "6", "dz/dx": "12"}))
        ✓ y = 6
        ✗ dz/dx = 12, but it is 24
            left-out factor: you left out ∂y/∂x = 2
            dz/dx = ∂z/∂y · ∂y/∂x
                  = 12 · 2 = 24
              ∂z/∂y = 2·y = 2·6 = 12
              ∂y/∂x = 2
    """
    if kind not in KINDS:
        raise ValueError(f"make_exercise: kind must be one of {', '.join(map(repr, KINDS))}, "
                         f"got {kind!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, str)):
        raise TypeError(f"make_exercise: seed must be an int or a str, got "
                        f"{type(seed).__name__}: {seed!r}")
    rng = random.Random(f"{kind}:{seed}")
    return _MAKERS[kind](rng, seed)


def make_sheet(kind="network", count=5, seed=0):
    """A sheet of exercises for a class, with an answer key.

    Args:
        kind: as for ``make_exercise``.
        count: how many exercises, 1 to 200.
        seed: an int or a str; the same arguments give the same sheet.

    Returns:
        ExerciseSheet: ``.exercises``, and ``.to_markdown(solutions=...)`` /
            ``.to_latex(solutions=...)`` (a whole document), the answer key at
            the end when ``solutions=True``.

    Raises:
        ValueError: an unknown ``kind``, or a ``count`` out of range.
        TypeError: a ``seed`` that is neither an int nor a str.

    Examples:
        >>> sheet = make_sheet("softmax", 3, seed=1)
        >>> len(sheet.exercises), sheet.to_markdown().count("## Exercise")
        (3, 3)
        >>> "# Answer key" in sheet.to_markdown(solutions=True)
        True
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 200:
        raise ValueError(f"make_sheet: count must be an int from 1 to 200, got {count!r}")
    return ExerciseSheet(make_exercise(kind, f"{seed}/{k}") for k in range(count))


# ----------------------------------------------------------------------
# The kinds.
# ----------------------------------------------------------------------

def _chain(rng, seed):
    x0 = rng.randint(1, 4)
    a = rng.randint(2, 5)
    b = rng.choice([k for k in range(-4, 5) if k and a * x0 + k])
    power = rng.choice([2, 2, 3])
    x = Value(float(x0), label="x")
    y = a * x + b
    y.label = "y"
    z = y ** power
    z.label = "z"
    sign = "+" if b > 0 else "-"
    formulas = [f"y = {a}x {sign} {abs(b)}", f"z = y^{{{power}}}"]
    return Exercise("chain", seed, "The chain rule", [("x", x0)], formulas, z,
                    ["y", "z", "dz/dy", "dy/dx", "dz/dx"])


def _one_decimal(rng, low, high):
    return rng.randint(round(low * 10), round(high * 10)) / 10


def _neuron(name, weights, inputs, bias):
    net = weighted_sum(weights, inputs, bias)
    net.label = "net_" + name
    out = net.sigmoid()
    out.label = "out_" + name
    return out


def _network(rng, seed):
    i1, i2 = rng.choice([0.05, 0.1, 0.2]), rng.choice([0.1, 0.3, 0.5])
    t1, t2 = rng.choice([(0.01, 0.99), (0.1, 0.9), (0.99, 0.01)])
    w = {f"w{k}": Value(_one_decimal(rng, 0.1, 0.9), label=f"w{k}") for k in range(1, 9)}
    b1 = Value(_one_decimal(rng, 0.1, 0.6), label="b1")
    b2 = Value(_one_decimal(rng, 0.1, 0.6), label="b2")
    out_h1 = _neuron("h1", [w["w1"], w["w2"]], [i1, i2], b1)
    out_h2 = _neuron("h2", [w["w3"], w["w4"]], [i1, i2], b1)
    out_o1 = _neuron("o1", [w["w5"], w["w6"]], [out_h1, out_h2], b2)
    out_o2 = _neuron("o2", [w["w7"], w["w8"]], [out_h1, out_h2], b2)
    e_o1 = 0.5 * (t1 - out_o1) ** 2
    e_o1.label = "E_o1"
    e_o2 = 0.5 * (t2 - out_o2) ** 2
    e_o2.label = "E_o2"
    e_total = e_o1 + e_o2
    e_total.label = "E_total"
    given = [("i_1", i1), ("i_2", i2), ("t_1", t1), ("t_2", t2)]
    given += [(f"w_{k}", w[f"w{k}"].data) for k in range(1, 9)]
    given += [("b_1", b1.data), ("b_2", b2.data)]
    formulas = [r"net_{h1} = w_1 i_1 + w_2 i_2 + b_1,\quad net_{h2} = w_3 i_1 + w_4 i_2 + b_1",
                r"net_{o1} = w_5\, out_{h1} + w_6\, out_{h2} + b_2,\quad "
                r"net_{o2} = w_7\, out_{h1} + w_8\, out_{h2} + b_2",
                r"out = \sigma(net) = \frac{1}{1 + e^{-net}}",
                r"E_{o1} = \tfrac12 (t_1 - out_{o1})^2,\quad E_{o2} = \tfrac12 (t_2 - out_{o2})^2,"
                r"\quad E_{total} = E_{o1} + E_{o2}"]
    keys = ["net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2",
            "E_o1", "E_o2", "E_total",
            "dE_total/dout_o1", "dout_o1/dnet_o1", "dnet_o1/dw5", "dE_total/dw5", "w5+",
            "dE_total/dw6", "w6+", "dE_total/dw7", "w7+", "dE_total/dw8", "w8+",
            "dE_o1/dout_h1", "dE_o2/dout_h1", "dE_total/dout_h1", "dout_h1/dnet_h1",
            "dnet_h1/dw1", "dE_total/dw1", "w1+", "dE_total/dw2", "w2+",
            "dE_total/dw3", "w3+", "dE_total/dw4", "w4+"]
    return Exercise("network", seed, "Backpropagation, step by step", given, formulas, e_total,
                    keys, learning_rate=0.5)


def _softmax(rng, seed):
    logits = [_one_decimal(rng, -1.0, 3.0) for _ in range(3)]
    target = rng.randrange(3)
    z = [Value(v, label=f"z{k}") for k, v in enumerate(logits, start=1)]
    exps = [v.exp() for v in z]
    total = sum_values(exps)
    p = [e / total for e in exps]
    for k, node in enumerate(p, start=1):
        node.label = f"p{k}"
    one_hot = [1.0 if k == target else 0.0 for k in range(3)]
    loss = -weighted_sum(one_hot, [node.log() for node in p])     # −Σ yₖ ln pₖ = −ln p_target
    loss.label = "L"
    formulas = [r"p_k = \frac{e^{z_k}}{e^{z_1} + e^{z_2} + e^{z_3}}",
                rf"L = -\sum_k y_k \ln p_k = -\ln p_{target + 1} \quad "
                rf"\text{{(the target is class {target + 1}: }} y_{target + 1} = 1)"]
    given = [(f"z_{k}", v) for k, v in enumerate(logits, start=1)]
    keys = ["p1", "p2", "p3", "L", f"dL/dp{target + 1}", "dL/dz1", "dL/dz2", "dL/dz3"]
    return Exercise("softmax", seed, "Softmax and cross-entropy", given, formulas, loss, keys)


def _xor(rng, seed):
    x1, x2 = rng.choice([(0.0, 1.0), (1.0, 0.0), (1.0, 1.0)])
    y = float(int(x1) ^ int(x2))
    w = {f"w{k}": Value(_one_decimal(rng, -0.9, 0.9) or 0.5, label=f"w{k}") for k in range(1, 7)}
    b = {f"b{k}": Value(_one_decimal(rng, -0.5, 0.5), label=f"b{k}") for k in range(1, 4)}
    out_h1 = _neuron("h1", [w["w1"], w["w2"]], [x1, x2], b["b1"])
    out_h2 = _neuron("h2", [w["w3"], w["w4"]], [x1, x2], b["b2"])
    out_o = _neuron("o", [w["w5"], w["w6"]], [out_h1, out_h2], b["b3"])
    loss = -(y * out_o.log() + (1.0 - y) * (1.0 - out_o).log())
    loss.label = "L"
    given = [("x_1", x1), ("x_2", x2), ("y", y)]
    given += [(f"w_{k}", w[f"w{k}"].data) for k in range(1, 7)]
    given += [(f"b_{k}", b[f"b{k}"].data) for k in range(1, 4)]
    formulas = [r"out_{h1} = \sigma(w_1 x_1 + w_2 x_2 + b_1),\quad "
                r"out_{h2} = \sigma(w_3 x_1 + w_4 x_2 + b_2)",
                r"out_{o} = \sigma(w_5\, out_{h1} + w_6\, out_{h2} + b_3)",
                r"L = -\bigl(y \ln out_{o} + (1 - y) \ln(1 - out_{o})\bigr)"]
    keys = ["net_h1", "out_h1", "net_h2", "out_h2", "net_o", "out_o", "L",
            "dL/dout_o", "dL/dnet_o", "dL/dw5", "w5+", "dL/dw6", "w6+", "dL/db3",
            "dL/dout_h1", "dL/dnet_h1", "dL/dw1", "w1+", "dL/dw2", "w2+",
            "dL/dout_h2", "dL/dnet_h2", "dL/dw3", "w3+", "dL/dw4", "w4+"]
    return Exercise("xor", seed, "XOR with binary cross-entropy", given, formulas, loss, keys,
                    learning_rate=0.5)


_MAKERS = {"chain": _chain, "network": _network, "softmax": _softmax, "xor": _xor}


def _latex_number(value):
    if isinstance(value, str):
        return value.replace("−", "-")
    if value == int(value):
        return str(int(value))
    return format(value, "g") if math.isfinite(value) else str(value)
