"""``bodies``: the badan publik of a cycle — list them, register one (``add``), set their
website addresses (``set-website``) — the same use cases the app's Admin page calls
(:mod:`monev.bodies`).

``bodies list`` prints one record per badan publik taking part in the cycle: ``id``,
``nama``, ``kategori``, ``wilayah``, ``email``, ``situs`` (addresses separated by spaces)
and ``partisipasi``. The table is for people; CSV and JSON for machines (CSV text cells
escaped so they never run as formulas).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError

if TYPE_CHECKING:
    from monev.bodies import BodyInfo

FORMATS = ("table", "csv", "json")
RECORD_KEYS = ("id", "nama", "kategori", "wilayah", "email", "situs", "partisipasi")
HEADERS = ("Id", "Nama", "Kategori", "Wilayah", "E-mail", "Situs", "Partisipasi")


def add_parsers(sub: Any) -> None:
    """``bodies`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    bodies = sub.add_parser("bodies", help="badan publik sebuah siklus: daftar, tambah, "
                                           "alamat situs", parents=common)
    bodies.set_defaults(run=run)
    actions = bodies.add_subparsers(dest="action", required=True, parser_class=type(bodies),
                                    title="aksi", metavar="AKSI")
    p = actions.add_parser("list", parents=common,
                           help="cetak badan publik yang ikut siklus")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")

    p = actions.add_parser("add", parents=common,
                           help="daftarkan badan publik dan undang ke siklus")
    p.add_argument("name", metavar="NAMA")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--category", required=True, metavar="KODE",
                   help="kode kategori metodologi siklus (mis. kecamatan)")
    p.add_argument("--region", default="", metavar="WILAYAH")
    p.add_argument("--email", default="", metavar="ALAMAT",
                   help="alamat e-mail PPID (untuk pemberitahuan)")
    p.add_argument("--website", action="append", default=[], metavar="URL",
                   help="alamat situs resmi/PPID (boleh diulang)")
    p.add_argument("--format", choices=FORMATS, default="table")

    p = actions.add_parser("set-website", parents=common,
                           help="ganti alamat situs badan publik (tanpa URL: hapus semua)")
    p.add_argument("body", type=whole_number, metavar="ID_BADAN_PUBLIK")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")


def run(args: argparse.Namespace, io: Streams) -> int:
    """List, add, or set the websites of badan publik of ``--cycle``."""
    from monev.bodies import get_body, list_bodies, register_body, set_websites

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "add":
            info = register_body(db, actor, args.cycle, name=args.name,
                                 category=args.category, region=args.region.strip(),
                                 email=args.email, websites=args.website)
            shown = [info]
            print(f"Badan publik '{info.name}' (id {info.id}) terdaftar di siklus "
                  f"{args.cycle}.", file=io.err)
        elif args.action == "set-website":
            info = set_websites(db, actor, args.cycle, args.body, args.urls)
            shown = [get_body(db, actor, args.cycle, info.id)]
            said = ", ".join(info.websites) or "tidak ada (dihapus)"
            print(f"Alamat situs '{info.name}': {said}.", file=io.err)
        elif args.action == "list":
            shown = list_bodies(db, actor, args.cycle)
        else:  # pragma: no cover - argparse refuses other actions
            raise UsageError(f"Aksi '{args.action}' tidak dikenal.")
    print(render(shown, args.format), file=io.out)
    return EXIT_OK


def records(bodies: Sequence[BodyInfo]) -> list[dict[str, Any]]:
    from monev.bodies import PARTICIPATION_LABELS

    return [{"id": b.id, "nama": b.name, "kategori": b.category, "wilayah": b.region,
             "email": b.email, "situs": " ".join(b.websites),
             "partisipasi": PARTICIPATION_LABELS.get(b.participation or "", "")}
            for b in bodies]


def render(bodies: Sequence[BodyInfo], fmt: str) -> str:
    """The badan publik as ``table``, ``csv`` or ``json``."""
    rows = records(bodies)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        from reports.safety import csv_text

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(RECORD_KEYS)
        for row in rows:
            writer.writerow([row[key] if isinstance(row[key], int) else csv_text(row[key])
                             for key in RECORD_KEYS])
        return buffer.getvalue().rstrip("\n")
    return table(HEADERS, [(str(r["id"]), r["nama"], r["kategori"], r["wilayah"] or "-",
                            r["email"] or "-", "\n".join(r["situs"].split()) or "-",
                            r["partisipasi"] or "-") for r in rows])
