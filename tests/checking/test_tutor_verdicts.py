"""check's verdicts are never wrong: no false ✓, no false ✗, and carried only from the student's own numbers.

Each case is one a student runs into; the public API only (statuses as strings).
"""

import math
import random
import time
from fractions import Fraction

import pytest

from autograd_core import Operation, Value, check, no_grad
from autograd_core.examples import chain_rule_example, network_2_2_2


def network():
    nodes = network_2_2_2()
    nodes["E"].label = "E_total"
    return nodes


def statuses(report):
    return [r.status for r in report.results]


# ----------------------------------------------------------------------
# No false ✓.
# ----------------------------------------------------------------------

@pytest.mark.parametrize("written", ["25", "23", 25, 23.0])
def test_a_whole_number_one_off_is_wrong(written):
    x, y, z = chain_rule_example()
    report = check(z, {"dz/dx": written})
    assert statuses(report) == ["wrong"] and not report.ok


def test_x2_in_place_of_x1_is_not_right():
    # ∂net_h1/∂w1 = i1 = 0.05; "0.1" is i2, the other input
    report = check(network()["E"], {"∂net_h1/∂w1": "0.1"})
    assert report.results[0].status != "right" and not report.ok
    assert check(network()["E"], {"∂net_h1/∂w1": "0.10"}).first_error.mistake.kind == "swapped"


def test_following_a_rounded_number_is_bounded_by_its_last_digit():
    # e = exp(40a) at a = 0.55 is 3.58e9; "0.6" cannot tell a from a slip, and
    # 2.6e10 follows from 0.6 only: it is carried, not right
    a = Value(0.55, label="a")
    e = (40 * a).exp()
    e.label = "e"
    report = check(e, {"a": "0.6", "e": "2.6e10"})
    assert statuses(report) == ["more digits", "carried"] and not report.ok
    # from a right a, carried digits stay within what its last digit can move
    b = Value(0.5549, label="a")
    f = (40 * b).exp()
    f.label = "e"
    assert statuses(check(f, {"a": "0.55", "e": "3.585e9"})) == ["right", "rounded"]
    assert statuses(check(f, {"a": "0.55", "e": "1.0e9"})) == ["right", "wrong"]


def test_one_digit_that_hides_the_next_asks_for_more_digits():
    report = check(network()["E"], {"out_h1": "0.6"})
    assert statuses(report) == ["more digits"] and not report.ok
    assert "too few" in str(report)
    assert check(network()["E"], {"dE_total/dE_o1": "1"}).ok     # exactly 1: that round


def test_one_digit_that_is_wrong_at_its_digit_is_wrong_not_too_short():
    # 0.0187 is 0.02 at one digit: 0.1 is five times too large, not too short to tell
    assert statuses(check(network()["E"], {"dE_total/db1": "0.1"})) == ["wrong"]
    x, y, z = chain_rule_example()
    assert statuses(check(z, {"x+": "1"}, learning_rate=0.1)) == ["wrong"]      # x⁺ = −0.4
    assert statuses(check(network()["E"], {"dE_total/dw6": "0.1"})) == ["more digits"]  # 0.0827


def test_two_keys_for_one_quantity_are_an_error():
    y = Value(2.0, label="y")
    with pytest.raises(ValueError, match=r"the keys 'y' and ' y ' both claim y"):
        check(y * 3, {"y": "2", " y ": "2"})
    nodes = network()
    with pytest.raises(ValueError, match="both claim dE_total/dw1"):
        check(nodes["E"], {"dE_total/dw1": "0.000439", "∂E_total/∂w1": "0.000439"})


