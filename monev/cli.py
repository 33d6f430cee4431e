"""The command line: ``python -m monev methodologies|template|score|rank`` (headless) and
``users|cycle|import|results`` (on the database, in :mod:`monev.cli_storage`).

Thin: parse arguments, call :mod:`monev.services`, print. Results go to stdout, problems
with input files to stderr. Exit status: 0 everything read, 1 a file was rejected (the
good ones are still printed) or the request was refused (permission, locked stage,
conflict), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from monev import cli_storage, services
from monev.errors import Conflict, PermissionDenied, ServiceError, StageLocked, UsageError
from monev.records import FORMATS, render, result_record
from questionnaires.batch import STATUS_LABEL, BatchResult, FileStatus
from questionnaires.errors import ProblemsError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: galat: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m monev",
                     description="monev-kip: kuesioner, penilaian dan peringkat Monev KIP.",
                     parents=[cli_storage.database_options(suppress=False)])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
    print(f"{len(batch.files)} berkas dibaca: {len(batch.accepted)} diterima, "
          f"{len(batch.rejected)} ditolak; {len(batch.submissions)} badan publik dinilai.",
          file=err)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if args.command in cli_storage.COMMANDS:
            return cli_storage.run(args, out, err, stdin or sys.stdin)
        return _run(args, out, err)
    except (PermissionDenied, StageLocked, Conflict) as exc:
        print(f"Ditolak: {exc}", file=err)
        return EXIT_REJECTED
    except ServiceError as exc:
        print(f"Galat: {exc}", file=err)
        return EXIT_USAGE


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
        records = [result_record(r) for r in run.results]
        codes = services.indicator_codes(run.methodologies.values())
        if records or args.format != "table":
            print(render(records, args.format, codes), file=out)
        report_batch(run.batch, err)
        return EXIT_REJECTED if run.batch.rejected else EXIT_OK

    # rank
    if not args.path.exists():
        raise UsageError(f"Berkas tidak ditemukan: {args.path}")
    try:
        _, records = services.rank_file(args.path, args.methodology)
    except ProblemsError as exc:
        print(f"Ditolak: {args.path.name}", file=err)
        for p in exc.problems:
            print(f"  {p}", file=err)
        return EXIT_REJECTED
    print(render(records, args.format), file=out)
    return EXIT_OK
