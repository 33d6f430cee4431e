"""``number`` and ``text`` answers through storage: imported from a filled workbook, stored
exactly (a Decimal as ``{"decimal": "85.5"}``, a text as its string), scored, shown to the
verifikator, verified with typed points and numbers, scored again, and read back from the
stored results — on SQLite and PostgreSQL (the `db` fixture).

tests/fixtures/angka-uraian.yaml: SAQ 80 % = A 60 % (1.1 yes_no 2, 1.2 number 4, 1.3
number 2) + B 40 % (2.1 text 5); see tests/scoring/test_number_text_scoring.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cycles import create_cycle, load_cycle
from monev.errors import UsageError
from monev.history import current_submissions
from monev.imports import import_paths
from monev.outcomes import projection
from monev.outcomes.results import compute_results, rebuild_results
from monev.permissions import SYSTEM
from monev.review import answers_for_review
from monev.verification import verify_answer
from questionnaires.loader import Registry, load_methodology
from questionnaires.template import write_filled
from storage.db import Database
from storage.queries import answers_of
from tests.conftest import FIXTURES
from tests.monev.test_evaluation import _fast_hashing  # noqa: F401 (fixture)

D = Decimal
LINK = "https://ppid.example.go.id/rekap.pdf"
TEXT = "Inovasi: permohonan lewat WhatsApp.\nBukti: SK Kepala Dinas No. 12/2025."


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([load_methodology(FIXTURES / "angka-uraian.yaml")])


def test_round_trip_import_verification_and_results(db: Database, registry, tmp_path):
    m = registry.get("angka-uraian")
    cycle = create_cycle(db, SYSTEM, methodology_id=m.id, ki="KI Uji", year=2025,
                         registry=registry)
    body = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
    path = tmp_path / "bp.xlsx"
    write_filled(m, "opd", path, badan_publik="Dinas Kominfo",
                 answers={"1.1": "Ya", "1.2": "85,5", "1.3": D(12), "2.1": TEXT},
                 evidence={c: LINK for c in ("1.1", "1.2", "1.3", "2.1")})
    report = import_paths(db, SYSTEM, cycle.id, [path], registry=registry)
    assert [f.status.value for f in report.files] == ["accepted"], report.files

    with db.read() as session:
        (sub,) = current_submissions(session, cycle.id).values()
        stored = {a.question_code: a.value for a in answers_of(session, [sub.id])[sub.id]}
    assert stored["1.2"] == {"decimal": "85.5"}  # exact, never a float
    assert stored["1.3"] == {"decimal": "12"}
    assert stored["2.1"] == TEXT

    (row,) = compute_results(db, SYSTEM, cycle.id)
    # raw: A = (2 + 2 + 1) / 8 = 62,5; B = 0 (2.1 awaits the verifikator) → SAQ 37,5
    assert (row.result.saq_raw, row.result.saq_verified) == (D("37.50"), D("37.50"))

    add_user(db, SYSTEM, username="verif", password="Rahasia-Uji-2025!", role="evaluator",
             display_name="Verifikator")
    verifier = actor_for(db, "verif")
    review = {x.code: x for x in answers_for_review(db, verifier, cycle.id, body.id)}
    assert review["1.2"].self_reported == D("85.5")
    assert review["1.2"].self_reported_text == "85,5%"
    assert review["2.1"].self_reported_text == TEXT
    assert "poin 0 sampai 5" in review["2.1"].allowed

    # Confirming the written text as if it were points is refused, saying what to type.
    with pytest.raises(UsageError, match=r"Jawaban yang diterima: poin 0 sampai 5"):
        verify_answer(db, verifier, cycle.id, body.id, "2.1", TEXT, "", expected_seq=0)
    verify_answer(db, verifier, cycle.id, body.id, "2.1", "3,5", "SK ada, WA belum aktif",
                  expected_seq=0)
    verify_answer(db, verifier, cycle.id, body.id, "1.2", "80", "Rekap: 80 dari 100",
                  expected_seq=0)
    review = {x.code: x for x in answers_for_review(db, verifier, cycle.id, body.id)}
    assert (review["2.1"].verified, review["2.1"].verified_text) == (D("3.5"), "3,5 poin")
    assert (review["1.2"].verified, review["1.2"].verified_text) == (D(80), "80%")

    (row,) = compute_results(db, SYSTEM, cycle.id)
    # verified: 1.2 at 80 still ≥ 75 → 2; B = 3,5 / 5 = 70; SAQ = 0,6 × 62,5 + 0,4 × 70
    # = 65,5 (raw stays 37,5)
    r = row.result
    assert (r.saq_raw, r.saq_verified) == (D("37.50"), D("65.50"))
    assert (r.indicators["B"].raw, r.indicators["B"].verified) == (D(0), D(70))

    # the stored rows keep each question's values exact and of their class
    with db.read() as session:
        (entry,) = projection.stored(session, load_cycle(session, cycle.id), detail=True)
    assert entry.result.saq_verified == D("65.50")
    q = {x.code: x for x in entry.result.questions}
    assert (q["2.1"].value, q["2.1"].verified, q["2.1"].earned) == (TEXT, D("3.5"), D("3.5"))
    assert (q["1.2"].value, q["1.2"].verified, q["1.2"].earned) == (D("85.5"), D(80), D(2))
    assert q["1.3"].value.__class__ is Decimal
    # and rebuilding them from the history gives the very rows stored after each save
    (rebuilt,) = rebuild_results(db, SYSTEM, cycle.id)
    assert (rebuilt.rows, rebuilt.differed) == (1, 0)
