"""Checking every evidence link of a cycle in the background, with progress, and reading the
latest verdicts.

The links are those in the data dukung (``answers.evidence``) of the current submission of
every badan publik — a cell may hold several (:func:`evidence.links.links_in`). A *run*
(:class:`~storage.models.LinkCheckRun`) checks each distinct address once, at most
:attr:`~evidence.links.CheckSettings.concurrency` at a time over one HTTP client, and
appends each result to ``link_checks`` in small batches, counting ``done`` of ``total`` as it
goes: the app shows the progress by reading the run, from any instance.

- :func:`start_run` (app): begins a run and checks in a background thread of this process;
  :func:`check_links` (CLI): begins a run and checks in the calling thread, reporting
  progress to a callback.
- One run at a time per cycle: another is refused while one is running.
- A run that stops before it is done is ``interrupted``: marked so when the process stops
  it (Ctrl+C, the app shutting down), or read so when it has stored nothing for
  :data:`STALE_AFTER` and is not running in this process (a process that was killed).
  ``resume=True`` continues it — the same run, checking only the addresses it has no result
  for yet; a new run checks everything again.
- :func:`link_verdicts` lists every link of the cycle (or of one badan publik or question)
  with the newest result for its address in the cycle, whichever run stored it.

Rights (:mod:`monev.permissions`): starting a run is :attr:`Action.CHECK_LINKS` (koordinator
PPID and admin); a koordinator's run checks the links of the badan publik in their scope.
Reading verdicts and runs is :attr:`Action.VIEW` (a koordinator reads their scope only).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from evidence.links import (
    CheckSettings,
    LinkResult,
    check_link,
    new_client,
    severity,
    verdict_label,
)
from monev.audit import name_in, user_names
from monev.clock import WIB
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, UsageError
from monev.history import current_submissions
from monev.permissions import Action, Actor, body_scope, require
from questionnaires.text import links_in
from reports.formatting import SHORT_TIME, date_time, integer
from storage.db import Database
from storage.models import Answer, BadanPublik, Cycle, LinkCheck, LinkCheckRun, utcnow

log = logging.getLogger(__name__)

RUNNING, FINISHED, FAILED, INTERRUPTED = "running", "finished", "failed", "interrupted"
STATE_LABELS = {RUNNING: "sedang berjalan", FINISHED: "selesai", FAILED: "gagal",
                INTERRUPTED: "terputus"}
# A running run that stored nothing for this long, and does not run in this process, was
# stopped with its process. (One link takes at most CheckSettings.total_timeout plus the
# time to open a PDF; results are stored every FLUSH_SECONDS.)
STALE_AFTER = timedelta(minutes=5)
FLUSH_SECONDS = 1.0

Progress = Callable[[int, int], None]


# -- what is shown ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunInfo:
    """A run as shown: its state (:data:`STATE_LABELS`), progress, who started it, when."""

    id: int
    cycle_id: int
    state: str
    done: int
    total: int
    started_at: datetime
    finished_at: datetime | None
    started_by: str
    detail: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def share(self) -> float:
        """Done over total, 0–1 (1 for a run with nothing to check)."""
        return min(1.0, self.done / self.total) if self.total else 1.0


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """One link in the data dukung of one question of one badan publik."""

    body_id: int
    body_name: str
    question_code: str
    url: str


@dataclass(frozen=True, slots=True)
class LinkVerdict:
    """A link with the newest result for its address in the cycle (`verdict` None: not
    checked yet). `detail` is the sentence users read."""

    body_id: int
    body_name: str
    question_code: str
    url: str
    verdict: str | None
    detail: str
    status_code: int | None = None
    checked_at: datetime | None = None
    final_url: str = ""
    content_type: str = ""
    size_bytes: int | None = None
    pdf_pages: int | None = None

    @property
    def severity(self) -> str | None:
        """``ok``, ``warn``, ``bad`` (see :data:`evidence.links.VERDICTS`); None unchecked."""
        return severity(self.verdict)

    @property
    def label(self) -> str:
        return verdict_label(self.verdict)

    @property
    def needs_fixing(self) -> bool:
        """A link the badan publik should fix or replace (severity warn or bad)."""
        return self.severity in ("warn", "bad")

    def record(self) -> dict[str, Any]:
        """The record the CLI prints: ``badan_publik``, ``pertanyaan``, ``url``, ``status``
        (HTTP, None without an answer), ``verdict`` (code, None when not checked),
        ``keterangan`` (the sentence), ``checked_at`` (ISO 8601 in WIB, None)."""
        return {"badan_publik": self.body_name, "pertanyaan": self.question_code,
                "url": self.url, "status": self.status_code, "verdict": self.verdict,
                "keterangan": self.detail or NOT_CHECKED,
                "checked_at": (self.checked_at.astimezone(WIB).isoformat(timespec="seconds")
                               if self.checked_at else None)}


NOT_CHECKED = "Tautan belum diperiksa."


def checked_text(at: datetime | None) -> str:
    """When a link was checked, as shown: ``30 Nov 2026 10:05 WIB`` ("-" when never)."""
    return date_time(at, WIB, SHORT_TIME) if at is not None else "-"


# -- the links of a cycle -----------------------------------------------------------------------


def evidence_links(session: Session, cycle: Cycle,
                   body_ids: Collection[int] | None = None) -> list[EvidenceLink]:
    """Every link in the data dukung of the current submissions of `cycle` (of `body_ids`
    only, when given), ordered by badan publik name, then question as the methodology
    lists them, then as written in the cell."""
    current = current_submissions(session, cycle.id, body_ids)
    if not current:
        return []
    names: dict[int, str] = {body_id: name for body_id, name in session.execute(
        select(BadanPublik.id, BadanPublik.name).where(BadanPublik.id.in_(list(current))))}
    order = {q.code: n for n, q in enumerate(methodology_of(cycle).questions)}
    body_of = {s.id: s.badan_publik_id for s in current.values()}
    found: list[tuple[tuple[Any, ...], EvidenceLink]] = []
    for submission_id, code, text in session.execute(
            select(Answer.submission_id, Answer.question_code, Answer.evidence).where(
                Answer.submission_id.in_(list(body_of)), Answer.evidence != "")):
        body = body_of[submission_id]
        for n, url in enumerate(links_in(text)):
            found.append(((names[body].casefold(), body, order.get(code, len(order)), code, n),
                          EvidenceLink(body, names[body], code, url)))
    found.sort(key=lambda pair: pair[0])
    return [link for _, link in found]


def _distinct(links: list[EvidenceLink]) -> list[str]:
    return list(dict.fromkeys(link.url for link in links))


def _latest_checks(session: Session, cycle_id: int,
                   urls: Collection[str] | None = None) -> dict[str, LinkCheck]:
    """Address → its newest result in the cycle (of `urls` only, when given)."""
    newest = (select(func.max(LinkCheck.id)).where(LinkCheck.cycle_id == cycle_id)
              .group_by(LinkCheck.url))
    if urls is not None:
        if not urls:
            return {}
        if len(urls) <= 500:
            newest = newest.where(LinkCheck.url.in_(list(urls)))
    return {row.url: row for row in session.scalars(
        select(LinkCheck).where(LinkCheck.id.in_(newest.scalar_subquery())))}


def _scope(actor: Actor, body_id: int | None) -> Collection[int] | None:
    return body_scope(actor, body_id, "hasil pemeriksaan tautan")


def link_verdicts(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
                  question_code: str | None = None) -> list[LinkVerdict]:
    """Every evidence link of the cycle's current submissions (of one badan publik, of one
    question) with the newest result for its address: what the verifikator sees beside a
    link, the koordinator's list, and what ``python -m monev links check`` prints.

    Raises :class:`NotFound` (cycle) or :class:`PermissionDenied` (a koordinator asking
    for a badan publik outside their scope)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        links = evidence_links(session, cycle, _scope(actor, body_id))
        if question_code is not None:
            links = [link for link in links if link.question_code == question_code]
        latest = _latest_checks(session, cycle.id, _distinct(links))
        out = []
        for link in links:
            row = latest.get(link.url)
            if row is None:
                out.append(LinkVerdict(link.body_id, link.body_name, link.question_code,
                                       link.url, None, ""))
                continue
            out.append(LinkVerdict(
                link.body_id, link.body_name, link.question_code, link.url, row.verdict,
                row.detail, row.status_code, row.checked_at, row.final_url, row.content_type,
                row.size_bytes, row.pdf_pages))
        return out


