"""Visiting one badan publik's website and finding what a methodology's signals look for.

:func:`visit_site` reads a site politely, then says per item (a question with
:class:`~questionnaires.model.Signals`) whether it was found, where and what the linked
document is. It never raises for what a site does: every outcome is a :class:`SiteResult`.

Politeness and bounds (:class:`CrawlSettings`):

- the HTTP client is :func:`evidence.links.new_client` (time-outs, a cap on redirects and
  connections, a user agent naming monev-kip, and addresses that are or resolve to
  loopback/private networks refused unless ``MONEV_LINK_CHECK_PRIVATE=1``);
- robots.txt is read once per host (protego) and obeyed for the user agent token
  ``monev-kip`` (RFC 9309: a missing robots.txt allows everything; one the server fails
  to give forbids everything); its ``Crawl-delay`` is honoured up to
  :attr:`CrawlSettings.max_crawl_delay`;
- requests to one host are at least :attr:`CrawlSettings.host_delay` seconds apart
  (:class:`Pacer`, shared by every site of a run);
- only pages on the site's own host (and the host its first page redirects to) are read,
  at most :attr:`CrawlSettings.max_pages` pages, :attr:`CrawlSettings.max_depth` links
  deep from the first page, each up to :attr:`CrawlSettings.page_bytes`; a whole visit
  stops after :attr:`CrawlSettings.site_timeout` seconds with what it found so far.

Pages are parsed by selectolax (lexbor). Links whose text or address matches some signal
are read first, so the PPID menus are reached within the page cap. A page *matches* an
item by its title or address, a link by its text (or title attribute) or address
(:class:`Matcher`). For each item found, up to :attr:`CrawlSettings.candidates` matching
links are followed and inspected like evidence links (:func:`evidence.links.check_link`:
a PDF is opened in the parse pool, its pages counted; a broken link is a verdict), and the
first of a kind the signals ask for (``document_types``) is kept, else the first that
opens, else the first.
"""

from __future__ import annotations

import asyncio
import heapq
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from evidence.links import (
    BAD_ADDRESS,
    BROKEN_PDF,
    ENCRYPTED_PDF,
    NOT_PDF,
    OK,
    SHARED_FILE,
    TOO_LARGE,
    WEB_PAGE,
    CheckSettings,
    LinkResult,
    check_link,
    severity,
)
from monitoring.status import (
    NO_WEBSITE,
    PRIVATE_HINT,
    ROBOTS,
    ROBOTS_HIDDEN,
    SITE_OK,
    UNREACHABLE,
    blocked_detail,
    is_broken,
    lower_first,
    robots_note,
)
from questionnaires.model import Signals
from reports.formatting import file_size, integer

USER_AGENT = ("Mozilla/5.0 (compatible; monev-kip/1.0; pemantau situs PPID Monev KIP; "
              "menghormati robots.txt)")
ROBOTS_TOKEN = "monev-kip"  # the product token robots.txt rules are matched against

__all__ = ["NO_WEBSITE", "ROBOTS", "SITE_OK", "UNREACHABLE"]  # the site outcomes, re-exported

# File names that are documents, not pages to crawl (they are inspected when matched).
_DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt",
                      ".ods", ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif",
                      ".webp", ".mp4", ".mp3", ".csv")
