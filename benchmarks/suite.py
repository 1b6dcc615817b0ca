"""The workloads, checked for agreement, then timed: the rows of the benchmark table."""

import math
from dataclasses import dataclass, field

from autograd_core import no_grad

from . import memory, problems
from .timing import median_seconds


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
    slow_repeats: int  # for the long workloads: XOR training, the big chain


FULL = Sizes(moons_points=100, xor_steps=500, chain_ops=100_000, wide_terms=100_000,
             memory_ops=100_000, scaling_factor=10, repeats=5, slow_repeats=3)
QUICK = Sizes(moons_points=100, xor_steps=100, chain_ops=20_000, wide_terms=20_000,
              memory_ops=20_000, scaling_factor=10, repeats=3, slow_repeats=1)
TINY = Sizes(moons_points=8, xor_steps=3, chain_ops=200, wide_terms=200,
             memory_ops=200, scaling_factor=10, repeats=1, slow_repeats=1)


@dataclass
class Row:
    """One workload: a figure per engine (None where it does not apply)."""

    workload: str
    unit: str
    figures: dict
    note: str = ""

    def ratio(self, engine):
        """``engine``'s figure over ours: how many times ours is faster (or smaller)."""
        theirs, ours = self.figures.get(engine), self.figures.get("ours")
        if theirs is None or not ours:
            return None
        return theirs / ours


@dataclass
class Results:
    rows: list = field(default_factory=list)
    floor: dict = field(default_factory=dict)  # ns per simple op: floats, ours, ours under no_grad
    scaling: dict = field(default_factory=dict)  # seconds for the small and big chain

    def row(self, workload):
        return next(r for r in self.rows if r.workload.startswith(workload))


class DisagreementError(AssertionError):
    """Two engines computed different numbers for the same workload."""


def agree(what, ours, theirs, engine, tolerance=1e-9):
    """Raise DisagreementError unless ``theirs`` equals ``ours`` within ``tolerance``
    (absolute, or relative for numbers above 1)."""
    if not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=tolerance):
        raise DisagreementError(
            f"{what}: {engine} computes {theirs!r} but ours computes {ours!r} "
            f"(difference {abs(theirs - ours):.3g}, tolerance {tolerance:g}); the comparison would be unfair")


def run(engines, sizes, log=print):
    """Check that ``engines`` (``{name: module}``, ours included) agree, then time them."""
    results = Results()
    for workload in (moons_step, xor_training, deep_chain, wide_sum, wide_sum_one_node, node_memory):
        log(f"  {workload.__doc__.splitlines()[0]}")
        results.rows.extend(workload(engines, sizes))
    log("  the floor: plain floats, and our engine under no_grad")
    results.floor = floor(engines, sizes)
    log("  linear scaling: our chain, 10 times longer")
    results.scaling = scaling(engines["ours"], sizes)
    return results


def _per_engine(engines, measure):
    return {name: measure(engine) for name, engine in engines.items()}


def moons_step(engines, sizes):
    """moons: one training step of a 2-16-16-1 MLP"""
    problem = problems.moons(sizes.moons_points)
    # Two steps from the same start: the second loss checks the gradients and the update too.
    expected = _two_losses(engines["ours"], problem)
    for name, engine in engines.items():
        for got, want, which in zip(_two_losses(engine, problem), expected, ("first", "second")):
            agree(f"moons, {which} step's loss", want, got, name)

    def measure(engine):
        return median_seconds(engine.moons_step_function(problem), sizes.repeats)

    return [Row(f"moons: one MLP step (2-16-16-1, {sizes.moons_points} points)",
                "ms", _in_ms(_per_engine(engines, measure)))]


def _two_losses(engine, problem):
    step = engine.moons_step_function(problem)
    return step(), step()


def xor_training(engines, sizes):
    """XOR: training a 2-8-1 MLP"""
    problem = problems.xor()
    expected = engines["ours"].train(problem, sizes.xor_steps)
    for name, engine in engines.items():
        agree(f"XOR, loss after {sizes.xor_steps} steps", expected, engine.train(problem, sizes.xor_steps), name)

    def measure(engine):
        return median_seconds(lambda: engine.train(problem, sizes.xor_steps), sizes.slow_repeats)

    return [Row(f"XOR: {sizes.xor_steps} steps (2-8-1 MLP)",
                "ms", _in_ms(_per_engine(engines, measure)))]


def deep_chain(engines, sizes):
    """deep chain: y ← y·a + b, forward and backward"""
    n = sizes.chain_ops
    _check_chain(engines, n)

    def forward(engine):
        return median_seconds(lambda leaves: engine.chain(leaves, n), sizes.repeats, engine.chain_leaves)

    def backward(engine):
        return median_seconds(engine.backward, sizes.repeats, lambda: engine.chain(engine.chain_leaves(), n))

    title = f"deep chain, {n:,} ops"
    return [Row(f"{title}: forward", "ms", _in_ms(_per_engine(engines, forward))),
            Row(f"{title}: backward", "ms", _in_ms(_per_engine(engines, backward)))]


