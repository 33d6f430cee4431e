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
"""

from __future__ import annotations

import logging
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


def _threshold(left: int, days: tuple[int, ...]) -> int | None:
    reached = [d for d in days if left <= d]
    return min(reached) if reached else None


def due_reminders(db: Database, *, on: date | None = None,
                  days: tuple[int, ...] | None = None) -> int:
    """Write the reminders due `on` (default today in WIB); returns how many notices were
    written (0 when all were written before)."""
    on = on or wib_today()
    days = days or settings.reminder_days()
    try:
        with db.transaction() as session:
            written = 0
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
                    written += _remind(session, cycle, state, left, threshold)
            return written
    except IntegrityError:  # another worker wrote the same reminders at the same moment
        log.info("reminders written concurrently by another worker")
        return 0


def _remind(session, cycle: Cycle, state: StageState, left: int, threshold: int) -> int:
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
    for body in bodies:
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


__all__ = ["MISSING", "PORTAL", "due_reminders"]
