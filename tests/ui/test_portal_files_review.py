"""An answer the PPID sent online with a file and no link, as the verifikator reviews it
(AppTest, mini methodology, real SQLite): the workspace says the data dukung is the
attached files — not an address that cannot be opened — and lists the file with its
download; the answer counts as having data dukung; the report card prints no such marker."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence.files import attach_file
from evidence.store import DIR_VARIABLE, STORE_VARIABLE
from monev import accounts, portal
from monev.exports.report_card import export_report_card
from monev.permissions import SYSTEM
from monev.review import answers_for_review
from storage.db import Database
from tests.evidence.evidence_samples import pdf_bytes
from tests.ui import test_evaluator_page as evaluator_page
from tests.ui.demo_db import served_copy
from tests.ui.test_evaluator_page import World, go_to, open_page
from ui.text import t

template = evaluator_page.template  # the evaluator page tests' database, built once


@pytest.fixture
def world(template: tuple[Path, World], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.delenv(STORE_VARIABLE, raising=False)
    monkeypatch.delenv(DIR_VARIABLE, raising=False)
    source, built = template
    with served_copy(source, tmp_path, monkeypatch) as url:
        yield World(url, built.cycle_id, built.kominfo, built.verifier, built.verifier2,
                    built.coordinator)


def sent_with_a_file_only(world: World) -> None:
    """Dinas Kominfo's PPID sends 1.1 online with SK PPID.pdf and no link."""
    db = Database(world.url)
    try:
        accounts.add_body_account(db, world.coordinator, body_id=world.kominfo,
                                  username="ppid-kominfo", password="Portal-Kominfo-2025!")
        ppid = accounts.actor_for(db, "ppid-kominfo")
        portal.save_answer(db, ppid, world.cycle_id, world.kominfo, "1.1", "Ya", evidence="")
        attach_file(db, ppid, world.cycle_id, world.kominfo, "1.1", "SK PPID.pdf",
                    pdf_bytes(2, "SK PPID"))
        portal.submit(db, ppid, world.cycle_id, world.kominfo, allow_incomplete=True)
    finally:
        db.dispose()


def test_the_verifikator_sees_the_file_not_a_pseudo_link(world: World):
    sent_with_a_file_only(world)
    db = Database(world.url)
    try:
        [row] = [r for r in answers_for_review(db, SYSTEM, world.cycle_id, world.kominfo)
                 if r.code == "1.1"]
        assert row.evidence == "Berkas data dukung: SK PPID.pdf"  # what scoring reads
        assert portal.files_only(row.evidence)
        card = io.BytesIO()
        export_report_card(db, SYSTEM, world.cycle_id, world.kominfo, card)
    finally:
        db.dispose()
    at = open_page(world.verifier)
    go_to(at, world, "1.1")
    texts = [str(m.value) for m in at.markdown]
    assert t("eval.ws.evidence", link=t("eval.ws.evidence_files")) in texts
    assert not [x for x in texts if "bukan alamat web" in x]
    assert t("evidence.heading") in texts
    assert [x for x in texts if x.startswith("**SK PPID.pdf** · ")]
    assert "Unduh" in [e.proto.label for e in at.get("download_button")]
    assert not at.exception
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        card.getvalue())).pages)
    assert "Berkas data dukung" not in text
