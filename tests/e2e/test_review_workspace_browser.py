"""A verifikator reviews one badan publik question by question in a real browser, using only
the review workspace (the demo monev, Kabupaten Sukamaju 2025, Debian's Chromium):

- every question is read in hand in turn — its code and text, *definisi operasional*, the
  self-reported answer and the evidence link whole, opening in a new tab — moving on with
  "Berikutnya", never scrolling back to a table;
- the unchecked ones are confirmed; two answers are changed with a quick reason, and each
  time the message by the buttons and the score above the list give the new final score,
  which is the stored result (computed in this process from the same database);
- "Konfirmasi" and "Simpan nilai verifikasi" are each double-clicked once: one row is
  saved, and no message says that someone else saved first;
- at the end the body's progress reads 31 of 31 and nothing in the workspace is cut off.

Screenshots go to /tmp/shots/ (ws-*.png) and out/e2e/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from monev.cycles import cycle_methodology
from monev.outcomes import dashboard
from monev.permissions import SYSTEM
from monev.review import ReviewRow, answers_for_review, body_outcome, verification_queue
from questionnaires.answers import display_value
from storage.models import Verification
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle
from ui.format import score

BODY = "Dinas Kesehatan"
SHOTS = Path("/tmp/shots")
LINK_REASON = "Tautan tidak dapat dibuka"
EXPIRED_REASON = "Dokumen kedaluwarsa"
# Text cut off inside the workspace: an element narrower than its text that hides the rest
# (an ellipsis, or overflow hidden), or anything reaching past the window's right edge.
CUT = """root => {
    const bad = [];
    for (const el of root.querySelectorAll('button, label, p, span, a, code, li, div')) {
        if (!el.offsetParent || !el.innerText || !el.innerText.trim()) continue;
        const style = getComputedStyle(el);
        const hides = style.textOverflow === 'ellipsis' || (['hidden', 'clip'].includes(
            style.overflowX) && style.whiteSpace === 'nowrap');
        if (hides && el.scrollWidth > el.clientWidth + 1)
            bad.push('terpotong: ' + el.innerText.slice(0, 80));
        const box = el.getBoundingClientRect();
        if (box.right > window.innerWidth + 1)
            bad.push('keluar layar: ' + el.innerText.slice(0, 80));
    }
    return bad;
}"""


def state(app: App) -> tuple[int, int, dict[str, ReviewRow]]:
    """(cycle, body id, rows) of Dinas Kesehatan as stored now."""
    db = app.database()
    try:
        cycle = app.demo.cycle_id
        body = next(q.body_id for q in verification_queue(db, SYSTEM, cycle) if q.name == BODY)
        rows = {r.code: r for r in answers_for_review(db, SYSTEM, cycle, body)}
        return cycle, body, rows
    finally:
        db.dispose()


def stored_score(app: App, cycle: int, body: int) -> str:
    db = app.database()
    try:
        return score(body_outcome(db, SYSTEM, cycle, body).final)
    finally:
        db.dispose()


def rows_saved(app: App, body: int, code: str) -> int:
    db = app.database()
    try:
        with db.read() as session:
            return session.scalar(select(func.count()).select_from(Verification).where(
                Verification.badan_publik_id == body, Verification.question_code == code)) or 0
    finally:
        db.dispose()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ws-{name}.png"))
    out = Path(__file__).resolve().parents[2] / "out" / "e2e"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"ws-{name}.png"))


def box(page: Any, name: str, body: int) -> Any:
    """A keyed container of the workspace (question, answer, verdict)."""
    return page.locator(f".st-key-ws_{name}_{body}")


def in_hand(page: Any, body: int) -> str:
    """The code of the question in hand, from its heading."""
    heading = box(page, "question", body).locator("strong").first
    heading.wait_for(timeout=WAIT)
    return str(heading.inner_text()).strip()


def pick_value(page: Any, verdict: Any, label: str) -> None:
    """Pick the value `label` (one of the radio buttons, each shown in full)."""
    verdict.get_by_role("radiogroup", name="Nilai verifikasi").get_by_text(
        label, exact=True).click()
    settle(page)


def outcome_text(verdict: Any) -> str:
    alerts = verdict.locator('[data-testid="stAlert"]')
    alerts.first.wait_for(timeout=WAIT)
    return "\n".join(alerts.all_inner_texts())


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    dashboard.clear_cache()


def test_a_verifikator_reviews_a_body_question_by_question(app: App, chromium: Any) -> None:
    cycle, body, rows = state(app)
    codes = list(rows)
    db = app.database()
    try:
        methodology = cycle_methodology(db, SYSTEM, cycle)
    finally:
        db.dispose()
    # The two answers to change: a Ya/Tidak answered Ya and a scale above its lowest level,
    # neither checked yet.
    yes = next(c for c, r in rows.items()
               if not r.checked and r.answer_type == "yes_no" and r.self_reported is True)
    levels = {c: min(level.value for level in methodology.question_by_code[c].scale)
              for c, r in rows.items() if r.answer_type == "scale"}
    scale = next(c for c, r in rows.items()
                 if not r.checked and c in levels and r.self_reported not in (None, levels[c]))
    lower = display_value(methodology.question_by_code[scale], levels[scale])
    double_confirm = next(c for c, r in rows.items() if not r.checked and c not in (yes, scale))
    before = stored_score(app, cycle, body)

    page = log_in(chromium, app, "evaluator", "evaluator-demo",
                  viewport={"width": 1400, "height": 1400})
    see(page, "Antrean verifikasi", exact=False)
    page.locator('[data-testid="stSelectbox"]').filter(
        has_text="Badan publik yang diverifikasi").first.click()
    page.keyboard.type(BODY)
    page.get_by_role("option", name=BODY, exact=True).click()
    settle(page)
    see(page, f"{BODY} · unggahan versi", exact=False)
    box(page, "question", body).scroll_into_view_if_needed()
    shot(page, "01-ruang-kerja")
    assert page.locator('[data-testid="stMetric"]').filter(
        has_text="Nilai akhir saat ini").locator('[data-testid="stMetricValue"]').inner_text(
        ).strip() == before

    changed: dict[str, str] = {}
    for index, code in enumerate(codes):
        row = rows[code]
        assert in_hand(page, body) == code
        question = box(page, "question", body)
        assert row.text in question.inner_text()
        if row.guidance:
            assert f"Definisi operasional: {row.guidance}" in question.inner_text()
        answer = box(page, "answer", body)
        assert f"Jawaban mandiri: {row.self_reported_text}" in answer.inner_text()
        if row.evidence.startswith("https://"):
            evidence = answer.locator("a")
            assert evidence.get_attribute("href") == row.evidence
            assert evidence.get_attribute("target") == "_blank"
            assert evidence.inner_text().strip() == row.evidence  # whole
        verdict = box(page, "verdict", body)
        if code in (yes, scale):
            was = stored_score(app, cycle, body)
            pick_value(page, verdict, "Tidak" if code == yes else lower)
            verdict.get_by_role("radio", name=LINK_REASON if code == yes
                                else EXPIRED_REASON).click()
            settle(page)
            save = verdict.get_by_role("button", name="Simpan nilai verifikasi")
            if code == scale:
                save.dblclick()
            else:
                save.click()
            settle(page)
            now = stored_score(app, cycle, body)
            message = outcome_text(verdict)
            assert f"{code} tersimpan" in message
            assert f"Nilai akhir {BODY} kini {now}" in message
            assert f"sebelumnya {was}" in message
            assert "lebih dulu" not in message
            metric = page.locator('[data-testid="stMetric"]').filter(
                has_text="Nilai akhir saat ini").locator('[data-testid="stMetricValue"]')
            assert metric.inner_text().strip() == now
            changed[code] = now
            verdict.scroll_into_view_if_needed()
            shot(page, f"02-diubah-{code}")
        elif not row.checked:
            confirm = verdict.get_by_role("button", name="✓ Konfirmasi jawaban mandiri")
            if code == double_confirm:
                confirm.dblclick()
            else:
                confirm.click()
            settle(page)
            message = outcome_text(verdict)
            assert f"{code} tersimpan" in message or "Tidak ada yang berubah" in message
            assert "lebih dulu" not in message
            if code == double_confirm:
                verdict.scroll_into_view_if_needed()
                shot(page, "03-klik-ganda-konfirmasi")
        if code in (yes, scale, double_confirm):
            assert rows_saved(app, body, code) == 1  # one row, however many clicks
        assert "lebih dulu" not in page.locator('[data-testid="stMain"]').inner_text()
        if index < len(codes) - 1:
            page.get_by_role("button", name="Berikutnya ▶").first.click()
            settle(page)

    assert set(changed) == {yes, scale}
    assert before not in changed.values()  # each change moved the score
    progress = page.locator('[data-testid="stProgress"]').first
    assert f"{len(codes)} dari {len(codes)} pertanyaan diperiksa" in progress.inner_text()
    _, _, after = state(app)
    assert all(r.checked for r in after.values())
    assert (after[yes].verified, after[yes].reason) == (False, LINK_REASON)
    assert after[scale].reason == EXPIRED_REASON
    final = page.locator('[data-testid="stMetric"]').filter(
        has_text="Nilai akhir saat ini").locator('[data-testid="stMetricValue"]')
    assert final.inner_text().strip() == stored_score(app, cycle, body)
    # Readable: nothing in the workspace is cut off, at this width and a narrower one.
    workspace = page.locator('[data-testid="stTabPanel"]').first
    workspace.scroll_into_view_if_needed()
    shot(page, "04-selesai")
    assert workspace.evaluate(CUT) == []
    page.set_viewport_size({"width": 1100, "height": 1400})
    settle(page)
    page.get_by_text("Tampilkan pertanyaan").first.scroll_into_view_if_needed()
    shot(page, "05-sempit-atas")
    box(page, "verdict", body).scroll_into_view_if_needed()
    shot(page, "06-sempit-putusan")
    assert workspace.evaluate(CUT) == []
    page.context.close()
