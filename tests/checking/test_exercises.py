"""make_exercise: fresh problems with friendly numbers, worked solutions, and sheets with a key."""

import math

import pytest

from autograd_core import Value, check, make_exercise, make_sheet
from autograd_core.checking.exercises import KINDS, written
from autograd_core.checking.verdicts import WRONG


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", range(12))
def test_the_solution_passes_its_own_check(kind, seed):
    exercise = make_exercise(kind, seed)
    report = exercise.check(exercise.solution)
    assert report.ok, str(report)
    assert len(report.results) == len(exercise.solution)


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_exercise_and_others_differ(kind):
    a, b = make_exercise(kind, 7), make_exercise(kind, 7)
    assert a.statement == b.statement and a.solution == b.solution
    others = {make_exercise(kind, seed).statement for seed in range(10)}
    assert len(others) >= 5


def test_the_chain_exercise_is_the_notes_kind_with_whole_numbers():
    exercise = make_exercise("chain", 0)
    assert list(exercise.solution) == ["y", "z", "dz/dy", "dy/dx", "dz/dx"]
    assert all(float(v) == int(float(v)) for v in exercise.solution.values())
    x, y, z = (exercise.nodes[name] for name in "xyz")
    # dz/dx = dz/dy · dy/dx, by hand from the statement's numbers
    assert float(exercise.solution["dz/dx"]) == (float(exercise.solution["dz/dy"])
                                                 * float(exercise.solution["dy/dx"]))
    assert "$x = " in exercise.statement and "z = y^{" in exercise.statement


def test_the_network_solution_agrees_with_a_hand_written_forward_and_backward_pass():
    exercise = make_exercise("network", 5)
    n = {name: node.data for name, node in exercise.nodes.items()}
    sigmoid = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
    # the inputs and targets as the statement gives them
    given = dict(part.strip("$").split(" = ") for part in
                 exercise.statement.split("Given ")[1].split(":")[0].split(", "))
    i1, i2, t1, t2 = (float(given[k]) for k in ("i_1", "i_2", "t_1", "t_2"))
    h1 = sigmoid(n["w1"] * i1 + n["w2"] * i2 + n["b1"])
    h2 = sigmoid(n["w3"] * i1 + n["w4"] * i2 + n["b1"])
    o1 = sigmoid(n["w5"] * h1 + n["w6"] * h2 + n["b2"])
    o2 = sigmoid(n["w7"] * h1 + n["w8"] * h2 + n["b2"])
    d_o1 = (o1 - t1) * o1 * (1 - o1)
    d_o2 = (o2 - t2) * o2 * (1 - o2)
    d_h1 = (d_o1 * n["w5"] + d_o2 * n["w7"]) * h1 * (1 - h1)
    expected = {"out_h1": h1, "out_o2": o2, "E_total": 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2,
                "dE_total/dw5": d_o1 * h1, "w5+": n["w5"] - 0.5 * d_o1 * h1,
                "dE_total/dw1": d_h1 * i1, "dE_total/dout_h1": d_o1 * n["w5"] + d_o2 * n["w7"]}
    for key, value in expected.items():
        assert float(exercise.solution[key]) == pytest.approx(value, rel=1e-5)


def test_the_softmax_solution_is_p_minus_the_one_hot_target():
    exercise = make_exercise("softmax", 3)
    z = [exercise.nodes[f"z{k}"].data for k in (1, 2, 3)]
    p = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    target = next(k for k in (1, 2, 3) if f"dL/dp{k}" in exercise.solution)
    for k in (1, 2, 3):
        assert float(exercise.solution[f"dL/dz{k}"]) == pytest.approx(p[k - 1] - (k == target),
                                                                      rel=1e-5)
    assert float(exercise.solution["L"]) == pytest.approx(-math.log(p[target - 1]), rel=1e-5)


def test_the_xor_solution_has_dL_dnet_o_equal_to_out_minus_target():
    exercise = make_exercise("xor", 4)
    out = exercise.nodes["out_o"].data
    target = float(exercise.statement.split("$y = ")[1].split("$")[0])
    assert float(exercise.solution["dL/dnet_o"]) == pytest.approx(out - target, rel=1e-5)


def test_the_solution_is_written_in_the_order_a_person_computes_it():
    exercise = make_exercise("network", 1)
    keys = list(exercise.solution)
    assert keys.index("E_total") < keys.index("dE_total/dout_o1") < keys.index("dE_total/dw5")
    assert keys.index("dE_total/dw5") < keys.index("w5+")
    assert keys.index("dE_o1/dout_h1") < keys.index("dE_total/dout_h1") < keys.index("dE_total/dw1")


def test_a_slip_in_an_exercise_is_found_and_named():
    exercise = make_exercise("network", 2)
    claims = dict(exercise.solution)
    claims["dE_total/dout_o1"] = written(-float(claims["dE_total/dout_o1"]))
    report = exercise.check(claims)
    assert report.first_error.key == "dE_total/dout_o1"
    assert report.first_error.mistake.kind == "sign"


def test_the_markdown_has_the_statement_and_with_solutions_every_number():
    exercise = make_exercise("network", 0)
    plain = exercise.to_markdown()
    full = exercise.to_markdown(solutions=True)
    assert plain.startswith(exercise.statement) and "Solution" not in plain
    assert all(f"`{key}` | {value} |" in full for key, value in exercise.solution.items())
    assert r"\frac{d E_{total}}{d w_{5}}" in exercise.statement


def test_the_latex_is_balanced_and_escapes_its_title():
    exercise = make_exercise("xor", 0)
    latex = exercise.to_latex(solutions=True)
    assert latex.count("{") == latex.count("}")
    assert latex.count(r"\begin{") == latex.count(r"\end{")
    assert r"\subsection*{XOR with binary cross-entropy}" in latex


def test_a_sheet_has_n_exercises_and_an_answer_key_at_the_end():
    sheet = make_sheet("chain", 4, seed=11)
    assert len(sheet.exercises) == 4
    students = sheet.to_markdown()
    teachers = sheet.to_markdown(solutions=True)
    assert "Answer key" not in students and students.count("## Exercise") == 4
    key = teachers.split("# Answer key")[1]
    for exercise in sheet.exercises:
        assert all(f"`{k}` | {v} |" in key for k, v in exercise.solution.items())
    document = sheet.to_latex(solutions=True)
    assert document.startswith(r"\documentclass{article}") and document.rstrip().endswith(r"\end{document}")
    assert make_sheet("chain", 4, seed=11).to_markdown(True) == teachers


def test_the_exercise_graph_is_a_graph_of_values_labelled_with_the_keys():
    exercise = make_exercise("network", 0)
    assert isinstance(exercise.graph, Value) and exercise.graph.label == "E_total"
    assert check(exercise.graph, {"out_o1": exercise.solution["out_o1"]}).ok


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match=r"kind must be one of 'chain', 'network'"):
        make_exercise("calculus", 0)
    with pytest.raises(TypeError, match="seed must be an int or a str"):
        make_exercise("chain", 1.5)
    with pytest.raises(ValueError, match="count must be an int from 1 to 200"):
        make_sheet("chain", 0)


def test_a_wrong_whole_number_in_the_chain_exercise_is_wrong():
    exercise = make_exercise("chain", 0)
    claims = {"dz/dx": str(int(exercise.solution["dz/dx"]) + 1)}
    assert exercise.check(claims).results[0].status == WRONG
