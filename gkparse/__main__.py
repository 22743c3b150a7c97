import sys

from gkparse.cli import main

sys.exit(main())
