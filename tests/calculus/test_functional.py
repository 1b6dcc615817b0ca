"""grad, hessian and derivative: derivatives you can hold, and derivatives of derivatives.

References: PyTorch float64 (``torch.autograd.grad(create_graph=True)``,
``torch.autograd.functional.hessian``) when it is installed, central
differences of one order lower otherwise, and derivatives worked by hand.
"""

import math
import random

import pytest

from autograd_core import Value, backward_steps, derivative, grad, hessian, no_grad, sum_values
from autograd_core.core.order import topological_order
import nn

from derivative_references import (central_difference_derivatives, cases_with_points,
                                   engine_derivatives, mismatches, random_graph, torch_derivatives)


def _tanh_network_loss(x, y):
    """A small graph with most kinds of node: products, a shared node, tanh, a power, a loss."""
    h = (x * y + x.sigmoid()).tanh()
    g = h * x - y / (1 + h ** 2)
    return (g - 0.5) ** 2 + h.exp() * y


# ----------------------------------------------------------------------
# grad: the same numbers as backward(), and nothing else changed
# ----------------------------------------------------------------------

@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_equals_backward_bit_for_bit(create_graph):
    x, y = Value(0.7), Value(-1.3)
    loss = _tanh_network_loss(x, y)
    dx, dy = grad(loss, [x, y], create_graph=create_graph)
    loss.backward()
    assert (dx.data, dy.data) == (x.grad, y.grad)


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_of_an_mlp_loss_equals_backward_bit_for_bit(create_graph):
    model = nn.MLP(2, [4, 3, 1], activation="tanh", output_activation="identity", seed=3)
    X, Y = [[0.5, -1.0], [2.0, 0.25], [-0.3, 0.8]], [1.0, 0.0, 1.0]
    loss = nn.bce_with_logits_loss([model(x) for x in X], Y)
    params = model.parameters()
    derivatives = grad(loss, params, create_graph=create_graph)
    loss.backward()
    assert [d.data for d in derivatives] == [p.grad for p in params]


@pytest.mark.parametrize("name, engine, reference, point", cases_with_points(),
                         ids=[c[0] for c in cases_with_points()])
def test_grad_of_every_operation_equals_backward_bit_for_bit_with_create_graph(
        name, engine, reference, point):
    xs = [Value(p) for p in point]
    out = engine(*xs)
    derivatives = grad(out, xs, create_graph=True, allow_unused=True)
    out.backward()
    assert [d.data for d in derivatives] == [x.grad for x in xs]


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_changes_no_grad_attribute(create_graph):
    x, y = Value(0.7), Value(-1.3)
    loss = _tanh_network_loss(x, y)
    nodes = topological_order(loss)
    for k, node in enumerate(nodes):
        node.grad = float(k) + 0.5
    grad(loss, [x, y], create_graph=create_graph)
    assert [node.grad for node in nodes] == [float(k) + 0.5 for k in range(len(nodes))]


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_accumulates_nothing_over_calls(create_graph):
    x = Value(0.7)
    y = (x * x).sin()
    first = grad(y, x, create_graph=create_graph)[0].data
    second = grad(y, x, create_graph=create_graph)[0].data
    assert first == second == pytest.approx(2 * 0.7 * math.cos(0.7 * 0.7), rel=1e-15)


def test_grad_with_respect_to_an_intermediate_node():
    x = Value(0.7)
    h = x.tanh()
    y = h ** 3 + x                       # dy/dh = 3h², holding x fixed
    (dy_dh,) = grad(y, h)
    assert dy_dh.data == pytest.approx(3 * math.tanh(0.7) ** 2, rel=1e-15)


def test_grad_with_respect_to_the_output_itself_is_one():
    x = Value(0.7)
    y = x.exp()
    assert grad(y, y)[0].data == 1.0


def test_grad_of_a_single_input_gives_a_tuple_of_one():
    x = Value(2.0)
    result = grad(x * x, x)
    assert isinstance(result, tuple) and len(result) == 1 and result[0].data == 4.0


def test_grad_without_create_graph_gives_leaves():
    x = Value(0.7)
    (d,) = grad(x.sin() * x, x)
    assert d.inputs == () and d.op == ""


def test_grad_with_create_graph_gives_a_graph_of_the_input():
    x = Value(0.7)
    (d,) = grad(x.sin() * x, x, create_graph=True)     # sin x + x cos x
    assert x in topological_order(d)
    assert d.data == pytest.approx(math.sin(0.7) + 0.7 * math.cos(0.7), rel=1e-15)


