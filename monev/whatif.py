"""What-if: a cycle's answers, verifications and panel scores scored under another
methodology (an edited copy, another preset, a saved version), side by side with the stored
results, without writing anything. This is how a KI decides next year's weights.

:func:`what_if` reads the cycle's current stored results (the projection, ranked) and its
scoring inputs (:func:`monev.outcomes.inputs.build_cases`) in one read transaction, then
scores and ranks them with the other methodology (:func:`scoring.engine.score_all`,
:func:`scoring.ranking.rank`). Inputs the other methodology cannot use are left out and
reported, never silently: answers to question codes it does not have (``answer``), answers
that are not valid for its question of that code (``invalid``: e.g. the question became a
checklist), verifications likewise (``verification``, ``invalid_verification``), panel
scores of stages or aspects it does not have (``panel``), badan publik of categories it does
not have (``category``: they get no what-if score), and its new questions that nobody could
answer (``new_question``: they earn nothing). Under the cycle's own methodology nothing is
left out and the what-if equals the stored results exactly (a test checks every final,
predikat and rank).

Per badan publik: stored and what-if final score, predikat and rank; the rows that moved
come first (largest change of the final score first), each with why it moved
(:func:`why_moved`): a stage a gate now shuts or opens (the gate in the report card's
words, with the body's reading), stage and indicator weights of its category changed,
questions of its category added or removed, predikat bands moved, or only the other bodies'
scores (a rank). Rights: :attr:`Action.VIEW_SCORES` (admins, evaluators, officials): the
stored results of an open cycle are not yet public.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from monev import methodologies
from monev.cycles import load_cycle, methodology_of
from monev.errors import UsageError
from monev.outcomes import projection
from monev.outcomes.inputs import build_cases
from monev.permissions import Action, Actor, require
from monev.workspace import Workspace
from questionnaires import answer_types
from questionnaires.answer_types import InvalidAnswer
from questionnaires.loader import Registry
from questionnaires.methodology_diff import Change, diff_methodologies
from questionnaires.model import Methodology, Question, StageKind
from questionnaires.submission import NIL
from reports.formatting import plain, score
from scoring.engine import score_all
from scoring.explain import gate_sentence, stage_names
from scoring.inputs import Case, ScoringError
from scoring.plan import gc_paused
from scoring.ranking import rank
from scoring.results import Result, StageStatus

UNUSED_KINDS = ("category", "answer", "invalid", "verification", "invalid_verification",
                "panel", "new_question")
# What each kind means, for people (Bahasa Indonesia).
UNUSED_LABELS = {
    "category": "Kategori tidak ada dalam metodologi pembanding (badan publik tanpa nilai)",
    "answer": "Jawaban untuk pertanyaan yang tidak ada dalam metodologi pembanding",
    "invalid": "Jawaban yang tidak sah untuk pertanyaan berkode sama di metodologi pembanding",
    "verification": "Verifikasi untuk pertanyaan yang tidak ada dalam metodologi pembanding",
    "invalid_verification": "Verifikasi yang tidak sah untuk pertanyaan berkode sama di "
                            "metodologi pembanding",
    "panel": "Nilai panel untuk tahapan atau aspek yang tidak ada dalam metodologi pembanding",
    "new_question": "Pertanyaan baru yang belum dijawab siapa pun (bernilai 0)",
}


@dataclass(frozen=True, slots=True)
class MethodologyName:
    """Which methodology: id, version, title."""

    id: str
    version: str
    title: str

    @classmethod
    def of(cls, m: Methodology) -> MethodologyName:
        return cls(m.id, m.version, m.title)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One badan publik under one methodology: final score, predikat (label and colour)
    and rank in its category; all None when it has no score."""

    final: Decimal | None = None
    predicate: str | None = None
    colour: str | None = None
    rank: int | None = None

    @classmethod
    def of(cls, result: Result | None) -> Outcome:
        if result is None:
            return cls()
        band = result.predicate
        return cls(result.final, band.label if band else None, band.colour if band else None,
                   result.rank)


