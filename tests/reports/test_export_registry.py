"""The exports registry (monev.exports): every registered export is listed by the CLI's
``export`` command and offered on the officials' page (Peringkat & dasbor, AppTest), and
writes a non-empty file for the demo world — so a new export module is tested here without
a line of this file changing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for
from monev.cli import main
from monev.exports import Export, Subject, registry
from monev.exports.report_card import report_cards
from monev.permissions import Action
from storage.db import Database
from tests.ui.demo_db import demo_copy, demo_template, served_copy, sign_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")
KEYS = [export.key for export in registry()]
SUFFIXES = {"application/pdf": ".pdf", "application/zip": ".zip",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}


def test_entries_are_well_formed() -> None:
    assert KEYS
    assert len(set(KEYS)) == len(KEYS)
    assert [e.order for e in registry()] == sorted(e.order for e in registry())
    subject = Subject(2025, "KI Contoh", 7, "Dinas Contoh")
    for export in registry():
        assert export.label
        assert export.help
        assert export.noun
        assert export.action in (Action.EXPORT, Action.REPORT_CARD)
        assert export.file_name(subject).startswith(("peringkat-", "lampiran-", "rapor-",
                                                     "hasil-"))
        assert export.file_name(subject).endswith(SUFFIXES[export.media_type])
        assert subject.stem in export.file_name(subject)
        names = [o.name for o in export.options]
        assert len(set(names)) == len(names)
        assert not {"cycle", "output", "body", "database", "as_user"} & set(names)


def test_every_export_is_in_the_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "-h"])
    assert exited.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    for export in registry():
        assert f" {export.key} " in shown
        assert " ".join(export.help.split()) in shown
    for export in registry():
        with pytest.raises(SystemExit):
            main(["export", export.key, "-h"])
        shown = capsys.readouterr().out
        assert "--cycle" in shown
        assert ("--body" in shown) is export.needs_body
        for option in export.options:
            assert option.flag in shown


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The demo database (a fresh copy the app opens) and its published previous cycle."""
    _, info = demo_template()
    with served_copy(demo_template()[0], tmp_path, monkeypatch) as url:
        yield url, info.previous_cycle_id


def test_every_export_is_offered_on_the_officials_page(demo) -> None:
    url, cycle_id = demo
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, "pejabat", url)
    at.session_state["cycle_id"] = cycle_id
    at.run()  # the pejabat's home page (served at the root) is the ranking page
    assert not at.exception, at.exception
    downloads = [b.label for b in at.get("download_button")]
    buttons = {b.label: b for b in at.button}
    for export in registry():
        if not export.needs_body:
            assert export.label in downloads, export.key
            continue
        # Of the badan publik in the drill-down: prepared, then downloaded by file name.
        assert export.label in buttons, export.key
        buttons[export.label].click().run()
        assert not at.exception, at.exception
        names = [b.label for b in at.get("download_button")]
        assert any(n.endswith(SUFFIXES[export.media_type]) and n not in downloads
                   for n in names), names


@pytest.mark.parametrize("key", KEYS)
def test_every_export_writes_a_file_for_the_demo(key: str, tmp_path: Path) -> None:
    """Through the CLI, as the demo's pejabat, of the published previous cycle."""
    _, info = demo_template()
    url = demo_copy(tmp_path)
    export: Export = next(e for e in registry() if e.key == key)
    db = Database(url)
    try:
        pejabat = actor_for(db, "pejabat")
        body = next(c for c in report_cards(db, pejabat, info.previous_cycle_id) if c.scored)
    finally:
        db.dispose()
    target = tmp_path / export.file_name(Subject(2024, "KI", body.body_id, body.name))
    argv = ["--database", url, "export", key, "--cycle", str(info.previous_cycle_id),
            "-o", str(target), "--as", "pejabat"]
    if export.needs_body:
        argv += ["--body", str(body.body_id)]
    out = io.StringIO()
    assert main(argv, out=out) == 0
    assert "Ditulis ke" in out.getvalue()
    data = target.read_bytes()
    assert data
    if export.media_type == "application/zip":
        assert zipfile.ZipFile(io.BytesIO(data)).namelist()
