"""A real IMAP server for the tests (pymap with its in-memory ``dict`` backend, in a thread
with its own event loop): one account (:data:`USER`, :data:`PASSWORD`) whose mailboxes live
as long as the server. ``tls="starttls"`` offers STARTTLS and refuses a login before it (as
a real server does); ``tls="ssl"`` speaks TLS from the first byte (``imaps://``);
``tls="none"`` has no TLS at all (a local server, ``imap+plain://``); they use
the certificate of :func:`mail_server.certificate`, trusted through
``MONEV_IMAP_CA_FILE``. Messages are put in with :meth:`ImapServer.deliver` — an IMAP
APPEND by a real client, as a mail server delivering a bounce would leave it."""

from __future__ import annotations

import asyncio
import imaplib
import ssl
import threading
from argparse import Namespace
from contextlib import AsyncExitStack
from email.message import EmailMessage
from pathlib import Path

from proxyprotocol.reader import ProxyProtocolReader
from pymap.backend.dict import DictBackend
from pymap.imap import IMAPServer

from tests.notifications.mail_server import certificate, free_port

USER, PASSWORD = "ki.monev@example.go.id", "rahasia-imap"


class ImapServer:
    """The running server: `url(...)` for MONEV_IMAP_URL, `cert` for MONEV_IMAP_CA_FILE."""

    def __init__(self, folder: Path, tls: str = "ssl") -> None:
        self.tls = tls
        self.cert, self.key = certificate(folder)
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="test-imap", daemon=True)

    def url(self, password: str = PASSWORD, mailbox: str = "INBOX") -> str:
        scheme = "imaps" if self.tls == "ssl" else "imap"
        return (f"{scheme}://{USER.replace('@', '%40')}:{password}@127.0.0.1:{self.port}"
                f"/{mailbox}")

    def start(self) -> ImapServer:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the test IMAP server did not start")
        if self._failed is not None:
            raise RuntimeError("the test IMAP server did not start") from self._failed
        return self

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported by start()
            self._failed = exc
            self._ready.set()
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        args = Namespace(debug=False, passlib_cfg=None, host="127.0.0.1", port=self.port,
                         cert=str(self.cert), key=str(self.key),
                         tls=self.tls == "starttls", demo_data=False, demo_user=USER,
                         demo_password=PASSWORD, inherited_sockets=None,
                         proxy_protocol=None)
        backend, config = await DictBackend.init(args, invalid_user_sleep=0.0)
        config.apply_context()
        context = None
        if self.tls == "ssl":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.cert, self.key)
        handler = ProxyProtocolReader(config.proxy_protocol).get_callback(
            IMAPServer(backend.login, config))
        self._stop = asyncio.Event()
        async with AsyncExitStack() as stack:
            await backend.start(stack)
            server = await asyncio.start_server(handler, host="127.0.0.1", port=self.port,
                                                ssl=context)
            await stack.enter_async_context(server)
            self._ready.set()
            await self._stop.wait()
            server.close()
            # Connections still open (a client that never logged out) end with the server.
            others = [task for task in asyncio.all_tasks()
                      if task is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

    def client(self) -> imaplib.IMAP4:
        """A logged-in client of the test account (the test's own, not the app's)."""
        context = ssl.create_default_context(cafile=str(self.cert))
        if self.tls == "ssl":
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL("127.0.0.1", self.port,
                                                      ssl_context=context, timeout=10)
        else:
            client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
            if self.tls == "starttls":
                client.starttls(context)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, message: EmailMessage | bytes, mailbox: str = "INBOX") -> None:
        """Put `message` into `mailbox` (created when missing), unread."""
        data = message if isinstance(message, bytes) else message.as_bytes()
        client = self.client()
        try:
            if mailbox != "INBOX":
                client.create(mailbox)
            status, answer = client.append(mailbox, "", None, data)
            assert status == "OK", answer
        finally:
            client.logout()

    def unseen(self, mailbox: str = "INBOX") -> int:
        """How many messages of `mailbox` are not marked read."""
        client = self.client()
        try:
            client.select(mailbox, readonly=True)
            _status, found = client.search(None, "UNSEEN")
            return len(found[0].split())
        finally:
            client.logout()
