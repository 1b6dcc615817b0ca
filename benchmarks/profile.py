"""``python -m benchmarks.profile``: where our engine spends a moons training step and a deep chain.

Needs pyinstrument (in the ``bench`` extra). Prints pyinstrument's call tree.
"""

import sys

from . import problems
from .engines import load


def main():
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("python -m benchmarks.profile needs pyinstrument: pip install -e '.[bench]'")
    ours = load("ours")
    step = ours.moons_step_function(problems.moons())
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(20):
            step()
        for _ in range(3):
            ours.backward(ours.chain(ours.chain_leaves(), 100_000))
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
