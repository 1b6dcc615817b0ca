"""Operation: an operation of one's own works everywhere the built-in ones do."""

import math

import pytest

from autograd_core import (GradcheckError, Operation, Value, backward_steps, chain_rule_paths,
                           forward_derivative, forward_steps, format_graph, grad, gradcheck,
                           gradgradcheck, to_dot)
from autograd_core.core.order import topological_order

from derivative_references import engine_derivatives, mismatches, torch_derivatives


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


# swish(x) = x·σ(x), swish'(x) = σ(x)·(1 + x·σ(-x))
swish = Operation(
    "swish",
    value=lambda x: x * _sigmoid(x),
    local_grads=lambda x, out: [_sigmoid(x) * (1 + x * _sigmoid(-x))],
    local_grads_as_values=lambda x, out: [x.sigmoid() * (1 + x * (-x).sigmoid())])

# hypot(x, y) = √(x² + y²), ∂/∂x = x/out, ∂/∂y = y/out: one formula for floats and Values
hypot = Operation(
    "hypot",
    value=lambda x, y: math.hypot(x, y),
    local_grads=lambda x, y, out: [x / out, y / out],
    local_grads_as_values=lambda x, y, out: [x / out, y / out])

hypot_first_order_only = Operation(
    "hypot1",
    value=lambda x, y: math.hypot(x, y),
    local_grads=lambda x, y, out: [x / out, y / out])


def test_an_operation_records_its_value_inputs_and_local_derivatives():
    x, y = Value(3.0), Value(4.0)
    z = hypot(x, y)
    assert (z.data, z.inputs, z.local_grads) == (5.0, (x, y), (0.6, 0.8))


def test_an_operation_is_its_name():
    z = swish(Value(1.0))
    assert z.op == "swish" and str(z.op) == "swish" and repr(swish) == "Operation('swish')"


def test_numbers_given_to_an_operation_become_leaves():
    x = Value(3.0)
    z = hypot(x, 4)
    assert z.data == 5.0 and z.inputs[0] is x and z.inputs[1].data == 4.0


def test_backward_through_an_operation_uses_its_local_derivatives():
    x, y = Value(3.0), Value(4.0)
    (hypot(x, y) * 2).backward()
    assert (x.grad, y.grad) == (2 * 0.6, 2 * 0.8)


@pytest.mark.parametrize("op, point", [(swish, [0.7]), (swish, [-2.5]), (hypot, [0.6, -1.1])])
def test_a_user_defined_operation_passes_gradcheck(op, point):
    assert gradcheck(lambda *xs: op(*xs) * xs[0], point)


@pytest.mark.parametrize("op, point", [(swish, [0.7]), (swish, [-2.5]), (hypot, [0.6, -1.1])])
def test_a_user_defined_operation_passes_gradgradcheck(op, point):
    assert gradgradcheck(lambda *xs: op(*xs) * xs[0], point)


def test_a_user_defined_operation_has_pytorchs_derivatives_to_the_third_order():
    torch = pytest.importorskip("torch")
    actual = engine_derivatives(lambda x, y: swish(hypot(x, y) * x), (0.6, -1.1))
    expected = torch_derivatives(
        lambda x, y: torch.nn.functional.silu(torch.hypot(x, y) * x), (0.6, -1.1))
    problems = mismatches(actual, expected, rel_tol=1e-9, abs_tol=1e-12)
    assert not problems, "\n".join(problems)


def test_a_values_rule_with_a_wrong_number_is_refused_where_it_is_used():
    # the float rule is right, the Value rule has a slip (x/out written as out/x)
    slipped = Operation("slipped", value=lambda x, y: math.hypot(x, y),
                        local_grads=lambda x, y, out: [x / out, y / out],
                        local_grads_as_values=lambda x, y, out: [out / x, y / out])
    with pytest.raises(ValueError, match="operation 'slipped' .* derivative disagree"):
        gradgradcheck(lambda x, y: slipped(x, y), [0.6, -1.1])


def test_gradgradcheck_catches_a_values_rule_with_the_right_number_but_no_dependence():
    # the right numbers, but y/out taken as a plain number: its derivatives are lost
    frozen = Operation("frozen", value=lambda x, y: math.hypot(x, y),
                       local_grads=lambda x, y, out: [x / out, y / out],
                       local_grads_as_values=lambda x, y, out: [x / out, y.data / out.data])
    with pytest.raises(GradcheckError, match="MISMATCH"):
        gradgradcheck(lambda x, y: frozen(x, y), [0.6, -1.1])


