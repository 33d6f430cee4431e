"""Verifikasi and panel work: verified answers, jurors' scores, bonuses, and their trail.

Every change is a new row (append-only) with a per-item sequence number ``seq``. The caller
passes the ``seq`` it saw (``expected_seq``; 0 = nothing saved yet). In one write transaction
the service checks the stage lock, reads the current ``seq`` and refuses with
:class:`~monev.errors.Conflict` when it moved on; otherwise it inserts ``seq + 1``. Two
sessions that both read the same ``seq`` cannot both insert it: ``UNIQUE(…, seq)`` makes the
second insert fail, and that failure is reported as the same Conflict, naming the winner's
value, who saved it and when. Nothing is ever overwritten silently.

The cycle row (and the stage state row) are read ``FOR SHARE`` on PostgreSQL, so a lock or
a publication committed while a verification is being saved either waits for it or is seen
by it (SQLite serialises writers with ``BEGIN IMMEDIATE`` anyway).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monev.audit import user_names
from monev.cycles import ensure_changeable, load_cycle, methodology_of, questionnaire_stage
from monev.errors import Conflict, NotFound, UsageError
from monev.permissions import Action, Actor, require
from questionnaires import layout
from questionnaires.answers import InvalidAnswer, allowed_text, parse_answer
from questionnaires.model import AnswerType, Methodology, Question, Stage, StageKind
from questionnaires.submission import NIL, NIL_LABEL
from storage.db import Database
from storage.models import (
    Answer,
    Appeal,
    BadanPublik,
    Bonus,
    Cycle,
    PanelScore,
    Submission,
    User,
    Verification,
    utcnow,
)
from storage.queries import (
    answers_of,
    current_submissions,
    current_verifications,
    value_from_json,
    value_to_json,
    verification_seq,
)

PHASE_VERIFICATION = "verifikasi"
PHASE_APPEAL = "sanggah"
SYSTEM_NAME = "Sistem"
CENT = Decimal("0.01")


# -- what the services return ------------------------------------------------------------


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


# History entry kinds, with the labels a page shows.
KIND_SUBMISSION = "jawaban_mandiri"
KIND_VERIFICATION = "verifikasi"
KIND_WITHDRAWAL = "pencabutan"
KIND_APPEAL_FILED = "sanggah_diajukan"
KIND_APPEAL_DECIDED = "sanggah_diputus"
KIND_LABELS = {
    KIND_SUBMISSION: "Jawaban mandiri (unggahan)",
    KIND_VERIFICATION: "Hasil verifikasi",
    KIND_WITHDRAWAL: "Verifikasi dicabut",
    KIND_APPEAL_FILED: "Sanggah diajukan",
    KIND_APPEAL_DECIDED: "Sanggah diputus",
}
_KIND_ORDER = {KIND_SUBMISSION: 0, KIND_APPEAL_FILED: 1, KIND_APPEAL_DECIDED: 2,
               KIND_VERIFICATION: 3, KIND_WITHDRAWAL: 3}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event in the life of one answer (see :func:`answer_history`)."""

    at: datetime
    kind: str  # one of KIND_LABELS
    value: Any  # the value this entry reports or sets (None: not answered / withdrawn)
    value_text: str
    old_value: Any = None
    old_text: str = ""
    reason: str = ""  # verification reason, appeal claim or appeal decision reason
    by: str = ""  # uploader, verifikator, appellant or decider
    seq: int | None = None  # verification seq
    phase: str = ""  # "mandiri", "verifikasi" or "sanggah"
    withdrawn: bool = False
    submission_version: int | None = None
    file_name: str = ""
    evidence: str = ""
    appeal_id: int | None = None
    appeal_status: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class PanelScoreInfo:
    """One juror's current score of one aspect (or the row just saved)."""

    cycle_id: int
    body_id: int
    stage: str
    juror: str
    aspect: str
    seq: int
    score: Decimal | None  # None when withdrawn
    old_score: Decimal | None
    withdrawn: bool
    reason: str
    changed_by: str
    changed_at: datetime
    changed: bool = True


