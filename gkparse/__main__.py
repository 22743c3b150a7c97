from gkparse.cli import main
import sys
sys.exit(main())
