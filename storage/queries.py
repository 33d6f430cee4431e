"""Stored answers: answer values in and out of their JSON column, and the answers of
submissions. The current state of a cycle's append-only history is read with
:mod:`monev.history`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Answer


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


def answers_of(session: Session, submission_ids: Iterable[int]) -> dict[int, list[Answer]]:
    """Submission id → its answers (one query; an id without answers maps to [])."""
    ids = list(submission_ids)
    out: dict[int, list[Answer]] = {i: [] for i in ids}
    if not ids:
        return out
    for answer in session.scalars(select(Answer).where(Answer.submission_id.in_(ids))):
        out[answer.submission_id].append(answer)
    return out
