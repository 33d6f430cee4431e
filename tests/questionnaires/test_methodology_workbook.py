"""The methodology as a workbook: written, edited in a spreadsheet program, read back.

What KI staff rely on: any methodology (every preset included) downloaded as the workbook
and uploaded unchanged is the same methodology with the same fingerprints; an edit made in
Excel (here: openpyxl) gives exactly the methodology the edit says; and every mistake is
reported at once, by ``Lembar!Sel``, with a code from the catalog — never a traceback.
Cells are found by their column headers, so a column added for a new field moves nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from questionnaires import answer_types
from questionnaires.errors import Problem, ProblemsError
from questionnaires.loader import PRESET_DIR, load_methodology, parse_methodology, presets
from questionnaires.methodology_workbook import (
    methodology_workbook_bytes,
    read_methodology_workbook,
    write_methodology_workbook,
)
from questionnaires.methodology_workbook.columns import (
    GUIDE_SHEET,
    LISTS_SHEET,
    SHEETS,
    TABLES,
    covered_fields,
)
from questionnaires.model import Methodology, Question, StageKind
from tests.conftest import FIXTURES

PRESET_FILES = sorted(PRESET_DIR.glob("*.yaml"))


def _read(data: bytes, name: str = "metodologi.xlsx") -> Methodology:
    return read_methodology_workbook(data, name=name)


def _problems(data: bytes) -> list[Problem]:
    with pytest.raises(ProblemsError) as caught:
        _read(data)
    return caught.value.problems


def _where(p: Problem) -> str:
    """``Sheet!Cell`` as a user reads it (just the sheet for a problem about a sheet)."""
    return "!".join(part for part in (p.location.sheet, p.location.cell) if part)


def _found(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.code, _where(p)) for p in problems}


def _edited(m: Methodology, edit: Callable[[Workbook], Any]) -> tuple[bytes, Any]:
    """The workbook of `m` after `edit` (which may return what the test expects)."""
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(m)))
    expected = edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), expected


def _col(ws: Worksheet, header: str) -> str:
    """The column letter of `header` in the sheet's header row."""
    for cell in ws[1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(f"{ws.title} has no column {header!r}")


def _row(ws: Worksheet, first_column_value: str, after: int = 1) -> int:
    """The first row below `after` whose column A holds `first_column_value`."""
    for row in range(after + 1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == first_column_value:
            return row
    raise AssertionError(f"{ws.title} has no row {first_column_value!r}")


def _cell(wb: Workbook, sheet: str, header: str, key: str) -> str:
    ws = wb[sheet]
    return f"{_col(ws, header)}{_row(ws, key)}"


def _set(wb: Workbook, sheet: str, header: str, key: str, value: object) -> str:
    """Type `value` into column `header` of the row `key`; returns ``Sheet!Cell``."""
    ref = _cell(wb, sheet, header, key)
    wb[sheet][ref] = value
    return f"{sheet}!{ref}"


def _next_row(ws: Worksheet) -> int:
    return max(r for r in range(1, ws.max_row + 1)
               if any(c.value not in (None, "") for c in ws[r])) + 1


def _add_row(wb: Workbook, sheet: str, values: dict[str, object]) -> int:
    ws = wb[sheet]
    row = _next_row(ws)
    for header, value in values.items():
        ws[f"{_col(ws, header)}{row}"] = value
    return row


@pytest.fixture(scope="module")
def nasional() -> Methodology:
    m = presets().get("nasional-2025")
    assert m is not None
    return m


# -- round trips --------------------------------------------------------------------------

@pytest.mark.parametrize("path", PRESET_FILES, ids=[p.stem for p in PRESET_FILES])
def test_every_preset_round_trips_with_its_fingerprints(path: Path, tmp_path: Path) -> None:
    m = load_methodology(path)
    target = tmp_path / "metodologi.xlsx"
    write_methodology_workbook(m, target)
    back = load_methodology(target)  # .xlsx: the workbook reader, in its worker
    assert back == m
    for category in m.categories:
        assert back.fingerprint(category.code) == m.fingerprint(category.code)


def test_sheets_are_in_indonesian_with_the_guide_first(nasional: Methodology) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(nasional)))
    assert wb.sheetnames == [GUIDE_SHEET, *(s.sheet for s in SHEETS), LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert [c.value for c in wb["Tahapan"][1]] == [
        "Kode", "Nama", "Jenis", "Bobot (%)", "Bila tanpa data", "Deskripsi",
        "Pertanyaan dipantau"]
    # panel aspects are rows of the Indikator sheet whose stage is a panel stage
    ind = wb["Indikator"]
    stage_col = _col(ind, "Tahapan")
    assert ind[f"{stage_col}{_row(ind, 'penguasaan_materi')}"].value == "visitasi"


def test_the_guide_explains_every_column(nasional: Methodology) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(nasional)))
    texts = {c.value for row in wb[GUIDE_SHEET].iter_rows() for c in row if c.value}
    for table in TABLES:
        assert f"Lembar {table.sheet}" in texts
        for column in table.columns:
            assert column.header in texts
    assert any("aspek panel" in str(t).lower() and "Indikator" in str(t) for t in texts)