# -- runs: reading ----------------------------------------------------------------------------

_active: set[int] = set()  # runs checking in this process
_databases: dict[int, Database] = {}  # … and the database each one stores into
_threads: dict[int, threading.Thread] = {}
_active_lock = threading.Lock()


def _last_activity(session: Session, run: LinkCheckRun) -> datetime:
    stored = session.scalar(select(func.max(LinkCheck.checked_at))
                            .where(LinkCheck.run_id == run.id))
    return max(run.started_at, stored) if stored is not None else run.started_at


def _stale(session: Session, run: LinkCheckRun) -> bool:
    """A running run that is not running any more (see :data:`STALE_AFTER`)."""
    if run.state != RUNNING:
        return False
    with _active_lock:
        if run.id in _active:
            return False
    return _last_activity(session, run) < utcnow() - STALE_AFTER


INTERRUPTED_DETAIL = ("Pemeriksaan berhenti sebelum selesai (aplikasi atau perintah "
                      "dihentikan). Lanjutkan untuk memeriksa sisa tautannya, atau mulai "
                      "pemeriksaan baru.")


def _info(session: Session, run: LinkCheckRun, names: dict[int, str] | None = None) -> RunInfo:
    state, detail = run.state, run.detail
    if _stale(session, run):
        state, detail = INTERRUPTED, INTERRUPTED_DETAIL
    names = names if names is not None else user_names(session)
    return RunInfo(id=run.id, cycle_id=run.cycle_id, state=state, done=run.done,
                   total=run.total, started_at=run.started_at, finished_at=run.finished_at,
                   started_by=name_in(names, run.started_by_id), detail=detail)