def test_grad_labels_its_results_d_output_over_d_input():
    x = Value(3.0, label="x")
    y = x ** 3
    y.label = "y"
    assert grad(y, x)[0].label == "dy/dx"
    assert grad(y, x, create_graph=True)[0].label == "dy/dx"


def test_grad_labels_the_derivative_of_an_unlabelled_output_by_its_node_name():
    x = Value(3.0, label="x")
    (d,) = grad(x.exp() * x, x, create_graph=True)
    assert d.label.startswith("d") and d.label.endswith("/dx")


# ----------------------------------------------------------------------
# grad: inputs the output does not depend on, and bad arguments
# ----------------------------------------------------------------------

def test_grad_of_an_unused_input_is_an_error_naming_it():
    x, unused = Value(1.0), Value(2.0, label="w")
    with pytest.raises(ValueError, match=r"does not depend on input 1 .*'w'.*allow_unused=True"):
        grad(x * x, [x, unused])


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_of_an_unused_input_with_allow_unused_is_zero(create_graph):
    x, unused = Value(1.5), Value(2.0)
    dx, du = grad(x * x, [x, unused], create_graph=create_graph, allow_unused=True)
    assert (dx.data, du.data) == (3.0, 0.0)


def test_grad_of_a_non_value_output_is_a_type_error():
    with pytest.raises(TypeError, match="output must be a Value, got float"):
        grad(3.0, Value(1.0))


@pytest.mark.parametrize("inputs, message", [
    (3.0, r"grad\(inputs=...\): expected a Value or a list of Values, got float"),
    ([Value(1.0), 2.0], r"grad\(inputs=...\): item 1 must be a Value, got float"),
    ("x", r"grad\(inputs=...\): expected a Value or a list of Values, got str"),
])
def test_grad_of_non_value_inputs_is_a_type_error_naming_them(inputs, message):
    with pytest.raises(TypeError, match=message):
        grad(Value(1.0) * 2, inputs)


def test_grad_of_a_result_computed_under_no_grad_is_an_error():
    x = Value(1.0)
    with no_grad():
        y = x * x
    with pytest.raises(RuntimeError, match="no_grad"):
        grad(y, x)


# ----------------------------------------------------------------------
# Derivatives of every operation, to the third order
# ----------------------------------------------------------------------

CASES = cases_with_points()


@pytest.mark.parametrize("name, engine, reference, point", CASES, ids=[c[0] for c in CASES])
def test_first_second_and_third_derivatives_agree_with_pytorch(name, engine, reference, point):
    pytest.importorskip("torch")
    problems = mismatches(engine_derivatives(engine, point), torch_derivatives(reference, point),
                          rel_tol=1e-9, abs_tol=1e-12)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name, engine, reference, point", CASES, ids=[c[0] for c in CASES])
def test_first_second_and_third_derivatives_agree_with_central_differences(
        name, engine, reference, point):
    problems = mismatches(engine_derivatives(engine, point),
                          central_difference_derivatives(engine, point),
                          rel_tol=1e-5, abs_tol=1e-6)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", range(60))
def test_derivatives_of_random_graphs_to_the_third_order_agree_with_pytorch(seed):
    pytest.importorskip("torch")
    engine, reference, point = random_graph(seed)
    problems = mismatches(engine_derivatives(engine, point), torch_derivatives(reference, point),
                          rel_tol=1e-9, abs_tol=1e-12)
    assert not problems, "\n".join(problems)


KINKS = [
    # name, function, (f, f', f'', f''') at 0, as PyTorch has them
    ("relu", lambda x: x.relu(), (0.0, 0.0, 0.0, 0.0)),
    ("abs", lambda x: x.abs(), (0.0, 0.0, 0.0, 0.0)),
    ("step", lambda x: x.step(), (1.0, 0.0, 0.0, 0.0)),
    ("leaky_relu(0.2)", lambda x: x.leaky_relu(0.2), (0.0, 0.2, 0.0, 0.0)),
    # elu's first derivative at 0 is alpha (the left side, x <= 0), its second 0
    ("elu(0.5)", lambda x: x.elu(0.5), (0.0, 0.5, 0.0, 0.0)),
    ("elu", lambda x: x.elu(), (0.0, 1.0, 0.0, 0.0)),
    ("relu(x**3)", lambda x: (x ** 3).relu(), (0.0, 0.0, 0.0, 0.0)),
]


@pytest.mark.parametrize("name, f, expected", KINKS, ids=[k[0] for k in KINKS])
def test_derivatives_at_a_kink_follow_pytorch_conventions(name, f, expected):
    table = engine_derivatives(f, (0.0,))
    assert (table[()], table[(0,)], table[(0, 0)], table[(0, 0, 0)]) == expected


