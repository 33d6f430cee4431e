"""``import``: store filled questionnaires (workbooks, ZIPs, responses tables) in a cycle."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.permissions import Actor

if TYPE_CHECKING:
    from monev import imports
    from questionnaires.errors import Problem
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``import``, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    p = sub.add_parser("import", help="unggah kuesioner terisi ke sebuah siklus",
                       parents=common)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="berkas .xlsx, .csv, ZIP, atau folder")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Import the files of ``import`` into ``--cycle``; 1 when a file was rejected."""
    with opened(args.database) as db:
        return _import(db, acting(db, args.as_user), args, io.out, io.err)


def _problem_text(p: Problem, file: str) -> str:
    loc = p.location
    where = "!".join(part for part in (loc.sheet, loc.cell) if part)
    if loc.file and loc.file != file:
        where = f"{loc.file} › {where}" if where else loc.file
    fix = f" {p.fix}" if p.fix else ""
    prefix = "" if p.is_error else "Peringatan: "
    return f"{prefix}[{p.code}] {where + ': ' if where else ''}{p.message}.{fix}"


def import_rows(report: imports.ImportReport) -> list[tuple[str, str, str, str, str]]:
    """The rows of the import table: (file, badan publik, status, version, reasons); a
    responses table gives one row per badan publik, the file named on the first."""
    from monev import imports

    rows: list[tuple[str, str, str, str, str]] = []
    for f in report.files:
        problems = [_problem_text(p, f.name) for p in f.errors + f.warnings]
        if len(f.submissions) > 1:  # a responses table: one row per badan publik
            for n, s in enumerate(f.submissions):
                status = imports.ImportStatus.UNCHANGED if s.unchanged else f.status
                reasons = (problems if n == 0 else []) + s.notes
                rows.append((f.name if n == 0 else "", s.badan_publik, status.label,
                             str(s.version), "\n".join(reasons)))
            continue
        reasons = problems + f.notes
        version = "-" if f.version is None else str(f.version)
        rows.append((f.name, f.badan_publik or "-", f.status.label, version,
                     "\n".join(reasons)))
    return rows


def _import(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
            err: TextIO) -> int:
    from monev import imports

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError("Berkas tidak ditemukan: " + ", ".join(str(p) for p in missing))
    report = imports.import_paths(db, actor, args.cycle, args.paths)
    print(table(("Berkas", "Badan Publik", "Status", "Versi", "Keterangan"),
                import_rows(report)), file=out)
    print(f"\n{len(report.files)} berkas: {len(report.accepted)} diterima, "
          f"{len(report.unchanged)} tidak berubah, {len(report.rejected)} ditolak; "
          f"{len(report.stored)} versi kuesioner baru disimpan ke siklus {args.cycle}.",
          file=out)
    if report.rejected:
        print("Berkas yang ditolak tidak disimpan sama sekali; perbaiki lalu unggah lagi.",
              file=err)
    return EXIT_REJECTED if report.rejected else EXIT_OK
