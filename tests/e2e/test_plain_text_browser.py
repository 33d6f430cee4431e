"""Outside text against Streamlit's own Markdown renderer, in Chromium.

``tests/e2e/plain_text_app.py`` shows hostile texts — Markdown, HTML, addresses, Streamlit's
directives, icons, emoji and arrows, and texts made of such pieces at random — through
``ui.format.plain`` and ``ui.text.t`` in every kind of element that renders Markdown
(markdown, caption, alert, metric label, st.table cell, expander, select box, tab and button
labels), evidence links through ``ui.format.link`` and names in a Plotly legend through
``ui.format.chart_text``. Each element must show exactly the
text it was given (whitespace folded) and hold no element the text could have made: no
link, image, emphasis, HTML from the text, math, list, heading, icon or coloured span. An
http(s) evidence link is an ``<a target="_blank">`` to that address; anything else (a
``javascript:`` or ``data:`` address, an address without a scheme, a word) is no link.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import VIEWPORT, streamlit_server
from tests.ui.test_markdown_cells import HOSTILE, PIECES
from ui.format import web_address

MORE = [
    "**tebal** [klik](https://evil.example) <b>x</b> <script>alert(1)</script> "
    "https://auto.example :material/warning:",
    ":material_warning: :streamlit: :smile: :+1: :100: Dinas:smile x:material_info",
    "a -> b <- c <-> d -- e >= f <= g ~= h (->) a->b",
    "$x^2$ $$y$$ \\(z\\) ~~coret~~ ~x~ :red[merah] :small[kecil] :help[bantu] :red-badge[b]",
    "# judul\n- butir\n+ dua\n1. satu\n2) dua\n> kutip\n===\n---\n| a | b |\n|---|---|",
    "::: catatan\n::leaf[x]\n:::note\nisi\n:::",
    "&amp; &lt;b&gt; &#60;i&#62; &copy; A & B \\*x\\* `kode` ``dua``",
    "https://x.example/:material/warning: x:material/y :material/ :material_",
    "![img](https://x.example/a.png) [ref]: https://z.example [^1] [x][ref]",
    "baris satu\nbaris dua\n\nparagraf  \nbaris <br> baris",
    "Kata sandi terlalu pendek: minimal 10 karakter. 14:03:07 2025-11-29 -5 +62 #3 2.1",
    "- [ ] tugas <!-- komentar --> <https://y.id> <a href=\"javascript:alert(1)\">a</a>",
]
LINKS = [
    "https://ppid.example.go.id/sanggah.pdf",
    "HTTP://PPID.EXAMPLE.GO.ID/A?b=1&c=2#d",
    "https://x.example/a_(b)?q=1&amp;r=2#:material/warning:",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "www.ppid.example.go.id",
    "//evil.example/x",
    "ada",
    "[klik](https://evil.example)",
]
CHARTS = [
    "<b>tebal</b> <a href=\"https://evil.example\">klik</a> <i>x</i> %{x} &amp; &#60;",
    "Dinas <br>Kesehatan <sup>2</sup> :material/warning: **x**",
]
KINDS = ("markdown", "caption", "info", "lines", "sentence", "strong", "metric", "table",
         "expander", "selectbox", "tab", "button")
# What a text could make of an element if it were read as Markdown or HTML.
MADE = ("a, img, strong, em, b, i, u, del, s, script, iframe, .katex, [role=img], h1, h2, h3, "
        "h4, h5, h6, ul, ol, li, blockquote, hr, table, input, br, "
        "span[class*=stMarkdownColored], span[class*=stMarkdownBadge], "
        "streamlit-help-icon, [data-testid=stTooltipIcon]")


def random_texts(count: int) -> list[str]:
    """Texts of Markdown pieces, the same on every run."""
    rng = random.Random(9)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(3, 14)))
            for _ in range(count)]


def folded(text: str) -> str:
    return " ".join(text.split())


def lines_shown(text: str) -> str:
    """What ``plain(text, lines=True)`` shows: each line folded; an empty line a paragraph
    break (innerText shows line breaks; runs of them compared as one)."""
    rows = [folded(row) for row in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(rows).strip()


def squeeze(text: str) -> str:
    """innerText of Markdown with paragraphs and line breaks: runs of newlines as one."""
    return "\n".join(row.strip() for row in text.split("\n") if row.strip())


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [text for text in [*HOSTILE, *MORE, *random_texts(40)] if folded(text)]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, chromium: Any,
         texts: list[str]) -> Iterator[Any]:
    """plain_text_app.py served by Streamlit, open in Chromium, every element rendered."""
    folder = tmp_path_factory.mktemp("plain-text")
    cases = folder / "cases.json"
    cases.write_text(json.dumps({"texts": texts, "links": LINKS, "charts": CHARTS}),
                     encoding="utf-8")
    log = folder / "streamlit.log"
    with streamlit_server("tests/e2e/plain_text_app.py", {"PLAIN_TEXT_CASES": str(cases)},
                          log) as url:
        context = chromium.new_context(viewport=VIEWPORT)
        tab = context.new_page()
        tab.goto(url)
        tab.locator('.st-key-done, [data-testid="stException"]').first.wait_for(
            timeout=120_000)
        assert tab.locator('[data-testid="stException"]').count() == 0, tab.inner_text("body")
        # Elements and Markdown plugins (KaTeX, emoji) load lazily: a skeleton until then.
        tab.wait_for_timeout(1000)
        tab.wait_for_function(
            "document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
            timeout=120_000)
        tab.wait_for_timeout(500)
        try:
            yield tab
        finally:
            context.close()


def rendered(page: Any, n: int) -> dict[str, dict[str, Any]]:
    """Per kind: the text the reader sees, and the elements the Markdown made."""
    return dict(page.evaluate("""([n, kinds, made]) => Object.fromEntries(kinds.map(kind => {
        const box = document.querySelector(`.st-key-case-${n}-${kind}`);
        const where = kind === 'table' ? box.querySelector('td') :
            kind === 'metric' ? box.querySelector('[data-testid=stMetricLabel]') :
            kind === 'tab' ? box.querySelector('[role=tab]') :
            kind === 'expander' ? box.querySelector('summary [data-testid=stMarkdownContainer]') :
            box.querySelector('[data-testid=stMarkdownContainer], '
                              + '[data-testid=stCaptionContainer]');
        const markdown = [...box.querySelectorAll('[data-testid=stMarkdownContainer], '
                                                  + '[data-testid=stCaptionContainer]')];
        return [kind, {text: where ? where.innerText : null,
                       made: markdown.flatMap(m => [...m.querySelectorAll(made)])
                                     .map(e => e.outerHTML.slice(0, 160))}];
    }))""", [n, list(KINDS), MADE]))


def test_every_element_shows_the_text_as_it_is(page: Any, texts: list[str]) -> None:
    wrong = []
    for n, text in enumerate(texts):
        expected = folded(text)
        want = {kind: expected for kind in KINDS}
        want["lines"] = lines_shown(text)
        want["sentence"] = f"{expected}: {expected} ({expected})"
        want["strong"] = f"{expected} terdaftar (OPD); status: Diundang."
        for kind, seen in rendered(page, n).items():
            shown = seen["text"]
            shown = squeeze(shown) if kind == "lines" else folded(shown or "")
            if shown != (squeeze(want[kind]) if kind == "lines" else want[kind]):
                wrong.append(f"{kind} of {text!r}: shows {seen['text']!r}")
            made = seen["made"]
            if kind == "strong":  # the catalog's own bold, around the name
                made = [m for m in made if not m.startswith("<strong>")]
            if kind == "lines":  # the text's own line breaks
                made = [m for m in made if m != "<br>"]
            if made:
                wrong.append(f"{kind} of {text!r}: made {made}")
    assert not wrong, "\n".join(wrong[:40])


def test_only_http_links_are_links_opening_a_new_tab(page: Any) -> None:
    for n, text in enumerate(LINKS):
        box = page.locator(f".st-key-link-{n}")
        anchors = box.locator("a")
        address = web_address(text)
        assert box.inner_text().strip() == f"Bukti baru: {folded(text)}", text
        if address is None:
            assert anchors.count() == 0, (text, box.inner_html())
            continue
        assert anchors.count() == 1, (text, box.inner_html())
        anchor = anchors.first
        assert anchor.get_attribute("target") == "_blank"
        assert "noopener" in (anchor.get_attribute("rel") or "")
        assert unquote(anchor.get_attribute("href") or "") == unquote(address)
        assert anchor.inner_text() == address
    # Nowhere on the page a link the texts or links could have made.
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if not h.lower().startswith(("https://ppid.", "http://ppid.",
                                                              "https://x.example/", "#"))]


def test_chart_names_are_shown_as_they_are(page: Any) -> None:
    """Plotly reads HTML-like tags, entities and %{…} in a trace's name: none of it works."""
    for n, text in enumerate(CHARTS):
        chart = page.locator(f".st-key-chart-{n}")
        chart.locator(".legendtext").first.wait_for(timeout=60_000)
        legend = chart.locator(".legendtext").first
        assert legend.text_content() == text
        assert chart.locator("svg a, svg [font-weight=bold], svg .legendtext tspan").count() \
            == 0, chart.inner_html()[:2000]
