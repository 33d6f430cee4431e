"""Rounding and predikat bands at their published edges (KI Pusat bands, as in mini)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import ScoreRow, classify, next_band, rank_scores, round_score

D = Decimal


@pytest.mark.parametrize(("value", "expected"), [
    ("89.995", "90.00"), ("89.994", "89.99"), ("0.005", "0.01"), ("72", "72.00"),
    ("52.795", "52.80"), ("100", "100.00"), ("0", "0.00"), ("39.994999", "39.99"),
])
def test_round_score_half_up_to_two_decimals(value, expected):
    assert str(round_score(D(value))) == expected


def test_round_score_other_decimals():
    assert round_score(D("89.95"), 1) == D("90.0")
    assert str(round_score(D("89.5"), 0)) == "90"


@pytest.mark.parametrize(("final", "label"), [
    ("97.94", "Informatif"), ("93.43", "Informatif"), ("90.29", "Informatif"),
    ("90.00", "Informatif"), ("89.995", "Informatif"),  # → 90.00 → Informatif
    ("89.99", "Menuju Informatif"), ("89.36", "Menuju Informatif"),
    ("84.96", "Menuju Informatif"), ("80.92", "Menuju Informatif"),
    ("80.00", "Menuju Informatif"), ("79.994", "Cukup Informatif"),
    ("72.00", "Cukup Informatif"), ("60.34", "Cukup Informatif"),
    ("52.80", "Kurang Informatif"), ("40.00", "Kurang Informatif"),
    ("39.99", "Tidak Informatif"), ("0", "Tidak Informatif"), ("100", "Informatif"),
])
def test_published_finals_and_band_edges(mini, final, label):
    assert classify(D(final), mini).label == label
    assert classify(round_score(D(final)), mini).label == label


def test_half_up_case_through_rank_scores(mini):
    rows = rank_scores([ScoreRow("Dinas A", "opd", D("89.995")),
                        ("Dinas B", "opd", D("89.36"))], mini)
    assert [(r.badan_publik, r.final, r.predicate.label, r.rank) for r in rows] == [
        ("Dinas A", D("90.00"), "Informatif", 1),
        ("Dinas B", D("89.36"), "Menuju Informatif", 2),
    ]


def test_published_values_through_rank_scores(mini):
    published = ["97.94", "90.29", "89.36", "80.92", "60.34", "52.80", "39.99"]
    rows = rank_scores([(f"BP {v}", "opd", D(v)) for v in published], mini)
    assert [r.predicate.label for r in rows] == [
        "Informatif", "Informatif", "Menuju Informatif", "Menuju Informatif",
        "Cukup Informatif", "Kurang Informatif", "Tidak Informatif"]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5, 6, 7]


def test_next_band(mini):
    labels = [b.label for b in mini.bands]
    assert next_band(mini.bands[0], mini) is None
    assert next_band(mini.bands[-1], mini).label == labels[-2]
    assert next_band(classify(D("85"), mini), mini).label == "Informatif"


def test_other_band_edges_are_data(build):
    # KI Kalbar 2020 printed 85 / 70 / 65 / 30.
    def kalbar(d):
        d["bands"] = [
            {"label": "Informatif", "lower": 85, "colour": "#1B5E20"},
            {"label": "Menuju Informatif", "lower": 70, "colour": "#2E7D32"},
            {"label": "Cukup Informatif", "lower": 65, "colour": "#F9A825"},
            {"label": "Kurang Informatif", "lower": 30, "colour": "#EF6C00"},
            {"label": "Tidak Informatif", "lower": 0, "colour": "#C62828"},
        ]
    m = build.variant(kalbar)
    assert classify(D("84.995"), m).label == "Informatif"
    assert classify(D("69.99"), m).label == "Cukup Informatif"
    assert classify(D("29.99"), m).label == "Tidak Informatif"