def test_dropdowns_offer_the_lists_by_their_indonesian_labels(nasional: Methodology) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(nasional)))
    lists = wb[LISTS_SHEET]

    def options(sheet: str, header: str) -> list[str]:
        ws = wb[sheet]
        letter = _col(ws, header)
        dv = next(dv for dv in ws.data_validations.dataValidation
                  if str(dv.sqref).startswith(f"{letter}2:"))
        target = wb.defined_names[dv.formula1].attr_text.split("!")[1].replace("$", "")
        return [c.value for row in lists[target] for c in row]

    assert options("Pertanyaan", "Jenis jawaban") == [s.label for s in answer_types.all()]
    assert options("Pertanyaan", "Data dukung") == ["Wajib", "Ditandai bila tidak ada",
                                                    "Tidak diminta"]
    assert options("Pertanyaan", "Nihil boleh") == ["Ya", "Tidak"]
    assert options("Tahapan", "Jenis") == ["Kuesioner (SAQ)", "Panel (juri)", "Pemantauan situs"]
    refs = {str(dv.sqref).split(":")[0]: dv.formula1.replace("'", "")
            for dv in wb["Pertanyaan"].data_validations.dataValidation}
    assert refs[f"{_col(wb['Pertanyaan'], 'Indikator')}2"] == "Indikator!$A$2:$A$5000"
    assert refs[f"{_col(wb['Pertanyaan'], 'Kategori')}2"] == "Kategori!$A$2:$A$5000"


def test_every_model_field_has_a_place_in_the_workbook() -> None:
    """A field added to the model needs a column (or form entry) in columns.py, or a
    methodology using it would not survive the round trip."""
    expected: set[tuple[str, str]] = set()

    def walk(model: type[BaseModel]) -> None:
        for name, info in model.model_fields.items():
            if (model.__name__, name) in expected:
                continue
            expected.add((model.__name__, name))
            for inner in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    walk(inner)

    walk(Methodology)
    missing = sorted(expected - covered_fields())
    assert not missing, f"no sheet holds {missing}: add a Column in columns.py"


def _tricky() -> Methodology:
    """Values a careless writer would lose: trailing zeros, long decimals, text that looks
    like a formula, line breaks and spaces, no upper bound, empty lists."""
    data = {
        "id": "uji-tepi", "version": "2026.10", "title": "Uji ’tepi’ – ü", "ki": "KI Uji",
        "year": 2026, "legal_basis": ["UU 14/2008"],
        "provenance": {"sources": ["a", "b"], "confidence": "rendah",
                       "assumptions": ["=asumsi", "baris 1\nbaris 2"], "notes": " spasi "},
        "categories": [{"code": "opd", "name": "OPD"}, {"code": "desa", "name": "Desa",
                                                         "description": "x\ny"}],
        "stages": [
            {"code": "saq", "name": "SAQ", "kind": "questionnaire", "weight": "40.0"},
            {"code": "pres", "name": "Presentasi", "kind": "panel", "weight": "60",
             "missing": "renormalise",
             "gate": {"stage": "saq", "min_score": "59.995", "below_gate_score": "0.00"}},
        ],
        "indicators": [
            {"code": "a", "name": "A", "stage": "saq", "weight": "33.33333333333333333"},
            {"code": "b", "name": "B", "stage": "saq", "weight": "33.33333333333333334"},
            {"code": "c", "name": "C", "stage": "saq", "weight": "33.33333333333333333"},
            {"code": "k", "name": "K", "stage": "pres", "weight": "100.00"},
        ],
        "questions": [
            {"code": "1.10", "indicator": "a", "text": "=SUM(A1)", "type": "yes_no",
             "points": "0.10", "allow_na": True, "evidence": "flag", "guidance": "g\n\nh"},
            {"code": "1.2", "indicator": "b", "text": "Skala", "type": "scale",
             "points": "1E+1", "evidence": "none", "categories": ["opd", "desa"],
             "scale": [{"value": 0, "label": "nol", "fraction": "0"},
                       {"value": 3, "label": "penuh", "fraction": "1.000"}]},
            {"code": "1.3", "indicator": "c", "text": "Butir", "type": "checklist",
             "points": 3, "legal_basis": "Pasal 9",
             "items": [{"code": "a", "label": "RKA", "weight": "2.5"},
                       {"code": "b", "label": "DPA"}]},
        ],
        "bands": [{"label": "Atas", "lower": "50", "upper": None, "colour": "#abcdef"},
                  {"label": "Bawah", "lower": 0, "upper": "49.999", "colour": "#000000"}],
        "rounding": {"decimals": 3},
        "tie_breakers": [],
    }
    return parse_methodology(data, "uji.yaml")