@dataclass(frozen=True, slots=True)
class BonusInfo:
    """A bonus (typed adjustment of the final score) as now stored."""

    cycle_id: int
    body_id: int
    code: str
    seq: int
    points: Decimal | None  # None when withdrawn
    old_points: Decimal | None
    withdrawn: bool
    reason: str
    changed_by: str
    changed_at: datetime
    changed: bool = True


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A badan publik waiting for verification, with how much is left."""

    body_id: int
    name: str
    category: str
    submission_version: int
    file_name: str
    uploaded_at: datetime
    late: bool
    total: int  # questions that apply to the category
    verified: int  # of those, with a current verification
    open_appeals: int
    changed_since_verified: int = 0  # verified answers whose self-reported value changed since
    warnings: int = 0  # the reader's warnings about the current submission's file

    @property
    def remaining(self) -> int:
        return self.total - self.verified

    @property
    def done(self) -> bool:
        return self.verified >= self.total


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One row of the evaluator's table: an applicable question and its answers."""

    code: str
    indicator: str
    indicator_name: str
    text: str
    answer_type: str
    allowed: str  # the answers the question accepts, as shown to people
    self_reported: Any
    self_reported_text: str
    evidence: str
    note: str
    verified: Any  # current verified value, None when not (or no longer) verified
    verified_text: str | None
    seq: int  # pass as expected_seq (counts withdrawn rows too)
    reason: str
    verified_by: str
    verified_at: datetime | None
    # A current verification exists, but the self-reported answer was re-uploaded with
    # another value after it was written: the verifikator should check it again.
    changed_since_verified: bool = False
    # Codes of the reader's warnings on this answer's row or question (e.g. ("W404",):
    # data dukung typed as text, not a link); see :func:`submission_warnings`.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SubmissionWarning:
    """A warning the reader gave when it accepted the current submission's file (W4xx),
    as stored with the submission: where (sheet, cell), what, and how to fix it."""

    code: str
    sheet: str
    cell: str
    message: str
    fix: str
    question: str = ""  # the question it concerns, when the reader named one

    @property
    def where(self) -> str:
        """``Kuesioner!F14``; ``Kuesioner`` or ``-`` when the warning has no cell."""
        return "!".join(part for part in (self.sheet, self.cell) if part) or "-"

    def rows(self) -> frozenset[tuple[str, int]]:
        """(sheet, row number) of every row its cell or range touches (none without)."""
        return _cell_rows(self.sheet, self.cell)


# -- values as people read them -------------------------------------------------------------


def display_value(question: Question, value: Any) -> str:
    """An answer value as text: ``Ya``, ``2 – Ditetapkan``, ``a (RKA), b (DPA)``, ``-``."""
    if value is None:
        return "-"
    if value == NIL:
        return NIL_LABEL
    if question.type is AnswerType.YES_NO and isinstance(value, bool):
        return layout.YES if value else layout.NO
    if question.type is AnswerType.SCALE and isinstance(value, int):
        level = question.level(value)
        return layout.scale_choice(value, level.label) if level else str(value)
    if question.type is AnswerType.CHECKLIST and isinstance(value, frozenset | set | list):
        if not value:
            return "Tidak ada"
        parts = []
        for code in sorted(value):
            item = question.item(code)
            parts.append(f"{code} ({item.label})" if item else str(code))
        return ", ".join(parts)
    return str(value)


def coerce_answer(question: Question, value: Any) -> Any:
    """An answer value from a value or from text typed by a verifikator.

    Raises :class:`UsageError` (in Bahasa Indonesia) when it is not one of the question's
    answers. ``None`` or blank text means *not answered* (earns nothing).
    """
    try:
        if value is None or isinstance(value, str):
            return parse_answer(question, value)
        if question.type is AnswerType.YES_NO and isinstance(value, bool):
            return value
        if question.type is AnswerType.SCALE and isinstance(value, int) \
                and not isinstance(value, bool):
            return parse_answer(question, value)
        if question.type is AnswerType.CHECKLIST and isinstance(
                value, frozenset | set | list | tuple):
            codes = set()
            for code in value:
                item = question.item(str(code))
                if item is None:
                    raise InvalidAnswer(value, allowed_text(question))
                codes.add(item.code)
            return frozenset(codes)
        raise InvalidAnswer(value, allowed_text(question))
    except InvalidAnswer as exc:
        shown = display_value(question, value) if not isinstance(value, str) else value
        raise UsageError(f"Jawaban '{shown}' tidak sah untuk pertanyaan {question.code}. "
                         f"Jawaban yang diterima: {exc.allowed}.") from None


def parse_score(value: Any, what: str, low: Decimal = Decimal(0),
                high: Decimal = Decimal(100)) -> Decimal:
    """A number with at most 2 decimals in [low, high]; ``85,5`` (decimal comma) accepted."""
    if isinstance(value, bool) or value is None:
        raise UsageError(f"{what} wajib berupa angka.")
    try:
        if isinstance(value, str):
            number = Decimal(value.strip().replace(",", "."))
        elif isinstance(value, float):
            number = Decimal(str(value))
        else:
            number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise UsageError(f"{what} '{value}' bukan angka.") from None
    if not number.is_finite():
        raise UsageError(f"{what} '{value}' bukan angka.")
    if number != number.quantize(CENT):
        raise UsageError(f"{what} '{value}' memiliki lebih dari 2 angka desimal.")
    if not low <= number <= high:
        raise UsageError(f"{what} harus antara {low} dan {high}; diberikan {value}.")
    return number.quantize(CENT)


def _name(names: dict[int, str], user_id: int | None) -> str:
    return SYSTEM_NAME if user_id is None else names.get(user_id, f"pengguna #{user_id}")


def _user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return SYSTEM_NAME
    user = session.get(User, user_id)
    return (user.display_name or user.username) if user else f"pengguna #{user_id}"


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else ""


# -- loading and guarding within a write transaction -------------------------------------


def cycle_for_write(session: Session, cycle_id: int) -> Cycle:
    """The cycle, read ``FOR SHARE`` so a concurrent publication waits for this change."""
    cycle = session.get(Cycle, cycle_id, with_for_update={"read": True})
    return cycle if cycle is not None else load_cycle(session, cycle_id)


