"""The demo's portal body (Kecamatan Bukit Raya, filled online by the demo account
badanpublik) is in the demo koordinator's scope, so a newcomer trying the koordinator can
reopen the questionnaire the PPID sent; it has a (fictional) e-mail address and website,
so the contact and website monitoring features show something."""

from __future__ import annotations

from pathlib import Path

from monev import portal
from monev.accounts import actor_for
from monev.bodies import list_bodies
from monev.demo import COORDINATOR_SCOPE, PORTAL_BODY, PORTAL_EMAIL, PORTAL_WEBSITE, SCOPE
from storage.db import Database
from tests.ui.demo_db import demo_copy, demo_template


def test_the_demo_koordinator_reopens_the_questionnaire_sent_online(tmp_path: Path):
    db = Database(demo_copy(tmp_path))
    try:
        _, info = demo_template()
        koordinator = actor_for(db, "koordinator")
        ppid = actor_for(db, "badanpublik")
        assert koordinator.scope is not None
        scoped = {b.name for b in list_bodies(db, koordinator, info.cycle_id)
                  if b.id in koordinator.scope}
        assert scoped == set(COORDINATOR_SCOPE) == {*SCOPE, PORTAL_BODY}
        [body] = [b for b in list_bodies(db, koordinator, info.cycle_id)
                  if b.name == PORTAL_BODY]
        assert (body.email, body.websites) == (PORTAL_EMAIL, (PORTAL_WEBSITE,))
        assert PORTAL_WEBSITE.startswith("https://")
        assert ".example/" in PORTAL_WEBSITE  # a reserved domain: never a real site

        portal.submit(db, ppid, info.cycle_id, body.id, allow_incomplete=True)
        reopened = portal.reopen(db, koordinator, info.cycle_id, body.id,
                                 "Tautan data dukung 1.1 perlu diperbarui")
        assert reopened.state == portal.DRAFT
        assert reopened.reopen_reason == "Tautan data dukung 1.1 perlu diperbarui"
    finally:
        db.dispose()

