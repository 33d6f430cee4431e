"""``python -m monev``: the command line (exit statuses in :mod:`monev.cli`).

Failures inside a command are handled by :func:`monev.cli.main`; this module covers what
happens around it: the reader of stdout going away, Ctrl+C while the program is still
starting, and a program that cannot even be loaded (a broken installation) — each as one
line on stderr, never a traceback (unless ``MONEV_DEBUG=1``).
"""

import os
import sys
import traceback

try:
    from monev import INTERRUPTED  # the package itself exits on Ctrl+C while it loads
    from monev.cli import main
except KeyboardInterrupt:
    print(INTERRUPTED, file=sys.stderr)
    sys.exit(130)
except Exception as exc:  # a broken installation: the log file is not known yet
    if os.environ.get("MONEV_DEBUG", "").strip() not in ("", "0"):
        traceback.print_exc()
    print(f"Galat internal: monev-kip tidak dapat dimuat ({type(exc).__name__}: {exc}). "
          f"Pasang ulang dependensi dengan 'make setup'; jalankan lagi dengan MONEV_DEBUG=1 "
          f"untuk melihat rinciannya.", file=sys.stderr)
    sys.exit(3)

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # e.g. `python -m monev score … | head`
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    code = 0
except KeyboardInterrupt:  # between main() returning and the exit
    print(INTERRUPTED, file=sys.stderr)
    code = 130  # monev.cli.EXIT_INTERRUPTED
sys.exit(code)
