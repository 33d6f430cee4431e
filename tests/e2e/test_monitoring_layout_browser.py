"""The koordinator's website monitoring in a real browser 1400 × 900 px (the window of the
fresh-user trial, which found the visits table's "Diperiksa" column cut to "30 N…"), over the
demo monev with fictional sites served locally for six bodies of the demo koordinator's
scope, monitored once by the system (a run over every body of the cycle):

1. the progress counts within the koordinator's scope and says what the run covers;
2. the visits table shows every column whole — each cell's text fits its column, the
   check time included — without scrolling sideways, the item counts add up;
3. the changes and to-do sections are there.

Screenshots go to ``out/e2e/situs-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from monev.bodies import list_bodies, set_websites
from monev.demo import COORDINATOR_SCOPE, seed_demo
from monev.permissions import SYSTEM
from monitoring import runs
from monitoring.crawler import CrawlSettings
from storage.db import Database
from tests.e2e.conftest import App, streamlit_server
from tests.e2e.test_browser_flow import log_in, see, settle, shot
from tests.e2e.test_evaluator_layout_browser import GRID_CUT, OUTSIDE
from tests.monitoring.fictional_sites import complete_site, loop_site, robots_site
from tests.monitoring.site_server import serving

WINDOW = {"width": 1400, "height": 900}
FAST = replace(CrawlSettings(host_delay=0.0, site_timeout=60),
               check=replace(CrawlSettings().check, allow_private=True, read_timeout=2,
                             total_timeout=10))
# The columns a koordinator reads, in view and whole at 1400 px (the day included); the
# pages read and the address follow.
KEY = ["Badan publik", "Hasil", "Berfungsi", "Rusak", "Tidak ditemukan", "robots.txt",
       "Diperiksa"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The demo monev with six of the koordinator's bodies given fictional websites, served
    and monitored once by the system (every body of the cycle)."""
    folder = tmp_path_factory.mktemp("e2e-situs")
    database_url = f"sqlite:///{folder / 'monev.db'}"
    sites = [complete_site("Situs Lengkap"), complete_site("Situs Lupa", berkala=False),
             robots_site(), loop_site(), complete_site("Situs Lain"),
             complete_site("Situs Lengkap Dua")]
    del sites[4].pages["/ppid/dip-2025.pdf"]  # its DIP link answers 404
    with serving(sites):
        db = Database(database_url)
        try:
            demo = seed_demo(db)
            assert demo.seeded, demo.message
            assert demo.cycle_id is not None
            names = {b.name: b.id for b in list_bodies(db, SYSTEM, demo.cycle_id)}
            for name, site in zip(COORDINATOR_SCOPE, sites, strict=False):
                set_websites(db, SYSTEM, demo.cycle_id, names[name], [site.url])
            assert runs.monitor(db, SYSTEM, demo.cycle_id, settings=FAST).state == "finished"
        finally:
            db.dispose()
    log = folder / "streamlit.log"
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": database_url}, log) as url:
        yield App(url, database_url, demo, log)


def visible_grid(page: Any, header: str) -> Any:
    """The grid with a column `header` on the tab in view (the other tabs' grids are there,
    hidden), once its cells are drawn."""
    frame = page.locator('[data-testid="stDataFrame"]:visible').filter(
        has=page.locator("th", has_text=header)).first
    frame.scroll_into_view_if_needed(timeout=60_000)
    frame.locator("#glide-cell-0-0").wait_for(state="attached", timeout=60_000)
    return frame


def column(frame: Any, index: int) -> list[str]:
    return [c.strip() for c in frame.locator(f'[id^="glide-cell-{index}-"]').all_inner_texts()]


def test_monitoring_section_at_1400_px(app: App, chromium: Any, shots: Path) -> None:
    page = log_in(chromium, app, "koordinator", "koordinator-demo", viewport=WINDOW)
    settle(page)
    page.get_by_role("tab", name="Tautan data dukung").click()
    settle(page)
    see(page, "Pemantauan situs badan publik")

    # 1. the progress: within the scope, and what the run covers
    progress = see(page, "di lingkup Anda ·", exact=False)
    progress.scroll_into_view_if_needed()
    assert re.search(r"\d+ dari \d+ badan publik di lingkup Anda", progress.inner_text())
    assert page.get_by_text(re.compile(r"Pemantauan #\d+ oleh Sistem mencakup \d+ badan "
                                       r"publik; \d+ di lingkup Anda\.")).count() == 1

    # 2. the visits: the key columns in view and whole, the next one starting inside
    visits = visible_grid(page, "Berfungsi")
    settle(page)
    shot(page, shots, "situs-01-kunjungan", visits)
    headers = [h.strip() for h in visits.locator("th").all_inner_texts() if h.strip()]
    assert headers[:len(KEY)] == KEY, headers
    assert len(headers) > len(KEY) or visits.evaluate(GRID_CUT) == [], headers
    assert visits.evaluate(OUTSIDE) is False
    days = column(visits, KEY.index("Diperiksa"))
    assert days
    assert all(re.fullmatch(r"\d{1,2} \w{3} \d{4}", d) for d in days), days
    # Each item in one column: a site read adds up to the same number of items.
    counts = [column(visits, KEY.index(name)) for name in KEY[2:6]]
    outcomes = column(visits, 1)
    sums = {sum(int(c[row]) for c in counts) for row, o in enumerate(outcomes)
            if o == "dapat dibuka"}
    assert len(sums) == 1, sums
    assert all(c[row] == "–" for c in counts for row, o in enumerate(outcomes)
               if o != "dapat dibuka")
    assert {"tidak dapat dibuka", "tanpa alamat situs", "dapat dibuka"} <= set(outcomes)

    # 3. what changed (nothing yet: one run) and the lists to send
    page.get_by_text("Yang perlu diperbaiki di situs", exact=False).first \
        .scroll_into_view_if_needed()
    settle(page)
    shot(page, shots, "situs-02-daftar")
