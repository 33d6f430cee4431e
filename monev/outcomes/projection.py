"""Current results as a projection of the history (stored, never re-scored on read).

Every participant of a cycle has one :class:`~storage.models.BodyResult` row: its current
result, unranked (ranks depend on the others and are assigned when the cycle is read).
The row is written in the same transaction as every write that changes the body's score —
a new submission, a verification or its withdrawal, a juror's score, a bonus, an appeal
decision (a verification), a participation change, a renamed or re-categorised badan
publik, a website-monitoring run that finishes when the methodology scores a monitoring
stage (:func:`refresh_monitored`, called by :mod:`monitoring.runs`) — so reading a cycle's
results reads rows and ranks them, whatever wrote the data.

How: a unit of work on every SQLAlchemy :class:`~sqlalchemy.orm.Session`. ``after_flush``
(:func:`touched`) notes the (cycle, badan publik) pairs touched by the rows flushed;
``before_commit`` (:func:`maintain`) scores those badan publik again from the history
(:func:`monev.outcomes.inputs.score_bodies`) and writes their rows, bumping the cycle's
``generation``. The listeners are registered when :mod:`monev` is imported
(:mod:`monev.outcomes.upkeep`). Writes that bypass the ORM (bulk Core inserts: a backup restore,
seeding) must call :func:`rebuild`; a cycle without projection rows, or with rows computed
on another basis (another methodology definition or :data:`RULES` version), is rebuilt
the next time it is read or written.

Concurrency: refreshing a cycle's rows first takes the row lock of its
:class:`~storage.models.ResultProjection` (``UPDATE … generation + 1``); on PostgreSQL
(READ COMMITTED) the scoring queries that follow see every transaction committed before
the lock was granted, so two verifications of the same badan publik saved at once cannot
leave a row that misses one of them. SQLite serialises writers anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Text, cast, delete, func, insert, select, update
from sqlalchemy.orm import Session

from monev.cycles import methodology_of
from monev.outcomes.inputs import CycleResult, compute, score_bodies
from questionnaires.lru import LRU
from questionnaires.model import Band, Methodology
from scoring.gates import gate_reads
from scoring.inputs import Bonus as BonusInput
from scoring.inputs import Participation
from scoring.plan import gc_paused
from scoring.ranking import rank
from scoring.results import (
    IndicatorScore,
    QuestionScore,
    Reason,
    Result,
    SiteItemScore,
    StageScore,
    StageStatus,
    new_result,
    new_stage_score,
)
from storage.db import READ_ONLY
from storage.models import (
    Answer,
    BadanPublik,
    BodyResult,
    Bonus,
    Cycle,
    Event,
    MonitoringRun,
    MonitoringSite,
    PanelScore,
    ResultProjection,
    Submission,
    Verification,
    utcnow,
)
from storage.models import Participation as ParticipationRow
from storage.queries import value_from_json, value_to_json

# The version of how results are computed and encoded here. Bump it when a change to
# scoring/ gives other results for the same data, or when the encoding below changes:
# every cycle's rows are then rebuilt on first use.
RULES = "4"

_HISTORY = (Submission, Verification, PanelScore, Bonus, ParticipationRow)


# -- encoding -----------------------------------------------------------------------------------


def basis_of(cycle: Cycle) -> str:
    """What a cycle's rows are computed with: :data:`RULES` and the methodology's hash."""
    frozen = json.dumps(cycle.methodology, sort_keys=True, ensure_ascii=False)
    return f"{RULES}:{hashlib.sha256(frozen.encode()).hexdigest()[:40]}"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def encode(entry: CycleResult) -> dict[str, Any]:
    """The row values (without cycle and generation) of one body's result."""
    r = entry.result
    summary = {
        # "code:raw:verified;…" (None as ""): one string parses and splits several times
        # faster than a list of lists; codes (CODE_PATTERN) and decimals hold no ":" or ";"
        "i": ";".join(f"{s.code}:{_text(s.raw) or ''}:{_text(s.verified) or ''}"
                      for s in r.indicators.values()),
        "s": [[s.code, _text(s.score), s.status.value, s.counted, _text(s.raw),
               {j: str(v) for j, v in s.jurors.items()}]
              # what later gates read (exact score, rank), only where a gate reads it
              + ([_text(s.exact), s.rank] if s.exact is not None or s.rank is not None
                 else []) for s in r.stages.values()],
        "sr": _text(r.saq_raw), "sv": _text(r.saq_verified), "b": _text(r.bonus),
        "bs": [[b.code, str(b.points), b.reason] for b in r.bonuses],
        "f": _text(r.final), "fx": _text(r.final_exact),
        "p": r.predicate.label if r.predicate else None, "n": dict(r.notes),
    }
    detail: dict[str, Any] = {
        "q": [[q.code, q.indicator, str(q.possible), str(q.earned_raw), str(q.earned),
               q.reason_raw.value, q.reason.value, value_to_json(q.value),
               value_to_json(q.verified), q.flagged, str(q.possible_raw), q.nil]
              for q in r.questions],
    }
    if r.site:  # the items of a monitoring stage (only then: other rows stay as they were)
        detail["w"] = [[i.stage, i.question, str(i.possible), str(i.earned), i.found,
                        None if i.checked_at is None else i.checked_at.isoformat(), i.url,
                        i.pages, i.detail] for i in r.site]
    return {"badan_publik_id": entry.body_id, "name": r.badan_publik, "region": entry.region,
            "category": r.category, "status": r.participation.value, "final": r.final,
            "summary": summary, "detail": detail}


