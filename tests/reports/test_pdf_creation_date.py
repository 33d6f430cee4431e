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
