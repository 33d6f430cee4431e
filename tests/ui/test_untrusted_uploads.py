"""Untrusted uploads on the Koordinator PPID page, and the guard that keeps every page's
unexpected failure a message instead of a traceback.

The real-world files are copies of ``/work/shared/cases`` in ``tests/fixtures/cases``: the
``nasional-2025`` / ``opd`` template filled for *Dinas Komunikasi dan Informatika*, saved as
.ods, with evidence typed as ``ada``, and a 21 KB workbook whose two cells (A1 and
XFD1048576) would make a naive reader allocate 512 GiB.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.errors import UsageError
from monev.permissions import SYSTEM, Actor
from monev.review import answers_for_review
from questionnaires.sources import (
    MAX_FILE_BYTES,
    MAX_UPLOAD_BYTES,
    UPLOAD_SUFFIXES,
    Rejected,
    Source,
    classify,
    read_paths,
)
from storage.db import Database
from tests.conftest import cheap_hashing
from tests.ui.demo_db import served_copy, sign_in
from tests.ui.test_coordinator_page import XLSX, frame_of, open_page, texts
from ui.text import t

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "cases"
BODY = "Dinas Komunikasi dan Informatika"  # the body named in every case file
ODS = "application/vnd.oasis.opendocument.spreadsheet"
UNEXPECTED = "Terjadi galat tak terduga"


@dataclass(frozen=True)
class Nasional:
    url: str
    cycle_id: int
    body_id: int  # BODY
    ada_body_id: int  # the body named in evidence-typed-as-ada.xlsx
    coordinator: Actor


def body_named_in(name: str) -> str:
    """Identitas!B3 of a case workbook: the badan publik it was filled for."""
    book = openpyxl.load_workbook(CASES / name, read_only=True)
    try:
        return str(book["Identitas"]["B3"].value)
    finally:
        book.close()


@pytest.fixture(scope="module")
def nasional_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Nasional]:
    """A nasional-2025 cycle with the case files' body and a koordinator for it."""
    path = tmp_path_factory.mktemp("untrusted") / "monev.db"
    db = Database(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashing(mp)
        cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Test",
                             year=2025)
        body = register_body(db, SYSTEM, cycle.id, name=BODY, category="opd")
        ada = register_body(db, SYSTEM, cycle.id, category="opd",
                            name=body_named_in("evidence-typed-as-ada.xlsx"))
        add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2025!", role="koordinator",
                 display_name="PPID Diskominfo", scope=(body.id, ada.id))
        coordinator = actor_for(db, "ppid")
    db.dispose()
    return path, Nasional("", cycle.id, body.id, ada.id, coordinator)


@pytest.fixture
def nasional(nasional_template: tuple[Path, Nasional], tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Nasional]:
    source, built = nasional_template
    with served_copy(source, tmp_path, monkeypatch) as url:
        yield Nasional(url, built.cycle_id, built.body_id, built.ada_body_id, built.coordinator)


