"""Backup and restore of one monev cycle, lossless, as one ZIP file.

``backup_cycle`` reads everything of a cycle in one read transaction (a consistent snapshot)
and writes a ZIP with::

    manifest.json                 format "monev-kip-backup", format_version 4, created_at,
                                  created_by, source (dialect, schema revision), the cycle
                                  (id, ki, year, title, methodology, status), counts per
                                  table, and the SHA-256 and size of every member
    tables/users.json             the users referenced anywhere in the cycle (username,
                                  display name, role, active, KI, the cycle they last
                                  chose — never password hashes)
    tables/badan_publik.json      the badan publik taking part or referenced, and
    tables/aliases.json           their aliases and
    tables/body_websites.json     website addresses
    tables/cycles.json            the cycle row with its frozen methodology and when it was
                                  opened (null: still prepared)
    tables/stage_states.json      deadlines and locks
    tables/participation.json
    tables/submissions.json       every version (with the reader's warnings), and
    tables/answers.json           their answers
    tables/appeals.json
    tables/verifications.json     the whole append-only history (seq, old/new, reason, who,
    tables/panel_scores.json      when, withdrawn)
    tables/bonuses.json
    tables/publications.json      publications (with reopenings) and
    tables/published_results.json the records frozen at each publication
    tables/evidence_blobs.json    the evidence files' contents (size, media type, pages)
    tables/evidence_files.json    and every attachment row (withdrawals too)
    tables/portal_drafts.json     the questionnaires filled online (PPID portal): state,
    tables/portal_answers.json    Identitas, who and when, and every answer saved so far
    tables/messages.json          the messages (pesan) between the KI and the bodies, and
    tables/message_attachments.json  their attachments (contents among evidence_blobs)
    tables/monitoring_runs.json   website monitoring: each run, each body's visit in it,
    tables/monitoring_sites.json  and what it found per item (what a site had on a day)
    tables/monitoring_findings.json
    tables/events.json            the cycle's audit events
    evidence/<sha256>             the bytes of each evidence file and message attachment,
                                  once per content, as the evidence store holds them (its
                                  SHA-256 is its name and, in the manifest, its checksum)

Each table file is a JSON array of objects, one per row, keyed by column name, with the
original ids (so references can be remapped). A column added after format version 1 was
first written (``submissions.warnings``, ``cycles.opened_at``, ``users.last_cycle_id``)
may be missing from older backups: it is restored with its default (empty warnings, opened
when created, no last cycle). Decimals are strings (``"87.50"``), dates and
datetimes ISO 8601 (datetimes with their UTC offset), JSON columns as they are.

Format versions: 2 added the evidence files (``evidence_*`` tables and ``evidence/``
members), 3 the online questionnaires (``portal_*`` tables: drafts not yet sent and sent
ones, which a koordinator may reopen), 4 the bodies' website addresses, the cycle's
messages with their attachments and its website monitoring runs. An older backup is still
read and restored, without what its version did not have (version 1: no evidence files;
1 and 2: no online drafts — the answers a body sent online are submissions, in every
version; 1 to 3: no websites, messages nor monitoring). Not carried: the outbox, in-app
notifications and who read which message (delivery state of one installation; restoring
the outbox would send again), so restored messages read as unread. A backup is refused by
an application that knows only older versions, rather than restored without part of it.
The ZIP is written through a temporary file (beside the target file, which is replaced
atomically), never held in memory as a whole: evidence files are streamed from the store
one by one.

``restore_cycle`` verifies the file (format, version, SHA-256 of every member, row counts,
types and internal references) before touching the database, then inserts everything in ONE
transaction with new ids and remapped references: badan publik are matched by (KI,
normalised name) and created when missing (with their aliases); their name and alias keys
are computed again with today's normalisation (a backup made before migration 0002 holds
keys of the older one), and two bodies of the backup that now share a key stay two bodies; a
body's website addresses are added to the matched or created body unless it has the same
address already; users are matched by username and created inactive, with an unusable
password, when missing, so the names in the trail survive (a created user whose last chosen
cycle was the backed-up one gets the restored cycle; a matched user keeps their own choice).
Timestamps, sequence numbers, reasons, old/new values and withdrawn flags are kept exactly;
ids an audit event names (its entity_id, and id keys of its old/new JSON such as
``badan_publik_id``) are remapped too. A badan publik that exists in the target with another
category is refused (the restored results would differ). The restore itself is audited as a
``cycle.restore`` event outside the cycle (``cycle_id`` NULL), so the cycle's own trail
stays identical to the original. A monitoring run still running when the backup was made is
restored as interrupted (it can be resumed; nothing runs it there). The bytes of the
evidence files are put into the configured evidence store
(:func:`evidence.store.configured_store`; the same content already there is left as it is).
Anything wrong — in the file or in the target — raises :class:`UsageError` with a message in
Bahasa Indonesia and leaves nothing behind.

Neither function prints anything; both return an info object for the CLI or the app.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    insert,
    select,
    text,
    union,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from auth.passwords import unusable_hash
from evidence.store import (
    EvidenceMissing,
    EvidenceStore,
    EvidenceStoreError,
    check_sha256,
    configured_store,
    insert_missing,
)
from monev.audit import record
from monev.bodies import is_unmatchable, name_key, unmatchable_key
from monev.cycles import load_cycle
from monev.errors import UsageError
from monev.outcomes import projection
from monev.permissions import Action, Actor, Role, require
from storage.db import Database
from storage.models import (
    Alias,
    Answer,
    Appeal,
    BadanPublik,
    Base,
    BodyWebsite,
    Bonus,
    Cycle,
    Event,
    EvidenceBlob,
    EvidenceFile,
    Message,
    MessageAttachment,
    MonitoringFinding,
    MonitoringRun,
    MonitoringSite,
    PanelScore,
    Participation,
    PortalAnswer,
    PortalDraft,
    Publication,
    PublishedResult,
    StageState,
    Submission,
    User,
    UTCDateTime,
    Verification,
    utcnow,
)

FORMAT = "monev-kip-backup"
FORMAT_VERSION = 4
# 1: before evidence files; 2: before online drafts; 3: before websites, messages, monitoring
READABLE_VERSIONS = (1, 2, 3, 4)
MANIFEST = "manifest.json"
TABLE_DIR = "tables/"
EVIDENCE_DIR = "evidence/"
# Tables a version 1 backup does not have (restored empty).
_SINCE_VERSION_2 = frozenset({"evidence_blobs", "evidence_files"})
_SINCE_VERSION_3 = frozenset({"portal_drafts", "portal_answers"})
_SINCE_VERSION_4 = frozenset({"body_websites", "messages", "message_attachments",
                              "monitoring_runs", "monitoring_sites", "monitoring_findings"})
_SINCE_VERSION = {2: _SINCE_VERSION_2, 3: _SINCE_VERSION_3, 4: _SINCE_VERSION_4}

# Every table of a cycle, in the order a restore inserts them (references first).
MODELS: tuple[type[Base], ...] = (
    User, BadanPublik, Alias, BodyWebsite, Cycle, StageState, Participation, Submission,
    Answer, Appeal, Verification, PanelScore, Bonus, Publication, PublishedResult,
    EvidenceBlob, EvidenceFile, PortalDraft, PortalAnswer, Message, MessageAttachment,
    MonitoringRun, MonitoringSite, MonitoringFinding, Event,
)
TABLES: dict[str, Table] = {m.__tablename__: m.__table__ for m in MODELS}  # type: ignore[misc]

# Columns never written to a backup.
_EXCLUDED = {"users": frozenset({"password_hash", "created_at", "version", "demo",
                                 "password_changed_at"})}

# Columns added after backups of format version 1 were first written: a backup without
# them is restored with this default, made fresh per row from the row's columns read so
# far. Every cycle backed up before prepared cycles existed (0005) was opened when made.
_ADDED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("submissions", "warnings"): lambda row: [],
    ("cycles", "opened_at"): lambda row: row["created_at"],
    ("users", "last_cycle_id"): lambda row: None,
    ("badan_publik", "email"): lambda row: "",
}

# Tables whose new ids a restore needs (referenced by another table or by an event).
_ID_NEEDED = frozenset({"users", "badan_publik", "cycles", "stage_states", "participation",
                        "submissions", "appeals", "verifications", "panel_scores",
                        "bonuses", "publications", "evidence_files", "portal_drafts",
                        "messages", "monitoring_runs"})

# Event.entity names whose entity_id is the id of a row of a restored table.
_ENTITY_TABLES = {
    "cycle": "cycles", "badan_publik": "badan_publik", "submission": "submissions",
    "appeal": "appeals", "verification": "verifications", "panel_score": "panel_scores",
    "bonus": "bonuses", "publication": "publications", "participation": "participation",
    "evidence_file": "evidence_files",
}
# Keys of an event's old/new JSON object whose integer value is such an id
# (appeal.file writes {"badan_publik": id}, import {"badan_publik_id": id, …}).
_PAYLOAD_IDS = {
    "badan_publik": "badan_publik", "badan_publik_id": "badan_publik", "body_id": "badan_publik",
    "submission_id": "submissions", "appeal_id": "appeals", "publication_id": "publications",
    "cycle_id": "cycles", "user_id": "users",
}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What was written: the cycle, the file, and the rows per table."""

    cycle_id: int
    ki: str
    year: int
    title: str
    created_at: datetime
    bytes: int
    sha256: str  # of the whole backup file
    counts: dict[str, int]
    path: Path | None = None  # None when written to a stream


