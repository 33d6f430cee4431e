"""Evidence files in a real browser (the demo monev, Debian's Chromium): the koordinator
PPID uploads a PDF for one question of a badan publik in scope — and a text file renamed
.pdf, refused with its reason —; the verifikator sees the file beside that question's link
with its size, pages, time and uploader, and downloads the very same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_samples import pdf_bytes

from evidence.files import list_files
from monev.accounts import actor_for
from monev.bodies import list_bodies
from monev.permissions import SYSTEM
from monev.review import verification_queue
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle
from tests.e2e.test_review_workspace_browser import box, in_hand

SHOTS = Path(__file__).resolve().parents[2] / "out" / "e2e"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bukti-{name}.png"), full_page=True)


def pick(page: Any, key: str, option: str) -> None:
    """Choose `option` in the select box with widget key `key` (typed, then clicked)."""
    page.locator(f".st-key-{key}").locator('[data-testid="stSelectbox"]').click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    settle(page)


def target(app: App) -> tuple[int, int, str]:
    """(cycle, body id, body name): a badan publik in the demo koordinator's scope that
    the verifikator's queue holds."""
    db = app.database()
    try:
        cycle = app.demo.cycle_id
        mine = {b.id for b in list_bodies(db, actor_for(db, "koordinator"), cycle)}
        body = next(q for q in verification_queue(db, SYSTEM, cycle) if q.body_id in mine)
        return cycle, body.body_id, body.name
    finally:
        db.dispose()


def open_workspace(page: Any, name: str) -> None:
    see(page, "Antrean verifikasi", exact=False)
    page.locator('[data-testid="stSelectbox"]').filter(
        has_text="Badan publik yang diverifikasi").first.click()
    page.keyboard.type(name)
    page.get_by_role("option", name=name, exact=True).click()
    settle(page)
    see(page, f"{name} · unggahan versi", exact=False)


def test_upload_then_download_the_same_bytes(app: App, chromium: Any, tmp_path: Path):
    cycle, body, name = target(app)
    verifier = log_in(chromium, app, "evaluator", "evaluator-demo")
    open_workspace(verifier, name)
    code = in_hand(verifier, body)  # the question the workspace opens on

    coordinator = log_in(chromium, app, "koordinator", "koordinator-demo")
    coordinator.get_by_role("tab", name="Badan publik").click()
    see(coordinator, "Data dukung (berkas)")
    assert coordinator.get_by_text("paling besar 2 MB per berkas", exact=False).count()
    pick(coordinator, "ev_attach_body", name)
    pick(coordinator, "ev_attach_question", f"{code} — ")
    uploader = coordinator.locator(".st-key-ev_attach_file").locator(
        '[data-testid="stFileUploaderDropzoneInput"]')
    renamed = tmp_path / "DIP.pdf"
    renamed.write_text("Daftar informasi publik\n" * 20, encoding="utf-8")
    uploader.set_input_files(str(renamed))
    see(coordinator, "DIP.pdf")
    coordinator.get_by_role("button", name="Unggah data dukung").click()
    refusal = see(coordinator, "[E601]", exact=False)
    assert "bukan PDF atau gambar PNG/JPEG menurut isinya" in refusal.inner_text()
    good = tmp_path / "SK PPID 2025.pdf"
    good.write_bytes(pdf_bytes(3, "SK PPID"))
    uploader.set_input_files(str(good))
    see(coordinator, "SK PPID 2025.pdf")
    coordinator.get_by_role("button", name="Unggah data dukung").click()
    see(coordinator, f"SK PPID 2025.pdf dilampirkan pada pertanyaan {code}", exact=False)
    settle(coordinator)
    coordinator.locator(".st-key-ev_attach_body").scroll_into_view_if_needed()
    shot(coordinator, "01-koordinator-unggah")
    db = app.database()
    try:
        [stored] = list_files(db, SYSTEM, cycle, body_id=body)
    finally:
        db.dispose()
    assert (stored.question_code, stored.pages) == (code, 3)

    verifier.reload()
    open_workspace(verifier, name)
    assert in_hand(verifier, body) == code
    answer = box(verifier, "answer", body)
    line = answer.locator("p").filter(has_text="SK PPID 2025.pdf").first
    line.wait_for(timeout=WAIT)
    text = line.inner_text()
    assert "2,3 kB · 3 halaman · diunggah" in text
    assert "WIB oleh" in text
    answer.screenshot(path=str(SHOTS / "bukti-02-verifikator-berkas.png"))
    with verifier.expect_download(timeout=WAIT) as download:
        answer.get_by_role("button", name="Unduh").click()
    saved = tmp_path / "unduhan.pdf"
    download.value.save_as(str(saved))
    assert download.value.suggested_filename == "SK PPID 2025.pdf"
    assert saved.read_bytes() == good.read_bytes()