# ----------------------------------------------------------------------
# It appears by its name wherever the graph is shown
# ----------------------------------------------------------------------

def _graph():
    x, y = Value(3.0, label="x"), Value(4.0, label="y")
    z = hypot(x, y) * 2
    z.label = "z"
    return x, y, z


def test_a_user_defined_operation_appears_in_backward_steps():
    x, y, z = _graph()
    steps = list(backward_steps(z))
    assert "hypot" in [step.node.op for step in steps]
    assert x.grad == 1.2


def test_a_user_defined_operation_appears_in_chain_rule_paths():
    x, y, z = _graph()
    (path,) = chain_rule_paths(z, x)
    assert [node.op for node in path.nodes] == ["*2", "hypot", ""]


def test_a_user_defined_operation_appears_by_name_in_the_dot_picture():
    x, y, z = _graph()
    assert "hypot" in to_dot(z)


def test_a_user_defined_operation_appears_by_name_in_the_text_view():
    x, y, z = _graph()
    assert "hypot" in format_graph(z)


def test_a_user_defined_operation_appears_in_forward_steps():
    x, y, z = _graph()
    assert "hypot" in [step.node.op for step in forward_steps(z, x)]
    assert forward_derivative(z, x) == 1.2


def test_a_user_defined_operation_appears_in_the_graph_of_its_derivative():
    x, y, z = _graph()
    (dz_dx,) = grad(z, x, create_graph=True)         # 2·x/hypot(x, y)
    assert "hypot" in [node.op for node in topological_order(dz_dx)]
    assert dz_dx.data == 1.2 and dz_dx.label == "dz/dx"


# ----------------------------------------------------------------------
# Mistakes in an operation: clear errors, at the call that shows them
# ----------------------------------------------------------------------

def test_local_grads_of_the_wrong_length_is_an_error_naming_the_operation():
    short = Operation("short", value=lambda x, y: x + y, local_grads=lambda x, y, out: [1.0])
    with pytest.raises(ValueError, match=r"operation 'short': local_grads returned 1 derivatives "
                                         r"for 2 inputs"):
        short(Value(1.0), Value(2.0))


def test_local_grads_as_values_of_the_wrong_length_is_an_error_under_create_graph():
    short = Operation("short2", value=lambda x, y: x * y, local_grads=lambda x, y, out: [y, x],
                      local_grads_as_values=lambda x, y, out: [y])
    x, y = Value(2.0), Value(3.0)
    z = short(x, y)
    assert grad(z, x)[0].data == 3.0              # first derivatives need only the floats
    with pytest.raises(ValueError, match=r"'short2'.*gave 1 derivatives for 2 inputs"):
        grad(z, x, create_graph=True)


def test_an_operation_without_a_values_rule_differentiates_once():
    x, y = Value(3.0), Value(4.0)
    z = hypot_first_order_only(x, y)
    assert [d.data for d in grad(z, [x, y])] == [0.6, 0.8]
    z.backward()
    assert (x.grad, y.grad) == (0.6, 0.8)


def test_an_operation_without_a_values_rule_says_so_under_create_graph():
    x, y = Value(3.0), Value(4.0)
    z = hypot_first_order_only(x, y)
    with pytest.raises(ValueError, match=r"'hypot1' was defined without local_grads_as_values"):
        grad(z, x, create_graph=True)


def test_a_value_that_cannot_be_computed_is_an_error_naming_the_operation():
    root = Operation("root", value=math.sqrt, local_grads=lambda x, out: [0.5 / out])
    with pytest.raises(ValueError, match=r"operation 'root' at \(-1.0\): its value could not"):
        root(Value(-1.0))


def test_a_non_finite_value_is_an_error_naming_the_operation():
    huge = Operation("huge", value=lambda x: x * 1e308, local_grads=lambda x, out: [1e308])
    with pytest.raises(ValueError, match=r"operation 'huge' at \(10.0\): its value"):
        huge(Value(10.0))


def test_a_non_finite_local_derivative_is_an_error_naming_the_operation():
    steep = Operation("steep", value=lambda x: x, local_grads=lambda x, out: [math.inf])
    with pytest.raises(ValueError, match=r"operation 'steep' at \(1.0\): local derivative 0"):
        steep(Value(1.0))


def test_local_grads_that_are_not_a_list_is_a_type_error():
    scalar = Operation("scalar", value=lambda x: 2 * x, local_grads=lambda x, out: 2.0)
    with pytest.raises(TypeError, match="'scalar': local_grads must return a list"):
        scalar(Value(1.0))


