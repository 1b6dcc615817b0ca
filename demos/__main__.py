"""Run every demo in order: ``python -m demos [--out FOLDER] [--quick]`` (what ``make demo`` does)."""

import time

from . import (chain_rule, gradient_descent, higher_order, matrix_form, moons, softmax_network,
               step_by_step, xor)
from .output import output_dir, parse_args

DEMOS = [chain_rule, gradient_descent, step_by_step, matrix_form, softmax_network, xor, moons,
         higher_order]


def main(argv=None):
    args = parse_args(__doc__.splitlines()[0], argv)
    forwarded = (["--out", args.out] if args.out else []) + (["--quick"] if args.quick else [])
    start = time.perf_counter()
    for demo in DEMOS:
        demo.main(forwarded)
    print()
    print(f"All {len(DEMOS)} demos ran in {time.perf_counter() - start:.1f} s; "
          f"pictures are in {output_dir(args.out)}/")


if __name__ == "__main__":
    main()
