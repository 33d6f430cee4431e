"""Backup → restore is lossless: identical results and identical history, on both backends.

The source cycle has two submission versions for one badan publik, a changed and a withdrawn
verification, changed and withdrawn panel scores, a bonus, an accepted appeal (with its
verification of phase ``sanggah``) and a rejected one, a locked stage, a publication that was
reopened and a second publication. It is restored into a fresh SQLite file, a fresh
PostgreSQL database and the same database under a new title; results and history are
compared modulo ids. Damaged files and collisions are refused with a UsageError and leave the
target untouched.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from monev import backup
from monev.accounts import actor_for, add_user, authenticate, set_scope
from monev.appeals import decide_appeal, file_appeal
from monev.audit import record
from monev.backup import FORMAT, FORMAT_VERSION, backup_cycle, read_backup, restore_cycle
from monev.bodies import register_body, set_participation
from monev.bonuses import record_bonus
from monev.cycles import create_cycle, load_cycle, set_deadline, set_lock
from monev.errors import PermissionDenied, UsageError
from monev.outcomes.publication import publish, reopen
from monev.outcomes.results import compute_results
from monev.panel import record_panel_score, withdraw_panel_score
from monev.permissions import SYSTEM, Actor, Role
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import (
    Alias,
    Answer,
    Appeal,
    BadanPublik,
    Base,
    Bonus,
    Cycle,
    Event,
    PanelScore,
    Participation,
    Publication,
    PublishedResult,
    StageState,
    Submission,
    User,
    Verification,
)
from storage.queries import value_to_json
from tests.conftest import cheap_hashing

PASSWORD = "Kopi-Senja-Cadangan-77"
KI = "KI Uji"
TITLE = "Monev KIP 2025"
USERS = (("admin1", "admin"), ("eva1", "evaluator"), ("eva2", "evaluator"),
         ("pejabat1", "pejabat"), ("koor1", "koordinator"))
T0 = datetime(2025, 5, 2, 1, 2, 3, 456789, tzinfo=UTC)
T1 = datetime(2025, 5, 9, 23, 59, 59, 999999, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: these tests create users, they do not test hashing."""
    cheap_hashing(monkeypatch)


# -- building the source cycle -----------------------------------------------------------------


def _store(db: Database, actor: Actor, cycle_id: int, body_id: int, version: int,
           answers: dict[str, Any], at: datetime, status: str = "submitted") -> None:
    """An upload as the import service stores it (direct rows: robust to its changes)."""
    with db.transaction() as session:
        cycle = load_cycle(session, cycle_id)
        body = session.get(BadanPublik, body_id)
        row = Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=version,
                         file_name=f"{body.name} v{version}.xlsx",
                         sha256=hashlib.sha256(f"{body_id}-{version}".encode()).hexdigest(),
                         identity={"badan_publik": body.name, "kategori": "opd"},
                         late=status == "late", uploaded_by_id=actor.id, uploaded_at=at)
        session.add(row)
        session.flush()
        for code, value in answers.items():
            session.add(Answer(submission_id=row.id, question_code=code,
                               value=value_to_json(value), evidence=f"https://bukti/{code}",
                               note="catatan" if code == "1.1" else "", cell=f"E{len(code)}"))
        record(session, actor, "import", cycle_id=cycle_id, entity="submission",
               entity_id=row.id, new={"badan_publik_id": body_id, "version": version})
        set_participation(session, actor, cycle, body, status)


def _appeals(db: Database, coordinator: Actor, verifier: Actor, cycle_id: int,
             body_id: int) -> None:
    """A sanggah accepted with a new value (verification phase sanggah), one rejected."""
    filed = file_appeal(db, coordinator, cycle_id, body_id, "SOP sudah ditetapkan dengan SK",
                        question_code="2.1", evidence="https://bukti/sk")
    decide_appeal(db, verifier, filed.id, True, "SK penetapan SOP sah", new_value=2,
                  expected_version=filed.version)
    filed = file_appeal(db, coordinator, cycle_id, body_id, "Nilai panel terlalu rendah")
    decide_appeal(db, verifier, filed.id, False, "Penilaian panel sesuai pedoman",
                  expected_version=filed.version)