class _Decoder:
    """Rows back to results; equal parts (Decimals, indicator and stage scores) are shared.

    Reading a cycle decodes ~10 indicators and 2–3 stages for each of thousands of rows:
    those are looked up by their encoded values and built once, and results are made with
    :func:`scoring.results.new_result` (every field given, no per-field checks)."""

    def __init__(self, methodology: Methodology) -> None:
        self.methodology = methodology
        self.bands: dict[str, Band] = {b.label: b for b in methodology.bands}
        self.decimals: dict[str | None, Decimal | None] = {None: None}
        self.indicators_known: dict[str, IndicatorScore] = {}
        self.stage_of = {i.code: i.stage for i in methodology.indicators}
        self.stages: dict[tuple[Any, ...], StageScore] = {}
        self.statuses = {p.value: p for p in Participation}
        self.stage_statuses = {s.value: s for s in StageStatus}

    def dec(self, text: str | None) -> Decimal | None:
        found = self.decimals.get(text)
        if found is None and text is not None:
            found = self.decimals[text] = Decimal(text)
        return found

    def indicators(self, text: str) -> dict[str, IndicatorScore]:
        """Indicator code → score, from a row's ``"code:raw:verified;…"``."""
        known, out = self.indicators_known, {}
        for key in text.split(";"):
            score = known.get(key) or self._indicator(key)
            out[score.code] = score
        return out

    def _indicator(self, key: str) -> IndicatorScore:
        code, raw, verified = key.split(":")
        score = self.indicators_known[key] = IndicatorScore(code, self.stage_of[code],
                                                      self.dec(raw or None),
                                                      self.dec(verified or None))
        return score

    def _stage(self, key: tuple[Any, ...], entry: list[Any]) -> StageScore:
        code, score, st, counted, raw, jurors = entry[:6]
        exact, rank = entry[6:8] if len(entry) > 6 else (None, None)
        dec = self.dec
        stage = self.stages[key] = new_stage_score(
            code, dec(score), self.stage_statuses[st], counted, dec(raw),
            {j: dec(v) for j, v in jurors.items()}, dec(exact), rank)
        return stage

    def result(self, name: str, category: str, status: str, summary: Mapping[str, Any],
               detail: Mapping[str, Any] | None = None) -> Result:
        decimals, stages_known = self.decimals, self.stages
        indicators = _Indicators(summary["i"], self) if summary["i"] else {}
        stages: dict[str, StageScore] = {}
        for entry in summary["s"]:
            jurors = entry[5]
            key = (*entry[:5], *entry[6:], *jurors.items()) if jurors or len(entry) > 6 \
                else tuple(entry[:5])
            stages[entry[0]] = stages_known.get(key) or self._stage(key, entry)
        questions: tuple[QuestionScore, ...] = ()
        site: tuple[SiteItemScore, ...] = ()
        if detail is not None and "w" in detail:
            site = tuple(
                SiteItemScore(stage, code, Decimal(possible), Decimal(earned), found,
                              None if at is None else datetime.fromisoformat(at), url, pages,
                              why)
                for stage, code, possible, earned, found, at, url, pages, why in detail["w"])
        if detail is not None:
            questions = tuple(
                QuestionScore(code, indicator, Decimal(possible), Decimal(earned_raw),
                              Decimal(earned), Reason(reason_raw), Reason(reason),
                              value_from_json(value), value_from_json(verified), flagged,
                              Decimal(possible_raw), nil)
                for code, indicator, possible, earned_raw, earned, reason_raw, reason, value,
                verified, flagged, possible_raw, nil in detail["q"])
        m, dec, get = self.methodology, self.dec, decimals.get
        bonuses = summary["bs"]
        predicate = summary["p"]
        return new_result(
            name, category, m.id, m.version, self.statuses[status], questions, summary["n"],
            indicators, get(summary["sr"]) or dec(summary["sr"]),
            get(summary["sv"]) or dec(summary["sv"]), stages,
            get(summary["b"]) or dec(summary["b"]),
            tuple(BonusInput(code, Decimal(points), reason)
                  for code, points, reason in bonuses) if bonuses else (),
            get(summary["f"]) or dec(summary["f"]),
            self.bands.get(predicate) if predicate else None, None,
            get(summary["fx"]) or dec(summary["fx"]), site)


