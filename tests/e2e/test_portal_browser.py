"""The PPID portal in a real browser (the demo monev, Debian's headless Chromium): the demo's
badan publik (Kecamatan Bukit Raya, a draft a third filled) answers a question and leaves,
comes back to its draft, uploads a PDF for a question and sends the questionnaire; its links
are checked; the verifikator sees the file and the link verdict beside the answer; in the
masa sanggah the body reads the verifikator's reason and appeals with a new file.

Screenshots go to out/e2e/ (portal-*.png)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from evidence.files import list_files
from evidence.link_runs import latest_run, link_verdicts, start_run, wait_for
from evidence.links import CheckSettings
from monev import cycles, portal, verification
from monev.accounts import actor_for
from monev.appeals import list_appeals
from monev.demo import PORTAL_BODY
from monev.permissions import SYSTEM
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle
from tests.e2e.test_review_workspace_browser import box, in_hand
from tests.evidence.evidence_samples import pdf_bytes

# The local link server of the evidence tests (it imports evidence_samples by that name).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evidence"))
from link_server import HostMap, running

SHOTS = Path(__file__).resolve().parents[2] / "out" / "e2e"
DEMO_LINK = "https://kec-bukitraya.sukamajukab.example/ppid/data-dukung/{}.pdf"
# The body's new link: a PDF the local link server serves (for any host name).
LINK = "https://kec-bukitraya.sukamajukab.example/dip.pdf"
REASON = "Daftar yang diunggah belum memuat semua butir"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"portal-{name}.png"), full_page=True)


def questionnaire(app: App) -> portal.Questionnaire:
    db = app.database()
    try:
        ppid = actor_for(db, "badanpublik")
        return portal.open_questionnaire(db, ppid, app.demo.cycle_id, ppid.body_id)
    finally:
        db.dispose()


def slug(code: str) -> str:
    return code.replace(".", "_")


def pick_question(page: Any, cycle: int, code: str) -> None:
    """Choose question `code` in the portal's question picker (typed, then clicked)."""
    page.locator(f".st-key-portal_pick_{cycle}").locator('[data-testid="stSelectbox"]').click()
    page.keyboard.type(f"{code} —")
    page.get_by_role("option").filter(has_text=f" {code} — ").first.click()
    settle(page)


