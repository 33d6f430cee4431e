"""Which cycle each user's pages open on (AppTest on the demo database): a cycle the admin
has just created is *prepared* — koordinator and pejabat still land on the running 2025
cycle and do not see it — until the admin opens it; a user who switched to a cycle lands on
it at their next login; the new-cycle form suggests the newest methodology and the picker
shows the cycle just created; a workbook of another cycle's methodology is refused naming
that cycle."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from monev.clock import today
from monev.cycles import create_cycle, list_cycles
from monev.demo import SCOPE
from monev.permissions import SYSTEM
from questionnaires.loader import presets
from questionnaires.template import write_filled
from storage.db import Database
from tests.ui.demo_db import sign_in
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {"admin": "ui/pages/admin.py", "koordinator": "ui/pages/coordinator.py",
         "evaluator": "ui/pages/evaluator.py", "pejabat": "ui/pages/ranking.py"}
RUNNING = "Monev KIP 2025 — Kabupaten Sukamaju"
PUBLISHED = "Monev KIP 2024 — Kabupaten Sukamaju"
PICKER = "cycle_id_select"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db(demo_database: Database) -> Database:
    return demo_database


def log_in(username: str) -> AppTest:
    """A new login of `username` (a fresh browser session), on their role's page."""
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, username)
    at.run()
    at.switch_page(PAGES[username]).run()
    assert not at.exception, at.exception
    return at


def shown_cycle(at: AppTest) -> str:
    """The title the cycle picker shows."""
    picker = at.selectbox(key=PICKER)
    return picker.format_func(picker.value)


def offered(at: AppTest) -> list[str]:
    return list(at.selectbox(key=PICKER).options)