def guard(session: Session, cycle: Cycle, stage: str | None) -> None:
    """:func:`ensure_changeable` (it holds the cycle and stage rows ``FOR SHARE``)."""
    ensure_changeable(session, cycle, stage)


def load_body(session: Session, cycle: Cycle, body_id: int) -> BadanPublik:
    body = session.get(BadanPublik, body_id)
    if body is None or body.ki != cycle.ki:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ditemukan di {cycle.ki}.")
    return body


def question_for(methodology: Methodology, body: BadanPublik, code: str) -> Question:
    """The question `code` as it applies to the body's category, or a clear refusal."""
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
    submission = current_submissions(session, cycle.id, [body.id]).get(body.id)
    if submission is None and required:
        raise UsageError(f"{body.name} belum mengunggah kuesioner pada siklus ini; belum "
                         f"ada jawaban yang dapat diverifikasi.")
    return submission


def self_reported_value(session: Session, submission: Submission | None, code: str) -> Any:
    if submission is None:
        return None
    value = session.scalar(select(Answer.value).where(
        Answer.submission_id == submission.id, Answer.question_code == code))
    return value_from_json(value)


def latest_verification(session: Session, cycle_id: int, body_id: int,
                        code: str) -> Verification | None:
    """The newest verification row of an answer (withdrawn or not)."""
    return session.scalars(select(Verification).where(
        Verification.cycle_id == cycle_id, Verification.badan_publik_id == body_id,
        Verification.question_code == code).order_by(Verification.seq.desc()).limit(1)).first()


def changed_since_verified(session: Session, cycle_id: int,
                           verified: dict[tuple[int, str], Verification],
                           current: dict[int, Submission]) -> set[tuple[int, str]]:
    """(body id, question code) of the current verifications in `verified` whose answer
    was re-uploaded with another self-reported value after the verification was written.

    The self-reported value "then" is the one of the highest submission version uploaded
    at or before the verification's ``created_at``; it is compared with the value of the
    body's current submission in `current`. Withdrawn rows are ignored. Two queries.
    """
    stale = {key: row for key, row in verified.items()
             if not row.withdrawn and key[0] in current
             and row.created_at < current[key[0]].uploaded_at}
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
    for key, row in stale.items():
        earlier = [(version, sub_id) for version, at, sub_id in uploads.get(key[0], [])
                   if at <= row.created_at]
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
        changed_by=_user_name(session, row.created_by_id), changed_at=row.created_at,
        changed=changed)


def _verification_conflict(session: Session, cycle: Cycle, body: BadanPublik,
                           question: Question, attempted: Any) -> Conflict:
    latest = latest_verification(session, cycle.id, body.id, question.code)
    submission = current_submission(session, cycle, body, required=False)
    current = _effective(latest, self_reported_value(session, submission, question.code))
    seq = latest.seq if latest else 0
    who = _user_name(session, latest.created_by_id) if latest else ""
    at = _when(latest.created_at) if latest else ""
    action = "mencabut verifikasinya" if latest and latest.withdrawn else "menyimpannya"
    return Conflict(
        f"Jawaban {question.code} {body.name} sudah diubah oleh {who or 'orang lain'} "
        f"({at}) yang {action} lebih dahulu; nilainya kini "
        f"{display_value(question, current)}. Periksa nilai terbaru, lalu simpan lagi bila "
        f"masih perlu.", current=current, attempted=attempted, current_seq=seq,
        changed_by=who, changed_at=at)


def write_verification(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
                       question: Question, value: Any, reason: str, *,
                       expected_seq: int | None, withdraw: bool = False,
                       phase: str = PHASE_VERIFICATION, appeal_id: int | None = None,
                       at: datetime | None = None) -> VerificationInfo:
    """Append a verification row (inside the caller's write transaction).

    `expected_seq` None means "whatever is current" (an appeal decision); the UNIQUE
    constraint still turns a concurrent insert into an error.
    """
    latest = latest_verification(session, cycle.id, body.id, question.code)
    seq = latest.seq if latest else 0
    if expected_seq is not None and seq != expected_seq:
        raise _verification_conflict(session, cycle, body, question, value)
    submission = current_submission(session, cycle, body)
    self_reported = self_reported_value(session, submission, question.code)
    before = _effective(latest, self_reported)
    verified_now = latest is not None and not latest.withdrawn
    # Confirming a verification whose answer was re-uploaded since is a real change: it
    # records that the verifikator has seen the new self-reported value.
    stale = verified_now and latest is not None and submission is not None and bool(
        changed_since_verified(session, cycle.id, {(body.id, question.code): latest},
                               {body.id: submission}))
    if withdraw:
        if not verified_now:
            raise UsageError(f"Jawaban {question.code} {body.name} belum diverifikasi; "
                             f"tidak ada yang dapat dicabut.")
        if not reason:
            raise UsageError("Alasan pencabutan verifikasi wajib diisi.")
        value = None
    else:
        if value != before and not reason:
            raise UsageError(
                f"Alasan wajib diisi karena nilai verifikasi "
                f"({display_value(question, value)}) berbeda dari nilai saat ini "
                f"({display_value(question, before)}) untuk pertanyaan {question.code}.")
        if (latest is not None and verified_now and phase == PHASE_VERIFICATION
                and not stale and value == before and reason in ("", latest.reason)):
            return _verification_info(session, latest, self_reported, changed=False)
    row = Verification(
        cycle_id=cycle.id, badan_publik_id=body.id, question_code=question.code, seq=seq + 1,
        value=value_to_json(value), old_value=value_to_json(before), withdrawn=withdraw,
        reason=reason, phase=phase, appeal_id=appeal_id, created_by_id=actor.id,
        created_at=at or utcnow())
    session.add(row)
    session.flush()
    return _verification_info(session, row, self_reported)


