"""Registers the unit of work that keeps stored results current on every SQLAlchemy
Session (see :mod:`monev.outcomes.projection`). :mod:`monev` installs it on import; it is
kept light (the scoring stack loads on the first flush), so ``python -m monev`` starts
fast."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


def _touched(session: Session, context: Any) -> None:
    from monev.outcomes import projection

    projection.touched(session, context)


def _maintain(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: its transaction's commit does it
        return
    from monev.outcomes import projection

    projection.maintain(session)


def _forget(session: Session, previous_transaction: Any) -> None:
    from monev.outcomes import projection

    projection.forget(session, previous_transaction)


def install() -> None:
    """Register the listeners (idempotent)."""
    if not event.contains(Session, "after_flush", _touched):
        event.listen(Session, "after_flush", _touched)
        event.listen(Session, "before_commit", _maintain)
        event.listen(Session, "after_soft_rollback", _forget)
