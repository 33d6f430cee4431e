"""``export``: the officials' documents — ranking workbook and PDF, report cards, open
data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.permissions import Actor

if TYPE_CHECKING:
    from monev import exports
    from storage.db import Database

EXPORTS = ("ranking", "ranking-pdf", "report-cards", "report-card", "open-data")



def add_parsers(sub: Any) -> None:
    """``export``, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    p = sub.add_parser("export", help="laporan: peringkat (xlsx/PDF), rapor badan publik, "
                       "data terbuka", parents=common)
    p.add_argument("what", choices=EXPORTS, metavar="|".join(EXPORTS))
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                   help="berkas (.xlsx, .pdf, .zip) atau folder untuk data terbuka")
    p.add_argument("--body", type=whole_number, metavar="ID",
                   help="badan publik (untuk report-card)")
    p.add_argument("--format", choices=("csv", "json", "both"), default="both",
                   help="format data terbuka")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Write the export ``what`` of ``--cycle`` to ``--output``."""
    with opened(args.database) as db:
        return _export(db, acting(db, args.as_user), args, io.out)


def _export(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO) -> int:
    target = args.output
    try:
        done = _write_export(db, actor, args)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if args.what == "open-data":
            raise UsageError(f"Tidak dapat menulis data terbuka ke folder {target}: {reason}. "
                             f"Pastikan {target} adalah folder (atau belum ada) dan folder "
                             f"induknya ada serta dapat ditulisi.") from None
        raise UsageError(f"Tidak dapat menulis {target}: {reason}. Pastikan {target} adalah "
                         f"nama berkas (bukan folder) di folder yang ada dan dapat "
                         f"ditulisi.") from None
    print(f"Ditulis ke {target}: {done.count} badan publik, {done.size / 1024:.0f} KB.",
          file=out)
    return EXIT_OK


def _write_export(db: Database, actor: Actor, args: argparse.Namespace) -> exports.Exported:
    import os

    from monev import exports

    target = args.output
    if args.what == "ranking":
        return exports.export_ranking(db, actor, args.cycle, target)
    if args.what == "ranking-pdf":
        return exports.export_ranking_pdf(db, actor, args.cycle, target)
    if args.what == "report-cards":
        return exports.export_report_cards(db, actor, args.cycle, target,
                                           workers=os.cpu_count() or 1)
    if args.what == "report-card":
        if args.body is None:
            raise UsageError("report-card memerlukan --body ID badan publik.")
        return exports.export_report_card(db, actor, args.cycle, args.body, target)
    return exports.export_open_data(db, actor, args.cycle, target, args.format)
