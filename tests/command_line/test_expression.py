"""The expression language: what it reads, what it computes, and what it refuses."""

import math
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from autograd_core import ExpressionError, Value, backward_steps, no_grad, parse_expression
from autograd_core.command_line.expression import (FUNCTIONS, MAX_DEPTH, MAX_LENGTH,
                                                   input_names, parse_statements)


# ----------------------------------------------------------------------
# What it reads.
# ----------------------------------------------------------------------

def test_the_notes_chain_rule_example_gives_dz_dx_24():
    z = parse_expression("y = 3*x - 2; z = y**2", x=2)
    z.backward()
    x = z.inputs[0].inputs[0].inputs[0]
    assert (z.data, z.label, x.label, x.grad) == (16.0, "z", "x", 24.0)


def test_assignments_label_the_intermediates_so_the_steps_read_dz_dy():
    z = parse_expression("y = 3*x - 2\nz = y**2", x=2)
    assert [str(step) for step in backward_steps(z)] == [
        "dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8",
        "dz/dv1 += dz/dy · ∂y/∂v1 = 8 · 1 = 8",
        "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24"]


def test_the_same_graph_as_the_same_arithmetic_written_with_values():
    z = parse_expression("y = 3*x - 2; z = y**2", x=2)
    x = Value(2.0, label="x")
    y = 3 * x - 2
    reference = y ** 2
    assert [node.op for node in (z, z.inputs[0], z.inputs[0].inputs[0])] == \
        [node.op for node in (reference, y, y.inputs[0])]


def test_numbers_are_constants_folded_into_the_operation():
    assert parse_expression("3*x", x=1).op == "*3"
    assert parse_expression("2 - x", x=1).op == "2-"
    assert parse_expression("2**x", x=1).op == "2**"


def test_numbers_are_floats_even_when_written_as_integers():
    assert parse_expression("7/2").data == 3.5
    assert parse_expression("2**-1").data == 0.5


def test_precedence_and_associativity_are_pythons_and_the_notes():
    assert parse_expression("-x**2", x=3).data == -9.0          # -(x²)
    assert parse_expression("2**3**2").data == 512.0            # 2^(3^2)
    assert parse_expression("8/4/2").data == 1.0                # (8/4)/2
    assert parse_expression("1 - 2 - 3").data == -4.0
    assert parse_expression("(1 + 2) * 3").data == 9.0


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_calls_the_engines_method(name):
    x = 0.7
    got = parse_expression(f"{name}(x)", x=x)
    expected = getattr(Value(x), name)()
    assert (got.op, got.data, got.local_grads) == (expected.op, expected.data, expected.local_grads)


def test_leaky_relu_and_elu_take_alpha_as_a_second_number():
    assert parse_expression("leaky_relu(x, 0.2)", x=-1).data == -0.2
    assert parse_expression("elu(x, 2)", x=-1).data == 2 * math.expm1(-1)
    assert parse_expression("leaky_relu(x, -0.5 + 0.6)", x=-1).data == pytest.approx(-0.1)


def test_a_function_of_numbers_only_is_a_number():
    assert parse_expression("exp(0) + x", x=1).op == "+1"


def test_an_expression_of_numbers_only_is_a_leaf_holding_its_value():
    result = parse_expression("2*3 + 1")
    assert (result.data, result.inputs, result.op) == (7.0, (), "")


def test_a_named_constant_is_a_labelled_leaf():
    result = parse_expression("a = 3; a*x", x=2)
    a = result.inputs[0]
    assert (a.label, a.data, a.inputs) == ("a", 3.0, ())


def test_a_given_value_is_used_as_it_is_and_gets_its_gradient():
    w = Value(0.5)
    loss = parse_expression("(w*x - 1)**2", w=w, x=2.0)
    loss.backward()
    assert (w.label, w.grad) == ("w", 2 * (0.5 * 2 - 1) * 2)


def test_a_given_value_keeps_its_own_label():
    w = Value(0.5, label="weight")
    parse_expression("w*2", w=w)
    assert w.label == "weight"


