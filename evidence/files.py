"""Evidence files (*data dukung*) of a cycle: attach one to a question of a badan publik,
list them, fetch their bytes, withdraw one — with the rights checked against the database.

A file is attached for an **answer** (the data dukung of the self-reported answer of one
question) or for an **appeal** (new evidence filed with an open sanggah; `appeal_id` set).
Its content is checked by :mod:`evidence.inspect` (a PDF that opens, or a PNG/JPEG image,
within the methodology's ``evidence_max_bytes``), described once per SHA-256 in
``evidence_blobs`` and kept once per SHA-256 in the configured store
(:func:`evidence.store.configured_store`); every attachment is an ``evidence_files`` row.

- The same content attached again to the same question (same purpose and appeal) while it
  is still attached is a no-op (:attr:`Attached.created` False); attached to another
  question it is a second attachment of the one stored blob.
- A withdrawal appends a row with ``withdrawn = True`` (nothing is deleted); the files of a
  question are the attachments not withdrawn since. Attaching the same content again
  after a withdrawal attaches it anew.

Rights (:mod:`monev.permissions`): attaching and withdrawing for an answer is
``ATTACH_EVIDENCE`` (koordinator PPID for the badan publik in their scope, admin), for an
appeal ``FILE_APPEAL`` (the same people); listing and downloading is ``READ_EVIDENCE``
(koordinator for their scope, evaluator, admin). A role limited to one badan publik (the
PPID portal) is limited by its scope the same way. What a badan publik account attached to
(or withdrew from) its answers since it last sent its questionnaire online is part of its
draft (:func:`drafted`): listed and fetched only by those who may read drafts
(``READ_DRAFT``: the body itself, its koordinator, admin); a verifikator sees the files as
they were when the questionnaire was sent. Answers' evidence cannot change once
the SAQ stage is locked or the cycle published; an appeal's only while it is open and the
cycle is not published. Every attachment and withdrawal is an audit event
(``evidence.attach``, ``evidence.withdraw``).

Refusals: :class:`~evidence.inspect.EvidenceRefused` (the file itself, E601–E606),
:class:`~monev.errors.PermissionDenied`, :class:`~monev.errors.StageLocked`,
:class:`~monev.errors.NotFound` and :class:`~monev.errors.UsageError`, each in Bahasa
Indonesia; :class:`~evidence.store.EvidenceStoreError` / ``EvidenceMissing`` from the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PureWindowsPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence.inspect import JPEG, PDF, PNG, Inspection, inspect_file
from evidence.store import EvidenceStore, configured_store, insert_missing
from monev.audit import name_in, record, user_names
from monev.bodies import load_body
from monev.cycles import ensure_changeable, load_cycle, methodology_of, questionnaire_stage
from monev.errors import NotFound, UsageError
from monev.history import cycle_for_write
from monev.permissions import Action, Actor, Role, hides_drafts, require
from monev.verification import question_for
from questionnaires.text import clean
from storage.db import Database
from storage.models import (
    Appeal,
    BadanPublik,
    Cycle,
    EvidenceBlob,
    EvidenceFile,
    Participation,
    PortalDraft,
    User,
    utcnow,
)

ANSWER, APPEAL = "answer", "appeal"
PURPOSE_LABELS = {ANSWER: "Data dukung jawaban", APPEAL: "Bukti sanggah"}
SUFFIX = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
NAME_LIMIT = 300  # evidence_files.file_name
_SUFFIXES = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg", ".jpe")}


@dataclass(frozen=True, slots=True)
class EvidenceFileInfo:
    """One attached evidence file as users see it.

    `id` is the attachment (pass it to :func:`fetch_file` / :func:`withdraw_file`);
    `size_bytes`, `media_type` and `pages` (PDF only) are the checked content's;
    `uploaded_by` / `uploaded_at` who attached it and when (UTC); `stored` whether the
    store holds its bytes (:func:`list_files` looks: False means they were lost from the
    store and must be restored from a backup or uploaded again)."""

    id: int
    cycle_id: int
    body_id: int
    body_name: str
    question_code: str
    file_name: str
    sha256: str
    size_bytes: int
    media_type: str
    pages: int | None
    purpose: str  # answer | appeal
    appeal_id: int | None
    uploaded_by: str
    uploaded_at: datetime
    stored: bool = True

    @property
    def download_name(self) -> str:
        """The file name to download it as: its own, with the suffix of its content when
        the name lacks it (``SK PPID`` → ``SK PPID.pdf``)."""
        if self.file_name.lower().endswith(_SUFFIXES.get(self.media_type, ())):
            return self.file_name
        return self.file_name + SUFFIX.get(self.media_type, "")

    @property
    def purpose_label(self) -> str:
        return PURPOSE_LABELS.get(self.purpose, self.purpose)


@dataclass(frozen=True, slots=True)
class Attached:
    """What :func:`attach_file` did: the attachment, whether a new one was made (False:
    the same content was already attached to this question — nothing changed) and whether
    the content was already stored (for another question, body or cycle)."""

    file: EvidenceFileInfo
    created: bool
    blob_reused: bool


@dataclass(frozen=True, slots=True)
class FetchedFile:
    """An attachment and its bytes (checked against their SHA-256)."""

    file: EvidenceFileInfo
    data: bytes


# -- helpers ---------------------------------------------------------------------------------


def clean_file_name(name: str) -> str:
    """The name an upload is kept under: without any folder a browser or a shell put in
    front (``C:\\fakepath\\sk.pdf`` → ``sk.pdf``), invisible characters and runs of spaces,
    at most :data:`NAME_LIMIT` characters (the suffix kept); ``berkas`` when nothing is
    left."""
    base = clean(PureWindowsPath(str(name)).name)  # splits on both / and \
    base = re.sub(r"^[. ]+", "", base) or "berkas"
    if len(base) > NAME_LIMIT:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            base = stem[:NAME_LIMIT - len(suffix) - 1] + "." + suffix
        else:
            base = base[:NAME_LIMIT]
    return base


def _key(row: EvidenceFile) -> tuple[object, ...]:
    """What one attachment is, across its rows (attached, withdrawn, attached again)."""
    return (row.cycle_id, row.badan_publik_id, row.question_code, row.sha256, row.purpose,
            row.appeal_id)


def _current(rows: Iterable[EvidenceFile]) -> list[EvidenceFile]:
    """The attachments not withdrawn since, from rows in id order (each as its newest row)."""
    latest: dict[tuple[object, ...], EvidenceFile] = {}
    for row in rows:
        latest[_key(row)] = row
    return sorted((r for r in latest.values() if not r.withdrawn), key=lambda r: r.id)


def drafted(session: Session, rows: Iterable[EvidenceFile]) -> set[int]:
    """Ids of the rows among `rows` that belong to a draft not yet sent: an answer's file
    attached (or withdrawn) by a badan publik account after its body last sent its
    questionnaire online, while that questionnaire is not sent (a draft, or nothing saved
    online yet). A koordinator's or admin's attachments are never a draft."""
    answers = [r for r in rows if r.purpose == ANSWER and r.uploaded_by_id is not None]
    if not answers:
        return set()
    body_users = set(session.scalars(select(User.id).where(
        User.id.in_({r.uploaded_by_id for r in answers}), User.role == Role.BODY.value)))
    mine = [r for r in answers if r.uploaded_by_id in body_users]
    if not mine:
        return set()
    sent = {(d.cycle_id, d.badan_publik_id): d for d in session.scalars(select(PortalDraft).where(
        PortalDraft.cycle_id.in_({r.cycle_id for r in mine}),
        PortalDraft.badan_publik_id.in_({r.badan_publik_id for r in mine})))}
    out = set()
    for row in mine:
        draft = sent.get((row.cycle_id, row.badan_publik_id))
        if draft is not None and draft.state == "submitted":
            continue
        if draft is None or draft.submitted_at is None or row.uploaded_at > draft.submitted_at:
            out.add(row.id)
    return out


def _infos(session: Session, rows: list[EvidenceFile],
           store: EvidenceStore | None = None) -> list[EvidenceFileInfo]:
    """The attachments `rows` as users see them (with `store`: whether it holds each)."""
    if not rows:
        return []
    held = ({sha: store.exists(session, sha) for sha in {r.sha256 for r in rows}}
            if store is not None else {})
    names = user_names(session)
    blobs = {b.sha256: b for b in session.scalars(select(EvidenceBlob).where(
        EvidenceBlob.sha256.in_({r.sha256 for r in rows})))}
    bodies = {body_id: name for body_id, name in session.execute(
        select(BadanPublik.id, BadanPublik.name).where(
            BadanPublik.id.in_({r.badan_publik_id for r in rows})))}
    out = []
    for row in rows:
        blob = blobs[row.sha256]
        out.append(EvidenceFileInfo(
            id=row.id, cycle_id=row.cycle_id, body_id=row.badan_publik_id,
            body_name=bodies.get(row.badan_publik_id, ""), question_code=row.question_code,
            file_name=row.file_name, sha256=row.sha256, size_bytes=blob.size_bytes,
            media_type=blob.media_type, pages=blob.pages, purpose=row.purpose,
            appeal_id=row.appeal_id, uploaded_by=name_in(names, row.uploaded_by_id),
            uploaded_at=row.uploaded_at, stored=held.get(row.sha256, True)))
    return out


def _taking_part(session: Session, cycle: Cycle, body: BadanPublik, *,
                 lock: bool = False) -> None:
    """Refuse a badan publik that does not take part in the cycle; with `lock`, hold its
    participation row (``FOR UPDATE``) so attachments to one body are made one at a time."""
    query = select(Participation.id).where(Participation.cycle_id == cycle.id,
                                           Participation.badan_publik_id == body.id)
    if session.scalar(query.with_for_update() if lock else query) is None:
        raise UsageError(f"{body.name} tidak terdaftar sebagai peserta siklus "
                         f"'{cycle.title}'; data dukung hanya dapat diunggah untuk badan "
                         f"publik peserta. Minta admin atau koordinator mendaftarkannya.")


def _appeal(session: Session, cycle: Cycle, body: BadanPublik, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None or appeal.cycle_id != cycle.id or appeal.badan_publik_id != body.id:
        raise NotFound(f"Sanggah #{appeal_id} untuk {body.name} tidak ada pada siklus "
                       f"'{cycle.title}'.")
    return appeal


def _open_appeal(appeal: Appeal) -> None:
    if appeal.status != "open":
        raise UsageError(f"Sanggah #{appeal.id} sudah diputus atau ditarik; bukti sanggah "
                         f"hanya dapat dilampirkan atau ditarik selama sanggah masih "
                         f"diajukan.")


@dataclass(frozen=True, slots=True)
class _Target:
    cycle: Cycle
    body: BadanPublik
    question_code: str
    appeal: Appeal | None


def _target(session: Session, actor: Actor, cycle_id: int, body_id: int,
            question_code: str | None, appeal_id: int | None, *, for_write: bool,
            ) -> tuple[Actor, _Target]:
    """Check the right to attach and resolve what the file goes to (the cycle read
    ``FOR SHARE`` and the body's participation ``FOR UPDATE`` when `for_write`)."""
    action = Action.ATTACH_EVIDENCE if appeal_id is None else Action.FILE_APPEAL
    actor = require(session, actor, action, bodies=[body_id])
    cycle = cycle_for_write(session, cycle_id) if for_write else load_cycle(session,
                                                                           cycle_id)
    body = load_body(session, cycle, body_id)
    _taking_part(session, cycle, body, lock=for_write)
    appeal = None
    code = (question_code or "").strip()
    if appeal_id is not None:
        appeal = _appeal(session, cycle, body, appeal_id)
        if appeal.question_code is not None:
            if code and code != appeal.question_code:
                raise UsageError(f"Sanggah #{appeal.id} menyangkut pertanyaan "
                                 f"{appeal.question_code}, bukan {code}; lampirkan bukti "
                                 f"untuk pertanyaan {appeal.question_code}.")
            code = appeal.question_code
    if not code:
        raise UsageError("Sebutkan kode pertanyaan yang didukung berkas ini (mis. 1.1).")
    code = question_for(methodology_of(cycle), body, code).code
    if for_write:
        ensure_changeable(session, cycle,
                          questionnaire_stage(cycle) if appeal is None else None)
        if appeal is not None:
            _open_appeal(appeal)
    return actor, _Target(cycle, body, code, appeal)


# -- use cases -------------------------------------------------------------------------------


def attach_file(db: Database, actor: Actor, cycle_id: int, body_id: int,
                question_code: str | None, file_name: str, data: bytes, *,
                appeal_id: int | None = None, store: EvidenceStore | None = None) -> Attached:
    """Attach the file `data` (named `file_name`) to question `question_code` of badan
    publik `body_id` in cycle `cycle_id`: as the data dukung of its answer, or with
    `appeal_id` as new evidence of that open appeal (`question_code` may then be None: the
    appeal's question).

    The content is checked (:func:`evidence.inspect.inspect_file`, the cycle's
    methodology's size limit) after the rights and before anything is stored; it is stored
    once per SHA-256 in `store` (default: the configured one). Returns :class:`Attached`;
    raises :class:`~evidence.inspect.EvidenceRefused`, PermissionDenied, StageLocked,
    NotFound or UsageError (module docstring)."""
    store = store or configured_store(db)
    name = clean_file_name(file_name)
    with db.read() as session:  # rights and target before the content is even opened
        _, target = _target(session, actor, cycle_id, body_id, question_code, appeal_id,
                            for_write=False)
        limit = methodology_of(target.cycle).evidence_max_bytes
        if target.appeal is not None:
            _open_appeal(target.appeal)
    inspection = inspect_file(data, name, limit)
    with db.transaction() as session:
        actor, target = _target(session, actor, cycle_id, body_id, question_code,
                                appeal_id, for_write=True)
        purpose = ANSWER if target.appeal is None else APPEAL
        rows = list(session.scalars(select(EvidenceFile).where(
            EvidenceFile.cycle_id == target.cycle.id,
            EvidenceFile.badan_publik_id == target.body.id,
            EvidenceFile.question_code == target.question_code,
            EvidenceFile.sha256 == inspection.sha256,
        ).order_by(EvidenceFile.id)))
        same = [r for r in _current(rows) if r.purpose == purpose
                and r.appeal_id == (target.appeal.id if target.appeal else None)]
        blob_reused = session.get(EvidenceBlob, inspection.sha256) is not None
        if same:
            return Attached(_infos(session, same[:1])[0], created=False,
                            blob_reused=blob_reused)
        _keep(session, store, inspection, data)
        row = EvidenceFile(cycle_id=target.cycle.id, badan_publik_id=target.body.id,
                           question_code=target.question_code, sha256=inspection.sha256,
                           file_name=name, purpose=purpose,
                           appeal_id=target.appeal.id if target.appeal else None,
                           uploaded_by_id=actor.id, uploaded_at=utcnow(), withdrawn=False)
        session.add(row)
        session.flush()
        record(session, actor, "evidence.attach", cycle_id=target.cycle.id,
               entity="evidence_file", entity_id=row.id,
               new={"badan_publik_id": target.body.id, "question": target.question_code,
                    "file_name": name, "sha256": inspection.sha256,
                    "size_bytes": inspection.size_bytes, "purpose": purpose,
                    "appeal_id": row.appeal_id})
        session.flush()
        return Attached(_infos(session, [row])[0], created=True, blob_reused=blob_reused)


def _keep(session: Session, store: EvidenceStore, inspection: Inspection,
          data: bytes) -> None:
    """Describe the content (``evidence_blobs``, once per SHA-256) and store its bytes."""
    insert_missing(session, EvidenceBlob, [{
        "sha256": inspection.sha256, "size_bytes": inspection.size_bytes,
        "media_type": inspection.media_type, "pages": inspection.pages,
        "stored_at": utcnow()}])
    store.put(session, data)


def list_files(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
               question_code: str | None = None, purpose: str | None = None,
               appeal_id: int | None = None, store: EvidenceStore | None = None
               ) -> list[EvidenceFileInfo]:
    """The evidence files attached (and not withdrawn) in a cycle, oldest first: of one
    badan publik (`body_id`), one question (`question_code`), one purpose (``answer`` or
    ``appeal``) or one appeal. A koordinator sees the badan publik in their scope only
    (asking for another one is refused); a reader who may not read drafts sees a body's
    answer files as it last sent them (:func:`drafted`). Each says whether `store` (default: the
    configured one) holds its bytes (:attr:`EvidenceFileInfo.stored`)."""
    store = store or configured_store(db)
    if purpose is not None and purpose not in PURPOSE_LABELS:
        raise UsageError(f"Jenis berkas '{purpose}' tidak dikenal: {', '.join(PURPOSE_LABELS)}.")
    with db.read() as session:
        actor = require(session, actor, Action.READ_EVIDENCE,
                        bodies=[body_id] if body_id is not None else [])
        cycle = load_cycle(session, cycle_id)
        query = select(EvidenceFile).where(EvidenceFile.cycle_id == cycle.id)
        if body_id is not None:
            query = query.where(EvidenceFile.badan_publik_id == body_id)
        if question_code is not None:
            query = query.where(EvidenceFile.question_code == question_code.strip())
        if purpose is not None:
            query = query.where(EvidenceFile.purpose == purpose)
        if appeal_id is not None:
            query = query.where(EvidenceFile.appeal_id == appeal_id)
        if actor.scope is not None:
            query = query.where(EvidenceFile.badan_publik_id.in_(actor.scope))
        rows = list(session.scalars(query.order_by(EvidenceFile.id)))
        if hides_drafts(actor):  # as the bodies sent them
            hidden = drafted(session, rows)
            rows = [r for r in rows if r.id not in hidden]
        return _infos(session, _current(rows), store)


def _attachment(session: Session, file_id: int) -> EvidenceFile:
    row = session.get(EvidenceFile, file_id)
    if row is None or row.withdrawn:
        raise NotFound(f"Berkas data dukung dengan id {file_id} tidak ditemukan.")
    return row


def fetch_file(db: Database, actor: Actor, file_id: int, *,
               store: EvidenceStore | None = None) -> FetchedFile:
    """An attachment and its bytes, checked against its SHA-256 (also one withdrawn
    since: the trail may show it). Raises NotFound, PermissionDenied, or the store's
    EvidenceMissing."""
    store = store or configured_store(db)
    with db.read() as session:
        row = session.get(EvidenceFile, file_id)
        body = row.badan_publik_id if row is not None else None
        actor = require(session, actor, Action.READ_EVIDENCE, bodies=[body] if body else [])
        row = _attachment(session, file_id)
        if hides_drafts(actor) and drafted(session, [row]):
            raise NotFound(f"Berkas data dukung dengan id {file_id} tidak ditemukan.")
        load_cycle(session, row.cycle_id)  # a prepared cycle stays hidden
        [info] = _infos(session, [row])
        return FetchedFile(info, store.get(session, row.sha256))


def withdraw_file(db: Database, actor: Actor, file_id: int, *,
                  reason: str = "") -> EvidenceFileInfo:
    """Withdraw an attachment: a new row with ``withdrawn = True`` (the file stays in the
    trail and in the store). Refused when it is already withdrawn, and like attaching
    (rights, locked stage, published cycle, decided appeal). Returns the withdrawn
    attachment as it was."""
    with db.transaction() as session:
        row = session.get(EvidenceFile, file_id)
        if row is None:
            raise NotFound(f"Berkas data dukung dengan id {file_id} tidak ditemukan.")
        actor, target = _target(session, actor, row.cycle_id, row.badan_publik_id,
                                row.question_code, row.appeal_id, for_write=True)
        rows = session.scalars(select(EvidenceFile).where(
            EvidenceFile.cycle_id == row.cycle_id,
            EvidenceFile.badan_publik_id == row.badan_publik_id,
            EvidenceFile.question_code == row.question_code,
            EvidenceFile.sha256 == row.sha256).order_by(EvidenceFile.id))
        if row.withdrawn or not any(r.id == row.id for r in _current(rows)):
            raise UsageError(f"Berkas '{row.file_name}' sudah ditarik dari pertanyaan "
                             f"{row.question_code}; tidak ada yang diubah.")
        [info] = _infos(session, [row])
        gone = EvidenceFile(cycle_id=row.cycle_id, badan_publik_id=row.badan_publik_id,
                            question_code=row.question_code, sha256=row.sha256,
                            file_name=row.file_name, purpose=row.purpose,
                            appeal_id=row.appeal_id, uploaded_by_id=actor.id,
                            uploaded_at=utcnow(), withdrawn=True)
        session.add(gone)
        session.flush()
        record(session, actor, "evidence.withdraw", cycle_id=target.cycle.id,
               entity="evidence_file", entity_id=row.id,
               old={"badan_publik_id": row.badan_publik_id, "question": row.question_code,
                    "file_name": row.file_name, "sha256": row.sha256,
                    "purpose": row.purpose, "appeal_id": row.appeal_id},
               reason=reason.strip())
        session.flush()
        return info
