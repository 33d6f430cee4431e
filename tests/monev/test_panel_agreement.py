"""Scores typed by jurors (Indonesian decimals) and the agreement between a stage's jurors.

Alpha is checked against values worked out by hand from Krippendorff's definition and
against the ``krippendorff`` package's documented example; the chunked computation (large
stages) against one call of the package.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import krippendorff
import numpy as np
import pytest

from monev.errors import UsageError
from monev.panel import parse_score
from monev.panel_agreement import (
    FAR_POINTS,
    Level,
    Missing,
    Rating,
    agreement,
    interval_alpha,
    level_of,
)
from reports.formatting import NumberTextError, parse_decimal
from ui import format as fmt

# -- typed numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value"), [
    ("85,5", Decimal("85.5")),
    ("85", Decimal("85")),
    ("1.000,5", Decimal("1000.5")),
    ("1.000", Decimal("1000")),  # the point groups thousands: never 1
    ("85.5", Decimal("85.5")),  # one point before one or two digits: a decimal point
    ("85.50", Decimal("85.50")),
    ("85.500", Decimal("85500")),  # three digits after the point: thousands
    (" 90,25 ", Decimal("90.25")),
    ("-2,5", Decimal("-2.5")),
    ("\N{MINUS SIGN}2,5", Decimal("-2.5")),
    (",5", Decimal("0.5")),
])
def test_parse_decimal_reads_indonesian_numbers(typed: str, value: Decimal) -> None:
    assert parse_decimal(typed) == value
    assert fmt.parse_decimal(typed) == value  # the app's name for it


@pytest.mark.parametrize(("typed", "kind"), [
    ("", "empty"), ("  ", "empty"), ("abc", "not_number"), ("85 5", "not_number"),
    ("1e3", "not_number"), ("NaN", "not_number"), ("8.5.1", "not_number"),
    ("\u0663", "not_number"), ("85,5,5", "not_number"),
])
def test_parse_decimal_refuses_what_is_not_a_number(typed: str, kind: str) -> None:
    with pytest.raises(NumberTextError) as caught:
        parse_decimal(typed)
    assert caught.value.kind == kind


@pytest.mark.parametrize(("typed", "places", "value"), [
    ("85,5", 2, Decimal("85.50")),
    ("85", 2, Decimal("85.00")),
    ("85.5", 2, Decimal("85.50")),
    ("85,55", 2, Decimal("85.55")),
    ("85,5", 1, Decimal("85.50")),
    ("100", 0, Decimal("100.00")),
    ("0", 2, Decimal("0.00")),
])
def test_parse_score_accepts(typed: str, places: int, value: Decimal) -> None:
    parsed = parse_score(typed, "Nilai aspek Komitmen", places=places)
    assert parsed == value
    assert parsed.as_tuple().exponent == -2  # stored with two decimals


@pytest.mark.parametrize(("typed", "places", "message"), [
    ("abc", 2, "Nilai aspek Komitmen 'abc' bukan angka. Tulis angka dengan koma desimal"),
    ("101", 2, "Nilai aspek Komitmen harus antara 0 dan 100; tertulis '101'."),
    ("-1", 2, "harus antara 0 dan 100; tertulis '-1'."),
    ("1.000,5", 2, "harus antara 0 dan 100; tertulis '1.000,5'. Tanda titik dibaca sebagai "
                   "pemisah ribuan; untuk desimal pakai koma"),
    ("85.555", 2, "Tanda titik dibaca sebagai pemisah ribuan"),
    ("85,555", 2, "'85,555' memiliki lebih dari 2 angka desimal; bulatkan, mis. 85,56."),
    ("85,55", 1, "'85,55' memiliki lebih dari 1 angka desimal; bulatkan, mis. 85,6."),
    ("85,5", 0, "'85,5' harus bilangan bulat (tanpa angka desimal), mis. 86."),
    ("", 2, "Nilai aspek Komitmen belum diisi"),
])
def test_parse_score_refuses_in_indonesian(typed: str, places: int, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_score(typed, "Nilai aspek Komitmen", places=places)
    assert message in caught.value.message


def test_parse_score_shows_numbers_with_a_comma() -> None:
    with pytest.raises(UsageError, match="'85,555' memiliki lebih dari 2"):
        parse_score(Decimal("85.555"), "Nilai panel")
    with pytest.raises(UsageError, match="antara -100 dan 100"):
        parse_score("-101", "Nilai tambahan", Decimal(-100))


# -- alpha --------------------------------------------------------------------------------------


def hand_alpha(units: list[list[int]]) -> Fraction:
    """Krippendorff's interval alpha from its definition, in exact fractions:
    1 − D_o / D_e with D_o = (1/n) Σ_u 1/(m_u − 1) Σ_{i≠j} (v_i − v_j)² and
    D_e = 1/(n(n − 1)) Σ_{c≠k} (v_c − v_k)² over all n pairable values."""
    pairable = [u for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    observed = sum((Fraction(sum((a - b) ** 2 for i, a in enumerate(u)
                                 for j, b in enumerate(u) if i != j), len(u) - 1)
                    for u in pairable), Fraction(0)) / n
    expected = Fraction(sum((a - b) ** 2 for i, a in enumerate(values)
                            for j, b in enumerate(values) if i != j), n * (n - 1))
    return 1 - observed / expected


def test_alpha_matches_a_hand_computed_value() -> None:
    # Three units scored by two jurors: (1, 2), (3, 3), (2, 4). Pairable values
    # 1 2 3 3 2 4 (n = 6, mean 2,5, Σ(v − mean)² = 5,5). Observed: ordered pairs within
    # units 1 + 1, 0 + 0, 4 + 4 → D_o = 10/6. Expected: Σ_{c≠k} (v_c − v_k)² = 2·6·5,5 = 66
    # → D_e = 66/30 = 2,2. Alpha = 1 − (10/6)/2,2 = 8/33.
    units = [[1, 2], [3, 3], [2, 4]]
    assert hand_alpha(units) == Fraction(8, 33)
    assert interval_alpha(units) == pytest.approx(8 / 33, abs=1e-12)


def test_alpha_matches_the_packages_documented_example() -> None:
    # krippendorff.alpha's docstring (Krippendorff's own example): interval 0.810845;
    # the missing values (nan) leave units with fewer coders.
    nan = np.nan
    data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    units = [[row[u] for row in data if not np.isnan(row[u])] for u in range(15)]
    assert round(interval_alpha(units) or 0, 6) == 0.810845
    ints = [[int(v) for v in unit] for unit in units]
    assert float(hand_alpha(ints)) == pytest.approx(interval_alpha(units), abs=1e-12)


def test_alpha_in_chunks_equals_one_call_of_the_package() -> None:
    rng = random.Random(7)
    units = [[rng.choice(range(40, 101)) / 2 for _ in range(rng.choice((2, 3, 3, 4)))]
             for _ in range(300)]
    reliability = np.full((4, len(units)), np.nan)
    for u, unit in enumerate(units):
        reliability[:len(unit), u] = unit
    whole = krippendorff.alpha(reliability_data=reliability, level_of_measurement="interval")
    assert interval_alpha(units) == pytest.approx(whole, abs=1e-9)  # one chunk
    assert interval_alpha(units, cells=5_000) == pytest.approx(whole, abs=1e-9)  # many
    # A chunk whose values are all the same adds no disagreement.
    same = [[80, 80]] * 20 + units
    reliability = np.full((4, len(same)), np.nan)
    for u, unit in enumerate(same):
        reliability[:len(unit), u] = unit
    whole = krippendorff.alpha(reliability_data=reliability, level_of_measurement="interval")
    assert interval_alpha(same, cells=200) == pytest.approx(whole, abs=1e-9)


def test_alpha_undefined() -> None:
    assert interval_alpha([[80, 80], [80, 80]]) is None  # one value: no expected disagreement
    assert interval_alpha([[80, 80], [70, 70]]) == 1.0  # exact agreement
    assert interval_alpha([[80], [70]]) is None  # no unit with two values
    assert level_of(None) is Level.MISSING
    assert (level_of(0.85), level_of(0.8), level_of(0.7), level_of(0.5)) == (
        Level.RELIABLE, Level.RELIABLE, Level.TENTATIVE, Level.LOW)


# -- a stage's agreement ------------------------------------------------------------------------


def ratings(table: dict[tuple[int, str], dict[str, int]]) -> list[Rating]:
    return [Rating(body, aspect, juror, Decimal(score))
            for (body, aspect), scores in table.items() for juror, score in scores.items()]


def test_agreement_of_a_stage_with_a_far_juror() -> None:
    table = {
        (1, "K"): {"Ani": 80, "Budi": 82, "Citra": 60},  # Citra 21 below the others' 81
        (1, "I"): {"Ani": 70, "Budi": 72, "Citra": 71},
        (2, "K"): {"Ani": 90, "Budi": 91, "Citra": 89},
        (2, "I"): {"Ani": 50, "Budi": 52},  # two jurors: not checked for far scores
        (3, "K"): {"Ani": 75},  # one juror: no agreement to measure
    }
    found = agreement(ratings(table))
    units = [list(s.values()) for key, s in table.items() if len(s) >= 2]
    assert found.alpha == pytest.approx(float(hand_alpha(units)), abs=1e-12)
    assert (found.jurors, found.bodies, found.units, found.values) == (3, 2, 4, 11)
    assert found.level is level_of(found.alpha)
    assert found.threshold == FAR_POINTS == Decimal(15)
    [far] = found.far
    assert (far.body, far.aspect, far.juror, far.score, far.others_median, far.difference) == (
        1, "K", "Citra", Decimal(60), Decimal(81), Decimal(-21))
    by_juror = {s.juror: s for s in found.summaries}
    assert (by_juror["Citra"].scores, by_juror["Citra"].checked, by_juror["Citra"].far) == (
        3, 3, 1)
    # Citra against the others' medians: 60 − 81, 71 − 71, 89 − 90.5 → mean −7,50.
    assert by_juror["Citra"].mean_difference == Decimal("-7.50")
    assert (by_juror["Ani"].scores, by_juror["Ani"].checked, by_juror["Ani"].far) == (5, 3, 0)
    # A lower threshold flags more; the difference must exceed it.
    assert len(agreement(ratings(table), threshold=Decimal(21)).far) == 0
    assert len(agreement(ratings(table), threshold=Decimal("20.99")).far) == 1


@pytest.mark.parametrize(("table", "missing"), [
    ({}, Missing.FEW_JURORS),
    ({(1, "K"): {"Ani": 80}, (2, "K"): {"Ani": 70}}, Missing.FEW_JURORS),
    ({(1, "K"): {"Ani": 80, "Budi": 70}, (1, "I"): {"Ani": 60, "Budi": 65}},
     Missing.FEW_BODIES),
    ({(1, "K"): {"Ani": 80, "Budi": 80}, (2, "K"): {"Ani": 80, "Budi": 80}},
     Missing.NO_VARIATION),
])
def test_agreement_not_computed_with_too_little(table: dict[tuple[int, str], dict[str, int]],
                                                missing: Missing) -> None:
    found = agreement(ratings(table))
    assert found.alpha is None
    assert found.missing is missing
    assert found.level is Level.MISSING


def test_agreement_refuses_two_scores_of_one_juror_for_one_unit() -> None:
    with pytest.raises(ValueError, match="two scores"):
        agreement([Rating(1, "K", "Ani", Decimal(80)), Rating(1, "K", "Ani", Decimal(70))])
