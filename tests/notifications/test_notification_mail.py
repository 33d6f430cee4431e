"""Notifications of a cycle's events, by e-mail through a real SMTP server (STARTTLS,
login) and in the app, on SQLite and PostgreSQL: each event sends the expected mail to the
expected address with the expected link; a server that refuses then accepts gets the mail
once after a retry; a refused address is shown as failed with the server's answer and can
be resent; without MONEV_SMTP_URL nothing crashes and the notifications stay in the app."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from mail_server import PUBLIC_URL, SENDER, MailServer
from sqlalchemy import select, update

from monev import accounts, appeals, bodies, cycles, imports, portal, verification
from monev.cli import main as cli
from monev.clock import today
from monev.outcomes import publication
from monev.permissions import SYSTEM
from notifications import inbox, outbox, reminders, sender, templates
from questionnaires.loader import Registry, load_methodology
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import BadanPublik, OutboxMail, utcnow
from tests.conftest import FIXTURES

PASSWORD = "Notifikasi-PPID-2026!x"
ANGKA = load_methodology(FIXTURES / "angka-uraian.yaml")
TYPED = {"1.1": "Ya", "1.2": "85,5", "1.3": "7", "2.1": "Layanan daring lewat laman PPID."}
BODY_MAIL = "ppid@daring.example.go.id"
OTHER_MAIL = "ppid@buku.example.go.id"
KOOR_MAIL = "koordinator@ki.example.go.id"


class World:
    """A running cycle with two OPDs (each with its registered address), a koordinator of
    both (with an address), the PPID account of the first."""

    def __init__(self, db: Database, folder: Path) -> None:
        self.db, self.folder = db, folder
        self.cycle = cycles.create_cycle(db, SYSTEM, methodology_id=ANGKA.id, ki="KI Surel",
                                         year=2026, registry=Registry([ANGKA])).id
        self.body = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Daring",
                                         category="opd", status="registered").id
        self.other = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Buku",
                                          category="opd", status="registered").id
        with db.transaction() as session:
            session.execute(update(BadanPublik).where(BadanPublik.id == self.body)
                            .values(email=BODY_MAIL))
            session.execute(update(BadanPublik).where(BadanPublik.id == self.other)
                            .values(email=OTHER_MAIL))
        accounts.add_user(db, SYSTEM, username="koor", password=PASSWORD, role="koordinator",
                          scope=[self.body, self.other])
        self.koor = accounts.actor_for(db, "koor")
        inbox.set_own_email(db, self.koor, KOOR_MAIL)
        accounts.add_body_account(db, self.koor, body_id=self.body, username="ppid",
                                  password=PASSWORD)
        self.ppid = accounts.actor_for(db, "ppid")

    def submit_online(self) -> None:
        for code, typed in TYPED.items():
            q = portal.open_questionnaire(self.db, self.ppid, self.cycle, self.body)
            portal.save_answer(self.db, self.ppid, self.cycle, self.body, code, typed,
                               expected_version=q.question(code).version)
        portal.submit(self.db, self.ppid, self.cycle, self.body)

    def workbook(self, name: str = "Dinas Daring") -> Path:
        path = self.folder / f"{name.lower().replace(' ', '-')}.xlsx"
        write_filled(ANGKA, "opd", path, badan_publik=name, answers=TYPED)
        return path

    def outbox(self) -> list[OutboxMail]:
        with self.db.read() as session:
            return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_workbook_upload_sends_a_receipt_to_the_body(world: World, mail: MailServer):
    path = world.workbook()
    assert imports.import_paths(world.db, world.koor, world.cycle, [path]).ok
    report = sender.send_due(world.db)
    assert (report.configured, report.sent, report.failed) == (True, 1, 0)
    [receipt] = mail.recorder.to(BODY_MAIL)
    assert receipt["From"] == SENDER
    assert receipt["Subject"] == "Tanda terima kuesioner Dinas Daring (versi 1)"
    body = _text(receipt)
    assert "dinas-daring.xlsx" in body
    assert hashlib.sha256(path.read_bytes()).hexdigest() in body
    assert "4 dari 4 pertanyaan dijawab." in body  # all answered: no W409
    # When, in WIB, named once (was '15.47 WIB WIB').
    assert re.search(r"Diterima +: \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB \(oleh ", body), body
    assert f"{PUBLIC_URL}/portal" in body
    # The koordinator uploaded it and saw the report on screen: no receipt for them.
    assert mail.recorder.to(KOOR_MAIL) == []
    # The PPID's bell.
    assert inbox.unread_count(world.db, world.ppid) == 1
    [note] = inbox.list_notifications(world.db, world.ppid)
    assert note.subject == receipt["Subject"]
    assert note.link == f"{PUBLIC_URL}/portal"
    assert inbox.mark_read(world.db, world.ppid) == 1
    assert inbox.unread_count(world.db, world.ppid) == 0
    [row] = world.outbox()
    assert (row.state, row.attempts, row.server_reply) == ("sent", 1, "diterima server")


def test_an_online_submission_tells_the_body_and_its_koordinator(world: World,
                                                                mail: MailServer):
    world.submit_online()
    sender.send_due(world.db)
    assert len(mail.recorder.to(BODY_MAIL)) == 1
    [koor] = mail.recorder.to(KOOR_MAIL)
    assert f"{PUBLIC_URL}/coordinator" in _text(koor)
    assert "kuesioner-daring" in _text(koor) or "Berkas" in _text(koor)
    assert inbox.unread_count(world.db, world.koor) == 1
    assert inbox.unread_count(world.db, world.ppid) == 0  # the PPID sent it


def test_deadline_reminders_go_once_per_threshold(world: World, mail: MailServer):
    world.submit_online()  # Dinas Daring sent; Dinas Buku has not
    sender.send_due(world.db)
    mail.messages.clear()
    cycles.set_deadline(world.db, SYSTEM, world.cycle, "saq", today() + timedelta(days=3))
    assert reminders.due_reminders(world.db) == 2  # Dinas Buku, and the koordinator digest
    assert reminders.due_reminders(world.db) == 0  # idempotent
    sender.send_due(world.db)
    [body] = mail.recorder.to(OTHER_MAIL)
    assert "3 hari lagi" in body["Subject"]
    assert f"{PUBLIC_URL}/portal" in _text(body)
    [digest] = mail.recorder.to(KOOR_MAIL)
    assert "1 badan publik belum mengirim" in digest["Subject"]
    assert "- Dinas Buku" in _text(digest)
    assert "Dinas Daring" not in _text(digest)
    assert mail.recorder.to(BODY_MAIL) == []  # it sent its questionnaire
    # The next threshold (1 day) is a new reminder; the same day again is not.
    later = today() + timedelta(days=2)
    assert reminders.due_reminders(world.db, on=later) == 2
    assert reminders.due_reminders(world.db, on=later) == 0


def test_masa_sanggah_says_what_changed_and_why(world: World, mail: MailServer):
    world.submit_online()
    verification.verify_answer(world.db, SYSTEM, world.cycle, world.body, "1.1", "Tidak",
                               "Tautan DIP tidak dapat dibuka", expected_seq=0)
    cycles.set_lock(world.db, SYSTEM, world.cycle, "saq", True)
    sender.send_due(world.db)
    [opened] = [m for m in mail.recorder.to(BODY_MAIL) if "masa sanggah" in m["Subject"]]
    text = _text(opened)
    assert "Jawaban mandiri: Ya → hasil verifikasi: Tidak" in text
    assert "Alasan: Tautan DIP tidak dapat dibuka" in text
    assert f"{PUBLIC_URL}/portal" in text
    # The PPID files an appeal; the evaluator's decision is told to the body.
    filed = portal.file_appeal(world.db, world.ppid, world.cycle, world.body,
                               "DIP ada di laman", question_code="1.1").appeal
    appeals.decide_appeal(world.db, SYSTEM, filed.id, True, "DIP terbukti ada",
                          new_value="Ya", expected_version=filed.version)
    sender.send_due(world.db)
    [decided] = [m for m in mail.recorder.to(BODY_MAIL) if "Sanggah #" in m["Subject"]]
    assert decided["Subject"] == f"Sanggah #{filed.id} Dinas Daring: Diterima"
    assert "Alasan: DIP terbukti ada" in _text(decided)
    assert "Nilai jawaban kini: Ya" in _text(decided)


def test_published_results_carry_the_report_card(world: World, mail: MailServer):
    world.submit_online()
    cycles.set_lock(world.db, SYSTEM, world.cycle, "saq", True)
    publication.publish(world.db, SYSTEM, world.cycle)
    sender.send_due(world.db)
    [published] = [m for m in mail.recorder.to(BODY_MAIL) if "Nilai akhir" in _text(m)]
    assert "Nilai akhir :" in _text(published)
    [card] = list(published.iter_attachments())
    assert card.get_content_type() == "application/pdf"
    assert card.get_content()[:5] == b"%PDF-"
    assert card.get_filename().startswith("rapor-")


def test_a_server_that_refuses_then_accepts_delivers_once(world: World, mail: MailServer):
    mail.recorder.refuse = 1
    assert imports.import_paths(world.db, world.koor, world.cycle, [world.workbook()]).ok
    first = sender.send_due(world.db)
    assert (first.sent, first.retrying) == (0, 1)
    [row] = world.outbox()
    assert (row.state, row.attempts) == ("waiting", 1)
    assert "451" in row.server_reply
    assert mail.messages == []
    second = sender.send_due(world.db, now=utcnow() + timedelta(seconds=1))
    assert second.sent == 1
    assert len(mail.messages) == 1
    assert sender.send_due(world.db, now=utcnow() + timedelta(minutes=1)).sent == 0
    assert len(mail.messages) == 1
    [row] = world.outbox()
    assert (row.state, row.attempts) == ("sent", 2)


def test_a_refused_address_is_failed_with_the_answer_and_can_be_resent(world: World,
                                                                      mail: MailServer):
    mail.recorder.reject = {BODY_MAIL}
    assert imports.import_paths(world.db, world.koor, world.cycle, [world.workbook()]).ok
    assert sender.send_due(world.db).failed == 1
    [item] = outbox.list_outbox(world.db, SYSTEM)
    assert (item.state, item.state_label) == ("failed", "Gagal")
    assert "550" in item.server_reply
    assert "Kotak surat tidak ada" in item.server_reply
    mail.recorder.reject = set()
    copy = outbox.resend(world.db, SYSTEM, item.id).copy
    assert sender.send_due(world.db).sent == 1
    assert [i.state for i in outbox.list_outbox(world.db, SYSTEM)] == ["sent", "failed"]
    assert copy != item.id
    assert len(mail.recorder.to(BODY_MAIL)) == 1


def test_without_smtp_the_notifications_stay_in_the_app(world: World, no_mail: None,
                                                       capsys: pytest.CaptureFixture[str]):
    assert imports.import_paths(world.db, world.koor, world.cycle, [world.workbook()]).ok
    report = sender.send_due(world.db)
    assert not report.configured
    assert "MONEV_SMTP_URL" in report.problem
    assert inbox.unread_count(world.db, world.ppid) == 1
    assert [r.state for r in world.outbox()] == ["waiting"]
    assert not outbox.mail_status().configured
    out, err = io.StringIO(), io.StringIO()
    assert cli(["--database", world.db.url, "outbox", "send"], out, err) == 0
    assert "belum diatur" in out.getvalue()
    out = io.StringIO()
    assert cli(["--database", world.db.url, "outbox", "list", "--format", "json"], out,
               err) == 0
    [listed] = json.loads(out.getvalue())
    assert {k: listed[k] for k in ("to", "event", "state", "attempts")} == {
        "to": BODY_MAIL, "event": "submission", "state": "waiting", "attempts": 0}
    assert listed["subject"].startswith("Tanda terima")
    out = io.StringIO()
    assert cli(["--database", world.db.url, "outbox", "list"], out, err) == 0
    assert "Menunggu" in out.getvalue()
    assert BODY_MAIL in out.getvalue()


def test_the_cli_sends_the_outbox(world: World, mail: MailServer):
    assert imports.import_paths(world.db, world.koor, world.cycle, [world.workbook()]).ok
    out, err = io.StringIO(), io.StringIO()
    assert cli(["--database", world.db.url, "outbox", "send"], out, err) == 0, err.getvalue()
    assert "Terkirim: 1" in out.getvalue()
    assert len(mail.messages) == 1


def test_an_edited_template_is_used_and_a_broken_one_refused(world: World, mail: MailServer):
    with pytest.raises(Exception, match="baris 1"):
        templates.preview(world.db, SYSTEM, "submission", "Tanda {{ ", "isi")
    with pytest.raises(Exception, match="nama_tidak_ada"):
        templates.preview(world.db, SYSTEM, "submission", "{{ nama_tidak_ada }}", "isi")
    shown = templates.preview(world.db, SYSTEM, "submission",
                              "Diterima: {{ badan_publik }}", "Berkas {{ nama_berkas }}")
    assert shown.subject == "Diterima: Dinas Komunikasi dan Informatika"
    templates.save_template(world.db, SYSTEM, "submission", "Diterima: {{ badan_publik }}",
                            "Berkas {{ nama_berkas }} ({{ sha256[:12] }})", expected_seq=0,
                            reason="lebih ringkas")
    assert imports.import_paths(world.db, world.koor, world.cycle, [world.workbook()]).ok
    sender.send_due(world.db)
    [receipt] = mail.recorder.to(BODY_MAIL)
    assert receipt["Subject"] == "Diterima: Dinas Daring"
    assert _text(receipt).startswith("Berkas dinas-daring.xlsx (")
    [saved] = templates.history(world.db, SYSTEM, "submission")
    assert (saved.seq, saved.reason) == (1, "lebih ringkas")
