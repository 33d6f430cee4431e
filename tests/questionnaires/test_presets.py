"""The shipped methodology presets: klasik-2021 and nasional-2025.

These tests pin what the team decided about the presets (weights, gates, categories,
answer types) and the properties the rest of the tool relies on (questions a workbook
can render and a verifikator can read), not the wording of individual questions.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from questionnaires.layout import item_row_code
from questionnaires.loader import PRESET_DIR, load_methodology, presets
from questionnaires.model import (
    AnswerType,
    EvidencePolicy,
    Methodology,
    MissingStagePolicy,
    StageKind,
    TieBreaker,
)

PRESET_IDS = ("klasik-2021", "nasional-2025")
REGIONAL_CATEGORIES = {"opd", "pemkab", "kecamatan", "desa", "bumd"}


def _preset(methodology_id: str) -> Methodology:
    m = presets().get(methodology_id)
    assert m is not None, f"preset {methodology_id} not loaded; have {presets().ids}"
    return m


@pytest.fixture(params=PRESET_IDS)
def preset(request: pytest.FixtureRequest) -> Methodology:
    return _preset(request.param)


def _weights(m: Methodology, stage: str) -> dict[str, Decimal]:
    return {i.code: i.weight for i in m.indicators_of(stage)}


def _predikat(m: Methodology, score: Decimal) -> str:
    """Band of an already rounded score: bands are half-open from their lower bound."""
    return next(b.label for b in m.bands if score >= b.lower)


# --- both presets --------------------------------------------------------------------------


def test_both_presets_are_registered() -> None:
    assert set(PRESET_IDS) <= set(presets().ids)


def test_preset_files_load_on_their_own() -> None:
    for methodology_id in PRESET_IDS:
        m = load_methodology(PRESET_DIR / f"{methodology_id}.yaml")
        assert m.id == methodology_id


def test_enough_questions_and_every_answer_type(preset: Methodology) -> None:
    assert len(preset.questions) >= 30
    # The types of the published instruments; number and text questions are exercised by
    # tests/fixtures/angka-uraian.yaml (the presets keep their published questions).
    assert {q.type for q in preset.questions} == {AnswerType.YES_NO, AnswerType.SCALE,
                                                  AnswerType.CHECKLIST}


def test_regional_categories_each_get_a_full_questionnaire(preset: Methodology) -> None:
    assert set(preset.category_by_code) >= REGIONAL_CATEGORIES
    for category in REGIONAL_CATEGORIES:
        questions = preset.questions_for(category)
        assert len(questions) >= 30, category
        answered = {q.indicator for q in questions}
        assert answered == {i.code for s in preset.questionnaire_stages
                            for i in preset.indicators_of(s.code)}, category


def test_category_specific_questions_are_left_out_elsewhere(preset: Methodology) -> None:
    specific = [q for q in preset.questions if q.categories]
    assert specific, "no category-specific question"
    for q in specific:
        for category in REGIONAL_CATEGORIES:
            assert (q in preset.questions_for(category)) == (category in q.categories), q.code
    # The village, BUMD and PPID Utama questionnaires each have questions of their own,
    # so their fingerprints (which identify a workbook's question set) differ.
    for category in ("desa", "bumd", "pemkab"):
        assert any(q.categories and category in q.categories and len(q.categories) == 1
                   for q in preset.questions), category
    assert len({preset.fingerprint(c) for c in REGIONAL_CATEGORIES}) == len(REGIONAL_CATEGORIES)


def test_every_question_has_guidance_and_distinct_text(preset: Methodology) -> None:
    for q in preset.questions:
        assert q.guidance.strip(), f"{q.code} has no definisi operasional"
    texts = [" ".join(q.text.lower().split()) for q in preset.questions]
    assert len(texts) == len(set(texts)), "two questions share the same text"


def test_points_are_small_integers_and_evidence_is_mostly_required(preset: Methodology) -> None:
    for q in preset.questions:
        assert q.points == q.points.to_integral_value(), q.code
        assert 1 <= q.points <= 5, q.code
    required = sum(q.evidence is EvidencePolicy.REQUIRED for q in preset.questions)
    assert required > len(preset.questions) * 3 / 4


def test_choices_render_as_workbook_dropdowns(preset: Methodology) -> None:
    """Labels feed comma-separated dropdown lists; item rows must not collide with codes."""
    codes = {q.code for q in preset.questions}
    for q in preset.questions:
        for item in q.items:
            assert "," not in item.label, (q.code, item.code)
            assert item_row_code(q.code, item.code) not in codes, (q.code, item.code)
        for level in q.scale:
            assert "," not in level.label, (q.code, level.value)


def test_scales_are_monotonic_quarter_fractions(preset: Methodology) -> None:
    scales = [q for q in preset.questions if q.type is AnswerType.SCALE]
    assert scales
    for q in scales:
        ordered = sorted(q.scale, key=lambda lv: lv.value)
        fractions = [lv.fraction for lv in ordered]
        assert fractions[0] == 0, q.code
        assert fractions[-1] == 1, q.code
        assert fractions == sorted(set(fractions)), q.code
        assert all((f * 4) == (f * 4).to_integral_value() for f in fractions), q.code


def test_two_stages_saq_then_panel_weighted_80_20(preset: Methodology) -> None:
    kinds = [(s.kind, s.weight) for s in preset.stages]
    assert kinds == [(StageKind.QUESTIONNAIRE, Decimal(80)), (StageKind.PANEL, Decimal(20))]
    assert preset.tie_breakers == (TieBreaker.SAQ_VERIFIED, TieBreaker.PANEL)
    assert (preset.rounding.decimals, preset.rounding.mode) == (2, "half_up")


@pytest.mark.parametrize(("score", "expected"), [
    ("97.94", "Informatif"), ("90.29", "Informatif"), ("90.00", "Informatif"),
    ("89.99", "Menuju Informatif"), ("89.36", "Menuju Informatif"),
    ("80.92", "Menuju Informatif"), ("72.00", "Cukup Informatif"),
    ("60.34", "Cukup Informatif"), ("52.80", "Kurang Informatif"),
    ("39.99", "Tidak Informatif"), ("0", "Tidak Informatif"),
])
def test_published_scores_get_their_published_predikat(
        preset: Methodology, score: str, expected: str) -> None:
    assert _predikat(preset, Decimal(score)) == expected


def test_band_colours_are_distinct(preset: Methodology) -> None:
    assert len({b.colour.upper() for b in preset.bands}) == len(preset.bands)


def test_provenance_is_filled(preset: Methodology) -> None:
    p = preset.provenance
    assert p.sources
    assert p.confidence
    assert p.assumptions
    assert any("14/2008" in lb for lb in preset.legal_basis)


# --- klasik-2021 ---------------------------------------------------------------------------


def test_klasik_has_the_classic_saq_indicators_and_presentation_aspects() -> None:
    m = _preset("klasik-2021")
    saq, panel = m.questionnaire_stages[0], m.panel_stages[0]
    assert {"pelayanan", "penyediaan"} <= set(_weights(m, saq.code))
    assert set(_weights(m, panel.code)) == {"komitmen", "koordinasi", "inovasi"}
    assert sum(_weights(m, panel.code).values()) == 100


def test_klasik_presentation_is_ungated_and_renormalised() -> None:
    panel = _preset("klasik-2021").panel_stages[0]
    assert panel.gate is None
    assert panel.missing is MissingStagePolicy.RENORMALISE


def test_klasik_says_the_80_20_stage_split_is_an_assumption() -> None:
    assumptions = _preset("klasik-2021").provenance.assumptions
    assert any("80" in a and "20" in a and "2021" in a for a in assumptions)


def test_klasik_uses_the_kijabar_graded_scale() -> None:
    m = _preset("klasik-2021")
    graded = [q for q in m.questions
              if q.type is AnswerType.SCALE and sorted(lv.value for lv in q.scale) == [1, 2, 3]]
    assert graded, "no 1–3 graded completeness question"


# --- nasional-2025 -------------------------------------------------------------------------


def test_nasional_indicator_weights_are_ki_pusat_2025() -> None:
    m = _preset("nasional-2025")
    weights = {i.name.lower(): i.weight for i in m.indicators_of("saq")}
    assert weights == {
        "jenis informasi": 40, "digitalisasi": 20, "kualitas informasi": 10,
        "pelayanan informasi": 10, "komitmen organisasi": 10, "sarana dan prasarana": 10,
    }


def test_nasional_panel_stage_is_gated_at_saq_60_and_missing_counts_zero() -> None:
    m = _preset("nasional-2025")
    panel = m.panel_stages[0]
    assert (m.stage_by_code["saq"].weight, panel.weight) == (80, 20)
    assert panel.gate is not None
    assert (panel.gate.stage, panel.gate.min_score, panel.gate.below_gate_score) == (
        "saq", Decimal(60), Decimal(0))
    assert panel.missing is MissingStagePolicy.ZERO
    assert sum(_weights(m, panel.code).values()) == 100


def test_nasional_asks_for_the_annual_service_report() -> None:
    m = _preset("nasional-2025")
    assert any("Pasal 56" in q.legal_basis for q in m.questions)


def test_presets_mark_a_few_nihil_questions():
    """Questions about events that may not happen in a year accept *nihil* in both presets."""
    registry = presets()
    for preset_id, codes in (("klasik-2021", {"3.5", "3.8"}), ("nasional-2025", {"4.3", "5.5"})):
        methodology = registry.get(preset_id)
        marked = {q.code for q in methodology.questions if q.allow_na}
        assert marked == codes, preset_id
        for code in codes:
            assert "Tidak ada kejadian (nihil)" in methodology.question_by_code[code].guidance
