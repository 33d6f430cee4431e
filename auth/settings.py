"""Settings of logins and sessions, read from the environment (one place).

=================================== ======= ===============================================
variable                            default meaning
=================================== ======= ===============================================
``MONEV_SECRET_KEY``                (db)    signs session cookies; unset → a random secret
                                            kept in the database (table ``settings``)
``MONEV_SESSION_IDLE_MINUTES``      60      a session unused this long ends
``MONEV_SESSION_MAX_HOURS``         12      a session ends this long after login anyway
``MONEV_LOGIN_SLOW_AFTER``          3       failures (per account) before answers slow down
``MONEV_LOGIN_DELAY_SECONDS``       1       first delay; doubles per failure, at most 8×
``MONEV_LOGIN_LOCK_AFTER``          5       failures (per account) that hold it
``MONEV_LOGIN_ADDRESS_LOCK_AFTER``  20      failures from one client address that hold it
``MONEV_LOGIN_WINDOW_MINUTES``      15      failures older than this are forgotten
``MONEV_LOGIN_LOCK_MINUTES``        15      how long an account or address is held
``MONEV_DEMO_ACCOUNTS``             1       0: demo accounts cannot log in
``MONEV_TRUSTED_PROXY``             0       1: the client address is the first one of
                                            ``X-Forwarded-For`` (behind a reverse proxy)
``MONEV_COOKIE_SECURE``             auto    1: the cookie only travels over HTTPS; auto:
                                            when the page was opened over HTTPS
=================================== ======= ===============================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = default
    return max(minimum, value)


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip().replace(",", ".")
    try:
        return max(0.0, float(raw)) if raw else default
    except ValueError:
        return default


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw not in {"0", "false", "no", "tidak", "off"}


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """When failed logins slow down and when they hold an account or a client address."""

    slow_after: int = 3
    delay_seconds: float = 1.0
    lock_after: int = 5
    address_lock_after: int = 20
    window: timedelta = timedelta(minutes=15)
    lock_for: timedelta = timedelta(minutes=15)

    @classmethod
    def from_env(cls) -> LoginPolicy:
        return cls(slow_after=_int("MONEV_LOGIN_SLOW_AFTER", 3),
                   delay_seconds=_float("MONEV_LOGIN_DELAY_SECONDS", 1.0),
                   lock_after=_int("MONEV_LOGIN_LOCK_AFTER", 5, 1),
                   address_lock_after=_int("MONEV_LOGIN_ADDRESS_LOCK_AFTER", 20, 1),
                   window=timedelta(minutes=_int("MONEV_LOGIN_WINDOW_MINUTES", 15, 1)),
                   lock_for=timedelta(minutes=_int("MONEV_LOGIN_LOCK_MINUTES", 15, 1)))

    def delay(self, failures: int) -> float:
        """Seconds to wait before answering the next attempt after `failures` failures."""
        if failures < self.slow_after or self.delay_seconds <= 0:
            return 0.0
        return min(self.delay_seconds * 2 ** (failures - self.slow_after),
                   self.delay_seconds * 8)


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """How long a session lasts."""

    idle: timedelta = timedelta(minutes=60)
    max_age: timedelta = timedelta(hours=12)

    @classmethod
    def from_env(cls) -> SessionPolicy:
        return cls(idle=timedelta(minutes=_int("MONEV_SESSION_IDLE_MINUTES", 60, 1)),
                   max_age=timedelta(hours=_int("MONEV_SESSION_MAX_HOURS", 12, 1)))


def demo_accounts_allowed() -> bool:
    """Whether demo accounts may log in (``MONEV_DEMO_ACCOUNTS``, default yes)."""
    return _flag("MONEV_DEMO_ACCOUNTS", True)


def trusted_proxy() -> bool:
    """Whether ``X-Forwarded-For`` names the client (``MONEV_TRUSTED_PROXY``)."""
    return _flag("MONEV_TRUSTED_PROXY", False)


def cookie_secure() -> bool | None:
    """``MONEV_COOKIE_SECURE``: True/False when set, None (= decide by the page) when not."""
    raw = os.environ.get("MONEV_COOKIE_SECURE", "").strip().lower()
    if not raw or raw == "auto":
        return None
    return _flag("MONEV_COOKIE_SECURE", True)


def secret_key() -> str | None:
    """``MONEV_SECRET_KEY`` when set (at least 32 characters are advised)."""
    return os.environ.get("MONEV_SECRET_KEY", "").strip() or None
