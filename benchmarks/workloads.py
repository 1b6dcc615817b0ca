"""Every workload, for one engine: the numbers it computes and the time it takes.

``measure(engine, sizes)`` runs in a process of its own (``python -m
benchmarks.workloads ENGINE SIZES`` prints its result as JSON), so that no
engine's imports or garbage weigh on another's garbage collector: a full
collection visits every live object of the process, and PyTorch alone brings
hundreds of thousands of them.

The result is ``{"checks": {name: [numbers]}, "figures": {name: number}}``:
checks are what the engine computed (compared with ours before any time is
trusted), figures are median milliseconds, or bytes for memory.
"""

import gc
import json
import statistics
import sys

from autograd_core import collector_paused, no_grad

from . import memory, problems
from .timing import median_seconds


def measure(engine, sizes, log=lambda text: None):
    """Run every workload on ``engine`` (an engine module), at ``sizes``."""
    checks, figures = {}, {}
    workloads = [moons_step, xor_training, deep_chain, wide_sum, node_memory]
    if hasattr(engine, "wide_sum_one_node"):
        workloads.insert(4, wide_sum_one_node)
    if hasattr(engine, "wide_sum_operation"):
        workloads.insert(5, wide_sum_operation)
    for workload in workloads:
        log(f"    {workload.__doc__.splitlines()[0]}")
        workload(engine, sizes, checks, figures)
    if hasattr(engine, "chain_of_floats"):
        log("    the floor (plain floats) and linear scaling")
        floor(engine, sizes, figures)
        scaling(engine, sizes, figures)
    return {"checks": checks, "figures": figures}


def moons_step(engine, sizes, checks, figures):
    """moons: one training step of a 2-16-16-1 MLP"""
    problem = problems.moons(sizes.moons_points)
    step = engine.moons_step_function(problem)
    # Two steps from the same start: the second loss checks the gradients and the update too.
    checks["moons: first and second step's loss"] = [step(), step()]
    figures["moons"] = _ms(median_seconds(engine.moons_step_function(problem), sizes.repeats))
    if hasattr(engine, "moons_step_collector_on"):
        figures["moons collector on"] = _ms(median_seconds(engine.moons_step_collector_on(problem),
                                                           sizes.repeats))


def xor_training(engine, sizes, checks, figures):
    """XOR: training a 2-8-1 MLP"""
    problem = problems.xor()
    checks["XOR: loss after the last step"] = [train(engine, problem, sizes.xor_steps)]
    figures["xor"] = _ms(median_seconds(lambda: train(engine, problem, sizes.xor_steps), sizes.slow_repeats))


def train(engine, problem, steps):
    """The loss after ``steps`` of ``engine``'s training steps on ``problem``, from its first weights."""
    step = engine.moons_step_function(problem)
    for _ in range(steps):
        loss = step()
    return loss


def deep_chain(engine, sizes, checks, figures):
    """deep chain: y ← y·a + b, forward and backward"""
    n = sizes.chain_ops
    leaves = engine.chain_leaves()
    root = engine.chain(leaves, n)
    engine.backward(root)
    checks["deep chain: y, ∂y/∂y₀, ∂y/∂a, ∂y/∂b"] = [engine.number(root)] + [engine.grad(x) for x in leaves]
    del root, leaves
    figures["chain forward"] = _ms(median_seconds(
        lambda leaves: engine.chain(leaves, n), sizes.repeats, engine.chain_leaves))
    figures["chain backward"] = _ms(median_seconds(
        engine.backward, sizes.repeats, lambda: engine.chain(engine.chain_leaves(), n)))


def wide_sum(engine, sizes, checks, figures):
    """wide sum: Python's sum() of n leaves, a chain of binary '+'"""
    _wide(engine, engine.wide_sum, "wide", sizes, checks, figures)


def wide_sum_one_node(engine, sizes, checks, figures):
    """wide sum as one n-ary node: sum_values; torch.stack().sum()"""
    _wide(engine, engine.wide_sum_one_node, "wide one node", sizes, checks, figures)


