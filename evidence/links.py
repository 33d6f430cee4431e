"""Checking one evidence link (*tautan data dukung*) over HTTP, and the verdict shown to users.

:func:`check_link` asks the server what a link holds, politely (a user agent naming
monev-kip, time-outs, a cap on redirects) and reading no more than it needs:

1. ``HEAD`` (redirects followed, at most :attr:`CheckSettings.max_redirects`): a PDF the
   server says is over the size limit, or a redirect to a sign-in page, is settled here;
2. ``GET``, streamed: a web page is read up to :attr:`CheckSettings.html_bytes` (enough to
   find a sign-in form), a file up to the size limit plus one byte, and reading stops there.

What it finds — the final status, the address after redirects, content type, size, whether a
PDF opens and its pages, a sign-in wall — is a :class:`LinkResult` with a verdict code
(:data:`VERDICTS`) and the Indonesian sentence shown to the verifikator and the koordinator
("Tautan tidak dapat dibuka: …", "Perlu izin akses: …", "Bukan PDF: …", "Lebih dari 2 MB: …").

The size limit is the cycle's methodology's ``evidence_max_bytes`` (default 2 MB), the same
one evidence files are held to. A body is a PDF by its content (``%PDF-`` in its first
bytes), never by its name or content type, and it is opened like an uploaded evidence file
(:func:`evidence.inspect.open_content` in the parse pool: a memory cap and a time limit), so
a link and an upload get the same answer.

Sharing services. A private Google Drive, OneDrive/SharePoint or Dropbox link sends a
visitor who is not signed in to a sign-in page (``accounts.google.com``,
``login.microsoftonline.com``, ``login.live.com``, Dropbox's ``/login``), or shows a page
with a sign-in form or "you need access": verdict ``sign_in`` ("perlu izin akses"). A
*public* file page of these services (Drive's ``…/file/d/ID/view``, "anyone with the link")
opens without signing in and shows the file in the service's viewer: that is fine evidence
— the verifikator opens it like a PDF — so it is ``shared_file`` (severity ok), with the
file name the page gives; its size and pages are not checked (the viewer page is not the
file). A file page naming a non-PDF file (``laporan.docx``) is ``not_pdf``.

Safety. Links come from questionnaires filled outside the KI, and the server fetches them:
an address that is or resolves to a loopback, private, link-local or otherwise non-public
IP — before the first request and every redirect — is not fetched (``bad_address``), so a
link cannot make the app probe the KI's own network. (A name that resolves differently
between this check and the connection is not caught.) ``MONEV_LINK_CHECK_PRIVATE=1``
(:meth:`CheckSettings.from_environment`) lifts this for a KI whose badan publik publish on
an intranet, and for tests against a local server.

Links in a cell. A data dukung cell may hold several links (:func:`links_in`); each is
checked and shown on its own.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import httpx

from monev.network import causes, why_unreachable
from reports.formatting import file_size, integer, plain

# -- verdicts ---------------------------------------------------------------------------------

OK = "ok"  # a PDF that opens, within the size limit
SHARED_FILE = "shared_file"  # a public file page of Google Drive / OneDrive / Dropbox
WEB_PAGE = "web_page"  # a web page that opens (not a PDF)
NOT_PDF = "not_pdf"  # a file that is not a PDF (Word, Excel, an image, text…)
TOO_LARGE = "too_large"  # a PDF over the size limit
BROKEN_PDF = "broken_pdf"  # says or looks like a PDF, but does not open
ENCRYPTED_PDF = "encrypted_pdf"  # a PDF that needs a password to open
SIGN_IN = "sign_in"  # a sign-in wall or a refusal without permission (401/403)
NOT_FOUND = "not_found"  # HTTP 404 or 410
HTTP_ERROR = "http_error"  # another 4xx
SERVER_ERROR = "server_error"  # 5xx
UNREACHABLE = "unreachable"  # no answer: unknown name, refused, TLS, cut off
TIMEOUT = "timeout"  # no answer in time
TOO_MANY_REDIRECTS = "too_many_redirects"
BAD_ADDRESS = "bad_address"  # not a web address that can be fetched

SEVERITY_OK, SEVERITY_WARN, SEVERITY_BAD = "ok", "warn", "bad"

# Verdict code → (severity, short label in Bahasa Indonesia). The label is what a table
# column shows; the result's `detail` is the whole sentence.
VERDICTS: Mapping[str, tuple[str, str]] = {
    OK: (SEVERITY_OK, "PDF dapat dibuka"),
    SHARED_FILE: (SEVERITY_OK, "berkas berbagi publik"),
    WEB_PAGE: (SEVERITY_OK, "halaman web"),
    NOT_PDF: (SEVERITY_WARN, "bukan PDF"),
    TOO_LARGE: (SEVERITY_BAD, "terlalu besar"),
    BROKEN_PDF: (SEVERITY_BAD, "PDF rusak"),
    ENCRYPTED_PDF: (SEVERITY_BAD, "PDF dilindungi kata sandi"),
    SIGN_IN: (SEVERITY_BAD, "perlu izin akses"),
    NOT_FOUND: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    HTTP_ERROR: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    SERVER_ERROR: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    UNREACHABLE: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    TIMEOUT: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    TOO_MANY_REDIRECTS: (SEVERITY_BAD, "tautan tidak dapat dibuka"),
    BAD_ADDRESS: (SEVERITY_BAD, "alamat tidak sah"),
}


def severity(verdict: str | None) -> str | None:
    """``ok``, ``warn`` or ``bad`` for a verdict code (None for None or an unknown code)."""
    found = VERDICTS.get(verdict or "")
    return found[0] if found else None


def verdict_label(verdict: str | None) -> str:
    """The short label of a verdict code ("perlu izin akses"); "belum diperiksa" for None."""
    if verdict is None:
        return "belum diperiksa"
    found = VERDICTS.get(verdict)
    return found[1] if found else verdict


# -- links in an evidence cell ---------------------------------------------------------------

# links_in lives with the rule of what counts as data dukung (questionnaires.text.is_link).


# -- settings ---------------------------------------------------------------------------------

DEFAULT_MAX_BYTES = 2_000_000  # Methodology.evidence_max_bytes' default (KI Pusat: 2 MB)
PRIVATE_VARIABLE = "MONEV_LINK_CHECK_PRIVATE"
USER_AGENT = ("Mozilla/5.0 (compatible; monev-kip/1.0; pemeriksa tautan data dukung Monev "
              "KIP; satu permintaan per tautan per pemeriksaan)")


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """How links are checked. Times are seconds; `total_timeout` bounds one link whole
    (HEAD, redirects, GET and reading), the others one step of httpx."""

    max_bytes: int = DEFAULT_MAX_BYTES  # the methodology's evidence_max_bytes
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    max_redirects: int = 10
    concurrency: int = 8  # links checked at the same time (a run; one client)
    html_bytes: int = 512_000  # how much of a web page is read to find a sign-in form
    user_agent: str = USER_AGENT
    allow_private: bool = False  # fetch loopback/private addresses (tests only)
    verify_tls: bool = True

    def with_limit(self, max_bytes: int) -> CheckSettings:
        return replace(self, max_bytes=max_bytes)

    @classmethod
    def from_environment(cls, **changes: Any) -> CheckSettings:
        """The settings of this installation: ``MONEV_LINK_CHECK_PRIVATE=1`` also fetches
        links to loopback and private addresses (a KI whose badan publik publish on an
        intranet; tests against a local server). `changes` override fields."""
        private = os.environ.get(PRIVATE_VARIABLE, "").strip().lower() in (
            "1", "true", "yes", "ya")
        return cls(allow_private=private, **changes)


def new_client(settings: CheckSettings, *,
               transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The HTTP client of a run: redirects followed up to the cap, time-outs, the polite
    user agent, at most `settings.concurrency` connections, and (unless
    `settings.allow_private`) every request's address checked first. `transport`: for
    tests that point a host name at a local server."""
    hooks: dict[str, list[Any]] = {"request": [] if settings.allow_private else [_public_only]}
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=settings.concurrency,
                          max_keepalive_connections=settings.concurrency)
    return httpx.AsyncClient(
        follow_redirects=True, max_redirects=settings.max_redirects, timeout=timeout,
        limits=limits, verify=settings.verify_tls, transport=transport, event_hooks=hooks,
        headers={"User-Agent": settings.user_agent,
                 "Accept": "application/pdf,text/html;q=0.9,*/*;q=0.8",
                 "Accept-Language": "id,en;q=0.8"})