@pytest.mark.parametrize("name, torch_f", [
    ("relu", lambda x: x.relu()), ("abs", lambda x: x.abs()),
    ("leaky_relu(0.2)", lambda x: __import__("torch").nn.functional.leaky_relu(x, 0.2)),
    ("elu(0.5)", lambda x: __import__("torch").nn.functional.elu(x, 0.5)),
    ("elu", lambda x: __import__("torch").nn.functional.elu(x)),
])
def test_the_kink_conventions_are_pytorchs(name, torch_f):
    pytest.importorskip("torch")
    expected = dict((k[0], k[2]) for k in KINKS)[name]
    table = torch_derivatives(torch_f, (0.0,))
    assert (table[()], table[(0,)], table[(0, 0)], table[(0, 0, 0)]) == expected


# ----------------------------------------------------------------------
# hessian
# ----------------------------------------------------------------------

def test_hessian_of_a_polynomial_is_hand_derived():
    x, y = Value(2.0), Value(-3.0)
    f = x ** 3 * y + x * y ** 2          # f_xx = 6xy, f_xy = 3x² + 2y, f_yy = 2x
    assert hessian(f, [x, y]) == [[6 * 2 * -3, 3 * 4 + 2 * -3], [3 * 4 + 2 * -3, 2 * 2]]


def test_hessian_has_zero_rows_and_columns_for_unused_inputs():
    x, unused = Value(2.0), Value(5.0)
    assert hessian(x ** 3, [x, unused]) == [[12.0, 0.0], [0.0, 0.0]]


def test_hessian_changes_no_grad_attribute():
    x, y = Value(2.0), Value(-3.0)
    hessian((x * y).tanh(), [x, y])
    assert (x.grad, y.grad) == (0.0, 0.0)


def _mlp_case(output_activation, loss_name):
    rng = random.Random(7)
    sizes = [2, 3, 1] if loss_name != "cross_entropy_with_logits" else [2, 3, 3]
    weights = [[[rng.uniform(-1, 1) for _ in range(sizes[l])] for _ in range(sizes[l + 1])]
               for l in range(len(sizes) - 1)]
    biases = [[rng.uniform(-0.5, 0.5) for _ in range(sizes[l + 1])] for l in range(len(sizes) - 1)]
    X = [[0.5, -1.0], [1.5, 0.25], [-0.7, 0.9]]
    Y = {"mse": [0.3, -0.2, 0.8], "bce": [1.0, 0.0, 1.0], "bce_with_logits": [1.0, 0.0, 1.0],
         "cross_entropy_with_logits": [[1, 0, 0], [0, 0, 1], [0, 1, 0]]}[loss_name]
    return sizes, weights, biases, X, Y


def _engine_mlp_hessian(activation, output_activation, loss_name):
    sizes, weights, biases, X, Y = _mlp_case(output_activation, loss_name)
    model = nn.MLP.from_weights(weights, biases, [activation, output_activation])
    outputs = [model(x) for x in X]
    loss = getattr(nn, loss_name + "_loss")(outputs, Y)
    return hessian(loss, model.parameters())


def _torch_mlp_hessian(activation, output_activation, loss_name):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    sizes, weights, biases, X, Y = _mlp_case(output_activation, loss_name)
    flat = []                       # in model.parameters() order: per neuron, its weights then bias
    for w, b in zip(weights, biases):
        for row, bias in zip(w, b):
            flat += row + [bias]
    acts = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "identity": lambda t: t,
            "softplus": lambda t: F.softplus(t, threshold=1000.0), "elu": F.elu}

    def loss_of(params):
        outputs = []
        for x in X:
            h = torch.tensor(x, dtype=torch.float64)
            k = 0
            for l, act in enumerate([activation, output_activation]):
                n_in, n_out = sizes[l], sizes[l + 1]
                block = params[k:k + n_out * (n_in + 1)].reshape(n_out, n_in + 1)
                k += n_out * (n_in + 1)
                h = acts[act](block[:, :n_in] @ h + block[:, n_in])
            outputs.append(h)
        out = torch.stack(outputs)
        target = torch.tensor(Y, dtype=torch.float64)
        if loss_name == "mse":
            return ((out.squeeze(1) - target) ** 2).mean()
        if loss_name == "bce":
            return F.binary_cross_entropy(out.squeeze(1), target)
        if loss_name == "bce_with_logits":
            return F.binary_cross_entropy_with_logits(out.squeeze(1), target)
        return -(target * torch.log_softmax(out, 1)).sum(1).mean()

    return torch.autograd.functional.hessian(
        loss_of, torch.tensor(flat, dtype=torch.float64)).tolist()