DEFAULT_CONCURRENCY = 8
DOCUMENT_BYTES = 20_000_000  # a linked document is read (and a PDF opened) up to this
_OFFICE_TYPES = ("msword", "officedocument", "ms-excel", "ms-powerpoint", "opendocument")


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """How sites are visited. Times are seconds; `check` is the HTTP client's settings
    (:class:`evidence.links.CheckSettings`: time-outs, redirects, private addresses, the
    user agent) and the size up to which a linked document is read and opened."""

    max_pages: int = 40  # pages read per site
    max_depth: int = 3  # links from the first page
    host_delay: float = 1.0  # between two requests to one host
    max_crawl_delay: float = 10.0  # robots.txt Crawl-delay honoured up to this
    concurrency: int = DEFAULT_CONCURRENCY  # sites visited at the same time (a run)
    page_bytes: int = 1_000_000  # of one page
    site_timeout: float = 300.0  # a whole visit (pages; documents are inspected after)
    candidates: int = 3  # matching links followed per item
    max_documents: int = 40  # linked documents inspected per site
    check: CheckSettings = field(default_factory=lambda: CheckSettings(
        user_agent=USER_AGENT, max_bytes=DOCUMENT_BYTES, total_timeout=60.0,
        concurrency=DEFAULT_CONCURRENCY))

    @classmethod
    def from_environment(cls, **changes: Any) -> CrawlSettings:
        """The settings of this installation: ``MONEV_LINK_CHECK_PRIVATE=1`` also visits
        loopback and private addresses (an intranet; tests). `changes` override fields;
        ``read_timeout`` / ``connect_timeout`` go to the client's settings."""
        client = {k: changes.pop(k) for k in ("read_timeout", "connect_timeout",
                                               "max_redirects") if k in changes}
        concurrency = changes.get("concurrency", DEFAULT_CONCURRENCY)
        check = CheckSettings.from_environment(
            user_agent=USER_AGENT, max_bytes=DOCUMENT_BYTES, total_timeout=60.0,
            concurrency=concurrency, **client)
        return cls(check=check, **changes)

    def with_concurrency(self, concurrency: int) -> CrawlSettings:
        return replace(self, concurrency=concurrency,
                       check=replace(self.check, concurrency=concurrency))


# -- matching -------------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


class Matcher:
    """The signals of one item, compiled: phrases matched as whole words (case and spacing
    ignored), address patterns against an address's path and query in lower case."""

    def __init__(self, signals: Signals) -> None:
        self.signals = signals
        self._texts = [_phrase(p) for p in signals.link_texts]
        self._titles = [_phrase(p) for p in signals.title_words]
        self._patterns = [p.casefold() if "*" in p else f"*{p.casefold()}*"
                          for p in signals.url_patterns]

    def link_text(self, text: str) -> bool:
        text = _words(text)
        return bool(text) and any(p.search(text) for p in self._texts)

    def title(self, text: str) -> bool:
        text = _words(text)
        return bool(text) and any(p.search(text) for p in self._titles)

    def address(self, url: str) -> bool:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        target = target.casefold()
        return any(fnmatchcase(target, p) for p in self._patterns)


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(_words(text)) + r"(?!\w)")


# -- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemFinding:
    """What a visit found for one item (the columns of ``monitoring_findings``).

    `found`: a page or link matched; `url` is then the matching page or the linked
    document, `page_title` the title of the page (the page the link is on, for a link),
    `link_text` the link's text, `doc_kind` ``pdf``/``html``/``office``/``image``/``other``
    ("" when not inspected), `doc_verdict` the evidence link verdict of what `url` leads to
    ("" for a page read by the visit; :data:`~monitoring.status.ROBOTS_HIDDEN` for an item
    not found while robots.txt forbade part of the site), `detail` the sentence users
    read."""

    item: str
    found: bool
    url: str = ""
    page_title: str = ""
    link_text: str = ""
    content_type: str = ""
    size_bytes: int | None = None
    doc_pages: int | None = None
    doc_verdict: str = ""
    doc_kind: str = ""
    detail: str = ""
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def broken(self) -> bool:
        """Found, but what it leads to does not open (HTTP 404, a broken PDF…:
        :func:`monitoring.status.is_broken`)."""
        return self.found and is_broken(self.doc_verdict)

    def columns(self) -> dict[str, Any]:
        """The values of a ``monitoring_findings`` row (without run and body)."""
        return {"item": self.item, "found": self.found, "url": self.url,
                "page_title": self.page_title[:2000], "link_text": self.link_text[:2000],
                "content_type": self.content_type[:200], "size_bytes": self.size_bytes,
                "doc_pages": self.doc_pages, "doc_verdict": self.doc_verdict,
                "detail": self.detail, "checked_at": self.checked_at}


@dataclass(frozen=True, slots=True)
class SiteResult:
    """One visit: the address started from, pages read, outcome (:data:`SITE_OK`,
    :data:`NO_WEBSITE`, :data:`UNREACHABLE`, :data:`ROBOTS`) with its sentence, and a
    finding per item."""

    start_url: str
    pages: int
    outcome: str
    detail: str
    findings: tuple[ItemFinding, ...]
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def not_found_detail(pages: int) -> str:
    """``Tidak ditemukan di 40 halaman yang diperiksa.``"""
    return f"Tidak ditemukan di {integer(pages)} halaman yang diperiksa."


