"""Website monitoring runs of a cycle: in the background with progress, resumable, and what
they found per body and item, the difference between two runs and the koordinator's to-do
list.

A *run* (:class:`~storage.models.MonitoringRun`) visits the websites
(:class:`~storage.models.BodyWebsite`) of every badan publik taking part in the cycle (of
the koordinator's scope; or of one body), at most
:attr:`~monitoring.crawler.CrawlSettings.concurrency` sites at once over one HTTP client
(:func:`evidence.links.new_client`), and stores each body's visit
(:class:`~storage.models.MonitoringSite`) with a finding per item
(:class:`~storage.models.MonitoringFinding`) as soon as it ends, counting ``done`` of
``total`` bodies and the pages read: the app shows the progress by reading the run, from
any instance. The items of a body are the questions of its category that have signals in
the cycle's methodology (:func:`items_for`).

- :func:`start_run` (app): begins a run and visits in a background thread of this process;
  :func:`monitor` (CLI): runs — or resumes the interrupted one — in the calling thread,
  reporting progress to a callback.
- One run at a time per cycle; a run that stops before it is done is ``interrupted`` (the
  process stopped it, or it stored nothing for :data:`STALE_AFTER` and does not run in
  this process); resuming visits only the bodies it has no visit for yet.
- :func:`findings` — each body's newest visit in the cycle with its findings (what the
  verifikator sees beside an answer, the CLI's records); :func:`differences` — per body,
  what appeared, disappeared or broke between its two newest visits (or two given runs);
  :func:`todo` — per body, what to fix on the website, as a list to send.

Each item of a visit has one status (:mod:`monitoring.status`: found, broken link, not
found, forbidden by robots.txt, site not visited, no address), so counts add up to the items.

Rights (:mod:`monev.permissions`): starting a run is :attr:`Action.CHECK_LINKS` (koordinator
PPID, evaluator and admin: the same people who check evidence links; a refusal says
*memantau situs*); a koordinator does not continue a wider run begun by someone else
(:meth:`jobs.background.Runner.beyond_scope`: ``monitor`` begins their own instead);
reading is :attr:`Action.VIEW` (a koordinator reads their scope only, and sees a run begun
by someone else counted within their scope too). A published cycle is not monitored: a run
would change its published scores.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from evidence.links import new_client
from jobs.background import (
    FAILED,
    FINISHED,
    INTERRUPTED,
    RUNNING,
    Progress,
    Runner,
    RunProgress,
    checked_text,
    work_through,
)
from monev.audit import name_in, user_names
from monev.clock import WIB, today
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, PermissionDenied, StageLocked
from monev.outcomes.projection import refresh_monitored
from monev.permissions import ACTING, Action, Actor, body_scope, require
from monitoring.crawler import (
    CrawlSettings,
    Pacer,
    SiteResult,
    describe_document,
    document_kind,
    not_found_detail,
    visit_site,
)
from monitoring.status import (
    BLOCKED,
    BROKEN,
    FOUND,
    NO_ADDRESS_TODO,
    NO_WEBSITE,
    NOT_FOUND,
    PRIVATE_HINT,
    ROBOTS,
    SITE_OK,
    STATUS_LABELS,
    STATUSES,
    UNREACHABLE,
    broken_reason,
    item_status,
    lower_first,
    note_of,
    short_text,
)
from questionnaires.model import Methodology, Signals
from reports.formatting import integer, long_date
from scoring.explain import site_day
from storage.db import Database
from storage.models import (
    BadanPublik,
    BodyWebsite,
    Cycle,
    MonitoringFinding,
    MonitoringRun,
    MonitoringSite,
    Participation,
    StageState,
)

log = logging.getLogger(__name__)

# A running run that stored nothing for this long, and does not run in this process, was
# stopped with its process (one site takes at most CrawlSettings.site_timeout plus its
# documents).
STALE_AFTER = timedelta(minutes=15)
OUTCOME_LABELS = {SITE_OK: "dapat dibuka", NO_WEBSITE: "tanpa alamat situs",
                  UNREACHABLE: "tidak dapat dibuka", ROBOTS: "dilarang robots.txt"}
# What a refusal of Action.CHECK_LINKS says here (the action is shared with link checks).
MONITOR_LABEL = "memantau situs badan publik"


def items_for(methodology: Methodology, category: str) -> dict[str, Signals]:
    """Question code → signals, for the questions of `category` that have signals (what a
    visit looks for on a body's site), in methodology order."""
    return {q.code: q.signals for q in methodology.questions_for(category)
            if q.signals is not None}


# -- what is shown -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonitorRunInfo(RunProgress):
    """A run as shown: its state (:data:`~jobs.background.STATE_LABELS`; `state_label`,
    `running`, `share`), progress in bodies and pages, who started it, when; `body_id` when
    it visits one body only.

    For a koordinator reading it, `scope_done` of `scope_total` are the bodies of their
    scope the run has visited, of those it covers (None for readers without a scope):
    :attr:`other_scope` when the run covers other bodies than theirs (begun by an admin,
    the CLI, another koordinator), and `share` then counts within their scope."""

    id: int
    cycle_id: int
    body_id: int | None
    state: str
    done: int
    total: int
    pages: int
    started_at: datetime
    finished_at: datetime | None
    started_by: str
    detail: str
    scope_done: int | None = None
    scope_total: int | None = None
    not_yours: str = ""  # why the reader may not continue it (Runner.beyond_scope)

    @property
    def other_scope(self) -> bool:
        """Whether the run covers other bodies than the reader's scope."""
        return self.scope_total is not None and (self.scope_done, self.scope_total) != (
            self.done, self.total)

    @property
    def share(self) -> float:
        """Done over total, 0–1, within the reader's scope when :attr:`other_scope`."""
        if self.other_scope and self.scope_total is not None:
            done = self.scope_done or 0
            return min(1.0, done / self.scope_total) if self.scope_total else 1.0
        return float(RunProgress.share.fget(self))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a body's newest visit found for one item (a question with signals).

    `status` is one of :data:`monitoring.status.STATUSES` (found, broken, not_found,
    blocked, not_visited, no_address); :attr:`found` is True only for a found item whose
    link opens, None when the site could not be visited (`detail` says why). `item_text`
    is the question's text, short. `pages` is the number of pages that visit read;
    `document` what the finding leads to, short (``PDF 12 halaman, 6,7 kB``, ``halaman
    web``, ``tautan rusak``)."""

    run_id: int
    body_id: int
    body_name: str
    item: str
    item_text: str
    status: str
    url: str
    page_title: str
    link_text: str
    content_type: str
    size_bytes: int | None
    doc_pages: int | None
    doc_verdict: str
    detail: str
    checked_at: datetime
    pages: int
    site_outcome: str

    @property
    def found(self) -> bool | None:
        """True: found, and what it leads to opens; False: a broken link, not found, or
        not found where robots.txt allowed; None: the site was not read."""
        if self.site_outcome != SITE_OK:
            return None
        return self.status == FOUND

    @property
    def broken(self) -> bool:
        """Found, but what it leads to does not open (HTTP 404, a time-out, a broken
        PDF…)."""
        return self.status == BROKEN

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def reason(self) -> str:
        """Why a broken link does not open, short (``HTTP 404, berkas tidak ada``); the
        robots.txt note of an item not found where robots.txt allowed; else ""."""
        if self.status == BROKEN:
            return broken_reason(self.doc_verdict, self.detail)
        if self.status == BLOCKED:
            return note_of(self.detail)
        return ""

    @property
    def document(self) -> str:
        return describe_document(self.doc_verdict, self.content_type, self.doc_pages,
                                 self.size_bytes)

    @property
    def kind(self) -> str:
        return document_kind(self.doc_verdict, self.content_type)

    @property
    def summary(self) -> str:
        """The sentence beside a self-reported answer: ``ditemukan: Daftar Informasi
        Publik 2025, PDF 12 halaman, 6,7 kB, diperiksa 3 Mar 2026 10:12 WIB`` /
        ``tidak ditemukan di 40 halaman yang diperiksa, diperiksa …``."""
        when = f"diperiksa {checked_text(self.checked_at)}"
        if self.found is None:
            return f"tidak diperiksa: {lower_first(self.detail.removeprefix('Tidak diperiksa: '))}"
        what = self.link_text or self.page_title or self.url
        if self.status == BROKEN:
            return f"ditemukan: {what}, tetapi tautannya rusak: {self.reason}, {when}"
        if self.status == BLOCKED:
            return f"{lower_first(self.detail).rstrip('.')}, {when}"
        if not self.found:
            return f"tidak ditemukan di {integer(self.pages)} halaman yang diperiksa, {when}"
        parts = [f"ditemukan: {what}"]
        if self.document:
            parts.append(self.document)
        parts.append(when)
        return ", ".join(parts)

    def record(self) -> dict[str, Any]:
        """The record the CLI prints: ``badan_publik``, ``item``, ``item_text`` (the
        question, short), ``status`` (:data:`~monitoring.status.STATUSES`), ``found``
        (true only when found and its link opens; None when the site could not be
        visited), ``url``, ``checked_at`` (ISO 8601 in WIB), then ``judul_halaman``,
        ``teks_tautan``, ``dokumen``, ``keterangan``."""
        return {"badan_publik": self.body_name, "item": self.item,
                "item_text": self.item_text or None, "status": self.status,
                "found": self.found, "url": self.url or None,
                "checked_at": self.checked_at.astimezone(WIB).isoformat(timespec="seconds"),
                "judul_halaman": self.page_title or None,
                "teks_tautan": self.link_text or None,
                "dokumen": self.document or None, "keterangan": self.detail}


def checked_day(at: datetime) -> str:
    """The day a site was visited, in WIB, as tables and the report card show it: ``3 Mar
    2026``."""
    return site_day(at)


def count_statuses(found: Collection[Finding]) -> dict[str, int]:
    """Status → how many of `found` have it (every status, 0 when none): disjoint, so
    they add up to the items."""
    counts = dict.fromkeys(STATUSES, 0)
    for finding in found:
        counts[finding.status] += 1
    return counts


# -- bodies and their sites ----------------------------------------------------------------


def _scope(actor: Actor, body_id: int | None) -> Collection[int] | None:
    return body_scope(actor, body_id, "hasil pemantauan situs")


def _bodies(session: Session, cycle: Cycle, scope: Collection[int] | None
            ) -> list[BadanPublik]:
    """The badan publik taking part in the cycle (of `scope`), by name."""
    query = (select(BadanPublik).join(Participation,
                                      Participation.badan_publik_id == BadanPublik.id)
             .where(Participation.cycle_id == cycle.id).order_by(BadanPublik.name,
                                                                 BadanPublik.id))
    if scope is not None:
        query = query.where(BadanPublik.id.in_(list(scope)))
    return list(session.scalars(query))


def _websites(session: Session, body_ids: Collection[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for body_id, url in session.execute(
            select(BodyWebsite.badan_publik_id, BodyWebsite.url)
            .where(BodyWebsite.badan_publik_id.in_(list(body_ids)))
            .order_by(BodyWebsite.id)):
        out.setdefault(body_id, []).append(url)
    return out


# -- runs: reading -----------------------------------------------------------------------------

INTERRUPTED_DETAIL = ("Pemantauan berhenti sebelum selesai (aplikasi atau perintah "
                      "dihentikan). Lanjutkan untuk memeriksa situs yang belum dikunjungi, "
                      "atau mulai pemantauan baru.")


PUBLISHED_DURING = ("Hasil siklus ditetapkan ketika pemantauan ini berjalan: temuannya "
                    "tersimpan sebagai saran bukti, tetapi tidak mengubah nilai yang sudah "
                    "ditetapkan.")


def _refresh_finished(session: Session, run_id: int, state: str) -> None:
    """A run that finishes makes its findings the newest finished ones of the bodies it
    visited: when the cycle's methodology scores a monitoring stage, their stored results
    are scored again in the same transaction
    (:func:`monev.outcomes.projection.refresh_monitored`). A run whose cycle was published
    while it ran ends ``failed`` instead (:data:`PUBLISHED_DURING`): published scores do
    not change."""
    if state != FINISHED:
        return
    run = session.get(MonitoringRun, run_id)
    if run is None:
        return
    cycle = session.get(Cycle, run.cycle_id)
    if cycle is None:
        return
    session.refresh(cycle, with_for_update={"read": True})  # a publication waits, or is seen
    if cycle.status == "published":
        run.state, run.detail = FAILED, PUBLISHED_DURING
        session.flush()
        return
    refresh_monitored(session, cycle, run_id)


RUNS = Runner(
    model=MonitoringRun, results=MonitoringSite, stale_after=STALE_AFTER,
    noun="Pemantauan situs", counted="badan publik", restart="mulai pemantauan baru",
    interrupted_detail=INTERRUPTED_DETAIL,
    failed_detail=("Pemantauan gagal karena galat tak terduga ({error}); hasil yang sudah "
                   "tersimpan tetap berlaku. Lanjutkan atau mulai pemantauan baru, atau "
                   "laporkan ke pengelola aplikasi bila terulang."),
    thread_name="monev-situs", log_name="website monitoring run", log=log,
    on_end=_refresh_finished)


def _info(session: Session, run: MonitoringRun, names: dict[int, str] | None = None
          ) -> MonitorRunInfo:
    """`run` as shown to the actor :func:`require` checked in `session` (counted within a
    koordinator's scope too)."""
    state, detail = RUNS.shown(session, run)
    names = names if names is not None else user_names(session)
    scope_done, scope_total = _in_scope(session, run, session.info.get(ACTING))
    return MonitorRunInfo(id=run.id, cycle_id=run.cycle_id, body_id=run.badan_publik_id,
                          state=state, done=run.done, total=run.total, pages=run.pages,
                          started_at=run.started_at, finished_at=run.finished_at,
                          started_by=name_in(names, run.started_by_id), detail=detail,
                          scope_done=scope_done, scope_total=scope_total,
                          not_yours=RUNS.refusal_for_reader(session, run, state))


def _in_scope(session: Session, run: MonitoringRun, actor: Actor | None
              ) -> tuple[int | None, int | None]:
    """(visited, covered): the bodies of `actor`'s scope that `run` has visited and that it
    covers; (None, None) for an actor without a scope."""
    if actor is None or actor.scope is None:
        return None, None
    mine = set(actor.scope)
    if run.badan_publik_id is not None:
        mine &= {run.badan_publik_id}
    covered = session.scalar(select(func.count()).select_from(Participation).where(
        Participation.cycle_id == run.cycle_id,
        Participation.badan_publik_id.in_(sorted(mine)))) or 0
    visited = session.scalar(select(func.count()).select_from(MonitoringSite).where(
        MonitoringSite.run_id == run.id,
        MonitoringSite.badan_publik_id.in_(sorted(mine)))) or 0
    return visited, covered


def _require_monitor(session: Session, actor: Actor, **where: Any) -> Actor:
    """:func:`require` of :attr:`Action.CHECK_LINKS` for monitoring: its refusal names
    monitoring (:data:`MONITOR_LABEL`), not the evidence links the action also covers."""
    try:
        return require(session, actor, Action.CHECK_LINKS, **where)
    except PermissionDenied as error:
        text = error.message.replace(Action.CHECK_LINKS.label, MONITOR_LABEL)
        raise type(error)(text) from None


def refuse_published(cycle: Cycle) -> None:
    """Refuse to monitor a published cycle (a run would change its published scores):
    :class:`StageLocked`."""
    if cycle.status == "published":
        raise StageLocked(
            f"Hasil siklus '{cycle.title}' sudah ditetapkan: pemantauan situs tidak dapat "
            f"dimulai atau dilanjutkan, karena akan mengubah nilai yang sudah ditetapkan. "
            f"Temuan yang tersimpan tetap dapat dilihat. Bila situs perlu dipantau lagi, "
            f"pejabat atau admin harus membuka kembali hasil siklus ini dengan alasan; atau "
            f"pilih siklus yang sedang berjalan.")


def latest_run(db: Database, actor: Actor, cycle_id: int) -> MonitorRunInfo | None:
    """The cycle's newest run (None before the first); a run whose process stopped reads
    as ``interrupted``."""
    return RUNS.read_latest(db, actor, cycle_id, _info)


def list_runs(db: Database, actor: Actor, cycle_id: int) -> list[MonitorRunInfo]:
    """Every run of the cycle, newest first."""
    with db.read() as session:
        require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        names = user_names(session)
        return [_info(session, run, names) for run in session.scalars(
            select(MonitoringRun).where(MonitoringRun.cycle_id == cycle.id)
            .order_by(MonitoringRun.id.desc()))]


def get_run(db: Database, actor: Actor, run_id: int) -> MonitorRunInfo:
    """One run (raises :class:`NotFound`)."""
    return RUNS.read(db, actor, run_id, _info)


# -- runs: starting ------------------------------------------------------------------------


def begin_run(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
              resume: bool | None = False) -> MonitorRunInfo:
    """Record a new run of the cycle (of one body with `body_id`), or reopen the cycle's
    interrupted run with `resume` (None: resume it when the newest run is interrupted and
    visits the same bodies, else begin a new one); nothing is visited yet
    (:func:`execute_run`).

    Raises :class:`UsageError` while another run of the cycle is running, or with
    ``resume=True`` when the newest run was not interrupted; :class:`StageLocked` for a
    published cycle; :class:`PermissionDenied`, :class:`NotFound`."""
    with db.transaction() as session:
        actor = _require_monitor(session, actor, cycle=cycle_id,
                                 bodies=[body_id] if body_id is not None else ())
        cycle = load_cycle(session, cycle_id)
        refuse_published(cycle)
        latest = RUNS.claim(session, cycle.id)  # the cycle's row locked: read it again
        session.refresh(cycle)
        refuse_published(cycle)
        if resume is None:  # not someone else's wider run: that one waits for them
            resume = (latest is not None and latest.state == INTERRUPTED
                      and latest.badan_publik_id == body_id
                      and not RUNS.beyond_scope(session, latest, actor))
        if resume:
            run = RUNS.reopen(latest, session, actor)
        else:
            if body_id is not None:
                load_body_of(session, cycle, body_id)
            run = MonitoringRun(cycle_id=cycle.id, badan_publik_id=body_id,
                                started_by_id=actor.id, total=0, done=0, pages=0,
                                state=RUNNING, detail="")
            session.add(run)
            session.flush()
        bodies = _bodies(session, cycle, _scope(actor, run.badan_publik_id))
        visited = _visited_in(session, run.id)
        run.total = len(bodies)
        run.done = len(visited.intersection(b.id for b in bodies))
        session.flush()
        return _info(session, run)


def load_body_of(session: Session, cycle: Cycle, body_id: int) -> BadanPublik:
    """Badan publik `body_id` taking part in the cycle; raises :class:`NotFound`."""
    body = session.get(BadanPublik, body_id)
    taking_part = body is not None and session.scalar(select(Participation.id).where(
        Participation.cycle_id == cycle.id, Participation.badan_publik_id == body_id))
    if body is None or not taking_part:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ikut siklus ini; lihat "
                       f"'python -m monev bodies list --cycle {cycle.id}'.")
    return body


def _visited_in(session: Session, run_id: int) -> set[int]:
    return set(session.scalars(select(MonitoringSite.badan_publik_id)
                               .where(MonitoringSite.run_id == run_id)))


def start_run(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
              resume: bool | None = False, settings: CrawlSettings | None = None,
              transport: httpx.AsyncBaseTransport | None = None) -> MonitorRunInfo:
    """Begin a run (:func:`begin_run`) and visit its sites in a background thread of this
    process; returns at once. Read the progress with :func:`latest_run`."""
    info = begin_run(db, actor, cycle_id, body_id=body_id, resume=resume)
    RUNS.start(db, info.id, partial(execute_run, db, actor, info.id, settings=settings,
                                    transport=transport))
    return info


def wait_for(run_id: int, timeout: float | None = None) -> bool:
    """Wait for a run started in this process by :func:`start_run` to end; whether it
    did (True also for a run this process is not running)."""
    return RUNS.wait_for(run_id, timeout)


def monitor(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
            settings: CrawlSettings | None = None, progress: Progress | None = None,
            transport: httpx.AsyncBaseTransport | None = None) -> MonitorRunInfo:
    """Run — or resume, when the newest run of the same bodies was interrupted — a
    monitoring run here, calling `progress(done, total)` as bodies are stored; returns the
    finished run (the CLI). Ctrl+C marks the run interrupted."""
    info = begin_run(db, actor, cycle_id, body_id=body_id, resume=None)
    return execute_run(db, actor, info.id, settings=settings, progress=progress,
                       transport=transport)


# -- runs: visiting --------------------------------------------------------------------------


@dataclass(slots=True)
class _Visit:
    body_id: int
    urls: list[str]
    items: dict[str, Signals]


@dataclass(slots=True)
class _Stored:
    done: int
    pages: int
    batch: list[tuple[int, SiteResult]] = field(default_factory=list)


def execute_run(db: Database, actor: Actor, run_id: int, *,
                settings: CrawlSettings | None = None, progress: Progress | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> MonitorRunInfo:
    """Visit the sites of a running run that it has no visit for yet, storing each body's
    visit and findings and the progress as they come; then mark it finished.

    A failure marks the run ``failed`` (its detail says why) and is raised again;
    KeyboardInterrupt and SystemExit mark it ``interrupted``. Raises :class:`UsageError`
    for a run that is not running, :class:`NotFound`, :class:`PermissionDenied`."""
    with db.read() as session:
        actor = _require_monitor(session, actor)
        run = RUNS.load_running(session, run_id)
        cycle = load_cycle(session, run.cycle_id)
        methodology = methodology_of(cycle)
        bodies = _bodies(session, cycle, _scope(actor, run.badan_publik_id))
        visited = _visited_in(session, run.id)
        sites = _websites(session, [b.id for b in bodies])
        todo = [_Visit(b.id, sites.get(b.id, []), items_for(methodology, b.category))
                for b in bodies if b.id not in visited]
        pages = run.pages
    settings = settings or CrawlSettings.from_environment()
    total = len(bodies)
    stored = _Stored(total - len(todo), pages)

    def store(batch: list[tuple[int, SiteResult]], done: int) -> None:
        stored.batch, stored.done = batch, done
        stored.pages += sum(result.pages for _, result in batch)
        _store(db, run_id, stored, total)

    def work() -> None:
        _store(db, run_id, stored, total)
        if progress is not None:
            progress(stored.done, total)
        asyncio.run(_visit_all(todo, settings, store, stored.done, total, progress,
                               transport))

    RUNS.execute(db, run_id, work)
    return get_run(db, actor, run_id)


async def _visit_all(todo: list[_Visit], settings: CrawlSettings,
                     store: Callable[[list[tuple[int, SiteResult]], int], None], done: int,
                     total: int, progress: Progress | None,
                     transport: httpx.AsyncBaseTransport | None) -> None:
    """Visit `todo` with `settings.concurrency` workers over one client and one pacer,
    storing the visits as :func:`jobs.background.work_through` does."""
    if not todo:
        return
    pacer = Pacer()
    async with new_client(settings.check, transport=transport) as client:
        async def visit(item: _Visit) -> tuple[int, SiteResult]:
            return item.body_id, await visit_site(client, item.urls, item.items, settings,
                                                  pacer)

        await work_through(todo, settings.concurrency, visit, store, done, total, progress)


def _store(db: Database, run_id: int, stored: _Stored, total: int) -> None:
    """Append the visits of `stored.batch` and the run's progress in one transaction;
    :class:`~jobs.background.Stopped` when the run is no longer running."""
    with db.transaction() as session:
        RUNS.advance(session, run_id, done=stored.done, total=total, pages=stored.pages)
        if not stored.batch:
            return
        session.execute(insert(MonitoringSite), [
            {"run_id": run_id, "badan_publik_id": body_id, "checked_at": result.checked_at,
             "start_url": result.start_url, "pages": result.pages,
             "outcome": result.outcome, "detail": result.detail}
            for body_id, result in stored.batch])
        rows = [{"run_id": run_id, "badan_publik_id": body_id, **finding.columns()}
                for body_id, result in stored.batch for finding in result.findings]
        if rows:
            session.execute(insert(MonitoringFinding), rows)
        stored.batch = []


# -- findings ------------------------------------------------------------------------------


def _newest_visits(session: Session, cycle_id: int, body_ids: Collection[int],
                   run_id: int | None = None, count: int = 1
                   ) -> dict[int, list[MonitoringSite]]:
    """Body → its `count` newest visits in the cycle's runs (or in run `run_id`), newest
    first."""
    query = (select(MonitoringSite).join(MonitoringRun,
                                         MonitoringRun.id == MonitoringSite.run_id)
             .where(MonitoringRun.cycle_id == cycle_id,
                    MonitoringSite.badan_publik_id.in_(list(body_ids)))
             .order_by(MonitoringSite.badan_publik_id, MonitoringSite.id.desc()))
    if run_id is not None:
        query = query.where(MonitoringSite.run_id == run_id)
    out: dict[int, list[MonitoringSite]] = {}
    for visit in session.scalars(query):
        found = out.setdefault(visit.badan_publik_id, [])
        if len(found) < count:
            found.append(visit)
    return out


def _findings_of(session: Session, visits: list[MonitoringSite]
                 ) -> dict[tuple[int, int], list[MonitoringFinding]]:
    """(run, body) → its findings, for the given visits."""
    out: dict[tuple[int, int], list[MonitoringFinding]] = {}
    runs = {v.run_id for v in visits}
    bodies = {v.badan_publik_id for v in visits}
    if not visits:
        return out
    for row in session.scalars(select(MonitoringFinding).where(
            MonitoringFinding.run_id.in_(list(runs)),
            MonitoringFinding.badan_publik_id.in_(list(bodies)))
            .order_by(MonitoringFinding.id)):
        out.setdefault((row.run_id, row.badan_publik_id), []).append(row)
    return out


def _texts(methodology: Methodology) -> dict[str, str]:
    """Question code → its text, short (:func:`monitoring.status.short_text`)."""
    return {q.code: short_text(q.text) for q in methodology.questions}


def _finding(row: MonitoringFinding, visit: MonitoringSite, name: str,
             texts: Mapping[str, str]) -> Finding:
    return Finding(run_id=row.run_id, body_id=row.badan_publik_id, body_name=name,
                   item=row.item, item_text=texts.get(row.item, ""),
                   status=item_status(visit.outcome, row.found, row.doc_verdict),
                   url=row.url, page_title=row.page_title,
                   link_text=row.link_text, content_type=row.content_type,
                   size_bytes=row.size_bytes, doc_pages=row.doc_pages,
                   doc_verdict=row.doc_verdict, detail=row.detail,
                   checked_at=row.checked_at, pages=visit.pages,
                   site_outcome=visit.outcome)


def findings(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
             item: str | None = None, run_id: int | None = None) -> list[Finding]:
    """What each body's newest visit in the cycle (or in run `run_id`) found per item (of
    one body, of one item), ordered by body name then the methodology's question order:
    the verifikator's suggested evidence and the CLI's records.

    Raises :class:`NotFound` (cycle) or :class:`PermissionDenied`."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        order = {q.code: n for n, q in enumerate(methodology.questions)}
        texts = _texts(methodology)
        bodies = _bodies(session, cycle, _scope(actor, body_id))
        names = {b.id: b.name for b in bodies}
        visits = {body: found[0] for body, found in _newest_visits(
            session, cycle.id, list(names), run_id).items()}
        rows = _findings_of(session, list(visits.values()))
        out = []
        for body in bodies:
            visit = visits.get(body.id)
            if visit is None:
                continue
            for row in sorted(rows.get((visit.run_id, body.id), []),
                              key=lambda r: order.get(r.item, len(order))):
                if item is None or row.item == item:
                    out.append(_finding(row, visit, body.name, texts))
        return out


@dataclass(frozen=True, slots=True)
class SiteVisit:
    """A body's newest visit: when, from where, pages read, outcome and its sentence."""

    body_id: int
    body_name: str
    run_id: int
    checked_at: datetime
    start_url: str
    pages: int
    outcome: str
    detail: str

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)


def visits(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None
           ) -> list[SiteVisit]:
    """Each body's newest visit in the cycle (bodies never visited are left out)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        bodies = _bodies(session, cycle, _scope(actor, body_id))
        newest = _newest_visits(session, cycle.id, [b.id for b in bodies])
        return [SiteVisit(b.id, b.name, v.run_id, v.checked_at, v.start_url, v.pages,
                          v.outcome, v.detail)
                for b in bodies if (found := newest.get(b.id)) for v in found[:1]]


# -- differences between runs -----------------------------------------------------------------

APPEARED, DISAPPEARED, BROKE = "appeared", "disappeared", "broken"
CHANGE_LABELS = {APPEARED: "muncul", DISAPPEARED: "hilang", BROKE: "tautan rusak"}


@dataclass(frozen=True, slots=True)
class BodyDifference:
    """What changed on one body's site between two visits, each item in one kind only:
    `appeared` (found with a link that opens now, not before — newly published, or
    repaired), `broken` (found, but its link does not open now, while it did or was not
    there before) and `disappeared` (found before, broken or not, not found now); each
    the finding now (before, for what disappeared)."""

    body_id: int
    body_name: str
    before: datetime | None
    after: datetime
    appeared: tuple[Finding, ...]
    disappeared: tuple[Finding, ...]
    broken: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return bool(self.appeared or self.disappeared or self.broken)

    @property
    def changes(self) -> tuple[tuple[str, Finding], ...]:
        """(kind, finding) for every change, appeared then broken then disappeared; a
        kind's label is :data:`CHANGE_LABELS`."""
        return (tuple((APPEARED, f) for f in self.appeared)
                + tuple((BROKE, f) for f in self.broken)
                + tuple((DISAPPEARED, f) for f in self.disappeared))


def differences(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None,
                old_run: int | None = None, new_run: int | None = None
                ) -> list[BodyDifference]:
    """Per body visited, what changed between its two newest visits in the cycle (or its
    visits in runs `old_run` and `new_run`); a body visited once compares with nothing
    (everything found appeared). Sites that could not be visited compare as nothing
    found only when they were visited (an unreachable site's items are not "gone")."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        order = {q.code: n for n, q in enumerate(methodology.questions)}
        texts = _texts(methodology)
        bodies = _bodies(session, cycle, _scope(actor, body_id))
        names = {b.id: b.name for b in bodies}
        if new_run is not None or old_run is not None:
            after = {b: v[0] for b, v in _newest_visits(session, cycle.id, list(names),
                                                        new_run).items()}
            before = ({b: v[0] for b, v in _newest_visits(
                session, cycle.id, list(names), old_run).items()} if old_run is not None
                else {})
            pairs = {b: (after[b], before.get(b)) for b in after}
        else:
            pairs = {b: (v[0], v[1] if len(v) > 1 else None)
                     for b, v in _newest_visits(session, cycle.id, list(names),
                                                count=2).items()}
        visits_ = [v for pair in pairs.values() for v in pair if v is not None]
        rows = _findings_of(session, visits_)
        out = []
        for body in bodies:
            if body.id not in pairs:
                continue
            now, earlier = pairs[body.id]
            current = {r.item: _finding(r, now, body.name, texts)
                       for r in rows.get((now.run_id, body.id), [])}
            previous = ({r.item: _finding(r, earlier, body.name, texts)
                         for r in rows.get((earlier.run_id, body.id), [])}
                        if earlier is not None else {})
            appeared, disappeared, broken = [], [], []
            for code in sorted(set(current) | set(previous),
                               key=lambda c: order.get(c, len(order))):
                new, old = current.get(code), previous.get(code)
                if new is None or new.found is None:
                    continue  # not looked for now, or the site could not be visited
                was = old.status if old is not None and old.found is not None else None
                if new.status == FOUND and was != FOUND:
                    appeared.append(new)
                elif new.status == BROKEN and was != BROKEN:
                    broken.append(new)
                elif new.status in (NOT_FOUND, BLOCKED) and was in (FOUND, BROKEN) \
                        and old is not None:
                    disappeared.append(old)
            out.append(BodyDifference(body.id, body.name,
                                      earlier.checked_at if earlier else None,
                                      now.checked_at, tuple(appeared), tuple(disappeared),
                                      tuple(broken)))
        return out


# -- the koordinator's to-do list ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TodoItem:
    """One thing a body should fix on its site: `item` (a question code, "" for the site
    itself) and what to do, in Indonesian; `item_text` the question, short."""

    item: str
    text: str
    item_text: str = ""


@dataclass(frozen=True, slots=True)
class BodyTodo:
    """A body's to-do list from its newest visit (`run_id`, `checked_at`; None when never
    visited), or — `no_address` — that its website address is not recorded. `deadline`
    and `stage` are the date and name of the cycle's current stage's deadline, when it has
    one not yet passed."""

    body_id: int
    body_name: str
    checked_at: datetime | None
    items: tuple[TodoItem, ...]
    run_id: int | None = None
    no_address: bool = False
    deadline: date | None = None
    stage: str = ""

    @property
    def by(self) -> str:
        """``sebelum 15 Desember 2026 (batas waktu tahapan SAQ)``, or without a deadline
        ``sebelum batas waktu monev``."""
        if self.deadline is None:
            return "sebelum batas waktu monev"
        return f"sebelum {long_date(self.deadline)} (batas waktu tahapan {self.stage})"

    def message(self) -> str:
        """The list as a message to send to the body's PPID."""
        if self.no_address:
            return (f"Alamat situs resmi/PPID {self.body_name} belum tercatat di KI, sehingga "
                    f"situsnya belum dapat dipantau. Mohon kirimkan alamat situs resmi/PPID "
                    f"kepada KI {self.by}.")
        when = (f" (pemeriksaan {checked_text(self.checked_at)})" if self.checked_at
                else "")
        lines = [f"Hasil pemantauan situs {self.body_name}{when}. Mohon dilengkapi "
                 f"{self.by}:"]
        lines += [f"- {entry.text}" for entry in self.items]
        return "\n".join(lines)


