"""Explanations: reasons per question, lost points and the gap to the next predikat."""

from __future__ import annotations

from decimal import Decimal

from scoring import (
    Case,
    Participation,
    Reason,
    StageStatus,
    lost_points,
    next_predicate_gap,
    score,
)

D = Decimal


def test_reasons_of_every_question(mini, build):
    # OPD: 1.1 unanswered, 1.2 {a,b,c} without evidence, 2.1 self-reported 2 but lowered
    # to 1 by the verifikator; 2.2 is for Desa only.
    r = score(build.case("Dinas X", "opd", {"1.2": frozenset("abc"), "2.1": 2},
                         no_evidence=["1.2"], verified={"2.1": 1}), mini)
    reasons = {q.code: (q.reason_raw, q.reason) for q in r.questions}
    assert reasons == {
        "1.1": (Reason.NOT_ANSWERED, Reason.NOT_ANSWERED),
        "1.2": (Reason.NO_EVIDENCE, Reason.NO_EVIDENCE),
        "2.1": (Reason.FULL, Reason.OVERRIDDEN),
        "2.2": (Reason.NOT_APPLICABLE, Reason.NOT_APPLICABLE),
    }
    assert Reason.NO_EVIDENCE.label == "Tanpa data dukung"


def test_lost_points_with_contributions(mini, build):
    # Same BP: A = 0/5, B verified = 2/4 → SAQ = 0 + 20 = 20 → below gate → final 16.00.
    # Counted stages: SAQ 80 + panel 20 (below gate, counted) = 100.
    # Contribution = missing / indicator points × indicator weight × 80/100:
    #   1.1: 2/5 × 60 × 0.8 = 19.2; 1.2: 3/5 × 60 × 0.8 = 28.8; 2.1: 2/4 × 40 × 0.8 = 16.
    r = score(build.case("Dinas X", "opd", {"1.2": frozenset("abc"), "2.1": 2},
                         no_evidence=["1.2"], verified={"2.1": 1}), mini)
    assert r.final == D("16.00")
    lost = lost_points(r, mini)
    assert [(x.question, x.reason, x.missing, x.contribution) for x in lost] == [
        ("1.2", Reason.NO_EVIDENCE, D(3), D("28.8000")),
        ("1.1", Reason.NOT_ANSWERED, D(2), D("19.2000")),
        ("2.1", Reason.OVERRIDDEN, D(2), D("16.0000")),
    ]
    assert lost[2].note == "diperiksa verifikator"


def test_gap_to_the_next_predicate(mini, build):
    # 69.40 (Cukup; see test_engine) → Menuju Informatif at 80.00: 10.60 needed.
    # Lost: 2.1 (2 of 4 pts: 2/4 × 40 × 0.8 = 16.0) and 1.2 (1 of 3: 1/5 × 60 × 0.8 = 9.6).
    # Largest first: 2.1 alone reaches 85.40 ≥ 80.
    r = score(build.case("Dinas Kominfo", "opd", {"1.1": True, "1.2": frozenset("ab"),
                                                 "2.1": 1}, panel={"J1": 80, "J2": 70}), mini)
    gap = next_predicate_gap(r, mini)
    assert (gap.band.label, gap.needed, gap.reachable, gap.gain) == (
        "Menuju Informatif", D("10.60"), True, D("16.00"))
    assert [q.question for q in gap.questions] == ["2.1"]


