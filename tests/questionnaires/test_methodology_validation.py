"""A KI staff member editing a methodology YAML is told what is wrong, where, and the value."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from questionnaires.errors import ProblemsError
from questionnaires.loader import load_directory, load_methodology, parse_methodology

MINI = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "mini.yaml").read_text())


def problems_of(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(data, "ki-contoh.yaml")
    return [(p.code, p.location.path, str(p)) for p in caught.value.problems]


def changed(**edits: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINI)
    for key, edit in edits.items():
        edit(data[key])
    return data


def test_the_fixture_is_valid():
    methodology = parse_methodology(copy.deepcopy(MINI), "mini.yaml")
    assert methodology.id == "mini"


def test_indicator_weights_of_a_stage_must_sum_to_100():
    def lower(indicators):
        indicators[0]["weight"] = 55
    (found,) = problems_of(changed(indicators=lower))
    code, path, text = found
    assert code == "M104"
    assert path == "indicators[stage=saq].weight"
    assert "berjumlah 95, seharusnya 100" in text
    assert text.startswith("[M104] ki-contoh.yaml › indicators[stage=saq].weight: ")


def test_stage_weights_must_sum_to_100():
    def heavier(stages):
        stages[1]["weight"] = 30
    assert [(c, p) for c, p, _ in problems_of(changed(stages=heavier))] == [
        ("M103", "stages[*].weight")]


def test_duplicate_question_code():
    def duplicate(questions):
        questions[1]["code"] = "1.1"
    (found,) = problems_of(changed(questions=duplicate))
    assert found[:2] == ("M105", "questions[1]")
    assert "'1.1'" in found[2]


def test_question_pointing_at_an_unknown_indicator():
    def unknown(questions):
        questions[0]["indicator"] = "Z"
    (found,) = problems_of(changed(questions=unknown))
    assert found[:2] == ("M106", "questions[0] (1.1).indicator")
    assert "'Z'" in found[2]
    assert "A, B" in found[2]  # the known indicators are suggested


def test_bands_with_a_gap_and_without_zero():
    def gap(bands):
        bands[1]["upper"] = 89.9  # "80 – 89,9" read literally leaves 89,91–89,99 out
        bands[4]["lower"] = 5
    (found,) = problems_of(changed(bands=gap))
    assert found[0] == "M108"
    assert "89.9" in found[2]
    assert "celah" in found[2]
    assert "batas bawah 0" in found[2]


def test_overlapping_bands():
    def overlap(bands):
        bands[2]["upper"] = 85  # Cukup up to 85 while Menuju starts at 80
        bands[3]["lower"] = 60  # and two bands start at 60
    (found,) = problems_of(changed(bands=overlap))
    assert found[0] == "M108"
    assert "tumpang tindih" in found[2]
    assert "batas bawah sama: 60" in found[2]


def test_gate_naming_an_unknown_stage():
    def bad_gate(stages):
        stages[1]["gate"]["stage"] = "wawancara"
    (found,) = problems_of(changed(stages=bad_gate))
    assert found[:2] == ("M109", "stages[1] (panel).gates.0.stage")
    assert "'wawancara'" in found[2]


def test_scale_without_a_full_level_and_checklist_without_items():
    def broken(questions):
        questions[2]["scale"][-1]["fraction"] = 0.9
        questions[1]["items"] = questions[1]["items"][:1]
    found = problems_of(changed(questions=broken))
    assert [(c, p) for c, p, _ in found] == [("M110", "questions[1] (1.2).type"),
                                             ("M110", "questions[2] (2.1).type")]


def test_question_for_an_unknown_category_and_uncovered_indicator():
    def desa_only(questions):
        questions[3]["categories"] = ["dessa"]
    found = problems_of(changed(questions=desa_only))
    codes = [c for c, _, _ in found]
    assert codes == ["M111", "M112"]  # and indicator B now has no question for desa
    assert "'dessa'" in found[0][2]


def test_field_errors_are_in_indonesian_with_the_value():
    def typo(questions):
        questions[0]["type"] = "ya_tidak"
        questions[0]["points"] = -1
        questions[1]["code"] = 1.2  # unquoted in YAML
    found = problems_of(changed(questions=typo))
    by_path = {p: t for _, p, t in found}
    assert ("harus salah satu dari: 'yes_no', 'scale', 'checklist', 'number' atau 'text'"
            in by_path["questions[0] (1.1).type"])
    assert "(nilai: ya_tidak)" in by_path["questions[0] (1.1).type"]
    assert "harus lebih dari 0" in by_path["questions[0] (1.1).points"]
    assert "beri tanda kutip" in by_path["questions[1] (1.2).code"]


def test_yaml_syntax_error_names_the_line(tmp_path: Path):
    path = tmp_path / "rusak.yaml"
    path.write_text("id: x\nstages: [\n  {code: a\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_methodology(path)
    (found,) = caught.value.problems
    assert found.code == "M101"
    assert found.location.path.startswith("baris ")


def test_a_folder_reports_every_file_and_duplicate_ids(tmp_path: Path):
    good = yaml.safe_dump(MINI, allow_unicode=True)
    (tmp_path / "a.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(good, encoding="utf-8")
    bad = copy.deepcopy(MINI)
    bad["id"] = "lain"
    bad["stages"][0]["weight"] = 70
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True),
                                     encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_directory(tmp_path)
    assert [(p.code, p.location.file) for p in caught.value.problems] == [
        ("M114", "b.yaml"), ("M103", "c.yaml")]
