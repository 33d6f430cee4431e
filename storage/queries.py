"""Stored answers: answer values in and out of their JSON column, and the answers of
submissions. The current state of a cycle's append-only history is read with
:mod:`monev.history`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Answer


def value_to_json(value: Any) -> Any:
    """An answer value (bool, int, frozenset of item codes, Decimal, text, "nihil", None) as
    stored in JSON: a set as its sorted list, a Decimal (a number answer, a verifikator's
    points for a text question) as ``{"decimal": "85.5"}`` — exact, and never read back as
    text — as :meth:`~questionnaires.answer_types.AnswerTypeSpec.to_json` writes it."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def value_from_json(value: Any) -> Any:
    """The stored JSON back to an answer value (lists are checklist item sets,
    ``{"decimal": …}`` a Decimal)."""
    if isinstance(value, list):
        return frozenset(value)
    if isinstance(value, dict) and isinstance(value.get("decimal"), str):
        return Decimal(value["decimal"])
    return value


def answers_of(session: Session, submission_ids: Iterable[int]) -> dict[int, list[Answer]]:
    """Submission id → its answers (one query; an id without answers maps to [])."""
    ids = list(submission_ids)
    out: dict[int, list[Answer]] = {i: [] for i in ids}
    if not ids:
        return out
    for answer in session.scalars(select(Answer).where(Answer.submission_id.in_(ids))):
        out[answer.submission_id].append(answer)
    return out
