"""``python -m nn.playground [--dataset D] [--port P] [--host H] [--no-browser]``"""

import sys

from .launch import main

if __name__ == "__main__":
    sys.exit(main())
