"""The command line: ``python -m monev methodologies|template|score|rank`` (headless) and
``users|cycle|import|results`` (on the database, in :mod:`monev.cli_storage`).

Thin: parse arguments, call :mod:`monev.services`, print. Results go to stdout, problems
with input files to stderr. Exit status: 0 everything read, 1 a file was rejected (the
good ones are still printed) or the request was refused (permission, locked stage,
conflict), 2 a usage error, 3 an internal error (a failure the program did not foresee:
one line on stderr, the traceback in the log file — ``MONEV_LOG_FILE``, by default
``data/monev.log`` — and on stderr too with ``MONEV_DEBUG=1``), 130 interrupted (Ctrl+C).
No command ever shows a user a Python traceback unless ``MONEV_DEBUG=1`` asks for it.
"""

from __future__ import annotations

import argparse
import gettext
import json
import logging
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from monev import cli_storage, services
from monev.errors import Conflict, PermissionDenied, ServiceError, StageLocked, UsageError
from monev.records import FORMATS, render, result_record
from questionnaires.batch import STATUS_LABEL, BatchResult, FileStatus
from questionnaires.errors import ProblemsError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C
DEBUG_ENV, LOG_FILE_ENV = "MONEV_DEBUG", "MONEV_LOG_FILE"
DEFAULT_LOG_FILE = Path(__file__).resolve().parent.parent / "data" / "monev.log"

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # never Python's last-resort handler (stderr)


# -- argparse in Indonesian ----------------------------------------------------------------
#
# argparse makes every text it shows — "usage:", section titles, the -h help, each error —
# through gettext: its module-level functions ``argparse._`` and ``argparse.ngettext``,
# looked up each time a text is made (Python documents these strings as translatable with
# gettext). ARGPARSE_ID is the Indonesian catalog of those msgids, every one of Python
# 3.11–3.13's argparse (tests/monev/test_cli_errors.py keeps it complete for the running
# Python). While a parser of this program is built, parses or formats its help,
# ``argparse_in_indonesian`` binds argparse's two functions to a gettext translation over
# that catalog, then restores them: other parsers in the process (pytest's, Streamlit's) keep
# their own language.

ARGPARSE_ID: dict[str, str] = {
    # help and usage
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "subcommands": "subperintah",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    " (default: %(default)s)": " (bawaan: %(default)s)",
    "%(heading)s:": "%(heading)s:",
    # errors in what the user typed
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: peringatan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen ini wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih salah satu dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r bukan %(type)s yang sah",
    "expected one argument": "harus diikuti satu nilai",
    "expected at most one argument": "hanya boleh diikuti paling banyak satu nilai",
    "expected at least one argument": "harus diikuti paling sedikit satu nilai",
    "expected %s argument": "harus diikuti %s nilai",
    "expected %s arguments": "harus diikuti %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi ambigu: %(option)s dapat berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "ignored explicit argument %r": "tidak menerima nilai, tetapi diberi %r",
    "unexpected option string: %s": "opsi tidak terduga: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal: %(parser_name)r (pilihan: %(choices)s)",
    "argument \"-\" with mode %r": "argumen \"-\" dengan mode %r",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "argument '%(argument_name)s' is deprecated": "argumen '%(argument_name)s' sudah usang",
    "option '%(option)s' is deprecated": "opsi '%(option)s' sudah usang",
    "command '%(parser_name)s' is deprecated": "perintah '%(parser_name)s' sudah usang",
    # mistakes in a parser's definition (programmers', never a user's)
    "%r is not callable": "%r tidak dapat dipanggil",
    "'required' is an invalid argument for positionals":
        "'required' tidak berlaku untuk argumen posisi",
    ".__call__() not defined": ".__call__() belum didefinisikan",
    "cannot have multiple subparser arguments": "hanya boleh ada satu kelompok subperintah",
    "cannot merge actions - two groups are named %r":
        "aksi tidak dapat digabung: dua kelompok bernama %r",
    "conflicting option string: %s": "opsi bentrok: %s",
    "conflicting option strings: %s": "opsi bentrok: %s",
    "conflicting subparser: %s": "subperintah bentrok: %s",
    "conflicting subparser alias: %s": "alias subperintah bentrok: %s",
    "dest= is required for options like %r": "dest= wajib untuk opsi seperti %r",
    "invalid conflict_resolution value: %r": "nilai conflict_resolution tidak sah: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "opsi %(option)r tidak sah: harus diawali karakter %(prefix_chars)r",
    "mutually exclusive arguments must be optional":
        "argumen yang saling meniadakan harus berupa opsi",
}


class _ArgparseIndonesian(gettext.NullTranslations):
    """A gettext translation of argparse's msgids through :data:`ARGPARSE_ID`."""

    def gettext(self, message: str) -> str:
        if isinstance(message, str) and message in ARGPARSE_ID:
            return ARGPARSE_ID[message]
        return super().gettext(message)  # untranslated (argparse also asks for None)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


_INDONESIAN = _ArgparseIndonesian()


