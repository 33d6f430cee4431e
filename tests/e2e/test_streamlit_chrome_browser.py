"""No English of Streamlit's own is seen or read out, and its numbers have a decimal comma,
on every page of every role of the demo — in a real browser whose language is *English*
(the worst case: Streamlit takes dates and numbers from the browser; ui/chrome.py makes
the page Indonesian).

One server, one browser. The login page, then each demo role logs in and opens every page
of its menu and every tab on it (and the tabs inside tabs). On the way, the chrome that
only shows when used is opened too: a file chosen in the uploader (its chip and size), a
select box searched for something absent ("No results"), a multiselect opened, a help
icon's tooltip, a table's toolbar and search, a table's column menu, Plotly's chart
toolbar, the date field of a stage deadline and its calendar, the password field's eye.

Every time, the page must hold no English chrome: neither in text a person can see or a
screen reader reads (anything not ``display: none``, off screen too: "Skip to main
content"), nor in ``aria-label``, ``title``, ``placeholder``, Plotly's ``data-title`` and
the other attributes ui/chrome.py translates. Material icons (``aria-hidden``, drawn as a
glyph) are not text. Screenshots go to ``out/e2e/`` (``7x-…``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from monev.demo import ACCOUNTS
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, see, shot
from tests.e2e.test_browser_flow import settle as script_done
from ui.chrome import ATTRIBUTES, EXACT

ROLES = tuple((account.username, account.password) for account in ACCOUNTS)  # every role
BROWSER_LOCALE = "en-US"
VIEWPORT = {"width": 1400, "height": 1000}
# Any of these in a text or attribute is Streamlit's English.
PHRASES = ("Browse files", "Drag and drop", "Help for", "Skip to main content",
           "dd / mm / yyyy", "Press Enter", "Made with Streamlit", "Record a screencast",
           "Record screen", "Running...", " per file", "Download as CSV", "Choose an option",
           "Choose options", "No results", "Show password", "Choose date", "Fullscreen",
           "Download plot", "Sort ascending", "files are not allowed", "Upload failed")
# A whole text or attribute equal to one of these is Streamlit's English.
WHOLE = set(EXACT) | {"Upload", "Print", "Stop", "Settings", "Deploy", "About", "dd", "mm",
                      "yyyy", "Choose a date"}
SHAPES = (r"^Help for ", r"^Remove ", r"^Cancel upload of ", r"^File must be ",
          r"^View \d+ more$", r"^Select \d+ matches$", r"^Today, ", r"^Selected Date",
          r"^Value must be ", r"^Number is ", r"^Press .+ to ", r"^(?:day|month|year), ",
          r"\b(?:January|February|March|May|June|July|August|October|December)\b",
          r"\d(?:B|KB|MB|GB)\b",  # a size without a space: "200MB", "22.3KB"
          r"\d\.\d+ ?(?:B|KB|MB|GB)\b")  # a size with a decimal point
ENGLISH = """([whole, phrases, shapes, attributes]) => {
    const found = [];
    const shapeRes = shapes.map(s => new RegExp(s));
    const english = v => {
        const text = v.trim();
        return text && (whole.includes(text) || phrases.some(p => text.includes(p))
                        || shapeRes.some(r => r.test(text)));
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!element || element.closest('script, style, [aria-hidden="true"]')) continue;
        if (!element.checkVisibility()) continue;  // display: none (not read out either)
        if (english(node.nodeValue)) found.push('text: ' + node.nodeValue.trim());
    }
    const read = new Set();  // descriptions and labels by id are read out, even hidden
    for (const element of document.querySelectorAll('*')) {
        for (const name of attributes) {
            const value = element.getAttribute(name);
            if (value && english(value)) found.push(name + ': ' + value);
        }
        for (const name of ['aria-describedby', 'aria-labelledby', 'aria-errormessage'])
            for (const id of (element.getAttribute(name) || '').split(/\\s+/))
                if (id) read.add(id);
    }
    for (const id of read) {
        const target = document.getElementById(id);
        if (target && english(target.textContent)) found.push('read: ' + target.textContent);
    }
    return [...new Set(found)];
}"""


def settle(page: Any) -> None:
    """The script has run and every element is drawn (tables, charts and the date field
    come in code loaded on first use: a grey placeholder until then)."""
    script_done(page)
    page.wait_for_function("""() => !document.querySelector(
        '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')""", timeout=WAIT)
    page.wait_for_timeout(200)


def english(page: Any) -> list[str]:
    """Streamlit's English on the page now (see the module docstring)."""
    return list(page.evaluate(ENGLISH, [sorted(WHOLE), list(PHRASES), list(SHAPES),
                                        list(ATTRIBUTES)]))


