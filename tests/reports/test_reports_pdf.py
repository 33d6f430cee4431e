"""Report cards and the decree annex: PDF text extracted with pypdf, a page rendered to PNG."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reports_world import EVIL, World

from monev.clock import today
from monev.errors import NotFound, PermissionDenied, UsageError
from monev.exports.ranking_pdf import export_ranking_pdf
from monev.exports.report_card import export_report_card
from monev.exports.report_cards import export_report_cards
from monev.outcomes.publication import publish
from monev.permissions import SYSTEM
from reports.report_card import render_report_card


def _pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def _card(world: World, name: str, actor=None) -> list[str]:
    buffer = io.BytesIO()
    info = export_report_card(world.db, actor or world.official, world.cycle_id,
                              world.bodies[name], buffer)
    assert info.count == 1
    assert info.file_name.startswith("rapor-monev-kip-2025-ki-uji-")
    data = buffer.getvalue()
    assert data.startswith(b"%PDF")
    return _pages(data)


def test_report_card_of_a_badan_publik_lowered_by_the_verifikator(world: World) -> None:
    pages = _card(world, "Dinas Bina Marga")
    text = " ".join(pages)
    for expected in (
            "RAPOR MONITORING DAN EVALUASI KETERBUKAAN INFORMASI PUBLIK", "Dinas Bina Marga",
            "Kategori OPD", "Wilayah Kota Uji", "71,40", "Cukup Informatif",
            "Peringkat dari 3 badan publik kategori ini",
            "67,13",  # category average of the final score: (98 + 71,4 + 32) / 3
            "Monev 2024: nilai 80,00, Menuju Informatif, peringkat 1 (perubahan nilai -8,60)",
            "Nilai per tahapan", "SAQ 80 % 80,00 68,00",
            "Nilai indikator dibanding rata-rata kategori", "Indikator A", "Rata-rata kategori",
            "Butir yang kehilangan nilai dan sebabnya",
            "Diturunkan verifikator: LRA tidak ditemukan di situs", "(mandiri 3)",
            "Sebagian", "+16,00", "+9,60",
            "Yang diperlukan untuk predikat berikutnya",
            "Untuk mencapai predikat Menuju Informatif (minimal 80,00) nilai akhir perlu naik "
            "8,60 poin", "(1 butir,",
            "DRAF — hasil belum ditetapkan"):
        assert expected in text, expected
    assert all(re.search(rf"Halaman {i} dari {len(pages)}", page)
               for i, page in enumerate(pages, start=1))
    # the gap names 2.1 (worth 16,00 ≥ 8,60) and not 1.2
    gap = text.split("Yang diperlukan untuk predikat berikutnya", 1)[1]
    assert "2.1" in gap
    assert "1.2" not in gap


def test_report_card_reasons_not_answered_and_no_evidence(world: World) -> None:
    text = " ".join(_card(world, EVIL))
    assert EVIL in text  # shown as text, escaped for the PDF markup
    assert "Tidak dijawab" in text
    assert "Tanpa data dukung" in text
    # the stage's own line, the remarks and the gap say which gate and what it read
    assert "Tidak mengikuti — syarat SAQ ≥ 60 tidak terpenuhi (SAQ 40,00)" in text
    assert ("Presentasi tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi (SAQ "
            "40,00)") in text
    assert ("Presentasi tidak dihitung: syarat SAQ ≥ 60 tidak terpenuhi (SAQ 40,00). Bila "
            "terpenuhi, tahapan ini (bobot 20 %) dapat menambah hingga") in text
    assert "Jawab pertanyaan ini dan lampirkan data dukung." in text
    assert "Kurang Informatif (minimal 40,00)" in text


def test_report_cards_of_top_band_unreachable_and_unscored(world: World) -> None:
    top = " ".join(_card(world, "Dinas Arsip"))
    assert "Predikat tertinggi (Informatif) sudah dicapai" in top
    assert "Nilai tambahan +1,00" in top
    assert "Monev 2024: nilai 44,80, Kurang Informatif, peringkat 2 (perubahan nilai +53,20)" in top
    desa = " ".join(_card(world, "Desa Maju"))
    assert "Tidak ada: semua butir memperoleh nilai penuh." in desa
    assert "Semua butir SAQ sudah bernilai penuh; tambahan nilai hanya dapat datang dari " \
           "tahapan Presentasi" in desa
    # no panel scores (policy zero): the stage itself is named as what holds the final back
    assert "Tahapan Presentasi belum dinilai (bobot 20 %): hingga 20,00 poin nilai akhir." \
        in desa
    silent = " ".join(_card(world, "Dinas Diam"))
    assert "Tidak dinilai: Tidak mengisi SAQ" in silent
    assert "Peringkat dari" not in silent


def test_all_report_cards_as_one_zip(world: World) -> None:
    buffer = io.BytesIO()
    info = export_report_cards(world.db, world.official, world.cycle_id, buffer)
    assert (info.file_name, info.count) == (f"rapor-monev-kip-2025-ki-uji-{today()}.zip", 5)
    with zipfile.ZipFile(buffer) as archive:
        names = sorted(archive.namelist())
        assert names == sorted([
            f"opd/dinas-arsip-{world.bodies['Dinas Arsip']}.pdf",
            f"opd/dinas-bina-marga-{world.bodies['Dinas Bina Marga']}.pdf",
            f"opd/hyperlink-http-contoh-invalid-x-klik-{world.bodies[EVIL]}.pdf",
            f"opd/dinas-diam-{world.bodies['Dinas Diam']}.pdf",
            f"desa/desa-maju-{world.bodies['Desa Maju']}.pdf"])
        for name in names:
            assert archive.read(name).startswith(b"%PDF")
        desa = _pages(archive.read(f"desa/desa-maju-{world.bodies['Desa Maju']}.pdf"))
        assert "Menuju Informatif" in desa[0]
    parallel = io.BytesIO()
    assert export_report_cards(world.db, world.official, world.cycle_id, parallel,
                               workers=2).count == 5
    with zipfile.ZipFile(parallel) as archive:
        assert sorted(archive.namelist()) == names
        assert "Cukup Informatif" in _pages(archive.read(
            f"opd/dinas-bina-marga-{world.bodies['Dinas Bina Marga']}.pdf"))[0]
    only_desa = io.BytesIO()
    assert export_report_cards(world.db, world.official, world.cycle_id, only_desa,
                               category="desa").count == 1
    with pytest.raises(UsageError):
        export_report_cards(world.db, world.official, world.cycle_id, io.BytesIO(),
                            category="bumn")


def test_ranking_pdf_for_the_decree_annex(world: World) -> None:
    publish(world.db, SYSTEM, world.cycle_id)
    buffer = io.BytesIO()
    info = export_ranking_pdf(world.db, world.official, world.cycle_id, buffer,
                              decree_number="01/KEP/KI-UJI/XII/2025", signatory="Dr. Ketua",
                              place="Kota Uji")
    assert info.file_name == f"lampiran-peringkat-monev-kip-2025-ki-uji-{today()}.pdf"
    pages = _pages(buffer.getvalue())
    assert len(pages) == 2  # one category per page
    first, second = pages
    assert "LAMPIRAN KEPUTUSAN KI UJI" in first
    assert "NOMOR: 01/KEP/KI-UJI/XII/2025" in first
    assert "Kategori OPD" in first
    assert "1 Dinas Arsip 100,00 85,00 98,00 Informatif" in first
    assert "2 Dinas Bina Marga 68,00 85,00 71,40 Cukup Informatif" in first
    # below the panel's gate: the 0,00 says it did not take part, and the note says why
    assert f"3 {EVIL} 40,00 0,00* tidak mengikuti 32,00 Tidak Informatif" in first
    assert ("* Presentasi: tidak mengikuti — SAQ di bawah ambang 60,00; 1 badan publik "
            "tidak mengikuti tahapan ini dan nilai tahapannya dihitung 0,00 sesuai "
            "metodologi.") in first
    assert "Tidak dinilai" in first
    assert "Dinas Diam Tidak mengisi SAQ" in first
    assert "DRAF" not in first  # published
    assert "Kategori Desa" in second
    assert "Dr. Ketua" in second
    assert "Halaman 2 dari 2" in second
    one = io.BytesIO()
    info = export_ranking_pdf(world.db, world.official, world.cycle_id, one,
                              categories=["desa"])
    assert info.count == 1
    assert info.file_name.endswith(f"-desa-{today()}.pdf")
    assert _pages(one.getvalue())[0].count("Kategori") == 1
    with pytest.raises(UsageError):
        export_ranking_pdf(world.db, world.official, world.cycle_id, io.BytesIO(),
                           categories=["bumn"])


def test_permissions_and_unknown_body(world: World) -> None:
    with pytest.raises(PermissionDenied):
        export_report_card(world.db, world.coordinator, world.cycle_id,
                           world.bodies["Dinas Bina Marga"], io.BytesIO())
    with pytest.raises(PermissionDenied):
        export_report_cards(world.db, world.coordinator, world.cycle_id, io.BytesIO())
    with pytest.raises(PermissionDenied):
        export_ranking_pdf(world.db, world.coordinator, world.cycle_id, io.BytesIO())
    with pytest.raises(NotFound):
        export_report_card(world.db, world.official, world.cycle_id, 99_999, io.BytesIO())


def test_long_report_card_numbers_every_page(world: World) -> None:
    """A card with many lost questions runs over pages: each says "Halaman x dari y"."""
    from dataclasses import replace

    from monev.exports.report_card import report_cards

    card = next(c for c in report_cards(world.db, world.official, world.cycle_id,
                                        body_ids=[world.bodies["Dinas Bina Marga"]]))
    card = replace(card, lost=card.lost * 40)
    pages = _pages(render_report_card(card))
    assert len(pages) >= 3
    for i, page in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in page
    assert all("Kode Pertanyaan Indikator Poin Sebab" in page for page in pages[1:-1])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_report_card_renders_to_png(world: World, tmp_path: Path) -> None:
    """pdftoppm (poppler) can rasterise the card: a real A4 page, not blank."""
    pdf = tmp_path / "rapor.pdf"
    export_report_card(world.db, world.official, world.cycle_id,
                       world.bodies["Dinas Bina Marga"], pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "rapor")], check=True, timeout=60)
    png = (tmp_path / "rapor.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert abs(width - 496) <= 1  # A4 (210 × 297 mm) at 60 dpi, portrait
    assert abs(height - 702) <= 1
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # text, chart and band colour, not an empty page
    band = (0xF9, 0xA8, 0x25)  # Cukup Informatif
    assert any(c == band for _, c in colours)


def test_coordinators_download_their_own_cards_once_published(world: World) -> None:
    """A koordinator PPID gets the report card of a badan publik in their scope after the
    results are published — never before, and never of another badan publik."""
    from monev.outcomes.publication import publish
    from monev.permissions import SYSTEM

    own, other = world.bodies["Dinas Bina Marga"], world.bodies["Dinas Arsip"]
    with pytest.raises(PermissionDenied, match="setelah hasil siklus ditetapkan"):
        export_report_card(world.db, world.coordinator, world.cycle_id, own, io.BytesIO())
    publish(world.db, SYSTEM, world.cycle_id)
    card = io.BytesIO()
    info = export_report_card(world.db, world.coordinator, world.cycle_id, own, card)
    assert info.count == 1
    assert "Dinas Bina Marga" in _pages(card.getvalue())[0]
    with pytest.raises(PermissionDenied, match="cakupan"):
        export_report_card(world.db, world.coordinator, world.cycle_id, other, io.BytesIO())
