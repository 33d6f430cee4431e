"""The presets from the research: KI Pusat 2025 with its seven categories, KI Jateng 2024
and KID DIY 2025 — what the sources say, what each marks as assumed, and that each goes
through the methodology workbook unchanged (as do gates of every form and per-category
weights).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from questionnaires import layout
from questionnaires.loader import PRESET_DIR, load_methodology, parse_methodology, presets
from questionnaires.methodology_workbook import (
    methodology_workbook_bytes,
    read_methodology_workbook,
)
from questionnaires.model import GateBasis, GateComparison, Methodology, StageKind
from questionnaires.responses import _plan

NEW = ("ki-pusat-2025", "ki-jateng-2024", "kid-diy-2025")
KI_PUSAT_CATEGORIES = ["kementerian", "lembaga", "lns", "pemprov", "bumn", "ptn", "parpol"]


def _preset(methodology_id: str) -> Methodology:
    m = presets().get(methodology_id)
    assert m is not None, methodology_id
    return m


def _weights(m: Methodology, stage: str) -> dict[str, Decimal]:
    return {i.code: i.weight for i in m.indicators_of(stage)}


@pytest.mark.parametrize("methodology_id", NEW)
def test_each_loads_on_its_own_and_says_what_it_assumed(methodology_id: str) -> None:
    m = load_methodology(PRESET_DIR / f"{methodology_id}.yaml")
    assert m == _preset(methodology_id)
    assert len(m.provenance.sources) >= 3
    assert len(m.provenance.assumptions) >= 4
    assert m.provenance.confidence
    for category in m.categories:  # every category answers every weighted indicator
        asked = {q.indicator for q in m.questions_for(category.code)}
        weighted = {i.code for s in m.questionnaire_stages for i in m.indicators_of(s.code)
                    if i.weight_for(category.code)}
        assert weighted <= asked, (methodology_id, category.code)
        assert len(m.questions_for(category.code)) >= 25


@pytest.mark.parametrize("methodology_id", NEW)
def test_each_round_trips_through_the_workbook(methodology_id: str) -> None:
    m = _preset(methodology_id)
    got = read_methodology_workbook(methodology_workbook_bytes(m), "preset.xlsx")
    assert got == m
    assert [got.fingerprint(c.code) for c in got.categories] == [
        m.fingerprint(c.code) for c in m.categories]


def test_ki_pusat_2025_has_its_seven_categories_and_saq_above_60() -> None:
    m = _preset("ki-pusat-2025")
    assert [c.code for c in m.categories] == KI_PUSAT_CATEGORIES
    assert [c.name for c in m.categories] == [
        "Kementerian", "Lembaga Negara dan LPNK", "Lembaga Non-Struktural",
        "Pemerintah Provinsi", "Badan Usaha Milik Negara (BUMN)", "Perguruan Tinggi Negeri",
        "Partai Politik"]
    assert [(s.code, s.weight) for s in m.stages] == [("saq", 80), ("visitasi", 20)]
    assert _weights(m, "saq") == {
        "kualitas_informasi": 10, "jenis_informasi": 40, "pelayanan_informasi": 10,
        "komitmen_organisasi": 10, "sarana_prasarana": 10, "digitalisasi": 20}
    (gate,) = m.stage_by_code["visitasi"].gates
    assert (gate.stage, gate.min_score, gate.comparison, gate.basis, gate.top) == (
        "saq", 60, GateComparison.ABOVE, GateBasis.PUBLISHED, None)
    assumed = " ".join(m.provenance.assumptions)
    assert "SAQ 60,00 tidak lolos" in assumed
    # Questions of their own: a partai politik answers UU 14/2008 Pasal 15, a PTN its
    # academic information, a BUMN the company's (Pasal 14).
    only = {c: {q.text for q in m.questions if q.categories == (c,)} for c in ("parpol", "ptn")}
    assert any("Pasal 15" in t for t in only["parpol"])
    assert any("perguruan tinggi" in t for t in only["ptn"])
    assert any("BUMN" in q.text for q in m.questions_for("bumn"))
    assert not any("desa" in q.text.lower() for q in m.questions)


def test_ki_jateng_2024_weighs_barang_dan_jasa() -> None:
    m = _preset("ki-jateng-2024")
    assert [(s.code, s.weight) for s in m.stages] == [("saq", 100)]
    assert list(_weights(m, "saq").items()) == [
        ("sarana_prasarana", 10), ("kualitas_informasi", 15), ("jenis_informasi", 20),
        ("komitmen_organisasi", 15), ("digitalisasi_inovasi", 20), ("barang_jasa", 20)]
    assert "Surakarta" in m.provenance.sources[0]
    assert any("SAQ" in a and "100 %" in a for a in m.provenance.assumptions)
    for category in m.categories:
        assert any(q.indicator == "barang_jasa" for q in m.questions_for(category.code))


def test_kid_diy_2025_is_half_saq_half_service_quality() -> None:
    m = _preset("kid-diy-2025")
    saq, layanan = m.stages
    assert (saq.weight, layanan.weight, layanan.kind, layanan.gates) == (
        50, 50, StageKind.PANEL, ())
    assert sum(_weights(m, "kualitas_layanan").values()) == 100
    assert any("50/50" in s for s in m.provenance.sources)
    assert any("asumsi" in a for a in m.provenance.assumptions)


def _table_header(m: Methodology, category: str) -> list[object]:
    """The header of a responses table (Google Forms style) for one category."""
    header: list[object] = [layout.ID_NAME, layout.ID_CATEGORY]
    for q in m.questions_for(category):
        if q.items:
            header += [layout.item_row_code(q.code, i.code) for i in q.items]
        else:
            header.append(q.code)
        header.append(f"Data Dukung {q.code}")
    return header


def test_a_responses_table_still_tells_which_preset_it_answers() -> None:
    # A responses table without a methodology id is recognised by its question columns:
    # the new presets (built from nasional-2025's questions) number them their own way,
    # so the table of every preset and category matches its own preset best, alone.
    for m in presets():
        for category in m.categories:
            header = _table_header(m, category.code)
            fits = sorted((len(p.unmatched), -p.matched, other.id) for other in presets()
                          for p in [_plan(other, header)])
            assert fits[0][2] == m.id, (m.id, category.code, fits[:2])
            assert fits[1][:2] != fits[0][:2], (m.id, category.code, fits[:2])


# -- gates of every form and per-category weights in the workbook ---------------------------

def _every_form(data: dict[str, Any]) -> None:
    data["stages"] = [
        {"code": "saq", "name": "SAQ", "kind": "questionnaire", "weight": 60},
        {"code": "panel", "name": "Presentasi", "kind": "panel", "weight": 20,
         "gates": [{"stage": "saq", "min_score": "59.995", "comparison": "above",
                    "basis": "exact", "below_gate_score": "12.5"},
                   {"stage": "saq", "top": 3}]},
        {"code": "visitasi", "name": "Visitasi", "kind": "panel", "weight": 20,
         "missing": "renormalise",
         "gates": [{"stage": "saq", "min_score": 80},
                   {"stage": "panel", "min_score": 80, "below_gate_score": 10}]},
    ]
    data["indicators"][0]["weights"] = {"desa": "20.50"}
    data["indicators"][1]["weights"] = {"desa": "79.50"}
    data["indicators"].append({"code": "V", "name": "Visitasi", "stage": "visitasi",
                               "weight": 100})


def test_gates_of_every_form_and_category_weights_round_trip(mini: Methodology) -> None:
    data = mini.model_dump(mode="json")
    _every_form(data)
    m = parse_methodology(data, "semua-gerbang.yaml")
    got = read_methodology_workbook(methodology_workbook_bytes(m), "semua-gerbang.xlsx")
    assert got == m
    assert str(got.indicator_by_code["A"].weights["desa"]) == "20.50"  # exactly as written
    assert got.stage_by_code["panel"].gates[0].min_score == Decimal("59.995")


def _rows(ws: Any) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=False))
            for row in ws.iter_rows(min_row=2) if any(c.value is not None for c in row)]


def test_a_workbook_edited_by_hand_gives_the_gates_and_weights_it_says(mini) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(mini)))
    gates = wb["Gerbang"]
    header = [c.value for c in gates[1]]
    assert header == ["Tahapan", "Tahapan acuan", "Nilai minimum", "Pembanding",
                      "Dasar nilai", "Peringkat teratas", "Nilai bila tidak lolos"]
    # The gate "saq ≥ 60" becomes "saq > 60 on the exact score", and a second row admits
    # only the top 2 of each category; desa weighs A 25 and B 75.
    gates["D2"], gates["E2"] = ">", "Nilai tepat (tanpa pembulatan)"
    gates.append(["panel", "saq", None, None, None, 2, None])
    indicators = wb["Indikator"]
    column = [c.value for c in indicators[1]].index("Bobot per kategori") + 1
    indicators.cell(row=2, column=column, value="desa: 25")
    indicators.cell(row=3, column=column, value="desa = 75")
    buffer = io.BytesIO()
    wb.save(buffer)
    got = read_methodology_workbook(buffer.getvalue(), "disunting.xlsx")
    first, second = got.stage_by_code["panel"].gates
    assert (first.stage, first.min_score, first.comparison, first.basis) == (
        "saq", 60, GateComparison.ABOVE, GateBasis.EXACT)
    assert (second.stage, second.top, second.min_score) == ("saq", 2, None)
    assert got.indicator_by_code["A"].weight_for("desa") == 25
    assert got.indicator_by_code["B"].weight_for("desa") == 75
    assert got.indicator_by_code["A"].weight_for("opd") == 60
    assert _rows(wb["Gerbang"])[-1]["Peringkat teratas"] == 2


def test_the_older_presets_keep_at_least_60_on_the_published_score() -> None:
    # What the engine always compared: the published (rounded) SAQ, ≥. Their results are
    # unchanged (tests/scoring, tests/monev/test_cli.py pin them).
    (gate,) = _preset("nasional-2025").stage_by_code["visitasi"].gates
    assert (gate.min_score, gate.comparison, gate.basis, gate.top) == (
        60, GateComparison.AT_LEAST, GateBasis.PUBLISHED, None)
    assert _preset("klasik-2021").stage_by_code["presentasi"].gates == ()
    for m in presets():
        assert not any(i.weights for i in m.indicators), m.id  # no sourced per-category weights


def test_a_difference_names_the_gates_and_the_category_weights() -> None:
    from questionnaires.methodology_diff import diff_methodologies

    old = _preset("nasional-2025")
    data = old.model_dump(mode="json")
    data["stages"][1]["gates"][0]["comparison"] = "above"
    for indicator in data["indicators"]:
        if indicator["code"] in ("jenis_informasi", "digitalisasi"):
            indicator["weights"] = {"desa": "30"}
    new = parse_methodology(data, "suntingan.yaml")
    described = [c.describe() for c in diff_methodologies(old, new)]
    assert described == ["Tahapan 'visitasi': gerbang diubah",
                         "Indikator 'jenis_informasi': bobot per kategori diubah",
                         "Indikator 'digitalisasi': bobot per kategori diubah"]
    assert all(c.is_weight for c in diff_methodologies(old, new)[1:])


# What a KI staffer reads in Admin › Metodologi › Sumber dan asumsi: the workbook's words,
# never the YAML's field names and values.
YAML_WORDS = re.compile(r"\b[a-z]+_[a-z_]+\b|\bmissing\b|\brenormalise\b|\bzero\b|"
                        r"\brequired\b|\(none\)|\bflag\b|\bgate\b|\b(?:ubah|mengubah|"
                        r"mengganti) id\b")


@pytest.mark.parametrize("methodology", list(presets()), ids=lambda m: m.id)
def test_provenance_is_written_in_plain_indonesian(methodology: Methodology) -> None:
    p = methodology.provenance
    for text in (*p.sources, p.confidence, *p.assumptions, p.notes):
        assert not YAML_WORDS.search(text), (methodology.id, YAML_WORDS.search(text), text)


def test_nasional_points_to_ki_pusat_for_its_seven_categories() -> None:
    assumed = " ".join(_preset("nasional-2025").provenance.assumptions)
    assert "belum ada" not in assumed
    assert "ki-pusat-2025" in assumed
    assert _preset("ki-pusat-2025").categories  # which exists
