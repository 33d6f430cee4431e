"""Link verdicts in the app (AppTest, real SQLite, a local HTTP server): the koordinator
starts a check, sees its progress and, per badan publik, the links to fix with a message
for its PPID; the verifikator sees each link's verdict beside it in the review workspace.

The worlds are those of tests/ui/test_coordinator_page.py and test_evaluator_page.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from link_server import LinkServer, running
from streamlit.testing.v1 import AppTest

from evidence.link_runs import check_links, latest_run, link_verdicts, wait_for
from evidence.links import CheckSettings
from monev.clock import today
from monev.cycles import set_deadline
from monev.permissions import SYSTEM
from storage.db import Database
from tests.monev.test_evaluation import add_submission
from tests.ui import test_coordinator_page as coordinator_page
from tests.ui import test_evaluator_page as evaluator_page
from ui.format import day

ANSWERS = {"1.1": True, "1.2": frozenset({"a", "b"}), "2.1": 1}


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with running() as started:
        yield started


# -- the koordinator ----------------------------------------------------------------------------

coord_template = coordinator_page.template


@pytest.fixture
def coord_world(coord_template, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MONEV_LINK_CHECK_PRIVATE", "1")  # the server is on 127.0.0.1
    source, built = coord_template
    with coordinator_page.served_copy(source, tmp_path, monkeypatch) as url:
        yield coordinator_page.World(url, built.cycle_id, built.kominfo, built.dinkes,
                                     built.desa, built.coordinator)


def texts(at: AppTest) -> str:
    return coordinator_page.texts(at)


def test_koordinator_checks_the_links_and_gets_a_message_per_body(
        coord_world: coordinator_page.World, server: LinkServer) -> None:
    world = coord_world
    db = Database(world.url)
    add_submission(db, world.cycle_id, world.kominfo, ANSWERS, {
        "1.1": server.url("/dip.pdf"), "1.2": server.url("/missing"),
        "2.1": server.url("/private-drive")})
    add_submission(db, world.cycle_id, world.dinkes, ANSWERS, {
        "1.1": server.url("/dip.pdf"), "1.2": server.url("/page.html"), "2.1": ""})
    add_submission(db, world.cycle_id, world.desa, {"1.1": True}, {
        "1.1": server.url("/notes.txt")})  # outside the koordinator's scope
    deadline = today() + timedelta(days=7)
    set_deadline(db, SYSTEM, world.cycle_id, "saq", deadline)
    at = coordinator_page.open_page(world.coordinator)
    assert "Tautan data dukung siklus ini belum pernah diperiksa." in texts(at)
    assert not at.button(key="links_start").disabled

    at.button(key="links_start").click().run()
    assert not at.exception, at.exception
    # Five links, four addresses (dip.pdf answers two questions): each address once.
    assert "Pemeriksaan 4 alamat tautan dimulai di latar belakang" in texts(at)
    run = latest_run(db, SYSTEM, world.cycle_id)
    assert run is not None
    assert wait_for(run.id, 60)
    at.run()
    assert not at.exception, at.exception

    bar = [p for p in at.get("progress") if "alamat tautan diperiksa" in str(p.proto.text)]
    assert str(bar[0].proto.text) == "4 dari 4 alamat tautan diperiksa · selesai"
    assert "oleh PPID Kominfo" in texts(at)
    assert [m.value for m in at.metric][-2:] == ["5", "2"]  # links shown; to fix
    [expander] = [e for e in at.expander if "Dinas Kominfo" in e.label]
    assert expander.label == "Dinas Kominfo — 2 tautan"
    table = coordinator_page.frame_of(at, "Keterangan")  # the only body with links to fix
    assert list(table["Pertanyaan"]) == ["1.2", "2.1"]
    assert list(table["Hasil"]) == ["tautan tidak dapat dibuka", "perlu izin akses"]
    message = at.text_area(key=f"links_message_{world.cycle_id}_{world.kominfo}").value
    assert message.startswith("Yth. PPID Dinas Kominfo,")
    assert f"- Pertanyaan 1.2: {server.url('/missing')}" in message
    assert "Perlu izin akses" in message
    assert "PDF paling besar 2 MB" in message
    assert message.endswith(f"sebelum batas waktu pengisian kuesioner, {day(deadline)}. "
                            f"Terima kasih.")
    assert not [e for e in at.expander if "Dinas Kesehatan" in e.label]  # nothing to fix
    assert "Desa Sukamaju" not in "".join(e.label for e in at.expander)  # outside scope


def test_a_run_in_progress_is_shown_and_not_started_twice(
        coord_world: coordinator_page.World, server: LinkServer) -> None:
    world = coord_world
    db = Database(world.url)
    add_submission(db, world.cycle_id, world.kominfo, ANSWERS, {
        "1.1": server.url("/dip.pdf")})
    from evidence.link_runs import begin_run

    begin_run(db, world.coordinator, world.cycle_id)  # running (in "another instance")
    at = coordinator_page.open_page(world.coordinator)
    assert at.button(key="links_start").disabled
    bar = [p for p in at.get("progress") if "alamat tautan diperiksa" in str(p.proto.text)]
    assert str(bar[0].proto.text) == "0 dari 1 alamat tautan diperiksa · sedang berjalan"


def test_no_continue_button_for_a_wider_run_begun_by_someone_else(
        coord_world: coordinator_page.World, server: LinkServer) -> None:
    """The admin's run of every link, interrupted: continuing it would check the
    koordinator's links only, so the page offers no button that would be refused — it says
    whom to ask; a run of their own can still begin."""
    world = coord_world
    db = Database(world.url)
    add_submission(db, world.cycle_id, world.kominfo, ANSWERS, {
        "1.1": server.url("/dip.pdf")})
    from sqlalchemy import update

    from evidence.link_runs import begin_run
    from storage.models import LinkCheckRun

    stopped = begin_run(db, SYSTEM, world.cycle_id)
    with db.transaction() as session:
        session.execute(update(LinkCheckRun).where(LinkCheckRun.id == stopped.id)
                        .values(state="interrupted"))
    at = coordinator_page.open_page(world.coordinator)
    assert not [b for b in at.button if b.key == "links_resume"]
    assert "dimulai oleh Sistem untuk semua badan publik siklus ini, lebih luas dari " \
           "cakupan Anda" in texts(at)
    assert not at.button(key="links_start").disabled


# -- the verifikator ---------------------------------------------------------------------------

eval_template = evaluator_page.template


@pytest.fixture
def eval_world(eval_template, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    source, built = eval_template
    with coordinator_page.served_copy(source, tmp_path, monkeypatch) as url:
        yield evaluator_page.World(url, built.cycle_id, built.kominfo, built.verifier,
                                   built.verifier2, built.coordinator)


def test_verifikator_sees_each_links_verdict_beside_it(
        eval_world: evaluator_page.World, server: LinkServer) -> None:
    world = eval_world
    add_submission(world.db, world.cycle_id, world.kominfo, ANSWERS, {
        "1.1": server.url("/dip.pdf"),
        "1.2": f"{server.url('/big.pdf')} {server.url('/private-drive')}",
        "2.1": server.url("/notes.txt")})
    at = evaluator_page.open_page(world.verifier)
    shown = evaluator_page.messages(at, "markdown")
    assert "**Pemeriksaan tautan:** :gray[○] belum diperiksa" in shown

    check_links(world.db, SYSTEM, world.cycle_id, settings=CheckSettings(allow_private=True))
    at = evaluator_page.open_page(world.verifier)
    shown = evaluator_page.messages(at, "markdown")
    assert ":green[✓] **PDF dapat dibuka** — PDF dapat dibuka " \
           "(3 halaman, 2,3 kB) · diperiksa " in shown
    assert "diperiksa " in shown
    assert " WIB" in shown
    evaluator_page.go_to(at, world, "1.2")
    shown = evaluator_page.messages(at, "markdown")
    assert "**Pemeriksaan tautan:**" in shown
    assert ":red[✗] **terlalu besar** — Lebih dari 2 MB" in shown
    assert ":red[✗] **perlu izin akses** — Perlu izin akses" in shown
    evaluator_page.go_to(at, world, "2.1")
    assert ":orange[⚠] **bukan PDF** — Bukan PDF" in \
        evaluator_page.messages(at, "markdown")


def test_verifikator_checks_one_answers_links_on_the_spot(
        eval_world: evaluator_page.World, server: LinkServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The PPID says the link is fixed: the verifikator checks it again there and then,
    and the new verdict is what everyone reads (no run needed)."""
    monkeypatch.setenv("MONEV_LINK_CHECK_PRIVATE", "1")  # the server is on 127.0.0.1
    world = eval_world
    add_submission(world.db, world.cycle_id, world.kominfo, ANSWERS, {
        "1.1": f"{server.url('/dip.pdf')} {server.url('/missing')}"})
    at = evaluator_page.open_page(world.verifier)
    assert "**Pemeriksaan tautan:**" in evaluator_page.messages(at, "markdown")
    button = at.button(key=f"links_now_{world.kominfo}_1.1")
    assert button.label == "Periksa tautan ini sekarang"
    button.click().run()
    assert not at.exception, at.exception
    shown = evaluator_page.messages(at, "markdown")
    assert ":green[✓] **PDF dapat dibuka** — PDF dapat dibuka (3 halaman, 2,3 kB)" in shown
    assert ":red[✗] **tautan tidak dapat dibuka**" in shown
    assert "belum diperiksa" not in shown
    # Stored as the newest verdicts of those addresses, outside any run.
    verdicts = {v.url: v.verdict for v in link_verdicts(world.db, SYSTEM, world.cycle_id)}
    assert verdicts == {server.url("/dip.pdf"): "ok", server.url("/missing"): "not_found"}
    assert latest_run(world.db, SYSTEM, world.cycle_id) is None
    # Read again later, the page shows the same verdicts.
    at = evaluator_page.open_page(world.verifier)
    assert ":red[✗] **tautan tidak dapat dibuka**" in evaluator_page.messages(at, "markdown")