# -- politeness ----------------------------------------------------------------------------


class Pacer:
    """At least a delay between two requests to one host, across every site of a run."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, host: str, delay: float) -> None:
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            now = time.monotonic()
            at = self._next.get(host, 0.0)
            if at > now:
                await asyncio.sleep(at - now)
                now = at
            self._next[host] = now + delay


@dataclass(slots=True)
class _Robots:
    parser: Protego | None  # None: everything allowed
    forbid_all: bool = False
    detail: str = ""

    def allows(self, url: str) -> bool:
        if self.forbid_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, ROBOTS_TOKEN))

    def delay(self) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(ROBOTS_TOKEN)
        return float(value) if value else 0.0


async def _robots(client: httpx.AsyncClient, origin: str, pacer: Pacer,
                  settings: CrawlSettings) -> _Robots:
    host = urlsplit(origin).netloc
    await pacer.wait(host, settings.host_delay)
    try:
        async with client.stream("GET", f"{origin}/robots.txt") as response:
            if 400 <= response.status_code < 500:
                return _Robots(None)
            if response.status_code >= 500:
                return _Robots(None, forbid_all=True, detail=(
                    f"robots.txt situs tidak dapat dibaca (HTTP {response.status_code}); "
                    f"situs tidak dijelajahi sampai robots.txt dapat dibaca"))
            data = await _read(response, 500_000)
    except Exception:  # unreachable: the first page will say why
        return _Robots(None)
    return _Robots(Protego.parse(data.decode("utf-8", errors="replace")))


# -- pages ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Page:
    url: str  # after redirects
    title: str
    links: list[tuple[str, str]]  # (absolute address, text)


class _Failed(Exception):
    """A page that could not be read (the start page's failure is told by check_link)."""


async def _read(response: httpx.Response, limit: int) -> bytes:
    data = bytearray()
    async for chunk in response.aiter_bytes():
        data += chunk
        if len(data) >= limit:
            break
    return bytes(data[:limit])


def _is_html(response: httpx.Response, head: bytes) -> bool:
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return True
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return media in ("", "text/plain", "application/octet-stream") and start.startswith(
        (b"<!doctype html", b"<html"))


def parse_page(data: bytes, encoding: str | None, url: str) -> _Page:
    """The title (the ``<title>``, else og:title, else the first ``<h1>``) and the links
    (absolute http(s) addresses without fragment, with their text: the link's words, else
    its title attribute, else an image's alt text) of a page."""
    tree = LexborHTMLParser(data.decode(encoding or "utf-8", errors="replace"))
    title = ""
    node = tree.css_first("title")
    if node is not None:
        title = " ".join(node.text().split())
    if not title:
        og = tree.css_first('meta[property="og:title"]')
        title = " ".join((og.attributes.get("content") or "").split()) if og else ""
    if not title:
        h1 = tree.css_first("h1")
        title = " ".join(h1.text(deep=True, separator=" ").split()) if h1 else ""
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None and base_node.attributes.get("href"):
        base = urljoin(url, base_node.attributes["href"] or "")
    links: list[tuple[str, str]] = []
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        target = _absolute(base, href)
        if target is None:
            continue
        text = " ".join(a.text(deep=True, separator=" ").split())
        if not text:
            text = " ".join((a.attributes.get("title") or "").split())
        if not text:
            img = a.css_first("img[alt]")
            text = " ".join((img.attributes.get("alt") or "").split()) if img else ""
        links.append((target, text))
    return _Page(url, title, links)


def _absolute(base: str, href: str) -> str | None:
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query,
                       ""))


async def _fetch_page(client: httpx.AsyncClient, url: str,
                      settings: CrawlSettings) -> _Page | None:
    """The page at `url` (None: not a web page, or an error status); raises
    :class:`_Failed` when no answer came."""
    try:
        async with client.stream("GET", url) as response:
            if response.status_code >= 400:
                return None
            head = await _read(response, settings.page_bytes)
            if not _is_html(response, head):
                return None
            return parse_page(head, response.encoding, str(response.url))
    except Exception as exc:  # time-out, refused, redirect loop, private address …
        raise _Failed(str(exc)) from exc


