"""Evidence files in the app through AppTest (real SQLite, the default folder store beside
the database): the verifikator sees a question's files beside its link — name, size in
Indonesian, pages, when (WIB) and by whom — with a download; a file lost from the store
says so; the koordinator sees the attach form with the cycle's limit and withdraws a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from evidence_samples import pdf_bytes
from streamlit.testing.v1 import AppTest

from evidence.files import attach_file, list_files
from evidence.store import DIR_VARIABLE, STORE_VARIABLE, configured_store
from monev.permissions import SYSTEM
from storage.db import Database
from tests.ui import test_evaluator_page as evaluator_page
from tests.ui.demo_db import served_copy, sign_in
from tests.ui.test_evaluator_page import World, open_page

ROOT = Path(__file__).resolve().parents[2]
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


def attached(world: World, name: str = "SK PPID.pdf", code: str = "1.1") -> int:
    db = Database(world.url)
    try:
        return attach_file(db, world.coordinator, world.cycle_id, world.kominfo, code, name,
                           pdf_bytes(3)).file.id
    finally:
        db.dispose()


def shown(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown]


def downloads(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_the_verifikator_sees_the_files_beside_the_link(world: World):
    attached(world)
    at = open_page(world.verifier)
    [line] = [m for m in shown(at) if m.startswith("**SK PPID.pdf**")]
    _, size, pages, when = line.split(" · ")
    assert (size, pages) == ("2,3 kB", "3 halaman")
    assert when.startswith("diunggah ")
    assert when.endswith(" WIB oleh PPID")
    assert "Unduh" in downloads(at)
    assert not at.exception


def test_a_question_without_files_says_so(world: World):
    at = open_page(world.verifier)
    assert any("Belum ada berkas data dukung" in str(c.value) for c in at.caption)


def test_a_file_lost_from_the_store_is_shown_without_a_download(world: World):
    attached(world)
    db = Database(world.url)
    try:
        root = configured_store(db).root
    finally:
        db.dispose()
    for path in root.rglob("*"):
        if path.is_file():
            path.unlink()
    at = open_page(world.verifier)
    assert any("tidak ada lagi di penyimpanan" in str(w.value) for w in at.warning)
    assert "Unduh" not in downloads(at)


def open_coordinator(world: World) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, world.coordinator)
    at.switch_page("ui/pages/coordinator.py").run()
    assert not at.exception, at.exception
    return at


def test_the_koordinator_attaches_and_withdraws(world: World):
    at = open_coordinator(world)
    assert any("paling besar 2 MB per berkas" in str(c.value) for c in at.caption)
    assert at.selectbox(key="ev_attach_body").value == world.kominfo
    assert at.selectbox(key="ev_attach_question").options[0].startswith("1.1 — ")
    file_id = attached(world, "DIP.pdf", "1.2")
    at.run()
    assert any(m.startswith("**DIP.pdf**") for m in shown(at))
    at.button(key=f"ev_attach_withdraw_{file_id}").click().run()
    assert not at.exception, at.exception
    assert any("DIP.pdf ditarik dari pertanyaan 1.2" in str(s.value) for s in at.success)
    db = Database(world.url)
    try:
        assert list_files(db, SYSTEM, world.cycle_id) == []
    finally:
        db.dispose()
