"""Verifikasi: a verifikator confirms, lowers or rejects the self-reported answers.

A verification is a row of the answer's append-only history (:mod:`monev.history`): the
verified value, the effective value before it (``old_value``), the reason, the phase
(``verifikasi``, or ``sanggah`` when an appeal decision wrote it) and who/when. A
withdrawal puts the answer back to its self-reported value. Saves are checked against the
seq the caller saw (a :class:`~monev.errors.Conflict` names who saved first — unless the
only row since is the caller's own identical save, e.g. a double click, which is then a
no-op), the stage lock and the publication. What evaluators read (queue, review
workspace, an answer's history) is in :mod:`monev.review`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.answer_values import coerce_answer
from monev.audit import user_name
from monev.bodies import load_body
from monev.cycles import ensure_changeable, load_cycle, methodology_of, questionnaire_stage
from monev.errors import Conflict, NotFound, UsageError
from monev.history import Item, Write, appending, conflict, current_submissions, cycle_for_write
from monev.permissions import Action, Actor, require
from questionnaires import answer_types
from questionnaires.answers import display_value
from questionnaires.model import Methodology, Question
from reports.formatting import exact
from storage.db import Database
from storage.models import Answer, BadanPublik, Cycle, Submission, Verification, utcnow
from storage.queries import value_from_json, value_to_json

PHASE_VERIFICATION = "verifikasi"
PHASE_APPEAL = "sanggah"


@dataclass(frozen=True, slots=True)
class VerificationInfo:
    """The state of one answer after a verification was saved (or withdrawn)."""

    cycle_id: int
    body_id: int
    question_code: str
    seq: int  # pass this as expected_seq for the next change
    value: Any  # the verified value of this row (None for a withdrawal)
    old_value: Any  # the effective value before this row
    self_reported: Any  # the answer of the current submission
    effective: Any  # what scoring uses now: the verified value, else the self-reported one
    withdrawn: bool
    reason: str
    phase: str  # "verifikasi" or "sanggah"
    appeal_id: int | None
    changed_by: str
    changed_at: datetime
    changed: bool = True  # False when saving was a no-op (same value and reason)


def answer_item(cycle_id: int, body_id: int, question_code: str) -> Item:
    """The verification history of one answer of a badan publik."""
    return Item(Verification, cycle_id, body_id, (("question_code", question_code),))


def question_for(methodology: Methodology, body: BadanPublik, code: str) -> Question:
    """The question `code` as it applies to the body's category.

    Raises :class:`NotFound` when the methodology has no such question and
    :class:`UsageError` when it does not apply to the body's category."""
    question = methodology.question_by_code.get(code.strip())
    if question is None:
        raise NotFound(f"Pertanyaan '{code}' tidak ada dalam metodologi "
                       f"{methodology.id} siklus ini.")
    if not question.applies_to(body.category):
        raise UsageError(f"Pertanyaan {question.code} tidak berlaku untuk kategori "
                         f"'{body.category}' ({body.name}).")
    return question


def current_submission(session: Session, cycle: Cycle, body: BadanPublik,
                       *, required: bool = True) -> Submission | None:
    """The body's current submission; None without one, or :class:`UsageError` when
    `required` (nothing to verify yet)."""
    submission = current_submissions(session, cycle.id, [body.id]).get(body.id)
    if submission is None and required:
        raise UsageError(f"{body.name} belum mengunggah kuesioner pada siklus ini; belum "
                         f"ada jawaban yang dapat diverifikasi.")
    return submission


def self_reported_value(session: Session, submission: Submission | None, code: str) -> Any:
    """The answer value of question `code` in `submission` (None: none, or not answered)."""
    if submission is None:
        return None
    value = session.scalar(select(Answer.value).where(
        Answer.submission_id == submission.id, Answer.question_code == code))
    return value_from_json(value)


