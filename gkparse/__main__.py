"""``python -m gkparse``: the command line."""

import sys

from gkparse.cli import main

if __name__ == "__main__":
    sys.exit(main())