def test_ten_thousand_random_wrong_numbers_are_never_right():
    rng = random.Random(2024)
    nodes = network()
    root = nodes["E"]
    quantities = ["out_h1", "net_o1", "E_o2", "E_total", "dE_total/dw5", "dE_total/dw1",
                  "dE_total/dout_h1", "dE_o2/dout_h1", "dout_o1/dnet_o1", "dE_total/db2"]
    exact = {}
    for key in quantities:
        exact[key] = check(root, {key: "0"}).results[0].exact
    count = 0
    while count < 10_000:
        key = rng.choice(quantities)
        digits = rng.randint(2, 9)
        value = exact[key]
        exponent = math.floor(math.log10(abs(value))) - digits + 1
        unit = 10.0 ** exponent
        # a number off by at least one unit in its last digit, up to far off
        off = rng.choice([1, 1, 2, 3, 7, 10, 100, 10 ** rng.randint(2, 6)]) * rng.choice([-1, 1])
        text = f"{round(value / unit) * unit + off * unit:.{max(0, -exponent)}f}"
        if abs(float(text) - value) <= unit / 2 * 1.000001:
            continue
        result = check(root, {key: text}).results[0]
        assert result.status != "right", (key, text, value)
        if abs(off) > 30:        # beyond any rounding along the way: not ok either
            assert result.status == "wrong", (key, text, value)
        count += 1


# ----------------------------------------------------------------------
# No false ✗.
# ----------------------------------------------------------------------

def test_a_float_from_the_textbook_sigmoid_formula_is_right():
    rng = random.Random(7)
    for _ in range(3000):
        x = rng.uniform(-30.0, 30.0)
        node = Value(x, label="x").sigmoid()
        node.label = "s"
        assert check(node, {"s": 1 / (1 + math.exp(-x))}).ok


def test_a_zero_on_paper_beside_float_rounding_noise_is_right():
    x = Value(100.1, label="x")
    y = x * 3 - 300.3           # 0 on paper; −5.7e-14 in floats
    y.label = "y"
    assert y.data != 0.0 and abs(y.data) < 1e-13
    report = check(y, {"y": "0"})
    assert report.ok
    assert check(y, {"y": "1.0e-9"}).results[0].status == "wrong"
    assert not check(y, {"y": "1e-9"}).ok


def test_a_slope_computed_the_notes_way_from_the_students_rounded_out_follows_from_it():
    report = check(network()["E"], {"out_o1": "0.75", "∂out_o1/∂net_o1": "0.1875"})
    assert statuses(report) == ["right", "rounded"] and report.ok
    assert report.results[1].rounded_from == ["out_o1"]


def test_the_notes_nine_digit_numbers_rounded_along_the_way_are_rounded_not_wrong():
    # −0.038098237 · 0.5 = −0.0190491185: printed −0.019049119 for the exact −0.0190491183
    report = check(network()["E"], {"∂E_o2/∂out_h1": "-0.019049119"})
    assert statuses(report) == ["rounded"] and report.ok
    assert "exact -0.0190491183" in str(report)


def test_an_unwritten_result_rounded_from_a_number_already_rounded_is_allowed_its_own_rounding():
    # three digits along the way, none written: s = 0.0931, q = 0.0931² = 0.00866761 → 0.00867
    # (the exact 0.00866067 would round by 0.0000007 only), h = 0.004335
    a, b = Value(0.05, label="a"), Value(0.0430627452286159, label="b")
    s = a + b
    q = s * s
    h = q * 0.5
    h.label = "h"
    assert statuses(check(h, {"h": "0.00434"})) == ["rounded"]
    assert statuses(check(h, {"h": "0.00436"})) == ["wrong"]


def test_a_sensitive_slope_from_a_result_rounded_at_the_digits_written_is_rounded():
    # three digits carried: h = 1.91 (not written), tanh′(1.91) = 1 − tanh(1.91)² = 0.0840,
    # while tanh′(1.9131) = 0.0835: ten half units of the last digit, all of them rounding
    x = Value(1.8261639799296683, label="x")
    h = x * 0.5 + 1
    h.label = "h"
    t = h.tanh()
    t.label = "t"
    assert statuses(check(t, {"dt/dh": "0.0840", "dt/dx": "0.0420"})) == ["rounded", "rounded"]
    assert statuses(check(t, {"dt/dh": "0.0850"})) == ["wrong"]


