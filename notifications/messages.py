"""Messages (*pesan*): a thread per badan publik and cycle between the KI (koordinator PPID,
admin) and the body's PPID, with attachments, unread markers and an e-mail copy.

Rights (:attr:`~monev.permissions.Action.MESSAGE`): a PPID account writes in its own body's
thread only, a koordinator PPID in the threads of the bodies in their scope, an admin in
any. Attachments are checked and stored as evidence files are (:mod:`evidence.inspect`:
PDF, PNG or JPEG that opens, within the cycle's ``evidence_max_bytes``; the bytes in the
evidence store, once per SHA-256). A message is a notice (:mod:`notifications.events`) for
the other side — the body's PPID accounts and address when the KI writes, the koordinator
of the body and the admins when the PPID writes — in the app and by e-mail, written in
the message's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update

from evidence.inspect import EvidenceRefused, inspect_file
from evidence.store import EvidenceStore, configured_store, insert_missing
from monev.audit import user_names
from monev.bodies import load_body
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, Role, require
from notifications import settings
from notifications.events import (
    MESSAGES,
    Group,
    accounts,
    admins,
    body_audience,
    coordinators,
    cycle_context,
    deliver,
)
from storage.db import Database
from storage.models import (
    BadanPublik,
    EvidenceBlob,
    Message,
    MessageAttachment,
    MessageRead,
    Notice,
    Notification,
    Participation,
    User,
    utcnow,
)

MAX_CHARS = 10_000
MAX_FILES = 5


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    file_name: str
    size_bytes: int
    media_type: str


@dataclass(frozen=True, slots=True)
class MessageInfo:
    id: int
    author: str
    author_role: str  # the role's label ("Koordinator PPID", "Badan publik (PPID)" …)
    from_body: bool  # written by the body's PPID
    body: str
    created_at: datetime
    attachments: tuple[AttachmentInfo, ...]
    mine: bool
    unread: bool


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    body_id: int
    body_name: str
    messages: int
    unread: int
    last_at: datetime | None


def _read_upto(session, user_id: int | None, cycle_id: int, body_id: int) -> int:
    if user_id is None:
        return 0
    row = session.get(MessageRead, (user_id, cycle_id, body_id))
    return row.last_message_id if row else 0


def threads(db: Database, actor: Actor, cycle_id: int) -> list[ThreadInfo]:
    """The threads the actor may read in a cycle: every taking-part body of their scope
    (a PPID account: its own), with counts; those with unread messages first, then by
    the newest message, then by name."""
    with db.read() as session:
        actor = require(session, actor, Action.MESSAGE, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        query = select(BadanPublik).join(
            Participation, Participation.badan_publik_id == BadanPublik.id).where(
            Participation.cycle_id == cycle.id)
        if actor.scope is not None:
            query = query.where(BadanPublik.id.in_(actor.scope))
        found = list(session.scalars(query))
        stats = {body_id: (count, last_id, last_at) for body_id, count, last_id, last_at in
                 session.execute(select(Message.badan_publik_id, func.count(),
                                        func.max(Message.id), func.max(Message.created_at))
                                 .where(Message.cycle_id == cycle.id)
                                 .group_by(Message.badan_publik_id))}
        out = []
        for body in found:
            count, _, last_at = stats.get(body.id, (0, 0, None))
            upto = _read_upto(session, actor.id, cycle.id, body.id)
            unread = session.scalar(select(func.count()).select_from(Message).where(
                Message.cycle_id == cycle.id, Message.badan_publik_id == body.id,
                Message.id > upto, Message.author_id.is_distinct_from(actor.id))) or 0 \
                if count else 0
            out.append(ThreadInfo(body.id, body.name, int(count), int(unread), last_at))
        return sorted(out, key=lambda t: (t.unread == 0, -(t.last_at.timestamp())
                                          if t.last_at else 0, t.body_name))


def unread_total(db: Database, actor: Actor, cycle_id: int) -> int:
    """Unread messages of every thread the actor may read in a cycle."""
    return sum(t.unread for t in threads(db, actor, cycle_id))


def thread(db: Database, actor: Actor, cycle_id: int, body_id: int, *,
           mark_read: bool = True) -> list[MessageInfo]:
    """The messages of one body's thread, oldest first, each saying whether it was unread;
    with `mark_read` the thread is then read up to its newest message, and the actor's
    in-app notifications of these messages (the bell) are marked read too."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MESSAGE, bodies=[body_id], cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        upto = _read_upto(session, actor.id, cycle.id, body.id)
        rows = list(session.scalars(select(Message).where(
            Message.cycle_id == cycle.id, Message.badan_publik_id == body.id)
            .order_by(Message.id)))
        files: dict[int, list[AttachmentInfo]] = {}
        if rows:
            for attachment, blob in session.execute(select(MessageAttachment, EvidenceBlob)
                                                    .join(EvidenceBlob, EvidenceBlob.sha256
                                                          == MessageAttachment.sha256)
                                                    .where(MessageAttachment.message_id.in_(
                                                        [r.id for r in rows]))
                                                    .order_by(MessageAttachment.id)):
                files.setdefault(attachment.message_id, []).append(AttachmentInfo(
                    attachment.id, attachment.file_name, blob.size_bytes, blob.media_type))
        names = user_names(session)
        roles = {uid: role for uid, role in session.execute(select(User.id, User.role))}
        out = []
        for row in rows:
            role = roles.get(row.author_id or 0)
            label = Role(role).label if role else "Sistem"
            out.append(MessageInfo(
                row.id, names.get(row.author_id or 0, "Sistem"), label,
                role == Role.BODY.value, row.body, row.created_at,
                tuple(files.get(row.id, ())), row.author_id == actor.id and actor.id is not None,
                row.id > upto and row.author_id != actor.id))
        if mark_read and rows and actor.id is not None:
            _mark(session, actor.id, cycle.id, body.id, rows[-1].id)
            # The bell's notices of these messages are read with them.
            session.execute(update(Notification).where(
                Notification.user_id == actor.id, Notification.read_at.is_(None),
                Notification.notice_id.in_(select(Notice.id).where(
                    Notice.key.in_([f"message:{r.id}" for r in rows]))))
                .values(read_at=utcnow()))
        return out