def test_a_badan_publik_fills_online_sends_and_appeals(app: App, chromium: Any,
                                                        tmp_path: Path) -> None:
    cycle = app.demo.cycle_id
    start = questionnaire(app)
    assert (start.answered, start.total) == (11, 32)
    first = next(q for q in start.questions if not q.answered)
    assert first.ask == portal.ASK_SELECT

    # 1. Part of the questionnaire: the first unanswered question, with its link.
    body = log_in(chromium, app, "badanpublik", "badanpublik-demo")
    see(body, "Kuesioner Badan Publik")
    see(body, "11 dari 32 pertanyaan terjawab")
    base = f".st-key-portal_{cycle}_{slug(first.code)}_0"
    body.locator(f"{base}_value").locator('[data-testid="stSelectbox"]').click()
    body.get_by_role("option", name=first.options[0], exact=True).click()
    settle(body)
    link = body.locator(f"{base}_link").locator("input")
    link.fill(LINK)
    link.press("Tab")
    settle(body)
    shot(body, "1-mengisi")
    body.get_by_role("button", name="Simpan & lanjut").click()
    see(body, f"Jawaban {first.code} tersimpan", exact=False)
    settle(body)
    saved = questionnaire(app).question(first.code)
    assert (saved.typed, saved.evidence) == (first.options[0], LINK)
    body.context.close()  # the PPID leaves

    # 2. Coming back: the draft as it was left.
    body = log_in(chromium, app, "badanpublik", "badanpublik-demo")
    see(body, "12 dari 32 pertanyaan terjawab")
    pick_question(body, cycle, first.code)
    chosen = body.locator(f".st-key-portal_{cycle}_{slug(first.code)}_1_value")
    assert chosen.get_by_role("combobox").input_value() == first.options[0]

    # 3. A PDF for question 1.1.
    pick_question(body, cycle, "1.1")
    pdf = tmp_path / "SK-Camat.pdf"
    pdf.write_bytes(pdf_bytes(2, "SK Camat tentang PPID"))
    body.locator(f".st-key-portal_upload_{cycle}_1_1_0").locator(
        '[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(pdf))
    settle(body)
    see(body, "SK-Camat.pdf", exact=False)
    body.get_by_role("button", name="Lampirkan berkas").click()
    see(body, "SK-Camat.pdf dilampirkan pada pertanyaan 1.1", exact=False)
    settle(body)
    shot(body, "2-berkas")

    # 4. Sent, saying that what is left unanswered earns nothing.
    see(body, "20 dari 32 pertanyaan belum dijawab", exact=False)
    body.get_by_text("Saya mengerti", exact=False).click()
    settle(body)
    body.get_by_role("button", name="Kirim kuesioner").click()
    see(body, "Kuesioner terkirim (versi 1)", exact=False)
    settle(body)
    see(body, "Kuesioner sudah dikirim", exact=False)
    shot(body, "3-terkirim")
    sent = questionnaire(app)
    assert sent.state == portal.SUBMITTED
    assert sent.submission_version == 1

    # 5. The links of the cycle are checked, against a local server standing in for every
    # host (no internet): the body's new link is a PDF, the demo's links are not there (404).
    db = app.database()
    try:
        with running() as server:
            # In the background, as the koordinator's button does (Playwright runs an event
            # loop in this thread).
            run = start_run(db, SYSTEM, cycle, transport=HostMap(server),
                            settings=CheckSettings(allow_private=True, connect_timeout=2,
                                                   read_timeout=2, total_timeout=10))
            assert wait_for(run.id, timeout=300)
        assert latest_run(db, SYSTEM, cycle).state == "finished"
        verdicts = {v.question_code: v for v in link_verdicts(
            db, actor_for(db, "badanpublik"), cycle)}
        [file] = list_files(db, SYSTEM, cycle, body_id=sent.body_id, purpose="answer")
    finally:
        db.dispose()
    assert verdicts["1.1"].verdict == "not_found"
    assert verdicts[first.code].verdict == "ok"
    assert file.file_name == "SK-Camat.pdf"

    # 6. The verifikator sees the file and the link's verdict beside the answer.
    verifier = log_in(chromium, app, "evaluator", "evaluator-demo")
    see(verifier, "Antrean verifikasi", exact=False)
    verifier.locator('[data-testid="stSelectbox"]').filter(
        has_text="Badan publik yang diverifikasi").first.click()
    verifier.keyboard.type(PORTAL_BODY)
    verifier.get_by_role("option", name=PORTAL_BODY, exact=True).click()
    settle(verifier)
    see(verifier, f"{PORTAL_BODY} · unggahan versi 1", exact=False)
    assert in_hand(verifier, sent.body_id) == "1.1"
    answer = box(verifier, "answer", sent.body_id)
    answer.get_by_text("SK-Camat.pdf", exact=False).first.wait_for(timeout=WAIT)
    text = answer.inner_text()
    assert "2 halaman" in text
    assert "tautan tidak dapat dibuka" in text
    assert DEMO_LINK.format("1-1") in text
    answer.scroll_into_view_if_needed()
    shot(verifier, "4-verifikator")

    # 7. Verified (an answer lowered with a reason), then the masa sanggah.
    db = app.database()
    try:
        reported = sent.question("1.1").value
        verification.verify_answer(db, SYSTEM, cycle, sent.body_id, "1.1",
                                   sorted(reported)[:1], REASON, expected_seq=0)
        cycles.set_lock(db, SYSTEM, cycle, "saq", True)
    finally:
        db.dispose()
    body.reload()
    see(body, "Masa sanggah", exact=False)
    body.get_by_role("tab", name="Sanggah").click()
    see(body, "Hasil verifikasi jawaban")
    see(body, "1 diubah verifikator", exact=False)
    form = body.locator('[data-testid="stForm"]').filter(has_text="Isi sanggah")
    form.locator('[data-testid="stSelectbox"]').filter(
        has_text="Pertanyaan yang disanggah").click()
    body.keyboard.type("1.1 —")
    body.get_by_role("option").filter(has_text="1.1 — ").first.click()
    form.get_by_label("Isi sanggah").fill("Semua butir tersedia; SK terbaru terlampir.")
    new = tmp_path / "SK-baru.pdf"
    new.write_bytes(pdf_bytes(1, "SK Camat perubahan"))
    form.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(new))
    settle(body)
    see(body, "SK-baru.pdf", exact=False)
    form.get_by_role("button", name="Ajukan sanggah").click()
    see(body, "sudah diajukan dengan berkas SK-baru.pdf", exact=False)
    settle(body)
    shot(body, "5-sanggah")
    db = app.database()
    try:
        ppid = actor_for(db, "badanpublik")
        [appeal] = list_appeals(db, ppid, cycle)
        [evidence] = list_files(db, SYSTEM, cycle, body_id=sent.body_id, purpose="appeal")
    finally:
        db.dispose()
    assert (appeal.question_code, appeal.status, appeal.filed_by) == (
        "1.1", "open", "Dewi Lestari (PPID Kecamatan Bukit Raya)")
    assert (evidence.appeal_id, evidence.file_name) == (
        appeal.id, "SK-baru.pdf")