def raced(db: Database, exc: IntegrityError, seq_now: Callable[[Session], int],
          expected: int | None, conflict: Callable[[Session], Conflict]) -> Conflict:
    """After an insert lost a race on UNIQUE(…, seq): the Conflict naming the winner.

    Re-raises `exc` when the sequence did not move (the error was something else).
    """
    with db.read() as session:
        if expected is not None and seq_now(session) == expected:
            raise exc
        return conflict(session)


# -- verifications --------------------------------------------------------------------------


def _answer_context(session: Session, cycle_id: int, body_id: int, code: str,
                    ) -> tuple[Cycle, BadanPublik, Question]:
    cycle = cycle_for_write(session, cycle_id)
    body = load_body(session, cycle, body_id)
    question = question_for(methodology_of(cycle), body, code)
    return cycle, body, question


def _save_verification(db: Database, actor: Actor, cycle_id: int, body_id: int,
                       question_code: str, value: Any, reason: str, expected_seq: int,
                       withdraw: bool) -> VerificationInfo:
    reason = reason.strip()
    attempted: Any = None
    try:
        with db.transaction() as session:
            actor = require(session, actor, Action.VERIFY)
            cycle, body, question = _answer_context(session, cycle_id, body_id, question_code)
            guard(session, cycle, questionnaire_stage(cycle))
            attempted = None if withdraw else coerce_answer(question, value)
            return write_verification(session, actor, cycle, body, question, attempted,
                                      reason, expected_seq=expected_seq, withdraw=withdraw)
    except IntegrityError as exc:
        def conflict(session: Session) -> Conflict:
            cycle, body, question = _answer_context(session, cycle_id, body_id,
                                                    question_code)
            return _verification_conflict(session, cycle, body, question, attempted)

        raise raced(db, exc, lambda s: verification_seq(s, cycle_id, body_id,
                                                        question_code.strip()),
                    expected_seq, conflict) from exc


def verify_answer(db: Database, actor: Actor, cycle_id: int, body_id: int,
                  question_code: str, value: Any, reason: str = "", *,
                  expected_seq: int) -> VerificationInfo:
    """Save the verifikator's value of one answer (confirm, lower or reject it).

    `value` is an answer value (``True``, ``2``, ``{"a", "c"}``, ``None``) or the text a
    person typed (``"Tidak"``, ``"2 – Ditetapkan"``, ``"a, c"``). A reason is required when
    the value differs from the current effective value. Saving the current verified value
    again with no new reason changes nothing (``changed`` False).
    """
    return _save_verification(db, actor, cycle_id, body_id, question_code, value, reason,
                              expected_seq, withdraw=False)


def withdraw_verification(db: Database, actor: Actor, cycle_id: int, body_id: int,
                          question_code: str, reason: str, *,
                          expected_seq: int) -> VerificationInfo:
    """Withdraw the current verification: the answer is back to its self-reported value."""
    return _save_verification(db, actor, cycle_id, body_id, question_code, None, reason,
                              expected_seq, withdraw=True)


