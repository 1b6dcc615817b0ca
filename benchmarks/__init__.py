"""Benchmarks: this engine against micrograd and PyTorch scalars, on the same work.

Run ``python -m benchmarks`` (or ``make bench``) for the table,
``python -m benchmarks --quick`` for a fast, smaller run and
``python -m benchmarks --markdown`` for the table as the README shows it.

Every workload is run by each engine on the same data with the same initial
weights, each engine's result is checked against ours before anything is
timed, and every time is the median of several runs with the garbage
collector on (it is part of the real cost) and a ``gc.collect()`` between
runs (so one run's garbage is not billed to the next).
"""