def test_unicode_names_as_in_the_notes():
    assert parse_expression("θ**2 + η", θ=3, η=1).data == 10.0


def test_text_written_indented_in_a_triple_quoted_string():
    z = parse_expression("""
        y = 3*x - 2
        z = y**2
    """, x=2)
    assert z.data == 16.0


def test_leading_blanks_and_a_leading_minus():
    assert parse_expression("   -x", x=2).data == -2.0


def test_input_names_in_order_of_first_use():
    assert input_names("y = b*a; z = y + c*a") == ["b", "a", "c"]


def test_parse_statements_tells_inputs_from_assigned_names():
    expression = parse_statements("y = 3*x - 2; z = y**2", {"x": 2})
    assert list(expression.inputs) == ["x"]
    assert list(expression.assigned) == ["y", "z"]
    assert expression.result is expression.assigned["z"]


# ----------------------------------------------------------------------
# What it refuses: every error names the problem and points at it.
# ----------------------------------------------------------------------

HOSTILE = {
    "import": "__import__('os').system('echo owned')",
    "dunder attribute": "x.__class__",
    "lambda": "(lambda: 1)()",
    "list repetition": "[1] * 10**9",
    "tower of powers": "9**9**9",
    "open": "open('/etc/passwd')",
    "100 KB": "x+" * 50_000 + "x",
    "deep unary minus": "-" * 5_000 + "x",
    "deep sum": "+".join(["x"] * 3_000),
    "deep brackets": "(" * 150 + "x" + ")" * 150,
    "big integer": "1" * 4_000,
    "comprehension": "[x for x in range(10**9)]",
    "string": "'a' * 10**9",
    "subscript": "x[0]",
    "keyword": "x if x else x",
    "walrus": "(y := x)",
    "exec": "exec('1')",
    "getattr": "getattr(x, 'data')",
    "dunder name": "__builtins__",
    "escape sequence": "\x1b[2J x",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_refused_quickly_with_an_expression_error(text):
    start = time.perf_counter()
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text, x=2.0) if "x" in text else parse_expression(text)
    assert time.perf_counter() - start < 1.0
    assert refused.value.message and "\n" not in refused.value.message


@pytest.mark.parametrize("text, column, mark", [
    ("x.__class__", 2, ".__class__"),
    ("2 * open(x)", 5, "open"),
    ("(lambda: 1)()", 2, "lambda: 1"),
    ("x + [1]", 5, "[1]"),
    ("x ^ 2", 1, "x ^ 2"),
    ("y = 2*x; z = y*q", 16, "q"),
])
def test_the_error_points_at_the_offending_part_with_column_and_caret(text, column, mark):
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text, x=1.0)
    error = refused.value
    assert error.column == column
    line, carets = error.excerpt.split("\n")
    assert line == text
    assert carets == " " * (column - 1) + "^" * len(mark)
    assert str(error).startswith(f"column {column}: {error.message}")


def test_a_unicode_name_before_the_mistake_does_not_shift_the_caret():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("θθ + x.y", θθ=1, x=1)
    assert refused.value.column == 7
    assert refused.value.excerpt.split("\n")[1] == "      ^^"


def test_an_error_on_a_later_line_names_the_line():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("y = 2*x\nz = y.real", x=1)
    assert (refused.value.line, refused.value.column) == (2, 6)
    assert str(refused.value).startswith("line 2, column 6:")


def test_a_long_line_is_cut_around_the_mistake():
    text = "x + " * 40 + "x.y + " + "x + " * 40 + "x"
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text, x=1)
    line, carets = refused.value.excerpt.split("\n")
    assert len(line) <= 80 and line.startswith("…") and line.endswith("…")
    assert line[carets.index("^"):].startswith(".y")


def test_the_excerpt_never_shows_a_control_character():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("x + \x1b[31m", x=1)
    assert "control character U+001B" in refused.value.message
    assert "\x1b" not in str(refused.value)


def test_too_long_a_text_is_refused_before_it_is_parsed():
    with pytest.raises(ExpressionError, match=f"at most {MAX_LENGTH:,}"):
        parse_expression("x" * (MAX_LENGTH + 1))