class _Indicators(Mapping[str, IndicatorScore]):
    """A stored result's indicator scores, decoded when first used.

    Ranking a cycle never looks at them; a report card, the dashboard or an export does, for
    some of the results. A read-only mapping equal to the ``dict`` it stands for (``==``,
    pickling); safe to share between threads (two first uses decode the same thing)."""

    __slots__ = ("_decoded", "_decoder", "_text")

    def __init__(self, text: str, decoder: _Decoder) -> None:
        self._text, self._decoder = text, decoder
        self._decoded: dict[str, IndicatorScore] | None = None

    def _scores(self) -> dict[str, IndicatorScore]:
        decoded = self._decoded
        if decoded is None:
            decoded = self._decoded = self._decoder.indicators(self._text)
        return decoded

    def __getitem__(self, code: str) -> IndicatorScore:
        return self._scores()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._scores())

    def __len__(self) -> int:
        return len(self._scores())

    def __contains__(self, code: object) -> bool:
        return code in self._scores()

    def get(self, code: str, default: Any = None) -> Any:
        return self._scores().get(code, default)

    def __eq__(self, other: object) -> bool:
        return self._scores() == (other._scores() if isinstance(other, _Indicators) else other)

    __hash__ = None  # type: ignore[assignment]  # like the dict it stands for

    def __repr__(self) -> str:
        return repr(self._scores())

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (self._scores(),)


# -- writing -----------------------------------------------------------------------------------


def _insert(session: Session, cycle_id: int, generation: int,
            entries: Iterable[CycleResult]) -> int:
    rows = [{**encode(e), "cycle_id": cycle_id, "generation": generation} for e in entries]
    if rows:
        session.execute(insert(BodyResult), rows)
    return len(rows)


