"""Where the demos write their pictures, and how they draw them.

Every demo writes into one folder: ``out/`` by default, or the folder given
by ``--out`` on the command line or the ``DEMO_OUT`` environment variable.
Rendering is optional: without a Graphviz renderer or without matplotlib a
demo prints one line saying so and goes on; its text output is complete
either way.
"""

import argparse
import os
import sys

DEFAULT_OUT = "out"
QUICK_ENV = "DEMO_QUICK"


def output_dir(out=None):
    """The output folder (created if needed): ``out``, else $DEMO_OUT, else ``out/``."""
    path = out or os.environ.get("DEMO_OUT") or DEFAULT_OUT
    os.makedirs(path, exist_ok=True)
    return path


def parser_for(description):
    """The demos' shared command line, ``--out FOLDER`` and ``--quick``, named as it is run
    (``python -m demos.chain_rule``, not ``chain_rule.py``)."""
    script = os.path.splitext(os.path.basename(sys.argv[0] or ""))[0]
    prog = "python -m demos" + ("" if script in ("", "__main__", "-c") else f".{script}")
    parser = argparse.ArgumentParser(prog=prog, description=description.replace("``", ""))
    parser.add_argument("--out", default=None,
                        help=f"folder for pictures (default: $DEMO_OUT or {DEFAULT_OUT}/)")
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get(QUICK_ENV)),
                        help=f"small sizes, for a fast check (also ${QUICK_ENV}=1)")
    return parser


def parse_args(description, argv=None):
    """``--out FOLDER`` and ``--quick`` read from ``argv`` (default: the command line)."""
    return parser_for(description).parse_args(argv)


def demo_main(doc, compute, show, quick=(), full=(), title=None):
    """The ``main()`` every demo shares: read ``--out`` and ``--quick``, compute, show, return.

    ``quick`` and ``full`` are the arguments of ``compute`` for each size, a
    tuple (positional) or a dict (keywords); ``show(result, out)`` prints the
    demo and draws its pictures into the output folder. A ``title`` is
    printed as a heading first, for a demo whose computing prints progress.
    """
    def main(argv=None):
        args = parse_args(doc.splitlines()[0], argv)
        if title:
            heading(title)
        chosen = quick if args.quick else full
        result = compute(**chosen) if isinstance(chosen, dict) else compute(*chosen)
        show(result, output_dir(args.out))
        return result
    return main


def heading(text):
    print()
    print(text)
    print("=" * len(text))


def render_graph(root, out, filename, **options):
    """Render ``root`` 's computation graph to ``out/filename`` (SVG); the path, or None.

    Options go to ``autograd_core.seeing.pictures.to_dot`` (``collapse_neurons``,
    ``show_grad``, ``title``, …).
    """
    from autograd_core.seeing.pictures import render_svg
    from autograd_core.seeing.renderers import RendererNotFoundError

    path = os.path.join(out, filename)
    try:
        render_svg(root, path, **options)
    except RendererNotFoundError:
        print(f"(no Graphviz renderer here: {filename} not drawn; "
              f"pip install 'autograd-core[render]' to get one)")
        return None
    print(f"wrote {path}")
    return path


def pyplot():
    """matplotlib's pyplot with a file-only backend, or None (after one line saying so)."""
    try:
        import matplotlib
    except ImportError:
        print("(matplotlib is not installed: pictures skipped; "
              "pip install 'autograd-core[plot]' to get them)")
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt
