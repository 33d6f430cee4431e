"""*Tidak ada kejadian (nihil)* through storage: imported from a workbook, stored as the
JSON string "nihil", scored out of the indicator, verified and overridden like any value.

Runs against SQLite and PostgreSQL (the `db` fixture). mini with allow_na on 1.1 and 2.1
(see tests/conftest.py): SAQ 80 % = A 60 % (1.1: 2 pts, 1.2: 3 pts) + B 40 % (2.1: 4 pts).
"""

from __future__ import annotations

from decimal import Decimal

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.history import current_submissions
from monev.imports import import_paths
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM
from monev.review import answers_for_review
from monev.verification import verify_answer
from questionnaires.submission import NIL, NIL_LABEL
from storage.db import Database
from storage.queries import answers_of, value_from_json
from tests.monev.test_evaluation import _fast_hashing  # noqa: F401 (fixture)

D = Decimal


def test_nihil_round_trip_import_results_and_verification(db: Database, mini_nil,
                                                          mini_nil_registry, filled):
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                         registry=mini_nil_registry)
    body = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
    path = filled(methodology=mini_nil,
                  answers={"1.1": "nihil", "1.2": {"a", "b", "c"}, "2.1": "N/A"})
    report = import_paths(db, SYSTEM, cycle.id, [path], registry=mini_nil_registry)
    assert [f.status.value for f in report.files] == ["accepted"], report.files

    with db.read() as session:
        (sub,) = current_submissions(session, cycle.id).values()
        stored = {a.question_code: a.value for a in answers_of(session, [sub.id])[sub.id]}
    assert (stored["1.1"], stored["2.1"]) == ("nihil", "nihil")  # plain JSON strings
    assert value_from_json(stored["1.1"]) == NIL

    (row,) = compute_results(db, SYSTEM, cycle.id)
    r = row.result
    # A: 1.2 earns 3 of 3 (1.1 nihil) → 100; B: only 2.1, nihil → None (weight left out)
    assert (r.indicators["A"].verified, r.indicators["B"].verified) == (D(100), None)
    # SAQ = 60 × 100 / 60 = 100
    assert (r.saq_raw, r.saq_verified) == (D(100), D(100))

    add_user(db, SYSTEM, username="verif", password="Rahasia-Uji-2025!", role="evaluator",
             display_name="Verifikator")
    verifier = actor_for(db, "verif")
    review = {x.code: x for x in answers_for_review(db, verifier, cycle.id, body.id)}
    assert review["1.1"].self_reported == NIL
    assert review["1.1"].self_reported_text == NIL_LABEL
    assert NIL_LABEL in review["1.1"].allowed

    # The verifikator finds a keberatan register with entries: 1.1 is Tidak after all;
    # 2.1 nihil is confirmed (typed as "nihil").
    verify_answer(db, verifier, cycle.id, body.id, "1.1", "Tidak", "Ada keberatan di register",
                  expected_seq=0)
    verify_answer(db, verifier, cycle.id, body.id, "2.1", "nihil", "", expected_seq=0)
    review = {x.code: x for x in answers_for_review(db, verifier, cycle.id, body.id)}
    assert (review["1.1"].verified, review["2.1"].verified) == (False, NIL)
    assert review["2.1"].verified_text == NIL_LABEL

    (row,) = compute_results(db, SYSTEM, cycle.id)
    r = row.result
    # verified A: 1.1 counts 0 of 2 → 3 of 5 = 60; raw A stays 100; B still None
    assert (r.indicators["A"].raw, r.indicators["A"].verified) == (D(100), D(60))
    assert r.indicators["B"].verified is None
    # SAQ verified = 60 × 60 / 60 = 60; raw 100
    assert (r.saq_raw, r.saq_verified) == (D(100), D(60))