def test_exact_values_round_trip() -> None:
    m = _tricky()
    back = _read(methodology_workbook_bytes(m))
    assert back == m
    assert back.fingerprint("opd") == m.fingerprint("opd")
    # the values a float would change are kept as written
    assert str(back.stages[0].weight) == "40.0"
    assert str(back.questions[0].points) == "0.10"
    assert str(back.indicators[0].weight) == "33.33333333333333333"
    assert back.provenance.notes == " spasi "
    assert back.questions[0].text == "=SUM(A1)"


def test_read_from_bytes_path_and_file_object(tmp_path: Path) -> None:
    m = _tricky()
    data = methodology_workbook_bytes(m)
    path = tmp_path / "punya-ki.xlsx"
    path.write_bytes(data)
    buffer = io.BytesIO(data)
    buffer.name = "unggahan.xlsx"  # type: ignore[attr-defined]
    assert read_methodology_workbook(path) == m
    assert read_methodology_workbook(buffer) == m
    assert read_methodology_workbook(data) == m


# -- edited in a spreadsheet program ------------------------------------------------------

def test_an_edited_workbook_gives_the_methodology_the_edit_says(nasional: Methodology) -> None:
    """Stage weights 80/20 → 70/30 (typed as text with a decimal comma and as a number),
    and a new Ya/Tidak question added at the end of Pertanyaan."""
    def edit(wb: Workbook) -> None:
        _set(wb, "Tahapan", "Bobot (%)", "saq", "70,0")
        _set(wb, "Tahapan", "Bobot (%)", "visitasi", 30)
        _add_row(wb, "Pertanyaan", {
            "Kode": "1.99", "Indikator": "jenis_informasi",
            "Pertanyaan": "Apakah daftar informasi dikecualikan diumumkan?",
            "Definisi operasional": "Tautan ke DIK.", "Jenis jawaban": "Ya/Tidak",
            "Poin": "2,5", "Data dukung": "Wajib", "Nihil boleh": "Tidak"})

    data, _ = _edited(nasional, edit)
    got = _read(data)
    saq, visitasi = nasional.stages
    added = Question(code="1.99", indicator="jenis_informasi",
                     text="Apakah daftar informasi dikecualikan diumumkan?",
                     guidance="Tautan ke DIK.", type="yes_no", points=Decimal("2.5"))
    expected = nasional.model_copy(update={
        "stages": (saq.model_copy(update={"weight": Decimal("70.0")}),
                   visitasi.model_copy(update={"weight": Decimal(30)})),
        "questions": (*nasional.questions, added)})
    assert got == expected
    for category in nasional.categories:
        assert got.fingerprint(category.code) == expected.fingerprint(category.code)
        assert got.fingerprint(category.code) != nasional.fingerprint(category.code)


