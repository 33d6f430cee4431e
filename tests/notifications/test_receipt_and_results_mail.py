"""Notifications as a fresh user read them (issue 15's trial), through the real SMTP
server and in the app: the results e-mail of a body without a final score says why no
report card is attached (it said 'terlampir' and had none) and writes one dash; receipts
carry the import's warnings and the questions left unanswered; in-app copies have no
e-mail footer; the koordinator's copy of a receipt is not addressed to the PPID."""

from __future__ import annotations

from mail_server import MailServer
from test_notification_mail import ANGKA, BODY_MAIL, KOOR_MAIL, OTHER_MAIL, World, _text

from monev import cycles, imports, portal
from monev.outcomes import publication
from monev.permissions import SYSTEM
from notifications import inbox, sender
from questionnaires.template import write_filled


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


def test_an_upload_receipt_counts_the_unanswered_and_carries_w409(world: World,
                                                                  mail: MailServer):
    path = world.folder / "sebagian.xlsx"
    write_filled(ANGKA, "opd", path, badan_publik="Dinas Daring",
                 answers={"1.1": "Ya", "1.2": "85,5"})
    assert imports.import_paths(world.db, world.koor, world.cycle, [path]).ok
    sender.send_due(world.db)
    [receipt] = mail.recorder.to(BODY_MAIL)
    body = _text(receipt)
    asked = len(ANGKA.questions_for("opd"))
    assert f"diterima, 2 dari {asked} pertanyaan dijawab; {asked - 2} belum dijawab" in body
    assert "[W409]" in body
    assert "Tidak ada peringatan" not in body


def test_a_portal_receipt_counts_the_unanswered_and_addresses_the_koordinator(
        world: World, mail: MailServer):
    q = portal.open_questionnaire(world.db, world.ppid, world.cycle, world.body)
    portal.save_answer(world.db, world.ppid, world.cycle, world.body, "1.1", "Ya",
                       expected_version=q.question("1.1").version)
    portal.submit(world.db, world.ppid, world.cycle, world.body, allow_incomplete=True)
    sender.send_due(world.db)
    asked = len(ANGKA.questions_for("opd"))
    [receipt] = mail.recorder.to(BODY_MAIL)
    body = _text(receipt)
    assert f"1 dari {asked} pertanyaan dijawab; {asked - 1} belum dijawab" in body
    assert "[W409]" in body
    assert "Tidak ada peringatan" not in body
    assert body.startswith("Yth. PPID Dinas Daring,")
    # The koordinator's copy is addressed to them, not to the PPID.
    [koor] = mail.recorder.to(KOOR_MAIL)
    assert _text(koor).startswith("Yth. Koordinator PPID,")
    # In the app: the same text without the e-mail's footer.
    [note] = inbox.list_notifications(world.db, world.koor)
    assert note.body.startswith("Yth. Koordinator PPID,")
    assert "[W409]" in note.body
    assert "Jangan membalas" not in note.body
    assert "Jangan membalas" in _text(koor)
