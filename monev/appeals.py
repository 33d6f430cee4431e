"""Masa sanggah: a badan publik contests verification results; an evaluator decides.

A koordinator PPID files an appeal for a badan publik in their scope, about one answer or
about the result as a whole, with a claim and new evidence. An evaluator (verifikator or
the KI pleno, recorded by an evaluator or admin) accepts or rejects it with a reason. An
accepted appeal on an answer with a new value writes a verification row (phase
``sanggah``, pointing at the appeal) in the same transaction as the decision, so the
decision and the value change land together or not at all.

Appeals may be filed and decided after the SAQ stage is locked — that is the point of the
masa sanggah — but not after the cycle's results were published. ``Appeal.version`` is
checked (the row is read ``FOR UPDATE``) so two people deciding the same appeal from stale
views get a :class:`~monev.errors.Conflict` instead of overwriting each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.answer_values import coerce_answer
from monev.audit import name_in, record, user_names, utc_text
from monev.bodies import load_body
from monev.cycles import ensure_changeable, load_cycle, methodology_of
from monev.errors import Conflict, NotFound, UsageError
from monev.history import Item, appending, cycle_for_write
from monev.permissions import Action, Actor, require
from monev.verification import PHASE_APPEAL, VerificationInfo, question_for, write_verification
from notifications.events import appeal_decided
from questionnaires.answers import display_value
from questionnaires.text import is_link
from storage.db import Database
from storage.models import Appeal, BadanPublik, utcnow

STATUSES = ("open", "accepted", "rejected", "withdrawn")
STATUS_LABELS = {"open": "Diajukan", "accepted": "Diterima", "rejected": "Ditolak",
                 "withdrawn": "Ditarik"}


@dataclass(frozen=True, slots=True)
class AppealInfo:
    """An appeal as stored, with names for showing it."""

    id: int
    cycle_id: int
    body_id: int
    body_name: str
    question_code: str | None  # None: about the result as a whole
    claim: str
    evidence: str
    status: str  # open, accepted, rejected, withdrawn
    filed_by: str
    filed_at: datetime
    decision_reason: str
    decided_by: str
    decided_at: datetime | None
    version: int  # pass as expected_version to decide
    # The verification written by an accepted decision (only in decide_appeal's answer).
    verification: VerificationInfo | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def _info(session: Session, appeal: Appeal, names: dict[int, str] | None = None,
          body: BadanPublik | None = None,
          verification: VerificationInfo | None = None) -> AppealInfo:
    names = user_names(session) if names is None else names
    body = body or session.get(BadanPublik, appeal.badan_publik_id)
    return AppealInfo(
        id=appeal.id, cycle_id=appeal.cycle_id, body_id=appeal.badan_publik_id,
        body_name=body.name if body else "", question_code=appeal.question_code,
        claim=appeal.claim, evidence=appeal.evidence, status=appeal.status,
        filed_by=name_in(names, appeal.filed_by_id), filed_at=appeal.filed_at,
        decision_reason=appeal.decision_reason,
        decided_by=name_in(names, appeal.decided_by_id) if appeal.decided_at else "",
        decided_at=appeal.decided_at, version=appeal.version, verification=verification)


def file_appeal(db: Database, actor: Actor, cycle_id: int, body_id: int, claim: str, *,
                question_code: str | None = None, evidence: str = "") -> AppealInfo:
    """File a sanggah for a badan publik (a koordinator only for those in their scope).

    `evidence`, when given, must be an http(s) address (:func:`questionnaires.text.is_link`),
    like the *data dukung* of a questionnaire; raises :class:`UsageError` otherwise."""
    claim = claim.strip()
    with db.transaction() as session:
        actor = require(session, actor, Action.FILE_APPEAL, bodies=[body_id])
        if not claim:
            raise UsageError("Isi sanggah wajib diisi: jelaskan hasil verifikasi mana yang "
                             "dianggap keliru dan mengapa.")
        if evidence.strip() and not is_link(evidence):
            raise UsageError("Tautan bukti harus alamat web lengkap yang dapat dibuka, "
                             "diawali http:// atau https:// (mis. "
                             "https://ppid.example.go.id/dip). Kosongkan bila tidak ada.")
        cycle = cycle_for_write(session, cycle_id)
        body = load_body(session, cycle, body_id)
        ensure_changeable(session, cycle, None)
        code = None
        if question_code is not None and question_code.strip():
            code = question_for(methodology_of(cycle), body, question_code).code
        appeal = Appeal(cycle_id=cycle.id, badan_publik_id=body.id, question_code=code,
                        claim=claim, evidence=evidence.strip(), status="open",
                        filed_by_id=actor.id, filed_at=utcnow())
        session.add(appeal)
        session.flush()
        record(session, actor, "appeal.file", cycle_id=cycle.id, entity="appeal",
               entity_id=appeal.id, new={"badan_publik": body.id, "question": code})
        session.flush()
        return _info(session, appeal, body=body)


def _version_conflict(session: Session, appeal: Appeal, expected: int) -> Conflict:
    info = _info(session, appeal)
    when = utc_text(info.decided_at)
    who = info.decided_by if info.decided_at else ""
    return Conflict(
        f"Sanggah #{appeal.id} sudah diubah orang lain ({who or 'versi ' + str(appeal.version)}"
        f"{', ' + when if when else ''}); statusnya kini {info.status_label}. Muat ulang "
        f"sanggah ini sebelum memutusnya.", current=info.status, attempted=None,
        current_seq=appeal.version, changed_by=who, changed_at=when)


def decide_appeal(db: Database, actor: Actor, appeal_id: int, accepted: bool, reason: str, *,
                  new_value: Any = None, expected_version: int) -> AppealInfo:
    """Accept or reject an open appeal with a reason.

    An accepted appeal about an answer with a `new_value` (an answer value or typed text)
    also writes that value as a verification (phase ``sanggah``) in the same transaction.
    """
    reason = reason.strip()

    def concurrent(session: Session, item: Item, _attempted: Any) -> Conflict:
        code = dict(item.keys)["question_code"]
        return Conflict(
            f"Jawaban {code} diubah verifikator lain bersamaan dengan putusan sanggah "
            f"#{appeal_id}; putusan belum disimpan. Muat ulang lalu putuskan lagi.",
            current=None, attempted=new_value, current_seq=item.seq(session))

    # expected_seq None: the verification an accepted appeal writes goes on top of whatever
    # is current; a verification saved concurrently still makes it a Conflict.
    with appending(db, concurrent, None) as write:
        session = write.session
        actor = require(session, actor, Action.DECIDE_APPEAL)
        if not reason:
            raise UsageError("Alasan putusan sanggah wajib diisi.")
        if new_value is not None and not accepted:
            raise UsageError("Nilai baru hanya dapat diberikan bila sanggah diterima.")
        appeal = session.get(Appeal, appeal_id, with_for_update=True)
        if appeal is None:
            raise NotFound(f"Sanggah dengan id {appeal_id} tidak ditemukan.")
        if appeal.version != expected_version:
            raise _version_conflict(session, appeal, expected_version)
        if appeal.status != "open":
            raise UsageError(f"Sanggah #{appeal.id} sudah berstatus "
                             f"{STATUS_LABELS.get(appeal.status, appeal.status)}; "
                             f"tidak dapat diputus lagi.")
        cycle = cycle_for_write(session, appeal.cycle_id)
        body = load_body(session, cycle, appeal.badan_publik_id)
        ensure_changeable(session, cycle, None)
        now = utcnow()
        verification = None
        new_text = ""
        if new_value is not None:
            if appeal.question_code is None:
                raise UsageError(f"Sanggah #{appeal.id} tidak menyangkut satu pertanyaan; "
                                 f"nilai baru tidak dapat diberikan.")
            question = question_for(methodology_of(cycle), body, appeal.question_code)
            value = coerce_answer(question, new_value)
            verification = write_verification(
                write, actor, cycle, body, question, value, reason, phase=PHASE_APPEAL,
                appeal_id=appeal.id, at=now)
            new_text = display_value(question, value)
        old = appeal.status
        appeal.status = "accepted" if accepted else "rejected"
        appeal.decision_reason = reason
        appeal.decided_by_id = actor.id
        appeal.decided_at = now
        appeal.version += 1
        session.flush()
        record(session, actor, "appeal.decide", cycle_id=cycle.id, entity="appeal",
               entity_id=appeal.id, old=old, new=appeal.status, reason=reason)
        appeal_decided(session, appeal, decided_by=actor.id, new_value=new_text)
        session.flush()
        return _info(session, appeal, body=body, verification=verification)


def list_appeals(db: Database, actor: Actor, cycle_id: int,
                 status: str | None = None) -> list[AppealInfo]:
    """Appeals of a cycle, oldest first (a koordinator sees their own badan publik only)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        if status is not None and status not in STATUSES:
            raise UsageError(f"Status sanggah '{status}' tidak dikenal: "
                             f"{', '.join(STATUSES)}.")
        cycle = load_cycle(session, cycle_id)
        query = select(Appeal).where(Appeal.cycle_id == cycle.id)
        if status is not None:
            query = query.where(Appeal.status == status)
        if actor.scope is not None:
            query = query.where(Appeal.badan_publik_id.in_(actor.scope))
        appeals = list(session.scalars(query.order_by(Appeal.filed_at, Appeal.id)))
        bodies = {b.id: b for b in session.scalars(select(BadanPublik).where(
            BadanPublik.id.in_({a.badan_publik_id for a in appeals})))} if appeals else {}
        names = user_names(session)
        return [_info(session, a, names, bodies.get(a.badan_publik_id)) for a in appeals]
