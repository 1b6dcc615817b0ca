"""The backward pass: the chain rule, shared nodes, accumulation, depth."""

import pytest

from autograd_core import Value, topological_order
from autograd_core.core import gradients


def test_chain_rule_example_of_the_notes():
    # y = 3x − 2, z = y², at x = 2:  dz/dx = dz/dy · dy/dx = 2y · 3 = 8 · 3 = 24
    x = Value(2.0, label="x")
    y = 3 * x - 2
    z = y ** 2
    z.backward()
    assert (y.data, z.data) == (4.0, 16.0)
    assert y.grad == 8.0
    assert x.grad == 24.0


def test_chain_rule_agrees_with_the_expanded_derivative():
    # z = (3x − 2)² = 9x² − 12x + 4, so dz/dx = 18x − 12
    for x0 in (-1.0, 0.5, 2.0, 7.0):
        x = Value(x0)
        ((3 * x - 2) ** 2).backward()
        assert x.grad == pytest.approx(18 * x0 - 12)


def test_three_link_chain_rule():
    # x = 5v − 2, y = 3x − 2, z = y²:  dz/dv = 2y · 3 · 5
    v = Value(0.8)
    x = 5 * v - 2
    y = 3 * x - 2
    z = y ** 2
    z.backward()
    assert v.grad == pytest.approx(2 * y.data * 3 * 5)


def test_shared_node_gets_the_sum_of_both_paths():
    # f = x·x + x: df/dx = 2x + 1
    x = Value(3.0)
    (x * x + x).backward()
    assert x.grad == 7.0


def test_same_value_on_both_sides_of_an_op():
    x = Value(-1.5)
    (x + x).backward()
    assert x.grad == 2.0


def test_diamond_graph_counts_each_path_once():
    # a feeds b and c, both feed d: dd/da = ∂d/∂b·∂b/∂a + ∂d/∂c·∂c/∂a
    a = Value(2.0)
    b = a * 3
    c = a.exp()
    d = b * c
    d.backward()
    assert a.grad == pytest.approx(3 * c.data + b.data * c.data)


def test_leaf_gradients_accumulate_across_backward_calls():
    x = Value(2.0)
    (x * 3).backward()
    (x * 4).backward()
    assert x.grad == 7.0


def test_intermediate_gradients_are_fresh_on_each_call():
    x = Value(2.0)
    y = x * 3
    z = y * y
    z.backward()
    first = y.grad
    z.backward()
    assert y.grad == first == 2 * y.data
    assert x.grad == 2 * 2 * y.data * 3