@pytest.mark.parametrize("arguments, error, message", [
    (dict(name=3, value=abs, local_grads=abs), TypeError, r"Operation\(name=...\)"),
    (dict(name="", value=abs, local_grads=abs), ValueError, "needs a name"),
    (dict(name="f", value=3, local_grads=abs), TypeError, "'f': value must be a function"),
    (dict(name="f", value=abs, local_grads=None), TypeError, "'f': local_grads must be a function"),
    (dict(name="f", value=abs, local_grads=abs, local_grads_as_values=1), TypeError,
     "local_grads_as_values must be a function or None"),
])
def test_a_badly_defined_operation_is_refused_when_defined(arguments, error, message):
    with pytest.raises(error, match=message):
        Operation(**arguments)


def test_calling_an_operation_with_the_wrong_number_of_inputs_names_it():
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x, out: [3 * x ** 2])
    with pytest.raises(TypeError, match=r"operation 'cube' was called with 2 input\(s\)"):
        cube(Value(1.0), Value(2.0))


def test_local_grads_without_out_says_how_it_is_called():
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x: [3 * x ** 2])
    with pytest.raises(TypeError, match=r"local_grads is called as local_grads\(\*inputs, out=result\)"):
        cube(Value(1.0))


@pytest.mark.parametrize("returned", [{1.0: 2.0}, (g for g in [2.0]), 2.0, None])
def test_local_grads_must_return_a_list_not_a_dict_a_generator_or_a_bare_number(returned):
    op = Operation("twice", value=lambda x: 2 * x, local_grads=lambda x, out: returned)
    with pytest.raises(TypeError, match="local_grads must return a list of numbers"):
        op(Value(1.0))


def test_an_operations_cost_grows_linearly_with_its_number_of_inputs():
    # Every derivative's error message used to be written in advance, each
    # holding every input: 200,000 inputs took 10 s. Ten times the inputs
    # must now take about ten times the time (a quadratic cost gives 100×).
    import time
    add_all = Operation("add_all", value=lambda *xs: float(len(xs)),
                        local_grads=lambda *xs, out: [1.0] * len(xs))

    def seconds(n):
        xs = [Value(1.0) for _ in range(n)]
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            add_all(*xs)
            best = min(best, time.process_time() - start)
        return best

    small, big = seconds(5_000), seconds(50_000)
    assert big < 35 * max(small, 1e-4)


@pytest.mark.parametrize("error", [KeyError("missing"), RuntimeError("inner"), LookupError("x")])
def test_a_value_function_that_raises_is_named_with_its_operation(error):
    def value(x):
        raise error
    broken = Operation("lookup", value=value, local_grads=lambda x, out: [1.0])
    with pytest.raises(Exception, match=r"operation 'lookup' at \(1.5\): its value function "
                                        rf"raised {type(error).__name__}") as raised:
        broken(Value(1.5))
    assert raised.value.__cause__ is error


def test_local_grads_that_raise_are_named_with_their_operation():
    def local_grads(x, out):
        raise KeyError("slope")
    broken = Operation("lookup", value=lambda x: x, local_grads=local_grads)
    with pytest.raises(RuntimeError, match=r"operation 'lookup' .* local_grads function raised KeyError"):
        broken(Value(1.5))


def test_a_bool_is_not_a_number_for_an_operations_value_or_derivatives():
    is_positive = Operation("is_positive", value=lambda x: x > 0, local_grads=lambda x, out: [0.0])
    with pytest.raises(TypeError, match=r"operation 'is_positive' .*its value must be a number, got bool"):
        is_positive(Value(1.0))
    slope = Operation("slope", value=lambda x: x, local_grads=lambda x, out: [True])
    with pytest.raises(TypeError, match=r"local derivative 0 must be a number, got bool"):
        slope(Value(1.0))


@pytest.mark.parametrize("bad, error, expected", [
    ("a", TypeError, "expected a Value or a real number .*, got str: 'a'"), (float("nan"), ValueError, "expected a finite number, got nan"),
])
def test_an_input_that_is_not_a_number_is_named_by_its_position(bad, error, expected):
    total = Operation("total", value=lambda *xs: sum(xs), local_grads=lambda *xs, out: [1.0] * len(xs))
    with pytest.raises(error, match=rf"^total\(\.\.\.\), input 5: {expected}"):
        total(*([Value(1.0)] * 5 + [bad, 2.0]))
