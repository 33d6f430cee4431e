"""Attaching, listing, fetching and withdrawing evidence files, for real on SQLite and
PostgreSQL with both stores: stored once per content, append-only, rights and locks
checked against the database, refusals leave nothing behind, every change audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_samples import encrypted_pdf, image_bytes, pdf_bytes, scanned_pdf
from sqlalchemy import func, select

from evidence.files import attach_file, clean_file_name, fetch_file, list_files, withdraw_file
from evidence.inspect import EvidenceRefused
from monev.appeals import decide_appeal, file_appeal
from monev.bodies import register_body
from monev.cycles import create_cycle, set_lock
from monev.errors import NotFound, PermissionDenied, StageLocked, UsageError
from monev.permissions import SYSTEM
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Event, EvidenceBlob, EvidenceContent, EvidenceFile
from tests.monev.test_evaluation import (  # noqa: F401 (fixture)
    World,
    _fast_hashing,
    count,
    make_world,
    publish_directly,
)


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def evidence_rows(db: Database) -> tuple[int, int, int, int]:
    """(blobs, contents, attachment rows, evidence events)."""
    with db.read() as session:
        events = session.scalar(select(func.count(Event.id)).where(
            Event.action.like("evidence.%")))
    return (count(db, EvidenceBlob), count(db, EvidenceContent), count(db, EvidenceFile),
            events)


def test_attach_list_fetch(w: World, store_kind: str, tmp_path: Path):
    data = pdf_bytes(3)
    done = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1",
                       "C:\\fakepath\\SK PPID 2025.pdf", data)
    assert done.created
    assert not done.blob_reused
    info = done.file
    assert (info.file_name, info.question_code, info.pages, info.size_bytes) == (
        "SK PPID 2025.pdf", "1.1", 3, len(data))
    assert (info.media_type, info.purpose, info.uploaded_by, info.body_name) == (
        "application/pdf", "answer", "PPID", "Dinas Kominfo")
    assert info.uploaded_at.tzinfo is not None

    # the verifikator sees it, beside the question, and downloads the same bytes
    [listed] = list_files(w.db, w.verifier, w.cycle_id, body_id=w.opd, question_code="1.1")
    assert listed == info
    fetched = fetch_file(w.db, w.verifier, info.id)
    assert fetched.data == data
    assert fetched.file.download_name == "SK PPID 2025.pdf"

    blobs, contents, rows, events = evidence_rows(w.db)
    assert (blobs, rows, events) == (1, 1, 1)
    if store_kind == "database":
        assert contents == 1
        assert stored_files(tmp_path / "bukti") == []
    else:
        assert contents == 0
        assert len(stored_files(tmp_path / "bukti")) == 1


def test_the_same_file_twice_is_stored_once(w: World, store_kind: str, tmp_path: Path):
    data = pdf_bytes(2)
    first = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip.pdf", data)
    again = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip (1).pdf", data)
    assert not again.created  # the same question: nothing changes
    assert again.file.id == first.file.id
    assert again.file.file_name == "dip.pdf"
    other = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "2.1", "dip.pdf", data)
    assert other.created
    assert other.blob_reused
    blobs, contents, rows, events = evidence_rows(w.db)
    assert (blobs, rows, events) == (1, 2, 2)
    assert contents + len(stored_files(tmp_path / "bukti")) == 1  # the bytes, once
    assert [f.question_code for f in list_files(w.db, w.verifier, w.cycle_id,
                                                body_id=w.opd)] == ["1.1", "2.1"]


@pytest.mark.parametrize(("data", "code"), [
    (b"Daftar Informasi Publik\n" * 50, "E601"),  # a text file renamed .pdf
    (None, "E602"),  # oversized
    (encrypted_pdf(), "E603"),
])
def test_refused_files_leave_nothing_behind(w: World, folder_store: Path, data: bytes | None,
                                            code: str):
    data = data if data is not None else scanned_pdf(2_050_000)
    with pytest.raises(EvidenceRefused) as refused:
        attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "bukti.pdf", data)
    assert refused.value.problem.code == code
    assert evidence_rows(w.db) == (0, 0, 0, 0)
    assert stored_files(folder_store) == []


def test_the_cycle_methodology_sets_the_limit(db: Database, mini_registry: Registry,
                                              folder_store: Path):
    mini = mini_registry.get("mini")
    strict = Registry([mini.model_copy(update={"evidence_max_bytes": 1_000})])
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Ketat", year=2025,
                         registry=strict)
    body = register_body(db, SYSTEM, cycle.id, name="Dinas Ketat", category="opd")
    with pytest.raises(EvidenceRefused, match="melebihi batas 1 kB"):
        attach_file(db, SYSTEM, cycle.id, body.id, "1.1", "dip.pdf", pdf_bytes(5))
    assert attach_file(db, SYSTEM, cycle.id, body.id, "1.1", "foto.png",
                       image_bytes("PNG", (4, 4))).created


def test_rights_are_read_from_the_database(w: World, folder_store: Path):
    data = pdf_bytes(1)
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        attach_file(w.db, w.coordinator, w.cycle_id, w.desa, "1.1", "dip.pdf", data)
    with pytest.raises(PermissionDenied, match="mengunggah berkas data dukung"):
        attach_file(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "dip.pdf", data)
    assert evidence_rows(w.db) == (0, 0, 0, 0)
    assert stored_files(folder_store) == []

    mine = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip.pdf", data).file
    theirs = attach_file(w.db, SYSTEM, w.cycle_id, w.desa, "1.1", "desa.pdf",
                         pdf_bytes(2)).file  # admin: any badan publik
    assert [f.id for f in list_files(w.db, w.coordinator, w.cycle_id)] == [mine.id]
    assert [f.id for f in list_files(w.db, w.verifier, w.cycle_id)] == [mine.id, theirs.id]
    with pytest.raises(PermissionDenied):
        list_files(w.db, w.coordinator, w.cycle_id, body_id=w.desa)
    with pytest.raises(PermissionDenied):
        fetch_file(w.db, w.coordinator, theirs.id)
    with pytest.raises(PermissionDenied, match="membuka berkas data dukung"):
        fetch_file(w.db, w.official, mine.id)
    with pytest.raises(PermissionDenied):
        withdraw_file(w.db, w.verifier, mine.id)


def test_questions_and_bodies_are_checked(w: World, folder_store: Path):
    data = pdf_bytes(1)
    with pytest.raises(NotFound, match=r"Pertanyaan '9\.9'"):
        attach_file(w.db, SYSTEM, w.cycle_id, w.opd, "9.9", "dip.pdf", data)
    with pytest.raises(UsageError, match="tidak berlaku"):
        attach_file(w.db, SYSTEM, w.cycle_id, w.opd, "2.2", "dip.pdf", data)
    with pytest.raises(NotFound, match="Badan publik"):
        attach_file(w.db, SYSTEM, w.cycle_id, 9999, "1.1", "dip.pdf", data)
    with pytest.raises(NotFound, match="tidak ditemukan"):
        fetch_file(w.db, SYSTEM, 9999)


def test_withdraw_is_append_only(w: World, folder_store: Path):
    data = pdf_bytes(1)
    attached = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip.pdf", data)
    gone = withdraw_file(w.db, w.coordinator, attached.file.id, reason="salah berkas")
    assert gone.id == attached.file.id
    assert list_files(w.db, w.verifier, w.cycle_id, body_id=w.opd) == []
    with w.db.read() as session:
        rows = session.scalars(select(EvidenceFile).order_by(EvidenceFile.id)).all()
        assert [r.withdrawn for r in rows] == [False, True]
        event = session.scalar(select(Event).where(Event.action == "evidence.withdraw"))
        assert (event.reason, event.entity_id) == ("salah berkas", str(attached.file.id))
    with pytest.raises(UsageError, match="sudah ditarik"):
        withdraw_file(w.db, w.coordinator, attached.file.id)
    assert fetch_file(w.db, w.verifier, attached.file.id).data == data  # the trail keeps it
    again = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip.pdf", data)
    assert again.created
    assert again.blob_reused
    assert [f.id for f in list_files(w.db, w.verifier, w.cycle_id)] == [again.file.id]


def test_locked_saq_and_published_cycle(w: World, folder_store: Path):
    attached = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.1", "dip.pdf",
                           pdf_bytes(1)).file
    set_lock(w.db, SYSTEM, w.cycle_id, "saq", True)
    with pytest.raises(StageLocked, match="dikunci"):
        attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.2", "dpa.pdf", pdf_bytes(2))
    with pytest.raises(StageLocked):
        withdraw_file(w.db, w.coordinator, attached.id)
    # the masa sanggah: new evidence with an appeal, after the SAQ was locked
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP sudah ada",
                         question_code="1.1")
    filed = attach_file(w.db, w.coordinator, w.cycle_id, w.opd, None, "dip-baru.pdf",
                        pdf_bytes(4), appeal_id=appeal.id).file
    assert (filed.purpose, filed.appeal_id, filed.question_code) == ("appeal", appeal.id, "1.1")
    assert [f.id for f in list_files(w.db, w.verifier, w.cycle_id, appeal_id=appeal.id)] == [
        filed.id]
    assert [f.purpose for f in list_files(w.db, w.verifier, w.cycle_id, body_id=w.opd,
                                          question_code="1.1")] == ["answer", "appeal"]
    with pytest.raises(UsageError, match=r"menyangkut pertanyaan 1\.1"):
        attach_file(w.db, w.coordinator, w.cycle_id, w.opd, "1.2", "x.pdf", pdf_bytes(1),
                    appeal_id=appeal.id)
    decide_appeal(w.db, w.verifier, appeal.id, False, "Bukti tidak relevan",
                  expected_version=appeal.version)
    with pytest.raises(UsageError, match="sudah diputus"):
        attach_file(w.db, w.coordinator, w.cycle_id, w.opd, None, "lagi.pdf", pdf_bytes(5),
                    appeal_id=appeal.id)
    publish_directly(w.db, w.cycle_id)
    with pytest.raises(StageLocked, match="ditetapkan"):
        attach_file(w.db, SYSTEM, w.cycle_id, w.opd, "2.1", "sop.pdf", pdf_bytes(1))


def test_file_names_are_kept_safe():
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("C:\\Users\\ppid\\SK\u200b PPID.pdf") == "SK PPID.pdf"
    assert clean_file_name("   ") == "berkas"
    long = clean_file_name("a" * 400 + ".pdf")
    assert len(long) == 300
    assert long.endswith(".pdf")