# -- one site ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    url: str
    page_title: str
    link_text: str
    page: bool  # the matching thing is a page the visit read (its title or address)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _is_document_name(url: str) -> bool:
    return urlsplit(url).path.casefold().endswith(_DOCUMENT_SUFFIXES)


async def visit_site(client: httpx.AsyncClient, urls: list[str],
                     items: Mapping[str, Signals], settings: CrawlSettings,
                     pacer: Pacer | None = None) -> SiteResult:
    """Visit a badan publik's site from its address(es) `urls` and say, per item of
    `items` (item code → signals), what was found. Never raises for what the site does
    (cancelling the task still cancels it)."""
    pacer = pacer or Pacer()
    started = datetime.now(UTC)
    if not urls:
        return SiteResult("", 0, NO_WEBSITE, "Alamat situs belum dicatat untuk badan publik "
                          "ini.", tuple(ItemFinding(code, False, detail="Tidak diperiksa: "
                                                    "alamat situs belum dicatat.")
                                        for code in items), started)
    matchers = {code: Matcher(signals) for code, signals in items.items()}
    visit = _Visit(client, settings, pacer, matchers)
    try:
        async with asyncio.timeout(settings.site_timeout):
            await visit.crawl(urls)
    except TimeoutError:
        visit.stopped = (f"Penjelajahan dihentikan setelah {integer(settings.site_timeout)} "
                         f"detik (batas waktu per situs).")
    if not visit.pages:
        outcome, detail = visit.failure or (UNREACHABLE, "Tidak ada halaman yang dapat "
                                                          "dibaca.")
        return SiteResult(urls[0], 0, outcome, detail, tuple(
            ItemFinding(code, False, detail=f"Tidak diperiksa: {lower_first(detail)}")
            for code in items), started)
    findings = [await visit.resolve(code) for code in items]
    detail = visit.stopped or (f"{integer(len(visit.read))} halaman diperiksa"
                               f"{visit.skipped_text()}.")
    return SiteResult(urls[0], len(visit.read), SITE_OK, detail, tuple(findings), started)


