"""The one judge of written numbers: agreement to the digits written."""

import pytest

from autograd_core.checking.judge import (AGREES, DISAGREES, LAST_DIGIT, WrittenNumber, is_right, judge,
                                 within)


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


def test_within_half_a_unit_agrees():
    assert judge("0.79", 0.7949) == AGREES
    assert judge("0.74", 0.745) == AGREES          # an exact half, despite binary floats


def test_within_one_unit_of_the_last_digit_is_not_a_mistake():
    assert judge("0.938", 0.93883) == LAST_DIGIT
    assert is_right("0.938", 0.93883)


def test_further_off_disagrees():
    assert judge("0.79", 0.8101) == DISAGREES
    assert not is_right("0.0553994", 0.036350306)


def test_within_counts_in_half_units():
    assert not within(0.7951, "0.79")
    assert within(0.7951, "0.79", units=2.0)


def test_text_that_is_not_a_number_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"out_h1: 'about 0.6' is not a number"):
        WrittenNumber("about 0.6", "out_h1")
    with pytest.raises(TypeError, match=r"out_h1: expected a number or a string of digits"):
        WrittenNumber([0.6], "out_h1")
    with pytest.raises(ValueError, match="finite"):
        WrittenNumber("nan", "out_h1")


def test_one_significant_digit_gets_no_unit_of_slack():
    # "0.1" claims 0.05 … 0.15; a unit of slack would let 0.0004 pass.
    assert judge("0.1", 0.000438) == DISAGREES
    assert judge("0.5", 0.593) == DISAGREES
    assert judge("1e2", 0.593) == DISAGREES
    assert judge("0.8", 0.7514) == AGREES


def test_a_bare_zero_claims_exactly_zero_and_zero_with_decimals_claims_its_digits():
    assert judge("0", 0.000438) == DISAGREES
    assert judge(0.0, 0.000438) == DISAGREES
    assert judge(0, 0.0) == AGREES
    assert judge("0.000", 0.000438) == AGREES


def test_a_number_too_large_for_a_float_is_a_clear_error():
    with pytest.raises(ValueError, match="too large for a float"):
        judge("1e400", 1.0)


def test_a_tiny_written_number_is_judged_by_its_own_digits_only():
    assert judge("-9e-16", 4.25e-18) == DISAGREES
    assert judge("4.25e-18", 4.25e-18) == AGREES


def test_an_exponent_beyond_any_float_is_a_clear_error():
    with pytest.raises(ValueError, match="too large for a float"):
        judge("1e99999999999", 1.0)
