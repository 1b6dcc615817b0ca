"""``python -m autograd_core``: the command line (see ``command_line.commands``)."""

import sys

from .command_line.commands import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m autograd_core"))
