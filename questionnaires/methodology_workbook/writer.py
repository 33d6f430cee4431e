"""Write a methodology as the workbook a KI staff member edits in Excel.

Sheets (see :mod:`.columns` for every column): ``Petunjuk`` (what each sheet and column
holds, generated from the column tables), the forms ``Identitas`` and ``Sumber``, then one
table per sheet: ``Kategori``, ``Tahapan``, ``Gerbang``, ``Indikator`` (panel aspects are the
rows of panel stages), ``Pertanyaan``, ``Skala``, ``Butir``, ``Ambang``, ``Predikat``; and the
hidden ``_daftar`` holding the lists behind the dropdowns. Nothing is protected: the workbook is
meant to be edited, and the reader
(:func:`~questionnaires.methodology_workbook.read_methodology_workbook`) checks everything
again.

Every value is written so that it reads back equal (:class:`.columns.Number`: a number cell
only when it holds the Decimal exactly), so a methodology written and read back has the
same fingerprints.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from questionnaires.methodology_workbook.columns import (
    FORM_LABEL,
    FORM_VALUE,
    GUIDE_SHEET,
    LISTS_SHEET,
    PARENT,
    SHEETS,
    TABLE_BY_SHEET,
    Choice,
    Codec,
    CodeList,
    Form,
    Table,
    YesNo,
    children,
    required,
)
from questionnaires.model import Methodology

__all__ = ["methodology_workbook_bytes", "workbook_filename", "write_methodology_workbook"]

ROOM = 300  # rows below the data that keep the dropdowns, for rows a person adds
TEXT_FORMAT = "@"

_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="1F3864", end_color="1F3864")
_LABEL_FILL = PatternFill(fill_type="solid", start_color="EEF3FA", end_color="EEF3FA")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE = Font(bold=True, size=14, color="1F3864")
_HEADING = Font(bold=True, size=12, color="1F3864")


def workbook_filename(m: Methodology) -> str:
    """``metodologi-nasional-2025-v2025.1.xlsx``."""
    return f"metodologi-{m.id}-v{m.version}.xlsx".replace("/", "-").replace(" ", "-")


def write_methodology_workbook(m: Methodology, target: str | Path | BinaryIO) -> None:
    """Write `m` as the methodology workbook to `target` (a path or a binary file object).
    Raises OSError when the file cannot be written."""
    _build(m).save(target)


def methodology_workbook_bytes(m: Methodology) -> bytes:
    """:func:`write_methodology_workbook` into memory (a download)."""
    buffer = io.BytesIO()
    write_methodology_workbook(m, buffer)
    return buffer.getvalue()


# -- building --------------------------------------------------------------------------------

class _Lists:
    """The hidden sheet of dropdown lists: one column per distinct list, each behind a
    workbook-level name (``daftar_1``…)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws = wb.create_sheet(LISTS_SHEET)
        self.ws.sheet_state = "hidden"
        self.names: dict[tuple[str, ...], str] = {}

    def name(self, options: tuple[str, ...]) -> str:
        if options not in self.names:
            column = len(self.names) + 1
            letter = get_column_letter(column)
            for row, value in enumerate(options, 1):
                self.ws.cell(row=row, column=column, value=value)
            name = f"daftar_{column}"
            ref = f"{quote_sheetname(self.ws.title)}!${letter}$1:${letter}${len(options)}"
            self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
            self.names[options] = name
        return self.names[options]


def _build(m: Methodology) -> Workbook:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    lists = _Lists(wb)
    for spec in SHEETS:
        ws = wb.create_sheet(spec.sheet)
        if isinstance(spec, Form):
            _write_form(ws, spec, m, lists)
        else:
            _write_table(ws, spec, m, lists)
    wb.move_sheet(lists.ws, offset=len(wb.sheetnames))  # the hidden lists go last
    _write_guide(guide, m)
    wb.active = 0
    return wb


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _put(ws: Worksheet, row: int, column: int, value: object, codec: Codec | None = None,
         ) -> None:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    if codec is not None and codec.text:
        cell.number_format = TEXT_FORMAT
    cell.alignment = _WRAP
    cell.border = _BOX


