"""Properties: a correct random solution with one slip made in it.

For a random 2-2-2 network exercise, every kind of slip is made by hand in
one claim of the worked solution (the slipped number computed here from a
plain-float forward and backward pass, not by the engine), and check must
find exactly that claim as the first slip, name its kind, and find nothing
wrong before it.
"""

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_core import make_exercise
from autograd_core.checking.exercises import written
from autograd_core.checking.judge import round_significant
from autograd_core.checking.verdicts import TRUSTED


def sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a))


def hand_computed(exercise):
    """The exercise's numbers by a plain-float forward and backward pass."""
    w = {name: node.data for name, node in exercise.nodes.items() if name[0] in "wb"}
    given = dict(part.strip("$").split(" = ") for part in
                 exercise.statement.split("Given ")[1].split(":")[0].split(", "))
    i1, i2, t1, t2 = (float(given[k]) for k in ("i_1", "i_2", "t_1", "t_2"))
    n = dict(w, i1=i1, i2=i2, t1=t1, t2=t2)
    n["h1"] = sigmoid(w["w1"] * i1 + w["w2"] * i2 + w["b1"])
    n["h2"] = sigmoid(w["w3"] * i1 + w["w4"] * i2 + w["b1"])
    n["o1"] = sigmoid(w["w5"] * n["h1"] + w["w6"] * n["h2"] + w["b2"])
    n["o2"] = sigmoid(w["w7"] * n["h1"] + w["w8"] * n["h2"] + w["b2"])
    n["dE_do1"] = n["o1"] - t1                          # −(t − out), the ½ and the 2 cancelled
    n["s_o1"] = n["o1"] * (1 - n["o1"])
    n["s_o2"] = n["o2"] * (1 - n["o2"])
    n["s_h1"] = n["h1"] * (1 - n["h1"])
    n["d_o1"] = n["dE_do1"] * n["s_o1"]
    n["d_o2"] = (n["o2"] - t2) * n["s_o2"]
    n["dE_dh1"] = n["d_o1"] * w["w5"] + n["d_o2"] * w["w7"]
    n["w5+"] = w["w5"] - 0.5 * n["d_o1"] * n["h1"]
    return n


def slips(n):
    """{kind: (key, the slipped number)}: each kind of slip made in one claim, by hand."""
    rounded_out = round_significant(n["o1"], 2)
    return {
        "sign": ("dE_total/dout_o1", -n["dE_do1"]),
        "factor 2": ("dE_total/dout_o1", 2 * n["dE_do1"]),                       # the ½ of E dropped
        "left-out factor": ("dE_total/dw5", n["dE_do1"] * n["h1"]),             # no σ′
        "extra factor": ("dE_total/dout_o1", n["dE_do1"] * n["s_o1"]),          # a step too far
        "left-out path": ("dE_total/dout_h1", n["d_o1"] * n["w5"]),             # only through o1
        "extra path": ("dE_o1/dout_h1", n["dE_dh1"]),                           # the total for the partial
        "updated parameter": ("dE_o1/dout_h1", n["d_o1"] * n["w5+"]),           # w5⁺ for w5
        "swapped": ("dE_total/dw5", n["d_o1"] * n["h2"]),                       # out_h2 for out_h1
        "rounded too early": ("dout_o1/dnet_o1", rounded_out * (1 - rounded_out)),
        "arithmetic": ("dE_total/dw1", n["dE_dh1"] * n["s_h1"] * n["i1"] * 1.37),
    }


def right_value(n, key):
    return {"dE_total/dout_o1": n["dE_do1"], "dE_total/dw5": n["d_o1"] * n["h1"],
            "dE_total/dout_h1": n["dE_dh1"], "dE_o1/dout_h1": n["d_o1"] * n["w5"],
            "dout_o1/dnet_o1": n["s_o1"], "dE_total/dw1": n["dE_dh1"] * n["s_h1"] * n["i1"]}[key]


def distinct(slipped, right, digits=6):
    """The slip shows at the digits written, and is no simple multiple (±1, ±2, ±½) of the right number."""
    close = lambda a, b: abs(a - b) <= 2e-5 * max(abs(a), abs(b), 1e-12)  # noqa: E731
    others = [right, -right, 2 * right, 0.5 * right]
    return not any(close(slipped, other) for other in others)


KINDS = list(slips({k: 0.5 for k in ("o1", "dE_do1", "h1", "h2", "s_o1", "d_o1", "w5", "dE_dh1",
                                      "w5+", "s_h1", "i1")}))


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(KINDS))
def test_one_slip_in_a_correct_solution_is_the_first_slip_and_named(seed, kind):
    exercise = make_exercise("network", seed)
    n = hand_computed(exercise)
    key, slipped = slips(n)[kind]
    right = right_value(n, key)
    if kind not in ("sign", "factor 2"):
        assume(distinct(slipped, right))
    if kind == "rounded too early":
        assume(abs(slipped - right) > 2e-3 * abs(right))     # 2 digits of out_o1 show in the slope
        # and not, to the digits written, the slope of a forward pass with w5⁺ (named first)
        net = math.log(n["o1"] / (1 - n["o1"])) + (n["w5+"] - n["w5"]) * n["h1"]
        assume(abs(sigmoid(net) * (1 - sigmoid(net)) - slipped) > 2e-6 * abs(slipped))
    claims = dict(exercise.solution)
    assert float(claims[key]) == float(written(right))           # the solution is the hand one
    claims[key] = f"{slipped:#.6g}"          # six digits, as the rest of the solution
    report = exercise.check(claims)
    first = report.first_error
    assert first is not None and first.key == key, str(report)
    assert first.mistake.kind == kind, (str(first.mistake), str(report))
    before = report.results[:report.results.index(first)]
    assert all(result.status in TRUSTED for result in before), str(report)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_a_correct_solution_with_its_numbers_rounded_to_fewer_digits_is_never_wrong(seed):
    # a student writing four digits instead of six: right or rounded, never a slip
    exercise = make_exercise("network", seed)
    exact = {r.key: r.exact for r in exercise.check(exercise.solution).results}
    claims = {key: written(exact[key], 4) for key in exercise.solution}
    report = exercise.check(claims)
    assert all(r.status in TRUSTED + ("more digits",) for r in report.results), str(report)