def test_rows_may_be_reordered_blank_rows_and_empty_extra_sheets_are_ignored(
        mini: Methodology) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Kategori"]
        ws.insert_rows(2)  # a blank row
        wb.create_sheet("Sheet1")  # Excel's empty sheet
        ws = wb["Skala"]  # the levels of 2.1 from the bottom up: their order is kept
        rows = [[c.value for c in ws[r]] for r in range(2, 5)]
        for offset, values in enumerate(reversed(rows)):
            for column, value in enumerate(values, 1):
                ws.cell(row=2 + offset, column=column, value=value)

    data, _ = _edited(mini, edit)
    got = _read(data)
    assert got.categories == mini.categories
    assert [lv.value for lv in got.question_by_code["2.1"].scale] == [2, 1, 0]


# -- every mistake, by Lembar!Sel ---------------------------------------------------------

def _m102(wb: Workbook, sheet: str, header: str, key: str, value: object) -> tuple:
    return ("M102", _set(wb, sheet, header, key, value))


CASES: dict[str, Callable[[Workbook], tuple[str, str]]] = {
    # layout
    "a required sheet deleted": lambda wb: (wb.remove(wb["Gerbang"]), ("M150", "Gerbang"))[1],
    "an unknown sheet with content": lambda wb: (
        wb.create_sheet("Catatan").append(["bebas"]), ("M151", "Catatan"))[1],
    "an unknown column": lambda wb: _unknown_column(wb),
    "data under a blank header": lambda wb: _headerless_data(wb),
    "a required column deleted": lambda wb: _delete_column(wb, "Indikator", "Tahapan"),
    "a column twice": lambda wb: _twice(wb),
    "an unknown identity entry": lambda wb: (
        "M156", f"Identitas!A{_add_row(wb, 'Identitas', {'Isian': 'Warna', 'Nilai': 'x'})}"),
    "an identity entry twice": lambda wb: (
        "M154", f"Identitas!A{_add_row(wb, 'Identitas', {'Isian': 'Versi', 'Nilai': '2'})}"),
    "a scale level of an unknown question": lambda wb: (
        "M157", f"Skala!A{_add_row(wb, 'Skala', {'Pertanyaan': '9.9', 'Nilai': 0, 'Label': 'x', 'Fraksi poin': 0})}"),  # noqa: E501
    "a gate with both a minimum and a top": lambda wb: (
        _set(wb, "Gerbang", "Peringkat teratas", "panel", 3),
        ("M118", f"Gerbang!{_cell(wb, 'Gerbang', 'Tahapan', 'panel')}"))[1],
    "a second gate with neither a minimum nor a top": lambda wb: (
        "M118", f"Gerbang!A{_add_row(wb, 'Gerbang', {'Tahapan': 'panel', 'Tahapan acuan': 'saq'})}"),  # noqa: E501
    "a comparison not in the list": lambda wb: (
        "M155", _set(wb, "Gerbang", "Pembanding", "panel", "kurang dari")),
    "a category weight of an unknown category": lambda wb: (
        "M119", _set(wb, "Indikator", "Bobot per kategori", "A", "bumn: 50")),
    "a category's weights of a stage not 100": lambda wb: (
        _set(wb, "Indikator", "Bobot per kategori", "A", "desa: 50"),
        ("M120", "Indikator!E2:E3"))[1],
    "a category weight that is no pair": lambda wb: (
        "M155", _set(wb, "Indikator", "Bobot per kategori", "A", "desa 50")),
    "a formula without a value": lambda wb: (
        "D315", _set(wb, "Tahapan", "Bobot (%)", "saq", "=40*2")),
    # cells
    "a weight that is no number": lambda wb: (
        "M155", _set(wb, "Tahapan", "Bobot (%)", "saq", "delapan puluh")),
    "a weight with a percent sign": lambda wb: (
        "M155", _set(wb, "Tahapan", "Bobot (%)", "saq", "80%")),
    "an answer type not in the list": lambda wb: (
        "M155", _set(wb, "Pertanyaan", "Jenis jawaban", "1.1", "Pilihan ganda")),
    "a year that is no whole number": lambda wb: (
        "M155", _set(wb, "Identitas", "Nilai", "Tahun", "2025,5")),
    "nihil neither Ya nor Tidak": lambda wb: (
        "M155", _set(wb, "Pertanyaan", "Nihil boleh", "1.1", "mungkin")),
    "negative points": lambda wb: _m102(wb, "Pertanyaan", "Poin", "1.1", -1),
    "a code with a space": lambda wb: _m102(wb, "Pertanyaan", "Kode", "1.1", "1 1"),
    "a category without a name": lambda wb: _m102(wb, "Kategori", "Nama", "opd", None),
    "a colour that is no colour": lambda wb: _m102(wb, "Predikat", "Warna", "Informatif",
                                                   "hijau"),
    "a year out of range": lambda wb: _m102(wb, "Identitas", "Nilai", "Tahun", 1990),
    "nihil on a checklist": lambda wb: _m102(wb, "Pertanyaan", "Nihil boleh", "1.2", "Ya"),
    # rules across sheets
    "stage weights not 100": lambda wb: (
        _set(wb, "Tahapan", "Bobot (%)", "saq", 70), ("M103", "Tahapan!D2:D3"))[1],
    "indicator weights of a stage not 100": lambda wb: (
        _set(wb, "Indikator", "Bobot (%)", "A", 50), ("M104", "Indikator!D2:D3"))[1],
    "a category code twice": lambda wb: ("M105", _set(wb, "Kategori", "Kode", "desa", "opd")),
    # At the code typed twice, not at the row's Nihil boleh cell (its rule across fields).
    "a question code twice": lambda wb: ("M105", _set(wb, "Pertanyaan", "Kode", "2.2", "1.1")),
    "a band label twice": lambda wb: (
        "M105", _set(wb, "Predikat", "Predikat", "Kurang Informatif", "Cukup Informatif")),
    "a question of an unknown indicator": lambda wb: (
        "M106", _set(wb, "Pertanyaan", "Indikator", "1.1", "Z")),
    "an indicator of an unknown stage": lambda wb: (
        "M107", _set(wb, "Indikator", "Tahapan", "K", "x")),
    "a gap between bands": lambda wb: (
        _set(wb, "Predikat", "Batas bawah", "Tidak Informatif", 5),
        ("M108", "Predikat!B2:B6"))[1],
    "a gate on a later stage": lambda wb: (
        "M109", _set(wb, "Gerbang", "Tahapan acuan", "panel", "panel")),
    "a scale with one level": lambda wb: (
        wb["Skala"].delete_rows(3, 2), ("M110", f"Pertanyaan!{_cell(wb, 'Pertanyaan', 'Jenis jawaban', '2.1')}"))[1],  # noqa: E501
    "a question for an unknown category": lambda wb: (
        "M111", _set(wb, "Pertanyaan", "Kategori", "2.1", "opd, pusat")),
    "an indicator without questions for a category": lambda wb: (
        _set(wb, "Pertanyaan", "Kategori", "2.2", "opd"), ("M112", "Indikator!A3"))[1],
    "a question on a panel aspect": lambda wb: (
        "M113", _set(wb, "Pertanyaan", "Indikator", "2.2", "K")),
    "a panel tie-breaker without a panel stage": lambda wb: (
        _set(wb, "Tahapan", "Jenis", "panel", "Kuesioner (SAQ)"), ("M115", "Identitas!B9"))[1],
    "no questionnaire stage": lambda wb: (
        _set(wb, "Tahapan", "Jenis", "saq", "Panel (juri)"), ("M116", "Tahapan!C2:C3"))[1],
}


