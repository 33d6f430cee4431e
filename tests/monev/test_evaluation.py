"""Verifikasi, panel scores and bonuses on real databases (SQLite and PostgreSQL).

The helpers at the top build a small monev cycle (mini methodology) with users of every
role, two badan publik and an uploaded submission; test_appeals and test_concurrency
import them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.bonuses import bonuses, record_bonus, withdraw_bonus
from monev.cycles import create_cycle, set_lock
from monev.errors import Conflict, NotFound, PermissionDenied, StageLocked, UsageError
from monev.panel import panel_agreement, panel_scores, record_panel_score, withdraw_panel_score
from monev.permissions import SYSTEM, Actor
from monev.review import (
    KIND_SUBMISSION,
    KIND_VERIFICATION,
    KIND_WITHDRAWAL,
    answer_history,
    answers_for_review,
    verification_queue,
)
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Answer, Bonus, Cycle, PanelScore, Submission, User, Verification
from storage.queries import value_to_json
from tests.conftest import cheap_hashing

# -- building a cycle -------------------------------------------------------------------------

OPD_ANSWERS: Mapping[str, Any] = {"1.1": True, "1.2": frozenset({"a", "b"}), "2.1": 1}
OPD_EVIDENCE: Mapping[str, str] = {"1.1": "https://ppid.example.go.id/dip",
                                   "1.2": "https://ppid.example.go.id/anggaran",
                                   "2.1": "https://ppid.example.go.id/sop"}


@dataclass
class World:
    db: Database
    cycle_id: int
    opd: int  # Dinas Kominfo (opd), has a submission
    desa: int  # Desa Sukamaju (desa), no submission
    verifier: Actor
    verifier2: Actor
    coordinator: Actor  # scope: the opd only
    official: Actor


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: these tests create users, they do not test hashing."""
    cheap_hashing(monkeypatch)


def add_submission(db: Database, cycle_id: int, body_id: int,
                   answers: Mapping[str, Any] = OPD_ANSWERS,
                   evidence: Mapping[str, str] = OPD_EVIDENCE, *, file_name: str = "bp.xlsx",
                   uploaded_by: int | None = None) -> int:
    """Insert the next submission version with its answers (as the import would)."""
    with db.transaction() as session:
        version = (session.scalar(select(func.max(Submission.version)).where(
            Submission.cycle_id == cycle_id, Submission.badan_publik_id == body_id)) or 0) + 1
        digest = hashlib.sha256(f"{body_id}/{version}/{sorted(answers)}".encode()).hexdigest()
        submission = Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=version,
                                file_name=file_name, sha256=digest,
                                uploaded_by_id=uploaded_by)
        session.add(submission)
        session.flush()
        for code, value in answers.items():
            session.add(Answer(submission_id=submission.id, question_code=code,
                               value=value_to_json(value), evidence=evidence.get(code, "")))
        return submission.id


def make_world(db: Database, registry: Registry) -> World:
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                         registry=registry)
    opd = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
    desa = register_body(db, SYSTEM, cycle.id, name="Desa Sukamaju", category="desa")
    for username, role, scope in (("verif1", "evaluator", ()), ("verif2", "evaluator", ()),
                                  ("ppid", "koordinator", (opd.id,)),
                                  ("pejabat", "pejabat", ())):
        add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                 display_name=username.upper(), scope=scope)
    coordinator = actor_for(db, "ppid")
    add_submission(db, cycle.id, opd.id, uploaded_by=coordinator.id)
    return World(db, cycle.id, opd.id, desa.id, actor_for(db, "verif1"),
                 actor_for(db, "verif2"), coordinator, actor_for(db, "pejabat"))


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def publish_directly(db: Database, cycle_id: int) -> None:
    """Mark the cycle published (publication itself is another module's job)."""
    with db.transaction() as session:
        cycle = session.get(Cycle, cycle_id)
        assert cycle is not None
        cycle.status = "published"


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)


# -- verifying answers ------------------------------------------------------------------------


