"""What evaluators read: the verification queue and each verifikator's progress, the review
rows of one badan publik (each with its state), its current score, and the history of one
answer.

Read-only use cases for evaluators, officials and admins (:data:`Action.VIEW_SCORES`). The
seq each row shows is the one to save against (:func:`monev.verification.verify_answer`).
The score is the stored current result (:mod:`monev.outcomes.projection`), written in the
transaction of every save, so it is the new score as soon as a save returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from monev.audit import name_in, user_names
from monev.bodies import load_body
from monev.cycles import load_cycle, methodology_of
from monev.history import current_submissions, latest_rows, latest_values
from monev.outcomes import projection
from monev.outcomes.inputs import score_bodies
from monev.permissions import Action, Actor, require
from monev.portal import PORTAL_FILE
from monev.submission_warnings import stored_warnings, warnings_on
from monev.verification import (
    PHASE_APPEAL,
    changed_since_verified,
    current_submission,
    question_for,
)
from questionnaires import answer_types
from questionnaires.answers import allowed_text, display_value
from questionnaires.model import Methodology
from reports.formatting import score as score_text
from scoring.explain import gate_sentence, stage_names
from scoring.results import Result, StageStatus
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
    guidance: str = ""  # definisi operasional: what counts as a Ya and as evidence
    open_appeals: tuple[int, ...] = ()  # ids of the open appeals about this answer
    # The points come from the verifikator alone (AnswerTypeSpec.scored_by_verifier: a text
    # answer): there is no self-reported value to confirm, the verifikator types the points.
    scored_by_verifier: bool = False

    @property
    def checked(self) -> bool:
        """A current verification exists (confirming or changing the answer)."""
        return self.verified_text is not None

    @property
    def states(self) -> tuple[str, ...]:
        """The row's states, most pressing first (see :data:`STATES`): ``appealed`` when an
        appeal about it is open, then one of ``stale`` (verified, but re-uploaded with
        another value since), ``changed`` (verified with another value than the
        self-reported one), ``confirmed`` or ``unchecked``. An answer scored by the
        verifikator (:attr:`scored_by_verifier`) is ``confirmed`` once scored: its points
        do not change what the body wrote, they are the verdict on it."""
        if not self.checked:
            base = STATE_UNCHECKED
        elif self.changed_since_verified:
            base = STATE_STALE
        elif self.scored_by_verifier or self.verified == self.self_reported:
            base = STATE_CONFIRMED
        else:
            base = STATE_CHANGED
        return (STATE_APPEALED, base) if self.open_appeals else (base,)

    @property
    def state(self) -> str:
        """The most pressing of :attr:`states`."""
        return self.states[0]


# The states of a review row, in the order a filter lists them.
STATE_UNCHECKED = "unchecked"
STATE_CONFIRMED = "confirmed"
STATE_CHANGED = "changed"
STATE_STALE = "stale"
STATE_APPEALED = "appealed"
STATES = (STATE_UNCHECKED, STATE_CONFIRMED, STATE_CHANGED, STATE_STALE, STATE_APPEALED)


# History entry kinds, with the labels a page shows.
KIND_SUBMISSION = "jawaban_mandiri"
KIND_VERIFICATION = "verifikasi"
KIND_WITHDRAWAL = "pencabutan"
KIND_APPEAL_FILED = "sanggah_diajukan"
KIND_APPEAL_DECIDED = "sanggah_diputus"
KIND_LABELS = {
    KIND_SUBMISSION: "Jawaban mandiri (unggahan)",  # from a workbook; filled online: below
    KIND_VERIFICATION: "Hasil verifikasi",
    KIND_WITHDRAWAL: "Verifikasi dicabut",
    KIND_APPEAL_FILED: "Sanggah diajukan",
    KIND_APPEAL_DECIDED: "Sanggah diputus",
}
ONLINE_LABEL = "Jawaban mandiri (diisi daring)"  # a submission sent through the PPID portal
_KIND_ORDER = {KIND_SUBMISSION: 0, KIND_APPEAL_FILED: 1, KIND_APPEAL_DECIDED: 2,
               KIND_VERIFICATION: 3, KIND_WITHDRAWAL: 3}


@dataclass(frozen=True, slots=True)
class VerifierProgress:
    """What one person has verified in a cycle: the answers whose current verification
    they wrote, in how many badan publik, and when they last did."""

    name: str
    answers: int
    bodies: int
    last_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionPoints:
    """Points of one question in the current result: verified and self-reported."""

    earned: Decimal
    possible: Decimal
    earned_raw: Decimal
    possible_raw: Decimal


@dataclass(frozen=True, slots=True)
class BodyOutcome:
    """The current (stored) result of one badan publik, as the review workspace shows it:
    final score and predikat (None when not scored), the questionnaire stage self-reported
    and verified, and each question's points."""

    body_id: int
    final: Decimal | None
    predicate: str | None
    saq_raw: Decimal | None
    saq_verified: Decimal | None
    questions: Mapping[str, QuestionPoints] = field(default_factory=dict)
    # One sentence per stage a gate keeps shut, e.g. "Visitasi tidak dihitung (dinilai 0,00):
    # syarat SAQ ≥ 60 tidak terpenuhi (SAQ 58,16)." (a drop across a gate is explained)
    closed_stages: tuple[str, ...] = ()


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
    online: bool = False  # a submission sent through the PPID portal, not an uploaded file
    # A submission whose answer (value, data dukung and note) is the one of the version
    # before: the body sent again without changing this answer.
    unchanged: bool = False

    @property
    def kind_label(self) -> str:
        if self.kind == KIND_SUBMISSION and self.online:
            return ONLINE_LABEL
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
        appealed: dict[str, list[int]] = {}
        for appeal_id, code in session.execute(select(Appeal.id, Appeal.question_code).where(
                Appeal.cycle_id == cycle.id, Appeal.badan_publik_id == body.id,
                Appeal.status == "open", Appeal.question_code.is_not(None))
                .order_by(Appeal.id)):
            appealed.setdefault(code, []).append(appeal_id)
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
                warnings=warnings_on(warnings, question.code, answer.cell if answer else ""),
                guidance=question.guidance,
                open_appeals=tuple(appealed.get(question.code, ())),
                scored_by_verifier=answer_types.get(question.type).scored_by_verifier))
        return rows