def test_deep_nesting_is_refused_with_advice():
    with pytest.raises(ExpressionError, match="nested too deeply.*assignments"):
        parse_expression("-" * (MAX_DEPTH + 5) + "x", x=1)


def test_nesting_just_within_the_bound_is_read():
    assert parse_expression("-" * (MAX_DEPTH - 5) + "x", x=1).data == -1


@pytest.mark.parametrize("text, message", [
    ("9**9**9", "9 ** 387420489 is too large for a float"),
    ("1e400 * x", "too large for a float"),
    ("1/0", "1 / 0 divides by zero"),
    ("(-8)**(1/3)", "not a real number"),
    ("log(0)", "log(0): log needs its input > 0"),
    ("exp(x)", "exp(x) with x = 1000: too large for a float"),
    ("x / (x - 1000)", "division by zero"),
    ("3x", "write 3*x"),
    ("x^2", "write x**2"),
    ("x // 2", "write / for division"),
    ("exp", "exp is a function"),
    ("exp(x, 2)", "exp takes one argument"),
    ("leaky_relu(x, alpha=0.1)", "keyword arguments"),
    ("leaky_relu(x, x)", "alpha must be a number"),
    ("y = 2*x; y = 3*x", "y is assigned twice"),
    ("z = y*2; y = x", "y is used before it is assigned"),
    ("y = x; y*2", "second name"),
    ("x = 2*x", "x is given a number, but the expression computes it"),
    ("x + 1; 2", "only the last statement"),
    ("x + w", "no number was given for w"),
    ("exp = x", "exp is a function"),
    ("_x", "names that start with _"),
    ("x += 1", "augmented assignment"),
    ("import os", "import"),
    ("True * x", "True and False"),
    ("1j * x", "complex numbers"),
    ("b'1' * x", "bytes"),
    ("f'{x}'", "strings"),
    ("x < 2", "comparisons"),
    ("x, x", "tuples"),
    ("", "empty"),
])
def test_refusals_say_what_is_wrong(text, message):
    values = {"x": 1000.0} if "exp(x)" in text or "1000" in text else {"x": 1.0}
    if "x" not in text:
        values = {}
    with pytest.raises(ExpressionError, match=_escaped(message)):
        parse_expression(text, **values)


def test_a_number_for_a_name_the_text_does_not_use_is_refused():
    with pytest.raises(ExpressionError, match="a number was given for w, which the expression "
                                              r"does not use \(its inputs are x\)"):
        parse_expression("x**2", x=1, w=2)


def test_every_missing_number_is_named_at_once():
    with pytest.raises(ExpressionError, match="no number was given for a, b and c"):
        parse_expression("a*b + c")


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 10 ** 400])
def test_a_value_that_is_not_a_finite_number_is_refused(bad):
    with pytest.raises(ExpressionError, match="finite number"):
        parse_expression("x + 1", x=bad)


@pytest.mark.parametrize("bad", ["2", None, True, [1.0]])
def test_a_value_that_is_not_a_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match="value of x must be a number"):
        parse_expression("x + 1", x=bad)


def test_the_text_must_be_a_string():
    with pytest.raises(TypeError, match="must be a str"):
        parse_expression(b"x", x=1)


def test_a_refused_expression_leaves_a_given_value_unchanged():
    w = Value(0.5)
    with pytest.raises(ExpressionError):
        parse_expression("w * x.y", w=w, x=1)
    assert (w.label, w.grad) == ("", 0.0)


def test_nothing_is_computed_before_the_whole_text_is_checked(monkeypatch):
    calls = []
    monkeypatch.setitem(FUNCTIONS, "exp", lambda x: calls.append(x) or x)
    with pytest.raises(ExpressionError):
        parse_expression("y = exp(x); y.__class__", x=1)
    assert calls == []


def _escaped(text):
    import re
    return re.escape(text)


# ----------------------------------------------------------------------
# Properties: random expressions give what Value arithmetic gives.
# ----------------------------------------------------------------------