def _current_deadline(session: Session, cycle: Cycle, methodology: Methodology
                      ) -> tuple[date | None, str]:
    """(deadline, stage name) of the cycle's current stage — its monitoring stage while
    open, else its first stage not locked — when that stage has a deadline not yet passed;
    else (None, "")."""
    states = {s.stage_code: s for s in session.scalars(
        select(StageState).where(StageState.cycle_id == cycle.id))}
    monitoring = list(methodology.monitoring_stages)
    ordered = monitoring + [s for s in methodology.stages if s not in monitoring]
    current = next((s for s in ordered
                    if not (s.code in states and states[s.code].locked)), None)
    state = states.get(current.code) if current is not None else None
    if current is None or state is None or state.deadline is None \
            or state.deadline < today():
        return None, ""
    return state.deadline, current.name


def todo(db: Database, actor: Actor, cycle_id: int, *, body_id: int | None = None
         ) -> list[BodyTodo]:
    """Per body with something to fix, what: its site has no address recorded or cannot
    be opened, robots.txt forbids part of it (allow the monitor or publish elsewhere), an
    item was not found ("umumkan … di situs"), or what an item leads to does not open
    ("perbaiki tautannya"). Bodies never visited are listed when they have no address
    (nothing else is known of them)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        questions = methodology.question_by_code
        order = {code: n for n, code in enumerate(questions)}
        texts = _texts(methodology)
        deadline, stage = _current_deadline(session, cycle, methodology)
        bodies = _bodies(session, cycle, _scope(actor, body_id))
        newest = {b: v[0] for b, v in _newest_visits(session, cycle.id,
                                                     [b.id for b in bodies]).items()}
        sites = _websites(session, [b.id for b in bodies])
        rows = _findings_of(session, list(newest.values()))
        out = []
        for body in bodies:
            visit = newest.get(body.id)
            entries: list[TodoItem] = []
            if not sites.get(body.id):
                out.append(BodyTodo(body.id, body.name, None, (TodoItem("", NO_ADDRESS_TODO),),
                                    run_id=visit.run_id if visit else None, no_address=True,
                                    deadline=deadline, stage=stage))
                continue
            if visit is not None and visit.outcome == ROBOTS:
                entries.append(TodoItem("", f"Situs {visit.start_url} tidak dapat diperiksa: "
                                            f"{lower_first(visit.detail).rstrip('.')}. Izinkan "
                                            f"pemantau Monev KIP (agen 'monev-kip') membaca "
                                            f"situs di robots.txt."))
            elif visit is not None and visit.outcome != SITE_OK:
                why = lower_first(visit.detail.replace(f" {PRIVATE_HINT}", ""))
                entries.append(TodoItem("", f"Situs {visit.start_url} tidak dapat "
                                            f"diperiksa: {why}"))
            elif visit is not None:
                found = [_finding(row, visit, body.name, texts) for row in sorted(
                    rows.get((visit.run_id, body.id), []),
                    key=lambda r: order.get(r.item, len(order)))]
                blocked = [f for f in found if f.status == BLOCKED]
                if blocked:
                    entries.append(TodoItem("", _robots_todo(blocked)))
                for finding in found:
                    label = _item_label(questions.get(finding.item), finding.item)
                    what = f"{finding.item} {label}".rstrip()
                    if finding.status == NOT_FOUND:
                        text = f"{what}: tidak ditemukan di situs; umumkan di menu PPID."
                    elif finding.status == BLOCKED:
                        text = (f"{what}: tidak ditemukan di halaman yang boleh dibaca "
                                f"(lihat catatan robots.txt di atas).")
                    elif finding.status == BROKEN:
                        text = (f"{what}: tautan {finding.url} tidak dapat dibuka "
                                f"({finding.reason}); perbaiki tautannya.")
                    else:
                        continue
                    entries.append(TodoItem(finding.item, text, finding.item_text))
            if entries:
                out.append(BodyTodo(body.id, body.name,
                                    visit.checked_at if visit else None, tuple(entries),
                                    run_id=visit.run_id if visit else None,
                                    deadline=deadline, stage=stage))
        return out


def _robots_todo(blocked: list[Finding]) -> str:
    """The site-wide line of a to-do list when robots.txt forbade part of the site."""
    note = next((f.reason for f in blocked if f.reason), "robots.txt situs melarang "
                                                         "sebagian situs")
    return (f"{note}; {integer(len(blocked))} butir di bawah tidak ditemukan di halaman "
            f"yang boleh dibaca. Bila informasinya ada di bagian itu, izinkan pemantau Monev "
            f"KIP (agen 'monev-kip') membacanya di robots.txt, atau umumkan juga di halaman "
            f"yang boleh dibaca.")


def _item_label(question: Any, code: str) -> str:
    """What an item is about, short: its first signal's text (``Daftar Informasi
    Publik``), else the question's text cut short."""
    if question is None:
        return ""
    signals = question.signals
    if signals is not None and (signals.link_texts or signals.title_words):
        return f"({(signals.link_texts or signals.title_words)[0]})"
    text = question.text
    return f"({text[:60]}…)" if len(text) > 60 else f"({text})"


def item_labels(methodology: Methodology) -> Mapping[str, str]:
    """Item code → its short label (without brackets), for tables."""
    return {q.code: _item_label(q, q.code).strip("()") for q in methodology.questions
            if q.signals is not None}


def not_found_sentence(pages: int) -> str:
    """The sentence of an item not found (re-exported for the UI)."""
    return not_found_detail(pages)
