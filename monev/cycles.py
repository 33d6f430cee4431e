"""Monev cycles: create one from a methodology (frozen into the cycle), list them, stage
deadlines and locks, and the guard every change passes through.

A cycle stores the methodology *as it was when the cycle started*: editing or upgrading a
preset later never changes an old cycle's results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.audit import record
from monev.errors import NotFound, StageLocked, UsageError
from monev.permissions import Action, Actor, require
from questionnaires.loader import Registry, parse_methodology, presets
from questionnaires.model import Methodology
from storage.db import Database
from storage.models import Cycle, StageState

STATUS_LABELS = {"open": "Berjalan", "published": "Ditetapkan"}


@dataclass(frozen=True, slots=True)
class StageInfo:
    """A stage of a cycle as shown: code, name, weight, deadline (WIB date) and lock."""

    code: str
    name: str
    weight: str
    deadline: date | None
    locked: bool


@dataclass(frozen=True, slots=True)
class CycleInfo:
    """A cycle as shown: its KI, year, title, frozen methodology, status and stages."""

    id: int
    ki: str
    year: int
    title: str
    methodology_id: str
    methodology_version: str
    status: str
    stages: tuple[StageInfo, ...]
    created_at: datetime

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@lru_cache(maxsize=64)
def _parse(frozen: str) -> Methodology:
    return parse_methodology(json.loads(frozen), "siklus")


def methodology_of(cycle: Cycle) -> Methodology:
    """The cycle's own frozen methodology (parsed once per distinct definition)."""
    return _parse(json.dumps(cycle.methodology, sort_keys=True))


def load_cycle(session: Session, cycle_id: int) -> Cycle:
    """The cycle row; raises :class:`NotFound` (naming the command that lists cycles)."""
    cycle = session.get(Cycle, cycle_id)
    if cycle is None:
        raise NotFound(f"Siklus monev dengan id {cycle_id} tidak ditemukan. Lihat daftar "
                       f"dengan 'python -m monev cycle list'.")
    return cycle


def _states(session: Session, cycle: Cycle) -> dict[str, StageState]:
    return {s.stage_code: s for s in session.scalars(
        select(StageState).where(StageState.cycle_id == cycle.id))}


def info(session: Session, cycle: Cycle) -> CycleInfo:
    """`cycle` as a :class:`CycleInfo` (its stages in the methodology's order)."""
    methodology = methodology_of(cycle)
    states = _states(session, cycle)
    stages = tuple(
        StageInfo(s.code, s.name, str(s.weight), states[s.code].deadline if s.code in states
                  else None, states[s.code].locked if s.code in states else False)
        for s in methodology.stages)
    return CycleInfo(cycle.id, cycle.ki, cycle.year, cycle.title, cycle.methodology_id,
                     cycle.methodology_version, cycle.status, stages, cycle.created_at)


def create_cycle(db: Database, actor: Actor, *, methodology_id: str, ki: str, year: int,
                 title: str = "", previous_cycle_id: int | None = None,
                 registry: Registry | None = None) -> CycleInfo:
    """Create a cycle with a frozen copy of methodology `methodology_id` (from `registry`,
    default the presets) and one stage state per stage. Raises :class:`UsageError` for an
    unknown methodology, a blank KI or a title already used, :class:`NotFound` for an
    unknown previous cycle, :class:`PermissionDenied`."""
    registry = registry or presets()
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_CYCLES)
        methodology = registry.get(methodology_id)
        if methodology is None:
            raise UsageError(f"Metodologi '{methodology_id}' tidak dikenal. Yang tersedia: "
                             f"{', '.join(registry.ids)}.")
        if not ki.strip():
            raise UsageError("Nama Komisi Informasi wajib diisi.")
        title = title.strip() or f"Monev KIP {year} — {ki.strip()}"
        if session.scalar(select(Cycle.id).where(Cycle.ki == ki.strip(), Cycle.year == year,
                                                 Cycle.title == title)) is not None:
            raise UsageError(f"Siklus '{title}' untuk {ki} tahun {year} sudah ada.")
        if previous_cycle_id is not None:
            load_cycle(session, previous_cycle_id)
        cycle = Cycle(ki=ki.strip(), year=year, title=title, methodology_id=methodology.id,
                      methodology_version=methodology.version,
                      methodology=methodology.model_dump(mode="json"),
                      previous_cycle_id=previous_cycle_id, created_by_id=actor.id)
        session.add(cycle)
        session.flush()
        for stage in methodology.stages:
            session.add(StageState(cycle_id=cycle.id, stage_code=stage.code))
        record(session, actor, "cycle.create", cycle_id=cycle.id, entity="cycle",
               entity_id=cycle.id, new={"methodology": methodology.id, "year": year})
        session.flush()
        return info(session, cycle)