def check(page: Any, shots: Path, where: str) -> None:
    found = english(page)
    if found:
        shot(page, shots, f"7x-gagal-{re.sub(r'[^a-z0-9]+', '-', where.lower())}")
    assert found == [], f"{where}: {found}"


def log_in(chromium: Any, app: App, username: str, password: str) -> Any:
    context = chromium.new_context(locale=BROWSER_LOCALE, viewport=VIEWPORT)
    page = context.new_page()
    page.goto(app.url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    see(page, "Masuk sebagai", exact=False)
    settle(page)
    return page


def menu(page: Any) -> list[tuple[str, str]]:
    """(name, address) of every page in the sidebar menu but "Keluar"."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    found = []
    for index in range(links.count()):
        link = links.nth(index)
        name = link.inner_text().strip().splitlines()[-1]  # after the icon's name
        if name != "Keluar":
            found.append((name, str(link.get_attribute("href"))))
    assert found
    return found


def visit_tabs(page: Any, shots: Path, where: str, explore: Any, nested: bool = False) -> None:
    """Open every tab of the page, and the tabs inside each, checking each and using what
    it shows (`explore`)."""
    bar = 1 if nested else 0
    if page.locator('[data-testid="stTabs"]:visible').count() <= bar:
        return
    count = page.locator('[data-testid="stTabs"]:visible').nth(bar).locator(
        '[role="tab"]').count()
    for index in range(count):  # found again each time: a tab may rerun the page
        tab = page.locator('[data-testid="stTabs"]:visible').nth(bar).locator(
            '[role="tab"]').nth(index)
        name = tab.inner_text().strip()
        tab.click()
        settle(page)
        check(page, shots, f"{where} › {name}")
        explore()
        if not nested:
            visit_tabs(page, shots, f"{where} › {name}", explore, nested=True)


# -- the chrome that shows when used --------------------------------------------------------


def choose_a_file(page: Any, shots: Path, folder: Path) -> None:
    """A file in the first uploader: its chip gives the size with a decimal comma."""
    upload = folder / "kuesioner-contoh.csv"
    upload.write_text("kode;jawaban\n" + "1.1;Ya\n" * 2600)  # 22 KB and a bit
    page.locator('[data-testid="stFileUploader"]:visible').first.locator(
        '[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(upload))
    chip = page.locator('[data-testid="stFileChip"]').first
    chip.wait_for(timeout=WAIT)
    settle(page)
    shown = chip.inner_text()
    assert re.search(r"\b\d+,\d KB\b", shown), shown
    assert re.search(r", \d+,\d KB$", str(chip.get_attribute("aria-label")))
    assert page.get_by_role("button", name=f"Hapus {upload.name}").count() == 1
    shot(page, shots, "70-berkas-dipilih", chip)
    check(page, shots, "berkas dipilih")


def search_a_select_box(page: Any, shots: Path) -> None:
    box = page.locator('[data-testid="stSelectbox"]:visible').first
    box.click()
    page.keyboard.type("zzzz tidak ada")
    page.wait_for_timeout(400)
    assert page.get_by_text("Tidak ada yang cocok").first.is_visible()
    check(page, shots, "kotak pilihan tanpa hasil")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)


def open_a_multiselect(page: Any, shots: Path) -> None:
    box = page.locator('[data-testid="stMultiSelect"]:visible').first
    box.click()
    page.wait_for_timeout(400)
    check(page, shots, "pilihan ganda terbuka")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)


def hover_a_help_icon(page: Any, shots: Path) -> None:
    icon = page.locator('[data-testid="stTooltipIcon"]:visible button[aria-label]').first
    assert str(icon.get_attribute("aria-label")).startswith("Bantuan: ")
    icon.hover()
    page.locator('[data-testid="stTooltipContent"]').first.wait_for(timeout=WAIT)
    check(page, shots, "bantuan")
    page.mouse.move(0, 0)


def use_a_table(page: Any, shots: Path) -> None:
    """A table's toolbar (hovered) and its search."""
    table = page.locator('[data-testid="stDataFrame"]:visible').first
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]:visible').first
    toolbar.wait_for(timeout=WAIT)
    check(page, shots, "alat tabel")
    search = toolbar.get_by_role("button", name="Cari")
    search.hover()
    page.wait_for_timeout(300)
    check(page, shots, "petunjuk tombol cari")
    search.click()
    page.wait_for_timeout(300)
    check(page, shots, "pencarian tabel")
    page.keyboard.press("Escape")
    page.mouse.move(0, 0)
    page.wait_for_timeout(200)