def test_verify_lowers_ya_to_tidak_with_reason(w: World) -> None:
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak",
                         "DIP tidak ditemukan di situs PPID", expected_seq=0)
    assert info.seq == 1
    assert info.value is False
    assert info.old_value is True
    assert info.self_reported is True
    assert info.effective is False
    assert info.phase == "verifikasi"
    assert info.changed_by == "VERIF1"
    assert info.changed
    with w.db.read() as session:
        row = session.scalars(select(Verification)).one()
        assert (row.value, row.old_value, row.reason) == (False, True,
                                                          "DIP tidak ditemukan di situs PPID")
        user = session.get(User, row.created_by_id)
        assert user is not None
        assert user.username == "verif1"
    review = {r.code: r for r in answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)}
    assert review["1.1"].self_reported_text == "Ya"
    assert review["1.1"].verified is False
    assert review["1.1"].verified_text == "Tidak"
    assert review["1.1"].seq == 1
    assert review["1.1"].reason == "DIP tidak ditemukan di situs PPID"


def test_history_lists_self_reported_and_verification(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", False, "Tautan mati",
                  expected_seq=0)
    add_submission(w.db, w.cycle_id, w.opd, {**OPD_ANSWERS, "1.1": False}, file_name="v2.xlsx")
    verify_answer(w.db, w.verifier2, w.cycle_id, w.opd, "1.1", True,
                  "Dokumen baru ditemukan", expected_seq=1)
    withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Keliru memilih BP",
                          expected_seq=2)
    history = answer_history(w.db, w.official, w.cycle_id, w.opd, "1.1")
    assert [(h.kind, h.value_text) for h in history] == [
        (KIND_SUBMISSION, "Ya"), (KIND_VERIFICATION, "Tidak"), (KIND_SUBMISSION, "Tidak"),
        (KIND_VERIFICATION, "Ya"), (KIND_WITHDRAWAL, "-")]
    first, verified, second, reverified, withdrawn = history
    assert (first.file_name, first.submission_version, first.by) == ("bp.xlsx", 1, "PPID")
    assert first.evidence == OPD_EVIDENCE["1.1"]
    assert (verified.old_text, verified.reason, verified.by, verified.seq) == (
        "Ya", "Tautan mati", "VERIF1", 1)
    assert (second.file_name, second.by) == ("v2.xlsx", "Sistem")
    assert (reverified.old_text, reverified.by) == ("Tidak", "VERIF2")
    assert withdrawn.withdrawn
    assert withdrawn.old_text == "Ya"
    assert withdrawn.reason == "Keliru memilih BP"
    assert [h.at for h in history] == sorted(h.at for h in history)
    # After the withdrawal the answer is back to its self-reported value (now Tidak).
    review = {r.code: r for r in answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)}
    assert review["1.1"].verified is None
    assert review["1.1"].self_reported is False
    assert review["1.1"].seq == 3


def test_reason_required_when_value_differs(w: World) -> None:
    with pytest.raises(UsageError, match="Alasan wajib"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "  ",
                      expected_seq=0)
    assert count(w.db, Verification) == 0
    # Confirming the self-reported value needs no reason.
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", expected_seq=0)
    assert (info.seq, info.value, info.reason) == (1, True, "")
    # Changing a verified value needs a reason too.
    with pytest.raises(UsageError, match="Alasan wajib"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", expected_seq=1)


def test_same_value_again_is_a_noop(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", 0, "SOP belum ada",
                  expected_seq=0)
    again = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", "0", expected_seq=1)
    assert not again.changed
    assert again.seq == 1
    assert count(w.db, Verification) == 1


def test_raw_text_and_values_are_parsed(w: World) -> None:
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", "a, c",
                         "DPA tidak ada, LRA ada", expected_seq=0)
    assert info.value == frozenset({"a", "c"})
    assert info.old_value == frozenset({"a", "b"})
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", ["a"], "LRA 2023",
                         expected_seq=1)
    assert info.value == frozenset({"a"})
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", "2 – Ditetapkan",
                         "SK ditetapkan", expected_seq=0)
    assert info.value == 2
    review = {r.code: r for r in answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)}
    assert review["1.2"].verified_text == "a (RKA)"
    assert review["1.2"].self_reported_text == "a (RKA), b (DPA)"
    assert review["2.1"].verified_text == "2 – Ditetapkan"
    for code, bad in (("1.1", "Mungkin"), ("2.1", 7), ("1.2", "z"), ("1.1", 1),
                      ("2.1", True)):
        with pytest.raises(UsageError, match="tidak sah"):
            verify_answer(w.db, w.verifier, w.cycle_id, w.opd, code, bad, "x",
                          expected_seq=0)


