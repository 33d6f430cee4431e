"""Deadline reminders: a stage deadline is near and a body's questionnaire is missing.

:func:`due_reminders` is a tick (run by ``python -m monev outbox send`` and the app's
background worker): for every running cycle and each questionnaire stage with a deadline
that is not locked, it takes the days left (WIB) and the smallest configured threshold
(``MONEV_REMINDER_DAYS``, default 7, 3 and 1 days) that the days left have reached, and
tells every taking-part body whose questionnaire has not arrived (participation invited,
registered, or an empty upload) — its PPID accounts and its address — and each koordinator
PPID the bodies of their scope still missing (one digest). Each notice has a key made of
cycle, stage, deadline, threshold and body (or koordinator): however often the tick runs,
each is written once; a moved deadline starts again.

A body's reminder that would reach no one — the body has no address, no active PPID account
and no koordinator PPID — is not written (so it goes once an address is filled) and is
named in :attr:`ReminderReport.unreached`, which ``outbox send`` and the admin page say
(:data:`UNREACHED`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from monev.clock import today as wib_today
from notifications import settings
from notifications.events import (
    COORDINATOR,
    PORTAL,
    Group,
    accounts,
    body_audience,
    body_groups,
    coordinators,
    cycle_context,
    deadline_text,
    deliver,
    stage_name,
)
from storage.db import Database
from storage.models import BadanPublik, Cycle, Participation, StageState

log = logging.getLogger(__name__)

MISSING = ("invited", "registered", "not_submitted")
UNREACHED = ("Pengingat tenggat tidak sampai ke siapa pun untuk {names}: badan publik ini "
             "tidak mempunyai alamat e-mail, akun PPID, maupun koordinator PPID. Isi "
             "e-mail PPID-nya (Admin › Badan Publik › Ubah e-mail dan alamat situs) atau "
             "buat akun PPID-nya; pengingatnya dikirim pada pengiriman berikutnya.")


@dataclass(frozen=True, slots=True)
class ReminderReport:
    """One reminder tick: `written` notices; `unreached` the names of the bodies whose
    reminder was due but reached no one (no address, account or koordinator; not written)."""

    written: int = 0
    unreached: tuple[str, ...] = ()

    def warning(self) -> str:
        """:data:`UNREACHED` for the unreached bodies, or ``""``."""
        return UNREACHED.format(names=", ".join(self.unreached)) if self.unreached else ""


def _threshold(left: int, days: tuple[int, ...]) -> int | None:
    reached = [d for d in days if left <= d]
    return min(reached) if reached else None


def due_reminders(db: Database, *, on: date | None = None,
                  days: tuple[int, ...] | None = None) -> int:
    """Write the reminders due `on` (default today in WIB); returns how many notices were
    written (0 when all were written before)."""
    return write_reminders(db, on=on, days=days).written


def write_reminders(db: Database, *, on: date | None = None,
                    days: tuple[int, ...] | None = None) -> ReminderReport:
    """Write the reminders due `on` (default today in WIB): how many notices were written
    and which bodies' reminders reached no one (:class:`ReminderReport`)."""
    on = on or wib_today()
    days = days or settings.reminder_days()
    try:
        with db.transaction() as session:
            written, unreached = 0, []
            cycles = session.scalars(select(Cycle).where(
                Cycle.status == "open", Cycle.opened_at.is_not(None)).order_by(Cycle.id))
            for cycle in list(cycles):
                stages = [str(s.get("code")) for s in (cycle.methodology or {}).get(
                    "stages", ()) if s.get("kind") == "questionnaire"]
                for state in session.scalars(select(StageState).where(
                        StageState.cycle_id == cycle.id, StageState.stage_code.in_(stages),
                        StageState.deadline.is_not(None), StageState.locked.is_(False))):
                    assert state.deadline is not None
                    left = (state.deadline - on).days
                    threshold = _threshold(left, days) if left >= 0 else None
                    if threshold is None:
                        continue
                    written += _remind(session, cycle, state, left, threshold, unreached)
            return ReminderReport(written, tuple(dict.fromkeys(unreached)))
    except IntegrityError:  # another worker wrote the same reminders at the same moment
        log.info("reminders written concurrently by another worker")
        return ReminderReport()


def _remind(session, cycle: Cycle, state: StageState, left: int, threshold: int,
            unreached: list[str]) -> int:
    assert state.deadline is not None
    base = f"{cycle.id}:{state.stage_code}:{state.deadline.isoformat()}:{threshold}"
    name = stage_name(cycle, state.stage_code)
    shared = {**cycle_context(cycle), "tahapan": name,
              "tenggat": deadline_text(state.deadline), "sisa_hari": left}
    bodies = list(session.scalars(select(BadanPublik).join(
        Participation, Participation.badan_publik_id == BadanPublik.id).where(
        Participation.cycle_id == cycle.id, Participation.status.in_(MISSING))
        .order_by(BadanPublik.name)))
    written = 0
    covered = coordinators(session, [b.id for b in bodies])
    told = set().union(*covered.values()) if covered else set()
    for body in bodies:
        if not body_audience(session, body) and body.id not in told:
            unreached.append(body.name)  # nobody to tell: not written, said instead
            continue
        if deliver(session, key=f"deadline:{base}:{body.id}", event="deadline",
                   context={**shared, "badan_publik": body.name},
                   groups=body_groups(session, body, with_coordinators=False)[:1],
                   cycle_id=cycle.id, body_id=body.id) is not None:
            written += 1
    names = {b.id: b.name for b in bodies}
    for user_id, scope in sorted(coordinators(session, names).items()):
        missing = sorted(names[b] for b in scope)
        if deliver(session, key=f"deadline_coordinator:{base}:{user_id}",
                   event="deadline_coordinator",
                   context={**shared, "jumlah": len(missing), "badan_publik_belum": missing},
                   groups=[Group(accounts(session, [user_id]), settings.link(COORDINATOR))],
                   cycle_id=cycle.id) is not None:
            written += 1
    return written


__all__ = ["MISSING", "PORTAL", "UNREACHED", "ReminderReport", "due_reminders",
           "write_reminders"]
