"""Agreement between the jurors of a panel stage, for the KI to look at before publication.

Pure (no I/O): :func:`agreement` takes the jurors' current scores of one stage and returns

- **Krippendorff's alpha** at the interval level, computed by the ``krippendorff`` package.
  A *unit* is one aspect of one badan publik; its values are the scores the jurors gave it.
  Only units scored by at least two jurors count (a single score agrees with nothing).
  α = 1 means the jurors agree exactly, α = 0 that they agree no more than chance would
  (their scores tell bodies apart no better than shuffled scores would), below 0 that they
  disagree systematically. Krippendorff's reading (*Content Analysis*, 2004, p. 241): α ≥
  0.800 reliable, 0.667 ≤ α < 0.800 only for tentative conclusions, below 0.667 not reliable.
  Alpha is not computed (``alpha`` None, ``missing`` says why) with fewer than
  :data:`MIN_JURORS` jurors or :data:`MIN_BODIES` badan publik scored by two jurors or more,
  or when every score is the same (the expected disagreement is then zero and alpha
  undefined, although the jurors agree).
- **Scores far from the others**: a juror's score of a unit is *far* when it differs from
  the median of the other jurors' scores of that unit by more than `threshold` points
  (default :data:`FAR_POINTS`, 15 points on the 0–100 scale). This needs at least two
  other jurors on the unit (with one other juror nobody can tell which of the two is far);
  units with fewer jurors are not checked. Per juror, the number of scores checked, the
  number far, and the mean difference from the others' median (negative: stricter than the
  others; positive: more generous).

The package builds, per call, arrays of units × distinct values² numbers; the units are
therefore given to it in chunks small enough to stay within :data:`CHUNK_CELLS` numbers,
and the chunks' observed disagreements are added up (exact: alpha is one minus observed
over expected disagreement, the observed one a sum over units, and the expected one at the
interval level ``2·Σ(v − mean)² / (n − 1)`` over all pairable values). One chunk is the
package's own result unchanged.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import krippendorff
import numpy as np

FAR_POINTS = Decimal(15)
MIN_JURORS = 2
MIN_BODIES = 2
RELIABLE = 0.800
TENTATIVE = 0.667
CHUNK_CELLS = 2_000_000  # units × distinct values² per call of the package
CENT = Decimal("0.01")


class Level(StrEnum):
    """How far alpha lets the KI rely on the jurors' scores (Krippendorff's reading)."""

    RELIABLE = "reliable"  # α ≥ 0.800
    TENTATIVE = "tentative"  # 0.667 ≤ α < 0.800
    LOW = "low"  # α < 0.667
    MISSING = "missing"  # not computed


class Missing(StrEnum):
    """Why alpha was not computed."""

    FEW_JURORS = "few_jurors"  # fewer than MIN_JURORS jurors on shared units
    FEW_BODIES = "few_bodies"  # fewer than MIN_BODIES bodies scored by two jurors or more
    NO_VARIATION = "no_variation"  # every score the same: alpha undefined


@dataclass(frozen=True, slots=True)
class Rating:
    """One juror's current score of one aspect of one badan publik."""

    body: Hashable  # e.g. the badan publik's id
    aspect: str
    juror: str
    score: Decimal


@dataclass(frozen=True, slots=True)
class FarScore:
    """A score more than the threshold away from the median of the other jurors' scores."""

    body: Hashable
    aspect: str
    juror: str
    score: Decimal
    others_median: Decimal
    difference: Decimal  # score − others_median (signed)


@dataclass(frozen=True, slots=True)
class JurorSummary:
    """One juror's scores against the others' (on units with at least two other jurors)."""

    juror: str
    scores: int  # all the juror's scores in the stage
    checked: int  # those with at least two other jurors on the same unit
    far: int  # of the checked, how many are far from the others' median
    mean_difference: Decimal | None  # mean of (score − others' median), 2 decimals


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement between a stage's jurors. `alpha` None when not computed (`missing`)."""

    alpha: float | None
    level: Level
    missing: Missing | None
    jurors: int  # jurors with a score on a unit another juror scored too
    bodies: int  # badan publik with such a unit
    units: int  # (badan publik, aspect) scored by two jurors or more
    values: int  # scores on those units
    threshold: Decimal
    far: tuple[FarScore, ...]  # largest difference first
    summaries: tuple[JurorSummary, ...]  # by juror name


def level_of(alpha: float | None) -> Level:
    """Krippendorff's reading of `alpha` (:class:`Level`)."""
    if alpha is None:
        return Level.MISSING
    if alpha >= RELIABLE:
        return Level.RELIABLE
    return Level.TENTATIVE if alpha >= TENTATIVE else Level.LOW


def _chunks(units: Sequence[Sequence[float]], cells: int) -> list[list[Sequence[float]]]:
    """`units` in consecutive groups whose units × distinct values² stays within `cells`
    (a unit alone may exceed it)."""
    out: list[list[Sequence[float]]] = []
    chunk: list[Sequence[float]] = []
    seen: set[float] = set()
    for unit in units:
        grown = seen | set(unit)
        if chunk and (len(chunk) + 1) * len(grown) ** 2 > cells:
            out.append(chunk)
            chunk, grown = [], set(unit)
        chunk.append(unit)
        seen = grown
    if chunk:
        out.append(chunk)
    return out


