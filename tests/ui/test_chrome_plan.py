"""ui/chrome.py's table of Streamlit's English: every text is in the catalog, every pattern
is a valid regular expression whose groups fill its text, and the script survives
Streamlit's sanitizer. (The script itself runs in Chromium:
tests/e2e/test_chrome_script_browser.py.)"""

from __future__ import annotations

import re

import pytest

from ui import chrome
from ui.text import TEXT


def python_regex(source: str) -> re.Pattern[str]:
    """A pattern of the table in Python's syntax (named groups: (?P<name>…))."""
    return re.compile(source.replace("(?<", "(?P<"))


def test_every_text_is_in_the_catalog() -> None:
    keys = [*chrome.EXACT.values(), *(key for _, key in chrome.PATTERNS),
            *chrome.DATE_PARTS.values()]
    assert sorted(set(keys) - set(TEXT)) == []
    assert all(key.startswith("chrome.") for key in keys)


def test_no_english_text_is_left_as_it_was() -> None:
    """A translation equal to the English would be a forgotten one."""
    same = {english for english, key in chrome.EXACT.items() if TEXT[key] == english}
    assert same == set()


@pytest.mark.parametrize(("source", "key"), chrome.PATTERNS)
def test_each_pattern_fills_its_text(source: str, key: str) -> None:
    regex = python_regex(source)
    assert source.startswith("^")
    assert source.endswith("$")
    assert chrome.template_fields(key) <= set(regex.groupindex), key


@pytest.mark.parametrize(("english", "groups"), [
    ("Help for Kata sandi awal", {"label": "Kata sandi awal"}),
    ("22.3KB", {"num": "22.3", "unit": "KB"}),
    ("200MB per file", {"num": "200", "unit": "MB"}),
    ("kuesioner.zip, 1.5MB", {"name": "kuesioner.zip", "num": "1.5", "unit": "MB"}),
    ("File must be 200.0MB or smaller.", {"num": "200.0", "unit": "MB"}),
    ("July 31, 2025", {"month": "July", "day": "31", "year": "2025"}),
    ("day, Batas waktu (WIB)", {"label": "Batas waktu (WIB)"}),
])
def test_patterns_read_streamlits_texts(english: str, groups: dict[str, str]) -> None:
    for source, _ in chrome.PATTERNS:
        match = python_regex(source).match(english)
        if match:
            assert {k: v for k, v in match.groupdict().items() if v is not None} == groups
            return
    raise AssertionError(f"no pattern for {english!r}")


def test_months_come_from_babel() -> None:
    assert chrome.MONTHS["July"] == "Juli"
    assert chrome.MONTHS["December"] == "Desember"
    assert len(chrome.MONTHS) == 12


def test_the_script_passes_streamlits_sanitizer() -> None:
    """DOMPurify (st.html) drops a script whose text holds "<" before a letter or "/"."""
    script = chrome.script()
    assert "<" not in script
    assert '"lang": "id"' in script
    assert "Langsung ke isi halaman" in script
