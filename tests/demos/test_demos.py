"""The demos reproduce the notes' examples: their numbers against plain-float references.

Every reference here is computed without the engine (hand-written forward and
backward passes on floats, or central differences), and the errata flags are
checked name by name against a hand review of the notes.
"""

import contextlib
import io
import math

import pytest

from demos import (chain_rule, errata, gradient_descent, matrix_form, moons, notes, softmax_network,
                   step_by_step, xor)
from demos.__main__ import main as run_all_demos


def sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


def flagged(comparisons):
    return {c.quantity for c in comparisons if c.is_erratum}


# ----------------------------------------------------------------------
# The errata verdicts themselves.
# ----------------------------------------------------------------------

def test_a_number_within_half_a_unit_of_its_last_digit_agrees():
    assert errata.Comparison("q", "0.79", 0.7949).status == errata.AGREES


def test_a_number_off_by_one_in_its_last_digit_is_an_erratum_without_rounding_to_explain_it():
    # no blanket unit of slack: 0.93883 cut off to 0.938 is a slip
    assert errata.Comparison("q", "0.938", 0.93883, "cut off").is_erratum
    # unless the note's own rounded intermediate gives it: −0.038098237 · 0.5
    c = errata.Comparison("q", "-0.019049119", -0.0190491183, from_rounded=-0.038098237 * 0.5)
    assert c.status == errata.ROUNDED_INPUTS


def test_a_number_of_one_digit_is_not_an_erratum_but_says_only_its_digit():
    assert errata.Comparison("q", "0.7", 0.659).status == errata.FEW_DIGITS
    assert errata.Comparison("q", "0.04", 0.7414, "x − y").is_erratum


def test_a_number_right_for_the_notes_rounded_inputs_is_not_an_erratum():
    c = errata.Comparison("q", "0.49", 0.4832, from_rounded=0.486)
    assert c.status == errata.ROUNDED_INPUTS


def test_a_number_off_by_more_is_an_erratum():
    assert errata.Comparison("q", "0.79", 0.5968, "x − y").is_erratum


def test_printed_precision_includes_scientific_notation():
    assert errata.Comparison("q", "2.5e-3", 0.0).half_unit == pytest.approx(0.5e-4)


def test_an_erratum_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="no reason"):
        errata.check([errata.Comparison("E", "0.79", 0.5968)])


# ----------------------------------------------------------------------
# Chain rule (the slides “Deep Learning: how does the algorithm make a decision?”).
# ----------------------------------------------------------------------

def test_chain_rule_gives_24_both_ways_and_120_with_three_links():
    r = chain_rule.compute()
    assert (r.y, r.z, r.dz_dy, r.dy_dx, r.dz_dx) == (4.0, 16.0, 8.0, 3.0, 24.0)
    assert r.dz_dx_expanded == 18 * 2 - 12
    v = 0.8
    assert r.dz_dv == pytest.approx(2 * (3 * (5 * v - 2) - 2) * 3 * 5)


def test_chain_rule_trace_starts_at_z_and_ends_at_x():
    steps = chain_rule.compute().steps
    assert steps[0] == "dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8"
    assert steps[-1].endswith("8 · 3 = 24")


def test_chain_rule_note_has_no_errata():
    assert flagged(chain_rule.compute().comparisons) == set()


def test_chain_rule_forward_mode_goes_from_x_to_z_and_gives_the_same_24_and_120():
    r = chain_rule.compute()
    assert r.forward_steps[0] == "dv1/dx = ∂v1/∂x · dx/dx = 3 · 1 = 3"
    assert r.forward_steps[-1] == "dz/dx = ∂z/∂y · dy/dx = 8 · 3 = 24"
    assert (r.dz_dx_forward, r.dz_dv_forward) == (r.dz_dx, r.dz_dv)


def test_chain_rule_jacobian_of_three_outputs_by_one_input_takes_one_forward_pass_three_reverse():
    jacobians = chain_rule.compute().jacobians
    # dx/dv = 5, dy/dv = 3·5, dz/dv = 2y·3·5 at y = 4
    for mode in ("reverse", "forward"):
        assert [row[0] for row in jacobians[mode]] == pytest.approx([5.0, 15.0, 120.0])
    assert (jacobians["forward"].passes, jacobians["reverse"].passes) == (1, 3)


