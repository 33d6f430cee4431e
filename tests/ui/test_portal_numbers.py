"""The PPID portal page with number and text questions (AppTest, the angka-uraian test
methodology): a number typed with a decimal comma is saved as that number and shown with
the comma again; a number out of range is refused with the workbook's message (D303) and
nothing is saved; a written answer goes in a text area."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev import accounts, bodies, cycles, portal
from monev.permissions import SYSTEM
from questionnaires.loader import Registry, load_methodology
from storage.db import Database
from tests.conftest import FIXTURES, cheap_hashing
from tests.ui.demo_db import served_copy, sign_in

ROOT = Path(__file__).resolve().parents[2]
ANGKA = load_methodology(FIXTURES / "angka-uraian.yaml")


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Database, int, int]]:
    cheap_hashing(monkeypatch)
    source = tmp_path / "sumber" / "monev.db"
    source.parent.mkdir()
    db = Database(f"sqlite:///{source}")
    cycle = cycles.create_cycle(db, SYSTEM, methodology_id=ANGKA.id, ki="KI Uji", year=2025,
                                registry=Registry([ANGKA])).id
    body = bodies.register_body(db, SYSTEM, cycle, name="Dinas Angka", category="opd",
                                status="registered").id
    accounts.add_body_account(db, SYSTEM, body_id=body, username="ppid.angka",
                              password="Sandi-Uji-Angka-2025")
    db.dispose()
    with served_copy(source, tmp_path, monkeypatch) as url:
        served = Database(url)
        try:
            yield served, cycle, body
        finally:
            served.dispose()


def test_a_number_with_a_decimal_comma_and_a_refused_one(world: tuple[Database, int, int]):
    db, cycle, body = world
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "ppid.angka")
    at.switch_page("ui/pages/portal.py").run()
    assert not at.exception, at.exception
    at.selectbox(key=f"portal_pick_{cycle}").set_value("1.2").run()
    field = at.text_input(key=f"portal_{cycle}_1_2_0_value")
    assert field.placeholder == "mis. 85,5"
    field.input("101")
    at.button(key=f"portal_{cycle}_1_2_0_save").click().run()
    errors = [e.value for e in at.error]
    assert any("Jawaban '101' tidak sah untuk pertanyaan 1.2" in e and "0 sampai 100" in e
               for e in errors), errors
    assert not portal.open_questionnaire(db, SYSTEM, cycle, body).question("1.2").answered

    at.text_input(key=f"portal_{cycle}_1_2_0_value").input("85,5")
    at.button(key=f"portal_{cycle}_1_2_0_save").click().run()
    assert not at.exception, at.exception
    saved = portal.open_questionnaire(db, SYSTEM, cycle, body).question("1.2")
    assert saved.value == Decimal("85.5")
    assert at.text_input(key=f"portal_{cycle}_1_2_1_value").value == "85,5"
    frame = next(df.value for df in at.dataframe if "Jawaban" in df.value.columns)
    assert frame[frame["Kode"] == "1.2"].iloc[0]["Jawaban"] == "85,5%"

    at.selectbox(key=f"portal_pick_{cycle}").set_value("2.1").run()
    area = at.text_area(key=f"portal_{cycle}_2_1_0_value")
    area.input("Layanan permohonan daring;\nSK inovasi 2025.")
    at.button(key=f"portal_{cycle}_2_1_0_save").click().run()
    assert portal.open_questionnaire(db, SYSTEM, cycle, body).question("2.1").value == (
        "Layanan permohonan daring;\nSK inovasi 2025.")
