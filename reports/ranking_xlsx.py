"""The ranking workbook (xlsx) officials sign off: cover, one sheet per category,
methodology, and the audit trail of every score change.

* Numbers are numbers (two-decimal number formats; Excel or LibreOffice show ``89,95``
  under an Indonesian locale), never text.
* Every category sheet has a frozen header, an autofilter, the predikat coloured by its
  band, the change against the previous cycle where known, and prints on A4 landscape,
  one page wide, with the header row repeated on every page.
* Text is written as string cells only; text that starts like a formula gets Excel's
  quote prefix (see :mod:`reports.safety`), so a badan publik's name never runs.

openpyxl (write-only mode) writes the package, styles and layout; the rows of the
category and Audit sheets are written as XML by :class:`_Rows` (a cycle of 10,000 badan
publik with ~70,000 score changes in about 1.5 s instead of 10). Everything about a
sheet's layout is set before its first row, as write-only mode requires.
"""

from __future__ import annotations

import copy
import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from reports import formatting as fmt
from reports.data import BandInfo, CategoryRanking, MethodologyInfo, RankingBook
from reports.safety import clean, sheet_title, starts_like_formula

HEADER_ROW = 4  # rows 1–3: title, subtitle, blank
PAPER_A4 = Worksheet.PAPERSIZE_A4
SHEET_COVER = "Sampul"
SHEET_METHOD = "Metodologi"
SHEET_AUDIT = "Audit"
HEAD_FILL = "263238"
COMPRESSION = 6  # zlib level of the package
MAX_AUDIT_ROWS = 1_048_576 - HEADER_ROW - 1  # Excel's row limit, less the top rows
FONT = "Calibri"  # the workbook's default font; styled cells name it too
DRAFT_COLOUR = "B71C1C"
BELOW_GATE_MARK = "*"  # on a stage score of a badan publik below the stage's gate
_THIN = Side(style="thin", color="BDBDBD")


class _Styles:
    """Cell styles made once per workbook and copied onto cells (cheap in write-only mode)."""

    def __init__(self, ws: WriteOnlyWorksheet, zone: tzinfo = UTC) -> None:
        self._ws = ws
        self.zone = zone  # times are written as wall-clock times of this zone
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._quoted: dict[int, int] = {}

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
                cell.font = Font(name=FONT, bold=bold, color=colour, size=size or 11,
                                 italic=italic)
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

    def style_id(self, **style: Any) -> int:
        """The workbook's index of a cell style (for rows written as XML)."""
        cell = WriteOnlyCell(self._ws, None)
        cell._style = copy.copy(self.style(**style))
        return cell.style_id

    def quoted(self, style_id: int) -> int:
        """The same style with Excel's quote prefix (text that starts like a formula)."""
        found = self._quoted.get(style_id)
        if found is None:
            cell = WriteOnlyCell(self._ws, None)
            cell._style = copy.copy(self._ws.parent._cell_styles[style_id])
            cell.quotePrefix = True
            found = self._quoted[style_id] = cell.style_id
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
                value = fmt.naive_in(value, self.zone)
            cell = WriteOnlyCell(ws, value)
        if style:
            cell._style = copy.copy(self.style(**style))
        return cell


