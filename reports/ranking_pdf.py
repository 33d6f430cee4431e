"""The ranking per category as a PDF, for the annex (*lampiran*) of the KI's decree.

One section per category, each starting on a new page: rank, badan publik, SAQ, the later
stages, final score and predikat (coloured by band); badan publik that were not scored are
listed after the ranked ones with their participation status, never as 0. Optional
decree number and signature block. A4 portrait, "Halaman x dari y" on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports import numbers as fmt
from reports.data import CategoryRanking, RankingBook
from reports.pdf_base import build, styles, table_style
from reports.safety import pdf_text

WIDTH = 180 * mm
_S = styles()


def _cell(text: object, style: str = "cell") -> Paragraph:
    return Paragraph(pdf_text(text), _S[style])


def _title(book: RankingBook, decree_number: str) -> list[Flowable]:
    meta = book.meta
    out: list[Flowable] = [
        Paragraph(f"LAMPIRAN KEPUTUSAN {pdf_text(meta.ki.upper())}", _S["h2"]),
    ]
    if decree_number:
        out.append(Paragraph(f"NOMOR: {pdf_text(decree_number)}", _S["body"]))
    out += [
        Paragraph(f"TENTANG HASIL MONITORING DAN EVALUASI KETERBUKAAN INFORMASI PUBLIK "
                  f"TAHUN {meta.year}", _S["body"]),
        Spacer(1, 2 * mm),
        Paragraph(f"{pdf_text(meta.title)} · Metodologi: "
                  f"{pdf_text(book.methodology.title)}", _S["muted"]),
    ]
    if not meta.published:
        out.append(Paragraph("<b>DRAF</b> — hasil belum ditetapkan dan masih dapat berubah.",
                             _S["muted"]))
    out.append(Spacer(1, 4 * mm))
    return out


_BAND_STYLES: dict[str, Any] = {}


def _band_style(ink: str) -> Any:
    """Bold cell text in the colour that reads on the band's background."""
    style = _BAND_STYLES.get(ink)
    if style is None:
        style = _BAND_STYLES[ink] = _S["cell_bold"].clone(f"band{ink}",
                                                          textColor=colors.HexColor(ink))
    return style


def _category(book: RankingBook, category: CategoryRanking) -> list[Flowable]:
    others = book.methodology.other_stages
    head: list[Any] = [_cell("Peringkat", "head_right"), _cell("Badan publik", "head"),
                       _cell("SAQ", "head_right")]
    head += [_cell(s.name, "head_right") for s in others]
    head += [_cell("Nilai akhir", "head_right"), _cell("Predikat", "head")]
    stage_width = 20 * mm
    name_width = WIDTH - (16 + 18 + 20 + 36) * mm - stage_width * len(others)
    widths = [16 * mm, name_width, 18 * mm] + [stage_width] * len(others) + [20 * mm,
                                                                              36 * mm]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = []
    ranked = category.ranked
    for row in ranked:
        line = [_cell(row.rank, "cell_right"), _cell(row.name), _cell(fmt.score(row.saq),
                                                                      "cell_right")]
        line += [_cell(fmt.score(row.stages.get(s.code)), "cell_right") for s in others]
        band = row.predicate
        line += [_cell(fmt.score(row.final), "cell_right"),
                 Paragraph(pdf_text(band.label), _band_style(band.text_colour)) if band
                 else _cell(fmt.DASH)]
        rows.append(line)
        if band is not None:
            r = len(rows) - 1
            commands.append(("BACKGROUND", (-1, r), (-1, r), colors.HexColor(band.colour)))
    out: list[Flowable] = [
        Paragraph(f"Kategori {pdf_text(category.name)}", _S["h2"]),
        Paragraph(f"{fmt.integer(len(ranked))} badan publik dinilai dan diperingkat", _S["muted"]),
        Spacer(1, 2 * mm),
    ]
    if ranked:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([*table_style(rows=len(rows)), *commands]))
        out.append(table)
    unranked = category.unranked
    if unranked:
        rest: list[list[Any]] = [[_cell("Badan publik", "head"), _cell("Status", "head"),
                                  _cell("Keterangan", "head")]]
        for row in unranked:
            rest.append([_cell(row.name), _cell(row.status), _cell(row.remarks)])
        table = Table(rest, colWidths=[90 * mm, 40 * mm, 50 * mm], repeatRows=1)
        table.setStyle(TableStyle(table_style(rows=len(rest))))
        out += [CondPageBreak(30 * mm), Spacer(1, 4 * mm),
                Paragraph("Tidak dinilai", _S["h2"]),
                Paragraph("Badan publik berikut tidak diberi nilai dan tidak diperingkat.",
                          _S["muted"]), Spacer(1, 2 * mm), table]
    return out


def _signature(place: str, signatory: str, signatory_title: str, meta: Any) -> Flowable:
    when = f"{pdf_text(place)}, " if place else ""
    lines = [Paragraph(f"{when}{fmt.long_date(meta.generated_at)}", _S["body"]),
             Paragraph(pdf_text(signatory_title or f"Ketua {meta.ki}"), _S["body"]),
             Spacer(1, 18 * mm),
             Paragraph(f"<b>{pdf_text(signatory)}</b>", _S["body"])]
    table = Table([[Spacer(1, 1), lines]], colWidths=[WIDTH - 70 * mm, 70 * mm])
    return KeepTogether([Spacer(1, 10 * mm), table])


def render_ranking_pdf(book: RankingBook, *, categories: Sequence[str] | None = None,
                       decree_number: str = "", signatory: str = "",
                       signatory_title: str = "", place: str = "") -> bytes:
    """The decree annex: every category (or those whose codes are given) as PDF bytes."""
    chosen = [c for c in book.categories if categories is None or c.code in categories]
    story: list[Flowable] = _title(book, decree_number)
    if not chosen:
        story.append(Paragraph("Tidak ada badan publik dalam kategori yang dipilih.",
                               _S["body"]))
    for i, category in enumerate(chosen):
        if i:
            story.append(PageBreak())
        story += _category(book, category)
    if signatory:
        story.append(_signature(place, signatory, signatory_title, book.meta))
    return build(story, book.meta, what="Lampiran peringkat",
                 title=f"Peringkat Monev KIP {book.meta.year} — {book.meta.ki}")
