"""The preview of a notification text carries this installation's address in its link
(MONEV_PUBLIC_URL), as the real e-mails will — not the shipped sample's."""

from __future__ import annotations

import pytest

from monev.permissions import SYSTEM
from notifications import templates
from storage.db import Database


def test_the_preview_link_is_on_the_public_address(db: Database,
                                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_PUBLIC_URL", "https://monev.kisukamaju.go.id/")
    current = {c.event: c for c in templates.list_templates(db, SYSTEM)}
    for event in ("submission", "password_reset"):
        shown = templates.preview(db, SYSTEM, event, current[event].subject,
                                  current[event].body)
        assert "https://monev.kisukamaju.go.id/" in shown.body
        assert "monev.example.go.id" not in shown.body
