"""The fields of ``number`` and ``text`` questions in the methodology workbook: the columns
Satuan, Angka minimum, Angka maksimum and Desimal of Pertanyaan and the sheet Ambang (one
row per threshold) round-trip exactly, an edit made with openpyxl gives the methodology it
says, a workbook made before the sheet existed is still read, and a broken rule points at
its cell (tests/fixtures/angka-uraian.yaml)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from questionnaires.loader import load_methodology
from questionnaires.methodology_workbook import (
    methodology_workbook_bytes,
    write_methodology_workbook,
)
from questionnaires.model import Methodology, Question, Threshold
from tests.conftest import FIXTURES
from tests.questionnaires.test_methodology_workbook import (
    _add_row,
    _edited,
    _found,
    _problems,
    _read,
    _set,
)

D = Decimal


@pytest.fixture(scope="module")
def m() -> Methodology:
    return load_methodology(FIXTURES / "angka-uraian.yaml")


def test_round_trip_with_its_fingerprints(m: Methodology, tmp_path: Path) -> None:
    target = tmp_path / "metodologi.xlsx"
    write_methodology_workbook(m, target)
    back = load_methodology(target)  # read in the reader's worker process
    assert back == m
    for category in m.categories:
        assert back.fingerprint(category.code) == m.fingerprint(category.code)


def test_the_sheets_hold_the_number_fields(m: Methodology) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(m)))
    rows = [[c.value for c in row] for row in wb["Ambang"].iter_rows()]
    assert rows[0] == ["Pertanyaan", "Mulai dari", "Termasuk batas", "Fraksi poin"]
    assert rows[1:] == [["1.2", 90, "Ya", 1], ["1.2", 75, "Ya", 0.5],
                        ["1.3", 0, "Ya", 1], ["1.3", 10, "Tidak", 0.5],
                        ["1.3", 17, "Tidak", 0]]
    ws = wb["Pertanyaan"]
    header = [c.value for c in ws[1]]
    by_code = {row[0]: dict(zip(header, row, strict=True))
               for row in ws.iter_rows(min_row=2, values_only=True)}
    assert [by_code["1.2"][h] for h in ("Jenis jawaban", "Satuan", "Angka minimum",
                                        "Angka maksimum", "Desimal")] == [
        "Angka", "%", 0, 100, 1]
    assert by_code["2.1"]["Jenis jawaban"] == "Uraian"
    assert by_code["1.1"]["Desimal"] is None  # a yes_no question leaves them blank


def test_an_edited_workbook_gives_the_methodology_it_says(m: Methodology) -> None:
    """The ≥ 75 threshold moved to > 80 (typed with a decimal comma), a third one added,
    and a new number question with its own threshold."""
    def edit(wb: Workbook) -> None:
        ws = wb["Ambang"]
        ws["B3"], ws["C3"], ws["D3"] = "80,0", "Tidak", "0,5"
        _add_row(wb, "Ambang", {"Pertanyaan": "1.2", "Mulai dari": 50, "Fraksi poin": "0,25"})
        _add_row(wb, "Pertanyaan", {
            "Kode": "1.4", "Indikator": "A", "Pertanyaan": "Jumlah keberatan diselesaikan",
            "Jenis jawaban": "Angka", "Poin": 1, "Data dukung": "Wajib", "Nihil boleh": "Tidak",
            "Satuan": "keberatan", "Angka minimum": 0, "Desimal": 0})
        _add_row(wb, "Ambang", {"Pertanyaan": "1.4", "Mulai dari": 1, "Termasuk batas": "Ya",
                                "Fraksi poin": 1})

    data, _ = _edited(m, edit)
    got = _read(data)
    q11, q12, *others = m.questions
    moved = q12.model_copy(update={"thresholds": (
        q12.thresholds[0], Threshold(lower=D("80.0"), inclusive=False, fraction=D("0.5")),
        Threshold(lower=D(50), fraction=D("0.25")))})
    added = Question(code="1.4", indicator="A", text="Jumlah keberatan diselesaikan",
                     type="number", points=D(1), unit="keberatan", min_value=D(0), decimals=0,
                     thresholds=(Threshold(lower=D(1), fraction=D(1)),))
    # rows keep the sheet's order: 1.4, added last, comes last
    expected = m.model_copy(update={"questions": (q11, moved, *others, added)})
    assert got == expected
    assert got.fingerprint("opd") != m.fingerprint("opd")


def test_a_workbook_without_the_ambang_sheet_is_still_read(m: Methodology) -> None:
    mini_like = m.model_copy(update={"questions": tuple(
        q for q in m.questions if str(q.type) != "number")})
    data, _ = _edited(mini_like, lambda wb: wb.remove(wb["Ambang"]))
    assert _read(data) == mini_like


@pytest.mark.parametrize("edit", [
    # a number question without any threshold: the rule points at its type cell
    lambda wb: [wb["Ambang"].delete_rows(2, 2), ("M110", "Pertanyaan!E3")][1],
    # thresholds on a yes_no question: at the threshold rows
    lambda wb: ("M110", "Ambang!A" + str(_add_row(
        wb, "Ambang", {"Pertanyaan": "1.1", "Mulai dari": 1, "Fraksi poin": 1}))),
    # a threshold of a question that does not exist
    lambda wb: ("M157", "Ambang!A" + str(_add_row(
        wb, "Ambang", {"Pertanyaan": "9.9", "Mulai dari": 1, "Fraksi poin": 1}))),
    # a fraction that is not a number
    lambda wb: ("M155", _set(wb, "Ambang", "Fraksi poin", "1.2", "separuh")),
], ids=["no threshold", "thresholds on yes_no", "unknown question", "not a number"])
def test_mistakes_point_at_their_cell(m: Methodology, edit) -> None:
    data, want = _edited(m, edit)
    assert want in _found(_problems(data)), [str(p) for p in _problems(data)]