def changed_since_verified(session: Session, cycle_id: int,
                           verified_at: Mapping[tuple[int, str], datetime],
                           current: Mapping[int, Submission]) -> set[tuple[int, str]]:
    """(body id, question code) of the current verifications — `verified_at` maps each to
    when it was written — whose answer was re-uploaded since with another self-reported
    value.

    The self-reported value "then" is the one of the highest submission version uploaded
    at or before the verification; it is compared with the value of the body's current
    submission in `current`. Two queries.
    """
    stale = {key: at for key, at in verified_at.items()
             if key[0] in current and at < current[key[0]].uploaded_at}
    if not stale:
        return set()
    uploads: dict[int, list[tuple[int, datetime, int]]] = {}
    for sub_id, body_id, version, uploaded_at in session.execute(select(
            Submission.id, Submission.badan_publik_id, Submission.version,
            Submission.uploaded_at).where(
            Submission.cycle_id == cycle_id,
            Submission.badan_publik_id.in_({body_id for body_id, _ in stale}))):
        uploads.setdefault(body_id, []).append((version, uploaded_at, sub_id))
    then: dict[tuple[int, str], int] = {}
    for key, verified in stale.items():
        earlier = [(version, sub_id) for version, at, sub_id in uploads.get(key[0], [])
                   if at <= verified]
        if earlier:  # none: the verification predates every upload (cannot tell)
            then[key] = max(earlier)[1]
    if not then:
        return set()
    ids = set(then.values()) | {current[body_id].id for body_id, _ in then}
    values = {(sub_id, code): value_from_json(value) for sub_id, code, value in
              session.execute(select(Answer.submission_id, Answer.question_code,
                                     Answer.value).where(
                  Answer.submission_id.in_(ids),
                  Answer.question_code.in_({code for _, code in then})))}
    return {(body_id, code) for (body_id, code), sub_id in then.items()
            if values.get((sub_id, code)) != values.get((current[body_id].id, code))}


def _effective(latest: Verification | None, self_reported: Any) -> Any:
    if latest is None or latest.withdrawn:
        return self_reported
    return value_from_json(latest.value)


def _verification_info(session: Session, row: Verification, self_reported: Any,
                       *, changed: bool = True) -> VerificationInfo:
    return VerificationInfo(
        cycle_id=row.cycle_id, body_id=row.badan_publik_id, question_code=row.question_code,
        seq=row.seq, value=value_from_json(row.value), old_value=value_from_json(row.old_value),
        self_reported=self_reported, effective=_effective(row, self_reported),
        withdrawn=row.withdrawn, reason=row.reason, phase=row.phase, appeal_id=row.appeal_id,
        changed_by=user_name(session, row.created_by_id), changed_at=row.created_at,
        changed=changed)


def answer_conflict(session: Session, item: Item, attempted: Any) -> Conflict:
    """The Conflict of an answer whose verification seq moved on (see
    :data:`monev.history.ConflictFor`): its effective value now, who changed it, when."""
    cycle = load_cycle(session, item.cycle_id)
    body = load_body(session, cycle, item.body_id)
    question = question_for(methodology_of(cycle), body, dict(item.keys)["question_code"])
    latest = item.latest(session)
    submission = current_submission(session, cycle, body, required=False)
    current = _effective(latest, self_reported_value(session, submission, question.code))
    action = "mencabut verifikasinya" if latest and latest.withdrawn else "menyimpannya"
    return conflict(session, latest, lambda who, at: (
        f"Jawaban {question.code} {body.name} sudah diubah oleh {who} ({at}) yang {action} "
        f"lebih dahulu; nilainya kini {display_value(question, current)}. Periksa nilai "
        f"terbaru, lalu simpan lagi bila masih perlu."), current=current, attempted=attempted)


def write_verification(write: Write, actor: Actor, cycle: Cycle, body: BadanPublik,
                       question: Question, value: Any, reason: str, *, withdraw: bool = False,
                       phase: str = PHASE_VERIFICATION, appeal_id: int | None = None,
                       at: datetime | None = None) -> VerificationInfo:
    """Append a verification row in `write`'s transaction (checked against its expected
    seq; None — an appeal decision — takes whatever is current).

    Raises :class:`Conflict` when the answer's seq moved on and :class:`UsageError` when
    there is no submission, a withdrawal has nothing to withdraw or lacks a reason, or a
    changed value lacks a reason, or points given to a question only the verifikator
    scores (``text``: every score needs its written reason) lack one. Saving the current
    verified value again with no new reason writes nothing (``changed`` False).
    """
    session = write.session
    latest = write.latest(answer_item(cycle.id, body.id, question.code), value)
    submission = current_submission(session, cycle, body)
    self_reported = self_reported_value(session, submission, question.code)
    before = _effective(latest, self_reported)
    verified_now = latest is not None and not latest.withdrawn
    # Confirming a verification whose answer was re-uploaded since is a real change: it
    # records that the verifikator has seen the new self-reported value.
    stale = verified_now and submission is not None and bool(changed_since_verified(
        session, cycle.id, {(body.id, question.code): latest.created_at},
        {body.id: submission}))
    if withdraw:
        if not verified_now:
            raise UsageError(f"Jawaban {question.code} {body.name} belum diverifikasi; "
                             f"tidak ada yang dapat dicabut.")
        if not reason:
            raise UsageError("Alasan pencabutan verifikasi wajib diisi.")
        value = None
    else:
        if (verified_now and phase == PHASE_VERIFICATION and not stale and value == before
                and reason in ("", latest.reason)):
            return _verification_info(session, latest, self_reported, changed=False)
        spec = answer_types.get(question.type)
        if not reason and spec.scored_by_verifier:
            raise UsageError(
                f"Alasan wajib diisi untuk poin pertanyaan {spec.label.lower()} "
                f"{question.code} ({display_value(question, value)}; paling banyak "
                f"{exact(question.points)} poin): tuliskan dasar penilaiannya, mis. bukti "
                f"mana yang mendukung jawaban dan mana yang kurang, lalu simpan lagi.")
        if value != before and not reason:
            raise UsageError(
                f"Alasan wajib diisi karena nilai verifikasi "
                f"({display_value(question, value)}) berbeda dari nilai saat ini "
                f"({display_value(question, before)}) untuk pertanyaan {question.code}.")
    row = write.append(value=value_to_json(value), old_value=value_to_json(before),
                       withdrawn=withdraw, reason=reason, phase=phase, appeal_id=appeal_id,
                       created_by_id=actor.id, created_at=at or utcnow())
    return _verification_info(session, row, self_reported)