NAMES = ("x", "y", "w")
CONSTANTS = (0.5, 2.0, 3.0, 1.5, 0.25, 1e-3, 4.0, 10.0)
OPERATORS = ("+", "-", "*", "/", "**")
ONE_ARGUMENT = sorted(set(FUNCTIONS) - {"leaky_relu", "elu"})

# Precedence, as Python's grammar has it (higher binds tighter).
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4, "atom": 5}


def _trees():
    leaves = st.one_of(st.sampled_from(NAMES).map(lambda n: ("name", n)),
                       st.sampled_from(CONSTANTS).map(lambda c: ("number", c)))

    def extend(children):
        return st.one_of(
            children.map(lambda a: ("neg", a)),
            st.tuples(st.sampled_from(OPERATORS), children, children).map(
                lambda t: ("binary", t[0], t[1], t[2])),
            st.tuples(st.sampled_from(ONE_ARGUMENT), children).map(
                lambda t: ("call", t[0], t[1], None)),
            st.tuples(st.sampled_from(["leaky_relu", "elu"]), children,
                      st.sampled_from([None, 0.1, 0.5, 2.0])).map(
                lambda t: ("call", t[0], t[1], t[2])))
    return st.recursive(leaves, extend, max_leaves=10)


def _precedence(tree):
    kind = tree[0]
    if kind == "binary":
        return _PRECEDENCE[tree[1]]
    if kind == "neg":
        return _PRECEDENCE["neg"]
    return _PRECEDENCE["atom"]


def _text(tree):
    """The tree written with as few brackets as Python's precedence allows."""
    kind = tree[0]
    if kind == "name":
        return tree[1]
    if kind == "number":
        return repr(tree[1])
    if kind == "neg":
        operand = tree[1]
        inner = _text(operand)
        return "-" + (inner if _precedence(operand) >= _PRECEDENCE["neg"] else f"({inner})")
    if kind == "call":
        _, name, argument, alpha = tree
        return f"{name}({_text(argument)}" + (f", {alpha!r})" if alpha is not None else ")")
    _, symbol, left, right = tree
    mine = _PRECEDENCE[symbol]
    left_text, right_text = _text(left), _text(right)
    if symbol == "**":          # right-associative; a unary minus may stand in the exponent
        left_bare = _precedence(left) > mine
        right_bare = _precedence(right) >= _PRECEDENCE["neg"]
    else:                       # left-associative
        left_bare = _precedence(left) >= mine
        right_bare = _precedence(right) > mine
    left_text = left_text if left_bare else f"({left_text})"
    right_text = right_text if right_bare else f"({right_text})"
    return f"{left_text} {symbol} {right_text}"


def _build(tree, leaves):
    """The same tree computed with Value arithmetic in Python, numbers as constants."""
    kind = tree[0]
    if kind == "name":
        return leaves[tree[1]]
    if kind == "number":
        return tree[1]
    if kind == "neg":
        return -_build(tree[1], leaves)
    if kind == "call":
        _, name, argument, alpha = tree
        x = _build(argument, leaves)
        extra = () if alpha is None else (alpha,)
        if isinstance(x, Value):
            return getattr(x, name)(*extra)
        with no_grad():
            return getattr(Value(x), name)(*extra).data
    _, symbol, left, right = tree
    a, b = _build(left, leaves), _build(right, leaves)
    if symbol == "+":
        result = a + b
    elif symbol == "-":
        result = a - b
    elif symbol == "*":
        result = a * b
    elif symbol == "/":
        result = a / b
    else:
        result = a ** b
    if not isinstance(result, Value) and not (isinstance(result, float) and math.isfinite(result)):
        raise ValueError(f"{result!r} is not a finite float")
    return result


def _names_in(tree):
    kind = tree[0]
    if kind == "name":
        return {tree[1]}
    if kind == "number":
        return set()
    children = [tree[1]] if kind == "neg" else [tree[2]] if kind == "call" else [tree[2], tree[3]]
    return set().union(*(_names_in(child) for child in children))


