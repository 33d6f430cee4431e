"""The command line: ``python -m monev COMMAND``, one module per command group.

- :mod:`monev.cli.headless` — ``methodologies``, ``template``, ``score``, ``rank`` (files
  only, no database)
- :mod:`monev.cli.methodology` — ``methodology`` (export a methodology as the workbook a KI
  edits, check one); ``--methodology`` takes an id or such a file everywhere
- :mod:`monev.cli.users` — ``users`` (accounts, login history)
- :mod:`monev.cli.cycles` — ``cycle`` (cycles, deadlines, locks, publication)
- :mod:`monev.cli.imports` — ``import`` (filled questionnaires into a cycle)
- :mod:`monev.cli.results` — ``results``
- :mod:`monev.cli.export` — ``export`` (ranking workbook and PDF, report cards, open data)
- :mod:`monev.cli.library` — ``library`` (the methodology library: list, save, diff)
- :mod:`monev.cli.whatif` — ``whatif`` (a cycle scored under another methodology)
- :mod:`monev.cli.links` — ``links`` (check a cycle's evidence links, show the verdicts)
- :mod:`monev.cli.bodies` — ``bodies`` (badan publik of a cycle: list, add, website
  addresses)
- :mod:`monev.cli.monitor` — ``monitor`` (website monitoring of a cycle: visit, findings,
  to-do lists)
- :mod:`monev.cli.evidence` — ``evidence`` (evidence files: add, list, get)
- :mod:`monev.cli.outbox` — ``outbox`` (the e-mail outbox: send, list)
- :mod:`monev.cli.backup` — ``backup`` and ``restore``
- :mod:`monev.cli.demo` — ``demo``

Each group module adds its parsers (``add_parsers(sub)``, each with ``run`` as its default)
and runs them (``run(args, io) -> exit status``); the database commands open the database
with :func:`monev.cli.base.opened` (``--database URL``, else ``DATABASE_URL``, else the
SQLite file under ``data/``; migrations run on opening) and act as ``--as USERNAME`` (an
existing, active account) or, by default, as the built-in admin actor *sistem*. The
services check every permission themselves; the commands only parse, call and print.

Results go to stdout, problems with input files to stderr. Exit status: 0 everything read,
1 a file was rejected (the good ones are still printed) or the request was refused
(permission, locked stage, conflict), 2 a usage error, 3 an internal error (a failure the
program did not foresee: one line on stderr, the traceback in the log file —
``MONEV_LOG_FILE``, by default ``data/monev.log`` — and on stderr too with
``MONEV_DEBUG=1``), 130 interrupted (Ctrl+C). No command ever shows a user a Python
traceback unless ``MONEV_DEBUG=1`` asks for it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from monev.cli import (
    backup,
    bodies,
    cycles,
    demo,
    evidence,
    export,
    headless,
    imports,
    library,
    links,
    methodology,
    monitor,
    outbox,
    results,
    users,
    whatif,
)
from monev.cli.base import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_REJECTED, EXIT_USAGE, Streams
from monev.cli.parsing import Parser, argparse_in_indonesian, database_options
from monev.errors import Conflict, PermissionDenied, ServiceError, StageLocked

# In the order `python -m monev -h` lists their commands.
GROUPS = (headless, methodology, users, cycles, bodies, imports, results, export, whatif,
          library, links, monitor, evidence, outbox, backup, demo)

DEBUG_ENV, LOG_FILE_ENV = "MONEV_DEBUG", "MONEV_LOG_FILE"
DEFAULT_LOG_FILE = Path(__file__).resolve().parents[2] / "data" / "monev.log"

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # never Python's last-resort handler (stderr)


def build_parser() -> argparse.ArgumentParser:
    """The program's parser (in Indonesian) with every command group's commands."""
    with argparse_in_indonesian():  # the parents' sections are titled as the parsers' own
        parser = Parser(prog="python -m monev",
                        description="monev-kip: kuesioner, penilaian dan peringkat Monev KIP.",
                        parents=[database_options(suppress=False)])
        sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser,
                                    title="perintah", metavar="PERINTAH")
        for group in GROUPS:
            group.add_parsers(sub)
        return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run one command; returns the exit status (see the module docstring).

    Refusals and usage errors are printed as one message; anything unforeseen is caught
    here as a last resort (:data:`EXIT_INTERNAL`), so no traceback reaches the user.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        return args.run(args, Streams(out, err, stdin or sys.stdin))
    except (PermissionDenied, StageLocked, Conflict) as exc:
        print(f"Ditolak: {exc}", file=err)
        return EXIT_REJECTED
    except ServiceError as exc:
        print(f"Galat: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nDihentikan oleh pengguna (Ctrl+C); perintah tidak selesai.", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # the reader of stdout went away (`… | head`): __main__ ends quietly
    except Exception as exc:
        return internal_error(exc, _command_name(args), err)


def _command_name(args: argparse.Namespace | None) -> str:
    if args is None:
        return "python -m monev"
    action = getattr(args, "action", None) or getattr(args, "what", None)
    return " ".join(str(part) for part in (args.command, action) if part)


def internal_error(exc: BaseException, command: str, err: TextIO) -> int:
    """Report an unforeseen failure in one line on `err`, the traceback to the log.

    The traceback goes to this module's logger (and to whatever the host configured) and
    to the log file (``MONEV_LOG_FILE`` or ``data/monev.log``); with ``MONEV_DEBUG=1`` it
    is printed on `err` as well. Returns :data:`EXIT_INTERNAL`.
    """
    written = _log_failure(exc, command)
    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        print("".join(traceback.format_exception(exc)).rstrip(), file=err)
    lines = str(exc).strip().splitlines()
    detail = " ".join(lines[0].split()) if lines else ""
    detail = detail if len(detail) <= 120 else detail[:119] + "…"
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = (f"rinciannya tercatat di {written}" if written
             else "rinciannya tidak dapat dicatat ke berkas log")
    print(f"Galat internal: perintah '{command}' gagal karena kesalahan tak terduga "
          f"({what}); {where}. Jalankan lagi dengan {DEBUG_ENV}=1 untuk menampilkan "
          f"rinciannya di layar, atau laporkan ke pengelola aplikasi.", file=err)
    return EXIT_INTERNAL


def _log_failure(exc: BaseException, command: str) -> Path | None:
    """Log the traceback; also into the log file, whose path is returned when written."""
    path = Path(os.environ.get(LOG_FILE_ENV, "").strip() or DEFAULT_LOG_FILE)
    handler: logging.Handler | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = None
    if handler is not None:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: "
                                               "%(message)s"))
        log.addHandler(handler)
    try:
        log.error("python -m monev %s gagal", command, exc_info=exc)
    finally:
        if handler is not None:
            log.removeHandler(handler)
            handler.close()
    return path if handler is not None else None
