"""Monev cycles: create one from a methodology (frozen into the cycle), open it, list
them, stage deadlines and locks, the cycle each user's pages open on, and the guard every
change passes through.

A cycle stores the methodology *as it was when the cycle started*: editing or upgrading a
preset later never changes an old cycle's results.

A new cycle is **prepared** (status ``prepared``, "Disiapkan"): admins set it up (badan
publik, deadlines) and evaluators may look at it, but koordinator PPID and pejabat neither
see it in their lists nor reach it by id (:func:`monev.permissions.check_cycle`) until an
admin opens it (:func:`open_cycle`, status ``open``, "Berjalan"). Publication makes it
``published`` ("Ditetapkan").

Where pages open (:func:`landing_cycle`): the cycle the user last chose
(:func:`remember_cycle`, kept in the database per user), else the running cycle that has
data (uploads, then registered badan publik), else the newest running one, else the newest
published one — never merely the newest cycle, and a prepared one only when chosen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from monev.audit import record
from monev.errors import NotFound, StageLocked, UsageError
from monev.permissions import (
    ACTING,
    Action,
    Actor,
    check_cycle,
    is_prepared,
    may_see_prepared,
    require,
)
from notifications.events import appeals_open
from questionnaires.errors import Problem, problem
from questionnaires.loader import Registry, parse_methodology, presets
from questionnaires.model import Methodology
from storage.db import Database
from storage.models import Cycle, Participation, StageState, Submission, User, utcnow

STATUS_LABELS = {"prepared": "Disiapkan", "open": "Berjalan", "published": "Ditetapkan"}


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
    status: str  # "prepared", "open" or "published" (see the module doc)
    stages: tuple[StageInfo, ...]
    created_at: datetime
    opened_at: datetime | None = None  # None while prepared

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def prepared(self) -> bool:
        return self.status == "prepared"


def status_of(cycle: Cycle) -> str:
    """``prepared`` (not yet opened), ``open`` (running) or ``published``."""
    if cycle.status == "published":
        return "published"
    return "prepared" if is_prepared(cycle) else "open"


@lru_cache(maxsize=64)
def _parse(frozen: str) -> Methodology:
    return parse_methodology(json.loads(frozen), "siklus")


def methodology_of(cycle: Cycle) -> Methodology:
    """The cycle's own frozen methodology (parsed once per distinct definition)."""
    return _parse(json.dumps(cycle.methodology, sort_keys=True))


def load_cycle(session: Session, cycle_id: int) -> Cycle:
    """The cycle row; raises :class:`NotFound` (naming the command that lists cycles), and
    :class:`PermissionDenied` for a prepared cycle when the actor that
    :func:`~monev.permissions.require` checked in `session` may not see prepared cycles."""
    cycle = session.get(Cycle, cycle_id)
    if cycle is None:
        raise NotFound(f"Siklus monev dengan id {cycle_id} tidak ditemukan. Lihat daftar "
                       f"dengan 'python -m monev cycle list'.")
    check_cycle(session, cycle)
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
                     cycle.methodology_version, status_of(cycle), stages, cycle.created_at,
                     cycle.opened_at)


def suggested_methodology(registry: Registry | None = None) -> str:
    """The id of the newest methodology of `registry` (default the presets: by year, then
    id), which the new-cycle form suggests; "" when there is none."""
    registry = registry or presets()
    newest = max(registry, key=lambda m: (m.year, m.id), default=None)
    return newest.id if newest is not None else ""


def create_cycle(db: Database, actor: Actor, *, methodology_id: str, ki: str, year: int,
                 title: str = "", previous_cycle_id: int | None = None,
                 registry: Registry | None = None, prepared: bool = False) -> CycleInfo:
    """Create a cycle with a frozen copy of methodology `methodology_id` (from `registry`,
    default the presets) and one stage state per stage; with `prepared` (what the admin's
    form and ``python -m monev cycle create`` ask for) seen only by admins and evaluators
    until :func:`open_cycle`, else running at once (the demo, scripts, tests).
    Raises :class:`UsageError` for an unknown methodology, a blank KI or a title already
    used, :class:`NotFound` for an unknown previous cycle, :class:`PermissionDenied`."""
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
                      previous_cycle_id=previous_cycle_id, created_by_id=actor.id,
                      opened_at=None if prepared else utcnow())
        session.add(cycle)
        session.flush()
        for stage in methodology.stages:
            session.add(StageState(cycle_id=cycle.id, stage_code=stage.code))
        record(session, actor, "cycle.create", cycle_id=cycle.id, entity="cycle",
               entity_id=cycle.id, new={"methodology": methodology.id, "year": year,
                                        "status": status_of(cycle)})
        session.flush()
        return info(session, cycle)


def open_cycle(db: Database, actor: Actor, cycle_id: int) -> CycleInfo:
    """Open a prepared cycle to everyone: koordinator PPID and pejabat see it from their
    next click. Raises :class:`UsageError` when it is open already (nothing changes),
    :class:`NotFound`, :class:`PermissionDenied`."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_CYCLES)
        cycle = load_cycle(session, cycle_id)
        session.refresh(cycle, with_for_update=True)
        if not is_prepared(cycle):
            raise UsageError(f"Siklus '{cycle.title}' sudah dibuka "
                             f"({STATUS_LABELS[status_of(cycle)].lower()}); tidak ada yang "
                             f"diubah.")
        cycle.opened_at = utcnow()
        cycle.version += 1
        record(session, actor, "cycle.open", cycle_id=cycle.id, entity="cycle",
               entity_id=cycle.id, old="prepared", new="open")
        session.flush()
        return info(session, cycle)


def _visible(session: Session, actor: Actor) -> list[Cycle]:
    """The cycles `actor` (as :func:`require` returned it) may see, newest year first."""
    query = select(Cycle).order_by(Cycle.year.desc(), Cycle.id.desc())
    return [c for c in session.scalars(query)
            if not is_prepared(c) or may_see_prepared(actor)]


def list_cycles(db: Database, actor: Actor) -> list[CycleInfo]:
    """Every cycle the actor may see (prepared ones only for admins and evaluators),
    newest year first. Raises :class:`PermissionDenied`."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        return [info(session, c) for c in _visible(session, actor)]