_NUMBERS = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_trees(), numbers=st.tuples(_NUMBERS, _NUMBERS, _NUMBERS))
def test_random_expressions_give_the_value_and_gradients_of_value_arithmetic(tree, numbers):
    used = _names_in(tree)
    values = {name: number for name, number in zip(NAMES, numbers) if name in used}
    leaves = {name: Value(number, label=name) for name, number in values.items()}
    text = _text(tree)
    try:
        reference = _build(tree, leaves)
    except (ArithmeticError, ValueError):
        with pytest.raises(ExpressionError):
            parse_expression(text, **values)
        return
    parsed = parse_statements(text, values)
    if not isinstance(reference, Value):
        assert parsed.result.data == reference and not parsed.result.inputs
        return
    assert parsed.result.data == reference.data
    assert parsed.result.op == reference.op
    assume(reference.inputs)                # a bare name: nothing to differentiate
    try:
        reference.backward()
    except OverflowError:
        with pytest.raises(OverflowError):
            parsed.result.backward()
        return
    parsed.result.backward()
    assert {name: leaf.grad for name, leaf in parsed.inputs.items()} == \
           {name: leaf.grad for name, leaf in leaves.items()}


@settings(max_examples=100, deadline=None)
@given(tree=_trees())
def test_the_written_form_reads_back_as_the_same_tree(tree):
    text = _text(tree)
    assert _text(_tree_of(text)) == text


def _tree_of(text):
    """Read ``text`` back into the tuple form with Python's parser (for the test only)."""
    import ast
    symbols = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}

    def convert(node):
        if isinstance(node, ast.Name):
            return ("name", node.id)
        if isinstance(node, ast.Constant):
            return ("number", float(node.value))
        if isinstance(node, ast.UnaryOp):
            return ("neg", convert(node.operand))
        if isinstance(node, ast.Call):
            alpha = node.args[1].value if len(node.args) > 1 else None
            return ("call", node.func.id, convert(node.args[0]), alpha)
        return ("binary", symbols[type(node.op)], convert(node.left), convert(node.right))
    return convert(ast.parse(text, mode="eval").body)


@settings(max_examples=100, deadline=None)
@given(tree=_trees(), split=st.integers(min_value=0, max_value=20),
       numbers=st.tuples(_NUMBERS, _NUMBERS, _NUMBERS))
def test_naming_a_part_with_an_assignment_changes_no_number(tree, split, numbers):
    parts = _subtrees(tree)
    part = parts[split % len(parts)]
    assume(part[0] not in ("name", "number") and part is not tree)
    used = _names_in(tree)
    values = {name: number for name, number in zip(NAMES, numbers) if name in used}
    whole = _text(tree)
    named = f"h = {_text(part)}\n{_text(_replace(tree, part, ('name', 'h')))}"
    try:
        expected = parse_statements(whole, values).result
    except ExpressionError:
        return
    try:
        got = parse_statements(named, values)
    except ExpressionError as error:          # h names a number: nothing to label
        assert "second name" not in error.message
        return
    assert got.result.data == expected.data


def _subtrees(tree):
    found = [tree]
    kind = tree[0]
    if kind == "neg":
        found += _subtrees(tree[1])
    elif kind == "call":
        found += _subtrees(tree[2])
    elif kind == "binary":
        found += _subtrees(tree[2]) + _subtrees(tree[3])
    return found


def _replace(tree, part, by):
    if tree is part:
        return by
    kind = tree[0]
    if kind == "neg":
        return ("neg", _replace(tree[1], part, by))
    if kind == "call":
        return ("call", tree[1], _replace(tree[2], part, by), tree[3])
    if kind == "binary":
        return ("binary", tree[1], _replace(tree[2], part, by), _replace(tree[3], part, by))
    return tree


# ----------------------------------------------------------------------
# The notes' own signs, runs that are not nesting, and errors in the words written.
# ----------------------------------------------------------------------

