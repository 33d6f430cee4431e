"""Session tokens: random, signed for the cookie, stored only as a hash.

A token is 32 random bytes (URL-safe text). The browser keeps it in a cookie signed with
the installation's secret and a timestamp (itsdangerous), so a forged or altered cookie is
refused before the database is asked; the database keeps only its SHA-256
(:class:`storage.models.UserSession`), so a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "monev_sesi"
_SALT = "monev-kip.session"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def token_hash(token: str) -> str:
    """Hex SHA-256 of `token` (what the database keeps)."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign(token: str, secret: str) -> str:
    """The cookie value for `token`."""
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(token)


def unsign(value: str, secret: str, max_age: timedelta | None = None) -> str | None:
    """The token in cookie `value`; None when forged, altered or (with `max_age`) older
    than that. Sessions pass no `max_age`: the database's ``expires_at`` decides, so the
    user is told that the session ended rather than that the cookie is invalid."""
    try:
        token = URLSafeTimedSerializer(secret, salt=_SALT).loads(
            value, max_age=int(max_age.total_seconds()) if max_age else None)
    except (BadSignature, ValueError, TypeError):
        return None
    return token if isinstance(token, str) else None