def rebuild(session: Session, cycle: Cycle) -> int:
    """Compute every participant's row of `cycle` again from the history (in the caller's
    write transaction); returns the number of rows. Used after bulk writes and when the
    rows were computed on another basis; `python -m monev results rebuild` runs it."""
    with gc_paused():
        entries = score_bodies(session, cycle)
        meta = session.get(ResultProjection, cycle.id, with_for_update=True)
        if meta is None:
            meta = ResultProjection(cycle_id=cycle.id, basis=basis_of(cycle), generation=0)
            session.add(meta)
        meta.generation += 1
        meta.basis = basis_of(cycle)
        meta.built_at = utcnow()
        session.flush()
        session.execute(delete(BodyResult).where(BodyResult.cycle_id == cycle.id))
        return _insert(session, cycle.id, meta.generation, entries)


def refresh(session: Session, cycle: Cycle, body_ids: Collection[int]) -> None:
    """Score the badan publik of `body_ids` again and write their rows (a body no longer
    taking part loses its row); the whole cycle is rebuilt when its rows are missing or
    stale. Takes the cycle's projection lock first (see the module doc)."""
    generation = session.execute(
        update(ResultProjection).where(ResultProjection.cycle_id == cycle.id,
                                       ResultProjection.basis == basis_of(cycle))
        .values(generation=ResultProjection.generation + 1)
        .returning(ResultProjection.generation)).scalar()
    if generation is None:
        rebuild(session, cycle)
        return
    if gate_reads(methodology_of(cycle))[1]:
        # A rank gate: one body's score can open or close a stage for the others of its
        # category: their rows follow (monev.outcomes.rank_refresh), else a rebuild.
        from monev.outcomes.rank_refresh import refresh_ranked

        if not refresh_ranked(session, cycle, body_ids, generation, _insert):
            rebuild(session, cycle)
        return
    ids = sorted(body_ids)
    entries = score_bodies(session, cycle, ids)
    session.execute(delete(BodyResult).where(BodyResult.cycle_id == cycle.id,
                                             BodyResult.badan_publik_id.in_(ids)))
    _insert(session, cycle.id, generation, entries)


MONITORING_SCORE = "monitoring.score"
"""The audit event of a score a finished website-monitoring run changed (see
:func:`refresh_monitored`; shown in the score trail, :mod:`monev.trail`)."""


def refresh_monitored(session: Session, cycle: Cycle, run_id: int) -> int:
    """After monitoring run `run_id` of `cycle` finished (in the same transaction): when the
    cycle's methodology scores a monitoring stage, write the rows of the bodies the run
    visited (their findings are now the newest finished ones; see
    :func:`monev.outcomes.inputs.site_findings`). Returns how many bodies were scored
    again (0 without a monitoring stage).

    Every body whose monitoring stage score or final score changed gets an audit event
    :data:`MONITORING_SCORE` (who: the account that started the run, None for the system;
    old and new: ``{"tahapan": {code: score}, "nilai_akhir": …, "predikat": …}``, None when
    the body had no stored result; why: ``pemantauan situs run #n``)."""
    methodology = methodology_of(cycle)
    if not methodology.monitoring_stages:
        return 0
    visited = set(session.scalars(select(MonitoringSite.badan_publik_id).where(
        MonitoringSite.run_id == run_id)))
    if not visited:
        return 0
    # With a rank gate the run can move the others of a category too: every row is compared.
    compared = None if gate_reads(methodology)[1] else visited
    # The cycle's projection lock first, so no other writer changes a row between the two
    # readings (on SQLite the write transaction already excludes them).
    session.execute(select(ResultProjection.generation).where(
        ResultProjection.cycle_id == cycle.id).with_for_update())
    codes = [s.code for s in methodology.monitoring_stages]
    before = {e.body_id: _monitored_scores(e.result, codes)
              for e in stored(session, cycle, compared)} if is_current(session, cycle) else {}
    refresh(session, cycle, visited)
    started_by = session.scalar(select(MonitoringRun.started_by_id).where(
        MonitoringRun.id == run_id))
    for entry in stored(session, cycle, compared):
        old = before.get(entry.body_id)
        new = _monitored_scores(entry.result, codes)
        if new != old:
            session.add(Event(cycle_id=cycle.id, user_id=started_by,
                              action=MONITORING_SCORE, entity="badan_publik",
                              entity_id=str(entry.body_id), old=old, new=new,
                              reason=f"pemantauan situs run #{run_id}"))
    return len(visited)