def _mark(session, user_id: int, cycle_id: int, body_id: int, message_id: int) -> None:
    row = session.get(MessageRead, (user_id, cycle_id, body_id))
    if row is None:
        session.add(MessageRead(user_id=user_id, cycle_id=cycle_id, badan_publik_id=body_id,
                                last_message_id=message_id))
    elif row.last_message_id < message_id:
        row.last_message_id = message_id


def post(db: Database, actor: Actor, cycle_id: int, body_id: int, text: str, *,
         files: Sequence[tuple[str, bytes]] = (),
         store: EvidenceStore | None = None) -> MessageInfo:
    """Write a message in the thread of `body_id`, with `files` (name, bytes) attached.
    Every file is checked before anything is stored (a refused file stores nothing).
    Raises :class:`UsageError` (empty, too long, too many files),
    :class:`~evidence.inspect.EvidenceRefused` (E602, too large, in a message's words: the
    file, its size, the limit, what to do), :class:`NotFound`,
    :class:`PermissionDenied`."""
    from evidence.files import clean_file_name

    text = (text or "").strip()
    if not text:
        raise UsageError("Isi pesan wajib diisi.")
    if len(text) > MAX_CHARS:
        raise UsageError(f"Pesan terlalu panjang: paling banyak {MAX_CHARS} karakter.")
    if len(files) > MAX_FILES:
        raise UsageError(f"Lampiran paling banyak {MAX_FILES} berkas per pesan.")
    store = store or configured_store(db)
    with db.read() as session:
        require(session, actor, Action.MESSAGE, bodies=[body_id], cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        load_body(session, cycle, body_id)
        limit = methodology_of(cycle).evidence_max_bytes
    try:
        checked = [(clean_file_name(name), data,
                    inspect_file(data, clean_file_name(name), limit)) for name, data in files]
    except EvidenceRefused as refused:
        raise _for_message(refused) from refused
    with db.transaction() as session:
        actor = require(session, actor, Action.MESSAGE, bodies=[body_id], cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        now = utcnow()
        message = Message(cycle_id=cycle.id, badan_publik_id=body.id, author_id=actor.id,
                          body=text, created_at=now)
        session.add(message)
        session.flush()
        attached = []
        for name, data, inspection in checked:
            insert_missing(session, EvidenceBlob, [{
                "sha256": inspection.sha256, "size_bytes": inspection.size_bytes,
                "media_type": inspection.media_type, "pages": inspection.pages,
                "stored_at": now}])
            store.put(session, data)
            row = MessageAttachment(message_id=message.id, sha256=inspection.sha256,
                                    file_name=name)
            session.add(row)
            session.flush()
            attached.append(AttachmentInfo(row.id, name, inspection.size_bytes,
                                           inspection.media_type))
        if actor.id is not None:
            _mark(session, actor.id, cycle.id, body.id, message.id)
        _tell(session, actor, cycle, body, message, [a.file_name for a in attached])
        return MessageInfo(message.id, actor.name, actor.role.label,
                           actor.role is Role.BODY, text, now, tuple(attached), True, False)


def _for_message(refused: EvidenceRefused) -> EvidenceRefused:
    """The refusal of an attachment in a message's words: E602 (too large), as the evidence
    check found it, says "per berkas lampiran" and what a writer of a message can do (make
    it smaller, split it, or send a link) instead of the evidence upload's "per pertanyaan"
    and "upload only the pages that prove this question"; other refusals stay as they are."""
    found = refused.problem
    if found.code != "E602":
        return refused
    size, limit = found.context.get("size", "?"), found.context.get("limit", "?")
    return EvidenceRefused(replace(
        found,
        message=f"Lampiran berukuran {size}, melebihi batas {limit} per berkas lampiran pesan",
        fix=(f"Perkecil berkas hingga paling besar {limit} (kompres PDF, atau pindai ulang "
             "dengan resolusi lebih rendah), bagi menjadi beberapa berkas "
             f"(paling banyak {MAX_FILES} per pesan) masing-masing paling besar {limit}, atau "
             "tulis tautan ke dokumen itu di isi pesan dan kirim tanpa lampiran ini.")))


def _tell(session, actor: Actor, cycle, body: BadanPublik, message: Message,
          names: list[str]) -> None:
    link = settings.link(MESSAGES)
    if actor.role is Role.BODY:
        ki = set(coordinators(session, [body.id])) | {r.user_id for r in admins(session)
                                                      if r.user_id is not None}
        groups = [Group(accounts(session, ki), link)]
    else:
        groups = [Group(body_audience(session, body), link)]
    context = {**cycle_context(cycle), "badan_publik": body.name,
               "pengirim": actor.name, "isi": message.body, "lampiran": names}
    deliver(session, key=f"message:{message.id}", event="message", context=context,
            groups=groups, cycle_id=cycle.id, body_id=body.id, exclude_user=actor.id)


def attachment(db: Database, actor: Actor, attachment_id: int, *,
               store: EvidenceStore | None = None) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a message attachment the actor may read."""
    store = store or configured_store(db)
    with db.read() as session:
        row = session.get(MessageAttachment, attachment_id)
        message = session.get(Message, row.message_id) if row else None
        if row is None or message is None:
            raise NotFound(f"Lampiran #{attachment_id} tidak ditemukan.")
        require(session, actor, Action.MESSAGE, bodies=[message.badan_publik_id],
                cycle=message.cycle_id)
        blob = session.get(EvidenceBlob, row.sha256)
        return row.file_name, blob.media_type if blob else "application/octet-stream", \
            store.get(session, row.sha256)