def test_unknown_question_body_and_category(w: World) -> None:
    with pytest.raises(NotFound, match=r"Pertanyaan '9\.9' tidak ada"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "9.9", "Ya", expected_seq=0)
    with pytest.raises(UsageError, match="tidak berlaku untuk kategori 'opd'"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.2", "Ya", expected_seq=0)
    with pytest.raises(NotFound, match="Badan publik dengan id 999"):
        verify_answer(w.db, w.verifier, w.cycle_id, 999, "1.1", "Ya", expected_seq=0)
    with pytest.raises(NotFound, match="Siklus monev dengan id 999"):
        verify_answer(w.db, w.verifier, 999, w.opd, "1.1", "Ya", expected_seq=0)
    with pytest.raises(UsageError, match="belum mengunggah"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.desa, "2.2", "Ya", expected_seq=0)
    with pytest.raises(NotFound):
        answer_history(w.db, w.verifier, w.cycle_id, w.opd, "9.9")
    assert count(w.db, Verification) == 0


def test_stale_seq_is_a_conflict_naming_the_winner(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "Tidak ada DIP",
                  expected_seq=0)
    with pytest.raises(Conflict) as caught:
        verify_answer(w.db, w.verifier2, w.cycle_id, w.opd, "1.1", "Ya", "DIP ada",
                      expected_seq=0)
    conflict = caught.value
    assert conflict.current is False
    assert conflict.attempted is True
    assert conflict.current_seq == 1
    assert conflict.changed_by == "VERIF1"
    assert conflict.changed_at
    assert "VERIF1" in conflict.message
    assert "Tidak" in conflict.message
    assert count(w.db, Verification) == 1
    # Resolved by saving again against the seq the conflict reported.
    info = verify_answer(w.db, w.verifier2, w.cycle_id, w.opd, "1.1", "Ya", "DIP ada",
                         expected_seq=conflict.current_seq)
    assert (info.seq, info.old_value, info.value) == (2, False, True)


def test_withdraw(w: World) -> None:
    with pytest.raises(UsageError, match="belum diverifikasi"):
        withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "x", expected_seq=0)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "Tidak ada DIP",
                  expected_seq=0)
    with pytest.raises(UsageError, match="Alasan pencabutan"):
        withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", " ", expected_seq=1)
    with pytest.raises(Conflict):
        withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "x", expected_seq=0)
    info = withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Salah input",
                                 expected_seq=1)
    assert info.withdrawn
    assert (info.seq, info.value, info.old_value, info.effective) == (2, None, False, True)
    with pytest.raises(UsageError, match="belum diverifikasi"):
        withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "x", expected_seq=2)
    # Verifying again after a withdrawal starts from the self-reported value.
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", expected_seq=2)
    assert (info.seq, info.old_value, info.value) == (3, True, True)


def test_locked_stage_refuses_verification(w: World) -> None:
    set_lock(w.db, SYSTEM, w.cycle_id, "saq", True)
    with pytest.raises(StageLocked, match=r"SAQ.*dikunci"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x",
                      expected_seq=0)
    assert count(w.db, Verification) == 0
    # The panel stage and bonuses are not locked by the SAQ lock.
    record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 80,
                       expected_seq=0)
    record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", 2, "Pimpinan hadir",
                 expected_seq=0)
    set_lock(w.db, SYSTEM, w.cycle_id, "saq", False, reason="Perpanjangan verifikasi")
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)


def test_published_cycle_refuses_every_change(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)
    record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 80,
                       expected_seq=0)
    record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", 2, "Hadir", expected_seq=0)
    publish_directly(w.db, w.cycle_id)
    before = (count(w.db, Verification), count(w.db, PanelScore), count(w.db, Bonus))
    for attempt in (
        lambda: verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", "y",
                              expected_seq=1),
        lambda: withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "y",
                                      expected_seq=1),
        lambda: record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A",
                                   "K", 90, reason="y", expected_seq=1),
        lambda: withdraw_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A",
                                     "K", "y", expected_seq=1),
        lambda: record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", 3, "y",
                             expected_seq=1),
        lambda: withdraw_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", "y",
                               expected_seq=1),
    ):
        with pytest.raises(StageLocked, match="sudah ditetapkan"):
            attempt()
    assert (count(w.db, Verification), count(w.db, PanelScore), count(w.db, Bonus)) == before


