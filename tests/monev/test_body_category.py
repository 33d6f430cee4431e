"""A category chosen wrongly is corrected by an admin, with a reason, while nothing was scored
on it (``monev.bodies.change_category``, ``bodies set-category``), on SQLite and PostgreSQL:
the current results follow, the history keeps old, new and why; once a questionnaire came
in, an online answer was saved, or another cycle of the body lacks the category, it is
refused and nothing changes."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from monev import portal
from monev.accounts import actor_for, add_user
from monev.bodies import change_category, list_bodies, register_body, set_participation
from monev.cli import main
from monev.cycles import create_cycle, get_cycle, load_cycle
from monev.errors import NotFound, PermissionDenied, UsageError
from monev.permissions import SYSTEM, Actor
from questionnaires.loader import Registry, load_methodology
from storage.db import Database
from storage.models import (
    BadanPublik,
    BodyResult,
    Event,
    MonitoringRun,
    MonitoringSite,
    Submission,
)
from tests.conftest import FIXTURES


@dataclass
class World:
    db: Database
    cycle: int  # nasional-2025 (opd, pemkab, kecamatan, desa)
    body: int  # Kecamatan Sukamaju, registered as opd by mistake
    other: int  # Dinas Sosial, opd, also taking part
    coordinator: Actor

    def cli(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        status = main(["bodies", *argv, "--database", self.db.url], out=out, err=err)
        return status, out.getvalue(), err.getvalue()


@pytest.fixture
def world(db: Database) -> World:
    cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Contoh",
                         year=2026).id
    body = register_body(db, SYSTEM, cycle, name="Kecamatan Sukamaju", category="opd").id
    other = register_body(db, SYSTEM, cycle, name="Dinas Sosial", category="opd").id
    add_user(db, SYSTEM, username="koor", password="Koordinator-Kuat-2026",
             role="koordinator", scope=[body, other])
    return World(db, cycle, body, other, actor_for(db, "koor"))


def state(db: Database) -> dict[str, Any]:
    """What a refused correction must leave as it was."""
    with db.read() as session:
        return {
            "bodies": [(b.id, b.category) for b in session.scalars(
                select(BadanPublik).order_by(BadanPublik.id))],
            "results": sorted(session.execute(select(
                BodyResult.cycle_id, BodyResult.badan_publik_id, BodyResult.category))),
            "events": len(list(session.scalars(select(Event.id)))),
        }


def category_events(db: Database) -> list[Event]:
    with db.read() as session:
        rows = list(session.scalars(select(Event).where(Event.action == "body.category")))
        session.expunge_all()
        return rows


def submit(db: Database, cycle_id: int, body_id: int) -> None:
    """A questionnaire received, as the import stores it."""
    with db.transaction() as session:
        session.add(Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=1,
                               file_name="kuesioner.xlsx",
                               sha256=hashlib.sha256(b"kuesioner").hexdigest()))
        set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                          session.get(BadanPublik, body_id), "submitted")


def test_an_admin_corrects_the_category_and_the_results_follow(world: World) -> None:
    done = change_category(world.db, SYSTEM, world.cycle, world.body, "kecamatan",
                           "  Salah pilih saat pendaftaran ")
    assert (done.old, done.body.category, done.body.name) == ("opd", "kecamatan",
                                                              "Kecamatan Sukamaju")
    listed = {b.name: b.category for b in list_bodies(world.db, SYSTEM, world.cycle)}
    assert listed == {"Kecamatan Sukamaju": "kecamatan", "Dinas Sosial": "opd"}
    # The current results (what the ranking reads) are in the new category at once.
    with world.db.read() as session:
        assert session.scalar(select(BodyResult.category).where(
            BodyResult.cycle_id == world.cycle,
            BodyResult.badan_publik_id == world.body)) == "kecamatan"
    [event] = category_events(world.db)
    assert (event.old, event.new, event.reason) == ("opd", "kecamatan",
                                                    "Salah pilih saat pendaftaran")
    assert event.entity_id == str(world.body)


def test_refusals_change_nothing(world: World) -> None:
    before = state(world.db)
    with pytest.raises(UsageError, match="Tulis alasan perbaikan kategori"):
        change_category(world.db, SYSTEM, world.cycle, world.body, "kecamatan", "  ")
    with pytest.raises(UsageError, match="sudah berkategori 'opd'"):
        change_category(world.db, SYSTEM, world.cycle, world.body, "opd", "salah pilih")
    with pytest.raises(UsageError, match="Kategori 'bumn' tidak ada dalam metodologi"):
        change_category(world.db, SYSTEM, world.cycle, world.body, "bumn", "salah pilih")
    # Only an admin: a koordinator PPID may change contacts, not whom a body is ranked with.
    with pytest.raises(PermissionDenied):
        change_category(world.db, world.coordinator, world.cycle, world.body, "kecamatan",
                        "salah pilih")
    later = create_cycle(world.db, SYSTEM, methodology_id="nasional-2025", ki="KI Contoh",
                         year=2027).id
    with pytest.raises(NotFound, match="tidak terdaftar di siklus"):
        change_category(world.db, SYSTEM, later, world.body, "kecamatan", "salah pilih")
    assert state(world.db) == {**before, "events": state(world.db)["events"]}
    assert category_events(world.db) == []


def test_refused_once_a_questionnaire_came_in(world: World) -> None:
    submit(world.db, world.cycle, world.body)
    title = get_cycle(world.db, SYSTEM, world.cycle).title
    before = state(world.db)
    with pytest.raises(UsageError) as refused:
        change_category(world.db, SYSTEM, world.cycle, world.body, "kecamatan",
                        "salah pilih")
    assert str(refused.value) == (
        f"Kategori 'Kecamatan Sukamaju' tidak dapat diubah lagi: kuesioner (SAQ) sudah "
        f"masuk di siklus '{title}' (id {world.cycle}). Jawaban dan nilainya mengikuti "
        f"kuesioner kategori 'opd' (Perangkat Daerah (OPD)); tidak ada yang diubah.")
    assert state(world.db) == before
    # The other body, with nothing received, can still be corrected.
    change_category(world.db, SYSTEM, world.cycle, world.other, "pemkab", "salah pilih")


def test_refused_once_an_online_answer_was_saved(world: World) -> None:
    code = portal.open_questionnaire(world.db, SYSTEM, world.cycle,
                                     world.body).questions[0].code
    portal.save_answer(world.db, SYSTEM, world.cycle, world.body, code, "a")  # one item
    with pytest.raises(UsageError, match="kuesioner daring sudah mulai diisi"):
        change_category(world.db, SYSTEM, world.cycle, world.body, "kecamatan",
                        "salah pilih")


def test_refused_when_another_cycle_of_the_body_lacks_the_category(
        world: World, mini_registry: Registry) -> None:
    older = create_cycle(world.db, SYSTEM, methodology_id="mini", ki="KI Contoh", year=2025,
                         registry=mini_registry).id  # opd and desa only
    register_body(world.db, SYSTEM, older, name="Dinas Sosial", category="opd")
    before = state(world.db)
    with pytest.raises(UsageError) as refused:
        change_category(world.db, SYSTEM, world.cycle, world.other, "pemkab",
                        "pemerintah kabupaten, bukan dinas")
    assert str(refused.value).startswith(
        f"Kategori 'pemkab' (Pemerintah Kabupaten/Kota (PPID Utama)) tidak ada dalam "
        f"metodologi siklus {older} (")
    assert state(world.db) == before
    # A category both cycles have is fine.
    change_category(world.db, SYSTEM, world.cycle, world.other, "desa", "desa, bukan dinas")


def test_cli_set_category(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = world.cli("set-category", str(world.body), "--category", "kecamatan",
                                 "--reason", "salah pilih", "--cycle", str(world.cycle),
                                 "--format", "csv")
    assert status == 0, err
    assert err.strip() == (f"Kategori 'Kecamatan Sukamaju' (id {world.body}) diperbaiki: "
                           f"sebelumnya 'opd' (Perangkat Daerah (OPD)), kini 'kecamatan' "
                           f"(Kecamatan).")
    assert out.splitlines()[1].split(",")[:3] == [str(world.body), "Kecamatan Sukamaju",
                                                  "kecamatan"]
    submit(world.db, world.cycle, world.body)
    status, out, err = world.cli("set-category", str(world.body), "--category", "desa",
                                 "--reason", "salah lagi", "--cycle", str(world.cycle))
    assert (status, out) == (2, "")
    assert "tidak dapat diubah lagi: kuesioner (SAQ) sudah masuk" in err
    with pytest.raises(SystemExit) as usage:  # argparse: the reason is required
        world.cli("set-category", str(world.body), "--category", "desa", "--cycle",
                  str(world.cycle))
    assert usage.value.code == 2
    assert "--reason" in capsys.readouterr().err


def test_refused_once_its_website_was_monitored_for_a_score(db: Database) -> None:
    """Website monitoring looks for the items of the category's questionnaire: where the
    methodology scores it (tests/fixtures/situs.yaml), a visit is a score on the old one;
    where it does not (nasional-2025), the correction is still possible."""
    situs = load_methodology(FIXTURES / "situs.yaml")
    scored = create_cycle(db, SYSTEM, methodology_id="situs", ki="KI Contoh", year=2026,
                          registry=Registry([situs])).id
    plain = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Lain",
                         year=2026).id
    bodies = {cycle: register_body(db, SYSTEM, cycle, name="Kecamatan Sukamaju",
                                   category="opd").id for cycle in (scored, plain)}
    with db.transaction() as session:
        for cycle, body in bodies.items():
            run = MonitoringRun(cycle_id=cycle, total=1, done=1, state="finished")
            session.add(run)
            session.flush()
            session.add(MonitoringSite(run_id=run.id, badan_publik_id=body))
    with pytest.raises(UsageError, match="situsnya sudah dipantau dan dinilai di siklus"):
        change_category(db, SYSTEM, scored, bodies[scored], "desa", "salah pilih")
    done = change_category(db, SYSTEM, plain, bodies[plain], "kecamatan", "salah pilih")
    assert done.body.category == "kecamatan"
