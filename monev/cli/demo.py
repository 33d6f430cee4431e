"""``demo``: fill an empty database with the demo monev (fictional Kabupaten Sukamaju) and
list the demo accounts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, opened, table
from monev.cli.parsing import database_options

if TYPE_CHECKING:
    from monev.demo import DemoInfo

COUNT_LABELS = {
    "badan_publik": "badan publik", "submitted": "mengisi SAQ tepat waktu",
    "late": "terlambat", "not_submitted": "tidak mengisi SAQ / tidak register",
    "verifications": "jawaban diverifikasi", "lowered": "di antaranya diturunkan",
    "panel_scores": "nilai juri", "open_appeals": "sanggah terbuka",
}


def add_parsers(sub: Any) -> None:
    """``demo``, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    p = sub.add_parser("demo", parents=common,
                       help="isi basis data kosong dengan data demo (Kabupaten Sukamaju "
                            "fiktif) dan tampilkan akun demo")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Seed the demo (a database with users or cycles is left alone) and print
    :func:`report`. ``--as`` is ignored: the demo acts as its own accounts."""
    from monev.demo import seed_demo

    with opened(args.database) as db:
        print(report(seed_demo(db)), file=io.out)
        return EXIT_OK


def report(info: DemoInfo) -> str:
    """The demo's outcome and its accounts, as the command line prints it."""
    from monev.demo import KI, PREVIOUS_YEAR, YEAR

    lines = [info.message]
    if info.seeded:
        counts = ", ".join(f"{info.counts[k]} {label}" for k, label in COUNT_LABELS.items())
        seconds = f"{info.seconds:.1f}".replace(".", ",")
        lines.append(f"{KI}: siklus {YEAR} (id {info.cycle_id}, berjalan) dan {PREVIOUS_YEAR} "
                     f"(id {info.previous_cycle_id}, ditetapkan); {counts}. Selesai dalam "
                     f"{seconds} detik.")
    if info.accounts:
        lines += ["", "Akun demo (kata sandi sederhana: ganti atau nonaktifkan sebelum "
                      "dipakai sungguhan):",
                  table(("Peran", "Nama pengguna", "Kata sandi", "Nama", "Untuk"),
                        [(a.role.label, a.username, a.password, a.display_name, a.note)
                         for a in info.accounts])]
    return "\n".join(lines)