def test_backward_of_a_leaf_seeds_and_accumulates_one():
    x = Value(5.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_root_grad_is_one_after_backward():
    x = Value(2.0)
    y = x.tanh()
    y.backward()
    assert y.grad == 1.0


def test_node_not_reached_from_the_root_keeps_its_gradient():
    x = Value(1.0)
    unrelated = x * 10
    unrelated.grad = 42.0
    y = x * 2
    y.backward()
    assert unrelated.grad == 42.0


def test_deep_chain_of_200000_nodes_needs_no_recursion():
    x = Value(1.0)
    node = x
    for _ in range(200_000):
        node = node + 1.0
    node.backward()
    assert x.grad == 1.0
    assert node.data == 200_001.0


def test_deep_multiplicative_chain_multiplies_local_derivatives():
    x = Value(1.0)
    node = x
    for _ in range(1000):
        node = node * 1.001
    node.backward()
    assert x.grad == pytest.approx(1.001 ** 1000)


def test_topological_order_puts_inputs_before_their_users():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = topological_order(d)
    assert order[-1] is d
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    assert len(order) == 4


def test_topological_order_is_the_order_the_nodes_were_made():
    x, y = Value(1.0), Value(2.0)
    later_input = y * 2.0  # made first, though it is the second input below
    earlier_input = x * 3.0
    z = earlier_input + later_input
    assert topological_order(z) == [x, y, later_input, earlier_input, z]


def test_a_node_made_by_hand_after_its_inputs_backpropagates():
    x, y = Value(2.0), Value(3.0)
    z = Value(x.data * y.data)
    z.op, z.inputs, z.local_grads = "my product", (x, y), (y.data, x.data)
    (z * 1.0).backward()
    assert (x.grad, y.grad) == (3.0, 2.0)


def test_a_node_made_before_its_inputs_is_refused_and_nothing_changes():
    z = Value(0.0)
    x, y = Value(2.0), Value(3.0)
    z.inputs, z.local_grads = (x, y), (3.0, 2.0)
    root = z * 1.0
    root.grad = z.grad = 7.0
    with pytest.raises(ValueError, match="not made before it"):
        root.backward()
    assert (root.grad, z.grad, x.grad, y.grad) == (7.0, 7.0, 0.0, 0.0)


def test_a_graph_that_loops_back_is_refused():
    x = Value(1.0)
    y = x * 2.0
    x.inputs, x.local_grads = (y,), (1.0,)
    with pytest.raises(ValueError, match="loop"):
        y.backward()


def test_a_graph_is_freed_without_the_cycle_collector():
    import gc
    gc.collect()
    gc.disable()
    try:
        x = Value(0.5)
        root = x
        for _ in range(1000):
            root = (root * x).tanh() + 1.0
        root.backward()
        del root
        # Nothing left for the collector: the nodes hold their inputs and
        # plain-float derivatives, never a reference back, so no cycles.
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_topological_order_without_leaves_keeps_the_nodes_that_pass_gradients_on():
    x, y = Value(1.0), Value(2.0)
    product = x * y
    z = product + x
    assert topological_order(z, leaves=False) == [product, z]
    assert topological_order(x, leaves=False) == []
    assert topological_order(x) == [x]


# ----------------------------------------------------------------------
# backward(gradient=g): seeding the output's gradient, as PyTorch's
# ----------------------------------------------------------------------

def _seeded_graph():
    x, y = Value(0.7), Value(-1.3)
    out = (x * y).tanh() + x.exp() / y
    return x, y, out


def test_backward_with_a_gradient_scales_every_gradient_by_it():
    x, y, out = _seeded_graph()
    out.backward()
    unit = (x.grad, y.grad)
    x, y, out = _seeded_graph()
    out.backward(gradient=-2.5)
    assert x.grad == pytest.approx(-2.5 * unit[0], rel=1e-15)
    assert y.grad == pytest.approx(-2.5 * unit[1], rel=1e-15)
    assert out.grad == -2.5


def test_backward_with_a_gradient_agrees_with_pytorch():
    torch = pytest.importorskip("torch")
    x, y, out = _seeded_graph()
    out.backward(gradient=0.3)
    tx = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(-1.3, dtype=torch.float64, requires_grad=True)
    tout = (tx * ty).tanh() + tx.exp() / ty
    tout.backward(gradient=torch.tensor(0.3, dtype=torch.float64))
    assert x.grad == pytest.approx(tx.grad.item(), rel=1e-14)
    assert y.grad == pytest.approx(ty.grad.item(), rel=1e-14)


def test_backward_with_a_gradient_on_a_leaf_adds_it():
    x = Value(1.0)
    x.backward(gradient=4)
    x.backward(gradient=0.5)
    assert x.grad == 4.5


@pytest.mark.parametrize("gradient, error", [("1", TypeError), (None, TypeError),
                                             (float("nan"), ValueError), (float("inf"), ValueError)])
def test_backward_with_a_bad_gradient_is_an_error_naming_it_and_changes_nothing(gradient, error):
    x, y, out = _seeded_graph()
    with pytest.raises(error, match=r"backward\(gradient=...\)"):
        out.backward(gradient=gradient)
    assert (x.grad, y.grad, out.grad) == (0.0, 0.0, 0.0)


def test_backward_traces_only_the_default_gradient():
    x, y, out = _seeded_graph()
    with pytest.raises(ValueError, match="trace=True"):
        out.backward(gradient=2.0, trace=True)


# ----------------------------------------------------------------------
# A backward pass that overflows changes nothing: all or nothing
# ----------------------------------------------------------------------

def test_a_backward_that_overflows_leaves_every_leaf_gradient_as_it_was():
    a, b, c = Value(1e300, label="a"), Value(1e-300, label="b"), Value(3.0, label="c")
    a.grad, b.grad, c.grad = 1.0, 5.0, 2.0
    z = a * b * 1e10 + c            # dz/db = 1e10 · 1e300, beyond a float
    with pytest.raises(OverflowError, match=r"local derivative 1e\+300.*No leaf's gradient was "
                                            r"changed"):
        z.backward()
    assert (a.grad, b.grad, c.grad) == (1.0, 5.0, 2.0)
    assert [node.grad for node in (z, z.inputs[0])] == [0.0, 0.0]


def test_after_an_overflowing_backward_a_good_one_gives_the_gradient_on_top_of_the_old():
    a, b = Value(1e300, label="a"), Value(1e-300, label="b")
    b.grad = 5.0
    with pytest.raises(OverflowError):
        (a * b * 1e10).backward()
    (a * b).backward()
    assert b.grad == 5.0 + 1e300


def test_a_leaf_gradient_that_would_overflow_over_calls_is_refused_and_kept():
    a = Value(1.0, label="a")
    a.grad = 1.7e308
    with pytest.raises(OverflowError, match=r"accumulated in the leaf .*grad=1.7e\+308, label='a'"):
        (a * 1e308).backward()
    assert a.grad == 1.7e308


def test_leaf_gradients_whose_sum_alone_overflows_are_not_an_error():
    b, c = Value(1.0), Value(-1.0)
    (b * 1e308 + c * 1e308).backward()
    assert (b.grad, c.grad) == (1e308, 1e308)


class _InterruptedLeaf(Value):
    """A leaf whose gradient, the third time the pass adds to it, raises KeyboardInterrupt (Ctrl-C)."""

    __slots__ = ("_stored", "_additions")

    def __init__(self, data, label=""):
        self._stored, self._additions = 0.0, None
        super().__init__(data, label)

    @property
    def _grad(self):
        return self._stored

    @_grad.setter
    def _grad(self, number):
        if self._additions is not None:
            self._additions += 1
            if self._additions == 3:
                raise KeyboardInterrupt
        self._stored = number


def test_a_backward_stopped_by_ctrl_c_midway_leaves_every_leaf_gradient_as_it_was():
    a, b = _InterruptedLeaf(2.0, label="a"), Value(3.0, label="b")
    a.grad, b.grad = 0.25, 0.5
    y = a * b
    for _ in range(5):
        y = y * a + b              # a and b are reached by many edges
    a._additions = 0
    with pytest.raises(KeyboardInterrupt):
        y.backward()
    assert a._additions >= 3 and (a.grad, b.grad) == (0.25, 0.5)
    a._additions = None
    y.backward()                   # and a whole pass afterwards adds as usual
    expected = gradients(y)
    assert (a.grad, b.grad) == (0.25 + expected[a], 0.5 + expected[b])
