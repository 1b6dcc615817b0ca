"""``python -m benchmarks.checking [--quick]``: what checking a whole page of derivatives costs.

A 2-32-32-1 MLP (1,185 parameters) and its squared error; a student's page
claims dE/dp for every parameter. ``check`` is timed against one
``backward()`` of the same graph, as a ratio (times themselves depend on the
machine): all numbers right as the floats print them, all right to six
digits, and all wrong (each then needs its allowances and its follow-up).
The diagnosis of a wrong number is made only when it is looked at, so it
is timed apart: the printed report, which explains the first slip.

Each figure is the best of several runs: a shared machine has slow spells,
and the best run is the one least disturbed.
"""

import argparse
import random
import time

import nn
from autograd_core import check
from autograd_core.core import gradients


def network(seed=0, sizes=(32, 32, 1)):
    """The MLP's loss and its parameters (labelled by nn: ``L0.n0.w0`` …)."""
    random.seed(seed)
    model = nn.MLP(2, list(sizes))
    loss = nn.mse_loss([model([0.3, -0.7])], [0.5])
    return loss, model.parameters()


def pages(loss, parameters):
    """Three pages of claims: exact floats, six digits, and every number 30 % off."""
    grads = gradients(loss)
    keys = [f"d{loss.label}/d{p.label}" for p in parameters]
    return {
        "all right (floats as printed)": {k: repr(grads[p]) for k, p in zip(keys, parameters)},
        "all right (six digits)": {k: f"{grads[p]:.6g}" for k, p in zip(keys, parameters)},
        "all wrong (30 % off)": {k: f"{1.3 * grads[p]:.6g}" for k, p in zip(keys, parameters)},
    }


def best(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(repeats=7, sizes=(32, 32, 1)):
    """{figure: seconds or ratio}: one backward(), each page's check and its ratio to it."""
    loss, parameters = network(sizes=sizes)
    backward = best(loss.backward, repeats * 10)
    figures = {"parameters": len(parameters), "backward": backward}
    for name, claims in pages(loss, parameters).items():
        report = check(loss, claims)
        expected_ok = name.startswith("all right")
        if report.ok != expected_ok:
            raise AssertionError(f"{name}: check says ok={report.ok}")
        seconds = best(lambda: check(loss, claims), repeats)
        figures[name] = seconds
        figures[name + " / backward"] = seconds / backward
    wrong = pages(loss, parameters)["all wrong (30 % off)"]
    figures["printed report of the wrong page"] = best(lambda: str(check(loss, wrong)), max(1, repeats // 2))
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.checking", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    figures = measure(repeats=3 if args.quick else 9)
    print(f"check() on all {figures['parameters']:,} gradients of a 2-32-32-1 MLP "
          f"(one backward(): {figures['backward'] * 1e3:.2f} ms)")
    for name in ("all right (floats as printed)", "all right (six digits)", "all wrong (30 % off)"):
        print(f"  {name:32s} {figures[name] * 1e3:8.1f} ms   {figures[name + ' / backward']:6.0f}× backward")
    print(f"  {'printed report of the wrong page':32s} {figures['printed report of the wrong page'] * 1e3:8.1f} ms"
          f"   (diagnoses and explains the first slip)")


if __name__ == "__main__":
    main()
