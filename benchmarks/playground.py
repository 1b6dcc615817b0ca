"""The Backprop Playground's cost: training through the page's session against plain ``nn.fit``.

    python -m benchmarks.playground [--quick]

The same work twice: a 2-8-8-1 tanh network, SGD on mini-batches of 10,
on the 200 training points of the circle set, for the same number of
epochs from the same first weights with the same shuffles (the session's
epoch is ``fit`` 's epoch, loss for loss). Once with ``nn.fit``; once as
the page trains it while playing: ``Pacer.frame`` after ``Pacer.frame``,
each frame's state encoded as the JSON the server sends. The ratio of the
two times is the page's overhead (the target is at most 1.5); frames per
second is how often the page is updated (the target is at least 10).
Times are the process's CPU time, which other programs on a shared machine
disturb far less than the wall clock; the updates per second are counted on
the wall clock, as a student sees them. The figures are medians over the
repeats, the two runs taking turns.
"""

import argparse
import gc
import json
import statistics
import sys
import time

import nn
from nn.playground import PlaygroundSession
from nn.playground.pacing import Pacer

from . import machine

SETTINGS = {"dataset": "circle", "points": 400, "train_percent": 50, "hidden": [8, 8],
            "activation": "tanh", "loss": "bce_with_logits", "optimizer": "sgd",
            "learning_rate": 0.1, "batch_size": 10, "speed": 1, "seed": 0}


def new_session():
    return PlaygroundSession(SETTINGS)


def time_fit(epochs):
    """Seconds for ``nn.fit`` to train the same network on the same points."""
    session = new_session()
    state = session.state(grids=False, test_loss=False)
    X = [p[:2] for p in state["data"]["points"] if p[3]]
    Y = [float(p[2]) for p in state["data"]["points"] if p[3]]
    model = session.model
    optimizer = nn.SGD(model.parameters(), lr=SETTINGS["learning_rate"])
    gc.collect()
    start = time.process_time()
    losses = nn.fit(model, X, Y, nn.bce_with_logits_loss, optimizer, epochs=epochs,
                    batch_size=SETTINGS["batch_size"], seed=SETTINGS["seed"], verbose=False)
    return time.process_time() - start, losses


def time_page(epochs):
    """Seconds for the session to train as the page plays, frame by frame, and the frame count."""
    session = new_session()
    pacer = Pacer(session)
    session.play()
    frames = 0
    gc.collect()
    start, wall = time.process_time(), time.perf_counter()
    while session.epoch < epochs:
        json.dumps({"event": "frame", "state": pacer.frame()}, allow_nan=False)
        frames += 1
    seconds, wall = time.process_time() - start, time.perf_counter() - wall
    losses = [loss for epoch, loss in session.state(grids=False, test_loss=False)["loss"]["train"][1:]]
    return seconds, wall, frames, pacer.costly_frames, losses


def run(epochs, repeats, log=lambda text: None):
    """The medians: fit's seconds, the page's seconds, their ratio, frames per second, and more."""
    fit_times, page_times, rates, costly = [], [], [], []
    for round_ in range(repeats):
        fit_seconds, fit_losses = time_fit(epochs)
        page_seconds, page_wall, frames, costly_frames, page_losses = time_page(epochs)
        if page_losses != fit_losses:
            raise AssertionError("the session did not do fit's work: its losses differ")
        fit_times.append(fit_seconds)
        page_times.append(page_seconds)
        rates.append(frames / page_wall)
        costly.append(costly_frames / frames)
        log(f"  round {round_ + 1}: fit {fit_seconds:.2f} s, page {page_seconds:.2f} s of CPU, "
            f"{frames / page_wall:.1f} updates/s")
    fit_seconds, page_seconds = statistics.median(fit_times), statistics.median(page_times)
    ratios = sorted(p / f for p, f in zip(page_times, fit_times))
    return {"epochs": epochs, "fit_seconds": fit_seconds, "page_seconds": page_seconds,
            "ratio": statistics.median(ratios), "updates_per_second": statistics.median(rates),
            "heat_map_share": statistics.median(costly)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.playground", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer epochs and repeats (about 20 s)")
    args = parser.parse_args(argv)
    epochs, repeats = (30, 3) if args.quick else (100, 5)
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731 (progress, not results)
    log(f"The playground against nn.fit: {epochs} epochs of a 2-8-8-1 tanh network on 200 points, "
        f"{repeats} rounds ...")
    result = run(epochs, repeats, log)
    print(f"{machine.describe()}")
    print(f"nn.fit:               {result['fit_seconds'] * 1000 / epochs:7.1f} ms per epoch")
    print(f"the page's session:   {result['page_seconds'] * 1000 / epochs:7.1f} ms per epoch, "
          f"{result['updates_per_second']:.1f} updates of the page per second "
          f"({result['heat_map_share']:.0%} of them with new heat maps)")
    print(f"overhead (page / fit): {result['ratio']:.2f}x   (target: at most 1.5x)")


if __name__ == "__main__":
    main()
