"""E-mail addresses as the program accepts them: one rule for every address a person types —
a badan publik's registered address (:mod:`monev.bodies`), an account's own address set by
an admin (:mod:`monev.accounts`) or by the account itself (:mod:`notifications.inbox`).
"""

from __future__ import annotations

import re

from monev.errors import UsageError
from questionnaires.text import clean

# One address: no spaces, no list separators or angle brackets, a dot in the domain.
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_LENGTH = 320


def email_address(text: str) -> str:
    """`text` as an e-mail address: trimmed (typed text cleaned as
    :func:`questionnaires.text.clean` does), the domain in lower case; ``""`` for empty
    text (no address). Raises :class:`UsageError`, saying how to write one, for anything
    that is not one address (``a@b``, ``Nama <a@b.id>``, two addresses, spaces)."""
    text = clean(text)
    if not text:
        return ""
    if len(text) > MAX_LENGTH or not _EMAIL.match(text):
        raise UsageError(f"Alamat e-mail '{text}' tidak sah: tulis satu alamat seperti "
                         f"ppid@dinas.example.go.id.")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"
