"""The whole comparison: each engine measured in a process of its own, then checked against ours."""

import json
import math
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .engines import load


@dataclass(frozen=True)
class Sizes:
    """How big each workload is and how often each is repeated."""

    moons_points: int
    xor_steps: int
    chain_ops: int
    wide_terms: int
    memory_ops: int
    scaling_factor: int
    repeats: int
    slow_repeats: int  # for the long workloads: XOR training, and pairs of short and long chain
    rounds: int  # every engine is measured this many times, taking turns


SIZES = {
    "full": Sizes(moons_points=100, xor_steps=500, chain_ops=100_000, wide_terms=100_000,
                  memory_ops=100_000, scaling_factor=10, repeats=3, slow_repeats=1, rounds=3),
    "quick": Sizes(moons_points=100, xor_steps=100, chain_ops=20_000, wide_terms=20_000,
                   memory_ops=20_000, scaling_factor=10, repeats=3, slow_repeats=1, rounds=1),
    "tiny": Sizes(moons_points=8, xor_steps=3, chain_ops=200, wide_terms=200,
                  memory_ops=200, scaling_factor=10, repeats=1, slow_repeats=1, rounds=1),
}


@dataclass
class Row:
    """One workload: a figure per engine (None where it does not apply)."""

    workload: str
    unit: str
    figures: dict

    def ratio(self, engine):
        """``engine``'s figure over ours: how many times ours is faster (or smaller)."""
        theirs, ours = self.figures.get(engine), self.figures.get("ours")
        if theirs is None or not ours:
            return None
        return theirs / ours


def table_rows(sizes, figures):
    """The table's rows from ``{engine: {figure name: number}}``."""
    s = sizes
    wide = f"wide sum, {s.wide_terms:,} terms"
    titles = [
        ("moons", f"moons: one MLP step (2-16-16-1, {s.moons_points} points)", "ms"),
        ("xor", f"XOR: {s.xor_steps} training steps (2-8-1 MLP)", "ms"),
        ("chain forward", f"deep chain, {s.chain_ops:,} ops: forward", "ms"),
        ("chain backward", f"deep chain, {s.chain_ops:,} ops: backward", "ms"),
        ("wide forward", f"{wide}, sum(): forward", "ms"),
        ("wide backward", f"{wide}, sum(): backward", "ms"),
        ("wide one node forward", f"{wide}, one n-ary node: forward", "ms"),
        ("wide one node backward", f"{wide}, one n-ary node: backward", "ms"),
        ("wide operation forward", f"{wide}, one user-defined Operation: forward", "ms"),
        ("wide operation backward", f"{wide}, one user-defined Operation: backward", "ms"),
        ("memory", f"memory per graph node ({s.memory_ops:,}-op chain)", "bytes"),
    ]
    return [Row(title, unit, {engine: f.get(key) for engine, f in figures.items()})
            for key, title, unit in titles]


@dataclass
class Results:
    sizes: Sizes
    figures: dict  # {engine: {figure name: number}}

    @property
    def rows(self):
        return table_rows(self.sizes, self.figures)

    def row(self, workload):
        return next(r for r in self.rows if r.workload.startswith(workload))

    @property
    def ours(self):
        return self.figures["ours"]


class DisagreementError(AssertionError):
    """Two engines computed different numbers for the same workload."""


def agree(what, ours, theirs, engine, tolerance=1e-9):
    """Raise DisagreementError unless ``theirs`` equals ``ours`` within ``tolerance``
    (absolute, or relative for numbers above 1)."""
    if not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=tolerance):
        raise DisagreementError(
            f"{what}: {engine} computes {theirs!r} but ours computes {ours!r} "
            f"(difference {abs(theirs - ours):.3g}, tolerance {tolerance:g}); the comparison would be unfair")


def check_agreement(checks):
    """Every engine's checks against ours (``checks`` is ``{engine: {name: [numbers]}}``)."""
    for engine, theirs in checks.items():
        for name, expected in checks["ours"].items():
            if name in theirs:
                for want, got in zip(expected, theirs[name]):
                    agree(name, want, got, engine)


def run(engine_names, sizes_name, isolated=True, log=print):
    """Measure every engine (ours first), each in its own process unless ``isolated=False``.

    A shared machine has slow spells that last many seconds, long enough to
    cover every repeat of one engine and none of the next. So the engines
    take turns, ``sizes.rounds`` times, and each figure is the median of
    its rounds: a slow spell then costs an engine one round, not its result.
    """
    from .workloads import measure
    sizes = SIZES[sizes_name]
    checks, rounds = {}, {name: [] for name in engine_names}
    for turn in range(1, sizes.rounds + 1):
        for name in engine_names:
            log(f"  {name}" + (f" (round {turn} of {sizes.rounds})" if sizes.rounds > 1 else ""))
            if isolated:
                result = _measure_in_new_process(name, sizes_name)
            else:
                result = measure(load(name), sizes, log)
            checks[name] = result["checks"]
            rounds[name].append(result["figures"])
        check_agreement(checks)
    figures = {name: _median_figures(measured) for name, measured in rounds.items()}
    return Results(sizes, figures)


def _median_figures(rounds):
    """``{figure name: median over rounds}`` from one engine's rounds of figures."""
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def _measure_in_new_process(engine_name, sizes_name):
    project_root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "benchmarks.workloads", engine_name, sizes_name],
                          stdout=subprocess.PIPE, check=True, text=True, cwd=project_root)
    return json.loads(done.stdout)
