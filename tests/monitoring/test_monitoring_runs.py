"""Website monitoring runs against fictional sites served locally (no internet), on SQLite and
PostgreSQL: the findings per body and item of the nasional-2025 preset (a kecamatan with the
four menus and a DIP PDF; one missing informasi berkala; robots.txt forbidding /ppid/; a
redirect loop; a slow page), a repeated run showing what appeared, disappeared and broke,
the koordinator's to-do list, resuming an interrupted run, one body only, and rights."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from monev.accounts import actor_for, add_user
from monev.bodies import register_body, set_websites
from monev.cycles import create_cycle
from monev.errors import PermissionDenied, UsageError
from monev.permissions import SYSTEM
from monitoring import runs
from monitoring.crawler import CrawlSettings
from storage.db import Database
from storage.models import MonitoringFinding, MonitoringRun, MonitoringSite
from tests.conftest import cheap_hashing
from tests.monitoring.fictional_sites import all_sites, html
from tests.monitoring.site_server import Site, SiteServer, serving

SLOW = 2.0  # the slow page answers after this; the client waits FAST's read_timeout
FAST = replace(CrawlSettings(host_delay=0.0, site_timeout=60),
               check=replace(CrawlSettings().check, allow_private=True, read_timeout=0.5,
                             connect_timeout=2, total_timeout=5))


@pytest.fixture
def sites() -> Iterator[tuple[dict[str, Site], SiteServer]]:
    found = all_sites(SLOW)
    with serving(list(found.values())) as server:
        yield found, server


def make_cycle(db: Database, sites: dict[str, Site], *, without_site: bool = True
               ) -> tuple[int, dict[str, int]]:
    cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                         year=2026).id
    ids = {}
    for name, site in sites.items():
        ids[name] = register_body(db, SYSTEM, cycle, name=name, category="kecamatan",
                                  websites=[site.url]).id
    if without_site:
        ids["Kecamatan Tanpa Situs"] = register_body(
            db, SYSTEM, cycle, name="Kecamatan Tanpa Situs", category="kecamatan").id
    return cycle, ids


def by_item(db: Database, cycle: int, body: int) -> dict[str, runs.Finding]:
    return {f.item: f for f in runs.findings(db, SYSTEM, cycle, body_id=body)}


def test_a_run_finds_each_item_where_it_is_and_says_where_it_was_not(
        db: Database, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, server = sites
    cycle, ids = make_cycle(db, served)
    seen: list[tuple[int, int]] = []

    run = runs.monitor(db, SYSTEM, cycle, settings=FAST,
                       progress=lambda done, total: seen.append((done, total)))

    assert (run.state, run.done, run.total) == ("finished", 6, 6)
    assert run.pages > 30
    assert seen[-1] == (6, 6)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    # Kecamatan Sukamaju: the four menus, the DIP as a 12-page PDF, the rest as pages.
    good = by_item(db, cycle, ids["Kecamatan Sukamaju"])
    site = served["Kecamatan Sukamaju"]
    dip = good["3.1"]  # Daftar Informasi Publik
    assert dip.found is True
    assert dip.url == site.at("/ppid/dip-2025.pdf")
    assert dip.link_text == "Daftar Informasi Publik 2025"
    assert dip.page_title == "PPID - Kecamatan Sukamaju"
    assert (dip.doc_pages, dip.kind, dip.document.split(",")[0]) == (12, "pdf",
                                                                     "PDF 12 halaman")
    assert dip.summary.startswith("ditemukan: Daftar Informasi Publik 2025, PDF 12 halaman")
    assert "diperiksa" in dip.summary
    assert "WIB" in dip.summary
    berkala = good["1.1"]  # informasi berkala
    assert (berkala.found, berkala.url) == (True, site.at("/ppid/informasi-berkala"))
    assert berkala.page_title == "Informasi Berkala - Kecamatan Sukamaju"
    assert berkala.kind == "html"
    assert good["1.8"].url == site.at("/ppid/serta-merta")
    assert good["4.6"].link_text == "Maklumat Pelayanan Informasi Publik"
    assert good["4.5"].doc_pages == 4  # laporan layanan informasi
    assert good["2.5"].url == site.at("/layanan/permohonan")
    assert good["2.1"].found  # a PPID menu
    assert good["4.1"].found is False  # no SK PPID on this site
    pages = good["4.1"].pages
    assert good["4.1"].summary.startswith(
        f"tidak ditemukan di {pages} halaman yang diperiksa, diperiksa")

    # Kecamatan Lupa: no informasi berkala, no laporan layanan.
    lupa = by_item(db, cycle, ids["Kecamatan Lupa"])
    assert (lupa["1.1"].found, lupa["4.5"].found) == (False, False)
    assert lupa["1.1"].detail.startswith("Tidak ditemukan di ")
    assert lupa["3.1"].found
    assert lupa["3.1"].doc_pages == 12

    # Kecamatan Tertutup: robots.txt forbids /ppid/ — never requested; its DIP not found;
    # the menu link to it is found without being opened.
    closed = served["Kecamatan Tertutup"]
    assert server.traffic.count(closed, "/ppid/") == 0
    assert server.traffic.count(closed, "/ppid/dip-2025.pdf") == 0
    tertutup = by_item(db, cycle, ids["Kecamatan Tertutup"])
    assert tertutup["3.1"].found is False
    assert tertutup["3.1"].status == "blocked"  # not found where robots.txt allowed: says so
    assert tertutup["3.1"].summary.startswith(
        f"tidak ditemukan di {tertutup['3.1'].pages} halaman yang boleh dibaca; robots.txt "
        f"situs melarang /ppid/: ")
    assert tertutup["2.2"].found
    assert "robots.txt" in tertutup["2.2"].detail
    assert tertutup["2.5"].found  # /layanan is allowed

    # Kecamatan Putar: a redirect loop — the site could not be visited.
    putar = by_item(db, cycle, ids["Kecamatan Putar"])
    assert {f.found for f in putar.values()} == {None}
    assert "terlalu banyak pengalihan" in putar["3.1"].summary

    # Kecamatan Lambat: the informasi berkala link is there; its page did not answer.
    lambat = by_item(db, cycle, ids["Kecamatan Lambat"])
    assert (lambat["1.1"].found, lambat["1.1"].status) == (False, "broken")  # not available
    assert lambat["1.1"].broken
    assert "tidak menjawab" in lambat["1.1"].detail
    assert "tetapi tautannya rusak: server tidak menjawab" in lambat["1.1"].summary
    assert lambat["3.1"].found
    assert not lambat["3.1"].broken

    # Kecamatan Tanpa Situs: no address — its visit says so.
    visit = {v.body_name: v for v in runs.visits(db, SYSTEM, cycle)}
    assert visit["Kecamatan Tanpa Situs"].outcome == "no_website"
    assert visit["Kecamatan Putar"].outcome == "unreachable"
    assert visit["Kecamatan Sukamaju"].pages == good["4.1"].pages

    # One record per body and item, for the CLI.
    records = [f.record() for f in runs.findings(db, SYSTEM, cycle)]
    assert {"badan_publik", "item", "found", "url", "checked_at"} <= set(records[0])
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MonitoringSite)) == 6


def test_a_repeated_run_shows_what_appeared_disappeared_and_broke(
        db: Database, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, _ids = make_cycle(db, served, without_site=False)
    first = runs.monitor(db, SYSTEM, cycle, settings=FAST)
    only_once = {d.body_name: d for d in runs.differences(db, SYSTEM, cycle)}
    assert only_once["Kecamatan Lupa"].before is None  # compared with nothing yet

    # Between the runs: Lupa publishes its informasi berkala; Sukamaju's DIP file is gone
    # (its link stays: broken) and its maklumat link is removed.
    lupa = served["Kecamatan Lupa"]
    lupa.pages["/ppid/"] = html("PPID - Kecamatan Lupa", ("/ppid/berkala", "Informasi Berkala"),
                                ("/ppid/dip-2025.pdf", "Daftar Informasi Publik 2025"))
    lupa.pages["/ppid/berkala"] = html("Informasi Berkala - Kecamatan Lupa")
    good = served["Kecamatan Sukamaju"]
    del good.pages["/ppid/dip-2025.pdf"]
    good.pages["/ppid/"] = html("PPID - Kecamatan Sukamaju",
                                ("/ppid/dip-2025.pdf", "Daftar Informasi Publik 2025"),
                                ("/ppid/informasi-berkala", "Informasi Berkala"))
    second = runs.monitor(db, SYSTEM, cycle, settings=FAST)
    assert second.id != first.id

    changes = {d.body_name: d for d in runs.differences(db, SYSTEM, cycle)}
    assert [f.item for f in changes["Kecamatan Lupa"].appeared] == ["1.1", "1.7"]
    assert changes["Kecamatan Lupa"].before is not None
    sukamaju = changes["Kecamatan Sukamaju"]
    assert [f.item for f in sukamaju.broken] == ["3.1", "3.2"]  # the DIP link: HTTP 404
    assert sukamaju.broken[0].doc_verdict == "not_found"
    assert "4.6" in [f.item for f in sukamaju.disappeared]  # maklumat
    assert not changes["Kecamatan Tertutup"].changed
    # The same, asked by run.
    by_run = {d.body_name: d for d in runs.differences(db, SYSTEM, cycle, old_run=first.id,
                                                       new_run=second.id)}
    assert by_run["Kecamatan Sukamaju"] == sukamaju

    # The koordinator's to-do list: what each body should fix, ready to send.
    todo = {t.body_name: t for t in runs.todo(db, SYSTEM, cycle)}
    message = todo["Kecamatan Sukamaju"].message()
    assert "3.1 (Daftar Informasi Publik): tautan" in message
    assert "tidak dapat dibuka" in message
    assert "4.6 (Maklumat)" in message
    assert "batas waktu" in message
    assert any(e.item == "" and "tidak dapat diperiksa" in e.text
               for e in todo["Kecamatan Putar"].items)
    assert "1.1" not in [e.item for e in todo["Kecamatan Lupa"].items]  # now published
    assert "4.5" in [e.item for e in todo["Kecamatan Lupa"].items]  # still missing


def test_an_interrupted_run_resumes_with_the_bodies_not_yet_visited(
        db: Database, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, server = sites
    cycle, ids = make_cycle(db, served)
    settings = replace(FAST.with_concurrency(1))

    def ctrl_c(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runs.monitor(db, SYSTEM, cycle, settings=settings, progress=ctrl_c)
    stopped = runs.latest_run(db, SYSTEM, cycle)
    assert stopped is not None
    assert stopped.state == "interrupted"
    assert 0 < stopped.done < stopped.total == 6
    with db.read() as session:
        visited = set(session.scalars(select(MonitoringSite.badan_publik_id)))
    homes = {name: server.traffic.count(site, "/") for name, site in served.items()}

    resumed = runs.monitor(db, SYSTEM, cycle, settings=FAST)  # resumes by itself
    assert resumed.id == stopped.id
    assert (resumed.state, resumed.done, resumed.total) == ("finished", 6, 6)
    assert "Dilanjutkan" in resumed.detail
    for name, site in served.items():  # a body visited before Ctrl+C is not visited again
        if ids[name] in visited and name != "Kecamatan Putar":
            assert server.traffic.count(site, "/") == homes[name]
    with db.read() as session:
        bodies = list(session.scalars(select(MonitoringSite.badan_publik_id)))
    assert sorted(bodies) == sorted(set(bodies))
    assert len(bodies) == 6
    with pytest.raises(UsageError, match="Tidak ada pemantauan situs yang terputus"):
        runs.begin_run(db, SYSTEM, cycle, resume=True)


def test_one_body_only_and_a_website_changed_in_between(
        db: Database, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, ids = make_cycle(db, served)
    lupa = ids["Kecamatan Lupa"]
    run = runs.monitor(db, SYSTEM, cycle, body_id=lupa, settings=FAST)
    assert (run.body_id, run.done, run.total) == (lupa, 1, 1)
    assert {f.body_name for f in runs.findings(db, SYSTEM, cycle)} == {"Kecamatan Lupa"}
    # The address is changed to the complete site: the next visit finds informasi berkala.
    set_websites(db, SYSTEM, cycle, lupa, [served["Kecamatan Sukamaju"].url])
    runs.monitor(db, SYSTEM, cycle, body_id=lupa, settings=FAST)
    assert by_item(db, cycle, lupa)["1.1"].found is True
    with db.read() as session:
        assert session.scalar(select(func.count(func.distinct(MonitoringFinding.run_id)))) == 2


PASSWORD = "Situs-Uji-2026!x"


def two_sites_and_a_koordinator(db: Database, served: dict[str, Site]
                                ) -> tuple[int, dict[str, int]]:
    """A cycle of Kecamatan Lupa and Kecamatan Sukamaju, and koordinator ``ppid`` of Lupa."""
    cycle, ids = make_cycle(db, {"Kecamatan Lupa": served["Kecamatan Lupa"],
                                 "Kecamatan Sukamaju": served["Kecamatan Sukamaju"]},
                            without_site=False)
    add_user(db, SYSTEM, username="ppid", password=PASSWORD, role="koordinator",
             scope=[ids["Kecamatan Lupa"]])
    return cycle, ids


def test_rights_koordinator_runs_their_scope_others_read(
        db: Database, sites: tuple[dict[str, Site], SiteServer],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)
    cycle, ids = two_sites_and_a_koordinator(db, sites[0])
    password = PASSWORD
    add_user(db, SYSTEM, username="verif", password=password, role="evaluator")
    add_user(db, SYSTEM, username="pejabat", password=password, role="pejabat")
    koordinator, evaluator = actor_for(db, "ppid"), actor_for(db, "verif")
    with pytest.raises(PermissionDenied, match="memantau situs"):
        runs.begin_run(db, actor_for(db, "pejabat"), cycle)
    run = runs.monitor(db, koordinator, cycle, settings=FAST)
    assert (run.done, run.total, run.started_by) == (1, 1, "ppid")
    assert {f.body_name for f in runs.findings(db, evaluator, cycle)} == {"Kecamatan Lupa"}
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        runs.findings(db, koordinator, cycle, body_id=ids["Kecamatan Sukamaju"])
    runs.begin_run(db, SYSTEM, cycle)  # recorded; its visits never start
    with pytest.raises(UsageError, match="sedang berjalan"):
        runs.begin_run(db, SYSTEM, cycle)


def test_a_koordinator_begins_their_own_run_rather_than_finish_a_wider_one(
        db: Database, sites: tuple[dict[str, Site], SiteServer],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)
    cycle, _ = two_sites_and_a_koordinator(db, sites[0])
    koordinator = actor_for(db, "ppid")
    stopped = runs.begin_run(db, SYSTEM, cycle)  # every body; its visits never start
    with db.transaction() as session:
        session.execute(update(MonitoringRun).where(MonitoringRun.id == stopped.id)
                        .values(state="interrupted"))
    with pytest.raises(UsageError, match="lebih luas dari cakupan Anda"):
        runs.begin_run(db, koordinator, cycle, resume=True)
    # `monitor` (resume when it can) begins the koordinator's own run instead.
    own = runs.monitor(db, koordinator, cycle, settings=FAST)
    assert own.id != stopped.id
    assert (own.state, own.done, own.total, own.started_by) == ("finished", 1, 1, "ppid")
    with db.read() as session:
        assert session.get(MonitoringRun, stopped.id).total == 2  # left as it was