def _monitored_scores(result: Result, codes: list[str]) -> dict[str, Any]:
    """What a monitoring run's audit event records of one result (JSON, see
    :func:`refresh_monitored`)."""
    stages = result.stages
    return {"tahapan": {code: _text(stages[code].score) if code in stages else None
                        for code in codes},
            "nilai_akhir": _text(result.final),
            "predikat": result.predicate.label if result.predicate else None}


def is_current(session: Session, cycle: Cycle) -> bool:
    """Whether `cycle` has rows computed on its current basis (else: :func:`rebuild`)."""
    basis = session.scalar(select(ResultProjection.basis).where(
        ResultProjection.cycle_id == cycle.id))
    return basis == basis_of(cycle)


def state(session: Session, cycle_id: int) -> tuple[str, int]:
    """(basis, generation) of the cycle's rows; ("", 0) when it has none yet."""
    row = session.execute(select(ResultProjection.basis, ResultProjection.generation).where(
        ResultProjection.cycle_id == cycle_id)).one_or_none()
    return ("", 0) if row is None else (row[0], row[1])


def body_ids(session: Session, cycle_id: int) -> set[int]:
    """The badan publik that have a row in the cycle."""
    return set(session.scalars(select(BodyResult.badan_publik_id).where(
        BodyResult.cycle_id == cycle_id)))


def row_count(session: Session, cycle_id: int) -> int:
    """How many badan publik have a row in the cycle."""
    return session.scalar(select(func.count()).select_from(BodyResult).where(
        BodyResult.cycle_id == cycle_id)) or 0


# -- reading -----------------------------------------------------------------------------------


def stored(session: Session, cycle: Cycle, body_ids: Collection[int] | None = None, *,
           detail: bool = False, since: int | None = None) -> list[CycleResult]:
    """The stored rows of `cycle` (or of `body_ids`; or those written after generation
    `since`) as unranked results; per-question scores only with `detail` (a report card
    needs them, a ranking does not)."""
    decoder = _Decoder(methodology_of(cycle))
    # JSON is parsed here rather than by the column type, with orjson (about half the
    # time of json.loads on these documents of ~700 characters, measured)
    columns = [BodyResult.badan_publik_id, BodyResult.region, BodyResult.name,
               BodyResult.category, BodyResult.status, cast(BodyResult.summary, Text)]
    if detail:
        columns.append(cast(BodyResult.detail, Text))
    query = select(*columns).where(BodyResult.cycle_id == cycle.id)
    if body_ids is not None:
        query = query.where(BodyResult.badan_publik_id.in_(sorted(body_ids)))
    if since is not None:
        query = query.where(BodyResult.generation > since)
    loads, result = orjson.loads, decoder.result
    session.flush()  # the Core connection below does not autoflush (the ORM's rows cost more)
    with gc_paused():
        return [CycleResult(row[0], row[1], result(
            row[2], row[3], row[4], loads(row[5]), loads(row[6]) if detail else None))
            for row in session.connection().execute(query)]


def with_detail(session: Session, cycle: Cycle, entries: Iterable[CycleResult],
                body_ids: Collection[int]) -> list[CycleResult]:
    """`entries` (results read without detail, e.g. by :func:`ranked` for a ranking) with
    what a report card explains — per-question scores, the verifikator's notes and the
    items of a monitoring stage (the website findings) — for those of `body_ids`, read from
    their stored rows. A row whose final score is not the entry's (written since the entry
    was read) is scored from the history instead. Entries that already carry their
    per-question scores (scored from the history) and the others are returned as they are.
    The one way every single report card and drill-down gets its detail."""
    entries, asked = list(entries), set(body_ids)
    wanted = {e.body_id for e in entries if e.body_id in asked and not e.result.questions}
    if not wanted:
        return entries
    full = {e.body_id: e.result for e in stored(session, cycle, wanted, detail=True)}
    finals = {e.body_id: e.result.final for e in entries}
    changed = [b for b in sorted(wanted) if b not in full or full[b].final != finals[b]]
    if changed:
        full.update((e.body_id, e.result) for e in score_bodies(session, cycle, changed))
    return [_detailed(e, full[e.body_id]) if e.body_id in wanted and e.body_id in full
            else e for e in entries]


