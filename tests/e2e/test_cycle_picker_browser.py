"""Cycles in a real browser, over the demo (2025 running, 2024 published):

1. the admin creates next year's cycle with the form (its methodology suggested: the
   newest) and the cycle picker at the top shows the new cycle, as the page below does
   (the picker used to keep showing the old one);
2. the koordinator PPID logs in and still lands on the running 2025 cycle; the prepared
   cycle is not among the picker's options;
3. the admin opens the cycle; the koordinator's picker now offers it, and they still land
   on 2025, the cycle with data.

Screenshots of every step go to ``out/e2e/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle, shot

RUNNING = "Monev KIP 2025 — Kabupaten Sukamaju"
NEW = "Monev KIP 2026 — Kabupaten Sukamaju"  # the title left empty: like the others


def picker(page: Any) -> Any:
    return page.locator('[data-testid="stSelectbox"]').filter(has_text="Siklus monev").first


def shown_cycle(page: Any) -> str:
    """The title the cycle picker shows (the value of its combo box)."""
    return str(picker(page).get_by_role("combobox").input_value()).strip()


def offered_cycles(page: Any) -> list[str]:
    """The titles in the picker's open list (closed again afterwards)."""
    picker(page).get_by_role("button", name="Buka").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=WAIT)
    titles = [str(options.nth(i).inner_text()).strip() for i in range(options.count())]
    page.keyboard.press("Escape")
    settle(page)
    return titles


def test_a_new_cycle_is_shown_to_the_admin_and_hidden_until_opened(
        app: App, chromium: Any, shots: Path) -> None:
    admin = log_in(chromium, app, "admin", "admin-demo")
    settle(admin)
    assert shown_cycle(admin) == RUNNING
    admin.get_by_role("tab", name="Siklus", exact=True).click()
    settle(admin)
    admin.get_by_text("Buat siklus baru", exact=True).click()
    form = admin.locator('[data-testid="stForm"]').filter(has_text="Buat siklus")
    methodology = form.locator('[data-testid="stSelectbox"]').filter(has_text="Metodologi")
    # the newest methodology is suggested
    assert "(nasional-2025)" in methodology.get_by_role("combobox").input_value()
    year = form.get_by_label("Tahun")
    year.fill("2026")
    year.press("Tab")
    shot(admin, shots, "siklus-01-formulir", form)
    form.get_by_role("button", name="Buat siklus", exact=True).click()
    see(admin, "masih", exact=False)
    settle(admin)
    shot(admin, shots, "siklus-02-dibuat")
    assert shown_cycle(admin) == NEW  # the picker agrees with the page below
    see(admin, f"Tahapan dan penetapan: {NEW}")

    koordinator = log_in(chromium, app, "koordinator", "koordinator-demo")
    settle(koordinator)
    assert shown_cycle(koordinator) == RUNNING
    assert NEW not in offered_cycles(koordinator)
    shot(koordinator, shots, "siklus-03-koordinator-belum-melihat")

    admin.get_by_text("Saya yakin: siklus ini terlihat oleh semua peran").click()
    admin.get_by_role("button", name="Buka siklus", exact=True).click()
    see(admin, "kini berjalan", exact=False)
    settle(admin)
    shot(admin, shots, "siklus-04-dibuka")

    koordinator.reload()
    settle(koordinator)
    see(koordinator, "Siklus monev")
    assert shown_cycle(koordinator) == RUNNING
    assert NEW in offered_cycles(koordinator)
    shot(koordinator, shots, "siklus-05-koordinator-melihat")