class _Visit:
    """The state of one visit: pages read, candidates per item, robots per host."""

    def __init__(self, client: httpx.AsyncClient, settings: CrawlSettings, pacer: Pacer,
                 matchers: Mapping[str, Matcher]) -> None:
        self.client = client
        self.settings = settings
        self.pacer = pacer
        self.matchers = matchers
        self.pages: dict[str, _Page] = {}  # address asked → page (also under its final one)
        self.read: list[_Page] = []
        self.candidates: dict[str, list[_Candidate]] = {code: [] for code in matchers}
        self.robots: dict[str, _Robots] = {}
        self.hosts: set[str] = set()
        self.failure: tuple[str, str] | None = None
        self.stopped = ""
        self.forbidden: list[str] = []  # links robots.txt kept the visit from
        self.documents: dict[str, LinkResult] = {}

    def robots_note(self) -> str:
        """What robots.txt kept the visit from: ``robots.txt situs melarang /ppid/: 3
        tautan tidak dibuka`` ("" when nothing)."""
        if not self.forbidden:
            return ""
        prefixes = list(dict.fromkeys(self._forbidden_prefix(url) for url in self.forbidden))
        return robots_note(prefixes, len(self.forbidden))

    def _forbidden_prefix(self, url: str) -> str:
        """The shortest start of `url`'s path, by segments, that robots.txt forbids
        (``/ppid/`` for ``/ppid/dip.pdf``)."""
        parts = urlsplit(url)
        robots = self.robots.get(_origin(url))
        path = parts.path or "/"
        if robots is None or robots.forbid_all:
            return "/"
        segments = path.split("/")[1:]
        for n in range(1, len(segments)):
            prefix = "/" + "/".join(segments[:n]) + "/"
            if not robots.allows(urlunsplit((parts.scheme, parts.netloc, prefix, "", ""))):
                return prefix
        return path + (f"?{parts.query}" if parts.query else "")

    def skipped_text(self) -> str:
        note = self.robots_note()
        return f"; {note}" if note else ""

    async def _robots_of(self, url: str) -> _Robots:
        origin = _origin(url)
        found = self.robots.get(origin)
        if found is None:
            found = self.robots[origin] = await _robots(self.client, origin, self.pacer,
                                                        self.settings)
        return found

    async def _pace(self, url: str) -> None:
        robots = self.robots.get(_origin(url))
        delay = max(self.settings.host_delay,
                    min(robots.delay() if robots else 0.0, self.settings.max_crawl_delay))
        await self.pacer.wait(_host(url), delay)

    def _score(self, url: str, text: str) -> int:
        return sum(m.link_text(text) or m.address(url) for m in self.matchers.values())

    async def crawl(self, urls: list[str]) -> None:
        queue: list[tuple[int, int, int, str]] = []
        seen: set[str] = set()
        order = 0
        for url in urls:
            start = _absolute(url, url)
            if start is None or start in seen:
                continue
            seen.add(start)
            self.hosts.add(_host(start))
            heapq.heappush(queue, (0, 0, order, start))
            order += 1
        while queue and len(self.read) < self.settings.max_pages:
            depth, _, _, url = heapq.heappop(queue)
            robots = await self._robots_of(url)
            if not robots.allows(url):
                self.forbidden.append(url)
                if depth == 0 and self.failure is None:
                    self.failure = (ROBOTS, robots.detail or
                                    "robots.txt situs melarang halaman pertamanya dibuka.")
                continue
            await self._pace(url)
            try:
                page = await _fetch_page(self.client, url, self.settings)
            except _Failed:
                if depth == 0 and not self.read and self.failure is None:
                    self.failure = (UNREACHABLE, await self._why(url))
                continue
            if page is None:  # an error status, or not a web page
                if depth == 0 and not self.read and self.failure is None:
                    self.failure = (UNREACHABLE, await self._why(url))
                continue
            if page.url in self.pages and depth > 0:
                continue  # redirected to a page already read
            if depth == 0:
                self.hosts.add(_host(page.url))  # example.go.id → www.example.go.id
            elif _host(page.url) not in self.hosts:
                continue  # redirected off the site
            self.pages[url] = self.pages[page.url] = page
            self.read.append(page)
            seen.add(page.url)
            self._match(page)
            if depth >= self.settings.max_depth:
                continue
            for target, text in page.links:
                if (target in seen or _host(target) not in self.hosts
                        or _is_document_name(target)):
                    continue
                seen.add(target)
                heapq.heappush(queue, (depth + 1, -self._score(target, text), order,
                                       target))
                order += 1

    async def _why(self, url: str) -> str:
        """Why the first page could not be read, as the evidence link check says it."""
        result = await check_link(self.client, url, self.settings.check)
        if severity(result.verdict) != "bad":
            return f"Alamat situs tidak membuka halaman web: {result.detail}"
        detail = result.detail.replace("Tautan tidak dapat dibuka", "Situs tidak dapat dibuka")
        if result.verdict == BAD_ADDRESS and "jaringan internal" in detail:
            detail = f"{detail} {PRIVATE_HINT}"  # the private-address refusal
        return detail

    def _match(self, page: _Page) -> None:
        for code, matcher in self.matchers.items():
            found = self.candidates[code]
            if len(found) >= 10:
                continue
            if matcher.title(page.title) or matcher.address(page.url):
                found.append(_Candidate(page.url, page.title, "", True))
            for target, text in page.links:
                if len(found) >= 10:
                    break
                if ((matcher.link_text(text) or matcher.address(target))
                        and not any(c.url == target for c in found)):
                    found.append(_Candidate(target, page.title, text, False))

    async def resolve(self, code: str) -> ItemFinding:
        """The item's finding: its best candidate, inspected."""
        candidates = self.candidates[code]
        if not candidates:
            note = self.robots_note()
            if note:  # it may be in what robots.txt forbids: say so
                return ItemFinding(code, False, doc_verdict=ROBOTS_HIDDEN,
                                   detail=blocked_detail(integer(len(self.read)), note))
            return ItemFinding(code, False, detail=not_found_detail(len(self.read)))
        # link text matches first (what a visitor clicks), then pages, then addresses
        matcher = self.matchers[code]
        candidates = sorted(candidates, key=lambda c: (
            0 if c.link_text and matcher.link_text(c.link_text) else 1 if c.page else 2))
        wanted = set(matcher.signals.document_types)
        inspected: list[ItemFinding] = []
        for candidate in candidates[:self.settings.candidates]:
            finding = await self._inspect(code, candidate)
            inspected.append(finding)
            if not finding.broken and (not wanted or finding.doc_kind in wanted):
                return finding
        return next((f for f in inspected if not f.broken), inspected[0])

    async def _inspect(self, code: str, candidate: _Candidate) -> ItemFinding:
        page = self.pages.get(candidate.url)
        if page is not None:  # a page the visit read
            title = candidate.page_title if candidate.page else page.title
            return ItemFinding(code, True, url=page.url, page_title=title,
                               link_text=candidate.link_text, content_type="text/html",
                               doc_kind="html", detail=_page_detail(page.title))
        robots = await self._robots_of(candidate.url) if _host(candidate.url) in self.hosts \
            else _Robots(None)
        if not robots.allows(candidate.url):
            return ItemFinding(code, True, url=candidate.url, page_title=candidate.page_title,
                               link_text=candidate.link_text,
                               detail="Tautan ditemukan; isinya tidak dibuka karena dilarang "
                                      "robots.txt situs.")
        result = self.documents.get(candidate.url)
        if result is None:
            if len(self.documents) >= self.settings.max_documents:
                return ItemFinding(code, True, url=candidate.url,
                                   page_title=candidate.page_title,
                                   link_text=candidate.link_text,
                                   detail="Tautan ditemukan; isinya tidak dibuka (batas "
                                          "dokumen per situs tercapai).")
            await self._pace(candidate.url)
            result = self.documents[candidate.url] = await check_link(
                self.client, candidate.url, self.settings.check)
        return ItemFinding(
            code, True, url=result.final_url or candidate.url,
            page_title=candidate.page_title, link_text=candidate.link_text,
            content_type=result.content_type, size_bytes=result.size_bytes,
            doc_pages=result.pdf_pages, doc_verdict=result.verdict,
            doc_kind=document_kind(result.verdict, result.content_type),
            detail=result.detail,
            checked_at=result.checked_at)


