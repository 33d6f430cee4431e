"""Rounding of published scores: half-up to the methodology's decimals (2 by default).

Scores are computed with full :class:`~decimal.Decimal` precision and rounded only when
reported. Division leaves a residue in the 27th digit (``1/3 × 3 = 0.999…9``), which would
make an exact ``89.995`` come out as ``89.99499…`` and round down; :func:`round_score`
therefore first snaps the value to 20 decimals, far below any published precision.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

# A context of its own, so a caller's lower precision never changes a published score.
EXACT = Context(prec=34, rounding=ROUND_HALF_EVEN)
SNAP = Decimal("1e-20")
_STEPS = {d: Decimal(1).scaleb(-d) for d in range(0, 7)}


def step_of(decimals: int) -> Decimal:
    """The step of a score with `decimals` places: ``Decimal('0.01')`` for 2."""
    return _STEPS[decimals] if decimals in _STEPS else Decimal(1).scaleb(-decimals)


def round_score(value: Decimal, decimals: int = 2) -> Decimal:
    """`value` rounded half-up to `decimals` places: ``89.995`` → ``90.00``.

    :mod:`scoring.engine` inlines this in its per-BP path (same operations).
    """
    step = _STEPS[decimals] if decimals in _STEPS else Decimal(1).scaleb(-decimals)
    # Positional arguments: keyword arguments make Decimal.quantize three times slower.
    if value.adjusted() < 10:  # snap away division residue (values are 0–100 in practice)
        value = value.quantize(SNAP, ROUND_HALF_EVEN, EXACT)
    return value.quantize(step, ROUND_HALF_UP, EXACT)
