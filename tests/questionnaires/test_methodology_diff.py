"""The difference between two methodologies (questionnaires.methodology_diff): a preset and
an edited copy of it list exactly the changes that were made, by section and code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_diff import ChangeKind, diff_methodologies
from questionnaires.methodology_workbook import (
    methodology_workbook_bytes,
    read_methodology_workbook,
)
from questionnaires.model import Methodology

ADDED, REMOVED, CHANGED = ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.CHANGED


def preset() -> Methodology:
    m = presets().get("nasional-2025")
    assert m is not None
    return m


def edited(change: Any) -> Methodology:
    """nasional-2025 with `change(data)` applied to its definition."""
    data = preset().model_dump(mode="json")
    change(data)
    return parse_methodology(data, "suntingan.yaml")


def by_code(items: list[dict[str, Any]], code: str, key: str = "code") -> dict[str, Any]:
    return next(item for item in items if item[key] == code)


def gate_field(stage: dict[str, Any]) -> str:
    """The stage's gate field as the model spells it (one gate, or a list of gates)."""
    return "gate" if "gate" in stage else "gates"


def next_year(data: dict[str, Any]) -> None:
    """What a KI changes for next year: weights, a reworded, a removed and a new question,
    a gate, a predikat colour, a new category and the version."""
    data["version"] = "2025.2"
    data["categories"].append({"code": "bumn", "name": "BUMN", "description": ""})
    stage = by_code(data["stages"], "visitasi")
    field = gate_field(stage)
    if field == "gate":
        stage["gate"]["min_score"] = "65"
    else:
        stage["gates"][0]["min_score"] = "65"
    by_code(data["indicators"], "jenis_informasi")["weight"] = "30"
    by_code(data["indicators"], "digitalisasi")["weight"] = "30"
    by_code(data["questions"], "1.7")["text"] = "Apakah daftar informasi publik diumumkan?"
    data["questions"].remove(by_code(data["questions"], "1.8"))
    new = dict(by_code(data["questions"], "1.9"), code="1.99",
               text="Apakah PPID menerbitkan laporan layanan informasi tahunan?")
    data["questions"].append(new)
    by_code(data["bands"], "Informatif", "label")["colour"] = "#004D40"


def test_a_preset_and_its_edited_copy_differ_in_exactly_what_was_changed():
    old = preset()
    changes = diff_methodologies(old, edited(next_year))
    field = gate_field(old.model_dump()["stages"][1])
    assert [(c.section, c.code, c.kind, c.field) for c in changes] == [
        ("version", "", CHANGED, ""),
        ("categories", "bumn", ADDED, ""),
        ("stages", "visitasi", CHANGED, field),
        ("indicators", "jenis_informasi", CHANGED, "weight"),
        ("indicators", "digitalisasi", CHANGED, "weight"),
        ("questions", "1.7", CHANGED, "text"),
        ("questions", "1.8", REMOVED, ""),
        ("questions", "1.99", ADDED, ""),
        ("bands", "Informatif", CHANGED, "colour"),
    ]
    weights = [c for c in changes if c.is_weight]
    assert [(c.code, c.old, c.new) for c in weights] == [
        ("jenis_informasi", Decimal(40), Decimal(30)), ("digitalisasi", Decimal(20), Decimal(30))]
    [reworded] = [c for c in changes if c.is_rewording]
    assert reworded.old == old.question_by_code["1.7"].text
    assert reworded.new == "Apakah daftar informasi publik diumumkan?"
    removed = next(c for c in changes if c.kind is REMOVED)
    assert removed.old["text"] == old.question_by_code["1.8"].text
    assert removed.new is None
    # Read by people and by machines:
    assert weights[0].describe() == "Indikator 'jenis_informasi': bobot diubah"
    assert removed.describe() == "Pertanyaan '1.8' dihapus"
    assert changes[0].describe() == "Versi diubah"
    assert weights[0].as_dict() == {"section": "indicators", "code": "jenis_informasi",
                                    "kind": "changed", "field": "weight", "old": "40",
                                    "new": "30"}