@pytest.mark.parametrize("activation, output_activation, loss_name", [
    ("tanh", "identity", "mse"),
    ("tanh", "sigmoid", "bce"),
    ("softplus", "identity", "bce_with_logits"),
    ("elu", "identity", "cross_entropy_with_logits"),
])
def test_hessian_of_a_small_mlp_loss_agrees_with_pytorch(activation, output_activation, loss_name):
    expected = _torch_mlp_hessian(activation, output_activation, loss_name)
    actual = _engine_mlp_hessian(activation, output_activation, loss_name)
    assert len(actual) == len(expected)
    for i, (row, expected_row) in enumerate(zip(actual, expected)):
        for j, (a, e) in enumerate(zip(row, expected_row)):
            assert math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-13), (i, j, a, e)


@pytest.mark.parametrize("activation, output_activation, loss_name", [
    ("tanh", "identity", "mse"),
    ("tanh", "sigmoid", "bce"),
    ("softplus", "identity", "bce_with_logits"),
    ("elu", "identity", "cross_entropy_with_logits"),
])
def test_hessian_of_a_small_mlp_loss_agrees_with_central_differences_of_its_gradient(
        activation, output_activation, loss_name):
    sizes, weights, biases, X, Y = _mlp_case(output_activation, loss_name)
    model = nn.MLP.from_weights(weights, biases, [activation, output_activation])
    loss_function = getattr(nn, loss_name + "_loss")
    params = model.parameters()

    def gradient():
        return [d.data for d in grad(loss_function([model(x) for x in X], Y), params)]

    actual = _engine_mlp_hessian(activation, output_activation, loss_name)
    eps = 1e-6
    for j, p in enumerate(params):
        start = p.data
        p.data = start + eps
        up = gradient()
        p.data = start - eps
        down = gradient()
        p.data = start
        for i in range(len(params)):
            assert actual[i][j] == pytest.approx((up[i] - down[i]) / (2 * eps), rel=1e-5, abs=1e-7)


def test_hessian_of_a_small_mlp_loss_is_symmetric():
    h = _engine_mlp_hessian("tanh", "sigmoid", "bce")
    for i in range(len(h)):
        for j in range(i):
            assert h[i][j] == pytest.approx(h[j][i], rel=1e-12, abs=1e-15)


# ----------------------------------------------------------------------
# derivative(f, x, order=n)
# ----------------------------------------------------------------------

def test_derivative_of_order_zero_is_the_function_value():
    assert derivative(lambda t: t.tanh(), 0.5, order=0) == math.tanh(0.5)


@pytest.mark.parametrize("order, closed_form", [
    (1, lambda t: 1 - t * t),
    (2, lambda t: -2 * t * (1 - t * t)),
    (3, lambda t: (6 * t * t - 2) * (1 - t * t)),
    (4, lambda t: 8 * t * (1 - t * t) * (2 - 3 * t * t)),
])
def test_derivative_of_tanh_matches_its_closed_forms(order, closed_form):
    # with t = tanh x and t' = 1 - t², each form is the derivative of the one before
    t = math.tanh(0.6)
    assert derivative(lambda v: v.tanh(), 0.6, order=order) == pytest.approx(closed_form(t), rel=1e-13)


def test_derivative_of_exp_of_any_order_is_exp():
    assert derivative(lambda t: t.exp(), 0.3, order=6) == pytest.approx(math.exp(0.3), rel=1e-14)


def test_derivative_of_sin_cycles_with_period_four():
    assert derivative(lambda t: t.sin(), 0.3, order=5) == pytest.approx(math.cos(0.3), rel=1e-14)


def test_derivative_of_a_polynomial_beyond_its_degree_is_zero():
    assert derivative(lambda t: t ** 3 + 2 * t, 1.7, order=4) == 0.0


def test_derivative_of_a_constant_function_is_zero():
    assert derivative(lambda t: t * 0 + 5, 1.0, order=2) == 0.0


@pytest.mark.parametrize("order", [-1, 1.5, True, "2"])
def test_derivative_of_a_bad_order_is_a_value_error_naming_it(order):
    with pytest.raises(ValueError, match=rf"order must be an int >= 0, got {order!r}"):
        derivative(lambda t: t, 1.0, order=order)


def test_derivative_of_a_non_function_is_a_type_error():
    with pytest.raises(TypeError, match="f must be a function"):
        derivative(3.0, 1.0)


def test_derivative_of_a_function_returning_a_number_is_a_type_error():
    with pytest.raises(TypeError, match="f must return a Value"):
        derivative(lambda t: 3.0, 1.0)


