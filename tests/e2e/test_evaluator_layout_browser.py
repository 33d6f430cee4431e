"""The verifikator's page in a real browser 1400 × 900 px (the window of the new-user trial),
over the demo monev:

1. the verification queue grid shows the columns a verifikator acts on — the body (pinned),
   its progress, open appeals, answers changed since verified, the file's warnings — whole
   without scrolling sideways (category, version and upload date follow), and its progress
   reads as text ("11 dari 31 (35,5%)") in the grid's accessible copy, never a raw
   fraction (the trial found the warnings column beyond the grid's right edge);
2. the review workspace beside it: the list of questions (code, text, state) and the
   question in hand with its verdict sit inside the window, no text cut;
3. the open appeal of the demo is decided with the review workspace's control for its
   answer type (radio buttons, pills or a text field), starting from the current value: the
   value picked is the answer's new value; the message stays in view on the appeals tab (its
   label's count changed), and the decided appeals' table is read in full.

Screenshots go to ``out/e2e/verifikator-*.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from monev.appeals import list_appeals
from monev.cycles import cycle_methodology
from monev.permissions import SYSTEM
from monev.review import answers_for_review
from questionnaires.answers import display_value
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import grid, log_in, see, settle, shot
from tests.e2e.test_readable_tables_browser import readable
from tests.e2e.test_review_workspace_browser import CUT
from ui.components.review_workspace import option_label, widget

WINDOW = {"width": 1400, "height": 900}
# The queue's columns a verifikator acts on, in view without scrolling sideways.
KEY = ["Badan publik", "Terverifikasi", "Sanggah terbuka", "Berubah", "Peringatan"]

# A grid (st.dataframe) whose columns do not all fit: it scrolls sideways, or reaches past
# the main area or the window.
GRID_CUT = """frame => {
    const bad = [];
    const scroller = frame.querySelector('.dvn-scroller');
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1)
        bad.push(`bergulir ke samping: ${scroller.scrollWidth} > ${scroller.clientWidth}`);
    const box = frame.getBoundingClientRect();
    const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
    if (box.right > Math.min(main.right, window.innerWidth) + 1)
        bad.push(`keluar layar: ${box.right}`);
    return bad;
}"""
# Where an element sits against the window, sideways.
OUTSIDE = """el => { const b = el.getBoundingClientRect();
    return b.left < -1 || b.right > window.innerWidth + 1; }"""


def test_queue_workspace_and_appeal_at_1400_px(app: App, chromium: Any, shots: Path) -> None:
    page = log_in(chromium, app, "evaluator", "evaluator-demo", viewport=WINDOW)
    see(page, "Antrean verifikasi", exact=False)
    settle(page)

    # 1. the queue: every column inside, progress as text
    queue = grid(page, "Terverifikasi")
    settle(page)
    shot(page, shots, "verifikator-01-antrean", queue)
    # The grid's accessible copy holds the columns in view (the grid draws on a canvas):
    # the key ones come first, whole — the next column starts inside the grid too.
    headers = [h.strip() for h in queue.locator("th").all_inner_texts() if h.strip()]
    assert headers[:len(KEY)] == KEY, headers
    assert len(headers) > len(KEY) or queue.evaluate(GRID_CUT) == [], headers
    assert queue.evaluate(OUTSIDE) is False  # the grid itself inside the window
    cells = [c.strip() for c in queue.locator("td").all_inner_texts()]
    assert not [c for c in cells if re.fullmatch(r"0\.\d+", c)], cells  # no raw fraction
    assert any(re.fullmatch(r"\d+ dari \d+ \(\d+,\d%\)", c) for c in cells), cells

    # 2. the workspace: the list (question, state) and the verdict inside the window
    listed = page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stCaptionContainer"]')).first
    listed.scroll_into_view_if_needed()
    settle(page)
    shot(page, shots, "verifikator-02-ruang-kerja")
    first = listed.locator('[role="radiogroup"] label').first
    assert re.match(r"\d+(\.\d+)+\s", first.inner_text()), first.inner_text()
    assert "Belum diperiksa" in listed.inner_text() or "Dikonfirmasi" in listed.inner_text()
    verdict = page.locator('[class*="st-key-ws_verdict_"]').first
    verdict.scroll_into_view_if_needed()
    settle(page)
    shot(page, shots, "verifikator-03-putusan")
    for part in (listed, page.locator('[class*="st-key-ws_question_"]').first, verdict):
        assert not part.evaluate(OUTSIDE), part.inner_text()[:80]
        assert part.evaluate(CUT) == []
    assert verdict.get_by_role("button", name="Simpan nilai verifikasi").is_visible()

    # 3. the demo's open appeal, decided with the workspace's control for its answer type
    db = app.database()
    try:
        [appeal] = [a for a in list_appeals(db, SYSTEM, app.demo.cycle_id)
                    if a.status == "open"]
        question = cycle_methodology(db, SYSTEM, app.demo.cycle_id).question_by_code[
            appeal.question_code]
        row = next(r for r in answers_for_review(db, SYSTEM, app.demo.cycle_id,
                                                 appeal.body_id) if r.code == question.code)
    finally:
        db.dispose()
    current = row.verified if row.checked else row.self_reported
    page.get_by_role("tab", name=re.compile(r"^Sanggah")).click()
    settle(page)
    page.get_by_text("Tampilkan sanggah semua badan publik").click()
    settle(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text=f"Sanggah #{appeal.id}")
    if not form.count():  # the form holds the decision; the header is just above it
        form = page.locator('[data-testid="stForm"]').filter(has_text="Simpan putusan").first
    form.scroll_into_view_if_needed()
    edit = widget(question)
    label = "Nilai jawaban bila sanggah diterima"
    if edit.kind == "select":  # radio buttons, the current value picked
        group = form.get_by_role("radiogroup", name=label)
        options = [str(o) for o in edit.options]
        now = display_value(question, current)
        assert group.get_by_role("radio", name=now, exact=True).is_checked()
        other = next(o for o in options if option_label(question, edit, o) != now)
        new = option_label(question, edit, other)
        group.get_by_text(new, exact=True).click()
    elif edit.kind == "multiselect":  # pills, the items present switched on
        present = sorted(current or ())
        missing = next(i for i in question.items if i.code not in present)
        form.get_by_role("button", name=option_label(question, edit, missing.code)).click()
        new = display_value(question, frozenset({*present, missing.code}))
    else:
        field = form.get_by_label(label)
        field.fill("1")
        new = display_value(question, 1)
    form.get_by_role("radiogroup", name="Putusan").get_by_text("Terima", exact=True).click()
    form.get_by_label("Alasan putusan").fill("Dokumen baru dapat dibuka (uji e2e).")
    shot(page, shots, "verifikator-04-sanggah", form)
    form.get_by_role("button", name="Simpan putusan").click()
    settle(page)
    message = see(page, f"Sanggah #{appeal.id} diputus: Diterima.", exact=False)
    assert f"Nilai {question.code} kini: {new}." in message.inner_text()
    decided = page.locator('[data-testid="stTable"]').filter(has_text="Diputus oleh")
    readable(decided)  # who decided when, and why, whole (it was cut in a grid)
    assert "Agus Setiawan" in decided.inner_text()
    shot(page, shots, "verifikator-05-sanggah-diputus", decided)
    db = app.database()
    try:
        row = next(r for r in answers_for_review(db, SYSTEM, app.demo.cycle_id,
                                                 appeal.body_id) if r.code == question.code)
    finally:
        db.dispose()
    assert row.verified_text == new
    page.context.close()
