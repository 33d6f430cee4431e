"""The what-if workbook (xlsx): a cycle's stored results beside the same answers scored
under another methodology (:mod:`monev.whatif`), movers first; the inputs the other
methodology could not use; and the changes from the cycle's methodology to it.

Sheets: *Perbandingan* (per badan publik: stored and what-if final score, predikat and
rank, the differences, a note), *Masukan tak terpakai*, *Perubahan metodologi*. Numbers are
numbers with two-decimal formats (Excel shows ``89,95`` under an Indonesian locale); text
goes through :mod:`reports.safety` (never a formula). The comparison is the ``methodology``
option (a library ref such as ``nasional-2025@2026.1``, or a methodology file); without
it, :func:`monev.whatif.default_comparison`.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from monev.clock import WIB
from monev.exports import Export, Exported, Option, Request, Subject, Target
from monev.exports._gather import emit
from monev.permissions import Action, Actor, require
from monev.whatif import WhatIf, what_if_ref
from monev.workspace import Workspace
from reports import formatting
from reports.safety import clean, starts_like_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 5
HEAD_FILL = "263238"
MOVED_FILL = "FFF8E1"
SHEET_ROWS = "Perbandingan"
SHEET_UNUSED = "Masukan tak terpakai"
SHEET_CHANGES = "Perubahan metodologi"

COLUMNS = (("No", 5), ("Badan publik", 40), ("Kategori", 20), ("Wilayah", 16),
           ("Status", 16), ("Nilai akhir tersimpan", 12), ("Predikat tersimpan", 18),
           ("Peringkat tersimpan", 10), ("Nilai akhir simulasi", 12),
           ("Predikat simulasi", 18), ("Peringkat simulasi", 10), ("Selisih nilai", 10),
           ("Selisih peringkat", 10), ("Berubah", 9), ("Keterangan", 40))


def _text(ws: Worksheet, row: int, column: int, value: object, **style: Any) -> None:
    text = clean(value)
    cell = ws.cell(row=row, column=column, value=text)
    if starts_like_formula(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    _style(cell, **style)


def _number(ws: Worksheet, row: int, column: int, value: object, number_format: str,
            **style: Any) -> None:
    if value is not None and not isinstance(value, int):
        value = float(value)  # type: ignore[arg-type]
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    _style(cell, **style)


def _style(cell: Any, *, bold: bool = False, fill: str | None = None,
           colour: str | None = None, wrap: bool = False) -> None:
    if bold or colour:
        cell.font = Font(bold=bold, color=colour)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _head(ws: Worksheet, titles: list[tuple[str, float]], row: int) -> None:
    for n, (title, width) in enumerate(titles, start=1):
        _text(ws, row, n, title, bold=True, fill=HEAD_FILL, colour="FFFFFF", wrap=True)
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(titles))}{row}"


def _band(ws: Worksheet, row: int, column: int, label: str | None, colour: str | None,
          moved: bool) -> None:
    if label and colour:
        ink = formatting.text_on(colour).lstrip("#")
        _text(ws, row, column, label, fill=colour.lstrip("#"), colour=ink)
    else:
        _text(ws, row, column, label or "-", fill=MOVED_FILL if moved else None)


def _top(ws: Worksheet, w: WhatIf, title: str, generated_at: datetime) -> None:
    _text(ws, 1, 1, f"{title} — {w.title}", bold=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _text(ws, 2, 1, f"Tersimpan: {w.stored_methodology.title} ({w.stored_methodology.id} "
                    f"versi {w.stored_methodology.version}) · Simulasi: {w.other.title} "
                    f"({w.other.id} versi {w.other.version}) · dibuat "
                    f"{generated_at.astimezone(WIB):%Y-%m-%d %H.%M} WIB")
    notes = []
    if not w.published:
        notes.append("DRAF: hasil tersimpan masih sementara (belum ditetapkan).")
    if w.same_definition:
        notes.append("Metodologi pembanding sama dengan metodologi siklus: tidak ada yang "
                     "berubah.")
    notes.append("Simulasi tidak mengubah data apa pun.")
    _text(ws, 3, 1, " ".join(notes), colour="B71C1C" if not w.published else None)


def _rows_sheet(ws: Worksheet, w: WhatIf, generated_at: datetime) -> None:
    ws.title = SHEET_ROWS
    _top(ws, w, "Simulasi metodologi", generated_at)
    _text(ws, 4, 1, f"{len(w.rows)} badan publik; {w.movers} berubah (nilai, predikat atau "
                    f"peringkat), {w.predicate_changes} berganti predikat. Yang berubah "
                    f"ditulis lebih dulu.")
    _head(ws, list(COLUMNS), HEADER_ROW)
    for n, r in enumerate(w.rows, start=1):
        row = HEADER_ROW + n
        fill = MOVED_FILL if r.moved else None
        _number(ws, row, 1, n, "0")
        for column, value in ((2, r.name), (3, r.category_name), (4, r.region or "-"),
                              (5, r.status_label)):
            _text(ws, row, column, value, fill=fill)
        _number(ws, row, 6, r.stored.final, formatting.XLSX_SCORE)
        _band(ws, row, 7, r.stored.predicate, r.stored.colour, r.moved)
        _number(ws, row, 8, r.stored.rank, "0")
        _number(ws, row, 9, r.whatif.final, formatting.XLSX_SCORE)
        _band(ws, row, 10, r.whatif.predicate, r.whatif.colour, r.moved)
        _number(ws, row, 11, r.whatif.rank, "0")
        _number(ws, row, 12, r.delta, formatting.XLSX_SIGNED, fill=fill)
        _number(ws, row, 13, r.rank_change, formatting.XLSX_SIGNED_INT, fill=fill)
        _text(ws, row, 14, "ya" if r.moved else "tidak", fill=fill)
        _text(ws, row, 15, r.note or "-", fill=fill)
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _unused_sheet(ws: Worksheet, w: WhatIf, generated_at: datetime) -> None:
    _top(ws, w, "Masukan yang tidak dipakai simulasi", generated_at)
    _text(ws, 4, 1, "Jawaban, verifikasi dan nilai panel siklus yang tidak dapat dinilai "
                    "dengan metodologi pembanding, dan pertanyaan baru yang belum dijawab."
          if w.unused else "Semua masukan siklus dipakai oleh metodologi pembanding.")
    _head(ws, [("Jenis", 50), ("Kode", 14), ("Uraian", 70), ("Badan publik", 12)],
          HEADER_ROW)
    for n, u in enumerate(w.unused, start=1):
        row = HEADER_ROW + n
        _text(ws, row, 1, u.kind_label, wrap=True)
        _text(ws, row, 2, u.code)
        _text(ws, row, 3, u.label or "-", wrap=True)
        _number(ws, row, 4, u.bodies, "0")


def _changes_sheet(ws: Worksheet, w: WhatIf, generated_at: datetime) -> None:
    _top(ws, w, "Perubahan metodologi", generated_at)
    _text(ws, 4, 1, f"{len(w.changes)} perubahan dari {w.stored_methodology.id} versi "
                    f"{w.stored_methodology.version} ke {w.other.id} versi {w.other.version}.")
    _head(ws, [("Bagian", 18), ("Kode", 18), ("Perubahan", 40), ("Sebelum", 50),
               ("Sesudah", 50)], HEADER_ROW)
    for n, line in enumerate(w.change_lines, start=1):
        row = HEADER_ROW + n
        _text(ws, row, 1, line.change.section_label)
        _text(ws, row, 2, line.change.code or "-")
        _text(ws, row, 3, line.what, wrap=True)
        _text(ws, row, 4, line.old, wrap=True)
        _text(ws, row, 5, line.new, wrap=True)


def write_whatif_workbook(w: WhatIf, target: Target,
                          generated_at: datetime | None = None) -> int:
    """Write the what-if workbook of `w` to `target` (a path or a binary file object);
    returns its size in bytes."""
    generated_at = generated_at or datetime.now(WIB)
    wb = Workbook()
    _rows_sheet(wb.active, w, generated_at)
    _unused_sheet(wb.create_sheet(SHEET_UNUSED), w, generated_at)
    _changes_sheet(wb.create_sheet(SHEET_CHANGES), w, generated_at)
    buffer = io.BytesIO()
    wb.save(buffer)
    return emit(target, buffer.getvalue())


def whatif_workbook(w: WhatIf) -> tuple[str, bytes]:
    """The what-if workbook of `w` in memory: (suggested file name, bytes), for a page that
    computed `w` already."""
    buffer = io.BytesIO()
    write_whatif_workbook(w, buffer)
    return file_name(Subject(w.year, w.ki)), buffer.getvalue()


def file_name(subject: Subject) -> str:
    return subject.name("peringkat", "simulasi", suffix=".xlsx")


def export_whatif(db: Workspace, actor: Actor, cycle_id: int, target: Target,
                  methodology: str | None = None) -> Exported:
    """The what-if workbook of cycle `cycle_id` against `methodology` (a library ref or a
    methodology file; None: :func:`monev.whatif.default_comparison`). Raises NotFound,
    PermissionDenied, UsageError, InvalidMethodology."""
    require(db, actor, Action.EXPORT)
    w = what_if_ref(db, actor, cycle_id, methodology)
    written = write_whatif_workbook(w, target)
    return Exported(file_name(Subject(w.year, w.ki)), len(w.rows), written)


def _produce(db: Workspace, actor: Actor, request: Request, target: Target | IO[bytes]
             ) -> Exported:
    chosen = request.options.get("methodology")
    return export_whatif(db, actor, request.cycle_id, target,
                         chosen if isinstance(chosen, str) else None)


EXPORT = Export(
    key="whatif", order=45, label="Simulasi metodologi (Excel)", noun="buku kerja simulasi",
    help="Nilai, predikat dan peringkat tersimpan berdampingan dengan hasil bila jawaban "
         "yang sama dinilai dengan metodologi lain (versi terbaru di pustaka, kecuali "
         "dipilih); yang berubah ditulis lebih dulu. Tidak mengubah data.",
    file_name=file_name, media_type=XLSX, action=Action.EXPORT,
    icon=":material/compare_arrows:", produce=_produce,
    options=(Option("methodology", "metodologi pembanding: ID, ID@VERSI dari pustaka, atau "
                                   "berkas metodologi (.xlsx, .yaml)",
                    metavar="ID|ID@VERSI|BERKAS"),))
