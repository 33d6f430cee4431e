"""``users``: accounts (add, list, disable, enable, role, password) and the login history
(logins, held, unlock), through the same use cases as the admin page."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, ids, opened, read_password, table
from monev.cli.parsing import database_options, password_options, whole_number
from monev.clock import WIB
from monev.permissions import Actor, Role

if TYPE_CHECKING:
    from monev import accounts
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``users`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    users = sub.add_parser("users", help="kelola akun pengguna", parents=common)
    users.set_defaults(run=run)
    users_sub = users.add_subparsers(dest="action", required=True, parser_class=type(users),
                                 title="aksi", metavar="AKSI")
    p = users_sub.add_parser("add", help="tambah akun", parents=common)
    p.add_argument("username", metavar="NAMA_PENGGUNA")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", default="", metavar="NAMA", help="nama lengkap")
    password_options(p)
    p.add_argument("--email", default="", metavar="ALAMAT",
                   help="alamat e-mail akun (notifikasi dan tautan kata sandi)")
    p.add_argument("--invite", action="store_true",
                   help="tanpa kata sandi: kirim undangan ke --email agar pemiliknya membuat "
                        "kata sandinya sendiri (pengiriman e-mail harus sudah diatur)")
    p.add_argument("--scope", default="", metavar="ID,ID",
                   help="id badan publik dalam cakupan koordinator PPID")
    p.add_argument("--body", type=whole_number, default=None, metavar="ID",
                   help="id badan publik yang diwakili akun badan publik (PPID); wajib untuk "
                        "--role badan_publik (koordinator PPID: badan publik cakupannya)")
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


def run(args: argparse.Namespace, io: Streams) -> int:
    """Run one ``users`` action (a new password is read before the database is opened)."""
    adding = args.action == "add"
    if adding and args.invite and (args.password is not None or args.password_stdin):
        from monev.errors import UsageError

        raise UsageError("--invite membuat akun tanpa kata sandi: jangan isi --password atau "
                         "--password-stdin.")
    invited = adding and args.invite
    password = (read_password(args, io.stdin)
                if (adding and not invited) or args.action == "password" else "")
    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if adding:
            return _add(db, actor, args, password, io.out)
        return _manage(db, actor, args, io.out, password)


def _user_dict(info: accounts.UserInfo) -> dict[str, Any]:
    return {"username": info.username, "display_name": info.display_name,
            "role": info.role.value, "active": info.active,
            "created_at": info.created_at.isoformat(), "scope": list(info.scope)}


def _add(db: Database, actor: Actor, args: argparse.Namespace, password: str,
         out: TextIO) -> int:
    from monev import accounts
    from monev.errors import UsageError
    from notifications import passwords

    if args.role == Role.BODY.value:
        if args.body is None or args.scope:
            raise UsageError("Akun badan publik (PPID) mewakili tepat satu badan publik: "
                             "sebutkan dengan --body ID (tanpa --scope).")
    elif args.body is not None:
        raise UsageError(f"--body hanya untuk --role {Role.BODY.value}; koordinator PPID "
                         f"memakai --scope.")
    scope_ids = [args.body] if args.role == Role.BODY.value else ids(args.scope, "--scope")
    sent_to = ""
    if args.invite:
        info, sent_to = passwords.add_invited(db, actor, username=args.username,
                                              role=args.role, email=args.email,
                                              display_name=args.name, scope=scope_ids)
    elif args.role == Role.BODY.value:
        if args.email.strip():
            raise UsageError("Akun badan publik (PPID) dihubungi lewat alamat e-mail badan "
                             "publiknya: isi dengan 'bodies add NAMA --cycle ID --category "
                             "KODE --email ALAMAT' (atau --invite untuk mengundang ke alamat "
                             "ini).")
        info = accounts.add_body_account(db, actor, body_id=args.body, username=args.username,
                                         password=password, display_name=args.name)
    else:
        info = accounts.add_user(db, actor, username=args.username, password=password,
                                 role=args.role, display_name=args.name, scope=scope_ids,
                                 email=args.email)
    scope = f"; cakupan: {', '.join(info.scope)}" if info.scope else ""
    print(f"Akun '{info.username}' ({info.display_name}) ditambahkan sebagai "
          f"{info.role.label}{scope}.", file=out)
    if sent_to:
        print(f"Tanpa kata sandi: undangan untuk membuat kata sandi diantrekan ke {sent_to} "
              f"(dikirim oleh 'outbox send' atau aplikasi).", file=out)
    return EXIT_OK


def _manage(db: Database, actor: Actor, args: argparse.Namespace, out: TextIO,
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
