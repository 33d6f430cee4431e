"""Text from outside in a real browser, over the demo monev: a badan publik whose name holds
Markdown and HTML files two appeals — one whose claim holds Markdown, HTML, a script, a
bare address and an icon shortcode, with an https evidence link; one with a
``javascript:`` evidence link. The evaluator opens the appeals:

- the claim reads exactly as typed (asterisks, brackets and tags visible), and the name in
  the appeal's heading too;
- nothing from the texts became an element: no link to the addresses in them, no ``<b>``,
  no script, no icon;
- the https evidence is a link opening in a new tab; the ``javascript:`` one is text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from monev.appeals import file_appeal
from monev.bodies import register_body
from monev.permissions import SYSTEM
from tests.conftest import store_appeal_evidence
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle, shot

BODY = "**Dinas** [Tebal](https://evil.example) <b>x</b>"
CLAIM = ("**tebal** [klik](https://evil.example) <b>x</b> <script>alert(1)</script> "
         "https://auto.example :material/warning:")
EVIDENCE = "https://ppid.example.go.id/sanggah/bukti.pdf"
SCRIPT_LINK = "javascript:alert(1)"


def file_appeals(app: App) -> tuple[int, int]:
    db = app.database()
    try:
        assert app.demo.cycle_id is not None
        body = register_body(db, SYSTEM, app.demo.cycle_id, name=BODY, category="opd")
        linked = file_appeal(db, SYSTEM, app.demo.cycle_id, body.id, CLAIM, evidence=EVIDENCE)
        scripted = file_appeal(db, SYSTEM, app.demo.cycle_id, body.id, "Bukti kedua",
                               evidence=EVIDENCE)
        store_appeal_evidence(db, scripted.id, SCRIPT_LINK)  # as stored before links were checked
        return linked.id, scripted.id
    finally:
        db.dispose()


def appeal_box(page: Any, appeal_id: int) -> Any:
    """The bordered container of one open appeal."""
    heading = page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text=f"Sanggah #{appeal_id} —")
    heading.first.wait_for(timeout=WAIT)
    return page.locator('[data-testid="stVerticalBlock"]').filter(has=heading).filter(
        has=page.locator('[data-testid="stForm"]')).last


def test_appeal_text_is_shown_literally_and_only_http_links_are_links(
        app: App, chromium: Any, shots: Path) -> None:
    linked, scripted = file_appeals(app)
    page = log_in(chromium, app, "evaluator", "evaluator-demo")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    see(page, "Antrean verifikasi", exact=False)
    settle(page)
    page.get_by_role("tab", name="Sanggah", exact=False).click()
    page.get_by_text("Tampilkan sanggah semua badan publik").click()
    settle(page)

    box = appeal_box(page, linked)
    box.scroll_into_view_if_needed()
    shot(page, shots, "40-sanggah-teks-luar", box)
    # The claim, exactly as typed: a text element, not Markdown.
    claim = box.locator('[data-testid="stText"]')
    assert claim.inner_text().strip() == CLAIM
    # The body's name in the heading, as typed.
    heading = box.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text=f"Sanggah #{linked} —").first
    assert heading.inner_text().strip() == (
        f"Sanggah #{linked} — {BODY} · hasil secara keseluruhan")
    assert heading.locator("strong").inner_text() == f"Sanggah #{linked}"  # the app's own
    # Nothing in the texts became an element.
    assert box.locator("b, i, em, img, script, [role=img]").count() == 0
    assert page.locator('a[href*="evil.example"], a[href*="auto.example"]').count() == 0
    scripts = page.evaluate("[...document.scripts].filter(s => s.text.includes('alert(1)'))"
                            ".length")
    assert scripts == 0
    # The https evidence: a link opening in a new tab, showing its address.
    evidence = box.locator(f'a[href="{EVIDENCE}"]')
    assert evidence.count() == 1
    assert evidence.get_attribute("target") == "_blank"
    assert "noopener" in (evidence.get_attribute("rel") or "")
    assert evidence.inner_text() == EVIDENCE

    # The javascript: evidence: text, no link.
    other = appeal_box(page, scripted)
    other.scroll_into_view_if_needed()
    assert f"Bukti baru: {SCRIPT_LINK}" in other.inner_text()
    assert other.locator("a").count() == 0
    assert page.locator('a[href^="javascript" i]').count() == 0
    other.get_by_text(SCRIPT_LINK, exact=False).first.click()  # clicking it does nothing
    page.wait_for_timeout(300)
    assert not dialogs
    shot(page, shots, "41-sanggah-tautan-javascript", other)
    page.context.close()
