"""One badan publik however its name is typed: `Syari'at`, `Syari’at` (autocorrect), with a
zero-width space — across uploads, within one batch, and in databases made before the keys
were computed with today's normalisation (migration 0002).

Every test runs against SQLite and a real PostgreSQL.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from monev.accounts import actor_for, add_user
from monev.bodies import find_body, register_body
from monev.cycles import create_cycle
from monev.imports import ImportStatus, import_paths
from monev.permissions import SYSTEM
from storage.db import Database
from storage.models import Alias, BadanPublik, Participation, Submission
from tests.conftest import database_at

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
STRAIGHT = CASES / "same-body-straight-apostrophe.xlsx"  # "Dinas Syari'at Islam"
CURLY = CASES / "same-body-curly-apostrophe.xlsx"  # "Dinas Syari’at Islam"
KI = "KI Aceh"


@pytest.fixture
def cycle_id(db: Database) -> int:
    return create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki=KI, year=2025).id


def bodies(db: Database) -> list[tuple[int, str, str]]:
    with db.read() as session:
        return list(session.execute(select(BadanPublik.id, BadanPublik.name,
                                           BadanPublik.name_key).order_by(BadanPublik.id)))


def versions(db: Database, body_id: int) -> list[tuple[int, str]]:
    with db.read() as session:
        return list(session.execute(select(Submission.version, Submission.file_name).where(
            Submission.badan_publik_id == body_id).order_by(Submission.version)))


def test_two_uploads_with_straight_and_curly_apostrophe_are_one_body(db, cycle_id):
    first = import_paths(db, SYSTEM, cycle_id, [STRAIGHT])
    second = import_paths(db, SYSTEM, cycle_id, [CURLY])
    assert first.files[0].status is ImportStatus.ACCEPTED
    assert second.files[0].status is ImportStatus.ACCEPTED
    assert second.files[0].version == 2
    assert "badan publik baru didaftarkan" not in second.files[0].notes
    [(body_id, name, _)] = bodies(db)
    assert name == "Dinas Syari'at Islam"
    assert first.files[0].submissions[0].badan_publik_id == body_id
    assert second.files[0].submissions[0].badan_publik_id == body_id
    assert versions(db, body_id) == [(1, STRAIGHT.name), (2, CURLY.name)]


def test_both_spellings_in_one_batch_are_refused_with_d307(db, cycle_id):
    report = import_paths(db, SYSTEM, cycle_id, [STRAIGHT, CURLY])
    assert [f.status for f in report.files] == [ImportStatus.REJECTED] * 2
    assert [[p.code for p in f.errors] for f in report.files] == [["D307"], ["D307"]]
    assert all(STRAIGHT.name in f.errors[0].message and CURLY.name in f.errors[0].message
               for f in report.files)
    assert bodies(db) == []


def test_a_body_registered_with_a_curly_apostrophe_is_found_by_any_spelling(db, cycle_id):
    registered = register_body(db, SYSTEM, cycle_id, name="Dinas Syari’at Islam",
                               category="opd")
    with db.read() as session:
        for typed in ("Dinas Syari'at\u200b Islam", "dinas  SYARI‘AT islam",
                      "Dinas Syari\uff07at Islam", "\ufeffDinas Syari'at Islam"):
            found = find_body(session, KI, typed)
            assert found is not None, typed
            assert found.id == registered.id, typed
    # A koordinator PPID may upload only for registered bodies: the file typed with a
    # straight apostrophe lands on the body registered with a curly one.
    add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2025!", role="koordinator",
             display_name="PPID", scope=[registered.id])
    report = import_paths(db, actor_for(db, "ppid"), cycle_id, [STRAIGHT])
    assert report.files[0].status is ImportStatus.ACCEPTED, report.files[0].problems
    assert report.files[0].submissions[0].badan_publik_id == registered.id
    assert len(bodies(db)) == 1


def test_an_alias_typed_with_a_dash_variant_is_found(db, cycle_id):
    body = register_body(db, SYSTEM, cycle_id, name="Dinas Komunikasi dan Informatika",
                         category="opd", aliases=("Diskominfo – Aceh",))
    with db.read() as session:
        assert find_body(session, KI, "Diskominfo - Aceh").id == body.id
        assert find_body(session, KI, "Diskominfo\u2011Aceh").id == body.id


# -- migration 0002 on a database made before it ---------------------------------------------


def old_key(name: str) -> str:
    """name_key as computed before migration 0002 (no NFKC, no quote folding, invisible
    characters kept)."""
    value = unicodedata.normalize("NFKD", " ".join(name.split()))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[\s_:*()\[\]/\\-]+", " ", value.casefold()).strip(" .")


@pytest.fixture(params=["sqlite", "postgresql"])
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database migrated only to revision 0001 (as every database was before 0002)."""
    url = (f"sqlite:///{tmp_path / 'old.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    database = database_at(url, "0001")
    yield database
    database.dispose()


def _insert_body(connection, body_id: int, name: str, ki: str = KI) -> None:
    connection.execute(text(
        "INSERT INTO badan_publik (id, ki, name, name_key, category, region, ppid_name, "
        "ppid_contact, created_at) VALUES (:id, :ki, :name, :key, 'opd', '', '', '', :at)"),
        {"id": body_id, "ki": ki, "name": name, "key": old_key(name),
         "at": datetime(2024, 5, 1, tzinfo=UTC)})


def _insert_alias(connection, alias_id: int, body_id: int, alias: str) -> None:
    connection.execute(text(
        "INSERT INTO aliases (id, ki, badan_publik_id, alias, alias_key) "
        "VALUES (:id, :ki, :body, :alias, :key)"),
        {"id": alias_id, "ki": KI, "body": body_id, "alias": alias, "key": old_key(alias)})


def test_migration_0002_recomputes_keys_and_keeps_colliding_bodies_apart(old_db, caplog):
    with old_db.engine.begin() as connection:
        _insert_body(connection, 1, "Dinas Syari’at Islam")  # older, curly
        _insert_body(connection, 2, "Dinas Syari'at Islam")  # later, straight: now the same
        _insert_body(connection, 3, "Dinas Pendidikan\u200b")  # invisible character
        _insert_body(connection, 4, "Dinas Syari'at Islam", ki="KI Lain")  # another KI
        _insert_body(connection, 5, "Bappeda")
        _insert_alias(connection, 1, 5, "Badan Perencanaan – Aceh")  # en dash
        _insert_alias(connection, 2, 5, "Dinas Pendidikan")  # now body 3's name
        if old_db.dialect == "postgresql":  # rows were inserted with explicit ids
            connection.execute(text("SELECT setval('badan_publik_id_seq', 5)"))
            connection.execute(text("SELECT setval('aliases_id_seq', 2)"))
        connection.execute(text(
            "INSERT INTO cycles (id, ki, year, title, methodology_id, methodology_version, "
            "methodology, status, created_at, version) VALUES (1, :ki, 2024, 'Lama', "
            "'nasional-2025', '1', '{}', 'open', :at, 1)"),
            {"ki": KI, "at": datetime(2024, 5, 1, tzinfo=UTC)})
        connection.execute(text(
            "INSERT INTO submissions (id, cycle_id, badan_publik_id, version, file_name, "
            "sha256, identity, late, uploaded_at) VALUES (1, 1, 2, 1, 'lama.xlsx', :sha, "
            "'{}', false, :at)"), {"sha": "0" * 64, "at": datetime(2024, 5, 1, tzinfo=UTC)})

    with caplog.at_level(logging.WARNING):
        old_db.migrate()  # what opening the database does

    with old_db.read() as session:
        keys = {i: k for i, k in session.execute(select(BadanPublik.id, BadanPublik.name_key))}
        alias_keys = {i: k for i, k in session.execute(select(Alias.id, Alias.alias_key))}
        assert keys[1] == "dinas syari'at islam"  # the older row keeps the key
        assert keys[2] != keys[1]
        assert "[" in keys[2]  # the later one: no typed name matches it
        assert keys[3] == "dinas pendidikan"
        assert keys[4] == "dinas syari'at islam"  # another KI: no collision
        assert alias_keys[1] == "badan perencanaan aceh"
        assert "[" in alias_keys[2]  # would shadow body 3's own name
        # Lookups with today's normalisation find the older body, whatever the spelling.
        assert find_body(session, KI, "Dinas Syari'at\u200b Islam").id == 1
        assert find_body(session, KI, "Dinas Pendidikan").id == 3
        assert find_body(session, KI, "Badan Perencanaan - Aceh").id == 5
        # The new column exists with its default for submissions stored before it.
        assert session.scalar(select(Submission.warnings).where(Submission.id == 1)) == []
        assert session.scalar(select(func.count()).select_from(Participation)) == 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "badan publik #2" in logged  # the collision is named for a person
    assert "as #1" in logged
    assert "alias #2" in logged


def test_a_migrated_database_accepts_new_bodies_and_uploads(old_db):
    with old_db.engine.begin() as connection:
        _insert_body(connection, 1, "Dinas Syari’at Islam")
        if old_db.dialect == "postgresql":
            connection.execute(text("SELECT setval('badan_publik_id_seq', 1)"))
    old_db.migrate()
    cycle = create_cycle(old_db, SYSTEM, methodology_id="nasional-2025", ki=KI, year=2025)
    report = import_paths(old_db, SYSTEM, cycle.id, [STRAIGHT])
    assert report.files[0].status is ImportStatus.ACCEPTED, report.files[0].problems
    assert report.files[0].submissions[0].badan_publik_id == 1  # the existing body
    assert not report.files[0].submissions[0].registered
    old_db.migrate()  # idempotent
    assert len(bodies(old_db)) == 1