# -- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What one check of `url` found (the columns of ``link_checks``).

    `status_code` is the final HTTP status (None: no answer), `final_url` the address after
    redirects ("" when none was reached), `size_bytes` the size the server announced or the
    bytes read (None: unknown), `pdf_pages` the pages of a PDF that opens, `verdict` a code
    of :data:`VERDICTS` and `detail` the sentence for users."""

    url: str
    verdict: str
    detail: str
    status_code: int | None = None
    final_url: str = ""
    content_type: str = ""
    size_bytes: int | None = None
    pdf_pages: int | None = None
    elapsed_ms: int | None = None
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def severity(self) -> str:
        return severity(self.verdict) or SEVERITY_BAD

    def columns(self) -> dict[str, Any]:
        """The values of a ``link_checks`` row (without cycle and run)."""
        return {"url": self.url, "checked_at": self.checked_at,
                "status_code": self.status_code, "final_url": self.final_url,
                "content_type": self.content_type[:200], "size_bytes": self.size_bytes,
                "pdf_pages": self.pdf_pages, "verdict": self.verdict, "detail": self.detail,
                "elapsed_ms": self.elapsed_ms}


# What a probe found, with the bytes of a PDF read whole (opened after the network's
# time-out: opening it is our time, not the server's), or None.
_Probed = tuple[LinkResult, bytes | None]


def _found(verdict: str, detail: str, **columns: Any) -> LinkResult:
    """A :class:`LinkResult` of what the probe learnt so far: its address, time taken and
    time of checking are filled in by :func:`check_link` once the check is over."""
    return LinkResult(url="", verdict=verdict, detail=detail, **columns)


class _Blocked(Exception):
    """A request to an address that is not public (raised by the request hook)."""

    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


# -- checking -----------------------------------------------------------------------------------


def check_url(url: str, settings: CheckSettings | None = None) -> LinkResult:
    """Check one link now, with a client of its own (for a single link; runs use
    :func:`check_link` with one client for all). Never raises for what the link does."""
    settings = settings or CheckSettings()

    async def one() -> LinkResult:
        async with new_client(settings) as client:
            return await check_link(client, url, settings)

    return asyncio.run(one())


async def check_link(client: httpx.AsyncClient, url: str,
                     settings: CheckSettings) -> LinkResult:
    """Check `url` with `client` (made by :func:`new_client` with the same `settings`).

    Never raises for what the link or its server does: every outcome, a time-out or a
    refused connection included, is a :class:`LinkResult`. (Cancelling the task still
    cancels it.)"""
    checked_at = datetime.now(UTC)
    started = time.monotonic()
    url = url.strip()
    found, pdf = _address_problem(url), None
    if found is None:
        try:
            async with asyncio.timeout(settings.total_timeout):
                found, pdf = await _probe(client, url, settings)
        except TimeoutError:
            found = _found(TIMEOUT, _no_answer(settings.total_timeout))
        except httpx.TimeoutException as exc:
            found = _found(TIMEOUT, _no_answer(_timeout_of(exc, settings)))
        except httpx.TooManyRedirects as exc:
            found = _found(TOO_MANY_REDIRECTS,
                           f"Tautan tidak dapat dibuka: terlalu banyak pengalihan (lebih dari "
                           f"{settings.max_redirects}); periksa alamatnya di peramban.",
                           final_url=_url_of(exc))
        except _Blocked as exc:
            found = _found(BAD_ADDRESS, _blocked_detail(exc.host), final_url=_url_of(exc))
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            found = _found(BAD_ADDRESS, "Bukan alamat web yang dapat dibuka: alamatnya (atau "
                                        "alamat tujuan pengalihannya) tidak sah.",
                           final_url=_url_of(exc))
        except httpx.HTTPError as exc:
            found = _found(UNREACHABLE, f"Tautan tidak dapat dibuka: {_why_unreachable(exc)}.",
                           final_url=_url_of(exc))
    if pdf is not None:  # opening it is our time, not the server's
        opened = await _open_pdf(pdf)
        found = replace(found, verdict=opened.verdict, detail=opened.detail,
                        pdf_pages=opened.pdf_pages)
    return replace(found, url=url, elapsed_ms=round((time.monotonic() - started) * 1000),
                   checked_at=checked_at)


def _address_problem(url: str) -> LinkResult | None:
    """A bad-address result when `url` is not an http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return _found(BAD_ADDRESS, "Bukan alamat web yang dapat dibuka: alamatnya tidak sah.")
    if parsed.scheme not in ("http", "https"):
        return _found(BAD_ADDRESS, "Bukan alamat web yang dapat dibuka: alamat harus diawali "
                                   "http:// atau https://.")
    if not parsed.host:
        return _found(BAD_ADDRESS, "Bukan alamat web yang dapat dibuka: alamat tidak memuat "
                                   "nama server.")
    return None