# -- review pages ---------------------------------------------------------------------------


def test_queue_counts_verified_questions(w: World) -> None:
    add_submission(w.db, w.cycle_id, w.desa, {"1.1": True, "2.2": False})
    queue = {q.name: q for q in verification_queue(w.db, w.verifier, w.cycle_id)}
    assert set(queue) == {"Dinas Kominfo", "Desa Sukamaju"}
    assert (queue["Dinas Kominfo"].total, queue["Dinas Kominfo"].verified) == (3, 0)
    assert (queue["Desa Sukamaju"].total, queue["Desa Sukamaju"].remaining) == (3, 3)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", expected_seq=0)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", 2, "SK ada", expected_seq=0)
    withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "2.1", "Salah",
                          expected_seq=1)
    queue = {q.name: q for q in verification_queue(w.db, w.official, w.cycle_id)}
    opd = queue["Dinas Kominfo"]
    assert (opd.verified, opd.remaining, opd.done, opd.submission_version) == (1, 2, False, 1)
    assert opd.file_name == "bp.xlsx"


def test_review_rows(w: World) -> None:
    rows = answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)
    assert [r.code for r in rows] == ["1.1", "1.2", "2.1"]
    first = rows[0]
    assert (first.indicator, first.indicator_name, first.text) == ("A", "Indikator A",
                                                                   "Ada DIP?")
    assert first.evidence == OPD_EVIDENCE["1.1"]
    assert (first.verified, first.verified_text, first.seq) == (None, None, 0)
    assert first.answer_type == "yes_no"
    assert "Ya" in first.allowed
    with pytest.raises(UsageError, match="belum mengunggah"):
        answers_for_review(w.db, w.verifier, w.cycle_id, w.desa)


def test_reupload_flags_answers_changed_since_verified(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "DIP tidak ada",
                  expected_seq=0)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", {"a", "b"}, expected_seq=0)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", 2, "SK ada", expected_seq=0)
    withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "2.1", "Salah", expected_seq=1)

    def state() -> tuple[dict[str, bool], int]:
        rows = answers_for_review(w.db, w.verifier, w.cycle_id, w.opd)
        queue = {q.body_id: q for q in verification_queue(w.db, w.verifier, w.cycle_id)}
        return ({r.code: r.changed_since_verified for r in rows},
                queue[w.opd].changed_since_verified)

    assert state() == ({"1.1": False, "1.2": False, "2.1": False}, 0)
    # Version 2: 1.1 now "Tidak", 1.2 the same items, 2.1 (withdrawn verification) changed.
    add_submission(w.db, w.cycle_id, w.opd,
                   {"1.1": False, "1.2": frozenset({"b", "a"}), "2.1": 2})
    assert state() == ({"1.1": True, "1.2": False, "2.1": False}, 1)
    # Confirming the same verified value (no new reason) is recorded and clears the flag.
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", expected_seq=1)
    assert (info.changed, info.seq) == (True, 2)
    assert state() == ({"1.1": False, "1.2": False, "2.1": False}, 0)
    # Back to "Ya" in version 3: flagged again; back to "Tidak" (what the verifikator saw
    # in version 2) in version 4: not flagged.
    add_submission(w.db, w.cycle_id, w.opd, {**OPD_ANSWERS, "1.1": True})
    assert state()[0]["1.1"] is True
    add_submission(w.db, w.cycle_id, w.opd, {**OPD_ANSWERS, "1.1": False})
    assert state() == ({"1.1": False, "1.2": False, "2.1": False}, 0)
    # Re-verifying with another value (and a reason) clears it too.
    add_submission(w.db, w.cycle_id, w.opd, {**OPD_ANSWERS, "1.1": True})
    assert state()[1] == 1
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", "DIP kini ada",
                  expected_seq=2)
    assert state() == ({"1.1": False, "1.2": False, "2.1": False}, 0)


