"""Backup → restore keeps the questionnaires filled online (PPID portal): a draft not yet
sent with its answers, evidence links, notes, Identitas, versions and who saved what, and
a sent one (locked, pointing at its submission) — into a fresh SQLite or PostgreSQL
database; a badan publik account in the trail is restored (inactive) like any user. A
backup made before online drafts were kept (format 2) restores with none."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from evidence.files import attach_file
from evidence.store import FolderStore
from monev import portal
from monev.backup import FORMAT_VERSION, backup_cycle, read_backup, restore_cycle
from monev.bodies import list_bodies
from monev.permissions import SYSTEM
from storage.db import Database
from storage.models import PortalAnswer, PortalDraft, Submission, User
from tests.conftest import cheap_hashing
from tests.evidence.evidence_samples import pdf_bytes
from tests.monev.test_portal_use_cases import World


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Factory of fresh, migrated target databases ('sqlite' file or 'postgresql')."""
    made: list[tuple[Database, Callable[[], None]]] = []

    def make(kind: str) -> Database:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'pulihan{len(made)}.db'}"
            made.append((Database(url), lambda: None))
        else:
            server = request.getfixturevalue("postgres_server")
            url = server.create_database()
            made.append((Database(url), lambda: server.drop_database(url)))
        return made[-1][0]

    yield make
    for database, drop in made:
        database.dispose()
        drop()


def seen(db: Database, cycle_id: int) -> dict[str, Any]:
    """Every body's online questionnaire as its page shows it (ids left out)."""
    out = {}
    for body in list_bodies(db, SYSTEM, cycle_id):
        q = portal.open_questionnaire(db, SYSTEM, cycle_id, body.id)
        out[body.name] = (
            q.state, q.version, dict(q.identity), q.updated_at, q.updated_by, q.submitted_at,
            q.submitted_by, q.submission_version, q.reopen_reason,
            [(x.code, x.value, x.shown, x.typed, x.evidence, x.note, x.version, x.updated_at,
              x.updated_by) for x in q.questions])
    return out


def build(w: World) -> None:
    """Dinas Daring: sent, reopened and half changed (a draft with a file); Dinas Buku:
    sent and locked."""
    w.fill(w.ppid, ["1.1", "1.2", "1.3", "2.1"])
    portal.save_identity(w.db, w.ppid, w.cycle, w.body, ppid_name="Sari Dewi",
                         position="Sekretaris", contact="ppid@daring.example.go.id")
    portal.submit(w.db, w.ppid, w.cycle, w.body)
    portal.reopen(w.db, w.coordinator, w.cycle, w.body, "Tautan 1.2 perlu diganti")
    portal.save_answer(w.db, w.ppid, w.cycle, w.body, "1.2", "90", note="angka 2025",
                       evidence="https://ppid.example.go.id/rekap-2025")
    attach_file(w.db, w.ppid, w.cycle, w.body, "1.3", "sk.pdf", pdf_bytes(title="SK"),
                store=w.store)
    w.fill(SYSTEM, ["1.1", "2.1"], body=w.other)
    portal.submit(w.db, SYSTEM, w.cycle, w.other, allow_incomplete=True, store=w.store)


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_drafts_survive_backup_and_restore(world: World, fresh: Callable[[str], Database],
                                           tmp_path: Path, target: str):
    build(world)
    before = seen(world.db, world.cycle)
    assert before["Dinas Daring"][0] == portal.DRAFT
    assert before["Dinas Buku"][0] == portal.SUBMITTED
    file = tmp_path / "cadangan.zip"
    made = backup_cycle(world.db, SYSTEM, world.cycle, file, store=world.store)
    assert made.counts["portal_drafts"] == 2
    assert made.counts["portal_answers"] == 6
    with zipfile.ZipFile(file) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == FORMAT_VERSION

    other = fresh(target)
    restored = restore_cycle(other, SYSTEM, file, store=FolderStore(tmp_path / "tujuan"))
    after = seen(other, restored.cycle_id)
    assert after == before
    daring = after["Dinas Daring"][-1]
    assert dict((code, (typed, link, note)) for code, _, _, typed, link, note, *_ in daring)[
        "1.2"] == ("90", "https://ppid.example.go.id/rekap-2025", "angka 2025")
    with other.read() as session:
        # A sent draft points at the restored submission it wrote.
        sent = session.scalar(select(PortalDraft).where(
            PortalDraft.cycle_id == restored.cycle_id, PortalDraft.state == "submitted"))
        assert sent is not None
        submission = session.get(Submission, sent.submission_id)
        assert submission is not None
        assert submission.cycle_id == restored.cycle_id
        # The PPID's account came with the trail: inactive, as every user a restore makes.
        ppid = session.scalar(select(User).where(User.username == "ppid"))
        assert ppid is not None
        assert (ppid.role, ppid.active) == ("badan_publik", False)
    # The restored draft goes on: the PPID's work is not lost.
    assert restored.counts["portal_answers"] == 6


def test_a_backup_without_online_drafts_restores_with_none(
        world: World, fresh: Callable[[str], Database], tmp_path: Path):
    build(world)
    buffer = io.BytesIO()
    backup_cycle(world.db, SYSTEM, world.cycle, buffer, store=world.store)

    def as_version_2(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 2
        for name in ("portal_drafts", "portal_answers"):
            del members[f"tables/{name}.json"]
            del manifest["members"][f"tables/{name}.json"]
            del manifest["counts"][name]
        members["manifest.json"] = json.dumps(manifest).encode()

    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    as_version_2(members)
    old = io.BytesIO()
    with zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _, tables = read_backup(io.BytesIO(old.getvalue()))
    assert tables["portal_drafts"] == tables["portal_answers"] == []
    target = fresh("sqlite")
    restored = restore_cycle(target, SYSTEM, io.BytesIO(old.getvalue()),
                             store=FolderStore(tmp_path / "tujuan"))
    with target.read() as session:
        assert session.scalar(select(PortalDraft.id)) is None
        assert session.scalar(select(PortalAnswer.id)) is None
    # What the bodies sent online is there: submissions, as in every format.
    assert restored.counts["submissions"] == 2
    states = {name: v[0] for name, v in seen(target, restored.cycle_id).items()}
    assert states == {"Dinas Buku": portal.NEW, "Dinas Daring": portal.NEW}