def upload(at: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    """Choose `files` in the upload widget and press Unggah, as a user does."""
    at.file_uploader(key="coord_upload").set_value(list(files)).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception
    return at


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


def status_of(at: AppTest) -> dict[str, str]:
    files = frame_of(at, t("coord.report.col.file"))
    return dict(zip(files["Berkas"], files["Status"], strict=True))


def stored_answers(url: str, cycle_id: int, body_id: int) -> dict[str, tuple[str, str]]:
    """The body's current answers (code → answer, evidence); empty before any upload."""
    db = Database(url)
    try:
        return {r.code: (r.self_reported_text, r.evidence)
                for r in answers_for_review(db, SYSTEM, cycle_id, body_id)}
    except UsageError:  # nothing uploaded yet
        return {}
    finally:
        db.dispose()


# -- the widget offers what the reader reads, up to the reader's limit --------------------------


def test_upload_widget_offers_every_format_the_reader_reads(nasional: Nasional) -> None:
    at = open_page(nasional.coordinator)
    widget = at.file_uploader(key="coord_upload")
    assert set(widget.proto.type) == set(UPLOAD_SUFFIXES)
    assert {".xlsx", ".xls", ".ods", ".csv", ".tsv", ".txt", ".zip"} <= set(UPLOAD_SUFFIXES)
    help_text = widget.proto.help
    for suffix in UPLOAD_SUFFIXES:
        assert suffix in help_text
    # One sentence says what each limit applies to: the widget's own (relabelled by
    # ui/chrome.py) "Maks. 200 MB per berkas" to an uploaded file, the readers' to each
    # questionnaire in it.
    assert (f'Batas "Maks. {MAX_UPLOAD_BYTES // 2**20} MB per berkas" di kotak unggah '
            f"berlaku untuk "
            f"setiap berkas yang diunggah (mis. satu ZIP), sedangkan setiap kuesioner atau "
            f"tabel jawaban — sendiri atau di dalam ZIP — paling besar "
            f"{MAX_FILE_BYTES // 2**20} MB.") in help_text


def test_server_upload_limit_equals_the_readers_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_BYTES // 2**20
    assert config["client"]["showErrorDetails"] == "none"


def test_a_zip_over_the_upload_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "kiriman.zip"
    with big.open("wb") as out:  # sparse: nothing is written or read
        out.truncate(MAX_UPLOAD_BYTES + 1)
    [refused] = read_paths([big])
    assert isinstance(refused, Rejected)
    assert refused.problem.code == "F205"
    assert "200,0 MB" in refused.problem.message
    zipped = Source("kiriman.zip", b"PK\x03\x04" + bytes(MAX_UPLOAD_BYTES))
    refused = classify(zipped)
    assert isinstance(refused, Rejected)
    assert refused.problem.code == "F205"


# -- hostile and unusual files -------------------------------------------------------------------


def test_far_apart_cells_refused_then_a_good_file_accepted_in_the_same_session(
        nasional: Nasional) -> None:
    """21 KB with cells in A1 and XFD1048576: refused with a code, and the session (and the
    server) carries on: the next upload is read and stored."""
    at = open_page(nasional.coordinator)
    upload(at, ("dua-sel-berjauhan.xlsx", case("two-cells-far-apart-21kb.xlsx"), XLSX))
    assert status_of(at) == {"dua-sel-berjauhan.xlsx": "Ditolak"}
    reasons = frame_of(at, t("coord.report.col.fix"))
    assert set(reasons["Berkas"]) == {"dua-sel-berjauhan.xlsx"}
    assert set(reasons["Kode"]) & {"F216", "F218"}, reasons
    assert all(reasons["Masalah"])
    assert all(reasons["Cara memperbaiki"])
    assert "1 berkas ditolak" in texts(at)
    assert not stored_answers(nasional.url, nasional.cycle_id, nasional.body_id)

    upload(at, ("diskominfo.xlsx", case("baseline-all-best-answers.xlsx"), XLSX))
    assert status_of(at) == {"diskominfo.xlsx": "Diterima"}
    files = frame_of(at, t("coord.report.col.file"))
    assert files.iloc[0]["Badan publik"] == BODY
    assert stored_answers(nasional.url, nasional.cycle_id, nasional.body_id)


def test_ods_is_read_like_the_xlsx(nasional: Nasional) -> None:
    at = open_page(nasional.coordinator)
    upload(at, ("kuesioner-diskominfo.ods", case("questionnaire-saved-as-ods.ods"), ODS))
    assert status_of(at) == {"kuesioner-diskominfo.ods": "Diterima"}
    from_ods = stored_answers(nasional.url, nasional.cycle_id, nasional.body_id)

    upload(at, ("kuesioner-diskominfo.xlsx", case("baseline-all-best-answers.xlsx"), XLSX))
    assert status_of(at) == {"kuesioner-diskominfo.xlsx": "Diterima"}
    assert stored_answers(nasional.url, nasional.cycle_id, nasional.body_id) == from_ods
    assert len(from_ods) == 31


def test_evidence_typed_as_ada_is_accepted_with_a_warning_naming_the_cell(
        nasional: Nasional) -> None:
    at = open_page(nasional.coordinator)
    upload(at, ("diskominfo.xlsx", case("evidence-typed-as-ada.xlsx"), XLSX))
    assert status_of(at) == {"diskominfo.xlsx": "Diterima dengan peringatan"}
    assert t("coord.report.accepted_with_warnings") in [m.label for m in at.metric]
    warnings = frame_of(at, t("coord.report.col.fix"))
    row = warnings[warnings["Kode"] == "W404"].iloc[0]
    assert row["Lembar!Sel"].startswith("Kuesioner!F")
    assert "'ada'" in row["Masalah"]
    assert row["Cara memperbaiki"].startswith("Isi dengan tautan lengkap")
    assert "diterima dan disimpan dengan peringatan" in texts(at)


# -- the guard: no traceback from any page ---------------------------------------------------------


def test_a_page_failing_unexpectedly_shows_a_message_and_logs_it(
        nasional: Nasional, caplog: pytest.LogCaptureFixture) -> None:
    """A database file that is not a database: the coordinator page fails deep inside
    SQLAlchemy; the user sees the Indonesian message with a reference, and the log has the
    traceback under the same reference."""
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30),
                 nasional.coordinator, nasional.url)
    Path(nasional.url.removeprefix("sqlite:///")).write_bytes(b"bukan basis data " * 512)
    with caplog.at_level(logging.ERROR, logger="monev.ui"):
        at.switch_page("ui/pages/coordinator.py").run()
    assert not at.exception, at.exception
    [message] = [e.value for e in at.error]
    assert message.startswith(UNEXPECTED)
    assert "data Anda tidak berubah" in message
    assert "hubungi admin" in message
    reference = message.rsplit(": ", 1)[1].rstrip(".")
    assert reference.startswith("DatabaseError ")
    assert reference.endswith(" WIB")
    [record] = [r for r in caplog.records if r.name == "monev.ui"]
    assert reference in record.getMessage()
    assert record.exc_info is not None
    assert "Traceback" not in message


def guarded_script() -> None:
    """A page run through the router's guard: it raises, stops or reruns on demand."""
    import streamlit as st  # the script runs on its own: AppTest takes this body only

    from ui.state import run_guarded

    def page() -> None:
        st.session_state["runs"] = st.session_state.get("runs", 0) + 1
        st.markdown("sebelum")
        mode = st.session_state.get("mode")
        if mode == "stop":
            st.stop()
        if mode == "rerun" and st.session_state["runs"] < 2:
            st.rerun()
        if mode == "error":
            raise ZeroDivisionError("division by zero")

    run_guarded(page)
    st.markdown("sesudah")


@pytest.mark.parametrize(("mode", "runs", "after", "error"), [
    ("error", 1, True, True),
    ("stop", 1, False, False),
    ("rerun", 2, True, False),
    ("", 1, True, False),
])
def test_the_guard_keeps_streamlits_control_flow(mode: str, runs: int, after: bool,
                                                  error: bool) -> None:
    at = AppTest.from_function(guarded_script, default_timeout=30)
    at.session_state["mode"] = mode
    at.run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown]
    assert shown[0] == "sebelum"
    assert ("sesudah" in shown) is after
    assert at.session_state["runs"] == runs
    if error:
        [message] = [e.value for e in at.error]
        assert message.startswith(UNEXPECTED)
        assert "ZeroDivisionError" in message
    else:
        assert not at.error

