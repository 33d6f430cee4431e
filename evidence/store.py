"""Where the bytes of evidence files live, addressed by their SHA-256: one interface,
two backends, chosen by configuration.

=========================== ============ ================================================
variable                    default      meaning
=========================== ============ ================================================
``MONEV_EVIDENCE_STORE``    ``folder``   ``folder``: files in a folder (one app instance,
                                         or several sharing that folder); ``database``:
                                         the ``evidence_contents`` table of the monev
                                         database (several app instances on one
                                         PostgreSQL, nothing else to share)
``MONEV_EVIDENCE_DIR``      (see below)  the folder of the ``folder`` store
=========================== ============ ================================================

The folder defaults to ``evidence/`` beside an SQLite database file (``data/evidence/`` for
the default ``data/monev.db``), else to ``data/evidence/`` of the installation. A file is
kept as ``<folder>/ab/cd/<sha256>`` (the first two pairs of hex digits spread the files
over folders), written atomically: a temporary file in the same folder, flushed to disk,
then renamed — a reader never sees half a file.

Every method takes the session of the use case's transaction: the ``database`` store writes
and reads with it (the bytes land with the rows that name them, or not at all); the
``folder`` store does not need it (a file written for a transaction that then fails is
left behind, unreferenced and harmless: the next upload of the same content finds it).
Content is addressed by its hash, so storing the same file twice is a no-op; bytes read
back are checked against their hash.

Refusals are :class:`~monev.errors.ServiceError` subclasses with an Indonesian message:
:class:`EvidenceMissing` (no bytes for a hash, or bytes that no longer match it) and
:class:`EvidenceStoreError` (the folder cannot be written, an unknown setting).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from monev.errors import NotFound, ServiceError
from storage.models import Base, EvidenceContent

if TYPE_CHECKING:
    from storage.db import Database

STORE_VARIABLE = "MONEV_EVIDENCE_STORE"
DIR_VARIABLE = "MONEV_EVIDENCE_DIR"
FOLDER, DATABASE = "folder", "database"
KINDS = (FOLDER, DATABASE)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "evidence"

_SHA256 = re.compile(r"[0-9a-f]{64}")


class EvidenceStoreError(ServiceError):
    """The evidence store cannot be used as configured (a folder that cannot be written,
    an unknown ``MONEV_EVIDENCE_STORE``)."""


class EvidenceMissing(NotFound):
    """No bytes for a hash in the store, or bytes that no longer match their hash."""


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of `data` (the address of its bytes in every store)."""
    return hashlib.sha256(data).hexdigest()


def check_sha256(sha256: str) -> str:
    """`sha256` if it is 64 lowercase hex digits; ValueError otherwise (it names a file of
    the folder store, so nothing else may pass)."""
    if not isinstance(sha256, str) or _SHA256.fullmatch(sha256) is None:
        raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
    return sha256