# ----------------------------------------------------------------------
# Gradient descent on θ² (Yeum, “Neural Network”).
# ----------------------------------------------------------------------

def test_gradient_descent_follows_theta_minus_lr_times_two_theta():
    runs = gradient_descent.compute().runs
    for lr, (thetas, _) in runs.items():
        expected = [-4.0]
        for _ in range(len(thetas) - 1):
            expected.append(expected[-1] - lr * 2 * expected[-1])
        assert thetas == pytest.approx(expected)


def test_gradient_descent_flags_the_three_slipped_steps():
    assert flagged(gradient_descent.compute().comparisons) == {
        "α=0.1   θ₃", "α=0.01  θ₁", "α=0.01  y′(θ₁)", "α=0.01  θ₂"}


# ----------------------------------------------------------------------
# Step-by-step 2-2-2 network (Yeum, “Neural Network”).
# ----------------------------------------------------------------------

def mazur_reference(steps, lagged_output_weights=False):
    """The 2-2-2 example on floats: (first forward, gradients, weights after each step, final)."""
    i1, i2, t1, t2, b1, b2 = 0.05, 0.10, 0.01, 0.99, 0.35, 0.60
    w = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]

    def forward(w):
        h1 = sigmoid(w[0] * i1 + w[1] * i2 + b1)
        h2 = sigmoid(w[2] * i1 + w[3] * i2 + b1)
        o1 = sigmoid(w[4] * h1 + w[5] * h2 + b2)
        o2 = sigmoid(w[6] * h1 + w[7] * h2 + b2)
        return h1, h2, o1, o2, 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2

    first = forward(w)
    history, first_grads = [], None
    for _ in range(steps):
        h1, h2, o1, o2, _ = forward(w)
        d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
        out_grads = [d1 * h1, d1 * h2, d2 * h1, d2 * h2]
        new_out = [wk - 0.5 * g for wk, g in zip(w[4:], out_grads)]
        w5, w6, w7, w8 = new_out if lagged_output_weights else w[4:]
        dh1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1)
        dh2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2)
        grads = [dh1 * i1, dh1 * i2, dh2 * i1, dh2 * i2] + out_grads
        first_grads = first_grads or grads
        w = [wk - 0.5 * g for wk, g in zip(w[:4], grads[:4])] + new_out
        history.append(forward(w))
    return first, first_grads, history


@pytest.fixture(scope="module")
def step_result():
    return step_by_step.compute(steps=step_by_step.STEPS)


def test_step_by_step_forward_pass_matches_the_float_reference(step_result):
    (h1, h2, o1, o2, e), _, _ = mazur_reference(1)
    f = step_result.forward
    assert [f["out_h1"], f["out_h2"], f["out_o1"], f["out_o2"], f["E_total"]] == pytest.approx(
        [h1, h2, o1, o2, e], abs=1e-15)


def test_step_by_step_gradients_of_all_eight_weights(step_result):
    _, grads, _ = mazur_reference(1)
    assert [step_result.gradients[f"w{k}"] for k in range(1, 9)] == pytest.approx(grads, abs=1e-15)


def test_step_by_step_paths_to_out_h1_sum_to_its_gradient(step_result):
    c = step_result.chain
    assert c["∂E_o1/∂out_h1"] + c["∂E_o2/∂out_h1"] == pytest.approx(c["∂E/∂out_h1"], abs=1e-15)


def test_step_by_step_error_after_one_and_after_all_steps(step_result):
    _, _, history = mazur_reference(step_by_step.STEPS)
    assert step_result.error_after_one == pytest.approx(history[0][4], abs=1e-14)
    assert step_result.error_after_steps == pytest.approx(history[-1][4], rel=1e-9)
    assert step_result.outputs_after_steps == pytest.approx(list(history[-1][2:4]), rel=1e-9)


def test_step_by_step_flags_only_the_errors_after_training(step_result):
    assert flagged(step_result.comparisons) == {
        "E_total after 1 step", "E_total after 10,000 steps",
        "out_o1 after 10,000 steps", "out_o2 after 10,000 steps"}


