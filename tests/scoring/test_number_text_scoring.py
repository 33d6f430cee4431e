"""Scoring of ``number`` and ``text`` questions, known answers computed by hand.

tests/fixtures/angka-uraian.yaml: SAQ 80 % (A 60 %, B 40 %) + panel 20 % (gated at SAQ ≥ 60,
missing counts 0). An OPD answers
- 1.1 (A, yes_no, 2 pts),
- 1.2 (A, number, 4 pts, %, 0–100, 1 decimal, nihil allowed): ≥ 90 → 4, ≥ 75 → 2, else 0,
- 1.3 (A, number, 2 pts, hari, ≥ 0, whole, evidence flag): ≥ 0 → 2, > 10 → 1, > 17 → 0,
- 2.1 (B, text, 5 pts, 1 decimal): 0 until the verifikator types the points.
So A is out of 8 points and B out of 5.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from questionnaires.loader import load_methodology, parse_methodology
from questionnaires.model import AnswerType, Methodology
from questionnaires.submission import NIL, Answer, Submission
from scoring import Case, Verification, score
from scoring.explain import lost_points
from scoring.reference import score_reference
from scoring.results import Reason
from tests.scoring import test_scoring_fast_equals_reference as fer

D = Decimal
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "angka-uraian.yaml"
LINK = "https://ppid.example.go.id/rekap.pdf"


@pytest.fixture(scope="module")
def m() -> Methodology:
    return load_methodology(FIXTURE)


def case(answers: dict, verified: dict | None = None, no_evidence: tuple = ()) -> Case:
    sub = Submission(badan_publik="Dinas A", category="opd", methodology_id="angka-uraian",
                     answers={c: Answer(question=c, value=v,
                                        evidence="" if c in no_evidence else LINK)
                              for c, v in answers.items()})
    return Case("Dinas A", "opd", submission=sub,
                verifications={c: Verification(c, v, "diperiksa")
                               for c, v in (verified or {}).items()})


def q(result, code):
    return next(x for x in result.questions if x.code == code)


TEXT = "Inovasi: layanan permohonan lewat WhatsApp, SK Kepala Dinas No. 12/2025."


def test_raw_and_verified_with_a_text_scored_by_the_verifikator(m):
    answers = {"1.1": True, "1.2": D("85.5"), "1.3": D(12), "2.1": TEXT}
    raw = score(case(answers), m)
    # 1.2: 85,5 reaches ≥ 75 (not ≥ 90) → ½ × 4 = 2; 1.3: 12 days > 10 (not > 17) → ½ × 2 = 1
    assert (q(raw, "1.2").earned_raw, q(raw, "1.2").reason_raw) == (D(2), Reason.PARTIAL)
    assert (q(raw, "1.3").earned_raw, q(raw, "1.3").reason_raw) == (D(1), Reason.PARTIAL)
    # 2.1: written, not yet scored → 0 of 5 (raw and, unverified, verified)
    assert (q(raw, "2.1").earned_raw, q(raw, "2.1").earned, q(raw, "2.1").possible) == (0, 0, 5)
    # A = (2 + 2 + 1) / 8 × 100 = 62,5; B = 0 / 5 = 0; SAQ = 0,6 × 62,5 + 0,4 × 0 = 37,5
    assert raw.indicators["A"].raw == D("62.50")
    assert raw.indicators["B"].raw == D(0)
    assert (raw.saq_raw, raw.saq_verified) == (D("37.50"), D("37.50"))

    verified = score(case(answers, {"2.1": D("3.5")}), m)
    text = q(verified, "2.1")
    # the verifikator's 3,5 points: B = 3,5 / 5 × 100 = 70 (raw stays 0: nothing self-scored)
    assert (text.earned_raw, text.earned, text.reason) == (D(0), D("3.5"), Reason.OVERRIDDEN)
    assert (verified.indicators["B"].raw, verified.indicators["B"].verified) == (D(0), D(70))
    # SAQ verified = 0,6 × 62,5 + 0,4 × 70 = 37,5 + 28 = 65,5 (raw still 37,5)
    assert (verified.saq_raw, verified.saq_verified) == (D("37.50"), D("65.50"))
    # 65,5 ≥ 60 passes the gate; the panel has no juror rows and counts 0:
    # final = 0,8 × 65,5 + 0,2 × 0 = 52,4
    assert verified.final == D("52.40")
    assert score_reference(case(answers, {"2.1": D("3.5")}), m) == verified


@pytest.mark.parametrize(("value", "earned"), [
    (D(100), D(4)), (D(90), D(4)),  # ≥ 90 is inclusive: exactly 90 earns all
    (D("89.9"), D(2)), (D(75), D(2)),  # ≥ 75 inclusive
    (D("74.9"), D(0)), (D(0), D(0)),  # below the lowest threshold: 0
])
def test_share_answered_on_time_edges(m, value, earned):
    r = score(case({"1.2": value}), m)
    assert q(r, "1.2").earned_raw == earned


@pytest.mark.parametrize(("days", "earned"), [
    (0, D(2)), (10, D(2)),  # "> 10" is exclusive: 10 days still earns all
    (11, D(1)), (17, D(1)),  # "> 17" exclusive: 17 days still earns half
    (18, D(0)),
])
def test_days_to_answer_less_is_better_edges(m, days, earned):
    r = score(case({"1.3": D(days)}), m)
    assert q(r, "1.3").earned_raw == earned


def test_inclusive_and_exclusive_at_the_same_bound():
    data = _data()
    data["questions"][1]["thresholds"] = [
        {"lower": 50, "fraction": 0.5},  # ≥ 50 → half
        {"lower": 50, "inclusive": False, "fraction": 1},  # > 50 → all
    ]
    m2 = parse_methodology(data, "ambang.yaml")
    # 50 reaches "≥ 50" only → 2 of 4; 50,1 reaches "> 50" (the higher) → 4; 49,9 → 0
    for value, earned in ((D(50), D(2)), (D("50.1"), D(4)), (D("49.9"), D(0))):
        assert q(score(case({"1.2": value}), m2), "1.2").earned_raw == earned


def test_values_outside_the_question_earn_nothing_and_say_so(m):
    # out of range, too many decimals, another type's value: invalid, never a silent score
    for value in (D(101), D(-1), D("85.55"), True, "85,5", frozenset()):
        r = score(case({"1.2": D(95)}, {"1.2": value}), m)
        assert (q(r, "1.2").earned, q(r, "1.2").reason) == (0, Reason.INVALID), value
    for points in (D(6), D("3.55"), D(-1), True):
        r = score(case({"2.1": TEXT}, {"2.1": points}), m)
        assert (q(r, "2.1").earned, q(r, "2.1").reason) == (0, Reason.INVALID), points
    # an int is a number too (a program's Verification(…, 90))
    assert q(score(case({"1.2": D(80)}, {"1.2": 90}), m), "1.2").earned == D(4)


def test_a_verified_number_replaces_the_reported_one(m):
    r = score(case({"1.2": D(95)}, {"1.2": D(80)}), m)
    # reported 95 → 4 raw; the verifikator found 80 → 2
    assert (q(r, "1.2").earned_raw, q(r, "1.2").earned, q(r, "1.2").reason) == (
        D(4), D(2), Reason.OVERRIDDEN)


def test_number_without_evidence_and_nihil(m):
    # 1.2 requires evidence: 95 without it earns 0 (raw)
    r = score(case({"1.2": D(95)}, no_evidence=("1.2",)), m)
    assert (q(r, "1.2").earned_raw, q(r, "1.2").reason_raw) == (0, Reason.NO_EVIDENCE)
    # 1.3 only flags a missing evidence: 5 days still earns 2, flagged
    r = score(case({"1.3": D(5)}, no_evidence=("1.3",)), m)
    assert (q(r, "1.3").earned_raw, q(r, "1.3").flagged) == (D(2), True)
    # nihil (no request at all) leaves 1.2 out: A = (2 + 2) / (2 + 2) = 100
    r = score(case({"1.1": True, "1.2": NIL, "1.3": D(3)}), m)
    assert q(r, "1.2").nil
    assert r.indicators["A"].raw == D(100)


def test_lost_points_explain_thresholds_and_the_wait_for_the_verifikator(m):
    answers = {"1.1": True, "1.2": D("85.5"), "1.3": D(12), "2.1": TEXT}
    lost = {lp.question: lp for lp in lost_points(score(case(answers), m), m)}
    assert lost["1.2"].detail == "Angka 85,5% mencapai ambang ≥ 75% → 2 dari 4 poin"
    assert lost["1.2"].advice.startswith("Poin penuh untuk angka ≥ 90%;")
    assert lost["1.3"].detail == "Angka 12 hari mencapai ambang > 10 hari → 1 dari 2 poin"
    assert lost["1.3"].advice.startswith("Poin penuh untuk angka ≥ 0 dan ≤ 10 hari;")
    assert lost["2.1"].detail == "Menunggu penilaian verifikator"
    low = {lp.question: lp for lp in lost_points(score(case({**answers, "1.2": D(60)}), m), m)}
    assert low["1.2"].detail == "Angka 60% di bawah ambang terendah ≥ 75% → 0 dari 4 poin"

    verified = score(case(answers, {"2.1": D("3.5"), "1.2": D(80)}), m)
    lost = {lp.question: lp for lp in lost_points(verified, m)}
    assert lost["2.1"].detail == "Dinilai verifikator: 3,5 dari 5 poin"
    assert lost["1.2"].detail == ("Angka terverifikasi 80% mencapai ambang ≥ 75% → 2 dari 4 "
                                  "poin")
    # not answered and without evidence: the reason says it, no type detail
    lost = {lp.question: lp for lp in lost_points(
        score(case({"1.2": D(95)}, no_evidence=("1.2",)), m), m)}
    assert lost["1.2"].detail == ""
    assert lost["1.3"].detail == ""


# -- the fast engine equals the reference with number and text answers ----------------------

def _data() -> dict:
    import yaml

    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


NUMBERS = [D(0), D(10), D(11), D(17), D(18), D("74.9"), D(75), D("89.9"), D(90), D(100),
           D(101), D("85.55"), 90, 12]
POINTS = [D(0), D("0.5"), D("3.5"), D(5), D(6), D("3.55"), 4]


def _value(q, rng):
    """Valid and invalid values of every type (canonical Decimals, as the readers give)."""
    roll = rng.random()
    if roll < 0.06:
        return NIL
    if roll < 0.12:
        return rng.choice([0, 1, 7, -1, True, False, frozenset({"zz"}), frozenset(), "teks"])
    if q.type is AnswerType.NUMBER:
        return rng.choice(NUMBERS)
    if q.type is AnswerType.TEXT:
        return rng.choice(["Uraian A", "Uraian B", TEXT, *POINTS])
    return fer_value(q, rng)


fer_value = fer._value


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_engine_equals_reference(monkeypatch, seed):
    monkeypatch.setattr(fer, "_value", _value)
    fer._check(load_methodology(FIXTURE), 600, seed=seed)


def test_random_values_cover_every_reason(monkeypatch):
    monkeypatch.setattr(fer, "_value", _value)
    m = load_methodology(FIXTURE)
    rng = random.Random(5)
    reasons = {x.reason for n in range(300)
               for x in score(fer.random_case(m, n, rng), m).questions}
    assert {Reason.FULL, Reason.PARTIAL, Reason.ANSWERED_NO, Reason.OVERRIDDEN,
            Reason.INVALID, Reason.NIL} <= reasons
