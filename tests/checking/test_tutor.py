"""check(): a hand computation beside the engine, the first wrong step, carried mistakes."""

import math
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_core import Value, check, topological_order, weighted_sum
from autograd_core.checking.verdicts import CARRIED, RIGHT, ROUNDED, WRONG
from conftest import central_difference
from autograd_core.examples import chain_rule_example, network_2_2_2
from random_graphs import programs, run


def network():
    nodes = network_2_2_2()
    nodes["E"].label = "E_total"
    return nodes


ISSUE_EXAMPLE = {
    "out_h1": "0.593269992",
    "∂E_total/∂out_o1": "0.74136507",
    "∂E_total/∂out_h1": "0.0553994",      # forgot the path through E_o2
    "∂E_total/∂w1": "0.000668",          # follows from the wrong number above
}


def by_key(report):
    return {result.key: result for result in report.results}


# ----------------------------------------------------------------------
# The classic slip: one chain-rule path left out.
# ----------------------------------------------------------------------

def test_a_left_out_path_is_the_first_wrong_step():
    report = check(network()["E"], ISSUE_EXAMPLE)
    assert not report.ok
    assert report.first_error.key == "∂E_total/∂out_h1"
    assert [r.status for r in report.results] == [RIGHT, RIGHT, WRONG, CARRIED]


def test_the_left_out_path_is_the_one_through_E_o2_with_its_product():
    nodes = network()
    error = check(nodes["E"], ISSUE_EXAMPLE).first_error
    (path,) = error.left_out_paths
    assert nodes["E_o2"] in path.nodes and nodes["E_o1"] not in path.nodes
    # the note's ∂E_o2/∂out_h1 = −0.019049119
    assert path.product == pytest.approx(-0.019049119, abs=1e-9)
    assert error.mistake.kind == "left-out path"
    assert error.mistake.sentence == (
        "you left out the path through E_o2: dE_total/dE_o2 · dE_o2/dout_h1 = "
        "1 · (−0.0190491) = −0.0190491")


def test_the_explanation_writes_the_chain_rule_with_each_factor():
    error = check(network()["E"], ISSUE_EXAMPLE).first_error
    first, second = error.explanation.splitlines()[:2]
    assert first == ("dE_total/dout_h1 = dE_total/dnet_o1 · ∂net_o1/∂out_h1 "
                     "+ dE_total/dnet_o2 · ∂net_o2/∂out_h1")
    # the notes: ∂E_o1/∂net_o1 = 0.138498562, w5 = 0.40, w7 = 0.50; total 0.036350306
    assert second.split("= ", 1)[1] == "0.138499 · 0.4 + (−0.0380982) · 0.5 = 0.0363503"
    assert "∂net_o1/∂out_h1 = w5 = 0.4" in error.explanation
    assert error.exact == pytest.approx(0.036350306, abs=5e-10)


def test_a_number_that_follows_from_an_earlier_wrong_one_is_carried_and_says_from_which():
    carried = by_key(check(network()["E"], ISSUE_EXAMPLE))["∂E_total/∂w1"]
    assert carried.status == CARRIED
    assert carried.follows_from == ["dE_total/dout_h1"]
    # the note's exact ∂E_total/∂w1
    assert carried.exact == pytest.approx(0.000438568, abs=5e-10)


def test_the_printed_report_marks_each_claim_and_explains_only_the_first_error():
    lines = str(check(network()["E"], ISSUE_EXAMPLE)).splitlines()
    assert lines[0] == "✓ out_h1 = 0.593269992"
    assert lines[1] == "✓ dE_total/dout_o1 = 0.74136507"
    assert lines[2] == "✗ dE_total/dout_h1 = 0.0553994, but it is 0.03635031"
    assert lines[3].startswith("    left-out path: you left out the path through E_o2")
    assert lines[-1] == ("↳ dE_total/dw1 = 0.000668 follows from your dE_total/dout_h1; "
                         "it is 0.000438568")
    assert all(line.startswith("    ") for line in lines[3:-1])


# ----------------------------------------------------------------------
# The notes' numbers.
# ----------------------------------------------------------------------