def _save_verification(db: Database, actor: Actor, cycle_id: int, body_id: int,
                       question_code: str, value: Any, reason: str, expected_seq: int,
                       withdraw: bool) -> VerificationInfo:
    reason = reason.strip()
    try:
        with appending(db, answer_conflict, expected_seq) as write:
            actor = require(write.session, actor, Action.VERIFY)
            cycle = cycle_for_write(write.session, cycle_id)
            body = load_body(write.session, cycle, body_id)
            question = question_for(methodology_of(cycle), body, question_code)
            ensure_changeable(write.session, cycle, questionnaire_stage(cycle))
            attempted = None if withdraw else coerce_answer(question, value)
            return write_verification(write, actor, cycle, body, question, attempted, reason,
                                      withdraw=withdraw)
    except Conflict as exc:
        repeated = own_repeat(db, actor, cycle_id, body_id, question_code,
                              attempted=exc.attempted, reason=reason,
                              expected_seq=expected_seq, withdraw=withdraw)
        if repeated is None:
            raise
        return repeated


def own_repeat(db: Database, actor: Actor, cycle_id: int, body_id: int, question_code: str,
               *, attempted: Any, reason: str, expected_seq: int,
               withdraw: bool = False) -> VerificationInfo | None:
    """After a :class:`Conflict`: the answer's state (``changed`` False) when the only row
    written since `expected_seq` is this very save, by the same person — the same value
    (or withdrawal) and reason, in the verification phase — so a double click, or the same
    save sent again by a second tab, is a no-op and never a conflict with oneself. None
    when anything else was written since (someone else, another value or reason, more than
    one row): the conflict stands.
    """
    with db.read() as session:
        actor = require(session, actor, Action.VERIFY)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        question = question_for(methodology_of(cycle), body, question_code)
        latest = answer_item(cycle.id, body.id, question.code).latest(session)
        if (latest is None or latest.seq != expected_seq + 1
                or latest.created_by_id != actor.id or latest.phase != PHASE_VERIFICATION
                or latest.withdrawn != withdraw or latest.reason != reason
                or (not withdraw and value_from_json(latest.value) != attempted)):
            return None
        submission = current_submission(session, cycle, body, required=False)
        return _verification_info(session, latest,
                                  self_reported_value(session, submission, question.code),
                                  changed=False)


def verify_answer(db: Database, actor: Actor, cycle_id: int, body_id: int,
                  question_code: str, value: Any, reason: str = "", *,
                  expected_seq: int) -> VerificationInfo:
    """Save the verifikator's value of one answer (confirm, lower or reject it).

    `value` is an answer value (``True``, ``2``, ``{"a", "c"}``, ``None``) or the text a
    person typed (``"Tidak"``, ``"2 – Ditetapkan"``, ``"a, c"``). A reason is required when
    the value differs from the current effective value. Saving the current verified value
    again with no new reason changes nothing (``changed`` False), and so does sending the
    same save again against the seq it replaced (a double click: :func:`own_repeat`).
    Raises :class:`Conflict` (someone saved since `expected_seq`), :class:`StageLocked`,
    :class:`NotFound`, :class:`UsageError` or :class:`PermissionDenied`.
    """
    return _save_verification(db, actor, cycle_id, body_id, question_code, value, reason,
                              expected_seq, withdraw=False)


def withdraw_verification(db: Database, actor: Actor, cycle_id: int, body_id: int,
                          question_code: str, reason: str, *,
                          expected_seq: int) -> VerificationInfo:
    """Withdraw the current verification: the answer is back to its self-reported value
    (a reason is required; errors as :func:`verify_answer`)."""
    return _save_verification(db, actor, cycle_id, body_id, question_code, None, reason,
                              expected_seq, withdraw=True)
