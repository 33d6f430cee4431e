"""The default texts read well with the values real events give them."""

from __future__ import annotations

from notifications import templates


def test_a_change_without_a_recorded_reason_says_so() -> None:
    # A verification that confirmed an earlier version's answer has no reason; a later
    # upload then differs from it. The mail must not end in a bare 'Alasan: '.
    text = templates.default_text("appeals_open")
    change = {"kode": "1.2", "pertanyaan": "Informasi keuangan?", "jawaban_mandiri": "a, b, c",
              "hasil_verifikasi": "a, b", "alasan": ""}
    shown = templates.render_text(text.subject, text.body, {
        "siklus": "Monev KIP 2025", "ki": "KI", "tahun": 2025, "badan_publik": "Dinas Kesehatan",
        "jumlah_pertanyaan": 3, "perubahan": [change], "tautan": "https://x/portal"})
    assert "Alasan: tidak dicatat (verifikator memeriksa jawaban versi sebelumnya" in shown.body
    assert "Alasan: \n" not in shown.body
    given = templates.render_text(text.subject, text.body, {
        "siklus": "S", "ki": "KI", "tahun": 2025, "badan_publik": "B", "jumlah_pertanyaan": 1,
        "perubahan": [{**change, "alasan": "SK tidak dilampirkan."}], "tautan": "t"})
    assert "Alasan: SK tidak dilampirkan.\n" in given.body