def open_a_column_menu(page: Any, shots: Path) -> bool:
    """The menu of a table's last column (its ⋮ sits at the table's right edge, drawn on
    the grid's canvas) and its statistics: numbers with a decimal comma. False if no table
    on the page fits its width (the ⋮ is then out of view)."""
    tables = page.locator('[data-testid="stDataFrame"]:visible')
    for index in range(tables.count()):
        table = tables.nth(index)
        table.scroll_into_view_if_needed()
        table.locator("th").first.wait_for(state="attached", timeout=WAIT)  # drawn
        box = table.bounding_box()
        statistics = page.locator('[role="menuitem"]', has_text="Statistik")
        for _ in range(3):  # the ⋮ shows once the header is hovered
            page.mouse.move(box["x"] + box["width"] - 60, box["y"] + 17)
            page.wait_for_timeout(400)
            page.mouse.click(box["x"] + box["width"] - 16, box["y"] + 17)
            page.wait_for_timeout(500)
            if statistics.count():
                break
            page.keyboard.press("Escape")
        if not statistics.count():
            continue
        check(page, shots, "menu kolom")
        statistics.hover()
        panel = page.locator('[data-testid="stDataFrameStatisticsMenu"]')
        panel.wait_for(timeout=WAIT)
        page.wait_for_timeout(300)
        shot(page, shots, "72-menu-kolom-statistik")
        assert not re.search(r"\d\.\d", panel.inner_text()), panel.inner_text()
        check(page, shots, "statistik kolom")
        page.keyboard.press("Escape")
        page.mouse.move(0, 0)
        page.wait_for_timeout(200)
        return True
    return False


