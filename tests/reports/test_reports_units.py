"""Formatting and escaping used by every report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from reports import formatting as fmt
from reports.data import BandInfo, CycleMeta
from reports.pdf_base import footer_text
from reports.safety import clean, csv_text, pdf_text, sheet_title, slug, starts_like_formula


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("89.95"), "89,95"), (Decimal("90"), "90,00"), (Decimal("1234.5"), "1.234,50"),
    (Decimal("0"), "0,00"), (None, "–"), (72, "72,00")])
def test_scores_have_a_decimal_comma_and_two_decimals(value, text):
    assert fmt.score(value) == text


def test_signed_integer_plain_and_dates():
    assert fmt.signed(Decimal("1.25")) == "+1,25"
    assert fmt.signed(Decimal("-8.6")) == "-8,60"
    assert fmt.signed(Decimal("0")) == "0,00"
    assert fmt.integer(12345) == "12.345"
    assert fmt.plain(Decimal("80")) == "80"
    assert fmt.plain(Decimal("12.5")) == "12,5"
    assert fmt.long_date(date(2026, 11, 23)) == "23 November 2026"
    assert fmt.date_time(datetime(2026, 8, 17, 3, 5, tzinfo=UTC)) == "17 Agustus 2026 03.05 UTC"
    assert fmt.naive_utc(datetime(2026, 8, 17, 3, 5, tzinfo=UTC)).tzinfo is None
    assert fmt.decimal_text(Decimal("89.9")) == "89.90"
    assert fmt.decimal_text(None) == ""


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-Wilayah", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_escaped_for_csv(text):
    assert starts_like_formula(text)
    assert csv_text(text) == "'" + text


def test_plain_text_is_left_alone():
    assert csv_text("Dinas Kominfo") == "Dinas Kominfo"
    assert csv_text("Kab. 2-A") == "Kab. 2-A"
    assert csv_text(None) == ""
    assert clean("a\x00b\x1fc\td") == "abc\td"
    assert pdf_text("PT <A> & B") == "PT &lt;A&gt; &amp; B"


def test_sheet_titles_are_valid_and_unique():
    taken = {"audit"}
    assert sheet_title("Perguruan Tinggi Negeri / Swasta [PTN]", taken) == (
        "Perguruan Tinggi Negeri")  # whole words (the whole name is 38 characters)
    assert sheet_title("Audit", taken) == "Audit (2)"
    first = sheet_title("Badan Usaha Milik Daerah Kabupaten", taken)
    second = sheet_title("Badan Usaha Milik Daerah Kabupaten Kota", taken)
    assert first != second
    assert all(len(t) <= 31 for t in taken)


def test_slugs_are_ascii_file_names():
    assert slug("Dinas Kominfo Kab. Sleman") == "dinas-kominfo-kab-sleman"
    assert slug('=HYPERLINK("x")') == "hyperlink-x"
    assert slug("Désa Ñ") == "desa-n"
    assert slug("***") == "badan-publik"


def test_band_text_colour_reads_on_its_fill():
    assert BandInfo("Informatif", Decimal(90), None, "#1B5E20").text_colour == "#FFFFFF"
    assert BandInfo("Cukup", Decimal(60), None, "#F9A825").text_colour == "#000000"
    assert BandInfo("x", Decimal(0), None, "#c62828").rgb == "C62828"


def test_cycle_label_and_footer():
    meta = CycleMeta(cycle_id=1, ki="KI Jateng", year=2025, title="Monev KIP 2025",
                     published=False, generated_at=datetime(2026, 1, 2, tzinfo=UTC))
    assert meta.label == "Monev KIP 2025 · KI Jateng"
    footer = footer_text(meta, "Rapor " + "Dinas " * 40)
    assert len(footer) <= 110
    assert footer.endswith("dibuat 2 Januari 2026")
    assert "…" in footer
