"""Exports are named and dated as people read them: file names end on whole words and
carry the day they were made in WIB; sheet names are shortened on whole words, never
inside a bracket; the ranking workbook's times are WIB and say so."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from reports_world import World

from monev import exports
from monev.clock import WIB, today
from monev.exports import Subject
from monev.exports.ranking import export_ranking
from monev.outcomes.publication import publish
from monev.permissions import SYSTEM
from questionnaires.loader import presets
from reports import formatting as fmt
from reports.safety import sheet_title, slug

DEMO_KI = "Komisi Informasi Kabupaten Sukamaju (fiktif)"  # monev.demo.KI
DAY = date(2025, 11, 29)


def words(text: str) -> set[str]:
    return set(slug(text, 1000).split("-"))


def test_a_long_name_is_cut_between_words() -> None:
    assert slug(DEMO_KI, 40) == "komisi-informasi-kabupaten-sukamaju"
    assert slug(DEMO_KI, 42) == "komisi-informasi-kabupaten-sukamaju-fiktif"
    assert slug("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 30) == (
        "dinas-penanaman-modal-dan")
    assert slug("a" * 70, 60) == "a" * 60  # one word longer than the limit: cut
    assert slug("Dinas Kominfo", 13) == "dinas-kominfo"  # exactly the limit


@pytest.mark.parametrize("export", exports.registry(), ids=lambda e: e.key)
def test_every_export_name_ends_on_whole_words_and_carries_the_day(
        export: exports.Export) -> None:
    body = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Sukamaju"
    name = export.file_name(Subject(2025, DEMO_KI, 12, body, day=DAY))
    stem, _, suffix = name.rpartition(".")
    assert stem.endswith("-2025-11-29")
    assert suffix in {"xlsx", "pdf", "zip"}
    assert "komisi-informasi-kabupaten-sukamaju-fiktif" in stem
    parts = stem.removesuffix("-2025-11-29").split("-")
    known = words(DEMO_KI) | words(body) | {"monev", "kip", "2025", "12", "peringkat",
                                            "lampiran", "rapor", "hasil", "simulasi"}
    assert set(parts) <= known, name  # no word cut short (…-sukamaju-fikt)


def test_the_day_of_an_export_is_todays_date_in_wib() -> None:
    assert Subject(2025, "KI").day == today() == datetime.now(WIB).date()
    # 23:30 UTC is already the next day in WIB (UTC+7).
    late = datetime(2025, 11, 28, 23, 30, tzinfo=UTC)
    assert late.astimezone(WIB).date() == DAY


def test_sheet_names_are_shortened_on_whole_words_never_inside_a_bracket() -> None:
    taken: set[str] = set()
    assert sheet_title("Pemerintah Kabupaten/Kota (PPID Utama)", taken) == (
        "Pemerintah Kabupaten-Kota")
    assert sheet_title("Badan Usaha Milik Daerah (BUMD)", taken) == (
        "Badan Usaha Milik Daerah (BUMD)")  # 31 characters: whole
    assert sheet_title("Pemerintah Kabupaten/Kota (PPID Pembantu)", taken) == (
        "Pemerintah Kabupaten-Kota (2)")
    assert sheet_title("Lembaga [Non-Struktural]: Komisi*Daerah?", taken) == (
        "Lembaga (Non-Struktural) Komisi")
    for methodology in presets():
        taken = {"sampul", "metodologi", "audit"}
        for category in methodology.categories:
            title = sheet_title(category.name, taken)
            assert len(title) <= 31
            assert title.count("(") == title.count(")"), title
            assert not re.search(r"[\[\]:*?/\\]", title)
            shown = re.sub(r" \(\d+\)$", "", title)
            assert words(shown) <= words(category.name), (category.name, title)
        assert len(taken) == 3 + len(methodology.categories)


def test_zone_names() -> None:
    assert fmt.zone_name(WIB) == "WIB (UTC+7)"
    assert fmt.zone_name(WIB, offset=False) == "WIB"
    assert fmt.zone_name(UTC) == "UTC"
    wall = fmt.naive_in(datetime(2025, 11, 28, 23, 30, tzinfo=UTC), WIB)
    assert (wall.tzinfo, wall.date(), wall.hour, wall.minute) == (None, DAY, 6, 30)


def test_the_ranking_workbook_shows_wib_times(world: World) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    publish(world.db, SYSTEM, world.cycle_id)
    buffer = io.BytesIO()
    info = export_ranking(world.db, world.official, world.cycle_id, buffer)
    after = datetime.now(UTC)
    assert info.file_name == f"peringkat-monev-kip-2025-ki-uji-{today().isoformat()}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cover = {row[0]: row[1] for row in book["Sampul"].iter_rows(values_only=True)
             if row and row[0]}
    assert cover["Zona waktu"] == "Semua waktu dalam WIB (UTC+7)"
    made = cover["Dibuat pada"]
    assert before + timedelta(hours=7) <= made.replace(tzinfo=UTC) <= after + timedelta(hours=7)
    audit = book["Audit"]
    header = [c.value for c in audit[4]]
    assert header[0] == "Waktu (WIB)"
    published = next(row[0] for row in audit.iter_rows(min_row=5, values_only=True)
                     if row[1] == "Penetapan hasil")
    assert before + timedelta(hours=7) <= published.replace(tzinfo=UTC) <= (
        after + timedelta(hours=7))
    assert abs(cover["Ditetapkan pada"] - published) < timedelta(seconds=1)
