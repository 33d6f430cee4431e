"""The fillable questionnaire workbook (*templat kuesioner penilaian mandiri*).

:func:`write_template` writes, for one methodology and one category, the .xlsx workbook a
PPID fills in: a ``Petunjuk`` sheet (how to fill, indicators and weights, predicate bands),
an ``Identitas`` sheet, the ``Kuesioner`` sheet (one row per question, one extra row per
checklist item, answers picked from dropdowns) and two hidden sheets: ``_meta`` (which
methodology, version, category and question-set fingerprint the workbook belongs to) and
``_pilihan`` (the lists behind the dropdowns). Sheet names, header labels, identity labels
and meta keys all come from :mod:`questionnaires.layout`, which the reader shares.

Every sheet is protected without a password: a guard against accidental edits of codes and
questions, not security. Only answer, evidence and note cells (and the identity values)
are unlocked. Data validation is a convenience for people: values pasted or typed by other
tools are not checked by Excel, so the reader validates every answer again.

:func:`write_filled` writes the same workbook with the identity and answers typed in, as a
PPID would, for tests and benchmarks.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from questionnaires import answer_types, layout
from questionnaires.answer_types import CellCheck, Dropdown, typed_cell, yes_no_dropdown
from questionnaires.errors import problem
from questionnaires.lru import LRU
from questionnaires.model import (
    Category,
    ChecklistItem,
    EvidencePolicy,
    Methodology,
    Question,
    StageKind,
)
from questionnaires.submission import NIL, NIL_LABEL

__all__ = [
    "DATE_FORMAT",
    "template_filename",
    "write_filled",
    "write_template",
]

DATE_FORMAT = "DD/MM/YYYY"

_EMPTY: Mapping[str, str] = MappingProxyType({})
# Items of a checklist are answered Ya/Tidak on their own rows; every template has this list.
_ITEM_DROPDOWN = yes_no_dropdown()
_ITEM_CHOICES = " / ".join(_ITEM_DROPDOWN.options)

# Kuesioner column letters, from the shared order (A = Kode … I = Poin Maksimal).
_COL = {label: get_column_letter(i) for i, label in enumerate(layout.QUESTION_COLUMNS, 1)}
_COL_WIDTHS = {
    layout.COL_CODE: 10, layout.COL_INDICATOR: 22, layout.COL_QUESTION: 60,
    layout.COL_GUIDANCE: 45, layout.COL_ANSWER: 24, layout.COL_EVIDENCE: 40,
    layout.COL_NOTE: 28, layout.COL_CHOICES: 26, layout.COL_POINTS: 10,
}
_ANSWER_COLUMN = layout.QUESTION_COLUMNS.index(layout.COL_ANSWER) + 1
_EVIDENCE_COLUMN = layout.QUESTION_COLUMNS.index(layout.COL_EVIDENCE) + 1
_NOTE_COLUMN = layout.QUESTION_COLUMNS.index(layout.COL_NOTE) + 1

_DATE_MIN = date(2008, 1, 1)  # UU 14/2008
_DATE_MAX = date(2100, 12, 31)


# -- styles ------------------------------------------------------------------------------
# Named styles: defined once per workbook and assigned by name, which is cheap per cell
# (and shows up in Excel's style gallery as "monev …").

_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


_S_TITLE = "monev Judul"
_S_SUBTITLE = "monev Subjudul"
_S_HEADING = "monev Bagian"
_S_HEADER = "monev Kepala Kolom"
_S_TEXT = "monev Teks"
_S_TEXT_ALT = "monev Teks Selang"
_S_NUMBER = "monev Angka"
_S_NUMBER_ALT = "monev Angka Selang"
_S_INPUT = "monev Isian"
_S_INPUT_DATE = "monev Isian Tanggal"
_S_GREY = "monev Terkunci"
_S_PLAIN = "monev Paragraf"

_STYLE_SPECS: dict[str, dict[str, object]] = {
    _S_TITLE: {"font": Font(bold=True, size=14, color="1F3864")},
    _S_SUBTITLE: {"font": Font(bold=True, size=11, color="1F3864")},
    _S_HEADING: {"font": Font(bold=True, size=12, color="1F3864"),
                 "alignment": Alignment(vertical="bottom")},
    _S_HEADER: {"font": Font(bold=True, color="FFFFFF"), "fill": _fill("1F3864"),
                "alignment": Alignment(wrap_text=True, vertical="center", horizontal="center"),
                "border": _BOX},
    _S_TEXT: {"alignment": _WRAP_TOP, "border": _BOX},
    _S_TEXT_ALT: {"alignment": _WRAP_TOP, "border": _BOX, "fill": _fill("EEF3FA")},
    _S_NUMBER: {"alignment": Alignment(vertical="top", horizontal="center"), "border": _BOX},
    _S_NUMBER_ALT: {"alignment": Alignment(vertical="top", horizontal="center"),
                    "border": _BOX, "fill": _fill("EEF3FA")},
    _S_INPUT: {"alignment": _WRAP_TOP, "border": _BOX, "fill": _fill("FFF8DC"),
               "protection": _UNLOCKED},
    _S_INPUT_DATE: {"alignment": Alignment(vertical="top", horizontal="left"), "border": _BOX,
                    "fill": _fill("FFF8DC"), "protection": _UNLOCKED,
                    "number_format": DATE_FORMAT},
    _S_GREY: {"alignment": _WRAP_TOP, "border": _BOX, "fill": _fill("D9D9D9"),
              "font": Font(italic=True, color="595959")},
    _S_PLAIN: {"alignment": _WRAP_TOP},
}


def _add_styles(wb: Workbook) -> None:
    for name, spec in _STYLE_SPECS.items():
        style = NamedStyle(name=name)
        for attr, value in spec.items():
            setattr(style, attr, value)
        if "protection" not in spec:
            style.protection = _LOCKED
        wb.add_named_style(style)


def _put(ws: Worksheet, row: int, column: int, value: object, style: str) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.style = style


# -- what goes where ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the Kuesioner sheet: a question, or one item of a checklist question."""

    code: str
    question: Question
    item: ChecklistItem | None = None

    @property
    def answerable(self) -> bool:
        """Whether the row's Jawaban cell is filled in (a question answered item by item
        shows a hint there instead)."""
        return self.item is not None or not _items(self.question)

    @property
    def dropdown(self) -> Dropdown | None:
        if self.item is not None:
            return _ITEM_DROPDOWN
        return answer_types.get(self.question.type).dropdown(self.question)


