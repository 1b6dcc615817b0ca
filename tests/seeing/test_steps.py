"""The backward pass one chain-rule step at a time, and the chain rule as a sum over paths."""

import io

import pytest

from autograd_core import (Value, backward_steps, chain_rule_paths, print_steps,
                           topological_order)
from autograd_core.examples import chain_rule_example, network_2_2_2
from random_graphs import random_mlp


def all_grads(root):
    return [node.grad for node in topological_order(root)]


# ----------------------------------------------------------------------
# backward_steps
# ----------------------------------------------------------------------

def test_first_step_of_the_chain_rule_example_is_z_to_y():
    x, y, z = chain_rule_example()
    step = next(backward_steps(z))
    assert step.node is z and step.input is y
    # dz/dy = 2y = 8 at y = 4; upstream dz/dz = 1
    assert (step.local_grad, step.upstream, step.contribution) == (8.0, 1.0, 8.0)
    assert step.input_grad == 8.0


def test_chain_rule_example_ends_with_dz_dx_equal_24():
    x, y, z = chain_rule_example()
    steps = list(backward_steps(z))
    assert x.grad == 24.0
    last = steps[-1]
    assert last.input is x
    # ∂(3x)/∂x = 3, reached by upstream dz/d(3x) = dz/dy · 1 = 8
    assert (last.upstream, last.local_grad, last.contribution) == (8.0, 3.0, 24.0)


def test_step_reads_like_the_notes():
    x, y, z = chain_rule_example()
    *_, last = backward_steps(z)
    assert str(last) == "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24"


def test_unlabelled_nodes_are_named_in_order_of_appearance_skipping_used_labels():
    a = Value(1.0, label="v1")
    b = Value(2.0)
    c = a * b
    out = c + 1
    names = {step.input: step.input_name for step in backward_steps(out)}
    assert names[b] == "v2"
    assert names[c] == "v3"
    assert names[a] == "v1"


def test_numbers_are_printed_compactly():
    x = Value(0.1, label="x")
    y = x * 3.0
    y.label = "y"
    (step,) = backward_steps(y)
    assert str(step) == "dy/dx += dy/dy · ∂y/∂x = 1 · 3 = 3"
    w = Value(1 / 3, label="w")
    v = w * w
    v.label = "v"
    first = next(backward_steps(v))
    assert str(first) == "dv/dw += dv/dv · ∂v/∂w = 1 · 0.333333 = 0.333333"


def test_creating_the_generator_changes_nothing():
    x, y, z = chain_rule_example()
    backward_steps(z)
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


def test_one_step_touches_only_the_root_and_that_steps_input():
    x, y, z = chain_rule_example()
    steps = backward_steps(z)
    next(steps)
    assert (z.grad, y.grad) == (1.0, 8.0)
    assert x.grad == 0.0
    assert x.inputs == () and all(n.grad == 0.0 for n in topological_order(z)
                                  if n not in (z, y))


def test_a_step_not_yet_taken_has_changed_nothing_even_over_old_gradients():
    loss = random_mlp(seed=3)
    loss.backward()  # every node now holds a non-zero gradient
    for node in topological_order(loss):
        node.grad = 100.0
    steps = backward_steps(loss)
    taken = [next(steps) for _ in range(5)]
    touched = {loss} | {step.input for step in taken}
    untouched = [n for n in topological_order(loss) if n not in touched]
    assert untouched and all(n.grad == 100.0 for n in untouched)


def test_gradients_after_all_steps_equal_backward_exactly_on_a_random_mlp():
    for seed in range(5):
        reference, stepped = random_mlp(seed), random_mlp(seed)
        reference.backward()
        for _ in backward_steps(stepped):
            pass
        assert all_grads(stepped) == all_grads(reference)


def test_second_pass_accumulates_leaves_and_recomputes_intermediates_as_backward():
    reference, stepped = random_mlp(7), random_mlp(7)
    reference.backward()
    reference.backward()
    for _ in range(2):
        for _ in backward_steps(stepped):
            pass
    assert all_grads(stepped) == all_grads(reference)