def answer_history(db: Database, actor: Actor, cycle_id: int, body_id: int,
                   question_code: str) -> list[HistoryEntry]:
    """Everything that happened to one answer, oldest first: each uploaded version's
    self-reported value, each verification (and withdrawal), each appeal filed and decided
    about it."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        question = question_for(methodology_of(cycle), body, question_code)
        code = question.code
        names = user_names(session)
        show = lambda value: display_value(question, value)  # noqa: E731
        entries: list[HistoryEntry] = []
        submissions = list(session.scalars(select(Submission).where(
            Submission.cycle_id == cycle.id, Submission.badan_publik_id == body.id)))
        answers = {a.submission_id: a for a in session.scalars(select(Answer).where(
            Answer.submission_id.in_([s.id for s in submissions]),
            Answer.question_code == code))} if submissions else {}
        for sub in submissions:
            answer = answers.get(sub.id)
            value = value_from_json(answer.value) if answer else None
            entries.append(HistoryEntry(
                at=sub.uploaded_at, kind=KIND_SUBMISSION, value=value, value_text=show(value),
                reason=answer.note if answer else "", by=_name(names, sub.uploaded_by_id),
                phase="mandiri", submission_version=sub.version, file_name=sub.file_name,
                evidence=answer.evidence if answer else ""))
        for row in session.scalars(select(Verification).where(
                Verification.cycle_id == cycle.id, Verification.badan_publik_id == body.id,
                Verification.question_code == code)):
            value, old = value_from_json(row.value), value_from_json(row.old_value)
            entries.append(HistoryEntry(
                at=row.created_at, kind=KIND_WITHDRAWAL if row.withdrawn else KIND_VERIFICATION,
                value=value, value_text=show(value), old_value=old, old_text=show(old),
                reason=row.reason, by=_name(names, row.created_by_id), seq=row.seq,
                phase=row.phase, withdrawn=row.withdrawn, appeal_id=row.appeal_id))
        for appeal in session.scalars(select(Appeal).where(
                Appeal.cycle_id == cycle.id, Appeal.badan_publik_id == body.id,
                Appeal.question_code == code)):
            entries.append(HistoryEntry(
                at=appeal.filed_at, kind=KIND_APPEAL_FILED, value=None, value_text="",
                reason=appeal.claim, by=_name(names, appeal.filed_by_id), phase=PHASE_APPEAL,
                evidence=appeal.evidence, appeal_id=appeal.id, appeal_status="open"))
            if appeal.decided_at is not None:
                entries.append(HistoryEntry(
                    at=appeal.decided_at, kind=KIND_APPEAL_DECIDED, value=None, value_text="",
                    reason=appeal.decision_reason, by=_name(names, appeal.decided_by_id),
                    phase=PHASE_APPEAL, appeal_id=appeal.id, appeal_status=appeal.status))
        entries.sort(key=lambda e: (e.at, _KIND_ORDER[e.kind], e.seq or 0,
                                    e.submission_version or 0, e.appeal_id or 0))
        return entries


# -- the reader's warnings ---------------------------------------------------------------------


_CELL = re.compile(r"^\$?[A-Za-z]{1,3}\$?(\d+)$")


def _cell_rows(sheet: str, cell: str) -> frozenset[tuple[str, int]]:
    """(sheet, row) of every row a cell (``F14``) or range (``F4:F5``) touches."""
    ends = [_CELL.match(part.strip()) for part in cell.split(":")] if cell.strip() else []
    if not ends or len(ends) > 2 or not all(ends):
        return frozenset()
    rows = sorted(int(m.group(1)) for m in ends if m is not None)
    return frozenset((sheet, row) for row in range(rows[0], rows[-1] + 1))


def _answer_rows(cell: str) -> frozenset[tuple[str, int]]:
    """(sheet, row) of a stored answer cell such as ``Kuesioner!E14``."""
    sheet, _, ref = cell.rpartition("!")
    return _cell_rows(sheet, ref)


def stored_warnings(submission: Submission | None) -> list[SubmissionWarning]:
    """The warnings kept with a submission (see :attr:`storage.models.Submission.warnings`)."""
    if submission is None:
        return []
    out = []
    for item in submission.warnings or []:
        if not isinstance(item, dict):
            continue
        location = item.get("location") if isinstance(item.get("location"), dict) else {}
        out.append(SubmissionWarning(
            code=str(item.get("code", "")), sheet=str(location.get("sheet") or ""),
            cell=str(location.get("cell") or ""), message=str(item.get("message", "")),
            fix=str(item.get("fix", "")), question=str(item.get("question") or "")))
    return out


def warnings_on(warnings: list[SubmissionWarning], code: str, cell: str) -> tuple[str, ...]:
    """Codes of the warnings about one answer: naming its question, or on its row."""
    rows = _answer_rows(cell)
    return tuple(dict.fromkeys(
        w.code for w in warnings if w.question == code or rows & w.rows()))


def submission_warnings(db: Database, actor: Actor, cycle_id: int,
                        body_id: int) -> list[SubmissionWarning]:
    """The reader's warnings about the file of a badan publik's current submission (empty
    when it has none, or no submission)."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        return stored_warnings(current_submission(session, cycle, body, required=False))


# -- review pages ----------------------------------------------------------------------------