def insert_missing(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` into `model`'s table, leaving alone any whose primary key is already
    there (``INSERT … ON CONFLICT DO NOTHING``: two app instances storing the same content
    at once both succeed)."""
    if not rows:
        return
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        session.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:  # another backend: look first (writers are rare and content-addressed)
        [key] = [c.name for c in table.primary_key.columns]
        present = set(session.scalars(select(table.c[key]).where(
            table.c[key].in_([r[key] for r in rows]))))
        fresh = [r for r in rows if r[key] not in present]
        if fresh:
            session.execute(insert(table), fresh)


class EvidenceStore(ABC):
    """Bytes of evidence files by SHA-256 (see the module docstring)."""

    kind: ClassVar[str]

    @abstractmethod
    def put(self, session: Session, data: bytes) -> str:
        """Keep `data` (a no-op when its hash is already kept); return its SHA-256.
        Raises :class:`EvidenceStoreError` when it cannot be kept."""

    @abstractmethod
    def get(self, session: Session, sha256: str) -> bytes:
        """The bytes kept under `sha256`, checked against it; :class:`EvidenceMissing`
        when there are none or they no longer match."""

    @abstractmethod
    def exists(self, session: Session, sha256: str) -> bool:
        """Whether bytes are kept under `sha256` (not read nor checked)."""

    @abstractmethod
    def where(self) -> str:
        """Where the bytes are, for messages: ``folder /srv/monev/data/evidence``."""

    def _checked(self, sha256: str, data: bytes | None) -> bytes:
        short = f"{sha256[:12]}…"
        if data is None:
            raise EvidenceMissing(
                f"Isi berkas data dukung {short} tidak ditemukan di {self.where()}. "
                f"Pulihkan isi penyimpanan data dukung dari cadangan, atau periksa "
                f"{STORE_VARIABLE} dan {DIR_VARIABLE}: semua instans aplikasi harus memakai "
                f"penyimpanan yang sama.")
        if sha256_of(data) != sha256:
            raise EvidenceMissing(
                f"Isi berkas data dukung {short} di {self.where()} rusak: sidik SHA-256-nya "
                f"tidak lagi cocok. Pulihkan berkas itu dari cadangan, atau minta pengunggah "
                f"mengunggahnya lagi.")
        return data


class FolderStore(EvidenceStore):
    """Files under one folder: ``<root>/ab/cd/<sha256>``, written atomically."""

    kind = FOLDER

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """The file that holds (or would hold) the bytes of `sha256`."""
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def where(self) -> str:
        return f"folder {self.root}"

    def put(self, session: Session, data: bytes) -> str:
        sha256 = sha256_of(data)
        target = self.path_of(sha256)
        try:
            if target.is_file() and sha256_of(target.read_bytes()) == sha256:
                return sha256
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{sha256}.{secrets.token_hex(4)}.tmp")
            try:
                with open(temporary, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, target)
            finally:
                temporary.unlink(missing_ok=True)
        except OSError as exc:
            raise EvidenceStoreError(
                f"Berkas data dukung tidak dapat disimpan di {self.where()} "
                f"({exc.strerror or type(exc).__name__}). Pastikan folder itu ada dan dapat "
                f"ditulis oleh aplikasi (atur {DIR_VARIABLE}), lalu unggah lagi.") from None
        return sha256

    def get(self, session: Session, sha256: str) -> bytes:
        try:
            data: bytes | None = self.path_of(sha256).read_bytes()
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise EvidenceStoreError(
                f"Berkas data dukung {sha256[:12]}… di {self.where()} tidak dapat dibaca "
                f"({exc.strerror or type(exc).__name__}). Periksa izin folder itu "
                f"({DIR_VARIABLE}).") from None
        return self._checked(sha256, data)

    def exists(self, session: Session, sha256: str) -> bool:
        return self.path_of(sha256).is_file()


class DatabaseStore(EvidenceStore):
    """Bytes in the ``evidence_contents`` table of the use case's own database."""

    kind = DATABASE

    def where(self) -> str:
        return "basis data (tabel evidence_contents)"

    def put(self, session: Session, data: bytes) -> str:
        sha256 = sha256_of(data)
        insert_missing(session, EvidenceContent, [{"sha256": sha256, "content": data}])
        return sha256

    def get(self, session: Session, sha256: str) -> bytes:
        check_sha256(sha256)
        data = session.scalar(select(EvidenceContent.content)
                              .where(EvidenceContent.sha256 == sha256))
        return self._checked(sha256, bytes(data) if data is not None else None)

    def exists(self, session: Session, sha256: str) -> bool:
        check_sha256(sha256)
        return session.scalar(select(EvidenceContent.sha256)
                              .where(EvidenceContent.sha256 == sha256)) is not None


def default_folder(db: Database) -> Path:
    """The folder store's folder when ``MONEV_EVIDENCE_DIR`` is not set: ``evidence/``
    beside an SQLite database file, else ``data/evidence/`` of the installation."""
    url = make_url(db.url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent / "evidence"
    return DEFAULT_DIR


def configured_store(db: Database) -> EvidenceStore:
    """The evidence store for `db` as the environment configures it (module docstring).
    Raises :class:`EvidenceStoreError` for an unknown ``MONEV_EVIDENCE_STORE``."""
    kind = os.environ.get(STORE_VARIABLE, "").strip().lower() or FOLDER
    if kind == DATABASE:
        return DatabaseStore()
    if kind != FOLDER:
        raise EvidenceStoreError(
            f"{STORE_VARIABLE}='{kind}' tidak dikenal: isi 'folder' (bawaan; berkas di "
            f"folder {DIR_VARIABLE}) atau 'database' (di basis data monev, untuk beberapa "
            f"instans aplikasi pada satu PostgreSQL).")
    folder = os.environ.get(DIR_VARIABLE, "").strip()
    return FolderStore(Path(folder).expanduser() if folder else default_folder(db))
