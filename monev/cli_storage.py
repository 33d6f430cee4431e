"""The commands that work on the database: ``users``, ``cycle``, ``import`` and ``results``.

Each command opens :class:`~storage.db.Database` (``--database URL``, else ``DATABASE_URL``,
else the SQLite file under ``data/``; migrations run on opening) and acts as ``--as
USERNAME`` (an existing, active account) or, by default, as the built-in admin actor
*sistem* for shell use. The services check every permission themselves; this module only
parses, calls and prints.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.clock import WIB
from monev.errors import PermissionDenied, UsageError
from monev.permissions import SYSTEM, Actor, Role
from monev.records import FORMATS, RECORD_KEYS, render

if TYPE_CHECKING:  # the modules below load SQLAlchemy, Alembic and argon2: only when used
    from monev import accounts, cycles, exports, imports
    from questionnaires.errors import Problem
    from storage.db import Database

EXIT_OK, EXIT_REJECTED = 0, 1
COMMANDS = frozenset({"users", "cycle", "import", "results", "backup", "restore", "demo",
                      "export"})
EXPORTS = ("ranking", "ranking-pdf", "report-cards", "report-card", "open-data")


# -- parsers ------------------------------------------------------------------------------


def whole_number(text: str) -> int:
    """``type=`` of the numeric options (ids, a year), named for argparse's message about a
    value that is not one: "argumen --cycle: 'x' bukan bilangan bulat yang sah"."""
    return int(text)


whole_number.__name__ = "bilangan bulat"


def database_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--database`` and ``--as``: accepted before the command and after it."""
    parent = argparse.ArgumentParser(add_help=False)
    default: Any = argparse.SUPPRESS if suppress else None
    parent.add_argument("--database", metavar="URL", default=default,
                        help="basis data (mis. sqlite:///data/monev.db atau "
                             "postgresql://…); bawaan: DATABASE_URL atau data/monev.db")
    parent.add_argument("--as", dest="as_user", metavar="PENGGUNA", default=default,
                        help="bertindak sebagai akun ini (bawaan: 'sistem', seorang admin)")
    return parent