def _unknown_column(wb: Workbook) -> tuple[str, str]:
    ws = wb["Pertanyaan"]
    letter = openpyxl.utils.get_column_letter(ws.max_column + 1)
    ws[f"{letter}1"] = "Catatan saya"
    ws[f"{letter}2"] = "isi"
    return "M152", f"Pertanyaan!{letter}1"


def _headerless_data(wb: Workbook) -> tuple[str, str]:
    ws = wb["Kategori"]
    letter = openpyxl.utils.get_column_letter(ws.max_column + 2)
    ws[f"{letter}3"] = "catatan"
    return "M152", f"Kategori!{letter}3"


def _delete_column(wb: Workbook, sheet: str, header: str) -> tuple[str, str]:
    ws = wb[sheet]
    index = openpyxl.utils.column_index_from_string(_col(ws, header))
    ws.delete_cols(index)
    width = max(c.column for c in ws[1] if c.value is not None)
    return "M153", f"{sheet}!{openpyxl.utils.get_column_letter(width + 1)}1"


def _twice(wb: Workbook) -> tuple[str, str]:
    ws = wb["Pertanyaan"]
    letter = openpyxl.utils.get_column_letter(ws.max_column + 1)
    ws[f"{letter}1"] = "Poin"
    return "M154", f"Pertanyaan!{letter}1"


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_reported_with_its_code_and_cell(case: str, mini: Methodology) -> None:
    data, (code, where) = _edited(mini, CASES[case])
    problems = _problems(data)
    assert (code, where) in _found(problems), [f"{_where(p)} {p.code} {p.message}"
                                               for p in problems]
    for p in problems:  # told in Indonesian, with a fix
        assert p.fix, p
        assert p.message, p
        assert "?" not in p.message, p