def _wide(engine, add_up, name, sizes, checks, figures):
    numbers = problems.wide_sum_terms(sizes.wide_terms)
    leaves = engine.wide_leaves(numbers)
    root = add_up(leaves)
    engine.backward(root)
    checks[f"{name}: sum, ∂sum/∂x₀, ∂sum/∂xₙ"] = [
        engine.number(root), engine.grad(leaves[0]), engine.grad(leaves[-1])]
    del root, leaves
    figures[f"{name} forward"] = _ms(median_seconds(
        add_up, sizes.repeats, lambda: engine.wide_leaves(numbers)))
    figures[f"{name} backward"] = _ms(median_seconds(
        engine.backward, sizes.repeats, lambda: add_up(engine.wide_leaves(numbers))))


def wide_sum_operation(engine, sizes, checks, figures):
    """wide sum as one user-defined Operation node (ours only)"""
    _wide(engine, engine.wide_sum_operation, "wide operation", sizes, checks, figures)


def node_memory(engine, sizes, checks, figures):
    """memory: bytes per graph node"""
    figures["memory"] = memory.bytes_per_node(
        engine, sizes.memory_ops, include_c_heap=getattr(engine, "NODES_IN_C_HEAP", False))


def floor(ours, sizes, figures):
    """Nanoseconds per simple op (one * or + of the chain): plain floats, and our engine."""
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
    for what, s in seconds.items():
        figures[f"ns per op: {what}"] = s / n * 1e9


def scaling(ours, sizes, figures):
    """Forward + backward of our chain at n and 10·n ops: linear time means a ratio near 10.

    The two sizes are timed in alternation and the ratio is taken per pair,
    so that a slow spell of the machine weighs on both sides of it. Measured
    as a user writes it, with the garbage collector on, and a second time
    inside the engine's ``collector_paused()``, which keeps the collector's
    full passes over the growing graph away (as ``nn.fit`` does for each
    step); the full passes are counted. Each size runs once untimed first,
    as the small one's repeats do anyway: otherwise the big chain's single
    timed run alone pays for the process's first request of that much
    memory from the system.
    """
    def forward_and_backward(n, paused):
        def run(leaves):
            if paused:
                with collector_paused():
                    root = ours.chain(leaves, n)
                    ours.backward(root)
            else:
                root = ours.chain(leaves, n)
                ours.backward(root)
            return root
        return run

    small, big = sizes.chain_ops, sizes.chain_ops * sizes.scaling_factor
    for paused in (False, True):
        suffix = " gc paused" if paused else ""
        times = {small: [], big: []}
        for n in (small, big):
            forward_and_backward(n, paused)(ours.chain_leaves())
        for _ in range(sizes.slow_repeats):
            for n, repeats in ((small, sizes.repeats), (big, 1)):
                times[n].append(median_seconds(forward_and_backward(n, paused), repeats,
                                               ours.chain_leaves))
        for n in (small, big):
            figures[f"scaling {n}{suffix}"] = _ms(statistics.median(times[n]))
        figures[f"scaling ratio{suffix}"] = statistics.median(b / s for s, b in zip(times[small], times[big]))
    for n in (small, big):
        figures[f"full collections {n}"] = _full_collections(forward_and_backward(n, False),
                                                             ours.chain_leaves())


def _full_collections(run, args):
    """How many times the garbage collector went through every object during ``run(args)``."""
    gc.collect()
    before = gc.get_stats()[-1]["collections"]
    result = run(args)
    after = gc.get_stats()[-1]["collections"]
    del result
    return after - before


def _ms(seconds):
    return seconds * 1e3


def main(argv):
    """``python -m benchmarks.workloads ENGINE SIZES``: print ``measure``'s result as JSON."""
    from .engines import load
    from .suite import SIZES
    engine_name, sizes_name = argv
    result = measure(load(engine_name), SIZES[sizes_name], log=lambda text: print(text, file=sys.stderr))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