def test_one_step_per_edge():
    loss = random_mlp(1)
    edges = sum(len(node.inputs) for node in topological_order(loss))
    assert len(list(backward_steps(loss))) == edges


def test_a_leaf_root_is_seeded_with_one_and_takes_no_steps():
    x = Value(5.0)
    assert list(backward_steps(x)) == []
    assert x.grad == 1.0


def test_backward_with_trace_prints_every_step_and_gives_the_same_gradients(capsys):
    x, y, z = chain_rule_example()
    z.backward(trace=True)
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3
    assert printed[0].endswith("dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8")
    assert x.grad == 24.0


def test_print_steps_writes_to_a_given_file():
    x, y, z = chain_rule_example()
    out = io.StringIO()
    print_steps(z, file=out)
    assert "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24" in out.getvalue()


def test_backward_steps_rejects_a_number_before_starting():
    with pytest.raises(TypeError, match=r"backward_steps: expected a Value, got float: 2\.0"):
        backward_steps(2.0)


# ----------------------------------------------------------------------
# chain_rule_paths
# ----------------------------------------------------------------------

def test_the_chain_rule_example_has_one_path_with_product_24():
    x, y, z = chain_rule_example()
    (path,) = chain_rule_paths(z, x)
    assert path.local_grads == [8.0, 1.0, 3.0]   # dz/dy = 2y, d(3x−2)/d(3x) = 1, d(3x)/dx = 3
    assert path.nodes[0] is z and path.nodes[-1] is x
    assert path.product == 24.0


def test_paths_of_a_shared_node_sum_to_its_gradient():
    # f = x·x + x: three edges reach x, df/dx = x + x + 1 = 2x + 1
    x = Value(3.0, label="x")
    f = x * x + x
    paths = chain_rule_paths(f, x)
    assert sorted(path.product for path in paths) == [1.0, 3.0, 3.0]
    assert paths.total == 2 * 3.0 + 1


def test_dE_dout_h1_is_the_sum_of_the_two_paths_of_the_notes():
    net = network_2_2_2()
    paths = chain_rule_paths(net["E"], net["out_h1"])
    assert len(paths) == 2
    via_o1, via_o2 = paths
    assert net["E_o1"] in via_o1.nodes and net["E_o2"] in via_o2.nodes
    # The notes: ∂E_o1/∂out_h1 = 0.055399425, ∂E_o2/∂out_h1 = -0.019049119, sum 0.036350306
    assert via_o1.product == pytest.approx(0.055399425, abs=1e-9)
    assert via_o2.product == pytest.approx(-0.019049119, abs=1e-9)
    assert paths.total == pytest.approx(0.036350306, abs=1e-9)


def test_paths_sum_to_backwards_gradient_for_every_weight_of_the_network():
    net = network_2_2_2()
    net["E"].backward()
    for k in range(1, 9):
        weight = net[f"w{k}"]
        assert chain_rule_paths(net["E"], weight).total == pytest.approx(weight.grad, rel=1e-12)


def test_paths_print_as_the_multivariate_chain_rule():
    x = Value(3.0, label="x")
    f = x * x + x
    f.label = "f"
    text = str(chain_rule_paths(f, x))
    assert text.splitlines()[0] == "df/dx = sum over 3 path(s):"
    assert "∂f/∂v1 · ∂v1/∂x = 1 · 3 = 3" in text
    assert text.splitlines()[-1].strip() == "total = 7"


def test_a_node_the_root_does_not_depend_on_has_no_paths_and_zero_total():
    x, y, z = chain_rule_example()
    other = Value(1.0, label="other")
    paths = chain_rule_paths(z, other)
    assert len(paths) == 0 and paths.total == 0.0
    assert "no path" in str(paths)


def test_too_many_paths_raise_a_clear_error_instead_of_blowing_up():
    x = Value(1.0)
    v = x
    for _ in range(40):  # each v + v doubles the number of paths: 2**40 in all
        v = v + v
    with pytest.raises(ValueError, match=r"chain_rule_paths: 1099511627776 paths .* max_paths=10000"):
        chain_rule_paths(v, x)


