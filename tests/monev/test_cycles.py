"""Cycles as users meet them, on SQLite and PostgreSQL: a prepared cycle is seen only by
admins and evaluators until an admin opens it; pages land on the cycle the user last chose,
else on the running cycle with data; a workbook of another cycle's methodology is refused
naming that cycle; backup and restore carry when a cycle was opened and each user's last
cycle; migration 0005 upgrades a database of revision 0004 with its data."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from monev.accounts import actor_for, add_user, set_scope
from monev.backup import backup_cycle, restore_cycle
from monev.bodies import add_alias, register_body
from monev.cycles import (
    create_cycle,
    get_cycle,
    landing_cycle,
    list_cycles,
    open_cycle,
    remember_cycle,
    suggested_methodology,
)
from monev.errors import PermissionDenied, UsageError
from monev.imports import import_batch, import_paths
from monev.permissions import SYSTEM, Actor
from questionnaires.loader import Registry, presets
from questionnaires.sources import Source
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Cycle, Event, User
from tests.conftest import MINI_OPD_ANSWERS, MINI_OPD_EVIDENCE, cheap_hashing, database_at

PASSWORD = "Siklus-Uji-2025!x"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)


def account(db: Database, username: str, role: str) -> Actor:
    add_user(db, SYSTEM, username=username, password=PASSWORD, role=role,
             display_name=username.title())
    return actor_for(db, username)


@pytest.fixture
def people(db: Database) -> dict[str, Actor]:
    return {role: account(db, name, role) for name, role in (
        ("adm", "admin"), ("eva", "evaluator"), ("pej", "pejabat"), ("koor", "koordinator"))}


def titles(db: Database, who: Actor) -> list[str]:
    return [c.title for c in list_cycles(db, who)]


def workbook(methodology_id: str, body: str = "Dinas Kominfo",
             registry: Registry | None = None) -> Source:
    methodology = (registry or presets()).get(methodology_id)
    buffer = io.BytesIO()
    answers = MINI_OPD_ANSWERS if methodology_id == "mini" else {}
    evidence = MINI_OPD_EVIDENCE if methodology_id == "mini" else {}
    write_filled(methodology, "opd", buffer, badan_publik=body, answers=answers,
                 evidence=evidence)
    return Source(f"{methodology_id}.xlsx", buffer.getvalue())


# -- prepared until opened --------------------------------------------------------------------


def test_a_prepared_cycle_is_seen_by_admins_and_evaluators_only_until_opened(
        db: Database, people: dict[str, Actor]):
    running = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2025,
                           title="Berjalan 2025")
    prepared = create_cycle(db, people["admin"], methodology_id="nasional-2025", ki="KI",
                            year=2026, title="Disiapkan 2026", prepared=True)
    assert (running.status, prepared.status) == ("open", "prepared")
    assert prepared.status_label == "Disiapkan"
    assert prepared.opened_at is None

    for role in ("admin", "evaluator"):
        assert titles(db, people[role]) == ["Disiapkan 2026", "Berjalan 2025"]
        assert get_cycle(db, people[role], prepared.id).title == "Disiapkan 2026"
    for role in ("pejabat", "koordinator"):
        assert titles(db, people[role]) == ["Berjalan 2025"]
        with pytest.raises(PermissionDenied, match="masih disiapkan"):
            get_cycle(db, people[role], prepared.id)
        with pytest.raises(PermissionDenied, match="masih disiapkan"):
            remember_cycle(db, people[role], prepared.id)

    # only an admin opens it; then everybody sees it
    with pytest.raises(PermissionDenied):
        open_cycle(db, people["evaluator"], prepared.id)
    opened = open_cycle(db, people["admin"], prepared.id)
    assert opened.status == "open"
    assert opened.opened_at is not None
    for role in ("pejabat", "koordinator"):
        assert titles(db, people[role]) == ["Disiapkan 2026", "Berjalan 2025"]
    with pytest.raises(UsageError, match="sudah dibuka"):  # nothing happens twice
        open_cycle(db, people["admin"], prepared.id)
    with db.read() as session:
        events = session.scalars(select(Event).where(Event.action == "cycle.open")).all()
        assert [(e.cycle_id, e.user_id, e.old, e.new) for e in events] == [
            (prepared.id, people["admin"].id, "prepared", "open")]


def test_a_koordinator_cannot_upload_into_a_prepared_cycle(db: Database,
                                                           people: dict[str, Actor],
                                                           mini_registry: Registry):
    prepared = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI", year=2026,
                            registry=mini_registry, prepared=True)
    register_body(db, SYSTEM, prepared.id, name="Dinas Kominfo", category="opd")
    with pytest.raises(PermissionDenied, match="masih disiapkan"):
        import_batch(db, people["koordinator"], prepared.id,
                     [workbook("mini", registry=mini_registry)], registry=mini_registry)
    # the admin may fill it before opening it
    report = import_batch(db, people["admin"], prepared.id,
                          [workbook("mini", registry=mini_registry)], registry=mini_registry)
    assert [f.status.value for f in report.files] == ["accepted"]


def test_the_suggested_methodology_is_the_newest():
    assert suggested_methodology() == "nasional-2025"
    assert suggested_methodology(Registry([presets().get("klasik-2021")])) == "klasik-2021"


# -- where pages land ---------------------------------------------------------------------


def test_pages_land_on_the_running_cycle_with_data_not_the_newest(
        db: Database, people: dict[str, Actor], mini_registry: Registry, filled):
    older = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI", year=2024,
                         registry=mini_registry, title="2024")
    with_data = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI", year=2025,
                             registry=mini_registry, title="2025 berdata")
    create_cycle(db, SYSTEM, methodology_id="mini", ki="KI", year=2026,
                 registry=mini_registry, title="2026 kosong")  # running, newest, empty
    prepared = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI", year=2027,
                            registry=mini_registry, title="2027 disiapkan", prepared=True)
    register_body(db, SYSTEM, with_data.id, name="Dinas Kominfo", category="opd")
    import_paths(db, SYSTEM, with_data.id, [filled()], registry=mini_registry)
    for who in people.values():
        assert landing_cycle(db, who) == with_data.id, who.role

    # an evaluator who chose the prepared cycle lands there; a pejabat's choice
    # lasts too, and a koordinator's choice of an old cycle is kept over the data
    remember_cycle(db, people["evaluator"], prepared.id)
    remember_cycle(db, people["pejabat"], older.id)
    remember_cycle(db, people["koordinator"], older.id)
    assert landing_cycle(db, people["evaluator"]) == prepared.id
    assert landing_cycle(db, people["pejabat"]) == older.id
    assert landing_cycle(db, people["koordinator"]) == older.id
    assert landing_cycle(db, people["admin"]) == with_data.id  # chose nothing
    # one user's choice is theirs only
    with db.read() as session:
        assert session.scalar(select(User.last_cycle_id).where(
            User.username == "eva")) == prepared.id


def test_without_data_pages_land_on_the_newest_running_then_the_newest_seen(
        db: Database, people: dict[str, Actor]):
    assert landing_cycle(db, people["pejabat"]) is None
    published_like = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI",
                                  year=2023, title="2023")
    with db.transaction() as session:  # as publication leaves it
        session.get(Cycle, published_like.id).status = "published"
    create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2026,
                 title="2026", prepared=True)
    assert landing_cycle(db, people["pejabat"]) == published_like.id
    assert landing_cycle(db, people["evaluator"]) == published_like.id  # not a prepared one
    a = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2024,
                     title="2024")
    b = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2025,
                     title="2025")
    assert landing_cycle(db, people["pejabat"]) == b.id
    assert a.id != b.id


# -- a workbook of another cycle's methodology ---------------------------------------------


def f210(report) -> str:
    [[problem]] = [[p for p in f.problems if p.code == "F210"] for f in report.files]
    return str(problem)


def test_f210_names_the_cycle_the_workbook_belongs_to(db: Database,
                                                      people: dict[str, Actor]):
    klasik = create_cycle(db, SYSTEM, methodology_id="klasik-2021", ki="KI", year=2026,
                          title="Monev Klasik 2026")
    # no cycle uses nasional-2025 yet
    message = f210(import_batch(db, SYSTEM, klasik.id, [workbook("nasional-2025")]))
    assert "tidak ada siklus berjalan yang memakai metodologi itu" in message
    assert "'Monev Klasik 2026'" in message
    assert "'klasik-2021'" in message

    # prepared: the koordinator is told it is not open yet; the admin is told to pick it
    nasional = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2025,
                            title="Monev KIP 2025", prepared=True)
    message = f210(import_batch(db, people["koordinator"], klasik.id,
                                [workbook("nasional-2025")]))
    assert "milik siklus 'Monev KIP 2025', yang masih disiapkan admin" in message
    assert "Tunggu admin KI membuka siklus itu" in message
    message = f210(import_batch(db, people["admin"], klasik.id, [workbook("nasional-2025")]))
    assert "metodologi 'nasional-2025' milik siklus 'Monev KIP 2025'" in message

    open_cycle(db, SYSTEM, nasional.id)
    message = f210(import_batch(db, people["koordinator"], klasik.id,
                                [workbook("nasional-2025")]))
    assert message.endswith(
        "Berkas ini memakai metodologi 'nasional-2025' milik siklus 'Monev KIP 2025', "
        "sedangkan siklus yang dipilih ('Monev Klasik 2026') memakai 'klasik-2021'. "
        "Pilih siklus itu di pemilih siklus di atas, lalu unggah lagi.")


# -- backup and restore ---------------------------------------------------------------------


def _without(path: Path, drop: Callable[[dict[str, list[dict]]], None]) -> Path:
    """The backup as a version before 0005 wrote it (columns dropped, hashes updated)."""
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    tables = {n[len("tables/"):-len(".json")]: json.loads(d)
              for n, d in members.items() if n.startswith("tables/")}
    drop(tables)
    out = path.with_name("lama-" + path.name)
    with zipfile.ZipFile(out, "w") as archive:
        for name, rows in tables.items():
            data = json.dumps(rows, ensure_ascii=False).encode()
            manifest["members"][f"tables/{name}.json"]["sha256"] = \
                hashlib.sha256(data).hexdigest()
            archive.writestr(f"tables/{name}.json", data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return out


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'ziel.db'}")
    yield database
    database.dispose()


def test_backup_and_restore_carry_the_opening_and_the_last_cycle(
        db: Database, other: Database, people: dict[str, Actor], tmp_path: Path):
    running = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2025,
                           title="Berjalan")
    prepared = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2026,
                            title="Disiapkan", prepared=True)
    for cycle in (running, prepared):
        body = register_body(db, SYSTEM, cycle.id, name="Dinas A", category="opd")
    set_scope(db, SYSTEM, "koor", [body.id])
    add_alias(db, people["koordinator"], running.id, body.id, "Dinas Satu")  # in its trail
    remember_cycle(db, people["koordinator"], running.id)
    remember_cycle(db, people["admin"], prepared.id)

    backups = {}
    for cycle in (running, prepared):
        backups[cycle.title] = tmp_path / f"{cycle.id}.zip"
        backup_cycle(db, SYSTEM, cycle.id, backups[cycle.title])
    # into another database: the opening time exactly, a prepared cycle stays prepared,
    # the created koordinator's last cycle is the restored one
    account(other, "adm", "admin")  # matched: keeps their own (no) choice
    again = restore_cycle(other, SYSTEM, backups["Berjalan"])
    kept = restore_cycle(other, SYSTEM, backups["Disiapkan"])
    with db.read() as session:
        opened = session.get(Cycle, running.id).opened_at
    with other.read() as session:
        assert session.get(Cycle, again.cycle_id).opened_at == opened
        assert session.get(Cycle, kept.cycle_id).opened_at is None
        chosen = dict(session.execute(select(User.username, User.last_cycle_id)).all())
    assert chosen == {"adm": None, "koor": again.cycle_id}
    assert get_cycle(other, SYSTEM, kept.cycle_id).status == "prepared"

    # a backup written before 0005: opened when made, no last cycle
    def before_0005(tables: dict[str, list[dict]]) -> None:
        for row in tables["cycles"]:
            del row["opened_at"]
        for row in tables["users"]:
            del row["last_cycle_id"]

    old = restore_cycle(other, SYSTEM, _without(backups["Disiapkan"], before_0005),
                        title="Dari cadangan lama")
    info = get_cycle(other, SYSTEM, old.cycle_id)
    assert info.status == "open"
    assert info.opened_at == info.created_at


# -- migration 0005 ---------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_0004(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database at revision 0004 (as every database was before 0005)."""
    url = (f"sqlite:///{tmp_path / 'lama.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    database = database_at(url, "0004")
    yield database
    database.dispose()


def test_migration_0005_opens_existing_cycles_and_keeps_their_data(db_0004: Database):
    made = datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC)
    frozen = json.dumps(presets().get("nasional-2025").model_dump(mode="json"))
    with db_0004.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, username, display_name, role, password_hash, active, ki, "
            "created_at, version, demo) VALUES (1, 'koor', 'Koor', 'koordinator', 'x', true, "
            "'', :at, 1, false)"), {"at": made})
        for cycle_id, year, status in ((1, 2024, "published"), (2, 2025, "open")):
            connection.execute(text(
                "INSERT INTO cycles (id, ki, year, title, methodology_id, methodology_version, "
                "methodology, status, created_at, version) VALUES (:id, 'KI', :year, :title, "
                "'nasional-2025', '1', :m, :status, :at, 1)"),
                {"id": cycle_id, "year": year, "title": f"Monev {year}", "m": frozen,
                 "status": status, "at": made})
        connection.execute(text(
            "INSERT INTO badan_publik (id, ki, name, name_key, category, region, ppid_name, "
            "ppid_contact, created_at) VALUES (1, 'KI', 'Dinas A', 'dinas a', 'opd', '', '', "
            "'', :at)"), {"at": made})
        connection.execute(text(
            "INSERT INTO participation (id, cycle_id, badan_publik_id, status, updated_at, "
            "version) VALUES (1, 2, 1, 'registered', :at, 1)"), {"at": made})
        if db_0004.dialect == "postgresql":
            for table in ("users", "cycles", "badan_publik", "participation"):
                connection.execute(text(
                    f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))

    db_0004.migrate()

    with db_0004.read() as session:
        cycles = {c.year: c for c in session.scalars(select(Cycle))}
        assert {y: (c.status, c.opened_at) for y, c in cycles.items()} == {
            2024: ("published", made), 2025: ("open", made)}
        assert session.scalar(select(User.last_cycle_id)) is None
    koordinator = actor_for(db_0004, "koor")
    assert [(c.title, c.status) for c in list_cycles(db_0004, koordinator)] == [
        ("Monev 2025", "open"), ("Monev 2024", "published")]
    assert landing_cycle(db_0004, koordinator) == 2  # the running cycle with data
    remember_cycle(db_0004, koordinator, 1)
    assert landing_cycle(db_0004, koordinator) == 1
    # new cycles after the upgrade are prepared when asked
    new = create_cycle(db_0004, SYSTEM, methodology_id="nasional-2025", ki="KI", year=2026,
                       prepared=True)
    assert [c.title for c in list_cycles(db_0004, koordinator)] == ["Monev 2025",
                                                                     "Monev 2024"]
    assert new.status == "prepared"
