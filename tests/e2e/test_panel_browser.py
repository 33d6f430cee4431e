"""A juror's score typed with a decimal comma, in a real browser (Chromium) over the demo.

The evaluator opens the panel tab, names a new juror, types ``85,5`` in the first aspect
(a text field: a browser number field made it ``855``) and saves; the page says what was
saved (``85,50``), the field and the juror × aspect table show ``85,50``, the database holds
85.50, and the agreement between the stage's jurors is shown below. Screenshots go to
``/tmp/shots/`` (and ``out/e2e/``).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from monev.cycles import cycle_methodology, list_cycles
from monev.panel import panel_scores
from monev.permissions import SYSTEM
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import log_in, metric, see, settle, shot

JUROR = "Dr. Uji Peramban (Akademisi)"
TMP_SHOTS = Path("/tmp/shots")


def test_juror_types_a_decimal_comma(app: App, chromium: Any, shots: Path) -> None:
    db = app.database()
    [cycle] = [c for c in list_cycles(db, SYSTEM) if c.status != "published"]
    methodology = cycle_methodology(db, SYSTEM, cycle.id)
    stage = methodology.panel_stages[0]
    first = methodology.indicators_of(stage.code)[0]

    page = log_in(chromium, app, "evaluator", "evaluator-demo")
    page.get_by_role("tab", name="Nilai panel").click()
    settle(page)
    page.get_by_role("textbox", name="Nama juri baru").fill(JUROR)
    page.keyboard.press("Enter")
    settle(page)
    field = page.get_by_role("textbox", name=first.name, exact=True)
    field.fill("85,5")
    page.get_by_role("button", name="Simpan nilai panel").click()
    saved = see(page, f"1 nilai juri {JUROR} tersimpan.", exact=False)
    settle(page)
    assert page.get_by_text(f"{first.name}: 85,50", exact=False).first.is_visible()
    assert page.get_by_role("textbox", name=first.name, exact=True).input_value() == "85,50"
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    path = shot(page, shots, "panel-85-50-tersimpan", saved)
    TMP_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, TMP_SHOTS / path.name)

    body_id = next(s.body_id for s in panel_scores_of_juror(app, cycle.id))
    stored = [s for s in panel_scores(db, SYSTEM, cycle.id, body_id) if s.juror == JUROR]
    assert [(s.aspect, s.score) for s in stored] == [(first.code, Decimal("85.50"))]

    alpha = metric(page, "Alpha Krippendorff")
    assert "," in alpha  # shown with a decimal comma
    see(page, "Kesepakatan antarjuri", exact=False)
    see(page, "Per juri: selisih rata-rata", exact=False)
    page.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(TMP_SHOTS / "panel-kesepakatan.png"))
    page.context.close()


def panel_scores_of_juror(app: App, cycle_id: int) -> list[Any]:
    """The scores of the test's juror, over the bodies of the cycle."""
    from monev.bodies import list_bodies
    db = app.database()
    return [s for b in list_bodies(db, SYSTEM, cycle_id)
            for s in panel_scores(db, SYSTEM, cycle_id, b.id) if s.juror == JUROR]
