"""The ranking workbook, opened with openpyxl: contents, number formats, fills, layout."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from reports_world import EVIL, World

from monev.clock import today
from monev.errors import PermissionDenied
from monev.exports.ranking import export_ranking, ranking_book
from monev.outcomes.publication import publish
from monev.permissions import SYSTEM


def _workbook(world: World, actor=None) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    info = export_ranking(world.db, actor or world.official, world.cycle_id, buffer)
    assert info.file_name == f"peringkat-monev-kip-2025-ki-uji-{today()}.xlsx"
    assert info.count == 5
    assert info.size == len(buffer.getvalue()) > 0
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _rows(ws) -> dict[str, dict[str, object]]:
    """Body name → {header: cell} of a category sheet (header in row 4)."""
    header = [c.value for c in ws[4]]
    out = {}
    for row in ws.iter_rows(min_row=5):
        cells = dict(zip(header, row, strict=True))
        out[cells["Badan publik"].value] = cells
    return out


def test_sheets_cover_and_layout(world: World) -> None:
    wb = _workbook(world)
    assert wb.sheetnames == ["Sampul", "OPD", "Desa", "Metodologi", "Audit"]
    cover = [[c for c in row if c is not None]
             for row in wb["Sampul"].iter_rows(values_only=True)]
    flat = [v for row in cover for v in row]
    assert "KI Uji" in flat
    assert 2025 in flat
    assert "DRAF — hasil belum ditetapkan dan masih dapat berubah" in flat
    assert ["OPD", "OPD", 4, 3, 1, 0, 1, 0, 1] in cover  # per category and predikat
    assert ["Jumlah", 5, 4, 1, 1, 1, 0, 1] in cover
    for name in ("OPD", "Desa", "Audit"):
        ws = wb[name]
        assert ws.print_title_rows == "$4:$4"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Halaman &P dari &N" in ws.oddFooter.right.text
    assert wb["OPD"].freeze_panes == "C5"
    assert wb["OPD"].auto_filter.ref == "A4:S8"
    assert wb["Desa"].auto_filter.ref == "A4:S5"
    assert wb["Audit"].freeze_panes == "A5"


def test_category_sheet_scores_are_numbers_with_two_decimals(world: World) -> None:
    ws = _workbook(world)["OPD"]
    header = [c.value for c in ws[4]]
    assert header == [
        "Peringkat", "Badan publik", "Wilayah", "Indikator A (SAQ)", "Indikator B (SAQ)",
        "Komitmen (Presentasi)", "SAQ mandiri", "SAQ terverifikasi", "Presentasi",
        "Nilai tambahan", "Nilai akhir", "Predikat", "Peringkat 2024", "Nilai akhir 2024",
        "Perubahan nilai", "Perubahan peringkat", "Predikat 2024", "Status keikutsertaan",
        "Keterangan"]
    rows = _rows(ws)
    assert list(rows) == ["Dinas Arsip", "Dinas Bina Marga", EVIL, "Dinas Diam"]
    arsip, bina = rows["Dinas Arsip"], rows["Dinas Bina Marga"]
    assert arsip["Peringkat"].value == 1
    assert arsip["Nilai akhir"].value == pytest.approx(98.0)
    assert arsip["Nilai tambahan"].value == pytest.approx(1.0)
    assert "Pimpinan hadir langsung" in arsip["Keterangan"].value
    assert (bina["SAQ mandiri"].value, bina["SAQ terverifikasi"].value) == (80, 68)
    assert bina["Nilai akhir"].value == pytest.approx(71.4)
    for key in ("Indikator A (SAQ)", "SAQ terverifikasi", "Presentasi", "Nilai akhir",
                "Nilai akhir 2024"):
        cell = bina[key]
        assert cell.data_type == "n", key
        assert cell.number_format == "0.00", key
    # change against the previous (published) cycle
    assert (bina["Peringkat 2024"].value, bina["Nilai akhir 2024"].value) == (1, 80)
    assert bina["Perubahan nilai"].value == pytest.approx(-8.6)
    assert bina["Perubahan nilai"].number_format == "+0.00;-0.00;0.00"
    assert bina["Perubahan peringkat"].value == -1
    assert arsip["Perubahan peringkat"].value == 1
    assert arsip["Predikat 2024"].value == "Kurang Informatif"
    # not submitted: listed, no rank, no score (never 0)
    diam = rows["Dinas Diam"]
    assert diam["Peringkat"].value is None
    assert diam["Nilai akhir"].value is None
    assert diam["Status keikutsertaan"].value == "Tidak mengisi SAQ"
    assert rows[EVIL]["Keterangan"].value == (
        "Presentasi tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi (SAQ 40,00)")


def test_predikat_is_coloured_by_band(world: World) -> None:
    ws = _workbook(world)["OPD"]
    rows = _rows(ws)
    expected = {"Dinas Arsip": ("Informatif", "1B5E20", "FFFFFF"),
                "Dinas Bina Marga": ("Cukup Informatif", "F9A825", "000000"),
                EVIL: ("Tidak Informatif", "C62828", "FFFFFF")}
    for name, (label, fill, ink) in expected.items():
        cell = rows[name]["Predikat"]
        assert cell.value == label
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith(fill)
        assert cell.font.color.rgb.endswith(ink)
        assert cell.font.bold
    header = ws["A4"]
    assert header.font.bold
    assert header.fill.fgColor.rgb.endswith("263238")


def test_text_that_looks_like_a_formula_stays_text(world: World) -> None:
    wb = _workbook(world)
    cell = _rows(wb["OPD"])[EVIL]["Badan publik"]
    assert cell.value == EVIL
    assert cell.data_type == "s"
    assert cell.quotePrefix
    region = _rows(wb["OPD"])[EVIL]["Wilayah"]
    assert (region.value, region.data_type, region.quotePrefix) == ("-Wilayah", "s", True)
    plain = _rows(wb["OPD"])["Dinas Arsip"]["Badan publik"]
    assert not plain.quotePrefix
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_methodology_sheet(world: World) -> None:
    ws = _workbook(world)["Metodologi"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert ["saq", "SAQ", "Kuesioner (SAQ)", 80, "dihitung 0"] in rows
    assert ["panel", "Presentasi", "Penilaian panel/juri", 20, "SAQ minimal 60",
            "dihitung 0"] in rows
    assert ["A", "Indikator A", "SAQ", 60] in rows
    assert ["Menuju Informatif", 80, 89.99] in rows
    assert ["Tidak Informatif", 0, 39.99] in rows
    fills = {row[0].value: row[0].fill.fgColor.rgb for row in ws.iter_rows()
             if row[0].value in ("Informatif", "Cukup Informatif")}
    assert fills["Informatif"].endswith("1B5E20")
    assert fills["Cukup Informatif"].endswith("F9A825")


def test_audit_sheet_lists_every_score_change(world: World) -> None:
    ws = _workbook(world)["Audit"]
    header = [c.value for c in ws[4]]
    assert header == ["Waktu (WIB)", "Jenis", "Badan publik", "Kategori", "Butir",
                      "Nilai lama", "Nilai baru", "Alasan", "Oleh"]
    rows = [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=5)]
    values = [{k: c.value for k, c in r.items()} for r in rows]
    lowered = next(v for v in values if v["Jenis"] == "Verifikasi" and v["Butir"] == "1.2")
    assert lowered == {**lowered, "Badan publik": "Dinas Bina Marga", "Kategori": "OPD",
                       "Nilai lama": "a (RKA), b (DPA), c (LRA)",
                       "Nilai baru": "a (RKA), b (DPA)",
                       "Alasan": "LRA tidak ditemukan di situs", "Oleh": "Verifikator Satu"}
    assert isinstance(lowered["Waktu (WIB)"], datetime)
    corrected = next(v for v in values if v["Jenis"] == "Nilai panel"
                     and v["Nilai lama"] is not None)
    assert (corrected["Butir"], corrected["Nilai lama"], corrected["Nilai baru"],
            corrected["Alasan"]) == ("Presentasi · j2 · Komitmen", 70, 80,
                                     "Salah input nilai juri 2")
    panel_cell = next(r for r in rows if r["Jenis"].value == "Nilai panel")["Nilai baru"]
    assert (panel_cell.data_type, panel_cell.number_format) == ("n", "0.00")
    bonus = next(v for v in values if v["Jenis"] == "Nilai tambahan")
    assert (bonus["Nilai baru"], bonus["Alasan"]) == (1, "Pimpinan hadir langsung")
    decided = next(v for v in values if v["Jenis"] == "Sanggah diputus")
    assert (decided["Nilai lama"], decided["Nilai baru"], decided["Alasan"]) == (
        "Diajukan", "Ditolak", "Tautan mengarah ke LRA tahun lalu")
    filed = next(v for v in values if v["Jenis"] == "Sanggah diajukan")
    assert filed["Oleh"] == "PPID Bina Marga"
    assert filed["Butir"] == "sanggah #1, butir 1.2"
    times = [v["Waktu (WIB)"] for v in values]
    assert times == sorted(times)
    assert ws["A5"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_published_cycle_is_not_a_draft(world: World) -> None:
    publish(world.db, SYSTEM, world.cycle_id)
    wb = _workbook(world)
    flat = [v for row in wb["Sampul"].iter_rows(values_only=True) for v in row if v]
    assert "Ditetapkan" in flat
    assert not any("DRAF" in str(v) for v in flat)
    assert "Penetapan hasil" in [r[1] for r in wb["Audit"].iter_rows(min_row=5,
                                                                     values_only=True)]
    book = ranking_book(world.db, world.official, world.cycle_id)
    assert book.meta.published
    assert book.meta.published_at is not None


def test_coordinators_cannot_export(world: World) -> None:
    with pytest.raises(PermissionDenied):
        export_ranking(world.db, world.coordinator, world.cycle_id, io.BytesIO())
    with pytest.raises(PermissionDenied):
        ranking_book(world.db, world.coordinator, world.cycle_id)


def test_written_to_a_path(world: World, tmp_path) -> None:
    path = tmp_path / "peringkat.xlsx"
    info = export_ranking(world.db, world.verifier, world.cycle_id, path)
    assert info.size == path.stat().st_size
    assert openpyxl.load_workbook(path).sheetnames[0] == "Sampul"