def test_intermediates_that_need_no_rounding_allow_nothing():
    x, y, z = chain_rule_example()
    assert statuses(check(z, {"dz/dx": "24", "dz/dy": "8"})) == ["right", "right"]


@pytest.mark.parametrize("number", [
    pytest.param(lambda np: np.float64(0.593269992), id="float64"),
    pytest.param(lambda np: np.float32(0.5933), id="float32"),
    pytest.param(lambda np: np.int64(24), id="int64"),
])
def test_numpy_scalars_are_numbers_as_value_accepts_them(number):
    np = pytest.importorskip("numpy")
    x, y, z = chain_rule_example()
    nodes = network()
    written = number(np)
    if isinstance(written, np.integer):
        assert check(z, {"dz/dx": written}).ok
        assert not check(z, {"dz/dx": written + 1}).ok
    else:
        assert check(nodes["E"], {"out_h1": written}).ok


def test_a_fraction_claims_exactly_its_value():
    x, y, z = chain_rule_example()
    assert check(z, {"dz/dx": Fraction(24)}).ok
    third = Value(1.0, label="a") / 3
    third.label = "t"
    assert check(third, {"t": Fraction(1, 3)}).ok
    assert not check(third, {"t": Fraction(333, 1000)}).ok


def test_zero_with_a_huge_exponent_is_zero():
    x = Value(3.0, label="x")
    d = (x - 3.0) ** 2
    d.label = "d"
    assert check(d, {"d": "0e400", "dd/dx": "0E+999"}).ok


# ----------------------------------------------------------------------
# Carried: the same in every grad mode, for every operation.
# ----------------------------------------------------------------------

@pytest.mark.parametrize("activation", ["leaky_relu", "elu", "tanh", "sigmoid", "softplus", "arctan"])
def test_a_number_following_an_earlier_wrong_one_is_carried_for_every_activation(activation):
    x = Value(-1.5, label="x")
    a = x * 2
    a.label = "a"
    y = getattr(a, activation)() if activation not in ("leaky_relu", "elu") else getattr(a, activation)(0.1)
    y.label = "y"
    z = y * 3
    z.label = "z"
    wrong_a = -2.5
    y_from_it = getattr(Value(wrong_a), activation)(*([0.1] if activation in ("leaky_relu", "elu") else [])).data
    claims = {"a": str(wrong_a), "y": repr(y_from_it), "z": repr(3 * y_from_it)}
    report = check(z, claims)
    assert statuses(report) == ["wrong", "carried", "carried"]
    with no_grad():
        assert statuses(check(z, claims)) == statuses(report)


def test_a_derivative_following_an_earlier_wrong_value_is_carried_in_no_grad_too():
    nodes = network()
    # out_o1 wrong; its slope out·(1 − out) from the student's own 0.8 follows from it
    claims = {"out_o1": "0.80", "∂out_o1/∂net_o1": "0.16"}
    report = check(nodes["E"], claims)
    assert statuses(report) == ["wrong", "carried"]
    with no_grad():
        assert statuses(check(nodes["E"], claims)) == ["wrong", "carried"]


def test_a_user_defined_operation_is_followed_through_its_record():
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x, out: [3 * x ** 2],
                     formula="$x³", derivative_formulas=["3·$x²"])
    u = Value(2.0, label="u")
    v = cube(u)
    v.label = "v"
    t = v * 2
    t.label = "t"
    report = check(t, {"u": "3", "v": "27", "t": "54", "dt/du": "54"})
    assert statuses(report) == ["wrong", "carried", "carried", "carried"]
    assert "∂v/∂u = 3·u² = 3·2² = 12" in str(check(t, {"dt/du": "12"}))


def test_a_node_made_by_hand_is_followed_to_first_order():
    a = Value(2.0, label="a")
    b = Value(6.0, label="b")
    b.op = "my double"
    b.inputs = (a,)
    b.local_grads = (3.0,)
    b.label = "b"
    report = check(b, {"a": "2.5", "b": "7.5"})
    assert statuses(report) == ["wrong", "carried"]


# ----------------------------------------------------------------------
# Keys, and hostile input.
# ----------------------------------------------------------------------