def test_the_same_definition_has_no_changes_and_numbers_compare_by_value():
    assert diff_methodologies(preset(), preset()) == ()

    def as_decimal_text(data: dict[str, Any]) -> None:  # 40 written as 40.0
        by_code(data["indicators"], "jenis_informasi")["weight"] = "40.0"

    assert diff_methodologies(preset(), edited(as_decimal_text)) == ()


def test_provenance_and_tie_breakers_are_compared_as_parts():
    def sources(data: dict[str, Any]) -> None:
        data["provenance"]["confidence"] = "Sedang."
        data["tie_breakers"] = ["saq_raw"]

    changes = diff_methodologies(preset(), edited(sources))
    assert [(c.section, c.code, c.kind, c.field) for c in changes] == [
        ("provenance", "", CHANGED, "confidence"), ("tie_breakers", "", CHANGED, "")]
    assert changes[0].describe() == "Sumber dan asumsi: tingkat keyakinan diubah"


@pytest.mark.parametrize("preset_id", ["klasik-2021", "nasional-2025"])
def test_a_preset_through_its_workbook_has_no_changes(preset_id: str):
    m = presets().get(preset_id)
    assert m is not None
    back = read_methodology_workbook(methodology_workbook_bytes(m), name="metodologi.xlsx")
    assert diff_methodologies(m, back) == ()


def ki_pusat(change: Any = None) -> Methodology:
    """ki-pusat-2025 (visitasi behind 'SAQ > 60'), with `change(data)` applied."""
    m = presets().get("ki-pusat-2025")
    assert m is not None
    if change is None:
        return m
    data = m.model_dump(mode="json")
    change(data)
    return parse_methodology(data, "suntingan.yaml")


def test_a_gate_added_removed_or_changed_is_one_change_per_gate():
    top3 = {"stage": "saq", "top": 3, "below_gate_score": "0"}

    def add_top3(data: dict[str, Any]) -> None:
        by_code(data["stages"], "visitasi")["gates"].append(top3)

    # A second gate: the top 3 of each category in SAQ also enter visitasi.
    [added] = diff_methodologies(ki_pusat(), ki_pusat(add_top3))
    assert (added.section, added.code, added.kind, added.field) == (
        "stages", "visitasi", ADDED, "gates")
    assert added.is_gate
    assert added.old is None
    assert added.new["top"] == 3
    assert added.describe() == "Tahapan 'visitasi': gerbang ditambahkan"
    # The other way round: that gate removed; "SAQ > 60" unchanged is not listed.
    [removed] = diff_methodologies(ki_pusat(add_top3), ki_pusat())
    assert (removed.kind, removed.old["top"], removed.new) == (REMOVED, 3, None)
    assert removed.describe() == "Tahapan 'visitasi': gerbang dihapus"

    def at_least_65(data: dict[str, Any]) -> None:
        gate = by_code(data["stages"], "visitasi")["gates"][0]
        gate.update(comparison="at_least", min_score="65")

    # The threshold gate on SAQ changed (same earlier stage, same form): one change.
    [changed] = diff_methodologies(ki_pusat(), ki_pusat(at_least_65))
    assert (changed.kind, changed.field) == (CHANGED, "gates")
    assert (changed.old["comparison"], changed.new["comparison"]) == ("above", "at_least")
    assert changed.describe() == "Tahapan 'visitasi': gerbang diubah"

    def replace_by_rank(data: dict[str, Any]) -> None:
        by_code(data["stages"], "visitasi")["gates"] = [top3]

    # A threshold replaced by a rank gate: removed and added, each whole.
    assert [(c.kind, c.field) for c in
            diff_methodologies(ki_pusat(), ki_pusat(replace_by_rank))] == [
        (REMOVED, "gates"), (ADDED, "gates")]
