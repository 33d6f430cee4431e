"""Who reads a questionnaire saved online and not yet sent: its body's PPID, its koordinator
and an admin (progress, reopening) — never a verifikator or pejabat. Nor do they see the
data dukung the PPID attached to the draft since it last sent: they see the files as sent
(a withdrawal in a reopened draft does not take a sent file away from them)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidence.files import attach_file, fetch_file, list_files, withdraw_file
from monev import accounts, portal
from monev.errors import NotFound, PermissionDenied
from monev.permissions import SYSTEM, Actor
from storage.db import Database
from tests.conftest import cheap_hashing
from tests.evidence.evidence_samples import pdf_bytes
from tests.monev.test_portal_use_cases import PASSWORD, World


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


def _account(world: World, role: str) -> Actor:
    accounts.add_user(world.db, SYSTEM, username=role, password=PASSWORD, role=role)
    return accounts.actor_for(world.db, role)


def _names(world: World, who: Actor) -> list[str]:
    return [f.file_name for f in list_files(world.db, who, world.cycle, body_id=world.body,
                                            store=world.store)]


def test_a_draft_is_read_by_its_body_and_koordinator_only(world: World):
    world.fill(world.ppid, ["1.1", "1.2"])
    for who in (world.ppid, world.coordinator, SYSTEM):
        draft = portal.open_questionnaire(world.db, who, world.cycle, world.body)
        assert (draft.state, draft.answered) == (portal.DRAFT, 2)
    [status] = portal.portal_statuses(world.db, world.coordinator, world.cycle)
    assert (status.body_name, status.answered) == ("Dinas Daring", 2)
    for role in ("evaluator", "pejabat"):
        who = _account(world, role)
        with pytest.raises(PermissionDenied, match="belum dikirim"):
            portal.open_questionnaire(world.db, who, world.cycle, world.body)
        with pytest.raises(PermissionDenied, match="belum dikirim"):
            portal.portal_statuses(world.db, who, world.cycle)


def test_the_verifikator_sees_the_files_as_sent(world: World):
    evaluator = _account(world, "evaluator")
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Ya")
    sk = attach_file(world.db, world.ppid, world.cycle, world.body, "1.1", "sk.pdf",
                     pdf_bytes(title="SK"), store=world.store).file
    # The koordinator's own attachment is not a draft.
    attach_file(world.db, world.coordinator, world.cycle, world.body, "1.1", "dip.pdf",
                pdf_bytes(title="DIP"), store=world.store)
    assert _names(world, world.ppid) == _names(world, world.coordinator) == [
        "sk.pdf", "dip.pdf"]
    assert _names(world, evaluator) == ["dip.pdf"]
    with pytest.raises(NotFound):
        fetch_file(world.db, evaluator, sk.id, store=world.store)

    portal.submit(world.db, world.ppid, world.cycle, world.body, allow_incomplete=True,
                  store=world.store)
    assert _names(world, evaluator) == ["sk.pdf", "dip.pdf"]
    fetched = fetch_file(world.db, evaluator, sk.id, store=world.store)
    assert hashlib.sha256(fetched.data).hexdigest() == sk.sha256

    # Reopened: the PPID withdraws the sent file and attaches another; until it sends
    # again the verifikator still sees what was sent.
    portal.reopen(world.db, world.coordinator, world.cycle, world.body, "Ganti SK")
    withdraw_file(world.db, world.ppid, sk.id, reason="SK lama")
    attach_file(world.db, world.ppid, world.cycle, world.body, "1.1", "sk-baru.pdf",
                pdf_bytes(title="SK baru"), store=world.store)
    assert _names(world, world.ppid) == ["dip.pdf", "sk-baru.pdf"]
    assert _names(world, evaluator) == ["sk.pdf", "dip.pdf"]
    portal.submit(world.db, world.ppid, world.cycle, world.body, allow_incomplete=True,
                  store=world.store)
    assert _names(world, evaluator) == ["dip.pdf", "sk-baru.pdf"]
