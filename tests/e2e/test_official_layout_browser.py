"""The pejabat's page in a real browser 1400 × 900 px (the window of the new-user trial that
found labels and columns cut), over the demo monev:

1. every download button of the running cycle shows its whole label inside its button and
   the page ("Rapor semua badan publik (ZIP)" was cut to "Rapor semua badan publik …" in a
   quarter-width column); the buttons sit in a row that wraps;
2. the ranking grid lists rank, name and region first (the region used to be the column
   cut at the table's right edge);
3. the published 2024 cycle adds "Data terbuka (CSV + JSON)": five buttons, all whole.

Screenshots go to ``out/e2e/pejabat-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, choose, grid, log_in, settle, shot

WINDOW = {"width": 1400, "height": 900}
PUBLISHED = "Monev KIP 2024 — Kabupaten Sukamaju"

# Each visible download button: its label, and whether the label's text runs past the box
# that shows it (cut, with or without an ellipsis) or the button past the main area.
BUTTONS = """main => [...main.querySelectorAll('[data-testid="stDownloadButton"] button')]
    .filter(b => b.getBoundingClientRect().width > 0)
    .map(b => {
        const label = b.querySelector('[data-testid="stMarkdownContainer"]');
        const range = document.createRange();
        range.selectNodeContents(label);
        const text = range.getBoundingClientRect(), shown = label.getBoundingClientRect();
        const box = b.getBoundingClientRect(), page = main.getBoundingClientRect();
        return {label: label.innerText.trim(),
                cut: text.right > shown.right + 0.5 || text.left < shown.left - 0.5,
                outside: box.right > page.right + 0.5};
    })"""


def buttons(page: Any) -> list[dict[str, Any]]:
    page.locator('[data-testid="stDownloadButton"] button').first.wait_for(timeout=WAIT)
    return list(page.locator('[data-testid="stMain"]').evaluate(BUTTONS))


def headers(table: Any) -> list[str]:
    return [str(h).strip() for h in table.locator("th").all_inner_texts()]


def test_labels_and_columns_are_whole_at_1400_px(app: App, chromium: Any,
                                                 shots: Path) -> None:
    page = log_in(chromium, app, "pejabat", "pejabat-demo", viewport=WINDOW)
    settle(page)
    shown = buttons(page)
    shot(page, shots, "pejabat-01-tombol-unduhan")
    assert [b["label"] for b in shown] == [
        "Unduh peringkat (Excel)", "Lampiran keputusan (PDF)",
        "Rapor semua badan publik (ZIP)", "Simulasi metodologi (Excel)"]
    assert not [b for b in shown if b["cut"] or b["outside"]], shown

    table = grid(page, "Wilayah")
    settle(page)
    shot(page, shots, "pejabat-02-tabel-peringkat", table)
    assert headers(table)[:5] == ["Peringkat", "Badan publik", "Wilayah", "Nilai akhir",
                                  "Predikat"]

    choose(page, "Siklus monev", PUBLISHED)
    settle(page)
    shown = buttons(page)
    shot(page, shots, "pejabat-03-siklus-ditetapkan")
    assert [b["label"] for b in shown][-1] == "Data terbuka (CSV + JSON)"
    assert len(shown) == 5
    assert not [b for b in shown if b["cut"] or b["outside"]], shown
