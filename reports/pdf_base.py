"""What the PDF reports share: A4 page template, "Halaman x dari y", styles, table styles.

reportlab only (pure Python wheels on Windows, no browser, no system libraries). Fonts are
the PDF standard Helvetica family, which every viewer has, so nothing is embedded and a
report stays small; it covers the Latin-1 text of Bahasa Indonesia.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from reports.data import CycleMeta
from reports.formatting import long_date

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
INK = colors.HexColor("#212121")
MUTED = colors.HexColor("#616161")
RULE = colors.HexColor("#BDBDBD")
HEAD_BG = colors.HexColor("#263238")
ZEBRA = colors.HexColor("#F5F5F5")
MARGIN = 15 * mm


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.6),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=8,
                                    leading=9.6),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=9.6,
                                     alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8, leading=9.6,
                               textColor=colors.white),
        "head_right": ParagraphStyle("head_right", parent=base, fontName=BOLD, fontSize=8,
                                     leading=9.6, textColor=colors.white, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19,
                                spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9.5, leading=12.5,
                                   textColor=MUTED),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14,
                             spaceBefore=9, spaceAfter=4),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "big": ParagraphStyle("big", parent=base, fontName=BOLD, fontSize=24, leading=28,
                              alignment=TA_CENTER),
        "big_label": ParagraphStyle("big_label", parent=base, fontSize=8, leading=10,
                                    alignment=TA_CENTER, textColor=MUTED),
    }


def table_style(header_rows: int = 1, zebra_from: int = 1, rows: int = 0, *,
                right: Sequence[int] = (), bold: Sequence[int] = ()) -> list[tuple[Any, ...]]:
    """Commands for a data table with a dark header and light zebra rows.

    Cells given as plain strings (cheaper than paragraphs: short text that never wraps)
    are set in 8 pt, bold white in the header; `right` columns are right-aligned and
    `bold` columns bold.
    """
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8, 9.6),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8, 9.6),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, header_rows - 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for col in right:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    for col in bold:
        commands.append(("FONT", (col, header_rows), (col, -1), BOLD, 8, 9.6))
    for row in range(max(zebra_from, header_rows), rows, 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    return commands


def _page_numbers_canvas(footer: str, draft: bool) -> type[Canvas]:
    """A canvas that holds pages back until the end, so every page can say "dari y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN, 11 * mm, width - MARGIN, 11 * mm)
            self.drawString(MARGIN, 7 * mm, footer)
            self.drawRightString(width - MARGIN, 7 * mm,
                                 f"Halaman {self._pageNumber} dari {total}")
            if draft:
                self.setFont(BOLD, 8)
                self.setFillColor(colors.HexColor("#B71C1C"))
                self.drawRightString(width - MARGIN, self._pagesize[1] - 9 * mm,
                                     "DRAF — hasil belum ditetapkan")
            self.restoreState()

    return NumberedCanvas


def footer_text(meta: CycleMeta, what: str, limit: int = 110) -> str:
    """``Rapor X · Monev KIP 2025 · dibuat 23 November 2026`` (long names shortened)."""
    tail = f" · {meta.title} · dibuat {long_date(meta.generated_at)}"
    room = max(limit - len(tail), 20)
    if len(what) > room:
        what = what[:room - 1].rstrip() + "…"
    return what + tail


def build(story: Sequence[Flowable], meta: CycleMeta, *, what: str, title: str,
          wide: bool = False, on_page: Callable[[Canvas, Any], None] | None = None) -> bytes:
    """Lay `story` out on A4 (landscape when `wide`) and return the PDF bytes."""
    buffer = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = BaseDocTemplate(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=16 * mm, title=title,
                          author=meta.ki, subject=meta.title, creator="monev-kip",
                          pageCompression=1, invariant=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template = (PageTemplate(id="page", frames=[frame], onPage=on_page) if on_page
                else PageTemplate(id="page", frames=[frame]))
    doc.addPageTemplates([template])
    numbered = _page_numbers_canvas(footer_text(meta, what), not meta.published)
    stamp = pdf_date(meta.generated_at, meta.zone)

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        made = numbered(*args, **kwargs)
        # `invariant` keeps the bytes reproducible but would date the file 1 January 2000
        # in its properties; the report's own time (in its zone) is shown instead.
        made.setDateFormatter(lambda *_: stamp)
        return made

    doc.build(list(story), canvasmaker=canvas)
    return buffer.getvalue()


def pdf_date(when: datetime, zone: tzinfo) -> str:
    """A PDF date (``D:20261130155331+07'00'``) of `when` in `zone` — the creation and
    modification date a PDF reader shows in the document's properties. A time without a
    zone is UTC."""
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{local:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"
