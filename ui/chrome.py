"""Streamlit's own chrome in Bahasa Indonesia, or hidden where it cannot be.

Streamlit (1.67) has no language setting: its menu, its "Stop" button and the file
uploader's "Upload" and "200MB per file" are English, and ``st.file_uploader`` takes no
texts for them (streamlit/streamlit#13500 asks for it). Configuration covers part:
``client.toolbarMode = "minimal"`` would hide the ⋮ menu, but also the indicator that a
page is still working (the whole status widget), which users need during a long import or
export. So ``.streamlit/config.toml`` keeps ``"viewer"`` (no developer items) and this
style sheet, put on every page by ``app.py``, hides or relabels the rest:

- the ⋮ menu (Print, Record screen, Made with Streamlit, the theme): hidden;
- the status widget's buttons ("Stop"; "Rerun"/"Always rerun" after a code change):
  hidden, the running indicator itself (an animated icon, no text) stays;
- the uploader's button "Upload" reads "Pilih berkas", its limit "200MB per file" reads
  "Maks. 200 MB per berkas" (the number from ``server.maxUploadSize``);
- the hint under a text field ("Press Enter to apply", "Press Enter to submit form"):
  hidden; every form has its own button.

One rule is about our own static tables (``st.table``: the import report, a submission's
warnings): a code span in a cell (a file name, an address, shown literally by
:func:`ui.format.plain`) may break anywhere, so a long name without spaces does not take
the width the messages and fixes next to it need to be read.

Selectors are Streamlit's ``data-testid`` attributes (what its own tests use). Should a
later Streamlit rename one, the English text simply shows again;
``tests/e2e/test_chrome_browser.py`` notices. What stays English: the uploader's
"Drag and drop files here" while a file is dragged over it, file sizes ("21.4KB"), the
tooltips of a table's toolbar (search, download, full screen) and screen-reader labels.
"""

from __future__ import annotations

import streamlit as st

from ui.text import t_literal


def _css_text(text: str) -> str:
    """`text` as a CSS string literal (the texts are ours, but quote them properly)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def style_sheet(upload_mb: int) -> str:
    """The CSS that hides and relabels Streamlit's chrome (see the module docstring)."""
    button = _css_text(t_literal("chrome.upload.button"))
    limit = _css_text(t_literal("chrome.upload.limit", mb=upload_mb))
    dropzone = '[data-testid="stFileUploaderDropzone"]'
    return f"""
[data-testid="stMainMenu"] {{ display: none !important; }}
[data-testid="stStatusWidget"] button {{ display: none !important; }}
[data-testid="InputInstructions"] {{ display: none !important; }}
[data-testid="stTable"] td code {{ overflow-wrap: anywhere; }}
{dropzone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{
    font-size: 0 !important;
}}
{dropzone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after {{
    content: {button}; font-size: 0.875rem;
}}
{dropzone} [data-testid="stFileUploaderDropzoneInstructions"] span {{
    font-size: 0 !important;
}}
{dropzone} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
    content: {limit}; font-size: 0.875rem;
}}
"""


def hide_chrome() -> None:
    """Put the style sheet on the page (takes no space; call once per run)."""
    upload_mb = int(st.get_option("server.maxUploadSize"))
    st.html(f"<style>{style_sheet(upload_mb)}</style>")
