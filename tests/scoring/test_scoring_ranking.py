"""Ranking per category: ties share a rank (1, 2, 2, 4), tie-breakers, non-participants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import Case, Participation, ScoringError, rank, rank_scores, score_all

D = Decimal
FULL_A_HALF_B = {"1.1": True, "1.2": frozenset("abc"), "2.1": 1}  # A 100, B 50 → SAQ 80
HALF_A_FULL_B = {"1.1": False, "1.2": frozenset("abc"), "2.1": 2}  # A 60, B 100 → SAQ 76


def _cases(build):
    return [
        # SAQ 80, panel 60 → 64 + 12 = 76.00
        build.case("Dinas A", "opd", FULL_A_HALF_B, panel={"J1": 60}),
        # SAQ 76 = 0.6 × 60 + 0.4 × 100, panel 76 → 60.8 + 15.2 = 76.00
        build.case("Dinas B", "opd", HALF_A_FULL_B, panel={"J1": 76}),
        build.case("Dinas C", "opd", HALF_A_FULL_B, panel={"J1": 76}),  # same as B
        # SAQ 80, panel 50 → 64 + 10 = 74.00
        build.case("Dinas D", "opd", FULL_A_HALF_B, panel={"J1": 50}),
    ]


def _table(results):
    return [(r.badan_publik, r.final, r.rank) for r in results]


def test_ties_share_a_rank_without_tie_breakers(build):
    m = build.variant(lambda d: d.update(tie_breakers=[]))
    ranked = rank(score_all(_cases(build), m), m)
    assert _table(ranked) == [
        ("Dinas A", D("76.00"), 1), ("Dinas B", D("76.00"), 1), ("Dinas C", D("76.00"), 1),
        ("Dinas D", D("74.00"), 4),
    ]


def test_saq_verified_separates_a_tie_and_equal_bps_share(mini, build):
    # mini: tie_breakers [saq_verified, panel]. A, B, C all 76.00; A's verified SAQ is
    # 80 against 76 → A first; B and C are equal in everything → share 2; D is 4th.
    ranked = rank(score_all(_cases(build), mini), mini)
    assert _table(ranked) == [
        ("Dinas A", D("76.00"), 1), ("Dinas B", D("76.00"), 2), ("Dinas C", D("76.00"), 2),
        ("Dinas D", D("74.00"), 4),
    ]


def test_panel_breaks_a_tie_of_final_and_saq(mini, build):
    # A: SAQ 80, panel 60 → 76.00. E: SAQ 80, panel 50, bonus +2 → 64 + 10 + 2 = 76.00.
    # Same final, same verified SAQ; panel 60 > 50 → A first.
    cases = [build.case("Dinas E", "opd", FULL_A_HALF_B, panel={"J1": 50}, bonuses=[2]),
             build.case("Dinas A", "opd", FULL_A_HALF_B, panel={"J1": 60})]
    assert _table(rank(score_all(cases, mini), mini)) == [
        ("Dinas A", D("76.00"), 1), ("Dinas E", D("76.00"), 2)]


def test_saq_raw_tie_breaker_and_none_lowest(build):
    m = build.variant(lambda d: d.update(tie_breakers=["saq_raw"]))
    # Both 54.40 verified (SAQ 68, no panel); F self-reported more before verification.
    base = {"1.1": True, "1.2": frozenset("ab"), "2.1": 1}
    cases = [build.case("Dinas G", "opd", base),
             build.case("Dinas F", "opd", {**base, "2.1": 2}, verified={"2.1": 1})]
    assert _table(rank(score_all(cases, m), m)) == [
        ("Dinas F", D("54.40"), 1), ("Dinas G", D("54.40"), 2)]


def test_non_participants_have_no_rank_and_come_last(mini, build):
    cases = [
        Case("Kecamatan Sepi", "opd", participation=Participation.NOT_SUBMITTED),
        Case("Badan Absen", "opd", participation=Participation.NOT_REGISTERED),
        build.case("Desa Maju", "desa", {"1.1": True}),
        build.case("Dinas Telat", "opd", {"1.1": True}, participation=Participation.LATE),
        *_cases(build),
    ]
    ranked = rank(score_all(cases, mini), mini)
    # Category order of the methodology (opd, desa); unranked by name after the ranked.
    assert [(r.category, r.badan_publik, r.rank) for r in ranked] == [
        ("opd", "Dinas A", 1), ("opd", "Dinas B", 2), ("opd", "Dinas C", 2),
        ("opd", "Dinas D", 4), ("opd", "Dinas Telat", 5),
        ("opd", "Badan Absen", None), ("opd", "Kecamatan Sepi", None),
        ("desa", "Desa Maju", 1),
    ]
    absent = next(r for r in ranked if r.badan_publik == "Kecamatan Sepi")
    assert absent.participation is Participation.NOT_SUBMITTED
    assert (absent.final, absent.predicate) == (None, None)
    telat = next(r for r in ranked if r.badan_publik == "Dinas Telat")
    assert telat.participation is Participation.LATE


def test_rank_scores_ties_and_missing(mini):
    rows = rank_scores([("D", "opd", D("80")), ("B", "opd", D("85.004")),
                        ("A", "opd", D("90")), ("C", "opd", D("84.995")),
                        ("X", "opd", None), ("Q", "desa", D("52.80"))], mini)
    assert [(r.badan_publik, r.final, r.rank) for r in rows] == [
        ("A", D("90.00"), 1), ("B", D("85.00"), 2), ("C", D("85.00"), 2), ("D", D("80.00"), 4),
        ("X", None, None), ("Q", D("52.80"), 1)]
    assert rows[4].predicate is None


def test_ranking_rejects_bad_input(mini, build):
    results = score_all([build.case("Dinas A", "opd", {})] * 2, mini)
    with pytest.raises(ScoringError, match="lebih dari sekali"):
        rank(results, mini)
    with pytest.raises(ScoringError, match="kategori"):
        rank_scores([("A", "kementerian", D(50))], mini)
    with pytest.raises(ScoringError, match="0–100"):
        rank_scores([("A", "opd", D(101))], mini)