def test_gap_reached_exactly_and_ties_in_contribution(mini, build):
    # Desa: 1.1 Ya, 1.2 {a, b}, 2.2 Ya: A = 4/5 = 80, B = 100 → SAQ 88; panel missing (0).
    # Final = 0.8 × 88 = 70.40; 80.00 needs 9.60 = exactly 1.2's missing point
    # (1/5 × 60 × 0.8 = 9.6).
    r = score(build.case("Desa A", "desa", {"1.1": True, "1.2": frozenset("ab"),
                                            "2.2": True}), mini)
    gap = next_predicate_gap(r, mini)
    assert (r.final, gap.needed, gap.reachable) == (D("70.40"), D("9.60"), True)
    assert [q.question for q in gap.questions] == ["1.2"]
    # Desa with only 1.2 {a}: A = 1/5 = 20, B = 0 → SAQ 12 → final 9.60 (Tidak).
    # Kurang at 40 needs 30.40: 2.2 (1/1 × 40 × 0.8 = 32) alone is enough.
    r = score(build.case("Desa B", "desa", {"1.2": frozenset("a")}), mini)
    gap = next_predicate_gap(r, mini)
    assert (r.final, gap.band.label, gap.needed) == (D("9.60"), "Kurang Informatif", D("30.40"))
    assert [q.question for q in gap.questions] == ["2.2"]
    # Ties in contribution keep methodology order: Desa with 2.2 and 1.2 {a}:
    # SAQ = 12 + 40 = 52 → 41.60 (Kurang); Cukup needs 18.40. 1.1 (2/5 × 60 × 0.8) and
    # 1.2's two missing points (2/5 × 60 × 0.8) are both worth 19.2: 1.1 comes first.
    r = score(build.case("Desa C", "desa", {"1.2": frozenset("a"), "2.2": True}), mini)
    gap = next_predicate_gap(r, mini)
    assert (r.final, gap.needed, [q.question for q in gap.questions]) == (
        D("41.60"), D("18.40"), ["1.1"])


def test_gap_needing_two_questions(build):
    # Variant with two more Ya/Tidak questions in A (1.3, 1.4; 2 pts each): A has 9 pts.
    # OPD: 1.1 Ya, 1.2 {a,b,c}, 1.3 Tidak, 1.4 unanswered, 2.1 level 2.
    # A = 5/9 × 100 = 55.56; B = 100 → SAQ = 33.33… + 40 = 73.33 (gate open).
    # Panel 50 → final = 0.8 × 73.333… + 0.2 × 50 = 58.666… + 10 = 68.67 (Cukup).
    # Menuju at 80 needs 11.33; 1.3 and 1.4 are each 2/9 × 60 × 0.8 = 10.6667:
    # one gives 79.33, two give 90.00 → both.
    def wider(d):
        d["questions"][2:2] = [
            {"code": "1.3", "indicator": "A", "text": "Ada SK PPID?", "type": "yes_no",
             "points": 2},
            {"code": "1.4", "indicator": "A", "text": "Ada laporan?", "type": "yes_no",
             "points": 2},
        ]
    m = build.variant(wider)
    r = score(build.case("Dinas X", "opd", {"1.1": True, "1.2": frozenset("abc"),
                                            "1.3": False, "2.1": 2}, panel={"J1": 50}), m)
    assert (r.saq_verified, r.final) == (D("73.33"), D("68.67"))
    gap = next_predicate_gap(r, m)
    assert (gap.needed, gap.reachable, gap.gain) == (D("11.33"), True, D("21.33"))
    assert [(q.question, q.reason, q.contribution) for q in gap.questions] == [
        ("1.3", "answered_no", D("10.6667")), ("1.4", "not_answered", D("10.6667"))]


def test_gap_unreachable_by_questions_alone(mini, build):
    # Desa with every question full but no panel: 0.8 × 100 = 80.00 (Menuju). Informatif
    # needs 10.00 more, but no question lost points: only the panel stage can add them.
    r = score(build.case("Desa D", "desa", {"1.1": True, "1.2": frozenset("abc"),
                                            "2.2": True}), mini)
    gap = next_predicate_gap(r, mini)
    assert (r.final, gap.band.label, gap.needed) == (D("80.00"), "Informatif", D("10.00"))
    assert (gap.reachable, gap.questions, gap.gain) == (False, (), D("0.00"))


