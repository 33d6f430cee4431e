"""``python -m monev links check --cycle ID [--format table|csv|json]`` against a local HTTP
server: progress on stderr, one record per link with badan_publik, pertanyaan, url, status,
verdict and checked_at (and the sentence users read), the same results the app reads."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from link_server import LinkServer, running

from evidence.link_runs import link_verdicts
from monev.bodies import register_body
from monev.cli import main
from monev.cycles import create_cycle
from monev.imports import import_paths
from monev.permissions import SYSTEM
from questionnaires.loader import Registry
from storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["badan_publik", "pertanyaan", "url", "status", "verdict", "keterangan", "checked_at"]


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with running() as started:
        yield started


@pytest.fixture
def world(tmp_path: Path, mini_registry: Registry, filled: Callable[..., Path],
          server: LinkServer, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """A cycle whose one badan publik links a PDF, a missing page and a private page."""
    monkeypatch.setenv("MONEV_LINK_CHECK_PRIVATE", "1")  # the server is on 127.0.0.1
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    db = Database(url)
    try:
        cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Tautan", year=2026,
                             registry=mini_registry).id
        register_body(db, SYSTEM, cycle, name="Dinas Kominfo", category="opd")
        import_paths(db, SYSTEM, cycle, [filled(evidence={
            "1.1": server.url("/dip.pdf"), "1.2": server.url("/missing"),
            "2.1": server.url("/private-drive")})])
    finally:
        db.dispose()
    return url, cycle


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_check_as_json_prints_one_record_per_link(world: tuple[str, int]) -> None:
    url, cycle = world
    status, out, err = run("links", "check", "--cycle", str(cycle), "--format", "json",
                           "--database", url)
    assert status == 0, err
    records = json.loads(out)
    assert [list(r) for r in records] == [KEYS] * 3
    by = {r["pertanyaan"]: r for r in records}
    assert by["1.1"]["verdict"] == "ok"
    assert by["1.1"]["status"] == 200
    assert by["1.2"]["verdict"] == "not_found"
    assert by["1.2"]["status"] == 404
    assert by["2.1"]["verdict"] == "sign_in"
    assert by["2.1"]["keterangan"].startswith("Perlu izin akses")
    assert {r["badan_publik"] for r in records} == {"Dinas Kominfo"}
    assert all(r["checked_at"].endswith("+07:00") for r in records)  # WIB
    # Progress on stderr, never on stdout.
    assert "Memeriksa tautan data dukung: 3 dari 3 alamat (100%)" in err
    assert "selesai, 3 dari 3 alamat tautan diperiksa" in err
    # The same results the app reads.
    db = Database(url)
    try:
        app = [v.record() for v in link_verdicts(db, SYSTEM, cycle)]
    finally:
        db.dispose()
    assert app == records


def test_check_as_csv_and_table(world: tuple[str, int]) -> None:
    url, cycle = world
    status, out, _ = run("links", "check", "--cycle", str(cycle), "--format", "csv",
                         "--database", url)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == KEYS
    assert [(r["pertanyaan"], r["status"], r["verdict"]) for r in rows] == [
        ("1.1", "200", "ok"), ("1.2", "404", "not_found"), ("2.1", "200", "sign_in")]

    status, out, _ = run("links", "show", "--cycle", str(cycle), "--database", url)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Badan", "Publik", "Pertanyaan", "Tautan", "Status", "Hasil",
                                "Keterangan", "Diperiksa"]
    assert "perlu izin akses" in out
    assert "tautan tidak dapat dibuka" in out
    assert "PDF dapat dibuka" in out
    assert " WIB" in lines[2]


def test_show_before_any_check_says_not_checked(world: tuple[str, int]) -> None:
    url, cycle = world
    status, out, _ = run("links", "show", "--cycle", str(cycle), "--format", "json",
                         "--database", url)
    assert status == 0
    assert {(r["verdict"], r["keterangan"], r["checked_at"]) for r in json.loads(out)} == {
        (None, "Tautan belum diperiksa.", None)}


def test_refusals_are_messages(world: tuple[str, int]) -> None:
    url, cycle = world
    status, _, err = run("links", "check", "--cycle", "999", "--database", url)
    assert status == 2
    assert "Siklus monev dengan id 999 tidak ditemukan" in err
    status, _, err = run("links", "check", "--cycle", str(cycle), "--resume",
                         "--database", url)
    assert status == 2
    assert "Tidak ada pemeriksaan tautan yang terputus" in err
    status, _, err = run("links", "check", "--cycle", str(cycle), "--concurrency", "0",
                         "--database", url)
    assert status == 2
    assert "--concurrency" in err
    assert "Traceback" not in err


def test_the_program_itself(world: tuple[str, int]) -> None:
    """As a person runs it: ``python -m monev links check``."""
    url, cycle = world
    result = subprocess.run(
        [sys.executable, "-m", "monev", "links", "check", "--cycle", str(cycle),
         "--format", "json", "--database", url], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env={**os.environ, "MONEV_LINK_CHECK_PRIVATE": "1"})
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    assert "Memeriksa tautan data dukung" in result.stderr