async def _probe(client: httpx.AsyncClient, url: str,
                 settings: CheckSettings) -> _Probed:
    """What the link holds (a PDF read whole comes with its bytes, to open)."""
    head = await _head(client, url)
    if head is not None:
        wall = _sign_in_host(head.url)
        if wall is not None:
            return _sign_in(head, wall), None
        length = _length(head)
        if (head.is_success and length is not None and length > settings.max_bytes
                and _is_pdf_type(head)):
            return _too_large(head, length, settings.max_bytes), None
    async with client.stream("GET", url) as response:
        return await _examine(response, settings)


async def _head(client: httpx.AsyncClient, url: str) -> httpx.Response | None:
    """The HEAD answer, or None when the server mishandles HEAD (the GET decides). A
    time-out, an unreachable server, too many redirects or a blocked address end the check
    here (the GET would meet the same)."""
    try:
        return await client.head(url)
    except (httpx.TimeoutException, httpx.ConnectError, httpx.TooManyRedirects,
            httpx.UnsupportedProtocol, httpx.InvalidURL, _Blocked):
        raise
    except httpx.HTTPError:  # a server that cuts HEAD off, answers it badly…
        return None


async def _examine(response: httpx.Response, settings: CheckSettings) -> _Probed:
    """The verdict on a GET answer, reading its body only as far as needed (and a PDF's
    bytes, read whole, to open)."""
    status = response.status_code
    wall = _sign_in_host(response.url)
    if wall is not None:
        return _sign_in(response, wall), None
    if status >= 400:
        return _refused(response), None
    length = _length(response)
    html = _is_html_type(response)
    if html:
        limit = settings.html_bytes
    elif length is not None and length > settings.max_bytes:
        limit = 2048  # enough to tell a PDF from anything else
    else:
        limit = settings.max_bytes + 1
    data, complete = await _read(response, limit)
    if not html and _looks_html(data):
        html = True  # a web page sent as octet-stream or text/plain
    if html:
        return _page(response, data), None
    size = length if length is not None else (len(data) if complete else None)
    over = (length is not None and length > settings.max_bytes) or len(data) > settings.max_bytes
    from evidence.inspect import PDF, describe, sniff

    kind = sniff(bytes(data[:2048]))
    if kind == PDF:
        if over:
            return _too_large(response, size, settings.max_bytes), None
        return _with(response, _found(OK, ""), size=size), bytes(data)
    if not data:
        return _with(response, _found(NOT_PDF, "Bukan PDF: jawaban server kosong."),
                     size=size), None
    what = describe(bytes(data))
    if _is_pdf_type(response):
        return _with(response, _found(BROKEN_PDF, f"PDF rusak, tidak dapat dibuka: server "
                                                  f"menyebutnya PDF, tetapi {what}."),
                     size=size), None
    large = f" dan lebih dari {file_size(settings.max_bytes)}" if over else ""
    return _with(response, _found(NOT_PDF, f"Bukan PDF: {what}{large}."), size=size), None