def _header(ws: Worksheet, column: int, text: str, help_text: str, width: int) -> None:
    cell = ws.cell(row=1, column=column, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cell.border = _BOX
    cell.comment = Comment(help_text, "monev-kip", width=320, height=120)
    ws.column_dimensions[get_column_letter(column)].width = width


def _validate(ws: Worksheet, ref: str, codec: Codec, lists: _Lists, refers_to: str = "",
              ) -> None:
    """The dropdown of a column or cell: a list of labels, or the codes of another sheet."""
    if refers_to:
        target = TABLE_BY_SHEET[refers_to]
        letter = get_column_letter(next(
            i for i, c in enumerate(target.columns, 1) if c.field == target.key))
        formula = f"{quote_sheetname(refers_to)}!${letter}$2:${letter}$5000"
        several = isinstance(codec, CodeList)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            showErrorMessage=not several, errorStyle="warning",
                            errorTitle="Kode tidak dikenal",
                            error=f"Kode ini tidak ada di lembar {refers_to}. Lanjutkan?")
    elif isinstance(codec, Choice | YesNo):
        options = codec.options()
        dv = DataValidation(type="list", formula1=lists.name(options), allow_blank=True,
                            showErrorMessage=True, errorStyle="stop",
                            errorTitle="Pilihan tidak sah",
                            error="Pilih dari daftar: " + "; ".join(options))
    else:
        return
    dv.add(ref)
    ws.add_data_validation(dv)


def _write_form(ws: Worksheet, form: Form, m: Methodology, lists: _Lists) -> None:
    _header(ws, 1, FORM_LABEL, "Nama isian; jangan diubah. Isian bertanda (boleh diulang) "
            "boleh ditulis di beberapa baris.", 28)
    _header(ws, 2, FORM_VALUE, "Nilai isian; lihat lembar Petunjuk.", 90)
    row = 1
    for entry in form.entries:
        value = _get(m, entry.field)
        values = list(value) if entry.many else [value]
        for item in values or [None]:
            row += 1
            _put(ws, row, 1, entry.label)
            ws.cell(row=row, column=1).fill = _LABEL_FILL
            _put(ws, row, 2, entry.codec.write(item) if item is not None else None,
                 entry.codec)
            _validate(ws, f"B{row}", entry.codec, lists)
    ws.freeze_panes = "A2"


def _rows(table: Table, m: Methodology) -> Iterator[tuple[str, BaseModel]]:
    """(parent code, object) of every row of `table`, in methodology order."""
    if table.parent is None:
        for obj in getattr(m, table.field):
            yield "", obj
        return
    parent = TABLE_BY_SHEET[table.parent.table]
    for owner in getattr(m, parent.field):
        nested = getattr(owner, table.parent.field)
        code = str(getattr(owner, parent.key))
        if table.parent.many:
            for obj in nested:
                yield code, obj
        elif nested is not None:
            yield code, nested


def _write_table(ws: Worksheet, table: Table, m: Methodology, lists: _Lists) -> None:
    for column_index, column in enumerate(table.columns, 1):
        _header(ws, column_index, column.header, column.help, column.width)
    row = 1
    for code, obj in _rows(table, m):
        row += 1
        for column_index, column in enumerate(table.columns, 1):
            value = code if column.field == PARENT else column.codec.write(
                _get(obj, column.field))
            _put(ws, row, column_index, value, column.codec)
        if table.sheet == "Predikat":
            _colour(ws, row, table, getattr(obj, "colour", ""))
    last = row + ROOM
    for column_index, column in enumerate(table.columns, 1):
        letter = get_column_letter(column_index)
        _validate(ws, f"{letter}2:{letter}{last}", column.codec, lists, column.refers_to)
        if column.codec.text:  # cells a person adds keep what is typed (1.10 stays text)
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(row, 2)}"