def _page_detail(title: str) -> str:
    return f"Halaman web: \"{title}\"." if title else "Halaman web."


def document_kind(verdict: str, content_type: str) -> str:
    """``pdf``, ``html``, ``office``, ``image``, ``other``, or "" (nothing opened): what a
    finding leads to, by its evidence link verdict (a PDF by its content) and else its
    content type; a page the visit read has no verdict and type ``text/html``."""
    media = content_type.split(";", 1)[0].strip().lower()
    if verdict in (OK, TOO_LARGE, BROKEN_PDF, ENCRYPTED_PDF):
        return "pdf"
    if verdict in (WEB_PAGE, SHARED_FILE) or (not verdict and media == "text/html"):
        return "html"
    if verdict == NOT_PDF:
        if any(word in media for word in _OFFICE_TYPES):
            return "office"
        if media.startswith("image/"):
            return "image"
        return "other"
    return ""


def describe_document(verdict: str, content_type: str, pages: int | None,
                      size: int | None) -> str:
    """What a finding leads to, short: ``PDF 12 halaman, 45 kB``, ``halaman web``,
    ``dokumen Office``, ``tautan rusak`` ("" when nothing was opened)."""
    kind = document_kind(verdict, content_type)
    if kind == "pdf" and pages is not None:
        shown = f", {file_size(size)}" if size else ""
        return f"PDF {integer(pages)} halaman{shown}"
    if verdict == TOO_LARGE:  # there, but too large to open here
        return f"PDF {file_size(size)}" if size else "PDF"
    if is_broken(verdict):
        return "tautan rusak"
    return {"pdf": "PDF", "html": "halaman web", "office": "dokumen Office",
            "image": "gambar", "other": "berkas"}.get(kind, "")
