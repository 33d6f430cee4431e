"""Every page keeps its own address for every role (real browser on the demo).

A pejabat lands on the ranking; a bookmark or a link someone shared to ``/ranking`` (or to
the review page, for a verifikator) opens that page, never Streamlit's "page not found"
dialog, whatever the role's home page is. The app's root sends each role to its home.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import VIEWPORT, App

WAIT = 60_000  # ms

HOMES = [  # (username, password, the page "/" opens, another page by its address)
    ("pejabat", "pejabat-demo", "ranking", "ranking"),
    ("evaluator", "evaluator-demo", "evaluator", "ranking"),
    ("koordinator", "koordinator-demo", "coordinator", "ranking"),
]


def log_in(chromium: Any, app: App, username: str, password: str) -> Any:
    context = chromium.new_context(locale="id-ID", viewport=VIEWPORT)
    page = context.new_page()
    page.goto(app.url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_text("Masuk sebagai", exact=False).first.wait_for(timeout=WAIT)
    return page


def settle(page: Any) -> None:
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT)
    page.wait_for_timeout(500)


@pytest.mark.parametrize(("username", "password", "home", "other"), HOMES)
def test_each_page_opens_at_its_own_address(chromium: Any, app: App, username: str,
                                             password: str, home: str, other: str) -> None:
    page = log_in(chromium, app, username, password)
    settle(page)
    assert page.url.rstrip("/").endswith(f"/{home}"), page.url  # the root sent it home
    for address in (other, home):
        page.goto(f"{app.url}/{address}")
        page.get_by_text("Masuk sebagai", exact=False).first.wait_for(timeout=WAIT)
        settle(page)
        assert page.locator('[role="dialog"]').count() == 0, page.locator(
            '[role="dialog"]').first.inner_text()
        assert "tidak ditemukan" not in page.locator("body").inner_text().lower()
        assert page.url.rstrip("/").endswith(f"/{address}"), page.url
    page.context.close()
