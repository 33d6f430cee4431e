"""``evidence``: evidence files (*data dukung*) of a cycle — attach a PDF or image to a
question of a badan publik (``add``), list them (``list``), save one (``get``).

``add`` exits with 1 when the file itself is refused (E601–E606: not a PDF or image, too
large, password, broken), like a rejected questionnaire; other refusals as every command.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monev.permissions import Actor

if TYPE_CHECKING:
    from evidence.files import EvidenceFileInfo
    from storage.db import Database

FORMATS = ("table", "json")


def add_parsers(sub: Any) -> None:
    """``evidence`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    group = sub.add_parser("evidence", help="berkas data dukung (PDF/gambar) per pertanyaan",
                           parents=common)
    group.set_defaults(run=run)
    actions = group.add_subparsers(dest="action", required=True, parser_class=type(group),
                                   title="aksi", metavar="AKSI")
    p = actions.add_parser("add", parents=common,
                           help="lampirkan berkas PDF atau gambar pada satu pertanyaan")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--body", required=True, type=whole_number, metavar="ID",
                   help="id badan publik")
    p.add_argument("--question", metavar="KODE",
                   help="kode pertanyaan, mis. 1.1 (boleh dikosongkan dengan --appeal: "
                        "pertanyaan sanggahnya)")
    p.add_argument("--appeal", type=whole_number, metavar="ID",
                   help="lampirkan sebagai bukti baru sanggah ini (masa sanggah)")
    p.add_argument("path", type=Path, metavar="BERKAS")
    p = actions.add_parser("list", parents=common, help="daftar berkas data dukung siklus")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--body", type=whole_number, metavar="ID", help="hanya badan publik ini")
    p.add_argument("--question", metavar="KODE", help="hanya pertanyaan ini")
    p.add_argument("--format", choices=FORMATS, default="table")
    p = actions.add_parser("get", parents=common, help="simpan satu berkas data dukung")
    p.add_argument("--file", required=True, type=whole_number, metavar="ID",
                   help="id berkas (lihat 'evidence list')")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS")


def run(args: argparse.Namespace, io: Streams) -> int:
    """Run one ``evidence`` action."""
    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "add":
            return _add(db, actor, args, io.out, io.err)
        if args.action == "get":
            return _get(db, actor, args, io.out)
        return _list(db, actor, args, io.out, io.err)


def describe(info: EvidenceFileInfo) -> str:
    """``sk.pdf (1,2 MB, 3 halaman)``."""
    from reports.formatting import file_size, integer

    parts = [file_size(info.size_bytes)]
    if info.pages is not None:
        parts.append(f"{integer(info.pages)} halaman")
    return f"{info.file_name} ({', '.join(parts)})"


def _add(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
         err: TextIO) -> int:
    from evidence.files import attach_file
    from evidence.inspect import EvidenceRefused

    path: Path = args.path
    if not path.is_file():
        raise UsageError(f"Berkas tidak ditemukan: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Berkas {path} tidak dapat dibaca: {exc.strerror or exc}.") from None
    try:
        done = attach_file(db, actor, args.cycle, args.body, args.question, path.name, data,
                           appeal_id=args.appeal)
    except EvidenceRefused as refused:
        print(f"Ditolak: {refused.message}", file=err)
        return EXIT_REJECTED
    info = done.file
    where = f"pertanyaan {info.question_code} {info.body_name}"
    if info.appeal_id is not None:
        where += f" (bukti sanggah #{info.appeal_id})"
    if not done.created:
        print(f"{describe(info)} sudah terlampir pada {where} (id {info.id}); tidak ada yang "
              f"diubah.", file=out)
    else:
        stored = "isinya sudah tersimpan, tidak disimpan dua kali" if done.blob_reused \
            else "disimpan"
        print(f"{describe(info)} dilampirkan pada {where}: id {info.id}, {stored}.", file=out)
    return EXIT_OK


def record(info: EvidenceFileInfo) -> dict[str, Any]:
    """One file as ``evidence list --format json`` prints it (times in WIB, as ``links
    check`` prints them)."""
    from monev.clock import WIB

    return {"id": info.id, "badan_publik_id": info.body_id, "badan_publik": info.body_name,
            "pertanyaan": info.question_code, "berkas": info.file_name,
            "ukuran_byte": info.size_bytes, "jenis": info.media_type, "halaman": info.pages,
            "keperluan": info.purpose, "sanggah": info.appeal_id,
            "diunggah_oleh": info.uploaded_by,
            "diunggah_pada": info.uploaded_at.astimezone(WIB).isoformat(timespec="seconds"),
            "sha256": info.sha256}


def _list(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
          err: TextIO) -> int:
    from evidence.files import list_files
    from monev.clock import WIB
    from reports.formatting import SHORT_TIME, date_time, file_size

    files = list_files(db, actor, args.cycle, body_id=args.body, question_code=args.question)
    if args.format == "json":
        print(json.dumps([record(f) for f in files], ensure_ascii=False, indent=2), file=out)
    elif files:
        print(table(
            ["ID", "Badan publik", "Pertanyaan", "Berkas", "Ukuran", "Halaman", "Keperluan",
             "Diunggah (WIB)", "Oleh"],
            [[str(f.id), f.body_name, f.question_code, f.file_name, file_size(f.size_bytes),
              "-" if f.pages is None else str(f.pages),
              f.purpose_label + (f" #{f.appeal_id}" if f.appeal_id else ""),
              date_time(f.uploaded_at, WIB, SHORT_TIME), f.uploaded_by] for f in files]),
              file=out)
    if not files:
        print("Belum ada berkas data dukung yang cocok pada siklus ini.", file=err)
    return EXIT_OK


def _get(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO) -> int:
    from evidence.files import fetch_file

    fetched = fetch_file(db, actor, args.file)
    output: Path = args.output
    if output.is_dir():
        output = output / fetched.file.download_name
    try:
        output.write_bytes(fetched.data)
    except OSError as exc:
        raise UsageError(f"Berkas {output} tidak dapat ditulis: {exc.strerror or exc}.") \
            from None
    print(f"{describe(fetched.file)} disimpan ke {output}.", file=out)
    return EXIT_OK
