"""Run every demo in order: ``python -m demos [--out FOLDER] [--quick]`` (what ``make demo`` does).

``python -m demos xor moons`` runs only the demos named, in the order given.
"""

import time

from . import (activation_table, chain_rule, descent_variants, gradient_descent, higher_order,
               matrix_form, moons, playground, softmax_network, step_by_step, xor, xor_pictures)
from .output import output_dir, parser_for

DEMOS = [chain_rule, gradient_descent, descent_variants, activation_table, step_by_step, matrix_form,
         softmax_network, xor, xor_pictures, moons, playground, higher_order]


def name_of(demo):
    """A demo's name, as ``python -m demos NAME`` and ``python -m demos.NAME`` take it."""
    return demo.__name__.rpartition(".")[2]


def main(argv=None):
    by_name = {name_of(demo): demo for demo in DEMOS}
    parser = parser_for(__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="only these demos, in this order: " + ", ".join(by_name))
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in by_name]
    if unknown:
        parser.error(f"no demo is called {', '.join(unknown)}; the demos are "
                     f"{', '.join(by_name)}")
    chosen = [by_name[name] for name in args.names] or DEMOS
    forwarded = (["--out", args.out] if args.out else []) + (["--quick"] if args.quick else [])
    start = time.perf_counter()
    for demo in chosen:
        demo.main(forwarded)
    print()
    which = f"All {len(DEMOS)} demos" if chosen is DEMOS else \
        f"{len(chosen)} demo{'s' if len(chosen) > 1 else ''}"
    print(f"{which} ran in {time.perf_counter() - start:.1f} s; "
          f"pictures are in {output_dir(args.out)}/")


if __name__ == "__main__":
    main()
