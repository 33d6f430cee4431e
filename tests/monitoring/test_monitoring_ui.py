"""Website monitoring in the app (AppTest, a real SQLite database, fictional sites served
locally): the koordinator's section (visits, changes since the visit before, the to-do list
to send), the finding beside a self-reported answer in the verifikator's workspace, and the
admin changing a body's e-mail and website addresses."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.bodies import get_body, register_body
from monev.cycles import create_cycle
from monev.permissions import SYSTEM, Actor
from monitoring import runs
from monitoring.crawler import CrawlSettings
from storage.db import Database
from tests.monitoring.fictional_sites import complete_site, html
from tests.monitoring.site_server import serving
from tests.ui.demo_db import open_page

FAST = replace(CrawlSettings(host_delay=0.0, site_timeout=60),
               check=replace(CrawlSettings().check, allow_private=True, read_timeout=1,
                             total_timeout=5))


@dataclass(frozen=True)
class World:
    url: str
    cycle: int
    sukamaju: int
    lupa: int
    coordinator: Actor
    admin: Actor


@pytest.fixture
def world(app_url: str) -> World:
    db = Database(app_url)
    good = complete_site("Kecamatan Sukamaju")
    lupa = complete_site("Kecamatan Lupa", berkala=False)
    try:
        with serving([good, lupa]):
            cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                                 year=2026).id
            sukamaju = register_body(db, SYSTEM, cycle, name="Kecamatan Sukamaju",
                                     category="kecamatan", websites=[good.url]).id
            lupa_id = register_body(db, SYSTEM, cycle, name="Kecamatan Lupa",
                                    category="kecamatan", websites=[lupa.url]).id
            add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2026!",
                     role="koordinator", scope=(sukamaju, lupa_id))
            add_user(db, SYSTEM, username="admin2", password="Rahasia-Uji-2026!",
                     role="admin")
            runs.monitor(db, SYSTEM, cycle, settings=FAST)
            lupa.pages["/ppid/"] = html("PPID - Kecamatan Lupa",
                                        ("/ppid/berkala", "Informasi Berkala"))
            lupa.pages["/ppid/berkala"] = html("Informasi Berkala - Kecamatan Lupa")
            runs.monitor(db, SYSTEM, cycle, settings=FAST)
        return World(app_url, cycle, sukamaju, lupa_id, actor_for(db, "ppid"),
                     actor_for(db, "admin2"))
    finally:
        db.dispose()


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("subheader", "markdown", "error", "warning", "success",
                                  "info", "caption") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def test_the_koordinator_sees_visits_changes_and_the_list_to_send(world: World) -> None:
    at = open_page(world.coordinator, "ui/pages/coordinator.py")
    shown = texts(at)
    assert "Pemantauan situs badan publik" in shown
    assert "2 dari 2 badan publik punya alamat situs" in shown
    assert "2 dari 2 badan publik" in shown  # the progress of the newest run
    visits = next(df.value for df in at.dataframe if "Tidak ditemukan" in df.value.columns)
    assert set(visits["Badan publik"]) == {"Kecamatan Sukamaju", "Kecamatan Lupa"}
    assert set(visits["Hasil"]) == {"dapat dibuka"}
    changes = next(df.value for df in at.dataframe if "Perubahan" in df.value.columns)
    lupa = changes[changes["Badan publik"] == "Kecamatan Lupa"]
    # informasi berkala published between the runs (the rest of /ppid/ gone): each item a
    # row, with its question
    appeared = lupa[lupa["Perubahan"] == "muncul"]
    assert list(appeared["Butir"]) == ["1.1", "1.7"]
    assert appeared["Pertanyaan"].iloc[0].startswith("Informasi berkala")
    assert set(lupa["Perubahan"]) == {"muncul", "hilang"}
    assert "Perubahan sejak kunjungan sebelumnya" in shown
    messages = [a.value for a in at.text_area if a.key and a.key.startswith("web_todo_")]
    assert any("Hasil pemantauan situs Kecamatan Sukamaju" in m for m in messages)
    assert at.button(key="web_start").label == "Pantau semua situs"


def _workspace_finding(cycle_id: int, body_id: int, code: str) -> None:
    from monev.permissions import SYSTEM
    from questionnaires.loader import presets
    from ui import state
    from ui.components import website_findings

    question = presets().get("nasional-2025").question_by_code[code]  # the cycle's own
    website_findings.show(state.database(), SYSTEM, cycle_id, body_id, question)


def test_the_workspace_shows_the_finding_beside_the_answer(world: World) -> None:
    at = AppTest.from_function(_workspace_finding, args=(world.cycle, world.sukamaju, "3.1"),
                               default_timeout=60).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Temuan situs (saran bukti):" in shown
    assert "ditemukan: Daftar Informasi Publik 2025" in shown
    assert "PDF 12 halaman" in shown
    assert "diperiksa" in shown
    assert "WIB" in shown
    assert "verifikator yang memutuskan" in shown

    at = AppTest.from_function(_workspace_finding, args=(world.cycle, world.sukamaju, "4.1"),
                               default_timeout=60).run()
    assert "tidak ditemukan di" in texts(at)
    assert "halaman yang diperiksa" in texts(at)


def test_the_admin_changes_a_bodys_email_and_websites(world: World) -> None:
    at = open_page(world.admin, "ui/pages/admin.py")
    at.session_state["admin_tab"] = "Badan Publik"  # the tab
    at.run()
    assert "E-mail" in at.dataframe[0].value.columns
    at.selectbox(key="bodies_contacts_body").set_value(world.lupa).run()
    at.text_input(key=f"bodies_contacts_email_{world.lupa}").input("ppid@lupa.go.id")
    at.text_area(key=f"bodies_contacts_sites_{world.lupa}").input(
        "lupa.go.id\nhttps://ppid.lupa.go.id/")
    next(b for b in at.button if b.label == "Simpan e-mail dan situs").click().run()
    assert not at.exception, at.exception
    assert "Tersimpan untuk Kecamatan Lupa" in texts(at)
    db = Database(world.url)
    try:
        body = get_body(db, SYSTEM, world.cycle, world.lupa)
    finally:
        db.dispose()
    assert body.email == "ppid@lupa.go.id"
    assert body.websites == ("https://lupa.go.id/", "https://ppid.lupa.go.id/")

    at.text_area(key=f"bodies_contacts_sites_{world.lupa}").input("bukan alamat")
    next(b for b in at.button if b.label == "Simpan e-mail dan situs").click().run()
    assert "Alamat situs 'bukan alamat' tidak sah" in texts(at)
