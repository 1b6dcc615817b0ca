"""Every operation's derivative formula, in text and in LaTeX, computes the number the node records.

The formulas a student reads (∂out/∂x = out·(1 − out) for the sigmoid) are
written by the records apart from the numbers they compute; here each
formula, with the input numbers in place of the names, is read back by the
project's expression reader and compared with ``node.local_grads``. The
LaTeX is turned into the same notation by a few rewriting rules first, and
must be plain ASCII (``−`` stops pdflatex).
"""

import math
import re

import pytest

from autograd_core import Value
from autograd_core.command_line import parse_expression
from autograd_core.core import operation_of

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _nodes(x0, y0):
    x, y = Value(x0, label="x"), Value(y0, label="y")
    return [x + y, x - y, x * y, x / y, x ** y, x + 2, x - 2, 2 - x, -x, 3 * x, x / 4, 4 / x,
            x ** 3, x ** 0.5, x ** 1, x ** 0, x ** -2, x ** -0.5, 2 ** x, 0.5 ** x, x.exp(), x.log(),
            x.sqrt(), x.sin(), x.cos(), x.tanh(), x.sigmoid(), x.relu(), x.step(), x.arctan(),
            x.softplus(), x.leaky_relu(0.2), x.leaky_relu(), x.elu(0.5), x.elu(), x.abs(),
            x - (-2.5), (-1.5) * x, x / -4]


def _from_text(text):
    """The text notation as the expression reader's: 3·x² -> 3*x**2, σ(x) -> sigmoid(x)."""
    text = text.split("  (")[0]                         # '1  (x > 0)': the branch taken
    text = re.sub(r"([\w)])([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", lambda m: f"{m[1]}**({m[2].translate(SUPERSCRIPTS)})",
                  text)
    text = re.sub(r"√(\w+)", r"sqrt(\1)", text.replace("√(", "sqrt("))
    for old, new in (("·", "*"), ("^", "**"), ("σ", "sigmoid"), ("ln", "log")):
        text = text.replace(old, new)
    return text


def _braced(text, start):
    """The text inside the braces opening at ``start``, and the index after them."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    raise AssertionError(f"unbalanced braces in {text!r}")


def _from_latex(text):
    """The records' LaTeX as the expression reader's notation."""
    text = text.split("  (")[0]
    while r"\frac" in text:
        at = text.index(r"\frac")
        top, after = _braced(text, at + 5)
        bottom, end = _braced(text, after)
        text = f"{text[:at]}(({top})/({bottom})){text[end:]}"
    while r"\sqrt{" in text:
        at = text.index(r"\sqrt{")
        inside, end = _braced(text, at + 5)
        text = f"{text[:at]}sqrt({inside}){text[end:]}"
    while "^{" in text:
        at = text.index("^{")
        inside, end = _braced(text, at + 1)
        text = f"{text[:at]}**({inside}){text[end:]}"
    text = re.sub(r"\\(ln|sin|cos)\s+([\w.]+)", r"\1(\2)", text)      # \ln x -> ln(x)
    for old, new in ((r"\left(", "("), (r"\right)", ")"), (r"\cdot", "*"), (r"\,", "*"),
                     (r"\sigma", "sigmoid"), (r"\exp", "exp"), (r"\sin", "sin"), (r"\cos", "cos"), (r"\ln", "ln"),
                     ("ln(", "log("), ("e**", "exp")):
        text = text.replace(old, new)
    text = re.sub(r"(\d)\s*([a-z(])", r"\1*\2", text)      # 2sqrt(x) -> 2*sqrt(x)
    return re.sub(r"([\w)])\s+([a-z(])", r"\1*\2", text)    # out log(x) -> out*log(x)


def _evaluate(text, numbers):
    used = {name: number for name, number in numbers.items() if re.search(rf"\b{name}\b", text)}
    return parse_expression(text, **used).data


@pytest.mark.parametrize("x0, y0", [(0.7, 1.3), (-0.4, 2.5), (3.2, -0.6)])
@pytest.mark.parametrize("latex", [False, True], ids=["text", "LaTeX"])
def test_every_derivative_formula_computes_the_recorded_local_derivative(x0, y0, latex):
    wrong = []
    for node in _nodes(x0, y0) if x0 > 0 else _negative_nodes(x0, y0):
        record = operation_of(node)
        names = ["x", "y"][:len(node.inputs)]
        numbers = {"x": node.inputs[0].data, "out": node.data}
        if len(node.inputs) == 2:
            numbers["y"] = node.inputs[1].data
        for position, local in enumerate(node.local_grads):
            formula = record.local_formula(position, names, "out", node=node, latex=latex)
            if latex:
                assert formula.isascii(), (str(node.op), formula)
            value = _evaluate(_from_latex(formula) if latex else _from_text(formula), numbers)
            if not math.isclose(value, local, rel_tol=1e-12, abs_tol=1e-300):
                wrong.append((str(node.op), position, formula, value, local))
    assert wrong == []


def _negative_nodes(x0, y0):
    """The nodes that take a negative x: all but log, sqrt, x ** y and fractional powers."""
    x, y = Value(x0, label="x"), Value(y0, label="y")
    return [x + y, x - y, x * y, x / y, x + 2, 2 - x, -x, 3 * x, 4 / x, x ** 3, x ** -2, 2 ** x,
            x.exp(), x.sin(), x.cos(), x.tanh(), x.sigmoid(), x.relu(), x.step(), x.arctan(),
            x.softplus(), x.leaky_relu(0.2), x.leaky_relu(), x.elu(0.5), x.elu(), x.abs(),
            x - (-2.5), (-1.5) * x, x / -4]


@pytest.mark.parametrize("x0", [0.7, -0.4])
def test_every_result_written_in_latex_is_plain_ascii_and_reads_as_the_result(x0):
    wrong = []
    for node in (_nodes(x0, 1.3) if x0 > 0 else _negative_nodes(x0, 1.3)):
        record = operation_of(node)
        args = [(name, 4) for name in ["x", "y"][:len(node.inputs)]]
        latex = record.write(args, node, latex=True)[0]
        assert latex.isascii(), (str(node.op), latex)
        text = record.write(args, node)[0]
        numbers = {"x": node.inputs[0].data, "y": 1.3}
        for written in (_from_text(text.replace("|x|", "abs(x)").replace("−", "-")),
                        _from_latex(latex.replace(r"\left|x\right|", "abs(x)"))):
            if re.search(r"elu|leaky_relu|relu|step|softplus|tanh|arctan|operatorname", written):
                continue            # written as calls with options (elu(x, α=0.5)): not re-read here
            value = _evaluate(written.replace("−", "-"), numbers)
            if not math.isclose(value, node.data, rel_tol=1e-12, abs_tol=1e-300):
                wrong.append((str(node.op), written, value, node.data))
    assert wrong == []


def test_a_weighted_sum_and_a_sum_in_latex_are_plain_ascii():
    from autograd_core import sum_values, weighted_sum
    from autograd_core.core.notation import write_expression
    w, x, b = Value(0.5, label="w"), Value(2.0, label="x"), Value(-1.0, label="b")
    for node in (weighted_sum([w, -0.25], [-3.0, x], b), sum_values([w, x, -2.0]), w - (-2.0) * x):
        text, _ = write_expression(node, latex=True)
        assert text.isascii() and "-" in text, text
        for position in range(len(node.inputs)):
            formula = operation_of(node).local_formula(position, ["w", "x", "b"][:len(node.inputs)],
                                                      "net", node=node, latex=True)
            assert formula.isascii(), formula
