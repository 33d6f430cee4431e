"""``library``: the methodology library (:mod:`monev.methodologies`) — the presets and the
versions admins saved: ``list``, ``save FILE`` (a methodology workbook or YAML as a new
version; the same definition again changes nothing) and ``diff OLD NEW`` (what changed,
by section and code). A cycle is created from a saved version in the app (Admin ›
Metodologi) or with ``cycle create --methodology ID@VERSI``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams, acting, opened, table
from monev.cli.methodology import resolve
from monev.cli.parsing import database_options
from monev.errors import UsageError


def add_parsers(sub: Any) -> None:
    """``library`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    p = sub.add_parser("library", parents=common,
                       help="pustaka metodologi: daftar, simpan versi baru, bandingkan")
    p.set_defaults(run=run)
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p),
                               title="aksi", metavar="AKSI")
    q = actions.add_parser("list", parents=common,
                           help="metodologi bawaan dan versi yang disimpan")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q = actions.add_parser("save", parents=common,
                           help="simpan berkas metodologi (.xlsx, .yaml) sebagai versi baru "
                                "(admin)")
    q.add_argument("path", type=Path, metavar="BERKAS")
    q = actions.add_parser("diff", parents=common,
                           help="perbedaan dua metodologi (ID, ID@VERSI atau berkas)")
    q.add_argument("old", metavar="LAMA")
    q.add_argument("new", metavar="BARU")
    q.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace, io: Streams) -> int:
    """Run one ``library`` action."""
    from monev import methodologies as lib

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        try:
            if args.action == "list":
                items = lib.list_methodologies(db, actor)
                if args.format == "json":
                    print(json.dumps([i.as_dict() for i in items], ensure_ascii=False,
                                     indent=2), file=io.out)
                else:
                    print(table(["Ref", "Tahun", "Judul", "Asal"], [
                        [i.ref, str(i.year), i.title,
                         "bawaan" if i.preset else f"disimpan {i.saved_by}, "
                         f"{i.saved_at:%Y-%m-%d}" + (f" ({i.source_name})"
                                                     if i.source_name else "")]
                        for i in items]), file=io.out)
                return EXIT_OK
            if args.action == "save":
                return _save(db, actor, args.path, io)
            old, _ = resolve(args.old, io.err, db=db, actor=actor)
            new, _ = resolve(args.new, io.err, db=db, actor=actor)
        except lib.InvalidMethodology as exc:
            print(f"Metodologi tidak dapat dipakai: {exc.source}", file=io.err)
            for p in exc.problems:
                print(f"  {p}", file=io.err)
            return EXIT_REJECTED
    changes = lib.compare(old, new)
    lines = lib.change_lines(changes, lib.stage_names(old, new))
    if args.format == "json":
        print(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2),
              file=io.out)
    elif not changes:
        print(f"Tidak ada perbedaan antara {args.old} dan {args.new}.", file=io.out)
    else:
        print(table(["Perubahan", "Sebelum", "Sesudah"],
                    [[line.what, _short(line.old), _short(line.new)] for line in lines]),
              file=io.out)
    return EXIT_OK


def _short(text: str, limit: int = 80) -> str:
    """A table cell: one line, at most `limit` characters (JSON gives the whole value)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _save(db: Any, actor: Any, path: Path, io: Streams) -> int:
    from monev import methodologies as lib

    if path.is_dir() or not path.is_file():
        raise UsageError(f"Berkas tidak ditemukan: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Berkas {path} tidak dapat dibaca: {exc.strerror or exc}") from None
    methodology = lib.read_methodology_file(path.name, data)
    saved = lib.save_methodology(db, actor, methodology, source_name=path.name,
                                 source_data=data)
    if saved.created:
        print(f"Disimpan sebagai {saved.entry.ref}: {saved.entry.title}.", file=io.out)
    else:
        print(f"Sudah ada di pustaka sebagai {saved.entry.ref} dengan isi yang sama; tidak "
              f"ada yang diubah.", file=io.out)
    return EXIT_OK
