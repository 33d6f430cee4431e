"""What scoring reads from the history: the scoring cases of a cycle's participants.

Loading is done with a handful of column queries for the whole cycle (or for some badan
publik; no ORM objects per answer), and the scoring inputs are built without re-validating
data that was validated when it was imported. Badan publik that did not submit keep their
participation status and get no score; so does one whose current submission answers no
question at all (it did not fill the SAQ). For a methodology with a monitoring stage, each
case carries what the newest finished website-monitoring run that visited the body found
(:func:`site_findings`).

:func:`score_bodies` scores from the history; reading a cycle's results never does (it
reads :mod:`monev.outcomes.projection`, which this module keeps up to date).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from monev.cycles import methodology_of
from monev.history import latest_values
from questionnaires.model import Methodology
from questionnaires.submission import Identity
from questionnaires.submission import Submission as SubmissionModel
from scoring.engine import score_all
from scoring.gates import gate_reads
from scoring.inputs import Bonus as BonusInput
from scoring.inputs import Case, SiteFinding
from scoring.inputs import PanelScore as PanelInput
from scoring.inputs import Participation as Status
from scoring.inputs import Verification as VerificationInput
from scoring.plan import gc_paused
from scoring.ranking import rank
from scoring.results import Result
from storage.models import (
    Answer,
    BadanPublik,
    Bonus,
    Cycle,
    MonitoringFinding,
    MonitoringRun,
    MonitoringSite,
    PanelScore,
    Participation,
    Submission,
    Verification,
)
from storage.queries import value_from_json

_NO_IDENTITY = Identity()
_PRESENT = "ada"

# Participation as stored → participation as scored.
_STATUS = {
    "submitted": Status.SUBMITTED,
    "late": Status.LATE,
    "registered": Status.NOT_SUBMITTED,
    "not_submitted": Status.NOT_SUBMITTED,
    "invited": Status.NOT_REGISTERED,
}


@dataclass(frozen=True, slots=True)
class CycleResult:
    """A scored (or unscored) badan publik of a cycle, with its database id and region."""

    body_id: int
    region: str
    result: Result


class StoredAnswer(NamedTuple):
    """The two fields of an answer that scoring reads, without the cost of building a
    validated pydantic model per stored answer. `evidence` only says whether data dukung
    is there (the link itself is not needed to score)."""

    value: Any
    evidence: str


@lru_cache(maxsize=4096)
def _value(text: str | None) -> Any:
    """Stored JSON text → answer value (few distinct texts: cached)."""
    return None if text is None else value_from_json(json.loads(text))


def _answers(session: Session, cycle_id: int,
             body_ids: list[int] | None) -> dict[int, tuple[str, dict[str, Any]]]:
    """Body id → (file name, {question: StoredAnswer}) of its current submission."""
    newest = (select(Submission.badan_publik_id, func.max(Submission.version).label("v"))
              .where(Submission.cycle_id == cycle_id))
    if body_ids is not None:
        newest = newest.where(Submission.badan_publik_id.in_(body_ids))
    newest = newest.group_by(Submission.badan_publik_id).subquery()
    current = (select(Submission.id, Submission.badan_publik_id, Submission.file_name)
               .join(newest, (Submission.badan_publik_id == newest.c.badan_publik_id)
                     & (Submission.version == newest.c.v))
               .where(Submission.cycle_id == cycle_id))
    by_submission: dict[int, tuple[int, str, dict[str, Any]]] = {}
    for sid, body_id, file_name in session.execute(current):
        by_submission[sid] = (body_id, file_name, {})
    ids = current.subquery()
    # Scoring needs only whether data dukung is there, so only that crosses the wire, and
    # equal (value, evidence present) pairs share one StoredAnswer.
    has_evidence = func.coalesce(func.length(func.trim(Answer.evidence)), 0) > 0
    rows = session.connection().execute(
        select(Answer.submission_id, Answer.question_code, cast(Answer.value, Text),
               has_evidence).join(ids, Answer.submission_id == ids.c.id))
    shared: dict[tuple[str | None, bool], StoredAnswer] = {}
    for sid, code, text, present in rows:
        answer = shared.get((text, present))
        if answer is None:
            answer = shared[(text, present)] = StoredAnswer(_value(text),
                                                            _PRESENT if present else "")
        by_submission[sid][2][code] = answer
    return {body_id: (name, answers) for body_id, name, answers in by_submission.values()}


# A monitoring run's state once it has visited every body (monitoring.runs: FINISHED) and a
# visit's outcome when the site answered (monitoring.crawler.SITE_OK).
_FINISHED = "finished"
_SITE_OK = "ok"


def site_findings(session: Session, cycle_id: int, methodology: Methodology,
                  body_ids: Collection[int] | None = None,
                  ) -> dict[int, dict[str, SiteFinding]]:
    """Body id → question code → what the body's visit in the newest *finished*
    monitoring run of the cycle that visited it found (what a monitoring stage scores);
    bodies no finished run visited are left out.

    An item is found only when its link opens (:mod:`monitoring.status`: the law asks the
    information to be available). Else it is not found, and `detail` says why when there
    is more to say than "not found in N pages": a broken link (``ditemukan, tetapi
    tautannya rusak: HTTP 404, berkas tidak ada``, with its `url`), an item not found where
    robots.txt allowed (``tidak ditemukan di 7 halaman yang boleh dibaca; robots.txt situs
    melarang /ppid/: 3 tautan tidak dibuka``) — both with the pages the visit read — or a
    site that could not be visited or has no address (the visit's reason, 0 pages)."""
    from monitoring.status import BLOCKED, BROKEN, FOUND, broken_sentence, item_status

    query = (select(MonitoringSite.run_id, MonitoringSite.badan_publik_id,
                    MonitoringSite.checked_at, MonitoringSite.pages, MonitoringSite.outcome,
                    MonitoringSite.detail, BadanPublik.category)
             .join(MonitoringRun, MonitoringRun.id == MonitoringSite.run_id)
             .join(BadanPublik, BadanPublik.id == MonitoringSite.badan_publik_id)
             .where(MonitoringRun.cycle_id == cycle_id, MonitoringRun.state == _FINISHED)
             .order_by(MonitoringSite.badan_publik_id, MonitoringRun.id.desc()))
    if body_ids is not None:
        query = query.where(MonitoringSite.badan_publik_id.in_(sorted(body_ids)))
    newest: dict[int, Any] = {}
    for row in session.execute(query):
        newest.setdefault(row.badan_publik_id, row)
    if not newest:
        return {}
    out: dict[int, dict[str, SiteFinding]] = {body: {} for body in newest}
    for run_id, body_id, item, found, url, verdict, detail in session.execute(
            select(MonitoringFinding.run_id, MonitoringFinding.badan_publik_id,
                   MonitoringFinding.item, MonitoringFinding.found, MonitoringFinding.url,
                   MonitoringFinding.doc_verdict, MonitoringFinding.detail)
            .where(MonitoringFinding.run_id.in_(sorted({v.run_id for v in newest.values()})),
                   MonitoringFinding.badan_publik_id.in_(sorted(newest)))
            .order_by(MonitoringFinding.id)):
        visit = newest[body_id]
        if visit.run_id != run_id:
            continue
        status = item_status(visit.outcome, bool(found), verdict)
        if visit.outcome != _SITE_OK:  # not visited: the visit's reason
            finding = SiteFinding(item, False, visit.checked_at, "", visit.pages,
                                  visit.detail)
        elif status == BROKEN:
            finding = SiteFinding(item, False, visit.checked_at, url, visit.pages,
                                  broken_sentence(verdict, detail))
        elif status == BLOCKED:
            finding = SiteFinding(item, False, visit.checked_at, "", visit.pages,
                                  detail[:1].lower() + detail[1:].rstrip("."))
        else:
            finding = SiteFinding(item, status == FOUND, visit.checked_at,
                                  url if status == FOUND else "", visit.pages, "")
        out[body_id][item] = finding
    for body_id, visit in newest.items():
        if not out[body_id]:  # a visit that looked for nothing: every item not found
            out[body_id] = {q.code: SiteFinding(q.code, False, visit.checked_at, "",
                                                visit.pages,
                                                "" if visit.outcome == _SITE_OK
                                                else visit.detail)
                            for q in methodology.questions_for(visit.category)
                            if q.signals is not None}
    return out


def _answered(answers: dict[str, Any]) -> bool:
    """Whether a stored submission answers at least one question (else: not submitted)."""
    return any(a.value is not None for a in answers.values())


def build_cases(session: Session, cycle: Cycle, methodology: Methodology,
                body_ids: Collection[int] | None = None,
                ) -> tuple[list[Case], dict[str, tuple[int, str]]]:
    """Scoring cases of every participant (or of `body_ids` only), and name → (body id,
    region)."""
    ids = sorted(body_ids) if body_ids is not None else None
    query = (select(BadanPublik.id, BadanPublik.name, BadanPublik.category, BadanPublik.region,
                    Participation.status)
             .join(Participation, Participation.badan_publik_id == BadanPublik.id)
             .where(Participation.cycle_id == cycle.id))
    if ids is not None:
        query = query.where(BadanPublik.id.in_(ids))
    participants = session.execute(query)
    answers = _answers(session, cycle.id, ids)
    verifications: dict[int, dict[str, VerificationInput]] = defaultdict(dict)
    for (body_id, code), (text, reason) in latest_values(
            session, Verification, cycle.id,
            (Verification.badan_publik_id, Verification.question_code),
            (cast(Verification.value, Text), Verification.reason), ids).items():
        verifications[body_id][code] = VerificationInput(question=code, value=_value(text),
                                                         reason=reason)
    panel: dict[int, list[PanelInput]] = defaultdict(list)
    for (body_id, stage, juror, aspect), (score,) in latest_values(
            session, PanelScore, cycle.id,
            (PanelScore.badan_publik_id, PanelScore.stage_code, PanelScore.juror,
             PanelScore.aspect), (PanelScore.score,), ids).items():
        panel[body_id].append(PanelInput(stage=stage, juror=juror, indicator=aspect,
                                         score=Decimal(score)))
    bonuses: dict[int, list[BonusInput]] = defaultdict(list)
    for (body_id, code), (points, reason) in latest_values(
            session, Bonus, cycle.id, (Bonus.badan_publik_id, Bonus.code),
            (Bonus.points, Bonus.reason), ids).items():
        bonuses[body_id].append(BonusInput(code=code, points=Decimal(points), reason=reason))
    # Only a methodology with a monitoring stage reads what website monitoring found.
    findings = site_findings(session, cycle.id, methodology, ids) \
        if methodology.monitoring_stages else {}
    cases: list[Case] = []
    index: dict[str, tuple[int, str]] = {}
    construct = SubmissionModel.model_construct
    for body_id, name, category, region, stored in participants:
        status = _STATUS[stored]
        current = answers.get(body_id)
        submission = None
        if current is not None and status.scored and _answered(current[1]):
            file_name, by_code = current
            submission = construct(
                badan_publik=name, category=category, methodology_id=methodology.id,
                methodology_version=methodology.version, answers=by_code, source=file_name,
                identity=_NO_IDENTITY)
        elif status.scored:  # no submission, or one without a single answer (W406)
            status = Status.NOT_SUBMITTED
        cases.append(Case(badan_publik=name, category=category, participation=status,
                          submission=submission,
                          verifications=verifications.get(body_id, {}),
                          panel=tuple(panel.get(body_id, ())),
                          bonuses=tuple(bonuses.get(body_id, ())),
                          findings=findings.get(body_id, {})))
        index[name] = (body_id, region)
    return cases, index


def score_bodies(session: Session, cycle: Cycle, body_ids: Collection[int] | None = None,
                 ) -> list[CycleResult]:
    """Score every participant (or those of `body_ids`) from the history, unranked.

    With a rank gate (a stage for the top N of each category) a body's result depends on
    the others of its category: every participant is scored and those of `body_ids` kept.
    """
    methodology = methodology_of(cycle)
    wanted = None
    if body_ids is not None and gate_reads(methodology)[1]:
        wanted, body_ids = set(body_ids), None
    with gc_paused():  # hundreds of thousands of short-lived rows: no cyclic GC passes
        cases, index = build_cases(session, cycle, methodology, body_ids)
        found = [CycleResult(*index[r.badan_publik], r)
                 for r in score_all(cases, methodology)]
    return found if wanted is None else [e for e in found if e.body_id in wanted]


def compute(session: Session, cycle: Cycle) -> list[CycleResult]:
    """Score and rank every participant from the history: what the projection must equal
    (used to rebuild it and by the tests that prove it is maintained)."""
    entries = score_bodies(session, cycle)
    where = {e.result.badan_publik: (e.body_id, e.region) for e in entries}
    with gc_paused():
        return [CycleResult(*where[r.badan_publik], r)
                for r in rank([e.result for e in entries], methodology_of(cycle))]
