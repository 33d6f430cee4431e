"""Application layer of monev-kip: use cases shared by the CLI and the app.

Importing :mod:`monev` installs the unit of work that keeps every participant's stored
current result up to date in the transaction of each write that changes it
(:mod:`monev.outcomes.projection`, registered by :mod:`monev.outcomes.upkeep`).
"""

import sys

INTERRUPTED = "\nDihentikan oleh pengguna (Ctrl+C); perintah tidak selesai."

try:
    from monev.outcomes.upkeep import install as _install_upkeep

    _install_upkeep()
except KeyboardInterrupt:  # Ctrl+C while `python -m monev` is still starting: no traceback
    print(INTERRUPTED, file=sys.stderr)
    sys.exit(130)
