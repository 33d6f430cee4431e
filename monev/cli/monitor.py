"""``monitor``: website monitoring of a cycle — visit every badan publik's website now (or
resume the interrupted run; progress on stderr), then print what was found.

Prints one record per body and item (a question with website signals) from each body's
newest visit — ``badan_publik``, ``item``, ``item_text`` (the question, short), ``status``
(``found``, ``broken``, ``not_found``, ``blocked``, ``not_visited``: one each, see
:mod:`monitoring.status`), ``found`` (true only when found and its link opens; empty when
the site could not be visited), ``url``, ``checked_at`` (ISO 8601 in WIB), then
``judul_halaman``, ``teks_tautan``, ``dokumen`` and ``keterangan`` — read with
:func:`monitoring.runs.findings`, the same the app shows. A body without a website address
is one record (status ``no_address``, no item). A summary line ends stderr. ``--show``
prints the stored findings without visiting; ``--todo`` prints the koordinator's to-do
list per body instead. The table is for people (Indonesian headers, times in WIB); CSV and
JSON for machines (CSV text cells escaped so they never run as formulas).

A published cycle is not monitored (``--show`` and ``--todo`` still read it).
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
from monitoring.status import (
    BLOCKED,
    BROKEN,
    FOUND,
    NO_ADDRESS,
    NO_ADDRESS_TODO,
    NO_WEBSITE,
    NOT_FOUND,
    PRIVATE_HINT,
    SITE_OK,
    STATUS_LABELS,
)

if TYPE_CHECKING:
    from monitoring.runs import BodyTodo, Finding
RECORD_KEYS = ("badan_publik", "item", "item_text", "status", "found", "url", "checked_at",
               "judul_halaman", "teks_tautan", "dokumen", "keterangan")
HEADERS = ("Badan Publik", "Butir", "Pertanyaan", "Hasil", "Alamat", "Diperiksa", "Dokumen",
           "Keterangan")
TODO_KEYS = ("badan_publik", "item", "item_text", "perbaikan")
CYCLE_HELP = "id siklus (lihat 'python -m monev cycle list')"
FORMAT_HELP = ("bentuk keluaran di stdout: table untuk dibaca, csv atau json untuk program "
               "(bawaan: table)")


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
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID",
                   help=f"{CYCLE_HELP}; siklus yang hasilnya sudah ditetapkan tidak dipantau "
                        f"lagi (--show dan --todo tetap dapat membacanya)")
    p.add_argument("--body", type=whole_number, metavar="ID",
                   help="hanya badan publik ini (id dari 'python -m monev bodies list "
                        "--cycle ID'); bawaan: semua badan publik siklus (dalam cakupan Anda)")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
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
    if any(PRIVATE_HINT in f.detail for f in found):
        print(f"Sebagian situs beralamat jaringan internal dan tidak dikunjungi. "
              f"{PRIVATE_HINT}", file=io.err)
    print(summary(found), file=io.err)
    return EXIT_OK


def records(found: Sequence[Finding]) -> list[dict[str, Any]]:
    """One record per body and item; a body without a website address is one record
    (status ``no_address``, no item), not one per item it could not be looked for."""
    out: list[dict[str, Any]] = []
    done: set[int] = set()
    for f in found:
        if f.status != NO_ADDRESS:
            out.append(f.record())
        elif f.body_id not in done:
            done.add(f.body_id)
            out.append({**dict.fromkeys(RECORD_KEYS), "badan_publik": f.body_name,
                        "status": NO_ADDRESS, "checked_at": f.record()["checked_at"],
                        "keterangan": NO_ADDRESS_TODO})
    return out


def render(found: Sequence[Finding], fmt: str) -> str:
    """The findings as ``table``, ``csv`` or ``json`` (:func:`records`)."""
    rows = records(found)
    if fmt != "table":
        return machine_text(rows, RECORD_KEYS, fmt)
    from jobs.background import checked_text

    shown = {(f.body_name, f.item): f for f in found}
    lines = []
    for row in rows:
        if row["status"] == NO_ADDRESS:
            lines.append((row["badan_publik"], "-", "-", STATUS_LABELS[NO_ADDRESS], "-", "-",
                          "-", row["keterangan"]))
            continue
        f = shown[(row["badan_publik"], row["item"])]
        lines.append((f.body_name, f.item, f.item_text or "-", f.status_label, f.url or "-",
                      checked_text(f.checked_at), f.document or "-", f.detail or "-"))
    return table(HEADERS, lines)


def summary(found: Sequence[Finding]) -> str:
    """The line that ends stderr: bodies by what their visit was, items by status (they
    add up).

    ``Ringkasan: 6 badan publik (4 dikunjungi, 1 tidak dapat diperiksa, 1 alamat situs
    belum dicatat); 27 butir di situs yang dikunjungi: 17 ditemukan, 2 tautan rusak, 6
    tidak ditemukan, 2 dilarang robots.txt.``"""
    from monitoring.runs import count_statuses

    sites: dict[int, str] = {}
    for f in found:
        sites[f.body_id] = f.site_outcome
    read = [f for f in found if f.site_outcome == SITE_OK]
    counts = count_statuses(read)
    visited = sum(o == SITE_OK for o in sites.values())
    no_address = sum(o == NO_WEBSITE for o in sites.values())
    bodies = [f"{visited} dikunjungi"]
    if len(sites) - visited - no_address:
        bodies.append(f"{len(sites) - visited - no_address} tidak dapat diperiksa")
    if no_address:
        bodies.append(f"{no_address} alamat situs belum dicatat")
    items = ", ".join(f"{counts[s]} {STATUS_LABELS[s]}" for s in (FOUND, BROKEN, NOT_FOUND,
                                                                   BLOCKED))
    return (f"Ringkasan: {len(sites)} badan publik ({', '.join(bodies)}); {len(read)} butir "
            f"di situs yang dikunjungi: {items}.")


def render_todo(lists: Sequence[BodyTodo], fmt: str) -> str:
    """The to-do lists: one record per body and thing to fix (``badan_publik``, ``item``,
    ``item_text``, ``perbaikan``), or for ``table`` each body's message as it would be
    sent."""
    rows = [{"badan_publik": t.body_name, "item": e.item or None,
             "item_text": e.item_text or None, "perbaikan": e.text}
            for t in lists for e in t.items]
    if fmt != "table":
        return machine_text(rows, TODO_KEYS, fmt)
    if not lists:
        return "Tidak ada yang perlu diperbaiki menurut pemantauan terakhir."
    return "\n\n".join(t.message() for t in lists)
