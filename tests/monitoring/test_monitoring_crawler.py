"""Visiting one site (monitoring.crawler) against a fictional site served locally: signals
matched as whole words and address patterns, the page and depth caps, the delay per host,
a private address refused unless allowed, and a site without an address."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from evidence.links import new_client
from monitoring.crawler import CrawlSettings, Matcher, SiteResult, visit_site
from questionnaires.loader import presets
from questionnaires.model import Signals
from tests.monitoring.fictional_sites import complete_site
from tests.monitoring.site_server import Site, SiteServer, serving

ITEMS = {q.code: q.signals for q in presets().get("nasional-2025").questions_for(  # type: ignore[union-attr]
    "kecamatan") if q.signals}
FAST = replace(CrawlSettings(host_delay=0.0, site_timeout=30),
               check=replace(CrawlSettings().check, allow_private=True, read_timeout=1,
                             total_timeout=5))


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Site, SiteServer]]:
    served = complete_site("Kecamatan Uji")
    with serving([served]) as server:
        yield served, server


def visit(site: Site, settings: CrawlSettings = FAST) -> SiteResult:
    async def run() -> SiteResult:
        async with new_client(settings.check) as client:
            return await visit_site(client, [site.url], ITEMS, settings)
    return asyncio.run(run())


def test_signals_match_whole_words_and_address_patterns() -> None:
    dip = Matcher(Signals(link_texts=("Daftar Informasi Publik", "DIP"),
                          title_words=("Informasi Berkala",),
                          url_patterns=("*/dip*", "maklumat")))
    assert dip.link_text("Unduh  DIP 2025")
    assert dip.link_text("daftar informasi\npublik")
    assert not dip.link_text("DIPA 2025")  # not the word DIP
    assert dip.title("PPID - Informasi berkala")
    assert dip.address("https://x.go.id/ppid/dip-2025.pdf")
    assert dip.address("https://x.go.id/Maklumat-Pelayanan")  # no * : anywhere


def test_the_page_cap_and_the_depth_cap_bound_a_visit(site: tuple[Site, SiteServer]) -> None:
    served, _ = site
    capped = visit(served, replace(FAST, max_pages=3))
    assert capped.pages == 3
    shallow = visit(served, replace(FAST, max_depth=1))
    found = {f.item: f for f in shallow.findings}
    # /ppid/ (depth 1) is read, the pages it links to (depth 2) are not — but its DIP link
    # is matched and the PDF inspected all the same.
    assert found["3.1"].found
    assert found["3.1"].doc_pages == 12
    assert found["1.8"].found
    assert found["1.8"].doc_verdict == "web_page"
    assert shallow.pages < visit(served).pages


def test_requests_to_one_host_wait_the_delay(site: tuple[Site, SiteServer]) -> None:
    served, _ = site
    started = time.monotonic()
    result = visit(served, replace(FAST, max_pages=4, host_delay=0.25))
    assert result.pages == 4
    # robots.txt, then 4 pages (then the documents found): at least 4 delays
    assert time.monotonic() - started >= 0.25 * 4


def test_a_private_address_is_refused_unless_allowed(site: tuple[Site, SiteServer]) -> None:
    served, server = site
    before = server.traffic.total
    refused = visit(served, replace(FAST, check=replace(FAST.check, allow_private=False)))
    assert refused.outcome == "unreachable"
    assert "jaringan internal" in refused.detail
    assert server.traffic.total == before  # nothing was requested
    assert {f.found for f in refused.findings} == {False}
    assert refused.findings[0].detail.startswith("Tidak diperiksa: ")


def test_a_body_without_an_address_is_told_so() -> None:
    async def run() -> SiteResult:
        async with new_client(FAST.check) as client:
            return await visit_site(client, [], ITEMS, FAST)
    result = asyncio.run(run())
    assert (result.outcome, result.pages) == ("no_website", 0)
    assert "belum dicatat" in result.detail


def test_a_first_page_that_is_missing_or_not_a_web_page_says_so() -> None:
    from tests.monitoring.fictional_sites import pdf_page
    from tests.monitoring.site_server import Page

    gone = Site({"/": Page(b"hilang", "text/plain", 404)})
    document = Site({"/": pdf_page(1, "Bukan situs")})
    with serving([gone, document]):
        missing = visit(gone)
        pdf = visit(document)
    assert (missing.outcome, missing.pages) == ("unreachable", 0)
    assert "HTTP 404" in missing.detail
    assert pdf.outcome == "unreachable"
    assert pdf.detail.startswith("Alamat situs tidak membuka halaman web: PDF dapat dibuka")
