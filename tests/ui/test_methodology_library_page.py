"""Admin › Metodologi on the demo database (AppTest): a KI's own instrument is uploaded as
a methodology workbook, previewed per category, compared with the preset, saved as a new
version and turned into a cycle, while the running cycle keeps its version; a workbook
with a mistake shows every problem by Lembar!Sel; the cycle form offers saved versions;
what-if shows the running cycle under the new version, movers first. Every action goes
through the real services."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from monev.cycles import cycle_methodology, list_cycles
from monev.methodologies import list_methodologies
from monev.permissions import SYSTEM
from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_workbook import methodology_workbook_bytes
from questionnaires.model import Methodology
from storage.db import Database
from tests.ui.demo_db import demo_template, sign_in
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# The shipped presets as the library lists them (by year, then id).
SHIPPED = [m.id for m in sorted(presets(), key=lambda m: (m.year, m.id))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db(demo_database: Database) -> Database:
    return demo_database


def open_tab(at: AppTest, sub: str) -> AppTest:
    at.session_state["admin_tab"] = t("admin.tab.methodology")
    at.session_state["admin_method_tab"] = t(f"library.tab.{sub}")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def at(db: Database) -> AppTest:
    """The app as the demo admin on Admin › Metodologi › Pustaka metodologi."""
    app = AppTest.from_file(APP, default_timeout=60)
    sign_in(app, "admin", db.url)
    app.run()
    assert not app.exception
    return open_tab(app, "library")


def next_year() -> Methodology:
    """nasional-2025 as a KI changes it: jenis informasi 40 → 30, digitalisasi 20 → 30."""
    data = presets().get("nasional-2025").model_dump(mode="json")
    data["version"] = "2026.1"
    for indicator in data["indicators"]:
        weight = {"jenis_informasi": "30", "digitalisasi": "30"}.get(indicator["code"])
        if weight:
            indicator["weight"] = weight
    return parse_methodology(data, "suntingan")


def frames(at: AppTest) -> list[Any]:
    return [d.value for d in at.dataframe]


def press(at: AppTest, label: str) -> AppTest:
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r}: {[b.label for b in at.button]}"
    buttons[0].click().run()
    assert not at.exception, at.exception
    return at


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="library_upload").set_value([(name, data, XLSX)]).run()
    assert not at.exception, at.exception
    return at


def test_upload_preview_diff_save_and_create_a_cycle(at: AppTest, db: Database):
    library = frames(at)[0]
    assert list(library[t("library.col.ref")]) == SHIPPED
    assert set(library[t("library.col.origin")]) == {t("library.origin.preset")}

    upload(at, "nasional-2026.xlsx", methodology_workbook_bytes(next_year()))
    assert any("nasional-2025" in s.value and "2026.1" in s.value for s in at.success)
    # Preview, first category: stages, indicators (with the new weights), questions, bands.
    _, stages, indicators, questions, bands, changes = frames(at)
    assert dict(zip(stages[t("library.col.code")], stages[t("library.col.weight")],
                    strict=True)) == {"saq": "80%", "visitasi": "20%"}
    assert list(stages[t("library.col.gate")]) == [
        "-", "SAQ ≥ 60 (yang tidak lolos dinilai 0,00)"]
    weights = dict(zip(indicators[t("library.col.code")], indicators[t("library.col.weight")],
                       strict=True))
    assert (weights["jenis_informasi"], weights["digitalisasi"]) == ("30%", "30%")
    assert "1.1" in set(questions[t("library.col.code")])
    assert bands[t("library.col.band")].iloc[0] == "Informatif"
    at.selectbox(key="library_preview_category").set_value("desa").run()
    desa = frames(at)[3]
    assert "1.3" in set(desa[t("library.col.code")])  # a desa-only question
    assert "1.1" not in set(desa[t("library.col.code")])
    # The difference from the preset it was made from, chosen by default.
    assert at.selectbox(key="library_diff_ref").value == "nasional-2025"
    assert list(changes[t("library.diff.col.change")]) == [
        "Versi diubah", "Indikator 'jenis_informasi': bobot diubah",
        "Indikator 'digitalisasi': bobot diubah"]
    assert list(changes[t("library.diff.col.old")])[1:] == ["40", "20"]
    assert list(changes[t("library.diff.col.new")])[1:] == ["30", "30"]
    assert any(c.value.startswith("3 perubahan: 2 bobot diubah") for c in at.caption)

    press(at, t("library.save.button"))
    assert t("library.save.done", ref="nasional-2025@2026.1") in successes(at)
    saved = [i for i in list_methodologies(db, SYSTEM) if not i.preset]
    assert [(i.ref, i.source_name, i.saved_by) for i in saved] == [
        ("nasional-2025@2026.1", "nasional-2026.xlsx", "Admin KI Sukamaju")]
    assert list(frames(at)[0][t("library.col.ref")])[-1] == "nasional-2025@2026.1"
    press(at, t("library.save.button"))  # again: nothing changes
    assert t("library.save.same", ref="nasional-2025@2026.1") in successes(at)

    at.text_input(key="library_cycle_ki").input("KI Provinsi Contoh")
    at.number_input(key="library_cycle_year").set_value(2026)
    press(at, t("library.cycle.submit"))
    title = "Monev KIP 2026 — KI Provinsi Contoh"
    assert t("library.cycle.done", title=title, ref="nasional-2025@2026.1") in successes(at)
    by_title = {c.title: c for c in list_cycles(db, SYSTEM)}
    created = by_title[title]
    assert (created.methodology_id, created.methodology_version, created.prepared) == (
        "nasional-2025", "2026.1", True)
    assert at.session_state["cycle_id"] == created.id
    weights = cycle_methodology(db, SYSTEM, created.id).indicator_by_code
    assert weights["jenis_informasi"].weight == 30
    # The running demo cycle keeps the version it was created with.
    _, info = demo_template()
    running = cycle_methodology(db, SYSTEM, info.cycle_id)
    assert (running.version, running.indicator_by_code["jenis_informasi"].weight) == (
        "2025.1", 40)


def test_a_workbook_with_a_mistake_shows_every_problem_by_cell(at: AppTest, db: Database):
    book = openpyxl.load_workbook(io.BytesIO(methodology_workbook_bytes(next_year())))
    book["Tahapan"]["D2"] = 70  # SAQ 70 + visitasi 20 = 90
    buffer = io.BytesIO()
    book.save(buffer)
    upload(at, "salah.xlsx", buffer.getvalue())
    [error] = [e.value for e in at.error]
    assert error.startswith("**salah.xlsx** tidak dapat dipakai: 1 masalah")
    problems = at.table[0].value
    assert "Tahapan" in " ".join(problems[t("library.problem.where")])
    assert "berjumlah 90" in " ".join(problems[t("library.problem.message")])
    assert not [b for b in at.button if b.label == t("library.save.button")]
    assert [i.ref for i in list_methodologies(db, SYSTEM)] == SHIPPED


def test_the_cycle_form_and_what_if_offer_saved_versions(at: AppTest, db: Database):
    from monev.methodologies import save_methodology

    save_methodology(db, SYSTEM, next_year(), source_name="nasional-2026.xlsx")
    at.session_state["admin_tab"] = t("admin.tab.cycles")
    at.run()
    options = at.selectbox(key="admin_cycle_methodology").options
    assert any("nasional-2025@2026.1" in o for o in options)
    assert at.selectbox(key="admin_cycle_methodology").value == "nasional-2025@2026.1"

    open_tab(at, "whatif")
    at.selectbox(key="whatif_choice").set_value("nasional-2025@2026.1").run()
    press(at, t("whatif.run"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("whatif.metric.bodies")] == "40"
    assert int(metrics[t("whatif.metric.movers")]) > 0
    rows = at.dataframe[0].value
    shown = at.dataframe[0].proto.arrow_data.styler.display_values
    assert b"," in shown  # 89,95: numbers with a decimal comma
    assert b".000000" not in shown  # ranks as whole numbers
    changes = [abs(v) for v in rows[t("whatif.col.delta")] if v == v]  # NaN: no score
    moved = int(metrics[t("whatif.metric.movers")])
    assert changes[:moved] == sorted(changes[:moved], reverse=True)  # movers first
    notes = list(rows[t("whatif.col.note")])
    assert all(notes[:moved])  # every mover says why it moved (here: the new weights)
    assert notes[0] == "Bobot indikator Jenis Informasi 40% → 30%, Digitalisasi 20% → 30%."
    downloads = [b.label for b in at.get("download_button")]
    assert t("whatif.download") in downloads
