"""Password links kept no longer than needed: the e-mails that carry one
(:data:`SECRET_EVENTS`) and :func:`redact`, which hides the link's token in the stored copy
once the e-mail is sent or has failed for good (only the token's hash stays, see
:mod:`notifications.passwords`). Used by the sender, the bounce reader and the outbox."""

from __future__ import annotations

import re

SECRET_EVENTS = frozenset({"password_reset", "welcome"})
_TOKEN = re.compile(r"(token=)[A-Za-z0-9_\-]+")
HIDDEN = r"\1[disembunyikan setelah dikirim]"


def redact(body: str) -> str:
    """`body` with the token of a password link hidden."""
    return _TOKEN.sub(HIDDEN, body)