def _detailed(entry: CycleResult, full: Result) -> CycleResult:
    return replace(entry, result=replace(entry.result, questions=full.questions,
                                         notes=full.notes, site=full.site))


def ranked(session: Session, cycle: Cycle, *, detail: bool = False) -> list[CycleResult]:
    """Every participant's current result, ranked (category, rank, name order), read from
    the stored rows; scored from the history when they are not current (a read-only
    caller cannot rebuild them: see :func:`monev.outcomes.results.ensure_current`).

    A read-only session (:meth:`storage.db.Database.read`) reads through :data:`_KEPT`:
    when the cycle's rows have not changed since this process last read them, nothing is
    decoded; when some have, only rows written since are read and only their categories
    ranked again. A session that may have written (uncommitted rows, a generation that a
    rollback could hand out again) always reads every row."""
    meta = session.execute(select(
        ResultProjection.basis, ResultProjection.generation, ResultProjection.built_at)
        .where(ResultProjection.cycle_id == cycle.id)).one_or_none()
    if meta is None or meta[0] != basis_of(cycle):
        return compute(session, cycle)
    methodology = methodology_of(cycle)
    if detail or not _read_only(session):
        return rank_entries(stored(session, cycle, detail=detail), methodology)
    basis, generation, built_at = meta
    with gc_paused():  # no cycles among the objects made here (see gc_paused)
        return _kept(session, cycle, methodology, basis, built_at, generation)


@dataclass(frozen=True, slots=True)
class _Kept:
    """A cycle's results as a read-only session last read them: the stored rows' state
    (basis, when the rows were last rebuilt, generation), the unranked results by body and
    the ranked ones by category. Never changed once made (threads share it)."""

    basis: str
    built_at: Any
    generation: int
    rows: Mapping[int, CycleResult]
    ranked: Mapping[str, list[CycleResult]]


_KEPT: LRU[tuple[str, int], _Kept] = LRU(4)
"""(database address, cycle id) → :class:`_Kept`. A row's content is fixed by the rows'
basis, rebuild time and its generation: the generation grows by one, under the cycle's
projection lock, with every committed transaction that writes rows (so commit order is
generation order) and a rebuild (a restore, an upgrade) sets a new rebuild time."""


def _read_only(session: Session) -> bool:
    bind = session.get_bind()
    return bool(bind.get_execution_options().get(READ_ONLY, False))


def _kept(session: Session, cycle: Cycle, methodology: Methodology, basis: str,
          built_at: Any, generation: int) -> list[CycleResult]:
    key = (str(session.get_bind().url), cycle.id)
    kept = _KEPT.get(key)
    if kept is None or (kept.basis, kept.built_at) != (basis, built_at) \
            or kept.generation > generation:
        entries = stored(session, cycle)
        rows = {e.body_id: e for e in entries}
        ranked: dict[str, list[CycleResult]] = defaultdict(list)
        for entry in rank_entries(entries, methodology):
            ranked[entry.result.category].append(entry)
    elif kept.generation == generation:
        rows, ranked = dict(kept.rows), dict(kept.ranked)
    else:  # some rows were written since: read those, rank their categories again
        present = body_ids(session, cycle.id)
        rows = {b: e for b, e in kept.rows.items() if b in present}
        touched = {e.result.category for b, e in kept.rows.items() if b not in present}
        for entry in stored(session, cycle, since=kept.generation):
            old = rows.get(entry.body_id)
            if old is not None:
                touched.add(old.result.category)
            touched.add(entry.result.category)
            rows[entry.body_id] = entry
        ranked = dict(kept.ranked)
        for category in touched:
            ranked[category] = rank_entries(
                [e for e in rows.values() if e.result.category == category], methodology)
    _KEPT.put(key, _Kept(basis, built_at, generation, rows, ranked))
    return [entry for c in methodology.categories for entry in ranked.get(c.code, ())]