def test_derivative_at_a_non_number_is_a_type_error_naming_x():
    with pytest.raises(TypeError, match=r"derivative\(x=...\)"):
        derivative(lambda t: t, "1")


# ----------------------------------------------------------------------
# Derivative graphs can be traced like any other graph
# ----------------------------------------------------------------------

def test_a_derivative_graph_can_be_stepped_through_backward():
    x = Value(0.7, label="x")
    (d,) = grad(x.tanh(), x, create_graph=True)
    steps = list(backward_steps(d))
    assert steps and x.grad == pytest.approx(-2 * math.tanh(0.7) * (1 - math.tanh(0.7) ** 2))


def test_grad_with_create_graph_records_the_derivative_graph_even_under_no_grad():
    x = Value(0.7)
    y = x.tanh()
    with no_grad():
        (d,) = grad(y, x, create_graph=True)
        (second,) = grad(d, x)
    assert second.data == pytest.approx(-2 * math.tanh(0.7) * (1 - math.tanh(0.7) ** 2), rel=1e-14)


def test_hessian_under_no_grad_is_the_same_as_outside():
    x, y = Value(2.0), Value(-3.0)
    f = (x * y).sin() + x ** 3
    outside = hessian(f, [x, y])
    with no_grad():
        inside = hessian(f, [x, y])
    assert inside == outside


def test_grad_of_a_derivative_that_overflows_is_an_error_naming_the_operation():
    x, w = Value(1e-300), Value(1e200)
    y = (x ** 0.5) * w           # dy/dx = 1e200 · 5e149, beyond a float
    with pytest.raises(OverflowError, match=r"operation '\*\*0.5'.*local derivative 5e\+149"):
        grad(y, x)


def test_grad_of_derivatives_whose_sum_overflows_is_an_error_saying_so():
    x = Value(1e-10)
    y = sum_values([x * 1e308, x * 1e308])      # 2e298, but dy/dx = 1e308 + 1e308
    with pytest.raises(OverflowError, match="add up to inf, more than a float can hold"):
        grad(y, x)


def test_grad_with_create_graph_hands_back_a_node_of_its_own_not_a_node_of_the_graph():
    x, w = Value(3.0, label="x"), Value(2.0, label="w")
    y = x * w
    y.label = "y"
    (dy_dx,) = grad(y, x, create_graph=True)         # w, as a node of its own
    assert dy_dx is not w and dy_dx.data == 2.0 and dy_dx.label == "dy/dx"
    dy_dx.label = "slope"
    assert w.label == "w"
    assert grad(dy_dx, w)[0].data == 1.0


def test_grad_with_create_graph_labels_a_derivative_by_an_intermediate_node():
    x = Value(3.0, label="x")
    h = x.exp()
    y = h * x
    y.label = "y"
    (dy_dh,) = grad(y, h, create_graph=True)
    assert dy_dh.label == "dy/dv1" and dy_dh.data == 3.0 and x.label == "x"


def test_grad_with_create_graph_under_no_grad_hands_back_a_differentiable_node_of_its_own():
    x, w = Value(3.0), Value(2.0)
    y = x * w
    with no_grad():
        (dy_dx,) = grad(y, x, create_graph=True)
    assert grad(dy_dx, w)[0].data == 1.0


def test_the_derivative_of_a_function_made_of_numbers_only_is_zero():
    from autograd_core import derivative, weighted_sum
    assert derivative(lambda t: weighted_sum([1.0], [2.0]), 1.0) == 0.0


def test_backward_of_a_value_made_of_numbers_only_says_so():
    from autograd_core import sum_values
    with pytest.raises(RuntimeError, match="from numbers only"):
        sum_values([1.0, 2.0]).backward()


def test_a_derivative_whose_graphs_grow_past_the_bound_is_refused_not_left_to_fill_memory(monkeypatch):
    from autograd_core.calculus import functional
    monkeypatch.setattr(functional, "MAX_DERIVATIVE_NODES", 2_000)     # tanh's 8th: some 4,000 nodes
    with pytest.raises(ValueError, match=r"derivative: the graph of the derivative of order \d+ already "
                                         r"has [\d,]+ nodes, more than 2,000.*order=40 is refused"):
        derivative(lambda t: t.tanh(), 0.3, order=40)


def test_a_high_order_whose_graphs_stay_small_is_computed():
    assert derivative(lambda t: t.exp(), 0.3, order=60) == pytest.approx(math.exp(0.3), rel=1e-12)
    assert derivative(lambda t: t ** 3, 0.3, order=100) == 0.0