def verification_queue(db: Database, actor: Actor, cycle_id: int) -> list[QueueItem]:
    """Badan publik with a current submission and how many answers are verified."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        submissions = current_submissions(session, cycle.id)
        if not submissions:
            return []
        bodies = {b.id: b for b in session.scalars(select(BadanPublik).where(
            BadanPublik.id.in_(list(submissions))))}
        verified_codes: dict[int, set[str]] = {}
        current = current_verifications(session, cycle.id)
        for body_id, code in current:
            verified_codes.setdefault(body_id, set()).add(code)
        changed_codes: dict[int, set[str]] = {}
        for body_id, code in changed_since_verified(session, cycle.id, current, submissions):
            changed_codes.setdefault(body_id, set()).add(code)
        appeals: dict[int, int] = {body_id: n for body_id, n in session.execute(
            select(Appeal.badan_publik_id, func.count(Appeal.id)).where(
                Appeal.cycle_id == cycle.id, Appeal.status == "open",
            ).group_by(Appeal.badan_publik_id))}
        applicable: dict[str, frozenset[str]] = {}
        items = []
        for body_id, sub in submissions.items():
            body = bodies[body_id]
            codes = applicable.get(body.category)
            if codes is None:
                codes = applicable[body.category] = frozenset(
                    q.code for q in methodology.questions_for(body.category))
            done = len(verified_codes.get(body_id, set()) & codes)
            items.append(QueueItem(
                body_id=body_id, name=body.name, category=body.category,
                submission_version=sub.version, file_name=sub.file_name,
                uploaded_at=sub.uploaded_at, late=sub.late, total=len(codes), verified=done,
                open_appeals=appeals.get(body_id, 0),
                changed_since_verified=len(changed_codes.get(body_id, set()) & codes),
                warnings=len(sub.warnings or [])))
        items.sort(key=lambda i: (i.name.casefold(), i.body_id))
        return items


def answers_for_review(db: Database, actor: Actor, cycle_id: int,
                       body_id: int) -> list[ReviewRow]:
    """The evaluator's table for one badan publik: every applicable question, its
    self-reported answer and evidence, and its current verification with the seq to save
    against."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        submission = current_submission(session, cycle, body)
        assert submission is not None
        answers = {a.question_code: a for a in answers_of(session, [submission.id])[
            submission.id]}
        latest: dict[str, Verification] = {}
        for row in session.scalars(select(Verification).where(
                Verification.cycle_id == cycle.id, Verification.badan_publik_id == body.id,
        ).order_by(Verification.seq)):
            latest[row.question_code] = row
        changed = changed_since_verified(
            session, cycle.id, {(body.id, code): row for code, row in latest.items()},
            {body.id: submission})
        names = user_names(session)
        warnings = stored_warnings(submission)
        rows = []
        for question in methodology.questions_for(body.category):
            answer = answers.get(question.code)
            reported = value_from_json(answer.value) if answer else None
            row = latest.get(question.code)
            current = row if row is not None and not row.withdrawn else None
            verified = value_from_json(current.value) if current else None
            indicator = methodology.indicator_by_code.get(question.indicator)
            rows.append(ReviewRow(
                code=question.code, indicator=question.indicator,
                indicator_name=indicator.name if indicator else question.indicator,
                text=question.text, answer_type=question.type.value,
                allowed=allowed_text(question), self_reported=reported,
                self_reported_text=display_value(question, reported),
                evidence=answer.evidence if answer else "", note=answer.note if answer else "",
                verified=verified,
                verified_text=display_value(question, verified) if current else None,
                seq=row.seq if row else 0, reason=row.reason if row else "",
                verified_by=_name(names, row.created_by_id) if row else "",
                verified_at=row.created_at if row else None,
                changed_since_verified=(body.id, question.code) in changed,
                warnings=warnings_on(warnings, question.code, answer.cell if answer else "")))
        return rows


# -- panel scores ----------------------------------------------------------------------------


def _panel_stage(methodology: Methodology, stage: str) -> Stage:
    found = methodology.stage_by_code.get(stage.strip())
    if found is None or found.kind is not StageKind.PANEL:
        known = ", ".join(f"{s.code} ({s.name})" for s in methodology.panel_stages) or "tidak ada"
        raise UsageError(f"Tahapan '{stage}' bukan tahapan penilaian panel siklus ini. "
                         f"Tahapan panel: {known}.")
    return found


def _aspect(methodology: Methodology, stage: Stage, aspect: str) -> str:
    aspects = methodology.indicators_of(stage.code)
    if aspect.strip() not in {i.code for i in aspects}:
        known = ", ".join(f"{i.code} ({i.name})" for i in aspects)
        raise UsageError(f"Aspek '{aspect}' tidak dinilai pada tahapan {stage.name}. "
                         f"Aspek: {known}.")
    return aspect.strip()


def _juror(juror: str) -> str:
    name = " ".join(juror.split())
    if not name:
        raise UsageError("Nama juri wajib diisi.")
    return name


def _panel_info(session: Session, row: PanelScore, *, changed: bool = True) -> PanelScoreInfo:
    return PanelScoreInfo(
        cycle_id=row.cycle_id, body_id=row.badan_publik_id, stage=row.stage_code,
        juror=row.juror, aspect=row.aspect, seq=row.seq, score=row.score,
        old_score=row.old_score, withdrawn=row.withdrawn, reason=row.reason,
        changed_by=_user_name(session, row.created_by_id), changed_at=row.created_at,
        changed=changed)


def _latest_panel(session: Session, cycle_id: int, body_id: int, stage: str, juror: str,
                  aspect: str) -> PanelScore | None:
    return session.scalars(select(PanelScore).where(
        PanelScore.cycle_id == cycle_id, PanelScore.badan_publik_id == body_id,
        PanelScore.stage_code == stage, PanelScore.juror == juror, PanelScore.aspect == aspect,
    ).order_by(PanelScore.seq.desc()).limit(1)).first()


def _score_conflict(session: Session, cycle_id: int, body: BadanPublik, stage: str,
                    juror: str, aspect: str, attempted: Decimal | None) -> Conflict:
    latest = _latest_panel(session, cycle_id, body.id, stage, juror, aspect)
    current = None if latest is None or latest.withdrawn else latest.score
    who = _user_name(session, latest.created_by_id) if latest else ""
    at = _when(latest.created_at) if latest else ""
    shown = "-" if current is None else f"{current:.2f}".replace(".", ",")
    return Conflict(
        f"Nilai juri {juror} untuk aspek {aspect} ({body.name}) sudah diubah oleh "
        f"{who or 'orang lain'} ({at}); nilainya kini {shown}. Periksa nilai terbaru, lalu "
        f"simpan lagi bila masih perlu.", current=current, attempted=attempted,
        current_seq=latest.seq if latest else 0, changed_by=who, changed_at=at)


