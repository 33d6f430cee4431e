"""Known-answer tests of the scoring engine on tests/fixtures/mini.yaml (see conftest)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import (
    Case,
    PanelScore,
    Participation,
    Reason,
    ScoringError,
    StageStatus,
    Verification,
    score,
    score_all,
)

D = Decimal


def test_indicators_saq_panel_and_final(mini, build):
    # OPD: 1.1 Ya (2 of 2), 1.2 {a, b} (3 × 2/3 = 2 of 3), 2.1 level 1 (4 × 0.5 = 2 of 4).
    # A = (2 + 2) / 5 × 100 = 80; B = 2 / 4 × 100 = 50.
    # SAQ = 60 × 80 / 100 + 40 × 50 / 100 = 48 + 20 = 68 (≥ 60: the panel gate opens).
    # Panel: jurors 80 and 70 on K (weight 100) → totals 80, 70 → mean 75.
    # Final = 0.8 × 68 + 0.2 × 75 = 54.4 + 15 = 69.40 → Cukup Informatif.
    r = score(build.case("Dinas Kominfo", "opd", {"1.1": True, "1.2": frozenset("ab"),
                                                 "2.1": 1}, panel={"J1": 80, "J2": 70}), mini)
    assert r.indicators["A"].raw == r.indicators["A"].verified == D("80.00")
    assert r.indicators["B"].verified == D("50.00")
    assert r.indicators["K"].verified == D("75.00")
    assert (r.saq_raw, r.saq_verified) == (D("68.00"), D("68.00"))
    assert r.stages["saq"].score == D("68.00")
    panel = r.stages["panel"]
    assert (panel.score, panel.status, panel.counted) == (D("75.00"), StageStatus.TAKEN, True)
    assert panel.jurors == {"J1": D("80.00"), "J2": D("70.00")}
    assert r.final == D("69.40")
    assert str(r.final) == "69.40"  # always published with 2 decimals
    assert r.predicate.label == "Cukup Informatif"
    assert r.rank is None  # filled by ranking only
    by_code = {q.code: q for q in r.questions}
    assert [q.code for q in r.questions] == ["1.1", "1.2", "2.1", "2.2"]  # every question
    assert (by_code["1.1"].earned, by_code["1.1"].reason) == (D(2), Reason.FULL)
    assert (by_code["1.2"].earned, by_code["1.2"].reason) == (D(2), Reason.PARTIAL)
    assert (by_code["2.1"].earned, by_code["2.1"].reason) == (D(2), Reason.PARTIAL)
    assert by_code["2.2"].reason == Reason.NOT_APPLICABLE
    assert by_code["2.2"].possible == by_code["2.2"].earned == 0


def test_final_without_panel_counts_the_missing_stage_as_zero(mini, build):
    # Same SAQ 68.00, no juror rows: the panel is missing and mini's policy is `zero`.
    # Final = 0.8 × 68 + 0.2 × 0 = 54.40 → Kurang Informatif.
    r = score(build.case("Dinas Kominfo", "opd", {"1.1": True, "1.2": frozenset("ab"),
                                                 "2.1": 1}), mini)
    panel = r.stages["panel"]
    assert (panel.score, panel.status, panel.counted) == (None, StageStatus.MISSING, True)
    assert r.indicators["K"].verified is None
    assert r.final == D("54.40")
    assert r.predicate.label == "Kurang Informatif"


def test_verification_lowers_an_answer_and_the_gate_closes(mini, build):
    # Self-reported as above: SAQ raw 68.00. The verifikator lowers 2.1 to level 0 and
    # confirms 1.2 = {a, b}: B verified = 0 → SAQ verified = 48 + 0 = 48.00.
    # The gate uses the verified SAQ: 48 < 60 → panel below gate, scored 0 (mini's default).
    # Final = 0.8 × 48 + 0.2 × 0 = 38.40 → Tidak Informatif, despite the jurors' 75.
    r = score(build.case("Dinas Kominfo", "opd", {"1.1": True, "1.2": frozenset("ab"),
                                                 "2.1": 1}, panel={"J1": 80, "J2": 70},
                         verified={"2.1": 0, "1.2": frozenset("ab")}), mini)
    assert (r.saq_raw, r.saq_verified) == (D("68.00"), D("48.00"))
    assert (r.indicators["B"].raw, r.indicators["B"].verified) == (D("50.00"), D("0.00"))
    assert r.stages["saq"].raw == D("68.00")
    panel = r.stages["panel"]
    assert (panel.score, panel.status, panel.counted) == (D("0.00"), StageStatus.BELOW_GATE, True)
    assert panel.jurors == {"J1": D("80.00"), "J2": D("70.00")}  # kept, but not counted
    assert r.final == D("38.40")
    assert r.predicate.label == "Tidak Informatif"
    q = {q.code: q for q in r.questions}
    assert (q["2.1"].reason_raw, q["2.1"].reason) == (Reason.PARTIAL, Reason.OVERRIDDEN)
    assert (q["2.1"].value, q["2.1"].verified, q["2.1"].earned) == (1, 0, D(0))
    assert r.notes == {"2.1": "diperiksa verifikator", "1.2": "diperiksa verifikator"}
    assert q["1.2"].reason == Reason.PARTIAL  # confirmed: same value, not overridden
    assert q["1.1"].verified is None  # not verified: the self-reported answer counts


def test_evidence_required_and_the_verifikator_satisfies_it(mini, build):
    # 1.1 Ya without data dukung → raw 0 (no_evidence). 1.2 {a,b,c} and 2.1 level 2 full.
    # Raw: A = 3/5 = 60, B = 4/4 = 100 → SAQ raw = 36 + 40 = 76.00.
    # The verifikator confirms 1.1 Ya (checked the evidence) → A = 5/5 → SAQ verified 100.
    c = build.case("Dinas PU", "opd", {"1.1": True, "1.2": frozenset("abc"), "2.1": 2},
                   no_evidence=["1.1"], verified={"1.1": True})
    r = score(c, mini)
    q = {q.code: q for q in r.questions}
    assert (q["1.1"].earned_raw, q["1.1"].reason_raw) == (D(0), Reason.NO_EVIDENCE)
    assert (q["1.1"].earned, q["1.1"].reason) == (D(2), Reason.FULL)
    assert (r.saq_raw, r.saq_verified) == (D("76.00"), D("100.00"))


def test_desa_questions_no_evidence_rule_and_answered_no(mini, build):
    # Desa: 1.1 Ya (2), 1.2 empty checklist (0, answered_no), 2.2 Ya without evidence —
    # 2.2 asks for none, so it earns its 1 point. 2.1 is not asked of a Desa.
    # A = 2/5 = 40; B = 1/1 = 100; SAQ = 24 + 40 = 64.00. No panel (zero policy):
    # Final = 0.8 × 64 = 51.20 → Kurang Informatif.
    r = score(build.case("Desa Sukamaju", "desa", {"1.1": True, "1.2": frozenset(),
                                                   "2.2": True}, no_evidence=["2.2"]), mini)
    q = {q.code: q for q in r.questions}
    assert q["1.2"].reason == Reason.ANSWERED_NO
    assert (q["2.2"].earned, q["2.2"].reason, q["2.2"].flagged) == (D(1), Reason.FULL, False)
    assert q["2.1"].reason == Reason.NOT_APPLICABLE
    assert (r.indicators["A"].verified, r.indicators["B"].verified) == (D("40.00"), D("100.00"))
    assert r.saq_verified == D("64.00")
    assert r.final == D("51.20")


def test_unanswered_questions_score_zero(mini, build):
    # A Desa that submitted an empty SAQ: every question not_answered, SAQ 0, below the gate.
    # Final = 0.8 × 0 + 0.2 × 0 = 0.00 — scored, because it did submit.
    r = score(build.case("Desa Kosong", "desa", {"1.1": None}), mini)
    assert {q.reason for q in r.questions} == {Reason.NOT_ANSWERED, Reason.NOT_APPLICABLE}
    assert r.saq_raw == r.saq_verified == D("0.00")
    assert r.stages["panel"].status == StageStatus.BELOW_GATE
    assert r.final == D("0.00")
    assert r.predicate.label == "Tidak Informatif"


def test_flag_policy_earns_but_flags(build):
    # 1.1 with evidence: flag → Ya without evidence still earns 2 points, flagged.
    m = build.variant(lambda d: d["questions"][0].update(evidence="flag"))
    r = score(build.case("Dinas X", "opd", {"1.1": True}, no_evidence=["1.1"]), m)
    q = r.questions[0]
    assert (q.code, q.earned_raw, q.earned, q.flagged) == ("1.1", D(2), D(2), True)


def test_bonus_and_clamping_at_100(mini, build):
    full = {"1.1": True, "1.2": frozenset("abc"), "2.1": 2}
    # SAQ 100, panel 100 → 0.8 × 100 + 0.2 × 100 = 100; + 5 bonus = 105 → clamped 100.00.
    r = score(build.case("Dinas A", "opd", full, panel={"J1": 100}, bonuses=[5]), mini)
    assert (r.bonus, r.final) == (D(5), D("100.00"))
    assert r.predicate.label == "Informatif"
    # Panel 95 → 80 + 19 = 99; bonuses +2.5 and −0.5 → 101.00 → clamped 100.00.
    r = score(build.case("Dinas B", "opd", full, panel={"J1": 95}, bonuses=["2.5", "-0.5"]),
              mini)
    assert (r.bonus, r.final) == (D("2.0"), D("100.00"))
    # A negative bonus: 100 − 3 = 97.00.
    r = score(build.case("Dinas C", "opd", full, panel={"J1": 100}, bonuses=[-3]), mini)
    assert r.final == D("97.00")
    # And the floor: 0 − 5 → 0.00.
    r = score(build.case("Dinas D", "opd", {}, bonuses=[-5]), mini)
    assert r.final == D("0.00")


def test_several_jurors_and_aspects(build):
    # Panel with two aspects K 60 % and L 40 %. Juror J1: K 80, L 50 → 48 + 20 = 68.
    # Juror J2 scored only K 90 → L counts 0 → 54 + 0 = 54. Stage = (68 + 54) / 2 = 61.
    # Aspect means: K (80 + 90) / 2 = 85, L (50 + 0) / 2 = 25 (0.6 × 85 + 0.4 × 25 = 61).
    def two_aspects(d):
        d["indicators"][2]["weight"] = 60
        d["indicators"].append({"code": "L", "name": "Inovasi", "stage": "panel", "weight": 40})
    m = build.variant(two_aspects)
    c = build.case("Dinas X", "opd", {"1.1": True, "1.2": frozenset("abc"), "2.1": 2})
    c = Case(c.badan_publik, c.category, submission=c.submission, panel=[
        PanelScore("panel", "J1", "K", D(80)), PanelScore("panel", "J1", "L", D(50)),
        PanelScore("panel", "J2", "K", D(90))])
    r = score(c, m)
    assert r.stages["panel"].jurors == {"J1": D("68.00"), "J2": D("54.00")}
    assert r.stages["panel"].score == D("61.00")
    assert (r.indicators["K"].verified, r.indicators["L"].verified) == (D("85.00"), D("25.00"))
    # Final = 0.8 × 100 + 0.2 × 61 = 92.20
    assert r.final == D("92.20")


def test_exact_half_rounds_up(mini, build):
    full = {"1.1": True, "1.2": frozenset("abc"), "2.1": 2}
    # 0.8 × 100 + 0.2 × 50 = 90; bonus −0.005 → 89.995 → half-up → 90.00 → Informatif.
    r = score(build.case("Dinas X", "opd", full, panel={"J1": 50}, bonuses=["-0.005"]), mini)
    assert r.final_exact == D("89.995")
    assert (r.final, r.predicate.label) == (D("90.00"), "Informatif")
    # Three jurors: totals 50, 50, 49.925 → mean 49.975; 0.2 × 49.975 = 9.995;
    # final = 80 + 9.995 = 89.995 → 90.00.
    r = score(build.case("Dinas Y", "opd", full, panel={"J1": 50, "J2": 50, "J3": "49.925"}),
              mini)
    assert r.final == D("90.00")


def test_division_residue_does_not_push_an_exact_half_down(build):
    # Variant: A (70 %) = 1.1 + 2.1 (6 pts for an OPD), B (30 %) = 1.2 (3 pts).
    # Only 1.2 {a}: A = 0, B = 1/3 × 100 = 33.333… (Decimal keeps 33.33…33, a bit low).
    # SAQ = 0.3 × 33.333… = 10 exactly, computed 9.99…99; below the gate, panel 0.
    # Final = 0.8 × 10 − 0.005 (bonus) = 7.995 → half-up 8.00, not 7.99.
    def thirds(d):
        d["indicators"][0]["weight"] = 70
        d["indicators"][1]["weight"] = 30
        d["questions"][1]["indicator"] = "B"  # 1.2
        d["questions"][2]["indicator"] = "A"  # 2.1
    m = build.variant(thirds)
    r = score(build.case("Dinas X", "opd", {"1.2": frozenset("a")}, bonuses=["-0.005"]), m)
    assert r.indicators["B"].verified == D("33.33")
    assert r.saq_verified == D("10.00")
    assert r.final_exact < D("7.995")  # the residue is there …
    assert D("7.995") - r.final_exact < D("1e-25")
    assert r.final == D("8.00")  # … and does not change the published score


def test_participation_without_scores(mini, build):
    for status, label in [(Participation.NOT_SUBMITTED, "Tidak mengisi SAQ"),
                          (Participation.NOT_REGISTERED, "Tidak register")]:
        r = score(Case("Kecamatan Sepi", "opd", participation=status), mini)
        assert (r.final, r.predicate, r.saq_verified, r.bonus) == (None, None, None, None)
        assert r.participation is status
        assert r.participation.label == label
        assert r.questions == ()
    # A submission does not make a non-participant scored …
    c = build.case("Dinas X", "opd", {"1.1": True}, participation=Participation.NOT_SUBMITTED)
    assert score(c, mini).final is None
    # … and `late` is scored like submitted but keeps its status.
    c = build.case("Dinas Y", "opd", {"1.1": True}, participation=Participation.LATE)
    r = score(c, mini)
    assert r.participation is Participation.LATE
    assert r.participation.label == "Terlambat"
    # 1.1 only: A = 2/5 = 40 → SAQ = 24 → final 0.8 × 24 = 19.20
    assert r.final == D("19.20")


def test_score_all_keeps_input_order(mini, build):
    cases = [build.case(f"BP {n}", "opd", {"1.1": n % 2 == 0}) for n in range(5)]
    assert [r.badan_publik for r in score_all(cases, mini)] == [f"BP {n}" for n in range(5)]


def test_inputs_that_do_not_fit_are_rejected(mini, build):
    with pytest.raises(ScoringError, match="kategori"):
        score(build.case("X", "kementerian", {}), mini)
    with pytest.raises(ScoringError, match="metodologi"):
        score(build.case("X", "opd", {}, methodology_id="other"), mini)
    c = build.case("X", "opd", {})
    with pytest.raises(ScoringError, match="verifikasi"):
        score(Case("X", "opd", submission=c.submission,
                   verifications={"9.9": Verification("9.9", True)}), mini)
    with pytest.raises(ScoringError, match="aspek"):
        score(Case("X", "opd", submission=c.submission,
                   panel=[PanelScore("panel", "J1", "A", D(50))]), mini)
    with pytest.raises(ScoringError, match="lebih dari sekali"):
        score(Case("X", "opd", submission=c.submission,
                   panel=[PanelScore("panel", "J1", "K", D(50))] * 2), mini)
    with pytest.raises(ScoringError, match="0–100"):
        PanelScore("panel", "J1", "K", D(101))


def test_invalid_values_earn_nothing_visibly(mini, build):
    # 1 is not a yes_no value, 7 not a level, "z" not an item: 0 points, reason invalid.
    r = score(build.case("X", "opd", {"1.1": 1, "2.1": 7, "1.2": frozenset("az")}), mini)
    assert {q.code: q.reason for q in r.questions if q.possible} == {
        "1.1": Reason.INVALID, "1.2": Reason.INVALID, "2.1": Reason.INVALID}
    assert r.saq_raw == D("0.00")
    # … and True is still Ya after an invalid 1 was memoised for the same question.
    assert score(build.case("Y", "opd", {"1.1": True}), mini).questions[0].earned == 2


def test_plan_cache_tells_variants_apart(mini, build):
    # Same id and version, different policy: the cache must not serve mini's plan.
    renorm = build.variant(lambda d: d["stages"][1].update(missing="renormalise"))
    c = build.case("Dinas X", "opd", {"1.1": True, "1.2": frozenset("ab"), "2.1": 1})
    assert score(c, mini).final == D("54.40")
    assert score(c, renorm).final == D("68.00")
    assert score(c, mini).final == D("54.40")