NOTE_003 = {   # the step-by-step example, as the note prints it
    "net_h1": "0.3775", "out_h1": "0.593269992", "out_h2": "0.596884378",
    "net_o1": "1.105905967", "out_o1": "0.75136507", "out_o2": "0.772928465",
    "E_o1": "0.274811083", "E_o2": "0.023560026", "E_total": "0.298371109",
    "∂E_total/∂out_o1": "0.74136507", "∂out_o1/∂net_o1": "0.186815602",
    "∂net_o1/∂w5": "0.593269992", "∂E_total/∂w5": "0.082167041",
    "∂net_o1/∂out_h1": "0.40", "∂E_o1/∂net_o1": "0.138498562",
    "∂E_o1/∂out_h1": "0.055399425", "∂E_o2/∂out_h1": "-0.019049119",
    "∂E_total/∂out_h1": "0.036350306", "∂out_h1/∂net_h1": "0.241300709",
    "∂net_h1/∂w1": "0.05", "∂E_total/∂w1": "0.000438568",
}


def test_the_step_by_step_numbers_of_the_notes_all_come_out_right():
    report = check(network()["E"], NOTE_003)
    assert report.ok and report.first_error is None
    assert len(report.results) == len(NOTE_003)
    # all right to their digits but one, which the note rounded along the way:
    # −0.038098237 · 0.5 = −0.0190491185 for the exact −0.0190491183
    rounded = [r.key for r in report.results if r.status != RIGHT]
    assert rounded == ["∂E_o2/∂out_h1"]
    assert by_key(report)["∂E_o2/∂out_h1"].status == ROUNDED
    assert str(report).count("✓") == len(NOTE_003) - 1


def test_the_step_by_step_demos_network_built_with_nn_checks_the_same():
    from demos import step_by_step
    *_, e_total = step_by_step.error_graph(step_by_step.build_model())
    report = check(e_total, NOTE_003)
    assert report.ok, str(report)


def test_claims_are_gone_through_values_first_then_derivatives_from_the_root_back():
    keys = [r.key for r in check(network()["E"], NOTE_003).results]
    values = [k for k in keys if not k.startswith("∂")]
    assert keys[:len(values)] == ["net_h1", "out_h1", "out_h2", "net_o1", "out_o1", "out_o2",
                                  "E_o1", "E_o2", "E_total"]
    assert keys.index("∂E_total/∂out_o1") < keys.index("∂E_total/∂w5") < keys.index("∂E_total/∂w1")


def test_a_wrong_value_is_explained_by_its_operation_on_its_inputs():
    report = check(network()["E"], {"net_h1": "0.3775", "out_h1": "0.5993"})
    assert report.first_error.key == "out_h1"
    assert report.first_error.explanation == (
        "out_h1 = σ(net_h1) = σ(0.3775) = 0.59327")


def test_a_wrong_weighted_sum_shows_each_product():
    report = check(network()["E"], {"net_h1": "0.3795"})
    assert report.first_error.explanation == (
        "net_h1 = 0.05·w1 + 0.1·w2 + b1 = 0.05·0.15 + 0.1·0.2 + 0.35 = 0.3775")


def test_a_value_computed_from_an_earlier_wrong_value_is_carried():
    # net_h1 wrong by 0.1; out_h1 = σ(0.4775) = 0.617157 follows from it
    report = check(network()["E"], {"net_h1": "0.4775", "out_h1": "0.617157"})
    assert [r.status for r in report.results] == [WRONG, CARRIED]


def test_a_value_right_for_rounded_earlier_numbers_is_right():
    # σ(0.38) = 0.593867: the 0.38 written before it was right to its digits
    report = check(network()["E"], {"net_h1": "0.38", "out_h1": "0.5939"})
    assert report.ok
    assert "rounded" in report.results[1].explanation


def test_the_bishop_style_network_is_flagged_exactly_where_the_errata_flag_it():
    from demos import softmax_network
    from demos.errata import ERRATUM
    bishop = softmax_network.bishop()
    flagged = {c.quantity for c in bishop.comparisons if c.status == ERRATUM}

    root, claims, quantity_of = bishop_graph_and_claims(bishop)
    report = check(root, claims)
    not_right = {quantity_of[r.key] for r in report.results if r.status != RIGHT}
    assert not_right == flagged


