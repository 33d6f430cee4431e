"""Website signals in a methodology (what website monitoring looks for per question): read
from YAML and from the workbook's sheet Sinyal, refused with M121 where they could find
nothing or everything, absent by default, outside the fingerprint, and present in the
presets for the questions they fit, marked as an assumption."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from questionnaires.errors import ProblemsError
from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_workbook import methodology_workbook_bytes
from questionnaires.model import Methodology, Signals
from tests.questionnaires.test_methodology_workbook import (
    _add_row,
    _edited,
    _found,
    _problems,
    _read,
)

BASE: dict[str, Any] = {
    "id": "uji-sinyal", "version": "1", "title": "Uji sinyal", "ki": "KI Uji", "year": 2026,
    "categories": [{"code": "kec", "name": "Kecamatan"}],
    "stages": [{"code": "saq", "name": "SAQ", "kind": "questionnaire", "weight": 100}],
    "indicators": [{"code": "jenis", "name": "Jenis informasi", "stage": "saq",
                    "weight": 100}],
    "questions": [
        {"code": "1.1", "indicator": "jenis", "text": "DIP ditetapkan?", "type": "yes_no",
         "points": 1,
         "signals": {"link_texts": ["Daftar Informasi Publik", " DIP "],
                     "url_patterns": ["*/dip*"], "document_types": ["pdf"]}},
        {"code": "1.2", "indicator": "jenis", "text": "Register permohonan?",
         "type": "yes_no", "points": 1},
    ],
    "bands": [{"label": "Baik", "lower": 0, "colour": "#00aa00"}],
}


def _with_signals(signals: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["questions"][0]["signals"] = signals
    return data


def test_signals_are_read_and_cleaned() -> None:
    m = parse_methodology(BASE, "uji.yaml")
    q1, q2 = m.questions
    assert q1.signals == Signals(link_texts=("Daftar Informasi Publik", "DIP"),
                                 url_patterns=("*/dip*",), document_types=("pdf",))
    assert q2.signals is None  # no signals: nothing to look for


def test_signals_do_not_change_the_fingerprint() -> None:
    with_signals = parse_methodology(BASE, "uji.yaml")
    data = copy.deepcopy(BASE)
    del data["questions"][0]["signals"]
    without = parse_methodology(data, "uji.yaml")
    assert with_signals.fingerprint("kec") == without.fingerprint("kec")


@pytest.mark.parametrize(("signals", "path", "words"), [
    ({"document_types": ["pdf"]}, "signals.link_texts", "tidak ada teks tautan"),
    ({"link_texts": ["DIP"], "document_types": ["docx"]}, "signals.document_types",
     "jenis dokumen 'docx' tidak dikenal"),
    ({"url_patterns": ["*"]}, "signals.url_patterns", "cocok dengan semua alamat"),
    ({"link_texts": ["a"]}, "signals.link_texts", "terlalu pendek"),
])
def test_signals_that_find_nothing_or_everything_are_refused(
        signals: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(_with_signals(signals), "uji.yaml")
    (found,) = caught.value.problems
    assert found.code == "M121"
    assert found.location.path == f"questions[0] (1.1).{path}"
    assert words in str(found)
    assert "pdf, html, office, image" in str(found)  # the fix names the known kinds


def test_signals_round_trip_through_the_workbook_sheet_sinyal() -> None:
    m = parse_methodology(BASE, "uji.yaml")
    back = _read(methodology_workbook_bytes(m))
    assert back == m


def test_a_signal_row_typed_in_the_workbook_is_read() -> None:
    m = parse_methodology(BASE, "uji.yaml")
    data, _ = _edited(m, lambda wb: _add_row(wb, "Sinyal", {
        "Pertanyaan": "1.2", "Teks tautan atau menu": "Permohonan Informasi; Formulir, daring",
        "Pola alamat": "*permohonan*"}))
    back = _read(data)
    assert back.question_by_code["1.2"].signals == Signals(
        link_texts=("Permohonan Informasi", "Formulir, daring"),
        url_patterns=("*permohonan*",))


def test_a_bad_signal_in_the_workbook_points_at_its_sheet() -> None:
    m = parse_methodology(BASE, "uji.yaml")
    data, _ = _edited(m, lambda wb: _add_row(wb, "Sinyal", {
        "Pertanyaan": "1.2", "Jenis dokumen": "pdf"}))
    problems = _problems(data)
    assert {code for code, _ in _found(problems)} == {"M121"}
    assert all(where.startswith("Sinyal!") for _, where in _found(problems))


def test_a_workbook_without_the_sheet_sinyal_is_still_read() -> None:
    m = parse_methodology(BASE, "uji.yaml")
    data, _ = _edited(m, lambda wb: wb.remove(wb["Sinyal"]))
    back = _read(data)
    assert all(q.signals is None for q in back.questions)


@pytest.mark.parametrize("methodology_id", ["nasional-2025", "ki-pusat-2025", "klasik-2021",
                                            "ki-jateng-2024", "kid-diy-2025"])
def test_presets_look_for_the_usual_ppid_menus_as_an_assumption(methodology_id: str) -> None:
    m: Methodology | None = presets().get(methodology_id)
    assert m is not None
    looked_for = {text for q in m.questions if q.signals for text in q.signals.link_texts}
    assert {"Daftar Informasi Publik", "Informasi Berkala", "Maklumat"} <= looked_for
    assert any("Informasi Serta Merta" in t or "Permohonan Informasi" in t
               for t in looked_for)
    assert any(a.startswith("Sinyal pemantauan situs") for a in m.provenance.assumptions)
    # a question that is not about the website has none
    assert any(q.signals is None for q in m.questions)
