"""The slip named in words a student understands, in the student's own notation.

The classic 2-2-2 network of the step-by-step example (η = 0.5), each
slip made the way a student makes it, by hand from the note's numbers.
"""

import re

import pytest

from autograd_core import Value, check, weighted_sum
from autograd_core.examples import network_2_2_2

# the note's numbers
DELTA_O1 = 0.138498562          # ∂E_o1/∂net_o1 = 0.74136507 · 0.186815602
DE_DOUT_O1 = 0.74136507
SLOPE_O1 = 0.186815602
OUT_H1 = 0.593269992
W5_PLUS = 0.35891648


def network():
    nodes = network_2_2_2()
    nodes["E"].label = "E_total"
    return nodes


def first_slip(claims, learning_rate=0.5):
    report = check(network()["E"], claims, learning_rate=learning_rate)
    assert report.first_error is not None, str(report)
    return report, report.first_error


def test_a_sign_error_is_named_with_the_minus_one_it_dropped():
    _, error = first_slip({"∂E_total/∂out_o1": f"{-DE_DOUT_O1}"})
    assert error.mistake.kind == "sign"
    assert "∂(0.01 − out_o1)/∂out_o1 = −1" in error.mistake.sentence


def test_a_sign_error_points_at_a_minus_one_on_a_path_that_counts():
    # binary cross-entropy for y = 1: the (1 − out) term is weighted 0, the −1 in front counts
    out = Value(0.25, label="out")
    loss = -(1.0 * out.log() + 0.0 * (1.0 - out).log())
    loss.label = "L"
    error = check(loss, {"dL/dout": "4"}).first_error
    assert error.mistake.kind == "sign"
    assert "(1 − out)/∂out" not in error.mistake.sentence
    assert error.mistake.sentence.startswith("dL/dout has the other sign: mind the −1 of ∂L/∂")


def test_a_left_out_slope_is_named_with_its_formula():
    _, error = first_slip({"∂E_total/∂w5": f"{DE_DOUT_O1 * OUT_H1:.9f}"})
    assert error.mistake.kind == "left-out factor"
    assert error.mistake.sentence == (
        "you left out ∂out_o1/∂net_o1 = out_o1·(1 − out_o1) = 0.751365·(1 − 0.751365) = 0.186816")


def test_a_forgotten_half_is_a_factor_two_explained_by_the_half_of_E_not_a_sign():
    _, twice = first_slip({"∂E_total/∂out_o1": f"{2 * DE_DOUT_O1:.8f}"})
    _, sign = first_slip({"∂E_total/∂out_o1": f"{-DE_DOUT_O1:.8f}"})
    assert twice.mistake.kind == "factor 2"
    assert "the ½ of E_o1 = 0.5·(0.01 − out_o1)²" in twice.mistake.sentence
    assert str(twice.mistake) != str(sign.mistake)
    _, half = first_slip({"∂E_total/∂out_o1": f"{0.5 * DE_DOUT_O1:.8f}"})
    assert half.mistake.kind == "factor 2" and "the 2 that the square" in half.mistake.sentence


def test_an_extra_slope_is_an_extra_factor():
    _, error = first_slip({"∂E_total/∂net_o1": f"{DELTA_O1 * SLOPE_O1:.9f}"})
    assert error.mistake.kind == "extra factor"
    assert "∂out_o1/∂net_o1 = out_o1·(1 − out_o1)" in error.mistake.sentence


def test_a_left_out_path_is_the_path_through_E_o2():
    _, error = first_slip({"∂E_total/∂out_h1": "0.055399425"})
    assert error.mistake.kind == "left-out path"
    assert error.mistake.sentence.startswith("you left out the path through E_o2: ")


def test_the_total_written_for_a_partial_is_an_extra_path():
    _, error = first_slip({"∂E_o1/∂out_h1": "0.036350306"})
    assert error.mistake.kind == "extra path"
    assert "dE_total/dout_h1" in error.mistake.sentence and "E_o2" in error.mistake.sentence


