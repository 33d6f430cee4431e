"""What a fresh-user trial of website monitoring found, as users see it (real database,
fictional sites served locally): each item has one outcome — found and working, broken link,
not found, forbidden by robots.txt, site not visited, no address — the same in the scores,
the report card, the CLI, the verifikator's panel, the koordinator's counts, changes and
to-do lists.

The world (tests/fixtures/situs.yaml, items for an OPD: 1.1 Daftar Informasi Publik 2
points, 1.2 Informasi Berkala 3, 2.1 Permohonan Informasi 4 — 9 in all):

=====================  ===========================================  =====================
body                   its site                                     Situs
=====================  ===========================================  =====================
Kecamatan Sukamaju     everything                                   100
Kecamatan Rusak        the DIP link answers HTTP 404                7 of 9: 77,78
Kecamatan Tertutup     robots.txt forbids /ppid/ (1.1 and 1.2 there) 4 of 9: 44,44
Kecamatan Tanpa Situs  no address recorded                          0
=====================  ===========================================  =====================
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cli import main
from monev.cycles import create_cycle, set_deadline
from monev.errors import StageLocked
from monev.exports.report_card import report_cards
from monev.outcomes.publication import publish
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM, Actor
from monitoring import runs
from questionnaires.loader import Registry
from storage.db import Database
from tests.monitoring.fictional_sites import complete_site, robots_site
from tests.monitoring.site_server import Site, SiteServer, html, serving
from tests.monitoring.test_monitoring_runs import FAST
from tests.monitoring.test_monitoring_stage_scores import _world, registry
from tests.ui.demo_db import open_page

__all__ = ["registry"]  # the fixture

COORDINATOR = "ui/pages/coordinator.py"
D = Decimal


def broken_site() -> Site:
    """Every menu and link, but the DIP file is gone: its link answers 404."""
    site = complete_site("Kecamatan Rusak")
    del site.pages["/ppid/dip-2025.pdf"]
    return site


@pytest.fixture
def sites() -> Iterator[tuple[dict[str, Site], SiteServer]]:
    found = {"Kecamatan Sukamaju": complete_site("Kecamatan Sukamaju"),
             "Kecamatan Rusak": broken_site(),
             "Kecamatan Tertutup": robots_site()}
    with serving(list(found.values())) as server:
        yield found, server


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# -- scores and the report card (SQLite and PostgreSQL) ------------------------------------


def test_a_broken_link_earns_nothing_and_the_report_card_says_why(
        db: Database, registry: Registry, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, _ids = _world(db, registry, served)
    assert runs.monitor(db, SYSTEM, cycle, settings=FAST).state == "finished"

    situs = {e.result.badan_publik: e.result.stages["situs"].score
             for e in compute_results(db, SYSTEM, cycle)}
    assert situs == {"Kecamatan Sukamaju": D("100.00"), "Kecamatan Rusak": D("77.78"),
                     "Kecamatan Tertutup": D("44.44"), "Kecamatan Tanpa Situs": D("0.00")}

    cards = {c.name: c for c in report_cards(db, SYSTEM, cycle)}
    rusak = {line.code: line for line in cards["Kecamatan Rusak"].site}
    assert (rusak["1.1"].found, rusak["1.1"].earned) == (False, D("0"))
    dip = served["Kecamatan Rusak"].at("/ppid/dip-2025.pdf")
    assert rusak["1.1"].finding.startswith(
        "ditemukan, tetapi tautannya rusak: HTTP 404, berkas tidak ada (")
    assert rusak["1.1"].finding.endswith(f"): {dip}")
    assert rusak["1.2"].found
    tertutup = {line.code: line for line in cards["Kecamatan Tertutup"].site}
    assert not tertutup["1.1"].found
    assert tertutup["1.1"].finding.startswith("tidak ditemukan di ")
    assert "halaman yang boleh dibaca; robots.txt situs melarang /ppid/: " in \
        tertutup["1.1"].finding
    assert "situs tidak dapat diperiksa" not in tertutup["1.1"].finding
    # What to do differs by what the visit saw: mend the link, let the visit read the page.
    advice = {(name, line.code): line.advice for name in cards
              for line in cards[name].lost if line.stage == "situs"}
    assert advice[("Kecamatan Rusak", "1.1")].startswith("Perbaiki tautan ")
    assert advice[("Kecamatan Tertutup", "1.1")].startswith(
        "Izinkan pemantauan membaca bagian situs yang dilarang robots.txt")
    assert advice[("Kecamatan Tanpa Situs", "1.1")].startswith("Umumkan ")


# -- the CLI --------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    url: str
    cycle: int
    ids: dict[str, int]
    sites: dict[str, Site]


@pytest.fixture
def world(app_url: str, registry: Registry,
          sites: tuple[dict[str, Site], SiteServer]) -> World:
    """The world on an SQLite file, monitored once, that the CLI and the app open."""
    db = Database(app_url)
    try:
        cycle, ids = _world(db, registry, sites[0])
        assert runs.monitor(db, SYSTEM, cycle, settings=FAST).state == "finished"
    finally:
        db.dispose()
    return World(app_url, cycle, ids, sites[0])


def test_the_cli_gives_each_item_one_status_and_each_body_without_address_one_row(
        world: World) -> None:
    status, out, err = run_cli("monitor", "--cycle", str(world.cycle), "--show",
                               "--format", "json", "--database", world.url)
    assert status == 0, err
    records = json.loads(out)
    by = {(r["badan_publik"], r["item"]): r for r in records}
    dip = by[("Kecamatan Rusak", "1.1")]
    assert (dip["status"], dip["found"]) == ("broken", False)  # never "found": true
    assert dip["item_text"] == "Ada DIP?"
    assert by[("Kecamatan Rusak", "1.2")]["found"] is True
    blocked = by[("Kecamatan Tertutup", "1.1")]
    assert (blocked["status"], blocked["found"]) == ("blocked", False)
    assert "robots.txt situs melarang /ppid/" in blocked["keterangan"]
    # A body without an address: one record, not one per item.
    [none] = [r for r in records if r["badan_publik"] == "Kecamatan Tanpa Situs"]
    assert (none["status"], none["item"], none["found"]) == ("no_address", None, None)
    assert "isi di Admin › Badan publik" in none["keterangan"]
    assert len(records) == 3 * 3 + 1
    # The summary ends stderr: the items' outcomes add up to the items of the sites read.
    assert err.strip().splitlines()[-1] == (
        "Ringkasan: 4 badan publik (3 dikunjungi, 1 alamat situs belum dicatat); 9 butir di "
        "situs yang dikunjungi: 6 ditemukan, 1 tautan rusak, 0 tidak ditemukan, 2 dilarang "
        "robots.txt.")

    status, out, _ = run_cli("monitor", "--cycle", str(world.cycle), "--show",
                             "--format", "csv", "--database", world.url)
    rows = list(csv.DictReader(io.StringIO(out)))
    none_row = next(r for r in rows if r["badan_publik"] == "Kecamatan Tanpa Situs")
    assert (none_row["item"], none_row["status"]) == ("", "no_address")
    status, out, _ = run_cli("monitor", "--cycle", str(world.cycle), "--show",
                             "--database", world.url)
    line = next(x for x in out.splitlines() if x.startswith("Kecamatan Rusak") and " 1.1 " in x)
    assert "Ada DIP?" in line
    assert "tautan rusak" in line
    assert sum(x.startswith("Kecamatan Tanpa Situs") for x in out.splitlines()) == 1
    assert "Pertanyaan" in out.splitlines()[0]


def test_the_cli_to_do_lists_advise_on_robots_and_give_the_stage_deadline(
        world: World) -> None:
    db = Database(world.url)
    try:
        set_deadline(db, SYSTEM, world.cycle, "situs", date(2026, 12, 15))
    finally:
        db.dispose()
    status, out, err = run_cli("monitor", "--cycle", str(world.cycle), "--show", "--todo",
                               "--database", world.url)
    assert status == 0, err
    messages = {m.split("\n", 1)[0]: m for m in out.split("\n\n")}
    rusak = next(m for h, m in messages.items() if "Kecamatan Rusak" in h)
    assert ("Mohon dilengkapi sebelum 15 Desember 2026 (batas waktu tahapan Pemantauan "
            "Situs (Situs)):") in rusak
    assert "1.1 (Daftar Informasi Publik): tautan " in rusak
    assert "(HTTP 404, berkas tidak ada); perbaiki tautannya." in rusak
    tertutup = next(m for h, m in messages.items() if "Kecamatan Tertutup" in h)
    assert "robots.txt situs melarang /ppid/" in tertutup
    assert "izinkan pemantau Monev KIP (agen 'monev-kip')" in tertutup
    assert "umumkan di menu PPID" not in tertutup  # they may well be there
    none = next(m for h, m in messages.items() if "Kecamatan Tanpa Situs" in h)
    assert "pemeriksaan" not in none
    assert "WIB" not in none
    assert "belum tercatat" in none
    assert "15 Desember 2026" in none

    status, out, _ = run_cli("monitor", "--cycle", str(world.cycle), "--show", "--todo",
                             "--format", "json", "--database", world.url)
    rows = json.loads(out)
    [address] = [r for r in rows if r["badan_publik"] == "Kecamatan Tanpa Situs"]
    assert address["perbaikan"].startswith(
        "Alamat situs belum dicatat — isi di Admin › Badan publik")
    dip = next(r for r in rows if r["badan_publik"] == "Kecamatan Rusak")
    assert (dip["item"], dip["item_text"]) == ("1.1", "Ada DIP?")


def test_the_cli_refuses_a_published_cycle_and_names_monitoring_in_refusals(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(world.url)
    try:
        add_user(db, SYSTEM, username="ppidrusak", password="Rahasia-Uji-2026!",
                 role="badan_publik", scope=[world.ids["Kecamatan Rusak"]])
    finally:
        db.dispose()
    status, _, err = run_cli("monitor", "--cycle", str(world.cycle), "--as", "ppidrusak",
                             "--database", world.url)
    assert status == 1  # refused
    assert "tidak berwenang memantau situs badan publik" in err
    assert "tautan data dukung" not in err

    db = Database(world.url)
    try:
        publish(db, SYSTEM, world.cycle)
        with pytest.raises(StageLocked, match="sudah ditetapkan"):  # the app's way in
            runs.start_run(db, SYSTEM, world.cycle, settings=FAST)
        runs_before = len(runs.list_runs(db, SYSTEM, world.cycle))
    finally:
        db.dispose()
    status, _, err = run_cli("monitor", "--cycle", str(world.cycle), "--delay", "0",
                             "--database", world.url)
    assert status == 1  # refused
    assert "sudah ditetapkan: pemantauan situs tidak dapat dimulai atau dilanjutkan" in err
    assert "mengubah nilai yang sudah ditetapkan" in err
    db = Database(world.url)
    try:
        assert len(runs.list_runs(db, SYSTEM, world.cycle)) == runs_before
    finally:
        db.dispose()
    status, out, _ = run_cli("monitor", "--cycle", str(world.cycle), "--show",
                             "--database", world.url)
    assert status == 0  # what was found stays readable
    assert "Kecamatan Rusak" in out


def test_a_run_that_ends_after_publication_changes_no_score(world: World) -> None:
    db = Database(world.url)
    try:
        before = {e.result.badan_publik: e.result.stages["situs"].score
                  for e in compute_results(db, SYSTEM, world.cycle)}
        rusak = world.sites["Kecamatan Rusak"]
        rusak.pages.update(complete_site("Kecamatan Rusak").pages)  # the DIP is back
        info = runs.begin_run(db, SYSTEM, world.cycle)
        publish(db, SYSTEM, world.cycle)  # while the run works
        ended = runs.execute_run(db, SYSTEM, info.id, settings=FAST)
        assert ended.state == "failed"
        assert ended.detail == runs.PUBLISHED_DURING
        after = {e.result.badan_publik: e.result.stages["situs"].score
                 for e in compute_results(db, SYSTEM, world.cycle)}
        assert after == before
        assert after["Kecamatan Rusak"] == D("77.78")
        # What it found stays readable, as suggested evidence.
        found = runs.findings(db, SYSTEM, world.cycle, body_id=world.ids["Kecamatan Rusak"])
        assert {f.run_id for f in found} == {info.id}
        assert all(f.status == "found" for f in found)
    finally:
        db.dispose()


def test_a_private_address_is_refused_saying_how_to_allow_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONEV_LINK_CHECK_PRIVATE", raising=False)
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    site = Site({"/": html("Beranda", ("/ppid", "PPID"))})
    with serving([site]):
        db = Database(url)
        try:
            cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                                 year=2026).id
            register_body(db, SYSTEM, cycle, name="Kecamatan Intranet",
                          category="kecamatan", websites=[site.url])
        finally:
            db.dispose()
        status, _, err = run_cli("monitor", "--cycle", str(cycle), "--format", "json",
                                 "--delay", "0", "--database", url)
    assert status == 0, err
    assert "MONEV_LINK_CHECK_PRIVATE=1" in err
    assert "jaringan internal" in err
    status, out, _ = run_cli("monitor", "--cycle", str(cycle), "--show", "--todo",
                             "--database", url)
    assert "jaringan internal" in out
    assert "MONEV_LINK_CHECK_PRIVATE" not in out  # the PPID's list: not the server's setting


@pytest.mark.parametrize("command", [("monitor",), ("links", "check"), ("links", "show")])
def test_every_option_has_help(command: tuple[str, ...],
                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--cycle ID id siklus (lihat 'python -m monev cycle list')" in shown
    assert "--format {table,csv,json} bentuk keluaran di stdout" in shown
    if command == ("monitor",):
        assert "--body ID hanya badan publik ini" in shown


# -- the app ------------------------------------------------------------------------------


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("subheader", "markdown", "error", "warning", "success",
                                  "info", "caption") for e in at.get(kind)]
    parts += [e.text for e in at.get("progress")]
    return "\n".join(str(p) for p in parts)


def koordinator(world: World, *bodies: str) -> Actor:
    db = Database(world.url)
    try:
        add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2026!",
                 role="koordinator", scope=[world.ids[b] for b in bodies])
        return actor_for(db, "ppid")
    finally:
        db.dispose()


def test_the_koordinator_counts_each_item_once_within_their_scope(world: World) -> None:
    who = koordinator(world, "Kecamatan Rusak", "Kecamatan Tertutup")
    at = open_page(who, COORDINATOR)
    shown = texts(at)
    # The run was begun by the system over 4 bodies: progress within the scope, and says so.
    assert "2 dari 2 badan publik di lingkup Anda" in shown
    assert "Pemantauan #1 oleh Sistem mencakup 4 badan publik; 2 di lingkup Anda." in shown
    assert "4 dari 4 badan publik" not in shown
    visits = next(df.value for df in at.dataframe if "Rusak" in df.value.columns)
    counted = ["Berfungsi", "Rusak", "Tidak ditemukan", "robots.txt"]
    rows = {r["Badan publik"]: [int(r[c]) for c in counted] for _, r in visits.iterrows()}
    assert rows == {"Kecamatan Rusak": [2, 1, 0, 0], "Kecamatan Tertutup": [1, 0, 0, 2]}
    assert all(sum(v) == 3 for v in rows.values())  # they add up to the 3 items
    assert "Setiap butir yang dicari dihitung di satu kolom saja" in shown
    assert "**Berfungsi** (ditemukan dan tautannya dapat dibuka" in shown


def _workspace(cycle_id: int, body_id: int, code: str) -> None:
    from monev.cycles import cycle_methodology
    from monev.permissions import SYSTEM
    from ui import state
    from ui.components import website_findings

    db = state.database()
    question = cycle_methodology(db, SYSTEM, cycle_id).question_by_code[code]
    website_findings.show(db, SYSTEM, cycle_id, body_id, question)


def test_the_verifikator_sees_a_broken_link_and_a_forbidden_section(world: World) -> None:
    at = AppTest.from_function(_workspace, args=(world.cycle, world.ids["Kecamatan Rusak"],
                                                 "1.1"), default_timeout=60).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Temuan situs (saran bukti): tautan rusak" in shown
    assert "ditemukan, tetapi tidak dapat dibuka" in shown
    assert "HTTP 404" in shown
    at = AppTest.from_function(_workspace, args=(world.cycle,
                                                 world.ids["Kecamatan Tertutup"], "1.1"),
                               default_timeout=60).run()
    shown = texts(at)
    assert "halaman yang boleh dibaca; robots.txt situs melarang /ppid/" in shown


def test_a_published_cycle_offers_no_monitoring(world: World) -> None:
    db = Database(world.url)
    try:
        publish(db, SYSTEM, world.cycle)
    finally:
        db.dispose()
    who = koordinator(world, "Kecamatan Rusak")
    at = open_page(who, COORDINATOR)
    assert "Hasil siklus ini sudah ditetapkan: situs tidak dipantau lagi" in texts(at)
    assert not [b for b in at.button if b.key in ("web_start", "web_resume")]


def test_a_second_run_in_the_same_session_shows_its_own_message(
        app_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONEV_LINK_CHECK_PRIVATE", "1")  # the site is on 127.0.0.1
    url = app_url
    site = Site({"/": html("Beranda - Dinas Budaya", ("/ppid", "PPID")),
                 "/ppid": html("PPID - Dinas Budaya", ("/dip.pdf", "Daftar Informasi Publik"))})
    with serving([site]):
        db = Database(url)
        try:
            cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                                 year=2026).id
            body = register_body(db, SYSTEM, cycle, name="Dinas Budaya", category="kecamatan",
                                 websites=[site.url]).id
            add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2026!",
                     role="koordinator", scope=[body])
            who = actor_for(db, "ppid")
        finally:
            db.dispose()
        at = open_page(who, COORDINATOR)

        def monitor_now() -> str:
            at.button(key="web_start").click().run()
            db = Database(url)
            try:
                latest = runs.latest_run(db, SYSTEM, cycle)
                assert latest is not None
                assert runs.wait_for(latest.id, timeout=120)
                assert runs.get_run(db, SYSTEM, latest.id).state == "finished"
            finally:
                db.dispose()
            at.run()
            assert not at.exception, at.exception
            [area] = [a for a in at.text_area if a.key and a.key.startswith("web_todo_")]
            return str(area.value)

        first = monitor_now()
        assert "1.1 (Informasi Berkala): tidak ditemukan" in first
        # The body publishes its informasi berkala; monitored again in the same session.
        site.pages["/ppid"] = html("PPID - Dinas Budaya", ("/dip.pdf", "Daftar Informasi Publik"),
                                   ("/berkala", "Informasi Berkala"))
        site.pages["/berkala"] = html("Informasi Berkala - Dinas Budaya")
        second = monitor_now()
    assert second != first
    assert "1.1 (Informasi Berkala)" not in second  # the new run's list, not the old one
    heading = next(e.label for e in at.expander if e.label.startswith("Dinas Budaya"))
    assert heading == f"Dinas Budaya — {second.count(chr(10) + '- ')} hal"
