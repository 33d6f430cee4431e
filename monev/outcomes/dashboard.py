"""Peringkat & dasbor: what the ranking page shows, computed once per change of the data.

:func:`dashboard` gives the counts per predikat and per participation status (badan publik
that did not take part are counted apart, never as a score of 0), the participation rate,
the ranking per category with the change of rank and predikat against the previous cycle
(by badan publik, when the cycle names one), the final scores per category (for the
distribution) and the category averages per indicator (the types and how they are built:
:mod:`monev.outcomes.board`). :func:`narrow` filters it by
category and region; :func:`drilldown` explains one badan publik: indicator scores against
the category average, the questions where points were lost and why, and what it takes to
reach the next predikat (:mod:`scoring.explain`, through :func:`reports.data.report_card`).

Who sees what: evaluators, officials and admins see the current results (provisional
until the cycle is published); a koordinator PPID sees published results only, and only
for the badan publik in their scope (category averages in a drill-down cover the whole
category, as on the report cards).

Scores are never computed here: they are read from the stored current results
(:mod:`monev.outcomes.projection`) and ranked. Results and dashboards are kept in a small
bounded cache per :class:`~storage.db.Database`, keyed on the cycle and its
:func:`data_version` — a cheap fingerprint of everything that changes scores, ranks,
publication or the comparison with the previous cycle. A rerun that finds the same version
reuses the objects; they are frozen and shared, so callers must treat them (and the
mappings inside) as read-only. When the version moves (a verification, a juror's score, an
upload), only the rows written since are read again, then everything is ranked again.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, PermissionDenied
from monev.outcomes import projection
from monev.outcomes.board import (
    STATUS_ORDER,
    BandCount,
    CategoryView,
    Dashboard,
    Row,
    StatusCount,
    Summary,
    category_view,
    narrow,
    rows_of,
    summary_of,
)
from monev.outcomes.inputs import CycleResult, compute
from monev.outcomes.previous import previous_outcomes
from monev.outcomes.publication import latest_publication, published_entries
from monev.outcomes.results import ensure_current
from monev.permissions import Action, Actor, allowed, require
from questionnaires.lru import LRU
from questionnaires.model import Methodology
from reports.data import (
    CategoryStats,
    CycleMeta,
    MethodologyInfo,
    Previous,
    ReportCard,
    category_stats,
    methodology_info,
    report_card,
)
from scoring.plan import gc_paused
from scoring.results import Result
from storage.db import Database
from storage.models import Cycle, Publication

# What the page gets (the types are built in monev.outcomes.board).
__all__ = ["STATUS_ORDER", "BandCount", "CategoryView", "Dashboard", "NotPublished", "Row",
           "StatusCount", "Summary", "clear_cache", "dashboard", "data_version", "drilldown",
           "narrow"]


class NotPublished(PermissionDenied):
    """A koordinator PPID asked for results that are not published (yet, or any more)."""


# -- data version and cache ---------------------------------------------------------------


def _fingerprint(session: Session, cycle: Cycle, depth: int = 1) -> tuple[Any, ...]:
    """Everything that changes the scores (or the previous-cycle comparison) of `cycle`:
    its stored results' basis and generation (every write that changes a score bumps it),
    its publications, and the cycle row itself (publish and reopen bump its version)."""
    published = tuple(session.execute(select(func.count(Publication.id),
                                             func.max(Publication.id))
                                      .where(Publication.cycle_id == cycle.id)).one())
    counts = (*projection.state(session, cycle.id), *published)
    previous: tuple[Any, ...] = ()
    if cycle.previous_cycle_id is not None and depth > 0:
        before = session.get(Cycle, cycle.previous_cycle_id)
        if before is not None:
            previous = _fingerprint(session, before, depth - 1)
    return (cycle.id, cycle.version, cycle.status, str(cycle.created_at), counts, previous)


def data_version(db: Database, cycle_id: int) -> tuple[Any, ...]:
    """A cheap fingerprint (a few small queries) that changes whenever anything that
    affects the cycle's scores, ranks, publication or previous-cycle comparison changes.
    Stored results that are missing or stale are rebuilt first."""
    ensure_current(db, cycle_id)
    with db.read() as session:
        cycle = load_cycle(session, cycle_id)
        previous_id = cycle.previous_cycle_id
    if previous_id is not None:
        ensure_current(db, previous_id)
    with db.read() as session:
        return _fingerprint(session, load_cycle(session, cycle_id))


class _DatabaseCache:
    """What is kept per database: results and dashboards by data version (LRU), and per
    cycle the latest stored rows read (with the generation they were read at)."""

    def __init__(self) -> None:
        self.values: LRU[Hashable, Any] = LRU(CACHE_SIZE)
        # The newest results and dashboard built per view: a category whose rows did not
        # change since is taken over as it is (statistics, rows, averages).
        self.last_results: dict[tuple[int, bool], _Results] = {}
        self.last_boards: dict[tuple[int, bool, frozenset[int] | None],
                               tuple[_Results, Dashboard]] = {}
        self.scored: dict[int, _Scored] = {}
        self.lock = threading.Lock()


_CACHES: weakref.WeakKeyDictionary[Database, _DatabaseCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()
CACHE_SIZE = 8  # a dashboard of 10,000 badan publik holds some 15–45 MB


def _cache(db: Database) -> _DatabaseCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(db)
        if cache is None:
            cache = _CACHES[db] = _DatabaseCache()
        return cache


def clear_cache(db: Database | None = None) -> None:
    """Forget computed scores and dashboards (of one database, or all)."""
    with _CACHES_LOCK:
        caches = [_CACHES[db]] if db is not None and db in _CACHES else (
            [] if db is not None else list(_CACHES.values()))
    for cache in caches:
        cache.values.clear()
        with cache.lock:
            cache.scored.clear()
            cache.last_results.clear()
            cache.last_boards.clear()


# -- reading what changed ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scored:
    """The latest results of one cycle as read from its stored rows: the rows' basis and
    generation, every row unranked by body id, and the ranked rows per category (a
    category's tuple is the same object until one of its rows changes)."""

    basis: str
    generation: int
    entries: Mapping[int, CycleResult]
    by_category: Mapping[str, tuple[CycleResult, ...]]
    order: tuple[str, ...]  # category codes in methodology order

    @property
    def results(self) -> tuple[CycleResult, ...]:
        """Every result, ranked: by category (methodology order), rank, name."""
        return tuple(e for code in self.order if code in self.by_category
                     for e in self.by_category[code])


def _by_category(ranked: Iterable[CycleResult]) -> dict[str, tuple[CycleResult, ...]]:
    grouped: dict[str, list[CycleResult]] = {}
    for entry in ranked:
        grouped.setdefault(entry.result.category, []).append(entry)
    return {code: tuple(group) for code, group in grouped.items()}


def _scores(db: Database, cycle_id: int) -> _Scored:
    """Current results of every participant, ranked, from the stored rows. Only the rows
    written since this cycle was last read are decoded again, and only their categories
    are ranked again."""
    cache = _cache(db)
    with db.read() as session:
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        order = tuple(c.code for c in methodology.categories)
        basis, generation = projection.state(session, cycle.id)
        with cache.lock:
            before = cache.scored.get(cycle.id)
        if before is not None and (before.basis, before.generation) == (basis, generation):
            return before
        if basis != projection.basis_of(cycle):  # not rebuilt yet: score from the history
            computed = compute(session, cycle)
            return _Scored(basis, -1, {e.body_id: e for e in computed},
                           _by_category(computed), order)
        if before is not None and before.basis == basis and before.generation < generation:
            entries = dict(before.entries)
            touched: set[str] = set()
            for entry in projection.stored(session, cycle, since=before.generation):
                old = entries.get(entry.body_id)
                if old is not None:
                    touched.add(old.result.category)
                touched.add(entry.result.category)
                entries[entry.body_id] = entry
            if len(entries) != projection.row_count(session, cycle.id):  # some left
                for gone in set(entries) - projection.body_ids(session, cycle.id):
                    touched.add(entries.pop(gone).result.category)
            by_category = dict(before.by_category)
            for code in touched:
                by_category.pop(code, None)
                by_category.update(_by_category(projection.rank_entries(
                    [e for e in entries.values() if e.result.category == code],
                    methodology)))
        else:
            entries = {e.body_id: e for e in projection.stored(session, cycle)}
            by_category = _by_category(projection.rank_entries(entries.values(),
                                                               methodology))
    scored = _Scored(basis, generation, entries, by_category, order)
    with cache.lock:
        cache.scored[cycle_id] = scored
    return scored


# -- gathering ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Results:
    """Every badan publik of the cycle (current or published results), with what the
    drill-down needs about the cycle."""

    cycle_id: int
    title: str
    ki: str
    year: int
    published: bool
    published_at: datetime | None
    previous_title: str
    previous_year: int | None
    methodology: Methodology
    info: MethodologyInfo
    entries: tuple[CycleResult, ...]
    by_category: Mapping[str, tuple[CycleResult, ...]]
    by_body: Mapping[int, CycleResult]
    stats: Mapping[str, CategoryStats]
    previous: Mapping[int, Previous]


def _published_only(actor: Actor) -> bool:
    return not allowed(actor, Action.VIEW_SCORES)


_NO_PREVIOUS: Mapping[int, Previous] = MappingProxyType({})  # one object: views compare it


def _previous(db: Database, cycle_id: int, version: tuple[Any, ...],
              published_only: bool) -> Mapping[int, Previous]:
    """Outcomes in the previous cycle (its publication, or — for those who may see
    unpublished scores — its current results when it was never published)."""
    def gather() -> Mapping[int, Previous]:
        with db.read() as session:
            cycle = load_cycle(session, cycle_id)
            return previous_outcomes(session, cycle, published_only=published_only)

    if not version[5]:  # no previous cycle
        return _NO_PREVIOUS
    return _cache(db).values.get_or_make(("previous", cycle_id, version[5], published_only),
                                         gather)


def _gather(db: Database, cycle_id: int, version: tuple[Any, ...],
            published_only: bool) -> _Results:
    with db.read() as session:
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        published = cycle.status == "published"
        publication = latest_publication(session, cycle.id) if published else None
        if published_only and publication is None:
            raise _not_published(cycle.title)
        entries = tuple(published_entries(session, publication, methodology)) \
            if published_only and publication is not None else None
        before = session.get(Cycle, cycle.previous_cycle_id) if cycle.previous_cycle_id \
            else None
        facts = (cycle.id, cycle.title, cycle.ki, cycle.year,
                 publication.published_at if publication else None,
                 before.title if before else "", before.year if before else None)
    if entries is None:
        scored = _scores(db, cycle_id)
        entries, by_category = scored.results, scored.by_category
    else:
        by_category = _by_category(entries)
    cache = _cache(db)
    with cache.lock:
        last = cache.last_results.get((cycle_id, published_only))
    stats: dict[str, CategoryStats] = {}
    with gc_paused():  # the statistics of a category whose rows did not change are kept
        for code, group in by_category.items():
            if last is not None and last.by_category.get(code) is group and \
                    code in last.stats:
                stats[code] = last.stats[code]
            else:
                stats.update(category_stats(group, methodology.rounding.decimals))
    results = _Results(
        cycle_id=facts[0], title=facts[1], ki=facts[2], year=facts[3], published=published,
        published_at=facts[4], previous_title=facts[5], previous_year=facts[6],
        methodology=methodology, info=methodology_info(methodology), entries=entries,
        by_category=by_category, by_body={e.body_id: e for e in entries},
        stats=stats, previous=_previous(db, cycle_id, version, published_only))
    with cache.lock:
        cache.last_results[(cycle_id, published_only)] = results
    return results


def _not_published(title: str) -> NotPublished:
    return NotPublished(f"Hasil siklus '{title}' belum ditetapkan. Koordinator PPID dapat "
                        f"melihat peringkat dan nilai setelah hasil ditetapkan oleh pejabat.")


def _results(db: Database, cycle_id: int, version: tuple[Any, ...], *,
             published_only: bool) -> _Results:
    return _cache(db).values.get_or_make(("results", cycle_id, version, published_only),
                                 lambda: _gather(db, cycle_id, version, published_only))


def _check_published(db: Database, actor: Actor, cycle_id: int,
                     version: tuple[Any, ...]) -> None:
    """Refuse a koordinator's view of an unpublished cycle before anything is computed."""
    if _published_only(actor) and version[2] != "published":
        with db.read() as session:
            raise _not_published(load_cycle(session, cycle_id).title)


# -- building -------------------------------------------------------------------------------


def _build(results: _Results, scope: frozenset[int] | None, published_only: bool,
           version: tuple[Any, ...], db: Database) -> Dashboard:
    """The dashboard of `results` for a view (`scope`: a koordinator's badan publik). A
    category whose ranked rows and previous-cycle outcomes are the very objects the last
    dashboard of this view was built from is taken over as it was."""
    cache = _cache(db)
    view_key = (results.cycle_id, published_only, scope)
    with cache.lock:
        last = cache.last_boards.get(view_key)
    reusable: dict[str, CategoryView] = {}
    if last is not None and last[0].previous is results.previous:
        for view in last[1].categories:
            if last[0].by_category.get(view.code) is results.by_category.get(view.code):
                reusable[view.code] = view
    info = results.info
    codes = [i.code for i in info.indicators]
    known = [code for code, _ in info.categories]
    order = known + [code for code in results.by_category if code not in known]
    categories: list[CategoryView] = []
    with gc_paused():  # tens of thousands of small objects, no cycles among them
        for code in order:
            if code in reusable:
                categories.append(reusable[code])
                continue
            group: Iterable[CycleResult] = results.by_category.get(code, ())
            if scope is not None:
                group = [e for e in group if e.body_id in scope]
            rows = rows_of(info, results.previous, group).get(code)
            if rows:
                categories.append(category_view(code, info.category_name(code), rows,
                                                codes, info.decimals))
        rows = [r for c in categories for r in c.rows]
        regions = tuple(sorted({r.region for r in rows if r.region}, key=str.casefold))
        board = Dashboard(
            cycle_id=results.cycle_id, title=results.title, ki=results.ki, year=results.year,
            published=results.published, published_at=results.published_at,
            published_only=published_only, previous_title=results.previous_title,
            methodology=info, categories=tuple(categories), summary=summary_of(rows, info),
            regions=regions, version=version)
    with cache.lock:
        cache.last_boards[view_key] = (results, board)
    return board


# -- use cases ----------------------------------------------------------------------------


def dashboard(db: Database, actor: Actor, cycle_id: int) -> Dashboard:
    """The dashboard of a cycle as `actor` may see it (computed once per data version)."""
    # The current role and scope decide the view (a prepared cycle: admins, evaluators).
    actor = require(db, actor, Action.VIEW, cycle=cycle_id)
    version = data_version(db, cycle_id)
    _check_published(db, actor, cycle_id, version)
    published_only = _published_only(actor)
    scope = actor.scope if published_only else None
    results = _results(db, cycle_id, version, published_only=published_only)
    key = ("dashboard", cycle_id, version, published_only, scope)
    return _cache(db).values.get_or_make(
        key, lambda: _build(results, scope, published_only, version, db))


def drilldown(db: Database, actor: Actor, cycle_id: int, body_id: int) -> ReportCard:
    """One badan publik explained: scores per indicator against the category average,
    the questions that lost points and why, and the gap to the next predikat.

    A koordinator gets it only for a published cycle and a badan publik in their scope;
    the explanation comes from the stored data (frozen while the cycle is published) and
    is shown only where it matches the published record.
    """
    # The current role and scope decide the view (a prepared cycle: admins, evaluators).
    actor = require(db, actor, Action.VIEW, cycle=cycle_id)
    version = data_version(db, cycle_id)
    _check_published(db, actor, cycle_id, version)
    published_only = _published_only(actor)
    if published_only and actor.scope is not None and body_id not in actor.scope:
        raise PermissionDenied(f"Badan publik ini di luar cakupan Anda ({actor.name}); Anda "
                               f"hanya dapat melihat rincian badan publik yang ditugaskan "
                               f"kepada Anda.")
    results = _results(db, cycle_id, version, published_only=published_only)
    entry = results.by_body.get(body_id)
    if entry is None:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ikut dalam siklus "
                       f"'{results.title}'.")
    meta = CycleMeta(cycle_id=results.cycle_id, ki=results.ki, year=results.year,
                     title=results.title, published=results.published,
                     generated_at=datetime.now(UTC), published_at=results.published_at,
                     previous_title=results.previous_title,
                     previous_year=results.previous_year)
    previous = results.previous.get(body_id)
    if published_only:
        # The stored answers behind the published record explain it (shown only when
        # they give the published outcome).
        computed = _results(db, cycle_id, version, published_only=False).by_body.get(body_id)
        if computed is not None and _same(computed.result, entry.result):
            return report_card(meta, results.methodology, _with_detail(db, cycle_id, computed),
                               results.stats,
                               info=results.info, previous=previous)
        card = report_card(meta, results.methodology, entry, results.stats,
                           info=results.info, previous=previous)
        top = bool(results.info.bands) and card.predicate is not None and \
            card.predicate.label == results.info.bands[0].label
        return replace(card, top_band=top)
    return report_card(meta, results.methodology, _with_detail(db, cycle_id, entry),
                       results.stats, info=results.info, previous=previous)


def _with_detail(db: Database, cycle_id: int, entry: CycleResult) -> CycleResult:
    """`entry` (ranked, read for a ranking) with its per-question scores, notes and website
    items (:func:`monev.outcomes.projection.with_detail`, as the exports read them)."""
    with db.read() as session:
        cycle = load_cycle(session, cycle_id)
        return projection.with_detail(session, cycle, [entry], [entry.body_id])[0]


def _same(computed: Result, published: Result) -> bool:
    return (computed.final, computed.rank, computed.category,
            computed.predicate.label if computed.predicate else None) == (
        published.final, published.rank, published.category,
        published.predicate.label if published.predicate else None)
