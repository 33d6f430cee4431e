"""Gates and missing-stage policies (zero vs renormalise) on mini and variants of it."""

from __future__ import annotations

from decimal import Decimal

from scoring import StageStatus, score

D = Decimal
SAQ_68 = {"1.1": True, "1.2": frozenset("ab"), "2.1": 1}  # A 80, B 50 → SAQ 68
SAQ_24 = {"1.1": True}  # A 2/5 = 40, B 0 → SAQ 24


def _renormalise(d):
    d["stages"][1]["missing"] = "renormalise"


def test_missing_panel_zero_vs_renormalise(mini, build):
    c = build.case("Dinas X", "opd", SAQ_68)
    # zero: 0.8 × 68 + 0.2 × 0 = 54.40 (Kurang Informatif)
    zero = score(c, mini)
    assert (zero.final, zero.predicate.label) == (D("54.40"), "Kurang Informatif")
    assert zero.stages["panel"].counted is True
    # renormalise: (80 × 68) / 80 = 68.00 (Cukup Informatif)
    renorm = score(c, build.variant(_renormalise))
    assert (renorm.final, renorm.predicate.label) == (D("68.00"), "Cukup Informatif")
    panel = renorm.stages["panel"]
    assert (panel.status, panel.score, panel.counted) == (StageStatus.MISSING, None, False)


def test_below_the_gate_counts_even_under_renormalise(build):
    # SAQ 24 < 60: the panel is below the gate, scored 0 and counted with its 20 % —
    # renormalise only applies to stages without data, not to BPs kept out by the gate.
    # Final = 0.8 × 24 + 0.2 × 0 = 19.20, though the jurors gave 90.
    m = build.variant(_renormalise)
    r = score(build.case("Dinas X", "opd", SAQ_24, panel={"J1": 90}), m)
    panel = r.stages["panel"]
    assert (panel.status, panel.score, panel.counted) == (StageStatus.BELOW_GATE, D("0.00"),
                                                          True)
    assert r.final == D("19.20")


def test_gate_edge_and_below_gate_score(build):
    # Gate raised to 64. 1.1 Ya, 2.1 level 2: A = 2/5 = 40, B = 100 → SAQ = 24 + 40 = 64,
    # exactly at the gate: ≥ passes.
    m = build.variant(lambda d: d["stages"][1]["gate"].update(min_score=64))
    r = score(build.case("Dinas X", "opd", {"1.1": True, "2.1": 2}, panel={"J1": 50}), m)
    assert r.saq_verified == D("64.00")
    assert r.stages["panel"].status == StageStatus.TAKEN
    assert r.final == D("61.20")  # 0.8 × 64 + 0.2 × 50 = 51.2 + 10
    # below_gate_score 50: a BP kept out gets 50 for the panel stage.
    # SAQ 24 → final = 0.8 × 24 + 0.2 × 50 = 19.2 + 10 = 29.20.
    m = build.variant(lambda d: d["stages"][1]["gate"].update(below_gate_score=50))
    r = score(build.case("Dinas Y", "opd", SAQ_24), m)
    assert (r.stages["panel"].score, r.final) == (D("50.00"), D("29.20"))


def test_without_a_gate_the_panel_counts(build):
    # No gate: SAQ 24 and panel 90 → 0.8 × 24 + 0.2 × 90 = 19.2 + 18 = 37.20.
    m = build.variant(lambda d: d["stages"][1].pop("gate"))
    r = score(build.case("Dinas X", "opd", SAQ_24, panel={"J1": 90}), m)
    assert r.stages["panel"].status == StageStatus.TAKEN
    assert r.final == D("37.20")
