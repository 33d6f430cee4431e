"""The ranking per category as a PDF, for the annex (*lampiran*) of the KI's decree.

One section per category, each starting on a new page: rank, badan publik, SAQ, the later
stages, final score and predikat (coloured by band); a stage score a badan publik did not
earn is marked and explained under the table (below the stage's gate: ``*``; no score for
the stage, e.g. a late body without panel scores: ``**``, with what the methodology counts
for it); badan publik that were not scored are listed after the ranked ones with their
participation status, never as 0. Optional
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

from questionnaires.model import MissingStagePolicy
from reports import formatting as fmt
from reports.data import MISSING_LABELS, CategoryRanking, RankingBook, RankingRow, StageInfo
from reports.pdf_base import BOLD, MUTED, build, styles, table_style
from reports.safety import clean, pdf_text

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


BELOW_GATE_MARK = "*"
MISSING_MARK = "**"  # no score for the stage (not uploaded in time, no panel scores yet…)


def _marked_cell(text: str, mark: str, under: str) -> Paragraph:
    """A stage cell with a mark and a short word under it (the note under the table says
    why): ``0,00*`` / ``tidak mengikuti``."""
    return Paragraph(f"{text}{mark}<br/>"
                     f'<font size="6.5" color="#{MUTED.hexval()[2:]}">'
                     f"{under}</font>", _S["cell_right"])


def _counts_zero(stage: StageInfo) -> bool:
    """Whether a stage without data counts as 0 in the final (else its weight is shared
    out over the stages taken)."""
    return stage.missing == MISSING_LABELS[MissingStagePolicy.ZERO]


def _is_missing(row: RankingRow, stage: StageInfo) -> bool:
    """A ranked badan publik without a score for `stage` (and not below its gate)."""
    return row.stages.get(stage.code) is None and stage.code not in row.below_gate


def _stage_cell(row: RankingRow, stage: StageInfo) -> Any:
    if stage.code in row.below_gate:
        return _marked_cell(fmt.score(row.stages.get(stage.code)), BELOW_GATE_MARK,
                            "tidak mengikuti")
    if _is_missing(row, stage):  # counted as 0: print the 0 it counts as
        return _marked_cell(fmt.score(0) if _counts_zero(stage) else fmt.DASH,
                            MISSING_MARK, "tidak dinilai")
    return fmt.score(row.stages.get(stage.code))


def _stage_notes(book: RankingBook, category: CategoryRanking) -> list[Flowable]:
    """One line per stage some ranked badan publik of `category` did not reach (below its
    gate) and one per stage some have no score for, saying what it counts as."""
    out: list[Flowable] = []
    for stage in book.methodology.other_stages:
        below = [r for r in category.ranked if stage.code in r.below_gate]
        if below:
            scores = sorted({fmt.score(r.stages.get(stage.code)) for r in below})
            out.append(Paragraph(
                f"{BELOW_GATE_MARK} {pdf_text(stage.name)}: "
                f"{pdf_text(stage.below_gate_note)}; {fmt.integer(len(below))} badan publik "
                f"tidak mengikuti tahapan ini dan nilai tahapannya dihitung "
                f"{' / '.join(scores)} sesuai metodologi.", _S["muted"]))
    for stage in book.methodology.other_stages:
        missing = [r for r in category.ranked if _is_missing(r, stage)]
        if missing:
            counted = (f"nilai tahapannya dihitung {fmt.score(0)}" if _counts_zero(stage)
                       else "bobot tahapan ini dibagi ulang atas tahapan yang diikuti")
            out.append(Paragraph(
                f"{MISSING_MARK} {pdf_text(stage.name)}: tidak dinilai — tidak ada nilai "
                f"tahapan ini; {fmt.integer(len(missing))} badan publik, {counted} sesuai "
                "metodologi.", _S["muted"]))
    return out


def _category(book: RankingBook, category: CategoryRanking) -> list[Flowable]:
    others = book.methodology.other_stages
    # short cells are plain strings (cheap; the table style sets their font); text that may
    # wrap is a paragraph
    head: list[Any] = ["Peringkat", "Badan publik", "SAQ"]
    head += [_cell(s.name, "head_right") for s in others]
    head += ["Nilai akhir", "Predikat"]
    stage_width = 20 * mm
    name_width = WIDTH - (16 + 18 + 20 + 36) * mm - stage_width * len(others)
    widths = [16 * mm, name_width, 18 * mm] + [stage_width] * len(others) + [20 * mm,
                                                                              36 * mm]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = []
    ranked = category.ranked
    for row in ranked:
        line: list[Any] = [str(row.rank), _cell(row.name), fmt.score(row.saq)]
        line += [_stage_cell(row, s) for s in others]
        band = row.predicate
        line += [fmt.score(row.final), clean(band.label) if band else fmt.DASH]
        rows.append(line)
        if band is not None:
            r = len(rows) - 1
            commands += [("BACKGROUND", (-1, r), (-1, r), colors.HexColor(band.colour)),
                         ("TEXTCOLOR", (-1, r), (-1, r), colors.HexColor(band.text_colour))]
    last = len(head) - 1
    right = (0, *range(2, last))
    out: list[Flowable] = [
        Paragraph(f"Kategori {pdf_text(category.name)}", _S["h2"]),
        Paragraph(f"{fmt.integer(len(ranked))} badan publik dinilai dan diperingkat", _S["muted"]),
        Spacer(1, 2 * mm),
    ]
    if ranked:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([*table_style(rows=len(rows), right=right),
                                   ("FONT", (last, 1), (last, -1), BOLD, 8, 9.6),
                                   *commands]))
        out.append(table)
        notes = _stage_notes(book, category)
        if notes:
            out += [Spacer(1, 1.5 * mm), *notes]
    unranked = category.unranked
    if unranked:
        rest: list[list[Any]] = [["Badan publik", "Status", "Keterangan"]]
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
