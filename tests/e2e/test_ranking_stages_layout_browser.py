"""The ranking page's table in a real browser 1400 × 900 px (the window of the new-user
trial, which found the website-monitoring stage's column "Pemantauan Situs (Situs)" past the
grid's right edge, its values hidden): rank and name (pinned), region, final, predikat and
what makes the final — SAQ, the stages Situs and Presentasi (its "0,00 · tidak mengikuti"
whole) — are in view without scrolling sideways, each stage under its short name with its
full name as the column's help.

Its own world (not the demo): tests/fixtures/situs.yaml, the fictional sites of
tests/monitoring served locally for one finished monitoring run (Situs 100 · 66,67 · 44,44 ·
0 · 0). Screenshot: ``out/e2e/peringkat-tahapan.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monev.accounts import add_user
from monev.demo import DemoInfo
from monev.permissions import SYSTEM
from monitoring import runs
from questionnaires.loader import Registry, load_methodology
from storage.db import Database
from tests.e2e.conftest import App, streamlit_server
from tests.e2e.test_browser_flow import grid, log_in, see, settle, shot
from tests.e2e.test_evaluator_layout_browser import GRID_CUT, OUTSIDE, WINDOW
from tests.monitoring.fictional_sites import complete_site, loop_site, robots_site
from tests.monitoring.site_server import serving
from tests.monitoring.test_monitoring_runs import FAST
from tests.monitoring.test_monitoring_stage_scores import SITUS, _world

KEY = ["Peringkat", "Badan publik", "Wilayah", "Nilai akhir", "Predikat", "SAQ", "Situs",
       "Presentasi"]
PASSWORD = "Rahasia-Uji-2026!"


@pytest.fixture(scope="module")
def situs_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app over a cycle whose methodology scores website monitoring, after a run."""
    folder = tmp_path_factory.mktemp("e2e-situs")
    url = f"sqlite:///{folder / 'monev.db'}"
    db = Database(url)
    sites = {"Kecamatan Sukamaju": complete_site("Kecamatan Sukamaju"),
             "Kecamatan Lupa": complete_site("Kecamatan Lupa", berkala=False, laporan=False),
             "Kecamatan Tertutup": robots_site(), "Kecamatan Putar": loop_site()}
    try:
        with serving(list(sites.values())):
            cycle, _ = _world(db, Registry([load_methodology(SITUS)]), sites)
            assert runs.monitor(db, SYSTEM, cycle, settings=FAST).state == "finished"
        add_user(db, SYSTEM, username="pejabat", password=PASSWORD, role="pejabat")
    finally:
        db.dispose()
    log = folder / "streamlit.log"
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": url}, log) as address:
        yield App(address, url, DemoInfo(seeded=False, message="", cycle_id=cycle), log)


def test_the_stage_columns_are_in_view_at_1400_px(situs_app: App, chromium: Any,
                                                   shots: Path) -> None:
    page = log_in(chromium, situs_app, "pejabat", PASSWORD, viewport=WINDOW)
    see(page, "Peringkat per kategori", exact=False)
    settle(page)
    table = grid(page, "Nilai akhir")
    settle(page)
    shot(page, shots, "peringkat-tahapan", table)
    # The grid's accessible copy holds the columns in view (it draws on a canvas): the key
    # ones come first, whole — the next column starts inside the grid too.
    headers = [h.strip() for h in table.locator("th").all_inner_texts() if h.strip()]
    assert headers[:len(KEY)] == KEY, headers
    assert len(headers) > len(KEY) or table.evaluate(GRID_CUT) == [], headers
    assert table.evaluate(OUTSIDE) is False
    # Each body's Situs is in that column (the accessible copy holds the numbers as data;
    # the grid draws them with a decimal comma, as the AppTest tests check).
    rows = [[c.strip() for c in r.locator("td").all_inner_texts()]
            for r in table.locator("tbody tr").all()]
    situs = {row[1]: float(row[KEY.index("Situs")]) for row in rows if len(row) > len(KEY)}
    assert situs == {"Kecamatan Sukamaju": 100, "Kecamatan Lupa": 66.67,
                     "Kecamatan Tertutup": 44.44, "Kecamatan Putar": 0,
                     "Kecamatan Tanpa Situs": 0}
    page.context.close()
