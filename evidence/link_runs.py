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
- :func:`check_answer_links` checks the links of one answer now, outside any run (the
  verifikator's *Periksa tautan ini sekarang*): its results are stored with no run and
  count as the newest for their addresses like any other.
- :func:`link_verdicts` lists every link of the cycle (or of one badan publik or question)
  with the newest result for its address in the cycle, whichever run stored it.

Rights (:mod:`monev.permissions`): checking is :attr:`Action.CHECK_LINKS` (koordinator PPID,
evaluator and admin); a koordinator checks the links of the badan publik in their scope.
Reading verdicts and runs is :attr:`Action.VIEW` (a koordinator reads their scope only).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from evidence.links import (
    CheckSettings,
    LinkResult,
    check_link,
    new_client,
    severity,
    verdict_label,
)
from jobs.background import RUNNING, Progress, Runner, RunProgress, work_through
from monev.audit import name_in, user_names
from monev.clock import WIB
from monev.cycles import load_cycle, methodology_of
from monev.errors import UsageError
from monev.history import current_submissions
from monev.permissions import Action, Actor, body_scope, require
from questionnaires.text import links_in
from storage.db import Database
from storage.models import Answer, BadanPublik, Cycle, LinkCheck, LinkCheckRun

log = logging.getLogger(__name__)

# A running run that stored nothing for this long, and does not run in this process, was
# stopped with its process. (One link takes at most CheckSettings.total_timeout plus the
# time to open a PDF; results are stored every jobs.background.FLUSH_SECONDS.)
STALE_AFTER = timedelta(minutes=5)


# -- what is shown ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunInfo(RunProgress):
    """A run as shown: its state (:data:`~jobs.background.STATE_LABELS`; `state_label`,
    `running`, `share`), progress, who started it, when; `not_yours` why the reader may not
    continue it, interrupted (:meth:`jobs.background.Runner.beyond_scope`; ``""``: they
    may, or it is not interrupted)."""

    id: int
    cycle_id: int
    state: str
    done: int
    total: int
    started_at: datetime
    finished_at: datetime | None
    started_by: str
    detail: str
    not_yours: str = ""


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

INTERRUPTED_DETAIL = ("Pemeriksaan berhenti sebelum selesai (aplikasi atau perintah "
                      "dihentikan). Lanjutkan untuk memeriksa sisa tautannya, atau mulai "
                      "pemeriksaan baru.")

RUNS = Runner(
    model=LinkCheckRun, results=LinkCheck, stale_after=STALE_AFTER,
    noun="Pemeriksaan tautan", counted="tautan", restart="mulai pemeriksaan baru",
    interrupted_detail=INTERRUPTED_DETAIL,
    failed_detail=("Pemeriksaan gagal karena galat tak terduga ({error}); hasil yang sudah "
                   "tersimpan tetap berlaku. Mulai pemeriksaan baru, atau laporkan ke "
                   "pengelola aplikasi bila terulang."),
    thread_name="monev-tautan", log_name="link check run", log=log)


def _info(session: Session, run: LinkCheckRun, names: dict[int, str] | None = None) -> RunInfo:
    state, detail = RUNS.shown(session, run)
    names = names if names is not None else user_names(session)
    return RunInfo(id=run.id, cycle_id=run.cycle_id, state=state, done=run.done,
                   total=run.total, started_at=run.started_at, finished_at=run.finished_at,
                   started_by=name_in(names, run.started_by_id), detail=detail,
                   not_yours=RUNS.refusal_for_reader(session, run, state))


def latest_run(db: Database, actor: Actor, cycle_id: int) -> RunInfo | None:
    """The cycle's newest run (None before the first); a run whose process stopped reads
    as ``interrupted``."""
    return RUNS.read_latest(db, actor, cycle_id, _info)


def get_run(db: Database, actor: Actor, run_id: int) -> RunInfo:
    """One run (raises :class:`NotFound`)."""
    return RUNS.read(db, actor, run_id, _info)


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
        latest = RUNS.claim(session, cycle.id)
        if resume:
            run = RUNS.reopen(latest, session, actor)
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
    RUNS.start(db, info.id, partial(execute_run, db, actor, info.id, settings=settings,
                                    transport=transport))
    return info


def wait_for(run_id: int, timeout: float | None = None) -> bool:
    """Wait for a run started in this process by :func:`start_run` to end; whether it did
    (True also for a run this process is not running)."""
    return RUNS.wait_for(run_id, timeout)


def check_links(db: Database, actor: Actor, cycle_id: int, *, resume: bool = False,
                settings: CheckSettings | None = None, progress: Progress | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> RunInfo:
    """Begin a run and check its links here, calling `progress(done, total)` as results are
    stored; returns the finished run (the CLI). Ctrl+C marks the run interrupted."""
    info = begin_run(db, actor, cycle_id, resume=resume)
    return execute_run(db, actor, info.id, settings=settings, progress=progress,
                       transport=transport)


# -- one answer, now ----------------------------------------------------------------------------


def check_answer_links(db: Database, actor: Actor, cycle_id: int, body_id: int,
                       question_code: str, *, settings: CheckSettings | None = None,
                       transport: httpx.AsyncBaseTransport | None = None) -> list[LinkVerdict]:
    """Check the evidence links of one answer (badan publik `body_id`, question
    `question_code`, its current submission) now, in the calling thread — each address
    once, at most ``settings.concurrency`` at a time, each bounded by
    ``settings.total_timeout`` seconds — and store the results (no run) as the newest for
    their addresses; returns the answer's verdicts as :func:`link_verdicts` reads them. The
    size limit is the cycle's methodology's ``evidence_max_bytes``. Raises
    :class:`UsageError` when the answer holds no link, :class:`PermissionDenied` (not a
    checker; a koordinator outside their scope), :class:`NotFound`."""
    with db.read() as session:
        actor = require(session, actor, Action.CHECK_LINKS, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        links = [link for link in evidence_links(session, cycle, _scope(actor, body_id))
                 if link.question_code == question_code]
        limit = methodology_of(cycle).evidence_max_bytes
    urls = _distinct(links)
    if not urls:
        raise UsageError(f"Data dukung jawaban {question_code} pada kuesioner terakhir badan "
                         f"publik ini tidak memuat tautan untuk diperiksa.")
    settings = (settings or CheckSettings.from_environment()).with_limit(limit)

    async def check_all() -> list[LinkResult]:
        async with new_client(settings, transport=transport) as client:
            return list(await asyncio.gather(*(check_link(client, url, settings)
                                               for url in urls)))

    results = asyncio.run(check_all())
    with db.transaction() as session:
        session.execute(insert(LinkCheck), [
            {"cycle_id": cycle_id, "run_id": None, **result.columns()} for result in results])
    return link_verdicts(db, actor, cycle_id, body_id=body_id, question_code=question_code)


# -- runs: checking -----------------------------------------------------------------------------


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
        run = RUNS.load_running(session, run_id)
        cycle = load_cycle(session, run.cycle_id)
        limit = methodology_of(cycle).evidence_max_bytes
        urls = _distinct(evidence_links(session, cycle, actor.scope))
        checked = _checked_in(session, run.id)
    settings = (settings or CheckSettings.from_environment()).with_limit(limit)
    todo = [url for url in urls if url not in checked]
    done, total = len(urls) - len(todo), len(urls)

    def store(batch: list[LinkResult], done: int) -> None:
        _store(db, run_id, cycle.id, batch, done, total)

    def work() -> None:
        store([], done)
        if progress is not None:
            progress(done, total)
        asyncio.run(_check_all(todo, settings, store, done, total, progress, transport))

    RUNS.execute(db, run_id, work)
    return get_run(db, actor, run_id)


async def _check_all(todo: list[str], settings: CheckSettings,
                     store: Callable[[list[LinkResult], int], None], done: int, total: int,
                     progress: Progress | None,
                     transport: httpx.AsyncBaseTransport | None) -> None:
    """Check `todo` with `settings.concurrency` workers over one client, storing the
    results as :func:`jobs.background.work_through` does."""
    if not todo:
        return
    async with new_client(settings, transport=transport) as client:
        await work_through(todo, settings.concurrency,
                           lambda url: check_link(client, url, settings), store, done, total,
                           progress)


def _store(db: Database, run_id: int, cycle_id: int, batch: list[LinkResult], done: int,
           total: int) -> None:
    """Append results and the run's progress in one transaction; :class:`Stopped` when the
    run is no longer running."""
    with db.transaction() as session:
        RUNS.advance(session, run_id, done=done, total=total)
        if batch:
            session.execute(insert(LinkCheck), [
                {"cycle_id": cycle_id, "run_id": run_id, **result.columns()}
                for result in batch])

