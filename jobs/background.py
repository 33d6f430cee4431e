"""What the background runs of a cycle share: states, one run at a time, threads, progress
stored in batches, and telling a run whose process stopped.

A run is a row of a run table (``link_check_runs``, ``monitoring_runs``: see
:class:`RunRow`) with its results in another table whose rows name the run (``run_id``) and
when they were stored (``checked_at``). A :class:`Runner` holds what one kind of run
shares with the others; the module that owns the kind makes one at import and keeps what
is its own: what a run visits, what it stores, what it shows.

- Reading: :meth:`Runner.read_latest` (a cycle's newest run) and :meth:`Runner.read`, for
  whoever may view (:attr:`monev.permissions.Action.VIEW`); the module says how a run is
  shown.
- States: :data:`RUNNING`, then :data:`FINISHED`, :data:`FAILED` (`detail` says why) or
  :data:`INTERRUPTED`; :data:`STATE_LABELS` shows them in Indonesian.
- One run at a time per cycle (:meth:`Runner.claim`): another is refused while one runs;
  an interrupted one may be continued (:meth:`Runner.reopen`).
- A run that stops before it is done is ``interrupted``: marked so when its process stops
  it (:meth:`Runner.execute` on Ctrl+C, the process exiting), or read so when it stored
  nothing for :attr:`Runner.stale_after` and does not run in this process (a process
  that was killed: :meth:`Runner.stale`).
- :meth:`Runner.start` runs it in a background thread of this process, :meth:`Runner.wait_for`
  waits for that; :func:`work_through` does the work with a few workers at once, storing
  results every :data:`FLUSH_SECONDS`.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from monev.audit import name_in, user_names
from monev.clock import WIB
from monev.cycles import load_cycle
from monev.errors import NotFound, UsageError
from monev.permissions import ACTING, Action, Actor, require, to_actor
from reports.formatting import SHORT_TIME, date_time, integer
from storage.db import Database
from storage.models import Cycle, User, utcnow

RUNNING, FINISHED, FAILED, INTERRUPTED = "running", "finished", "failed", "interrupted"
STATE_LABELS = {RUNNING: "sedang berjalan", FINISHED: "selesai", FAILED: "gagal",
                INTERRUPTED: "terputus"}
FLUSH_SECONDS = 1.0  # results are stored at least this often while a run works

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` each time a run stores its progress."""

Item = TypeVar("Item")
Result = TypeVar("Result")
Shown = TypeVar("Shown")


# How long a run working elsewhere may store nothing before the page says since when.
QUIET = timedelta(minutes=1)


def checked_text(at: datetime | None) -> str:
    """When something was checked or started, as shown: ``30 Nov 2026 10:05 WIB`` ("-"
    when never)."""
    return date_time(at, WIB, SHORT_TIME) if at is not None else "-"


class RunProgress:
    """What a run as shown (a frozen dataclass with `state`, `done` and `total`) tells of
    its state: its label, whether it runs, and how far it is."""

    __slots__ = ()
    state: str
    done: int
    total: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def share(self) -> float:
        """Done over total, 0–1 (1 for a run with nothing to do)."""
        return min(1.0, self.done / self.total) if self.total else 1.0


class RunRow(Protocol):
    """The columns every run table has (:class:`storage.models.LinkCheckRun`,
    :class:`storage.models.MonitoringRun`)."""

    id: int
    cycle_id: int
    started_by_id: int | None
    started_at: datetime
    finished_at: datetime | None
    total: int
    done: int
    state: str
    detail: str


class Stopped(Exception):
    """The run was marked ended by someone else while working (its results are kept)."""


