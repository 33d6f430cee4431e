"""``cycle``: monev cycles (create — prepared —, open, list with their status), stage
deadlines and locks, publication and reopening."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.methodology import METHODOLOGY_HELP, resolve
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.permissions import Actor

if TYPE_CHECKING:
    from monev import cycles
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``cycle`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    cycle = sub.add_parser("cycle", help="kelola siklus monev", parents=common)
    cycle.set_defaults(run=run)
    cycle_sub = cycle.add_subparsers(dest="action", required=True, parser_class=type(cycle),
                                 title="aksi", metavar="AKSI")
    p = cycle_sub.add_parser("create", help="buat siklus dari sebuah metodologi",
                             parents=common)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--methodology", metavar="ID|ID@VERSI|BERKAS", help=METHODOLOGY_HELP)
    source.add_argument("--methodology-file", type=Path, metavar="BERKAS",
                        help="metodologi KI sendiri (lembar kerja .xlsx atau .yaml)")
    p.add_argument("--ki", required=True, metavar="NAMA_KI")
    p.add_argument("--year", required=True, type=whole_number, metavar="TAHUN")
    p.add_argument("--title", default="", metavar="JUDUL")
    p.add_argument("--open", action="store_true",
                   help="langsung buka siklus untuk semua peran (tanpa masa disiapkan)")
    p = cycle_sub.add_parser(
        "open", parents=common,
        help="buka siklus yang masih disiapkan bagi koordinator PPID dan pejabat")
    p.add_argument("cycle_id", nargs="?", type=whole_number, metavar="ID")
    p.add_argument("--cycle", type=whole_number, metavar="ID", help="sama dengan ID")
    p = cycle_sub.add_parser("list", help="daftar siklus dengan statusnya", parents=common)
    p.add_argument("--format", choices=("table", "json"), default="table")
    for name, help_ in (("publish", "tetapkan hasil (dibekukan)"),
                        ("reopen", "buka kembali hasil yang sudah ditetapkan")):
        p = cycle_sub.add_parser(name, help=help_, parents=common)
        p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
        if name == "reopen":
            p.add_argument("--reason", required=True, metavar="ALASAN")
    for name, help_ in (("lock", "kunci tahapan"), ("unlock", "buka kunci tahapan")):
        p = cycle_sub.add_parser(name, help=help_, parents=common)
        p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
        p.add_argument("--stage", required=True, metavar="KODE")
        if name == "unlock":
            p.add_argument("--reason", required=True, metavar="ALASAN")
    p = cycle_sub.add_parser("deadline", help="atur batas waktu tahapan", parents=common)
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--stage", required=True, metavar="KODE")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                   help="tanggal terakhir (WIB); '-' menghapus batas waktu")


def run(args: argparse.Namespace, io: Streams) -> int:
    """Run one ``cycle`` action."""
    with opened(args.database) as db:
        return _cycle(db, acting(db, args.as_user), args, io.out, io.err)


def _cycle_dict(info: cycles.CycleInfo) -> dict[str, Any]:
    return {"id": info.id, "ki": info.ki, "year": info.year, "title": info.title,
            "methodology_id": info.methodology_id,
            "methodology_version": info.methodology_version, "status": info.status,
            "created_at": info.created_at.isoformat(),
            "opened_at": info.opened_at.isoformat() if info.opened_at else None,
            "stages": [{"code": s.code, "name": s.name, "weight": s.weight,
                        "deadline": s.deadline.isoformat() if s.deadline else None,
                        "locked": s.locked} for s in info.stages]}


def _stage_text(stage: cycles.StageInfo) -> str:
    notes = [f"batas {stage.deadline.isoformat()}"] if stage.deadline else []
    if stage.locked:
        notes.append("terkunci")
    return f"{stage.code}" + (f" ({', '.join(notes)})" if notes else "")


def _stage_name(info: cycles.CycleInfo, code: str) -> str:
    return next((s.name for s in info.stages if s.code == code), code)


def _cycle(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
           err: TextIO) -> int:
    from monev import cycles

    action = args.action
    if action == "create":
        chosen, registry = resolve(args.methodology if args.methodology_file is None
                                   else args.methodology_file, err, db=db, actor=actor)
        methodology_id = chosen.id
        info = cycles.create_cycle(db, actor, methodology_id=methodology_id, ki=args.ki,
                                   year=args.year, title=args.title, registry=registry,
                                   prepared=not args.open)
        print(f"Siklus {info.id} dibuat: {info.title} (metodologi {info.methodology_id} "
              f"versi {info.methodology_version}; tahapan: "
              f"{', '.join(s.code for s in info.stages)}).", file=out)
        if info.prepared:
            print(f"Status: disiapkan — koordinator PPID dan pejabat belum melihatnya. "
                  f"Buka dengan 'python -m monev cycle open {info.id}'.", file=out)
        return EXIT_OK
    if action == "open":
        if args.cycle_id is not None and args.cycle is not None and \
                args.cycle_id != args.cycle:
            raise UsageError(f"Dua id siklus berbeda diberikan ({args.cycle_id} dan "
                             f"--cycle {args.cycle}); sebutkan satu saja.")
        cycle_id = args.cycle_id if args.cycle_id is not None else args.cycle
        if cycle_id is None:
            raise UsageError("Sebutkan siklus yang dibuka: 'python -m monev cycle open ID' "
                             "(lihat id-nya dengan 'python -m monev cycle list').")
        info = cycles.open_cycle(db, actor, cycle_id)
        print(f"Siklus {info.id} dibuka: {info.title} kini berjalan dan terlihat oleh semua "
              f"peran.", file=out)
        return EXIT_OK
    if action == "list":
        items = cycles.list_cycles(db, actor)
        if args.format == "json":
            print(json.dumps([_cycle_dict(c) for c in items], ensure_ascii=False, indent=2),
                  file=out)
            return EXIT_OK
        rows = [(str(c.id), str(c.year), c.ki, c.title,
                 f"{c.methodology_id} v{c.methodology_version}", c.status_label,
                 "\n".join(_stage_text(s) for s in c.stages)) for c in items]
        print(table(("ID", "Tahun", "KI", "Judul", "Metodologi", "Status", "Tahapan"), rows),
              file=out)
        if not items:
            print("Belum ada siklus. Buat dengan 'python -m monev cycle create'.", file=err)
        return EXIT_OK
    if action == "publish":
        from monev.outcomes.publication import publish

        pub = publish(db, actor, args.cycle)
        print(f"Hasil siklus {pub.cycle_id} ditetapkan (penetapan ke-{pub.seq}): "
              f"{pub.bodies} badan publik, {pub.scored} di antaranya bernilai. Perubahan "
              f"berikutnya memerlukan 'cycle reopen' dengan alasan.", file=out)
        return EXIT_OK
    if action == "reopen":
        from monev.outcomes.publication import reopen

        reopen(db, actor, args.cycle, args.reason)
        print(f"Siklus {args.cycle} dibuka kembali; hasil yang sudah ditetapkan tetap "
              f"tersimpan. Alasan: {args.reason.strip()}", file=out)
        return EXIT_OK
    if action in ("lock", "unlock"):
        locked = action == "lock"
        info = cycles.set_lock(db, actor, args.cycle, args.stage, locked,
                               "" if locked else args.reason)
        state = "dikunci" if locked else "dibuka kuncinya"
        print(f"Tahapan '{_stage_name(info, args.stage)}' siklus {info.id} {state}.",
              file=out)
        return EXIT_OK
    # deadline
    deadline = _date(args.date)
    info = cycles.set_deadline(db, actor, args.cycle, args.stage, deadline)
    text = deadline.isoformat() if deadline else "tidak ada"
    print(f"Batas waktu tahapan '{_stage_name(info, args.stage)}' siklus {info.id}: {text}.",
          file=out)
    return EXIT_OK


def _date(text: str) -> date | None:
    if text.strip() in ("-", ""):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"Tanggal '{text}' tidak sah; gunakan format YYYY-MM-DD, mis. "
                         f"2025-07-31.") from None
