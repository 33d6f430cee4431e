"""Report cards (and the ranking page's drill-down, which shows the same card) with gates of
every form and per-category indicator weights: a stage a gate kept shut is explained by
that gate and this badan publik's own reading ("Presentasi tidak dihitung: syarat SAQ > 60
tidak terpenuhi (SAQ 60,00)"), and an indicator's weight is the one of the badan publik's
category.

mini (tests/fixtures/mini.yaml): SAQ 80 % (A 60, B 40) + Presentasi 20 % (K), missing
panel 0. An OPD answers 1.1 (A, 2 pts), 1.2 (A, checklist a/b/c, 3 pts), 2.1 (B, scale
0/½/1, 4 pts); a desa 1.1, 1.2, 2.2 (B, 1 pt).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pypdf import PdfReader

from questionnaires.model import Methodology
from reports.data import CycleMeta, ReportCard, category_stats, methodology_info, report_card
from reports.report_card import render_report_card
from scoring import Case, Result, rank, score_all
from tests.scoring.conftest import case, variant

D = Decimal
META = CycleMeta(cycle_id=1, ki="KI Uji", year=2025, title="Monev KIP 2025", published=False,
                 generated_at=datetime(2025, 11, 1, tzinfo=UTC))
FULL_A = {"1.1": True, "1.2": frozenset("abc")}  # A = 5 / 5 = 100


@dataclass(frozen=True)
class Entry:
    body_id: int
    region: str
    result: Result


def cards(m: Methodology, cases: list[Case]) -> dict[str, ReportCard]:
    entries = [Entry(n, "Kota Uji", r) for n, r in enumerate(rank(score_all(cases, m), m), 1)]
    stats = category_stats(entries)
    return {e.result.badan_publik: report_card(META, m, e, stats) for e in entries}


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def _above_60_and_desa_weights(d: dict[str, Any]) -> None:
    d["stages"][1]["gate"] = {"stage": "saq", "min_score": 60, "comparison": ">"}
    d["indicators"][0]["weights"] = {"desa": 20}  # A: desa 20 (others 60)
    d["indicators"][1]["weights"] = {"desa": 80}  # B: desa 80 (others 40)


def test_a_gate_above_60_keeps_60_00_out_and_the_card_says_so():
    # Dinas 60: A = 100, B = 0 (2.1 "Tidak ada") → SAQ = 0,6 × 100 = 60,00: "> 60" fails,
    # the panel (J1 90) scores 0 → final 0,8 × 60 = 48,00 (Kurang Informatif; Cukup at 60).
    m = variant(_above_60_and_desa_weights)
    by_name = cards(m, [case("Dinas 60", "opd", {**FULL_A, "2.1": 0}, panel={"J1": 90}),
                        case("Dinas 100", "opd", {**FULL_A, "2.1": 2}, panel={"J1": 90})])
    card = by_name["Dinas 60"]
    assert card.final == D("48.00")
    panel = card.stages[1]
    assert (panel.name, panel.score) == ("Presentasi", D("0.00"))
    assert panel.status == "Tidak mengikuti — syarat SAQ > 60 tidak terpenuhi (SAQ 60,00)"
    assert card.remarks == ("Presentasi tidak dihitung (dinilai 0,00): syarat SAQ > 60 tidak "
                            "terpenuhi (SAQ 60,00)")
    (gap,) = card.gap.stages
    assert (gap.gate_rule, gap.gate_reading, gap.points) == ("SAQ > 60", "SAQ 60,00",
                                                             D("20.00"))
    text = pdf_text(render_report_card(card))
    assert ("Presentasi tidak dihitung: syarat SAQ > 60 tidak terpenuhi (SAQ 60,00). Bila "
            "terpenuhi, tahapan ini (bobot 20 %) dapat menambah hingga 20,00 poin nilai "
            "akhir.") in text
    assert "Nilai SAQ perlu minimal" not in text  # the old line, wrong for "> 60"
    # What applies to every badan publik alike (ranking workbook, decree annex).
    (stage,) = methodology_info(m).other_stages
    assert stage.below_gate_note == "tidak mengikuti — syarat SAQ > 60 tidak terpenuhi"


def test_the_card_shows_the_weights_of_the_bodys_category():
    # Desa Maju: 1.1 Ya (A = 2/5 = 40), 2.2 Ya (B = 1/1 = 100). With the desa weights A 20,
    # B 80: SAQ = 0,2 × 40 + 0,8 × 100 = 88 (the default 60/40 would give 64), > 60 opens
    # the panel: final = 0,8 × 88 + 0,2 × 90 = 88,40.
    m = variant(_above_60_and_desa_weights)
    by_name = cards(m, [case("Desa Maju", "desa", {"1.1": True, "2.2": True},
                             panel={"J1": 90}),
                        case("Dinas 100", "opd", {**FULL_A, "2.1": 2}, panel={"J1": 90})])
    desa, opd = by_name["Desa Maju"], by_name["Dinas 100"]
    assert desa.final == D("88.40")
    assert {i.code: i.weight for i in desa.indicators} == {"A": 20, "B": 80, "K": 100}
    assert {i.code: i.weight for i in opd.indicators} == {"A": 60, "B": 40, "K": 100}
    assert [i.label for i in desa.indicators] == [
        "Indikator A (bobot 20 %)", "Indikator B (bobot 80 %)", "Komitmen (bobot 100 %)"]
    text = pdf_text(render_report_card(desa))
    assert "Indikator A SAQ 20 % 40,00 40,00" in text  # name, stage, weight, score, average
    assert "Indikator B SAQ 80 % 100,00 100,00" in text
    assert "Indikator A SAQ 60 %" not in text


def _top_1(d: dict[str, Any]) -> None:
    d["stages"][1]["gate"] = {"stage": "saq", "top": 1}


def test_a_rank_gate_names_the_rank():
    # OPDs by SAQ: Dinas 100 (100) 1st, Dinas 68 (A 4/5 → 48 + B ½ → 20 = 68) 2nd: only the
    # top 1 of the category takes the panel. Dinas 68: 0,8 × 68 = 54,40.
    m = variant(_top_1)
    by_name = cards(m, [case("Dinas 100", "opd", {**FULL_A, "2.1": 2}, panel={"J1": 80}),
                        case("Dinas 68", "opd", {"1.1": True, "1.2": frozenset("ab"),
                                                 "2.1": 1}, panel={"J1": 80})])
    card = by_name["Dinas 68"]
    assert card.final == D("54.40")
    assert card.stages[1].status == ("Tidak mengikuti — syarat 1 teratas per kategori di SAQ "
                                     "tidak terpenuhi (peringkat SAQ ke-2)")
    assert card.remarks == ("Presentasi tidak dihitung (dinilai 0,00): syarat 1 teratas per "
                            "kategori di SAQ tidak terpenuhi (peringkat SAQ ke-2)")
    (gap,) = card.gap.stages
    assert gap.gate_score is None  # no threshold: the line still names the gate
    text = pdf_text(render_report_card(card))
    assert ("Presentasi tidak dihitung: syarat 1 teratas per kategori di SAQ tidak terpenuhi "
            "(peringkat SAQ ke-2). Bila terpenuhi") in text
    assert "belum dinilai" not in text  # the stage was scored: closed by its gate
    (stage,) = methodology_info(m).other_stages
    assert stage.below_gate_note == ("tidak mengikuti — syarat 1 teratas per kategori di SAQ "
                                     "tidak terpenuhi")


def _exact_60(d: dict[str, Any]) -> None:
    """SAQ = A alone; 1.1 Ya alone gives A = 599966 / 1000000 = 59,9966 (published 60,00);
    the gate reads the exact score."""
    d["indicators"][0]["weight"] = 100
    d["indicators"][1]["weight"] = 0
    d["questions"][0]["points"] = 599966
    d["questions"][1] = {"code": "1.2", "indicator": "A", "text": "Sisanya", "type": "yes_no",
                         "points": 400034}
    d["stages"][1]["gate"] = {"stage": "saq", "min_score": 60, "basis": "exact"}


def test_an_exact_gate_shows_the_exact_score():
    m = variant(_exact_60)
    card = cards(m, [case("Dinas X", "opd", {"1.1": True}, panel={"J1": 90})])["Dinas X"]
    assert card.saq == D("60.00")  # published as 60,00, yet below the exact gate
    assert card.stages[1].status == ("Tidak mengikuti — syarat SAQ ≥ 60 (nilai tepat) tidak "
                                     "terpenuhi (SAQ 59,9966)")


def test_the_ranking_workbook_lists_the_weights_of_some_categories():
    import openpyxl

    from reports.data import RankingBook, ranking_categories
    from reports.ranking_xlsx import write_ranking_workbook

    m = variant(_above_60_and_desa_weights)
    cases = [case("Desa Maju", "desa", {"1.1": True, "2.2": True}, panel={"J1": 90})]
    entries = [Entry(1, "Kota Uji", r) for r in rank(score_all(cases, m), m)]
    info = methodology_info(m)
    buffer = io.BytesIO()
    write_ranking_workbook(RankingBook(META, info, ranking_categories(entries, info)), buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Metodologi"]
    rows = [[c.value for c in row][:5] for row in sheet.iter_rows()]
    head = rows.index(["Kode", "Nama", "Tahapan", "Bobot dalam tahapan (%)",
                       "Bobot kategori tertentu (%)"])
    assert rows[head + 1] == ["A", "Indikator A", "SAQ", 60, "Desa: 20"]
    assert rows[head + 2] == ["B", "Indikator B", "SAQ", 40, "Desa: 80"]
    assert rows[head + 3][4] is None  # Komitmen: the same weight for every category
