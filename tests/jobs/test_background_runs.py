"""The shared machinery of background runs (jobs.background), on a real database: one run at
a time per cycle, a run whose process stopped read as interrupted and continued, the
outcome of a run's work stored as its state, threads, batches, and the runs of a process
marked interrupted when it exits."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from jobs.background import (
    FAILED,
    FINISHED,
    INTERRUPTED,
    RUNNING,
    Runner,
    checked_text,
    work_through,
)
from monev.cycles import create_cycle
from monev.errors import UsageError
from monev.permissions import SYSTEM
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import LinkCheck, LinkCheckRun, utcnow

ROOT = Path(__file__).resolve().parents[2]

RUNNER = Runner(
    model=LinkCheckRun, results=LinkCheck, stale_after=timedelta(minutes=5),
    noun="Pemeriksaan uji", counted="butir", restart="mulai pemeriksaan baru",
    interrupted_detail="Pemeriksaan uji berhenti sebelum selesai.",
    failed_detail="Pemeriksaan uji gagal ({error}).", thread_name="monev-uji",
    log_name="test run", log=logging.getLogger(__name__))


def make_cycle(db: Database, registry: Registry) -> int:
    return create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Latar", year=2026,
                        registry=registry).id


def begin(db: Database, cycle_id: int, *, total: int = 3, done: int = 0) -> int:
    """Record a running run of the cycle as a use case does (after :meth:`Runner.claim`)."""
    with db.transaction() as session:
        RUNNER.claim(session, cycle_id)
        run = LinkCheckRun(cycle_id=cycle_id, started_by_id=None, total=total, done=done,
                           state=RUNNING, detail="")
        session.add(run)
        session.flush()
        return run.id


def row(db: Database, run_id: int) -> LinkCheckRun:
    with db.read() as session:
        found = session.get(LinkCheckRun, run_id)
        assert found is not None
        session.expunge(found)
        return found


def age(db: Database, run_id: int, by: timedelta) -> None:
    """Make the run look started `by` ago (its process stopped then, say)."""
    with db.transaction() as session:
        session.execute(update(LinkCheckRun).where(LinkCheckRun.id == run_id)
                        .values(started_at=utcnow() - by))


def test_one_run_at_a_time_and_a_stopped_one_reads_interrupted_and_continues(
        db: Database, mini_registry: Registry) -> None:
    cycle = make_cycle(db, mini_registry)
    run_id = begin(db, cycle, total=3, done=1)
    with pytest.raises(UsageError, match=r"Pemeriksaan uji siklus ini sedang berjalan "
                                         r"\(dimulai .* WIB oleh .*, 1 dari 3 butir\)"):
        begin(db, cycle)
    with db.read() as session:
        assert RUNNER.shown(session, RUNNER.load(session, run_id)) == (RUNNING, "")

    age(db, run_id, RUNNER.stale_after - timedelta(minutes=1))  # quiet, but not for long
    with db.read() as session:
        run = RUNNER.load(session, run_id)
        assert not RUNNER.stale(session, run)
        state, detail = RUNNER.shown(session, run)
    # Still running; the page says since when nothing moved and when it will be read as
    # interrupted if its process stopped (a killed CLI looked alive for minutes).
    assert state == RUNNING
    since = checked_text(row(db, run_id).started_at)
    assert detail == (f"Tidak ada kemajuan sejak {since}. Bila proses yang menjalankannya "
                      f"sudah berhenti, pemeriksaan uji ini dianggap terputus pada "
                      f"{checked_text(row(db, run_id).started_at + RUNNER.stale_after)} dan "
                      f"dapat dilanjutkan.")
    age(db, run_id, RUNNER.stale_after + timedelta(seconds=1))
    with db.read() as session:
        assert RUNNER.shown(session, RUNNER.load(session, run_id)) == (
            INTERRUPTED, "Pemeriksaan uji berhenti sebelum selesai.")
    with db.transaction() as session:  # a result stored a moment ago: still at work
        session.add(LinkCheck(cycle_id=cycle, run_id=run_id, url="https://a.example/",
                              checked_at=utcnow(), verdict="ok", detail=""))
    with db.read() as session:
        assert not RUNNER.stale(session, RUNNER.load(session, run_id))
    with db.transaction() as session:
        session.execute(update(LinkCheck).where(LinkCheck.run_id == run_id)
                        .values(checked_at=utcnow() - timedelta(hours=1)))

    with db.transaction() as session:  # continuing: the stale run is marked, then reopened
        latest = RUNNER.claim(session, cycle)
        assert (latest.id, latest.state) == (run_id, INTERRUPTED)
        RUNNER.reopen(latest)
    again = row(db, run_id)
    assert (again.state, again.finished_at) == (RUNNING, None)
    assert again.detail.startswith("Dilanjutkan; dimulai pertama kali ")
    assert again.started_at > utcnow() - timedelta(minutes=1)
    with db.transaction() as session, pytest.raises(UsageError, match="sedang berjalan"):
        RUNNER.claim(session, cycle)


def test_continuing_needs_an_interrupted_run(db: Database, mini_registry: Registry) -> None:
    cycle = make_cycle(db, mini_registry)
    with db.transaction() as session, pytest.raises(
            UsageError, match=r"Tidak ada pemeriksaan uji yang terputus pada siklus ini; "
                              r"mulai pemeriksaan baru\."):
        RUNNER.reopen(RUNNER.claim(session, cycle))
    run_id = begin(db, cycle)
    RUNNER.end(db, run_id, FINISHED)
    with db.read() as session, pytest.raises(
            UsageError, match=rf"Pemeriksaan uji {run_id} tidak sedang berjalan \(selesai\)"):
        RUNNER.load_running(session, run_id)


def test_the_outcome_of_the_work_is_the_runs_state(db: Database,
                                                    mini_registry: Registry) -> None:
    cycle = make_cycle(db, mini_registry)

    finished = begin(db, cycle)
    age(db, finished, RUNNER.stale_after * 2)

    def work() -> None:  # working in this process: never stale, however old
        with db.read() as session:
            assert not RUNNER.stale(session, RUNNER.load(session, finished))
        with db.transaction() as session:
            RUNNER.advance(session, finished, done=3, total=3)

    RUNNER.execute(db, finished, work)
    done = row(db, finished)
    assert (done.state, done.done, done.finished_at is not None) == (FINISHED, 3, True)

    def fail() -> None:
        raise ValueError("rusak")

    def interrupt() -> None:  # Ctrl+C
        raise KeyboardInterrupt

    failed = begin(db, cycle)
    with pytest.raises(ValueError, match="rusak"):
        RUNNER.execute(db, failed, fail)
    assert (row(db, failed).state, row(db, failed).detail) == (
        FAILED, "Pemeriksaan uji gagal (ValueError).")

    stopped = begin(db, cycle)
    with pytest.raises(KeyboardInterrupt):
        RUNNER.execute(db, stopped, interrupt)
    assert (row(db, stopped).state, row(db, stopped).detail) == (
        INTERRUPTED, "Pemeriksaan uji berhenti sebelum selesai.")

    ended_elsewhere = begin(db, cycle)

    def outrun() -> None:  # someone else ends the run: the work stops, quietly
        RUNNER.end(db, ended_elsewhere, FAILED, "diakhiri di tempat lain")
        with db.transaction() as session:
            RUNNER.advance(session, ended_elsewhere, done=1)

    RUNNER.execute(db, ended_elsewhere, outrun)
    assert (row(db, ended_elsewhere).state, row(db, ended_elsewhere).detail) == (
        FAILED, "diakhiri di tempat lain")


def test_a_run_in_a_background_thread(db: Database, mini_registry: Registry) -> None:
    cycle = make_cycle(db, mini_registry)
    run_id = begin(db, cycle)
    release = threading.Event()
    RUNNER.start(db, run_id, lambda: RUNNER.execute(db, run_id, lambda: release.wait(10)))
    assert not RUNNER.wait_for(run_id, 0.1)
    assert row(db, run_id).state == RUNNING
    release.set()
    assert RUNNER.wait_for(run_id, 10)
    assert row(db, run_id).state == FINISHED
    assert RUNNER.wait_for(987654)  # not running in this process


def test_work_through_stores_every_result_once_in_batches() -> None:
    stored: list[tuple[list[int], int]] = []
    told: list[tuple[int, int]] = []
    at_once = {"now": 0, "most": 0}

    async def work(item: int) -> int:
        at_once["now"] += 1
        at_once["most"] = max(at_once["most"], at_once["now"])
        await asyncio.sleep(0.01 * (item % 3))
        at_once["now"] -= 1
        return item * 10

    asyncio.run(work_through(list(range(20)), 4, work,
                             lambda batch, done: stored.append((batch, done)), 5, 25,
                             lambda done, total: told.append((done, total))))
    assert sorted(r for batch, _ in stored for r in batch) == [n * 10 for n in range(20)]
    assert [done for _, done in stored] == [d for d, _ in told]
    assert told[-1] == (25, 25)
    assert {total for _, total in told} == {25}
    assert 1 < at_once["most"] <= 4

    async def broken(item: int) -> int:
        if item == 2:
            raise RuntimeError("galat")
        await asyncio.sleep(5)  # cancelled when the other fails
        return item

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="galat"):
        asyncio.run(work_through([1, 2], 2, broken, lambda b, d: None, 0, 2, None))
    assert time.monotonic() - started < 4


def test_the_runs_of_a_process_that_exits_are_marked_interrupted(
        tmp_path: Path, mini_registry: Registry) -> None:
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    db = Database(url)
    try:
        run_id = begin(db, make_cycle(db, mini_registry))
        script = (
            "import sys, time\n"
            "from evidence.link_runs import RUNS\n"
            "from storage.db import Database\n"
            f"db = Database({url!r})\n"
            f"RUNS.start(db, {run_id}, lambda: RUNS.execute(db, {run_id}, "
            "lambda: time.sleep(60)))\n"
            "time.sleep(0.3)\n"
            "sys.exit(0)  # the app or the command stops while the run works\n")
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
        assert time.monotonic() - started < 50  # it did not wait for the work
        ended = row(db, run_id)
        assert ended.state == INTERRUPTED
        assert ended.finished_at is not None
        assert ended.detail.startswith("Pemeriksaan berhenti sebelum selesai")
    finally:
        db.dispose()