def bishop_graph_and_claims(bishop):
    """The 2-2-2 network of the Bishop-style note as a labelled graph, and its printed numbers."""
    from demos import softmax_network as s
    from autograd_core import weighted_sum
    x, y = s.X2, s.Y2
    W1 = [[Value(w, label=f"w1_{j}{i}") for i, w in enumerate(row, 1)] for j, row in enumerate(s.W1_BISHOP, 1)]
    W2 = [[Value(w, label=f"w2_{j}{i}") for i, w in enumerate(row, 1)] for j, row in enumerate(s.W2_BISHOP, 1)]
    b1 = [Value(b, label=f"b1_{j}") for j, b in enumerate(s.B1_BISHOP, 1)]
    b2 = [Value(b, label=f"b2_{j}") for j, b in enumerate(s.B2_BISHOP, 1)]
    a1 = [weighted_sum(W1[j], x, b1[j]) for j in range(2)]
    z1 = [a.sigmoid() for a in a1]
    a2 = [weighted_sum(W2[j], z1, b2[j]) for j in range(2)]
    h = [a.sigmoid() for a in a2]
    miss = [h[k] - y[k] for k in range(2)]
    squares = [m ** 2 for m in miss]
    norm = squares[0] + squares[1]
    E = 0.5 * norm
    for j in range(2):
        a1[j].label, z1[j].label = f"a1_{j + 1}", f"z1_{j + 1}"
        a2[j].label, h[j].label, miss[j].label = f"a2_{j + 1}", f"h_{j + 1}", f"miss_{j + 1}"
    norm.label, E.label = "norm", "E"
    keys = {"a⁽¹⁾₁": "a1_1", "a⁽¹⁾₂": "a1_2", "z⁽¹⁾₁": "z1_1", "z⁽¹⁾₂": "z1_2",
            "a⁽²⁾₁": "a2_1", "a⁽²⁾₂": "a2_2", "h₁": "h_1", "h₂": "h_2",
            "(h − y)₁": "miss_1", "(h − y)₂": "miss_2", "|h − y|²": "norm",
            "δ⁽²⁾₁": "dE/da2_1", "δ⁽²⁾₂": "dE/da2_2", "δ⁽¹⁾₁": "dE/da1_1", "δ⁽¹⁾₂": "dE/da1_2"}
    for j in (1, 2):
        for i in (1, 2):
            keys[f"∂E/∂w⁽²⁾{'₁₂'[j - 1]}{'₁₂'[i - 1]}"] = f"dE/dw2_{j}{i}"
            keys[f"∂E/∂w⁽¹⁾{'₁₂'[j - 1]}{'₁₂'[i - 1]}"] = f"dE/dw1_{j}{i}"
    claims = {keys[c.quantity]: c.note for c in bishop.comparisons}
    return E, claims, {key: quantity for quantity, key in keys.items()}


# ----------------------------------------------------------------------
# Keys, numbers, and what check leaves alone.
# ----------------------------------------------------------------------

def test_d_and_curly_d_keys_mean_the_same_total_derivative():
    root = network()["E"]
    a = check(root, {"dE_total/dout_h1": "0.036350306"}).results[0]
    b = check(root, {"∂E_total/∂out_h1": "0.036350306"}).results[0]
    assert a.exact == b.exact and a.status == b.status == RIGHT


def test_a_derivative_of_an_inner_node_is_its_own_total_derivative():
    # dE_o1/dout_h1 follows one path only: the note's 0.055399425
    result = check(network()["E"], {"dE_o1/dout_h1": "0.055399425"}).results[0]
    assert result.status == RIGHT


def test_the_numbers_written_decide_the_precision():
    root = network()["E"]
    assert check(root, {"out_h1": "0.59"}).ok            # ±0.005
    assert not check(root, {"out_h1": "0.590"}).ok      # ±0.0005, off by 3 units
    assert check(root, {"out_h1": 0.5933}).ok            # a float: its repr's digits


def test_every_key_is_checked_against_central_differences():
    # dE/dw for all eight weights, against (E(w + h) − E(w − h)) / 2h on the engine's forward pass
    nodes = network()

    def loss_at(name, shift):
        fresh = network_2_2_2()
        fresh[name].data += shift
        # recompute forward by rebuilding with the shifted weight
        return rebuilt_loss(fresh)

    h = 1e-6
    claims = {}
    for k in range(1, 9):
        name = f"w{k}"
        slope = (loss_at(name, h) - loss_at(name, -h)) / (2 * h)
        claims[f"dE_total/d{name}"] = f"{slope:.7f}"
    assert check(nodes["E"], claims).ok


def rebuilt_loss(nodes):
    """E of the 2-2-2 network for the (possibly changed) leaf values in ``nodes``, on plain floats."""
    sig = lambda a: 1 / (1 + math.exp(-a))
    w = [nodes[f"w{k}"].data for k in range(1, 9)]
    b1, b2 = nodes["b1"].data, nodes["b2"].data
    h1 = sig(w[0] * 0.05 + w[1] * 0.10 + b1)
    h2 = sig(w[2] * 0.05 + w[3] * 0.10 + b1)
    o1 = sig(w[4] * h1 + w[5] * h2 + b2)
    o2 = sig(w[6] * h1 + w[7] * h2 + b2)
    return 0.5 * (0.01 - o1) ** 2 + 0.5 * (0.99 - o2) ** 2


