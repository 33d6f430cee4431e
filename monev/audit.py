"""The audit log: one :class:`~storage.models.Event` row per change that is not itself a
history row (locks, publication, users, participation, imports), written in the same
transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.permissions import Actor
from storage.models import Event, User

SYSTEM_NAME = "Sistem"  # who changed something when no account did (the shell, a migration)


def record(session: Session, actor: Actor, action: str, *, cycle_id: int | None = None,
           entity: str = "", entity_id: object = "", old: Any = None, new: Any = None,
           reason: str = "") -> Event:
    """Add one audit event to `session` (flushed with the change it records)."""
    event = Event(cycle_id=cycle_id, user_id=actor.id, action=action, entity=entity,
                  entity_id=str(entity_id), old=old, new=new, reason=reason)
    session.add(event)
    return event


def user_names(session: Session) -> dict[int, str]:
    """User id → display name, for showing who changed what."""
    return {uid: name or username for uid, username, name in
            session.execute(select(User.id, User.username, User.display_name))}


def name_in(names: Mapping[int, str], user_id: int | None) -> str:
    """Who `user_id` is in `names` (from :func:`user_names`): :data:`SYSTEM_NAME` for
    None, ``pengguna #7`` for an id that is not there."""
    return SYSTEM_NAME if user_id is None else names.get(user_id, f"pengguna #{user_id}")


def user_name(session: Session, user_id: int | None) -> str:
    """The display name (else the username) of one account, read now; as :func:`name_in`
    for None or an unknown id."""
    if user_id is None:
        return SYSTEM_NAME
    user = session.get(User, user_id)
    return (user.display_name or user.username) if user else f"pengguna #{user_id}"


def utc_text(at: datetime | None) -> str:
    """A stored time as conflict messages name it: ``2025-07-31 09:15:02 UTC`` ("" for None)."""
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else ""