def test_the_notes_minus_and_dot_and_times_are_read_as_python_s():
    z = parse_expression("y = 3·x − 2; z = y×y", x=2)
    reference = parse_expression("y = 3*x - 2; z = y*y", x=2)
    assert (z.data, z.label) == (reference.data, "z") == (16.0, "z")
    assert parse_expression("−x·w", x=2, w=3).data == -6.0


def test_an_error_in_text_with_the_notes_signs_points_at_the_right_column():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("y = 3·x − 2; z = y.w", x=2)
    line, carets = refused.value.excerpt.split("\n")
    assert line == "y = 3·x − 2; z = y.w"            # as written, not as Python read it
    assert line[carets.index("^"):] == ".w"


def test_a_long_sum_is_a_run_not_nesting():
    terms = MAX_DEPTH * 10
    assert parse_expression("+".join(["x"] * terms), x=1).data == terms
    assert parse_expression(" - ".join(["x*y/2"] * 600), x=2, y=3).data == 3 - 3 * 599


def test_a_run_inside_brackets_nests_one_level_each():
    nested = "x" + "*(1+x" * 40 + ")" * 40          # x·(1 + x·(1 + … (1 + x)))
    assert parse_expression(nested, x=1).data == 41
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("-" * (MAX_DEPTH + 1) + "(x+x+x)", x=1)


def test_a_sum_too_long_for_python_s_parser_is_refused_in_words():
    with pytest.raises(ExpressionError, match=r"too long or nested too deeply .* 5,000 numbers"):
        parse_expression("+".join(["x"] * 4_900), x=1)


@pytest.mark.parametrize("text, message", [
    ("(-x)**0.5", "(-x)**0.5 with -x = -2: a negative base needs an integer exponent"),
    ("(−x)**0.5", "(−x)**0.5 with −x = -2: a negative base needs an integer exponent"),
    ("y = x - 2; z = 1/y", "1/y with y = 0: division by zero"),
    ("(x-2)**-1", "(x-2)**-1 with x-2 = 0: zero to a negative power divides by zero"),
    ("(x-2)**0.5", "(x-2)**0.5 with x-2 = 0: a power 0.5, below 1, has an infinite derivative"),
    ("log(x - 2)", "log(x - 2) with x - 2 = 0: log needs its input > 0"),
    ("sqrt(x - 3)", "sqrt(x - 3) with x - 3 = -1: sqrt needs its input >= 0"),
    ("(-2)**x", "(-2)**x: a power whose exponent is computed needs a base > 0"),
    ("x**1e300", "x**1e300 with x = 2: too large for a float"),
])
def test_an_operation_that_cannot_be_computed_is_named_as_written(text, message):
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text, x=2)
    assert refused.value.message == message or refused.value.message.startswith(message)
    assert " x = -2.0" not in str(refused.value)       # never a generic x of a formula


def test_an_integer_of_thousands_of_digits_is_too_large_for_a_float_in_words():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("x*" + "1" * 5000, x=1)
    assert refused.value.message == "this number is too large for a float (at most about 1.8e308)"


@pytest.mark.parametrize("text, hint", [
    ("2(x + 1)", "a product needs its *: write 2*(x + 1), not 2(x + 1)"),
    ("(x + 1)(x - 1)", "write (x + 1)*(x - 1), not (x + 1)(x - 1)"),
    ("x(x + 1)", "x is not one of the functions an expression can call"),
    ("x(x + 1)", "(for a product, write x*(...))"),
    ("ln(x)", "; write log(...)"),
    ("σ(x)", "; write sigmoid(...)"),
    ("ReLU(x)", "; write relu(...)"),
    ("y = 3*x - 2; z = y²", "(a power is written with **: y**2, not y²)"),
])
def test_the_notes_way_of_writing_a_product_a_power_or_a_function_gets_a_hint(text, hint):
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text, x=1.0)
    assert hint in refused.value.message


def test_a_function_name_of_no_known_spelling_gets_no_made_up_hint():
    with pytest.raises(ExpressionError) as refused:
        parse_expression("open(x)", x=1.0)
    assert refused.value.message.endswith("leaky_relu, elu")
