"""The decree annex and the report card carry the time they were made, in WIB, as the
creation and modification date a PDF reader shows in the document's properties (ReportLab's
reproducible mode had dated every file 1 January 2000)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from pypdf import PdfReader
from reports_world import World

from monev.clock import WIB
from monev.exports.ranking_pdf import export_ranking_pdf
from monev.exports.report_card import export_report_card


def _made(data: bytes) -> tuple[datetime, datetime]:
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None
    assert meta.creation_date is not None
    assert meta.modification_date is not None
    return meta.creation_date, meta.modification_date


def test_pdfs_are_dated_when_they_are_made_in_wib(world: World) -> None:
    before = datetime.now(WIB).replace(microsecond=0)
    annex = io.BytesIO()
    export_ranking_pdf(world.db, world.official, world.cycle_id, annex)
    card = io.BytesIO()
    export_report_card(world.db, world.official, world.cycle_id, world.bodies["Dinas Arsip"],
                       card)
    after = datetime.now(WIB) + timedelta(seconds=1)
    for data in (annex.getvalue(), card.getvalue()):
        created, modified = _made(data)
        assert created == modified
        assert created.utcoffset() == timedelta(hours=7)  # WIB, as the app shows times
        assert before <= created <= after


def test_report_card_zip_entries_are_dated_in_wib(world: World) -> None:
    """A ZIP keeps a wall-clock time without a zone: each card in the archive is dated in
    WIB (the server's clock is UTC), 1 or 2 processes alike."""
    import zipfile

    from monev.exports.report_cards import export_report_cards

    for workers in (1, 2):
        before = datetime.now(WIB).replace(microsecond=0) - timedelta(seconds=1)
        target = io.BytesIO()
        export_report_cards(world.db, world.official, world.cycle_id, target, workers=workers)
        after = datetime.now(WIB) + timedelta(seconds=2)
        with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
            stamps = [datetime(*info.date_time, tzinfo=WIB) for info in archive.infolist()]
        assert stamps
        assert all(before <= stamp <= after for stamp in stamps), (before, stamps, after)