def rank_entries(entries: Iterable[CycleResult],
                 methodology: Methodology) -> list[CycleResult]:
    """Rank unranked results, keeping each one's body id and region."""
    entries = list(entries)
    where = {(e.result.category, e.result.badan_publik): (e.body_id, e.region)
             for e in entries}
    with gc_paused():
        return [CycleResult(*where[(r.category, r.badan_publik)], r)
                for r in rank([e.result for e in entries], methodology)]


# -- the unit of work ----------------------------------------------------------------------------


CHANGED = "monev.outcomes.changed"  # Session.info key: what the flushed rows touched


def touched(session: Session, _context: Any = None) -> None:
    """after_flush: note the (cycle, badan publik) pairs whose score inputs were written."""
    changed: set[tuple[str, int, int]] = session.info.setdefault(CHANGED, set())
    for obj in session.new:
        if isinstance(obj, _HISTORY):
            changed.add(("pair", obj.cycle_id, obj.badan_publik_id))
        elif isinstance(obj, Answer):
            changed.add(("submission", obj.submission_id, 0))
        elif isinstance(obj, Cycle):
            changed.add(("cycle", obj.id, 0))
    for obj in session.dirty:
        if isinstance(obj, ParticipationRow) and session.is_modified(obj):
            changed.add(("pair", obj.cycle_id, obj.badan_publik_id))
        elif isinstance(obj, BadanPublik) and session.is_modified(obj):
            changed.add(("body", obj.id, 0))
        elif isinstance(obj, Cycle) and session.is_modified(obj):
            changed.add(("cycle", obj.id, 0))
    for obj in session.deleted:
        if isinstance(obj, _HISTORY):
            changed.add(("pair", obj.cycle_id, obj.badan_publik_id))


def _pending(session: Session) -> dict[int, set[int]]:
    """Cycle id → badan publik ids to score again (an empty set: only check the basis)."""
    changed: set[tuple[str, int, int]] = session.info.pop(CHANGED, set())
    out: dict[int, set[int]] = defaultdict(set)
    submissions = [a for kind, a, _ in changed if kind == "submission"]
    bodies = [a for kind, a, _ in changed if kind == "body"]
    for kind, a, b in changed:
        if kind == "pair":
            out[a].add(b)
        elif kind == "cycle":
            out[a]
    if submissions:
        for cycle_id, body_id in session.execute(select(
                Submission.cycle_id, Submission.badan_publik_id).where(
                Submission.id.in_(submissions))):
            out[cycle_id].add(body_id)
    if bodies:
        for cycle_id, body_id in session.execute(select(
                ParticipationRow.cycle_id, ParticipationRow.badan_publik_id).where(
                ParticipationRow.badan_publik_id.in_(bodies))):
            out[cycle_id].add(body_id)
    return out


def maintain(session: Session) -> None:
    """before_commit: write the rows of every badan publik whose inputs were written."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    if not session.info.get(CHANGED):
        return
    for cycle_id, body_ids in sorted(_pending(session).items()):
        cycle = session.get(Cycle, cycle_id)
        if cycle is None:
            continue
        if body_ids:
            refresh(session, cycle, body_ids)
        elif not is_current(session, cycle):
            rebuild(session, cycle)
    session.info.pop(CHANGED, None)


def forget(session: Session, previous_transaction: Any) -> None:
    """after_soft_rollback: a rolled-back transaction changed nothing. A savepoint rolled
    back keeps what the rest of its transaction touched (scoring a body again that did not
    change is harmless; missing one that did is not)."""
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(CHANGED, None)
