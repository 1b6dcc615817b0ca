"""The benchmark suite runs, and every engine it compares computes the same numbers as ours.

Times are never asserted: they depend on the machine.
"""

import importlib.util

import pytest

from benchmarks import problems, report, suite, workloads
from benchmarks.engines import load

TINY = suite.SIZES["tiny"]


def _engine_or_skip(name, module):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[bench]')")
    return load(name)


@pytest.fixture(params=[("micrograd", "micrograd"), ("torch", "torch")], ids=["micrograd", "torch"])
def reference(request):
    name, module = request.param
    return name, _engine_or_skip(name, module)


@pytest.fixture
def ours():
    return load("ours")


def test_suite_runs_at_tiny_sizes_and_reports_every_workload(ours):
    results = suite.run(["ours"], "tiny", isolated=False, log=lambda text: None)
    text = report.as_text(results, ["ours"], "test machine", {})
    for workload in ("moons", "XOR", "deep chain", "wide sum", "memory per graph node"):
        assert workload in text
    assert "plain floats" in text and "inside collector_paused()" in text


def test_markdown_table_has_one_line_per_workload(ours):
    results = suite.run(["ours"], "tiny", isolated=False, log=lambda text: None)
    markdown = report.as_markdown(results, ["ours"], "test machine", {})
    table_lines = [line for line in markdown.splitlines() if line.startswith("| ") and "ms" in line]
    assert len(table_lines) == len([r for r in results.rows if r.unit == "ms"])


def test_reference_moons_step_gives_our_losses(reference, ours):
    name, engine = reference
    problem = problems.moons(TINY.moons_points)
    our_step, their_step = ours.moons_step_function(problem), engine.moons_step_function(problem)
    for _ in range(2):  # the second loss also checks the gradients and the update
        assert their_step() == pytest.approx(our_step(), abs=1e-9)


def test_reference_xor_training_ends_at_our_loss(reference, ours):
    name, engine = reference
    problem = problems.xor()
    assert workloads.train(engine, problem, 20) == pytest.approx(workloads.train(ours, problem, 20), abs=1e-9)


def test_reference_chain_gives_our_value_and_gradients(reference, ours):
    name, engine = reference

    def outcome(e):
        leaves = e.chain_leaves()
        root = e.chain(leaves, TINY.chain_ops)
        e.backward(root)
        return [e.number(root)] + [e.grad(leaf) for leaf in leaves]

    assert outcome(engine) == pytest.approx(outcome(ours), rel=1e-9)


def test_reference_wide_sum_gives_our_sum_and_unit_gradients(reference, ours):
    name, engine = reference
    numbers = problems.wide_sum_terms(TINY.wide_terms)
    leaves = engine.wide_leaves(numbers)
    root = engine.wide_sum(leaves)
    engine.backward(root)
    assert engine.number(root) == pytest.approx(ours.number(ours.wide_sum(ours.wide_leaves(numbers))), rel=1e-9)
    assert [engine.grad(x) for x in leaves] == [1.0] * len(numbers)


def test_chain_on_floats_matches_the_chain_of_values(ours):
    numbers = (problems.CHAIN_START, problems.CHAIN_FACTOR, problems.CHAIN_OFFSET)
    assert ours.chain_of_floats(numbers, 100) == ours.number(ours.chain(ours.chain_leaves(), 100))


def test_each_engine_can_be_measured_in_a_process_of_its_own():
    results = suite.run(["ours"], "tiny", log=lambda text: None)
    assert results.ours["moons"] > 0


def test_disagreeing_engines_are_refused():
    checks = {"ours": {"loss": [1.0]}, "micrograd": {"loss": [1.5]}}
    with pytest.raises(suite.DisagreementError, match="micrograd computes 1.5 but ours computes 1.0"):
        suite.check_agreement(checks)


def test_engines_agreeing_within_a_billionth_pass():
    suite.check_agreement({"ours": {"loss": [1.0]}, "torch": {"loss": [1.0 + 1e-12]}})


def test_engines_take_turns_and_each_figure_is_the_median_of_its_rounds(monkeypatch):
    import dataclasses

    monkeypatch.setitem(suite.SIZES, "three rounds", dataclasses.replace(TINY, rounds=3))
    turns, times = [], {"ours": iter([5.0, 1.0, 3.0]), "micrograd": iter([9.0, 30.0, 8.0])}

    def fake_measure(engine, sizes, log):
        name = "ours" if engine is load("ours") else "micrograd"
        turns.append(name)
        return {"checks": {"loss": [0.5]}, "figures": {"moons": next(times[name])}}

    monkeypatch.setattr(workloads, "measure", fake_measure)
    monkeypatch.setattr(suite, "load", lambda name: load("ours") if name == "ours" else object())
    results = suite.run(["ours", "micrograd"], "three rounds", isolated=False, log=lambda text: None)
    assert turns == ["ours", "micrograd"] * 3
    assert results.figures == {"ours": {"moons": 3.0}, "micrograd": {"moons": 9.0}}


def test_the_playground_benchmark_trains_as_fit_does_and_reports_its_overhead():
    from benchmarks import playground

    result = playground.run(epochs=2, repeats=1)    # raises if the session's losses are not fit's
    assert result["epochs"] == 2 and result["ratio"] > 0 and result["updates_per_second"] > 0
    assert 0 < result["heat_map_share"] <= 1


def test_the_checking_benchmark_runs_and_reports_its_ratios():
    from benchmarks import checking
    figures = checking.measure(repeats=1, sizes=(4, 4, 1))
    assert figures["parameters"] == 2 * 4 + 4 + 4 * 4 + 4 + 4 + 1
    for name in ("all right (floats as printed)", "all right (six digits)", "all wrong (30 % off)"):
        assert figures[name] > 0 and figures[name + " / backward"] > 0


def test_the_picture_benchmark_draws_the_gif_in_a_few_pngs_time_and_frames_in_flat_memory():
    """Ratios only: the GIF against one PNG of the same graph, memory against frames' size."""
    pytest.importorskip("resvg_py", reason="resvg-py (the render extra) is not installed")
    pytest.importorskip("PIL.Image", reason="Pillow (the render extra) is not installed")
    from autograd_core.seeing.renderers import available_renderers
    if not available_renderers():
        pytest.skip("no Graphviz renderer is installed")
    from benchmarks import pictures

    for slide in (False, True):
        result = pictures.gif_against_png(repeats=2, slide=slide)
        assert result["frames"] == 29
        assert result["ratio"] <= 4, result
        assert result["gif_bytes"] < 1_000_000
    short, long = pictures.frames_memory([20, 80])
    assert (short["frames"], long["frames"]) == (20, 80)
    # four times the frames, each four times as big: the peak grows as one frame, not as all
    assert long["peak_in_frames"] < 1.5 * short["peak_in_frames"] < 30


# ----------------------------------------------------------------------
# nn.load's memory per byte of file
# ----------------------------------------------------------------------

def test_load_memory_measures_every_shape_within_the_budget_and_load_estimates_above_it():
    from benchmarks import load_memory
    from nn.load_budget import BYTES_PER_FILE_BYTE
    measurements = load_memory.run(load_memory.SCALES["tiny"])
    assert len(measurements) == len(load_memory.shapes(1))
    for m in measurements:
        assert m.peak <= BYTES_PER_FILE_BYTE * m.size, m
        if not m.refused:
            assert m.peak <= m.estimate, m         # the estimate is an upper bound
    refused = {m.shape for m in measurements if m.refused}
    assert refused == {"by hand: neurons of one weight, [0],", "by hand: nested empty lists"}
    assert "the most any of them took" in load_memory.as_text(measurements)
