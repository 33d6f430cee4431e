"""The PPID portal page through AppTest on a copy of the demo database: the demo's badan
publik account (Kecamatan Bukit Raya, a draft a third filled) answers questions one by one,
a number with a decimal comma and a refused value with the workbook's message, comes back to
its draft, sends it; in the masa sanggah it reads its verified answers with the reasons and
appeals; the koordinator page lists online questionnaires, reopens one with a reason and
makes a PPID account. Other roles do not reach the page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from monev import cycles, portal, verification
from monev.accounts import actor_for, authenticate, body_accounts
from monev.appeals import list_appeals
from monev.bodies import list_bodies
from monev.demo import BODIES, PORTAL_BODY, SCOPE
from monev.outcomes import publication
from monev.permissions import SYSTEM
from tests.ui.demo_db import Demo, open_page

PAGE = "ui/pages/portal.py"
COORDINATOR = "ui/pages/coordinator.py"


def texts(at: AppTest) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption),
                      *(h.value for h in at.subheader), *(h.value for h in at.title),
                      *(e.value for e in at.success), *(e.value for e in at.error),
                      *(e.value for e in at.info), *(e.value for e in at.warning)])


def base(demo: Demo, code: str) -> str:
    question = demo.questionnaire().question(code)
    return f"portal_{demo.cycle}_{code.replace('.', '_')}_{question.version}"


def pick(at: AppTest, demo: Demo, code: str) -> AppTest:
    at.selectbox(key=f"portal_pick_{demo.cycle}").set_value(code).run()
    assert not at.exception, at.exception
    return at


def first_of(demo: Demo, ask: str, *, answered: bool = False) -> portal.PortalQuestion:
    return next(q for q in demo.questionnaire().questions
                if q.ask == ask and q.answered == answered)


def test_the_badan_publik_fills_leaves_comes_back_and_sends(demo: Demo):
    at = open_page(demo.ppid, PAGE)
    shown = texts(at)
    assert PORTAL_BODY in shown
    assert "Pengisian kuesioner" in shown
    assert "Draf" in shown
    assert at.get("progress")[0].proto.text == "11 dari 32 pertanyaan terjawab"
    # The page opens on the first question not yet answered.
    first = next(q for q in demo.questionnaire().questions if not q.answered)
    assert at.selectbox(key=f"portal_pick_{demo.cycle}").value == first.code

    # A yes/no (or scale) question picked from the template's list, with its link.
    chosen = first_of(demo, portal.ASK_SELECT)
    pick(at, demo, chosen.code)
    key = base(demo, chosen.code)
    at.selectbox(key=f"{key}_value").set_value(chosen.options[0])
    at.text_input(key=f"{key}_link").input("https://kec-bukitraya.sukamajukab.example/dip.pdf")
    at.button(key=f"{key}_save_next").click().run()
    assert not at.exception, at.exception
    assert f"Jawaban {chosen.code} tersimpan" in texts(at)
    saved = demo.questionnaire().question(chosen.code)
    assert saved.typed == chosen.options[0]
    assert saved.evidence == "https://kec-bukitraya.sukamajukab.example/dip.pdf"
    assert at.selectbox(key=f"portal_pick_{demo.cycle}").value != chosen.code  # moved on

    # A checklist item by item.
    items = first_of(demo, portal.ASK_ITEMS)
    pick(at, demo, items.code)
    key = base(demo, items.code)
    for code, _ in items.items:
        at.radio(key=f"{key}_item_{code}").set_value("Ya")
    at.button(key=f"{key}_save").click().run()
    assert demo.questionnaire().question(items.code).value == frozenset(
        c for c, _ in items.items)

    # Leaving and coming back (a new browser session): the draft is as left.
    again = open_page(demo.ppid, PAGE)
    assert again.get("progress")[0].proto.text == "13 dari 32 pertanyaan terjawab"
    pick(again, demo, chosen.code)
    assert again.selectbox(key=f"{base(demo, chosen.code)}_value").value == chosen.options[0]

    # Sending with questions left: the page asks to confirm that they earn 0.
    assert "19 dari 32 pertanyaan belum dijawab" in texts(again)
    go = again.button(key=f"portal_submit_{demo.cycle}")
    assert go.disabled
    again.checkbox(key=f"portal_confirm_{demo.cycle}_{demo.questionnaire().version}").check()
    again.run()
    again.button(key=f"portal_submit_{demo.cycle}").click().run()
    assert not again.exception, again.exception
    assert "Kuesioner terkirim (versi 1)" in texts(again)
    assert demo.questionnaire().state == portal.SUBMITTED
    assert "Kuesioner sudah dikirim" in texts(again)
    # Locked: no save buttons, the widgets disabled.
    assert not [b for b in again.button if b.key and b.key.endswith("_save")]


def test_a_value_the_question_does_not_accept_is_refused_with_the_workbooks_message(
        demo: Demo):
    at = open_page(demo.ppid, PAGE)
    chosen = first_of(demo, portal.ASK_SELECT)
    pick(at, demo, chosen.code)
    key = base(demo, chosen.code)
    at.selectbox(key=f"{key}_value").set_value(chosen.options[0])
    at.text_input(key=f"{key}_link").input("lihat lampiran")
    at.button(key=f"{key}_save").click().run()
    errors = [e.value for e in at.error]
    assert any("bukan tautan (http/https)" in e for e in errors), errors
    assert not demo.questionnaire().question(chosen.code).answered


def test_masa_sanggah_verified_answers_and_an_appeal(demo: Demo):
    # Sent (as the PPID, through the use cases), verified, the SAQ stage locked.
    q = demo.questionnaire()
    answered = [x for x in q.questions if x.answered]
    portal.submit(demo.db, demo.ppid, demo.cycle, demo.body, allow_incomplete=True)
    lowered = next(x for x in answered if x.ask == portal.ASK_SELECT)
    verification.verify_answer(demo.db, SYSTEM, demo.cycle, demo.body, lowered.code,
                               "Tidak", "Dokumen pada tautan belum ditetapkan",
                               expected_seq=0)
    at = open_page(demo.ppid, PAGE)
    assert "setelah verifikasi selesai" in texts(at)  # not yet: no verified values shown
    cycles.set_lock(demo.db, SYSTEM, demo.cycle, "saq", True)
    at = open_page(demo.ppid, PAGE)
    assert "Masa sanggah" in texts(at)
    frame = next(df.value for df in at.dataframe if "Alasan verifikator" in df.value.columns)
    row = frame[frame["Kode"] == lowered.code].iloc[0]
    assert (row["Jawaban Anda"], row["Hasil verifikasi"], row["Alasan verifikator"]) == (
        "Ya", "Tidak", "Dokumen pada tautan belum ditetapkan")
    form = next(s for s in at.selectbox if s.label == "Pertanyaan yang disanggah")
    form.set_value(lowered.code)
    [claim] = [a for a in at.text_area if a.label == "Isi sanggah"]
    claim.input("Dokumen sudah ditetapkan; SK bernomor terlampir pada tautan baru.")
    [link] = [x for x in at.text_input if x.label == "Tautan bukti baru (opsional)"]
    link.input("https://kec-bukitraya.sukamajukab.example/sk.pdf")
    [go] = [b for b in at.button if b.label == "Ajukan sanggah"]
    go.click().run()
    assert not at.exception, at.exception
    [appeal] = list_appeals(demo.db, demo.ppid, demo.cycle)
    assert (appeal.question_code, appeal.filed_by) == (lowered.code, demo.ppid.name)
    assert f"Sanggah #{appeal.id} sudah diajukan" in texts(at)


def test_only_the_badan_publik_reaches_the_page(demo: Demo):
    at = open_page("koordinator", PAGE)
    assert "Halaman ini tidak tersedia untuk peran Koordinator PPID" in texts(at)
    at = open_page(demo.ppid, COORDINATOR)
    assert "Halaman ini tidak tersedia untuk peran Badan publik (PPID)" in texts(at)


def test_the_koordinator_reopens_and_makes_accounts(demo: Demo):
    coordinator = actor_for(demo.db, "koordinator")
    scoped = next(b for b in BODIES if b.name == SCOPE[0])
    body_id = next(b.id for b in list_bodies(demo.db, coordinator, demo.cycle)
                   if b.name == scoped.name)
    # An account for the PPID of a body in scope.
    at = open_page(coordinator, COORDINATOR)
    assert "Akun PPID badan publik" in texts(at)
    at.selectbox(key="portal_account_body").set_value(body_id)
    [username] = [x for x in at.text_input if x.label == "Nama pengguna"]
    username.input("ppid.kominfo")
    [password] = [x for x in at.text_input if x.label == "Kata sandi awal"]
    password.input("Sandi-Awal-Kominfo-2025")
    [repeat] = [x for x in at.text_input if x.label == "Ulangi kata sandi"]
    repeat.input("Sandi-Awal-Kominfo-2025")
    [go] = [b for b in at.button if b.label == "Buat akun"]
    go.click().run()
    assert not at.exception, at.exception
    assert "Akun ppid.kominfo untuk PPID" in texts(at).replace("*", "")
    accounts = {a.username: a for a in body_accounts(demo.db, coordinator)}
    assert accounts["ppid.kominfo"].scope == (scoped.name,)
    assert authenticate(demo.db, "ppid.kominfo", "Sandi-Awal-Kominfo-2025") is not None

    # The new PPID fills and sends; the koordinator reopens it with a reason.
    ppid = actor_for(demo.db, "ppid.kominfo")
    portal.save_answer(demo.db, ppid, demo.cycle, body_id, "1.8", "Ya")
    portal.submit(demo.db, ppid, demo.cycle, body_id, allow_incomplete=True)
    at = open_page(coordinator, COORDINATOR)
    frame = next(df.value for df in at.dataframe if "Alasan dibuka kembali" in df.value.columns)
    assert frame.iloc[0]["Status"] == "Terkirim"
    [reason] = [a for a in at.text_area if a.label == "Alasan (ditampilkan kepada badan publik)"]
    reason.input("Tautan 1.8 tidak dapat dibuka")
    [go] = [b for b in at.button if b.label == "Buka kembali"]
    go.click().run()
    assert not at.exception, at.exception
    state = portal.open_questionnaire(demo.db, ppid, demo.cycle, body_id)
    assert state.state == portal.DRAFT
    assert state.reopen_reason == "Tautan 1.8 tidak dapat dibuka"
    at = open_page(ppid, PAGE)
    assert "Tautan 1.8 tidak dapat dibuka" in texts(at)


def test_the_report_card_after_publication(demo: Demo):
    at = open_page(demo.ppid, PAGE)
    assert "Rapor badan publik dapat diunduh setelah hasil siklus ini ditetapkan" in texts(at)
    assert not at.get("download_button")
    portal.submit(demo.db, demo.ppid, demo.cycle, demo.body, allow_incomplete=True)
    publication.publish(demo.db, SYSTEM, demo.cycle)
    at = open_page(demo.ppid, PAGE)
    assert "Hasil siklus ini sudah ditetapkan" in texts(at)
    [card] = at.get("download_button")
    assert card.proto.label == "Unduh rapor (PDF)"
