"""The writers from plain data alone (no database): odd text, limits, a category change."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

import reports.ranking_xlsx as ranking_xlsx
from reports.data import (
    AuditRow,
    BandInfo,
    CategoryRanking,
    CycleMeta,
    IndicatorInfo,
    MethodologyInfo,
    Previous,
    RankingBook,
    RankingRow,
    StageInfo,
)
from reports.ranking_pdf import render_ranking_pdf
from reports.ranking_xlsx import write_ranking_workbook

D = Decimal
AT = datetime(2025, 9, 1, 8, 30, tzinfo=UTC)
BANDS = (BandInfo("Informatif", D(90), None, "#1B5E20"),
         BandInfo("Tidak Informatif", D(0), D("89.99"), "#C62828"))
METHOD = MethodologyInfo(
    id="m", version="1", title="M", ki="KI", year=2025, legal_basis=("UU 14/2008",),
    stages=(StageInfo("saq", "SAQ", "Kuesioner (SAQ)", D(100), "", "dihitung 0", True),),
    indicators=(IndicatorInfo("A", "Indikator A", "saq", "SAQ", D(100)),),
    bands=BANDS, categories=(("opd", "OPD & Dinas <Utama>"),), decimals=2, tie_breakers=())
META = CycleMeta(cycle_id=1, ki="KI", year=2025, title="Monev 2025", published=True,
                 generated_at=AT, published_at=AT, previous_title="Monev 2024",
                 previous_year=2024)


def row(name: str, rank: int | None, final: str | None, *, region: str = "",
        previous: Previous | None = None) -> RankingRow:
    value = None if final is None else D(final)
    return RankingRow(
        body_id=rank or 99, name=name, region=region, category="opd", status="Mengisi SAQ",
        scored=value is not None, rank=rank, indicators={"A": value}, saq_raw=value,
        saq=value, stages={}, bonus=None, final=value,
        predicate=None if value is None else BANDS[0] if value >= 90 else BANDS[1],
        previous=previous)


def book(rows: list[RankingRow], audit: tuple[AuditRow, ...] = ()) -> RankingBook:
    return RankingBook(META, METHOD, (CategoryRanking("opd", "OPD & Dinas <Utama>",
                                                      tuple(rows)),), audit)


def load(data: RankingBook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_ranking_workbook(data, buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_odd_text_survives_the_xml() -> None:
    names = ["PT <Maju> & \"Jaya\" 'Abadi'", "Dinas\x00 Kontrol\x1f", "+62 Desa", "@Kantor",
             "  spasi di depan  "]
    rows = [row(n, i, "95") for i, n in enumerate(names, start=1)]
    wb = load(book(rows))
    ws = wb["OPD & Dinas <Utama>"]
    got = [ws.cell(r, 2).value for r in range(5, 5 + len(names))]
    assert got == ["PT <Maju> & \"Jaya\" 'Abadi'", "Dinas Kontrol", "+62 Desa", "@Kantor",
                   "  spasi di depan  "]
    assert [ws.cell(r, 2).quotePrefix for r in range(5, 10)] == [False, False, True, True,
                                                                 False]
    assert ws.oddHeader.left.text == "KI — Peringkat kategori OPD && Dinas <Utama>"


def test_rank_change_only_within_the_same_category() -> None:
    same = row("A", 1, "95", previous=Previous(3, D("80"), "Tidak Informatif", "opd"))
    moved = row("B", 2, "91", previous=Previous(1, D("93"), "Informatif", "desa"))
    assert same.rank_change == 2
    assert moved.rank_change is None
    assert moved.final_change == D("-2")
    ws = load(book([same, moved]))["OPD & Dinas <Utama>"]
    header = [c.value for c in ws[4]]
    change = header.index("Perubahan peringkat") + 1
    assert (ws.cell(5, change).value, ws.cell(6, change).value) == (2, None)


def test_audit_stops_at_the_excel_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking_xlsx, "MAX_AUDIT_ROWS", 3)
    audit = tuple(AuditRow(AT, "Verifikasi", "A", "OPD", f"1.{i}", "Ya", "Tidak", "=alasan",
                           "Verifikator") for i in range(5))
    ws = load(book([row("A", 1, "95")], audit))["Audit"]
    values = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(values) == 4
    assert values[0][:2] == (AT.replace(tzinfo=None), "Verifikasi")  # naive UTC
    assert values[0][7] == "=alasan"
    assert ws["H5"].data_type == "s"
    assert values[-1][0].startswith("… 2 perubahan berikutnya tidak muat")
    assert ws.auto_filter.ref == "A4:I7"


def test_empty_category_and_no_audit() -> None:
    wb = load(book([row("Diam", None, None)]))
    ws = wb["OPD & Dinas <Utama>"]
    assert ws.cell(5, 2).value == "Diam"
    assert ws.cell(5, 1).value is None
    assert wb["Audit"]["A5"].value == "Belum ada perubahan nilai."
    pdf = render_ranking_pdf(book([row("Diam", None, None)]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "0 badan publik dinilai dan diperingkat" in text
    assert "Tidak dinilai" in text
    assert "OPD &amp;" not in text
    assert "OPD & Dinas <Utama>" in text
