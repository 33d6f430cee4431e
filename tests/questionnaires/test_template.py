"""The fillable questionnaire template: layout contract, dropdowns, protection, metadata.

Workbooks are written to tmp_path and opened again with openpyxl (styles, validations,
protection) and with python-calamine (what the reader sees).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from questionnaires import layout
from questionnaires.loader import load_methodology
from questionnaires.model import AnswerType, Methodology
from questionnaires.submission import NIL_LABEL
from questionnaires.template import template_filename, write_filled, write_template

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHEETS = [layout.SHEET_GUIDE, layout.SHEET_IDENTITY, layout.SHEET_QUESTIONS,
          layout.SHEET_META, layout.SHEET_CHOICES]
COL = {label: get_column_letter(i) for i, label in enumerate(layout.QUESTION_COLUMNS, 1)}
ANSWER, EVIDENCE, NOTE, CHOICES, POINTS = (
    COL[c] for c in (layout.COL_ANSWER, layout.COL_EVIDENCE, layout.COL_NOTE,
                     layout.COL_CHOICES, layout.COL_POINTS))
FIRST = layout.HEADER_ROW + 1
YES_NO = [layout.YES, layout.NO]
SOP_LEVELS = ["0 – Tidak ada", "1 – Draf", "2 – Ditetapkan"]


def nil_choice(q) -> list[str]:
    """The extra dropdown choice of a question that allows *Tidak ada kejadian (nihil)*."""
    return [NIL_LABEL] if q.allow_na else []


@pytest.fixture(scope="module")
def mini() -> Methodology:
    return load_methodology(FIXTURES / "mini.yaml")


@pytest.fixture(scope="module")
def opd_path(tmp_path_factory, mini) -> Path:
    path = tmp_path_factory.mktemp("tpl") / template_filename(mini, "opd")
    write_template(mini, "opd", path)
    return path


@pytest.fixture(scope="module")
def opd(opd_path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(opd_path)


def row_codes(wb: openpyxl.Workbook) -> list[str]:
    ws = wb[layout.SHEET_QUESTIONS]
    return [ws.cell(r, 1).value for r in range(FIRST, ws.max_row + 1)]


def row_of(wb: openpyxl.Workbook, code: str) -> int:
    return FIRST + row_codes(wb).index(code)


def validation_lists(wb: openpyxl.Workbook) -> dict[str, list[str]]:
    """Answer cell → the values of its dropdown list, resolved through the defined name."""
    found: dict[str, list[str]] = {}
    for dv in wb[layout.SHEET_QUESTIONS].data_validations.dataValidation:
        assert dv.type == "list"
        assert dv.allow_blank
        assert dv.showErrorMessage
        assert dv.errorTitle
        assert dv.error
        assert not dv.showDropDown  # (True would hide the in-cell arrow)
        [(sheet, ref)] = list(wb.defined_names[dv.formula1].destinations)
        assert sheet == layout.SHEET_CHOICES
        values = [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]
        for cell_range in dv.sqref.ranges:
            for r, c in cell_range.cells:
                ref_ = f"{get_column_letter(c)}{r}"
                assert ref_ not in found, f"{ref_} has two validations"
                found[ref_] = values
    return found


# -- structure -----------------------------------------------------------------------------

def test_template_filename(mini):
    assert template_filename(mini, "opd") == "kuesioner-mini-v1-opd.xlsx"
    assert template_filename(mini, "desa") == "kuesioner-mini-v1-desa.xlsx"
    # Two versions of one methodology: two names (a downloaded 2025.1 template is not
    # overwritten by, or mistaken for, the 2026.2 one).
    newer = mini.model_copy(update={"version": "2026.2"})
    assert template_filename(newer, "opd") == "kuesioner-mini-v2026.2-opd.xlsx"
    odd = mini.model_copy(update={"version": "2026 / revisi"})
    assert template_filename(odd, "opd") == "kuesioner-mini-v2026-revisi-opd.xlsx"


def test_sheets_in_order_first_active_helpers_hidden(opd):
    assert opd.sheetnames == SHEETS
    assert opd.active.title == layout.SHEET_GUIDE
    states = {ws.title: ws.sheet_state for ws in opd.worksheets}
    assert states == {layout.SHEET_GUIDE: "visible", layout.SHEET_IDENTITY: "visible",
                      layout.SHEET_QUESTIONS: "visible", layout.SHEET_META: "hidden",
                      layout.SHEET_CHOICES: "hidden"}
    assert opd.properties.creator == "monev-kip"
    assert "Mini" in opd.properties.title


def test_header_row_labels(opd):
    ws = opd[layout.SHEET_QUESTIONS]
    header = [c.value for c in ws[layout.HEADER_ROW]]
    assert header == list(layout.QUESTION_COLUMNS)
    assert ws.cell(layout.HEADER_ROW, 5).value == layout.COL_ANSWER  # column E
    assert ws.freeze_panes == f"A{FIRST}"
    assert ws.print_title_rows.replace("$", "") == f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert "Mini" in ws["A1"].value
    assert "OPD [opd]" in ws["A2"].value
    assert ws.column_dimensions["C"].width >= 40


def test_one_row_per_applicable_question_and_item(mini, opd, tmp_path):
    assert row_codes(opd) == ["1.1", "1.2", "1.2.a", "1.2.b", "1.2.c", "2.1"]
    desa_path = tmp_path / "desa.xlsx"
    write_template(mini, "desa", desa_path)
    desa = openpyxl.load_workbook(desa_path)
    assert row_codes(desa) == ["1.1", "1.2", "1.2.a", "1.2.b", "1.2.c", "2.2"]
    ws = desa[layout.SHEET_QUESTIONS]
    assert ws[f"{CHOICES}{row_of(desa, '2.2')}"].value == "Ya / Tidak\n(Data dukung tidak diminta)"


def test_question_and_item_rows(opd):
    ws = opd[layout.SHEET_QUESTIONS]
    r = row_of(opd, "1.1")
    assert [c.value for c in ws[r]] == ["1.1", "Indikator A", "Ada DIP?", None, None, None,
                                        None, "Ya / Tidak", 2]
    r = row_of(opd, "1.2")
    assert ws[f"{ANSWER}{r}"].value == layout.CHECKLIST_HINT
    assert ws[f"{ANSWER}{r}"].fill.fgColor.rgb.endswith("D9D9D9")  # greyed
    assert ws[f"{POINTS}{r}"].value == 3
    items = [[c.value for c in ws[r + k]] for k in (1, 2, 3)]
    assert [i[0] for i in items] == ["1.2.a", "1.2.b", "1.2.c"]
    assert [i[2] for i in items] == ["    a. RKA", "    b. DPA", "    c. LRA"]
    assert all(i[7] == "Ya / Tidak" and i[8] is None for i in items)
    r = row_of(opd, "2.1")
    assert ws[f"B{r}"].value == "Indikator B"
    assert ws[f"{CHOICES}{r}"].value == "\n".join(SOP_LEVELS)
    assert ws[f"{POINTS}{r}"].value == 4


def test_dropdowns_cover_answer_cells_with_the_right_lists(opd):
    lists = validation_lists(opd)
    rows = {code: row_of(opd, code) for code in row_codes(opd)}
    expected = {f"{ANSWER}{rows[c]}": YES_NO for c in ("1.1", "1.2.a", "1.2.b", "1.2.c")}
    expected[f"{ANSWER}{rows['2.1']}"] = SOP_LEVELS
    assert lists == expected  # nothing on the checklist question row, nothing elsewhere
    choices = opd[layout.SHEET_CHOICES]
    assert [c.value for c in choices["A"] if c.value] == YES_NO


def test_identical_scales_share_one_list(tmp_path, mini):
    data = mini.model_dump()
    data["questions"] = list(data["questions"])
    sop = next(q for q in data["questions"] if q["code"] == "2.1")
    data["questions"].append({**sop, "code": "2.3"})
    data["questions"].append({**sop, "code": "2.4", "scale": [
        {"value": 0, "label": "Belum", "fraction": 0}, {"value": 1, "label": "Sudah",
                                                         "fraction": 1}]})
    methodology = Methodology.model_validate(data)
    path = tmp_path / "t.xlsx"
    write_template(methodology, "opd", path)
    wb = openpyxl.load_workbook(path)
    lists = validation_lists(wb)
    assert lists[f"{ANSWER}{row_of(wb, '2.1')}"] == SOP_LEVELS
    assert lists[f"{ANSWER}{row_of(wb, '2.3')}"] == SOP_LEVELS
    assert lists[f"{ANSWER}{row_of(wb, '2.4')}"] == ["0 – Belum", "1 – Sudah"]
    assert wb[layout.SHEET_CHOICES].max_column == 3


def test_only_answer_evidence_and_note_cells_are_unlocked(opd):
    ws = opd[layout.SHEET_QUESTIONS]
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    expected: set[str] = set()
    for code in row_codes(opd):
        r = row_of(opd, code)
        is_item = code.count(".") == 2
        if code != "1.2":
            expected.add(f"{ANSWER}{r}")
        if not is_item:
            expected.add(f"{EVIDENCE}{r}")
        expected.add(f"{NOTE}{r}")
    assert unlocked == expected
    assert ws["A5"].protection.locked
    assert ws["C5"].protection.locked


def test_every_sheet_protected_and_structure_locked(opd):
    for ws in opd.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password
        assert not ws.protection.formatColumns  # widening columns is allowed
        assert ws.protection.autoFilter
        assert ws.protection.sort
        assert ws.protection.deleteRows
        assert ws.protection.insertRows
    assert opd.security.lockStructure


def test_meta_sheet(mini, opd):
    ws = opd[layout.SHEET_META]
    meta = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert meta[layout.META_GENERATOR] == layout.GENERATOR
    assert meta[layout.META_METHODOLOGY] == "mini"
    assert meta[layout.META_VERSION] == "1"
    assert meta[layout.META_CATEGORY] == "opd"
    assert meta[layout.META_FINGERPRINT] == mini.fingerprint("opd")
    assert meta[layout.META_FINGERPRINT] != mini.fingerprint("desa")
    created = datetime.fromisoformat(meta[layout.META_CREATED])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=10)


def test_identity_sheet(opd):
    ws = opd[layout.SHEET_IDENTITY]
    first = layout.IDENTITY_FIRST_ROW
    labels = [ws.cell(first + k, 1).value for k in range(len(layout.IDENTITY_FIELDS))]
    assert labels == list(layout.IDENTITY_FIELDS)
    row = {label: first + k for k, label in enumerate(layout.IDENTITY_FIELDS)}
    kategori = ws.cell(row[layout.ID_CATEGORY], 2)
    assert kategori.value == "OPD [opd]"
    assert kategori.protection.locked
    for label in layout.IDENTITY_FIELDS:
        if label != layout.ID_CATEGORY:
            assert not ws.cell(row[label], 2).protection.locked, label
            assert ws.cell(row[label], 2).value is None
        assert ws.cell(row[label], 1).protection.locked
    date_cell = ws.cell(row[layout.ID_DATE], 2)
    assert date_cell.number_format == "DD/MM/YYYY"
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "date"
    assert str(dv.sqref) == date_cell.coordinate
    assert dv.showErrorMessage


def test_guide_sheet(opd):
    ws = opd[layout.SHEET_GUIDE]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    for needle in ("Mini", "KI Test", "2025", "OPD [opd]", "2 MB", ".xlsx", ".xlsm",
                   "bernilai 0", layout.CHECKLIST_HINT, "Indikator A", "60%", "40%",
                   "Informatif", "≥ 80,00 dan < 90,00", "< 40,00", "Presentasi"):
        assert needle in text, needle
    assert ws["A12"].alignment.wrap_text
    assert ws.column_dimensions["A"].width >= 60


def test_unknown_category_is_a_value_error(mini, tmp_path):
    with pytest.raises(ValueError, match="kota"):
        write_template(mini, "kota", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="opd, desa"):
        template_filename(mini, "kota")
    with pytest.raises(ValueError, match="kota"):
        write_filled(mini, "kota", tmp_path / "x.xlsx", badan_publik="X", answers={})
    assert not (tmp_path / "x.xlsx").exists()


def test_writes_to_a_binary_stream(mini):
    buffer = io.BytesIO()
    write_template(mini, "opd", buffer)
    assert buffer.getvalue()[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == SHEETS


# -- what the reader sees (python-calamine) -----------------------------------------------

def test_calamine_view(opd_path, mini):
    book = CalamineWorkbook.from_path(str(opd_path))
    assert book.sheet_names == SHEETS  # hidden sheets are listed and readable
    visible = {m.name: m.visible for m in book.sheets_metadata}
    assert visible[layout.SHEET_META] == SheetVisibleEnum.Hidden
    assert visible[layout.SHEET_CHOICES] == SheetVisibleEnum.Hidden
    assert visible[layout.SHEET_QUESTIONS] == SheetVisibleEnum.Visible

    rows = book.get_sheet_by_name(layout.SHEET_QUESTIONS).to_python(skip_empty_area=False)
    assert rows[layout.HEADER_ROW - 1] == list(layout.QUESTION_COLUMNS)
    assert rows[layout.HEADER_ROW - 1][4] == layout.COL_ANSWER
    assert rows[2] == [""] * len(layout.QUESTION_COLUMNS)  # blank row 3: empty strings
    first = rows[layout.HEADER_ROW]
    assert first[:5] == ["1.1", "Indikator A", "Ada DIP?", "", ""]  # blank answer is ''
    assert first[8] == 2.0  # numbers come back as float
    assert [r[0] for r in rows[layout.HEADER_ROW:]] == ["1.1", "1.2", "1.2.a", "1.2.b",
                                                       "1.2.c", "2.1"]

    meta = book.get_sheet_by_name(layout.SHEET_META).to_python()
    assert [layout.META_FINGERPRINT, mini.fingerprint("opd")] in meta
    choices = book.get_sheet_by_name(layout.SHEET_CHOICES).to_python()
    assert choices[2] == ["", "2 – Ditetapkan"]


# -- write_filled ----------------------------------------------------------------------------

def test_write_filled_types_values_into_the_right_cells(mini, tmp_path):
    path = tmp_path / "isi.xlsx"
    write_filled(
        mini, "opd", path, badan_publik="Dinas Kominfo",
        answers={"1.1": "Ya", "1.2": {"a", "c"}, "2.1": 2},
        evidence={"1.1": "https://ppid.example.go.id/dip", "1.2": "https://x/anggaran"},
        notes={"1.2.b": "masih disusun"},
        identity={layout.ID_PPID: "Budi", layout.ID_DATE: "2025-05-12"})
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    cell = {code: row_of(wb, code) for code in row_codes(wb)}
    assert ws[f"{ANSWER}{cell['1.1']}"].value == "Ya"
    assert ws[f"{EVIDENCE}{cell['1.1']}"].value == "https://ppid.example.go.id/dip"
    assert ws[f"{ANSWER}{cell['1.2']}"].value == layout.CHECKLIST_HINT
    assert ws[f"{EVIDENCE}{cell['1.2']}"].value == "https://x/anggaran"
    assert [ws[f"{ANSWER}{cell[c]}"].value for c in ("1.2.a", "1.2.b", "1.2.c")] == [
        "Ya", "Tidak", "Ya"]
    assert ws[f"{NOTE}{cell['1.2.b']}"].value == "masih disusun"
    assert ws[f"{ANSWER}{cell['2.1']}"].value == "2 – Ditetapkan"
    ident = wb[layout.SHEET_IDENTITY]
    first = layout.IDENTITY_FIRST_ROW
    values = {ident.cell(r, 1).value: ident.cell(r, 2).value
              for r in range(first, first + len(layout.IDENTITY_FIELDS))}
    assert values[layout.ID_NAME] == "Dinas Kominfo"
    assert values[layout.ID_CATEGORY] == "OPD [opd]"
    assert values[layout.ID_PPID] == "Budi"
    assert values[layout.ID_DATE].date() == date(2025, 5, 12)  # a real date cell
    assert wb[layout.SHEET_META]["B5"].value == mini.fingerprint("opd")

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        layout.SHEET_IDENTITY).to_python()
    assert [layout.ID_DATE, date(2025, 5, 12)] in rows


def test_write_filled_value_forms(mini, tmp_path):
    path = tmp_path / "isi.xlsx"
    write_filled(mini, "opd", path, badan_publik="X",
                 answers={"1.1": True, "1.2": {"b": "ya", "c": False}, "2.1": "Mungkin"},
                 identity={layout.ID_CATEGORY: "Desa [desa]", layout.ID_DATE: date(2025, 1, 2),
                           layout.ID_CONTACT: "ppid@example.go.id"})
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    answers = {code: ws[f"{ANSWER}{row_of(wb, code)}"].value for code in row_codes(wb)}
    assert answers == {"1.1": "Ya", "1.2": layout.CHECKLIST_HINT, "1.2.a": None,
                       "1.2.b": "ya", "1.2.c": "Tidak", "2.1": "Mungkin"}
    assert wb[layout.SHEET_IDENTITY]["B4"].value == "Desa [desa]"  # override, as typed

    write_filled(mini, "opd", path, badan_publik="X",
                 answers={"1.1": "Tidak", "1.2": set(), "2.1": 7, "1.2.a": "Ya"})
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    answers = {code: ws[f"{ANSWER}{row_of(wb, code)}"].value for code in row_codes(wb)}
    assert answers == {"1.1": "Tidak", "1.2": layout.CHECKLIST_HINT, "1.2.a": "Ya",
                       "1.2.b": "Tidak", "1.2.c": "Tidak", "2.1": 7}


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"answers": {"9.9": "Ya"}}, "9.9"),
    ({"answers": {"2.2": "Ya"}}, "2.2"),  # desa-only question in an opd template
    ({"answers": {"1.2": {"z"}}}, "z"),
    ({"answers": {"1.2": "Ya"}}, "1.2"),
    ({"answers": {"2.1": True}}, "2.1"),
    ({"answers": {"1.1": object()}}, "1.1"),
    ({"answers": {}, "evidence": {"1.2.a": "https://x"}}, "1.2.a"),
    ({"answers": {}, "identity": {"Alamat": "Jl. Merdeka"}}, "Alamat"),
    ({"answers": {}, "identity": {layout.ID_NAME: "Y"}}, "badan_publik"),
])
def test_write_filled_rejects_what_cannot_be_typed(mini, tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        write_filled(mini, "opd", tmp_path / "x.xlsx", badan_publik="X", **kwargs)
    assert not (tmp_path / "x.xlsx").exists()


def test_filled_values_do_not_leak_into_later_workbooks(mini, tmp_path):
    write_filled(mini, "opd", tmp_path / "a.xlsx", badan_publik="A",
                 answers={"1.1": "Ya", "1.2": {"a"}, "2.1": 1}, evidence={"1.1": "https://a"},
                 notes={"2.1": "catatan"}, identity={layout.ID_DATE: "2025-01-01"})
    with pytest.raises(FileNotFoundError):
        write_filled(mini, "opd", tmp_path / "missing" / "b.xlsx", badan_publik="B",
                     answers={"1.1": "Tidak"})
    write_template(mini, "opd", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb[layout.SHEET_QUESTIONS]
    typed = [c.value for col in (ANSWER, EVIDENCE, NOTE) for c in ws[col][FIRST - 1:]]
    assert set(typed) == {None, layout.CHECKLIST_HINT}
    ident = wb[layout.SHEET_IDENTITY]
    assert [ident.cell(r, 2).value for r in range(3, 9)] == [
        None, "OPD [opd]", None, None, None, None]
    assert ident["B8"].number_format == "DD/MM/YYYY"


# -- shipped presets ---------------------------------------------------------------------------

@pytest.mark.parametrize("preset_id", ["klasik-2021", "nasional-2025"])
def test_presets(preset_id, tmp_path):
    from questionnaires.loader import presets

    try:
        methodology = presets().get(preset_id)
    except Exception as exc:  # the presets are being written concurrently
        pytest.skip(f"presets not loadable yet: {exc}")
    if methodology is None:
        pytest.skip(f"preset {preset_id} not present yet")
    for category in methodology.categories:
        path = tmp_path / template_filename(methodology, category.code)
        write_template(methodology, category.code, path)
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == SHEETS
        questions = methodology.questions_for(category.code)
        expected = []
        for q in questions:
            expected.append(q.code)
            expected += [layout.item_row_code(q.code, i.code) for i in q.items]
        assert row_codes(wb) == expected
        lists = validation_lists(wb)
        for q in questions:
            r = row_of(wb, q.code)
            if q.type is AnswerType.CHECKLIST:
                assert f"{ANSWER}{r}" not in lists
                for k in range(1, len(q.items) + 1):
                    assert lists[f"{ANSWER}{r + k}"] == YES_NO
            elif q.type is AnswerType.SCALE:
                assert lists[f"{ANSWER}{r}"] == [layout.scale_choice(lv.value, lv.label)
                                            for lv in q.scale] + nil_choice(q)
            else:
                assert lists[f"{ANSWER}{r}"] == YES_NO + nil_choice(q)
        meta = {r[0]: r[1] for r in wb[layout.SHEET_META].iter_rows(values_only=True)}
        assert meta[layout.META_FINGERPRINT] == methodology.fingerprint(category.code)
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
            layout.SHEET_QUESTIONS).to_python(skip_empty_area=False)
        assert rows[layout.HEADER_ROW - 1] == list(layout.QUESTION_COLUMNS)