class Runner:
    """One kind of background run: its tables, its words, and the runs of this process.

    `model` is the run table, `results` the table of what runs store (with ``run_id`` and
    ``checked_at``: a run's last activity). The words make the refusals: `noun` names the
    run (``Pemeriksaan tautan``), `counted` what ``total`` counts (``tautan``), `restart`
    how to begin anew (``mulai pemeriksaan baru``); `interrupted_detail` is the detail of
    an interrupted run, `failed_detail` that of a failed one (``{error}``: the exception's
    class). `on_end(session, run_id, state)` runs in the transaction that ends a run.
    Threads are named ``<thread_name>-<id>``; `log` reports as ``<log_name> <id>``.
    """

    def __init__(self, *, model: type[Any], results: type[Any], stale_after: timedelta,
                 noun: str, counted: str, restart: str, interrupted_detail: str,
                 failed_detail: str, thread_name: str, log_name: str, log: logging.Logger,
                 on_end: Callable[[Session, int, str], None] | None = None) -> None:
        self.model, self.results, self.stale_after = model, results, stale_after
        self.noun, self.counted, self.restart = noun, counted, restart
        self.interrupted_detail, self.failed_detail = interrupted_detail, failed_detail
        self.thread_name, self.log_name, self.log = thread_name, log_name, log
        self.on_end = on_end
        self._active: set[int] = set()  # runs working in this process
        self._databases: dict[int, Database] = {}  # … and the database each one stores into
        self._threads: dict[int, threading.Thread] = {}
        self._lock = threading.Lock()
        atexit.register(self._interrupt_at_exit)

    # -- reading -------------------------------------------------------------------------------

    def last_activity(self, session: Session, run: RunRow) -> datetime:
        """When the run last started or stored a result."""
        stored = session.scalar(select(func.max(self.results.checked_at))
                                .where(self.results.run_id == run.id))
        return max(run.started_at, stored) if stored is not None else run.started_at

    def stale(self, session: Session, run: RunRow) -> bool:
        """A running run that is not running any more: not in this process, and nothing
        stored for :attr:`stale_after`."""
        if run.state != RUNNING:
            return False
        with self._lock:
            if run.id in self._active:
                return False
        return self.last_activity(session, run) < utcnow() - self.stale_after

    def shown(self, session: Session, run: RunRow) -> tuple[str, str]:
        """The run's state and detail as shown: a stale run reads ``interrupted``; a run
        working elsewhere (the CLI, another instance) that stored nothing for :data:`QUIET`
        says since when, and when it will be read as interrupted if its process stopped."""
        if run.state != RUNNING:
            return run.state, run.detail
        with self._lock:
            if run.id in self._active:
                return run.state, run.detail
        last = self.last_activity(session, run)
        now = utcnow()
        if last < now - self.stale_after:
            return INTERRUPTED, self.interrupted_detail
        if last < now - QUIET:
            note = (f"Tidak ada kemajuan sejak {checked_text(last)}. Bila proses yang "
                    f"menjalankannya sudah berhenti, {self.noun.lower()} ini dianggap "
                    f"terputus pada {checked_text(last + self.stale_after)} dan dapat "
                    f"dilanjutkan.")
            return run.state, f"{run.detail} {note}".strip()
        return run.state, run.detail

    def latest(self, session: Session, cycle_id: int) -> Any:
        """The cycle's newest run (None before the first)."""
        return session.scalar(select(self.model).where(self.model.cycle_id == cycle_id)
                              .order_by(self.model.id.desc()).limit(1))

    def load(self, session: Session, run_id: int) -> Any:
        """Run `run_id`; raises :class:`NotFound`."""
        run = session.get(self.model, run_id)
        if run is None:
            raise NotFound(f"{self.noun} dengan id {run_id} tidak ditemukan.")
        return run

    def load_running(self, session: Session, run_id: int) -> Any:
        """Run `run_id`, which must be running; raises :class:`NotFound`,
        :class:`UsageError`."""
        run = self.load(session, run_id)
        if run.state != RUNNING:
            raise UsageError(f"{self.noun} {run_id} tidak sedang berjalan "
                             f"({STATE_LABELS.get(run.state, run.state)}).")
        return run

    def read_latest(self, db: Database, actor: Actor, cycle_id: int,
                    shown: Callable[[Session, Any], Shown]) -> Shown | None:
        """The cycle's newest run as `shown(session, run)` makes it (None before the first),
        for whoever may view the cycle (:attr:`Action.VIEW`). Raises :class:`NotFound`,
        :class:`PermissionDenied`."""
        with db.read() as session:
            require(session, actor, Action.VIEW, cycle=cycle_id)
            cycle = load_cycle(session, cycle_id)
            run = self.latest(session, cycle.id)
            return shown(session, run) if run is not None else None

    def read(self, db: Database, actor: Actor, run_id: int,
             shown: Callable[[Session, Any], Shown]) -> Shown:
        """Run `run_id` as `shown(session, run)` makes it, for whoever may view
        (:attr:`Action.VIEW`). Raises :class:`NotFound`, :class:`PermissionDenied`."""
        with db.read() as session:
            require(session, actor, Action.VIEW)
            run = self.load(session, run_id)
            load_cycle(session, run.cycle_id)
            return shown(session, run)

    # -- beginning -----------------------------------------------------------------------------

    def claim(self, session: Session, cycle_id: int) -> Any:
        """Make way for a new or continued run of the cycle, in the transaction that records
        it; returns the cycle's newest run (None before the first), marked interrupted when
        its process stopped.

        Raises :class:`UsageError` while it is running."""
        # One run at a time: concurrent starts queue on the cycle's row (PostgreSQL; SQLite
        # writers queue anyway).
        session.execute(select(Cycle.id).where(Cycle.id == cycle_id).with_for_update())
        latest = self.latest(session, cycle_id)
        if latest is not None and latest.state == RUNNING:
            if not self.stale(session, latest):
                names = user_names(session)
                raise UsageError(
                    f"{self.noun} siklus ini sedang berjalan (dimulai "
                    f"{checked_text(latest.started_at)} oleh "
                    f"{name_in(names, latest.started_by_id)}, {integer(latest.done)} dari "
                    f"{integer(latest.total)} {self.counted}). Tunggu sampai selesai; "
                    f"kemajuannya terlihat di halaman Koordinator.")
            latest.state, latest.detail = INTERRUPTED, self.interrupted_detail
        return latest

    def beyond_scope(self, session: Session, run: Any, actor: Actor) -> str:
        """Why `actor` may not continue `run` (``""`` when they may): a scoped account (a
        koordinator PPID) continuing a run begun for badan publik outside their scope would
        go on with theirs only and mark the run finished, the rest never done. A run's
        reach is its one badan publik (``badan_publik_id``, when the run has one), else
        its starter's scope as stored now (every body: an unscoped role, the CLI's
        system account, an account gone)."""
        if actor.scope is None:
            return ""
        body_id = getattr(run, "badan_publik_id", None)
        starter = session.get(User, run.started_by_id) if run.started_by_id else None
        if body_id is not None:
            reach: frozenset[int] | None = frozenset({body_id})
        else:
            reach = to_actor(session, starter).scope if starter is not None else None
        if reach is not None and reach <= actor.scope:
            return ""
        who = name_in(user_names(session), run.started_by_id)
        what = ("semua badan publik siklus ini" if reach is None
                else f"{integer(len(reach))} badan publik")
        ask = f"{who} atau admin" if starter is not None else "admin"
        return (f"{self.noun} yang terputus dimulai oleh {who} untuk {what}, lebih luas dari "
                f"cakupan Anda: bila Anda melanjutkannya, hanya badan publik Anda yang "
                f"dikerjakan dan sisanya tidak akan pernah selesai. Minta {ask} "
                f"melanjutkannya, atau {self.restart} untuk badan publik Anda.")

    def refusal_for_reader(self, session: Session, run: Any, state: str) -> str:
        """What :meth:`beyond_scope` says to the actor :func:`require` checked in `session`
        of `run` shown in `state` (``""`` unless it is interrupted and not theirs to
        continue): a page offers no button that would only be refused."""
        actor = session.info.get(ACTING)
        if state != INTERRUPTED or actor is None:
            return ""
        return self.beyond_scope(session, run, actor)

    def reopen(self, latest: Any, session: Session | None = None,
               actor: Actor | None = None) -> Any:
        """The cycle's newest run `latest` (from :meth:`claim`) running again; raises
        :class:`UsageError` when it was not interrupted, or when `actor` (given with the
        `session`) may not continue it (:meth:`beyond_scope`)."""
        if latest is None or latest.state != INTERRUPTED:
            raise UsageError(f"Tidak ada {self.noun.lower()} yang terputus pada siklus ini; "
                             f"{self.restart}.")
        if session is not None and actor is not None:
            refusal = self.beyond_scope(session, latest, actor)
            if refusal:
                raise UsageError(refusal)
        latest.state, latest.finished_at = RUNNING, None
        latest.detail = f"Dilanjutkan; dimulai pertama kali {checked_text(latest.started_at)}."
        latest.started_at = utcnow()  # the run's activity starts again now (see stale)
        return latest

    # -- running -------------------------------------------------------------------------------

    def start(self, db: Database, run_id: int, work: Callable[[], object]) -> None:
        """Call `work` (which does run `run_id` with :meth:`execute`) in a background thread
        of this process; returns at once."""
        thread = threading.Thread(target=self._background, args=(run_id, work),
                                  name=f"{self.thread_name}-{run_id}", daemon=True)
        with self._lock:
            self._active.add(run_id)
            self._databases[run_id] = db
            self._threads[run_id] = thread
        thread.start()

    def wait_for(self, run_id: int, timeout: float | None = None) -> bool:
        """Wait for a run started in this process by :meth:`start` to end; whether it did
        (True also for a run this process is not running)."""
        with self._lock:
            thread = self._threads.get(run_id)
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _background(self, run_id: int, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:  # stored as the run's failure by execute; logged here
            self.log.exception("%s %s failed", self.log_name, run_id)
        finally:
            with self._lock:
                self._active.discard(run_id)
                self._threads.pop(run_id, None)

    def execute(self, db: Database, run_id: int, work: Callable[[], None]) -> None:
        """Do `work` for running run `run_id` in this thread, then mark it finished.

        :class:`Stopped` (someone else ended it) ends quietly; KeyboardInterrupt and
        SystemExit mark it ``interrupted``, any other failure ``failed``, and are raised
        again."""
        with self._lock:
            self._active.add(run_id)
            self._databases[run_id] = db
        try:
            work()
            self.end(db, run_id, FINISHED)
        except Stopped:
            pass
        except (KeyboardInterrupt, SystemExit):
            self.end(db, run_id, INTERRUPTED, self.interrupted_detail)
            raise
        except Exception as exc:
            self.end(db, run_id, FAILED, self.failed_detail.format(error=type(exc).__name__))
            raise
        finally:
            with self._lock:
                self._active.discard(run_id)
                self._databases.pop(run_id, None)

    def advance(self, session: Session, run_id: int, **values: Any) -> None:
        """Store a running run's progress (`values`: ``done``, ``total`` …) in `session`'s
        transaction; :class:`Stopped` when the run is no longer running."""
        updated = session.execute(
            update(self.model).where(self.model.id == run_id, self.model.state == RUNNING)
            .values(**values).execution_options(synchronize_session=False))
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            raise Stopped(run_id)

    def end(self, db: Database, run_id: int, state: str, detail: str | None = None) -> None:
        """Mark a running run ended, with `detail` (None: the run's own is kept); a run
        already ended is left as it is (and `on_end` is not called)."""
        values: dict[str, Any] = {"state": state, "finished_at": utcnow()}
        if detail is not None:
            values["detail"] = detail
        with db.transaction() as session:
            ended = session.execute(
                update(self.model).where(self.model.id == run_id,
                                         self.model.state == RUNNING)
                .values(**values).execution_options(synchronize_session=False)).rowcount
            if ended and self.on_end is not None:
                self.on_end(session, run_id, state)

    def _interrupt_at_exit(self) -> None:
        """Mark the runs of this process interrupted when it exits while they work (the
        background threads die with it)."""
        with self._lock:
            running = [(run_id, self._databases.get(run_id)) for run_id in self._active]
        for run_id, db in running:
            if db is None:
                continue
            try:
                self.end(db, run_id, INTERRUPTED, self.interrupted_detail)
            except Exception:  # the database may be gone at exit; staleness tells later
                self.log.warning("could not mark %s %s interrupted", self.log_name, run_id)


async def work_through(todo: Sequence[Item], concurrency: int,
                       work: Callable[[Item], Awaitable[Result]],
                       store: Callable[[list[Result], int], None], done: int, total: int,
                       progress: Progress | None) -> None:
    """Do `work` on each of `todo` with `concurrency` workers; every :data:`FLUSH_SECONDS`
    call `store(batch, done)` in a thread (the work going on meanwhile) with the results
    since the last call and how many are done (`done` at first, plus those), then
    `progress(done, total)`. A worker's failure, or the store's, ends the work (the other
    workers are cancelled) and is raised."""
    if not todo:
        return
    queue = iter(todo)
    results: list[Result] = []

    async def worker() -> None:
        for item in queue:  # one shared iterator: each item goes to one worker
            results.append(await work(item))

    pending = {asyncio.create_task(worker()) for _ in range(min(concurrency, len(todo)))}
    try:
        while pending:
            finished, pending = await asyncio.wait(pending, timeout=FLUSH_SECONDS)
            for task in finished:
                task.result()  # a worker's failure ends the run
            if results:
                batch = results[:]
                del results[:len(batch)]
                done += len(batch)
                await asyncio.to_thread(store, batch, done)
                if progress is not None:
                    progress(done, total)
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