def press(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def create_in_form(at: AppTest, *, year: int, methodology: str | None = None) -> None:
    at.session_state["admin_tab"] = t("admin.tab.cycles")
    at.run()
    if methodology is not None:
        at.selectbox(key="admin_cycle_methodology").set_value(methodology)
    at.number_input(key="admin_cycle_year").set_value(year)
    press(at, t("admin.cycles.create.submit"))


def cells(at: AppTest) -> str:
    """Every text of every table and message on the page, as read."""
    frames = [d.value for d in at.dataframe] + [x.value for x in at.table]
    parts = [str(v) for f in frames if isinstance(f, pd.DataFrame)
             for v in f.astype(str).to_numpy().ravel()]
    parts += [str(e.value) for kind in ("markdown", "error", "warning", "info", "caption")
              for e in at.get(kind)]
    return "\n".join(parts)


# -- the form ---------------------------------------------------------------------------------


def test_the_form_suggests_the_newest_methodology(db: Database):
    at = log_in("admin")
    at.session_state["admin_tab"] = t("admin.tab.cycles")
    at.run()
    newest = max(presets(), key=lambda m: (m.year, m.id))  # by year, then id (as the app)
    assert newest.id == "nasional-2025"  # newer than klasik-2021, the first in the list
    assert at.selectbox(key="admin_cycle_methodology").value == newest.id
    assert at.text_input(key="admin_cycle_ki").value == list_cycles(db, SYSTEM)[0].ki


def test_the_form_suggests_a_title_like_the_kis_other_cycles(db: Database):
    """The title field shows the title a new cycle gets when left empty: the KI's latest
    title with this year's number (not 'Monev KIP <year> — <full KI name>')."""
    at = log_in("admin")
    at.session_state["admin_tab"] = t("admin.tab.cycles")
    at.run()
    field = at.text_input(key="admin_cycle_title")
    assert field.value == ""
    assert field.placeholder == f"Monev KIP {today().year} — Kabupaten Sukamaju"


def test_after_creating_the_picker_shows_the_new_cycle_like_the_page_below(db: Database):
    at = log_in("admin")
    assert shown_cycle(at) == RUNNING
    create_in_form(at, year=2026)
    title = "Monev KIP 2026 — Kabupaten Sukamaju"  # like the demo's own cycles
    assert shown_cycle(at) == title
    assert t("admin.cycles.manage.heading", title=title) in [s.value for s in at.subheader]
    assert t("admin.cycles.is_prepared") in [i.value for i in at.info]
    # Another click keeps both on the new cycle.
    at.session_state["admin_tab"] = t("admin.tab.bodies")
    at.run()
    assert shown_cycle(at) == title
    assert t("admin.bodies.heading", title=title) in [s.value for s in at.subheader]
    # The admin's next login opens on it too: it is where they last worked.
    assert shown_cycle(log_in("admin")) == title


# -- prepared until opened ------------------------------------------------------------------


def test_a_new_cycle_is_hidden_from_koordinator_and_pejabat_until_the_admin_opens_it(
        db: Database):
    admin = log_in("admin")
    create_in_form(admin, year=2026)
    title = "Monev KIP 2026 — Kabupaten Sukamaju"  # like the demo's own cycles
    [new] = [c for c in list_cycles(db, SYSTEM) if c.title == title]
    assert new.status == "prepared"
    assert successes(admin) == [t("admin.cycles.created", title=title,
                                  methodology="nasional-2025")]

    for username in ("koordinator", "pejabat"):
        at = log_in(username)
        assert shown_cycle(at) == RUNNING, username
        assert title not in offered(at), username
        assert not at.error, [e.value for e in at.error]
    # Evaluators may look at a prepared cycle (it is listed, labelled by the page), but
    # still land on the running one.
    evaluator = log_in("evaluator")
    assert shown_cycle(evaluator) == RUNNING
    assert title in offered(evaluator)

    # Opening needs the confirmation, then everyone sees it; they stay on the cycle with
    # data until they pick the new one.
    press(admin, t("admin.cycles.open"))
    assert [c.status for c in list_cycles(db, SYSTEM) if c.id == new.id] == ["prepared"]
    admin.checkbox(key=f"admin_open_confirm_{new.id}").check()
    press(admin, t("admin.cycles.open"))
    assert successes(admin) == [t("admin.cycles.opened", title=title)]
    assert [c.status for c in list_cycles(db, SYSTEM) if c.id == new.id] == ["open"]
    for username in ("koordinator", "pejabat"):
        at = log_in(username)
        assert title in offered(at), username
        assert shown_cycle(at) == RUNNING, username


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


# -- the last cycle a user chose ------------------------------------------------------------


@pytest.mark.parametrize("username", ["koordinator", "pejabat", "evaluator"])
def test_a_user_who_switched_cycle_lands_there_at_the_next_login(db: Database,
                                                                 username: str):
    at = log_in(username)
    assert shown_cycle(at) == RUNNING
    [published] = [c for c in list_cycles(db, SYSTEM) if c.title == PUBLISHED]
    at.selectbox(key=PICKER).set_value(published.id).run()
    assert not at.exception, at.exception
    assert shown_cycle(at) == PUBLISHED

    again = log_in(username)
    assert shown_cycle(again) == PUBLISHED
    # Back to 2025: remembered as well.
    [running] = [c for c in list_cycles(db, SYSTEM) if c.title == RUNNING]
    again.selectbox(key=PICKER).set_value(running.id).run()
    assert shown_cycle(log_in(username)) == RUNNING


@pytest.mark.parametrize(("username", "pages"), [
    ("koordinator", ["ui/pages/coordinator.py", "ui/pages/messages.py",
                     "ui/pages/coordinator.py"]),
    ("pejabat", ["ui/pages/ranking.py"])])
def test_the_chosen_cycle_stays_when_the_user_moves_to_another_page(
        db: Database, username: str, pages: list[str]):
    """Each page draws a picker of its own: a cycle picked on the home page (the root) is
    kept on the page's own address and on the other pages — the picker and the page below
    showing it."""
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, username)
    at.run()
    [published] = [c for c in list_cycles(db, SYSTEM) if c.title == PUBLISHED]
    at.selectbox(key=PICKER).set_value(published.id).run()
    assert shown_cycle(at) == PUBLISHED
    for page in pages:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert shown_cycle(at) == PUBLISHED, page
        assert at.session_state["cycle_id"] == published.id, page  # what the page uses


def test_a_remembered_cycle_that_is_no_longer_visible_is_not_landed_on(db: Database):
    """A remembered cycle that the user can no longer open (here: an id that does not
    exist in this database) is ignored: the page lands on the running cycle."""
    from sqlalchemy import update

    from storage.models import User

    with db.transaction() as session:
        session.execute(update(User).where(User.username == "koordinator")
                        .values(last_cycle_id=9999))
    assert shown_cycle(log_in("koordinator")) == RUNNING


# -- a workbook of another cycle's methodology ----------------------------------------------


def test_a_workbook_of_another_cycles_methodology_names_that_cycle(db: Database):
    # Next year's cycle with the older methodology, opened; the koordinator picks it and
    # uploads a good 2025 workbook.
    other = create_cycle(db, SYSTEM, methodology_id="klasik-2021", ki="KI Lain", year=2026,
                         title="Monev Klasik 2026")
    at = log_in("koordinator")
    at.selectbox(key=PICKER).set_value(other.id).run()
    assert shown_cycle(at) == "Monev Klasik 2026"
    buffer = io.BytesIO()
    write_filled(presets().get("nasional-2025"), "opd", buffer, badan_publik=SCOPE[0],
                 answers={})
    at.file_uploader(key="coord_upload").set_value(
        [("kuesioner-2025.xlsx", buffer.getvalue(), XLSX)]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception
    shown = cells(at)
    assert "F210" in shown
    assert f"metodologi 'nasional-2025' milik siklus '{RUNNING}'" in shown
    assert "Pilih siklus itu di pemilih siklus di atas" in shown
    assert "'klasik-2021'" in shown  # what the chosen cycle uses