def test_step_by_step_dE_o2_dout_h1_is_right_for_the_notes_nine_decimal_intermediate(step_result):
    # −0.038098237 (∂E_o2/∂net_o2 at nine decimals) · 0.5 = −0.0190491185: printed −0.019049119
    statuses = {c.quantity: c.status for c in step_result.comparisons}
    assert statuses["∂E_o2/∂out_h1"] == errata.ROUNDED_INPUTS


def test_the_flagged_step_numbers_come_from_a_run_with_already_updated_output_weights():
    """The explanation the demo prints, checked: that variant gives the note's numbers."""
    _, _, history = mazur_reference(10_000, lagged_output_weights=True)
    assert round(history[0][4], 9) == 0.291027924
    assert round(history[-1][2], 9) == 0.015912196
    assert round(history[-1][3], 9) == 0.984065734
    assert round(history[-1][4], 10) == 0.0000350848


def test_step_by_step_quick_run_checks_only_the_one_step_numbers():
    result = step_by_step.compute(steps=3)
    _, _, history = mazur_reference(3)
    assert result.error_after_steps == pytest.approx(history[-1][4], abs=1e-14)
    assert flagged(result.comparisons) == {"E_total after 1 step"}


# ----------------------------------------------------------------------
# Matrix form (“Feedforward and Backpropagation”, in matrix form).
# ----------------------------------------------------------------------

def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


def test_matrix_form_matches_the_float_reference():
    r = matrix_form.compute()
    X, Y, W1, W2 = matrix_form.X, matrix_form.Y, matrix_form.W1, matrix_form.W2
    n = 9
    h_out = [[sigmoid(a) for a in row] for row in matmul(X, W1)]
    o_out = [[sigmoid(a) for a in row] for row in matmul(h_out, W2)]
    o_delta = [[(o - y) * o * (1 - o) for o, y in zip(ro, ry)] for ro, ry in zip(o_out, Y)]
    h_error = matmul(o_delta, [list(c) for c in zip(*W2)])
    h_delta = [[e * h * (1 - h) for e, h in zip(re, rh)] for re, rh in zip(h_error, h_out)]
    w2_update = [[x / n for x in row] for row in matmul([list(c) for c in zip(*h_out)], o_delta)]
    w1_update = [[x / n for x in row] for row in matmul([list(c) for c in zip(*X)], h_delta)]
    mse = sum((o - y) ** 2 for ro, ry in zip(o_out, Y) for o, y in zip(ro, ry)) / (2 * n)
    assert r.mse == pytest.approx(mse, abs=1e-15)
    for name, expected in (("O_out", o_out), ("O_delta", o_delta), ("H_delta", h_delta),
                           ("W2_update", w2_update), ("W1_update", w1_update)):
        for got_row, want_row in zip(r.matrices[name], expected):
            assert got_row == pytest.approx(want_row, abs=1e-14), name


def test_matrix_form_note_has_no_errata_only_carried_rounding():
    r = matrix_form.compute()
    assert flagged(r.comparisons) == set()
    statuses = {c.quantity: c.status for c in r.comparisons}
    assert statuses["O_in[1,1]"] == errata.ROUNDED_INPUTS     # 0.81·0.6 = 0.486, exact 0.483
    assert statuses["MSE"] == errata.AGREES


# ----------------------------------------------------------------------
# The softmax network (Yeum, “Neural Network”) and the Bishop-style 2-2-2 (“Machine Learning,
# Session 10: Deep Learning”).
# ----------------------------------------------------------------------

def three_layer_error(w_ij, w_jk, w_kl):
    """The note's example on floats: E = −Σ [y ln O + (1 − y) ln(1 − O)]."""
    x, y = softmax_network.X3, softmax_network.TARGET

    def layer(v, W, f):
        return [f(sum(v[i] * W[i][j] for i in range(3)) + 1.0) for j in range(3)]

    h1 = layer(x, w_ij, lambda a: max(0.0, a))
    h2 = layer(h1, w_jk, sigmoid)
    o_in = layer(h2, w_kl, lambda a: a)
    exps = [math.exp(a) for a in o_in]
    o = [e / sum(exps) for e in exps]
    return -sum(t * math.log(p) + (1 - t) * math.log(1 - p) for t, p in zip(y, o)), o


