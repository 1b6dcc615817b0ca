"""What the pictures of the backward pass cost: a GIF against one PNG, frames' memory against size.

    python -m benchmarks.pictures [--quick]

1. **GIF against PNG.** The notes' 2-2-2 network with its squared error:
   one PNG of it, and the GIF of its whole backward pass (a forward frame
   and one frame per chain-rule step), at the same scale, for a page and for
   a slide. The GIF is drawn once and patched frame by frame, so its time is
   a small multiple of one PNG's (the target: at most 4x) and its size well
   under a megabyte. Times are the process's CPU time plus the Graphviz
   subprocess's, the best of the repeats, the two taking turns.
2. **Frames' memory.** Chains of growing length, every chain-rule step one
   frame (a chain of n operations has n frames, each picture as long as the
   chain): the peak of the memory Python allocates while the frames are
   drawn and written (``tracemalloc``), against the size of the largest
   frame. Frames are written as they are drawn, so the peak stays a few
   frames' worth however many frames there are; keeping them all would make
   it grow as n frames.

Ratios only: the absolute times depend on the machine.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc

from autograd_core import Value, examples, render_backward_frames, render_backward_gif, render_png

from . import machine


def _cpu_seconds():
    """This process's CPU time and its finished children's (the `dot` executable)."""
    own = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def _timed(work):
    start = _cpu_seconds()
    result = work()
    return _cpu_seconds() - start, result


def gif_against_png(repeats=3, slide=False, log=lambda text: None):
    """{png_seconds, gif_seconds, ratio, gif_bytes, frames} for the 2-2-2 network, best of ``repeats``."""
    scale = 2 if slide else 1
    root = examples.network_2_2_2()["E"]
    render_png(root, scale=scale, slide=slide)                 # the renderer loaded once, first
    png_times, gif_times = [], []
    gif = b""
    for round_ in range(repeats):
        png_seconds, _ = _timed(lambda: render_png(root, scale=scale, slide=slide))
        gif_seconds, gif = _timed(lambda: render_backward_gif(root, scale=scale, slide=slide))
        png_times.append(png_seconds)
        gif_times.append(gif_seconds)
        log(f"  round {round_ + 1}: PNG {png_seconds:.2f} s, GIF {gif_seconds:.2f} s")
    png_seconds, gif_seconds = min(png_times), min(gif_times)
    frames = 1 + sum(len(node.inputs) for node in _order(root))
    return {"png_seconds": png_seconds, "gif_seconds": gif_seconds,
            "ratio": gif_seconds / png_seconds, "gif_bytes": len(gif), "frames": frames}


def _order(root):
    from autograd_core import topological_order
    return topological_order(root)


def chain(length):
    """x · 1.0001 · 1.0001 · …: ``length`` operations, ``length`` chain-rule steps."""
    v = Value(0.5, label="x")
    for _ in range(length):
        v = v * 1.0001
    return v


def frames_memory(lengths, format="svg"):
    """For each chain length: (frames, peak bytes allocated, largest frame's bytes, their ratio)."""
    rows = []
    for length in lengths:
        root = chain(length)
        with tempfile.TemporaryDirectory() as folder:
            tracemalloc.start()
            try:
                paths = render_backward_frames(root, os.path.join(folder, "frames"), format=format,
                                               scale=1, legend=False, max_nodes=10 * length)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            largest = max(os.path.getsize(p) for p in paths)
        rows.append({"length": length, "frames": len(paths), "peak_bytes": peak,
                     "frame_bytes": largest, "peak_in_frames": peak / largest})
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pictures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter chains")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 5
    lengths = [25, 50, 100] if args.quick else [50, 100, 200, 400]
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731 (progress, not results)
    print(machine.describe())
    for slide in (False, True):
        kind = "a slide (1920×1080)" if slide else "a page (scale 1)"
        log(f"The 2-2-2 network's GIF against one PNG, for {kind}, {repeats} rounds ...")
        result = gif_against_png(repeats, slide, log)
        print(f"2-2-2 network, {kind}: PNG {result['png_seconds']:.2f} s, GIF of "
              f"{result['frames']} frames {result['gif_seconds']:.2f} s: "
              f"{result['ratio']:.2f}x one PNG (target: at most 4x), "
              f"{result['gif_bytes'] / 1024:.0f} KB (target: under 1 MB)")
    for format in ("svg", "png"):
        log(f"Frames' memory for chains of {lengths} operations, {format.upper()} ...")
        print(f"{format.upper()} frames of a chain of n operations (n frames): peak memory allocated")
        for row in frames_memory(lengths, format):
            print(f"  n = {row['length']:4d}: peak {row['peak_bytes'] / 1e6:7.2f} MB, "
                  f"largest frame {row['frame_bytes'] / 1e3:7.1f} kB: "
                  f"{row['peak_in_frames']:5.1f} frames' worth (keeping all: {row['frames']})")


if __name__ == "__main__":
    main()