def test_every_mistake_is_reported_at_once(mini: Methodology) -> None:
    """Layout, cells and rules across sheets in one report: the rules are checked on the
    values that could be read while other cells are still wrong."""
    chosen = ["an unknown column", "a weight with a percent sign", "negative points",
              "a scale level of an unknown question", "a question of an unknown indicator",
              "an unknown identity entry"]

    def edit(wb: Workbook) -> list[tuple[str, str]]:
        return [CASES[name](wb) for name in chosen]

    data, expected = _edited(mini, edit)
    found = _found(_problems(data))
    assert set(expected) <= found


def test_a_missing_sheet_is_one_problem_not_one_per_row_that_needed_it(
        nasional: Methodology) -> None:
    data, _ = _edited(nasional, lambda wb: wb.remove(wb["Pertanyaan"]))
    (only,) = _problems(data)
    assert (only.code, _where(only)) == ("M150", "Pertanyaan")
    assert "_daftar" not in only.message


def test_rows_of_a_renamed_question_are_one_problem(mini: Methodology) -> None:
    def edit(wb: Workbook) -> str:
        type_cell = _cell(wb, "Pertanyaan", "Jenis jawaban", "2.1")
        _set(wb, "Pertanyaan", "Kode", "2.1", "2.1a")
        return f"Pertanyaan!{type_cell}"

    data, type_cell = _edited(mini, edit)
    found = _found(_problems(data))
    assert ("M157", "Skala!A2:A4") in found  # its three levels, in one problem
    assert ("M110", type_cell) in found  # the question has no levels now


def test_one_mistake_is_reported_once(mini: Methodology, nasional: Methodology) -> None:
    # A weight typed with a percent sign is not also "desa's weights sum to 60" (desa has
    # its own weight for A only, so B's own weight counts for desa too).
    def percent(wb: Workbook) -> str:
        _set(wb, "Indikator", "Bobot per kategori", "A", "desa: 60")
        return _set(wb, "Indikator", "Bobot (%)", "B", "25%")

    data, cell = _edited(mini, percent)
    assert _found(_problems(data)) == {("M155", cell)}

    # A threshold's fraction over 1 is not also "the question's highest fraction is 1,5".
    data, cell = _edited(load_methodology(FIXTURES / "angka-uraian.yaml"), lambda wb: _set(
        wb, "Ambang", "Fraksi poin", "1.2", 1.5))
    [only] = _problems(data)
    assert (only.code, _where(only)) == ("M102", cell)
    assert "(nilai: 1,5)" in only.message  # as it is typed

    # An indicator's code overwritten with another one's: the code twice, and the questions
    # that asked for the lost code as one problem naming each cell, its list of codes once.
    def overwrite(wb: Workbook) -> tuple[str, str]:
        ws = wb["Pertanyaan"]
        cells = [f"B{r}" for r in range(2, ws.max_row + 1)
                 if ws[f"B{r}"].value == "digitalisasi"]
        code = _set(wb, "Indikator", "Kode", "digitalisasi", "jenis_informasi")
        return code, f"Pertanyaan!{cells[0]}:{cells[-1]}"

    data, (code_cell, questions) = _edited(nasional, overwrite)
    problems = _problems(data)
    assert _found(problems) == {("M105", code_cell), ("M106", questions)}
    m106 = next(p for p in problems if p.code == "M106")
    assert m106.fix.count("jenis_informasi") == 1


def test_rules_across_sheets_are_checked_while_a_cell_breaks_a_bound(mini: Methodology) -> None:
    def edit(wb: Workbook) -> list[tuple[str, str]]:
        return [_m102(wb, "Pertanyaan", "Poin", "1.1", 0),
                CASES["stage weights not 100"](wb), CASES["a gate on a later stage"](wb)]

    data, expected = _edited(mini, edit)
    assert set(expected) <= _found(_problems(data))