class _Rows:
    """The rows of a large sheet, written straight as ``sheetData`` XML.

    openpyxl spends about 10 µs on each cell it writes; a cycle of 10,000 badan publik
    with its score trail has close to a million cells. So openpyxl writes everything
    around the rows (styles, sheet view, columns, autofilter, print setup, defined names)
    and a placeholder row, and :func:`_splice` puts these rows in its place. Cells follow
    what openpyxl writes: numbers as ``<v>``, text as inline strings (never formulas;
    with the quote prefix when it starts like one), times as Excel serial numbers.
    """

    def __init__(self, ws: WriteOnlyWorksheet, st: _Styles) -> None:
        self.st = st
        self.marker = f"monev-rows-{uuid.uuid4().hex}"
        self.parts: list[str] = []
        self.n = 0
        ws.append([self.marker])  # after the layout: write-only sheets start writing here

    def add(self, cells: Sequence[tuple[Any, int]], height: float | None = None) -> None:
        self.n += 1
        r = self.n
        out = [f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">']
        for i, (value, style) in enumerate(cells):
            if value is None:
                continue
            ref = f"{_column(i)}{r}"
            s = f' s="{style}"' if style else ""
            if isinstance(value, str):
                text = clean(value)
                if not text:
                    continue
                if starts_like_formula(text):
                    s = f' s="{self.st.quoted(style)}"'
                out.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                           f"{escape(text)}</t></is></c>")
                continue
            if isinstance(value, Decimal):
                number = format(value, "f")
            elif isinstance(value, datetime):
                number = repr(to_excel(fmt.naive_in(value, self.st.zone)))
            elif isinstance(value, bool):
                number = str(int(value))
            elif isinstance(value, int | float):
                number = repr(value)
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
            out.append(f'<c r="{ref}"{s} t="n"><v>{number}</v></c>')
        out.append("</row>")
        self.parts.append("".join(out))

    def title(self, book: RankingBook, title: str, note: str = "") -> None:
        """Rows 1–3: the title, the cycle and its status, and `note` (or nothing)."""
        meta = book.meta
        self.add([(title, self.st.style_id(bold=True, size=13))])
        colour = None if meta.published else DRAFT_COLOUR
        self.add([(f"{meta.label} · {meta.status_label}",
                   self.st.style_id(italic=True, colour=colour))])
        self.add([(note, self.st.style_id(italic=True))] if note else [])

    def header(self, labels: Sequence[str], height: float | None = None) -> None:
        style = self.st.style_id(bold=True, colour="FFFFFF", fill=HEAD_FILL, wrap=True)
        self.add([(label, style) for label in labels], height=height)

    def write_to(self, stream: IO[bytes]) -> None:
        for start in range(0, len(self.parts), 2000):
            stream.write("".join(self.parts[start:start + 2000]).encode("utf-8"))


@lru_cache(maxsize=512)
def _column(index: int) -> str:
    """0 → ``A``."""
    return get_column_letter(index + 1)