def build_source(db: Database, registry: Registry) -> int:
    for username, role in USERS:
        add_user(db, SYSTEM, username=username, password=PASSWORD, role=role,
                 display_name=f"{username.upper()} Uji")
    add_user(db, SYSTEM, username="tak_terlibat", password=PASSWORD, role="evaluator")
    admin, eva1, eva2, pejabat, koor = (actor_for(db, u) for u, _ in USERS)

    # last year's cycle (linked as previous; none of its data belongs in the backup)
    old = create_cycle(db, admin, methodology_id="mini", ki=KI, year=2024, title="Monev 2024",
                       registry=registry)
    register_body(db, admin, old.id, name="Dinas Lama", category="opd")

    cycle = create_cycle(db, admin, methodology_id="mini", ki=KI, year=2025, title=TITLE,
                         previous_cycle_id=old.id, registry=registry)
    cid = cycle.id
    set_deadline(db, admin, cid, "saq", date(2025, 6, 30))
    ids = {}
    for name, aliases in (("Dinas A", ("Diskominfo A", "Kominfo A")), ("Dinas B", ()),
                          ("Dinas C", ()), ("Dinas Diam", ())):
        ids[name] = register_body(db, admin, cid, name=name, category="opd", aliases=aliases,
                                  region="Kab. Uji", ppid_name=f"PPID {name}",
                                  ppid_contact="ppid@uji.go.id").id
    a, b, c = ids["Dinas A"], ids["Dinas B"], ids["Dinas C"]
    set_scope(db, admin, "koor1", [a, b, c])
    koor = actor_for(db, "koor1")
    full = {"1.1": True, "1.2": frozenset({"a", "b"}), "2.1": 1}
    _store(db, koor, cid, a, 1, {"1.1": False, "1.2": frozenset({"a"}), "2.1": 0}, T0)
    _store(db, koor, cid, a, 2, full, T1)
    _store(db, koor, cid, b, 1, {"1.1": True, "1.2": frozenset({"a"}), "2.1": 2}, T0,
           status="late")
    _store(db, koor, cid, c, 1, {**full, "1.2": frozenset({"a", "b", "c"}), "2.1": None}, T1)

    # verifications: one changed by a second verifikator, one withdrawn, one plain
    verify_answer(db, eva1, cid, a, "1.1", False, "Tautan DIP tidak dapat dibuka",
                  expected_seq=0)
    verify_answer(db, eva2, cid, a, "1.1", True, "DIP ditemukan di laman PPID", expected_seq=1)
    verify_answer(db, eva1, cid, b, "2.1", 1, "SOP masih draf", expected_seq=0)
    withdraw_verification(db, eva1, cid, b, "2.1", "Salah badan publik", expected_seq=1)
    verify_answer(db, eva2, cid, c, "1.2", {"a"}, "Hanya RKA yang ada", expected_seq=0)

    # panel: two jurors, one score changed, one withdrawn
    for body, scores in ((a, ("80", "90")), (b, ("70.25", "66")), (c, ("88.5", "91.75"))):
        for juror, score in zip(("Juri 1", "Juri 2"), scores, strict=True):
            record_panel_score(db, eva1, cid, body, "panel", juror, "K", score, expected_seq=0)
    record_panel_score(db, eva2, cid, a, "panel", "Juri 1", "K", "85.5", expected_seq=1,
                       reason="Salah ketik")
    withdraw_panel_score(db, eva2, cid, b, "panel", "Juri 2", "K", "Juri tidak hadir",
                         expected_seq=1)
    record_bonus(db, eva1, cid, a, "pimpinan_hadir", "2.5", "Kepala dinas hadir langsung",
                 expected_seq=0)

    _appeals(db, koor, eva1, cid, b)
    set_lock(db, admin, cid, "saq", True)
    publish(db, pejabat, cid)
    reopen(db, pejabat, cid, reason="Putusan pleno: nilai panel Dinas C dikoreksi")
    record_panel_score(db, eva1, cid, c, "panel", "Juri 1", "K", "84", expected_seq=1,
                       reason="Koreksi pleno")
    publish(db, pejabat, cid)
    return cid


