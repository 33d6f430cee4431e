"""``bodies``: the badan publik of a cycle — list them, register one (``add``), set their
website addresses (``set-website``), correct a category (``set-category``) — the same use
cases the app's Admin page calls (:mod:`monev.bodies`).

``bodies list`` prints one record per badan publik taking part in the cycle: ``id``,
``nama``, ``kategori``, ``wilayah``, ``email``, ``email_gagal`` (when the newest e-mail to
that address failed: refused or bounced, when, the server's answer —
:mod:`notifications.delivery`; the table marks the address, stderr counts them), ``situs``
(addresses separated by spaces) and ``partisipasi`` (no times: none is kept per body). The
table is for people; CSV and JSON for machines (CSV text cells escaped so they never run
as formulas).

``bodies add`` says on stderr what it did: a new body registered, or one already registered
(``sudah terdaftar``, perhaps under another of its names) invited to the cycle now or
already taking part (its status left as it was), and each detail replaced, address added or
already recorded; a registered body typed with another category is refused (exit 2,
nothing changed) naming its category. ``bodies set-website`` works on a body taking part in
``--cycle`` (else refused, nothing changed), says what the addresses were and are, and
removes them all only with ``--clear``. ``bodies set-category`` corrects a category chosen
wrongly (an admin, with ``--reason``; refused once a questionnaire, online answer, panel
score or bonus was given on the old one — :func:`monev.bodies.change_category`).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.output import machine_text
from monev.cli.parsing import database_options, whole_number
from monev.clock import WIB
from monev.errors import UsageError
from reports.formatting import date_time

if TYPE_CHECKING:
    from monev.bodies import BodyInfo, CategoryChange, WebsitesChange
    from notifications.delivery import AddressProblem

FORMATS = ("table", "csv", "json")
RECORD_KEYS = ("id", "nama", "kategori", "wilayah", "email", "email_gagal", "situs",
               "partisipasi")
HEADERS = ("Id", "Nama", "Kategori", "Wilayah", "E-mail", "Situs", "Partisipasi")
FORMAT_HELP = ("bentuk keluaran di stdout: table untuk dibaca, csv atau json untuk "
               "program (bawaan: table)")
CYCLE_HELP = "id siklus (lihat 'python -m monev cycle list')"


def add_parsers(sub: Any) -> None:
    """``bodies`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    bodies = sub.add_parser("bodies", help="badan publik sebuah siklus: daftar, tambah, "
                                           "alamat situs, kategori", parents=common)
    bodies.set_defaults(run=run)
    actions = bodies.add_subparsers(dest="action", required=True, parser_class=type(bodies),
                                    title="aksi", metavar="AKSI")
    p = actions.add_parser("list", parents=common,
                           help="cetak badan publik yang ikut siklus",
                           description="Cetak badan publik yang ikut siklus: id, nama, "
                                       "kategori, wilayah, e-mail, alamat situs dan status "
                                       "partisipasi (koordinator PPID: cakupannya saja).")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID",
                   help=CYCLE_HELP)
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)

    p = actions.add_parser(
        "add", parents=common, help="daftarkan badan publik dan undang ke siklus",
        description="Daftarkan badan publik dan undang ke siklus. Bila nama (atau nama "
                    "lainnya) sudah terdaftar, badan publik itu yang diundang: kategorinya "
                    "harus sama (kategori lain ditolak, tidak ada yang diubah), wilayah dan "
                    "e-mail yang ditulis menggantikan yang tercatat, situs ditambahkan; "
                    "yang sudah ikut siklus tetap dengan statusnya. Apa yang dilakukan "
                    "dicetak di stderr.")
    p.add_argument("name", metavar="NAMA", help="nama badan publik (atau nama lainnya)")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID",
                   help="id siklus tempat badan publik diundang (lihat 'python -m monev "
                        "cycle list')")
    p.add_argument("--category", required=True, metavar="KODE",
                   help="kode kategori metodologi siklus (mis. kecamatan); untuk badan "
                        "publik terdaftar: kategorinya yang tercatat")
    p.add_argument("--region", default="", metavar="WILAYAH",
                   help="wilayah badan publik (mis. Kab. Contoh); untuk badan publik "
                        "terdaftar: menggantikan yang tercatat")
    p.add_argument("--email", default="", metavar="ALAMAT",
                   help="alamat e-mail PPID (untuk pemberitahuan); untuk badan publik "
                        "terdaftar: menggantikan yang tercatat")
    p.add_argument("--website", action="append", default=[], metavar="URL",
                   help="alamat situs resmi/PPID (boleh diulang); ditambahkan ke alamat "
                        "yang tercatat")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)

    p = actions.add_parser(
        "set-website", parents=common,
        help="ganti alamat situs badan publik (--clear: hapus semua)",
        description="Ganti alamat situs badan publik yang ikut siklus dengan URL yang "
                    "ditulis (urutannya dipertahankan). Alamat situs milik badan publik, "
                    "berlaku di setiap siklus yang diikutinya; pemantauan situs "
                    "mengunjunginya.")
    p.add_argument("body", type=whole_number, metavar="ID_BADAN_PUBLIK",
                   help="id badan publik (lihat 'bodies list')")
    p.add_argument("urls", nargs="*", metavar="URL",
                   help="alamat situs baru (satu atau lebih), mis. https://ppid.contoh.go.id")
    p.add_argument("--clear", action="store_true",
                   help="hapus semua alamat situs badan publik ini (tanpa URL)")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID",
                   help="id siklus yang diikuti badan publik ini (lihat 'python -m monev "
                        "cycle list')")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)

    p = actions.add_parser(
        "set-category", parents=common,
        help="perbaiki kategori badan publik yang salah pilih (admin, dengan alasan)",
        description="Perbaiki kategori badan publik yang ikut siklus (admin), dengan alasan "
                    "yang disimpan di riwayat. Hanya selama belum ada yang dinilai dengan "
                    "kategori lama di siklus mana pun: kuesioner masuk, jawaban daring, "
                    "nilai panel, nilai tambahan, pemantauan situs yang dinilai. Hasil "
                    "yang sudah ditetapkan tidak berubah.")
    p.add_argument("body", type=whole_number, metavar="ID_BADAN_PUBLIK",
                   help="id badan publik (lihat 'bodies list')")
    p.add_argument("--category", required=True, metavar="KODE",
                   help="kode kategori baru dari metodologi siklus (mis. kecamatan)")
    p.add_argument("--reason", required=True, metavar="ALASAN",
                   help="mengapa kategori diperbaiki (mis. 'salah pilih saat pendaftaran')")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID",
                   help="id siklus yang diikuti badan publik ini (lihat 'python -m monev "
                        "cycle list')")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)


def run(args: argparse.Namespace, io: Streams) -> int:
    """List, add, or set the websites of badan publik of ``--cycle``."""
    from monev.bodies import (
        change_category,
        change_websites,
        describe_registration,
        list_bodies,
        register_in_cycle,
    )
    from notifications.delivery import address_problems

    if args.action == "set-website":
        urls = [url for url in args.urls if url.strip()]
        if args.clear and urls:
            raise UsageError("--clear menghapus semua alamat situs dan tidak dipakai bersama "
                             "URL; tulis URL saja untuk mengganti alamatnya.")
        if not args.clear and not urls:
            raise UsageError("Tulis alamat situs baru (satu atau lebih), mis. "
                             "https://ppid.contoh.go.id, atau --clear untuk menghapus semua "
                             "alamat situs badan publik ini.")
    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "add":
            done = register_in_cycle(db, actor, args.cycle, name=args.name,
                                     category=args.category, region=args.region,
                                     email=args.email, websites=args.website)
            shown = [done.body]
            print(describe_registration(done, args.name, args.cycle), file=io.err)
        elif args.action == "set-website":
            change = change_websites(db, actor, args.cycle, args.body, urls)
            shown = [change.body]
            print(websites_text(change), file=io.err)
        elif args.action == "set-category":
            moved = change_category(db, actor, args.cycle, args.body, args.category,
                                    args.reason)
            shown = [moved.body]
            print(category_text(moved), file=io.err)
        elif args.action == "list":
            shown = list_bodies(db, actor, args.cycle)
            problems = address_problems(db, actor, args.cycle)
            if problems:
                where = ("ditandai di kolom E-mail" if args.format == "table"
                         else "kolom email_gagal")
                print(f"E-mail tidak sampai ke {len(problems)} badan publik ({where}): "
                      f"perbaiki alamatnya dengan 'bodies add NAMA --cycle {args.cycle} "
                      f"--category KODE --email ALAMAT' (badan publik yang sudah terdaftar: "
                      f"alamatnya diganti) atau di aplikasi.", file=io.err)
        else:  # pragma: no cover - argparse refuses other actions
            raise UsageError(f"Aksi '{args.action}' tidak dikenal.")
    print(render(shown, args.format, problems if args.action == "list" else {}),
          file=io.out)
    return EXIT_OK


def websites_text(change: WebsitesChange) -> str:
    """What ``bodies set-website`` did, in Indonesian."""
    body = change.body
    now = ", ".join(body.websites)
    before = ", ".join(change.old) or "tidak ada"
    who = f"'{body.name}' (id {body.id})"
    if not change.changed:
        return (f"Alamat situs {who} tidak berubah: {now or 'tidak ada'}; tidak ada yang "
                f"diubah.")
    if not body.websites:
        return f"Semua alamat situs {who} dihapus (sebelumnya: {before})."
    return f"Alamat situs {who} diganti: sebelumnya {before}; kini {now}."


def category_text(change: CategoryChange) -> str:
    """What ``bodies set-category`` did, in Indonesian."""
    body = change.body
    return (f"Kategori '{body.name}' (id {body.id}) diperbaiki: sebelumnya "
            f"'{change.old}' ({change.old_name}), kini '{body.category}' "
            f"({change.new_name}).")


def failure_text(problem: AddressProblem) -> str:
    """The ``email_gagal`` cell: what happened, when (WIB), the server's answer."""
    when = f" {date_time(problem.at, WIB)}" if problem.at else ""
    return f"{problem.what}{when}: {problem.reply or 'tanpa jawaban server'}"


def records(bodies: Sequence[BodyInfo],
            problems: Mapping[int, AddressProblem] | None = None) -> list[dict[str, Any]]:
    from monev.bodies import PARTICIPATION_LABELS

    problems = problems or {}
    return [{"id": b.id, "nama": b.name, "kategori": b.category, "wilayah": b.region,
             "email": b.email,
             "email_gagal": failure_text(problems[b.id]) if b.id in problems else "",
             "situs": " ".join(b.websites),
             "partisipasi": PARTICIPATION_LABELS.get(b.participation or "", "")}
            for b in bodies]


def render(bodies: Sequence[BodyInfo], fmt: str,
           problems: Mapping[int, AddressProblem] | None = None) -> str:
    """The badan publik as ``table``, ``csv`` or ``json``; `problems`: the bodies whose
    newest e-mail failed (:func:`notifications.delivery.address_problems`)."""
    rows = records(bodies, problems)
    if fmt != "table":
        return machine_text(rows, RECORD_KEYS, fmt)
    problems = problems or {}

    def email(row: dict[str, Any]) -> str:
        problem = problems.get(row["id"])
        if problem is None:
            return row["email"] or "-"
        return f"{row['email']}\n({problem.what})"

    return table(HEADERS, [(str(r["id"]), r["nama"], r["kategori"], r["wilayah"] or "-",
                            email(r), "\n".join(r["situs"].split()) or "-",
                            r["partisipasi"] or "-") for r in rows])
