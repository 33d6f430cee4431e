"""The answer history of the review workspace: an answer sent online through the PPID portal
reads as filled online (not as an upload, and without the portal's stand-in file name); a
version sent again that left an answer as it was says so instead of listing the value again
as if it had changed; a version that changed the value shows the one before."""

from __future__ import annotations

from pathlib import Path

import pytest

from monev import imports, portal
from monev.permissions import SYSTEM
from monev.review import KIND_SUBMISSION, ONLINE_LABEL, answer_history
from questionnaires.template import write_filled
from storage.db import Database
from tests.conftest import cheap_hashing
from tests.monev.test_portal_use_cases import LINKS, TYPED, World
from ui.components.review_workspace import history_text


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


def test_online_answers_read_as_filled_online_and_only_real_changes_show(world: World):
    world.fill(world.ppid, ["1.1", "1.2", "1.3", "2.1"])
    portal.submit(world.db, world.ppid, world.cycle, world.body)
    portal.reopen(world.db, world.coordinator, world.cycle, world.body,
                  "Angka 1.2 perlu diperbarui")
    q = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.2", "90",
                       evidence="https://ppid.example.go.id/rekap",
                       expected_version=q.question("1.2").version)
    portal.submit(world.db, world.ppid, world.cycle, world.body)

    same = answer_history(world.db, SYSTEM, world.cycle, world.body, "1.1")
    assert [(h.kind, h.submission_version, h.unchanged) for h in same] == [
        (KIND_SUBMISSION, 1, False), (KIND_SUBMISSION, 2, True)]
    assert all(h.online for h in same)
    assert {h.kind_label for h in same} == {ONLINE_LABEL} == {"Jawaban mandiri (diisi daring)"}

    changed = answer_history(world.db, SYSTEM, world.cycle, world.body, "1.2")
    assert [(h.value_text, h.old_text, h.unchanged) for h in changed] == [
        ("85,5%", "", False), ("90%", "85,5%", False)]

    shown = str(history_text(same))
    assert "diisi daring" in shown
    assert "unggahan" not in shown
    assert portal.PORTAL_FILE not in shown  # no stand-in "file" for an online answer
    assert "Dikirim lagi (versi 2) tanpa mengubah jawaban ini." in shown
    assert shown.count("Nilai: Ya") == 1  # the value is not listed again as a change
    assert "Nilai: 90% (sebelumnya 85,5%)" in str(history_text(changed))


def test_a_workbook_upload_stays_an_upload(world: World, tmp_path: Path):
    for version, typed in enumerate(({**TYPED}, {**TYPED, "1.2": "60"}), 1):
        path = tmp_path / f"buku-v{version}.xlsx"
        write_filled(world.m, "opd", path, badan_publik="Dinas Buku", answers=typed,
                     evidence=LINKS)
        assert imports.import_paths(world.db, SYSTEM, world.cycle, [path]).ok
    same = answer_history(world.db, SYSTEM, world.cycle, world.other, "1.1")
    assert [(h.kind_label, h.file_name, h.unchanged, h.online) for h in same] == [
        ("Jawaban mandiri (unggahan)", "buku-v1.xlsx", False, False),
        ("Jawaban mandiri (unggahan)", "buku-v2.xlsx", True, False)]
    shown = str(history_text(same))
    assert "Berkas: buku-v1.xlsx" in shown
    assert shown.count("Nilai: Ya") == 1
    changed = answer_history(world.db, SYSTEM, world.cycle, world.other, "1.2")
    assert [(h.value_text, h.old_text) for h in changed] == [("85,5%", ""), ("60%", "85,5%")]