def _package_alpha(units: Sequence[Sequence[float]]) -> float:
    """The package's interval alpha of `units` (each a list of ≥ 2 values), as value
    counts over the distinct values (so juror identity does not matter, as in alpha)."""
    domain = sorted({v for unit in units for v in unit})
    index = {v: i for i, v in enumerate(domain)}
    counts = np.zeros((len(units), len(domain)), dtype=np.int64)
    for row, unit in enumerate(units):
        for value in unit:
            counts[row, index[value]] += 1
    return float(krippendorff.alpha(value_counts=counts, value_domain=domain,
                                    level_of_measurement="interval"))


def _spread(values: Iterable[float]) -> tuple[int, float]:
    """(n, Σ(v − mean)²) of `values`."""
    array = np.fromiter(values, dtype=np.float64)
    return len(array), float(((array - array.mean()) ** 2).sum()) if len(array) else 0.0


def interval_alpha(units: Sequence[Sequence[float]], *,
                   cells: int = CHUNK_CELLS) -> float | None:
    """Krippendorff's alpha (interval) of `units`, each the values given to one unit
    (units with fewer than two values are left out, as alpha does); None when it is
    undefined (no unit with two values, or every value the same). Computed by the
    ``krippendorff`` package, in chunks of at most `cells` numbers (see the module)."""
    pairable = [list(map(float, unit)) for unit in units if len(unit) >= 2]
    n, total = _spread(v for unit in pairable for v in unit)
    if n < 2 or total == 0:
        return None
    chunks = _chunks(pairable, cells)
    if len(chunks) == 1:
        return _package_alpha(chunks[0])
    observed = 0.0  # Σ over units of the observed disagreement's numerator
    for chunk in chunks:
        n_s, total_s = _spread(v for unit in chunk for v in unit)
        if total_s == 0:
            continue  # every value of the chunk the same: no disagreement in it
        expected_s = 2 * total_s / (n_s - 1)
        observed += n_s * (1 - _package_alpha(chunk)) * expected_s
    expected = 2 * total / (n - 1)
    return 1 - (observed / n) / expected


def _median(values: Sequence[Decimal]) -> Decimal:
    return Decimal(statistics.median(values))


def agreement(ratings: Iterable[Rating], *, threshold: Decimal = FAR_POINTS,
              cells: int = CHUNK_CELLS) -> Agreement:
    """Agreement between the jurors of one stage from their current scores (withdrawn
    scores left out by the caller). A juror scoring the same unit twice is an error of the
    caller (:class:`ValueError`)."""
    by_unit: dict[tuple[Hashable, str], dict[str, Decimal]] = defaultdict(dict)
    for r in ratings:
        unit = by_unit[(r.body, r.aspect)]
        if r.juror in unit:
            raise ValueError(f"two scores of juror {r.juror!r} for {r.body!r}/{r.aspect!r}")
        unit[r.juror] = r.score
    shared = {key: unit for key, unit in by_unit.items() if len(unit) >= 2}
    jurors = {juror for unit in shared.values() for juror in unit}
    bodies = {body for body, _ in shared}
    values = sum(len(unit) for unit in shared.values())
    alpha: float | None = None
    missing: Missing | None = None
    if len(jurors) < MIN_JURORS:
        missing = Missing.FEW_JURORS
    elif len(bodies) < MIN_BODIES:
        missing = Missing.FEW_BODIES
    else:
        alpha = interval_alpha([list(unit.values()) for unit in shared.values()], cells=cells)
        if alpha is None:
            missing = Missing.NO_VARIATION

    far: list[FarScore] = []
    differences: dict[str, list[Decimal]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for (body, aspect), unit in by_unit.items():
        for juror, score in unit.items():
            counts[juror] += 1
            if len(unit) < 3:
                continue
            median = _median([s for j, s in unit.items() if j != juror])
            difference = score - median
            differences[juror].append(difference)
            if abs(difference) > threshold:
                far.append(FarScore(body, aspect, juror, score, median, difference))
    far.sort(key=lambda f: (-abs(f.difference), f.juror.casefold(), str(f.body), f.aspect))
    summaries = tuple(JurorSummary(
        juror=juror, scores=counts[juror], checked=len(differences[juror]),
        far=sum(1 for f in far if f.juror == juror),
        mean_difference=(sum(differences[juror], Decimal(0)) / len(differences[juror])
                         ).quantize(CENT, ROUND_HALF_UP) if differences[juror] else None)
        for juror in sorted(counts, key=str.casefold))
    return Agreement(alpha=alpha, level=level_of(alpha), missing=missing, jurors=len(jurors),
                     bodies=len(bodies), units=len(shared), values=values,
                     threshold=threshold, far=tuple(far), summaries=summaries)
