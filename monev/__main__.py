"""``python -m monev``: the command line."""

import os
import sys

from monev.cli import main

# Guarded: worker processes that parse uploads (questionnaires.isolation) import the main
# module again under another name, and must not run the command line a second time.
if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m monev score … | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    sys.exit(code)