def test_messages_use_the_workbooks_words(mini: Methodology) -> None:
    data, _ = _edited(mini, CASES["a scale with one level"])
    m110 = next(p for p in _problems(data) if p.code == "M110")
    assert "'Skala'" in m110.message
    assert "lembar Skala" in m110.fix
    data, _ = _edited(mini, CASES["negative points"])
    m102 = _problems(data)[0]
    assert m102.message == "Isian tidak sah di kolom 'Poin': harus lebih dari 0 (nilai: -1)"
    data, _ = _edited(mini, CASES["a gate on a later stage"])
    m109 = next(p for p in _problems(data) if p.code == "M109")
    assert m109.message.startswith("Gerbang merujuk tahapan acuan 'panel'")  # not "(gate)"
    assert "kolom Tahapan acuan lembar Gerbang" in m109.fix


def test_a_value_of_the_wrong_shape_is_told_what_to_write_never_a_pattern(
        mini: Methodology) -> None:
    data, _ = _edited(mini, CASES["a colour that is no colour"])
    [colour] = _problems(data)
    assert colour.message == (
        "Isian tidak sah di kolom 'Warna': tulis kode warna #RRGGBB: tanda # lalu enam angka "
        "0–9 atau huruf A–F, mis. #1E8449 (nilai: hijau)")
    data, _ = _edited(mini, CASES["a code with a space"])
    code = next(p for p in _problems(data) if p.code == "M102")
    assert "hanya boleh berisi huruf, angka, titik (.), garis bawah (_) dan tanda hubung " \
           "(-)" in code.message
    assert "tanpa spasi" in code.message
    # The YAML loader says it the same way.
    yaml_data = mini.model_dump(mode="json")
    yaml_data["bands"][0]["colour"] = "hijau"
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(yaml_data, "m.yaml")
    assert "#RRGGBB" in str(caught.value.problems[0])
    for p in [colour, code, *caught.value.problems]:
        for regex in ("^", "pola", "{6}"):
            assert regex not in str(p)


def test_every_pattern_of_the_model_has_an_instruction() -> None:
    from questionnaires.pydantic_messages import PATTERN_HELP

    patterns: set[str] = set()

    def walk(model: type[BaseModel]) -> None:
        for info in model.model_fields.values():
            for meta in info.metadata:
                if getattr(meta, "pattern", None):
                    patterns.add(meta.pattern)
            for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
                for inner in (arg, *getattr(arg, "__args__", ())):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        walk(inner)

    walk(Methodology)
    assert len(patterns) >= 4
    assert patterns <= set(PATTERN_HELP)


# -- files that are no methodology workbook -----------------------------------------------

def test_files_that_are_no_workbook_are_refused_like_any_upload(mini: Methodology) -> None:
    data = methodology_workbook_bytes(mini)
    cases = {
        "kosong.xlsx": (b"", "F212"),
        "rusak.xlsx": (b"bukan lembar kerja" * 10, "F204"),
        "tabel.csv": (b"Kode;Nama\nopd;OPD\n", "M159"),
        "makro.xlsm": (data, "F203"),
    }
    for name, (content, code) in cases.items():
        with pytest.raises(ProblemsError) as caught:
            read_methodology_workbook(content, name=name)
        assert [p.code for p in caught.value.problems] == [code], name
        assert caught.value.problems[0].location.file == name


def test_a_questionnaire_template_is_not_a_methodology(mini: Methodology, tmp_path: Path) -> None:
    from questionnaires.template import write_template

    target = tmp_path / "templat.xlsx"
    write_template(mini, "opd", target)
    codes = {p.code for p in _problems(target.read_bytes())}
    assert {"M150", "M151"} <= codes


def test_every_stage_kind_and_answer_type_label_reads_back() -> None:
    """Labels and the model's own names are both accepted (a YAML user's ``panel``)."""
    from questionnaires.methodology_workbook.columns import ANSWER_TYPE, STAGE_KIND

    for spec in answer_types.all():
        assert ANSWER_TYPE.read(spec.label) == str(spec.name)
        assert ANSWER_TYPE.read(str(spec.name)) == str(spec.name)
    for kind in StageKind:
        assert STAGE_KIND.read(STAGE_KIND.write(kind)) == kind.value
        assert STAGE_KIND.read(kind.value.upper()) == kind.value
