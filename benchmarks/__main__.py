"""``python -m benchmarks [--quick] [--markdown]``: run the suite and print the table."""

import argparse
import sys

from . import load_memory, machine, report, suite
from .engines import available


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="smaller workloads and fewer repeats (about half a minute)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as markdown, for the README")
    args = parser.parse_args(argv)

    engines, missing = available()
    if "ours" not in engines:
        sys.exit(f"cannot import this project's engine: {missing['ours']}")
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731 (progress, not results)
    log(f"Running the benchmarks on {', '.join(engines)} ...")
    results = suite.run(list(engines), "quick" if args.quick else "full", log=log)
    render = report.as_markdown if args.markdown else report.as_text
    versions = ", ".join(engine.VERSION for engine in engines.values())
    print(render(results, list(engines), f"{machine.describe()}; {versions}", missing))
    # nn.load's memory per byte of file: the same ratios at any size, so files of about 0.3 MB
    log("Measuring nn.load's memory per byte of file ...")
    print()
    print(load_memory.as_text(load_memory.run(load_memory.SCALES["quick"])))


if __name__ == "__main__":
    main()