def _print_setup(ws: WriteOnlyWorksheet, book: RankingBook, title: str, *,
                 repeat_header: bool = True) -> None:
    """A4 landscape, one page wide, header row repeated, "Halaman x dari y" (before rows)."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if repeat_header:
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.left.text = clean(f"{book.meta.ki} — {title}").replace("&", "&&")
    if not book.meta.published:
        ws.oddHeader.right.text = "DRAF"
    ws.oddFooter.left.text = clean(book.meta.title).replace("&", "&&")
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


# -- cover ----------------------------------------------------------------------------------


def _cover(wb: Workbook, book: RankingBook, titles: dict[str, str]) -> None:
    ws = wb.create_sheet(SHEET_COVER)
    st = _Styles(ws, book.meta.zone)
    meta, method = book.meta, book.methodology
    _widths(ws, [30, 34, 13, 10] + [19] * len(method.bands))
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
    line("Tahun", meta.year, number_format="0", align="left")
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
    line("Zona waktu", f"Semua waktu dalam {fmt.zone_name(meta.zone, meta.generated_at)}")
    ws.append([])
    bands = method.bands
    ws.append([st.cell(ws, label, bold=True, colour="FFFFFF", fill=HEAD_FILL, wrap=True)
               for label in ("Kategori", "Lembar", "Badan publik", "Dinilai")]
              + [st.cell(ws, b.label, bold=True, colour=_ink(b), fill=b.rgb) for b in bands])
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


def _category_columns(book: RankingBook, has_bonus: bool) -> list[tuple[str, float]]:
    method = book.methodology
    cols = [("Peringkat", 10), ("Badan publik", 42), ("Wilayah", 18)]
    cols += [(f"{i.name} ({i.stage_name})" if len(method.stages) > 1 else i.name, 13)
             for i in method.indicators]
    cols += [("SAQ mandiri", 11), ("SAQ terverifikasi", 12)]
    cols += [(s.name, 13) for s in method.other_stages]
    if has_bonus:
        cols.append(("Nilai tambahan", 11))
    cols += [("Nilai akhir", 11), ("Predikat", 20)]
    if book.has_previous:
        year = book.meta.previous_year
        cols += [(f"Peringkat {year}", 11), (f"Nilai akhir {year}", 11),
                 ("Perubahan nilai", 11), ("Perubahan peringkat", 11),
                 (f"Predikat {year}", 20)]
    cols += [("Status keikutsertaan", 18), ("Keterangan", 40)]
    return cols


def _category_sheet(wb: Workbook, book: RankingBook, category: CategoryRanking,
                    title: str, has_bonus: bool) -> _Rows:
    ws = wb.create_sheet(title)
    st = _Styles(ws, book.meta.zone)
    columns = _category_columns(book, has_bonus)
    _widths(ws, [w for _, w in columns])
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    heading = f"Peringkat kategori {category.name}"
    _print_setup(ws, book, heading)
    last = HEADER_ROW + len(category.rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
    method = book.methodology
    rows = _Rows(ws, st)
    rows.title(book, heading, _below_gate_note(method, category))
    rows.header([label for label, _ in columns], height=45)
    score = st.style_id(number_format=fmt.XLSX_SCORE)
    # A stage score of a badan publik below the stage's gate stays a number, shown with
    # the mark the note above the table explains ("0,00 *").
    below = st.style_id(number_format=f'{fmt.XLSX_SCORE}" {BELOW_GATE_MARK}"', italic=True)
    final = st.style_id(number_format=fmt.XLSX_SCORE, bold=True)
    signed = st.style_id(number_format=fmt.XLSX_SIGNED)
    signed_int = st.style_id(number_format=fmt.XLSX_SIGNED_INT)
    bands = {b.label: st.style_id(fill=b.rgb, colour=_ink(b), bold=True) for b in method.bands}
    indicators = [i.code for i in method.indicators]
    others = [s.code for s in method.other_stages]
    previous = book.has_previous
    for row in category.rows:
        cells: list[Any] = [(row.rank, 0), (row.name, 0), (row.region, 0)]
        cells += [(row.indicators.get(code), score) for code in indicators]
        cells += [(row.saq_raw, score), (row.saq, score)]
        cells += [(row.stages.get(code), below if code in row.below_gate else score)
                  for code in others]
        if has_bonus:
            cells.append((row.bonus, signed))
        label = row.predicate.label if row.predicate else None
        cells += [(row.final, final), (label, bands.get(label or "", 0))]
        if previous:
            prev = row.previous
            prev_label = prev.predicate if prev else None
            cells += [(prev.rank if prev else None, 0), (prev.final if prev else None, score),
                      (row.final_change, signed), (row.rank_change, signed_int),
                      (prev_label, bands.get(prev_label or "", 0))]
        cells += [(row.status, 0), (row.remarks, 0)]
        rows.add(cells)
    return rows


def _below_gate_note(method: MethodologyInfo, category: CategoryRanking) -> str:
    """What the mark on a stage score means, for the stages someone in `category` did not
    reach: ``* Presentasi: tidak mengikuti — SAQ di bawah ambang 60,00 (lihat Keterangan)``."""
    notes = [f"{s.name}: {s.below_gate_note}" for s in method.other_stages
             if any(s.code in r.below_gate for r in category.rows)]
    return f"{BELOW_GATE_MARK} " + "; ".join(notes) + " (lihat Keterangan)" if notes else ""


# -- methodology ----------------------------------------------------------------------------


def _methodology_sheet(wb: Workbook, book: RankingBook) -> None:
    ws = wb.create_sheet(SHEET_METHOD)
    st = _Styles(ws, book.meta.zone)
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
    # A column for the weights some categories have of their own, only where there are.
    per_category = any(i.weights for i in method.indicators)
    head("Kode", "Nama", "Tahapan", "Bobot dalam tahapan (%)",
         *(("Bobot kategori tertentu (%)",) if per_category else ()))
    for i in method.indicators:
        own = "; ".join(f"{method.category_name(code)}: {fmt.plain(w)}"
                        for code, w in i.weights)
        ws.append([st.cell(ws, i.code), st.cell(ws, i.name), st.cell(ws, i.stage_name),
                   st.cell(ws, i.weight, number_format="0.##"),
                   *((st.cell(ws, own),) if per_category else ())])
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

AUDIT_COLUMNS = (("Waktu", 19), ("Jenis", 20), ("Badan publik", 36), ("Kategori", 12),
                 ("Butir", 26), ("Nilai lama", 20), ("Nilai baru", 20), ("Alasan", 48),
                 ("Oleh", 20))


def _audit_sheet(wb: Workbook, book: RankingBook) -> _Rows:
    ws = wb.create_sheet(SHEET_AUDIT)
    st = _Styles(ws, book.meta.zone)
    _widths(ws, [w for _, w in AUDIT_COLUMNS])
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(ws, book, "Jejak perubahan nilai")
    last = HEADER_ROW + max(min(len(book.audit), MAX_AUDIT_ROWS), 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(AUDIT_COLUMNS))}{last}"
    rows = _Rows(ws, st)
    rows.title(book, "Jejak perubahan nilai (verifikasi, sanggah, panel, nilai tambahan, "
                     "unggahan, pemantauan situs, penetapan)")
    zone = fmt.zone_name(book.meta.zone, book.meta.generated_at, offset=False)
    rows.header([f"{label} ({zone})" if label == "Waktu" else label
                 for label, _ in AUDIT_COLUMNS])
    when = st.style_id(number_format=fmt.XLSX_DATETIME, align="left")
    number = st.style_id(number_format=fmt.XLSX_SCORE, align="left")
    shown = book.audit[:MAX_AUDIT_ROWS]
    for change in shown:
        old, new = change.old, change.new
        rows.add([(change.at, when), (change.kind, 0), (change.body, 0), (change.category, 0),
                  (change.item, 0), (old, number if isinstance(old, Decimal) else 0),
                  (new, number if isinstance(new, Decimal) else 0), (change.reason, 0),
                  (change.by, 0)])
    if not book.audit:
        rows.add([("Belum ada perubahan nilai.", st.style_id(italic=True))])
    elif len(shown) < len(book.audit):
        rows.add([(f"… {len(book.audit) - len(shown)} perubahan berikutnya tidak muat dalam "
                   f"satu lembar Excel (batas 1.048.576 baris).", st.style_id(italic=True))])
    return rows


# -- workbook -------------------------------------------------------------------------------


def write_ranking_workbook(book: RankingBook, target: str | IO[bytes] | Any) -> None:
    """Write the workbook to a path or a binary file object."""
    wb = Workbook(write_only=True)
    taken = {SHEET_COVER.lower(), SHEET_METHOD.lower(), SHEET_AUDIT.lower()}
    titles = {c.code: sheet_title(c.name, taken) for c in book.categories}
    _cover(wb, book, titles)
    has_bonus = book.has_bonus  # one column for every category sheet, or none
    fast = [_category_sheet(wb, book, category, titles[category.code], has_bonus)
            for category in book.categories]
    _methodology_sheet(wb, book)
    fast.append(_audit_sheet(wb, book))
    wb.properties.title = clean(f"Peringkat {book.meta.title}")
    wb.properties.creator = clean(book.meta.ki)
    package = io.BytesIO()
    wb.save(package)
    _splice(package, {rows.marker.encode(): rows for rows in fast}, target)


_SHEET_DATA = re.compile(rb"<sheetData>.*</sheetData>", re.DOTALL)


def _splice(package: io.BytesIO, fast: dict[bytes, _Rows], target: str | IO[bytes] | Any) -> None:
    """Copy the package openpyxl saved, putting each large sheet's rows in place of its
    placeholder row."""
    with zipfile.ZipFile(package) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                found = next((rows for marker, rows in fast.items() if marker in data), None)
                if found is not None:
                    head, tail = _SHEET_DATA.split(data, maxsplit=1)
                    with out.open(item.filename, "w") as sheet:
                        sheet.write(head)
                        sheet.write(b"<sheetData>")
                        found.write_to(sheet)
                        sheet.write(b"</sheetData>")
                        sheet.write(tail)
                    continue
            out.writestr(item, data)
