"""Rapor (report card) of one badan publik as a PDF (A4, Bahasa Indonesia), and all report
cards of a cycle as one ZIP.

The card shows who the badan publik is, its final score, predikat and rank in its
category, its stage scores, its indicator scores against the category average (a vector
bar chart), the items of a website-monitoring stage (what was found where and when),
every question where points were lost and why (not answered, no data dukung, lowered by
the verifikator and the verifikator's reason, an item not found on the site), and what it
would take to reach the next predikat. Every page says "Halaman x dari y". Only reportlab is needed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from reports import formatting as fmt
from reports.charts import indicator_chart
from reports.data import ReportCard
from reports.pdf_base import BOLD, MUTED, RULE, build, styles, table_style
from reports.safety import clean, pdf_text, slug

WIDTH = 180 * mm  # A4 portrait less 15 mm margins
_S = styles()


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, _S[style])


def _cell(text: object, style: str = "cell") -> Paragraph:
    return Paragraph(pdf_text(text), _S[style])


def _points(value: Any) -> str:
    return fmt.plain(value)


def _header(card: ReportCard) -> list[Flowable]:
    meta = card.meta
    lines = [
        _p("RAPOR MONITORING DAN EVALUASI KETERBUKAAN INFORMASI PUBLIK", "muted"),
        _p(pdf_text(card.name), "title"),
        _p(f"Kategori <b>{pdf_text(card.category_name)}</b>"
           + (f" · Wilayah {pdf_text(card.region)}" if card.region else "")
           + f" · Status keikutsertaan: {pdf_text(card.status)}", "subtitle"),
        _p(f"{pdf_text(meta.label)} · Metodologi: {pdf_text(card.methodology_title)}",
           "subtitle"),
    ]
    if not meta.published:
        lines.append(_p("<b>Hasil sementara:</b> nilai ini belum ditetapkan dan masih dapat "
                        "berubah karena verifikasi, sanggah atau penilaian panel.", "muted"))
    return [*lines, Spacer(1, 5 * mm)]


def _summary(card: ReportCard) -> Flowable:
    band = card.predicate
    rank = f"{card.rank}" if card.rank is not None else fmt.DASH
    band_style, band_label = _S["big"], _S["big_label"]
    if band is not None:
        ink = colors.HexColor(band.text_colour)
        size = 16 if len(band.label) > 12 else 22
        band_style = band_style.clone("band", textColor=ink, fontSize=size,
                                      leading=size * 1.2)
        band_label = band_label.clone("band_label", textColor=ink)
    cells = [
        [_p(fmt.score(card.final), "big"),
         Paragraph(pdf_text(band.label) if band else fmt.DASH, band_style),
         _p(rank, "big"), _p(fmt.score(card.category_final), "big")],
        [_p("Nilai akhir", "big_label"), Paragraph("Predikat", band_label),
         _p(f"Peringkat dari {fmt.integer(card.ranked_in_category)} badan publik kategori ini",
            "big_label"),
         _p("Rata-rata nilai akhir kategori", "big_label")],
    ]
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
    ]
    if band is not None:
        commands.append(("BACKGROUND", (1, 0), (1, -1), colors.HexColor(band.colour)))
    table = Table(cells, colWidths=[38 * mm, 62 * mm, 40 * mm, 40 * mm])
    table.setStyle(TableStyle(commands))
    return table


def _previous(card: ReportCard) -> list[Flowable]:
    prev = card.previous
    if prev is None or card.meta.previous_year is None:
        return []
    if prev.final is None:
        text = f"Monev {card.meta.previous_year}: tidak dinilai."
    else:
        parts = [f"nilai {fmt.score(prev.final)}"]
        if prev.predicate:
            parts.append(pdf_text(prev.predicate))
        if prev.rank is not None:
            moved = prev.category and prev.category != card.category
            parts.append(f"peringkat {prev.rank}" + (f" (kategori {pdf_text(prev.category)})"
                                                     if moved else ""))
        text = f"Monev {card.meta.previous_year}: " + ", ".join(parts)
        if card.final is not None:
            text += f" (perubahan nilai {fmt.signed(card.final - prev.final)})"
        text += "."
    return [Spacer(1, 2 * mm), _p(text, "muted")]


def _stages(card: ReportCard) -> list[Flowable]:
    rows: list[list[Any]] = [["Tahapan", "Bobot", "Nilai mandiri", "Nilai", "Keterangan"]]
    for stage in card.stages:
        rows.append([_cell(stage.name), f"{fmt.plain(stage.weight)} %",
                     fmt.score(stage.raw, ""), fmt.score(stage.score), _cell(stage.status)])
    if card.bonus is not None:
        rows.append(["Nilai tambahan", "", "", fmt.signed(card.bonus), ""])
    rows.append(["Nilai akhir", "", "", fmt.score(card.final), _cell(card.remarks)])
    table = Table(rows, colWidths=[62 * mm, 18 * mm, 24 * mm, 20 * mm, 56 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([*table_style(rows=len(rows), right=(1, 2, 3)),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
                               ("FONT", (0, -1), (3, -1), BOLD, 8, 9.6)]))
    return [_p("Nilai per tahapan", "h2"),
            _p("Nilai mandiri adalah hasil jawaban badan publik sendiri; nilai yang dihitung "
               "memakai hasil verifikasi.", "muted"), Spacer(1, 2 * mm), table]


def _indicators(card: ReportCard) -> list[Flowable]:
    if not card.indicators:
        return []
    chart = indicator_chart([f"{i.name}" for i in card.indicators],
                            [i.score for i in card.indicators],
                            [i.average for i in card.indicators], WIDTH)
    # The weights are the category's own where the methodology gives it some.
    rows: list[list[Any]] = [["Indikator", "Tahapan", "Bobot", "Nilai", "Rata-rata kategori"]]
    rows += [[_cell(i.name), _cell(i.stage), f"{fmt.plain(i.weight)} %", fmt.score(i.score),
              fmt.score(i.average)] for i in card.indicators]
    table = Table(rows, colWidths=[70 * mm, 46 * mm, 18 * mm, 18 * mm, 28 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle(table_style(rows=len(rows), right=(2, 3, 4))))
    return [KeepTogether([
        _p("Nilai indikator dibanding rata-rata kategori", "h2"),
        _p(f"Skala 0–100. Rata-rata dari badan publik yang dinilai dalam kategori "
           f"{pdf_text(card.category_name)}. Bobot: bagian indikator dalam tahapannya untuk "
           f"kategori ini.", "muted"),
        chart, Spacer(1, 2 * mm), table])]


def _site(card: ReportCard) -> list[Flowable]:
    """The items of a monitoring stage: what website monitoring found where and when."""
    if not card.site:
        return []
    rows: list[list[Any]] = [["Kode", "Pertanyaan", "Poin", "Temuan di situs"]]
    for line in card.site:
        rows.append([clean(line.code), _cell(line.text),
                     f"{_points(line.earned)} / {_points(line.possible)}",
                     _cell(line.finding)])
    table = Table(rows, colWidths=[13 * mm, 70 * mm, 18 * mm, 79 * mm], repeatRows=1)
    table.setStyle(TableStyle(table_style(rows=len(rows), right=(2,), bold=(0,))))
    names = " dan ".join(dict.fromkeys(pdf_text(line.stage) for line in card.site))
    return [_p(f"Pemantauan situs: {names}", "h2"),
            _p("Setiap butir yang ditemukan di situs badan publik pada pemantauan situs "
               "terakhir yang selesai mendapat poinnya; nilai tahapan = poin yang diperoleh / "
               "poin maksimal × 100.", "muted"), Spacer(1, 2 * mm), table]


def _lost(card: ReportCard) -> list[Flowable]:
    out: list[Flowable] = [_p("Butir yang kehilangan nilai dan sebabnya", "h2")]
    if not card.scored:
        return [*out, _p("Badan publik ini tidak dinilai, sehingga tidak ada rincian butir.")]
    if not card.lost:
        return [*out, _p("Tidak ada: semua butir memperoleh nilai penuh.")]
    out.append(_p("Diurutkan dari yang paling besar pengaruhnya. Kolom terakhir: tambahan nilai "
                  "akhir bila butir itu dipenuhi penuh.", "muted"))
    out.append(Spacer(1, 2 * mm))
    rows: list[list[Any]] = [["Kode", "Pertanyaan", "Indikator", "Poin", "Sebab",
                              "Nilai akhir"]]
    for line in card.lost:
        points = f"{_points(line.earned)} / {_points(line.possible)}"
        if line.earned_raw is not None and line.earned_raw != line.earned:
            points += f"\n(mandiri {_points(line.earned_raw)})"
        rows.append([clean(line.code), _cell(line.text), _cell(line.indicator), points,
                     _cell(line.reason_text), f"+{fmt.score(line.contribution)}"])
    table = Table(rows, colWidths=[13 * mm, 62 * mm, 26 * mm, 20 * mm, 42 * mm, 17 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle(table_style(rows=len(rows), right=(3, 5), bold=(0,))))
    out.append(table)
    return out


def _gap(card: ReportCard) -> list[Flowable]:
    out: list[Flowable] = [_p("Yang diperlukan untuk predikat berikutnya", "h2")]
    if not card.scored:
        return [*out, _p("Badan publik yang tidak dinilai tidak memperoleh predikat. Isi dan "
                         "kirim SAQ beserta data dukung pada monev berikutnya.")]
    if card.top_band:
        label = card.predicate.label if card.predicate else ""
        return [*out, _p(f"Predikat tertinggi (<b>{pdf_text(label)}</b>) sudah dicapai. "
                         "Butir yang masih kurang di atas tetap layak dilengkapi untuk "
                         "mempertahankannya.")]
    gap = card.gap
    if gap is None:
        return []
    band = f"<b>{pdf_text(gap.band.label)}</b> (minimal {fmt.score(gap.band.lower)})"
    lost = {(line.stage, line.code): line for line in card.lost}
    if gap.reachable:
        out.append(_p(f"Untuk mencapai predikat {band} nilai akhir perlu naik "
                      f"<b>{fmt.score(gap.needed)}</b> poin. Butir paling sedikit yang cukup "
                      f"untuk itu ({len(gap.questions)} butir, bila dipenuhi penuh dan "
                      f"terverifikasi) menambah <b>{fmt.score(gap.gain)}</b> poin:"))
    else:
        others = [s.name for s in card.stages[1:]]
        elsewhere = (f"tahapan {' dan '.join(pdf_text(n) for n in others)}" if others
                     else "tahapan penilaian lain")
        if gap.questions:
            text = (f"Melengkapi semua butir SAQ yang kurang menambah paling banyak "
                    f"<b>{fmt.score(gap.gain)}</b> poin, belum cukup: sisanya harus datang "
                    f"dari {elsewhere}. Semua butir yang kurang:")
        else:
            text = (f"Semua butir SAQ sudah bernilai penuh; tambahan nilai hanya dapat "
                    f"datang dari {elsewhere}.")
        out.append(_p(f"Untuk mencapai predikat {band} nilai akhir perlu naik "
                      f"<b>{fmt.score(gap.needed)}</b> poin. {text}"))
    if gap.questions:
        rows: list[list[Any]] = [["Kode", "Pertanyaan", "Yang perlu dilakukan", "Tambahan"]]
        keys = gap.keys or tuple(("", code) for code in gap.questions)
        by_code = {line.code: line for line in card.lost}
        for stage, code in keys:
            line = lost.get((stage, code)) or (by_code.get(code) if not stage else None)
            if line is None:
                continue
            rows.append([clean(code), _cell(line.text), _cell(_todo(line)),
                         f"+{fmt.score(line.contribution)}"])
        table = Table(rows, colWidths=[13 * mm, 90 * mm, 59 * mm, 18 * mm], repeatRows=1)
        table.setStyle(TableStyle(table_style(rows=len(rows), right=(3,), bold=(0,))))
        out += [Spacer(1, 2 * mm), table]
    if gap.stages:
        out.append(Spacer(1, 2 * mm))
        out += [_p(f"• {stage_gap_text(stage)}") for stage in gap.stages]
    return out


def stage_gap_text(stage: Any) -> str:
    """One line (PDF markup) about a stage that holds the final back
    (:class:`scoring.explain.StageGap`): ``Presentasi tidak dihitung: syarat SAQ > 60 tidak
    terpenuhi (SAQ 58,16). Bila terpenuhi, tahapan ini (bobot 20 %) dapat menambah hingga
    20,00 poin nilai akhir.``, or ``Tahapan Presentasi belum dinilai (bobot 20 %): …``."""
    name = pdf_text(stage.name)
    points = f"<b>{fmt.score(stage.points)}</b>"
    if stage.gate_rule:
        return (f"{name} tidak dihitung: syarat {pdf_text(stage.gate_rule)} tidak terpenuhi "
                f"({pdf_text(stage.gate_reading)}). Bila terpenuhi, tahapan ini (bobot "
                f"{fmt.plain(stage.weight)} %) dapat menambah hingga {points} poin nilai akhir.")
    return (f"Tahapan {name} belum dinilai (bobot {fmt.plain(stage.weight)} %): hingga "
            f"{points} poin nilai akhir.")


def _todo(line: Any) -> str:
    from scoring.results import Reason

    if line.advice:  # the answer type's own (a number's next threshold …)
        return line.advice
    if line.reason is Reason.NOT_ANSWERED:
        return "Jawab pertanyaan ini dan lampirkan data dukung."
    if line.reason is Reason.NO_EVIDENCE:
        return "Lampirkan data dukung (dokumen atau tautan) yang dapat diperiksa."
    if line.reason is Reason.OVERRIDDEN:
        return "Perbaiki sesuai catatan verifikator dan sediakan bukti yang sah."
    if line.reason is Reason.INVALID:
        return "Pilih salah satu jawaban yang tersedia."
    return "Penuhi seluruh unsur yang dinilai dan sediakan data dukungnya."


def _unscored(card: ReportCard) -> list[Flowable]:
    box = Table([[_p(f"<b>Tidak dinilai:</b> {pdf_text(card.status)}. Badan publik yang tidak "
                     "mendaftar atau tidak mengisi SAQ tidak diberi nilai dan tidak "
                     "diperingkat; statusnya dicatat terpisah dari predikat.")]],
                colWidths=[WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#B71C1C")),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFEBEE")),
                             ("LEFTPADDING", (0, 0), (-1, -1), 6),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [box]


def story(card: ReportCard) -> list[Flowable]:
    parts: list[Flowable] = _header(card)
    if card.scored:
        parts += [_summary(card), *_previous(card), *_stages(card), *_indicators(card),
                  *_site(card)]
    else:
        parts += [*_unscored(card), *_previous(card)]
    parts += _lost(card)
    parts += _gap(card)
    parts += [Spacer(1, 6 * mm),
              _p("Rapor ini disusun otomatis dari data monev. Nilai dibulatkan ke atas pada "
                 "setengah (dua desimal) sebelum predikat ditentukan. Pertanyaan tentang "
                 "nilai dapat diajukan kepada Komisi Informasi selama masa sanggah.", "small")]
    return parts


def render_report_card(card: ReportCard) -> bytes:
    """The report card as PDF bytes."""
    return build(story(card), card.meta, what=f"Rapor {card.name}",
                 title=f"Rapor Monev KIP {card.meta.year} — {card.name}")


def card_file_name(card: ReportCard) -> str:
    """``opd/dinas-kominfo-12.pdf``: a folder per category, unique by body id."""
    return f"{slug(card.category, 40)}/{slug(card.name)}-{card.body_id}.pdf"


def _named(card: ReportCard) -> tuple[zipfile.ZipInfo, bytes]:
    """The card's ZIP entry, dated when the report was made in its zone, and its PDF."""
    return (fmt.zip_member(card_file_name(card), card.meta.generated_at, card.meta.zone),
            render_report_card(card))


def write_report_cards_zip(cards: Iterable[ReportCard], target: str | IO[bytes] | Any, *,
                           workers: int = 1) -> int:
    """Render every card into one ZIP (a path or a binary file object); returns the count.

    With ``workers > 1`` the cards are rendered in that many processes (about 40 ms of
    CPU per card; rendering is pure Python), in the same order.
    """
    count = 0
    # PDF page streams are compressed already: store them as they are.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        if workers <= 1:
            rendered: Iterable[tuple[zipfile.ZipInfo, bytes]] = map(_named, cards)
            for name, data in rendered:
                archive.writestr(name, data)
                count += 1
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for name, data in pool.map(_named, cards, chunksize=8):
                    archive.writestr(name, data)
                    count += 1
    return count