async def _read(response: httpx.Response, limit: int) -> tuple[bytearray, bool]:
    """Up to `limit` bytes of the (decoded) body, and whether the body ended before it."""
    data = bytearray()
    async for chunk in response.aiter_bytes():
        data += chunk
        if len(data) >= limit:
            return data, False
    return data, True


async def _open_pdf(data: bytes) -> LinkResult:
    """Open a PDF as an uploaded evidence file is opened (parse pool, memory cap, time
    limit): ok with its pages, encrypted or broken."""
    from evidence.inspect import PDF, open_content
    from questionnaires import isolation

    outcome = await asyncio.to_thread(isolation.run, open_content, data, PDF)
    if isinstance(outcome, isolation.Failure):
        why = ("memeriksa berkas melebihi batas waktu" if outcome.code == "F217"
               else "memeriksa berkas memerlukan memori melebihi batas")
        return _found(BROKEN_PDF, f"PDF rusak, tidak dapat dibuka: {why}.")
    verdict, detail = outcome
    if verdict == "encrypted":
        return _found(ENCRYPTED_PDF, "PDF dikunci kata sandi: tim penilai tidak dapat "
                                     "membukanya. Unggah atau tautkan PDF tanpa kata sandi.")
    if verdict == "broken":
        return _found(BROKEN_PDF, f"PDF rusak, tidak dapat dibuka: {detail}.")
    pages = int(detail)
    return _found(OK, f"PDF dapat dibuka ({integer(pages)} halaman, "
                      f"{file_size(len(data))}).", pdf_pages=pages)


