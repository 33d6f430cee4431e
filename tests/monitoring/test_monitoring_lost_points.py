"""The items a website-monitoring run did not find are among the points a badan publik
lost, wherever one badan publik's card is shown: the app's "Unduh rapor (PDF)", `python -m
monev export report-card --body ID` and the ranking page's "Rincian badan publik" — as in
the ZIP of every card (a fresh-user trial found "Tidak ada: semua butir memperoleh nilai
penuh" in the first three while Situs was 44,44).

The world of tests/monitoring/test_monitoring_stage_scores.py (tests/fixtures/situs.yaml,
the fictional sites served locally, one finished run) on an SQLite file the app and the CLI
open: Kecamatan Tertutup's robots.txt forbids /ppid/, so 1.2 (3 points) and 2.1 (4 points)
were not found — Situs 44,44; Kecamatan Lupa lacks 1.2 only — Situs 66,67.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.cli import main
from monev.exports import Request, get
from monev.permissions import SYSTEM, Actor
from monitoring import runs
from questionnaires.loader import Registry
from storage.db import Database
from tests.monitoring.site_server import Site, SiteServer
from tests.monitoring.test_monitoring_runs import FAST
from tests.monitoring.test_monitoring_stage_scores import _world, registry, sites
from tests.ui.demo_db import sign_in

__all__ = ["registry", "sites"]  # the fixtures

ROOT = Path(__file__).resolve().parents[2]
NO_LOST = "semua butir memperoleh nilai penuh"
# What the stage's items not found read among the points lost (Kecamatan Tertutup).
# 2.1 is at /layanan/, which robots.txt allows.
TERTUTUP_LOST = [("1.2", "Informasi berkala lengkap"), ("1.1", "Ada DIP?")]


@dataclass(frozen=True)
class World:
    url: str
    cycle: int
    bodies: dict[str, int]
    official: Actor


@pytest.fixture
def world(app_url: str, registry: Registry,
          sites: tuple[dict[str, Site], SiteServer]) -> World:
    db = Database(app_url)
    try:
        cycle, ids = _world(db, registry, sites[0])
        assert runs.monitor(db, SYSTEM, cycle, settings=FAST).state == "finished"
        add_user(db, SYSTEM, username="pejabat", password="Rahasia-Uji-2026!",
                 role="pejabat")
        return World(app_url, cycle, ids, actor_for(db, "pejabat"))
    finally:
        db.dispose()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def lost_section(text: str) -> str:
    """The report card's section of the points lost (up to the next predikat's)."""
    start = text.index("Butir yang kehilangan nilai dan sebabnya")
    return text[start:text.index("Yang diperlukan untuk predikat berikutnya", start)]


def assert_site_items_lost(text: str) -> None:
    """A report card's text names the stage's items not found among the points lost."""
    lost = lost_section(text)
    assert NO_LOST not in lost
    for code, question in TERTUTUP_LOST:
        assert f"{code} {question} Pemantauan Situs (Situs)" in lost, lost
    assert lost.count("tidak ditemukan di ") == 2, lost


def test_the_apps_report_card_pdf_lists_the_items_not_found(world: World) -> None:
    db = Database(world.url)
    try:
        # What the drill-down's "Unduh rapor (PDF)" button hands over (ui/pages/ranking.py).
        data = get("report-card").data(
            db, world.official, Request(world.cycle, world.bodies["Kecamatan Tertutup"]))
    finally:
        db.dispose()
    text = pdf_text(data)
    assert "Pemantauan Situs (Situs)" in text
    assert "44,44" in text
    assert_site_items_lost(text)


def test_the_cli_report_card_lists_the_items_not_found_like_the_zip(
        world: World, tmp_path: Path) -> None:
    def run(*argv: str) -> int:
        return main([*argv, "--database", world.url], io.StringIO(), io.StringIO())

    body = world.bodies["Kecamatan Tertutup"]
    assert run("export", "report-card", "--cycle", str(world.cycle), "--body", str(body),
               "-o", str(tmp_path / "rapor.pdf")) == 0
    single = pdf_text((tmp_path / "rapor.pdf").read_bytes())
    assert_site_items_lost(single)
    assert run("export", "report-cards", "--cycle", str(world.cycle),
               "-o", str(tmp_path / "rapor.zip")) == 0
    with zipfile.ZipFile(tmp_path / "rapor.zip") as archive:
        [member] = [n for n in archive.namelist() if n.endswith(f"-{body}.pdf")]
        in_zip = pdf_text(archive.read(member))
    # One card, however it is asked for (only the time it was made may differ).
    assert single.split(" · dibuat ")[0] == in_zip.split(" · dibuat ")[0]


def open_ranking(world: World) -> AppTest:
    """The ranking page of the world's cycle, as its pejabat."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, world.official)
    at.session_state["cycle_id"] = world.cycle
    at.run()
    at.switch_page("ui/pages/ranking.py").run()
    assert not at.exception, at.exception
    return at


def test_the_ranking_drilldown_lists_the_items_not_found(world: World) -> None:
    at = open_ranking(world)
    for name, lost in (("Kecamatan Tertutup", TERTUTUP_LOST),
                       ("Kecamatan Lupa", TERTUTUP_LOST[:1])):
        at.selectbox(key="rank_drill_body").set_value(world.bodies[name]).run()
        assert not at.exception, at.exception
        captions = " ".join(str(c.value) for c in at.caption)
        assert NO_LOST not in captions
        table = next(d.value for d in at.dataframe if "Alasan" in d.value.columns)
        situs = table[table["Indikator"] == "Pemantauan Situs (Situs)"]
        assert [tuple(r) for r in situs[["Kode", "Pertanyaan"]].itertuples(index=False)] \
            == lost, name
        assert all(reason.startswith("tidak ditemukan di ") for reason in situs["Alasan"])
