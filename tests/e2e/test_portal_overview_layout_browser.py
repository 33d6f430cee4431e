"""The PPID portal's overview of every answer in a real browser 1400 × 900 px (the window of
the new-user trial), over the demo monev, as the demo's badan publik account: the columns a
PPID checks — code (pinned), question, answer, data dukung link and files — are in view
without scrolling sideways, the grid inside the main area (the files column sat past the
right edge). Screenshot: ``out/e2e/portal-ringkasan.png``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import grid, log_in, see, settle, shot
from tests.e2e.test_evaluator_layout_browser import GRID_CUT, OUTSIDE, WINDOW

KEY = ["Kode", "Pertanyaan", "Jawaban", "Tautan data dukung", "Berkas data dukung"]


def test_the_overview_shows_link_and_files_at_1400_px(app: App, chromium: Any,
                                                        shots: Path) -> None:
    page = log_in(chromium, app, "badanpublik", "badanpublik-demo", viewport=WINDOW)
    see(page, "Semua jawaban", exact=False).click()
    settle(page)
    overview = grid(page, "Berkas data dukung")
    overview.scroll_into_view_if_needed()
    settle(page)
    shot(page, shots, "portal-ringkasan", overview)
    # The grid's accessible copy holds the columns in view (it draws on a canvas).
    headers = [h.strip() for h in overview.locator("th").all_inner_texts() if h.strip()]
    assert headers[:len(KEY)] == KEY, headers
    assert len(headers) > len(KEY) or overview.evaluate(GRID_CUT) == [], headers
    assert overview.evaluate(OUTSIDE) is False
    page.context.close()
