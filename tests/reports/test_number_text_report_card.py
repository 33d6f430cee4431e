"""The report card explains the points of ``number`` and ``text`` questions: the threshold a
number reached and what earns all the points, a text awaiting the verifikator or the points
the verifikator gave (tests/fixtures/angka-uraian.yaml; the PDF's text read with pypdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from questionnaires.loader import load_methodology
from questionnaires.submission import Answer, Submission
from reports.data import CycleMeta, category_stats, report_card
from reports.report_card import render_report_card
from scoring import Case, Result, Verification, rank, score_all

D = Decimal
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "angka-uraian.yaml"
LINK = "https://ppid.example.go.id/rekap.pdf"
TEXT = "Inovasi: permohonan lewat WhatsApp; SK Kepala Dinas No. 12/2025."
META = CycleMeta(cycle_id=1, ki="KI Uji", year=2025, title="Monev KIP 2025", published=False,
                 generated_at=datetime(2025, 11, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Entry:
    body_id: int
    region: str
    result: Result


def cards(verified: dict) -> dict:
    m = load_methodology(FIXTURE)
    answers = {"1.1": True, "1.2": D("85.5"), "1.3": D(12), "2.1": TEXT}
    sub = Submission(badan_publik="Dinas A", category="opd", methodology_id=m.id,
                     answers={c: Answer(question=c, value=v, evidence=LINK)
                              for c, v in answers.items()})
    cases = [Case("Dinas A", "opd", submission=sub,
                  verifications={c: Verification(c, v, "diperiksa") for c, v in
                                 verified.items()})]
    entries = [Entry(1, "Kota Uji", r) for r in rank(score_all(cases, m), m)]
    card = report_card(META, m, entries[0], category_stats(entries))
    return card, {line.code: line for line in card.lost}


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_unverified_text_waits_for_the_verifikator():
    card, lost = cards({})
    assert lost["2.1"].reason_text == "Menunggu penilaian verifikator"
    assert lost["1.2"].reason_text == "Angka 85,5% mencapai ambang ≥ 75% → 2 dari 4 poin"
    assert lost["1.3"].reason_text == "Angka 12 hari mencapai ambang > 10 hari → 1 dari 2 poin"
    text = pdf_text(render_report_card(card))
    assert "Menunggu penilaian verifikator" in text
    assert "mencapai ambang ≥ 75% → 2 dari 4 poin" in text


def test_verified_points_and_what_earns_the_rest():
    card, lost = cards({"2.1": D("3.5"), "1.2": D(80)})
    assert lost["2.1"].reason_text == ("Dinilai verifikator: 3,5 dari 5 poin; catatan "
                                       "verifikator: diperiksa")
    assert lost["1.2"].reason_text == ("Angka terverifikasi 80% mencapai ambang ≥ 75% → 2 dari "
                                       "4 poin; catatan verifikator: diperiksa")
    assert lost["1.2"].advice.startswith("Poin penuh untuk angka ≥ 90%")
    text = pdf_text(render_report_card(card))
    assert "Dinilai verifikator: 3,5 dari 5 poin" in text
    # A = (2 + 2 + 1) / 8 = 62,5, B = 3,5 / 5 = 70; final = 0,8 × (0,6 × 62,5 + 0,4 × 70)
    # = 52,4 (panel 0) → Kurang Informatif; Cukup needs 60. 1.2's 2 missing points of A's 8
    # are worth 2/8 × 60 × 0,8 = 12 final points, the most (2.1: 1,5/5 × 40 × 0,8 = 9,6):
    # the table towards the next predikat lists 1.2 alone, with the number type's advice.
    assert card.final == D("52.40")
    assert card.gap.questions == ("1.2",)
    assert "Poin penuh untuk angka ≥ 90%" in text