@dataclass(frozen=True, slots=True)
class Row:
    """One badan publik: stored and what-if outcome. `note` says why it moved
    (:func:`why_moved`) or why there is no what-if score (its category is not in the other
    methodology); "" for a body that did not move."""

    body_id: int
    name: str
    region: str
    category: str
    category_name: str
    status: str  # participation: submitted, late, not_submitted, not_registered
    status_label: str  # the same in Indonesian (Mengisi SAQ, Terlambat …), for people
    stored: Outcome
    whatif: Outcome
    note: str = ""

    @property
    def delta(self) -> Decimal | None:
        """What-if final minus stored final (None unless both exist)."""
        if self.stored.final is None or self.whatif.final is None:
            return None
        return self.whatif.final - self.stored.final

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative) in the category; None unless both
        ranks exist."""
        if self.stored.rank is None or self.whatif.rank is None:
            return None
        return self.stored.rank - self.whatif.rank

    @property
    def moved(self) -> bool:
        """Whether final score, predikat or rank differ."""
        a, b = self.stored, self.whatif
        return (a.final, a.predicate, a.rank) != (b.final, b.predicate, b.rank)


@dataclass(frozen=True, slots=True)
class Unused:
    """Inputs the other methodology could not use, by kind (see the module doc) and code
    (question code, ``stage/aspect``, category code); `label` names it as the cycle's
    methodology does (for a new question: as the other one does); `bodies` how many
    badan publik it concerns."""

    kind: str
    code: str
    label: str
    bodies: int

    @property
    def kind_label(self) -> str:
        return UNUSED_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A cycle scored under another methodology, beside its stored results."""

    cycle_id: int
    title: str
    ki: str
    year: int
    published: bool
    stored_methodology: MethodologyName
    other: MethodologyName
    same_definition: bool  # the other methodology defines exactly the cycle's own
    rows: tuple[Row, ...]  # movers first
    unused: tuple[Unused, ...]
    changes: tuple[Change, ...]  # from the cycle's methodology to the other
    # The changes as people read them (gates in the report card's words).
    change_lines: tuple[methodologies.ChangeLine, ...] = ()

    @property
    def movers(self) -> int:
        return sum(1 for r in self.rows if r.moved)

    @property
    def predicate_changes(self) -> int:
        return sum(1 for r in self.rows if r.stored.predicate != r.whatif.predicate)


# -- adapting the inputs -------------------------------------------------------------------------


