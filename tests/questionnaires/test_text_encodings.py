"""Text tables in encodings that cannot be told apart with certainty: a Mac Roman CSV is no
longer garbled silently ('CafŽ') or refused without a reason ('4 Ð Paling …'); a guessed
encoding with non-ASCII text is said (W408, with the words as read), a certain one is not.
UTF-16 without a byte-order mark is read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from questionnaires.backends import Decoding, csv_rows, decode, implausible
from questionnaires.batch import BatchReader, FileReport, FileStatus, read_batch
from questionnaires.external import read_scored
from questionnaires.loader import Registry, presets
from questionnaires.sources import Kind, Rejected, Source, bomless_utf16, classify


@pytest.fixture(scope="module")
def registry() -> Registry:
    return presets()


def table(registry: Registry, name: str, answer: str = "", delimiter: str = ",") -> str:
    """A nasional-2025 responses table for one OPD; `answer` for question 2.3 (a scale)."""
    codes = [q.code for q in registry.get("nasional-2025").questions_for("opd")]
    header = ["Nama Badan Publik", "Kategori", *codes]
    row = [name, "opd", *[answer if code == "2.3" else "" for code in codes]]
    return "\r\n".join(delimiter.join(r) for r in (header, row)) + "\r\n"


def read(registry: Registry, name: str, data: bytes) -> FileReport:
    kind = classify(Source(name, data))
    assert kind is Kind.CSV, kind
    return BatchReader(registry, isolated=False).read_one(Source(name, data), kind)


def w408(report: FileReport) -> list[str]:
    return [p.message for p in report.problems if p.code == "W408"]


# -- guessed 8-bit encodings -----------------------------------------------------------------


def test_mac_roman_name_is_read_right_and_the_guess_is_said(registry):
    data = table(registry, "Dinas Pariwisata Café Sukamaju").encode("mac_roman")
    assert b"Caf\x8e" in data  # é in Mac Roman; Ž in Windows-1252
    report = read(registry, "mac.csv", data)
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    (submission,) = report.submissions
    assert submission.badan_publik == "Dinas Pariwisata Café Sukamaju"
    (message,) = w408(report)
    assert "Mac Roman" in message
    assert "'Café' (A2)" in message
    (warning,) = [p for p in report.warnings if p.code == "W408"]
    assert warning is report.warnings[0]
    assert warning.location.cell == ""  # about the whole file: every submission gets it
    assert "CSV UTF-8" in warning.fix
    assert ".xlsx" in warning.fix


def test_mac_roman_dash_in_a_scale_answer_is_read_not_refused(registry):
    data = table(registry, "Dinas A", "4 – Paling sedikit seminggu sekali").encode("mac_roman")
    report = read(registry, "mac.csv", data)
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    (submission,) = report.submissions
    assert submission.answers["2.3"].value == 4
    (message,) = w408(report)
    assert "'4 – Paling'" in message  # a word without letters is shown with its neighbours


def test_cp1252_apostrophe_is_read_and_the_guess_is_said(registry):
    data = table(registry, "Bank Syari’at", "4 – Paling sedikit seminggu sekali") \
        .encode("cp1252")
    report = read(registry, "windows.csv", data)
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    (submission,) = report.submissions
    assert submission.badan_publik == "Bank Syari'at"  # curly quote folded (text.clean)
    assert submission.answers["2.3"].value == 4
    (message,) = w408(report)
    assert "Windows-1252" in message
    assert "2 sel" in message
    assert "'Syari’at' (A2)" in message  # as read, before folding


def test_a_refused_table_read_by_a_guess_carries_w408_with_its_errors(registry):
    data = table(registry, "Dinas Café", "9 – Selalu").encode("mac_roman")
    report = read(registry, "mac.csv", data)
    assert report.status is FileStatus.REJECTED
    assert [p.code for p in report.errors] == ["D303"]
    assert "'9 – Selalu'" in report.errors[0].message  # the reason, readable
    (message,) = w408(report)
    assert "'Café' (A2), '9 – Selalu' (" in message


def test_the_warning_survives_the_worker_pool(tmp_path: Path, registry):
    path = tmp_path / "mac.csv"
    path.write_bytes(table(registry, "Dinas Pariwisata Café").encode("mac_roman"))
    (report,) = read_batch([path], registry).files
    assert report.status is FileStatus.ACCEPTED
    assert report.warnings[0].code == "W408"
    assert "'Café' (A2)" in report.warnings[0].message


# -- certain encodings: nothing to say -----------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_certain_encodings_are_read_without_w408(registry, encoding):
    data = table(registry, "Dinas Pariwisata Café Sukamaju",
                 "4 – Paling sedikit seminggu sekali").encode(encoding)
    report = read(registry, "unicode.csv", data)
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    (submission,) = report.submissions
    assert submission.badan_publik == "Dinas Pariwisata Café Sukamaju"
    assert submission.answers["2.3"].value == 4
    assert w408(report) == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_tab_separated_is_read(registry, encoding):
    data = table(registry, "Dinas Pariwisata Café Sukamaju",
                 "4 – Paling sedikit seminggu sekali", delimiter="\t").encode(encoding)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert bomless_utf16(data) == encoding
    report = read(registry, "unicode.txt", data)
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    (submission,) = report.submissions
    assert submission.badan_publik == "Dinas Pariwisata Café Sukamaju"
    assert submission.answers["2.3"].value == 4
    assert w408(report) == []


def test_a_bom_that_lies_is_no_longer_certain(registry):
    data = codecs.BOM_UTF8 + table(registry, "Dinas Café").encode("cp1252")
    report = read(registry, "bom.csv", data)
    (message,) = w408(report)
    assert "UTF-8" in message
    assert "'Caf\ufffd' (A2)" in message


# -- the decoder -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "encoding"), [
    ("Dinas Pariwisata Café Sukamaju", "mac_roman"),
    ("Dinas Pariwisata Café Sukamaju", "cp1252"),
    ("4 – Paling sedikit seminggu sekali", "mac_roman"),
    ("4 – Paling sedikit seminggu sekali", "cp1252"),
    ("Bank Syari’at", "mac_roman"),
    ("Bank Syari’at", "cp1252"),
    ("“Ya”", "cp1252"),
    ("“Ya”", "mac_roman"),
    ("Dinas Français, Crème", "mac_roman"),
    ("CAFÉ MÜLLER", "mac_roman"),
])
def test_the_8bit_guess_reads_indonesian_text_right(text, encoding):
    decoded, decoding = decode(f"Nama,Kategori\n{text},opd\n".encode(encoding))
    assert text in decoded
    assert decoding == Decoding(encoding, certain=False)


def test_implausible_characters():
    assert implausible("Café Müller – Señor’s “Ya”") == 0
    assert implausible("CafŽ") == 1
    assert implausible("CafÈ") == 1
    assert implausible("SyariÕat") == 1
    assert implausible("4 ñ Paling") == 1
    assert implausible("ìYaî") == 1
    assert implausible("a ∞ ¬ Ð") == 3


def test_certain_decodings():
    assert decode("Café".encode())[1] == Decoding("utf-8", certain=True)
    assert decode("Café".encode("utf-8-sig"))[1] == Decoding("utf-8-sig", certain=True)
    assert decode("Café".encode("utf-16"))[1] == Decoding("utf-16", certain=True)
    assert decode("Café,opd".encode("utf-16-le")) == ("Café,opd",
                                                      Decoding("utf-16-le", certain=True))


def test_csv_rows_keeps_serving_its_callers():
    source = Source("a.csv", "Nama;Kategori\nDinas Café;opd\n".encode("mac_roman"))
    assert csv_rows(source) == [["Nama", "Kategori"], ["Dinas Café", "opd"]]


def test_scores_table_in_mac_roman_is_read_right(registry):
    data = ("badan_publik,kategori,nilai_akhir\r\nDinas Pariwisata Café,opd,\"89,95\"\r\n"
            .encode("mac_roman"))
    (row,) = read_scored(Source("nilai.csv", data), registry.get("nasional-2025"))
    assert row.badan_publik == "Dinas Pariwisata Café"


# -- what counts as text ---------------------------------------------------------------------


def test_mac_roman_letters_undefined_in_cp1252_are_still_text():
    # ç (0x8D) and è (0x8F) have no character in Windows-1252: once refused as F201.
    data = "Nama,Kategori\nDinas Français Crème,opd\n".encode("mac_roman")
    assert classify(Source("mac.csv", data)) is Kind.CSV


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\x03" * 100,  # binary with NULs, not UTF-16
    b"Nama\x8d\x01\x02\x1b\x7f" * 50,  # not UTF-8 nor cp1252, with control bytes
    "Nama\x01Kategori\x02".encode("utf-16-le"),  # UTF-16 pattern, control characters
])
def test_binary_is_still_not_text(data):
    assert isinstance(classify(Source("x.csv", data)), Rejected)
