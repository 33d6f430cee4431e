"""``backup`` and ``restore``: one whole cycle to one file and back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.permissions import Actor

if TYPE_CHECKING:
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``backup`` and ``restore``, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    p = sub.add_parser("backup", help="cadangkan satu siklus lengkap ke satu berkas",
                       parents=common)
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS.zip")
    p.set_defaults(run=run)

    p = sub.add_parser("restore", help="pulihkan siklus dari berkas cadangan",
                       parents=common)
    p.add_argument("path", type=Path, metavar="BERKAS.zip")
    p.add_argument("--title", metavar="JUDUL",
                   help="judul baru bila judul siklus sudah dipakai")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Back up ``--cycle`` or restore a backup file."""
    with opened(args.database) as db:
        return _backup(db, acting(db, args.as_user), args, io.out, io.err)


def _backup(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
            err: TextIO) -> int:
    from monev.backup import backup_cycle, restore_cycle

    if args.command == "backup":
        info = backup_cycle(db, actor, args.cycle, args.output)
        rows = sum(info.counts.values())
        print(f"Siklus {info.cycle_id} ({info.title}) dicadangkan ke {args.output}: "
              f"{rows} baris, {info.bytes / 1024:.0f} KB, SHA-256 {info.sha256}.", file=out)
        return EXIT_OK
    if not args.path.exists():
        raise UsageError(f"Berkas tidak ditemukan: {args.path}")
    if args.path.is_dir():
        raise UsageError(f"{args.path} adalah folder, bukan berkas cadangan (.zip) yang "
                         f"dibuat dengan 'python -m monev backup'.")
    restored = restore_cycle(db, actor, args.path, title=args.title)
    print(f"Siklus dipulihkan sebagai siklus {restored.cycle_id} ({restored.title}): "
          f"{restored.bodies_created} badan publik baru, {restored.bodies_matched} cocok "
          f"dengan yang sudah ada; {len(restored.users_created)} akun dibuat nonaktif"
          f"{': ' + ', '.join(restored.users_created) if restored.users_created else ''}.",
          file=out)
    for warning in restored.warnings:
        print(f"Peringatan: {warning}", file=err)
    return EXIT_OK