def _with(response: httpx.Response, found: LinkResult, *,
          size: int | None = None) -> LinkResult:
    """`found` completed with what the response says (status, final address, type, size)."""
    return replace(found, status_code=response.status_code, final_url=str(response.url),
                   content_type=_content_type(response),
                   size_bytes=found.size_bytes if size is None else size)


def _too_large(response: httpx.Response, size: int | None, limit: int) -> LinkResult:
    shown = f"berkas {file_size(size)}, " if size is not None else ""
    return _with(response, _found(
        TOO_LARGE, f"Lebih dari {file_size(limit)}: {shown}batas data dukung "
                   f"{file_size(limit)}. Perkecil PDF-nya (mis. pisahkan per dokumen atau "
                   f"kompres) lalu kirim tautannya lagi."), size=size)


def _refused(response: httpx.Response) -> LinkResult:
    status = response.status_code
    if status in (401, 403, 407):
        provider = _provider(response.url.host)
        advice = _share_advice(provider) if provider else ""
        return _with(response, _found(
            SIGN_IN, f"Perlu izin akses: server menolak membuka tanpa izin (HTTP {status})."
                     f"{advice}"))
    if status in (404, 410):
        return _with(response, _found(
            NOT_FOUND, f"Tautan tidak dapat dibuka: halaman atau berkas tidak ditemukan "
                       f"(HTTP {status}); mungkin sudah dipindah atau dihapus."))
    if status >= 500:
        return _with(response, _found(
            SERVER_ERROR, f"Tautan tidak dapat dibuka: server sedang galat (HTTP {status}); "
                          f"coba lagi nanti atau minta pengelola situs memeriksanya."))
    return _with(response, _found(
        HTTP_ERROR, f"Tautan tidak dapat dibuka: server menolak permintaan (HTTP {status})."))


# -- web pages: sign-in walls and sharing services ------------------------------------------------

# Hosts that are a sign-in page themselves (the provider a private link belongs to).
_SIGN_IN_HOSTS = {
    "accounts.google.com": "Google Drive",
    "login.microsoftonline.com": "OneDrive/SharePoint",
    "login.live.com": "OneDrive",
    "login.windows.net": "OneDrive/SharePoint",
}


def _provider(host: str) -> str | None:
    """The file-sharing service a host belongs to, or None."""
    host = host.lower().rstrip(".")
    if host in ("drive.google.com", "docs.google.com", "drive.usercontent.google.com"):
        return "Google Drive"
    if host in ("onedrive.live.com", "1drv.ms", "onedrive.com") or \
            host.endswith((".sharepoint.com", ".onedrive.com")):
        return "OneDrive/SharePoint"
    if host in ("dropbox.com", "db.tt") or host.endswith(".dropbox.com"):
        return "Dropbox"
    return None


def _sign_in_host(url: httpx.URL) -> str | None:
    """The provider when `url` is itself a sign-in page (Google, Microsoft, Dropbox)."""
    host = url.host.lower().rstrip(".")
    if host in _SIGN_IN_HOSTS:
        return _SIGN_IN_HOSTS[host]
    if _provider(host) == "Dropbox" and url.path.startswith("/login"):
        return "Dropbox"
    return None


