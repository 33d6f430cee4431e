"""Every page opens at its own address for every role (a real browser on the demo).

A pejabat's home page is the ranking, served at the app's root; a bookmark of ``/ranking``
(or a link someone shared) opened Streamlit's "page not found" dialog, because the default
page's only address was the root. Now every demo role, logged in, opens each of its pages —
its home page included — by typing ``/<page>``: the page's own title, no dialog, the
address kept; the root still opens the role's home page. Nothing reruns to send anyone
anywhere (an earlier fix with ``st.switch_page`` raced with the first click).

Screenshots go to out/e2e/ (address-*.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monev.demo import ACCOUNTS
from monev.permissions import Role
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, settle
from ui.text import t_literal

TITLES = {"coordinator": "coord.title", "evaluator": "eval.title", "ranking": "rank.title",
          "admin": "admin.title", "portal": "portal.title", "account": "account.heading"}
HOME = {Role.ADMIN: "admin", Role.COORDINATOR: "coordinator", Role.EVALUATOR: "evaluator",
        Role.OFFICIAL: "ranking", Role.BODY: "portal"}
# The pages each role opens by address (its menu; a badan publik's ranking only by URL).
OPENS = {Role.ADMIN: ("admin", "coordinator", "evaluator", "ranking", "account"),
         Role.COORDINATOR: ("coordinator", "ranking", "account"),
         Role.EVALUATOR: ("evaluator", "ranking", "account"),
         Role.OFFICIAL: ("ranking", "account"),
         Role.BODY: ("portal", "ranking", "account")}
PASSWORDS = {a.role: (a.username, a.password) for a in ACCOUNTS}


def opened(page: Any, page_name: str, shots: Path, name: str) -> None:
    """The page on screen is `page_name`'s, whole: its title, no dialog, no refusal."""
    page.get_by_text("Masuk sebagai", exact=False).first.wait_for(timeout=WAIT)
    title = page.locator("h1").first
    title.wait_for(timeout=WAIT)
    settle(page)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
    dialogs = page.locator('[role="dialog"]')
    assert dialogs.count() == 0, dialogs.first.inner_text()
    body = page.locator("body").inner_text()
    assert "Page not found" not in body, body[:500]
    assert "tidak ditemukan" not in body.lower(), body[:500]
    assert "tidak tersedia untuk peran" not in body, body[:500]
    assert title.inner_text().strip() == t_literal(TITLES[page_name]), title.inner_text()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name.lower())
def test_each_page_opens_at_its_own_address(chromium: Any, app: App, shots: Path,
                                             role: Role) -> None:
    page = log_in(chromium, app, *PASSWORDS[role])
    try:
        opened(page, HOME[role], shots, f"address-{role.name.lower()}-root")
        assert page.url.rstrip("/") == app.url, page.url  # the home page at the root
        for name in OPENS[role]:
            page.goto(f"{app.url}/{name}")  # a bookmark, a typed address
            opened(page, name, shots, f"address-{role.name.lower()}-{name}")
            assert page.url.rstrip("/") == f"{app.url}/{name}", page.url
        page.goto(app.url)
        opened(page, HOME[role], shots, f"address-{role.name.lower()}-root-again")
    finally:
        page.context.close()