def _latest_run(session: Session, cycle_id: int) -> LinkCheckRun | None:
    return session.scalar(select(LinkCheckRun).where(LinkCheckRun.cycle_id == cycle_id)
                          .order_by(LinkCheckRun.id.desc()).limit(1))


def latest_run(db: Database, actor: Actor, cycle_id: int) -> RunInfo | None:
    """The cycle's newest run (None before the first); a run whose process stopped reads
    as ``interrupted``."""
    with db.read() as session:
        require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        run = _latest_run(session, cycle.id)
        return _info(session, run) if run is not None else None


def get_run(db: Database, actor: Actor, run_id: int) -> RunInfo:
    """One run (raises :class:`NotFound`)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        run = session.get(LinkCheckRun, run_id)
        if run is None:
            raise NotFound(f"Pemeriksaan tautan dengan id {run_id} tidak ditemukan.")
        load_cycle(session, run.cycle_id)
        return _info(session, run)


# -- runs: starting ---------------------------------------------------------------------------


def begin_run(db: Database, actor: Actor, cycle_id: int, *, resume: bool = False) -> RunInfo:
    """Record a new run of the cycle (state running, its total counted), or with `resume`
    reopen the cycle's interrupted run; nothing is checked yet (:func:`execute_run`).

    Raises :class:`UsageError` while another run of the cycle is running, or with `resume`
    when the newest run was not interrupted; :class:`PermissionDenied`, :class:`NotFound`.
    """
    with db.transaction() as session:
        actor = require(session, actor, Action.CHECK_LINKS, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        # One run at a time: concurrent starts queue on the cycle's row (PostgreSQL; SQLite
        # writers queue anyway).
        session.execute(select(Cycle.id).where(Cycle.id == cycle.id).with_for_update())
        latest = _latest_run(session, cycle.id)
        if latest is not None and latest.state == RUNNING:
            if not _stale(session, latest):
                names = user_names(session)
                raise UsageError(
                    f"Pemeriksaan tautan siklus ini sedang berjalan (dimulai "
                    f"{checked_text(latest.started_at)} oleh "
                    f"{name_in(names, latest.started_by_id)}, {integer(latest.done)} dari "
                    f"{integer(latest.total)} tautan). Tunggu "
                    f"sampai selesai; kemajuannya terlihat di halaman Koordinator.")
            latest.state, latest.detail = INTERRUPTED, INTERRUPTED_DETAIL
        if resume:
            if latest is None or latest.state != INTERRUPTED:
                raise UsageError("Tidak ada pemeriksaan tautan yang terputus pada siklus ini; "
                                 "mulai pemeriksaan baru.")
            run = latest
            run.state, run.finished_at = RUNNING, None
            run.detail = f"Dilanjutkan; dimulai pertama kali {checked_text(run.started_at)}."
            run.started_at = utcnow()  # the run's activity starts again now (see _stale)
        else:
            run = LinkCheckRun(cycle_id=cycle.id, started_by_id=actor.id, total=0, done=0,
                               state=RUNNING, detail="")
            session.add(run)
            session.flush()
        urls = _distinct(evidence_links(session, cycle, actor.scope))
        checked = _checked_in(session, run.id) if resume else set()
        run.total, run.done = len(urls), len(checked.intersection(urls))
        session.flush()
        return _info(session, run)


def _checked_in(session: Session, run_id: int) -> set[str]:
    return set(session.scalars(select(LinkCheck.url).where(LinkCheck.run_id == run_id)))


def start_run(db: Database, actor: Actor, cycle_id: int, *, resume: bool = False,
              settings: CheckSettings | None = None,
              transport: httpx.AsyncBaseTransport | None = None) -> RunInfo:
    """Begin a run (:func:`begin_run`) and check its links in a background thread of this
    process; returns at once. Read the progress with :func:`latest_run`."""
    info = begin_run(db, actor, cycle_id, resume=resume)
    thread = threading.Thread(target=_background, args=(db, actor, info.id, settings,
                                                        transport),
                              name=f"monev-tautan-{info.id}", daemon=True)
    with _active_lock:
        _active.add(info.id)
        _databases[info.id] = db
        _threads[info.id] = thread
    thread.start()
    return info


def wait_for(run_id: int, timeout: float | None = None) -> bool:
    """Wait for a run started in this process by :func:`start_run` to end; whether it did
    (True also for a run this process is not running)."""
    with _active_lock:
        thread = _threads.get(run_id)
    if thread is None:
        return True
    thread.join(timeout)
    return not thread.is_alive()


def _background(db: Database, actor: Actor, run_id: int, settings: CheckSettings | None,
                transport: httpx.AsyncBaseTransport | None) -> None:
    try:
        execute_run(db, actor, run_id, settings=settings, transport=transport)
    except Exception:  # stored as the run's failure by execute_run; logged here
        log.exception("link check run %s failed", run_id)
    finally:
        with _active_lock:
            _active.discard(run_id)
            _threads.pop(run_id, None)


def check_links(db: Database, actor: Actor, cycle_id: int, *, resume: bool = False,
                settings: CheckSettings | None = None, progress: Progress | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> RunInfo:
    """Begin a run and check its links here, calling `progress(done, total)` as results are
    stored; returns the finished run (the CLI). Ctrl+C marks the run interrupted."""
    info = begin_run(db, actor, cycle_id, resume=resume)
    return execute_run(db, actor, info.id, settings=settings, progress=progress,
                       transport=transport)


# -- runs: checking -----------------------------------------------------------------------------


class _Stopped(Exception):
    """The run was marked ended by someone else while checking (its results are kept)."""


def execute_run(db: Database, actor: Actor, run_id: int, *,
                settings: CheckSettings | None = None, progress: Progress | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> RunInfo:
    """Check the links of a running run that have no result in it yet, storing results and
    progress as they come; then mark it finished. The size limit is the cycle's
    methodology's ``evidence_max_bytes`` (whatever `settings` says).

    A failure marks the run ``failed`` (its detail says why) and is raised again;
    KeyboardInterrupt and SystemExit mark it ``interrupted``. Raises :class:`UsageError`
    for a run that is not running, :class:`NotFound`, :class:`PermissionDenied`."""
    with db.read() as session:
        actor = require(session, actor, Action.CHECK_LINKS)
        run = session.get(LinkCheckRun, run_id)
        if run is None:
            raise NotFound(f"Pemeriksaan tautan dengan id {run_id} tidak ditemukan.")
        if run.state != RUNNING:
            raise UsageError(f"Pemeriksaan tautan {run_id} tidak sedang berjalan "
                             f"({STATE_LABELS.get(run.state, run.state)}).")
        cycle = load_cycle(session, run.cycle_id)
        limit = methodology_of(cycle).evidence_max_bytes
        urls = _distinct(evidence_links(session, cycle, actor.scope))
        checked = _checked_in(session, run.id)
    settings = (settings or CheckSettings.from_environment()).with_limit(limit)
    todo = [url for url in urls if url not in checked]
    with _active_lock:
        _active.add(run_id)
        _databases[run_id] = db
    try:
        _store(db, run_id, cycle.id, [], len(urls) - len(todo), len(urls))
        if progress is not None:
            progress(len(urls) - len(todo), len(urls))
        asyncio.run(_check_all(db, run_id, cycle.id, todo, settings, progress,
                               len(urls) - len(todo), len(urls), transport))
        _end(db, run_id, FINISHED)
    except _Stopped:
        pass
    except (KeyboardInterrupt, SystemExit):
        _end(db, run_id, INTERRUPTED, INTERRUPTED_DETAIL)
        raise
    except Exception as exc:
        _end(db, run_id, FAILED, f"Pemeriksaan gagal karena galat tak terduga "
                                 f"({type(exc).__name__}); hasil yang sudah tersimpan tetap "
                                 f"berlaku. Mulai pemeriksaan baru, atau laporkan ke pengelola "
                                 f"aplikasi bila terulang.")
        raise
    finally:
        with _active_lock:
            _active.discard(run_id)
            _databases.pop(run_id, None)
    return get_run(db, actor, run_id)


async def _check_all(db: Database, run_id: int, cycle_id: int, todo: list[str],
                     settings: CheckSettings, progress: Progress | None, done: int,
                     total: int, transport: httpx.AsyncBaseTransport | None) -> None:
    """Check `todo` with `settings.concurrency` workers over one client; store the results
    every :data:`FLUSH_SECONDS` (in a thread, the checks going on meanwhile)."""
    if not todo:
        return
    addresses: Iterator[str] = iter(todo)
    results: list[LinkResult] = []

    async with new_client(settings, transport=transport) as client:
        async def worker() -> None:
            for url in addresses:  # one shared iterator: each address goes to one worker
                results.append(await check_link(client, url, settings))

        workers = {asyncio.create_task(worker())
                   for _ in range(min(settings.concurrency, len(todo)))}
        pending = set(workers)
        try:
            while pending:
                finished, pending = await asyncio.wait(pending, timeout=FLUSH_SECONDS)
                for task in finished:
                    task.result()  # a worker's failure ends the run
                if results:
                    batch = results[:]
                    del results[:len(batch)]
                    done += len(batch)
                    await asyncio.to_thread(_store, db, run_id, cycle_id, batch, done, total)
                    if progress is not None:
                        progress(done, total)
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


def _store(db: Database, run_id: int, cycle_id: int, batch: list[LinkResult], done: int,
           total: int) -> None:
    """Append results and the run's progress in one transaction; :class:`_Stopped` when the
    run is no longer running."""
    with db.transaction() as session:
        updated = session.execute(
            update(LinkCheckRun).where(LinkCheckRun.id == run_id,
                                       LinkCheckRun.state == RUNNING)
            .values(done=done, total=total).execution_options(synchronize_session=False))
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            raise _Stopped(run_id)
        if batch:
            session.execute(insert(LinkCheck), [
                {"cycle_id": cycle_id, "run_id": run_id, **result.columns()}
                for result in batch])


def _end(db: Database, run_id: int, state: str, detail: str | None = None) -> None:
    """Mark a running run ended, with `detail` (None: the run's own is kept); a run already
    ended is left as it is."""
    values: dict[str, Any] = {"state": state, "finished_at": utcnow()}
    if detail is not None:
        values["detail"] = detail
    with db.transaction() as session:
        session.execute(update(LinkCheckRun).where(LinkCheckRun.id == run_id,
                                                   LinkCheckRun.state == RUNNING)
                        .values(**values).execution_options(synchronize_session=False))


def _interrupt_at_exit() -> None:
    """Mark the runs of this process interrupted when it exits while they check (the
    background threads die with it)."""
    with _active_lock:
        running = [(run_id, _databases.get(run_id)) for run_id in _active]
    for run_id, db in running:
        if db is None:
            continue
        try:
            _end(db, run_id, INTERRUPTED, INTERRUPTED_DETAIL)
        except Exception:  # the database may be gone at exit; staleness tells later
            log.warning("could not mark link check run %s interrupted", run_id)


atexit.register(_interrupt_at_exit)