def add_parsers(sub: Any) -> None:
    common = [database_options(suppress=True)]

    users = sub.add_parser("users", help="kelola akun pengguna", parents=common)
    users_sub = users.add_subparsers(dest="action", required=True, parser_class=type(users),
                                 title="aksi", metavar="AKSI")
    p = users_sub.add_parser("add", help="tambah akun", parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", default="", metavar="NAMA", help="nama lengkap")
    password_options(p)
    p.add_argument("--scope", default="", metavar="ID,ID",
                   help="id badan publik dalam cakupan koordinator PPID")
    p = users_sub.add_parser("list", help="daftar akun", parents=common)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p = users_sub.add_parser("disable", help="nonaktifkan akun (sesinya langsung berakhir)",
                             parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    p.add_argument("--reason", default="", metavar="ALASAN")
    p = users_sub.add_parser("enable", help="aktifkan kembali akun", parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    p.add_argument("--reason", default="", metavar="ALASAN")
    p = users_sub.add_parser("role", help="ubah peran akun", parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--reason", default="", metavar="ALASAN")
    p = users_sub.add_parser("password", help="atur ulang kata sandi akun (sesinya berakhir)",
                             parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    password_options(p)
    p = users_sub.add_parser("logins", help="riwayat masuk (terbaru dahulu)", parents=common)
    p.add_argument("--username", default="", metavar="NAMA_PENGGUNA")
    p.add_argument("--limit", type=whole_number, default=100, metavar="N")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p = users_sub.add_parser("held", help="nama pengguna dan alamat yang sedang ditahan",
                             parents=common)
    p = users_sub.add_parser("unlock", help="buka penahanan nama pengguna atau alamat",
                             parents=common)
    p.add_argument("key", metavar="NAMA_PENGGUNA_ATAU_ALAMAT")
    p.add_argument("--address", action="store_true",
                   help="NAMA_PENGGUNA_ATAU_ALAMAT adalah alamat klien")
    p.add_argument("--reason", default="", metavar="ALASAN")

    cycle = sub.add_parser("cycle", help="kelola siklus monev", parents=common)
    cycle_sub = cycle.add_subparsers(dest="action", required=True, parser_class=type(cycle),
                                 title="aksi", metavar="AKSI")
    p = cycle_sub.add_parser("create", help="buat siklus dari sebuah metodologi",
                             parents=common)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--methodology", metavar="ID", help="metodologi bawaan")
    source.add_argument("--methodology-file", type=Path, metavar="BERKAS.yaml",
                        help="metodologi KI sendiri (YAML)")
    p.add_argument("--ki", required=True, metavar="NAMA_KI")
    p.add_argument("--year", required=True, type=whole_number, metavar="TAHUN")
    p.add_argument("--title", default="", metavar="JUDUL")
    p = cycle_sub.add_parser("list", help="daftar siklus", parents=common)
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

    p = sub.add_parser("import", help="unggah kuesioner terisi ke sebuah siklus",
                       parents=common)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="berkas .xlsx, .csv, ZIP, atau folder")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")

    p = sub.add_parser("results", help="hasil siklus: nilai, predikat, peringkat, status",
                       parents=common)
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")

    p = sub.add_parser("export", help="laporan: peringkat (xlsx/PDF), rapor badan publik, "
                       "data terbuka", parents=common)
    p.add_argument("what", choices=EXPORTS, metavar="|".join(EXPORTS))
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                   help="berkas (.xlsx, .pdf, .zip) atau folder untuk data terbuka")
    p.add_argument("--body", type=whole_number, metavar="ID",
                   help="badan publik (untuk report-card)")
    p.add_argument("--format", choices=("csv", "json", "both"), default="both",
                   help="format data terbuka")

    p = sub.add_parser("backup", help="cadangkan satu siklus lengkap ke satu berkas",
                       parents=common)
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS.zip")

    p = sub.add_parser("restore", help="pulihkan siklus dari berkas cadangan",
                       parents=common)
    p.add_argument("path", type=Path, metavar="BERKAS.zip")
    p.add_argument("--title", metavar="JUDUL",
                   help="judul baru bila judul siklus sudah dipakai")

    sub.add_parser("demo", parents=common,
                   help="isi basis data kosong dengan data demo (Kabupaten Sukamaju fiktif) "
                        "dan tampilkan akun demo")


# -- running ------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Run one database command (imports of the storage stack happen here, not at start)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return _run(args, out, err, stdin)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UsageError(f"basis data tidak dapat dipakai ({detail}). Periksa --database "
                         f"atau DATABASE_URL.") from None


def _run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from storage.db import Database

    adding = args.command == "users" and args.action == "add"
    resetting = args.command == "users" and args.action == "password"
    password = _password(args, stdin) if adding or resetting else ""  # before opening
    db = _open(Database, args.database)
    try:
        if args.command == "demo":
            from monev.demo import report, seed_demo

            print(report(seed_demo(db)), file=out)
            return EXIT_OK
        actor = _actor(db, args.as_user)
        if args.command == "users":
            if adding:
                return _users_add(db, actor, args, password, out)
            return _users(db, actor, args, out, password)
        if args.command == "cycle":
            return _cycle(db, actor, args, out, err)
        if args.command == "import":
            return _import(db, actor, args, out, err)
        if args.command in ("backup", "restore"):
            return _backup(db, actor, args, out, err)
        if args.command == "export":
            return _export(db, actor, args, out)
        return _results(db, actor, args, out, err)
    finally:
        db.dispose()


def _open(database: type[Database], url: str | None) -> Database:
    """Open (and migrate) the database; whatever stops that is a clear usage error.

    SQLAlchemy errors are handled by :func:`run`; here the others: a URL that does not
    parse (ValueError), a driver that is not installed (ImportError), a folder that cannot
    be created for an SQLite file (OSError), a schema revision this version does not know.
    """
    from alembic.util.exc import CommandError

    try:
        return database(url or None)  # Database adds the driver to postgresql:// URLs
    except CommandError as exc:
        raise UsageError(f"skema basis data tidak dikenal oleh versi monev-kip ini "
                         f"({_first_line(exc)}); mungkin basis data ini dibuat oleh versi "
                         f"yang lebih baru. Perbarui aplikasi atau periksa --database "
                         f"atau DATABASE_URL.") from None
    except ImportError as exc:
        raise UsageError(f"basis data tidak dapat dipakai: jenis basis data pada URL "
                         f"tidak didukung ({_first_line(exc)}). Gunakan sqlite:///… atau "
                         f"postgresql://….") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"basis data tidak dapat dipakai ({_first_line(exc)}). Periksa "
                         f"--database atau DATABASE_URL.") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _actor(db: Database, username: str | None) -> Actor:
    from monev import accounts

    if not username:
        return SYSTEM
    try:
        return accounts.actor_for(db, username)
    except UsageError as exc:  # a disabled account: refused, not misused
        raise PermissionDenied(exc.message) from None


def password_options(parser: argparse.ArgumentParser) -> None:
    """``--password-stdin`` (advised) or ``--password`` for the commands that set one."""
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi dari baris pertama stdin")
    secret.add_argument("--password", metavar="KATA_SANDI",
                        help="kata sandi (terlihat di riwayat shell; lebih aman "
                             "--password-stdin)")


def _password(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.password is not None:
        return str(args.password)
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    if stdin.isatty():
        first = getpass.getpass("Kata sandi: ")
        if first != getpass.getpass("Ulangi kata sandi: "):
            raise UsageError("Kedua kata sandi tidak sama.")
        return first
    raise UsageError("Kata sandi wajib: gunakan --password-stdin (disarankan) atau "
                     "--password.")


def _ids(text: str, option: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise UsageError(f"{option} berisi id angka yang dipisah koma, mis. 3,7,12.") from None


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned text table (cells may span several lines)."""
    lines: list[list[str]] = [list(header)]
    for row in rows:
        parts = [str(cell).split("\n") for cell in row]
        for n in range(max(len(p) for p in parts)):
            lines.append([p[n] if n < len(p) else "" for p in parts])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# -- users ----------------------------------------------------------------------------------


def _user_dict(info: accounts.UserInfo) -> dict[str, Any]:
    return {"username": info.username, "display_name": info.display_name,
            "role": info.role.value, "active": info.active,
            "created_at": info.created_at.isoformat(), "scope": list(info.scope)}


def _users_add(db: Database, actor: Actor, args: argparse.Namespace, password: str,
               out: TextIO) -> int:
    from monev import accounts

    info = accounts.add_user(db, actor, username=args.username, password=password,
                             role=args.role, display_name=args.name,
                             scope=_ids(args.scope, "--scope"))
    scope = f"; cakupan: {', '.join(info.scope)}" if info.scope else ""
    print(f"Akun '{info.username}' ({info.display_name}) ditambahkan sebagai "
          f"{info.role.label}{scope}.", file=out)
    return EXIT_OK


def _users(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
           password: str = "") -> int:
    from monev import accounts, sessions

    if args.action == "disable":
        info = accounts.set_active(db, actor, args.username, False, args.reason)
        print(f"Akun '{info.username}' dinonaktifkan; akun ini tidak dapat masuk lagi dan "
              f"sesinya yang terbuka berakhir, riwayatnya tetap tersimpan.", file=out)
        return EXIT_OK
    if args.action == "enable":
        info = accounts.set_active(db, actor, args.username, True, args.reason)
        print(f"Akun '{info.username}' diaktifkan kembali.", file=out)
        return EXIT_OK
    if args.action == "role":
        info = accounts.set_role(db, actor, args.username, args.role, args.reason)
        print(f"Peran akun '{info.username}' kini {info.role.label}.", file=out)
        return EXIT_OK
    if args.action == "password":
        accounts.reset_password(db, actor, args.username, password)
        print(f"Kata sandi akun '{args.username}' diganti; sesinya yang terbuka berakhir.",
              file=out)
        return EXIT_OK
    if args.action == "unlock":
        sessions.unlock(db, actor, args.key, what="address" if args.address else "account",
                        reason=args.reason)
        print(f"Penahanan '{args.key}' dibuka.", file=out)
        return EXIT_OK
    if args.action == "held":
        held = sessions.held_logins(db, actor)
        print(table(("Jenis", "Nama pengguna/alamat", "Ditahan sampai (WIB)"),
                    [("nama pengguna" if h.what == "account" else "alamat", h.key,
                      h.until.astimezone(WIB).strftime("%Y-%m-%d %H:%M"))
                     for h in held]), file=out)
        return EXIT_OK
    if args.action == "logins":
        events = sessions.login_events(db, actor, username=args.username, limit=args.limit)
        if args.format == "json":
            print(json.dumps([{"at": e.at.isoformat(), "kind": e.kind, "username": e.username,
                               "account_exists": e.account_exists, "address": e.address,
                               "user_agent": e.user_agent, "by": e.by, "detail": e.detail}
                              for e in events], ensure_ascii=False, indent=2), file=out)
            return EXIT_OK
        print(table(("Waktu (WIB)", "Kejadian", "Nama pengguna", "Alamat", "Oleh",
                     "Keterangan"),
                    [(e.at.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S"), e.label,
                      e.username, e.address or "-", e.by or "-", e.detail or "-")
                     for e in events]), file=out)
        return EXIT_OK
    users = accounts.list_users(db, actor)
    if args.format == "json":
        print(json.dumps([_user_dict(u) for u in users], ensure_ascii=False, indent=2),
              file=out)
        return EXIT_OK
    rows = [(u.username, u.display_name, u.role.label, "Aktif" if u.active else "Nonaktif",
             u.created_at.date().isoformat(), ", ".join(u.scope) or "-") for u in users]
    print(table(("Pengguna", "Nama", "Peran", "Status", "Dibuat", "Cakupan"), rows),
          file=out)
    return EXIT_OK


# -- cycles ---------------------------------------------------------------------------------


def _cycle_dict(info: cycles.CycleInfo) -> dict[str, Any]:
    return {"id": info.id, "ki": info.ki, "year": info.year, "title": info.title,
            "methodology_id": info.methodology_id,
            "methodology_version": info.methodology_version, "status": info.status,
            "created_at": info.created_at.isoformat(),
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
    from questionnaires.errors import ProblemsError
    from questionnaires.loader import Registry, load_methodology, presets

    action = args.action
    if action == "create":
        registry = presets()
        methodology_id = args.methodology
        if args.methodology_file is not None:
            if args.methodology_file.is_dir():
                raise UsageError(f"{args.methodology_file} adalah folder, bukan berkas "
                                 f"metodologi (.yaml).")
            if not args.methodology_file.is_file():
                raise UsageError(f"Berkas tidak ditemukan: {args.methodology_file}")
            try:
                own = load_methodology(args.methodology_file)
            except ProblemsError as exc:
                print(f"Metodologi tidak sah: {args.methodology_file}", file=err)
                for p in exc.problems:
                    print(f"  {p}", file=err)
                raise UsageError("Perbaiki berkas metodologi, lalu ulangi.") from None
            registry, methodology_id = Registry([own]), own.id
        info = cycles.create_cycle(db, actor, methodology_id=methodology_id, ki=args.ki,
                                   year=args.year, title=args.title, registry=registry)
        print(f"Siklus {info.id} dibuat: {info.title} (metodologi {info.methodology_id} "
              f"versi {info.methodology_version}; tahapan: "
              f"{', '.join(s.code for s in info.stages)}).", file=out)
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
        from monev.publication import publish

        pub = publish(db, actor, args.cycle)
        print(f"Hasil siklus {pub.cycle_id} ditetapkan (penetapan ke-{pub.seq}): "
              f"{pub.bodies} badan publik, {pub.scored} di antaranya bernilai. Perubahan "
              f"berikutnya memerlukan 'cycle reopen' dengan alasan.", file=out)
        return EXIT_OK
    if action == "reopen":
        from monev.publication import reopen

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


# -- import ---------------------------------------------------------------------------------


def _problem_text(p: Problem, file: str) -> str:
    loc = p.location
    where = "!".join(part for part in (loc.sheet, loc.cell) if part)
    if loc.file and loc.file != file:
        where = f"{loc.file} › {where}" if where else loc.file
    fix = f" {p.fix}" if p.fix else ""
    prefix = "" if p.is_error else "Peringatan: "
    return f"{prefix}[{p.code}] {where + ': ' if where else ''}{p.message}.{fix}"


def import_rows(report: imports.ImportReport) -> list[tuple[str, str, str, str, str]]:
    from monev import imports

    rows: list[tuple[str, str, str, str, str]] = []
    for f in report.files:
        problems = [_problem_text(p, f.name) for p in f.errors + f.warnings]
        if len(f.submissions) > 1:  # a responses table: one row per badan publik
            for n, s in enumerate(f.submissions):
                status = imports.ImportStatus.UNCHANGED if s.unchanged else f.status
                reasons = (problems if n == 0 else []) + s.notes
                rows.append((f.name if n == 0 else "", s.badan_publik, status.label,
                             str(s.version), "\n".join(reasons)))
            continue
        reasons = problems + f.notes
        version = "-" if f.version is None else str(f.version)
        rows.append((f.name, f.badan_publik or "-", f.status.label, version,
                     "\n".join(reasons)))
    return rows


def _import(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
            err: TextIO) -> int:
    from monev import imports

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError("Berkas tidak ditemukan: " + ", ".join(str(p) for p in missing))
    report = imports.import_paths(db, actor, args.cycle, args.paths)
    print(table(("Berkas", "Badan Publik", "Status", "Versi", "Keterangan"),
                import_rows(report)), file=out)
    print(f"\n{len(report.files)} berkas: {len(report.accepted)} diterima, "
          f"{len(report.unchanged)} tidak berubah, {len(report.rejected)} ditolak; "
          f"{len(report.stored)} versi kuesioner baru disimpan ke siklus {args.cycle}.",
          file=out)
    if report.rejected:
        print("Berkas yang ditolak tidak disimpan sama sekali; perbaiki lalu unggah lagi.",
              file=err)
    return EXIT_REJECTED if report.rejected else EXIT_OK


# -- results --------------------------------------------------------------------------------


def _results(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
             err: TextIO) -> int:
    from monev import cycles, services
    from monev.results import cycle_records

    records = cycle_records(db, actor, args.cycle)
    with db.read() as session:
        methodology = cycles.methodology_of(cycles.load_cycle(session, args.cycle))
    codes = services.indicator_codes([methodology])
    if records or args.format != "table":
        print(render(records, args.format, codes, RECORD_KEYS), file=out)
    if not records:
        print("Belum ada badan publik dalam siklus ini.", file=err)
    return EXIT_OK


# -- backup and restore ---------------------------------------------------------------------


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


# -- exports ------------------------------------------------------------------------------


def _export(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO) -> int:
    target = args.output
    try:
        done = _write_export(db, actor, args)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if args.what == "open-data":
            raise UsageError(f"Tidak dapat menulis data terbuka ke folder {target}: {reason}. "
                             f"Pastikan {target} adalah folder (atau belum ada) dan folder "
                             f"induknya ada serta dapat ditulisi.") from None
        raise UsageError(f"Tidak dapat menulis {target}: {reason}. Pastikan {target} adalah "
                         f"nama berkas (bukan folder) di folder yang ada dan dapat "
                         f"ditulisi.") from None
    print(f"Ditulis ke {target}: {done.count} badan publik, {done.size / 1024:.0f} KB.",
          file=out)
    return EXIT_OK


def _write_export(db: Database, actor: Actor, args: argparse.Namespace) -> exports.Exported:
    import os

    from monev import exports

    target = args.output
    if args.what == "ranking":
        return exports.export_ranking(db, actor, args.cycle, target)
    if args.what == "ranking-pdf":
        return exports.export_ranking_pdf(db, actor, args.cycle, target)
    if args.what == "report-cards":
        return exports.export_report_cards(db, actor, args.cycle, target,
                                           workers=os.cpu_count() or 1)
    if args.what == "report-card":
        if args.body is None:
            raise UsageError("report-card memerlukan --body ID badan publik.")
        return exports.export_report_card(db, actor, args.cycle, args.body, target)
    return exports.export_open_data(db, actor, args.cycle, target, args.format)