@pytest.fixture(scope="module")
def three():
    return softmax_network.three_layer()


def test_three_layer_outputs_and_error_match_the_float_reference(three):
    error, probs = three_layer_error(softmax_network.W_IJ, softmax_network.W_JK, softmax_network.W_KL)
    assert three.o_out == pytest.approx(probs, abs=1e-15)
    assert three.error == pytest.approx(error, abs=1e-14)
    assert three.categorical == pytest.approx(-math.log(probs[0]), abs=1e-14)


@pytest.mark.parametrize("name", ["W_ij", "W_jk", "W_kl"])
def test_three_layer_weight_gradients_match_central_differences(three, name):
    matrices = {"W_ij": softmax_network.W_IJ, "W_jk": softmax_network.W_JK, "W_kl": softmax_network.W_KL}
    for i in range(3):
        for j in range(3):
            def error_at(value):
                changed = {k: [row[:] for row in m] for k, m in matrices.items()}
                changed[name][i][j] = value
                return three_layer_error(changed["W_ij"], changed["W_jk"], changed["W_kl"])[0]
            w, eps = matrices[name][i][j], 1e-6
            numeric = (error_at(w + eps) - error_at(w - eps)) / (2 * eps)
            assert three.gradients[name][i][j] == pytest.approx(numeric, abs=1e-7)


def test_three_layer_flags_softmax_cross_entropy_one_sum_and_one_cut_off_digit(three):
    assert flagged(three.comparisons) == {
        "h2_in3", "h2_out1", "O_out1 = softmax(O_in)1", "O_out2 = softmax(O_in)2", "O_out3 = softmax(O_in)3",
        "−ln O_out1", "−ln(1 − O_out2)", "−ln(1 − O_out3)", "E (cross-entropy)"}


def test_three_layer_softmax_erratum_is_the_plain_normalisation(three):
    """What the note printed is O_in divided by its sum, as the demo explains."""
    total = sum(softmax_network.NOTE_O_IN)
    normalised = [v / total for v in softmax_network.NOTE_O_IN]
    assert normalised == pytest.approx(softmax_network.NOTE_O_OUT, abs=1e-4)   # to its last digit


@pytest.fixture(scope="module")
def bishop():
    return softmax_network.bishop()


def test_bishop_local_errors_follow_the_delta_rule(bishop):
    x, y = softmax_network.X2, softmax_network.Y2
    W1, W2 = softmax_network.W1_BISHOP, softmax_network.W2_BISHOP
    z = [sigmoid(W1[j][0] * x[0] + W1[j][1] * x[1] + 0.35) for j in range(2)]
    h = [sigmoid(W2[k][0] * z[0] + W2[k][1] * z[1] + 0.60) for k in range(2)]
    delta2 = [(h[k] - y[k]) * h[k] * (1 - h[k]) for k in range(2)]
    delta1 = [z[j] * (1 - z[j]) * sum(W2[k][j] * delta2[k] for k in range(2)) for j in range(2)]
    assert bishop.delta2 == pytest.approx(delta2, abs=1e-15)
    assert bishop.delta1 == pytest.approx(delta1, abs=1e-15)
    assert bishop.grad_w2 == [pytest.approx([delta2[k] * z[j] for j in range(2)], abs=1e-15) for k in range(2)]
    assert bishop.grad_w1 == [pytest.approx([delta1[j] * x[i] for i in range(2)], abs=1e-15) for j in range(2)]
    assert bishop.squared_norm == pytest.approx((h[0] - y[0]) ** 2 + (h[1] - y[1]) ** 2, abs=1e-15)


def test_bishop_with_cross_entropy_has_delta_h_minus_y(bishop):
    assert bishop.delta2_with_bce == pytest.approx(bishop.miss, abs=1e-12)


