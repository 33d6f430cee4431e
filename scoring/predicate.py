"""Predikat: the band a final score falls in (bands are data, sorted high → low)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from questionnaires.model import Band, Methodology
from scoring.rounding import round_score


def band_for(rounded: Decimal, bands: Sequence[Band]) -> Band:
    """The band with the highest `lower` ≤ `rounded` (`bands` sorted high → low)."""
    for band in bands:
        if rounded >= band.lower:
            return band
    raise ValueError(f"nilai {rounded} di bawah semua predikat")


def sorted_bands(methodology: Methodology) -> tuple[Band, ...]:
    """The bands high → low (the model sorts them, but a model_copy(update=...) does not)."""
    return tuple(sorted(methodology.bands, key=lambda b: b.lower, reverse=True))


def classify(final: Decimal, methodology: Methodology) -> Band:
    """Predikat of `final`, rounded first with the methodology's rounding (89.995 → 90.00).

    Passing an already rounded final gives the same band; bands are half-open
    (``lower`` inclusive up to the next band's ``lower``).
    """
    return band_for(round_score(final, methodology.rounding.decimals), sorted_bands(methodology))


def next_band(band: Band, methodology: Methodology) -> Band | None:
    """The band just above `band`, or None for the top band."""
    above = [b for b in sorted_bands(methodology) if b.lower > band.lower]
    return above[-1] if above else None