def _save_panel(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                juror: str, aspect: str, score: Any, reason: str, expected_seq: int,
                withdraw: bool) -> PanelScoreInfo:
    reason = reason.strip()
    keys: dict[str, Any] = {}
    try:
        with db.transaction() as session:
            actor = require(session, actor, Action.SCORE_PANEL)
            juror = _juror(juror)
            value = None if withdraw else parse_score(score, "Nilai panel")
            cycle = cycle_for_write(session, cycle_id)
            body = load_body(session, cycle, body_id)
            methodology = methodology_of(cycle)
            stage_ = _panel_stage(methodology, stage)
            aspect_ = _aspect(methodology, stage_, aspect)
            keys.update(stage=stage_.code, juror=juror, aspect=aspect_)
            guard(session, cycle, stage_.code)
            latest = _latest_panel(session, cycle.id, body.id, stage_.code, juror, aspect_)
            seq = latest.seq if latest else 0
            if seq != expected_seq:
                raise _score_conflict(session, cycle.id, body, stage_.code, juror, aspect_,
                                      value)
            current = None if latest is None or latest.withdrawn else latest.score
            if withdraw:
                if current is None:
                    raise UsageError(f"Belum ada nilai juri {juror} untuk aspek {aspect_}; "
                                     f"tidak ada yang dapat dicabut.")
                if not reason:
                    raise UsageError("Alasan pencabutan nilai panel wajib diisi.")
            elif current is not None:
                if value == current and reason in ("", latest.reason if latest else ""):
                    assert latest is not None
                    return _panel_info(session, latest, changed=False)
                if value != current and not reason:
                    raise UsageError(
                        f"Alasan wajib diisi untuk mengubah nilai juri {juror} aspek "
                        f"{aspect_} dari {current:.2f} menjadi {value:.2f}.")
            row = PanelScore(cycle_id=cycle.id, badan_publik_id=body.id, stage_code=stage_.code,
                             juror=juror, aspect=aspect_, seq=seq + 1, score=value,
                             old_score=current, withdrawn=withdraw, reason=reason,
                             created_by_id=actor.id, created_at=utcnow())
            session.add(row)
            session.flush()
            return _panel_info(session, row)
    except IntegrityError as exc:
        if not keys:
            raise

        def conflict(session: Session) -> Conflict:
            cycle = load_cycle(session, cycle_id)
            return _score_conflict(session, cycle.id, load_body(session, cycle, body_id),
                                   keys["stage"], juror, keys["aspect"], value)

        def seq_now(session: Session) -> int:
            latest = _latest_panel(session, cycle_id, body_id, keys["stage"], juror,
                                   keys["aspect"])
            return latest.seq if latest else 0

        raise raced(db, exc, seq_now, expected_seq, conflict) from exc


def record_panel_score(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                       juror: str, aspect: str, score: Any, *, expected_seq: int,
                       reason: str = "") -> PanelScoreInfo:
    """Save one juror's score (0–100, at most 2 decimals) of one aspect of a panel stage.

    A reason is required when an existing score is changed.
    """
    return _save_panel(db, actor, cycle_id, body_id, stage, juror, aspect, score, reason,
                       expected_seq, withdraw=False)


def withdraw_panel_score(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                         juror: str, aspect: str, reason: str, *,
                         expected_seq: int) -> PanelScoreInfo:
    """Withdraw one juror's score of one aspect (with a reason)."""
    return _save_panel(db, actor, cycle_id, body_id, stage, juror, aspect, None, reason,
                       expected_seq, withdraw=True)


def panel_scores(db: Database, actor: Actor, cycle_id: int,
                 body_id: int) -> list[PanelScoreInfo]:
    """The current score of every (stage, juror, aspect) of a badan publik, with its seq.

    A score whose latest row is a withdrawal is listed with ``withdrawn`` True and score
    None, so that a page still knows the seq to save a new score against.
    """
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        latest: dict[tuple[str, str, str], PanelScore] = {}
        for row in session.scalars(select(PanelScore).where(
                PanelScore.cycle_id == cycle.id, PanelScore.badan_publik_id == body.id,
        ).order_by(PanelScore.seq)):
            latest[(row.stage_code, row.juror, row.aspect)] = row
        stage_order = {s.code: n for n, s in enumerate(methodology.stages)}
        aspect_order = {i.code: n for n, i in enumerate(methodology.indicators)}
        names = user_names(session)
        out = []
        for (stage, juror, aspect), row in sorted(latest.items(), key=lambda kv: (
                stage_order.get(kv[0][0], 99), kv[0][1].casefold(),
                aspect_order.get(kv[0][2], 99))):
            out.append(PanelScoreInfo(
                cycle_id=cycle.id, body_id=body.id, stage=stage, juror=juror, aspect=aspect,
                seq=row.seq, score=row.score, old_score=row.old_score, withdrawn=row.withdrawn,
                reason=row.reason, changed_by=_name(names, row.created_by_id),
                changed_at=row.created_at))
        return out


