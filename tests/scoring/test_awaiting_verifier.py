"""A ``text`` answer the verifikator has not scored yet has its own reason, "Menunggu
penilaian verifikator" (Reason.AWAITING), not the generic "Dijawab tidak / tidak ada" of a
zero (tests/fixtures/angka-uraian.yaml: 2.1 text 5 pts in indicator B; B = 2.1 alone for
an OPD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from questionnaires.loader import load_methodology
from questionnaires.model import Methodology
from questionnaires.submission import Answer, Submission
from reports.data import CycleMeta, category_stats, report_card
from reports.report_card import _todo
from scoring import Case, Result, Verification, rank, score, score_all
from scoring.explain import lost_points
from scoring.reference import score_reference
from scoring.results import Reason

D = Decimal
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "angka-uraian.yaml"
LINK = "https://ppid.example.go.id/inovasi.pdf"
TEXT = "Inovasi: layanan permohonan lewat WhatsApp; SK Kepala Dinas No. 12/2025."


@pytest.fixture(scope="module")
def m() -> Methodology:
    return load_methodology(FIXTURE)


def case(answers: dict, verified: dict | None = None, evidence: str = LINK) -> Case:
    sub = Submission(badan_publik="Dinas A", category="opd", methodology_id="angka-uraian",
                     answers={c: Answer(question=c, value=v, evidence=evidence)
                              for c, v in answers.items()})
    return Case("Dinas A", "opd", submission=sub,
                verifications={c: Verification(c, v, "diperiksa")
                               for c, v in (verified or {}).items()})


def question(result: Result, code: str):
    return next(x for x in result.questions if x.code == code)


@pytest.mark.parametrize("evidence", [LINK, ""])
def test_an_unverified_text_awaits_the_verifikator(m, evidence):
    r = score(case({"1.1": True, "2.1": TEXT}, evidence=evidence), m)
    qs = question(r, "2.1")
    assert (qs.earned_raw, qs.earned) == (0, 0)
    assert (qs.reason_raw, qs.reason) == (Reason.AWAITING, Reason.AWAITING)
    assert qs.reason.label == "Menunggu penilaian verifikator"
    # 1.1 Ya scores as before; a plain "Tidak" is still a "no", not a wait.
    assert question(score(case({"1.1": False}), m), "1.1").reason is Reason.ANSWERED_NO
    # The fast engine and the plain reference agree.
    assert score_reference(case({"1.1": True, "2.1": TEXT}, evidence=evidence), m) == \
        score(case({"1.1": True, "2.1": TEXT}, evidence=evidence), m)


def test_points_the_verifikator_typed_are_not_a_wait(m):
    scored = question(score(case({"2.1": TEXT}, {"2.1": D("3.5")}), m), "2.1")
    assert (scored.earned, scored.reason) == (D("3.5"), Reason.OVERRIDDEN)
    zero = question(score(case({"2.1": TEXT}, {"2.1": D(0)}), m), "2.1")
    assert (zero.earned, zero.reason) == (0, Reason.OVERRIDDEN)  # a 0 given, not awaited
    full = question(score(case({"2.1": TEXT}, {"2.1": D(5)}), m), "2.1")
    assert full.reason is Reason.OVERRIDDEN
    assert question(score(case({}), m), "2.1").reason is Reason.NOT_ANSWERED


@dataclass(frozen=True)
class Entry:
    body_id: int
    region: str
    result: Result


def test_the_report_card_explains_the_wait(m):
    # B = 2.1 alone → 0 of 5 while it waits; its 5 points are worth 5/5 × 40 × 0,8 = 32 final
    # points.
    entries = [Entry(1, "Kota Uji", r) for r in rank(score_all([case(
        {"1.1": True, "2.1": TEXT})], m), m)]
    card = report_card(CycleMeta(cycle_id=1, ki="KI Uji", year=2025, title="Monev KIP 2025",
                                 published=False, generated_at=datetime(2025, 11, 1, tzinfo=UTC)),
                       m, entries[0], category_stats(entries))
    line = next(x for x in card.lost if x.code == "2.1")
    assert line.reason is Reason.AWAITING
    assert line.reason_text == "Menunggu penilaian verifikator"
    assert line.contribution == D("32.0000")
    assert _todo(line).startswith("Menunggu penilaian verifikator; pastikan tautan bukti")
    (lost,) = [lp for lp in lost_points(entries[0].result, m) if lp.question == "2.1"]
    assert lost.detail == "Menunggu penilaian verifikator"
