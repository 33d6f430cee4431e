"""Settings of e-mail and notifications, read from the environment (one place).

=============================== ========= ==================================================
variable                        default   meaning
=============================== ========= ==================================================
``MONEV_SMTP_URL``              (none)    ``smtp://user:password@host:587`` (STARTTLS),
                                          ``smtps://…:465`` (TLS from the start),
                                          ``smtp+plain://host:25`` (no TLS: a local relay);
                                          unset → no e-mail is sent, notifications stay in
                                          the app and the outbox says so
``MONEV_SMTP_CA_FILE``          (system)  a PEM file of the certificate authority that signed
                                          the server's certificate (an internal server);
                                          default: the system's authorities
``MONEV_MAIL_FROM``             (none)    the sender address (``Monev KIP <ki@…>``); default
                                          ``monev@<SMTP host>``
``MONEV_PUBLIC_URL``            local     the app's address in links (``https://monev…``);
                                          default ``http://localhost:8501``
``MONEV_REMINDER_DAYS``         ``7,3,1`` days before a stage deadline that reminders go
``MONEV_MAIL_MAX_ATTEMPTS``     ``8``     attempts before an e-mail is marked failed
``MONEV_MAIL_RETRY_SECONDS``    ``60``    wait after the first failed attempt; doubles per
                                          attempt (at most one day)
``MONEV_MAIL_WORKER_SECONDS``   ``30``    how often the app's background worker sends
``MONEV_IMAP_URL``              (none)    the sender's mailbox, where bounces arrive:
                                          ``imaps://user:password@host:993/INBOX`` (TLS),
                                          ``imap://…:143/INBOX`` (STARTTLS, required),
                                          ``imap+plain://host:143/INBOX`` (no TLS: a local
                                          server); unset → bounces are not read
``MONEV_IMAP_CA_FILE``          (system)  as ``MONEV_SMTP_CA_FILE``, for the IMAP server
                                          (default: ``MONEV_SMTP_CA_FILE``, else the system's)
``MONEV_IMAP_DAYS``             ``30``    how far back bounces are looked for (days of the
                                          mailbox, by arrival)
``MONEV_IMAP_SECONDS``          ``300``   how often the app's background worker reads them
=============================== ========= ==================================================
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

DEFAULT_PUBLIC_URL = "http://localhost:8501"


class MailSettingsError(ValueError):
    """``MONEV_SMTP_URL`` or ``MONEV_IMAP_URL`` cannot be read; the message says why
    (Bahasa Indonesia)."""


@dataclass(frozen=True, slots=True)
class MailServerSettings:
    """A mail server as a ``MONEV_…_URL`` names it: host, port, credentials, the kind of TLS
    (``"starttls"`` | ``"ssl"`` | ``"none"``) and the certificate authority to trust."""

    host: str
    port: int
    username: str = ""
    password: str = ""
    tls: str = "starttls"
    timeout: float = 30.0
    ca_file: str = ""  # a PEM file (MONEV_…_CA_FILE): trust this authority, else the system's

    def tls_context(self) -> ssl.SSLContext:
        """The TLS context that checks the server's certificate."""
        return ssl.create_default_context(cafile=self.ca_file or None)

    @property
    def where(self) -> str:
        """``host:port`` for messages (never the password)."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class SmtpSettings(MailServerSettings):
    """Where e-mail goes (``MONEV_SMTP_URL``; CA file ``MONEV_SMTP_CA_FILE``)."""


@dataclass(frozen=True, slots=True)
class ImapSettings(MailServerSettings):
    """The mailbox bounces arrive in (``MONEV_IMAP_URL``; CA file ``MONEV_IMAP_CA_FILE``,
    else ``MONEV_SMTP_CA_FILE``): the server and its folder."""

    tls: str = "ssl"
    mailbox: str = "INBOX"

    @property
    def where(self) -> str:
        """``host:port/mailbox`` for messages (never the password)."""
        return f"{self.host}:{self.port}/{self.mailbox}"


@dataclass(frozen=True, slots=True)
class _ServerUrl:
    """How a server's URL variable is read: its `variable`, the kind of TLS of each scheme
    (`kinds`), the default port of each kind (`ports`), how to write it (`example`, for the
    refusal) and the CA-file variables, the first one set winning (`ca_files`)."""

    variable: str
    kinds: dict[str, str]
    ports: dict[str, int]
    example: str
    ca_files: tuple[str, ...]

    def read(self, url: str) -> tuple[dict[str, Any], str]:
        """The server's fields of :class:`MailServerSettings` read from `url` (the user name
        and password unquoted: an address's ``@`` is written ``%40``), and the URL's path.
        Raises :class:`MailSettingsError` naming the variable and how to write it."""
        parts = urlsplit(url.strip())
        if parts.scheme not in self.kinds or not parts.hostname:
            raise MailSettingsError(
                f"{self.variable} tidak dapat dibaca: tulis seperti {self.example}.")
        tls = self.kinds[parts.scheme]
        try:
            port = parts.port or self.ports[tls]
        except ValueError:
            raise MailSettingsError(
                f"{self.variable}: nomor port tidak dapat dibaca.") from None
        ca_file = next((found for name in self.ca_files
                        if (found := os.environ.get(name, "").strip())), "")
        return {"host": parts.hostname, "port": port,
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""), "tls": tls,
                "ca_file": ca_file}, parts.path

    def configured(self) -> str:
        """The variable's value; empty when not set."""
        return os.environ.get(self.variable, "").strip()