def _category(methodology: Methodology, category: str) -> Category:
    found = methodology.category(category)
    if found is None:
        known = ", ".join(c.code for c in methodology.categories)
        raise ValueError(str(problem("D306", value=category, methodology=methodology.id,
                                     known=known)))
    return found


def _items(question: Question) -> tuple[ChecklistItem, ...]:
    """The items `question` is answered by, one row each (checklists; else none)."""
    return answer_types.get(question.type).items(question)


def _rows(questions: tuple[Question, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for q in questions:
        rows.append(_Row(q.code, q))
        rows.extend(_Row(layout.item_row_code(q.code, i.code), q, i) for i in _items(q))
    return rows


def row_texts(m: Methodology, rows: list[_Row]) -> dict[str, dict[str, object]]:
    """Row code → column label → what the template writes there (the methodology's own
    text: code, indicator, question, guidance, choices, points; the hint in the answer cell
    of a checklist question). The reader compares filled files with it (W405)."""
    indicator_name = {i.code: i.name for i in m.indicators}
    out: dict[str, dict[str, object]] = {}
    for spec in rows:
        q = spec.question
        if spec.item is not None:
            out[spec.code] = {layout.COL_CODE: spec.code,
                              layout.COL_QUESTION: f"    {spec.item.code}. {spec.item.label}",
                              layout.COL_CHOICES: _ITEM_CHOICES}
            continue
        guidance = q.guidance
        if q.legal_basis:
            guidance = f"{guidance}\nDasar hukum: {q.legal_basis}".strip()
        choices = answer_types.get(q.type).choices_text(q)
        if q.allow_na:
            choices = (f"{choices}\n(pilih {NIL_LABEL} bila tidak ada kejadian dalam "
                       "periode penilaian; pertanyaan ini tidak dihitung)")
        note = _evidence_note(q.evidence)
        if note:
            choices = f"{choices}\n({note})"
        row: dict[str, object] = {
            layout.COL_CODE: q.code,
            layout.COL_INDICATOR: indicator_name.get(q.indicator, q.indicator) or None,
            layout.COL_QUESTION: q.text or None, layout.COL_GUIDANCE: guidance or None,
            layout.COL_CHOICES: choices, layout.COL_POINTS: _number(q.points)}
        if _items(q):
            row[layout.COL_ANSWER] = layout.CHECKLIST_HINT
        out[spec.code] = row
    return out


def category_row_texts(m: Methodology, category: str) -> dict[str, dict[str, object]]:
    """:func:`row_texts` of the Kuesioner rows of one category."""
    return row_texts(m, _rows(m.questions_for(category)))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _id_decimal(value: Decimal, places: int = 2) -> str:
    """``Decimal('89.9')`` → ``'89,90'`` (Indonesian decimal comma)."""
    return f"{value:.{places}f}".replace(".", ",")


def _percent(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}%"


# -- sheets ------------------------------------------------------------------------------

def _evidence_note(policy: EvidencePolicy) -> str:
    if policy is EvidencePolicy.NONE:
        return "Data dukung tidak diminta"
    if policy is EvidencePolicy.FLAG:
        return "Data dukung dianjurkan"
    return ""


def _write_guide(ws: Worksheet, m: Methodology, cat: Category,
                 questions: tuple[Question, ...], owner: _Owner) -> None:
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 14
    row = 1

    def line(text: str, style: str = _S_PLAIN) -> None:
        nonlocal row
        _put(ws, row, 1, text, style)
        row += 1

    line("Kuesioner Penilaian Mandiri (Self-Assessment Questionnaire/SAQ)", _S_TITLE)
    line("Monitoring dan Evaluasi Keterbukaan Informasi Publik", _S_SUBTITLE)
    row += 1
    line(f"Metodologi: {m.title} (versi {m.version})")
    line(f"Komisi Informasi: {owner.ki}")
    line(f"Tahun: {owner.year}")
    line(f"Kategori badan publik: {cat.name} [{cat.code}]")
    items = sum(len(_items(q)) for q in questions)
    count = f"Jumlah pertanyaan: {len(questions)}"
    line(count + (f"; butir kelengkapan: {items}" if items else ""))
    row += 1

    policies = {q.evidence for q in questions}
    evidence = (
        f"Untuk setiap jawaban {layout.YES} (atau tingkat di atas 0), cantumkan tautan data "
        f"dukung di kolom {layout.COL_EVIDENCE} ({_COL[layout.COL_EVIDENCE]}). Data dukung "
        "adalah tautan publik ke dokumen di situs web PPID atau di penyimpanan bersama "
        "(mis. Google Drive) yang dapat dibuka tanpa login; dokumen berupa PDF paling besar "
        "2 MB per berkas, sesuai praktik e-monev KI Pusat.")
    if EvidencePolicy.REQUIRED in policies:
        evidence += " Jawaban tanpa data dukung tidak mendapat nilai"
        exceptions = [_evidence_note(p).lower() for p in
                      (EvidencePolicy.FLAG, EvidencePolicy.NONE) if p in policies]
        if exceptions:
            evidence += (", kecuali pertanyaan yang di kolom "
                         f"{layout.COL_CHOICES} bertanda " + " atau ".join(
                             f"'{e}'" for e in exceptions))
        evidence += "."
    elif EvidencePolicy.FLAG in policies:
        evidence += " Jawaban tanpa data dukung ditandai untuk diperiksa verifikator."
    steps = [
        f"Isi lembar {layout.SHEET_IDENTITY}: {layout.ID_NAME.lower()}, nama dan jabatan PPID, "
        f"kontak, serta tanggal pengisian. {layout.ID_CATEGORY} sudah terisi sesuai templat "
        "ini; jangan diubah. Jika kategori tidak sesuai, minta templat kategori yang benar.",
        f"Di lembar {layout.SHEET_QUESTIONS}, isi kolom {layout.COL_ANSWER} "
        f"({_COL[layout.COL_ANSWER]}) pada setiap baris dengan memilih dari daftar pilihan "
        f"(dropdown): satu jawaban per baris. Pilihan yang sah tertulis di kolom "
        f"{layout.COL_CHOICES}.",
        f"Sel {layout.COL_ANSWER} yang dibiarkan kosong dianggap belum dijawab dan bernilai 0.",
        evidence,
        f"Pertanyaan kelengkapan (checklist): sel {layout.COL_ANSWER} pada baris pertanyaan "
        f"dikunci dan bertuliskan “{layout.CHECKLIST_HINT}”. Jawab {layout.YES} atau "
        f"{layout.NO} pada setiap baris butir di bawahnya (kode seperti "
        f"{layout.item_row_code('1.2', 'a')}); tautan data dukung diisi pada baris "
        "pertanyaan.",
        *_type_steps(questions),
        f"Kolom {layout.COL_NOTE} ({_COL[layout.COL_NOTE]}) boleh diisi catatan.",
        f"Jangan mengubah kolom {layout.COL_CODE}, jangan mengganti nama lembar, dan jangan "
        "menghapus atau menyisipkan baris. Lembar dilindungi tanpa kata sandi hanya untuk "
        "mencegah perubahan tidak sengaja; sel yang dapat diisi berwarna kuning muda.",
        "Simpan sebagai Buku Kerja Excel (.xlsx), bukan .xlsm atau format lain, lalu kirim "
        "atau unggah berkasnya. Nama berkas boleh diganti.",
    ]
    line("Cara mengisi", _S_HEADING)
    for number, text in enumerate(steps, 1):
        line(f"{number}. {text}")
    row += 1

    line("Indikator dan bobot", _S_HEADING)
    for label, column in zip(("Tahapan / Indikator", "Bobot", "Pertanyaan", "Poin Maksimal"),
                             range(1, 5), strict=True):
        _put(ws, row, column, label, _S_HEADER)
    row += 1
    for stage in m.stages:
        text = f"Tahapan: {stage.name}"
        if stage.kind is StageKind.PANEL:
            text += " (dinilai panel/juri, tidak diisi di kuesioner ini)"
        elif stage.kind is StageKind.MONITORING:
            text += " (dinilai dari pemantauan situs badan publik, tidak diisi di kuesioner ini)"
        if stage.gates:
            rules = [g.rule(s.name if (s := m.stage_by_code.get(g.stage)) else g.stage)
                     for g in stage.gates]
            text += "; syarat mengikuti: " + " dan ".join(rules)
        _put(ws, row, 1, text, _S_TEXT_ALT)
        _put(ws, row, 2, _percent(stage.weight), _S_NUMBER_ALT)
        _put(ws, row, 3, None, _S_NUMBER_ALT)
        _put(ws, row, 4, None, _S_NUMBER_ALT)
        row += 1
        for ind in m.indicators_of(stage.code):
            asked = [q for q in questions if q.indicator == ind.code]
            _put(ws, row, 1, f"    {ind.name}", _S_TEXT)
            _put(ws, row, 2, _percent(ind.weight_for(cat.code)), _S_NUMBER)
            if stage.kind is StageKind.QUESTIONNAIRE:
                _put(ws, row, 3, len(asked), _S_NUMBER)
                _put(ws, row, 4, _number(sum((q.points for q in asked), Decimal(0))),
                     _S_NUMBER)
            else:
                _put(ws, row, 3, None, _S_NUMBER)
                _put(ws, row, 4, None, _S_NUMBER)
            row += 1
    row += 1

    line("Predikat", _S_HEADING)
    _put(ws, row, 1, "Predikat", _S_HEADER)
    _put(ws, row, 2, "Nilai Akhir", _S_HEADER)
    row += 1
    upper: Decimal | None = None
    for band in m.bands:  # high to low
        low = _id_decimal(band.lower)
        if upper is None:
            text = f"≥ {low}" if band.lower > 0 else "0,00 – 100,00"
        elif band.lower > 0:
            text = f"≥ {low} dan < {_id_decimal(upper)}"
        else:
            text = f"< {_id_decimal(upper)}"
        cell = ws.cell(row=row, column=1, value=band.label)
        cell.style = _S_TEXT
        cell.fill = _fill(band.colour[1:].upper())
        cell.font = Font(bold=True, color=_contrast(band.colour))
        _put(ws, row, 2, text, _S_TEXT)
        upper = band.lower
        row += 1
    decimals = m.rounding.decimals
    line(f"Nilai dibulatkan ke {decimals} desimal (setengah ke atas) sebelum predikat "
         "ditentukan.")

    ws.sheet_view.showGridLines = False
    _print_setup(ws, landscape=False)


def _type_steps(questions: tuple[Question, ...]) -> list[str]:
    """The answer types' own steps of *Cara mengisi* (number, text …), for the types the
    questionnaire asks, in registration order."""
    steps = []
    for spec in answer_types.all():
        of_type = [q for q in questions if str(q.type) == spec.name]
        if of_type and (text := spec.guide(of_type)):
            steps.append(text)
    return steps


def _contrast(colour: str) -> str:
    """Black or white text, whichever reads better on background `colour` (#RRGGBB)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF"


def _write_identity(ws: Worksheet, cat: Category) -> dict[str, int]:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 55
    _put(ws, 1, 1, "Identitas Badan Publik", _S_TITLE)
    _put(ws, 2, 1, "Isi kolom B. Kategori sudah terisi sesuai templat; jangan diubah.",
         _S_PLAIN)
    rows: dict[str, int] = {}
    for offset, label in enumerate(layout.IDENTITY_FIELDS):
        row = layout.IDENTITY_FIRST_ROW + offset
        rows[label] = row
        _put(ws, row, 1, label, _S_TEXT_ALT)
        if label == layout.ID_CATEGORY:
            _put(ws, row, 2, f"{cat.name} [{cat.code}]", _S_GREY)
        elif label == layout.ID_DATE:
            _put(ws, row, 2, None, _S_INPUT_DATE)
        else:
            _put(ws, row, 2, None, _S_INPUT)
    _select(ws, f"B{rows[layout.ID_NAME]}")
    date_cell = f"B{rows[layout.ID_DATE]}"
    dv = DataValidation(
        type="date", operator="between", allow_blank=True,
        formula1=str(int(to_excel(_DATE_MIN))), formula2=str(int(to_excel(_DATE_MAX))),
        showErrorMessage=True, errorTitle="Tanggal tidak sah",
        error="Isi tanggal pengisian sebagai tanggal, misalnya 15/05/2025.",
        showInputMessage=True, promptTitle=layout.ID_DATE, prompt="Format: DD/MM/YYYY")
    dv.add(date_cell)
    ws.add_data_validation(dv)
    ws.sheet_view.showGridLines = False
    _print_setup(ws, landscape=False)
    return rows


def _write_choices(wb: Workbook, ws: Worksheet, lists: list[Dropdown]) -> list[str]:
    """One column per dropdown list, each behind a workbook-level defined name."""
    names: list[str] = []
    for column, dropdown in enumerate(lists, 1):
        values = dropdown.options
        letter = get_column_letter(column)
        for row, value in enumerate(values, 1):
            ws.cell(row=row, column=column, value=value)
        ws.column_dimensions[letter].width = max(12, *(len(v) + 2 for v in values))
        name = (f"pilihan_{dropdown.stem}_{column}" if dropdown.numbered
                else f"pilihan_{dropdown.stem}")
        ref = f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${len(values)}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        names.append(name)
    return names


def _write_questions(ws: Worksheet, m: Methodology, cat: Category,
                     rows: list[_Row], owner: _Owner) -> dict[str, int]:
    _put(ws, 1, 1, f"Kuesioner Penilaian Mandiri — {m.title}", _S_TITLE)
    _put(ws, 2, 1, f"{owner.ki} · {owner.year} · Kategori: {cat.name} [{cat.code}] · versi "
         f"{m.version}", _S_SUBTITLE)
    for column, label in enumerate(layout.QUESTION_COLUMNS, 1):
        _put(ws, layout.HEADER_ROW, column, label, _S_HEADER)
        ws.column_dimensions[get_column_letter(column)].width = _COL_WIDTHS[label]

    row_of: dict[str, int] = {}
    group = -1
    last_indicator = None
    r = layout.HEADER_ROW
    texts = row_texts(m, rows)
    for spec in rows:
        r += 1
        row_of[spec.code] = r
        q = spec.question
        if spec.item is None and q.indicator != last_indicator:
            group += 1
            last_indicator = q.indicator
        text_style = _S_TEXT_ALT if group % 2 else _S_TEXT
        number_style = _S_NUMBER_ALT if group % 2 else _S_NUMBER
        row = texts[spec.code]
        for column, label in enumerate(layout.QUESTION_COLUMNS, 1):
            if label == layout.COL_ANSWER:
                style = _S_GREY if row.get(label) else _S_INPUT
            elif label == layout.COL_EVIDENCE:
                style = _S_INPUT if spec.item is None else _S_GREY
            elif label == layout.COL_NOTE:
                style = _S_INPUT
            else:
                style = number_style if label == layout.COL_POINTS else text_style
            _put(ws, r, column, row.get(label), style)

    ws.freeze_panes = f"A{layout.HEADER_ROW + 1}"
    first_answer = next((row_of[spec.code] for spec in rows if spec.answerable), None)
    if first_answer is not None:  # the cursor starts on the first answer cell
        _select(ws, f"{_COL[layout.COL_ANSWER]}{first_answer}")
    ws.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    last = get_column_letter(len(layout.QUESTION_COLUMNS))
    ws.print_area = f"A1:{last}{max(r, layout.HEADER_ROW)}"
    _print_setup(ws, landscape=True)
    return row_of


def _add_answer_validations(ws: Worksheet, rows: list[_Row], row_of: dict[str, int],
                            lists: list[Dropdown], names: list[str]) -> None:
    index_of = _list_index(lists)
    cells: dict[int, list[int]] = {}
    for spec in rows:
        dropdown = spec.dropdown if spec.answerable else None
        if dropdown is not None:  # None: typed freely
            cells.setdefault(index_of[dropdown.options], []).append(row_of[spec.code])
    for index, numbers in cells.items():
        dv = DataValidation(type="list", formula1=names[index], allow_blank=True,
                            showErrorMessage=True, errorStyle="stop",
                            errorTitle="Jawaban tidak sah", error=lists[index].error)
        dv.sqref = MultiCellRange(_ranges(_COL[layout.COL_ANSWER], numbers))
        ws.add_data_validation(dv)
    checked: dict[CellCheck, list[int]] = {}
    for spec in rows:  # typed freely: the answer type's check and help, if any
        if spec.answerable and spec.dropdown is None:
            check = answer_types.get(spec.question.type).cell_check(spec.question)
            if check is not None:
                checked.setdefault(check, []).append(row_of[spec.code])
    for check, numbers in checked.items():
        dv = _cell_validation(check)
        dv.sqref = MultiCellRange(_ranges(_COL[layout.COL_ANSWER], numbers))
        ws.add_data_validation(dv)
        if check.as_text:  # kept as typed: "90%" stays text, not Excel's 0,9
            for number in numbers:
                ws.cell(row=number, column=_ANSWER_COLUMN).number_format = "@"


# Excel's limits on the texts of a data validation.
_TITLE_MAX, _MESSAGE_MAX = 32, 255
_NO_BOUND = ("-9.99E+307", "9.99E+307")  # a number check without a bound


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _cell_validation(check: CellCheck) -> DataValidation:
    """The Excel data validation of a :class:`CellCheck`: a number between its bounds, or
    any value (only the prompt)."""
    help_ = {"showInputMessage": True, "promptTitle": _cut(check.title, _TITLE_MAX),
             "prompt": _cut(check.prompt, _MESSAGE_MAX)}
    if check.kind == "any":
        return DataValidation(allow_blank=True, **help_)
    low = _NO_BOUND[0] if check.minimum is None else str(check.minimum)
    high = _NO_BOUND[1] if check.maximum is None else str(check.maximum)
    return DataValidation(type=check.kind, operator="between", formula1=low, formula2=high,
                          allow_blank=True, showErrorMessage=True, errorStyle="stop",
                          errorTitle="Jawaban tidak sah",
                          error=_cut(check.error, _MESSAGE_MAX), **help_)


def _list_index(lists: list[Dropdown]) -> dict[tuple[str, ...], int]:
    """Options → index of the first list with them (lists are shared by their options)."""
    index_of: dict[tuple[str, ...], int] = {}
    for index, dropdown in enumerate(lists):
        index_of.setdefault(dropdown.options, index)
    return index_of


def _ranges(letter: str, numbers: list[int]) -> str:
    """``E5 E7:E9`` for rows 5, 7, 8, 9 (ascending) of column `letter`."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
        if n is not None:
            start = prev = n
    return " ".join(parts)


def _write_meta(ws: Worksheet, m: Methodology, category: str) -> int:
    """Write the metadata; returns the row of META_CREATED (stamped at every save)."""
    entries = (
        (layout.META_GENERATOR, layout.GENERATOR),
        (layout.META_METHODOLOGY, m.id),
        (layout.META_VERSION, m.version),
        (layout.META_CATEGORY, category),
        (layout.META_FINGERPRINT, m.fingerprint(category)),
        (layout.META_CREATED, None),
    )
    for row, (key, value) in enumerate(entries, 1):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 34
    return len(entries)


def _select(ws: Worksheet, ref: str) -> None:
    selection = ws.sheet_view.selection[-1]
    selection.activeCell = ref
    selection.sqref = ref


def _print_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True  # no password: a guard against accidents
    ws.protection.formatColumns = False  # people may widen columns …
    ws.protection.formatRows = False  # … and make rows taller


@dataclass(frozen=True, slots=True)
class _Built:
    """A built template, kept blank between saves (see :func:`_save`)."""

    wb: Workbook
    rows: dict[str, _Row]  # by row code
    row_of: dict[str, int]  # Kuesioner row by row code
    identity_row: dict[str, int]  # Identitas row by label
    created_row: int  # _meta row of META_CREATED
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True, slots=True)
class _Owner:
    """Whose questionnaire it is, as its Petunjuk and Kuesioner sheets say: the KI running
    the cycle and the cycle's year (by default the methodology's own)."""

    ki: str
    year: int

    @classmethod
    def of(cls, methodology: Methodology, ki: str | None, year: int | None) -> _Owner:
        return cls(ki or methodology.ki, year if year is not None else methodology.year)


def _build(methodology: Methodology, category: str, owner: _Owner) -> _Built:
    cat = _category(methodology, category)
    questions = methodology.questions_for(category)
    rows = _rows(questions)
    lists = [_ITEM_DROPDOWN]
    seen = {_ITEM_DROPDOWN.options}
    for spec in rows:
        dropdown = spec.dropdown if spec.answerable else None
        if dropdown is not None and dropdown.options not in seen:
            lists.append(dropdown)
            seen.add(dropdown.options)

    wb = Workbook()
    _add_styles(wb)
    wb.properties.title = f"Kuesioner {methodology.title} — {cat.name} — {owner.ki} {owner.year}"
    wb.properties.subject = "Kuesioner penilaian mandiri Monev KIP"
    wb.properties.creator = layout.GENERATOR
    wb.properties.lastModifiedBy = layout.GENERATOR

    guide = wb.active
    guide.title = layout.SHEET_GUIDE
    identity = wb.create_sheet(layout.SHEET_IDENTITY)
    sheet = wb.create_sheet(layout.SHEET_QUESTIONS)
    meta = wb.create_sheet(layout.SHEET_META)
    choices = wb.create_sheet(layout.SHEET_CHOICES)

    _write_guide(guide, methodology, cat, questions, owner)
    identity_row = _write_identity(identity, cat)
    row_of = _write_questions(sheet, methodology, cat, rows, owner)
    names = _write_choices(wb, choices, lists)
    _add_answer_validations(sheet, rows, row_of, lists, names)
    created_row = _write_meta(meta, methodology, category)
    meta.sheet_state = "hidden"
    choices.sheet_state = "hidden"
    for ws in wb.worksheets:
        _protect(ws)
    wb.security = WorkbookProtection(lockStructure=True)  # no renaming/deleting sheets
    wb.active = 0
    return _Built(wb, {spec.code: spec for spec in rows}, row_of, identity_row, created_row)


# Building a template costs about as much as saving it, and benchmarks write thousands of
# filled copies of one template: keep the last few built workbooks (blank) and, under the
# template's lock, type the values in, save, and blank them again.
_cache: LRU[tuple[int, str, _Owner], tuple[Methodology, _Built]] = LRU(8)


def _template(methodology: Methodology, category: str, owner: _Owner | None = None) -> _Built:
    owner = owner or _Owner.of(methodology, None, None)
    key = (id(methodology), category, owner)
    hit = _cache.get(key)
    if hit is not None and hit[0] is methodology:
        return hit[1]
    built = _build(methodology, category, owner)
    _cache.put(key, (methodology, built))  # keeps `methodology` alive: its id stays its own
    return built


_Write = tuple[str, int, int, object]  # sheet, row, column, value


def _save(built: _Built, target: str | Path | BinaryIO, writes: list[_Write]) -> None:
    """Save `built` with `writes` typed in, then restore the blank template."""
    with built.lock:
        typed: list[tuple[Cell, object, str]] = []
        try:
            for sheet, row, column, value in writes:
                cell = built.wb[sheet].cell(row=row, column=column)
                typed.append((cell, cell.value, cell.number_format))
                cell.value = value
            now = datetime.now(UTC)
            built.wb[layout.SHEET_META].cell(row=built.created_row, column=2,
                                             value=now.isoformat(timespec="seconds"))
            built.wb.properties.created = now.replace(tzinfo=None)  # openpyxl: naive = UTC
            built.wb.save(target)
        finally:
            for cell, value, number_format in reversed(typed):
                cell.value = value
                cell.number_format = number_format


# -- public API --------------------------------------------------------------------------

def template_filename(methodology: Methodology, category: str) -> str:
    """File name for the template, with the methodology's version so the templates of two
    versions never share a name: ``kuesioner-nasional-2025-v2026.1-opd.xlsx`` (a character
    a file name cannot hold becomes ``-``)."""
    _category(methodology, category)
    name = f"kuesioner-{methodology.id}-v{methodology.version}-{category}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name) + ".xlsx"


def write_template(methodology: Methodology, category: str,
                   target: str | Path | BinaryIO, *, ki: str | None = None,
                   year: int | None = None) -> None:
    """Write the empty, fillable questionnaire of `category` to a path or binary stream.

    `ki` and `year` name the Komisi Informasi and the year of the cycle it is for (a KI
    Kabupaten running the national instrument); by default the methodology's own. They
    are text for people only: the question set and its fingerprint stay the
    methodology's, so the reader accepts the workbook in any cycle of that methodology.
    Raises ValueError when the methodology has no such category.
    """
    _save(_template(methodology, category, _Owner.of(methodology, ki, year)), target, [])


def write_filled(
    methodology: Methodology,
    category: str,
    target: str | Path | BinaryIO,
    *,
    badan_publik: str,
    answers: Mapping[str, object],
    evidence: Mapping[str, str] = _EMPTY,
    identity: Mapping[str, str | date] = _EMPTY,
    notes: Mapping[str, str] = _EMPTY,
) -> None:
    """Write the template with identity and answers typed in, as a PPID would fill it.

    `answers` maps a question code to what is typed in its Jawaban cell:

    - ``yes_no``: ``"Ya"``/``"Tidak"`` (any other text is written as typed, to test the
      reader), ``True``/``False`` for Ya/Tidak, or a number as typed;
    - ``scale``: the dropdown text (``"2 – Ditetapkan"``) or any text as typed; an ``int``
      that is one of the levels becomes its dropdown text, other numbers are written as is;
    - ``checklist``: a set (or list/tuple) of item codes → ``Ya`` on those item rows and
      ``Tidak`` on the others; or a mapping item code → text/bool for each item row.
      An item row code (``"1.2.a"``) may also be used directly as a key.

    ``None`` leaves the cell blank. `evidence` and `notes` map question codes (notes also
    item row codes) to the Tautan Data Dukung and Keterangan cells. `identity` maps
    Identitas labels (``layout.ID_*``) to values and may override the prefilled Kategori;
    a date, or an ISO date text, for Tanggal Pengisian becomes a date cell.
    Raises ValueError for an unknown category, code, item, label or unusable value.
    """
    built = _template(methodology, category)
    if layout.ID_NAME in identity:
        raise ValueError(f"'{layout.ID_NAME}' diberikan lewat badan_publik, bukan identity")
    ident, sheet = layout.SHEET_IDENTITY, layout.SHEET_QUESTIONS
    writes: list[_Write] = [(ident, built.identity_row[layout.ID_NAME], 2, badan_publik)]
    for label, value in identity.items():
        row = built.identity_row.get(label)
        if row is None:
            raise ValueError(f"Label identitas tidak dikenal: {label!r}; gunakan salah satu "
                             f"dari {', '.join(layout.IDENTITY_FIELDS)}")
        writes.append((ident, row, 2, _as_date(value) if label == layout.ID_DATE else value))
    for code, value in answers.items():
        writes.extend((sheet, built.row_of[row_code], _ANSWER_COLUMN, typed)
                      for row_code, typed in _typed_answers(built, code, value))
    for code, link in evidence.items():
        spec = _spec(built, code)
        if spec.item is not None:
            raise ValueError(f"Data dukung butir {code!r} diisi pada baris pertanyaan "
                             f"{spec.question.code!r}")
        writes.append((sheet, built.row_of[code], _EVIDENCE_COLUMN, link or None))
    for code, text in notes.items():
        _spec(built, code)
        writes.append((sheet, built.row_of[code], _NOTE_COLUMN, text or None))
    _save(built, target, writes)


def _as_date(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value  # typed as text
    return value


def _spec(built: _Built, code: str) -> _Row:
    spec = built.rows.get(code)
    if spec is None:
        raise ValueError(f"Kode {code!r} tidak ada di kuesioner kategori ini")
    return spec


def _typed_answers(built: _Built, code: str, value: object) -> list[tuple[str, object]]:
    spec = _spec(built, code)
    q = spec.question
    if value == NIL and spec.item is None and q.allow_na:
        return [(code, NIL_LABEL)]
    if spec.item is not None:
        return [(code, typed_cell(value, code))]
    # The answer type says which cells: the question's own ("") or its item rows.
    return [(layout.item_row_code(code, part) if part else code, typed)
            for part, typed in answer_types.get(q.type).cells(q, value)]
