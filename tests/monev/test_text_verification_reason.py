"""Every score a verifikator gives a ``text`` answer ("sebutkan dan sertakan bukti") needs a
written reason — the points are the verifikator's judgement alone — refused in Indonesian
otherwise; on SQLite and PostgreSQL (the `db` fixture).

tests/fixtures/angka-uraian.yaml: 2.1 text 5 pts (1 decimal); 1.2 number 4 pts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cycles import create_cycle, load_cycle
from monev.errors import UsageError
from monev.imports import import_paths
from monev.outcomes import projection
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM, Actor
from monev.review import answers_for_review
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry, load_methodology
from questionnaires.template import write_filled
from scoring.results import Reason
from storage.db import Database
from tests.conftest import FIXTURES
from tests.monev.test_evaluation import _fast_hashing  # noqa: F401 (fixture)

D = Decimal
LINK = "https://ppid.example.go.id/inovasi.pdf"
TEXT = "Inovasi: permohonan lewat WhatsApp.\nBukti: SK Kepala Dinas No. 12/2025."
NEEDS_REASON = r"Alasan wajib diisi untuk poin pertanyaan uraian 2\.1"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([load_methodology(FIXTURES / "angka-uraian.yaml")])


def submit(db: Database, registry: Registry, cycle_id: int, path: Path, text: str) -> None:
    m = registry.get("angka-uraian")
    write_filled(m, "opd", path, badan_publik="Dinas Kominfo",
                 answers={"1.1": "Ya", "1.2": "85,5", "1.3": D(12), "2.1": text},
                 evidence={c: LINK for c in ("1.1", "1.2", "1.3", "2.1")})
    report = import_paths(db, SYSTEM, cycle_id, [path], registry=registry)
    assert [f.status.value for f in report.files] == ["accepted"], report.files


def seq(db: Database, who: Actor, cycle_id: int, body_id: int, code: str) -> int:
    return next(x.seq for x in answers_for_review(db, who, cycle_id, body_id) if x.code == code)


def test_points_for_a_text_answer_need_a_reason(db: Database, registry, tmp_path):
    m = registry.get("angka-uraian")
    cycle = create_cycle(db, SYSTEM, methodology_id=m.id, ki="KI Uji", year=2025,
                         registry=registry)
    body = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
    submit(db, registry, cycle.id, tmp_path / "v1.xlsx", TEXT)
    add_user(db, SYSTEM, username="verif", password="Rahasia-Uji-2025!", role="evaluator",
             display_name="Verifikator")
    verifier = actor_for(db, "verif")
    compute_results(db, SYSTEM, cycle.id)
    with db.read() as session:
        (entry,) = projection.stored(session, load_cycle(session, cycle.id), detail=True)
    waiting = next(q for q in entry.result.questions if q.code == "2.1")
    assert waiting.reason is Reason.AWAITING  # before any verification

    # Points without a reason: refused, saying what to write; nothing saved.
    for points in ("3,5", "5", "0"):
        with pytest.raises(UsageError, match=NEEDS_REASON) as refused:
            verify_answer(db, verifier, cycle.id, body.id, "2.1", points, "  ",
                          expected_seq=0)
        assert "tuliskan dasar penilaiannya" in str(refused.value)
        assert "paling banyak 5 poin" in str(refused.value)
    assert seq(db, verifier, cycle.id, body.id, "2.1") == 0

    info = verify_answer(db, verifier, cycle.id, body.id, "2.1", "3,5",
                         "SK ada; layanan WhatsApp belum berjalan", expected_seq=0)
    assert (info.value, info.changed) == (D("3.5"), True)
    # Saving the same points again without a new reason changes nothing (no new score).
    again = verify_answer(db, verifier, cycle.id, body.id, "2.1", "3,5", "",
                          expected_seq=info.seq)
    assert again.changed is False
    # Other points without a reason: refused by the same rule.
    with pytest.raises(UsageError, match=NEEDS_REASON):
        verify_answer(db, verifier, cycle.id, body.id, "2.1", "4", "", expected_seq=info.seq)

    # The badan publik uploads a new text: confirming the same points is a new score of the
    # new text, and needs its reason too.
    submit(db, registry, cycle.id, tmp_path / "v2.xlsx", TEXT + "\nTambahan: tautan SOP.")
    with pytest.raises(UsageError, match=NEEDS_REASON):
        verify_answer(db, verifier, cycle.id, body.id, "2.1", "3,5", "", expected_seq=info.seq)
    confirmed = verify_answer(db, verifier, cycle.id, body.id, "2.1", "3,5",
                              "Uraian baru diperiksa; nilai tetap", expected_seq=info.seq)
    assert confirmed.changed is True

    # A withdrawal still needs its own reason (as before), and a number answer confirmed
    # unchanged still needs none.
    with pytest.raises(UsageError, match="Alasan pencabutan verifikasi wajib diisi"):
        withdraw_verification(db, verifier, cycle.id, body.id, "2.1", "",
                              expected_seq=confirmed.seq)
    number = verify_answer(db, verifier, cycle.id, body.id, "1.2", "85,5", "", expected_seq=0)
    assert (number.value, number.changed) == (D("85.5"), True)