@pytest.fixture
def source(db: Database, mini_registry: Registry) -> int:
    return build_source(db, mini_registry)


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Factory of fresh, migrated target databases ('sqlite' file or 'postgresql')."""
    made: list[tuple[Database, Callable[[], None]]] = []

    def make(kind: str) -> Database:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'target{len(made)}.db'}"
            drop: Callable[[], None] = lambda: None  # noqa: E731
        else:
            server = request.getfixturevalue("postgres_server")
            url = server.create_database()
            drop = lambda: server.drop_database(url)  # noqa: E731
        database = Database(url)
        made.append((database, drop))
        return database

    yield make
    for database, drop in made:
        database.dispose()
        drop()


# -- what must survive -------------------------------------------------------------------------


def results_of(db: Database, cycle_id: int) -> dict[str, Any]:
    return {r.result.badan_publik: (r.region, r.result)
            for r in compute_results(db, SYSTEM, cycle_id)}


HISTORY_MODELS: tuple[type[Base], ...] = (
    StageState, Participation, Submission, Answer, Appeal, Verification, PanelScore, Bonus,
    Publication, PublishedResult, Event)


def history(db: Database, cycle_id: int) -> dict[str, Any]:
    """Everything of a cycle with ids replaced by natural keys (names, versions, seqs)."""
    with db.read() as session:
        def pairs(*columns: Any) -> dict[Any, Any]:
            return {key: value for key, value in session.execute(select(*columns))}

        users = pairs(User.id, User.username)
        bodies = pairs(BadanPublik.id, BadanPublik.name)
        submissions = {i: (bodies[b], v) for i, b, v in session.execute(
            select(Submission.id, Submission.badan_publik_id, Submission.version))}
        appeals = {i: (bodies[b], at) for i, b, at in session.execute(
            select(Appeal.id, Appeal.badan_publik_id, Appeal.filed_at))}
        publications = pairs(Publication.id, Publication.seq)
        keys = {"users": users, "badan_publik": bodies, "submissions": submissions,
                "appeals": appeals, "publications": publications,
                "cycles": {cycle_id: "<siklus>"}}
        entities = {"badan_publik": bodies, "submission": submissions, "appeal": appeals,
                    "cycle": {cycle_id: "<siklus>"}}

        def plain(row: Any) -> dict[str, Any]:
            out = {}
            for column in row.__table__.columns:
                value = getattr(row, column.name)
                if column.name in ("id", "previous_cycle_id"):  # compared on their own
                    continue
                if column.foreign_keys and value is not None:
                    target = next(iter(column.foreign_keys)).column.table.name
                    value = keys[target][value]
                out[column.name] = value
            if isinstance(row, Event):
                if row.entity in entities and row.entity_id.isdigit():
                    out["entity_id"] = entities[row.entity][int(row.entity_id)]
                for side in ("old", "new"):  # ids inside the payload name the same rows
                    if isinstance(out[side], dict):
                        out[side] = {k: bodies[v] if k in ("badan_publik", "badan_publik_id")
                                     else v for k, v in out[side].items()}
            return out

        sub_ids = select(Submission.id).where(Submission.cycle_id == cycle_id)
        pub_ids = select(Publication.id).where(Publication.cycle_id == cycle_id)
        out: dict[str, Any] = {}
        for model in HISTORY_MODELS:
            if model is Answer:
                where = Answer.submission_id.in_(sub_ids)
            elif model is PublishedResult:
                where = PublishedResult.publication_id.in_(pub_ids)
            else:
                where = model.cycle_id == cycle_id
            out[model.__tablename__] = [plain(r) for r in session.scalars(
                select(model).where(where).order_by(model.id))]
        out["cycle"] = plain(session.get(Cycle, cycle_id))
        taking_part = select(Participation.badan_publik_id).where(
            Participation.cycle_id == cycle_id)
        out["badan_publik"] = sorted(
            (b.name, b.category, b.region, b.ppid_name, b.ppid_contact, b.ki) for b in
            session.scalars(select(BadanPublik).where(BadanPublik.id.in_(taking_part))))
        out["aliases"] = sorted((bodies[a.badan_publik_id], a.alias) for a in session.scalars(
            select(Alias).where(Alias.badan_publik_id.in_(taking_part))))
        return out


def table_counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {name: session.scalar(select(func.count()).select_from(table))
                for name, table in Base.metadata.tables.items()}


def assert_same_cycle(db_a: Database, cycle_a: int, db_b: Database, cycle_b: int, *,
                      title: str = TITLE) -> None:
    assert results_of(db_b, cycle_b) == results_of(db_a, cycle_a)
    want, got = history(db_a, cycle_a), history(db_b, cycle_b)
    assert got.pop("cycle") == {**want.pop("cycle"), "title": title}
    for table in want:
        assert got[table] == want[table], table


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_restore_into_a_fresh_database_is_lossless(db, source, fresh, tmp_path, target):
    file = tmp_path / "siklus.zip"
    made = backup_cycle(db, SYSTEM, source, file)
    assert made.path == file
    assert file.stat().st_size == made.bytes
    assert made.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()

    other = fresh(target)
    restored = restore_cycle(other, SYSTEM, file)
    assert restored.title == TITLE
    assert restored.source_cycle_id == source
    assert restored.source_dialect == db.dialect
    assert restored.bodies_created == 4
    assert restored.bodies_matched == 0
    assert sorted(restored.users_created) == sorted(u for u, _ in USERS)
    assert restored.counts["verifications"] == 6
    assert any("2024" in w for w in restored.warnings)  # previous cycle is not there

    assert_same_cycle(db, source, other, restored.cycle_id)
    with other.read() as session:
        cycle = session.get(Cycle, restored.cycle_id)
        assert (cycle.status, cycle.previous_cycle_id) == ("published", None)
        assert session.scalar(select(func.count(BadanPublik.id))) == 4  # not "Dinas Lama"
        assert session.scalar(select(func.count(Cycle.id))) == 1
        restore_event = session.scalar(select(Event).where(Event.action == "cycle.restore"))
        assert restore_event.cycle_id is None  # the cycle's own trail stays identical
        assert restore_event.entity_id == str(restored.cycle_id)
        people = {u.username: u for u in session.scalars(select(User))}
    # names in the trail survive; the accounts cannot log in
    assert set(people) == {u for u, _ in USERS}
    assert all(not u.active for u in people.values())
    assert people["eva2"].display_name == "EVA2 Uji"
    assert people["eva2"].role == "evaluator"
    assert authenticate(other, "eva1", PASSWORD) is None

    # a backup of the restored cycle restores to the same thing again
    again = io.BytesIO()
    backup_cycle(other, SYSTEM, restored.cycle_id, again)
    third = fresh("sqlite")
    second = restore_cycle(third, SYSTEM, io.BytesIO(again.getvalue()))
    assert_same_cycle(db, source, third, second.cycle_id)


def test_restore_into_the_same_database_under_a_new_title(db, source):
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, source, buffer)
    before = table_counts(db)
    with pytest.raises(UsageError, match="sudah ada"):
        restore_cycle(db, SYSTEM, io.BytesIO(buffer.getvalue()))
    assert table_counts(db) == before

    restored = restore_cycle(db, SYSTEM, io.BytesIO(buffer.getvalue()),
                             title="Monev KIP 2025 (pulihan)")
    assert restored.cycle_id != source
    assert restored.bodies_matched == 4
    assert restored.bodies_created == 0
    assert restored.users_created == ()
    assert len(restored.users_matched) == len(USERS)
    assert restored.warnings == ()
    assert_same_cycle(db, source, db, restored.cycle_id, title="Monev KIP 2025 (pulihan)")
    after = table_counts(db)
    assert after["users"] == before["users"]
    assert after["badan_publik"] == before["badan_publik"]
    assert after["aliases"] == before["aliases"]
    assert after["verifications"] == 2 * before["verifications"]
    with db.read() as session:
        original, copy = session.get(Cycle, source), session.get(Cycle, restored.cycle_id)
        assert copy.previous_cycle_id == original.previous_cycle_id is not None
    with pytest.raises(UsageError, match="sudah ada"):
        restore_cycle(db, SYSTEM, io.BytesIO(buffer.getvalue()),
                      title="Monev KIP 2025 (pulihan)")


def test_the_backup_file(db, source, tmp_path):
    file = tmp_path / "siklus.zip"
    info = backup_cycle(db, SYSTEM, source, file)
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        members = {n: archive.read(n) for n in names}
    assert names[0] == "manifest.json"
    assert manifest["format"] == FORMAT
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["source"]["dialect"] == db.dialect
    assert manifest["source"]["schema_revision"]
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert manifest["cycle"] | {"id": 0} == {
        "id": 0, "ki": KI, "year": 2025, "title": TITLE, "methodology_id": "mini",
        "methodology_version": "1", "status": "published"}
    assert manifest["counts"] == info.counts
    for name, meta in manifest["members"].items():
        assert hashlib.sha256(members[name]).hexdigest() == meta["sha256"]
    tables = {n.removeprefix("tables/").removesuffix(".json"): json.loads(data)
              for n, data in members.items() if n.startswith("tables/")}
    assert {n: len(rows) for n, rows in tables.items()} == info.counts

    # only the users the cycle refers to, without any password hash
    assert sorted(u["username"] for u in tables["users"]) == sorted(u for u, _ in USERS)
    assert all(set(u) == {"id", "username", "display_name", "role", "active", "ki",
                          "last_cycle_id"}
               for u in tables["users"])
    assert not any(b"argon2" in data or b"password" in data for data in members.values())
    # only this cycle's badan publik; decimals as text; datetimes with their offset
    assert sorted(b["name"] for b in tables["badan_publik"]) == [
        "Dinas A", "Dinas B", "Dinas C", "Dinas Diam"]
    assert {s["score"] for s in tables["panel_scores"]} >= {"85.50", "70.25", None}
    assert tables["bonuses"][0]["points"] == "2.50"
    assert all(v["created_at"].endswith("+00:00") for v in tables["verifications"])
    assert tables["stage_states"][0]["deadline"] == "2025-06-30"
    assert tables["cycles"][0]["methodology"]["id"] == "mini"
    assert tables["cycles"][0]["previous_cycle"] == {"ki": KI, "year": 2024,
                                                     "title": "Monev 2024"}
    assert all(e["cycle_id"] == source for e in tables["events"])

    manifest_read, decoded = read_backup(file)
    assert manifest_read == manifest
    assert decoded["bonuses"][0]["points"] == Decimal("2.50")


# -- refused restores leave nothing behind ------------------------------------------------------


def _rezip(payload: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _edit_table(name: str, edit: Callable[[list[dict]], None], *,
                rehash: bool) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        member = f"tables/{name}.json"
        rows = json.loads(members[member])
        edit(rows)
        members[member] = json.dumps(rows).encode()
        if rehash:
            manifest = json.loads(members["manifest.json"])
            manifest["members"][member]["sha256"] = hashlib.sha256(members[member]).hexdigest()
            manifest["counts"][name] = len(rows)
            members["manifest.json"] = json.dumps(manifest).encode()
    return change


def _set_manifest(key: str, value: Any) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest[key] = value
        members["manifest.json"] = json.dumps(manifest).encode()
    return change


def _flip_compressed_byte(payload: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        info = archive.getinfo(member)
    data = bytearray(payload)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def _bad_files(good: bytes) -> dict[str, tuple[bytes, str]]:
    """Damaged variants of a good backup → the words their error must contain."""
    def reason(rows: list[dict]) -> None:
        rows[0]["reason"] = "diubah diam-diam"

    def dangling(rows: list[dict]) -> None:
        rows[0]["badan_publik_id"] = 999_999

    def bad_decimal(rows: list[dict]) -> None:
        rows[0]["score"] = "delapan puluh"

    return {
        "truncated": (good[: len(good) // 2], "terpotong"),
        "not a zip": (b"PK\x03\x04 bukan zip sama sekali", "bukan cadangan"),
        "empty": (b"", "bukan cadangan"),
        "crc": (_flip_compressed_byte(good, "tables/verifications.json"), "rusak"),
        "hash mismatch": (_rezip(good, _edit_table("verifications", reason, rehash=False)),
                          "SHA-256"),
        "no manifest": (_rezip(good, lambda m: m.pop("manifest.json")), "manifest.json"),
        "member missing": (_rezip(good, lambda m: m.pop("tables/bonuses.json")),
                           "tidak lengkap"),
        "other format": (_rezip(good, _set_manifest("format", "lain")), "bukan cadangan"),
        "newer version": (_rezip(good, _set_manifest("format_version", FORMAT_VERSION + 1)),
                          f"versi {FORMAT_VERSION + 1}"),
        "dangling reference": (
            _rezip(good, _edit_table("verifications", dangling, rehash=True)),
            "tidak ada di cadangan"),
        "bad value": (_rezip(good, _edit_table("panel_scores", bad_decimal, rehash=True)),
                      "angka desimal"),
        "row count": (_rezip(good, _set_manifest("counts", {})), "tidak konsisten"),
    }


def test_damaged_files_are_refused_and_the_target_is_untouched(db, source, tmp_path):
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, source, buffer)
    before = table_counts(db)
    for case, (payload, words) in _bad_files(buffer.getvalue()).items():
        path = tmp_path / f"{case}.zip"
        path.write_bytes(payload)
        with pytest.raises(UsageError, match=words):
            restore_cycle(db, SYSTEM, path, title=f"Pulihan {case}")
        assert table_counts(db) == before, case
    with pytest.raises(UsageError, match="tidak ditemukan"):
        restore_cycle(db, SYSTEM, tmp_path / "tidak-ada.zip", title="x")
    assert table_counts(db) == before


def test_a_failure_in_the_middle_leaves_nothing_behind(db, source, fresh, monkeypatch):
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, source, buffer)
    other = fresh("sqlite")
    # a body that exists with another category: scores would differ, so it is refused
    # after the users were already inserted in the same transaction
    bystander = create_cycle(other, SYSTEM, methodology_id="mini", ki=KI, year=2025,
                             title="Lain", registry=_registry_of(db, source))
    register_body(other, SYSTEM, bystander.id, name="dinas  b", category="desa")
    before = table_counts(other)
    with pytest.raises(UsageError, match="kategori lain"):
        restore_cycle(other, SYSTEM, io.BytesIO(buffer.getvalue()))
    assert table_counts(other) == before

    # an error at the very end (after every row was inserted) rolls everything back
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("gagal di akhir")

    monkeypatch.setattr(backup, "record", boom)
    before = table_counts(db)
    with pytest.raises(RuntimeError):
        restore_cycle(db, SYSTEM, io.BytesIO(buffer.getvalue()), title="Pulihan gagal")
    assert table_counts(db) == before


def _registry_of(db: Database, cycle_id: int) -> Registry:
    from monev.cycles import methodology_of

    with db.read() as session:
        return Registry([methodology_of(load_cycle(session, cycle_id))])


def test_only_admins_back_up_and_restore(db, source, tmp_path):
    file = tmp_path / "siklus.zip"
    for role in (Role.EVALUATOR, Role.OFFICIAL, Role.COORDINATOR):
        actor = Actor(id=None, username="x", role=role)
        with pytest.raises(PermissionDenied):
            backup_cycle(db, actor, source, file)
        assert not file.exists()
    backup_cycle(db, SYSTEM, source, file)
    before = table_counts(db)
    with pytest.raises(PermissionDenied):
        restore_cycle(db, Actor(id=None, username="x", role=Role.EVALUATOR), file, title="y")
    assert table_counts(db) == before