def test_a_hostile_key_is_refused_at_once_with_a_short_message():
    root = network()["E"]
    key = "d" + "E" * 400_000 + "/dw1"
    start = time.perf_counter()
    with pytest.raises(ValueError) as error:
        check(root, {key: "1"})
    assert time.perf_counter() - start < 0.5
    assert "too long" in str(error.value) and len(str(error.value)) < 200


def test_a_hostile_number_is_refused_with_a_short_message():
    root = network()["E"]
    with pytest.raises(ValueError) as error:
        check(root, {"out_h1": "9" * 400_000})
    assert "too long" in str(error.value) and len(str(error.value)) < 200


def test_learning_rate_must_be_a_positive_number_and_an_update_needs_it():
    root = network()["E"]
    with pytest.raises(ValueError, match="give the learning rate"):
        check(root, {"w5+": "0.35891648"})
    with pytest.raises(ValueError, match="positive"):
        check(root, {}, learning_rate=-0.5)
    with pytest.raises(ValueError, match="computed, not a parameter"):
        check(root, {"out_h1+": "0.5"}, learning_rate=0.5)
    with pytest.raises(TypeError, match="got bool: True"):
        check(root, {"w5+": "0.35891648"}, learning_rate=True)


def test_check_changes_no_gradient_and_no_value():
    nodes = network()
    root = nodes["E"]
    from autograd_core import topological_order
    before = [(n.data, n.grad) for n in topological_order(root)]
    report = check(root, {"out_o1": "0.75", "dE_total/dw5": "-0.08", "w5+": "0.5"},
                   learning_rate=0.5)
    str(report), report.to_markdown(), report.to_latex(), report._repr_html_()
    assert [(n.data, n.grad) for n in topological_order(root)] == before


# ----------------------------------------------------------------------
# Update steps.
# ----------------------------------------------------------------------

def test_the_notes_update_steps_are_right():
    report = check(network()["E"], {"∂E_total/∂w5": "0.082167041", "w5⁺": "0.35891648",
                                    "w1+": "0.149780716"}, learning_rate=0.5)
    assert report.ok and statuses(report) == ["right", "right", "right"]
    assert [r.quantity for r in report.results] == ["dE_total/dw5", "w5⁺", "w1⁺"]


def test_an_update_is_carried_from_the_students_own_gradient():
    report = check(network()["E"], {"dE_total/dw5": "0.0912", "w5+": f"{0.4 - 0.5 * 0.0912:.4f}"},
                   learning_rate=0.5)
    assert statuses(report) == ["wrong", "carried"]
    assert report.results[1].follows_from == ["dE_total/dw5"]


def test_a_wrong_update_is_explained_with_its_formula():
    report = check(network()["E"], {"w5+": "0.45"}, learning_rate=0.5)
    error = report.first_error
    assert error.key == "w5+"
    assert "w5⁺ = w5 − η · dE_total/dw5 = 0.4 − 0.5 · 0.082167 = 0.358916" in error.explanation


def test_a_value_at_the_edge_of_a_domain_is_carried_the_same_in_every_grad_mode():
    # the student's wrong a = 0 gives √0 = 0: carried, whatever the mode check is called in
    x = Value(2.0, label="x")
    a = x - 1
    a.label = "a"
    y = a.sqrt()
    y.label = "y"
    z = y * 2
    z.label = "z"
    claims = {"a": "0", "y": "0", "z": "0"}
    assert statuses(check(z, claims)) == ["wrong", "carried", "carried"]
    with no_grad():
        assert statuses(check(z, claims)) == ["wrong", "carried", "carried"]


def test_a_sum_of_the_students_own_partials_is_carried_beside_their_other_derivatives():
    # dE/dout_o1 written too: its paths are inside dE_o1/dout_h1, and count once
    claims = {"∂E_total/∂out_o1": "0.74136507", "∂E_o1/∂out_h1": "0.049709416",
              "∂E_o2/∂out_h1": "-0.019049119", "∂E_total/∂out_h1": "0.030660297"}
    report = check(network()["E"], claims)
    assert statuses(report) == ["right", "wrong", "rounded", "carried"]
    assert report.results[-1].follows_from == ["dE_o1/dout_h1"]


