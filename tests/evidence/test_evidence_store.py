"""Both evidence stores, for real on SQLite and PostgreSQL (the ``db`` fixture): bytes in,
the same bytes out, stored once per SHA-256, written atomically, damage and absence told in
Indonesian; the configuration chooses the store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from evidence_samples import pdf_bytes
from sqlalchemy import func, select, update

from evidence.store import (
    DIR_VARIABLE,
    STORE_VARIABLE,
    DatabaseStore,
    EvidenceMissing,
    EvidenceStore,
    EvidenceStoreError,
    FolderStore,
    configured_store,
    default_folder,
    sha256_of,
)
from storage.db import Database
from storage.models import EvidenceContent


@pytest.fixture(params=["folder", "database"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> EvidenceStore:
    return FolderStore(tmp_path / "bukti") if request.param == "folder" else DatabaseStore()


def test_bytes_come_back_as_they_went_in(db: Database, store: EvidenceStore):
    data = pdf_bytes(2)
    with db.transaction() as session:
        sha = store.put(session, data)
        assert store.put(session, data) == sha  # the same content again: a no-op
    assert sha == sha256_of(data)
    with db.read() as session:
        assert store.exists(session, sha)
        assert store.get(session, sha) == data
        assert not store.exists(session, sha256_of(b"lain"))


def test_stored_once_per_content(db: Database, store: EvidenceStore, tmp_path: Path):
    data = pdf_bytes(1)
    for _ in range(3):
        with db.transaction() as session:
            store.put(session, data)
    with db.read() as session:
        rows = session.scalar(select(func.count()).select_from(EvidenceContent))
    if isinstance(store, FolderStore):
        files = [p for p in (tmp_path / "bukti").rglob("*") if p.is_file()]
        assert files == [store.path_of(sha256_of(data))]  # no temporary file left behind
        assert rows == 0
    else:
        assert rows == 1


def test_missing_content_is_told_in_indonesian(db: Database, store: EvidenceStore):
    with db.read() as session, pytest.raises(EvidenceMissing, match="tidak ditemukan"):
        store.get(session, sha256_of(b"tidak pernah disimpan"))


def test_damaged_content_is_refused(db: Database, store: EvidenceStore):
    data = pdf_bytes(1)
    with db.transaction() as session:
        sha = store.put(session, data)
    if isinstance(store, FolderStore):
        store.path_of(sha).write_bytes(data[:-10])
    else:
        with db.transaction() as session:
            session.execute(update(EvidenceContent).values(content=data[:-10]))
    with db.read() as session, pytest.raises(EvidenceMissing, match="rusak"):
        store.get(session, sha)
    with db.transaction() as session:  # storing it again repairs it
        store.put(session, data)
    with db.read() as session:
        if isinstance(store, FolderStore):
            assert store.get(session, sha) == data


def test_database_store_lands_with_the_transaction(db: Database):
    store, data = DatabaseStore(), pdf_bytes(1)

    def failing_use_case() -> None:
        with db.transaction() as session:
            store.put(session, data)
            raise RuntimeError("use case failed after storing")

    with pytest.raises(RuntimeError):
        failing_use_case()
    sha = sha256_of(data)
    with db.read() as session:
        assert not store.exists(session, sha)


def test_two_writers_of_the_same_content_both_succeed(db: Database):
    """Two app instances storing one file at once: neither fails, one row is kept."""
    store, data = DatabaseStore(), pdf_bytes(3)
    first_inserted, errors = threading.Event(), []

    def other() -> None:
        try:
            first_inserted.wait(10)
            with db.transaction() as session:
                store.put(session, data)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=other)
    worker.start()
    with db.transaction() as session:
        store.put(session, data)
        first_inserted.set()
        worker.join(0.5)  # PostgreSQL: the other waits on the key; SQLite: on the lock
    worker.join(30)
    assert errors == []
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceContent)) == 1


def test_the_folder_store_refuses_a_folder_it_cannot_write(db: Database, tmp_path: Path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("berkas biasa")
    with db.transaction() as session, pytest.raises(EvidenceStoreError, match="tidak dapat "
                                                                                "disimpan"):
        FolderStore(blocker / "bukti").put(session, pdf_bytes(1))


def test_a_hash_is_never_a_path(tmp_path: Path):
    with pytest.raises(ValueError, match="not a SHA-256"):
        FolderStore(tmp_path).path_of("../../etc/passwd")


def test_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'monev.db'}")
    try:
        monkeypatch.delenv(STORE_VARIABLE, raising=False)
        monkeypatch.delenv(DIR_VARIABLE, raising=False)
        default = configured_store(db)
        assert isinstance(default, FolderStore)
        assert default.root == tmp_path / "evidence" == default_folder(db)
        monkeypatch.setenv(DIR_VARIABLE, str(tmp_path / "lain"))
        assert configured_store(db).root == tmp_path / "lain"
        monkeypatch.setenv(STORE_VARIABLE, " Database ")
        assert isinstance(configured_store(db), DatabaseStore)
        monkeypatch.setenv(STORE_VARIABLE, "s3")
        with pytest.raises(EvidenceStoreError, match="MONEV_EVIDENCE_STORE='s3' tidak dikenal"):
            configured_store(db)
    finally:
        db.dispose()


def test_the_default_folder_is_under_data_for_a_server_database(postgres_url: str):
    db = Database(postgres_url)
    try:
        assert default_folder(db).parts[-2:] == ("data", "evidence")
    finally:
        db.dispose()
