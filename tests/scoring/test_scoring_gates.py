"""Gates as data and per-category indicator weights, with known answers worked by hand.

mini (tests/fixtures/mini.yaml, see conftest): SAQ 80 % (A 60, B 40) + panel 20 % (K),
panel gated at SAQ ≥ 60 (published score), missing panel counts 0. The variants below
change only what each test names.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from questionnaires.errors import ProblemsError
from scoring import Case, PanelScore, ScoringError, StageStatus, score, score_all
from scoring.explain import gate_note, gate_rule, lost_points, next_predicate_gap
from scoring.gates import stage_ranks
from scoring.reference import score_all_reference, score_reference

D = Decimal


def _exact_saq(d: dict[str, Any]) -> None:
    """SAQ = indicator A alone (B weighs 0), and A's two OPD questions weigh 599966 and
    400034 points: 1.1 Ya alone gives A = 599966 / 1000000 × 100 = 59.9966 exactly, which
    is published (half-up, two decimals) as 60.00."""
    d["indicators"][0]["weight"] = 100
    d["indicators"][1]["weight"] = 0
    d["questions"][0]["points"] = 599966
    d["questions"][1] = {"code": "1.2", "indicator": "A", "text": "Sisanya", "type": "yes_no",
                         "points": 400034}


def _gate(**gate: Any):
    def change(d: dict[str, Any]) -> None:
        _exact_saq(d)
        d["stages"][1]["gate"] = {"stage": "saq", **gate}
    return change


def test_the_default_gate_compares_the_published_score(build):
    # Gate "saq ≥ 60" as before: SAQ exactly 59.9966 is published as 60.00 and passes.
    # Final = 0.8 × 59.9966 + 0.2 × 90 = 47.99728 + 18 = 65.99728 → 66.00.
    m = build.variant(_gate(min_score=60))
    r = score(build.case("Dinas X", "opd", {"1.1": True}, panel={"J1": 90}), m)
    assert r.saq_verified == D("60.00")
    assert r.stages["panel"].status is StageStatus.TAKEN
    assert r.final == D("66.00")
    assert r.stages["saq"].exact is None  # no gate reads the exact SAQ: not kept


def test_a_gate_on_the_exact_score_keeps_59_9966_out(build):
    # basis exact: 59.9966 < 60, so the panel is below the gate and scores 0 (jurors'
    # 90 not counted). Final = 0.8 × 59.9966 + 0.2 × 0 = 47.99728 → 48.00.
    m = build.variant(_gate(min_score=60, basis="exact"))
    r = score(build.case("Dinas X", "opd", {"1.1": True}, panel={"J1": 90}), m)
    assert r.saq_verified == D("60.00")  # published as 60,00 all the same
    assert r.stages["saq"].exact == D("59.9966")
    panel = r.stages["panel"]
    assert (panel.status, panel.score, panel.counted) == (StageStatus.BELOW_GATE, D("0.00"),
                                                          True)
    assert r.final == D("48.00")
    assert gate_note(r, m, "panel") == "di bawah ambang: SAQ 59,9966 < 60"
    assert gate_rule(m.stages[1].gates[0], m) == "SAQ ≥ 60 (nilai tepat)"
    gap = next_predicate_gap(r, m)
    assert gap is not None
    (stage,) = gap.stages
    assert (stage.stage, stage.gate_rule, stage.gate_note) == (
        "panel", "SAQ ≥ 60 (nilai tepat)", "di bawah ambang: SAQ 59,9966 < 60")


def test_above_60_keeps_exactly_60_00_out(build):
    # mini as it is: 1.1 Ya (2) + 1.2 a, b, c (3) → A = 5/5 = 100; 2.1 level 0 → B = 0.
    # SAQ = 0.6 × 100 + 0.4 × 0 = 60 exactly, published 60.00.
    answers = {"1.1": True, "1.2": frozenset("abc"), "2.1": 0}
    case = build.case("Dinas X", "opd", answers, panel={"J1": 90})
    at_least = score(case, build.variant(lambda d: None))
    assert at_least.saq_verified == D("60.00")
    assert at_least.stages["panel"].status is StageStatus.TAKEN  # ≥ 60: in
    # "> 60": 60.00 is not more than 60 → out. Final = 0.8 × 60 + 0.2 × 0 = 48.00 (in:
    # 48 + 0.2 × 90 = 66.00).
    above = build.variant(lambda d: d["stages"][1]["gate"].update(comparison=">"))
    r = score(case, above)
    assert r.stages["panel"].status is StageStatus.BELOW_GATE
    assert (at_least.final, r.final) == (D("66.00"), D("48.00"))
    assert gate_note(r, above, "panel") == "di bawah ambang: SAQ 60,00 ≤ 60"
    assert gate_rule(above.stages[1].gates[0], above) == "SAQ > 60"
    # The same on the exact score: 60 is not more than 60 either.
    exact = build.variant(lambda d: d["stages"][1]["gate"].update(comparison="above",
                                                                   basis="exact"))
    assert score(case, exact).stages["panel"].status is StageStatus.BELOW_GATE


def test_above_on_the_published_score_and_on_the_exact_one_differ_just_above_60(build):
    # 1.1 weighs 600040 of 1000000 points: SAQ exactly 60.004, published 60.00.
    def change(d: dict[str, Any], basis: str) -> None:
        _exact_saq(d)
        d["questions"][0]["points"] = 600040
        d["questions"][1]["points"] = 399960
        d["stages"][1]["gate"] = {"stage": "saq", "min_score": 60, "comparison": "above",
                                  "basis": basis}
    case = build.case("Dinas X", "opd", {"1.1": True}, panel={"J1": 90})
    published = score(case, build.variant(lambda d: change(d, "published")))
    exact = score(case, build.variant(lambda d: change(d, "exact")))
    assert published.saq_verified == exact.saq_verified == D("60.00")
    assert published.stages["panel"].status is StageStatus.BELOW_GATE  # 60,00 ≤ 60
    assert exact.stages["panel"].status is StageStatus.TAKEN  # 60,004 > 60
    # 0.8 × 60.004 = 48.0032 (+ 0.2 × 90 = 18 when in) → 48.00 and 66.00.
    assert (published.final, exact.final) == (D("48.00"), D("66.00"))


# -- rank gates --------------------------------------------------------------------------

def _top(n: int):
    def change(d: dict[str, Any]) -> None:
        d["stages"][1]["gate"] = {"stage": "saq", "top": n}
    return change


# SAQ of an OPD (A 60 %, B 40 %; A out of 5 points, B = 2.1 out of 4):
BY_SAQ = {
    "Dinas 100": {"1.1": True, "1.2": frozenset("abc"), "2.1": 2},  # 60 + 40 = 100
    "Dinas 80a": {"1.1": True, "1.2": frozenset("abc"), "2.1": 1},  # 60 + 20 = 80
    "Dinas 80b": {"1.1": True, "1.2": frozenset("abc"), "2.1": 1},  # 80, tied with 80a
    "Dinas 68": {"1.1": True, "1.2": frozenset("ab"), "2.1": 1},  # 48 + 20 = 68
    "Dinas 24": {"1.1": True},  # 24 + 0 = 24
}


def test_top_two_of_each_category_with_a_tie_at_second_place(build):
    # Ranks in SAQ among the OPDs: 100 → 1, 80 and 80 → 2 and 2, 68 → 4, 24 → 5. "Top 2"
    # admits every rank ≤ 2: three OPDs (the tie at 2nd place enters whole). The desa is
    # ranked in its own category: 1.1 Ya, 2.2 Ya → A 40, B 100 → SAQ 64, rank 1, in.
    m = build.variant(_top(2))
    cases = [build.case(name, "opd", answers, panel={"J1": 50})
             for name, answers in BY_SAQ.items()]
    cases.append(build.case("Desa Maju", "desa", {"1.1": True, "2.2": True}, panel={"J1": 50}))
    results = {r.badan_publik: r for r in score_all(cases, m)}
    statuses = {name: r.stages["panel"].status for name, r in results.items()}
    assert statuses == {"Dinas 100": StageStatus.TAKEN, "Dinas 80a": StageStatus.TAKEN,
                        "Dinas 80b": StageStatus.TAKEN, "Dinas 68": StageStatus.BELOW_GATE,
                        "Dinas 24": StageStatus.BELOW_GATE, "Desa Maju": StageStatus.TAKEN}
    assert [results[n].stages["saq"].rank for n in BY_SAQ] == [1, 2, 2, 4, 5]
    assert results["Desa Maju"].stages["saq"].rank == 1
    # In: 0.8 × 80 + 0.2 × 50 = 74.00; out: 0.8 × 68 + 0 = 54.40.
    assert (results["Dinas 80b"].final, results["Dinas 68"].final) == (D("74.00"), D("54.40"))
    assert gate_note(results["Dinas 68"], m, "panel") == (
        "di luar 2 teratas kategorinya: peringkat SAQ ke-4")
    assert gate_rule(m.stages[1].gates[0], m) == "2 teratas per kategori di SAQ"
    # The plain reference scores them the same way, in any order.
    assert score_all_reference(cases, m) == score_all(cases, m)
    assert score_all(cases[::-1], m)[::-1] == score_all(cases, m)


def test_one_case_needs_its_rank_from_the_caller(build):
    m = build.variant(_top(2))
    case = build.case("Dinas 68", "opd", BY_SAQ["Dinas 68"], panel={"J1": 50})
    with pytest.raises(ScoringError, match="peringkat"):
        score(case, m)
    with pytest.raises(ScoringError, match="peringkat"):
        score_reference(case, m)
    assert score(case, m, ranks={"saq": 4}).stages["panel"].status is StageStatus.BELOW_GATE
    taken = score(case, m, ranks={"saq": 2})
    assert (taken.stages["panel"].status, taken.final) == (StageStatus.TAKEN, D("64.40"))
    assert taken == score_reference(case, m, {"saq": 2})


def test_stage_ranks_rank_only_those_who_took_the_stage(build, mini):
    # Panel scores 90, 90, 70; one OPD without jurors (missing) and one below the gate
    # (SAQ 24 < 60) are not ranked.
    cases = [build.case("A", "opd", BY_SAQ["Dinas 100"], panel={"J1": 90}),
             build.case("B", "opd", BY_SAQ["Dinas 80a"], panel={"J1": 70}),
             build.case("C", "opd", BY_SAQ["Dinas 80b"], panel={"J1": 90}),
             build.case("D", "opd", BY_SAQ["Dinas 68"]),
             build.case("E", "opd", BY_SAQ["Dinas 24"], panel={"J1": 99})]
    assert stage_ranks(score_all(cases, mini), "panel") == [1, 3, 1, None, None]


# -- several gates in a row (KI Jatim: SAQ ≥ 80, then visitasi ≥ 80) ------------------------

def _jatim(d: dict[str, Any]) -> None:
    """SAQ 60 %, visitasi 20 % (panel V; SAQ ≥ 80), wawancara 20 % (panel W; SAQ ≥ 80 —
    kept out scores 0 — and visitasi ≥ 80 — kept out scores 10)."""
    d["stages"] = [
        {"code": "saq", "name": "SAQ", "kind": "questionnaire", "weight": 60},
        {"code": "visitasi", "name": "Visitasi", "kind": "panel", "weight": 20,
         "gates": [{"stage": "saq", "min_score": 80}]},
        {"code": "wawancara", "name": "Wawancara", "kind": "panel", "weight": 20,
         "gates": [{"stage": "saq", "min_score": 80},
                   {"stage": "visitasi", "min_score": 80, "below_gate_score": 10}]},
    ]
    d["indicators"][2] = {"code": "V", "name": "Visitasi", "stage": "visitasi", "weight": 100}
    d["indicators"].append({"code": "W", "name": "Wawancara", "stage": "wawancara",
                            "weight": 100})
    d["tie_breakers"] = ["saq_verified"]


def _jatim_case(build, name: str, answers: dict[str, Any], visitasi: int | None,
                wawancara: int | None) -> Case:
    rows = [PanelScore("visitasi", "J1", "V", D(visitasi))] if visitasi is not None else []
    rows += [PanelScore("wawancara", "J1", "W", D(wawancara))] if wawancara is not None else []
    return replace(build.case(name, "opd", answers), panel=rows)


def test_two_gates_in_a_row(build):
    m = build.variant(_jatim)
    full = BY_SAQ["Dinas 100"]  # SAQ 100
    # SAQ 100, visitasi 85, wawancara 90: both gates hold.
    # Final = 0.6 × 100 + 0.2 × 85 + 0.2 × 90 = 60 + 17 + 18 = 95.00.
    r = score(_jatim_case(build, "A", full, 85, 90), m)
    assert [s.status for s in r.stages.values()] == [StageStatus.TAKEN] * 3
    assert r.final == D("95.00")
    # SAQ 100 but visitasi 70 < 80: the second gate of wawancara fails; it scores that
    # gate's 10. Final = 60 + 0.2 × 70 + 0.2 × 10 = 60 + 14 + 2 = 76.00.
    r = score(_jatim_case(build, "B", full, 70, 90), m)
    assert r.stages["wawancara"].status is StageStatus.BELOW_GATE
    assert (r.stages["wawancara"].score, r.final) == (D("10.00"), D("76.00"))
    assert gate_note(r, m, "wawancara") == "di bawah ambang: Visitasi 70,00 < 80"
    # SAQ 68 < 80: out of visitasi (0) and, by the first gate, of wawancara (0), whatever
    # the jurors gave. Final = 0.6 × 68 + 0 + 0 = 40.80.
    r = score(_jatim_case(build, "C", BY_SAQ["Dinas 68"], 95, 95), m)
    assert [r.stages[s].status for s in ("visitasi", "wawancara")] == [
        StageStatus.BELOW_GATE, StageStatus.BELOW_GATE]
    assert (r.stages["wawancara"].score, r.final) == (D("0.00"), D("40.80"))
    assert gate_note(r, m, "wawancara") == "di bawah ambang: SAQ 68,00 < 80"
    # SAQ 100 and no visitasi rows: visitasi missing (counted 0), wawancara kept out by
    # "visitasi ≥ 80" (no score) with 10. Final = 60 + 0 + 2 = 62.00.
    r = score(_jatim_case(build, "D", full, None, 90), m)
    assert r.stages["visitasi"].status is StageStatus.MISSING
    assert (r.stages["wawancara"].score, r.final) == (D("10.00"), D("62.00"))
    assert gate_note(r, m, "wawancara") == "di bawah ambang: tidak ada nilai Visitasi"


def test_a_rank_gate_after_a_threshold_gate(build):
    # Presentasi (panel) only for SAQ ≥ 60 and the top 1 of the category in SAQ: of the
    # OPDs scored 100, 80, 80, 68, 24 only "Dinas 100" takes it; 80a passes the threshold
    # but not the rank, 24 fails the threshold first (its note names the threshold).
    def change(d: dict[str, Any]) -> None:
        del d["stages"][1]["gate"]
        d["stages"][1]["gates"] = [{"stage": "saq", "min_score": 60}, {"stage": "saq", "top": 1}]
    m = build.variant(change)
    results = {r.badan_publik: r for r in score_all(
        [build.case(n, "opd", a, panel={"J1": 50}) for n, a in BY_SAQ.items()], m)}
    assert [n for n, r in results.items() if r.stages["panel"].status is StageStatus.TAKEN] \
        == ["Dinas 100"]
    assert gate_note(results["Dinas 80a"], m, "panel") == (
        "di luar 1 teratas kategorinya: peringkat SAQ ke-2")
    assert gate_note(results["Dinas 24"], m, "panel") == "di bawah ambang: SAQ 24,00 < 60"


# -- per-category indicator weights ------------------------------------------------------

def _desa_weights(d: dict[str, Any]) -> None:
    """A 60 / B 40, but for desa A 20 / B 80."""
    d["indicators"][0]["weights"] = {"desa": 20}
    d["indicators"][1]["weights"] = {"desa": 80}


def test_per_category_weights(build, mini):
    m = build.variant(_desa_weights)
    # Desa: 1.1 Ya (2 of A's 5 points) → A = 40; 2.2 Ya (1 of 1) → B = 100.
    # Its weights 20/80: SAQ = 0.2 × 40 + 0.8 × 100 = 8 + 80 = 88 (mini's 60/40: 64).
    desa = build.case("Desa Maju", "desa", {"1.1": True, "2.2": True}, panel={"J1": 70})
    r = score(desa, m)
    assert (r.saq_verified, score(desa, mini).saq_verified) == (D("88.00"), D("64.00"))
    # Final = 0.8 × 88 + 0.2 × 70 = 70.4 + 14 = 84.40.
    assert r.final == D("84.40")
    # An OPD keeps 60/40: 1.1 Ya, 1.2 a b → A = 4/5 = 80; 2.1 level 1 → B = 50;
    # SAQ = 48 + 20 = 68.
    opd = build.case("Dinas X", "opd", {"1.1": True, "1.2": frozenset("ab"), "2.1": 1})
    assert score(opd, m).saq_verified == score(opd, mini).saq_verified == D("68.00")
    assert score(desa, m) == score_reference(desa, m)


def test_per_category_weights_of_a_panel_stage(build):
    # Two panel aspects K 50 / L 50, for desa K 100 / L 0. A desa juror gives K 80, L 20:
    # its panel score is 80 (mini's 50/50 would give 50). SAQ 64 (see above, 60/40).
    def change(d: dict[str, Any]) -> None:
        d["indicators"][2].update(weight=50, weights={"desa": 100})
        d["indicators"].append({"code": "L", "name": "Lain", "stage": "panel", "weight": 50,
                                "weights": {"desa": 0}})
    m = build.variant(change)
    desa = replace(build.case("Desa Maju", "desa", {"1.1": True, "2.2": True}),
                   panel=[PanelScore("panel", "J1", "K", D(80)),
                          PanelScore("panel", "J1", "L", D(20))])
    r = score(desa, m)
    # Final = 0.8 × 64 + 0.2 × 80 = 51.2 + 16 = 67.20.
    assert (r.stages["panel"].score, r.final) == (D("80.00"), D("67.20"))
    assert r == score_reference(desa, m)


def test_a_lost_question_is_worth_its_category_weight(build):
    # Desa, weights A 20 / B 80: 1.2 (3 of A's 5 points) lost is worth
    # 3/5 × 20 × 0.8 = 9.6 final points; with mini's A 60 it would be 28.8.
    m = build.variant(_desa_weights)
    r = score(build.case("Desa Maju", "desa", {"1.1": True, "2.2": True}, panel={"J1": 70}), m)
    lost = {lp.question: lp.contribution for lp in lost_points(r, m)}
    assert lost["1.2"] == D("9.6000")


@pytest.mark.parametrize(("change", "code"), [
    (lambda d: d["indicators"][0].update(weights={"desa": 30}), "M120"),  # desa: 30 + 40
    (lambda d: d["indicators"][0].update(weights={"bumn": 60}), "M119"),
    (lambda d: d["stages"][1]["gate"].update(top=3), "M118"),  # a minimum and a top
    (lambda d: d["stages"][1].update(gate={"stage": "saq"}), "M118"),  # neither
    (lambda d: d["stages"][1].update(gate={"stage": "saq", "top": 3, "comparison": ">"}),
     "M118"),
    (lambda d: d["stages"][1].update(gate={"stage": "saq", "top": 3, "basis": "exact"}),
     "M118"),
])
def test_mistakes_in_the_new_fields_are_refused(build, change, code):
    with pytest.raises(ProblemsError) as caught:
        build.variant(change)
    assert [p.code for p in caught.value.problems] == [code]
