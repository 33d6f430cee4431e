"""Masa sanggah on real databases (SQLite and PostgreSQL): filing, deciding, atomicity."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from monev import appeals as appeals_module
from monev.accounts import actor_for, add_user
from monev.appeals import decide_appeal, file_appeal, list_appeals
from monev.bodies import register_body
from monev.cycles import set_lock
from monev.errors import Conflict, NotFound, PermissionDenied, StageLocked, UsageError
from monev.permissions import SYSTEM
from monev.review import (
    KIND_APPEAL_DECIDED,
    KIND_APPEAL_FILED,
    KIND_SUBMISSION,
    KIND_VERIFICATION,
    answer_history,
    answers_for_review,
)
from monev.verification import verify_answer
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Appeal, Event, Verification
from tests.monev.test_evaluation import (  # noqa: F401 (fixture)
    World,
    _fast_hashing,
    count,
    make_world,
    publish_directly,
)


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    world = make_world(db, mini_registry)
    # The verifikator lowered 1.1 (Ya → Tidak); the badan publik will contest it.
    verify_answer(db, world.verifier, world.cycle_id, world.opd, "1.1", "Tidak",
                  "Tautan DIP tidak dapat dibuka", expected_seq=0)
    return world


def appeal_status(db: Database, appeal_id: int) -> tuple[str, int]:
    with db.read() as session:
        appeal = session.get(Appeal, appeal_id)
        assert appeal is not None
        return appeal.status, appeal.version


def test_file_appeal(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "  DIP ada di tautan baru ",
                         question_code="1.1", evidence="https://ppid.example.go.id/dip-2025")
    assert (appeal.status, appeal.version, appeal.question_code) == ("open", 1, "1.1")
    assert (appeal.claim, appeal.body_name, appeal.filed_by) == (
        "DIP ada di tautan baru", "Dinas Kominfo", "PPID")
    assert appeal.status_label == "Diajukan"
    general = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "Nilai akhir keliru")
    assert general.question_code is None
    assert [a.id for a in list_appeals(w.db, w.verifier, w.cycle_id)] == [appeal.id,
                                                                          general.id]
    with pytest.raises(UsageError, match="Isi sanggah wajib"):
        file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "  ")
    with pytest.raises(NotFound, match="Pertanyaan"):
        file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "x", question_code="9.9")
    with pytest.raises(UsageError, match="tidak berlaku"):
        file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "x", question_code="2.2")


def test_accept_with_new_value_writes_verification_atomically(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1", evidence="https://ppid.example.go.id/dip-2025")
    decided = decide_appeal(w.db, w.verifier2, appeal.id, True, "Tautan baru memuat DIP",
                            new_value="Ya", expected_version=1)
    assert (decided.status, decided.version, decided.decided_by) == ("accepted", 2, "VERIF2")
    assert decided.decision_reason == "Tautan baru memuat DIP"
    verification = decided.verification
    assert verification is not None
    assert (verification.seq, verification.value, verification.old_value) == (2, True, False)
    assert (verification.phase, verification.appeal_id) == ("sanggah", appeal.id)
    with w.db.read() as session:
        row = session.scalars(select(Verification).where(Verification.seq == 2)).one()
        assert (row.phase, row.appeal_id, row.reason) == ("sanggah", appeal.id,
                                                          "Tautan baru memuat DIP")
        events = session.scalars(select(Event.action).where(
            Event.action.like("appeal.%")).order_by(Event.id)).all()
        assert events == ["appeal.file", "appeal.decide"]
    assert appeal_status(w.db, appeal.id) == ("accepted", 2)
    history = answer_history(w.db, w.verifier, w.cycle_id, w.opd, "1.1")
    assert [h.kind for h in history] == [KIND_SUBMISSION, KIND_VERIFICATION, KIND_APPEAL_FILED,
                                         KIND_APPEAL_DECIDED, KIND_VERIFICATION]
    assert history[2].evidence == "https://ppid.example.go.id/dip-2025"
    assert history[3].appeal_status == "accepted"
    assert (history[4].phase, history[4].value_text, history[4].appeal_id) == (
        "sanggah", "Ya", appeal.id)
    review = {r.code: r for r in answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)}
    assert (review["1.1"].verified, review["1.1"].seq) == (True, 2)


def test_reject_changes_status_only(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")
    decided = decide_appeal(w.db, w.verifier, appeal.id, False, "Tautan tetap tidak terbuka",
                            expected_version=1)
    assert (decided.status, decided.verification) == ("rejected", None)
    assert count(w.db, Verification) == 1
    assert [a.id for a in list_appeals(w.db, w.verifier, w.cycle_id, "rejected")] == [appeal.id]
    assert list_appeals(w.db, w.verifier, w.cycle_id, "open") == []
    with pytest.raises(UsageError, match="Status sanggah 'x'"):
        list_appeals(w.db, w.verifier, w.cycle_id, "x")


def test_decision_refusals(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")
    general = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "Nilai keliru")
    with pytest.raises(UsageError, match="Alasan putusan"):
        decide_appeal(w.db, w.verifier, appeal.id, True, " ", expected_version=1)
    with pytest.raises(UsageError, match="hanya dapat diberikan bila sanggah diterima"):
        decide_appeal(w.db, w.verifier, appeal.id, False, "x", new_value="Ya",
                      expected_version=1)
    with pytest.raises(UsageError, match="tidak menyangkut satu pertanyaan"):
        decide_appeal(w.db, w.verifier, general.id, True, "x", new_value="Ya",
                      expected_version=1)
    with pytest.raises(UsageError, match="tidak sah"):
        decide_appeal(w.db, w.verifier, appeal.id, True, "x", new_value="Mungkin",
                      expected_version=1)
    with pytest.raises(NotFound, match="Sanggah dengan id 999"):
        decide_appeal(w.db, w.verifier, 999, True, "x", expected_version=1)
    assert appeal_status(w.db, appeal.id) == ("open", 1)
    assert appeal_status(w.db, general.id) == ("open", 1)
    assert count(w.db, Verification) == 1


def test_stale_version_is_a_conflict(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")
    decide_appeal(w.db, w.verifier, appeal.id, False, "Tidak terbukti", expected_version=1)
    with pytest.raises(Conflict) as caught:
        decide_appeal(w.db, w.verifier2, appeal.id, True, "Terbukti", new_value="Ya",
                      expected_version=1)
    assert caught.value.current == "rejected"
    assert caught.value.current_seq == 2
    assert caught.value.changed_by == "VERIF1"
    assert "Ditolak" in caught.value.message
    with pytest.raises(UsageError, match="sudah berstatus Ditolak"):
        decide_appeal(w.db, w.verifier2, appeal.id, True, "Terbukti", expected_version=2)
    assert count(w.db, Verification) == 1
    assert appeal_status(w.db, appeal.id) == ("rejected", 2)


def test_exception_inside_decision_leaves_nothing(w: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")
    real_record = appeals_module.record

    def failing_record(session, actor, action, **kwargs):  # type: ignore[no-untyped-def]
        if action == "appeal.decide":
            # By now the verification row and the status change were flushed.
            assert session.scalar(select(Verification.id).where(Verification.seq == 2))
            raise RuntimeError("disk penuh")
        return real_record(session, actor, action, **kwargs)

    monkeypatch.setattr(appeals_module, "record", failing_record)
    with pytest.raises(RuntimeError, match="disk penuh"):
        decide_appeal(w.db, w.verifier, appeal.id, True, "Terbukti", new_value="Ya",
                      expected_version=1)
    assert count(w.db, Verification) == 1
    assert appeal_status(w.db, appeal.id) == ("open", 1)
    monkeypatch.setattr(appeals_module, "record", real_record)
    decided = decide_appeal(w.db, w.verifier, appeal.id, True, "Terbukti", new_value="Ya",
                            expected_version=1)
    assert decided.verification is not None
    assert decided.verification.seq == 2


def test_after_saq_lock_but_not_after_publication(w: World) -> None:
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")
    set_lock(w.db, SYSTEM, w.cycle_id, "saq", True)
    # Masa sanggah happens after the SAQ is locked: filing and deciding still work…
    late = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "SOP sudah ditetapkan",
                       question_code="2.1")
    decided = decide_appeal(w.db, w.verifier, appeal.id, True, "Terbukti", new_value=True,
                            expected_version=1)
    assert decided.verification is not None
    # …but plain verification stays locked.
    with pytest.raises(StageLocked):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", 2, "x", expected_seq=0)
    publish_directly(w.db, w.cycle_id)
    with pytest.raises(StageLocked, match="sudah ditetapkan"):
        decide_appeal(w.db, w.verifier, late.id, True, "Terbukti", new_value=2,
                      expected_version=1)
    with pytest.raises(StageLocked, match="sudah ditetapkan"):
        file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "Lagi")
    assert appeal_status(w.db, late.id) == ("open", 1)
    assert count(w.db, Verification) == 2


def test_permissions(w: World) -> None:
    other = register_body(w.db, SYSTEM, w.cycle_id, name="Dinas Kesehatan", category="opd")
    add_user(w.db, SYSTEM, username="ppid2", password="Rahasia-Uji-2025!", role="koordinator",
             scope=[other.id])
    other_coordinator = actor_for(w.db, "ppid2")
    with pytest.raises(PermissionDenied, match="tidak berwenang mengajukan sanggah"):
        file_appeal(w.db, w.verifier, w.cycle_id, w.opd, "x")
    with pytest.raises(PermissionDenied, match="tidak berwenang mengajukan sanggah"):
        file_appeal(w.db, w.official, w.cycle_id, w.opd, "x")
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        file_appeal(w.db, other_coordinator, w.cycle_id, w.opd, "x")
    assert count(w.db, Appeal) == 0
    mine = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "x", question_code="1.1")
    theirs = file_appeal(w.db, other_coordinator, w.cycle_id, other.id, "y")
    admins = file_appeal(w.db, SYSTEM, w.cycle_id, w.opd, "z")
    for actor in (w.coordinator, w.official):
        with pytest.raises(PermissionDenied, match="memutus sanggah"):
            decide_appeal(w.db, actor, mine.id, True, "x", new_value="Ya", expected_version=1)
    assert appeal_status(w.db, mine.id) == ("open", 1)
    # A koordinator sees the appeals of their own badan publik only.
    assert [a.id for a in list_appeals(w.db, w.coordinator, w.cycle_id)] == [mine.id,
                                                                             admins.id]
    assert [a.id for a in list_appeals(w.db, other_coordinator, w.cycle_id)] == [theirs.id]
    assert len(list_appeals(w.db, w.official, w.cycle_id)) == 3


@pytest.mark.parametrize("evidence", ["javascript:alert(1)", "ada", "lihat lampiran",
                                      "www.ppid.example.go.id", "https://"])
def test_appeal_evidence_must_be_a_web_address(w, evidence: str):
    with pytest.raises(UsageError, match="Tautan bukti harus alamat web lengkap"):
        file_appeal(w.db, SYSTEM, w.cycle_id, w.opd, "Bukti baru", evidence=evidence)
    assert list_appeals(w.db, SYSTEM, w.cycle_id) == []