# -- panel scores ---------------------------------------------------------------------------


def test_panel_scores_record_change_withdraw(w: World) -> None:
    info = record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", " Juri  A ", "K",
                              "85,5", expected_seq=0)
    assert (info.juror, info.score, info.old_score, info.seq) == ("Juri A", Decimal("85.50"),
                                                                  None, 1)
    record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri B", "K",
                       Decimal("70"), expected_seq=0)
    with pytest.raises(UsageError, match="Alasan wajib") as refused:
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 90,
                           expected_seq=1)
    assert "aspek Komitmen dari 85,50 menjadi 90,00" in str(refused.value)  # its name
    same = record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K",
                              "85.50", expected_seq=1)
    assert not same.changed
    info = record_panel_score(w.db, w.verifier2, w.cycle_id, w.opd, "panel", "Juri A", "K",
                              90, reason="Salah ketik", expected_seq=1)
    assert (info.seq, info.score, info.old_score) == (2, Decimal("90.00"), Decimal("85.50"))
    with pytest.raises(Conflict) as caught:
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 88,
                           reason="x", expected_seq=1)
    assert caught.value.current == Decimal("90.00")
    assert caught.value.current_seq == 2
    assert caught.value.changed_by == "VERIF2"
    withdrawn = withdraw_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri B",
                                     "K", "Juri B tidak hadir", expected_seq=1)
    assert withdrawn.withdrawn
    assert withdrawn.old_score == Decimal("70.00")
    current = {(p.juror, p.aspect): p for p in panel_scores(w.db, w.official, w.cycle_id,
                                                             w.opd)}
    assert current[("Juri A", "K")].score == Decimal("90.00")
    assert current[("Juri A", "K")].seq == 2
    assert current[("Juri B", "K")].withdrawn
    assert current[("Juri B", "K")].score is None
    assert current[("Juri B", "K")].seq == 2
    assert count(w.db, PanelScore) == 4


@pytest.mark.parametrize(("stage", "aspect", "score", "message"), [
    ("saq", "K", 80, "bukan tahapan penilaian panel"),
    ("visitasi", "K", 80, "bukan tahapan penilaian panel"),
    ("panel", "A", 80, "Aspek 'A' tidak dinilai"),
    ("panel", "K", 101, "antara 0 dan 100"),
    ("panel", "K", -1, "antara 0 dan 100"),
    ("panel", "K", "80,555", "lebih dari 2 angka desimal"),
    ("panel", "K", "80.555", "titik dibaca sebagai pemisah ribuan"),
    ("panel", "K", "delapan", "bukan angka"),
    ("panel", "K", "NaN", "bukan angka"),
])
def test_panel_score_refusals(w: World, stage: str, aspect: str, score: object,
                              message: str) -> None:
    with pytest.raises(UsageError, match=message):
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, stage, "Juri A", aspect, score,
                           expected_seq=0)
    assert count(w.db, PanelScore) == 0


def test_locked_panel_stage_refuses_scores(w: World) -> None:
    set_lock(w.db, SYSTEM, w.cycle_id, "panel", True)
    with pytest.raises(StageLocked, match="Presentasi"):
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 80,
                           expected_seq=0)
    # The SAQ is still open.
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Ya", expected_seq=0)


# -- bonuses ----------------------------------------------------------------------------------


def test_bonus_record_and_withdraw(w: World) -> None:
    with pytest.raises(UsageError, match="Alasan nilai tambahan"):
        record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", 2, "", expected_seq=0)
    info = record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", "2,5",
                        "Pimpinan presentasi langsung", expected_seq=0)
    assert (info.seq, info.points, info.old_points) == (1, Decimal("2.50"), None)
    penalty = record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "terlambat", -5,
                           "Terlambat mengunggah", expected_seq=0)
    assert penalty.points == Decimal("-5.00")
    with pytest.raises(Conflict) as caught:
        record_bonus(w.db, w.verifier2, w.cycle_id, w.opd, "kehadiran", 3, "x", expected_seq=0)
    assert caught.value.current == Decimal("2.50")
    info = withdraw_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", "Bukan pimpinan",
                          expected_seq=1)
    assert info.withdrawn
    assert info.old_points == Decimal("2.50")
    listed = {b.code: b for b in bonuses(w.db, w.official, w.cycle_id, w.opd)}
    assert listed["kehadiran"].withdrawn
    assert listed["kehadiran"].seq == 2
    assert listed["terlambat"].points == Decimal("-5.00")
    with pytest.raises(UsageError, match="tanpa spasi"):
        record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "dua kata", 1, "x", expected_seq=0)


