"""One bad file never hurts anything else: files are parsed in worker processes with a
memory cap and a time limit, a file that breaks either is refused with a code (F216, F217),
and the pool, the batch and the calling process go on."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
import xlwt

from monev.services import score_files
from questionnaires import isolation
from questionnaires.batch import FileStatus

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
BASELINE = CASES / "baseline-all-best-answers.xlsx"


def _abort() -> str:
    os.abort()  # what the Rust reader does when an allocation fails
    return "unreachable"


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _pid() -> int:
    return os.getpid()


@pytest.fixture
def fresh_pool():
    """A pool started with the settings a test sets, and a normal one afterwards."""
    isolation.shutdown()
    yield
    isolation.shutdown()


def test_a_crashing_worker_is_a_refusal_and_the_pool_goes_on(fresh_pool):
    outcomes = isolation.run_all(_abort, [(), ()])
    assert all(isinstance(o, isolation.Failure) and o.code == "F216" for o in outcomes)
    assert "berhenti" in outcomes[0].context["detail"]
    assert isolation.run(_allocate, 1) == 1024 * 1024  # replaced workers serve again


def test_memory_cap_refuses_a_hungry_parse(fresh_pool):
    outcome = isolation.run(_allocate, isolation.MEMORY_LIMIT_MB * 2)
    assert isinstance(outcome, isolation.Failure)
    assert outcome.code == "F216"
    assert outcome.context["limit"] == f"{isolation.MEMORY_LIMIT_MB} MB"


def test_time_limit_refuses_a_slow_parse_and_the_next_file_is_read(fresh_pool, monkeypatch):
    monkeypatch.setattr(isolation, "TIME_LIMIT_S", 1.0)
    started = time.monotonic()
    slow, quick = isolation.run_all(_sleep, [(30,), (0,)])
    assert time.monotonic() - started < 15
    assert isinstance(slow, isolation.Failure)
    assert slow.code == "F217"
    assert slow.context == {"seconds": "1"}
    assert quick == "woke"


def test_workers_are_reused_not_started_per_file(fresh_pool):
    pids = isolation.run_all(_pid, [()] * 12)
    assert os.getpid() not in pids
    assert len(set(pids)) <= isolation.WORKERS


def test_a_small_xls_that_needs_gigabytes_is_refused_and_the_batch_goes_on(
        tmp_path, fresh_pool, monkeypatch):
    """5 KB of .xls with one cell in the last row and column: the reader would build a
    65,536 × 256 grid (about 1 GB). Under the worker's cap it is refused."""
    monkeypatch.setattr(isolation, "MEMORY_LIMIT_MB", 400)
    book = xlwt.Workbook()
    sheet = book.add_sheet("Kuesioner")
    sheet.write(0, 0, "Kode")
    sheet.write(65535, 255, "z")
    bomb = tmp_path / "kecil-tapi-rakus.xls"
    book.save(str(bomb))
    assert bomb.stat().st_size < 10_000
    run = score_files([bomb, BASELINE])
    report = next(f for f in run.batch.files if f.name == bomb.name)
    assert report.status is FileStatus.REJECTED
    assert [p.code for p in report.errors] == ["F216"]
    assert "400 MB" in report.errors[0].message
    assert [r.saq_raw for r in run.results] == [Decimal("100.00")]


def test_isolation_off_still_refuses_python_memory_errors(monkeypatch):
    monkeypatch.setenv("MONEV_PARSE_ISOLATION", "0")
    assert not isolation.enabled()
    outcome = isolation.run(_allocate, 1 << 40)  # a terabyte: MemoryError, even here
    assert isinstance(outcome, isolation.Failure)
    assert outcome.code == "F216"


def _scream() -> str:
    os.write(2, b"memory allocation of 1769472000 bytes failed\n")
    os.abort()
    return "unreachable"


def test_what_a_dying_worker_prints_never_reaches_the_user(tmp_path, fresh_pool, monkeypatch,
                                                           capfd):
    log_file = tmp_path / "monev.log"
    monkeypatch.setenv("MONEV_LOG_FILE", str(log_file))
    monkeypatch.delenv("MONEV_DEBUG", raising=False)
    outcome = isolation.run(_scream)
    assert isinstance(outcome, isolation.Failure)
    assert outcome.code == "F216"
    assert "memory allocation" not in capfd.readouterr().err
    assert "memory allocation of 1769472000 bytes failed" in log_file.read_text()

