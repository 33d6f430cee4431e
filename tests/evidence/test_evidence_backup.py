"""Backup → restore keeps every evidence file byte for byte, with its attachments (the
withdrawn ones too) and their audit events, into a fresh SQLite or PostgreSQL database and
either store; a backup made before evidence files existed (format 1) still restores; a
damaged or missing file in the backup is refused before anything is stored."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from evidence_samples import image_bytes, pdf_bytes
from sqlalchemy import select

from evidence.files import attach_file, fetch_file, list_files, withdraw_file
from evidence.store import DatabaseStore, EvidenceStore, FolderStore
from monev.appeals import file_appeal
from monev.backup import FORMAT_VERSION, backup_cycle, read_backup, restore_cycle
from monev.errors import UsageError
from monev.permissions import SYSTEM
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Event, EvidenceBlob, EvidenceFile
from tests.monev.test_evaluation import (  # noqa: F401 (fixture)
    World,
    _fast_hashing,
    count,
    make_world,
)


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Factory of fresh, migrated target databases ('sqlite' file or 'postgresql')."""
    made: list[tuple[Database, Callable[[], None]]] = []

    def make(kind: str) -> Database:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'tujuan{len(made)}.db'}"
            made.append((Database(url), lambda: None))
        else:
            server = request.getfixturevalue("postgres_server")
            url = server.create_database()
            made.append((Database(url), lambda: server.drop_database(url)))
        return made[-1][0]

    yield make
    for database, drop in made:
        database.dispose()
        drop()


FILES = {"sk.pdf": pdf_bytes(3, "SK PPID"), "dip.pdf": pdf_bytes(2, "DIP"),
         "foto.jpg": image_bytes("JPEG"), "salah.pdf": pdf_bytes(1, "Salah")}


def build(w: World, store: EvidenceStore) -> int:
    """Attachments of every kind: one content on two questions, an image, a withdrawn
    file, and new evidence with an appeal. Returns the appeal id."""
    for name, code in (("sk.pdf", "1.1"), ("sk.pdf", "2.1"), ("dip.pdf", "1.2"),
                       ("foto.jpg", "1.1"), ("salah.pdf", "2.1")):
        attach_file(w.db, w.coordinator, w.cycle_id, w.opd, code, name, FILES[name],
                    store=store)
    wrong = next(f for f in list_files(w.db, SYSTEM, w.cycle_id) if f.file_name == "salah.pdf")
    withdraw_file(w.db, w.coordinator, wrong.id, reason="berkas keliru")
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP sudah ada",
                         question_code="1.1")
    attach_file(w.db, w.coordinator, w.cycle_id, w.opd, None, "dip-baru.pdf",
                pdf_bytes(4, "DIP baru"), appeal_id=appeal.id, store=store)
    return appeal.id


def shown(db: Database, cycle_id: int, store: EvidenceStore) -> list[tuple]:
    """Every current file as users see it, with its bytes' hash (fetched from `store`)."""
    out = []
    for f in list_files(db, SYSTEM, cycle_id, store=store):
        assert f.stored
        data = fetch_file(db, SYSTEM, f.id, store=store).data
        out.append((f.body_name, f.question_code, f.file_name, f.size_bytes, f.pages,
                    f.media_type, f.purpose, f.appeal_id is not None, f.uploaded_by,
                    f.uploaded_at, hashlib.sha256(data).hexdigest(), data))
    return out