def _share_advice(provider: str) -> str:
    return (f" Tautan {provider} ini pribadi: ubah akses berbaginya menjadi \"Siapa saja "
            f"yang memiliki link\" (Anyone with the link) lalu kirim tautannya lagi.")


def _sign_in(response: httpx.Response, provider: str | None) -> LinkResult:
    if provider:
        detail = f"Perlu izin akses: {provider} meminta masuk dengan akun.{_share_advice(provider)}"
    else:
        detail = ("Perlu izin akses: halaman meminta masuk (login) dengan akun sebelum "
                  "dokumennya dapat dibuka.")
    return _with(response, _found(SIGN_IN, detail))


class _PageScan(HTMLParser):
    """What a web page says about itself: its title (and og:title), its inputs, and the
    first of its visible text."""

    TEXT_LIMIT = 20_000

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.og_title = ""
        self.inputs: list[dict[str, str]] = []
        self.forms = 0
        self.text: list[str] = []
        self._text_size = 0
        self._in_title = False
        self._skip = 0  # inside <script>/<style>/<noscript>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "form":
            self.forms += 1
        elif tag == "input":
            self.inputs.append({k: values.get(k, "").lower()
                                for k in ("type", "name", "id", "autocomplete")})
        elif tag == "meta" and values.get("property", "").lower() == "og:title":
            self.og_title = values.get("content", "").strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip and self._text_size < self.TEXT_LIMIT:
            piece = " ".join(data.split())
            if piece:
                self.text.append(piece)
                self._text_size += len(piece)

    @property
    def visible_text(self) -> str:
        return " ".join(self.text).casefold()

    @property
    def has_password(self) -> bool:
        return any(i["type"] == "password" for i in self.inputs)

    @property
    def has_identifier(self) -> bool:
        """An input for an account name or e-mail address (a sign-in form's first step)."""
        names = {"identifier", "identifierid", "loginfmt", "login", "username", "email",
                 "login_email", "user", "userid"}
        return any(i["type"] == "email" or i["name"] in names or i["id"] in names
                   or i["autocomplete"] in ("username", "email") for i in self.inputs
                   if i["type"] not in ("hidden", "submit", "button"))


_SIGN_IN_WORDS = ("sign in", "sign-in", "signin", "log in", "login", "masuk")
_NO_ACCESS_WORDS = ("you need access", "request access", "you need permission",
                    "ask for access", "anda memerlukan akses", "minta akses",
                    "perlu izin", "meminta akses", "access denied", "akses ditolak")
_PROVIDER_SUFFIXES = (" - google drive", " - google docs", " - google dokumen",
                      " – google drive", " - onedrive", " - dropbox", " | dropbox")


def scan_page(data: bytes, encoding: str | None = None) -> _PageScan:
    """Parse the start of a web page (never raises for a bad page)."""
    scan = _PageScan()
    text = data.decode(encoding or "utf-8", errors="replace")
    try:
        scan.feed(text)
        scan.close()
    except Exception:  # HTMLParser is lenient; whatever was read so far is kept
        pass
    scan.title = " ".join(scan.title.split())
    return scan


def page_wall(scan: _PageScan, provider: str | None) -> str | None:
    """``sign_in`` when a page is a sign-in form (a password field; an account-name field
    on a page titled as a sign-in or of a sharing service), ``no_access`` for a sharing
    service's "you need access" page, else None."""
    title = scan.title.casefold()
    if scan.has_password or (scan.has_identifier and (
            provider is not None or any(word in title for word in _SIGN_IN_WORDS))):
        return "sign_in"
    if provider is not None and any(word in title or word in scan.visible_text
                                    for word in _NO_ACCESS_WORDS):
        return "no_access"
    return None