def test_a_partial_of_a_direct_input_right_for_the_local_derivative_is_right_as_it():
    # b = a + x with a = x·y: the local ∂b/∂x is 1, the total db/dx = 1 + y = 4
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    a = x * y
    a.label = "a"
    b = a + x
    b.label = "b"
    (local,) = check(b, {"∂b/∂x": "1"}).results
    assert (local.status, local.quantity, local.kind, local.exact) == (
        "right", "∂b/∂x", "local derivative", 1.0)
    (total,) = check(b, {"∂b/∂x": "4"}).results           # the notes write ∂ for totals too
    assert (total.status, total.quantity) == ("right", "db/dx")
    (wrong,) = check(b, {"∂b/∂x": "5"}).results
    assert (wrong.status, wrong.quantity) == ("wrong", "db/dx")
    (plain,) = check(b, {"db/dx": "1"}).results            # d is the total: 1 leaves out a path
    assert plain.status == "wrong" and plain.mistake.kind == "left-out path"


def test_a_partial_of_one_error_term_follows_from_the_students_derivative_of_the_total():
    # the notes' way: dE_total/dnet_o1 read as dE_o1/dnet_o1 (every path from net_o1 to E_total
    # passes E_o1, and dE_total/dE_o1 = 1); a slip carried through it is carried, not a new slip
    claims = {"∂E_total/∂out_o1": "-0.741365", "∂E_total/∂net_o1": "-0.138499",
              "∂E_o1/∂out_h1": "-0.0553994", "∂E_total/∂out_h1": "-0.0744485"}
    root = network()["E"]
    report = check(root, claims)
    assert statuses(report) == ["wrong", "carried", "carried", "carried"]
    assert report.results[2].follows_from == ["dE_total/dnet_o1"]
    with no_grad():
        assert statuses(check(root, claims)) == statuses(report)
    # the same number from a right dE_total/dnet_o1 is right, and a slip made in it is wrong
    assert statuses(check(network()["E"], {"∂E_total/∂net_o1": "0.138499",
                                           "∂E_o1/∂out_h1": "0.0553994"})) == ["right", "right"]
    assert statuses(check(network()["E"], {"∂E_total/∂net_o1": "0.138499",
                                           "∂E_o1/∂out_h1": "0.0623243"})) == ["right", "wrong"]


@pytest.mark.parametrize("key", ["d" + "/d" * 499, "d" + "E/d" * 330, "x" * 998 + "+", "w5" + " " * 990 + "+"])
def test_a_long_key_that_names_nothing_is_refused_with_a_short_message(key):
    with pytest.raises(ValueError) as error:
        check(network()["E"], {key: "1", " " + key: "2"})
    assert len(str(error.value)) < 700, str(error.value)


def test_a_long_label_is_cut_short_in_a_message():
    x = Value(1.0, label="x" * 5000)
    y = x * 2
    y.label = "y" * 5000
    with pytest.raises(ValueError) as error:
        check(y, {"q": "1"})
    assert len(str(error.value)) < 700
    with pytest.raises(ValueError) as error:
        check(y, {"y" * 5000 + "+": "1"})                 # computed, not a parameter
    assert len(str(error.value)) < 300


def test_a_name_is_read_in_unicodes_composed_form():
    composed, decomposed = "\u00e9", "e\u0301"                # é, and e with a combining accent
    x = Value(2.0, label=composed)
    y = x * 3
    y.label = "y"
    assert statuses(check(y, {f"dy/d{decomposed}": "3"})) == ["right"]
    with pytest.raises(ValueError, match="both claim"):
        check(y, {decomposed: "2", composed: "2"})
    z = Value(1.0, label=decomposed) * x                    # two nodes named é, however typed
    z.label = "z"
    with pytest.raises(ValueError, match="belongs to 2 nodes"):
        check(z, {composed: "2"})