class _Fits:
    """Whether a stored value is a valid answer of the other methodology's question (memoised)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, type, Any], bool] = {}

    def __call__(self, q: Question, value: Any) -> bool:
        if value is None:
            return True
        try:
            key = (q.code, type(value), value)
            found = self._seen.get(key)
        except TypeError:  # unhashable
            return self._check(q, value)
        if found is None:
            found = self._seen[key] = self._check(q, value)
        return found

    @staticmethod
    def _check(q: Question, value: Any) -> bool:
        if isinstance(value, str) and value == NIL:
            return q.allow_na
        try:
            answer_types.get(q.type).coerce(q, value)
        except (InvalidAnswer, ValueError, TypeError, KeyError):
            return False
        return True


class _Unused:
    """Badan publik per (kind, code) of the inputs left out."""

    def __init__(self) -> None:
        self.bodies: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, kind: str, code: str, body: str) -> None:
        self.bodies[(kind, code)].add(body)


def _adapt(case: Case, other: Methodology, fits: _Fits, unused: _Unused,
           aspects: dict[str, set[str]]) -> Case:
    """`case` with only the inputs `other` can score (the rest noted in `unused`)."""
    name = case.badan_publik
    submission = case.submission
    if submission is not None:
        kept: dict[str, Any] = {}
        for code, answer in submission.answers.items():
            q = other.question_by_code.get(code)
            if q is None:
                if answer.value is not None:
                    unused.add("answer", code, name)
            elif not fits(q, answer.value):
                unused.add("invalid", code, name)
            else:
                kept[code] = answer
        submission = submission.model_construct(**{
            **dict(submission), "answers": kept, "methodology_id": other.id,
            "methodology_version": other.version})
    verifications = {}
    for code, v in case.verifications.items():
        q = other.question_by_code.get(code)
        if q is None:
            unused.add("verification", code, name)
        elif not fits(q, v.value):
            unused.add("invalid_verification", code, name)
        else:
            verifications[code] = v
    panel = []
    for row in case.panel:
        if row.indicator in aspects.get(row.stage, ()):
            panel.append(row)
        else:
            unused.add("panel", f"{row.stage}/{row.indicator}", name)
    return replace(case, submission=submission, verifications=verifications,
                   panel=tuple(panel))


def _labels(own: Methodology, other: Methodology) -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {}
    for q in own.questions:
        for kind in ("answer", "invalid", "verification", "invalid_verification"):
            labels[(kind, q.code)] = q.text
    for q in other.questions:
        labels[("new_question", q.code)] = q.text
    for s in own.panel_stages:
        for i in own.indicators_of(s.code):
            labels[("panel", f"{s.code}/{i.code}")] = f"{s.name} — {i.name}"
    for c in own.categories:
        labels[("category", c.code)] = c.name
    return labels


def _score(cases: Sequence[Case], own: Methodology, other: Methodology,
           same: bool) -> tuple[dict[str, Result], list[Unused]]:
    """The ranked what-if results by badan publik name, and what was left out."""
    unused = _Unused()
    scorable: list[Case] = []
    if same:
        scorable = list(cases)
    else:
        fits = _Fits()
        aspects = {s.code: {i.code for i in other.indicators_of(s.code)}
                   for s in other.stages if s.kind is StageKind.PANEL}
        for case in cases:
            if other.category(case.category) is None:
                unused.add("category", case.category, case.badan_publik)
                continue
            scorable.append(_adapt(case, other, fits, unused, aspects))
        own_codes = set(own.question_by_code)
        for q in other.questions:
            if q.code in own_codes:
                continue
            for case in scorable:
                if case.submission is not None and q.applies_to(case.category):
                    unused.add("new_question", q.code, case.badan_publik)
    try:
        with gc_paused():
            ranked = rank(score_all(scorable, other), other)
    except ScoringError as exc:
        raise UsageError(f"Jawaban siklus ini tidak dapat dinilai dengan metodologi "
                         f"{other.id} versi {other.version}: {exc}.") from None
    labels = _labels(own, other)
    order = {kind: n for n, kind in enumerate(UNUSED_KINDS)}
    found = sorted((Unused(kind, code, labels.get((kind, code), ""), len(names))
                    for (kind, code), names in unused.bodies.items()),
                   key=lambda u: (order[u.kind], u.code))
    return {r.badan_publik: r for r in ranked}, found


# -- why a body moved -----------------------------------------------------------------------------


_LISTED = 3  # weights or question codes named in a note before "dan N lainnya"


def _some(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    return shown + (f" dan {len(items) - _LISTED} lainnya" if len(items) > _LISTED else "")


class _Differences:
    """What differs between two methodologies for the bodies of each category (weights and
    questions), worked out once per category."""

    def __init__(self, own: Methodology, other: Methodology) -> None:
        self.own, self.other = own, other
        self.own_names, self.other_names = stage_names(own), stage_names(other)
        self._by_category: dict[str, list[str]] = {}
        same_bands = [(b.label, b.lower) for b in own.bands] == \
            [(b.label, b.lower) for b in other.bands]
        self.bands = "" if same_bands else "batas predikat berubah"

    def of(self, category: str) -> list[str]:
        """Weights and questions that differ for a body of `category`."""
        found = self._by_category.get(category)
        if found is None:
            found = self._by_category[category] = self._work_out(category)
        return found

    def _work_out(self, category: str) -> list[str]:
        own, other = self.own, self.other
        parts = []
        stages = [f"{self.other_names[s.code]} {plain(o.weight)}% → {plain(s.weight)}%"
                  for s in other.stages if (o := own.stage_by_code.get(s.code)) is not None
                  and o.weight != s.weight]
        if stages:
            parts.append("bobot tahapan " + _some(stages))
        indicators = [f"{i.name} {plain(o.weight_for(category))}% → "
                      f"{plain(i.weight_for(category))}%"
                      for i in other.indicators
                      if (o := own.indicator_by_code.get(i.code)) is not None
                      and o.stage == i.stage and o.weight_for(category) != i.weight_for(category)]
        if indicators:
            parts.append("bobot indikator " + _some(indicators))
        asked = {q.code: q for q in own.questions_for(category)}
        asks = {q.code: q for q in other.questions_for(category)}
        added = [code for code in asks if code not in asked]
        removed = [code for code in asked if code not in asks]
        points = [f"{code} {plain(asked[code].points)} → {plain(q.points)}"
                  for code, q in asks.items() if code in asked
                  and asked[code].points != q.points]
        if added:
            parts.append(f"{len(added)} pertanyaan baru yang belum dijawab (0 poin): "
                         f"{_some(added)}")
        if removed:
            parts.append(f"{len(removed)} pertanyaan tidak ada lagi: {_some(removed)}")
        if points:
            parts.append("poin pertanyaan " + _some(points))
        return parts


def why_moved(before: Result, after: Result, differences: _Differences) -> str:
    """Why a body's what-if result differs from its stored one, in Indonesian: each stage a
    gate now shuts (``Visitasi / Uji Publik kini tidak dihitung (dinilai 0,00): syarat 3
    teratas per kategori di SAQ tidak terpenuhi (peringkat SAQ ke-5)``) or opens (``…
    kini dihitung; sebelumnya syarat SAQ ≥ 60 tidak terpenuhi (SAQ 58,16)``), then the
    weights and questions of its category that differ, the predikat bands; else that only
    its rank moved with the others' scores. Empty when nothing moved."""
    own, other = differences.own, differences.other
    parts = []
    for stage in other.stages:
        now, was = after.stages.get(stage.code), before.stages.get(stage.code)
        shut_now = now is not None and now.status is StageStatus.BELOW_GATE
        shut_before = was is not None and was.status is StageStatus.BELOW_GATE
        if shut_now and not shut_before:
            why = gate_sentence(after, stage.code, stage.gates, differences.other_names,
                                other.rounding.decimals)
            parts.append(f"{stage.name} kini tidak dihitung (dinilai {score(now.score)})"
                         + (f": {why}" if why else ""))
        elif shut_before and not shut_now:
            gates = own.stage_by_code[stage.code].gates if stage.code in \
                own.stage_by_code else ()
            why = gate_sentence(before, stage.code, gates, differences.own_names,
                                own.rounding.decimals)
            parts.append(f"{stage.name} kini dihitung" + (f"; sebelumnya {why}" if why
                                                           else ""))
    parts += differences.of(after.category)
    if differences.bands and (before.predicate and before.predicate.label) != (
            after.predicate and after.predicate.label):
        parts.append(differences.bands)
    if not parts:
        if before.final == after.final and before.rank != after.rank:
            parts.append("nilainya tetap; peringkat bergeser karena nilai badan publik lain "
                         "di kategorinya berubah")
        elif before.final != after.final:
            parts.append("nilai jawaban dihitung ulang dengan aturan poin metodologi "
                         "pembanding")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def _mover_key(row: Row, categories: dict[str, int]) -> tuple[Any, ...]:
    delta = row.delta
    size = abs(delta) if delta is not None else Decimal(101)  # no longer scored: first
    change = abs(row.rank_change or 0)
    return (-size, -change, categories.get(row.category, len(categories)), row.name)


