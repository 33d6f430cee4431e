"""A local HTTP server with the pages evidence links lead to, for the link-checking tests (no
internet): a PDF, a 404, a redirect chain, a page that never answers in time, a private
Google Drive link (a sign-in page, and a redirect to accounts.google.com), a public Drive
file page, an oversized PDF (announced and streamed), a text file, a broken and an
encrypted PDF, and many small pages to count how many requests arrive at once.

:class:`HostMap` is an httpx transport that sends requests for any host name to this server
(keeping the name in the Host header), so the checker's rules for ``drive.google.com`` and
``accounts.google.com`` run for real, against real HTTP.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
from evidence_samples import encrypted_pdf, pdf_bytes

SIGN_IN_PAGE = b"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Google Drive: Masuk</title>
<script>var x = "<input type=password>";</script></head>
<body><div id="view_container"><form method="post" action="/v3/signin/_/AccountsSignInUi">
<h1>Login</h1><div>untuk melanjutkan ke Google Drive</div>
<input type="email" name="identifier" id="identifierId" autocomplete="username"
 aria-label="Email atau ponsel">
<input type="hidden" name="continue" value="https://drive.google.com/file/d/rahasia/view">
<button type="button">Berikutnya</button></form></div></body></html>"""

DRIVE_PUBLIC_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta property="og:title" content="DIP 2025.pdf">
<title>DIP 2025.pdf - Google Drive</title></head>
<body><a href="https://accounts.google.com/ServiceLogin">Login</a>
<div role="main">DIP 2025.pdf</div></body></html>"""

DRIVE_DOCX_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SOP PPID.docx - Google Drive</title></head>
<body><div role="main">SOP PPID.docx</div></body></html>"""

DRIVE_NO_ACCESS_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Google Drive</title></head>
<body><h1>Anda memerlukan akses</h1><p>Minta akses, atau beralih ke akun yang memiliki
akses.</p><button>Minta akses</button></body></html>"""

WEB_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Daftar Informasi Publik - PPID Kominfo</title></head>
<body><h1>Daftar Informasi Publik</h1><p>Masuk ke menu DIP.</p></body></html>"""


STREAMED_CHUNKS = 640  # of 64 KiB: the unannounced oversized PDF is 40 MiB long


@dataclass
class Traffic:
    """What the server saw: requests per path and method, how many /many/ pages at most at
    once (``active``, ``max_active``), and the bytes of the streamed oversized PDF it could
    send before the client hung up."""

    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    active: int = 0
    max_active: int = 0
    streamed_bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, method: str, path: str) -> int:
        with self.lock:
            return self.requests[(method, path)]

    def gets(self, prefix: str) -> int:
        with self.lock:
            return sum(n for (method, path), n in self.requests.items()
                       if method == "GET" and path.startswith(prefix))