def verifier_progress(db: Database, actor: Actor, cycle_id: int) -> list[VerifierProgress]:
    """Per person, the answers of the cycle whose current verification they wrote (an
    accepted appeal's new value counts for whoever decided it), most answers first.

    Raises :class:`NotFound` (no such cycle) or :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        current = latest_values(
            session, Verification, cycle.id,
            (Verification.badan_publik_id, Verification.question_code),
            (Verification.created_by_id, Verification.created_at))
        names = user_names(session)
        answers: dict[int | None, int] = {}
        bodies: dict[int | None, set[int]] = {}
        last: dict[int | None, datetime] = {}
        for (body_id, _code), (by, at) in current.items():
            answers[by] = answers.get(by, 0) + 1
            bodies.setdefault(by, set()).add(body_id)
            last[by] = max(last.get(by, at), at)
        out = [VerifierProgress(name_in(names, by) or "-", n, len(bodies[by]), last[by])
               for by, n in answers.items()]
        out.sort(key=lambda p: (-p.answers, p.name.casefold()))
        return out


def body_outcome(db: Database, actor: Actor, cycle_id: int, body_id: int) -> BodyOutcome:
    """The badan publik's current result as stored (the projection every save updates in
    its own transaction; scored from the history when the cycle's stored results are not
    current yet). Raises :class:`NotFound` or :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        if projection.is_current(session, cycle):
            found = projection.stored(session, cycle, [body.id], detail=True)
        else:
            found = score_bodies(session, cycle, [body.id])
    if not found:
        return BodyOutcome(body_id, None, None, None, None)
    result = found[0].result
    return BodyOutcome(
        body_id=body_id, final=result.final,
        predicate=result.predicate.label if result.predicate else None,
        saq_raw=result.saq_raw, saq_verified=result.saq_verified,
        questions={q.code: QuestionPoints(q.earned, q.possible, q.earned_raw, q.possible_raw)
                   for q in result.questions},
        closed_stages=closed_stages(methodology, result))


def closed_stages(methodology: Methodology, result: Result) -> tuple[str, ...]:
    """Per stage of `result` below its gate, one sentence in Indonesian: the stage, what it
    scores, and the one gate that kept the body out with what the body has there, as the
    ranking page and the report card say it (:func:`scoring.explain.gate_sentence`):
    ``Visitasi tidak dihitung (dinilai 0,00): syarat 3 teratas per kategori di SAQ tidak
    terpenuhi (peringkat SAQ ke-5).`` — never a gate the body passed."""
    names = stage_names(methodology)
    out = []
    for stage in methodology.stages:
        score = result.stages.get(stage.code)
        if score is None or score.status is not StageStatus.BELOW_GATE:
            continue
        why = gate_sentence(result, stage.code, stage.gates, names,
                            methodology.rounding.decimals)
        out.append(f"{stage.name} tidak dihitung (dinilai {score_text(score.score)})"
                   + (f": {why}." if why else "."))
    return tuple(out)


def answer_history(db: Database, actor: Actor, cycle_id: int, body_id: int,
                   question_code: str) -> list[HistoryEntry]:
    """Everything that happened to one answer, oldest first: each submitted version's
    self-reported value (uploaded or sent online, `online`; a version that left the answer
    as the one before is `unchanged`, one that changed its value has the previous one as
    `old_value`), each verification (and withdrawal), each appeal filed and decided
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
        before: tuple[Any, str, str] | None = None  # the version before: value, evidence, note
        for sub in sorted(submissions, key=lambda s: s.version):
            answer = answers.get(sub.id)
            value = value_from_json(answer.value) if answer else None
            now = (value, answer.evidence if answer else "", answer.note if answer else "")
            old = before[0] if before is not None and before[0] != value else None
            entries.append(HistoryEntry(
                at=sub.uploaded_at, kind=KIND_SUBMISSION, value=value, value_text=show(value),
                old_value=old, old_text=show(old) if old is not None else "",
                reason=now[2], by=name_in(names, sub.uploaded_by_id),
                phase="mandiri", submission_version=sub.version, file_name=sub.file_name,
                evidence=now[1], online=sub.file_name == PORTAL_FILE,
                unchanged=before == now))
            before = now
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
