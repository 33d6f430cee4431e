"""The koordinator's link check in a real browser (the real app on the demo database,
Debian's headless Chromium): start the check, watch its progress move without reloading,
and read the links each badan publik must fix. The demo's links point at a reserved
domain (``sukamajukab.example``) that no server answers, so every one is "tautan tidak
dapat dibuka" — what a koordinator must see before the deadline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monev.demo import seed_demo
from storage.db import Database
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "e2e"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("tautan-e2e")
    database_url = f"sqlite:///{folder / 'monev.db'}"
    db = Database(database_url)
    try:
        assert seed_demo(db).seeded
    finally:
        db.dispose()
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": database_url},
                          folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-system-deps.sh")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def test_koordinator_runs_the_check_and_sees_what_to_fix(app_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(locale="id-ID", viewport={"width": 1400, "height": 1800}
                               ).new_page()
    page.goto(app_url)
    page.get_by_label("Nama pengguna").fill("koordinator")
    page.get_by_label("Kata sandi").fill("koordinator-demo")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_text("Masuk sebagai", exact=False).first).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Koordinator PPID").first.click()
    page.get_by_role("tab", name="Tautan data dukung").click()
    expect(page.get_by_text("siklus ini belum pernah diperiksa", exact=False)).to_be_visible(
        timeout=30_000)

    page.get_by_role("button", name="Periksa semua tautan").click()
    expect(page.get_by_text("dimulai di latar belakang", exact=False)).to_be_visible(
        timeout=30_000)
    page.screenshot(path=str(SHOTS / "tautan-1-berjalan.png"), full_page=True)
    # The progress is read again while the run goes on; the page shows the end by itself.
    done = page.get_by_text("alamat tautan diperiksa · selesai", exact=False)
    # While the page reruns at the end, Streamlit may show the fragment's stale bar beside
    # the new one for a moment: wait for one, then for the page to settle on one.
    expect(done.first).to_be_visible(timeout=180_000)
    expect(done).to_have_count(1, timeout=30_000)
    expect(page.get_by_text("Tautan yang perlu diperbaiki", exact=False)).to_be_visible(
        timeout=30_000)
    page.screenshot(path=str(SHOTS / "tautan-2-selesai.png"), full_page=True)
    expanders = page.locator('[data-testid="stExpander"] summary')
    assert expanders.count() >= 1
    first = expanders.first
    assert "tautan" in first.inner_text()
    first.click()
    message = page.locator('[data-testid="stExpander"] textarea').first  # the body's letter
    expect(message).to_be_visible(timeout=10_000)
    text = message.input_value()
    assert text.startswith("Yth. PPID ")
    assert "sukamajukab.example" in text
    assert "Tautan tidak dapat dibuka" in text
    page.screenshot(path=str(SHOTS / "tautan-3-pesan.png"), full_page=True)
