"""The PPID portal's use cases on SQLite and PostgreSQL: a badan publik fills its
questionnaire online question by question, leaves, comes back to its draft and sends it;
the submission scores exactly as the same answers in a workbook; refusals (another body,
after the deadline, a locked stage, an answer the question does not accept, with the
workbook's message); a koordinator reopens with a reason; an appeal with a file in the masa
sanggah; the report card after publication."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from evidence.files import attach_file, list_files
from evidence.inspect import EvidenceRefused
from evidence.store import FolderStore
from monev import accounts, bodies, cycles, imports, portal, verification
from monev.appeals import list_appeals
from monev.clock import today
from monev.errors import Conflict, PermissionDenied, StageLocked, UsageError
from monev.exports.report_card import export_report_card
from monev.outcomes import publication, results
from monev.permissions import SYSTEM, Actor, Phase, Role
from questionnaires.loader import Registry, load_methodology
from questionnaires.model import Methodology
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Answer, Event, PortalDraft, Submission
from tests.conftest import FIXTURES, cheap_hashing
from tests.evidence.evidence_samples import pdf_bytes

PASSWORD = "Portal-PPID-2025!x"
ANGKA = load_methodology(FIXTURES / "angka-uraian.yaml")
# What the PPID types (the same text typed in the workbook's cells).
TYPED = {"1.1": "Ya", "1.2": "85,5", "1.3": "7",
         "2.1": "Layanan permohonan daring lewat WhatsApp dan laman PPID;\nSK inovasi 2025."}
LINKS = {"1.1": "https://ppid.example.go.id/dip", "1.2": "https://ppid.example.go.id/rekap",
         "2.1": "https://ppid.example.go.id/inovasi"}


class World:
    """A running cycle of the angka-uraian methodology with two OPDs, a koordinator for the
    first, and the PPID account of the first."""

    def __init__(self, db: Database, folder: Path, methodology: Methodology = ANGKA) -> None:
        self.db = db
        self.folder = folder
        self.m = methodology
        self.store = FolderStore(folder / "bukti")
        self.cycle = cycles.create_cycle(db, SYSTEM, methodology_id=methodology.id,
                                         ki="KI Portal", year=2025,
                                         registry=Registry([methodology])).id
        self.body = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Daring",
                                         category="opd", ppid_name="Sari", status="registered").id
        self.other = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Buku",
                                          category="opd", status="registered").id
        accounts.add_user(db, SYSTEM, username="koor", password=PASSWORD, role="koordinator",
                          scope=[self.body])
        self.coordinator = accounts.actor_for(db, "koor")
        accounts.add_body_account(db, self.coordinator, body_id=self.body, username="ppid",
                                  password=PASSWORD)
        self.ppid = accounts.actor_for(db, "ppid")

    def fill(self, who: Actor, codes: list[str], body: int | None = None) -> None:
        for code in codes:
            q = portal.open_questionnaire(self.db, who, self.cycle, body or self.body)
            portal.save_answer(self.db, who, self.cycle, body or self.body, code, TYPED[code],
                               evidence=LINKS.get(code, ""),
                               expected_version=q.question(code).version)

    def result(self, body: int) -> Any:
        found = {r.body_id: r.result for r in results.compute_results(self.db, SYSTEM,
                                                                      self.cycle)}
        return found[body]

    def lock_saq(self, locked: bool = True) -> None:
        cycles.set_lock(self.db, SYSTEM, self.cycle, "saq", locked, reason="uji portal")


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


def test_the_account_is_a_body_account_of_one_body(world: World):
    assert world.ppid.role is Role.BODY
    assert world.ppid.scope == frozenset({world.body})
    assert world.ppid.body_id == world.body
    [info] = accounts.body_accounts(world.db, world.coordinator)
    assert (info.username, info.display_name, info.scope) == (
        "ppid", "PPID Dinas Daring", ("Dinas Daring",))


def test_draft_leave_come_back_submit_scores_as_the_workbook(world: World):
    # Two answers, then the PPID leaves.
    world.fill(world.ppid, ["1.1", "1.2"])
    # Coming back (a new login: the actor read again) finds the draft as left.
    again = accounts.actor_for(world.db, "ppid")
    draft = portal.open_questionnaire(world.db, again, world.cycle, world.body)
    assert (draft.state, draft.answered, draft.total) == (portal.DRAFT, 2, 4)
    assert draft.question("1.2").typed == "85,5"  # the decimal comma, shown as typed
    assert draft.question("1.2").shown == "85,5%"
    assert draft.question("1.1").evidence == LINKS["1.1"]
    assert draft.editable
    assert draft.phase is Phase.FILLING
    with world.db.read() as session:  # nothing is a submission yet
        assert session.scalar(select(Submission.id)) is None
    world.fill(again, ["1.3", "2.1"])
    portal.save_identity(world.db, again, world.cycle, world.body, ppid_name="Sari Dewi",
                         position="Sekretaris", contact="ppid@daring.example.go.id")
    sent = portal.submit(world.db, again, world.cycle, world.body)
    assert (sent.version, sent.late, sent.unchanged, sent.answered) == (1, False, False, 4)

    # The same typed answers in a workbook of the other OPD, uploaded.
    path = world.folder / "buku.xlsx"
    write_filled(world.m, "opd", path, badan_publik="Dinas Buku", answers=TYPED,
                 evidence=LINKS)
    report = imports.import_paths(world.db, SYSTEM, world.cycle, [path])
    assert report.ok, report

    online, workbook = world.result(world.body), world.result(world.other)
    for field in ("saq_raw", "saq_verified", "final", "stages", "indicators"):
        assert getattr(online, field) == getattr(workbook, field), field
    assert online.participation == workbook.participation
    assert online.final is not None
    with world.db.read() as session:
        rows = {s.badan_publik_id: s for s in session.scalars(select(Submission))}
        answers = {body: {a.question_code: (a.value, a.evidence, a.note) for a in
                          session.scalars(select(Answer).where(
                              Answer.submission_id == rows[body].id))}
                   for body in (world.body, world.other)}
        assert answers[world.body] == answers[world.other]
        assert rows[world.body].file_name == portal.PORTAL_FILE
        assert rows[world.body].identity["ppid_name"] == "Sari Dewi"
        assert rows[world.body].identity["filled_on"] == today().isoformat()
        [event] = session.scalars(select(Event).where(
            Event.action == "import", Event.entity_id == str(rows[world.body].id)))
        assert event.new["via"] == "portal"
        assert event.user_id == world.ppid.id
    # The verifikator verifies it like any upload.
    verification.verify_answer(world.db, SYSTEM, world.cycle, world.body, "2.1", "3,5",
                               "Inovasi terbukti sebagian", expected_seq=0)
    assert world.result(world.body).saq_verified > online.saq_verified


def test_the_sent_answers_are_locked_and_a_resend_of_the_same_stores_nothing(world: World):
    world.fill(world.ppid, ["1.1", "1.2", "1.3", "2.1"])
    first = portal.submit(world.db, world.ppid, world.cycle, world.body)
    with pytest.raises(PermissionDenied, match="sudah dikirim"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak")
    with pytest.raises(PermissionDenied, match="sudah dikirim"):
        attach_file(world.db, world.ppid, world.cycle, world.body, "1.1", "dip.pdf",
                    pdf_bytes(), store=world.store)
    # The koordinator reopens with a reason (audited); sent again unchanged: no new version.
    with pytest.raises(UsageError, match="Alasan"):
        portal.reopen(world.db, world.coordinator, world.cycle, world.body, "  ")
    reopened = portal.reopen(world.db, world.coordinator, world.cycle, world.body,
                             "Tautan 1.2 perlu diganti")
    assert reopened.state == portal.DRAFT
    assert reopened.reopen_reason == "Tautan 1.2 perlu diganti"
    with world.db.read() as session:
        [event] = session.scalars(select(Event).where(Event.action == "portal.reopen"))
        assert (event.user_id, event.reason, event.old, event.new) == (
            world.coordinator.id, "Tautan 1.2 perlu diganti", "submitted", "draft")
    again = portal.submit(world.db, world.ppid, world.cycle, world.body)
    assert again.unchanged
    assert again.version == first.version == 1
    # Reopened once more, one answer changed: version 2, scored anew.
    portal.reopen(world.db, SYSTEM, world.cycle, world.body, "Jawaban 1.1 keliru")
    before = world.result(world.body).saq_raw
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak",
                       evidence=LINKS["1.1"])
    assert world.result(world.body).saq_raw == before  # a draft is not scored
    second = portal.submit(world.db, world.ppid, world.cycle, world.body)
    assert second.version == 2
    assert not second.unchanged
    assert world.result(world.body).saq_raw < before
    with pytest.raises(UsageError, match="belum dikirim"):
        portal.reopen(world.db, SYSTEM, world.cycle, world.other, "salah")


def test_a_file_counts_as_data_dukung_and_is_part_of_the_submission(world: World):
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Ya")
    done = attach_file(world.db, world.ppid, world.cycle, world.body, "1.1", "SK PPID.pdf",
                       pdf_bytes(title="SK PPID"), store=world.store)
    assert done.created
    sent = portal.submit(world.db, world.ppid, world.cycle, world.body, allow_incomplete=True,
                         store=world.store)
    assert sent.answered == 1
    assert sent.total == 4
    with world.db.read() as session:
        evidence = session.scalar(select(Answer.evidence).where(
            Answer.question_code == "1.1"))
    assert evidence == "Berkas data dukung: SK PPID.pdf"
    # The file is data dukung: the Ya earns its 2 of indicator A's 8 points (without
    # evidence it would earn none).
    assert world.result(world.body).indicators["A"].raw == 25
    [file] = list_files(world.db, SYSTEM, world.cycle, body_id=world.body, store=world.store)
    assert file.uploaded_by == "PPID Dinas Daring"


def test_refusals(world: World):
    # Another body: refused, nothing stored.
    with pytest.raises(PermissionDenied, match="badan publik Anda sendiri"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.other, "1.1", "Ya")
    with pytest.raises(PermissionDenied):
        portal.open_questionnaire(world.db, world.ppid, world.cycle, world.other)
    # An answer the question does not accept: the workbook's message (D303).
    with pytest.raises(portal.AnswerRefused) as refused:
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.2", "101")
    assert refused.value.problem.code == "D303"
    assert "Jawaban '101' tidak sah untuk pertanyaan 1.2" in refused.value.message
    assert "0 sampai 100" in refused.value.message
    with pytest.raises(portal.AnswerRefused, match=r"tidak sah untuk pertanyaan 1\.3"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.3", "7,5")
    with pytest.raises(portal.AnswerRefused, match=r"tidak sah untuk pertanyaan 1\.1"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Mungkin")
    with pytest.raises(portal.AnswerRefused) as link:
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Ya",
                           evidence="lihat lampiran")
    assert link.value.problem.code == "W404"
    # Nihil where the question allows it (1.2), refused where it does not (1.3).
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.2",
                       "Tidak ada kejadian (nihil)")
    with pytest.raises(portal.AnswerRefused):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.3", "nihil")
    with world.db.read() as session:
        assert session.scalar(select(PortalDraft.version)) == 2  # made, then 1.2 saved
    # Nothing answered, or not all answered without saying so: not sent.
    with pytest.raises(UsageError, match="3 dari 4 pertanyaan belum dijawab"):
        portal.submit(world.db, world.ppid, world.cycle, world.body)
    # Two tabs: the stale one is told who saved first.
    q = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Ya",
                       expected_version=q.question("1.1").version)
    with pytest.raises(Conflict, match="sudah diubah PPID Dinas Daring"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak",
                           expected_version=q.question("1.1").version)
    # A koordinator may not fill in the body's place; the body may not reopen.
    with pytest.raises(PermissionDenied):
        portal.save_answer(world.db, world.coordinator, world.cycle, world.body, "1.1", "Ya")
    with pytest.raises(PermissionDenied):
        portal.reopen(world.db, world.ppid, world.cycle, world.body, "buka")


def test_after_the_deadline_and_in_a_locked_stage_nothing_changes(world: World):
    world.fill(world.ppid, ["1.1", "1.2", "1.3", "2.1"])
    portal.submit(world.db, world.ppid, world.cycle, world.body)
    cycles.set_deadline(world.db, SYSTEM, world.cycle, "saq", today() - timedelta(days=1))
    with pytest.raises(UsageError, match="sudah lewat"):
        portal.reopen(world.db, world.coordinator, world.cycle, world.body, "terlambat")
    # The admin may reopen (as the deadline is extended); the PPID still may not save.
    cycles.set_deadline(world.db, SYSTEM, world.cycle, "saq", today())
    portal.reopen(world.db, world.coordinator, world.cycle, world.body, "diperpanjang")
    cycles.set_deadline(world.db, SYSTEM, world.cycle, "saq", today() - timedelta(days=1))
    draft = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    assert draft.phase is Phase.VERIFYING
    assert not draft.editable
    with pytest.raises(PermissionDenied, match="Batas waktu pengisian kuesioner"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak")
    with pytest.raises(PermissionDenied, match="Batas waktu"):
        portal.submit(world.db, world.ppid, world.cycle, world.body)
    with pytest.raises(PermissionDenied, match="Batas waktu"):
        attach_file(world.db, world.ppid, world.cycle, world.body, "1.1", "dip.pdf",
                    pdf_bytes(), store=world.store)
    # Appeals wait for the masa sanggah (the SAQ stage locked).
    with pytest.raises(PermissionDenied, match=r"Masa sanggah .* belum dibuka"):
        portal.file_appeal(world.db, world.ppid, world.cycle, world.body, "Keliru",
                           question_code="1.1")
    world.lock_saq()
    with pytest.raises(PermissionDenied, match="sudah dikunci"):
        portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak")
    # A locked stage refuses the admin too.
    with pytest.raises(StageLocked):
        portal.save_answer(world.db, SYSTEM, world.cycle, world.body, "1.1", "Tidak")


def test_masa_sanggah_verified_answers_appeal_with_a_file_and_report_card(world: World):
    world.fill(world.ppid, ["1.1", "1.2", "1.3", "2.1"])
    portal.submit(world.db, world.ppid, world.cycle, world.body)
    verification.verify_answer(world.db, SYSTEM, world.cycle, world.body, "1.1", "Tidak",
                               "Tautan DIP tidak dapat dibuka", expected_seq=0)
    # Before the masa sanggah the body sees no verification.
    with pytest.raises(PermissionDenied, match="Masa sanggah"):
        portal.verified_answers(world.db, world.ppid, world.cycle, world.body)
    world.lock_saq()
    rows = {r.code: r for r in portal.verified_answers(world.db, world.ppid, world.cycle,
                                                       world.body)}
    assert (rows["1.1"].reported, rows["1.1"].verified_text, rows["1.1"].changed) == (
        "Ya", "Tidak", True)
    assert rows["1.1"].reason == "Tautan DIP tidak dapat dibuka"
    assert not rows["1.2"].verified
    with pytest.raises(PermissionDenied):
        portal.verified_answers(world.db, world.ppid, world.cycle, world.other)
    # A refused file files nothing.
    with pytest.raises(EvidenceRefused):
        portal.file_appeal(world.db, world.ppid, world.cycle, world.body, "DIP ada",
                           question_code="1.1", file=("dip.pdf", b"bukan pdf"),
                           store=world.store)
    assert list_appeals(world.db, world.ppid, world.cycle) == []
    filed = portal.file_appeal(world.db, world.ppid, world.cycle, world.body,
                               "DIP dapat dibuka; tautan baru dan berkasnya terlampir",
                               question_code="1.1", link="https://ppid.example.go.id/dip2",
                               file=("DIP 2025.pdf", pdf_bytes(title="DIP")),
                               store=world.store)
    assert filed.file is not None
    assert filed.file.appeal_id == filed.appeal.id
    assert filed.file.purpose == "appeal"
    [appeal] = list_appeals(world.db, world.ppid, world.cycle)
    assert (appeal.id, appeal.filed_by, appeal.evidence) == (
        filed.appeal.id, "PPID Dinas Daring", "https://ppid.example.go.id/dip2")
    rows = {r.code: r for r in portal.verified_answers(world.db, world.ppid, world.cycle,
                                                       world.body)}
    assert rows["1.1"].appeals == ((appeal.id, "Diajukan"),)
    # Another body's appeal: refused.
    with pytest.raises(PermissionDenied):
        portal.file_appeal(world.db, world.ppid, world.cycle, world.other, "Keliru")
    # Report card: after publication only, own body only.
    with pytest.raises(PermissionDenied, match="ditetapkan"):
        export_report_card(world.db, world.ppid, world.cycle, world.body, io.BytesIO())
    publication.publish(world.db, SYSTEM, world.cycle)
    card = io.BytesIO()
    done = export_report_card(world.db, world.ppid, world.cycle, world.body, card)
    assert card.getvalue().startswith(b"%PDF")
    assert done.size > 0
    with pytest.raises(PermissionDenied):
        export_report_card(world.db, world.ppid, world.cycle, world.other, io.BytesIO())
    records = publication.published_records(world.db, world.ppid, world.cycle)
    assert [r["badan_publik"] for r in records] == ["Dinas Daring"]  # no one else's score
    with pytest.raises(PermissionDenied, match="ditetapkan"):
        portal.file_appeal(world.db, world.ppid, world.cycle, world.body, "Terlambat")


def test_a_draft_starts_from_the_koordinators_upload(world: World):
    path = world.folder / "daring.xlsx"
    write_filled(world.m, "opd", path, badan_publik="Dinas Daring",
                 answers={"1.1": "Ya", "1.2": "90"}, evidence={"1.1": LINKS["1.1"]})
    assert imports.import_paths(world.db, world.coordinator, world.cycle, [path]).ok
    draft = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    assert draft.state == portal.NEW
    assert draft.submission_version == 1
    assert (draft.question("1.1").typed, draft.question("1.2").typed) == ("Ya", "90")
    assert draft.question("1.1").version == 0  # carried over, never saved in the portal
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.3", "3",
                       expected_version=draft.question("1.3").version)
    draft = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    assert draft.answered == 3
    assert draft.question("1.1").evidence == LINKS["1.1"]
    assert draft.question("1.1").version == 0
    assert draft.question("1.3").version == 1
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Tidak",
                       expected_version=0)
    statuses = portal.portal_statuses(world.db, world.coordinator, world.cycle)
    assert [(s.body_name, s.state, s.answered, s.total) for s in statuses] == [
        ("Dinas Daring", portal.DRAFT, 3, 4)]


def test_checklist_answered_item_by_item(db: Database, tmp_path: Path, mini: Methodology,
                                         monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    world = World(db, tmp_path, mini)
    q = portal.open_questionnaire(db, world.ppid, world.cycle, world.body).question("1.2")
    assert q.ask == portal.ASK_ITEMS
    assert q.items == (("a", "RKA"), ("b", "DPA"), ("c", "LRA"))
    saved = portal.save_answer(db, world.ppid, world.cycle, world.body, "1.2",
                               {"a": "Ya", "b": "Ya", "c": "Tidak"})
    assert saved.value == frozenset({"a", "b"})
    assert saved.typed == {
        "a": "Ya", "b": "Ya", "c": "Tidak"}
    with pytest.raises(portal.AnswerRefused, match="butir c"):
        portal.save_answer(db, world.ppid, world.cycle, world.body, "1.2", {"c": "Mungkin"})
    scale = portal.open_questionnaire(db, world.ppid, world.cycle, world.body).question("2.1")
    assert scale.ask == portal.ASK_SELECT
    assert scale.options[-1] == "2 – Ditetapkan"
    assert portal.save_answer(db, world.ppid, world.cycle, world.body, "2.1",
                              scale.options[-1]).value == 2
