"""ui/chrome.py's script on its own, in Debian's Chromium (no Streamlit server): a page
shaped like Streamlit's (its data-testid attributes), English browser language.

- it makes the page Indonesian: ``<html lang>``, ``navigator.language``, numbers and dates
  formatted without a locale;
- it translates text and the attributes read out or shown, numbers with a decimal comma;
- it keeps doing so when React changes a text, an attribute, or adds elements later
  (a rerun, a tooltip, a chip), and never loops;
- it leaves the app's own content alone, and a date field's "dd" only where it is one;
- run twice (the element drawn again), it still translates once.
"""

from __future__ import annotations

from typing import Any

import pytest

from ui.chrome import script

PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<a data-testid="stSkipToContent" href="#">Skip to main content</a>
<div data-testid="stStatusWidget"><div aria-label="Running...">x</div></div>
<div data-testid="stFileUploader">
  <button id="upload"><p>Upload</p></button>
  <span id="limit">200MB per file</span>
  <div data-testid="stFileChip" aria-label="kuesioner.zip, 22.3KB">
    <span data-testid="stFileChipName" title="kuesioner.zip">Upload</span>
    <span id="size">22.3KB</span>
    <button aria-label="Remove kuesioner.zip">x</button>
  </div>
</div>
<button id="help" aria-label="Help for Kata sandi awal">?</button>
<input id="select" placeholder="Choose an option">
<div data-testid="stMarkdown"><p id="own">Upload</p></div>
<div role="listbox"><div role="option" data-key="0" id="option">Search</div>
  <div role="option" id="none"><span>No results</span></div></div>
<div role="group"><span role="spinbutton" data-type="day" id="day"
  aria-label="day, Batas waktu" aria-valuetext="Empty" contenteditable="true">dd</span></div>
<p id="dd">dd</p>
<div id="described">Selected Date: July 31, 2025</div>
<div class="modebar"><a class="modebar-btn" id="png" data-title="Download plot as a PNG"></a></div>
</body></html>"""


@pytest.fixture(scope="module")
def page(chromium: Any) -> Any:
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    page.set_content(PAGE)
    page.add_script_tag(content=script())
    page.wait_for_timeout(50)
    yield page
    context.close()


def text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text()).strip()


def attribute(page: Any, selector: str, name: str) -> str:
    return str(page.locator(selector).get_attribute(name))


def test_the_page_is_indonesian(page: Any) -> None:
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.evaluate("[navigator.language, [...navigator.languages]]") == [
        "id-ID", ["id-ID", "id"]]
    assert page.evaluate("(1234.5).toLocaleString()") == "1.234,5"
    assert page.evaluate("(0.125).toLocaleString(undefined, {style: 'percent', "
                         "maximumFractionDigits: 1})") == "12,5%"
    assert page.evaluate("(1234.5).toLocaleString('en-US')") == "1,234.5"  # asked for
    assert page.evaluate("new Date(2025, 6, 31).toLocaleDateString(undefined, "
                         "{month: 'long'})") == "Juli"


def test_texts_and_attributes_are_translated(page: Any) -> None:
    assert text(page, '[data-testid="stSkipToContent"]') == "Langsung ke isi halaman"
    assert attribute(page, '[aria-label^="Sedang"]', "aria-label") == "Sedang memproses…"
    assert text(page, "#upload") == "Pilih berkas"
    assert text(page, "#limit") == "Maks. 200 MB per berkas"
    assert text(page, "#size") == "22,3 KB"
    assert attribute(page, '[data-testid="stFileChip"]', "aria-label") == (
        "kuesioner.zip, 22,3 KB")
    assert attribute(page, '[data-testid="stFileChip"] button', "aria-label") == (
        "Hapus kuesioner.zip")
    assert attribute(page, "#help", "aria-label") == "Bantuan: Kata sandi awal"
    assert attribute(page, "#select", "placeholder") == "Pilih salah satu"
    assert text(page, "#none") == "Tidak ada yang cocok"
    assert attribute(page, "#png", "data-title") == "Unduh grafik (PNG)"
    assert text(page, "#described") == "Tanggal terpilih: 31 Juli 2025"


def test_a_date_fields_parts(page: Any) -> None:
    assert text(page, "#day") == "hh"
    assert attribute(page, "#day", "aria-label") == "hari, Batas waktu"
    assert attribute(page, "#day", "aria-valuetext") == "Kosong"
    assert text(page, "#dd") == "dd"  # not a date field's part


def test_the_apps_own_content_is_left_alone(page: Any) -> None:
    assert text(page, "#own") == "Upload"
    assert text(page, "#option") == "Search"
    assert text(page, '[data-testid="stFileChipName"]') == "Upload"


def test_changes_made_later_are_translated(page: Any) -> None:
    """What React does on a rerun: a text set again, an attribute set again, new
    elements (a tooltip in a portal, a chip); also a whole subtree at once."""
    page.evaluate("""() => {
        document.querySelector('#upload p').firstChild.nodeValue = 'Upload';
        document.querySelector('#help').setAttribute('aria-label', 'Help for Peran');
        const chip = document.createElement('div');
        chip.id = 'late';
        chip.innerHTML = '<span id="late-size">1.5MB</span>'
            + '<button id="late-remove" aria-label="Remove b.xlsx">x</button>'
            + '<div data-testid="stMarkdown"><p id="late-own">Stop</p></div>';
        document.body.appendChild(chip);
        document.querySelector('#day').firstChild.nodeValue = 'dd';
    }""")
    page.wait_for_timeout(50)
    assert text(page, "#upload") == "Pilih berkas"
    assert attribute(page, "#help", "aria-label") == "Bantuan: Peran"
    assert text(page, "#late-size") == "1,5 MB"
    assert attribute(page, "#late-remove", "aria-label") == "Hapus b.xlsx"
    assert text(page, "#late-own") == "Stop"
    assert text(page, "#day") == "hh"
    # typing into the date field: digits are left as they are
    page.evaluate("document.querySelector('#day').firstChild.nodeValue = '15'")
    page.wait_for_timeout(50)
    assert text(page, "#day") == "15"


def test_running_again_does_not_translate_twice(page: Any) -> None:
    page.add_script_tag(content=script())  # the element drawn again
    page.wait_for_timeout(50)
    assert text(page, "#upload") == "Pilih berkas"
    assert page.evaluate("(1234.5).toLocaleString()") == "1.234,5"
    records = page.evaluate("""() => new Promise(done => {
        let count = 0;
        const observer = new MutationObserver(r => { count += r.length; });
        observer.observe(document.body, {subtree: true, childList: true,
                                         characterData: true, attributes: true});
        document.querySelector('#limit').firstChild.nodeValue = '200MB per file';
        setTimeout(() => { observer.disconnect(); done(count); }, 100);
    })""")
    assert records == 2  # ours and the translation, no loop
    assert text(page, "#limit") == "Maks. 200 MB per berkas"