def test_the_module_docstring_example_runs_as_written():
    import doctest

    import autograd_core.seeing.steps

    failed, attempted = doctest.testmod(autograd_core.seeing.steps)
    assert attempted > 0 and failed == 0


# ----------------------------------------------------------------------
# One notation: d for total derivatives, ∂ for local ones; limits.
# ----------------------------------------------------------------------

def test_a_step_writes_total_derivatives_with_d_and_the_local_one_with_curly_d():
    # f = x*y + x: the local ∂f/∂x of the '+' is 1, the total df/dx is y + 1 = 4
    x, y = Value(3.0, label="x"), Value(3.0, label="y")
    f = x * y + x
    f.label = "f"
    lines = [str(step) for step in backward_steps(f)]
    assert "df/dx += df/df · ∂f/∂x = 1 · 1 = 1" in lines
    assert all(line.startswith("d") and line.count("∂") == 2 for line in lines)


def test_paths_write_each_factor_as_a_local_derivative_and_the_sum_as_a_total():
    x, y = Value(3.0, label="x"), Value(3.0, label="y")
    f = x * y + x
    f.label = "f"
    lines = str(chain_rule_paths(f, x)).splitlines()
    assert lines[0] == "df/dx = sum over 2 path(s):"
    assert "  ∂f/∂x = 1 = 1" in lines
    assert lines[-1] == "  total = 4"


def test_names_with_operators_are_bracketed_in_paths_and_steps():
    x = Value(2.0, label="x")
    miss = 1 - x
    miss.label = "1−x"
    e = miss ** 2
    e.label = "E"
    assert "∂E/∂(1−x) · ∂(1−x)/∂x" in str(chain_rule_paths(e, x))
    assert str(next(backward_steps(e))) == "dE/d(1−x) += dE/dE · ∂E/∂(1−x) = 1 · -2 = -2"


def test_negative_max_paths_is_refused_naming_the_argument():
    x, _, z = chain_rule_example()
    with pytest.raises(ValueError, match=r"max_paths=\.\.\.\): expected an int >= 0.*-1"):
        chain_rule_paths(z, x, max_paths=-1)


def test_a_path_count_of_thousands_of_digits_gets_its_own_message():
    # each level uses the one below twice: 2^15000 paths, a number of 4516 digits,
    # beyond what Python turns into text by default
    x = Value(1.0, label="x")
    node = x
    for _ in range(15_000):
        node = (node + node) * 0.5
    with pytest.raises(ValueError, match=r"about 10\^4515 paths lead from the leaf to the root"):
        chain_rule_paths(node, x)


def test_one_path_through_a_deep_chain_is_listed_in_linear_time():
    # Copying the path so far at every level took (n²/2) steps: 14 s for 100k nodes.
    import time
    x = Value(0.5, label="x")
    node = x
    for _ in range(60_000):
        node = node * 1.0
    start = time.perf_counter()
    paths = chain_rule_paths(node, x)
    elapsed = time.perf_counter() - start
    assert len(paths) == 1 and len(paths[0].nodes) == 60_001
    assert paths[0].nodes[0] is node and paths[0].nodes[-1] is x
    assert elapsed < 2.5


def test_paths_are_listed_in_the_same_order_as_the_inputs():
    # a = x*x uses x twice: two paths, first through input 0, then input 1
    x = Value(3.0, label="x")
    a = x * x
    b = a + x
    paths = chain_rule_paths(b, x)
    assert [[n.serial for n in p.nodes] for p in paths] == [
        [b.serial, a.serial, x.serial], [b.serial, a.serial, x.serial], [b.serial, x.serial]]
    assert [p.product for p in paths] == [3.0, 3.0, 1.0]


def test_steps_not_into_grad_change_nothing_and_count_this_pass_from_zero():
    x, y, z = chain_rule_example()
    z.backward()                                   # x.grad = 24 before the steps
    steps = list(backward_steps(z, into_grad=False))
    assert x.grad == 24.0 and y.grad == 8.0
    assert [s.input_grad for s in steps] == [8.0, 8.0, 24.0]
    assert [str(s) for s in steps] == [str(s) for s in backward_steps(chain_rule_example()[2])]
