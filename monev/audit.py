"""The audit log: one :class:`~storage.models.Event` row per change that is not itself a
history row (locks, publication, users, participation, imports), written in the same
transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.permissions import Actor
from storage.models import Event, User


def record(session: Session, actor: Actor, action: str, *, cycle_id: int | None = None,
           entity: str = "", entity_id: object = "", old: Any = None, new: Any = None,
           reason: str = "") -> Event:
    event = Event(cycle_id=cycle_id, user_id=actor.id, action=action, entity=entity,
                  entity_id=str(entity_id), old=old, new=new, reason=reason)
    session.add(event)
    return event


def user_names(session: Session) -> dict[int, str]:
    """User id → display name, for showing who changed what."""
    return {uid: name or username for uid, username, name in
            session.execute(select(User.id, User.username, User.display_name))}
