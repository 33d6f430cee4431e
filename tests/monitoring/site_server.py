"""Fictional badan publik websites served locally (no internet), for the website monitoring
tests and benchmark.

Each :class:`Site` is its own origin — ``http://127.0.0.1:PORT`` with a port of its own —
served by one uvicorn server (an ASGI app) running in a thread, so hundreds of sites cost
one thread. A site maps paths to :class:`Page` answers (status, content, headers, a delay
before answering); a site can be changed while served (a page added or removed between
two runs). The server counts requests per site and path and the most requests it handled
at once (the concurrency cap)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn


@dataclass
class Page:
    """One answer: `body` with `content_type`, `status`, extra `headers` (a redirect's
    Location), after `delay` seconds."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def html(title: str, *links: tuple[str, str], text: str = "") -> Page:
    """A web page titled `title` with a menu of links (href, text)."""
    menu = "".join(f'<li><a href="{href}">{label}</a></li>' for href, label in links)
    return Page(f"<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">"
                f"<title>{title}</title></head><body><nav><ul>{menu}</ul></nav>"
                f"<main><h1>{title}</h1><p>{text}</p></main></body></html>".encode())


def redirect(to: str, status: int = 302) -> Page:
    return Page(b"", "text/plain", status, {"location": to})


@dataclass
class Site:
    """The pages of one fictional site by path (with query, as requested)."""

    pages: dict[str, Page]
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def at(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Traffic:
    requests: Counter[tuple[int, str]] = field(default_factory=Counter)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, site: Site, path: str) -> int:
        with self.lock:
            return self.requests[(site.port, path)]

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.requests.values())


class SiteServer:
    """Serves `sites` (each on a port of its own) until :meth:`stop`."""

    def __init__(self, sites: list[Site]) -> None:
        self.sites = sites
        self.traffic = Traffic()
        self._sockets: list[socket.socket] = []
        for site in sites:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            sock.listen(128)
            site.port = sock.getsockname()[1]
            self._sockets.append(sock)
        self._by_port = {site.port: site for site in sites}
        config = uvicorn.Config(self.app, log_level="error", lifespan="off", interface="asgi3",
                                access_log=False, timeout_keep_alive=30,
                                limit_concurrency=None)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": self._sockets},
                                        name="fictional-sites", daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fictional site server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        for sock in self._sockets:
            sock.close()

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        port = scope["server"][1]
        site = self._by_port.get(port)
        path = scope["path"] + (f"?{scope['query_string'].decode()}"
                                if scope.get("query_string") else "")
        with self.traffic.lock:
            self.traffic.requests[(port, path)] += 1
            self.traffic.active += 1
            self.traffic.max_active = max(self.traffic.max_active, self.traffic.active)
        try:
            page = site.pages.get(path) if site else None
            if page is None:
                page = Page(b"<html><head><title>Tidak ditemukan</title></head></html>",
                            status=404)
            if page.delay:
                await asyncio.sleep(page.delay)
            headers = [(b"content-type", page.content_type.encode()),
                       (b"content-length", str(len(page.body)).encode())]
            headers += [(k.encode(), v.encode()) for k, v in page.headers.items()]
            await send({"type": "http.response.start", "status": page.status,
                        "headers": headers})
            await send({"type": "http.response.body",
                        "body": b"" if scope["method"] == "HEAD" else page.body})
        finally:
            with self.traffic.lock:
                self.traffic.active -= 1


@contextmanager
def serving(sites: list[Site]) -> Iterator[SiteServer]:
    server = SiteServer(sites)
    server.start()
    try:
        yield server
    finally:
        server.stop()