def test_unnamed_nodes_are_reached_by_the_names_the_trace_prints():
    x, y, z = chain_rule_example()
    report = check(z, {"v1": "6", "dz/dv1": "8"})
    assert report.ok


def test_check_changes_no_gradient():
    nodes = network()
    before = [n.grad for n in topological_order(nodes["E"])]
    check(nodes["E"], ISSUE_EXAMPLE)
    assert [n.grad for n in topological_order(nodes["E"])] == before


def test_an_unknown_name_lists_the_names_that_exist():
    with pytest.raises(ValueError, match=r"'dE_total/dw9' is neither.*names are: .*w1, .*out_h1"):
        check(network()["E"], {"dE_total/dw9": "0.1"})


def test_a_number_that_is_not_one_is_refused_naming_its_key():
    with pytest.raises(ValueError, match=r"the number for 'out_h1': 'about 0.6' is not a number"):
        check(network()["E"], {"out_h1": "about 0.6"})


def test_a_name_shared_by_two_nodes_is_refused():
    a, b = Value(1.0, label="a"), Value(2.0, label="a")
    with pytest.raises(ValueError, match=r"'a' .* belongs to 2 nodes"):
        check(a * b, {"a": "1"})


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match=r"check\(root=...\): expected a Value"):
        check(3.0, {})
    with pytest.raises(TypeError, match=r"check\(claims=...\): expected a dict"):
        check(Value(1.0), [("x", 1)])


def test_names_with_operators_are_accepted_with_or_without_brackets():
    x = Value(2.0, label="x")
    miss = 1 - x
    miss.label = "1−x"
    e = miss ** 2
    e.label = "E"
    for key in ("dE/d(1−x)", "dE/d1−x"):
        report = check(e, {key: "-2", "dE/dx": "2"})
        assert report.ok
        assert report.results[0].quantity == "dE/d(1−x)"


def test_the_module_docstring_example_runs_as_written():
    import doctest
    results = doctest.testmod(sys.modules["autograd_core.checking.tutor"])
    assert results.attempted > 0 and results.failed == 0


# ----------------------------------------------------------------------
# Random graphs: claims from central differences are right; a slip is found.
# ----------------------------------------------------------------------

def labelled_random_graph(program, point):
    """The graph, and which of the three inputs are in it (check knows only those)."""
    leaves = [Value(p, label=f"x{k}") for k, p in enumerate(point)]
    out = run(program, leaves, on_values=True)
    out.label = "out"
    in_graph = set(topological_order(out))
    return [k for k in range(3) if leaves[k] in in_graph], out


@settings(max_examples=60, deadline=None)
@given(programs(), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_derivatives_written_from_central_differences_are_right(program, point):
    used, out = labelled_random_graph(program, point)
    as_floats = lambda *xs: run(program, xs, on_values=False)  # noqa: E731
    claims = {f"dout/dx{k}": f"{central_difference(as_floats, point, k):.4f}" for k in used}
    claims["out"] = f"{as_floats(*point):.6g}"
    report = check(out, claims)
    # four decimals of a tiny slope may be a single digit: then more digits are asked for
    assert all(r.status in ("right", "rounded", "more digits") for r in report.results), str(report)
    value = next(r for r in report.results if r.key == "out")
    assert value.status in ("right", "rounded"), str(report)


@settings(max_examples=60, deadline=None)
@given(programs(), st.lists(st.floats(-2, 2), min_size=3, max_size=3), st.integers(0, 2))
def test_a_derivative_off_by_a_tenth_is_the_first_error(program, point, k):
    used, out = labelled_random_graph(program, point)
    assume(k in used)
    as_floats = lambda *xs: run(program, xs, on_values=False)  # noqa: E731
    slope = central_difference(as_floats, point, k)
    report = check(out, {f"dout/dx{k}": f"{slope + 0.1:.4f}"})
    assert report.first_error is not None and report.first_error.key == f"dout/dx{k}"
    assert report.first_error.exact == pytest.approx(slope, rel=1e-4, abs=1e-6)


def test_a_weighted_sum_is_explained_by_the_products_it_recorded_not_by_equal_numbers():
    w = Value(2.0, label="w")
    m = weighted_sum([w], [w])                  # w·w, one product of two Values
    m.label = "m"
    report = check(m, {"w": "3", "m": "9"})
    assert [r.status for r in report.results] == ["wrong", "carried"]
    a, b = Value(3.0, label="a"), Value(3.0, label="b")
    n = weighted_sum([a, 3.0], [3.0, b])        # 3a + 3b, though a·b has the same value
    n.label = "n"
    assert "3·a + 3·b" in str(check(n, {"n": "12"}))
