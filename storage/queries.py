"""Read-side queries: the *current* state of a cycle out of its append-only history.

The current value of a verification, panel score or bonus is its row with the highest
``seq``; a withdrawn row means there is none. The current submission of a badan publik is
its highest version. Each function reads a whole cycle in a few queries, so computing the
results of 10,000 badan publik does not issue 10,000 queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Answer, Bonus, PanelScore, Submission, Verification


def value_to_json(value: Any) -> Any:
    """An answer value (bool, int, frozenset of item codes, "nihil", None) as stored in JSON."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def value_from_json(value: Any) -> Any:
    """The stored JSON back to an answer value (lists are checklist item sets)."""
    if isinstance(value, list):
        return frozenset(value)
    return value


def _latest(rows: Iterable[Any], key: Any) -> dict[Any, Any]:
    latest: dict[Any, Any] = {}
    for row in rows:  # ordered by seq ascending: the last one wins
        latest[key(row)] = row
    return latest


def current_submissions(session: Session, cycle_id: int,
                        body_ids: Iterable[int] | None = None) -> dict[int, Submission]:
    """Badan publik id → its latest submission in the cycle."""
    newest = (select(Submission.badan_publik_id, func.max(Submission.version).label("v"))
              .where(Submission.cycle_id == cycle_id).group_by(Submission.badan_publik_id))
    if body_ids is not None:
        newest = newest.where(Submission.badan_publik_id.in_(list(body_ids)))
    sub = newest.subquery()
    rows = session.scalars(select(Submission).join(
        sub, (Submission.badan_publik_id == sub.c.badan_publik_id)
        & (Submission.version == sub.c.v)).where(Submission.cycle_id == cycle_id))
    return {s.badan_publik_id: s for s in rows}


def answers_of(session: Session, submission_ids: Iterable[int]) -> dict[int, list[Answer]]:
    """Submission id → its answers (one query)."""
    ids = list(submission_ids)
    out: dict[int, list[Answer]] = {i: [] for i in ids}
    if not ids:
        return out
    for answer in session.scalars(select(Answer).where(Answer.submission_id.in_(ids))):
        out[answer.submission_id].append(answer)
    return out


def current_verifications(session: Session, cycle_id: int, body_id: int | None = None,
                          ) -> dict[tuple[int, str], Verification]:
    """(badan publik id, question code) → current verification row (withdrawn excluded)."""
    query = select(Verification).where(Verification.cycle_id == cycle_id)
    if body_id is not None:
        query = query.where(Verification.badan_publik_id == body_id)
    latest = _latest(session.scalars(query.order_by(Verification.seq)),
                     lambda v: (v.badan_publik_id, v.question_code))
    return {k: v for k, v in latest.items() if not v.withdrawn}


def verification_seq(session: Session, cycle_id: int, body_id: int, question: str) -> int:
    """The sequence number of the current verification (0 when never verified)."""
    return session.scalar(select(func.coalesce(func.max(Verification.seq), 0)).where(
        Verification.cycle_id == cycle_id, Verification.badan_publik_id == body_id,
        Verification.question_code == question)) or 0


def current_panel_scores(session: Session, cycle_id: int, body_id: int | None = None,
                         ) -> dict[tuple[int, str, str, str], PanelScore]:
    """(body id, stage, juror, aspect) → current panel score row (withdrawn excluded)."""
    query = select(PanelScore).where(PanelScore.cycle_id == cycle_id)
    if body_id is not None:
        query = query.where(PanelScore.badan_publik_id == body_id)
    latest = _latest(session.scalars(query.order_by(PanelScore.seq)),
                     lambda p: (p.badan_publik_id, p.stage_code, p.juror, p.aspect))
    return {k: v for k, v in latest.items() if not v.withdrawn}


def current_bonuses(session: Session, cycle_id: int, body_id: int | None = None,
                    ) -> dict[tuple[int, str], Bonus]:
    """(body id, bonus code) → current bonus row (withdrawn excluded)."""
    query = select(Bonus).where(Bonus.cycle_id == cycle_id)
    if body_id is not None:
        query = query.where(Bonus.badan_publik_id == body_id)
    latest = _latest(session.scalars(query.order_by(Bonus.seq)),
                     lambda b: (b.badan_publik_id, b.code))
    return {k: v for k, v in latest.items() if not v.withdrawn}
