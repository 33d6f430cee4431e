"""A scored website-monitoring stage (``kind: monitoring``) in a methodology: its items (the
questions with signals, or those it lists, per category), refused with M122/M123 where it
could not be scored, round-tripped through the methodology workbook (Tahapan › Jenis
*Pemantauan situs*, column *Pertanyaan dipantau*), and in no preset."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from questionnaires.errors import ProblemsError
from questionnaires.loader import load_methodology, parse_methodology, presets
from questionnaires.methodology_workbook import methodology_workbook_bytes
from questionnaires.model import Methodology, StageKind
from tests.questionnaires.test_methodology_workbook import _edited, _found, _problems, _read

SITUS = Path(__file__).resolve().parents[1] / "fixtures" / "situs.yaml"


def _data() -> dict[str, Any]:
    return yaml.safe_load(SITUS.read_text(encoding="utf-8"))


def _refused(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(data, "situs.yaml")
    return [(p.code, p.location.path, str(p)) for p in caught.value.problems]


@pytest.fixture(scope="module")
def situs() -> Methodology:
    return load_methodology(SITUS)


def test_the_items_are_the_questions_with_signals_of_the_category(situs: Methodology) -> None:
    stage = situs.stage_by_code["situs"]
    assert stage.kind is StageKind.MONITORING
    assert situs.monitoring_stages == (stage,)
    assert [q.code for q in situs.monitoring_items(stage, "opd")] == ["1.1", "1.2", "2.1"]
    assert [q.code for q in situs.monitoring_items(stage, "desa")] == ["1.1", "1.2", "2.2"]
    listed = stage.model_copy(update={"questions": ("1.2", "2.2")})
    assert [q.code for q in situs.monitoring_items(listed, "desa")] == ["1.2", "2.2"]


def test_no_preset_has_a_scored_monitoring_stage() -> None:
    assert len(presets()) == 5
    for m in presets():
        assert m.monitoring_stages == ()
        assert all(not s.questions for s in m.stages)


def test_a_monitoring_stage_without_questions_with_signals_is_refused() -> None:
    data = _data()
    for q in data["questions"]:
        q.pop("signals", None)
    [(code, path, text)] = _refused(data)
    assert (code, path) == ("M122", "stages[1] (situs).questions")
    assert "Tahapan pemantauan situs 'situs' tidak dapat dinilai" in text
    assert "tidak ada pertanyaan yang punya sinyal" in text
    assert "lembar Sinyal" in text  # how to fix it


def test_listed_questions_must_exist_have_signals_and_cover_every_category() -> None:
    data = _data()
    data["questions"][2].pop("signals")  # 2.1: opd's own item
    data["stages"][1]["questions"] = ["1.2", "2.1", "9.9"]
    found = _refused(data)
    assert {(c, p) for c, p, _ in found} == {("M122", "stages[1] (situs).questions")}
    texts = " | ".join(t for _, _, t in found)
    assert "pertanyaan '2.1' tidak punya sinyal pemantauan situs" in texts
    assert "pertanyaan '9.9' tidak ada" in texts
    data["stages"][1]["questions"] = ["2.2"]  # desa only
    [(code, _, text)] = _refused(data)
    assert code == "M122"
    assert "kategori 'opd' tidak punya pertanyaan bersinyal yang dipantau" in text


def test_a_monitoring_stage_has_no_indicators_and_only_it_lists_questions() -> None:
    data = _data()
    data["indicators"].append({"code": "S", "name": "Situs", "stage": "situs",
                               "weight": 100})
    [(code, path, text)] = _refused(data)
    assert (code, path) == ("M122", "indicators[3] (S).stage")
    assert "tidak memakai indikator" in text
    data = _data()
    data["stages"][2]["questions"] = ["1.1"]
    [(code, path, text)] = _refused(data)
    assert (code, path) == ("M123", "stages[2] (panel).questions")
    assert "berjenis panel" in text


def test_the_weights_still_sum_to_100_with_a_monitoring_stage() -> None:
    data = copy.deepcopy(_data())
    data["stages"][1]["weight"] = 25
    [(code, _, _)] = _refused(data)
    assert code == "M103"


def test_the_monitoring_stage_round_trips_through_the_workbook(situs: Methodology) -> None:
    assert _read(methodology_workbook_bytes(situs)) == situs
    listed = situs.model_copy(update={"stages": tuple(
        s.model_copy(update={"questions": ("1.1", "2.1", "2.2")}) if s.code == "situs" else s
        for s in situs.stages)})
    back = _read(methodology_workbook_bytes(listed))
    assert back == listed
    assert back.stage_by_code["situs"].questions == ("1.1", "2.1", "2.2")


def test_a_bad_monitoring_stage_in_the_workbook_points_at_its_cell(situs: Methodology) -> None:
    def edit(wb: Any) -> None:
        ws = wb["Tahapan"]
        header = [c.value for c in ws[1]]
        column = header.index("Pertanyaan dipantau") + 1
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "situs")
        ws.cell(row, column).value = "1.1, 7.7"

    data, _ = _edited(situs, edit)
    found = _found(_problems(data))
    assert ("M122", "Tahapan!G3") in found