def test_the_updated_weight_inside_the_partial_is_the_slip_not_the_sum_after_it():
    # the note's lagged run: w5⁺ used as ∂net_o1/∂out_h1; the sum of the student's own partials is carried
    partial = DELTA_O1 * W5_PLUS
    report, error = first_slip({"w5+": str(W5_PLUS), "∂E_o1/∂net_o1": str(DELTA_O1),
                                "∂E_o1/∂out_h1": f"{partial:.9f}", "∂E_o2/∂out_h1": "-0.019049119",
                                "∂E_total/∂out_h1": f"{partial - 0.019049119:.9f}"})
    assert error.key == "∂E_o1/∂out_h1"
    assert error.mistake.kind == "updated parameter"
    assert "you used the updated w5⁺ = 0.358916 in place of w5 = 0.4" in error.mistake.sentence
    statuses = {r.key: r.status for r in report.results}
    assert statuses["∂E_total/∂out_h1"] == "carried"
    assert statuses["w5+"] == "right"


def test_swapped_weights_are_named_at_the_partial():
    report, error = first_slip({"∂E_o1/∂net_o1": str(DELTA_O1), "∂E_o1/∂out_h1": f"{DELTA_O1 * 0.45:.9f}",
                                "∂E_o2/∂out_h1": "-0.019049119",
                                "∂E_total/∂out_h1": f"{DELTA_O1 * 0.45 - 0.019049119:.9f}"})
    assert error.key == "∂E_o1/∂out_h1"
    assert error.mistake.kind == "swapped"
    assert error.mistake.sentence == "you used w6 = 0.45 in place of ∂net_o1/∂out_h1 = w5 = 0.4"
    assert [r.status for r in report.results][-1] == "carried"


def test_the_other_input_in_place_of_x1_is_named():
    _, error = first_slip({"∂net_h1/∂w1": "0.10"})
    assert error.mistake.kind == "swapped"
    assert error.mistake.sentence == "you used ∂net_h1/∂w2 = 0.1 in place of ∂net_h1/∂w1 = 0.05"


def test_rounding_out_o1_early_is_told_apart_from_a_slip():
    _, error = first_slip({"∂out_o1/∂net_o1": "0.1875"})         # 0.75 · 0.25
    assert error.mistake.kind == "rounded too early"
    assert "you used out_o1 ≈ 0.75 (2 significant digits); it is 0.751365" in error.mistake.sentence
    # written down first, the same 0.75 is the student's own number: rounded, not a slip
    report = check(network()["E"], {"out_o1": "0.75", "∂out_o1/∂net_o1": "0.1875"})
    assert report.ok


def test_a_left_out_path_is_named_from_the_students_own_partial():
    # three digits along the way: their dE_o1/dout_h1 = 0.0552 written again as the total, their
    # own 0.0552 + (−0.0192) left out; on the exact partials the numbers say a left-out factor
    report, error = first_slip({
        "∂E_total/∂out_o1": "0.742", "∂out_o1/∂net_o1": "0.186", "∂E_total/∂net_o1": "0.138",
        "∂E_total/∂out_o2": "-0.218", "∂out_o2/∂net_o2": "0.176", "∂E_total/∂net_o2": "-0.0384",
        "∂E_o1/∂out_h1": "0.0552", "∂E_o2/∂out_h1": "-0.0192", "∂E_total/∂out_h1": "0.0552"})
    assert error.key == "∂E_total/∂out_h1" and report.results[-1] is error
    assert error.mistake.kind == "left-out path" and "through E_o2" in error.mistake.sentence


def test_an_update_step_with_the_gradient_added_is_a_sign_and_without_eta_a_left_out_factor():
    _, error = first_slip({"w5+": f"{0.4 + 0.5 * 0.082167041:.8f}"})
    assert error.mistake.kind == "sign"
    _, error = first_slip({"w5+": f"{0.4 - 0.082167041:.9f}"})
    assert error.mistake.kind == "left-out factor" and "η = 0.5" in error.mistake.sentence


def test_anything_else_is_an_arithmetic_slip_with_the_right_computation():
    _, error = first_slip({"∂E_total/∂w5": "0.0712"})
    assert error.mistake.kind == "arithmetic"
    assert "dE_total/dw5 = dE_total/dout_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5" in error.explanation


def test_an_error_without_its_half_is_named_with_the_half_left_out():
    _, error = first_slip({"E_o1": f"{(0.01 - 0.75136507) ** 2:.8f}"})
    assert str(error.mistake) == ("factor 2: twice the right value: the ½ of E_o1 = "
                                  "0.5·(0.01 − out_o1)² is left out")