def test_bishop_flags_everything_from_the_error_on(bishop):
    assert flagged(bishop.comparisons) == {
        "(h − y)₁", "(h − y)₂", "|h − y|²", "δ⁽²⁾₁", "δ⁽²⁾₂", "δ⁽¹⁾₁", "δ⁽¹⁾₂",
        "∂E/∂w⁽²⁾₁₁", "∂E/∂w⁽²⁾₁₂", "∂E/∂w⁽²⁾₂₁", "∂E/∂w⁽²⁾₂₂",
        "∂E/∂w⁽¹⁾₁₁", "∂E/∂w⁽¹⁾₁₂", "∂E/∂w⁽¹⁾₂₁", "∂E/∂w⁽¹⁾₂₂"}


# ----------------------------------------------------------------------
# XOR (notes 001 and 004) and the moons.
# ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def xor_result():
    return xor.compute()


def test_threshold_network_computes_xor(xor_result):
    for row in xor_result.threshold_rows:
        x1, x2 = (int(v) for v in row.x)
        assert row.h == [float(x1 + x2 > 0.5), float(x1 + x2 > 1.5)]
        assert row.y == float(x1 ^ x2)


def test_trained_sigmoid_network_gets_xor_right(xor_result):
    assert [round(p) for p in xor_result.after] == [0, 1, 1, 0]
    assert xor_result.losses[-1] < xor_result.losses[0]


def test_xor_flags_the_notes_three_wrong_gradient_formulas(xor_result):
    assert flagged(xor_result.comparisons) == {
        "∂L/∂w⁽¹⁾₁₂ at x = (1, 1), y = 0 (formula)",
        "∂L/∂w⁽¹⁾₂₁ at x = (1, 1), y = 0 (formula)",
        "∂L/∂x₁ at x = (1, 1), y = 0 (formula)"}


def test_moons_quick_run_learns_and_fills_the_grid():
    result = moons.compute(points=20, epochs=3, grid=5, verbose=False)
    assert len(result.losses) == 3
    assert len(result.grid_p) == 5 and all(len(row) == 5 for row in result.grid_p)
    assert all(0.0 < p < 1.0 for row in result.grid_p for p in row)


# ----------------------------------------------------------------------
# All of them, as `make demo` runs them.
# ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """Every demo run once with --quick: (the output folder, what they printed)."""
    folder = tmp_path_factory.mktemp("demos")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        run_all_demos(["--out", str(folder), "--quick"])
    return folder, printed.getvalue()


def test_running_all_demos_writes_every_picture_into_the_chosen_folder(quick_run):
    folder, printed = quick_run
    written = {p.name for p in folder.iterdir()}
    assert {"chain_rule.svg", "step_by_step.svg", "xor_trained.svg"} <= written
    assert {"moons_decision_boundary.png", "gradient_descent_10_iterations.png",
            "gradient_descent_learning_rates.png", "descent_variants.png", "activation_table.png",
            "xor_planes.png", "universal_approximator.png", "playground_boundaries.png",
            "playground_spiral_training.png", "playground_spiral_training.gif"} <= written
    assert not [name for name in written if name.endswith(".partial")]
    assert f"wrote {folder}" in printed


def test_the_demos_name_each_note_by_its_title_before_its_file_name(quick_run):
    lines = quick_run[1].splitlines()
    for note in notes.ALL:
        mentions = [line for line in lines if note.file in line]
        assert mentions and all(note.title in line and line.index(note.title) < line.index(note.file)
                                for line in mentions), note.file
    assert sum("lecture note: " in line for line in lines) >= 10


def test_the_demos_named_on_the_command_line_run_alone_in_their_order(tmp_path):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        run_all_demos(["--out", str(tmp_path), "--quick", "gradient_descent", "chain_rule"])
    text = printed.getvalue()
    assert text.index("Gradient descent on y = θ²") < text.index("The chain rule, step by step")
    assert "XOR" not in text and "2 demos ran in" in text


def test_an_unknown_demo_name_is_refused_with_the_list_of_names(capsys):
    with pytest.raises(SystemExit) as exit_status:
        run_all_demos(["chan_rule"])
    assert exit_status.value.code == 2
    error = capsys.readouterr().err
    assert "no demo is called chan_rule" in error and "chain_rule, gradient_descent" in error
