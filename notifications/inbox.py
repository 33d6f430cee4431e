"""The bell: each account's notifications in the app, unread counts, marking read, and the
account's own e-mail address (where its notifications and password links go).

Every function reads the account again (:func:`monev.permissions.require` with
:attr:`~monev.permissions.Action.VIEW`): a disabled account sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from monev.accounts import write_email
from monev.contacts import email_address
from monev.errors import UsageError
from monev.permissions import Action, Actor, require
from notifications.templates import EVENTS
from storage.db import Database
from storage.models import Notification, User, UserEmail, utcnow


@dataclass(frozen=True, slots=True)
class NotificationItem:
    id: int
    event: str
    event_label: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read: bool


def _own(actor: Actor) -> int:
    if actor.id is None:
        raise UsageError("Notifikasi hanya untuk akun yang masuk ke aplikasi.")
    return actor.id


def unread_count(db: Database, actor: Actor, *, event: str | None = None) -> int:
    """How many notifications of the actor are unread (of `event` only, e.g. ``message``:
    the messages not yet read in their thread)."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        query = select(func.count()).select_from(Notification).where(
            Notification.user_id == _own(actor), Notification.read_at.is_(None))
        if event is not None:
            query = query.where(Notification.event == event)
        return int(session.scalar(query) or 0)


def list_notifications(db: Database, actor: Actor, *, unread_only: bool = False,
                       limit: int = 200) -> list[NotificationItem]:
    """The actor's notifications, newest first."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        query = select(Notification).where(Notification.user_id == _own(actor)) \
            .order_by(Notification.id.desc()).limit(limit)
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        return [NotificationItem(
            n.id, n.event, EVENTS[n.event].label if n.event in EVENTS else n.event,
            n.subject, n.body, n.link, n.created_at, n.read_at is not None)
            for n in session.scalars(query)]


def mark_read(db: Database, actor: Actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications `ids` (None: all) read; returns how many changed."""
    with db.transaction() as session:
        require(session, actor, Action.VIEW)
        query = update(Notification).where(Notification.user_id == _own(actor),
                                           Notification.read_at.is_(None))
        if ids is not None:
            query = query.where(Notification.id.in_(list(ids)))
        return int(session.execute(query.values(read_at=utcnow())).rowcount or 0)


def own_email(db: Database, actor: Actor) -> str:
    """The actor's own address ("" when none)."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        return session.scalar(select(UserEmail.email).where(
            UserEmail.user_id == _own(actor))) or ""


def set_own_email(db: Database, actor: Actor, address: str) -> str:
    """Set (or with "" remove) the actor's own address; returns it as stored."""
    address = email_address(address)
    with db.transaction() as session:
        actor = require(session, actor, Action.VIEW)
        user = session.get(User, _own(actor))
        assert user is not None  # require() read the account
        write_email(session, actor, user, address)
        return address


def user_emails(db: Database, actor: Actor) -> dict[str, str]:
    """Username → own address, of every account that has one (admin)."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_USERS)
        return dict(session.execute(select(User.username, UserEmail.email).join(
            UserEmail, UserEmail.user_id == User.id).order_by(User.username)).all())
