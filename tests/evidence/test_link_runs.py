"""Checking every evidence link of a cycle: runs with progress, results kept per address and
read per badan publik and question, one URL checked once per run, bounded concurrency,
interrupted runs marked and resumed, rights — on SQLite and PostgreSQL, against a local
HTTP server (no internet)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from link_server import LinkServer, running
from sqlalchemy import func, select, update

from evidence import link_runs, links
from evidence.link_runs import (
    begin_run,
    check_links,
    latest_run,
    link_verdicts,
    start_run,
    wait_for,
)
from evidence.links import CheckSettings
from monev.accounts import actor_for, add_user
from monev.bodies import name_key, register_body
from monev.cycles import create_cycle
from monev.errors import PermissionDenied, UsageError
from monev.imports import import_paths
from monev.permissions import SYSTEM
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import (
    Answer,
    BadanPublik,
    LinkCheck,
    LinkCheckRun,
    Participation,
    Submission,
    utcnow,
)
from tests.conftest import cheap_hashing

FAST = CheckSettings(allow_private=True, read_timeout=0.5, connect_timeout=2,
                     total_timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with running() as started:
        yield started


def make_cycle(db: Database, registry: Registry) -> int:
    return create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Tautan", year=2026,
                        registry=registry).id


def upload(db: Database, cycle_id: int, filled: Callable[..., Path], name: str,
           evidence: dict[str, str]) -> int:
    """Register and import a filled mini questionnaire of `name` with `evidence`."""
    body = register_body(db, SYSTEM, cycle_id, name=name, category="opd").id
    report = import_paths(db, SYSTEM, cycle_id, [filled(f"{body}-{time.monotonic_ns()}.xlsx",
                                                        badan_publik=name, evidence=evidence)])
    assert report.accepted, report
    return body


def test_a_run_checks_each_address_once_and_every_link_reads_its_verdict(
        db: Database, mini_registry: Registry, filled: Callable[..., Path],
        server: LinkServer) -> None:
    cycle = make_cycle(db, mini_registry)
    kominfo = upload(db, cycle, filled, "Dinas Kominfo", {
        "1.1": server.url("/dip.pdf"), "1.2": server.url("/missing"),
        "2.1": server.url("/private-drive")})
    dinkes = upload(db, cycle, filled, "Dinas Kesehatan", {
        "1.1": server.url("/dip.pdf"), "1.2": server.url("/slow"),
        "2.1": server.url("/notes.txt")})
    before = server.traffic.count("GET", "/dip.pdf")
    seen: list[tuple[int, int]] = []

    run = check_links(db, SYSTEM, cycle, settings=FAST,
                      progress=lambda done, total: seen.append((done, total)))

    assert (run.state, run.done, run.total) == ("finished", 5, 5)
    assert run.finished_at is not None
    assert seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert server.traffic.count("GET", "/dip.pdf") == before + 1  # the same URL once
    verdicts = link_verdicts(db, SYSTEM, cycle)
    by = {(v.body_name, v.question_code): v for v in verdicts}
    assert len(verdicts) == 6
    assert by[("Dinas Kominfo", "1.1")].verdict == links.OK
    assert by[("Dinas Kesehatan", "1.1")].verdict == links.OK  # the same stored result
    assert by[("Dinas Kominfo", "1.1")].pdf_pages == 3
    assert by[("Dinas Kominfo", "1.2")].verdict == links.NOT_FOUND
    assert by[("Dinas Kominfo", "1.2")].status_code == 404
    assert by[("Dinas Kominfo", "2.1")].verdict == links.SIGN_IN
    assert by[("Dinas Kesehatan", "1.2")].verdict == links.TIMEOUT
    assert by[("Dinas Kesehatan", "2.1")].verdict == links.NOT_PDF
    assert all(v.checked_at is not None and v.detail for v in verdicts)
    # Ordered by body name, then the methodology's question order.
    assert [(v.body_name, v.question_code) for v in verdicts][:3] == [
        ("Dinas Kesehatan", "1.1"), ("Dinas Kesehatan", "1.2"), ("Dinas Kesehatan", "2.1")]
    # One body, one question: what the verifikator's workspace reads.
    [one] = link_verdicts(db, SYSTEM, cycle, body_id=kominfo, question_code="1.2")
    assert one.verdict == links.NOT_FOUND
    assert one.needs_fixing
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(LinkCheck)) == 5

    # A new upload with another link: not checked until the next run; the old verdict of
    # an address stays with that address.
    upload(db, cycle, filled, "Dinas Kesehatan", {
        "1.1": server.url("/page.html"), "1.2": server.url("/slow"),
        "2.1": server.url("/notes.txt")})
    fresh = {v.question_code: v for v in link_verdicts(db, SYSTEM, cycle, body_id=dinkes)}
    assert fresh["1.1"].verdict is None
    assert fresh["1.1"].record()["keterangan"] == "Tautan belum diperiksa."
    assert fresh["2.1"].verdict == links.NOT_PDF
    again = check_links(db, SYSTEM, cycle, settings=FAST)
    assert (again.state, again.total) == ("finished", 6)  # Kominfo's 3, Kesehatan's 3
    fresh = {v.question_code: v for v in link_verdicts(db, SYSTEM, cycle, body_id=dinkes)}
    assert fresh["1.1"].verdict == links.WEB_PAGE
    with db.read() as session:  # results are appended, never overwritten
        assert session.scalar(select(func.count()).select_from(LinkCheck)) == 11


def test_several_links_in_one_cell_are_each_checked(
        db: Database, mini_registry: Registry, server: LinkServer) -> None:
    cycle = make_cycle(db, mini_registry)
    body = register_body(db, SYSTEM, cycle, name="Dinas Kominfo", category="opd").id
    store_answers(db, cycle, body, {"1.1": f"{server.url('/dip.pdf')}\n"
                                           f"{server.url('/missing')}; "
                                           f"{server.url('/locked.pdf')}"})
    check_links(db, SYSTEM, cycle, settings=FAST)
    verdicts = link_verdicts(db, SYSTEM, cycle)
    assert [(v.question_code, v.url, v.verdict) for v in verdicts] == [
        ("1.1", server.url("/dip.pdf"), links.OK),
        ("1.1", server.url("/missing"), links.NOT_FOUND),
        ("1.1", server.url("/locked.pdf"), links.ENCRYPTED_PDF)]


def store_answers(db: Database, cycle_id: int, body_id: int, evidence: dict[str, str]) -> None:
    """A submission whose answers hold `evidence` as typed (many at once, fast)."""
    with db.transaction() as session:
        version = (session.scalar(select(func.max(Submission.version)).where(
            Submission.cycle_id == cycle_id, Submission.badan_publik_id == body_id)) or 0) + 1
        submission = Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=version,
                                file_name="isian.xlsx", sha256=f"{body_id:064d}")
        session.add(submission)
        session.flush()
        session.add_all(Answer(submission_id=submission.id, question_code=code, value=True,
                               evidence=text) for code, text in evidence.items())


def many_bodies(db: Database, cycle_id: int, evidence: dict[str, dict[str, str]]) -> None:
    """Badan publik taking part in the cycle, each with a submission holding its evidence
    (written at once: the registration and import paths have their own tests)."""
    with db.transaction() as session:
        for name, cells in evidence.items():
            body = BadanPublik(ki="KI Tautan", name=name, name_key=name_key(name),
                               category="opd")
            session.add(body)
            session.flush()
            session.add(Participation(cycle_id=cycle_id, badan_publik_id=body.id,
                                      status="submitted"))
            submission = Submission(cycle_id=cycle_id, badan_publik_id=body.id, version=1,
                                    file_name=f"{name}.xlsx", sha256=f"{body.id:064d}")
            session.add(submission)
            session.flush()
            session.add_all(Answer(submission_id=submission.id, question_code=code,
                                   value=True, evidence=text) for code, text in cells.items())


def test_a_thousand_links_in_the_background_with_bounded_concurrency_and_progress(
        db: Database, mini_registry: Registry, server: LinkServer) -> None:
    cycle = make_cycle(db, mini_registry)
    tag = time.monotonic_ns()  # addresses of this test only (the server is the module's)
    many_bodies(db, cycle, {  # 125 badan publik × 2 questions × 4 links
        f"Dinas {n:03d}": {code: " ".join(server.url(f"/many/{tag}-{n}-{code}-{k}")
                                          for k in range(4)) for code in ("1.1", "1.2")}
        for n in range(125)})
    server.many_delay = 0.01
    with server.traffic.lock:
        server.traffic.max_active = 0
    limit = 6

    started = start_run(db, SYSTEM, cycle, settings=CheckSettings(
        allow_private=True, concurrency=limit, read_timeout=5))
    assert started.state == "running"
    assert (started.done, started.total) == (0, 1000)
    # Another run of the same cycle is refused while this one runs.
    with pytest.raises(UsageError, match="sedang berjalan"):
        begin_run(db, SYSTEM, cycle)
    progress = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        info = latest_run(db, SYSTEM, cycle)
        assert info is not None
        progress.append(info.done)
        if not info.running:
            break
        time.sleep(0.2)
    assert wait_for(started.id, 10)

    info = latest_run(db, SYSTEM, cycle)
    assert info is not None
    assert (info.state, info.done, info.total) == ("finished", 1000, 1000)
    assert info.share == 1.0
    assert any(0 < done < 1000 for done in progress)  # progress was seen on the way
    assert progress == sorted(progress)
    assert 1 < server.traffic.max_active <= limit
    assert server.traffic.gets(f"/many/{tag}-") == 1000
    verdicts = link_verdicts(db, SYSTEM, cycle)
    assert len(verdicts) == 1000
    assert {v.verdict for v in verdicts} == {links.WEB_PAGE}


def test_an_interrupted_run_is_marked_and_resumes_where_it_stopped(
        db: Database, mini_registry: Registry, server: LinkServer) -> None:
    cycle = make_cycle(db, mini_registry)
    tag = time.monotonic_ns()  # addresses of this test only (the server is the module's)
    many_bodies(db, cycle, {f"Badan {n}": {"1.1": " ".join(
        server.url(f"/many/{tag}-{n}-{k}") for k in range(3))} for n in range(10)})
    server.many_delay = 0.05

    def ctrl_c(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_links(db, SYSTEM, cycle, progress=ctrl_c, settings=CheckSettings(
            allow_private=True, concurrency=2))
    stopped = latest_run(db, SYSTEM, cycle)
    assert stopped is not None
    assert stopped.state == "interrupted"
    assert "berhenti sebelum selesai" in stopped.detail
    assert 0 < stopped.done < stopped.total == 30

    kept = stored_urls(db, stopped.id)
    assert len(kept) == stopped.done

    resumed = check_links(db, SYSTEM, cycle, resume=True, settings=FAST)
    assert resumed.id == stopped.id  # the same run, continued
    assert (resumed.state, resumed.done, resumed.total) == ("finished", 30, 30)
    assert "Dilanjutkan" in resumed.detail
    # What was stored before Ctrl+C is not fetched again (only the checks cut off in
    # flight, at most the concurrency, are); each address has one result in the run.
    fetched_again = [url for url in kept
                     if server.traffic.count("GET", url.removeprefix(server.base)) != 1]
    assert fetched_again == []
    in_flight = sum(server.traffic.count("GET", f"/many/{tag}-{n}-{k}") - 1
                    for n in range(10) for k in range(3))
    assert in_flight <= 2
    with db.read() as session:
        urls = list(session.scalars(select(LinkCheck.url).where(
            LinkCheck.run_id == stopped.id)))
    assert sorted(urls) == sorted(set(urls))
    assert len(urls) == 30
    with pytest.raises(UsageError, match="Tidak ada pemeriksaan tautan yang terputus"):
        check_links(db, SYSTEM, cycle, resume=True, settings=FAST)
    # A new run checks everything again.
    fresh = check_links(db, SYSTEM, cycle, settings=FAST)
    assert fresh.id != stopped.id
    assert server.traffic.count("GET", f"/many/{tag}-0-0") >= 2


def stored_urls(db: Database, run_id: int) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(LinkCheck.url).where(LinkCheck.run_id == run_id)))


def test_a_run_whose_process_died_reads_interrupted_and_can_be_restarted(
        db: Database, mini_registry: Registry, server: LinkServer) -> None:
    cycle = make_cycle(db, mini_registry)
    body = register_body(db, SYSTEM, cycle, name="Dinas Kominfo", category="opd").id
    store_answers(db, cycle, body, {"1.1": server.url("/dip.pdf")})
    begun = begin_run(db, SYSTEM, cycle)  # recorded, never checked: its process "died"
    assert latest_run(db, SYSTEM, cycle).state == "running"  # type: ignore[union-attr]
    with pytest.raises(UsageError, match="sedang berjalan"):
        begin_run(db, SYSTEM, cycle)
    with db.transaction() as session:  # … a while ago
        session.execute(update(LinkCheckRun).where(LinkCheckRun.id == begun.id).values(
            started_at=utcnow() - link_runs.STALE_AFTER - timedelta(seconds=1)))
    assert latest_run(db, SYSTEM, cycle).state == "interrupted"  # type: ignore[union-attr]

    resumed = check_links(db, SYSTEM, cycle, resume=True, settings=FAST)
    assert (resumed.id, resumed.state, resumed.done) == (begun.id, "finished", 1)
    assert link_verdicts(db, SYSTEM, cycle)[0].verdict == links.OK


PASSWORD = "Tautan-Uji-2026!x"


def inside_and_outside(db: Database, registry: Registry, server: LinkServer
                       ) -> tuple[int, int, int]:
    """A cycle (its id first) of Dinas Dalam (a PDF that opens) and Dinas Luar (a 404), and
    koordinator ``ppid`` of Dinas Dalam."""
    cycle = make_cycle(db, registry)
    inside = register_body(db, SYSTEM, cycle, name="Dinas Dalam", category="opd").id
    outside = register_body(db, SYSTEM, cycle, name="Dinas Luar", category="opd").id
    store_answers(db, cycle, inside, {"1.1": server.url("/dip.pdf")})
    store_answers(db, cycle, outside, {"1.1": server.url("/missing")})
    add_user(db, SYSTEM, username="ppid", password=PASSWORD, role="koordinator",
             scope=[inside])
    return cycle, inside, outside


def test_rights_koordinator_checks_their_scope_evaluator_checks_all(
        db: Database, mini_registry: Registry, server: LinkServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)
    cycle, _, outside = inside_and_outside(db, mini_registry, server)
    password = PASSWORD
    add_user(db, SYSTEM, username="verif", password=password, role="evaluator")
    add_user(db, SYSTEM, username="pejabat", password=password, role="pejabat")
    koordinator, evaluator, official = (actor_for(db, name)
                                        for name in ("ppid", "verif", "pejabat"))

    with pytest.raises(PermissionDenied, match="memeriksa tautan data dukung"):
        begin_run(db, official, cycle)
    run = check_links(db, koordinator, cycle, settings=FAST)
    assert (run.done, run.total) == (1, 1)  # only the link of the body in scope
    assert run.started_by == "ppid"
    assert [(v.body_name, v.verdict) for v in link_verdicts(db, koordinator, cycle)] == [
        ("Dinas Dalam", links.OK)]
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        link_verdicts(db, koordinator, cycle, body_id=outside)
    seen = {(v.body_name, v.verdict) for v in link_verdicts(db, evaluator, cycle)}
    assert seen == {("Dinas Dalam", links.OK), ("Dinas Luar", None)}
    assert latest_run(db, evaluator, cycle).done == 1  # type: ignore[union-attr]
    # The verifikator checks links too (while verifying): every body's.
    run = check_links(db, evaluator, cycle, settings=FAST)
    assert (run.done, run.total, run.started_by) == (2, 2, "verif")
    seen = {(v.body_name, v.verdict) for v in link_verdicts(db, evaluator, cycle)}
    assert seen == {("Dinas Dalam", links.OK), ("Dinas Luar", links.NOT_FOUND)}


def test_a_cycle_without_links_finishes_at_once(db: Database, mini_registry: Registry) -> None:
    cycle = make_cycle(db, mini_registry)
    body = register_body(db, SYSTEM, cycle, name="Dinas Kominfo", category="opd").id
    store_answers(db, cycle, body, {"1.1": "ada, lihat lampiran", "1.2": ""})
    run = check_links(db, SYSTEM, cycle, settings=FAST)
    assert (run.state, run.done, run.total, run.share) == ("finished", 0, 0, 1.0)
    assert link_verdicts(db, SYSTEM, cycle) == []


def test_one_answers_links_are_checked_now_and_replace_a_runs_verdict(
        db: Database, mini_registry: Registry, filled: Callable[..., Path],
        server: LinkServer) -> None:
    """check_answer_links: the verifikator's check of one answer, outside any run."""
    cycle = make_cycle(db, mini_registry)
    kominfo = upload(db, cycle, filled, "Dinas Kominfo", {
        "1.1": server.url("/dip.pdf"), "1.2": server.url("/missing"), "2.1": ""})
    other = upload(db, cycle, filled, "Dinas Kesehatan", {"1.1": server.url("/missing")})
    check_links(db, SYSTEM, cycle, settings=FAST)
    runs_before = latest_run(db, SYSTEM, cycle)
    missing = server.traffic.count("GET", "/missing")

    [verdict] = link_runs.check_answer_links(db, SYSTEM, cycle, kominfo, "1.2", settings=FAST)
    assert (verdict.question_code, verdict.verdict) == ("1.2", links.NOT_FOUND)
    assert server.traffic.count("GET", "/missing") == missing + 1  # that one address only
    assert latest_run(db, SYSTEM, cycle) == runs_before  # no run begun
    with db.read() as session:
        newest = session.scalars(select(LinkCheck).order_by(LinkCheck.id.desc())).first()
        assert newest is not None
        assert (newest.url, newest.run_id) == (server.url("/missing"), None)
    # The address's newest result is what every reader sees, whoever's answer holds it.
    [shared] = link_verdicts(db, SYSTEM, cycle, body_id=other, question_code="1.1")
    assert shared.checked_at == verdict.checked_at

    with pytest.raises(UsageError, match="tidak memuat tautan untuk diperiksa"):
        link_runs.check_answer_links(db, SYSTEM, cycle, kominfo, "2.1", settings=FAST)
    add_user(db, SYSTEM, username="koor.kesehatan", password="Koordinator-Kuat-2026",
             role="koordinator", scope=[other])
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        link_runs.check_answer_links(db, actor_for(db, "koor.kesehatan"), cycle, kominfo,
                                     "1.1", settings=FAST)


