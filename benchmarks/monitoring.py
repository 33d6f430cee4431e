"""Benchmark of website monitoring: one run over 500 small fictional sites served locally.

The sites (``tests/monitoring/site_server.py``, a uvicorn server in a child process, one
port per site; every answer takes 20 ms) each have a home page, the four menus, a PPID
page linking the Daftar Informasi Publik (a 2-page PDF), informasi berkala (missing on
every fifth site), serta merta and the maklumat, and a layanan page with permohonan
informasi. A cycle of the
``nasional-2025`` preset (category kecamatan) with one badan publik per site is monitored
with :func:`monitoring.runs.monitor` into SQLite — robots.txt, the delay per host
(``--delay``, 0,05 s here; 1 s by default in use), page parsing, signal matching, the PDFs
opened in the parse pool, everything stored.

Figures: pages per second and the run's time, next to a baseline measured in the same run
(the same pages fetched with one httpx client at the same concurrency, nothing parsed,
stored or waited for); the peak memory of this process (RSS) before and after the run; the
most requests the server saw at once.
Targets: the run of 500 sites ≤ 300 s, its memory growth ≤ 300 MB, and never more requests
at once than the concurrency cap (the sites are visited ``--concurrency`` at a time, each
one request at a time).

Run with ``make bench`` or ``python -m benchmarks.monitoring --sites 500``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from benchmarks import parse_shared, report_checks  # noqa: E402

TIME_TARGET = 300.0  # seconds for a run of 500 sites
MEMORY_TARGET = 300  # MB of RSS growth during the run
PAGE_DELAY = 0.02  # seconds each fictional page takes to answer
PATHS = ("/", "/profil", "/basis-data", "/layanan", "/layanan/permohonan", "/ppid/",
         "/ppid/informasi-berkala", "/ppid/serta-merta", "/ppid/maklumat")


def _sites(count: int) -> list[Any]:
    from tests.monitoring.fictional_sites import pdf_page
    from tests.monitoring.site_server import Site, html

    menus = [("/profil", "Profil"), ("/basis-data", "Basis Data"),
             ("/ppid/", "Informasi Publik"), ("/layanan", "Layanan")]
    dip = pdf_page(2, "Daftar Informasi Publik")
    sites = []
    for n in range(count):
        name = f"Kecamatan {n + 1}"
        berkala = n % 5 != 0
        ppid = [("/ppid/dip.pdf", "Daftar Informasi Publik 2025"),
                ("/ppid/serta-merta", "Informasi Serta Merta"),
                ("/ppid/maklumat", "Maklumat Pelayanan")]
        if berkala:
            ppid.append(("/ppid/informasi-berkala", "Informasi Berkala"))
        pages = {
            "/": html(f"Beranda - {name}", *menus),
            "/profil": html(f"Profil - {name}", *menus),
            "/basis-data": html(f"Basis Data - {name}", *menus),
            "/layanan": html(f"Layanan - {name}", *menus,
                             ("/layanan/permohonan", "Permohonan Informasi")),
            "/layanan/permohonan": html(f"Permohonan Informasi - {name}", *menus),
            "/ppid/": html(f"PPID - {name}", *menus, *ppid),
            "/ppid/dip.pdf": dip,
            "/ppid/serta-merta": html(f"Informasi Serta Merta - {name}", *menus),
            "/ppid/maklumat": html(f"Maklumat - {name}", *menus),
        }
        if berkala:
            pages["/ppid/informasi-berkala"] = html(f"Informasi Berkala - {name}", *menus)
        for page in pages.values():  # a server that takes a moment: requests overlap
            page.delay = PAGE_DELAY
        sites.append(Site(pages))
    return sites


def _serve(count: int, conn: Any) -> None:
    """The child process: serve `count` sites; send their ports, then the server's
    figures when asked, until told to stop."""
    sys.path.insert(0, str(ROOT))
    from tests.monitoring.site_server import SiteServer

    sites = _sites(count)
    server = SiteServer(sites)
    server.start()
    conn.send([site.port for site in sites])
    while True:
        message = conn.recv()
        if message == "stats":
            traffic = server.traffic
            with traffic.lock:
                conn.send({"requests": sum(traffic.requests.values()),
                           "max_active": traffic.max_active})
                traffic.max_active = 0
        else:
            server.stop()
            conn.send("stopped")
            return


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _baseline(ports: list[int], concurrency: int) -> tuple[int, float]:
    """Every page of every site fetched once, `concurrency` at a time, one client."""
    urls = [f"http://127.0.0.1:{port}{path}" for port in ports for path in PATHS]
    queue = iter(urls)
    limits = httpx.Limits(max_connections=concurrency)
    fetched = 0
    async with httpx.AsyncClient(limits=limits, timeout=20) as client:
        async def worker() -> None:
            nonlocal fetched
            for url in queue:
                response = await client.get(url)
                fetched += response.status_code == 200
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return fetched, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.monitoring")
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.05,
                        help="seconds between requests to one site (1 in use)")
    args = parse_shared(parser, argv)

    from monev.bodies import register_body
    from monev.cycles import create_cycle
    from monev.permissions import SYSTEM
    from monitoring import runs
    from monitoring.crawler import CrawlSettings
    from storage.db import Database

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(args.sites, theirs), daemon=True)
    child.start()
    ports: list[int] = ours.recv()
    print(f"{len(ports)} situs fiktif dilayani di 127.0.0.1 (proses terpisah)")
    checks: list[tuple[str, bool]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
            cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025",
                                 ki="KI Benchmark", year=2026).id
            for n, port in enumerate(ports):
                register_body(db, SYSTEM, cycle, name=f"Kecamatan {n + 1}",
                              category="kecamatan", websites=[f"http://127.0.0.1:{port}/"])

            fetched, base_seconds = asyncio.run(_baseline(ports, args.concurrency))
            ours.send("stats")
            before = ours.recv()  # … and resets the server's high-water mark
            base_rate = fetched / base_seconds
            print(f"baseline (httpx saja, {args.concurrency} sekaligus): {fetched} halaman "
                  f"dalam {base_seconds:.1f} s = {base_rate:.0f} halaman/s")

            settings = CrawlSettings(host_delay=args.delay, concurrency=args.concurrency)
            settings = replace(settings, check=replace(
                settings.check, allow_private=True, concurrency=args.concurrency))
            rss_before = _rss_mb()
            started = time.perf_counter()
            run = runs.monitor(db, SYSTEM, cycle, settings=settings)
            seconds = time.perf_counter() - started
            rss_after = _rss_mb()
            ours.send("stats")
            stats = ours.recv()
            found = runs.findings(db, SYSTEM, cycle)
            db.dispose()
    finally:
        ours.send("stop")
        ours.recv()
        child.join(10)

    rate = run.pages / seconds
    dip = sum(1 for f in found if f.item == "3.1" and f.found and f.doc_pages == 2)
    berkala = sum(1 for f in found if f.item == "1.1" and f.found)
    print(f"pemantauan ({args.concurrency} situs sekaligus, jeda {args.delay} s per situs): "
          f"{run.done} badan publik, {run.pages} halaman dalam {seconds:.1f} s = "
          f"{rate:.0f} halaman/s ({rate / base_rate:.0%} dari baseline), "
          f"{stats['requests'] - before['requests']} permintaan")
    print(f"temuan: DIP (PDF 2 halaman) di {dip} situs, informasi berkala di {berkala} "
          f"situs (diharapkan {args.sites} dan {args.sites - (args.sites + 4) // 5})")
    print(f"memori puncak (RSS): {rss_before:.0f} MB sebelum, {rss_after:.0f} MB sesudah "
          f"(+{rss_after - rss_before:.0f} MB)")
    print(f"permintaan bersamaan terbanyak di server: {stats['max_active']} "
          f"(batas {args.concurrency})")
    scale = args.sites / 500
    checks.append((f"run of {args.sites} sites ≤ {TIME_TARGET * scale:.0f} s "
                   f"({seconds:.1f} s)", seconds <= TIME_TARGET * scale))
    checks.append((f"memory growth ≤ {MEMORY_TARGET} MB ({rss_after - rss_before:.0f} MB)",
                   rss_after - rss_before <= MEMORY_TARGET))
    checks.append((f"requests at once ≤ concurrency cap {args.concurrency} "
                   f"({stats['max_active']})", stats["max_active"] <= args.concurrency))
    checks.append((f"every site's DIP found ({dip} of {args.sites})", dip == args.sites))
    print(json.dumps({"pages": run.pages, "seconds": round(seconds, 1),
                      "pages_per_second": round(rate, 1),
                      "baseline_pages_per_second": round(base_rate, 1)}))
    return report_checks(checks, "benchmarks.monitoring")


if __name__ == "__main__":
    sys.exit(main())