@contextmanager
def argparse_in_indonesian() -> Iterator[None]:
    """argparse's texts in Indonesian inside the block (nested blocks are fine)."""
    module: Any = argparse
    saved = module._, module.ngettext
    module._, module.ngettext = _INDONESIAN.gettext, _INDONESIAN.ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved


class _Parser(argparse.ArgumentParser):
    """This program's parser: argparse in Indonesian (see :func:`argparse_in_indonesian`)
    wherever it makes text — built, parsing, formatting usage or help — and usage errors
    exit with :data:`EXIT_USAGE`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with argparse_in_indonesian():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with argparse_in_indonesian():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_in_indonesian():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_in_indonesian():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_in_indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_in_indonesian():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: galat: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    with argparse_in_indonesian():  # the parents' sections are titled as the parsers' own
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m monev",
                     description="monev-kip: kuesioner, penilaian dan peringkat Monev KIP.",
                     parents=[cli_storage.database_options(suppress=False)])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                title="perintah", metavar="PERINTAH")

    p = sub.add_parser("methodologies", help="daftar metodologi yang tersedia")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("template", help="tulis templat kuesioner (.xlsx) untuk satu kategori")
    p.add_argument("--methodology", required=True, metavar="ID")
    p.add_argument("--category", required=True, metavar="KODE")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS.xlsx")

    p = sub.add_parser("score", help="baca kuesioner terisi, nilai dan peringkat")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="berkas .xlsx, .csv, ZIP, atau folder")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--methodology", metavar="ID",
                   help="tolak berkas untuk metodologi lain")

    p = sub.add_parser("rank", help="predikat dan peringkat untuk nilai akhir dari sistem lain")
    p.add_argument("path", type=Path, metavar="BERKAS.csv")
    p.add_argument("--methodology", required=True, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")

    cli_storage.add_parsers(sub)
    return parser


def report_batch(batch: BatchResult, err: TextIO) -> None:
    """Rejected files with every reason, warnings, and a one-line summary, on stderr."""
    for report in batch.files:
        if report.status is FileStatus.REJECTED:
            print(f"{STATUS_LABEL[report.status]}: {report.name}", file=err)
            for p in report.errors:
                print(f"  {p}", file=err)
        for p in report.warnings:
            print(f"Peringatan: {p}", file=err)
    empty = sum(1 for s in batch.submissions if s.is_empty)
    scored = f"{len(batch.submissions) - empty} badan publik dinilai"
    if empty:
        scored += f", {empty} tidak mengisi SAQ"
    print(f"{len(batch.files)} berkas dibaca: {len(batch.accepted)} diterima, "
          f"{len(batch.rejected)} ditolak; {scored}.", file=err)


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
        if args.command in cli_storage.COMMANDS:
            return cli_storage.run(args, out, err, stdin or sys.stdin)
        return _run(args, out, err)
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


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "methodologies":
        items = services.list_methodologies()
        if args.format == "json":
            print(json.dumps([m.as_dict() for m in items], ensure_ascii=False, indent=2),
                  file=out)
        else:
            width = max((len(m.id) for m in items), default=2)
            print(f"{'ID':<{width}}  Tahun  Kategori / Judul", file=out)
            for m in items:
                print(f"{m.id:<{width}}  {m.year:<5}  {', '.join(m.categories)}\n"
                      f"{'':<{width}}         {m.title}", file=out)
        return EXIT_OK

    if args.command == "template":
        try:
            methodology = services.make_template(args.methodology, args.category, args.output)
        except OSError as exc:
            raise UsageError(f"Tidak dapat menulis {args.output}: "
                                      f"{exc.strerror or exc}") from None
        print(f"Templat {methodology.id} kategori {args.category} ditulis ke {args.output}",
              file=err)
        return EXIT_OK

    if args.command == "score":
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            raise UsageError("Berkas tidak ditemukan: "
                                      + ", ".join(str(p) for p in missing))
        run = services.score_files(args.paths, args.methodology)
        # The participation status is shown only when some body did not fill its SAQ.
        with_status = any(not r.participation.scored for r in run.results)
        records = [result_record(r, with_status=with_status) for r in run.results]
        codes = services.indicator_codes(run.methodologies.values())
        if records or args.format != "table":
            print(render(records, args.format, codes), file=out)
        report_batch(run.batch, err)
        return EXIT_REJECTED if run.batch.rejected else EXIT_OK

    # rank
    if not args.path.exists():
        raise UsageError(f"Berkas tidak ditemukan: {args.path}")
    if args.path.is_dir():
        raise UsageError(f"{args.path} adalah folder, bukan berkas; rank membaca satu tabel "
                         f"nilai (.csv atau .xlsx).")
    try:
        _, records = services.rank_file(args.path, args.methodology)
    except ProblemsError as exc:
        print(f"Ditolak: {args.path.name}", file=err)
        for p in exc.problems:
            print(f"  {p}", file=err)
        return EXIT_REJECTED
    print(render(records, args.format), file=out)
    return EXIT_OK
