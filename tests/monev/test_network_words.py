"""Why a server could not be reached, in Bahasa Indonesia (monev.network), from real
failures on this machine — and in the outbox: an SMTP server that is not running leaves
the e-mail waiting with an Indonesian answer, not the OS's English "Connection refused"."""

from __future__ import annotations

import socket

import pytest

from monev.network import why_unreachable
from notifications import sender
from notifications.events import queue_mail
from storage.db import Database
from storage.models import OutboxMail


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once it is closed


def test_a_refused_connection_and_an_unknown_name_are_said_in_indonesian():
    with pytest.raises(ConnectionRefusedError) as refused:
        socket.create_connection(("127.0.0.1", _closed_port()), timeout=5)
    assert why_unreachable(refused.value).startswith("server menolak sambungan")
    with pytest.raises(socket.gaierror) as unknown:
        socket.getaddrinfo("server-tidak-ada.invalid", 25)
    said = why_unreachable(unknown.value)
    assert said.startswith("nama servernya tidak ditemukan (periksa ejaan alamatnya; ")
    assert "server aplikasi ini mungkin tidak terhubung ke internet" in said  # not only a typo
    assert why_unreachable(RuntimeError("?")) == "server tidak dapat dihubungi"


def test_an_smtp_server_that_is_not_running_is_said_in_indonesian(
        db: Database, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_SMTP_URL", f"smtp+plain://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("MONEV_MAIL_FROM", "monev@ki.example.go.id")
    with db.transaction() as session:
        queue_mail(session, event="submission", to="ppid@dinas.example.go.id",
                   subject="Tanda terima", body="Diterima.")
    sender.send_due(db)
    with db.read() as session:
        [row] = session.query(OutboxMail).all()
    assert row.state == "waiting"  # tried again later
    assert "tidak dapat dihubungi (server menolak sambungan" in row.server_reply
    assert "Connection refused" not in row.server_reply
