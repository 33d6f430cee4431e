"""Whether e-mail reaches each badan publik: the newest e-mail to a body's address that
failed (refused by the server for good, given up after too many attempts, or bounced later)
is shown beside that address — in Admin › Badan publik and to the koordinator PPID of the
body — so a mistyped or abandoned address is fixed before the next deadline reminder is
lost.

Only the *newest decided* e-mail to the address counts (sent or failed; one still waiting
has not been decided): an address that received an e-mail after a failure is fine again,
and a changed address starts clean. Addresses compare case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from monev.cycles import load_cycle
from monev.permissions import Action, Actor, require
from storage.db import Database
from storage.models import BadanPublik, OutboxMail, Participation


@dataclass(frozen=True, slots=True)
class AddressProblem:
    """The newest e-mail to badan publik `body_id`'s address `address` failed.

    `bounced`: the server had accepted it and a bounce came back later (else it was refused
    or given up); `at`: when it was sent (bounced) or last tried (UTC; None when never
    tried); `reply`: the server's answer (or why it was not sent); `subject`: the e-mail's
    subject."""

    body_id: int
    address: str
    subject: str
    bounced: bool
    at: datetime | None
    reply: str

    @property
    def what(self) -> str:
        """``dipantulkan`` (bounced) or ``gagal terkirim`` (refused or given up)."""
        return "dipantulkan" if self.bounced else "gagal terkirim"


def address_problems(db: Database, actor: Actor, cycle_id: int) -> dict[int, AddressProblem]:
    """Badan publik id → :class:`AddressProblem`, for the bodies of cycle `cycle_id` (in
    the actor's scope: a koordinator sees their bodies) whose address's newest decided
    e-mail failed. Bodies without an address, or whose newest e-mail was sent, are absent.
    Raises :class:`PermissionDenied`, :class:`NotFound` (no such cycle)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        cycle = load_cycle(session, cycle_id)
        query = (select(BadanPublik.id, BadanPublik.email)
                 .join(Participation, Participation.badan_publik_id == BadanPublik.id)
                 .where(Participation.cycle_id == cycle.id, BadanPublik.email != ""))
        if actor.scope is not None:
            query = query.where(BadanPublik.id.in_(actor.scope))
        bodies: dict[str, list[int]] = {}
        for body_id, email in session.execute(query):
            if email and email.strip():
                bodies.setdefault(email.strip().lower(), []).append(body_id)
        if not bodies:
            return {}
        address = func.lower(OutboxMail.to_address)
        newest = (select(address.label("address"), func.max(OutboxMail.id).label("id"))
                  .where(address.in_(list(bodies)), OutboxMail.state != "waiting")
                  .group_by(address).subquery())
        rows = session.scalars(select(OutboxMail).join(newest, OutboxMail.id == newest.c.id)
                               .where(OutboxMail.state == "failed"))
        found: dict[int, AddressProblem] = {}
        for row in rows:
            bounced = row.sent_at is not None
            for body_id in bodies.get(row.to_address.lower(), []):
                found[body_id] = AddressProblem(
                    body_id, row.to_address, row.subject, bounced,
                    row.sent_at if bounced else row.last_attempt_at, row.server_reply)
        return found