class Handler(BaseHTTPRequestHandler):
    server: LinkServer
    _counted = False

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, *, body: bool) -> None:
        traffic = self.server.traffic
        path = urlsplit(self.path).path
        host = (self.headers.get("Host") or "").split(":")[0]
        # In flight: only the /many/ pages of the background-run test count, so a handler
        # of another test still sleeping after its client gave up (/slow) is not taken
        # for one more concurrent request of the run.
        watched = path.startswith("/many/")
        with traffic.lock:
            traffic.requests[(self.command, path)] += 1
            if watched:
                traffic.active += 1
                traffic.max_active = max(traffic.max_active, traffic.active)
        self._counted = watched
        try:
            self._route(host, path, body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._answered()

    def _answered(self) -> None:
        """The request no longer counts as in flight: called before its response leaves
        (the client may send its next request as soon as it has read this one)."""
        if self._counted:
            self._counted = False
            with self.server.traffic.lock:
                self.server.traffic.active -= 1

    def end_headers(self) -> None:
        self._answered()
        super().end_headers()

    def _send(self, status: int, data: bytes = b"", content_type: str = "text/html",
              *, body: bool = True, headers: dict[str, str] | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _redirect(self, to: str, *, body: bool) -> None:
        self._send(302, b"", headers={"Location": to}, body=body)

    def _route(self, host: str, path: str, body: bool) -> None:
        samples = self.server.samples
        if host == "publik.example" and path == "/ke-dalam":  # a public page sending inside
            self._redirect(self.server.url("/dip.pdf"), body=body)
        elif host == "accounts.google.com":
            self._send(200, SIGN_IN_PAGE, "text/html; charset=utf-8", body=body)
        elif host == "drive.google.com" and path == "/file/d/pribadi/view":
            self._redirect("https://accounts.google.com/ServiceLogin?continue="
                           "https://drive.google.com/file/d/pribadi/view", body=body)
        elif host == "drive.google.com" and path == "/file/d/publik/view":
            self._send(200, DRIVE_PUBLIC_PAGE, "text/html; charset=utf-8", body=body)
        elif host == "drive.google.com" and path == "/file/d/docx/view":
            self._send(200, DRIVE_DOCX_PAGE, "text/html; charset=utf-8", body=body)
        elif host == "drive.google.com" and path == "/file/d/tanpa-akses/view":
            self._send(200, DRIVE_NO_ACCESS_PAGE, "text/html; charset=utf-8", body=body)
        elif path == "/dip.pdf":
            self._send(200, samples["pdf"], "application/pdf", body=body)
        elif path == "/no-head.pdf":
            if not body:
                self._send(405, b"", body=False)
            else:
                self._send(200, samples["pdf"], "application/octet-stream")
        elif path.startswith("/r/"):  # /r/3 → /r/2 → /r/1 → /dip.pdf
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/dip.pdf" if left <= 1 else f"/r/{left - 1}", body=body)
        elif path == "/loop":
            self._redirect("/loop", body=body)
        elif path == "/missing":
            self._send(404, b"<html><title>404</title></html>", body=body)
        elif path == "/forbidden":
            self._send(403, b"<html><title>403</title></html>", body=body)
        elif path == "/error":
            self._send(500, b"<html><title>500</title></html>", body=body)
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, samples["pdf"], "application/pdf", body=body)
        elif path == "/private-drive":  # the sign-in page of a private link, on this host
            self._send(200, SIGN_IN_PAGE, "text/html; charset=utf-8", body=body)
        elif path == "/big.pdf":  # announced: HEAD says it is too large
            self._send(200, samples["big"], "application/pdf", body=body)
        elif path == "/big-stream.pdf":  # no length: the GET must stop reading
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            if body:  # a PDF header, then 40 MB of padding: far more than any buffer
                chunk = b"%" + b"x" * 65_534 + b"\n"
                self.wfile.write(samples["pdf"][:1024])
                for sent in range(1, STREAMED_CHUNKS + 1):
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    with self.server.traffic.lock:
                        self.server.traffic.streamed_bytes = 1024 + sent * len(chunk)
        elif path == "/notes.txt":
            self._send(200, b"Daftar informasi publik: lihat kantor PPID.\n",
                       "text/plain; charset=utf-8", body=body)
        elif path == "/laporan.pdf":  # text renamed .pdf, served as a PDF
            self._send(200, b"ini bukan PDF, hanya teks\n", "application/pdf", body=body)
        elif path == "/broken.pdf":
            self._send(200, samples["pdf"][:200], "application/pdf", body=body)
        elif path == "/locked.pdf":
            self._send(200, samples["locked"], "application/pdf", body=body)
        elif path == "/page.html":
            self._send(200, WEB_PAGE, "text/html; charset=utf-8", body=body)
        elif path.startswith("/many/"):  # /many/17: a small page, a little slow
            time.sleep(self.server.many_delay)
            self._send(200, WEB_PAGE, "text/html; charset=utf-8", body=body)
        else:
            self._send(404, b"", body=body)


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.traffic = Traffic()
        self.slow_seconds = 3.0
        self.many_delay = 0.01
        self.samples = {"pdf": pdf_bytes(3), "big": oversized_pdf(), "locked": encrypted_pdf()}

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


def oversized_pdf(size: int = 2_600_000) -> bytes:
    """A real PDF, padded past 2 MB with a comment after its end (it still opens)."""
    data = pdf_bytes(1)
    return data + b"\n%" + b"x" * (size - len(data) - 3) + b"\n"


@contextmanager
def running() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class HostMap(httpx.AsyncHTTPTransport):
    """Sends every request to the local server (plain HTTP), keeping the URL's host name in
    the Host header: ``https://drive.google.com/…`` reaches the server as drive.google.com."""

    def __init__(self, server: LinkServer) -> None:
        super().__init__()
        self.port = server.server_address[1]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = request.headers.copy()
        headers["Host"] = request.url.host
        local = httpx.Request(request.method, request.url.copy_with(
            scheme="http", host="127.0.0.1", port=self.port), headers=headers,
            stream=request.stream, extensions=request.extensions)
        # The client then gives the response the original request (and its URL).
        return await super().handle_async_request(local)
