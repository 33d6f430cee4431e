"""A cycle's results as evaluators, officials and koordinator PPID read them.

Current results come from the projection (:mod:`monev.outcomes.projection`): stored rows,
ranked when read. Once a cycle is published, records are the frozen published ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.cycles import load_cycle, methodology_of
from monev.errors import PermissionDenied
from monev.outcomes import projection
from monev.outcomes.inputs import CycleResult
from monev.outcomes.publication import published_records
from monev.outcomes.records import record_of, stage_columns
from monev.permissions import Action, Actor, Role, allowed, require
from storage.db import Database
from storage.models import BodyResult, Cycle


def ensure_current(db: Database, cycle_id: int) -> None:
    """Rebuild the cycle's stored results when they are missing or stale (first use after
    an upgrade or a bulk write); nothing when they are current (one small query)."""
    with db.read() as session:
        if projection.is_current(session, load_cycle(session, cycle_id)):
            return
    with db.transaction() as session:
        cycle = load_cycle(session, cycle_id)
        if not projection.is_current(session, cycle):
            projection.rebuild(session, cycle)


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """One cycle's stored results rebuilt from its history: `rows` written, of which
    `differed` were missing or not what the history gives (0 when all was in order)."""

    cycle_id: int
    title: str
    rows: int
    differed: int


def rebuild_results(db: Database, actor: Actor, cycle_id: int | None = None) -> list[Rebuilt]:
    """Rebuild the stored current results of one cycle (or of every cycle) from the
    history, each in its own transaction; for admins (`python -m monev results rebuild`).
    Raises NotFound for an unknown cycle, PermissionDenied for others than admins."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_CYCLES)
        ids = [load_cycle(session, cycle_id).id] if cycle_id is not None else list(
            session.scalars(select(Cycle.id).order_by(Cycle.id)))
    out = []
    for cid in ids:
        with db.transaction() as session:
            require(session, actor, Action.MANAGE_CYCLES)
            cycle = load_cycle(session, cid)
            before = _rows(session, cycle) if projection.is_current(session, cycle) else {}
            rows = projection.rebuild(session, cycle)
            after = _rows(session, cycle)
            differed = sum(1 for body, row in after.items() if before.get(body) != row) + \
                len(set(before) - set(after))
            out.append(Rebuilt(cid, cycle.title, rows, differed))
    return out


def _rows(session: Session, cycle: Cycle) -> dict[int, tuple[Any, ...]]:
    """The stored rows as they are (not decoded: a damaged row must not stop a rebuild)."""
    return {row[0]: tuple(row[1:]) for row in session.execute(
        select(BodyResult.badan_publik_id, BodyResult.name, BodyResult.region,
               BodyResult.category, BodyResult.status, BodyResult.final, BodyResult.summary,
               BodyResult.detail).where(BodyResult.cycle_id == cycle.id))}


def compute_results(db: Database, actor: Actor, cycle_id: int) -> list[CycleResult]:
    """Current (unpublished) results, ranked; for evaluators, officials and admins."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        load_cycle(session, cycle_id)
    ensure_current(db, cycle_id)
    with db.read() as session:
        return projection.ranked(session, load_cycle(session, cycle_id))


def cycle_records(db: Database, actor: Actor, cycle_id: int) -> list[dict[str, Any]]:
    """Records of a cycle: the frozen published ones once published, else the current ones.

    A koordinator PPID sees only published results, and only for their own badan publik.
    """
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        cycle = load_cycle(session, cycle_id)
        published = cycle.status == "published"
        stages = [code for code, _ in stage_columns(methodology_of(cycle))]
        if not published and not allowed(actor, Action.VIEW_SCORES):
            if actor.role is Role.COORDINATOR:
                raise PermissionDenied("Nilai siklus ini belum ditetapkan; koordinator PPID "
                                       "dapat melihatnya setelah hasil ditetapkan.")
            require(session, actor, Action.VIEW_SCORES)
    if published:
        return published_records(db, actor, cycle_id)
    return [record_of(r.result, stages) for r in compute_results(db, actor, cycle_id)]