@dataclass(frozen=True, slots=True)
class RestoreInfo:
    """What was restored: the new cycle, what was matched or created, and any warnings."""

    cycle_id: int  # the new id in the target database
    source_cycle_id: int  # the id it had where it was backed up
    ki: str
    year: int
    title: str
    source_dialect: str
    counts: dict[str, int]  # rows restored per table (matched users/bodies included)
    bodies_created: int = 0
    bodies_matched: int = 0
    users_created: tuple[str, ...] = ()
    users_matched: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


class _Invalid(Exception):
    """The backup's content does not fit the format (turned into a UsageError)."""


# -- column values ⇄ JSON ------------------------------------------------------------------


def _columns(table: Table) -> list[Column[Any]]:
    excluded = _EXCLUDED.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in excluded]


def _dumper(column: Column[Any]) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, UTCDateTime | Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Numeric):
        return lambda v: None if v is None else str(v)
    return None


def _loader(column: Column[Any]) -> Callable[[Any], Any]:
    """A function that checks and converts one JSON value of `column` (raises _Invalid)."""
    kind = column.type
    nullable = bool(column.nullable) and not column.primary_key

    def typed(check: Callable[[Any], bool], convert: Callable[[Any], Any], what: str
              ) -> Callable[[Any], Any]:
        def load(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise _Invalid(f"kolom '{column.name}' kosong")
            if not check(value):
                raise _Invalid(f"kolom '{column.name}' harus {what}")
            try:
                return convert(value)
            except (ValueError, InvalidOperation):
                raise _Invalid(f"kolom '{column.name}' harus {what}") from None
        return load

    if isinstance(kind, UTCDateTime):
        def to_datetime(value: str) -> datetime:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError(value)
            return parsed
        return typed(lambda v: isinstance(v, str), to_datetime,
                     "waktu ISO 8601 dengan zona waktu")
    if isinstance(kind, Date):
        return typed(lambda v: isinstance(v, str), date.fromisoformat, "tanggal ISO 8601")
    if isinstance(kind, Numeric):
        def to_decimal(value: str) -> Decimal:
            number = Decimal(value)
            if not number.is_finite():
                raise ValueError(value)
            return number
        return typed(lambda v: isinstance(v, str), to_decimal, "angka desimal (teks)")
    if isinstance(kind, Boolean):
        return typed(lambda v: isinstance(v, bool), lambda v: v, "true/false")
    if isinstance(kind, Integer):
        return typed(lambda v: isinstance(v, int) and not isinstance(v, bool), lambda v: v,
                     "bilangan bulat")
    if isinstance(kind, String | Text):
        return typed(lambda v: isinstance(v, str), lambda v: v, "teks")
    if isinstance(kind, JSON):
        return lambda v: v
    raise TypeError(f"column type {kind!r} of {column} has no backup loader")  # programming


def _dump_rows(rows: Iterable[Any], columns: list[Column[Any]]) -> list[dict[str, Any]]:
    plan = [(c.name, _dumper(c)) for c in columns]
    out = []
    for row in rows:
        mapping = row._mapping
        out.append({name: (dump(mapping[name]) if dump else mapping[name])
                    for name, dump in plan})
    return out


def _load_rows(table: Table, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise _Invalid(f"tabel {table.name}: isinya harus berupa daftar baris")
    plan = [(c.name, _loader(c)) for c in _columns(table)]
    out = []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise _Invalid(f"tabel {table.name} baris {number}: bukan objek JSON")
        converted: dict[str, Any] = {}
        try:
            for name, load in plan:
                if name not in row:
                    default = _ADDED.get((table.name, name))
                    if default is None:
                        raise _Invalid(f"kolom '{name}' tidak ada")
                    converted[name] = default(converted)
                    continue
                converted[name] = load(row[name])
            if table.name == "submissions" and not isinstance(converted["warnings"], list):
                raise _Invalid("kolom 'warnings' harus berupa daftar")
        except _Invalid as exc:
            raise _Invalid(f"tabel {table.name} baris {number}: {exc}") from None
        if table.name == "cycles":
            converted["previous_cycle"] = row.get("previous_cycle")
        out.append(converted)
    return out


# -- backup -------------------------------------------------------------------------------


def _read_cycle(session: Session, cycle_id: int) -> tuple[Cycle, dict[str, list[dict]]]:
    """Every row of the cycle, table by table, as JSON-ready dicts (original ids)."""
    cycle = load_cycle(session, cycle_id)
    cid = cycle.id
    publication_ids = select(Publication.id).where(Publication.cycle_id == cid)
    message_ids = select(Message.id).where(Message.cycle_id == cid)
    run_ids = select(MonitoringRun.id).where(MonitoringRun.cycle_id == cid)
    bodies_in_cycle = union(
        select(Participation.badan_publik_id).where(Participation.cycle_id == cid),
        select(Submission.badan_publik_id).where(Submission.cycle_id == cid),
        select(Verification.badan_publik_id).where(Verification.cycle_id == cid),
        select(PanelScore.badan_publik_id).where(PanelScore.cycle_id == cid),
        select(Bonus.badan_publik_id).where(Bonus.cycle_id == cid),
        select(Appeal.badan_publik_id).where(Appeal.cycle_id == cid),
        select(EvidenceFile.badan_publik_id).where(EvidenceFile.cycle_id == cid),
        select(PortalDraft.badan_publik_id).where(PortalDraft.cycle_id == cid),
        select(Message.badan_publik_id).where(Message.cycle_id == cid),
        select(MonitoringRun.badan_publik_id).where(MonitoringRun.cycle_id == cid,
                                                    MonitoringRun.badan_publik_id.is_not(None)),
        select(MonitoringSite.badan_publik_id).where(MonitoringSite.run_id.in_(run_ids)),
        select(MonitoringFinding.badan_publik_id).where(MonitoringFinding.run_id.in_(run_ids)),
        select(PublishedResult.badan_publik_id).where(
            PublishedResult.publication_id.in_(publication_ids)),
    )
    where: dict[str, Any] = {
        "cycles": TABLES["cycles"].c.id == cid,
        "answers": TABLES["answers"].c.submission_id.in_(
            select(Submission.id).where(Submission.cycle_id == cid)),
        "published_results": TABLES["published_results"].c.publication_id.in_(
            publication_ids),
        "evidence_blobs": TABLES["evidence_blobs"].c.sha256.in_(union(
            select(EvidenceFile.sha256).where(EvidenceFile.cycle_id == cid),
            select(MessageAttachment.sha256).where(
                MessageAttachment.message_id.in_(message_ids)))),
        "portal_answers": TABLES["portal_answers"].c.draft_id.in_(
            select(PortalDraft.id).where(PortalDraft.cycle_id == cid)),
        "message_attachments": TABLES["message_attachments"].c.message_id.in_(message_ids),
        "monitoring_sites": TABLES["monitoring_sites"].c.run_id.in_(run_ids),
        "monitoring_findings": TABLES["monitoring_findings"].c.run_id.in_(run_ids),
    }
    data: dict[str, list[dict]] = {}
    for name, table in TABLES.items():
        if name in ("users", "badan_publik", "aliases", "body_websites"):
            continue
        condition = where.get(name)
        if condition is None:  # every other table of a cycle has a cycle_id
            condition = table.c.cycle_id == cid
        columns = _columns(table)
        query = select(*columns).where(condition).order_by(*table.primary_key.columns)
        data[name] = _dump_rows(session.execute(query), columns)

    # Badan publik: those taking part or referenced by a row — or by an event.
    bodies = TABLES["badan_publik"]
    condition = bodies.c.id.in_(bodies_in_cycle)
    in_events = {int(e["entity_id"]) for e in data["events"]
                 if e["entity"] == "badan_publik" and e["entity_id"].isdigit()}
    extra = sorted(in_events - set(session.scalars(bodies_in_cycle)))
    if extra:
        condition = condition | bodies.c.id.in_(extra)
    columns = _columns(bodies)
    data["badan_publik"] = _dump_rows(session.execute(
        select(*columns).where(condition).order_by(bodies.c.id)), columns)
    for name in ("aliases", "body_websites"):  # the bodies' other names, their websites
        table = TABLES[name]
        columns = _columns(table)
        data[name] = _dump_rows(session.execute(
            select(*columns).where(table.c.badan_publik_id.in_(select(bodies.c.id).where(
                condition))).order_by(table.c.id)), columns)

    # Users referenced by any user column of any exported row.
    user_ids: set[int] = set()
    for name, rows in data.items():
        refs = [c.name for c in TABLES[name].columns
                if any(fk.column.table.name == "users" for fk in c.foreign_keys)]
        for row in rows:
            user_ids.update(row[ref] for ref in refs if row[ref] is not None)
    users = TABLES["users"]
    columns = _columns(users)
    data["users"] = _dump_rows(session.execute(
        select(*columns).where(users.c.id.in_(sorted(user_ids))).order_by(users.c.id)),
        columns)

    previous = None
    if cycle.previous_cycle_id is not None:
        before = session.get(Cycle, cycle.previous_cycle_id)
        if before is not None:
            previous = {"ki": before.ki, "year": before.year, "title": before.title}
    data["cycles"][0]["previous_cycle"] = previous
    return cycle, {name: data[name] for name in TABLES}


def _schema_revision(session: Session) -> str | None:
    return session.scalar(text("SELECT version_num FROM alembic_version"))


def _stamp(when: datetime) -> tuple[int, int, int, int, int, int]:
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def _write_zip(handle: BinaryIO, manifest: dict[str, Any], members: dict[str, bytes],
               blobs: list[str], content: Callable[[str], bytes], when: datetime) -> None:
    """Write the backup ZIP into `handle` (a seekable file): the manifest first, the
    tables, then the bytes of every evidence blob, fetched one at a time by `content`."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, _json_bytes(manifest, indent=2)), *members.items()]:
            info = zipfile.ZipInfo(name, date_time=_stamp(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=6)
        for sha256 in blobs:  # PDFs and images are compressed already: stored as they are
            info = zipfile.ZipInfo(f"{EVIDENCE_DIR}{sha256}", date_time=_stamp(when))
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, content(sha256))


def _json_bytes(value: Any, indent: int | None = None) -> bytes:
    separators = None if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, indent=indent,
                      separators=separators).encode("utf-8")


def _digest(handle: BinaryIO) -> tuple[int, str]:
    """The size and SHA-256 of what `handle` holds (read from its start)."""
    handle.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def backup_cycle(db: Database, actor: Actor, cycle_id: int, target: Path | str | BinaryIO,
                 *, store: EvidenceStore | None = None) -> BackupInfo:
    """Write everything of one cycle into one ZIP file (or stream); see the module doc.

    The evidence files' bytes come from `store` (default: the configured evidence store);
    one missing or damaged there stops the backup with a UsageError saying which."""
    store = store or configured_store(db)
    path = Path(target) if isinstance(target, str | os.PathLike) else None
    if path is not None and not path.parent.is_dir():
        raise UsageError(f"Folder tujuan '{path.parent}' tidak ada.")
    temporary = (path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
                 if path is not None else None)
    try:
        with (open(temporary, "w+b") if temporary is not None
              else tempfile.TemporaryFile()) as scratch:
            with db.read() as session:
                if db.dialect == "postgresql":  # one snapshot for every query below
                    session.connection(
                        execution_options={"isolation_level": "REPEATABLE READ"})
                require(session, actor, Action.BACKUP)  # after the isolation level
                cycle, data = _read_cycle(session, cycle_id)
                revision = _schema_revision(session)
                created_at = utcnow()
                members = {f"{TABLE_DIR}{name}.json": _json_bytes(rows)
                           for name, rows in data.items()}
                counts = {name: len(rows) for name, rows in data.items()}
                listed = {name: {"sha256": hashlib.sha256(payload).hexdigest(),
                                 "bytes": len(payload)} for name, payload in members.items()}
                blobs = [b["sha256"] for b in data["evidence_blobs"]]
                listed.update({f"{EVIDENCE_DIR}{b['sha256']}": {
                    "sha256": b["sha256"], "bytes": b["size_bytes"]}
                    for b in data["evidence_blobs"]})
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at.isoformat(),
                    "created_by": actor.username,
                    "source": {"dialect": db.dialect, "schema_revision": revision},
                    "cycle": {"id": cycle.id, "ki": cycle.ki, "year": cycle.year,
                              "title": cycle.title, "methodology_id": cycle.methodology_id,
                              "methodology_version": cycle.methodology_version,
                              "status": cycle.status},
                    "counts": counts,
                    "members": listed,
                }
                try:
                    _write_zip(scratch, manifest, members, blobs,
                               lambda sha256: store.get(session, sha256), created_at)
                except (EvidenceMissing, EvidenceStoreError) as exc:
                    raise UsageError(f"Cadangan tidak dibuat: {exc.message}") from None
            size, sha256 = _digest(scratch)
            if path is not None:
                scratch.flush()
                os.fsync(scratch.fileno())
            else:
                scratch.seek(0)
                shutil.copyfileobj(scratch, target)  # type: ignore[misc]
        if temporary is not None and path is not None:
            os.replace(temporary, path)
    except OSError as exc:
        raise UsageError(f"Berkas cadangan '{path or 'cadangan'}' tidak dapat ditulis: "
                         f"{exc.strerror or exc}.") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return BackupInfo(cycle_id=cycle.id, ki=cycle.ki, year=cycle.year, title=cycle.title,
                      created_at=created_at, bytes=size, sha256=sha256, counts=counts,
                      path=path)


# -- reading and verifying a backup ---------------------------------------------------------


_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError)


def _open(source: Path | str | BinaryIO) -> tuple[zipfile.ZipFile, str]:
    """The backup as an open ZIP (a file is read as needed, not loaded whole)."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = path.name
        if not path.is_file():
            raise UsageError(f"Berkas cadangan '{path}' tidak ditemukan.")
        opened: Path | BinaryIO = path
    else:
        label = str(getattr(source, "name", "") or "cadangan")
        opened = source if source.seekable() else io.BytesIO(source.read())
    try:
        return zipfile.ZipFile(opened), label
    except PermissionError as exc:
        raise UsageError(f"Berkas cadangan '{label}' tidak dapat dibaca: "
                         f"{exc.strerror or exc}.") from None
    except _DAMAGED:
        raise UsageError(
            f"Berkas '{label}' bukan cadangan monev-kip yang utuh: bukan ZIP, rusak, atau "
            f"terpotong. Gunakan berkas yang dibuat dengan 'python -m monev backup'.") from None


def _member(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise UsageError(f"Berkas cadangan '{label}' tidak lengkap: bagian '{name}' tidak "
                         f"ada.") from None
    except _DAMAGED:
        raise UsageError(f"Berkas cadangan '{label}' rusak: bagian '{name}' tidak dapat "
                         f"dibaca.") from None


def _listed(listed: dict[str, Any], member: str, label: str) -> dict[str, Any]:
    expected = listed.get(member)
    if not isinstance(expected, dict) or not isinstance(expected.get("sha256"), str):
        raise UsageError(f"Berkas cadangan '{label}' rusak: manifest tidak mencatat "
                         f"bagian '{member}'.")
    return expected


def _checked_member(archive: zipfile.ZipFile, listed: dict[str, Any], member: str,
                    label: str) -> bytes:
    """A member's bytes, checked against the SHA-256 the manifest lists for it."""
    expected = _listed(listed, member, label)
    payload = _member(archive, member, label)
    if hashlib.sha256(payload).hexdigest() != expected["sha256"].lower():
        raise UsageError(
            f"Berkas cadangan '{label}' rusak atau telah diubah: isi '{member}' tidak "
            f"cocok dengan sidik SHA-256 di manifest. Gunakan salinan cadangan lain.")
    return payload


def _blob(archive: zipfile.ZipFile, listed: dict[str, Any], blob: dict[str, Any],
          label: str) -> bytes:
    """The bytes of one evidence blob, checked against its name, the manifest and its
    row (the SHA-256 is all three)."""
    member = f"{EVIDENCE_DIR}{blob['sha256']}"
    payload = _checked_member(archive, listed, member, label)
    if (_listed(listed, member, label)["sha256"].lower() != blob["sha256"]
            or len(payload) != blob["size_bytes"]):
        raise UsageError(f"Berkas cadangan '{label}' tidak konsisten: berkas data dukung "
                         f"'{member}' tidak sesuai dengan catatannya. Gunakan salinan "
                         f"cadangan lain.")
    return payload


def _verified(archive: zipfile.ZipFile, label: str
              ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and decoded tables of an open backup, every member verified (the
    evidence files too, read one at a time and let go)."""
    try:
        manifest = json.loads(_member(archive, MANIFEST, label))
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"Berkas cadangan '{label}' rusak: manifest.json bukan JSON "
                         f"yang sah.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UsageError(f"Berkas '{label}' bukan cadangan monev-kip (format tidak "
                         f"dikenal).")
    version = manifest.get("format_version")
    if version not in READABLE_VERSIONS:
        raise UsageError(
            f"Cadangan '{label}' berformat versi {version}, sedangkan aplikasi ini hanya "
            f"mengenal versi {READABLE_VERSIONS[0]} sampai {READABLE_VERSIONS[-1]}. Gunakan "
            f"versi aplikasi yang membuatnya.")
    listed = manifest.get("members")
    counts = manifest.get("counts")
    if not isinstance(listed, dict) or not isinstance(counts, dict):
        raise UsageError(f"Berkas cadangan '{label}' rusak: manifest tidak lengkap.")
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, table in TABLES.items():
        if any(version < since and name in added for since, added in _SINCE_VERSION.items()):
            tables[name] = []  # made before evidence files / online drafts / … existed
            continue
        member = f"{TABLE_DIR}{name}.json"
        payload = _checked_member(archive, listed, member, label)
        try:
            rows = json.loads(payload)
            tables[name] = _load_rows(table, rows)
        except (ValueError, UnicodeDecodeError):
            raise UsageError(f"Berkas cadangan '{label}' rusak: '{member}' bukan JSON "
                             f"yang sah.") from None
        except _Invalid as exc:
            raise UsageError(f"Isi cadangan '{label}' tidak sesuai format: {exc}.") from None
        if counts.get(name) != len(tables[name]):
            raise UsageError(
                f"Berkas cadangan '{label}' tidak konsisten: manifest mencatat "
                f"{counts.get(name)} baris {name}, berkasnya berisi {len(tables[name])}.")
    try:
        _check_references(tables)
    except _Invalid as exc:
        raise UsageError(f"Isi cadangan '{label}' tidak konsisten: {exc}.") from None
    for blob in tables["evidence_blobs"]:
        _blob(archive, listed, blob, label)
    return manifest, tables


def read_backup(source: Path | str | BinaryIO
                ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The verified manifest and the decoded tables of a backup (raises UsageError).

    Checks the format name and version, the SHA-256 of every member (the evidence files'
    bytes included), the row counts, the type of every value and that every reference
    points at a row of the backup.
    """
    archive, label = _open(source)
    with archive:
        return _verified(archive, label)


def _check_references(tables: dict[str, list[dict[str, Any]]]) -> None:
    if len(tables["cycles"]) != 1:
        raise _Invalid(f"harus berisi tepat satu siklus, bukan {len(tables['cycles'])}")
    ids: dict[str, set[Any]] = {}
    for name, rows in tables.items():
        [key] = [c.name for c in TABLES[name].primary_key.columns]
        ids[name] = {row[key] for row in rows}
        if len(ids[name]) != len(rows):
            raise _Invalid(f"id ganda di tabel {name}")
    for blob in tables["evidence_blobs"]:
        try:
            check_sha256(blob["sha256"])
        except ValueError:
            raise _Invalid(f"tabel evidence_blobs: '{blob['sha256']}' bukan sidik SHA-256") \
                from None
    for name, table in TABLES.items():
        for column in _columns(table):
            for fk in column.foreign_keys:
                if (name, column.name) == ("cycles", "previous_cycle_id"):
                    continue  # a cycle outside the backup: matched by (ki, year, title)
                known = ids[fk.column.table.name]
                for row in tables[name]:
                    value = row[column.name]
                    if value is not None and value not in known:
                        raise _Invalid(f"tabel {name} baris id {row.get('id')}: "
                                       f"{column.name}={value} tidak ada di cadangan")
    for user in tables["users"]:
        if user["role"] not in {role.value for role in Role}:
            raise _Invalid(f"peran pengguna '{user['username']}' tidak dikenal")


# -- restore ------------------------------------------------------------------------------


def _insert(session: Session, table: Table, rows: list[dict[str, Any]],
            want_ids: bool) -> list[int]:
    """Insert rows (without their old ids); the new ids in the same order when wanted."""
    if not rows:
        return []
    values = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    if not want_ids:
        session.execute(insert(table), values)
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, values))


def _remap(table: Table, rows: list[dict[str, Any]], maps: dict[str, dict[int, int]]
           ) -> list[dict[str, Any]]:
    refs = [(c.name, maps[next(iter(c.foreign_keys)).column.table.name])
            for c in _columns(table) if c.foreign_keys]
    out = []
    for row in rows:
        new = dict(row)
        for column, mapping in refs:
            if new[column] is not None:
                new[column] = mapping[new[column]]
        out.append(new)
    return out


def _restore_users(session: Session, users: list[dict[str, Any]], maps: dict
                   ) -> tuple[list[str], list[str]]:
    existing = {}
    names = [u["username"] for u in users]
    for start in range(0, len(names), 5000):
        existing.update((name, uid) for name, uid in session.execute(
            select(User.username, User.id).where(User.username.in_(names[start:start + 5000]))))
    created, matched, missing = [], [], []
    for user in users:
        if user["username"] in existing:
            maps["users"][user["id"]] = existing[user["username"]]
            matched.append(user["username"])
        else:
            missing.append(user)
    rows = [{**u, "active": False, "password_hash": unusable_hash("restored-no-login"),
             "last_cycle_id": None} for u in missing]  # set once the cycle is in
    for user, new_id in zip(missing, _insert(session, TABLES["users"], rows, True),
                            strict=True):
        maps["users"][user["id"]] = new_id
        created.append(user["username"])
    return created, matched


def _current_key(name: str, stored: str, ki: str, row_id: int,
                 claimed: set[tuple[str, str]]) -> str:
    """The key a restored body (or alias) gets: its name normalised as today, unless the
    stored key was made unmatchable on purpose or another row of the backup has it."""
    key = name_key(name)
    if is_unmatchable(stored) or (ki, key) in claimed:
        key = stored if (ki, stored) not in claimed else unmatchable_key(key, row_id)
    claimed.add((ki, key))
    return key


def _restore_bodies(session: Session, bodies: list[dict[str, Any]], maps: dict
                    ) -> tuple[int, int, list[str]]:
    kis = sorted({b["ki"] for b in bodies})
    existing = {(ki, key): (bid, name, category) for bid, ki, key, name, category in
                session.execute(select(BadanPublik.id, BadanPublik.ki, BadanPublik.name_key,
                                       BadanPublik.name, BadanPublik.category)
                                .where(BadanPublik.ki.in_(kis)))}
    missing, conflicts, warnings = [], [], []
    claimed: set[tuple[str, str]] = set()
    for body in bodies:  # in id order: the older of two bodies of one name keeps the key
        body["name_key"] = _current_key(body["name"], body["name_key"], body["ki"],
                                        body["id"], claimed)
        found = existing.get((body["ki"], body["name_key"]))
        if found is None:
            missing.append(body)
            continue
        bid, name, category = found
        if category != body["category"]:
            conflicts.append(f"'{name}' (di sini '{category}', di cadangan "
                             f"'{body['category']}')")
        elif name != body["name"]:
            warnings.append(f"Badan publik '{body['name']}' dicocokkan dengan '{name}' yang "
                            f"sudah ada; hasil memakai nama '{name}'.")
        maps["badan_publik"][body["id"]] = bid
    if conflicts:
        shown = "; ".join(conflicts[:5]) + (f"; dan {len(conflicts) - 5} lainnya"
                                            if len(conflicts) > 5 else "")
        raise UsageError(
            f"Badan publik berikut sudah ada di basis data ini dengan kategori lain, sehingga "
            f"hasil siklus yang dipulihkan tidak akan sama: {shown}. Samakan kategorinya "
            f"terlebih dahulu.")
    for body, new_id in zip(missing, _insert(session, TABLES["badan_publik"], missing, True),
                            strict=True):
        maps["badan_publik"][body["id"]] = new_id
    return len(missing), len(bodies) - len(missing), warnings


def _restore_aliases(session: Session, aliases: list[dict[str, Any]], maps: dict
                     ) -> tuple[int, list[str]]:
    kis = sorted({a["ki"] for a in aliases})
    taken = {(ki, key): bid for ki, key, bid in session.execute(
        select(Alias.ki, Alias.alias_key, Alias.badan_publik_id).where(Alias.ki.in_(kis)))}
    names = {(ki, key): bid for bid, ki, key in session.execute(
        select(BadanPublik.id, BadanPublik.ki, BadanPublik.name_key)
        .where(BadanPublik.ki.in_(kis)))}
    rows, warnings = [], []
    for alias in aliases:  # two aliases now alike: the later one is reported below
        if not is_unmatchable(alias["alias_key"]):
            alias["alias_key"] = name_key(alias["alias"])
        body = maps["badan_publik"][alias["badan_publik_id"]]
        key = (alias["ki"], alias["alias_key"])
        owner = taken.get(key, names.get(key))
        if owner == body:
            continue
        if owner is not None:
            warnings.append(f"Alias '{alias['alias']}' tidak dipulihkan: nama itu sudah "
                            f"dipakai badan publik lain di basis data ini.")
            continue
        taken[key] = body
        rows.append({**alias, "badan_publik_id": body})
    _insert(session, TABLES["aliases"], rows, False)
    return len(rows), warnings


def _restore_websites(session: Session, websites: list[dict[str, Any]], maps: dict) -> int:
    """Add the bodies' website addresses a (matched or created) body does not have yet;
    the number added."""
    bodies = sorted({maps["badan_publik"][w["badan_publik_id"]] for w in websites})
    known: set[tuple[int, str]] = set()
    for start in range(0, len(bodies), 5000):
        known.update((body, url) for body, url in session.execute(
            select(BodyWebsite.badan_publik_id, BodyWebsite.url)
            .where(BodyWebsite.badan_publik_id.in_(bodies[start:start + 5000]))))
    rows = []
    for website in _remap(TABLES["body_websites"], websites, maps):
        key = (website["badan_publik_id"], website["url"])
        if key not in known:
            known.add(key)
            rows.append(website)
    _insert(session, TABLES["body_websites"], rows, False)
    return len(rows)


# A monitoring run that was running when the backup was made runs nowhere after a restore.
_RESTORED_STOPPED = ("Pemantauan sedang berjalan ketika cadangan dibuat dan berhenti di "
                     "sana. Lanjutkan untuk memeriksa situs yang belum dikunjungi, atau "
                     "mulai pemantauan baru.")


def _stopped(run: dict[str, Any]) -> dict[str, Any]:
    if run["state"] != "running":
        return run
    return {**run, "state": "interrupted", "detail": _RESTORED_STOPPED}


def _previous_cycle(session: Session, previous: Any) -> tuple[int | None, list[str]]:
    if not isinstance(previous, dict):
        return None, []
    found = session.scalar(select(Cycle.id).where(
        Cycle.ki == previous.get("ki"), Cycle.year == previous.get("year"),
        Cycle.title == previous.get("title")))
    if found is None:
        return None, [f"Siklus sebelumnya '{previous.get('title')}' tidak ada di basis data "
                      f"ini; tautan ke siklus sebelumnya dikosongkan."]
    return found, []


def _event_rows(rows: list[dict[str, Any]], maps: dict[str, dict[int, int]]
                ) -> list[dict[str, Any]]:
    """Remap the ids an event names: its entity_id, and known keys of its old/new JSON."""
    for row in rows:
        table = _ENTITY_TABLES.get(row["entity"])
        if table and row["entity_id"].isdigit():
            new_id = maps[table].get(int(row["entity_id"]))
            if new_id is not None:
                row["entity_id"] = str(new_id)
        for side in ("old", "new"):
            if isinstance(row[side], dict):
                row[side] = {key: _remapped_value(key, value, maps)
                             for key, value in row[side].items()}
    return rows


def _remapped_value(key: str, value: Any, maps: dict[str, dict[int, int]]) -> Any:
    table = _PAYLOAD_IDS.get(key)
    if table is None or not isinstance(value, int) or isinstance(value, bool):
        return value
    return maps[table].get(value, value)


def _restore(session: Session, actor: Actor, manifest: dict[str, Any],
             tables: dict[str, list[dict[str, Any]]], title: str,
             content: Callable[[dict[str, Any]], bytes], store: EvidenceStore
             ) -> RestoreInfo:
    source = tables["cycles"][0]
    ki, year = source["ki"], source["year"]
    clash = session.scalar(select(Cycle.id).where(Cycle.ki == ki, Cycle.year == year,
                                                  Cycle.title == title))
    if clash is not None:
        raise UsageError(
            f"Siklus '{title}' untuk {ki} tahun {year} sudah ada di basis data ini (id "
            f"{clash}). Pulihkan dengan judul lain (--title) bila keduanya perlu disimpan.")
    maps: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
    users_created, users_matched = _restore_users(session, tables["users"], maps)
    bodies_created, bodies_matched, warnings = _restore_bodies(
        session, tables["badan_publik"], maps)
    aliases_restored, alias_warnings = _restore_aliases(session, tables["aliases"], maps)
    warnings += alias_warnings
    websites_restored = _restore_websites(session, tables["body_websites"], maps)
    previous_id, previous_warnings = _previous_cycle(session, source.get("previous_cycle"))
    warnings += previous_warnings

    cycle_row = {k: v for k, v in source.items() if k != "previous_cycle"}
    cycle_row.update(title=title, previous_cycle_id=previous_id,
                     created_by_id=maps["users"].get(cycle_row["created_by_id"]))
    [new_cycle_id] = _insert(session, TABLES["cycles"], [cycle_row], True)
    maps["cycles"][source["id"]] = new_cycle_id
    chose_it = [maps["users"][u["id"]] for u in tables["users"]
                if u["username"] in users_created and u["last_cycle_id"] == source["id"]]
    if chose_it:
        session.execute(update(User).where(User.id.in_(chose_it))
                        .values(last_cycle_id=new_cycle_id))

    # Evidence contents are addressed by their hash: kept as they are (the same content
    # already described or stored here is left alone), their bytes put into the store.
    blobs = tables["evidence_blobs"]
    maps["evidence_blobs"] = {b["sha256"]: b["sha256"] for b in blobs}
    insert_missing(session, EvidenceBlob, blobs)
    for blob in blobs:
        store.put(session, content(blob))

    for name in ("stage_states", "participation", "submissions", "answers", "appeals",
                 "verifications", "panel_scores", "bonuses", "publications",
                 "published_results", "evidence_files", "portal_drafts", "portal_answers",
                 "messages", "message_attachments", "monitoring_runs", "monitoring_sites",
                 "monitoring_findings", "events"):
        table = TABLES[name]
        rows = _remap(table, tables[name], maps)
        if name == "events":
            rows = _event_rows(rows, maps)
        elif name == "monitoring_runs":
            rows = [_stopped(row) for row in rows]
        new_ids = _insert(session, table, rows, name in _ID_NEEDED)
        maps[name] = dict(zip((r["id"] for r in tables[name]), new_ids, strict=False))

    counts = {name: len(rows) for name, rows in tables.items()}
    counts["aliases"] = aliases_restored
    counts["body_websites"] = websites_restored
    backup_created = manifest.get("created_at")
    source_dialect = str((manifest.get("source") or {}).get("dialect", ""))
    # The restore itself is audited outside the cycle's own trail, which stays as it was.
    record(session, actor, "cycle.restore", entity="cycle", entity_id=new_cycle_id,
           new={"title": title, "ki": ki, "year": year, "source_cycle_id": source["id"],
                "source_dialect": source_dialect, "backup_created_at": backup_created,
                "users_created": users_created, "bodies_created": bodies_created})
    session.flush()
    return RestoreInfo(
        cycle_id=new_cycle_id, source_cycle_id=source["id"], ki=ki, year=year, title=title,
        source_dialect=source_dialect, counts=counts,
        bodies_created=bodies_created, bodies_matched=bodies_matched,
        users_created=tuple(users_created), users_matched=tuple(users_matched),
        warnings=tuple(warnings))


def restore_cycle(db: Database, actor: Actor, source: Path | str | BinaryIO, *,
                  title: str | None = None, store: EvidenceStore | None = None
                  ) -> RestoreInfo:
    """Restore a backed-up cycle into `db` as a new cycle, in one transaction; the bytes
    of its evidence files go into `store` (default: the configured evidence store)."""
    # Checked before an uploaded file is read, and again in the transaction that restores.
    require(db, actor, Action.BACKUP)
    if title is not None and not title.strip():
        raise UsageError("Judul baru siklus tidak boleh kosong.")
    store = store or configured_store(db)
    archive, label = _open(source)
    try:
        with archive:
            manifest, tables = _verified(archive, label)
            new_title = (" ".join(title.split()) if title is not None
                         else tables["cycles"][0]["title"])
            listed = manifest["members"]
            with db.transaction() as session:
                actor = require(session, actor, Action.BACKUP)
                info = _restore(session, actor, manifest, tables, new_title,
                                lambda blob: _blob(archive, listed, blob, label), store)
                # Rows went in around the ORM: the stored results are computed here, in
                # the same transaction (a backup does not carry them: they follow from the
                # rest).
                projection.rebuild(session, load_cycle(session, info.cycle_id))
                return info
    except (IntegrityError, DataError) as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise UsageError(f"Cadangan tidak dapat dipulihkan: basis data tujuan menolak isinya "
                         f"({detail}). Tidak ada yang disimpan.") from None
