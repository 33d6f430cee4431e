"""A scored website-monitoring stage (tests/fixtures/situs.yaml: SAQ 60, Situs 20, Presentasi
20 gated on SAQ ≥ 60 and Situs ≥ 50): each item found earns its question's points, the stage
is 100 × earned / possible, a body never monitored has no score for it (its missing policy
decides), a later stage may be gated on it, it is explained down to the item, and the fast
engine equals the reference on random cases with findings."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from questionnaires.loader import load_methodology, parse_methodology
from questionnaires.model import Methodology
from questionnaires.submission import Answer, Submission
from scoring import Case, PanelScore, Reason, StageStatus, lost_points, next_predicate_gap
from scoring.engine import score, score_all
from scoring.explain import site_lines
from scoring.inputs import SiteFinding
from scoring.reference import score_all_reference
from tests.scoring.test_scoring_fast_equals_reference import assert_same, random_case

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VISITED = datetime(2026, 3, 3, 3, 12, tzinfo=UTC)  # 10:12 WIB


@pytest.fixture
def situs() -> Methodology:
    return load_methodology(FIXTURES / "situs.yaml")


def _full(name: str = "Dinas A") -> Submission:
    return Submission(badan_publik=name, category="opd", methodology_id="situs",
                      answers={"1.1": Answer(question="1.1", value=True, evidence="ada"),
                               "1.2": Answer(question="1.2", value=frozenset("abc"),
                                             evidence="ada"),
                               "2.1": Answer(question="2.1", value=2, evidence="ada")})


def _found(*codes: str, missing: tuple[str, ...] = ("1.1", "1.2", "2.1"),
           pages: int = 14) -> dict[str, SiteFinding]:
    return {code: SiteFinding(code, code in codes, VISITED,
                              f"https://ppid.example.go.id/{code}" if code in codes else "",
                              pages) for code in missing}


PANEL = (PanelScore("panel", "j1", "K", Decimal(80)), PanelScore("panel", "j2", "K", Decimal(90)))


def test_found_items_earn_their_points(situs: Methodology) -> None:
    # 1.1 (2 points) and 2.1 (4) found, 1.2 (3) not: 6 of 9 → 66,67.
    result = score(Case("Dinas A", "opd", submission=_full(), panel=PANEL,
                        findings=_found("1.1", "2.1")), situs)
    stage = result.stages["situs"]
    assert (stage.score, stage.status, stage.counted) == (Decimal("66.67"), StageStatus.TAKEN,
                                                          True)
    assert result.stages["panel"].score == Decimal("85.00")  # both gates passed
    # 60 × 100 + 20 × 66,667 + 20 × 85 = 90,33
    assert (result.final, result.predicate.label) == (Decimal("90.33"), "Informatif")
    assert [(i.question, i.earned, i.found) for i in result.site] == [
        ("1.1", Decimal(2), True), ("1.2", Decimal(0), False), ("2.1", Decimal(4), True)]
    assert result.indicators.keys() == {"A", "B", "K"}  # the stage has no indicators


def test_a_body_never_monitored_has_no_score_for_the_stage(situs: Methodology) -> None:
    result = score(Case("Dinas A", "opd", submission=_full(), panel=PANEL), situs)
    stage = result.stages["situs"]
    assert (stage.score, stage.status, stage.counted) == (None, StageStatus.MISSING, True)
    assert result.site == ()
    # missing: zero counts it 0; the presentation's gate Situs ≥ 50 has no score to read.
    assert result.stages["panel"].status is StageStatus.BELOW_GATE
    assert (result.final, result.predicate.label) == (Decimal("60.00"), "Cukup Informatif")
    assert site_lines(result) == ()


def test_the_missing_policy_renormalise_leaves_the_stage_out(situs: Methodology) -> None:
    data = yaml.safe_load((FIXTURES / "situs.yaml").read_text(encoding="utf-8"))
    data["stages"][1]["missing"] = "renormalise"
    data["stages"][2]["gates"] = [{"stage": "saq", "min_score": 60}]
    m = parse_methodology(data, "situs-renormalise.yaml")
    result = score(Case("Dinas A", "opd", submission=_full(), panel=PANEL), m)
    assert result.stages["situs"].counted is False
    assert result.final == Decimal("96.25")  # (60 × 100 + 20 × 85) / 80


def test_a_gate_on_the_monitoring_stage_keeps_the_presentation_shut(situs: Methodology) -> None:
    result = score(Case("Dinas A", "opd", submission=_full(), panel=PANEL,
                        findings=_found("1.1")), situs)  # 2 of 9: 22,22
    assert result.stages["situs"].score == Decimal("22.22")
    assert result.stages["panel"].status is StageStatus.BELOW_GATE
    assert result.final == Decimal("64.44")  # 60 + 20 × 22,222
    gap = next_predicate_gap(result, situs)
    assert gap is not None
    [closed] = gap.stages
    assert (closed.gate_rule, closed.gate_reading) == ("Situs ≥ 50", "Situs 22,22")


def test_a_gated_monitoring_stage_scores_its_below_gate_score(situs: Methodology) -> None:
    data = yaml.safe_load((FIXTURES / "situs.yaml").read_text(encoding="utf-8"))
    data["stages"][1]["gates"] = [{"stage": "saq", "min_score": 80}]
    m = parse_methodology(data, "situs-gerbang.yaml")
    poor = _full().model_copy(update={"answers": {
        "1.1": Answer(question="1.1", value=True, evidence="ada")}})
    result = score(Case("Dinas A", "opd", submission=poor, findings=_found("1.1", "2.1")), m)
    assert result.stages["saq"].score == Decimal("24.00")  # 2 of A's 5 points × 60 %
    assert (result.stages["situs"].status, result.stages["situs"].score) == (
        StageStatus.BELOW_GATE, Decimal("0.00"))


def test_items_not_found_are_explained_down_to_the_item(situs: Methodology) -> None:
    findings = _found("1.1")
    findings.pop("2.1")  # not looked for by that visit
    result = score(Case("Dinas A", "opd", submission=_full(), panel=PANEL,
                        findings=findings), situs)
    lines = {line.question: line.text for line in site_lines(result)}
    assert lines == {
        "1.1": "ditemukan di situs pada 3 Mar 2026: https://ppid.example.go.id/1.1",
        "1.2": "tidak ditemukan di 14 halaman yang diperiksa (3 Mar 2026)",
        "2.1": "tidak dicari pada pemantauan situs terakhir"}
    lost = [lp for lp in lost_points(result, situs) if lp.stage == "situs"]
    assert [(lp.question, lp.reason, lp.missing) for lp in lost] == [
        ("2.1", Reason.NOT_FOUND, Decimal(4)), ("1.2", Reason.NOT_FOUND, Decimal(3))]
    # 4 of the stage's 9 points × 20 % of the final
    assert lost[0].contribution == Decimal("8.8889")
    assert lost[1].detail == "tidak ditemukan di 14 halaman yang diperiksa (3 Mar 2026)"
    assert lost[1].advice.startswith("Umumkan Informasi Berkala di situs")


def test_a_site_that_could_not_be_visited_says_why(situs: Methodology) -> None:
    why = "Tidak diperiksa: Situs tidak dapat dibuka (terlalu banyak pengalihan)."
    findings = {c: SiteFinding(c, False, VISITED, "", 0, why) for c in ("1.1", "1.2", "2.1")}
    result = score(Case("Dinas A", "opd", submission=_full(), findings=findings), situs)
    assert result.stages["situs"].score == Decimal("0.00")
    assert site_lines(result)[0].text == (
        "situs tidak dapat diperiksa (3 Mar 2026): situs tidak dapat dibuka (terlalu banyak "
        "pengalihan).")


def test_a_methodology_without_the_stage_ignores_findings(mini: Methodology) -> None:
    sub = Submission(badan_publik="Dinas A", category="opd", methodology_id="mini",
                     answers={"1.1": Answer(question="1.1", value=True, evidence="ada")})
    plain = score(Case("Dinas A", "opd", submission=sub), mini)
    with_findings = score(Case("Dinas A", "opd", submission=sub,
                               findings=_found("1.1", missing=("1.1",))), mini)
    assert plain == with_findings
    assert plain.site == ()


def _with_findings(case: Case, m: Methodology, rng: random.Random) -> Case:
    if rng.random() < 0.25:
        return case  # never monitored
    codes = [q.code for q in m.questions if q.signals is not None]
    findings = {}
    for code in codes:
        if rng.random() < 0.1:
            continue  # not looked for
        findings[code] = SiteFinding(code, rng.random() < 0.6, VISITED,
                                     f"https://x.go.id/{code}", rng.randint(0, 40),
                                     rng.choice(["", "", "Tidak diperiksa: robots.txt"]))
    return replace(case, findings=findings)


@pytest.mark.parametrize("variant", ["situs", "situs-renormalise-below"])
def test_fast_engine_equals_reference_with_findings(variant: str) -> None:
    data = yaml.safe_load((FIXTURES / "situs.yaml").read_text(encoding="utf-8"))
    if variant != "situs":
        data["stages"][1].update(missing="renormalise",
                                 gates=[{"stage": "saq", "min_score": 55,
                                         "below_gate_score": "12.5"}],
                                 questions=["1.2", "2.1", "2.2"])
    m = parse_methodology(data, f"{variant}.yaml")
    rng = random.Random(14)
    cases = [_with_findings(random_case(m, n, rng), m, rng) for n in range(600)]
    expected = score_all_reference(cases, m)
    fast = score_all(cases, m)
    for a, b in zip(fast, expected, strict=True):
        assert_same(a, b, a.badan_publik)
    assert any(r.stages.get("situs") and r.stages["situs"].score for r in fast)
