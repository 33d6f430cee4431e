"""What evaluators read: the verification queue, the review table of one badan publik, and
the history of one answer.

Read-only use cases for evaluators, officials and admins (:data:`Action.VIEW_SCORES`). The
seq each row shows is the one to save against (:func:`monev.verification.verify_answer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from monev.audit import name_in, user_names
from monev.bodies import load_body
from monev.cycles import load_cycle, methodology_of
from monev.history import current_submissions, latest_rows, latest_values
from monev.permissions import Action, Actor, require
from monev.submission_warnings import stored_warnings, warnings_on
from monev.verification import (
    PHASE_APPEAL,
    changed_since_verified,
    current_submission,
    question_for,
)
from questionnaires.answers import allowed_text, display_value
from storage.db import Database
from storage.models import Answer, Appeal, BadanPublik, Submission, Verification
from storage.queries import answers_of, value_from_json


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


def verification_queue(db: Database, actor: Actor, cycle_id: int) -> list[QueueItem]:
    """Badan publik with a current submission and how many answers are verified, by name.

    Raises :class:`NotFound` (no such cycle) or :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        submissions = current_submissions(session, cycle.id)
        if not submissions:
            return []
        bodies = {b.id: b for b in session.scalars(select(BadanPublik).where(
            BadanPublik.id.in_(list(submissions))))}
        verified_at = {key: at for key, (at,) in latest_values(
            session, Verification, cycle.id,
            (Verification.badan_publik_id, Verification.question_code),
            (Verification.created_at,)).items()}
        verified_codes: dict[int, set[str]] = {}
        for body_id, code in verified_at:
            verified_codes.setdefault(body_id, set()).add(code)
        changed_codes: dict[int, set[str]] = {}
        for body_id, code in changed_since_verified(session, cycle.id, verified_at,
                                                    submissions):
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
            items.append(QueueItem(
                body_id=body_id, name=body.name, category=body.category,
                submission_version=sub.version, file_name=sub.file_name,
                uploaded_at=sub.uploaded_at, late=sub.late, total=len(codes),
                verified=len(verified_codes.get(body_id, set()) & codes),
                open_appeals=appeals.get(body_id, 0),
                changed_since_verified=len(changed_codes.get(body_id, set()) & codes),
                warnings=len(sub.warnings or [])))
        items.sort(key=lambda i: (i.name.casefold(), i.body_id))
        return items


def answers_for_review(db: Database, actor: Actor, cycle_id: int,
                       body_id: int) -> list[ReviewRow]:
    """The evaluator's table for one badan publik: every applicable question, its
    self-reported answer and evidence, and its current verification with the seq to save
    against.

    Raises :class:`UsageError` when the badan publik has no submission, :class:`NotFound`
    or :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        submission = current_submission(session, cycle, body)
        assert submission is not None
        answers = {a.question_code: a for a in answers_of(session, [submission.id])[
            submission.id]}
        latest: dict[str, Verification] = {code: row for (code,), row in latest_rows(
            session, Verification, cycle.id, (Verification.question_code,), body_id=body.id,
            withdrawn=True).items()}
        changed = changed_since_verified(
            session, cycle.id, {(body.id, code): row.created_at for code, row in latest.items()
                                if not row.withdrawn}, {body.id: submission})
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
                text=question.text, answer_type=str(question.type),
                allowed=allowed_text(question), self_reported=reported,
                self_reported_text=display_value(question, reported),
                evidence=answer.evidence if answer else "", note=answer.note if answer else "",
                verified=verified,
                verified_text=display_value(question, verified) if current else None,
                seq=row.seq if row else 0, reason=row.reason if row else "",
                verified_by=name_in(names, row.created_by_id) if row else "",
                verified_at=row.created_at if row else None,
                changed_since_verified=(body.id, question.code) in changed,
                warnings=warnings_on(warnings, question.code, answer.cell if answer else "")))
        return rows


def answer_history(db: Database, actor: Actor, cycle_id: int, body_id: int,
                   question_code: str) -> list[HistoryEntry]:
    """Everything that happened to one answer, oldest first: each uploaded version's
    self-reported value, each verification (and withdrawal), each appeal filed and decided
    about it. Raises :class:`NotFound`, :class:`UsageError` (the question does not apply)
    or :class:`PermissionDenied`."""
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
                reason=answer.note if answer else "", by=name_in(names, sub.uploaded_by_id),
                phase="mandiri", submission_version=sub.version, file_name=sub.file_name,
                evidence=answer.evidence if answer else ""))
        for row in session.scalars(select(Verification).where(
                Verification.cycle_id == cycle.id, Verification.badan_publik_id == body.id,
                Verification.question_code == code)):
            value, old = value_from_json(row.value), value_from_json(row.old_value)
            entries.append(HistoryEntry(
                at=row.created_at, kind=KIND_WITHDRAWAL if row.withdrawn else KIND_VERIFICATION,
                value=value, value_text=show(value), old_value=old, old_text=show(old),
                reason=row.reason, by=name_in(names, row.created_by_id), seq=row.seq,
                phase=row.phase, withdrawn=row.withdrawn, appeal_id=row.appeal_id))
        for appeal in session.scalars(select(Appeal).where(
                Appeal.cycle_id == cycle.id, Appeal.badan_publik_id == body.id,
                Appeal.question_code == code)):
            entries.append(HistoryEntry(
                at=appeal.filed_at, kind=KIND_APPEAL_FILED, value=None, value_text="",
                reason=appeal.claim, by=name_in(names, appeal.filed_by_id), phase=PHASE_APPEAL,
                evidence=appeal.evidence, appeal_id=appeal.id, appeal_status="open"))
            if appeal.decided_at is not None:
                entries.append(HistoryEntry(
                    at=appeal.decided_at, kind=KIND_APPEAL_DECIDED, value=None, value_text="",
                    reason=appeal.decision_reason, by=name_in(names, appeal.decided_by_id),
                    phase=PHASE_APPEAL, appeal_id=appeal.id, appeal_status=appeal.status))
        entries.sort(key=lambda e: (e.at, _KIND_ORDER[e.kind], e.seq or 0,
                                    e.submission_version or 0, e.appeal_id or 0))
        return entries
