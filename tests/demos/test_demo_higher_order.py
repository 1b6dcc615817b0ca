"""The higher-order demo: its numbers against closed forms and plain-float references."""

import math

import pytest

from demos import higher_order


@pytest.fixture(scope="module")
def result():
    return higher_order.compute(quick=True)


def test_tanh_derivatives_by_repeated_grad_match_their_closed_forms(result):
    for n in range(4):
        assert result.tanh_derivatives[n] == pytest.approx(result.tanh_closed[n], rel=1e-12, abs=1e-15)


def test_the_closed_forms_match_central_differences_of_each_other():
    eps = 1e-5
    for x in (-1.3, 0.2, 2.1):
        for n in range(3):
            up = higher_order.tanh_closed_forms(x + eps)[n]
            down = higher_order.tanh_closed_forms(x - eps)[n]
            assert (up - down) / (2 * eps) == pytest.approx(
                higher_order.tanh_closed_forms(x)[n + 1], rel=1e-7)


def test_the_derivative_graph_of_tanh_is_labelled_and_holds_one_minus_tanh_squared(result):
    g = result.tanh_derivative_graph
    assert g.label == "dy/dx"
    assert g.data == 1.0 - math.tanh(0.5) ** 2
    assert g.inputs, "a derivative made with create_graph=True is a graph, not a leaf"


def test_newton_reaches_the_minimum_of_the_notes_quadratic_in_one_step(result):
    assert result.newton["θ²"] == [-4.0, 0.0]


def test_newton_converges_quadratically_on_exp_minus_two_theta(result):
    errors = [abs(t - math.log(2.0)) for t in result.newton["e^θ − 2θ"]]
    # each error is about the square of the one before (times f‴/2f″ = 1/2)
    for before, after in zip(errors[2:4], errors[3:5]):
        assert after == pytest.approx(before ** 2 / 2, rel=0.1)
    assert errors[5] < 1e-8


def test_newton_steps_match_hand_written_newton_on_floats(result):
    theta = higher_order.NON_QUADRATIC_START
    for engine_theta in result.newton["e^θ − 2θ"][1:]:
        theta -= (math.exp(theta) - 2.0) / math.exp(theta)
        assert engine_theta == pytest.approx(theta, rel=1e-14, abs=1e-15)


def test_descent_beside_newton_is_plain_gradient_descent(result):
    assert result.descent["θ²"][:4] == pytest.approx([-4.0, -3.2, -2.56, -2.048])


def test_network_hessian_is_symmetric_and_matches_central_differences(result):
    h, numeric = result.hessian, result.hessian_numeric
    for i in range(8):
        for j in range(8):
            assert h[i][j] == pytest.approx(h[j][i], abs=1e-15)
            assert h[i][j] == pytest.approx(numeric[i][j], rel=1e-5, abs=1e-9)


def test_network_hessian_output_block_matches_the_hand_derived_formula(result):
    # For an output weight w (o1's w5, w6): ∂E/∂w = (o − t)·o(1 − o)·h, so
    # ∂²E/∂w∂w' = h·h'·[(o(1−o))² + (o − t)·o(1 − o)(1 − 2o)].
    sig = lambda a: 1.0 / (1.0 + math.exp(-a))
    h1 = sig(0.15 * 0.05 + 0.20 * 0.10 + 0.35)
    h2 = sig(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
    o1 = sig(0.40 * h1 + 0.45 * h2 + 0.60)
    s = o1 * (1 - o1)
    curvature = s * s + (o1 - 0.01) * s * (1 - 2 * o1)
    assert result.hessian[4][4] == pytest.approx(h1 * h1 * curvature, rel=1e-12)
    assert result.hessian[4][5] == pytest.approx(h1 * h2 * curvature, rel=1e-12)
    assert result.hessian[4][6] == 0.0          # w7 feeds o2 only


def test_the_demo_writes_its_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    higher_order.main(["--out", str(tmp_path), "--quick"])
    for name in ("tanh_derivatives.png", "newton.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
