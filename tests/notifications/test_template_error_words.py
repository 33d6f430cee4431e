"""A notification text the admin writes with a mistake is refused in Bahasa Indonesia, with
the part and line and how to fix it (Jinja2's own English only in parentheses)."""

from __future__ import annotations

import pytest

from monev.errors import UsageError
from notifications.templates import EVENTS, check_text

EVENT = next(iter(EVENTS))


def refusal(subject: str, body: str) -> str:
    with pytest.raises(UsageError) as caught:
        check_text(EVENT, subject, body)
    return caught.value.message


def test_an_unclosed_block_names_its_line_and_the_closing_tag():
    said = refusal("Pemberitahuan", "Yth. PPID,\n\n{% if true %}\nTerima kasih.")
    assert said.startswith("Isi baris ")
    assert "blok {% if %} belum ditutup — tambahkan {% endif %}" in said


def test_an_unknown_value_is_named():
    said = refusal("Nomor {{ nomor_surat }}", "Isi.")
    assert said.startswith("Subjek")
    assert "nilai 'nomor_surat' tidak dikenal untuk jenis notifikasi ini" in said


def test_reaching_inside_a_value_is_refused_as_unsafe():
    said = refusal("Pemberitahuan", "{{ ''.__class__ }}")
    assert said.startswith("Isi")
    assert "tidak diizinkan demi keamanan" in said