def _page(response: httpx.Response, data: bytearray) -> LinkResult:
    """The verdict on a web page: a sign-in wall, a sharing service's public file page,
    or a page that opens."""
    scan = scan_page(bytes(data), response.encoding)
    provider = _provider(response.url.host)
    wall = page_wall(scan, provider)
    if wall == "no_access" and provider is not None:
        return _with(response, _found(
            SIGN_IN, f"Perlu izin akses: {provider} meminta izin pemilik untuk membuka "
                     f"berkas ini.{_share_advice(provider)}"))
    if wall is not None:
        return _sign_in(response, provider)
    if provider is not None:
        name = _file_name(scan)
        if name and "." in name[-6:] and not name.casefold().endswith(".pdf"):
            return _with(response, _found(NOT_PDF, f"Bukan PDF: berkas \"{name}\" di "
                                                   f"{provider}."))
        named = f" \"{name}\"" if name else ""
        return _with(response, _found(
            SHARED_FILE, f"Berkas{named} di {provider} dapat dibuka tanpa masuk (dilihat di "
                         f"penampil {provider}; ukuran dan jumlah halamannya tidak "
                         f"diperiksa)."))
    title = scan.og_title or scan.title
    shown = f": \"{_shorten(title)}\"" if title else ""
    return _with(response, _found(WEB_PAGE, f"Halaman web dapat dibuka (bukan PDF){shown}."))


def _file_name(scan: _PageScan) -> str:
    """The file name a sharing service's page gives (its og:title, or its title without
    the service's name)."""
    name = scan.og_title or scan.title
    lowered = name.casefold()
    for suffix in _PROVIDER_SUFFIXES:
        if lowered.endswith(suffix):
            name = name[:-len(suffix)]
            break
    if name.casefold().startswith("dropbox - "):
        name = name[len("dropbox - "):]
    name = name.strip()
    if name.casefold() in ("google drive", "onedrive", "dropbox", "sharepoint", ""):
        return ""
    return _shorten(name)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- what the headers say ----------------------------------------------------------------------


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").strip()


def _media_type(response: httpx.Response) -> str:
    return _content_type(response).split(";", 1)[0].strip().lower()


def _is_html_type(response: httpx.Response) -> bool:
    return _media_type(response) in ("text/html", "application/xhtml+xml")


def _is_pdf_type(response: httpx.Response) -> bool:
    return _media_type(response) in ("application/pdf", "application/x-pdf")


def _length(response: httpx.Response) -> int | None:
    """Content-Length as a number (None when absent or not a number, or when the body is
    compressed: the length is then not the file's)."""
    if response.headers.get("content-encoding", "identity").lower() not in ("", "identity"):
        return None
    try:
        value = int(response.headers.get("content-length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _looks_html(data: bytes | bytearray) -> bool:
    head = bytes(data[:512]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


# -- failures -------------------------------------------------------------------------------------


def _no_answer(seconds: float) -> str:
    return (f"Tautan tidak dapat dibuka: server tidak menjawab dalam {plain(seconds)} detik. "
            f"Periksa alamatnya di peramban; bila terbuka, server mungkin sedang lambat.")


def _timeout_of(exc: httpx.TimeoutException, settings: CheckSettings) -> float:
    if isinstance(exc, httpx.ConnectTimeout):
        return settings.connect_timeout
    return settings.read_timeout


def _url_of(exc: BaseException) -> str:
    """The address of the request that failed ("" when unknown)."""
    try:
        return str(exc.request.url) if isinstance(exc, httpx.HTTPError) else ""
    except RuntimeError:  # an error raised without its request
        return ""


def _why_unreachable(exc: httpx.HTTPError) -> str:
    """Why no answer came, as people say it (:func:`monev.network.why_unreachable`, with
    the words of a website)."""
    chain = causes(exc)
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in chain):
        return "sertifikat HTTPS situsnya tidak sah (peramban juga akan memperingatkan)"
    if any(isinstance(c, ssl.SSLError) for c in chain):
        return "sambungan HTTPS ke server gagal"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "server memutus sambungan sebelum menjawab"
    if isinstance(exc, httpx.DecodingError):
        return "jawaban server rusak"
    return why_unreachable(exc)


def _blocked_detail(host: str) -> str:
    return (f"Bukan alamat web yang dapat dibuka: {host} adalah alamat jaringan internal "
            f"(bukan situs publik), jadi tidak diperiksa.")


async def _public_only(request: httpx.Request) -> None:
    """Request hook: refuse a request to an address that is not public (every redirect
    passes here too). A name that does not resolve is left to the connection to report."""
    host = request.url.host
    port = request.url.port or (443 if request.url.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM)
        except OSError:
            return
        addresses = []
        for info in infos:
            try:
                addresses.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
            except ValueError:
                continue
    if any(not address.is_global for address in addresses):
        raise _Blocked(host)
