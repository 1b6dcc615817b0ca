"""The one judge of written numbers: the exact value rounds to the number at its digits."""

from fractions import Fraction

import pytest

from autograd_core.checking.judge import (MORE_DIGITS, RIGHT, ROUNDED, WRONG, WrittenNumber, judge,
                                          round_significant, rounding_error, too_few_digits, within)


def test_a_string_claims_half_a_unit_in_its_last_written_digit():
    assert WrittenNumber("0.59").half_unit == pytest.approx(0.005)
    assert WrittenNumber("0.590").half_unit == pytest.approx(0.0005)
    assert WrittenNumber("2.5e-3").half_unit == pytest.approx(0.00005)
    assert WrittenNumber("24").half_unit == 0.5


def test_a_float_claims_the_digits_of_its_shortest_repr():
    assert WrittenNumber(0.59).half_unit == pytest.approx(0.005)
    assert WrittenNumber(0.593269992).half_unit == pytest.approx(5e-10)


def test_the_notes_minus_sign_is_read_as_a_minus():
    assert WrittenNumber("−0.019049119").value == -0.019049119


def test_within_half_a_unit_is_right():
    assert judge("0.79", 0.7949) == RIGHT
    assert judge("0.74", 0.745) == RIGHT          # the float 0.745 is just below the half


def test_a_unit_off_in_the_last_digit_is_wrong():
    # no blanket unit of slack: "25" for 24 is a slip, and so is 0.93883 cut to 0.938
    assert judge("25", 24.0) == WRONG
    assert judge("23", 24.0) == WRONG
    assert judge("0.938", 0.93883) == WRONG


def test_the_comparison_is_exact_at_the_edge_of_the_last_digit():
    assert judge("0.2", 0.25) == MORE_DIGITS       # at the edge: rounds half up, but one digit
    assert within(0.125, "0.12") and within(0.125, "0.13")
    assert not within(0.12500000000000003, "0.12")


def test_rounding_noise_and_rounding_along_the_way_are_allowances_given_by_the_caller():
    assert judge("0", 5.7e-14) == WRONG
    assert judge("0", 5.7e-14, noise=1e-13) == RIGHT
    assert judge("-0.019049119", -0.0190491183) == WRONG
    assert judge("-0.019049119", -0.0190491183, rounding=3e-10) == ROUNDED
    assert judge("-0.019049119", -0.0190491183, from_rounded=-0.038098237 * 0.5) == ROUNDED


def test_one_significant_digit_asks_for_more_when_the_value_is_not_that_round():
    assert judge("0.6", 0.5933) == MORE_DIGITS
    assert judge("0.1", 0.05) == MORE_DIGITS
    assert judge("0.000", 0.000438) == MORE_DIGITS
    assert judge("8", 8.0) == RIGHT
    assert judge("0.8", 0.8004) == RIGHT            # as round as the digit says
    assert judge("0.000000", 1e-30) == RIGHT
    assert not too_few_digits("0.59", 0.5933)


def test_one_significant_digit_that_is_off_is_wrong():
    assert judge("0.1", 0.000438) == WRONG
    assert judge("0.5", 0.593) == WRONG
    assert judge("1e2", 0.593) == WRONG


def test_a_bare_zero_claims_exactly_zero_and_zero_with_decimals_claims_its_digits():
    assert judge("0", 0.000438) == WRONG
    assert judge(0.0, 0.000438) == WRONG
    assert judge(0, 0.0) == RIGHT
    assert judge("0.000", 1e-7) == RIGHT


def test_zero_with_any_exponent_is_zero():
    assert WrittenNumber("0e400").value == 0.0
    assert judge("0e400", 0.0) == RIGHT
    assert judge("0E-99999", 0.0) == RIGHT


def test_a_number_too_large_for_a_float_is_a_clear_error():
    with pytest.raises(ValueError, match="too large for a float"):
        judge("1e400", 1.0)
    with pytest.raises(ValueError, match="too large for a float"):
        judge("1e99999999999", 1.0)
    with pytest.raises(ValueError, match="too small for a float"):
        judge("1e-99999999999", 1.0)


def test_a_long_written_number_is_refused_before_it_is_read():
    with pytest.raises(ValueError, match=r"400,001 characters is too long"):
        WrittenNumber("1" * 400_001, "x")


def test_a_tiny_written_number_is_judged_by_its_own_digits_only():
    assert judge("-9e-16", 4.25e-18) == WRONG
    assert judge("4.25e-18", 4.25e-18) == RIGHT


def test_text_that_is_not_a_number_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"out_h1: 'about 0.6' is not a number"):
        WrittenNumber("about 0.6", "out_h1")
    with pytest.raises(TypeError, match=r"out_h1: expected a number or a string of digits"):
        WrittenNumber([0.6], "out_h1")
    with pytest.raises(TypeError, match=r"out_h1: expected a number"):
        WrittenNumber(True, "out_h1")
    with pytest.raises(ValueError, match="finite"):
        WrittenNumber("nan", "out_h1")


def test_a_fraction_claims_exactly_its_value():
    third = WrittenNumber(Fraction(1, 3))
    assert third.half_unit == 0.0 and third.significant_digits is None
    assert judge(Fraction(1, 3), 1 / 3) == RIGHT          # the float nearest 1/3, to its last bit
    assert judge(Fraction(1, 3), 0.3333) == WRONG
    assert judge(Fraction(1, 3), 1 / 3 + 1e-15, noise=1e-14) == RIGHT


def test_numpy_scalars_are_read_by_the_digits_they_print():
    np = pytest.importorskip("numpy")
    assert WrittenNumber(np.float64(0.5933)).text == "0.5933"
    assert WrittenNumber(np.float32(0.1)).text == "0.1"           # not 0.10000000149011612
    assert WrittenNumber(np.int64(24)).half_unit == 0.5
    assert judge(np.float32(0.5933), 0.59327) == RIGHT
    assert judge(np.int64(25), 24.0) == WRONG


def test_rounding_an_intermediate_result_uses_the_digits_of_the_number_written():
    written = WrittenNumber("-0.019049119")                     # eight significant digits
    assert round_significant(-0.0380982366, 8) == -0.038098237
    assert rounding_error(-0.0380982366, written) == pytest.approx(4e-10, rel=1e-3)
    assert rounding_error(8.0, WrittenNumber("25")) == 0.0       # 8 and 3 need no rounding


def test_a_number_written_near_the_smallest_float_keeps_its_half_unit():
    # half a unit of 4.94066e-324 is 5e-330, which is 0.0 as a float
    assert judge("4.94066e-324", 5e-324) == RIGHT
    assert judge("4.94067e-324", 5e-324) == WRONG