SMTP_URL = _ServerUrl(
    "MONEV_SMTP_URL",
    {"smtp": "starttls", "smtps": "ssl", "smtp+starttls": "starttls", "smtp+plain": "none"},
    {"ssl": 465, "starttls": 587, "none": 25},
    "smtp://pengguna:sandi@mail.example.go.id:587 (STARTTLS), smtps://…:465 (TLS), atau "
    "smtp+plain://localhost:25 (relai lokal tanpa TLS)",
    ("MONEV_SMTP_CA_FILE",))
IMAP_URL = _ServerUrl(
    "MONEV_IMAP_URL",
    {"imaps": "ssl", "imap": "starttls", "imap+starttls": "starttls", "imap+plain": "none"},
    {"ssl": 993, "starttls": 143, "none": 143},
    "imaps://pengguna:sandi@imap.example.go.id:993/INBOX (TLS), imap://…:143/INBOX "
    "(STARTTLS), atau imap+plain://localhost:143/INBOX (server lokal tanpa TLS)",
    ("MONEV_IMAP_CA_FILE", "MONEV_SMTP_CA_FILE"))


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read an ``smtp://user:pass@host:port`` URL (module docstring); raise
    :class:`MailSettingsError` for anything else."""
    server, _ = SMTP_URL.read(url)
    return SmtpSettings(**server)


def smtp() -> SmtpSettings | None:
    """The SMTP server as ``MONEV_SMTP_URL`` names it; None when not set. Raises
    :class:`MailSettingsError` when it is set but cannot be read."""
    raw = SMTP_URL.configured()
    return parse_smtp_url(raw) if raw else None


def parse_imap_url(url: str) -> ImapSettings:
    """Read an ``imaps://user:pass@host:port/MAILBOX`` URL (module docstring); raise
    :class:`MailSettingsError` for anything else. The user name may be an address with its
    ``@`` written ``%40``; the mailbox defaults to ``INBOX``."""
    server, path = IMAP_URL.read(url)
    return ImapSettings(**server, mailbox=unquote(path.strip("/")) or "INBOX")


def imap() -> ImapSettings | None:
    """The mailbox as ``MONEV_IMAP_URL`` names it; None when not set. Raises
    :class:`MailSettingsError` when it is set but cannot be read."""
    raw = IMAP_URL.configured()
    return parse_imap_url(raw) if raw else None


def mail_from(server: SmtpSettings | None = None) -> str:
    """The sender address (``MONEV_MAIL_FROM``, else ``monev@<host>``)."""
    configured = os.environ.get("MONEV_MAIL_FROM", "").strip()
    if configured:
        return configured
    host = server.host if server else "localhost"
    return f"Monev KIP <monev@{host}>"


def public_url() -> str:
    """The app's address in links, without a trailing slash."""
    return (os.environ.get("MONEV_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def link(path: str, **query: str) -> str:
    """An address of the app: ``link("portal")`` → ``https://monev…/portal``."""
    from urllib.parse import urlencode

    tail = f"?{urlencode(query)}" if query else ""
    return f"{public_url()}/{path.lstrip('/')}{tail}"


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return max(minimum, int(raw)) if raw else default
    except ValueError:
        return default


def reminder_days() -> tuple[int, ...]:
    """Days before a deadline that reminders go (``MONEV_REMINDER_DAYS``), largest first."""
    raw = os.environ.get("MONEV_REMINDER_DAYS", "").strip() or "7,3,1"
    days = set()
    for part in raw.replace(";", ",").split(","):
        try:
            value = int(part.strip())
        except ValueError:
            continue
        if 0 <= value <= 365:
            days.add(value)
    return tuple(sorted(days or {7, 3, 1}, reverse=True))


def max_attempts() -> int:
    return _int("MONEV_MAIL_MAX_ATTEMPTS", 8, 1)


def retry_after(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed attempts: the first wait doubled per
    attempt, at most a day."""
    first = _int("MONEV_MAIL_RETRY_SECONDS", 60, 0)
    return timedelta(seconds=min(first * 2 ** max(0, attempts - 1), 86_400))


def worker_seconds() -> int:
    return _int("MONEV_MAIL_WORKER_SECONDS", 30, 1)


def bounce_days() -> int:
    """How many days back the mailbox is searched for bounces (``MONEV_IMAP_DAYS``)."""
    return _int("MONEV_IMAP_DAYS", 30, 1)


def bounce_seconds() -> int:
    """How often the background worker reads bounces (``MONEV_IMAP_SECONDS``)."""
    return _int("MONEV_IMAP_SECONDS", 300, 1)
