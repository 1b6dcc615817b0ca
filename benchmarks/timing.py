"""Timing a piece of work: the median of several runs."""

import gc
import statistics
import time


def median_seconds(run, repeats, prepare=None):
    """The median wall-clock time of ``run(prepare())`` (or ``run()``) over ``repeats`` runs.

    ``prepare`` is not timed: it builds what ``run`` needs (e.g. a graph for
    a backward pass). Before each run the garbage of the previous one is
    collected, so no run pays for another's; during the run the garbage
    collector works as usual. Whatever ``run`` returns is kept until its
    clock has stopped, so freeing it is not timed either.
    """
    if repeats < 1:
        raise ValueError(f"median_seconds: repeats must be >= 1, got {repeats!r}")
    times = []
    for _ in range(repeats):
        args = () if prepare is None else (prepare(),)
        gc.collect()
        start = time.perf_counter()
        result = run(*args)
        times.append(time.perf_counter() - start)
        del result, args
    gc.collect()
    return statistics.median(times)
