"""``monitor``: website monitoring of a cycle — visit every badan publik's website now (or
resume the interrupted run; progress on stderr), then print what was found.

Prints one record per body and item (a question with website signals) from each body's
newest visit — ``badan_publik``, ``item``, ``found`` (true/false; empty when the site could
not be visited), ``url``, ``checked_at`` (ISO 8601 in WIB), then ``judul_halaman``,
``teks_tautan``, ``dokumen`` and ``keterangan`` — read with
:func:`monitoring.runs.findings`, the same the app shows. ``--show`` prints the stored
findings without visiting; ``--todo`` prints the koordinator's to-do list per body instead.
The table is for people (Indonesian headers, times in WIB); CSV and JSON for machines (CSV
text cells escaped so they never run as formulas).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.output import FORMATS, Meter, machine_text
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError

if TYPE_CHECKING:
    from monitoring.runs import BodyTodo, Finding
RECORD_KEYS = ("badan_publik", "item", "found", "url", "checked_at", "judul_halaman",
               "teks_tautan", "dokumen", "keterangan")
HEADERS = ("Badan Publik", "Butir", "Ditemukan", "Alamat", "Diperiksa", "Dokumen",
           "Keterangan")


def add_parsers(sub: Any) -> None:
    """``monitor`` on the program's subparsers `sub`."""
    p = sub.add_parser(
        "monitor", parents=[database_options(suppress=True)],
        help="pantau situs badan publik sebuah siklus (kemajuan di stderr), lalu cetak "
             "temuannya per badan publik dan butir",
        description="Kunjungi situs setiap badan publik siklus (atau satu badan publik) dan "
                    "catat apa yang ditemukan untuk setiap pertanyaan bersinyal; pemantauan "
                    "yang terputus dilanjutkan.")
    p.set_defaults(run=run)
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--body", type=whole_number, metavar="ID",
                   help="hanya badan publik ini (id dari 'bodies list')")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--show", action="store_true",
                   help="cetak temuan terakhir tanpa mengunjungi situs")
    p.add_argument("--todo", action="store_true",
                   help="cetak daftar perbaikan per badan publik (untuk dikirim koordinator)")
    p.add_argument("--concurrency", type=whole_number, default=8, metavar="N",
                   help="situs yang dikunjungi bersamaan (bawaan: 8)")
    p.add_argument("--max-pages", type=whole_number, default=40, metavar="N",
                   help="halaman yang dibaca per situs (bawaan: 40)")
    p.add_argument("--delay", type=seconds, default=Decimal(1), metavar="DETIK",
                   help="jeda antarpermintaan ke satu situs, dalam detik (bawaan: 1; mis. "
                        "0,5)")


def seconds(text: str) -> Decimal:
    """A number of seconds 0–60, typed with a decimal comma or point."""
    from reports.formatting import NumberTextError, parse_decimal

    try:
        value = parse_decimal(text)
    except NumberTextError:
        value = None
    if value is None or not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"'{text}' bukan jumlah detik 0 sampai 60 "
                                         f"(mis. 1 atau 0,5)")
    return value


def run(args: argparse.Namespace, io: Streams) -> int:
    """Monitor (or show) the websites of ``--cycle``."""
    from monitoring.crawler import CrawlSettings
    from monitoring.runs import findings, monitor, todo

    if not 1 <= args.concurrency <= 64:
        raise UsageError("--concurrency berisi bilangan 1 sampai 64.")
    if not 1 <= args.max_pages <= 1000:
        raise UsageError("--max-pages berisi bilangan 1 sampai 1000.")
    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if not args.show:
            meter = Meter(io.err, "Memantau situs badan publik: {done} dari {total} "
                                  "({percent}%)")
            info = monitor(db, actor, args.cycle, body_id=args.body,
                           settings=CrawlSettings.from_environment(
                               concurrency=args.concurrency, max_pages=args.max_pages,
                               host_delay=float(args.delay)),
                           progress=meter)
            meter.finish(f"Pemantauan situs {info.id}: {info.state_label}, {info.done} dari "
                         f"{info.total} badan publik, {info.pages} halaman dibaca.")
        if args.todo:
            lists = todo(db, actor, args.cycle, body_id=args.body)
            print(render_todo(lists, args.format), file=io.out)
            return EXIT_OK
        found = findings(db, actor, args.cycle, body_id=args.body)
    print(render(found, args.format), file=io.out)
    if not found:
        print("Belum ada temuan pemantauan situs pada siklus ini (metodologinya mungkin "
              "tidak punya sinyal situs, atau belum ada badan publik yang dikunjungi).",
              file=io.err)
    return EXIT_OK


def _found_text(found: bool | None) -> str:
    return {True: "ya", False: "tidak", None: "tidak diperiksa"}[found]


def render(found: Sequence[Finding], fmt: str) -> str:
    """The findings as ``table``, ``csv`` or ``json``."""
    if fmt != "table":
        return machine_text([f.record() for f in found], RECORD_KEYS, fmt)
    from jobs.background import checked_text

    return table(HEADERS, [
        (f.body_name, f.item, _found_text(f.found), f.url or "-", checked_text(f.checked_at),
         f.document or "-", f.detail or "-") for f in found])


def render_todo(lists: Sequence[BodyTodo], fmt: str) -> str:
    """The to-do lists: one record per body and thing to fix (``badan_publik``, ``item``,
    ``perbaikan``), or for ``table`` each body's message as it would be sent."""
    rows = [{"badan_publik": t.body_name, "item": e.item or None, "perbaikan": e.text}
            for t in lists for e in t.items]
    if fmt != "table":
        return machine_text(rows, ("badan_publik", "item", "perbaikan"), fmt)
    if not lists:
        return "Tidak ada yang perlu diperbaiki menurut pemantauan terakhir."
    return "\n\n".join(t.message() for t in lists)