def _rest_key(row: Row, categories: dict[str, int]) -> tuple[Any, ...]:
    r = row.stored.rank
    return (categories.get(row.category, len(categories)), r is None, r or 0, row.name)


def order_rows(rows: Iterable[Row], own: Methodology) -> tuple[Row, ...]:
    """Movers first (largest change of the final score, then of the rank), then the
    others by category and stored rank."""
    categories = {c.code: n for n, c in enumerate(own.categories)}
    rows = list(rows)
    movers = sorted((r for r in rows if r.moved), key=lambda r: _mover_key(r, categories))
    rest = sorted((r for r in rows if not r.moved), key=lambda r: _rest_key(r, categories))
    return (*movers, *rest)


# -- the use case ------------------------------------------------------------------------------


def what_if(db: Workspace, actor: Actor, cycle_id: int, other: Methodology) -> WhatIf:
    """Cycle `cycle_id` scored under `other` beside its stored results (nothing written).
    Raises NotFound, PermissionDenied, UsageError (inputs the engine refuses)."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        own = methodology_of(cycle)
        stored = projection.ranked(session, cycle)
        with gc_paused():
            cases, _ = build_cases(session, cycle, other)
        meta = (cycle.id, cycle.title, cycle.ki, cycle.year, cycle.status == "published")
    same = methodologies.definition_hash(other) == methodologies.definition_hash(own)
    scored, unused = _score(cases, own, other, same)
    names = {c.code: c.name for c in own.categories}
    differences = _Differences(own, other)
    rows = []
    for entry in stored:
        r = entry.result
        after = scored.get(r.badan_publik)
        before_outcome, after_outcome = Outcome.of(r), Outcome.of(after)
        if after is None:
            note = "" if other.category(r.category) is not None else \
                f"Kategori '{names.get(r.category, r.category)}' tidak ada dalam " \
                f"metodologi {other.id}."
        elif same or (r.final, before_outcome.predicate, r.rank) == (
                after.final, after_outcome.predicate, after.rank):
            note = ""
        else:
            note = why_moved(r, after, differences)
        rows.append(Row(entry.body_id, r.badan_publik, entry.region, r.category,
                        names.get(r.category, r.category), r.participation.value,
                        r.participation.label, before_outcome, after_outcome, note))
    changes = () if same else diff_methodologies(own, other)
    return WhatIf(*meta, MethodologyName.of(own), MethodologyName.of(other), same,
                  order_rows(rows, own), tuple(unused), changes,
                  methodologies.change_lines(changes, methodologies.stage_names(own, other)))


def default_comparison(db: Workspace, actor: Actor, cycle_id: int,
                       registry: Registry | None = None) -> Methodology:
    """What a cycle is compared with when nobody chose (the officials' download): the newest
    saved version of the cycle's own methodology id whose definition differs; else the
    newest methodology of the library (saved or preset), of the cycle methodology's year or
    later, with another definition and every category of the cycle's methodology; else the
    cycle's own (the what-if then equals the stored results, and says so)."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        own = methodology_of(load_cycle(session, cycle_id))
    items = methodologies.list_methodologies(db, actor, registry)
    digest = methodologies.definition_hash(own)
    others = [i for i in items if i.definition_sha256 != digest and i.year >= own.year]
    newest = sorted(others, key=lambda i: (i.year, not i.preset,
                                           i.saved_at.timestamp() if i.saved_at else 0.0),
                    reverse=True)
    codes = {c.code for c in own.categories}
    pick = next((i for i in newest if i.id == own.id and not i.preset), None) or next(
        (i for i in newest if codes <= set(i.categories)), None)
    if pick is None:
        return own
    return methodologies.load_methodology(db, actor, pick.ref, registry)


def what_if_ref(db: Workspace, actor: Actor, cycle_id: int, ref: str | None,
                registry: Registry | None = None) -> WhatIf:
    """:func:`what_if` with the methodology named by `ref` (a library ref or a file path:
    :func:`monev.methodologies.resolve`), or the :func:`default_comparison` when None."""
    other = default_comparison(db, actor, cycle_id, registry) if ref is None else \
        methodologies.resolve(db, actor, ref, registry)
    return what_if(db, actor, cycle_id, other)
