"""The world of the permission tests: use cases, roles, and real accounts to act with.

One open cycle and one published cycle of the same KI, two registered OPDs (one in the
koordinator's scope, and the body of the badan publik account) with uploaded questionnaires,
one prepared cycle (not yet opened: admins and evaluators only) with the two OPDs
registered, one cycle in its masa sanggah (the SAQ stage locked), and one account per role.
The world is
built once per test module and database (SQLite, then PostgreSQL, as the ``db`` fixture of
tests/conftest.py does: fixture ``matrix_world`` in tests/monev/conftest.py); tests that
change an account make their own.

:data:`USE_CASES` lists the use cases of the services with the roles allowed to run them;
:mod:`test_permissions` runs each for every role, :mod:`test_stale_actor` for accounts an
admin disabled, moved to another role or out of a scope after the actor was made.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

from evidence import files as evidence_files
from evidence import link_runs
from evidence.links import CheckSettings
from evidence.store import FolderStore
from monev import (
    accounts,
    appeals,
    bodies,
    bonuses,
    cycles,
    imports,
    methodologies,
    panel,
    portal,
    review,
    submission_warnings,
    trail,
    verification,
    whatif,
)
from monev.backup import backup_cycle, restore_cycle
from monev.errors import PermissionDenied
from monev.exports.open_data import export_open_data
from monev.exports.ranking import export_ranking
from monev.exports.report_card import export_report_card, report_cards
from monev.exports.whatif import export_whatif
from monev.outcomes import dashboard, publication, results
from monev.permissions import SYSTEM, Actor
from notifications import inbox, messages, outbox, templates
from questionnaires.loader import Registry
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Base, LinkCheckRun
from tests.conftest import MINI_OPD_ANSWERS, MINI_OPD_EVIDENCE
from tests.evidence.evidence_samples import pdf_bytes

# Long and not common: accepted by the password rules for real accounts.
PASSWORD = "Matriks-Izin-2025!x"
ROLES = ("admin", "evaluator", "pejabat", "koordinator", "badan_publik")
# Roles limited to some badan publik: tried for one inside and one outside their scope.
SCOPED_ROLES = ("koordinator", "badan_publik")

_counter = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


class World:
    """Two cycles (open, published) with two registered OPDs and one account per role."""

    def __init__(self, db: Database, mini_registry: Any, folder: Path) -> None:
        self.db = db
        self.folder = folder
        self.mini = mini_registry.get("mini")
        self.cycle = cycles.create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Matriks",
                                         year=2025, registry=mini_registry).id
        self.inside = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Dalam",
                                           category="opd").id
        self.outside = bodies.register_body(db, SYSTEM, self.cycle, name="Dinas Luar",
                                            category="opd").id
        self.published = cycles.create_cycle(
            db, SYSTEM, methodology_id="mini", ki="KI Matriks", year=2024,
            title="Monev Matriks 2024 (ditetapkan)", registry=mini_registry).id
        for cycle in (self.cycle, self.published):
            for name in ("Dinas Dalam", "Dinas Luar"):
                bodies.register_body(db, SYSTEM, cycle, name=name, category="opd")
                imports.import_paths(db, SYSTEM, cycle, [self.workbook(name)])
        publication.publish(db, SYSTEM, self.published)
        self.prepared = cycles.create_cycle(
            db, SYSTEM, methodology_id="mini", ki="KI Matriks", year=2026,
            title="Monev Matriks 2026 (disiapkan)", registry=mini_registry, prepared=True).id
        # the same two bodies (their ids: registered again, the body is found by name)
        self.prepared_bodies = {
            body: bodies.register_body(db, SYSTEM, self.prepared, name=name, category="opd").id
            for body, name in ((self.inside, "Dinas Dalam"), (self.outside, "Dinas Luar"))}
        self.backup = folder / "cadangan.zip"
        backup_cycle(db, SYSTEM, self.published, self.backup)
        # A cycle in its masa sanggah: answers uploaded, the SAQ stage locked.
        self.sanggah = cycles.create_cycle(
            db, SYSTEM, methodology_id="mini", ki="KI Matriks", year=2025,
            title="Monev Matriks 2025 (masa sanggah)", registry=mini_registry).id
        for name in ("Dinas Dalam", "Dinas Luar"):
            bodies.register_body(db, SYSTEM, self.sanggah, name=name, category="opd")
            imports.import_paths(db, SYSTEM, self.sanggah, [self.workbook(name)])
        cycles.set_lock(db, SYSTEM, self.sanggah, "saq", True)
        self.accounts = {role: self.account(role, username=name) for role, name in
                         (("admin", "adm"), ("evaluator", "eva"), ("pejabat", "pej"),
                          ("koordinator", "koor"), ("badan_publik", "bp"))}
        accounts.add_user(db, SYSTEM, username="target", password=PASSWORD, role="evaluator")

    def account(self, role: str, *, username: str | None = None) -> Actor:
        """A new account with `role` (a koordinator's scope, a badan publik account's body:
        the inside OPD), as the actor a page would keep after logging in."""
        username = username or unique(f"{role[:4]}-")
        accounts.add_user(self.db, SYSTEM, username=username, password=PASSWORD, role=role,
                          display_name=f"Akun {username}",
                          scope=[self.inside] if role in SCOPED_ROLES else [])
        return accounts.actor_for(self.db, username)

    def workbook(self, name: str) -> Path:
        path = self.folder / f"{name}-{next(_counter)}.xlsx"
        answers = dict(MINI_OPD_ANSWERS)
        answers["1.1"] = "Ya" if next(_counter) % 2 else "Tidak"  # a new version each time
        write_filled(self.mini, "opd", path, badan_publik=name, answers=answers,
                     evidence=MINI_OPD_EVIDENCE)
        return path

    def seq(self, body: int, question: str = "1.1") -> int:
        with self.db.read() as session:
            return verification.answer_item(self.cycle, body, question).seq(session)

    def stored(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: what "nothing was stored" is checked against."""
        with self.db.read() as session:
            return {table.name: [tuple(row) for row in session.execute(
                select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}


# -- the use cases ----------------------------------------------------------------------------

Act = Callable[[World, Actor, int, Any], Any]


@dataclass(frozen=True)
class UseCase:
    """`act(world, actor, body, prepared)` runs the use case as `actor` for `body`;
    `prepare(world, body)` makes what it needs beforehand (as the system) and `cleanup(world,
    prepared)` puts the world back after it went through."""

    act: Act
    roles: frozenset[str]
    # A koordinator may do it only for the badan publik in their scope, a badan publik
    # account only for its own.
    scoped: bool = False
    prepare: Callable[[World, int], Any] | None = None
    cleanup: Callable[[World, Any], None] | None = None

    def allowed(self, role: str, *, in_scope: bool = True) -> bool:
        return role in self.roles and (in_scope or not self.scoped
                                       or role not in SCOPED_ROLES)

    def run(self, w: World, actor: Actor, body: int) -> Any:
        """Prepare, act, and clean up after a use case that went through."""
        prepared = self.prepare(w, body) if self.prepare else None
        done = self.act(w, actor, body, prepared)
        if self.cleanup:
            self.cleanup(w, prepared)
        return done


def _name(w: World, body: int) -> str:
    return "Dinas Dalam" if body == w.inside else "Dinas Luar"


def _import(w: World, a: Actor, body: int, _: Any) -> None:
    report = imports.import_paths(w.db, a, w.cycle, [w.workbook(_name(w, body))])
    refusals = [p for f in report.files for p in f.errors if p.code == "S504"]
    if refusals:
        raise PermissionDenied(refusals[0].message)


def _current(items: list[Any], **match: Any) -> int:
    for item in items:
        if all(getattr(item, k) == v for k, v in match.items()):
            return item.seq
    return 0


def _panel(w: World, a: Actor, body: int, _: Any) -> None:
    seq = _current(panel.panel_scores(w.db, SYSTEM, w.cycle, body), juror="Juri 1",
                   aspect="K")
    panel.record_panel_score(w.db, a, w.cycle, body, "panel", "Juri 1", "K",
                                  70 + seq, expected_seq=seq, reason="penilaian ulang")


def _bonus(w: World, a: Actor, body: int, _: Any) -> None:
    seq = _current(bonuses.bonuses(w.db, SYSTEM, w.cycle, body), code="hadir")
    bonuses.record_bonus(w.db, a, w.cycle, body, "hadir", 1 + seq, "pimpinan hadir",
                            expected_seq=seq)


def _file_for_decision(w: World, body: int) -> appeals.AppealInfo:
    return appeals.file_appeal(w.db, SYSTEM, w.cycle, body, "Bukti baru", question_code="1.1")


def _unlock(w: World, _: Any) -> None:
    cycles.set_lock(w.db, SYSTEM, w.cycle, "panel", False, reason="matriks izin")


def _prepare_cycle(w: World, _: int) -> int:
    return cycles.create_cycle(w.db, SYSTEM, methodology_id="mini", ki="KI Matriks", year=2027,
                               title=unique("Disiapkan "), registry=Registry([w.mini]),
                               prepared=True).id


def _import_prepared(w: World, a: Actor, body: int, _: Any) -> None:
    report = imports.import_paths(w.db, a, w.prepared, [w.workbook(_name(w, body))])
    assert [f.status for f in report.files] == [imports.ImportStatus.ACCEPTED], report


def _save_methodology(w: World, a: Actor, body: int, _: Any) -> None:
    edited = w.mini.model_copy(update={"version": "matriks", "title": "Mini (matriks izin)"})
    methodologies.save_methodology(w.db, a, edited, registry=Registry([w.mini]))


def _evidence(w: World) -> FolderStore:
    return FolderStore(w.folder / "bukti")


def _attach(w: World, a: Actor, body: int, appeal: Any = None) -> Any:
    return evidence_files.attach_file(
        w.db, a, w.cycle, body, "1.1", "sk.pdf", pdf_bytes(title="SK PPID"),
        appeal_id=appeal.id if appeal is not None else None, store=_evidence(w))


def _attached(w: World, body: int) -> int:
    """A file attached (by the system) to the body's question 1.1, new content each time."""
    return evidence_files.attach_file(w.db, SYSTEM, w.cycle, body, "1.1", "dip.pdf",
                                      pdf_bytes(title=unique("DIP ")),
                                      store=_evidence(w)).file.id


def _end_link_run(w: World, _: Any) -> None:
    """End the run a use case began (never checked here), so the next one may begin."""
    with w.db.transaction() as session:
        session.execute(update(LinkCheckRun).where(LinkCheckRun.state == "running")
                        .values(state="interrupted"))


def _reopen(w: World, _: Any) -> None:
    publication.reopen(w.db, SYSTEM, w.cycle, "matriks izin: dibuka kembali")


def _draft_open(w: World, body: int) -> None:
    """The body's online questionnaire open for changes (reopened when it was sent)."""
    if portal.open_questionnaire(w.db, SYSTEM, w.cycle, body).state == portal.SUBMITTED:
        portal.reopen(w.db, SYSTEM, w.cycle, body, "matriks izin: dibuka kembali")


def _draft_answered(w: World, body: int) -> None:
    """The body's online questionnaire open, with 1.1 answered anew (a new submission)."""
    _draft_open(w, body)
    current = portal.open_questionnaire(w.db, SYSTEM, w.cycle, body).question("1.1")
    portal.save_answer(w.db, SYSTEM, w.cycle, body, "1.1",
                       "Tidak" if current.typed == "Ya" else "Ya")


def _draft_sent(w: World, body: int) -> None:
    """The body's online questionnaire sent (answered anew first)."""
    _draft_answered(w, body)
    portal.submit(w.db, SYSTEM, w.cycle, body, allow_incomplete=True, store=_evidence(w))


def _save_online(w: World, a: Actor, body: int, _: Any) -> None:
    current = portal.open_questionnaire(w.db, SYSTEM, w.cycle, body).question("1.1")
    portal.save_answer(w.db, a, w.cycle, body, "1.1",
                       "Tidak" if current.typed == "Ya" else "Ya",
                       evidence="https://ppid.example.go.id/dip",
                       expected_version=current.version)


def _submit_online(w: World, a: Actor, body: int, _: Any) -> None:
    portal.submit(w.db, a, w.cycle, body, allow_incomplete=True, store=_evidence(w))


def _appeal_online(w: World, a: Actor, body: int, _: Any) -> None:
    portal.file_appeal(w.db, a, w.sanggah, body, "Dokumen tersedia sejak Juli",
                       question_code="1.1", link="https://ppid.example.go.id/dip-baru",
                       file=("bukti.pdf", pdf_bytes(title=unique("Bukti "))),
                       store=_evidence(w))


def _check_answer_links(w: World, a: Actor, body: int, _: Any) -> None:
    """Check the links of 1.1 now; every request goes to a closed local port (a refused
    connection, at once): the matrix is about rights, not about what a link holds."""
    link_runs.check_answer_links(
        w.db, a, w.cycle, body, "1.1", settings=CheckSettings(allow_private=True),
        transport=httpx.AsyncHTTPTransport(proxy="http://127.0.0.1:9"))


ALL = frozenset(ROLES)
MANAGERS = frozenset({"admin"})
PREPARERS = frozenset({"admin", "evaluator"})  # who sees a prepared cycle
SCORES = frozenset({"admin", "evaluator", "pejabat"})
EVALUATORS = frozenset({"admin", "evaluator"})
UPLOADERS = frozenset({"admin", "koordinator"})
# Who checks evidence links (a run of the cycle, one answer's now): the koordinator before the
# deadline, the verifikator while verifying.
LINK_CHECKERS = frozenset({"admin", "evaluator", "koordinator"})
EVIDENCE_READERS = frozenset({"admin", "evaluator", "koordinator", "badan_publik"})
# Who may change the evidence files of answers: the badan publik itself while it fills.
EVIDENCE_WRITERS = frozenset({"admin", "koordinator", "badan_publik"})
FILLERS = frozenset({"admin", "badan_publik"})  # fill and send a questionnaire online
# Who reads a questionnaire saved online and not yet sent (its draft, its progress): the
# body itself and its koordinator; never a verifikator or pejabat.
DRAFT_READERS = frozenset({"admin", "koordinator", "badan_publik"})
APPELLANTS = frozenset({"admin", "koordinator", "badan_publik"})  # in the masa sanggah
MESSENGERS = frozenset({"admin", "koordinator", "badan_publik"})  # KI ↔ the body's PPID

USE_CASES: dict[str, UseCase] = {
    "users add": UseCase(lambda w, a, b, _: accounts.add_user(
        w.db, a, username=unique("u"), password=PASSWORD, role="pejabat"), MANAGERS),
    "users list": UseCase(lambda w, a, b, _: accounts.list_users(w.db, a), MANAGERS),
    "users enable": UseCase(lambda w, a, b, _: accounts.set_active(w.db, a, "target", True),
                            MANAGERS),
    "users reset password": UseCase(lambda w, a, b, _: accounts.reset_password(
        w.db, a, "target", PASSWORD), MANAGERS),
    "users scope": UseCase(lambda w, a, b, _: accounts.set_scope(w.db, a, "koor", [w.inside]),
                           MANAGERS),
    "users role": UseCase(lambda w, a, b, _: accounts.set_role(w.db, a, "target", "evaluator"),
                          MANAGERS),
    "cycle create": UseCase(lambda w, a, b, _: cycles.create_cycle(
        w.db, a, methodology_id="nasional-2025", ki="KI Matriks", year=2026,
        title=unique("Siklus ")), MANAGERS),
    "cycle list": UseCase(lambda w, a, b, _: cycles.list_cycles(w.db, a), ALL),
    "cycle get": UseCase(lambda w, a, b, _: cycles.get_cycle(w.db, a, w.cycle), ALL),
    "cycle methodology": UseCase(lambda w, a, b, _: cycles.cycle_methodology(
        w.db, a, w.cycle), ALL),
    "cycle open": UseCase(lambda w, a, b, cycle: cycles.open_cycle(w.db, a, cycle), MANAGERS,
                          prepare=_prepare_cycle),
    "landing cycle": UseCase(lambda w, a, b, _: cycles.landing_cycle(w.db, a), ALL),
    "remember cycle": UseCase(lambda w, a, b, _: cycles.remember_cycle(w.db, a, w.cycle),
                              ALL),
    "prepared cycle get": UseCase(lambda w, a, b, _: cycles.get_cycle(w.db, a, w.prepared),
                                  PREPARERS),
    "prepared cycle remember": UseCase(lambda w, a, b, _: cycles.remember_cycle(
        w.db, a, w.prepared), PREPARERS),
    "prepared cycle bodies": UseCase(lambda w, a, b, _: bodies.list_bodies(
        w.db, a, w.prepared), PREPARERS),
    "prepared cycle import": UseCase(_import_prepared, MANAGERS),
    "prepared cycle appeal": UseCase(lambda w, a, b, _: appeals.file_appeal(
        w.db, a, w.prepared, w.prepared_bodies[b], "Ada bukti baru"), MANAGERS),
    "prepared cycle results": UseCase(lambda w, a, b, _: results.compute_results(
        w.db, a, w.prepared), PREPARERS),
    "prepared cycle dashboard": UseCase(lambda w, a, b, _: dashboard.dashboard(
        w.db, a, w.prepared), PREPARERS),
    "stage deadline": UseCase(lambda w, a, b, _: cycles.set_deadline(
        w.db, a, w.cycle, "panel", None), MANAGERS),
    "stage lock": UseCase(lambda w, a, b, _: cycles.set_lock(w.db, a, w.cycle, "panel", True),
                          MANAGERS, cleanup=_unlock),
    "register body": UseCase(lambda w, a, b, _: bodies.register_body(
        w.db, a, w.cycle, name=_name(w, b), category="opd"), UPLOADERS, scoped=True),
    "add alias": UseCase(lambda w, a, b, _: bodies.add_alias(
        w.db, a, w.cycle, b, unique(f"{_name(w, b)} alias ")), UPLOADERS, scoped=True),
    "list bodies": UseCase(lambda w, a, b, _: bodies.list_bodies(w.db, a, w.cycle), ALL),
    "import": UseCase(_import, UPLOADERS, scoped=True),
    "verify answer": UseCase(lambda w, a, b, _: verification.verify_answer(
        w.db, a, w.cycle, b, "1.1", "Tidak" if w.seq(b) % 2 == 0 else "Ya",
        "diperiksa ulang", expected_seq=w.seq(b)), EVALUATORS),
    "answer history": UseCase(lambda w, a, b, _: review.answer_history(
        w.db, a, w.cycle, b, "1.1"), SCORES),
    "submission warnings": UseCase(lambda w, a, b, _: submission_warnings.submission_warnings(
        w.db, a, w.cycle, b), SCORES),
    "verification queue": UseCase(lambda w, a, b, _: review.verification_queue(
        w.db, a, w.cycle), SCORES),
    "answers for review": UseCase(lambda w, a, b, _: review.answers_for_review(
        w.db, a, w.cycle, b), SCORES),
    "panel score": UseCase(_panel, EVALUATORS),
    "panel scores": UseCase(lambda w, a, b, _: panel.panel_scores(w.db, a, w.cycle, b),
                            SCORES),
    "bonus": UseCase(_bonus, EVALUATORS),
    "bonuses": UseCase(lambda w, a, b, _: bonuses.bonuses(w.db, a, w.cycle, b), SCORES),
    "file appeal": UseCase(lambda w, a, b, _: appeals.file_appeal(
        w.db, a, w.cycle, b, "Ada bukti baru"), UPLOADERS, scoped=True),
    "decide appeal": UseCase(lambda w, a, b, appeal: appeals.decide_appeal(
        w.db, a, appeal.id, False, "Bukti tidak relevan", expected_version=appeal.version),
        EVALUATORS, prepare=_file_for_decision),
    "attach evidence": UseCase(_attach, EVIDENCE_WRITERS, scoped=True, prepare=_draft_open),
    "attach appeal evidence": UseCase(_attach, UPLOADERS, scoped=True,
                                      prepare=_file_for_decision),
    "list evidence": UseCase(lambda w, a, b, _: evidence_files.list_files(
        w.db, a, w.cycle, body_id=b), EVIDENCE_READERS, scoped=True),
    "fetch evidence": UseCase(lambda w, a, b, file_id: evidence_files.fetch_file(
        w.db, a, file_id, store=_evidence(w)), EVIDENCE_READERS, scoped=True,
        prepare=_attached),
    "withdraw evidence": UseCase(lambda w, a, b, file_id: evidence_files.withdraw_file(
        w.db, a, file_id), EVIDENCE_WRITERS, scoped=True, prepare=_attached),
    "begin link check": UseCase(lambda w, a, b, _: link_runs.begin_run(w.db, a, w.cycle),
                                LINK_CHECKERS, cleanup=_end_link_run),
    "check an answer's links now": UseCase(_check_answer_links, LINK_CHECKERS, scoped=True),
    "link verdicts": UseCase(lambda w, a, b, _: link_runs.link_verdicts(w.db, a, w.cycle),
                             ALL),
    "link verdicts of a body": UseCase(lambda w, a, b, _: link_runs.link_verdicts(
        w.db, a, w.cycle, body_id=b), ALL, scoped=True),
    "latest link run": UseCase(lambda w, a, b, _: link_runs.latest_run(w.db, a, w.cycle),
                               ALL),
    "list appeals": UseCase(lambda w, a, b, _: appeals.list_appeals(w.db, a, w.cycle), ALL),
    "compute results": UseCase(lambda w, a, b, _: results.compute_results(w.db, a, w.cycle),
                               SCORES),
    "cycle records": UseCase(lambda w, a, b, _: results.cycle_records(
        w.db, a, w.published), ALL),
    "published records": UseCase(lambda w, a, b, _: publication.published_records(
        w.db, a, w.published), ALL),
    "score trail": UseCase(lambda w, a, b, _: trail.score_trail(w.db, a, w.cycle), SCORES),
    "dashboard": UseCase(lambda w, a, b, _: dashboard.dashboard(w.db, a, w.published), ALL),
    "drilldown": UseCase(lambda w, a, b, _: dashboard.drilldown(w.db, a, w.published, b),
                         ALL, scoped=True),
    "export ranking": UseCase(lambda w, a, b, _: export_ranking(
        w.db, a, w.cycle, io.BytesIO()), SCORES),
    "report cards": UseCase(lambda w, a, b, _: report_cards(w.db, a, w.cycle), SCORES),
    "export report card": UseCase(lambda w, a, b, _: export_report_card(
        w.db, a, w.published, b, io.BytesIO()), ALL, scoped=True),
    "export open data": UseCase(lambda w, a, b, _: export_open_data(
        w.db, a, w.published, io.BytesIO()), SCORES),
    "publish and reopen": UseCase(lambda w, a, b, _: publication.publish(w.db, a, w.cycle),
                                  frozenset({"admin", "pejabat"}), cleanup=_reopen),
    "backup": UseCase(lambda w, a, b, _: backup_cycle(
        w.db, a, w.cycle, w.folder / unique("b")), MANAGERS),
    "restore": UseCase(lambda w, a, b, _: restore_cycle(
        w.db, a, w.backup, title=unique("Pulihan ")), MANAGERS),
    "methodology list": UseCase(lambda w, a, b, _: methodologies.list_methodologies(
        w.db, a, Registry([w.mini])), ALL),
    "methodology load": UseCase(lambda w, a, b, _: methodologies.load_methodology(
        w.db, a, "mini", Registry([w.mini])), ALL),
    "methodology save": UseCase(_save_methodology, MANAGERS),
    "whatif": UseCase(lambda w, a, b, _: whatif.what_if(w.db, a, w.cycle, w.mini), SCORES),
    "export whatif": UseCase(lambda w, a, b, _: export_whatif(
        w.db, a, w.cycle, io.BytesIO()), SCORES),
    # -- no scores of others and no rankings before publication ------------------------------
    "cycle records before publication": UseCase(lambda w, a, b, _: results.cycle_records(
        w.db, a, w.cycle), SCORES),
    "dashboard before publication": UseCase(lambda w, a, b, _: dashboard.dashboard(
        w.db, a, w.cycle), SCORES),
    "report card before publication": UseCase(lambda w, a, b, _: export_report_card(
        w.db, a, w.cycle, b, io.BytesIO()), SCORES, scoped=True),
    # -- the PPID portal ----------------------------------------------------------------------
    "body account add": UseCase(lambda w, a, b, _: accounts.add_body_account(
        w.db, a, body_id=b, username=unique("ppid-"), password=PASSWORD), UPLOADERS,
        scoped=True),
    "body accounts": UseCase(lambda w, a, b, _: accounts.body_accounts(w.db, a), UPLOADERS),
    "portal open": UseCase(lambda w, a, b, _: portal.open_questionnaire(
        w.db, a, w.cycle, b), DRAFT_READERS, scoped=True),
    "portal open a draft": UseCase(lambda w, a, b, _: portal.open_questionnaire(
        w.db, a, w.cycle, b), DRAFT_READERS, scoped=True, prepare=_draft_answered),
    "portal statuses": UseCase(lambda w, a, b, _: portal.portal_statuses(w.db, a, w.cycle),
                               DRAFT_READERS),
    "portal save answer": UseCase(_save_online, FILLERS, scoped=True, prepare=_draft_open),
    "portal identity": UseCase(lambda w, a, b, _: portal.save_identity(
        w.db, a, w.cycle, b, ppid_name=unique("PPID ")), FILLERS, scoped=True,
        prepare=_draft_open),
    "portal submit": UseCase(_submit_online, FILLERS, scoped=True, prepare=_draft_answered),
    "portal reopen": UseCase(lambda w, a, b, _: portal.reopen(
        w.db, a, w.cycle, b, "Tautan perlu diganti"), UPLOADERS, scoped=True,
        prepare=_draft_sent),
    "verified answers while filling": UseCase(lambda w, a, b, _: portal.verified_answers(
        w.db, a, w.cycle, b), SCORES, scoped=True),
    "verified answers in masa sanggah": UseCase(lambda w, a, b, _: portal.verified_answers(
        w.db, a, w.sanggah, b), SCORES | {"badan_publik"}, scoped=True),
    "file appeal while filling": UseCase(lambda w, a, b, _: portal.file_appeal(
        w.db, a, w.cycle, b, "Ada bukti baru", question_code="1.1"), UPLOADERS,
        scoped=True),
    "file appeal in masa sanggah": UseCase(_appeal_online, APPELLANTS, scoped=True),
    "link verdicts in masa sanggah": UseCase(lambda w, a, b, _: link_runs.link_verdicts(
        w.db, a, w.sanggah, body_id=b), ALL, scoped=True),
    # -- notifications and messages -----------------------------------------------------------
    "message post": UseCase(lambda w, a, b, _: messages.post(
        w.db, a, w.cycle, b, "Mohon lengkapi SK PPID."), MESSENGERS, scoped=True),
    "message thread": UseCase(lambda w, a, b, _: messages.thread(w.db, a, w.cycle, b),
                              MESSENGERS, scoped=True),
    "message threads": UseCase(lambda w, a, b, _: messages.threads(w.db, a, w.cycle),
                               MESSENGERS),
    "notification templates": UseCase(lambda w, a, b, _: templates.list_templates(w.db, a),
                                      MANAGERS),
    "notification template preview": UseCase(lambda w, a, b, _: templates.preview(
        w.db, a, "message", "Pesan {{ pengirim }}", "{{ isi }}"), MANAGERS),
    "outbox list": UseCase(lambda w, a, b, _: outbox.list_outbox(w.db, a), MANAGERS),
    "notifications (own)": UseCase(lambda w, a, b, _: inbox.list_notifications(w.db, a),
                                   ALL),
}