def test_a_koordinator_does_not_finish_a_wider_run_with_their_scope_only(
        db: Database, mini_registry: Registry, server: LinkServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The admin's run of every link, interrupted: a koordinator continuing it would check
    their bodies' links only and mark it finished — refused, saying whom to ask; the admin
    continues it whole; the koordinator may begin their own."""
    cheap_hashing(monkeypatch)
    cycle, _, _ = inside_and_outside(db, mini_registry, server)
    koordinator = actor_for(db, "ppid")
    stopped = begin_run(db, SYSTEM, cycle)
    with db.transaction() as session:
        session.execute(update(LinkCheckRun).where(LinkCheckRun.id == stopped.id)
                        .values(state="interrupted"))

    with pytest.raises(UsageError) as refused:
        begin_run(db, koordinator, cycle, resume=True)
    assert str(refused.value).startswith(
        "Pemeriksaan tautan yang terputus dimulai oleh Sistem untuk semua badan publik siklus "
        "ini, lebih luas dari cakupan Anda")
    assert "Minta admin melanjutkannya" in str(refused.value)
    run = latest_run(db, SYSTEM, cycle)
    assert run is not None
    assert (run.id, run.state, run.total) == (stopped.id, "interrupted", 2)

    resumed = check_links(db, SYSTEM, cycle, resume=True, settings=FAST)
    assert (resumed.id, resumed.state, resumed.done, resumed.total) == (
        stopped.id, "finished", 2, 2)
    own = check_links(db, koordinator, cycle, settings=FAST)  # a run of their own
    assert (own.done, own.total, own.started_by) == (1, 1, "ppid")
