"""Outside text in Markdown (``ui.format.plain``, ``code``, ``link`` and ``ui.text.t``): the
cells of the app's static tables, messages, captions and labels.

A text is shown exactly as it was given (whitespace folded to single spaces, or its lines
kept with ``lines=True``): no link, image, emphasis, HTML or Streamlit directive, icon,
emoji or arrow from a name, a reason or a cell value. Characters that could start something
are escaped; a word Streamlit's renderer would rewrite *after* parsing — an address written
as text (``https://…``, ``www.…``, an e-mail), a shortcode (``:smile:``,
``:material_x:``), an arrow (``->``) — is inline code; a word too long to wrap in a cell is
inline code too, which breaks anywhere. Ordinary sentences stay as they are. The browser
tests (tests/e2e/test_plain_text_browser.py) check how Streamlit renders all of this.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ui.test_coordinator_page import markdown_shown
from ui.format import LONG_WORD, Markdown, code, link, plain, web_address
from ui.text import t, t_literal

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


# Outside code spans and escapes (masked): what must never be left unescaped anywhere…
UNSAFE = re.compile(r"[\\`*_\[\]<|~$]|:(?=[^\W\d])|&(?=[A-Za-z#])")
# …at the start of a line (a quote, a directive block, a heading, a list, an underline)…
UNSAFE_START = re.compile(r"[>:]|(#{1,6}|[-+]|[-=]+)( |$)|\d{1,9}[.)]( |$)")
# …and what the renderer rewrites in the text once escapes are resolved.
SHORTCODE = re.compile(r":(?:[\w+-]*[^\W\d][\w+-]*|[+-]1|100|1234):")
ARROW = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)")
# Words and pieces that start something, for the generated texts.
PIECES = ["https://", "http://x.id", "www.", "@", ":material/", ":material_", "warning:",
          ":smile:", ":streamlit:", "->", "<-", "--", ">=", "#", "1.", "2)", "-", "+", "=",
          ">", ":", "::", "`", "``", "\\", "*", "_", "[", "](", ")", "!", "<b>", "&amp;",
          "&#60;", "$", "~", "|", " ", "\n", "a", "Dinas", "14:03", "x"]


def assert_literal(markdown: str) -> None:
    """`markdown` can only be shown as its text: nothing unescaped starts a construct."""
    assert ":material/" not in markdown, markdown  # rewritten in the source, code included
    for line in markdown.split("  \n"):
        nodes = text_nodes(line)
        assert not LINKLIKE.search(nodes), line
        assert not SHORTCODE.search(nodes), line
        assert not ARROW.search(nodes.replace("\0", "x")), line
        assert not UNSAFE.search(TOKENS.sub("\0", line)), line
        assert not UNSAFE_START.match(line), line


def folded_lines(text: str) -> str:
    return "  \n".join(" ".join(line.split())
                       for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_shows_its_text_and_no_link(text: str) -> None:
    cell = plain(text)
    assert markdown_shown(cell) == " ".join(text.split())
    assert "\n" not in cell
    assert_literal(cell)


@pytest.mark.parametrize("text", HOSTILE)
def test_lines_are_kept_as_hard_breaks(text: str) -> None:
    shown = plain(text, lines=True)
    assert markdown_shown(shown) == folded_lines(text)
    assert_literal(shown)


def test_addresses_and_long_words_are_code_and_the_rest_plain() -> None:
    assert plain("mis. https://ppid.example.go.id/dip.") == (
        "mis. `https://ppid.example.go.id/dip`.")
    assert plain("(budi@x.id)") == "(`budi@x.id`)"
    assert plain("ke www. saja") == "ke `www`. saja"  # "www." alone is linked too
    long = "a" * (LONG_WORD + 1)
    assert plain(f"berkas {long}.xlsx") == f"berkas `{long}.xlsx`"
    assert plain("a" * LONG_WORD) == "a" * LONG_WORD
    assert plain("`x@y`") == "`` `x@y` ``"
    assert plain("Dinas Kesehatan") == "Dinas Kesehatan"


def test_ordinary_sentences_stay_as_they_are() -> None:
    for text in ("Kata sandi terlalu pendek: minimal 10 karakter.",
                 "ValueError 2025-11-29 14:03:07 WIB", "Nilai 2.1 naik (bobot 20 %); A & B",
                 "Ya/Tidak", "-5 poin", "+62 812 345", "#3", "Rp1.000,00!"):
        assert plain(text) == text


def test_what_starts_something_is_escaped_or_code() -> None:
    assert plain("**tebal** [klik](https://evil.example) <b>x</b> :material/warning:") == (
        "\\*\\*tebal\\*\\* \\[`klik](https://evil.example`) \\<b>x\\</b> "
        "\\:material\\/warning:")
    assert plain("# judul") == "\\# judul"
    assert plain("1. satu") == "1\\. satu"
    assert plain("- butir") == "\\- butir"
    assert plain("===") == "\\==="
    assert plain(">kutip") == "\\>kutip"
    assert plain("a -> b") == "a `->` b"
    assert plain(":smile: :+1: :100:") == "`:smile`: `:+1`: `:100`:"
    assert plain("https://x.id/:material/warning:") == "`https://x.id/`\\:`material/warning`:"
    assert plain("&amp; &#60;") == "\\&amp; \\&#60;"
    assert plain("baris satu\n- dua", lines=True) == "baris satu  \n\\- dua"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab@:/.w`\\*_[]()<>!$&~| \t\n'\"«»é#-+=019")),
               max_size=60))
def test_any_text_is_shown_as_it_is(text: str) -> None:
    cell = plain(text)
    assert markdown_shown(cell) == " ".join(text.split())
    assert_literal(cell)
    assert_literal(plain(text, lines=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_text_of_markdown_pieces_is_shown_as_it_is(text: str) -> None:
    cell = plain(text)
    assert markdown_shown(cell) == " ".join(text.split())
    assert_literal(cell)
    assert_literal(plain(text, lines=True))


# -- the catalog fills values in literally -----------------------------------------------------


def test_t_escapes_values_and_keeps_markdown_values() -> None:
    name = "**Dinas** [x](https://evil.example)"
    assert t("admin.bodies.added", name=name, category="OPD", status="Diundang") == (
        "**\\*\\*Dinas\\*\\* \\[`x](https://evil.example`)** terdaftar (OPD); "
        "status: Diundang.")
    # A Markdown value (another t(), plain(), link()) is filled in as it is.
    assert t("eval.appeal.evidence", link=link("https://ppid.example.go.id/a.pdf")) == (
        "Bukti baru: [`https://ppid.example.go.id/a.pdf`](https\\:\\/\\/ppid\\.example"
        "\\.go\\.id\\/a\\.pdf)")
    assert t("rank.published", at=Markdown("**x**")) == "Hasil sudah ditetapkan (**x**)."
    assert isinstance(t("rank.title"), Markdown)
    # In backticks the value is the code span itself, never escaped inside it.
    assert t("admin.cycles.stage.heading", name="SAQ", code="saq_1", weight="40%",
             state=t("admin.cycles.stage.open")) == "**SAQ** · bobot 40% · terbuka"
    # A colon of the text right after the value cannot close a shortcode the value opens.
    assert t("rank.drill.stage", name="Dinas:smile", score="1", status="ok") == (
        "`Dinas:smile`: 1 (ok)")
    assert t_literal("eval.review.last", value="Ya", by="**B**", at="1 Des 2025 10:00 WIB") \
        == "Ya oleh **B**, 1 Des 2025 10:00 WIB"


# -- evidence links -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "address"), [
    ("https://ppid.example.go.id/dip.pdf", "https://ppid.example.go.id/dip.pdf"),
    ("  HTTP://X.ID/a?b=1&c=2#d  ", "HTTP://X.ID/a?b=1&c=2#d"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("file:///etc/passwd", None),
    ("www.ppid.example.go.id", None),
    ("https:evil.example", None),
    ("https:///x", None),
    ("https://x.id/a b", None),
    ("https://x.id\\@evil.example", None),
    ("https://x.id/\u202egpj.exe", None),
    ("ada", None),
    ("", None),
])
def test_web_address_only_http_and_https(text: str, address: str | None) -> None:
    assert web_address(text) == address


@pytest.mark.parametrize("text", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ada",
                                  "www.x.id", "[klik](https://evil.example)"])
def test_link_shows_anything_else_as_text(text: str) -> None:
    assert link(text) == plain(text)


def test_link_destination_is_the_address() -> None:
    shown = link("https://x.example/a_(b)?q=1&amp;r=2#:material/warning:")
    label, destination = re.fullmatch(r"\[(.*)\]\((.*)\)", shown).groups()
    assert markdown_shown(label) == "https://x.example/a_(b)?q=1&amp;r=2#:material/warning:"
    assert ":material/" not in shown
    # Backslash escapes resolved: the address, its parentheses percent-encoded.
    assert re.sub(r"\\(.)", r"\1", destination) == (
        "https://x.example/a_%28b%29?q=1&amp;r=2#:material/warning:")
    assert code("a`b") == "``a`b``"
    assert code("   ") == ""
