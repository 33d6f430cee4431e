"""Evidence files are judged by their content, not their name: a good PDF (pages counted)
and images are accepted; an oversized, renamed, encrypted, broken or empty file is refused
with its catalog code, an Indonesian reason and a fix. Opening runs in the parse pool."""

from __future__ import annotations

import pytest
from evidence_samples import encrypted_pdf, image_bytes, pdf_bytes, scanned_pdf

from evidence.inspect import JPEG, PDF, PNG, EvidenceRefused, inspect_file, sniff
from monev.errors import UsageError
from questionnaires.errors import CATALOG
from reports.formatting import file_size


def refused(data: bytes, name: str = "bukti.pdf", limit: int = 2_000_000) -> EvidenceRefused:
    with pytest.raises(EvidenceRefused) as caught:
        inspect_file(data, name, limit)
    return caught.value


def test_a_good_pdf_is_accepted_with_its_pages():
    data = pdf_bytes(3)
    found = inspect_file(data, "SK PPID.pdf")
    assert (found.media_type, found.pages, found.size_bytes) == (PDF, 3, len(data))
    assert len(found.sha256) == 64


def test_images_are_accepted_without_pages():
    assert inspect_file(image_bytes("PNG"), "foto.png").media_type == PNG
    found = inspect_file(image_bytes("JPEG"), "foto.jpg")
    assert (found.media_type, found.pages) == (JPEG, None)


def test_the_name_does_not_matter():
    """A real PDF named .txt is a PDF; a text file named .pdf is not."""
    assert inspect_file(pdf_bytes(), "catatan.txt").media_type == PDF
    error = refused(b"Ini daftar informasi publik, bukan PDF.\n" * 20, "DIP 2025.pdf")
    assert error.problem.code == "E601"
    assert "teks biasa" in error.message
    assert error.message.startswith("[E601] DIP 2025.pdf: Berkas bukan PDF")
    assert "Simpan Sebagai › PDF" in error.message  # how to fix it
    assert isinstance(error, UsageError)  # shown by the app and the CLI like any refusal


def test_other_documents_say_what_they_look_like():
    assert "ZIP" in refused(b"PK\x03\x04" + b"\0" * 100, "sk.docx").message
    assert "HTML" in refused(b"<!DOCTYPE html><html><body>Masuk</body></html>").message
    assert "Office lama" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50).message


def test_an_oversized_file_is_refused_before_it_is_opened():
    data = scanned_pdf(2_100_000)
    error = refused(data, "pindaian.pdf")
    assert error.problem.code == "E602"
    assert "melebihi batas 2 MB" in error.message
    assert f"berukuran {file_size(len(data))}, " in error.message  # e.g. "2,7 MB"
    # a methodology with a larger limit takes it
    assert inspect_file(data, "pindaian.pdf", 5_000_000).pages == 1


def test_just_over_the_limit_says_the_exact_size():
    error = refused(pdf_bytes() + b"%" * (2_000_001 - len(pdf_bytes())))
    assert "2 MB (2.000.001 byte)" in error.message


def test_an_encrypted_pdf_is_refused():
    error = refused(encrypted_pdf(), "rahasia.pdf")
    assert error.problem.code == "E603"
    assert "kata sandi" in error.message


def test_a_pdf_restricted_only_by_its_owner_opens_and_is_accepted():
    assert inspect_file(encrypted_pdf(owner_only=True), "terbatas.pdf").pages == 2


@pytest.mark.parametrize("damage", ["truncated", "header only", "no pages"])
def test_a_broken_pdf_is_refused(damage: str):
    good = pdf_bytes(2)
    data = {"truncated": good[: len(good) // 2],
            "header only": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "no pages": good.replace(b"/Count 2", b"/Count 0").replace(b"/Kids [", b"/Kids [] %[")
            }[damage]
    error = refused(data, "rusak.pdf")
    assert error.problem.code == "E604", error.message
    assert "rusak atau terpotong" in error.message


def test_a_broken_image_is_refused():
    png = image_bytes("PNG", (200, 200))
    error = refused(png[: len(png) // 2], "foto.png")
    assert error.problem.code == "E605"
    assert "PNG" in error.message


def test_an_empty_file_is_refused():
    assert refused(b"", "kosong.pdf").problem.code == "E606"


def test_sniffing_reads_the_first_bytes_only():
    assert sniff(b"junk" * 10 + b"%PDF-1.4") == PDF  # junk before the header is allowed
    assert sniff(b"x" * 2000 + b"%PDF-1.4") is None
    assert sniff(image_bytes("JPEG")) == JPEG


def test_every_refusal_is_in_the_catalog_with_a_fix():
    for code in ("E601", "E602", "E603", "E604", "E605", "E606"):
        assert CATALOG[code].fix


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 byte"), (850, "850 byte"), (12_500, "12,5 kB"), (999_950, "1 MB"),
    (1_200_000, "1,2 MB"), (1_250_000, "1,3 MB"), (2_000_000, "2 MB"), (3_400_000_000, "3,4 GB")])
def test_sizes_read_the_indonesian_way(size: int, text: str):
    """Decimal units, as upload limits are announced (2 MB = 2.000.000 byte)."""
    assert file_size(size) == text
