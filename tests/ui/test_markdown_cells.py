"""The Markdown cells of the app's static tables (``ui.format.plain``).

A cell shows exactly the text it was given (whitespace folded to single spaces): no link,
image, emphasis or Streamlit directive from an uploaded name or a cell value; an address
written as text (``https://…``, ``www.…``, an e-mail) is inline code, because
GitHub-flavoured Markdown links such text even when every character is escaped; a word
too long to wrap in a cell is inline code too, which breaks anywhere. The browser tests
(tests/e2e) check how the cells render.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ui.test_coordinator_page import markdown_shown
from ui.format import LONG_WORD, plain

# CommonMark's escapes and code spans (a fence is a whole run of backticks).
TOKENS = re.compile(r"\\(?P<char>[!-/:-@\[-`{-~])"
                    r"|(?<!`)(?P<fence>`+)(?!`)(?P<code>.+?)(?<!`)(?P=fence)(?!`)")
# What GitHub-flavoured Markdown links in a text node (``www.`` alone links to http://www).
LINKLIKE = re.compile(r"://|www\.|@", re.IGNORECASE)

HOSTILE = [
    "Isi dengan tautan lengkap yang dapat dibuka, mis. https://ppid.example.go.id/dip.",
    "[klik](https://contoh.invalid) *dinkes*.xlsx",
    "![gambar](http://x.invalid/a.png)",
    "kirim ke ppid@sukamaju.go.id atau (www.sukamaju.go.id).",
    "mailto:ppid@sukamaju.go.id xmpp:a@b.id HTTP://X.ID WWW.X.ID www. (www.)",
    "<https://x.invalid> <b>tebal</b> &amp; :red[merah] :smile: $x^2$ ~~coret~~",
    "# judul | kolom | 1. daftar - butir > kutipan \\ garis",
    "`kode` ``dua`` a`b@c `x@y`",
    "Dinas_Komunikasi_dan_Informatika_Kabupaten_Sukamaju_2025_final_revisi.xlsx",
    "kiriman.zip/opd/dinas-komunikasi-dan-informatika-kabupaten-sukamaju.xlsx",
    "  baris\tbaru\n dan  spasi  ",
    "",
]


def text_nodes(markdown: str) -> str:
    """The text Markdown shows outside code spans (escapes resolved; a code span breaks
    the text, as it does a link)."""
    return TOKENS.sub(lambda m: "\0" if m["fence"] else m["char"], markdown)


def unescaped(markdown: str) -> str:
    """What is left outside code spans once the escapes are taken out."""
    return TOKENS.sub("", markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_shows_its_text_and_no_link(text: str) -> None:
    cell = plain(text)
    assert markdown_shown(cell) == " ".join(text.split())
    assert "\n" not in cell
    assert not LINKLIKE.search(text_nodes(cell)), cell
    # Outside code spans every Markdown character is escaped.
    assert not re.search(r"[\\`*_{}\[\]()#+\-.!|<>~$:&]", unescaped(cell)), cell


def test_addresses_and_long_words_are_code_and_the_rest_plain() -> None:
    assert plain("mis. https://ppid.example.go.id/dip.") == (
        "mis\\. `https://ppid.example.go.id/dip`\\.")
    assert plain("(budi@x.id)") == "\\(`budi@x.id`\\)"
    assert plain("ke www. saja") == "ke `www`\\. saja"  # "www." alone is linked too
    long = "a" * (LONG_WORD + 1)
    assert plain(f"berkas {long}.xlsx") == f"berkas `{long}.xlsx`"
    assert plain("a" * LONG_WORD) == "a" * LONG_WORD
    assert plain("`x@y`") == "`` `x@y` ``"
    assert plain("Dinas Kesehatan") == "Dinas Kesehatan"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab@:/.w`\\*_[]()<>!$&~| \t\n'\"«»é")),
               max_size=60))
def test_any_text_is_shown_as_it_is(text: str) -> None:
    cell = plain(text)
    assert markdown_shown(cell) == " ".join(text.split())
    assert not LINKLIKE.search(text_nodes(cell)), cell
