"""Forward mode: the chain rule from an input towards the output, equal to backward()."""

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import nn
from autograd_core import Value, forward_derivative, forward_steps, jacobian, topological_order
from autograd_core.examples import chain_rule_example, network_2_2_2
from random_graphs import programs, run


def backward_grads(root, nodes):
    for node in topological_order(root):
        node.grad = 0.0
    root.backward()
    return [node.grad for node in nodes]


def assert_forward_equals_backward(root, nodes):
    """Equal to 1e-12 of the size of the sum: both modes add the same chain-rule
    products, in different orders, so where the products nearly cancel, their
    rounding shows against the small total; it is bounded by the sum of |products|."""
    expected = backward_grads(root, nodes)
    for node, grad in zip(nodes, expected):
        scale = max(abs(grad), sum_of_absolute_path_products(root, node))
        assert abs(forward_derivative(root, node) - grad) <= 1e-12 * scale + 1e-300


def sum_of_absolute_path_products(root, node):
    """Σ over the paths from node to root of |Π local derivatives|: a reverse pass on |∂|."""
    sizes = {root: 1.0}
    for current in reversed(topological_order(root)):
        upstream = sizes.get(current, 0.0)
        for child, local in zip(current.inputs, current.local_grads):
            sizes[child] = sizes.get(child, 0.0) + upstream * abs(local)
    return sizes.get(node, 0.0)


def test_the_notes_example_step_by_step():
    # y = 3x − 2, z = y² at x = 2: dy/dx = 3, then dz/dx = dz/dy · dy/dx = 8 · 3 = 24
    x, y, z = chain_rule_example()
    assert [str(step) for step in forward_steps(z, x)] == [
        "dv1/dx = ∂v1/∂x · dx/dx = 3 · 1 = 3",
        "dy/dx = ∂y/∂v1 · dv1/dx = 1 · 3 = 3",
        "dz/dx = ∂z/∂y · dy/dx = 8 · 3 = 24",
    ]


def test_a_node_with_two_inputs_depending_on_x_sums_both_terms():
    x = Value(3.0, label="x")
    f = x * x
    f.label = "f"
    (step,) = forward_steps(f, x)
    assert str(step) == "df/dx = ∂f/∂x · dx/dx + ∂f/∂x · dx/dx = 3 · 1 + 3 · 1 = 6"
    assert step.derivative == 6.0


def test_steps_come_lazily_and_change_nothing():
    x, y, z = chain_rule_example()
    steps = forward_steps(z, x)
    first = next(steps)
    assert first.derivative == 3.0
    assert [n.grad for n in topological_order(z)] == [0.0] * 4


def test_only_nodes_that_depend_on_wrt_get_a_step():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * 2
    d = c + b
    assert [step.node for step in forward_steps(d, b)] == [d]


def test_a_root_that_does_not_depend_on_wrt_has_derivative_zero():
    a, b = Value(1.0), Value(2.0)
    assert forward_derivative(a * 3, b) == 0.0
    assert forward_derivative(a, a) == 1.0


def test_forward_equals_backward_on_the_chain_rule_example():
    x, y, z = chain_rule_example()
    assert_forward_equals_backward(z, [x, y])
    assert forward_derivative(z, x) == 24.0


def test_forward_equals_backward_on_the_2_2_2_network():
    nodes = network_2_2_2()
    assert_forward_equals_backward(nodes["E"], [nodes[f"w{k}"] for k in range(1, 9)]
                                   + [nodes["b1"], nodes["b2"], nodes["out_h1"]])


def test_forward_equals_backward_on_an_mlp_with_every_activation_of_nn():
    model = nn.MLP(3, [5, 4, 2], activation="tanh", output_activation="softmax", seed=3)
    loss = nn.cross_entropy_loss(model([0.2, -0.4, 0.9]), [0, 1])
    assert_forward_equals_backward(loss, model.parameters())


def test_forward_equals_backward_for_every_operation():
    x, y = Value(0.7), Value(1.3)
    for make in (lambda: x + y, lambda: x - y, lambda: x * y, lambda: x / y, lambda: x ** y,
                 lambda: 2 ** x, lambda: 3 / x, lambda: 1 - x, lambda: -x, lambda: x ** 3,
                 lambda: x.exp(), lambda: x.log(), lambda: x.sqrt(), lambda: x.sin(),
                 lambda: x.cos(), lambda: x.tanh(), lambda: x.sigmoid(), lambda: x.relu(),
                 lambda: x.arctan(), lambda: x.softplus(), lambda: (-x).leaky_relu(0.1),
                 lambda: (-x).elu(), lambda: (-x).abs(), lambda: x.step()):
        root = make() * y + x
        assert_forward_equals_backward(root, [x, y])


def test_wrong_arguments_are_refused():
    with pytest.raises(TypeError, match=r"forward_steps\(wrt=...\): expected a Value"):
        forward_steps(Value(1.0), 2.0)
    with pytest.raises(TypeError, match=r"forward_derivative\(root=...\): expected a Value"):
        forward_derivative([Value(1.0)], Value(1.0))


@settings(max_examples=150, deadline=None)
@given(programs(), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
@example(program=[("b", 0, 0, 0), ("b", 0, 0, 0), ("b", 1, 0, 0), ("b", 0, 0, 0), ("b", 0, 0, 0),
                  ("b", 0, 0, 0), ("u", 0, 0), ("b", 2, 5, 0), ("b", 0, 0, 0), ("b", 0, 0, 10)],
         point=[1.192092896e-07, 0.0, 0.0])      # products that cancel to 5e-11 of their size
def test_forward_equals_backward_on_random_graphs(program, point):
    leaves = [Value(p) for p in point]
    out = run(program, leaves, on_values=True)
    assert_forward_equals_backward(out, leaves)


def test_forward_equals_backward_on_random_mlps():
    from random_graphs import random_mlp
    for seed in range(5):
        loss = random_mlp(seed)
        nodes = topological_order(loss)
        assert_forward_equals_backward(loss, random.Random(seed).sample(nodes, 10))


def test_the_module_docstring_example_runs_as_written():
    import doctest
    import autograd_core.calculus.forward_mode as module
    results = doctest.testmod(module)
    assert results.attempted > 0 and results.failed == 0


def test_a_derivative_that_overflows_is_an_error_in_both_modes_not_inf():
    x = Value(1e-300, label="x")
    y = (x ** 0.5) * 1e200                 # dy/dx = 0.5e150 · 1e200: beyond a float
    with pytest.raises(OverflowError, match="forward mode: .*not a finite float"):
        forward_derivative(y, x)
    for mode in ("forward", "reverse"):
        with pytest.raises(OverflowError, match="not a finite float"):
            jacobian([y], [x], mode=mode)