def landing_cycle(db: Database, actor: Actor) -> int | None:
    """The id of the cycle `actor`'s pages open on (None: no cycle they may see).

    The cycle they last chose (:func:`remember_cycle`) while they may still see it; else
    the running cycle with uploads, then with registered badan publik (newest year first);
    else the newest running cycle; else the newest published one; else the newest
    prepared one (admins and evaluators). Raises :class:`PermissionDenied`."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        cycles = _visible(session, actor)
        if not cycles:
            return None
        ids = {c.id for c in cycles}
        user = session.get(User, actor.id) if actor.id is not None else None
        if user is not None and user.last_cycle_id in ids:
            return user.last_cycle_id
        running = [c for c in cycles if status_of(c) == "open"]
        if not running:
            return next((c.id for c in cycles if not is_prepared(c)), cycles[0].id)
        running_ids = [c.id for c in running]
        uploads = dict(session.execute(
            select(Submission.cycle_id, func.count()).where(
                Submission.cycle_id.in_(running_ids)).group_by(Submission.cycle_id)).all())
        registered = dict(session.execute(
            select(Participation.cycle_id, func.count()).where(
                Participation.cycle_id.in_(running_ids)).group_by(Participation.cycle_id)
        ).all())
        # `running` is newest first: max() keeps the first of equal keys.
        best = max(running, key=lambda c: (c.id in uploads, c.id in registered))
        return best.id


def remember_cycle(db: Database, actor: Actor, cycle_id: int) -> None:
    """Keep `cycle_id` as the cycle `actor` last chose: their pages open on it at the next
    login (an actor without an account keeps nothing). Raises :class:`NotFound`, and
    :class:`PermissionDenied` for a cycle they may not see."""
    with db.transaction() as session:
        actor = require(session, actor, Action.VIEW)
        load_cycle(session, cycle_id)
        if actor.id is not None:
            session.execute(update(User).where(User.id == actor.id,
                                               User.last_cycle_id.is_distinct_from(cycle_id))
                            .values(last_cycle_id=cycle_id))


def cycles_using(session: Session, methodology_id: str, *, exclude: int | None = None,
                 ) -> list[tuple[Cycle, bool]]:
    """The cycles not yet published whose frozen methodology is `methodology_id` (other
    than `exclude`), newest year first, each with whether the actor checked in `session`
    may see it (a prepared cycle only admins and evaluators see) — to tell the uploader of
    a workbook for another cycle which cycle to pick."""
    acting = session.info.get(ACTING)
    query = select(Cycle).where(Cycle.methodology_id == methodology_id,
                                Cycle.status != "published").order_by(
        Cycle.year.desc(), Cycle.id.desc())
    return [(c, acting is None or not is_prepared(c) or may_see_prepared(acting))
            for c in session.scalars(query) if c.id != exclude]


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
            if locked and stage == questionnaire_stage(cycle):  # verification finished
                appeals_open(session, cycle, stage)
        session.flush()
        return info(session, cycle)


def ensure_changeable(session: Session, cycle: Cycle, stage: str | None) -> None:
    """Refuse changes to a published cycle or a locked stage (checked in the write txn).

    The cycle row and the stage row are read ``FOR SHARE`` (PostgreSQL; SQLite writers are
    serialised anyway), so a publication or lock committed meanwhile either waits for this
    change or is seen by it — it cannot slip in between the check and the write. A
    prepared cycle is refused to an actor who may not see it (checked in `session`, see
    :func:`~monev.permissions.check_cycle`), however the cycle row was read.
    """
    session.refresh(cycle, with_for_update={"read": True})
    check_cycle(session, cycle)
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


def _titles(cycles: list[Cycle]) -> str:
    names = [f"'{c.title}'" for c in cycles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"


def with_owner_cycle(session: Session, cycle: Cycle, found: Problem) -> Problem:
    """`found` as the uploader should read it: a reader's F210 for a workbook of another
    methodology names the cycle(s) not yet published that use that methodology and says to
    pick it (or that it is still prepared, or that no cycle uses it); any other problem is
    returned as it is. `session` is the use case's, with its actor checked (a prepared
    cycle is named as such to those who may not see it)."""
    if found.code != "F210" or found.context.get("what") != "metodologi":
        return found
    value = found.context.get("value", "")
    owners = cycles_using(session, value, exclude=cycle.id)
    seen = [c for c, visible in owners if visible]
    hidden = [c for c, visible in owners if not visible]
    context = {"value": value, "expected": found.context.get("expected", ""),
               "current": f"'{cycle.title}'"}
    if seen:
        return problem("F210/siklus", found.location, cycles=_titles(seen),
                       ids=" atau ".join(str(c.id) for c in seen), **context)
    if hidden:
        return problem("F210/siklus-disiapkan", found.location, cycles=_titles(hidden),
                       **context)
    return problem("F210/tanpa-siklus", found.location, **context)