def test_a_value_slip_is_diagnosed_too():
    _, error = first_slip({"net_h1": f"{0.15 * 0.1 + 0.2 * 0.05 + 0.35:.4f}"})
    assert error.mistake.kind == "swapped"
    _, error = first_slip({"w5+": str(W5_PLUS),
                           "net_o1": f"{W5_PLUS * OUT_H1 + 0.45 * 0.596884378 + 0.6:.9f}"})
    assert error.mistake.kind == "updated parameter"


# ----------------------------------------------------------------------
# The notes' notation.
# ----------------------------------------------------------------------

def test_explanations_use_the_students_labels_and_formulas_never_internal_names():
    slips = [{"∂E_total/∂out_o1": "0.5"}, {"∂E_total/∂w5": "0.5"}, {"∂E_total/∂out_h1": "0.5"},
             {"∂E_total/∂w1": "0.5"}, {"E_o1": "0.5"}, {"∂E_o2/∂out_h1": "0.5"}]
    for claims in slips:
        _, error = first_slip(claims)
        text = error.explanation + str(error.mistake)
        assert not re.search(r"\bv\d+\b", text), text
    _, error = first_slip({"∂E_total/∂out_o1": "0.5"})
    assert "(0.01 − out_o1)" in error.explanation


def test_each_local_derivative_is_shown_as_its_formula_then_numbers():
    _, error = first_slip({"∂E_total/∂w5": "0.5"})
    lines = error.explanation.splitlines()
    assert lines[0] == "dE_total/dw5 = dE_total/dout_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5"
    assert "  ∂out_o1/∂net_o1 = out_o1·(1 − out_o1) = 0.751365·(1 − 0.751365) = 0.186816" in lines
    assert "  ∂net_o1/∂w5 = out_h1 = 0.59327" in lines


def test_an_operation_with_its_constant_on_the_left_is_written_so():
    x = Value(2.0, label="x")
    y = -2 - x
    y.label = "y"
    assert check(y, {"y": "-3"}).first_error.explanation == "y = −2 − x = −2 − 2 = −4"


def test_a_number_bias_is_written_in_the_weighted_sum():
    w = Value(1.0, label="w")
    net = weighted_sum([w], [2.0], 5.0)
    net.label = "net"
    assert check(net, {"net": "2"}).first_error.explanation == "net = 2·w + 5 = 2·1 + 5 = 7"


def test_a_user_defined_operation_explains_itself_with_its_own_formulas():
    from autograd_core import Operation
    cube = Operation("cube", value=lambda x: x ** 3, local_grads=lambda x, out: [3 * x ** 2],
                     formula="$x³", derivative_formulas=["3·$x²"])
    u = Value(2.0, label="u")
    v = cube(u)
    v.label = "v"
    error = check(v, {"dv/du": "4"}).first_error
    assert error.explanation == "dv/du = ∂v/∂u = 3·u² = 3·2² = 12"


def test_an_operation_of_ones_own_without_derivative_formulas_shows_its_numbers_alone():
    from autograd_core import Operation
    blend = Operation("blend", value=lambda a, b: a * a + 3 * b,
                      local_grads=lambda a, b, out: [2 * a, 3.0])
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = blend(a, b)
    c.label = "c"
    report = check(c, {"dc/da": "3"})
    assert report.first_error.explanation == "dc/da = ∂c/∂a = 4"
    assert "∂" not in report.to_latex().split(r"\begin{align*}")[1]     # no raw ∂ in the math


def test_a_slip_with_the_numbers_of_pytest_approx_precision_is_named(pytestconfig):
    # a number written as a float: its repr's digits are its precision
    _, error = first_slip({"∂E_total/∂out_o1": -0.7413650695523157})
    assert error.mistake.kind == "sign"


@pytest.mark.parametrize("kind", ["sign", "left-out factor", "factor 2", "extra factor",
                                  "left-out path", "extra path", "updated parameter", "swapped",
                                  "rounded too early", "arithmetic"])
def test_every_kind_is_one_of_the_documented_kinds(kind):
    from autograd_core.checking.diagnosis import KINDS
    assert kind in KINDS