def trail(db: Database, cycle_id: int) -> list[tuple]:
    with db.read() as session:
        rows = session.scalars(select(EvidenceFile).where(EvidenceFile.cycle_id == cycle_id)
                               .order_by(EvidenceFile.id)).all()
        ids = {r.id: n for n, r in enumerate(rows)}
        events = session.scalars(select(Event).where(
            Event.cycle_id == cycle_id, Event.action.like("evidence.%")).order_by(Event.id))
        return ([(r.question_code, r.file_name, r.sha256, r.purpose, r.withdrawn,
                  r.uploaded_at) for r in rows],
                [(e.action, ids[int(e.entity_id)], e.reason, e.at) for e in events])


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_every_file_survives_byte_for_byte(db: Database, mini_registry: Registry,
                                           fresh: Callable[[str], Database], tmp_path: Path,
                                           target: str):
    w = make_world(db, mini_registry)
    source_store = FolderStore(tmp_path / "asal")
    build(w, source_store)
    before = shown(db, w.cycle_id, source_store)
    assert len(before) == 5  # the withdrawn one is not shown
    file = tmp_path / "cadangan.zip"
    made = backup_cycle(db, SYSTEM, w.cycle_id, file, store=source_store)
    assert made.counts["evidence_files"] == 7  # the withdrawal row too
    assert made.counts["evidence_blobs"] == 5  # sk.pdf once
    with zipfile.ZipFile(file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        blobs = [n for n in archive.namelist() if n.startswith("evidence/")]
        for name in blobs:  # each blob's bytes are named and listed by their SHA-256
            data = archive.read(name)
            assert hashlib.sha256(data).hexdigest() == name.removeprefix("evidence/")
            assert manifest["members"][name]["sha256"] == name.removeprefix("evidence/")
    assert len(blobs) == 5
    assert manifest["format_version"] == FORMAT_VERSION

    other, target_store = fresh(target), DatabaseStore()  # the other kind of store
    restored = restore_cycle(other, SYSTEM, file, store=target_store)
    after = shown(other, restored.cycle_id, target_store)
    assert [row[:-1] for row in after] == [row[:-1] for row in before]
    assert [row[-1] for row in after] == [row[-1] for row in before]  # byte for byte
    assert trail(other, restored.cycle_id) == trail(db, w.cycle_id)
    assert count(other, EvidenceBlob) == 5

    # and back again, from the database store into a folder
    again = io.BytesIO()
    backup_cycle(other, SYSTEM, restored.cycle_id, again, store=target_store)
    third, third_store = fresh("sqlite"), FolderStore(tmp_path / "ketiga")
    second = restore_cycle(third, SYSTEM, io.BytesIO(again.getvalue()), store=third_store)
    assert [row[-1] for row in shown(third, second.cycle_id, third_store)] == [
        row[-1] for row in before]


def test_restoring_into_the_same_database_shares_the_stored_content(
        db: Database, mini_registry: Registry, tmp_path: Path):
    w = make_world(db, mini_registry)
    store = FolderStore(tmp_path / "bukti")
    build(w, store)
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, w.cycle_id, buffer, store=store)
    files_before = sorted(p for p in store.root.rglob("*") if p.is_file())
    copy = restore_cycle(db, SYSTEM, io.BytesIO(buffer.getvalue()), title="Salinan",
                         store=store)
    assert count(db, EvidenceBlob) == 5  # the same contents: described once
    assert sorted(p for p in store.root.rglob("*") if p.is_file()) == files_before
    assert [r[2:] for r in shown(db, copy.cycle_id, store)] == [
        r[2:] for r in shown(db, w.cycle_id, store)]


def _rezip(payload: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_backup_made_before_evidence_files_still_restores(
        db: Database, mini_registry: Registry, fresh: Callable[[str], Database],
        tmp_path: Path):
    w = make_world(db, mini_registry)
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, w.cycle_id, buffer, store=FolderStore(tmp_path / "bukti"))

    def as_version_1(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 1
        for name in ("evidence_blobs", "evidence_files"):
            del members[f"tables/{name}.json"]
            del manifest["members"][f"tables/{name}.json"]
            del manifest["counts"][name]
        members["manifest.json"] = json.dumps(manifest).encode()

    old = _rezip(buffer.getvalue(), as_version_1)
    _, tables = read_backup(io.BytesIO(old))
    assert tables["evidence_files"] == []
    target = fresh("sqlite")
    restored = restore_cycle(target, SYSTEM, io.BytesIO(old),
                             store=FolderStore(tmp_path / "tujuan"))
    assert list_files(target, SYSTEM, restored.cycle_id) == []
    assert restored.counts["submissions"] == 1


def test_a_damaged_or_missing_file_in_the_backup_is_refused(
        db: Database, mini_registry: Registry, fresh: Callable[[str], Database],
        tmp_path: Path):
    w = make_world(db, mini_registry)
    store = FolderStore(tmp_path / "bukti")
    build(w, store)
    buffer = io.BytesIO()
    backup_cycle(db, SYSTEM, w.cycle_id, buffer, store=store)
    blob = next(n for n in zipfile.ZipFile(io.BytesIO(buffer.getvalue())).namelist()
                if n.startswith("evidence/"))

    def damaged(members: dict[str, bytes]) -> None:
        members[blob] = members[blob][:-1] + b"!"

    def missing(members: dict[str, bytes]) -> None:
        del members[blob]

    target, target_store = fresh("sqlite"), FolderStore(tmp_path / "tujuan")
    for change, words in ((damaged, "SHA-256"), (missing, "tidak lengkap")):
        with pytest.raises(UsageError, match=words):
            restore_cycle(target, SYSTEM, io.BytesIO(_rezip(buffer.getvalue(), change)),
                          store=target_store)
    assert count(target, EvidenceFile) == 0
    assert not target_store.root.exists()


def test_a_file_missing_from_the_store_stops_the_backup(db: Database, mini_registry: Registry,
                                                        tmp_path: Path):
    w = make_world(db, mini_registry)
    store = FolderStore(tmp_path / "bukti")
    attach_file(db, w.coordinator, w.cycle_id, w.opd, "1.1", "sk.pdf", FILES["sk.pdf"],
                store=store)
    for path in store.root.rglob("*"):
        if path.is_file():
            path.unlink()
    [lost] = list_files(db, SYSTEM, w.cycle_id, store=store)
    assert not lost.stored  # the app shows it as lost, with no download
    target = tmp_path / "cadangan.zip"
    with pytest.raises(UsageError, match="Cadangan tidak dibuat: Isi berkas data dukung"):
        backup_cycle(db, SYSTEM, w.cycle_id, target, store=store)
    assert list(tmp_path.glob("*cadangan*")) == []  # no partial or temporary file left
