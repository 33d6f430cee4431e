"""Browser tests: the real app (``python -m streamlit run app.py``) on a free port with a
seeded demo database, driven by Playwright in Debian's headless Chromium.

Chromium comes from the system (``/usr/bin/chromium``, installed by
``scripts/ensure-system-deps.sh``); Playwright never downloads a browser. The server's
output goes to a file (a pipe could fill up and block it) and is shown when it fails.
Screenshots of every step are written to ``out/e2e/`` (git-ignored) to be looked at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from monev.demo import DemoInfo, seed_demo
from storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1800}
# The koordinator's questionnaire uploader (its widget key is a CSS class of its container):
# the page has other uploaders (data dukung files), so a test names the one it means.
QUESTIONNAIRE_UPLOADER = '.st-key-coord_upload [data-testid="stFileUploaderDropzoneInput"]'
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class App:
    url: str  # http://127.0.0.1:<port>
    database_url: str
    demo: DemoInfo
    log: Path

    def database(self) -> Database:
        """The app's database, opened by the test process too (to check and to compare)."""
        return Database(self.database_url)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read().strip() == b"ok")
    except OSError:
        return False


@contextmanager
def streamlit_server(script: str, env: dict[str, str], log: Path) -> Iterator[str]:
    """`script` served by a real Streamlit server on a free port; yields its URL. The
    server's output goes to `log` (shown when it does not start); stopped on exit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.address=127.0.0.1",
             f"--server.port={port}", "--server.headless=true",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app served by a real Streamlit server over a fresh demo database."""
    folder = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{folder / 'monev.db'}"
    db = Database(database_url)
    try:
        demo = seed_demo(db)
    finally:
        db.dispose()
    assert demo.seeded, demo.message
    log = folder / "streamlit.log"
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": database_url}, log) as url:
        yield App(url, database_url, demo, log)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (skipped when it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-system-deps.sh")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    """The folder for this run's screenshots (emptied first)."""
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    return SHOTS
