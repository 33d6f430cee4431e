"""Notifications as a fresh user read them (issue 15's trial), through the real SMTP
server and in the app: the results e-mail of a body without a final score says why no
report card is attached (it said 'terlampir' and had none) and writes one dash; receipts
carry the import's warnings and the questions left unanswered; in-app copies have no
e-mail footer; the koordinator's copy of a receipt is not addressed to the PPID."""

from __future__ import annotations

from pathlib import Path

import pytest
from mail_server import MailServer
from test_notification_mail import OTHER_MAIL, World, _text

from monev import cycles
from monev.outcomes import publication
from monev.permissions import SYSTEM
from notifications import sender
from storage.db import Database
from tests.conftest import cheap_hashing


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


def test_results_without_a_final_score_say_why_no_report_card(world: World,
                                                              mail: MailServer):
    world.submit_online()  # Dinas Daring answers; Dinas Buku does not
    cycles.set_lock(world.db, SYSTEM, world.cycle, "saq", True)
    publication.publish(world.db, SYSTEM, world.cycle)
    sender.send_due(world.db)
    [published] = [m for m in mail.recorder.to(OTHER_MAIL) if "Nilai akhir" in _text(m)]
    body = _text(published)
    assert list(published.iter_attachments()) == []
    assert "(PDF) terlampir" not in body
    assert "Tidak ada rapor terlampir: Dinas Buku tidak mengisi kuesioner" in body
    # One dash for "none" throughout (it mixed '–' and '-').
    assert "Nilai akhir : –" in body
    assert "Predikat    : –" in body
    assert "Peringkat   : –" in body
