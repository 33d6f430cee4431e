"""Fixtures of the notification tests: a real SMTP server (:mod:`mail_server`) and the
environment that points the application at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mail_server import PUBLIC_URL, SENDER, MailServer
from test_notification_mail import World

from storage.db import Database
from tests.conftest import cheap_hashing


@pytest.fixture
def mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    """The SMTP server, configured as the application's (STARTTLS, login), retries at once
    (``MONEV_MAIL_RETRY_SECONDS=0``)."""
    server = MailServer(tmp_path).start()
    monkeypatch.setenv("MONEV_SMTP_URL", server.url)
    monkeypatch.setenv("MONEV_SMTP_CA_FILE", str(server.cert))
    monkeypatch.setenv("MONEV_MAIL_FROM", SENDER)
    monkeypatch.setenv("MONEV_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("MONEV_MAIL_RETRY_SECONDS", "0")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SMTP server configured."""
    monkeypatch.delenv("MONEV_SMTP_URL", raising=False)
    monkeypatch.setenv("MONEV_PUBLIC_URL", PUBLIC_URL)


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """The notification tests' world (:class:`test_notification_mail.World`) on `db`, with
    cheap password hashing."""
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)
