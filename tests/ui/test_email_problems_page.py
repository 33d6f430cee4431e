"""E-mail that did not reach a badan publik, where the people who can fix the address look
(issue 15): Admin › Badan publik and the koordinator's Badan publik tab warn with the body,
the address, the e-mail and the server's answer, mark the address in the table, and the
koordinator can correct it on the spot — after which the warning is gone.

The demo is the world: seeding queues the results e-mail of Kecamatan Bukit Raya to its
fictional address and marks it failed, never sent (:data:`monev.demo.DEMO_MAIL_WITHHELD`).
"""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev.demo import DEMO_MAIL_WITHHELD, PORTAL_EMAIL
from storage.models import OutboxMail
from tests.ui.demo_db import ROOT, Demo, open_page, sign_in
from ui.text import t

ADMIN = "ui/pages/admin.py"
COORDINATOR = "ui/pages/coordinator.py"


def _warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_the_demo_never_sends_to_its_fictional_addresses(demo: Demo):
    with demo.db.read() as session:
        rows = list(session.scalars(select(OutboxMail)))
    assert rows, "the demo queues the results e-mail of its portal body"
    assert {(r.to_address, r.state, r.server_reply) for r in rows} == {
        (PORTAL_EMAIL, "failed", DEMO_MAIL_WITHHELD)}


def test_admin_sees_the_failed_address_beside_the_body(demo: Demo):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "admin")
    at.session_state["admin_tab"] = t("admin.tab.bodies")
    at.switch_page(ADMIN).run()
    assert not at.exception, at.exception
    said = _warnings(at)
    assert "E-mail tidak sampai ke 1 badan publik" in said
    assert "Kecamatan Bukit Raya" in said
    assert "gagal terkirim" in said
    assert "alamat fiktif data demo" in said  # the answer, word for word
    table = next(df.value for df in at.dataframe if "E-mail" in df.value.columns)
    [cell] = table.loc[table["Badan publik"] == "Kecamatan Bukit Raya", "E-mail"]
    assert cell == f"{PORTAL_EMAIL} — gagal terkirim"


def test_a_koordinator_sees_it_and_corrects_the_address(demo: Demo):
    at = open_page("koordinator", COORDINATOR)
    assert "E-mail tidak sampai ke 1 badan publik" in _warnings(at)
    table = next(df.value for df in at.dataframe if "E-mail" in df.value.columns)
    [cell] = table.loc[table["Badan publik"] == "Kecamatan Bukit Raya", "E-mail"]
    assert cell.endswith("gagal terkirim")

    at.selectbox(key="bodies_contacts_body").set_value(demo.body).run()
    assert "alamat fiktif data demo" in _warnings(at)  # beside the field, too
    at.text_input(key=f"bodies_contacts_email_{demo.body}").input(
        "ppid.bukitraya@kabupaten.example.go.id")
    [save] = [b for b in at.button if b.label == "Simpan e-mail dan situs"]
    save.click().run()
    assert not at.exception, at.exception
    assert any("ppid.bukitraya@kabupaten.example.go.id" in s.value for s in at.success)
    assert "E-mail tidak sampai" not in _warnings(at)
    table = next(df.value for df in at.dataframe if "E-mail" in df.value.columns)
    [cell] = table.loc[table["Badan publik"] == "Kecamatan Bukit Raya", "E-mail"]
    assert cell == "ppid.bukitraya@kabupaten.example.go.id"
