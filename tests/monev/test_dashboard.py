"""The dashboard service: counts per predikat and participation, shared ranks, the change
against the previous cycle, the drill-down, who sees what, and a cache that follows the
data (a verification invalidates it; a rerun does not recompute).

The world (mini methodology: SAQ 80 % + panel 20 %, panel gate SAQ ≥ 60, missing panel
counts 0):

==========  ========  ==========  =====  =====  ================  ====  ================
BP          category  region      SAQ    panel  final             rank  2024 (published)
==========  ========  ==========  =====  =====  ================  ====  ================
Dinas A     opd       Kec. Timur  100    100    100,00 Informatif 1     54,40 Kurang, 2
Dinas B     opd       Kec. Timur  68     –      54,40 Kurang      2     100,00 Inform., 1
Dinas C     opd       Kec. Timur  68     –      54,40 Kurang      2     9,60 Tidak, 3
Dinas D     opd       Kec. Timur  12     gate   9,60 Tidak        4     –
Dinas E     opd       Kec. Timur  registered, no SAQ → Tidak mengisi SAQ
Dinas F     opd       Kec. Timur  invited only → Tidak register
Desa G      desa      Kec. Barat  100    –      80,00 Menuju      1     –
==========  ========  ==========  =====  =====  ================  ====  ================
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from monev.accounts import actor_for, add_user
from monev.bodies import register_body, set_participation
from monev.bonuses import record_bonus
from monev.cycles import create_cycle, load_cycle, methodology_of
from monev.errors import PermissionDenied
from monev.outcomes import dashboard as dash
from monev.outcomes import inputs, projection
from monev.outcomes.dashboard import NotPublished, data_version, drilldown, narrow
from monev.outcomes.publication import publish, reopen
from monev.outcomes.results import compute_results
from monev.panel import record_panel_score
from monev.permissions import SYSTEM, Actor
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry
from scoring.inputs import Participation
from scoring.results import Reason
from storage.db import Database
from storage.models import Answer, BadanPublik, BodyResult, ResultProjection, Submission
from storage.queries import value_to_json

FULL = {"1.1": True, "1.2": frozenset({"a", "b", "c"}), "2.1": 2}
GOOD = {"1.1": True, "1.2": frozenset({"a", "b"}), "2.1": 1}  # SAQ 68
POOR = {"1.1": False, "1.2": frozenset({"a"}), "2.1": 0}  # SAQ 12
DESA = {"1.1": True, "1.2": frozenset({"a", "b", "c"}), "2.2": True}
LINK = "https://ppid.example.go.id/dok"
D = Decimal


@dataclass
class World:
    db: Database
    previous_id: int
    cycle_id: int
    bodies: dict[str, int]
    verifier: Actor
    official: Actor
    coordinator: Actor  # scope: Dinas A and Dinas E


def submit(db: Database, cycle_id: int, body_id: int, answers: Mapping[str, Any]) -> None:
    """Store a submission as the import service would, and mark the BP submitted."""
    with db.transaction() as session:
        version = (session.scalar(select(func.max(Submission.version)).where(
            Submission.cycle_id == cycle_id, Submission.badan_publik_id == body_id)) or 0) + 1
        row = Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=version,
                         file_name=f"bp-{body_id}.xlsx",
                         sha256=hashlib.sha256(f"{cycle_id}/{body_id}/{version}".encode())
                         .hexdigest())
        session.add(row)
        session.flush()
        for code, value in answers.items():
            session.add(Answer(submission_id=row.id, question_code=code,
                               value=value_to_json(value), evidence=LINK))
        set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                          session.get(BadanPublik, body_id), "submitted")


def make_world(db: Database, registry: Registry) -> World:
    for username, role, name in (("verif", "evaluator", "Verifikator Satu"),
                                 ("pejabat", "pejabat", "Ibu Pejabat")):
        add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                 display_name=name)
    previous = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2024,
                            registry=registry)
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                         previous_cycle_id=previous.id, registry=registry)
    bodies: dict[str, int] = {}
    for name, category, region, status in (
            ("Dinas A", "opd", "Kec. Timur", "registered"),
            ("Dinas B", "opd", "Kec. Timur", "registered"),
            ("Dinas C", "opd", "Kec. Timur", "registered"),
            ("Dinas D", "opd", "Kec. Timur", "registered"),
            ("Dinas E", "opd", "Kec. Timur", "registered"),
            ("Dinas F", "opd", "Kec. Timur", "invited"),
            ("Desa G", "desa", "Kec. Barat", "registered")):
        bodies[name] = register_body(db, SYSTEM, cycle.id, name=name, category=category,
                                     region=region, status=status).id
    add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2025!", role="koordinator",
             display_name="PPID Timur", scope=[bodies["Dinas A"], bodies["Dinas E"]])
    verifier, official = actor_for(db, "verif"), actor_for(db, "pejabat")

    # 2024 (published): B 100,00 (1), A 54,40 (2), C 9,60 (3).
    for name in ("Dinas A", "Dinas B", "Dinas C"):
        register_body(db, SYSTEM, previous.id, name=name, category="opd")
    submit(db, previous.id, bodies["Dinas A"], GOOD)
    submit(db, previous.id, bodies["Dinas B"], FULL)
    submit(db, previous.id, bodies["Dinas C"], POOR)
    for juror in ("j1", "j2"):
        record_panel_score(db, verifier, previous.id, bodies["Dinas B"], "panel", juror, "K",
                           100, expected_seq=0)
    publish(db, SYSTEM, previous.id)

    # 2025 (open).
    for name, answers in (("Dinas A", FULL), ("Dinas B", GOOD), ("Dinas C", GOOD),
                          ("Dinas D", POOR), ("Desa G", DESA)):
        submit(db, cycle.id, bodies[name], answers)
    for juror in ("j1", "j2"):
        record_panel_score(db, verifier, cycle.id, bodies["Dinas A"], "panel", juror, "K",
                           100, expected_seq=0)
    return World(db, previous.id, cycle.id, bodies, verifier, official,
                 actor_for(db, "ppid"))


@pytest.fixture
def world(db, mini_registry) -> World:
    dash.clear_cache()
    return make_world(db, mini_registry)


def by_name(board: dash.Dashboard) -> dict[str, dash.Row]:
    return {r.name: r for r in board.rows}


def test_counts_per_predikat_and_participation(world):
    board = dash.dashboard(world.db, world.official, world.cycle_id)
    counts = {b.label: b.count for b in board.summary.bands}
    assert counts == {"Informatif": 1, "Menuju Informatif": 1, "Cukup Informatif": 0,
                      "Kurang Informatif": 2, "Tidak Informatif": 1}
    assert next(b.label for b in board.summary.bands) == "Informatif"  # high → low
    assert board.summary.bands[0].colour == "#1B5E20"
    statuses = {s.status: s.count for s in board.summary.statuses}
    assert statuses == {Participation.SUBMITTED: 5, Participation.LATE: 0,
                        Participation.NOT_SUBMITTED: 1, Participation.NOT_REGISTERED: 1}
    assert (board.summary.bodies, board.summary.returned, board.summary.scored) == (7, 5, 5)
    assert board.summary.participation_rate == pytest.approx(5 / 7)
    assert [s.label for s in board.summary.not_taking_part] == ["Tidak mengisi SAQ",
                                                                "Tidak register"]
    assert not board.published
    assert board.regions == ("Kec. Barat", "Kec. Timur")


def test_ranks_are_shared_and_non_participants_stay_apart(world):
    board = dash.dashboard(world.db, world.official, world.cycle_id)
    opd = next(c for c in board.categories if c.code == "opd")
    assert [(r.name, r.rank, r.final, r.predicate) for r in opd.ranked] == [
        ("Dinas A", 1, D("100.00"), "Informatif"),
        ("Dinas B", 2, D("54.40"), "Kurang Informatif"),
        ("Dinas C", 2, D("54.40"), "Kurang Informatif"),
        ("Dinas D", 4, D("9.60"), "Tidak Informatif")]
    apart = {r.name: r for r in opd.unranked}
    assert set(apart) == {"Dinas E", "Dinas F"}
    for row in apart.values():  # never a silent 0
        assert (row.final, row.rank, row.predicate, row.colour) == (None, None, None, None)
    assert apart["Dinas E"].status == "Tidak mengisi SAQ"
    assert apart["Dinas F"].participation is Participation.NOT_REGISTERED
    a = by_name(board)["Dinas A"]
    assert (a.saq, a.stages["panel"], a.indicators["A"], a.indicators["B"]) == (
        D("100.00"), D("100.00"), D("100.00"), D("100.00"))
    assert a.colour == "#1B5E20"
    # the distribution and the averages use scored rows only
    assert sorted(opd.finals) == [D("9.60"), D("54.40"), D("54.40"), D("100.00")]
    assert opd.average_final == D("54.60")
    assert opd.averages["A"] == D("70.00")  # (100 + 80 + 80 + 20) / 4
    desa = next(c for c in board.categories if c.code == "desa")
    assert [(r.name, r.rank, r.predicate) for r in desa.rows] == [
        ("Desa G", 1, "Menuju Informatif")]


def test_change_against_the_previous_cycle(world):
    board = dash.dashboard(world.db, world.official, world.cycle_id)
    assert board.has_previous
    rows = by_name(board)
    assert (rows["Dinas A"].rank_change, rows["Dinas A"].predicate_change) == (1, 3)
    assert (rows["Dinas B"].rank_change, rows["Dinas B"].predicate_change) == (-1, -3)
    assert (rows["Dinas C"].rank_change, rows["Dinas C"].predicate_change) == (1, 1)
    assert rows["Dinas A"].previous.predicate == "Kurang Informatif"
    assert rows["Dinas A"].final_change == D("45.60")
    assert (rows["Dinas D"].previous, rows["Dinas D"].rank_change) == (None, None)
    previous = dash.dashboard(world.db, world.official, world.previous_id)
    assert not previous.has_previous
    assert all(r.rank_change is None for r in previous.rows)


def test_narrow_by_category_and_region(world):
    board = dash.dashboard(world.db, world.official, world.cycle_id)
    desa = narrow(board, categories=["desa"])
    assert [c.code for c in desa.categories] == ["desa"]
    assert (desa.summary.bodies, desa.summary.scored) == (1, 1)
    assert {b.label: b.count for b in desa.summary.bands}["Menuju Informatif"] == 1
    timur = narrow(board, regions=["Kec. Timur"])
    assert timur.summary.bodies == 6
    assert {r.name for r in timur.rows} == {f"Dinas {x}" for x in "ABCDEF"}
    assert by_name(timur)["Dinas D"].rank == 4  # ranks stay those of the whole category
    assert narrow(board) is board
    assert narrow(board, categories=["desa"], regions=["Kec. Timur"]).categories == ()


def test_drilldown_explains_lost_points_and_the_next_predikat(world):
    card = drilldown(world.db, world.official, world.cycle_id, world.bodies["Dinas B"])
    assert (card.final, card.rank, card.predicate.label) == (
        D("54.40"), 2, "Kurang Informatif")
    lines = {i.code: i for i in card.indicators}
    assert (lines["A"].score, lines["A"].average) == (D("80.00"), D("70.00"))
    # B: (100 + 50 + 50 + 0) / 4
    assert (lines["B"].score, lines["B"].average) == (D("50.00"), D("50.00"))
    lost = {line.code: line for line in card.lost}
    assert set(lost) == {"1.2", "2.1"}
    assert lost["2.1"].reason is Reason.PARTIAL
    assert card.lost[0].code == "2.1"  # largest contribution first
    assert card.gap.band.label == "Cukup Informatif"
    assert card.gap.needed == D("5.60")
    assert card.gap.questions == ("2.1",)
    assert card.gap.reachable
    assert card.previous.rank == 1
    top = drilldown(world.db, world.official, world.cycle_id, world.bodies["Dinas A"])
    assert top.top_band
    assert top.gap is None


def test_drilldown_shows_the_verifikators_reason(world):
    body = world.bodies["Dinas C"]
    verify_answer(world.db, world.verifier, world.cycle_id, body, "1.1", "Tidak",
                  "DIP tidak ditemukan di situs", expected_seq=0)
    card = drilldown(world.db, world.official, world.cycle_id, body)
    line = next(line for line in card.lost if line.code == "1.1")
    assert line.reason is Reason.OVERRIDDEN
    assert "DIP tidak ditemukan di situs" in line.reason_text


def test_a_koordinator_sees_nothing_before_publication(world):
    with pytest.raises(NotPublished, match="belum ditetapkan"):
        dash.dashboard(world.db, world.coordinator, world.cycle_id)
    with pytest.raises(NotPublished):
        drilldown(world.db, world.coordinator, world.cycle_id, world.bodies["Dinas A"])


def test_a_koordinator_sees_published_results_of_their_scope(world, computations):
    publish(world.db, world.official, world.cycle_id)
    board = dash.dashboard(world.db, world.coordinator, world.cycle_id)
    assert computations.full == []
    assert computations.rescored == []
    assert board.published_only
    assert board.published
    assert {r.name for r in board.rows} == {"Dinas A", "Dinas E"}
    a = by_name(board)["Dinas A"]
    assert (a.rank, a.final, a.predicate, a.rank_change, a.predicate_change) == (
        1, D("100.00"), "Informatif", 1, 3)
    assert a.indicators["A"] == D("100.00")
    assert (board.summary.bodies, board.summary.scored) == (2, 1)
    assert {b.label: b.count for b in board.summary.bands}["Informatif"] == 1
    card = drilldown(world.db, world.coordinator, world.cycle_id, world.bodies["Dinas A"])
    assert (card.final, card.rank, card.top_band) == (D("100.00"), 1, True)
    assert card.indicators[0].average == D("70.00")  # the whole category's average
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        drilldown(world.db, world.coordinator, world.cycle_id, world.bodies["Dinas B"])
    reopen(world.db, world.official, world.cycle_id, "Salah input nilai panel")
    with pytest.raises(NotPublished):
        dash.dashboard(world.db, world.coordinator, world.cycle_id)


def test_published_drilldown_explains_lost_points(world):
    publish(world.db, world.official, world.cycle_id)
    add_user(world.db, SYSTEM, username="ppid-b", password="Rahasia-Uji-2025!", role="koordinator",
             scope=[world.bodies["Dinas B"]])
    card = drilldown(world.db, actor_for(world.db, "ppid-b"), world.cycle_id,
                     world.bodies["Dinas B"])
    assert {line.code for line in card.lost} == {"1.2", "2.1"}
    assert card.gap.questions == ("2.1",)


def test_data_version_follows_every_change_that_affects_scores(world):
    db, cycle_id, b = world.db, world.cycle_id, world.bodies["Dinas B"]
    seen = [data_version(db, cycle_id)]

    def changed() -> None:
        now = data_version(db, cycle_id)
        assert now not in seen
        seen.append(now)

    assert data_version(db, cycle_id) == seen[0]  # stable while nothing changes
    verify_answer(db, world.verifier, cycle_id, b, "1.1", "Tidak", "DIP tidak ada",
                  expected_seq=0)
    changed()
    record_panel_score(db, world.verifier, cycle_id, b, "panel", "j1", "K", 70,
                       expected_seq=0)
    changed()
    record_bonus(db, world.verifier, cycle_id, b, "hadir", 1, "Pimpinan hadir",
                 expected_seq=0)
    changed()
    submit(db, cycle_id, world.bodies["Dinas E"], GOOD)  # new submission + participation
    changed()
    with db.transaction() as session:
        set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                          session.get(BadanPublik, world.bodies["Dinas E"]), "late")
    changed()
    register_body(db, SYSTEM, cycle_id, name="Dinas H", category="opd")
    changed()
    publish(db, world.official, cycle_id)
    changed()
    reopen(db, world.official, cycle_id, "Koreksi")
    changed()
    # a change in the previous cycle changes the comparison
    reopen(db, world.official, world.previous_id, "Koreksi 2024")
    changed()


def test_a_verification_invalidates_the_cache_and_a_rerun_does_not_recompute(
        world, computations):
    db, cycle_id, b = world.db, world.cycle_id, world.bodies["Dinas B"]
    first = dash.dashboard(db, world.official, cycle_id)
    assert computations.full == []  # read from the stored results: nothing scored
    again = dash.dashboard(db, world.official, cycle_id)
    assert again is first  # same data version: the same object, nothing recomputed
    drilldown(db, world.official, cycle_id, b)
    assert computations.full == []
    assert computations.rescored == []
    verify_answer(db, world.verifier, cycle_id, b, "1.1", "Tidak", "DIP tidak ada",
                  expected_seq=0)
    after = dash.dashboard(db, world.official, cycle_id)
    # only the badan publik whose answer changed is scored again (by the verification's
    # own transaction); all are ranked again
    assert computations.full == []
    assert computations.rescored == ["Dinas B"]
    rows = by_name(after)
    # B: indicator A (0 + 2) / 5 = 40 → SAQ 44 < gate 60 → panel 0 → 35,20 Tidak, rank 3
    assert (rows["Dinas B"].final, rows["Dinas B"].rank, rows["Dinas B"].predicate) == (
        D("35.20"), 3, "Tidak Informatif")
    assert (rows["Dinas C"].rank, rows["Dinas D"].rank) == (2, 4)
    assert {b.label: b.count for b in after.summary.bands}["Tidak Informatif"] == 2
    publish(db, world.official, cycle_id)  # a new version, but no score input changed
    assert dash.dashboard(db, world.official, cycle_id).published
    assert computations.full == []
    assert computations.rescored == ["Dinas B"]


def outcome(results) -> dict[str, tuple]:
    return {e.result.badan_publik: (
        e.body_id, e.region, e.result.participation, e.result.final, e.result.rank,
        e.result.predicate, e.result.saq_raw, e.result.saq_verified, e.result.bonus,
        dict(e.result.indicators), dict(e.result.stages), e.result.questions,
        dict(e.result.notes)) for e in results}


def test_scoring_only_what_changed_equals_a_full_computation(world, computations):
    """After every kind of write, the stored results (maintained one badan publik at a
    time) and the dashboard read from them equal scoring the whole cycle from history."""
    db, cycle_id, bodies = world.db, world.cycle_id, world.bodies

    def same_as_full() -> None:
        board = dash.dashboard(db, world.official, cycle_id)  # from the last one, updated
        latest = dash._cache(db).scored[cycle_id].results
        dash.clear_cache(db)
        fresh = dash.dashboard(db, world.official, cycle_id)  # from nothing
        assert (board.categories, board.summary, board.regions) == (
            fresh.categories, fresh.summary, fresh.regions)
        with db.read() as session:
            cycle = load_cycle(session, cycle_id)
            full = inputs.compute(session, cycle)
            stored = projection.rank_entries(
                projection.stored(session, cycle, detail=True), methodology_of(cycle))
        assert outcome(stored) == outcome(full)
        assert summary(latest) == summary(full)

    same_as_full()
    verify_answer(db, world.verifier, cycle_id, bodies["Dinas C"], "2.1", 2,
                  "SOP ditetapkan, lihat SK", expected_seq=0)
    same_as_full()
    record_panel_score(db, world.verifier, cycle_id, bodies["Dinas B"], "panel", "j1",
                       "K", 95, expected_seq=0)
    same_as_full()
    record_bonus(db, world.verifier, cycle_id, bodies["Dinas A"], "hadir", -5,
                 "Pimpinan tidak hadir", expected_seq=0)
    same_as_full()
    submit(db, cycle_id, bodies["Dinas E"], FULL)  # a late upload of a non-participant
    same_as_full()
    submit(db, cycle_id, bodies["Dinas D"], GOOD)  # a second version
    same_as_full()
    with db.transaction() as session:
        set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                          session.get(BadanPublik, bodies["Dinas D"]), "late")
    same_as_full()
    register_body(db, SYSTEM, cycle_id, name="Dinas H", category="opd", region="Kec. Timur")
    same_as_full()
    withdraw_verification(db, world.verifier, cycle_id, bodies["Dinas C"], "2.1",
                          "Salah baca SK", expected_seq=1)
    same_as_full()
    assert computations.full == []  # reading never scores; writes score one by one
    assert set(computations.rescored) == {"Dinas A", "Dinas B", "Dinas C", "Dinas D",
                                          "Dinas E", "Dinas H"}


def summary(results) -> dict[str, tuple]:
    """outcome() without the per-question scores and notes (a ranking does not read them)."""
    return {name: values[:-2] for name, values in outcome(results).items()}


def test_stale_stored_results_are_rebuilt_once(world, computations):
    """Rows computed on another basis (another methodology definition or scoring rules)
    are rebuilt the next time the cycle is read; then reads score nothing again."""
    db, cycle_id = world.db, world.cycle_id
    before = by_name(dash.dashboard(db, world.official, cycle_id))
    with db.transaction() as session:
        session.execute(update(ResultProjection).where(ResultProjection.cycle_id == cycle_id)
                        .values(basis="0:lama"))
    board = dash.dashboard(db, world.official, cycle_id)
    assert computations.full == [cycle_id]
    assert by_name(board) == before
    dash.clear_cache()
    dash.dashboard(db, world.official, cycle_id)
    assert computations.full == [cycle_id]


def test_rows_written_around_the_orm_are_rebuilt_from_the_history(world, computations):
    """A bulk write (a backup restore, seeding) leaves a cycle without stored results: the
    first read rebuilds them from the history, and they equal a full computation."""
    db, cycle_id = world.db, world.cycle_id
    expected = summary(compute_results(db, SYSTEM, cycle_id))
    with db.transaction() as session:
        session.execute(delete(BodyResult).where(BodyResult.cycle_id == cycle_id))
        session.execute(delete(ResultProjection).where(ResultProjection.cycle_id == cycle_id))
    dash.clear_cache()
    assert summary(compute_results(db, SYSTEM, cycle_id)) == expected
    assert computations.full == [cycle_id]
    with db.read() as session:
        assert len(projection.stored(session, load_cycle(session, cycle_id))) == 7
