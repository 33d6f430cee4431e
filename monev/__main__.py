"""``python -m monev``: the command line."""

import sys

from monev.cli import main

sys.exit(main())