def list_cycles(db: Database, actor: Actor) -> list[CycleInfo]:
    """Every cycle, newest year first. Raises :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        cycles = session.scalars(select(Cycle).order_by(Cycle.year.desc(), Cycle.id.desc()))
        return [info(session, c) for c in cycles]


def get_cycle(db: Database, actor: Actor, cycle_id: int) -> CycleInfo:
    """One cycle. Raises :class:`NotFound` or :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        return info(session, load_cycle(session, cycle_id))


def cycle_methodology(db: Database, actor: Actor, cycle_id: int) -> Methodology:
    """The cycle's own frozen methodology (never the preset of the same name), for anyone
    allowed to see the cycle: pages show its categories, questions and panel aspects."""
    with db.read() as session:
        require(session, actor, Action.VIEW)
        return methodology_of(load_cycle(session, cycle_id))


def _stage_state(session: Session, cycle: Cycle, stage: str) -> StageState:
    state = _states(session, cycle).get(stage)
    if state is None:
        known = ", ".join(s.code for s in methodology_of(cycle).stages)
        raise NotFound(f"Tahapan '{stage}' tidak ada dalam siklus ini. Tahapan: {known}.")
    return state


def set_deadline(db: Database, actor: Actor, cycle_id: int, stage: str,
                 deadline: date | None) -> CycleInfo:
    """Set (or, with None, clear) a stage's deadline (a WIB date). Raises
    :class:`NotFound` (cycle or stage), :class:`PermissionDenied`."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_CYCLES)
        cycle = load_cycle(session, cycle_id)
        state = _stage_state(session, cycle, stage)
        record(session, actor, "stage.deadline", cycle_id=cycle.id, entity="stage",
               entity_id=stage, old=state.deadline.isoformat() if state.deadline else None,
               new=deadline.isoformat() if deadline else None)
        state.deadline = deadline
        state.version += 1
        session.flush()
        return info(session, cycle)


def set_lock(db: Database, actor: Actor, cycle_id: int, stage: str, locked: bool,
             reason: str = "") -> CycleInfo:
    """Lock a stage (no more uploads/verifications/scores for it) or unlock it with a reason."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_CYCLES)
        if not locked and not reason.strip():
            raise UsageError("Membuka kunci tahapan memerlukan alasan.")
        cycle = load_cycle(session, cycle_id)
        state = _stage_state(session, cycle, stage)
        if state.locked != locked:
            record(session, actor, "stage.lock" if locked else "stage.unlock",
                   cycle_id=cycle.id, entity="stage", entity_id=stage, old=state.locked,
                   new=locked, reason=reason)
            state.locked = locked
            state.version += 1
        session.flush()
        return info(session, cycle)


def ensure_changeable(session: Session, cycle: Cycle, stage: str | None) -> None:
    """Refuse changes to a published cycle or a locked stage (checked in the write txn).

    The cycle row and the stage row are read ``FOR SHARE`` (PostgreSQL; SQLite writers are
    serialised anyway), so a publication or lock committed meanwhile either waits for this
    change or is seen by it — it cannot slip in between the check and the write.
    """
    session.refresh(cycle, with_for_update={"read": True})
    if cycle.status == "published":
        raise StageLocked(f"Hasil siklus '{cycle.title}' sudah ditetapkan; perubahan "
                          f"memerlukan pembukaan kembali oleh pejabat atau admin dengan alasan.")
    if stage is None:
        return
    state = session.scalar(select(StageState).where(
        StageState.cycle_id == cycle.id, StageState.stage_code == stage,
    ).with_for_update(read=True))
    if state is None:
        state = _stage_state(session, cycle, stage)  # raises NotFound with the known stages
    if state.locked:
        name = next((s.name for s in methodology_of(cycle).stages if s.code == stage), stage)
        raise StageLocked(f"Tahapan '{name}' sudah dikunci; tidak ada perubahan yang dapat "
                          f"disimpan. Minta admin membuka kunci tahapan bila perlu.")


def questionnaire_stage(cycle: Cycle) -> str:
    """Code of the cycle's (first) questionnaire stage, the SAQ."""
    return methodology_of(cycle).questionnaire_stages[0].code
