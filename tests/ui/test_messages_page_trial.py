"""The Pesan page as a fresh user met it (issue 15's trial): a file over the evidence
limit refuses the message, naming the file and the limit, and keeps what was typed; a
refused message (a broken PDF) keeps the text; a sent message says what it carried;
reading a thread reads its notices in the bell; the thread selector counts what is shown.
AppTest on a copy of the demo database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from notifications import inbox, messages
from tests.evidence.evidence_samples import pdf_bytes, scanned_pdf
from tests.ui.demo_db import ROOT, Demo, bell_label, open_page, sign_in

MESSAGES = "ui/pages/messages.py"


def send(at: AppTest, text: str, files: list[tuple[str, bytes, str]]) -> None:
    [area] = at.text_area
    area.input(text)
    [uploader] = at.file_uploader
    uploader.set_value(files)
    [button] = [b for b in at.button if b.label == "Kirim pesan"]
    button.click().run()
    assert not at.exception, at.exception


def stored(demo: Demo) -> list[str]:
    return [m.body for m in messages.thread(demo.db, demo.admin, demo.cycle,
                                             demo.ppid.body_id, mark_read=False)]


def test_a_file_over_the_limit_refuses_the_message_and_keeps_the_text(demo: Demo):
    at = open_page("badanpublik", MESSAGES)
    # The browser gets no cap of its own below the server's: a file over the cycle's
    # 2 MB reaches the app, which refuses it by name (it dropped it silently).
    [uploader] = at.file_uploader
    assert uploader.proto.max_upload_size_mb == 0 or uploader.proto.max_upload_size_mb > 2
    assert "paling banyak 2 MB per berkas" in uploader.proto.label
    before = stored(demo)
    send(at, "SK PPID terlampir.", [("sk-besar.pdf", scanned_pdf(2_300_000),
                                     "application/pdf")])
    errors = " ".join(e.value for e in at.error)
    assert "sk-besar.pdf" in errors, errors
    assert "2 MB" in errors, errors
    assert not at.success
    assert any("Pesan belum dikirim" in w.value for w in at.warning)
    assert stored(demo) == before
    [area] = at.text_area
    assert area.value == "SK PPID terlampir."
    # Fixed (a smaller file), sent again: the form says what went, and empties.
    [uploader] = at.file_uploader
    uploader.set_value([("sk.pdf", pdf_bytes(), "application/pdf")])
    [button] = [b for b in at.button if b.label == "Kirim pesan"]
    button.click().run()
    assert not at.exception, at.exception
    assert any("1 lampiran: sk.pdf" in s.value for s in at.success)
    assert stored(demo)[-1] == "SK PPID terlampir."
    [area] = at.text_area
    assert area.value == ""


def test_a_broken_pdf_keeps_the_typed_text(demo: Demo):
    at = open_page("badanpublik", MESSAGES)
    send(at, "Mohon dicek lampirannya.", [("rusak.pdf", pdf_bytes()[:200],
                                           "application/pdf")])
    assert any("E604" in e.value and "rusak.pdf" in e.value for e in at.error)
    [area] = at.text_area
    assert area.value == "Mohon dicek lampirannya."
    assert "Mohon dicek lampirannya." not in stored(demo)


def test_reading_a_thread_reads_its_notices_and_the_selector_counts_what_is_shown(
        demo: Demo):
    for text in ("Pertama.", "Kedua.", "Ketiga."):
        messages.post(demo.db, demo.admin, demo.cycle, demo.ppid.body_id, text)
    assert inbox.unread_count(demo.db, demo.ppid) >= 3
    at = open_page("badanpublik", MESSAGES)
    shown = [x.value for x in at.text if x.value in ("Pertama.", "Kedua.", "Ketiga.")]
    assert len(shown) == 3
    # Still marked new on the page, though read (the bell and sidebar count 0 already).
    assert sum("belum dibaca" in m.value for m in at.markdown) == 3
    assert bell_label(at) == "Notifikasi"
    [picker] = [s for s in at.selectbox if s.label == "Badan publik"]
    count = len(stored(demo))
    assert f"({count} pesan, 0 belum dibaca)" in picker.format_func(picker.value)
    assert inbox.unread_count(demo.db, demo.ppid) == 0
    # A reply: the selector counts it in the same run that shows it.
    send(at, "Terima kasih.", [])
    [picker] = [s for s in at.selectbox if s.label == "Badan publik"]
    assert f"({count + 1} pesan" in picker.format_func(picker.value)


def sidebar_messages(at: AppTest) -> list[str]:
    return [p.proto.label for p in at.get("page_link") if p.proto.label.startswith("Pesan")]


def test_the_sidebar_counts_unread_messages_until_the_thread_is_read(demo: Demo):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "badanpublik")
    at.run()
    assert sidebar_messages(at) == []
    messages.post(demo.db, demo.admin, demo.cycle, demo.ppid.body_id, "Satu.")
    messages.post(demo.db, demo.admin, demo.cycle, demo.ppid.body_id, "Dua.")
    at.run()
    assert sidebar_messages(at) == ["Pesan (2 belum dibaca)"]
    at.switch_page("ui/pages/messages.py").run()
    assert not at.exception, at.exception
    assert sidebar_messages(at) == []