def test_no_gap_at_the_top_or_when_unscored(mini, build):
    full = {"1.1": True, "1.2": frozenset("abc"), "2.1": 2}
    top = score(build.case("Dinas A", "opd", full, panel={"J1": 100}), mini)
    assert top.predicate.label == "Informatif"
    assert next_predicate_gap(top, mini) is None
    assert lost_points(top, mini) == ()
    absent = score(Case("Dinas B", "opd", participation=Participation.NOT_SUBMITTED), mini)
    assert next_predicate_gap(absent, mini) is None
    assert lost_points(absent, mini) == ()


def test_gap_names_a_missing_stage_counted_as_zero(mini, build):
    # Desa A (see above): SAQ 88, panel missing; policy zero → counted as 0.
    # Final = 80 × 88 / 100 = 70.40. The panel's share = 20 / (80 + 20) × 100 = 20 and it
    # contributes 0 now → it could add 20 − 0 = 20.00 points at most.
    r = score(build.case("Desa A", "desa", {"1.1": True, "1.2": frozenset("ab"),
                                            "2.2": True}), mini)
    gap = next_predicate_gap(r, mini)
    assert gap.reachable  # 1.2 alone still reaches 80.00 (unchanged meaning)
    assert [(s.stage, s.name, s.status, s.weight, s.share, s.points, s.gate_score)
            for s in gap.stages] == [
        ("panel", "Presentasi", StageStatus.MISSING, D(20), D("20.00"), D("20.00"), None)]
    # Every SAQ point earned, panel missing: 80.00; no question helps, the panel could.
    r = score(build.case("Desa D", "desa", {"1.1": True, "1.2": frozenset("abc"),
                                            "2.2": True}), mini)
    gap = next_predicate_gap(r, mini)
    assert (gap.reachable, gap.questions, [s.points for s in gap.stages]) == (
        False, (), [D("20.00")])


def test_gap_names_a_stage_below_its_gate(mini, build):
    # Dinas X: SAQ 20 < gate 60 → panel below gate, scores 0 but counted: final 16.00.
    # Panel could add 20 × (100 − 0) / 100 = 20.00 once SAQ reaches 60.
    r = score(build.case("Dinas X", "opd", {"1.2": frozenset("abc"), "2.1": 2},
                         no_evidence=["1.2"], verified={"2.1": 1}), mini)
    gap = next_predicate_gap(r, mini)
    (panel,) = gap.stages
    assert (panel.stage, panel.status, panel.points) == (
        "panel", StageStatus.BELOW_GATE, D("20.00"))
    assert (panel.gate_stage, panel.gate_stage_name, panel.gate_score) == ("saq", "SAQ", D(60))

    # below_gate_score 50: final = 0.8 × 20 + 0.2 × 50 = 26.00; the panel already gives
    # 0.2 × 50 = 10, so it could add 20 − 10 = 10.00 at most.
    def half(d):
        d["stages"][1]["gate"]["below_gate_score"] = 50
    m = build.variant(half)
    r = score(build.case("Dinas X", "opd", {"1.2": frozenset("abc"), "2.1": 2},
                         no_evidence=["1.2"], verified={"2.1": 1}), m)
    assert r.final == D("26.00")
    assert [s.points for s in next_predicate_gap(r, m).stages] == [D("10.00")]


def test_gap_has_no_stage_left_out_by_renormalise(build):
    # Panel missing under renormalise: not counted, the final is the SAQ alone.
    # Desa A: SAQ 88 → final 88.00 (Menuju); Informatif needs 2.00; 1.2 is worth
    # 1/5 × 60 × 80/80 = 12 → reachable; the panel holds nothing back: no stage gap.
    def renormalise(d):
        d["stages"][1]["missing"] = "renormalise"
    m = build.variant(renormalise)
    r = score(build.case("Desa A", "desa", {"1.1": True, "1.2": frozenset("ab"),
                                            "2.2": True}), m)
    gap = next_predicate_gap(r, m)
    assert (r.final, gap.needed, gap.reachable, gap.stages) == (D("88.00"), D("2.00"), True, ())