# -- permissions ------------------------------------------------------------------------------


def test_permissions(w: World) -> None:
    for actor in (w.coordinator, w.official):
        with pytest.raises(PermissionDenied, match="tidak berwenang memverifikasi"):
            verify_answer(w.db, actor, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)
        with pytest.raises(PermissionDenied, match="mengisi nilai panel"):
            record_panel_score(w.db, actor, w.cycle_id, w.opd, "panel", "Juri A", "K", 80,
                               expected_seq=0)
        with pytest.raises(PermissionDenied, match="nilai tambahan"):
            record_bonus(w.db, actor, w.cycle_id, w.opd, "x", 1, "x", expected_seq=0)
    for view in (answer_history, ):
        with pytest.raises(PermissionDenied):
            view(w.db, w.coordinator, w.cycle_id, w.opd, "1.1")
    with pytest.raises(PermissionDenied):
        verification_queue(w.db, w.coordinator, w.cycle_id)
    with pytest.raises(PermissionDenied):
        answers_for_review(w.db, w.coordinator, w.cycle_id, w.opd)
    with pytest.raises(PermissionDenied):
        panel_scores(w.db, w.coordinator, w.cycle_id, w.opd)
    assert (count(w.db, Verification), count(w.db, PanelScore), count(w.db, Bonus)) == (0, 0, 0)
    # The admin may do everything.
    verify_answer(w.db, SYSTEM, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)
    assert answer_history(w.db, SYSTEM, w.cycle_id, w.opd, "1.1")[-1].by == "Sistem"


def test_panel_agreement_of_a_stage(w: World) -> None:
    """Alpha over every badan publik of the stage; far scores named with their body."""
    for body, scores in ((w.opd, (("Juri A", "80"), ("Juri B", "82"), ("Juri C", "60"))),
                         (w.desa, (("Juri A", "70"), ("Juri B", "71"), ("Juri C", "72,5")))):
        for juror, score in scores:
            record_panel_score(w.db, w.verifier, w.cycle_id, body, "panel", juror, "K",
                               score, expected_seq=0)
    withdraw_panel_score(w.db, w.verifier, w.cycle_id, w.desa, "panel", "Juri C", "K",
                         "Juri C tidak hadir", expected_seq=1)
    found = panel_agreement(w.db, w.official, w.cycle_id, "panel")
    assert (found.agreement.jurors, found.agreement.bodies, found.agreement.units,
            found.agreement.values) == (3, 2, 2, 5)  # the withdrawn score left out
    assert found.agreement.alpha is not None
    [far] = found.agreement.far
    assert (far.juror, far.score, far.others_median) == ("Juri C", Decimal(60), Decimal(81))
    assert found.body_names == {w.opd: "Dinas Kominfo"}
    with pytest.raises(UsageError, match="bukan tahapan penilaian panel"):
        panel_agreement(w.db, w.official, w.cycle_id, "saq")
    with pytest.raises(PermissionDenied):
        panel_agreement(w.db, w.coordinator, w.cycle_id, "panel")


def test_scores_typed_with_a_decimal_comma_name_the_aspect(w: World) -> None:
    with pytest.raises(UsageError) as caught:
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K",
                           "abc", expected_seq=0)
    assert "Nilai aspek Komitmen 'abc' bukan angka" in caught.value.message
    info = record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K",
                              "85,5", expected_seq=0)
    assert info.score == Decimal("85.50")
    with pytest.raises(UsageError) as caught:
        record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "hadir", "1.000", "Hadir",
                     expected_seq=0)
    assert ("Nilai tambahan 'hadir' harus antara -100 dan 100; tertulis '1.000'"
            in caught.value.message)