def _colour(ws: Worksheet, row: int, table: Table, colour: str) -> None:
    """Paint a band's colour cell with its colour (read back from the text only)."""
    if not (isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")):
        return
    index = next(i for i, c in enumerate(table.columns, 1) if c.field == "colour")
    cell = ws.cell(row=row, column=index)
    rgb = colour[1:].upper()
    cell.fill = PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    cell.font = Font(color="000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF")


# -- the Petunjuk sheet --------------------------------------------------------------------

_GUIDE_WIDTHS = (26, 9, 70, 48)
_GUIDE_CHARS = sum(_GUIDE_WIDTHS) + 10  # characters of a merged paragraph line


def _write_guide(ws: Worksheet, m: Methodology) -> None:
    for index, width in enumerate(_GUIDE_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = 1

    def paragraph(text: str, font: Font | None = None) -> None:
        nonlocal row
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = _WRAP
        if font is not None:
            cell.font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row,
                       end_column=len(_GUIDE_WIDTHS))
        lines = sum(max(1, math.ceil(len(part) / _GUIDE_CHARS)) for part in text.split("\n"))
        ws.row_dimensions[row].height = max(15, 15 * lines)
        row += 1

    paragraph("Metodologi monev sebagai lembar kerja", _TITLE)
    paragraph(f"{m.title} — {m.ki}, {m.year} · kode {m.id} · versi {m.version}",
              Font(bold=True, color="1F3864"))
    row += 1
    paragraph("Cara memakai", _HEADING)
    sheets = ", ".join(s.sheet for s in SHEETS)
    steps = [
        f"Lembar kerja ini adalah seluruh metodologi: {sheets}. Ubah isinya di Excel atau "
        "LibreOffice, simpan sebagai .xlsx, lalu unggah di halaman admin atau periksa dengan "
        "'python -m monev methodology check BERKAS.xlsx'. Setiap kesalahan dilaporkan "
        "sekaligus dengan lembar dan selnya, mis. Pertanyaan!E12.",
        "Satu baris untuk satu hal (kategori, tahapan, indikator, pertanyaan…); baris 1 "
        "adalah judul kolom. Baris boleh ditambah, dihapus atau diurutkan ulang; urutan "
        "baris adalah urutan di aplikasi. Baris kosong dilewati.",
        "Jangan mengganti nama lembar atau judul kolom. Lembar atau kolom lain ditolak "
        "(isinya tidak dibaca); catatan bebas ditulis di lembar Sumber, isian Catatan.",
        "Angka ditulis dengan koma desimal (12,5), tanpa pemisah ribuan dan tanpa tanda %; "
        "titik dibaca sebagai koma hanya bila diikuti satu atau dua angka (12.5). Bobot "
        "ditulis dalam persen: bobot semua tahapan berjumlah 100, dan bobot indikator setiap "
        "tahapan berjumlah 100.",
        "Kode (kategori, tahapan, indikator, pertanyaan) ditulis sebagai teks tanpa spasi; "
        "kode pertanyaan biasanya berjenjang, mis. 2.1.3. Kolom yang merujuk kode lembar lain "
        "(Tahapan, Indikator, Pertanyaan, Kategori) punya daftar pilihan dari lembar itu.",
        "Aspek panel (presentasi, uji publik, visitasi) adalah baris lembar Indikator yang "
        "tahapannya berjenis 'Panel (juri)': juri menilai setiap aspek 0–100 dan aspek tidak "
        "punya pertanyaan. Indikator tahapan 'Kuesioner (SAQ)' diisi pertanyaan di lembar "
        "Pertanyaan.",
        "Tingkat pertanyaan Skala ditulis di lembar Skala, butir pertanyaan Kelengkapan di "
        "lembar Butir; keduanya menyebut kode pertanyaannya di kolom pertama.",
        "Syarat masuk tahapan (mis. hanya SAQ ≥ 60 ikut presentasi) ditulis di lembar Gerbang.",
        "Bila isi metodologi diubah, naikkan Versi di lembar Identitas (dan ganti Kode "
        "metodologi bila menjadi metodologi lain): templat kuesioner yang diunduh untuk isi "
        "lama akan dikenali sebagai usang.",
    ]
    for number, text in enumerate(steps, 1):
        paragraph(f"{number}. {text}")
    for spec in SHEETS:
        row += 1
        paragraph(f"Lembar {spec.sheet}", _HEADING)
        paragraph(spec.purpose)
        heads = ("Isian" if isinstance(spec, Form) else "Kolom", "Wajib", "Isi",
                 "Format / pilihan")
        for index, text in enumerate(heads, 1):
            cell = ws.cell(row=row, column=index, value=text)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.border = _BOX
        row += 1
        for label, needed, help_text, codec, note in _guide_rows(spec):
            values = (label, "ya" if needed else "", help_text + note, codec.format)
            for index, value in enumerate(values, 1):
                cell = ws.cell(row=row, column=index, value=value)
                cell.alignment = _WRAP
                cell.border = _BOX
            row += 1
    ws.sheet_view.showGridLines = False


def _guide_rows(spec: Form | Table) -> Iterator[tuple[str, bool, str, Codec, str]]:
    if isinstance(spec, Form):
        for entry in spec.entries:
            yield entry.label, required(Methodology, entry.field), entry.help, entry.codec, ""
        return
    for column in spec.columns:
        needed = column.field == PARENT or required(spec.model, column.field)
        yield column.header, needed, column.help, column.codec, ""
    for child in children(spec):
        yield (f"(lembar {child.sheet})", False, child.purpose, _NO_FORMAT, "")


class _NoFormat(Codec):
    format = ""


_NO_FORMAT = _NoFormat()