def _check_chain(engines, n):
    def outcome(engine):
        leaves = engine.chain_leaves()
        root = engine.chain(leaves, n)
        engine.backward(root)
        y, a, b = leaves
        return [engine.number(root), engine.grad(y), engine.grad(a), engine.grad(b)]

    expected = outcome(engines["ours"])
    for name, engine in engines.items():
        for what, want, got in zip(("y", "∂y/∂y₀", "∂y/∂a", "∂y/∂b"), expected, outcome(engine)):
            agree(f"deep chain, {what}", want, got, name)


def wide_sum(engines, sizes):
    """wide sum: Python's sum() of n leaves, a chain of binary '+'"""
    return _wide_sum_rows(engines, sizes, "wide_sum", "sum(): one '+' node per term")


def wide_sum_one_node(engines, sizes):
    """wide sum as one n-ary node: sum_values; torch.stack().sum()"""
    engines = {name: e for name, e in engines.items() if hasattr(e, "wide_sum_one_node")}
    return _wide_sum_rows(engines, sizes, "wide_sum_one_node",
                          "one n-ary node (sum_values; torch.stack().sum())")


def _wide_sum_rows(engines, sizes, method, how):
    numbers = problems.wide_sum_terms(sizes.wide_terms)

    def graph(engine):
        return getattr(engine, method)(engine.wide_leaves(numbers))

    def outcome(engine):
        leaves = engine.wide_leaves(numbers)
        root = getattr(engine, method)(leaves)
        engine.backward(root)
        return engine.number(root), engine.grad(leaves[0]), engine.grad(leaves[-1])

    expected = outcome(engines["ours"])
    for name, engine in engines.items():
        for what, want, got in zip(("sum", "∂sum/∂x₀", "∂sum/∂xₙ"), expected, outcome(engine)):
            agree(f"wide sum ({method}), {what}", want, got, name)

    def forward(engine):
        return median_seconds(getattr(engine, method), sizes.repeats, lambda: engine.wide_leaves(numbers))

    def backward(engine):
        return median_seconds(engine.backward, sizes.repeats, lambda: graph(engine))

    title = f"wide sum, {sizes.wide_terms:,} terms, {how}"
    return [Row(f"{title}: forward", "ms", _in_ms(_per_engine(engines, forward))),
            Row(f"{title}: backward", "ms", _in_ms(_per_engine(engines, backward)))]


def node_memory(engines, sizes):
    """memory: bytes per graph node"""
    figures, note = {}, ""
    for name, engine in engines.items():
        if name == "torch":
            figures[name] = memory.bytes_per_node(engine, sizes.memory_ops, include_c_heap=True)
            note = "PyTorch's figure adds its C++ heap (glibc mallinfo2) to what tracemalloc sees"
        else:
            figures[name] = memory.bytes_per_node(engine, sizes.memory_ops)
    return [Row(f"memory per graph node ({sizes.memory_ops:,}-op chain)", "bytes", figures, note)]


def floor(engines, sizes):
    """Nanoseconds per simple op (multiply or add) in the chain: plain floats against our engine."""
    ours = engines["ours"]
    n = sizes.chain_ops
    numbers = (problems.CHAIN_START, problems.CHAIN_FACTOR, problems.CHAIN_OFFSET)

    def forward_without_graph(leaves):
        with no_grad():
            return ours.chain(leaves, n)

    seconds = {
        "floats": median_seconds(lambda: ours.chain_of_floats(numbers, n), sizes.repeats),
        "ours, no_grad": median_seconds(forward_without_graph, sizes.repeats, ours.chain_leaves),
        "ours": median_seconds(lambda leaves: ours.chain(leaves, n), sizes.repeats, ours.chain_leaves),
    }
    return {what: s / n * 1e9 for what, s in seconds.items()}


def scaling(ours, sizes):
    """Forward + backward of our chain at n and 10·n ops: linear time means a ratio near 10."""
    def forward_and_backward(n):
        def run(leaves):
            root = ours.chain(leaves, n)
            ours.backward(root)
            return root
        return run

    small, big = sizes.chain_ops, sizes.chain_ops * sizes.scaling_factor
    return {
        small: median_seconds(forward_and_backward(small), sizes.repeats, ours.chain_leaves),
        big: median_seconds(forward_and_backward(big), sizes.slow_repeats, ours.chain_leaves),
    }


def _in_ms(seconds):
    return {name: s * 1e3 for name, s in seconds.items()}
