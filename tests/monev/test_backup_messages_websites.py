"""Backup format 4: a cycle's backup carries its bodies' website addresses, its messages
(pesan) with their attachments — the attachments' bytes like evidence files' — and its
website monitoring runs with each visit and finding (what a site had on a day). Restored
into a fresh SQLite or PostgreSQL database, the threads, attachments, addresses, runs and
findings read as before (a run still running when backed up reads as interrupted); restored
into the same database, a body keeps one copy of each address. A format 3 backup restores
without them. The outbox and in-app notifications stay out."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from evidence.store import FolderStore
from monev import accounts
from monev.backup import FORMAT_VERSION, backup_cycle, read_backup, restore_cycle
from monev.bodies import list_bodies, register_body
from monev.cycles import create_cycle
from monev.permissions import SYSTEM
from monitoring import runs
from monitoring.crawler import CrawlSettings
from notifications import messages
from storage.db import Database
from storage.models import (
    BodyWebsite,
    Message,
    MessageAttachment,
    MonitoringFinding,
    MonitoringRun,
    Notification,
    OutboxMail,
)
from tests.conftest import cheap_hashing
from tests.evidence.evidence_samples import image_bytes, pdf_bytes
from tests.monitoring.fictional_sites import complete_site
from tests.monitoring.site_server import serving

PASSWORD = "Kopi-Senja-Cadangan-77"
FAST = replace(CrawlSettings(host_delay=0.0, site_timeout=60),
               check=replace(CrawlSettings().check, allow_private=True))
NEW_TABLES = ("body_websites", "messages", "message_attachments", "monitoring_runs",
              "monitoring_sites", "monitoring_findings")


class Cycle:
    """A nasional-2025 cycle: Kecamatan Sukamaju (e-mail, its site served locally, a
    koordinator and a PPID account writing to each other with attachments) and Kecamatan
    Dua Situs (two addresses, no visit); one finished monitoring run and one still
    running."""

    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.store = FolderStore(folder / "bukti")
        self.id = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                               year=2026).id
        site = complete_site("Kecamatan Sukamaju")
        self.site = site
        with serving([site]):
            self.body = register_body(db, SYSTEM, self.id, name="Kecamatan Sukamaju",
                                      category="kecamatan", email="ppid@sukamaju.example",
                                      websites=[site.url], status="registered").id
            self.other = register_body(
                db, SYSTEM, self.id, name="Kecamatan Dua Situs", category="kecamatan",
                websites=["https://dua.example/", "https://ppid.dua.example/"]).id
            accounts.add_user(db, SYSTEM, username="koor", password=PASSWORD,
                              role="koordinator", scope=[self.body, self.other])
            koor = accounts.actor_for(db, "koor")
            accounts.add_body_account(db, koor, body_id=self.body, username="ppid",
                                      password=PASSWORD)
            ppid = accounts.actor_for(db, "ppid")
            messages.post(db, koor, self.id, self.body, "Mohon kirim SK PPID terbaru.",
                          files=[("surat.pdf", pdf_bytes(title="Surat KI"))],
                          store=self.store)
            messages.post(db, ppid, self.id, self.body, "Terlampir SK dan tangkapan layar.",
                          files=[("sk.pdf", pdf_bytes(2, title="SK PPID 2026")),
                                 ("layar.png", image_bytes())], store=self.store)
            messages.post(db, koor, self.id, self.other, "Situs mana yang utama?",
                          store=self.store)
            runs.monitor(db, SYSTEM, self.id, body_id=self.body, settings=FAST)
        runs.begin_run(db, SYSTEM, self.id)  # running when the backup is made


@pytest.fixture
def cycle(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cycle:
    cheap_hashing(monkeypatch)
    return Cycle(db, tmp_path)


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


def seen(db: Database, cycle_id: int, store: FolderStore) -> dict[str, Any]:
    """What users read of the cycle's bodies, threads and website monitoring (no ids)."""
    bodies = list_bodies(db, SYSTEM, cycle_id)
    threads = {}
    for body in bodies:
        threads[body.name] = [
            (m.author, m.author_role, m.from_body, m.body, m.created_at,
             [(a.file_name, a.size_bytes, a.media_type,
               messages.attachment(db, SYSTEM, a.id, store=store)[2]) for a in m.attachments])
            for m in messages.thread(db, SYSTEM, cycle_id, body.id, mark_read=False)]
    return {
        "bodies": {b.name: (b.email, b.websites) for b in bodies},
        "threads": threads,
        "runs": [(r.state, r.done, r.total, r.pages, r.started_at, r.finished_at,
                  r.started_by) for r in runs.list_runs(db, SYSTEM, cycle_id)],
        "visits": [(v.body_name, v.checked_at, v.start_url, v.pages, v.outcome, v.detail)
                   for v in runs.visits(db, SYSTEM, cycle_id)],
        "findings": [(f.body_name, f.item, f.found, f.url, f.page_title, f.link_text,
                      f.content_type, f.size_bytes, f.doc_pages, f.doc_verdict, f.detail,
                      f.checked_at) for f in runs.findings(db, SYSTEM, cycle_id)],
    }


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_websites_messages_and_monitoring_survive_backup_and_restore(
        cycle: Cycle, fresh: Callable[[str], Database], tmp_path: Path, target: str):
    before = seen(cycle.db, cycle.id, cycle.store)
    assert before["bodies"]["Kecamatan Dua Situs"] == (
        "", ("https://dua.example/", "https://ppid.dua.example/"))
    assert [len(m[-1]) for m in before["threads"]["Kecamatan Sukamaju"]] == [1, 2]
    assert [r[0] for r in before["runs"]] == ["running", "finished"]
    assert any(f[2] for f in before["findings"])  # the DIP and the menus were found
    file = tmp_path / "cadangan.zip"
    made = backup_cycle(cycle.db, SYSTEM, cycle.id, file, store=cycle.store)
    assert {n: made.counts[n] for n in NEW_TABLES[:4]} == {
        "body_websites": 3, "messages": 3, "message_attachments": 3, "monitoring_runs": 2}
    assert made.counts["monitoring_findings"] == len(before["findings"])
    assert made.counts["evidence_blobs"] == 3  # the attachments' contents, once each
    with zipfile.ZipFile(file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["format_version"] == FORMAT_VERSION == 4
    assert len([n for n in names if n.startswith("evidence/")]) == 3
    # Delivery state of this installation is not part of a cycle backup.
    assert not {"tables/outbox.json", "tables/notifications.json",
                "tables/notices.json", "tables/message_reads.json"} & names
    with cycle.db.read() as session:
        assert session.scalar(select(func.count(OutboxMail.id))) > 0

    other = fresh(target)
    target_store = FolderStore(tmp_path / "tujuan")
    restored = restore_cycle(other, SYSTEM, file, store=target_store)
    after = seen(other, restored.cycle_id, target_store)
    # The run that was running when backed up runs nowhere now: it can be resumed.
    assert [r[0] for r in after["runs"]] == ["interrupted", "finished"]
    after["runs"][0] = ("running", *after["runs"][0][1:])
    assert after == before
    with other.read() as session:
        assert session.scalar(select(func.count(OutboxMail.id))) == 0
        assert session.scalar(select(func.count(Notification.id))) == 0
        stopped = session.scalar(select(MonitoringRun).where(
            MonitoringRun.state == "interrupted"))
        assert stopped is not None
        assert "cadangan" in stopped.detail


def test_restoring_into_the_same_database_keeps_one_copy_of_each_address(cycle: Cycle):
    buffer = io.BytesIO()
    backup_cycle(cycle.db, SYSTEM, cycle.id, buffer, store=cycle.store)
    with cycle.db.read() as session:
        websites = session.scalar(select(func.count(BodyWebsite.id)))
    restored = restore_cycle(cycle.db, SYSTEM, io.BytesIO(buffer.getvalue()),
                             title="Monev 2026 (pulihan)", store=cycle.store)
    assert restored.bodies_matched == 2
    assert restored.counts["body_websites"] == 0
    with cycle.db.read() as session:
        assert session.scalar(select(func.count(BodyWebsite.id))) == websites
        assert session.scalar(select(func.count(Message.id)).where(
            Message.cycle_id == restored.cycle_id)) == 3
        assert session.scalar(select(func.count(MonitoringFinding.id))) > 0
    copy = seen(cycle.db, restored.cycle_id, cycle.store)
    original = seen(cycle.db, cycle.id, cycle.store)
    assert copy["threads"] == original["threads"]
    assert copy["bodies"] == original["bodies"]


def test_a_format_3_backup_restores_without_websites_messages_or_monitoring(
        cycle: Cycle, fresh: Callable[[str], Database], tmp_path: Path):
    buffer = io.BytesIO()
    backup_cycle(cycle.db, SYSTEM, cycle.id, buffer, store=cycle.store)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 3
    for name in NEW_TABLES:
        del members[f"tables/{name}.json"]
        del manifest["members"][f"tables/{name}.json"]
        del manifest["counts"][name]
    # Version 3 had evidence files only: the attachments' contents are not in it either.
    for member in [n for n in members if n.startswith("evidence/")]:
        del members[member]
        del manifest["members"][member]
    members["tables/evidence_blobs.json"] = b"[]"
    manifest["members"]["tables/evidence_blobs.json"] = {
        "sha256": hashlib.sha256(b"[]").hexdigest(), "bytes": 2}
    manifest["counts"]["evidence_blobs"] = 0
    members["manifest.json"] = json.dumps(manifest).encode()
    old = io.BytesIO()
    with zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    _, tables = read_backup(io.BytesIO(old.getvalue()))
    assert all(tables[name] == [] for name in NEW_TABLES)
    target = fresh("sqlite")
    restored = restore_cycle(target, SYSTEM, io.BytesIO(old.getvalue()),
                             store=FolderStore(tmp_path / "tujuan"))
    assert restored.bodies_created == 2
    with target.read() as session:
        for model in (BodyWebsite, Message, MessageAttachment, MonitoringRun):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    bodies = {b.name: (b.email, b.websites) for b in list_bodies(target, SYSTEM,
                                                                  restored.cycle_id)}
    # The e-mail address came with the body (format 3 had it), the websites did not.
    assert bodies["Kecamatan Sukamaju"] == ("ppid@sukamaju.example", ())
