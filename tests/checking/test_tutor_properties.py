"""Properties: a correct random solution with one slip made in it.

For a random 2-2-2 network exercise, every kind of slip is made by hand in
one claim of the worked solution (the slipped number computed here from a
plain-float forward and backward pass, not by the engine), and check must
find exactly that claim as the first slip, name its kind, and find nothing
wrong before it.
"""

import math

import pytest
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
        # and not, to the digits written and the room a slip is matched in, the slope of a
        # forward pass with w5⁺ (named first)
        net = math.log(n["o1"] / (1 - n["o1"])) + (n["w5+"] - n["w5"]) * n["h1"]
        assume(abs(sigmoid(net) * (1 - sigmoid(net)) - slipped) > 1e-5 * abs(slipped))
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


# ----------------------------------------------------------------------
# A student working along the way: every number from their own earlier
# written numbers, rounded to the digits they write, one slip made and
# carried on through everything after it.
# ----------------------------------------------------------------------

def along_the_way(exercise, digits, slip=None):
    """{key: number as written} of the network exercise, each computed from the numbers written before it."""
    w = {name: node.data for name, node in exercise.nodes.items() if name[0] in "wb"}
    given = dict(part.strip("$").split(" = ") for part in
                 exercise.statement.split("Given ")[1].split(":")[0].split(", "))
    i1, i2, t1, t2 = (float(given[k]) for k in ("i_1", "i_2", "t_1", "t_2"))
    claims, s = {}, {}

    def put(key, number):
        if slip is not None and slip[0] == key:
            number = slip[1](number, s, w)
        claims[key] = f"{number:#.{digits}g}"
        s[key] = float(claims[key])
        return s[key]

    h1 = put("out_h1", sigmoid(put("net_h1", w["w1"] * i1 + w["w2"] * i2 + w["b1"])))
    h2 = put("out_h2", sigmoid(put("net_h2", w["w3"] * i1 + w["w4"] * i2 + w["b1"])))
    o1 = put("out_o1", sigmoid(put("net_o1", w["w5"] * h1 + w["w6"] * h2 + w["b2"])))
    o2 = put("out_o2", sigmoid(put("net_o2", w["w7"] * h1 + w["w8"] * h2 + w["b2"])))
    put("E_total", put("E_o1", 0.5 * (t1 - o1) ** 2) + put("E_o2", 0.5 * (t2 - o2) ** 2))
    d_o1 = put("dE_total/dnet_o1", put("dE_total/dout_o1", o1 - t1)
               * put("∂out_o1/∂net_o1", o1 * (1 - o1)))
    put("w5+", w["w5"] - 0.5 * put("dE_total/dw5", d_o1 * h1))
    d_o2 = put("dE_total/dnet_o2", put("dE_total/dout_o2", o2 - t2)
               * put("∂out_o2/∂net_o2", o2 * (1 - o2)))
    total = put("dE_total/dout_h1", put("dE_o1/dout_h1", d_o1 * w["w5"])
                + put("dE_o2/dout_h1", d_o2 * w["w7"]))
    put("w1+", w["w1"] - 0.5 * put("dE_total/dw1", total * put("∂out_h1/∂net_h1", h1 * (1 - h1)) * i1))
    return claims


def early(x):
    return round_significant(x, 2)


ALONG_THE_WAY_SLIPS = {
    "sign": ("dE_total/dout_o1", lambda x, s, w: -x),
    "factor 2": ("dE_total/dout_o1", lambda x, s, w: 2 * x),
    "left-out factor": ("dE_total/dw5", lambda x, s, w: s["dE_total/dout_o1"] * s["out_h1"]),
    "extra factor": ("dE_total/dnet_o1", lambda x, s, w: x * s["∂out_o1/∂net_o1"]),
    "left-out path": ("dE_total/dout_h1", lambda x, s, w: s["dE_o1/dout_h1"]),
    "updated parameter": ("dE_o1/dout_h1", lambda x, s, w: s["dE_total/dnet_o1"] * s["w5+"]),
    "swapped": ("dE_o2/dout_h1", lambda x, s, w: s["dE_total/dnet_o2"] * w["w8"]),
    "rounded too early": ("∂out_o1/∂net_o1", lambda x, s, w: early(s["out_o1"]) * (1 - early(s["out_o1"]))),
    "arithmetic": ("dE_total/dw5", lambda x, s, w: x * 1.07),
}


def unambiguous(kind, exercise, digits):
    """The slip shows at the digits written and no other usual slip gives the same number."""
    w = {name: node.data for name, node in exercise.nodes.items() if name[0] == "w"}
    if kind == "swapped":            # w8 for w7: not w7 itself, nor twice or half of it
        ratio = w["w8"] / w["w7"]
        return all(abs(ratio - r) > 0.02 for r in (1.0, 2.0, 0.5, -1.0))
    if kind == "rounded too early":
        out = exercise.nodes["out_o1"].data
        return abs(early(out) - out) > 10 ** (1 - digits) and digits >= 5
    if kind == "arithmetic":         # at four digits, some number rounded early may give it too
        return digits >= 5
    if kind == "left-out path":      # two paths that nearly cancel: ½ left out of one is the same
        exact = {r.key: r.exact for r in exercise.check(exercise.solution).results}
        return abs(exact["dE_total/dout_h1"]) > 0.1 * abs(exact["dE_o1/dout_h1"]) and digits >= 4
    return digits >= 4


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(list(ALONG_THE_WAY_SLIPS)), st.integers(4, 9))
def test_a_slip_made_along_the_way_is_the_first_slip_named_and_what_follows_is_carried(seed, kind, digits):
    exercise = make_exercise("network", seed)
    assume(unambiguous(kind, exercise, digits))
    clean = exercise.check(along_the_way(exercise, digits))
    assert clean.ok, str(clean)
    key = ALONG_THE_WAY_SLIPS[kind][0]
    report = exercise.check(along_the_way(exercise, digits, ALONG_THE_WAY_SLIPS[kind]))
    first = report.first_error
    assert first is not None and first.key == key, str(report)
    assert first.mistake.kind == kind, (str(first.mistake), str(report))
    after = report.results[report.results.index(first) + 1:]
    assert all(result.status in TRUSTED + ("carried",) for result in after), str(report)
    assert all(result.status in TRUSTED for result in report.results[:report.results.index(first)])


@pytest.mark.parametrize("seed, kind, digits", [(11, "swapped", 6), (1674, "left-out factor", 6),
                                                 (8870, "extra factor", 4), (1033, "left-out path", 6)])
def test_a_slip_on_the_students_own_numbers_is_named_where_they_lead_far_from_the_exact_ones(
        seed, kind, digits):
    # w8 = 0.1 for w7 = 0.5: the slip moves their own number five times less than the exact one
    exercise = make_exercise("network", seed)
    report = exercise.check(along_the_way(exercise, digits, ALONG_THE_WAY_SLIPS[kind]))
    assert report.first_error.key == ALONG_THE_WAY_SLIPS[kind][0]
    assert report.first_error.mistake.kind == kind, str(report)
