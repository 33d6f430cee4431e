"""The ranking workbook (xlsx) officials sign off: cover, one sheet per category,
methodology, and the audit trail of every score change.

* Numbers are numbers (two-decimal number formats; Excel or LibreOffice show ``89,95``
  under an Indonesian locale), never text.
* Every category sheet has a frozen header, an autofilter, the predikat coloured by its
  band, the change against the previous cycle where known, and prints on A4 landscape,
  one page wide, with the header row repeated on every page.
* Text is written as string cells only; text that starts like a formula gets Excel's
  quote prefix (see :mod:`reports.safety`), so a badan publik's name never runs.

Written with openpyxl in write-only mode (a cycle of 10,000 badan publik in a few seconds);
everything about a sheet's layout is set before its first row, as that mode requires.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from reports import numbers as fmt
from reports.data import BandInfo, CategoryRanking, RankingBook, RankingRow
from reports.safety import clean, sheet_title, starts_like_formula

HEADER_ROW = 4  # rows 1–3: title, subtitle, blank
PAPER_A4 = Worksheet.PAPERSIZE_A4
SHEET_COVER = "Sampul"
SHEET_METHOD = "Metodologi"
SHEET_AUDIT = "Audit"
HEAD_FILL = "263238"
DRAFT_COLOUR = "B71C1C"
_THIN = Side(style="thin", color="BDBDBD")


class _Styles:
    """Cell styles made once per workbook and copied onto cells (cheap in write-only mode)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self._ws = ws
        self._cache: dict[tuple[Any, ...], Any] = {}

    def style(self, *, number_format: str | None = None, bold: bool = False,
              colour: str | None = None, fill: str | None = None, wrap: bool = False,
              size: float | None = None, italic: bool = False, border: bool = False,
              align: str | None = None, quote: bool = False) -> Any:
        key = (number_format, bold, colour, fill, wrap, size, italic, border, align, quote)
        found = self._cache.get(key)
        if found is None:
            cell = WriteOnlyCell(self._ws, None)
            if number_format:
                cell.number_format = number_format
            if bold or colour or size or italic:
                cell.font = Font(bold=bold, color=colour, size=size, italic=italic)
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if wrap or align:
                cell.alignment = Alignment(wrap_text=wrap, vertical="top" if wrap else None,
                                           horizontal=align)
            if border:
                cell.border = Border(bottom=_THIN)
            if quote:
                cell.quotePrefix = True
            found = self._cache[key] = cell._style
        return found

    def cell(self, ws: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell | None:
        """A cell: numbers stay numbers, text is always a string cell (never a formula);
        None for empty unstyled text (an empty cell)."""
        if isinstance(value, str):
            value = clean(value)
            if not value and not style:
                return None
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            if starts_like_formula(value):
                style = {**style, "quote": True}
        else:
            if isinstance(value, Decimal):
                value = float(value)
            elif isinstance(value, datetime):
                value = fmt.naive_utc(value)
            cell = WriteOnlyCell(ws, value)
        if style:
            cell._style = copy.copy(self.style(**style))
        return cell


def _title_rows(ws: WriteOnlyWorksheet, st: _Styles, book: RankingBook, title: str) -> None:
    meta = book.meta
    ws.append([st.cell(ws, title, bold=True, size=13)])
    subtitle = f"{meta.label} · {meta.status_label}"
    colour = None if meta.published else DRAFT_COLOUR
    ws.append([st.cell(ws, subtitle, italic=True, colour=colour)])
    ws.append([])


def _print_setup(ws: WriteOnlyWorksheet, book: RankingBook, title: str, *,
                 repeat_header: bool = True) -> None:
    """A4 landscape, one page wide, header row repeated, "Halaman x dari y" (before rows)."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if repeat_header:
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.left.text = clean(f"{book.meta.ki} — {title}").replace("&", "&&")
    ws.oddHeader.right.text = "" if book.meta.published else "DRAF"
    ws.oddFooter.left.text = clean(book.meta.title).replace("&", "&&")
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _header(ws: WriteOnlyWorksheet, st: _Styles, labels: Sequence[str]) -> None:
    ws.append([st.cell(ws, label, bold=True, colour="FFFFFF", fill=HEAD_FILL, wrap=True)
               for label in labels])


# -- cover ----------------------------------------------------------------------------------


def _cover(wb: Workbook, book: RankingBook, titles: dict[str, str]) -> None:
    ws = wb.create_sheet(SHEET_COVER)
    st = _Styles(ws)
    meta, method = book.meta, book.methodology
    _widths(ws, [30, 16, 12, 12] + [14] * len(method.bands))
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.append([st.cell(ws, "Hasil Monitoring dan Evaluasi Keterbukaan Informasi Publik",
                       bold=True, size=15)])
    ws.append([st.cell(ws, meta.title, bold=True, size=12)])
    if not meta.published:
        ws.append([st.cell(ws, "DRAF — hasil belum ditetapkan dan masih dapat berubah",
                           bold=True, colour=DRAFT_COLOUR)])
    ws.append([])

    def line(label: str, value: Any, **style: Any) -> None:
        ws.append([st.cell(ws, label, bold=True), st.cell(ws, value, **style)])

    line("Komisi Informasi", meta.ki)
    line("Tahun", meta.year, number_format="0")
    line("Status", meta.status_label)
    if meta.published_at is not None:
        line("Ditetapkan pada", meta.published_at, number_format=fmt.XLSX_DATETIME,
             align="left")
    line("Metodologi", f"{method.title} ({method.id}, versi {method.version})")
    for i, basis in enumerate(method.legal_basis):
        line("Dasar hukum" if i == 0 else "", basis)
    if meta.previous_title:
        line("Dibandingkan dengan", meta.previous_title)
    line("Dibuat pada", meta.generated_at, number_format=fmt.XLSX_DATETIME, align="left")
    line("Zona waktu", "Semua waktu dalam UTC")
    ws.append([])
    bands = method.bands
    ws.append([st.cell(ws, label, bold=True, colour="FFFFFF", fill=HEAD_FILL, wrap=True)
               for label in ("Kategori", "Lembar", "Badan publik", "Dinilai")]
              + [st.cell(ws, b.label, bold=True, colour=_ink(b), fill=b.rgb, wrap=True)
                 for b in bands])
    total = scored = 0
    counts_total = dict.fromkeys((b.label for b in bands), 0)
    for category in book.categories:
        counts = dict.fromkeys((b.label for b in bands), 0)
        for row in category.rows:
            if row.predicate is not None:
                counts[row.predicate.label] = counts.get(row.predicate.label, 0) + 1
        n_scored = sum(1 for r in category.rows if r.scored)
        total += len(category.rows)
        scored += n_scored
        for label, n in counts.items():
            counts_total[label] = counts_total.get(label, 0) + n
        ws.append([st.cell(ws, category.name), st.cell(ws, titles[category.code]),
                   len(category.rows), n_scored] + [counts[b.label] for b in bands])
    ws.append([st.cell(ws, "Jumlah", bold=True), None, st.cell(ws, total, bold=True),
               st.cell(ws, scored, bold=True)]
              + [st.cell(ws, counts_total[b.label], bold=True) for b in bands])
    ws.append([])
    ws.append([st.cell(ws, "Lembar lain", bold=True)])
    ws.append([st.cell(ws, SHEET_METHOD), st.cell(ws, "Tahapan, bobot, indikator, predikat")])
    ws.append([st.cell(ws, SHEET_AUDIT),
               st.cell(ws, "Setiap perubahan nilai: siapa, kapan, nilai lama, nilai baru, "
                           "alasan")])


def _ink(band: BandInfo) -> str:
    return band.text_colour.lstrip("#")


# -- category sheets ------------------------------------------------------------------------


def _category_columns(book: RankingBook) -> list[tuple[str, float]]:
    method = book.methodology
    cols = [("Peringkat", 10), ("Badan publik", 42), ("Wilayah", 18)]
    cols += [(f"{i.name} ({i.stage_name})" if len(method.stages) > 1 else i.name, 13)
             for i in method.indicators]
    cols += [("SAQ mandiri", 11), ("SAQ terverifikasi", 12)]
    cols += [(s.name, 13) for s in method.other_stages]
    if book.has_bonus:
        cols.append(("Nilai tambahan", 11))
    cols += [("Nilai akhir", 11), ("Predikat", 20)]
    if book.has_previous:
        year = book.meta.previous_year
        cols += [(f"Peringkat {year}", 11), (f"Nilai akhir {year}", 11),
                 ("Perubahan nilai", 11), ("Perubahan peringkat", 11),
                 (f"Predikat {year}", 20)]
    cols += [("Status keikutsertaan", 18), ("Keterangan", 40)]
    return cols


def _category_row(ws: WriteOnlyWorksheet, st: _Styles, book: RankingBook,
                  row: RankingRow, band_styles: dict[str, Any]) -> list[Any]:
    method = book.methodology
    score = st.style(number_format=fmt.XLSX_SCORE)
    out: list[Any] = [row.rank, st.cell(ws, row.name), st.cell(ws, row.region)]

    def num(value: Decimal | None, style: Any = score) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(ws, float(value))
        cell._style = copy.copy(style)
        return cell

    out += [num(row.indicators.get(i.code)) for i in method.indicators]
    out += [num(row.saq_raw), num(row.saq)]
    out += [num(row.stages.get(s.code)) for s in method.other_stages]
    if book.has_bonus:
        out.append(num(row.bonus, st.style(number_format=fmt.XLSX_SIGNED)))
    out.append(num(row.final, st.style(number_format=fmt.XLSX_SCORE, bold=True)))
    out.append(_band_cell(ws, st, row.predicate.label if row.predicate else None,
                          band_styles))
    if book.has_previous:
        prev = row.previous
        out += [prev.rank if prev else None, num(prev.final if prev else None),
                num(row.final_change, st.style(number_format=fmt.XLSX_SIGNED)),
                num(None if row.rank_change is None else Decimal(row.rank_change),
                    st.style(number_format=fmt.XLSX_SIGNED_INT)),
                _band_cell(ws, st, prev.predicate if prev else None, band_styles)]
    out += [st.cell(ws, row.status), st.cell(ws, row.remarks)]
    return out


def _band_cell(ws: WriteOnlyWorksheet, st: _Styles, label: str | None,
               band_styles: dict[str, Any]) -> Any:
    if not label:
        return None
    cell = st.cell(ws, label)
    style = band_styles.get(label)
    if style is not None:
        cell._style = copy.copy(style)
    return cell


def _category_sheet(wb: Workbook, book: RankingBook, category: CategoryRanking,
                    title: str) -> None:
    ws = wb.create_sheet(title)
    st = _Styles(ws)
    columns = _category_columns(book)
    _widths(ws, [w for _, w in columns])
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    heading = f"Peringkat kategori {category.name}"
    _print_setup(ws, book, heading)
    last = HEADER_ROW + len(category.rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
    ws.row_dimensions[HEADER_ROW].height = 45
    band_styles = {b.label: st.style(fill=b.rgb, colour=_ink(b), bold=True)
                   for b in book.methodology.bands}
    _title_rows(ws, st, book, heading)
    _header(ws, st, [label for label, _ in columns])
    for row in category.rows:
        ws.append(_category_row(ws, st, book, row, band_styles))


# -- methodology ----------------------------------------------------------------------------


def _methodology_sheet(wb: Workbook, book: RankingBook) -> None:
    ws = wb.create_sheet(SHEET_METHOD)
    st = _Styles(ws)
    method = book.methodology
    _widths(ws, [26, 44, 22, 12, 26, 36])
    _print_setup(ws, book, "Metodologi", repeat_header=False)
    ws.append([st.cell(ws, method.title, bold=True, size=13)])
    ws.append([st.cell(ws, f"{method.ki} · {method.year} · id {method.id} · versi "
                           f"{method.version}", italic=True)])
    ws.append([])
    ws.append([st.cell(ws, "Dasar hukum", bold=True)])
    for basis in method.legal_basis or ("-",):
        ws.append([None, st.cell(ws, basis)])
    ws.append([])

    def head(*labels: str) -> None:
        ws.append([st.cell(ws, label, bold=True, colour="FFFFFF", fill=HEAD_FILL, wrap=True)
                   for label in labels])

    ws.append([st.cell(ws, "Tahapan", bold=True)])
    head("Kode", "Nama", "Jenis", "Bobot (%)", "Ambang batas", "Bila tidak ada data")
    for s in method.stages:
        ws.append([st.cell(ws, s.code), st.cell(ws, s.name), st.cell(ws, s.kind),
                   st.cell(ws, s.weight, number_format="0.##"), st.cell(ws, s.gate),
                   st.cell(ws, s.missing)])
    ws.append([])
    ws.append([st.cell(ws, "Indikator", bold=True)])
    head("Kode", "Nama", "Tahapan", "Bobot dalam tahapan (%)")
    for i in method.indicators:
        ws.append([st.cell(ws, i.code), st.cell(ws, i.name), st.cell(ws, i.stage_name),
                   st.cell(ws, i.weight, number_format="0.##")])
    ws.append([])
    ws.append([st.cell(ws, "Predikat", bold=True)])
    head("Predikat", "Nilai akhir dari", "sampai dengan")
    for b in method.bands:
        ws.append([st.cell(ws, b.label, fill=b.rgb, colour=_ink(b), bold=True),
                   st.cell(ws, b.lower, number_format=fmt.XLSX_SCORE, align="left"),
                   st.cell(ws, b.upper if b.upper is not None else Decimal(100),
                           number_format=fmt.XLSX_SCORE, align="left")])
    ws.append([])
    ws.append([st.cell(ws, "Pembulatan", bold=True),
               st.cell(ws, f"setengah ke atas, {method.decimals} desimal, sebelum predikat "
                           f"ditentukan")])
    ws.append([st.cell(ws, "Nilai sama", bold=True),
               st.cell(ws, "peringkat sama (1, 2, 2, 4)" + (
                   "; pembeda: " + ", lalu ".join(method.tie_breakers)
                   if method.tie_breakers else ""))])
    ws.append([st.cell(ws, "Nilai akhir", bold=True),
               st.cell(ws, "Σ bobot tahapan × nilai tahapan; nilai tahapan SAQ = Σ bobot "
                           "indikator × nilai indikator (poin diperoleh / poin maksimal × "
                           "100)")])
    ws.append([st.cell(ws, "Kategori", bold=True),
               st.cell(ws, ", ".join(f"{name} ({code})" for code, name in method.categories))])
    for i, source in enumerate(method.sources):
        ws.append([st.cell(ws, "Sumber" if i == 0 else "", bold=True), st.cell(ws, source)])


# -- audit ----------------------------------------------------------------------------------

AUDIT_COLUMNS = (("Waktu (UTC)", 19), ("Jenis", 20), ("Badan publik", 36), ("Kategori", 12),
                 ("Butir", 26), ("Nilai lama", 20), ("Nilai baru", 20), ("Alasan", 48),
                 ("Oleh", 20))


def _audit_sheet(wb: Workbook, book: RankingBook) -> None:
    ws = wb.create_sheet(SHEET_AUDIT)
    st = _Styles(ws)
    _widths(ws, [w for _, w in AUDIT_COLUMNS])
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(ws, book, "Jejak perubahan nilai")
    last = HEADER_ROW + len(book.audit)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(AUDIT_COLUMNS))}{last}"
    _title_rows(ws, st, book, "Jejak perubahan nilai (verifikasi, sanggah, panel, nilai "
                              "tambahan, unggahan, penetapan)")
    _header(ws, st, [label for label, _ in AUDIT_COLUMNS])
    when = st.style(number_format=fmt.XLSX_DATETIME, align="left")
    number = st.style(number_format=fmt.XLSX_SCORE)
    for change in book.audit:
        at = WriteOnlyCell(ws, fmt.naive_utc(change.at))
        at._style = copy.copy(when)
        ws.append([at, st.cell(ws, change.kind), st.cell(ws, change.body),
                   st.cell(ws, change.category), st.cell(ws, change.item),
                   _value(ws, st, change.old, number), _value(ws, st, change.new, number),
                   st.cell(ws, change.reason), st.cell(ws, change.by)])
    if not book.audit:
        ws.append([st.cell(ws, "Belum ada perubahan nilai.", italic=True)])


def _value(ws: WriteOnlyWorksheet, st: _Styles, value: Any, number: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, float(value))
        cell._style = copy.copy(number)
        return cell
    return st.cell(ws, str(value))


# -- workbook -------------------------------------------------------------------------------


def write_ranking_workbook(book: RankingBook, target: str | IO[bytes] | Any) -> None:
    """Write the workbook to a path or a binary file object."""
    wb = Workbook(write_only=True)
    taken = {SHEET_COVER.lower(), SHEET_METHOD.lower(), SHEET_AUDIT.lower()}
    titles = {c.code: sheet_title(c.name, taken) for c in book.categories}
    _cover(wb, book, titles)
    for category in book.categories:
        _category_sheet(wb, book, category, titles[category.code])
    _methodology_sheet(wb, book)
    _audit_sheet(wb, book)
    wb.properties.title = clean(f"Peringkat {book.meta.title}")
    wb.properties.creator = clean(book.meta.ki)
    wb.save(target)
