"""ui/chrome.py's script leaves icons alone (Debian's Chromium, no Streamlit server): a
Material icon is drawn from its name ("link", "list", "image" — words the script would
otherwise translate as Streamlit's table texts), so translating it broke the icon of the
link check's button into the word "TAUTAN" over the label."""

from __future__ import annotations

from typing import Any

from ui.chrome import script

PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<button data-testid="stBaseButton-primary"><span data-testid="stIconMaterial"
  aria-hidden="true" translate="no" id="icon">link</span><p>Periksa semua tautan</p></button>
<span translate="no" id="other">image</span>
<div data-testid="stDataFrame"><span id="kind">link</span></div>
</body></html>"""


def test_icons_keep_their_names(chromium: Any) -> None:
    context = chromium.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.set_content(PAGE)
        page.add_script_tag(content=script())
        page.wait_for_timeout(50)
        assert page.locator("#icon").inner_text() == "link"
        assert page.locator("#other").inner_text() == "image"
        assert page.locator("#kind").inner_text() == "tautan"  # Streamlit's own text still is
        # … and when React draws the icon again later.
        page.evaluate("document.querySelector('#icon').textContent = 'list'")
        page.wait_for_timeout(50)
        assert page.locator("#icon").inner_text() == "list"
    finally:
        context.close()
