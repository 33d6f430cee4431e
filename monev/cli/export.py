"""``export KEY``: the officials' documents, one subcommand per export of
:func:`monev.exports.registry` — ranking workbook and PDF, report cards, open data — each
with the options its entry declares."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, acting, opened
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.exports import Export, Request, Subject, get, registry

if TYPE_CHECKING:
    from monev.exports import Exported
    from monev.permissions import Actor
    from storage.db import Database


def _output_help(export: Export) -> str:
    suffix = Path(export.file_name(Subject(2025, "KI", 1, "BP"))).suffix
    if export.writes_folder:
        return f"folder tujuan berkas-berkasnya (atau satu berkas {suffix})"
    return f"berkas tujuan ({suffix})"


def add_parsers(sub: Any) -> None:
    """``export``, on the program's subparsers `sub`: a subcommand per registered export."""
    common = [database_options(suppress=True)]
    keys = [export.key for export in registry()]
    p = sub.add_parser("export", parents=common,
                       help="laporan: " + ", ".join(e.noun for e in registry()),
                       description="Tulis laporan sebuah siklus ke berkas.")
    what = p.add_subparsers(dest="what", required=True, parser_class=type(p),
                            title="laporan", metavar="|".join(keys))
    for export in registry():
        q = what.add_parser(export.key, parents=common, help=export.help,
                            description=f"{export.label}. {export.help}")
        q.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
        q.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                       help=_output_help(export))
        if export.needs_body:
            q.add_argument("--body", required=True, type=whole_number, metavar="ID",
                           help="badan publik")
        for option in export.options:
            q.add_argument(option.flag, dest=option.name, metavar=option.metavar,
                           choices=None if option.many or not option.choices
                           else option.choices,
                           help=option.help + (f" (bawaan: {option.default})"
                                               if isinstance(option.default, str) else ""))
        q.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Write the export ``what`` of ``--cycle`` to ``--output``."""
    export = get(args.what)
    request = Request(args.cycle, getattr(args, "body", None), workers=os.cpu_count() or 1,
                      options={o.name: value for o in export.options
                               if (value := o.value(getattr(args, o.name))) is not None})
    with opened(args.database) as db:
        done = _write(export, db, acting(db, args.as_user), request, args.output)
    print(f"Ditulis ke {args.output}: {done.count} badan publik, {done.size / 1024:.0f} KB.",
          file=io.out)
    return EXIT_OK


def _write(export: Export, db: Database, actor: Actor, request: Request,
           target: Path) -> Exported:
    try:
        return export.run(db, actor, request, target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if export.writes_folder and target.suffix.lower() != ".zip":
            raise UsageError(f"Tidak dapat menulis {export.noun} ke folder {target}: "
                             f"{reason}. Pastikan {target} adalah folder (atau belum ada) dan "
                             f"folder induknya ada serta dapat ditulisi.") from None
        raise UsageError(f"Tidak dapat menulis {target}: {reason}. Pastikan {target} adalah "
                         f"nama berkas (bukan folder) di folder yang ada dan dapat "
                         f"ditulisi.") from None
