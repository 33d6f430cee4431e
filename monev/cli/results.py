"""``results``: the results of a cycle (published ones once published), as a table, CSV
or JSON."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.outcomes.records import FORMATS, RECORD_KEYS, render, stage_columns
from monev.permissions import Actor

if TYPE_CHECKING:
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``results``, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    p = sub.add_parser("results", help="hasil siklus: nilai, predikat, peringkat, status",
                       parents=common)
    p.add_argument("action", nargs="?", choices=["rebuild"],
                   help="rebuild: hitung ulang nilai tersimpan dari riwayat (admin; tanpa "
                        "--cycle: semua siklus)")
    p.add_argument("--cycle", type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Print the records of ``--cycle``, or rebuild stored results (``rebuild``)."""
    if args.action is None and args.cycle is None:
        raise UsageError("Sebutkan siklusnya: python -m monev results --cycle ID "
                         "(daftar siklus: python -m monev cycle list).")
    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "rebuild":
            return _rebuild(db, actor, args, io.out)
        return _results(db, actor, args, io.out, io.err)


def _rebuild(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO) -> int:
    from monev.outcomes.results import rebuild_results

    done = rebuild_results(db, actor, args.cycle)
    if args.format == "json":
        print(json.dumps([{"siklus": r.cycle_id, "judul": r.title, "baris": r.rows,
                           "berbeda": r.differed} for r in done], ensure_ascii=False,
                         indent=2), file=out)
        return EXIT_OK
    for r in done:
        state = "sudah sesuai riwayat" if not r.differed else \
            f"{r.differed} baris diperbaiki"
        print(f"Siklus {r.cycle_id} ({r.title}): {r.rows} badan publik dihitung ulang "
              f"dari riwayat; {state}.", file=out)
    if not done:
        print("Belum ada siklus.", file=out)
    return EXIT_OK


def _results(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
             err: TextIO) -> int:
    from monev import cycles, services
    from monev.outcomes.results import cycle_records

    records = cycle_records(db, actor, args.cycle)
    with db.read() as session:
        methodology = cycles.methodology_of(cycles.load_cycle(session, args.cycle))
    codes = services.indicator_codes([methodology])
    if records or args.format != "table":
        print(render(records, args.format, codes, RECORD_KEYS, stage_columns(methodology)),
              file=out)
    if not records:
        print("Belum ada badan publik dalam siklus ini.", file=err)
    return EXIT_OK