# -- bonuses ---------------------------------------------------------------------------------


def _bonus_code(code: str) -> str:
    code = code.strip()
    if not code or any(ch.isspace() for ch in code) or len(code) > 100:
        raise UsageError("Kode nilai tambahan wajib diisi, tanpa spasi "
                         "(mis. 'kehadiran_pimpinan').")
    return code


def _latest_bonus(session: Session, cycle_id: int, body_id: int, code: str) -> Bonus | None:
    return session.scalars(select(Bonus).where(
        Bonus.cycle_id == cycle_id, Bonus.badan_publik_id == body_id, Bonus.code == code,
    ).order_by(Bonus.seq.desc()).limit(1)).first()


def _bonus_info(session: Session, row: Bonus, *, changed: bool = True) -> BonusInfo:
    return BonusInfo(
        cycle_id=row.cycle_id, body_id=row.badan_publik_id, code=row.code, seq=row.seq,
        points=row.points, old_points=row.old_points, withdrawn=row.withdrawn,
        reason=row.reason, changed_by=_user_name(session, row.created_by_id),
        changed_at=row.created_at, changed=changed)


def _bonus_conflict(session: Session, cycle_id: int, body: BadanPublik, code: str,
                    attempted: Decimal | None) -> Conflict:
    latest = _latest_bonus(session, cycle_id, body.id, code)
    current = None if latest is None or latest.withdrawn else latest.points
    who = _user_name(session, latest.created_by_id) if latest else ""
    at = _when(latest.created_at) if latest else ""
    shown = "-" if current is None else f"{current:.2f}".replace(".", ",")
    return Conflict(
        f"Nilai tambahan '{code}' untuk {body.name} sudah diubah oleh {who or 'orang lain'} "
        f"({at}); nilainya kini {shown}. Periksa nilai terbaru, lalu simpan lagi bila masih "
        f"perlu.", current=current, attempted=attempted,
        current_seq=latest.seq if latest else 0, changed_by=who, changed_at=at)


def _save_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                points: Any, reason: str, expected_seq: int, withdraw: bool) -> BonusInfo:
    reason = reason.strip()
    try:
        with db.transaction() as session:
            actor = require(session, actor, Action.BONUS)
            code = _bonus_code(code)
            if not reason:
                raise UsageError("Alasan nilai tambahan wajib diisi.")
            value = None if withdraw else parse_score(points, "Nilai tambahan", Decimal(-100))
            cycle = cycle_for_write(session, cycle_id)
            body = load_body(session, cycle, body_id)
            guard(session, cycle, None)
            latest = _latest_bonus(session, cycle.id, body.id, code)
            seq = latest.seq if latest else 0
            if seq != expected_seq:
                raise _bonus_conflict(session, cycle.id, body, code, value)
            current = None if latest is None or latest.withdrawn else latest.points
            if withdraw and current is None:
                raise UsageError(f"Belum ada nilai tambahan '{code}' untuk {body.name}; tidak "
                                 f"ada yang dapat dicabut.")
            row = Bonus(cycle_id=cycle.id, badan_publik_id=body.id, code=code, seq=seq + 1,
                        points=value, old_points=current, withdrawn=withdraw, reason=reason,
                        created_by_id=actor.id, created_at=utcnow())
            session.add(row)
            session.flush()
            return _bonus_info(session, row)
    except IntegrityError as exc:
        def conflict(session: Session) -> Conflict:
            cycle = load_cycle(session, cycle_id)
            return _bonus_conflict(session, cycle.id, load_body(session, cycle, body_id),
                                   code, value)

        def seq_now(session: Session) -> int:
            latest = _latest_bonus(session, cycle_id, body_id, code)
            return latest.seq if latest else 0

        raise raced(db, exc, seq_now, expected_seq, conflict) from exc


def record_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                 points: Any, reason: str, *, expected_seq: int) -> BonusInfo:
    """Save a bonus (−100…100 points, at most 2 decimals; a reason is always required).

    Only publication blocks bonuses; stage locks do not.
    """
    return _save_bonus(db, actor, cycle_id, body_id, code, points, reason, expected_seq,
                       withdraw=False)


def withdraw_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                   reason: str, *, expected_seq: int) -> BonusInfo:
    return _save_bonus(db, actor, cycle_id, body_id, code, None, reason, expected_seq,
                       withdraw=True)


def bonuses(db: Database, actor: Actor, cycle_id: int, body_id: int) -> list[BonusInfo]:
    """The latest row of every bonus code of a badan publik (withdrawn ones flagged)."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        latest: dict[str, Bonus] = {}
        for row in session.scalars(select(Bonus).where(
                Bonus.cycle_id == cycle.id, Bonus.badan_publik_id == body.id,
        ).order_by(Bonus.seq)):
            latest[row.code] = row
        return [_bonus_info(session, latest[code]) for code in sorted(latest)]

