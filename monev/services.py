"""Use cases shared by the CLI and (later) the app: list, template, score and rank.

Each function takes plain inputs, calls `questionnaires` to read and validate and
`scoring` to compute, and returns data; printing and exit codes are the CLI's business.
Expected failures are :class:`UsageError` with a message in Bahasa Indonesia.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from monev.errors import UsageError
from questionnaires.batch import BatchReader, BatchResult
from questionnaires.external import ScoredRow, read_scored
from questionnaires.loader import Registry, presets
from questionnaires.model import Methodology
from questionnaires.sources import read_paths
from questionnaires.template import write_template
from scoring.engine import score_all
from scoring.inputs import Case, Participation
from scoring.ranking import rank, rank_scores
from scoring.results import Result


@dataclass(frozen=True, slots=True)
class MethodologySummary:
    id: str
    title: str
    year: int
    categories: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "year": self.year,
                "categories": list(self.categories)}


def list_methodologies(registry: Registry | None = None) -> list[MethodologySummary]:
    registry = registry or presets()
    return [MethodologySummary(m.id, m.title, m.year, tuple(c.code for c in m.categories))
            for m in sorted(registry, key=lambda m: (m.year, m.id))]


def get_methodology(methodology_id: str, registry: Registry | None = None) -> Methodology:
    registry = registry or presets()
    methodology = registry.get(methodology_id)
    if methodology is None:
        raise UsageError(f"Metodologi '{methodology_id}' tidak dikenal. Yang tersedia: "
                         f"{', '.join(registry.ids)}.")
    return methodology


def make_template(methodology_id: str, category: str, target: str | Path | BinaryIO,
                  registry: Registry | None = None, *, ki: str | None = None,
                  year: int | None = None) -> Methodology:
    """Write the questionnaire workbook of one category of one methodology; `ki` and
    `year` (a cycle's) are what its sheets name, by default the methodology's own."""
    methodology = get_methodology(methodology_id, registry)
    if methodology.category(category) is None:
        known = ", ".join(f"{c.code} ({c.name})" for c in methodology.categories)
        raise UsageError(f"Kategori '{category}' tidak ada dalam metodologi {methodology.id}. "
                         f"Pilih salah satu: {known}.")
    write_template(methodology, category, target, ki=ki, year=year)
    return methodology


@dataclass(slots=True)
class ScoreRun:
    """The outcome of scoring a batch: every file's report and the ranked results."""

    batch: BatchResult
    results: list[Result] = field(default_factory=list)
    methodologies: dict[str, Methodology] = field(default_factory=dict)


def score_files(paths: Iterable[Path], methodology_id: str | None = None,
                registry: Registry | None = None) -> ScoreRun:
    """Read workbooks, tables and ZIPs; score and rank every accepted badan publik.

    Ranks are within (methodology, category) among the inputs. No evaluator data exists
    yet, so later stages are handled by each methodology's missing-stage policy. A
    questionnaire without a single answer (reader warning W406) did not fill the SAQ: its
    result has participation ``not_submitted``, no score and no rank — never a ranked 0,00.
    """
    registry = registry or presets()
    if methodology_id is not None:
        get_methodology(methodology_id, registry)
    batch = BatchReader(registry, methodology_id).read(list(read_paths(paths)))
    run = ScoreRun(batch)
    by_methodology: dict[str, list[Case]] = defaultdict(list)
    for submission in batch.submissions:
        by_methodology[submission.methodology_id].append(Case(
            badan_publik=submission.badan_publik, category=submission.category,
            participation=(Participation.NOT_SUBMITTED if submission.is_empty
                           else Participation.SUBMITTED),
            submission=submission))
    for mid in sorted(by_methodology):
        methodology = registry.get(mid)
        assert methodology is not None  # the reader only accepts known methodologies
        run.methodologies[mid] = methodology
        run.results += rank(score_all(by_methodology[mid], methodology), methodology)
    return run


def indicator_codes(methodologies: Iterable[Methodology]) -> list[str]:
    codes: list[str] = []
    for methodology in methodologies:
        codes += [i.code for i in methodology.indicators if i.code not in codes]
    return codes


def rank_file(path: Path, methodology_id: str,
              registry: Registry | None = None) -> tuple[Methodology, list[dict[str, Any]]]:
    """Predikat and rank for final scores computed elsewhere (raises ProblemsError)."""
    methodology = get_methodology(methodology_id, registry)
    sources = list(read_paths([path]))
    from questionnaires.errors import ProblemsError
    from questionnaires.sources import Rejected
    if isinstance(sources[0], Rejected):
        raise ProblemsError([sources[0].problem])
    rows: Sequence[ScoredRow] = read_scored(sources[0], methodology)
    ranked = rank_scores([(r.badan_publik, r.category, r.final) for r in rows], methodology)
    return methodology, [
        {"badan_publik": r.badan_publik, "kategori": r.category, "nilai_akhir": r.final,
         "predikat": r.predicate.label if r.predicate else None, "peringkat": r.rank}
        for r in ranked
    ]
