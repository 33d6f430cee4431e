"""Shared fixtures: the small test methodology and builders of filled workbooks."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import yaml
from argon2 import PasswordHasher

from auth import passwords
from questionnaires import layout
from questionnaires.loader import Registry, load_methodology, parse_methodology
from questionnaires.model import Methodology
from questionnaires.template import write_filled
from storage.db import Database
from tests.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)

FIXTURES = Path(__file__).parent / "fixtures"

# The app's background e-mail sender (notifications.sender.start_worker) writes reminders
# into the database it serves: off in every test and every app server a test starts (they
# inherit this environment); the notification tests that need it turn it on themselves.
os.environ["MONEV_MAIL_WORKER"] = "0"


@pytest.fixture(scope="session")
def mini() -> Methodology:
    return load_methodology(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def mini_registry(mini: Methodology) -> Registry:
    return Registry([mini])


@pytest.fixture(scope="session")
def mini_nil() -> Methodology:
    """mini where 1.1 (yes_no) and 2.1 (scale) allow "Tidak ada kejadian (nihil)"."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    for q in data["questions"]:
        if q["code"] in ("1.1", "2.1"):
            q["allow_na"] = True
    return parse_methodology(data, "mini-nil.yaml")


@pytest.fixture(scope="session")
def mini_nil_registry(mini_nil: Methodology) -> Registry:
    return Registry([mini_nil])


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path):
    """A migrated, empty database: an SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'monev.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    database = Database(url)
    yield database
    database.dispose()


def database_at(url: str, revision: str) -> Database:
    """A database at `url` migrated only up to `revision` (to test the migrations after
    it); the caller disposes it."""
    from alembic import command

    from storage.db import alembic_config

    database = Database(url, migrate=False)
    command.upgrade(alembic_config(database.engine), revision)
    return database


def store_appeal_evidence(db: Database, appeal_id: int, evidence: str) -> None:
    """Put `evidence` into a stored appeal as it is, bypassing the service's check: data
    stored before links were checked, or restored from a backup, must still show safely."""
    from sqlalchemy import update

    from storage.models import Appeal

    with db.transaction() as session:
        session.execute(update(Appeal).where(Appeal.id == appeal_id).values(evidence=evidence))


# Cheap argon2 parameters, for tests that make accounts without testing hashing.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def cheap_hashing(patch: pytest.MonkeyPatch) -> None:
    """Make account passwords hash in microseconds for as long as `patch` lasts."""
    patch.setattr(passwords, "_hasher", CHEAP_HASHER)


# A complete, valid mini answer set for an OPD (questions 1.1, 1.2, 2.1).
MINI_OPD_ANSWERS: Mapping[str, object] = {"1.1": "Ya", "1.2": {"a", "b"}, "2.1": 1}
MINI_OPD_EVIDENCE: Mapping[str, str] = {
    "1.1": "https://ppid.example.go.id/dip", "1.2": "https://ppid.example.go.id/anggaran",
    "2.1": "https://ppid.example.go.id/sop"}


@pytest.fixture
def filled(tmp_path: Path, mini: Methodology) -> Callable[..., Path]:
    """Write a filled mini workbook and return its path."""

    def make(name: str = "bp.xlsx", *, badan_publik: str = "Dinas Kominfo",
             category: str = "opd", answers: Mapping[str, object] | None = None,
             evidence: Mapping[str, str] | None = None,
             methodology: Methodology | None = None) -> Path:
        path = tmp_path / name
        write_filled(methodology or mini, category, path, badan_publik=badan_publik,
                     answers=MINI_OPD_ANSWERS if answers is None else answers,
                     evidence=MINI_OPD_EVIDENCE if evidence is None else evidence)
        return path

    return make


def edit_cells(path: Path, sheet: str, values: Mapping[str, object]) -> None:
    """Overwrite cells of a workbook (as a user typing past the dropdown would)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in values.items():
        ws[ref] = value
    wb.save(path)


def answer_cell(path: Path, code: str) -> str:
    """The Jawaban cell reference of a question code in a written template."""
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[layout.SHEET_QUESTIONS]
    for row in ws.iter_rows(min_row=1):
        if row[0].value == code:
            return f"E{row[0].row}"
    raise KeyError(code)


def zip_of(path: Path, members: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def xlsx_bytes(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class Computations:
    """What was scored from the history: whole cycles (`full`: a rebuild of the stored
    results or a computation for lack of them) and badan publik scored again one by one
    (`rescored`: a write refreshing their stored result)."""

    full: list[int]
    rescored: list[str]


@pytest.fixture
def computations(monkeypatch: pytest.MonkeyPatch) -> Computations:
    """Counts scoring from the history (reading a cycle's results must never need it)."""
    from monev.outcomes import dashboard, inputs, projection

    seen = Computations([], [])
    score_bodies, compute = projection.score_bodies, dashboard.compute

    def counting_score_bodies(session, cycle, body_ids=None):  # type: ignore[no-untyped-def]
        scored = score_bodies(session, cycle, body_ids)
        if body_ids is None:
            seen.full.append(cycle.id)
        else:
            seen.rescored.extend(e.result.badan_publik for e in scored)
        return scored

    def counting_compute(session, cycle):  # type: ignore[no-untyped-def]
        seen.full.append(cycle.id)
        return compute(session, cycle)

    monkeypatch.setattr(projection, "score_bodies", counting_score_bodies)
    monkeypatch.setattr(dashboard, "compute", counting_compute)
    assert inputs.score_bodies is score_bodies
    return seen