def use_a_chart(page: Any, shots: Path) -> None:
    """Plotly's toolbar: its buttons' tooltips (CSS shows their data-title)."""
    chart = page.locator('[data-testid="stPlotlyChart"]:visible').first
    chart.scroll_into_view_if_needed()
    chart.hover()
    button = chart.locator(".modebar-btn").first
    button.wait_for(timeout=WAIT)
    button.hover()
    page.wait_for_timeout(300)
    titles = chart.locator(".modebar-btn").evaluate_all(
        "bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Unduh grafik (PNG)" in titles, titles
    shot(page, shots, "73-alat-grafik", chart)
    check(page, shots, "alat grafik")
    page.mouse.move(0, 0)


def open_a_date(page: Any, shots: Path) -> None:
    """A stage's deadline: the field and its calendar, in Indonesian."""
    fields = page.locator('[data-testid="stDateInput"]:visible')
    for index in range(fields.count()):  # a date, or the empty field's placeholder
        shown = fields.nth(index).locator('[role="group"]').first.inner_text()
        assert re.fullmatch(r"\d\d/\d\d/\d{4}|hh/bb/tttt", re.sub(r"\s+", "", shown)), shown
    field = fields.first
    field.scroll_into_view_if_needed()
    field.get_by_role("button", name="Pilih tanggal").click()
    page.wait_for_timeout(500)
    shot(page, shots, "74-kalender")
    check(page, shots, "kalender")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    # An emptied part shows its placeholder: hh, not dd (nothing is saved: no button).
    day = field.locator('[role="spinbutton"][data-type="day"]')
    assert str(day.get_attribute("aria-label")).startswith("hari, ")
    day.click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(300)
    assert day.inner_text().strip() == "hh"
    shot(page, shots, "75-tanggal-dikosongkan", field)
    check(page, shots, "tanggal dikosongkan")
    page.keyboard.type("15")  # typing still works over the translated placeholder
    page.wait_for_timeout(300)
    assert day.inner_text().strip() == "15"
    page.mouse.click(5, 5)
    settle(page)


# -- the tests ---------------------------------------------------------------------------------


def test_login_page_is_indonesian(app: App, chromium: Any, shots: Path) -> None:
    context = chromium.new_context(locale=BROWSER_LOCALE, viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(app.url)
        page.get_by_label("Nama pengguna").wait_for(timeout=WAIT)
        settle(page)
        assert page.evaluate("document.documentElement.lang") == "id"
        assert page.evaluate("navigator.language") == "id-ID"
        page.get_by_label("Kata sandi").fill("rahasia")
        assert page.get_by_role("button", name="Tampilkan sandi").count() == 1
        skip = page.locator('[data-testid="stSkipToContent"]')
        assert skip.inner_text().strip() == "Langsung ke isi halaman"
        check(page, shots, "halaman masuk")
        shot(page, shots, "70-masuk")
    finally:
        context.close()


@pytest.mark.parametrize(("username", "password"), ROLES, ids=[r[0] for r in ROLES])
def test_every_page_of_the_role_is_indonesian(app: App, chromium: Any, shots: Path,
                                              tmp_path: Path, username: str,
                                              password: str) -> None:
    page = log_in(chromium, app, username, password)
    used: set[str] = set()
    uses = (("help", '[data-testid="stTooltipIcon"] button[aria-label]', hover_a_help_icon),
            ("select", '[data-testid="stSelectbox"]', search_a_select_box),
            ("multiselect", '[data-testid="stMultiSelect"]', open_a_multiselect),
            ("table", '[data-testid="stDataFrame"]', use_a_table),
            ("column menu", '[data-testid="stDataFrame"]', open_a_column_menu),
            ("chart", '[data-testid="stPlotlyChart"]', use_a_chart),
            ("date", '[data-testid="stDateInput"]', open_a_date),
            ("upload", '[data-testid="stFileUploader"]', choose_a_file))

    def explore() -> None:
        """Use each kind of chrome once per role, where the page shows it."""
        for what, selector, action in uses:
            if what not in used and page.locator(f"{selector}:visible").count():
                done = (action(page, shots, tmp_path) if what == "upload"
                        else action(page, shots))
                if done is not False:
                    used.add(what)

    try:
        check(page, shots, f"{username} beranda")
        for name, address in menu(page):
            page.goto(address)
            see(page, "Masuk sebagai", exact=False)
            settle(page)
            where = f"{username} › {name}"
            check(page, shots, where)
            shot(page, shots, f"71-{username}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}")
            explore()
            visit_tabs(page, shots, where, explore)
        assert "Traceback" not in page.content()
        if username == "admin":  # every page is the admin's: each kind of chrome was used
            assert used == {what for what, _, _ in uses}, "not used: " + ", ".join(
                sorted({what for what, _, _ in uses} - used))
    finally:
        page.context.close()
