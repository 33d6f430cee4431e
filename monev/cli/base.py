"""What the command groups share: exit statuses, the database a command works on and who
it acts as, passwords, ids and text tables.

Exit status: 0 everything read, 1 a file was rejected (the good ones are still printed) or
the request was refused (permission, locked stage, conflict), 2 a usage error, 3 an
internal error, 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from monev.errors import PermissionDenied, UsageError
from monev.permissions import SYSTEM, Actor

if TYPE_CHECKING:  # SQLAlchemy, Alembic and argon2 are loaded only by the commands using them
    from storage.db import Database

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C


@dataclass(frozen=True, slots=True)
class Streams:
    """Where a command prints results (`out`) and problems (`err`), and reads `stdin`."""

    out: TextIO
    err: TextIO
    stdin: TextIO


@contextmanager
def opened(url: str | None) -> Iterator[Database]:
    """The database of ``--database URL`` (else ``MONEV_DATABASE_URL``, else
    ``DATABASE_URL``, else the SQLite file under ``data/``: the app's order), migrated on
    opening and disposed of afterwards.

    Whatever stops opening it, and any database error inside the block, is a
    :class:`UsageError` saying what to check: a URL that does not parse (ValueError), a
    driver that is not installed (ImportError), a folder that cannot be created for an
    SQLite file (OSError), a schema revision this version does not know, a server that
    cannot be reached.
    """
    from sqlalchemy.exc import SQLAlchemyError

    try:
        db = _open(url)
        try:
            yield db
        finally:
            db.dispose()
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UsageError(f"basis data tidak dapat dipakai ({detail}). Periksa --database "
                         f"MONEV_DATABASE_URL atau DATABASE_URL.") from None


def _open(url: str | None) -> Database:
    """Open (and migrate) the database; whatever stops that is a clear usage error.

    SQLAlchemy errors are handled by :func:`opened`; here the others: a URL that does not
    parse (ValueError), a driver that is not installed (ImportError), a folder that cannot
    be created for an SQLite file (OSError), a schema revision this version does not know.
    """
    from alembic.util.exc import CommandError

    from monev.workspace import configured_url
    from storage.db import Database

    try:  # Database adds the driver to postgresql:// URLs
        return Database(url or configured_url())
    except CommandError as exc:
        raise UsageError(f"skema basis data tidak dikenal oleh versi monev-kip ini "
                         f"({_first_line(exc)}); mungkin basis data ini dibuat oleh versi "
                         f"yang lebih baru. Perbarui aplikasi atau periksa --database "
                         f"MONEV_DATABASE_URL atau DATABASE_URL.") from None
    except ImportError as exc:
        raise UsageError(f"basis data tidak dapat dipakai: jenis basis data pada URL "
                         f"tidak didukung ({_first_line(exc)}). Gunakan sqlite:///… atau "
                         f"postgresql://….") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"basis data tidak dapat dipakai ({_first_line(exc)}). Periksa "
                         f"--database MONEV_DATABASE_URL atau DATABASE_URL.") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def acting(db: Database, username: str | None) -> Actor:
    """Who a command acts as: the active account `username` (``--as``), else the built-in
    admin actor *sistem*. Raises :class:`PermissionDenied` for a disabled account and
    :class:`NotFound` for an unknown one."""
    from monev import accounts

    if not username:
        return SYSTEM
    try:
        return accounts.actor_for(db, username)
    except UsageError as exc:  # a disabled account: refused, not misused
        raise PermissionDenied(exc.message) from None


def read_password(args: argparse.Namespace, stdin: TextIO) -> str:
    """The password of ``--password``, else the first line of stdin with
    ``--password-stdin``, else typed twice at a terminal; :class:`UsageError` otherwise."""
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


def ids(text: str, option: str) -> list[int]:
    """``3,7, 12`` → [3, 7, 12]; :class:`UsageError` naming `option` for anything else."""
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
