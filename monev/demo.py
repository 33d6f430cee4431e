"""A demo monev for a fresh installation: a fictional kabupaten with about 40 badan publik.

:func:`seed_demo` fills an *empty* database (no users, no cycles) with what the app needs to
be tried out: one account per role, a published 2024 cycle and a running 2025 cycle of the
fictional **Komisi Informasi Kabupaten Sukamaju** on the ``nasional-2025`` preset, badan
publik in all five categories with varied answers, a few that did not submit (their
participation status is kept) or submitted late, verifications (some answers lowered with a
reason), jurors' panel scores for everyone above the gate, and one open appeal. One badan
publik that has not sent its questionnaire (Kecamatan Bukit Raya) has a PPID account
(:data:`PORTAL_BODY`) and a draft filled online for about a third of its questions; it has
an e-mail address and a website (fictional, ``.example``), and the demo koordinator's scope
holds it beside ten OPDs (:data:`COORDINATOR_SCOPE`), so they can reopen it.

Dates follow the day the demo is seeded (:func:`deadlines`), so that an upload tried in the
demo is on time whenever it is installed: the running cycle's SAQ deadline passed a few days
before seeding (the two late bodies uploaded after it) and was then extended to three weeks
ahead, as a KI extends one, so the audit trail shows both; Visitasi is due eight weeks
ahead. The published cycle keeps the dates of its own year.

Everything goes through the real pipeline: the answers are written as filled questionnaire
workbooks (:func:`~questionnaires.template.write_filled`) and imported with
:func:`~monev.imports.import_paths`; verifications, panel scores and the appeal are saved
with the evaluation and appeal services, acting as the demo accounts. The data is generated
from a fixed random seed, so every installation gets the same demo. It takes a few seconds.

On a database that already has users or cycles nothing is changed (:attr:`DemoInfo.seeded`
is False and :attr:`DemoInfo.message` says why).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from monev import portal
from monev.accounts import actor_for, add_user, set_scope
from monev.appeals import file_appeal
from monev.bodies import register_body
from monev.clock import today
from monev.cycles import create_cycle, set_deadline
from monev.imports import import_paths
from monev.outcomes.publication import publish
from monev.outcomes.results import compute_results
from monev.panel import record_panel_score
from monev.permissions import SYSTEM, Actor, Role
from monev.verification import verify_answer
from notifications.outbox import withhold
from questionnaires import answer_types, layout
from questionnaires.loader import presets
from questionnaires.model import Methodology, Question
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Cycle, User

METHODOLOGY = "nasional-2025"
KI = "Komisi Informasi Kabupaten Sukamaju (fiktif)"
REGION = "Kabupaten Sukamaju"
DOMAIN = "sukamajukab.example"  # .example: a reserved domain, clearly not a real site
# The answer of the e-mails seeding queued to the bodies' fictional addresses: marked failed,
# never sent (also once MONEV_SMTP_URL is set) — and shown beside the address, as a bounce is.
DEMO_MAIL_WITHHELD = (f"Tidak dikirim: alamat fiktif data demo (domain {DOMAIN} tidak "
                      f"menerima e-mail). Pada pemakaian sungguhan, isi alamat e-mail PPID "
                      f"yang benar.")
YEAR, PREVIOUS_YEAR = 2025, 2024
SEED = 2025


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo account with its public password and what to try with it."""

    username: str
    password: str
    role: Role
    display_name: str
    note: str


ACCOUNTS = (
    DemoAccount("admin", "admin-demo", Role.ADMIN, "Admin KI Sukamaju",
                "pengguna, siklus, tahapan, metodologi"),
    DemoAccount("koordinator", "koordinator-demo", Role.COORDINATOR,
                "Rina Marlina (PPID Diskominfo)",
                "unggah kuesioner untuk 10 OPD; buka kembali kuesioner daring Kecamatan "
                "Bukit Raya"),
    DemoAccount("evaluator", "evaluator-demo", Role.EVALUATOR,
                "Agus Setiawan (Verifikator)", "verifikasi, nilai panel, sanggah"),
    DemoAccount("pejabat", "pejabat-demo", Role.OFFICIAL,
                "Hendra Gunawan (Ketua KI)", "peringkat, dasbor, penetapan"),
    DemoAccount("badanpublik", "badanpublik-demo", Role.BODY,
                "Dewi Lestari (PPID Kecamatan Bukit Raya)",
                "kuesioner daring Kecamatan Bukit Raya (draf sebagian terisi)"),
)
# The badan publik of the demo's badan publik account: registered in the running cycle,
# no questionnaire yet; its draft has answers for PORTAL_SHARE of its questions.
PORTAL_BODY = "Kecamatan Bukit Raya"
# Its PPID's e-mail address (notifications) and its website (website monitoring): fictional.
PORTAL_EMAIL = "ppid@kec-bukitraya.sukamajukab.example"
PORTAL_WEBSITE = "https://kec-bukitraya.sukamajukab.example/"
PORTAL_SHARE = 1 / 3
JURORS = ("Dr. Ratna Wulandari (Akademisi)", "Bambang Sutrisno (Media)",
          "Sri Handayani (Masyarakat Sipil)")


@dataclass(frozen=True, slots=True)
class _Body:
    name: str
    category: str
    region: str
    slug: str
    aliases: tuple[str, ...] = ()


def _opd(name: str, slug: str, *aliases: str) -> _Body:
    return _Body(name, "opd", REGION, slug, aliases)


# The first ten OPDs are the demo koordinator's scope.
BODIES: tuple[_Body, ...] = (
    _opd("Dinas Komunikasi dan Informatika", "diskominfo", "Diskominfo"),
    _opd("Dinas Kesehatan", "dinkes", "Dinkes"),
    _opd("Dinas Pendidikan dan Kebudayaan", "disdikbud", "Disdikbud"),
    _opd("Badan Perencanaan Pembangunan Daerah", "bappeda", "Bappeda"),
    _opd("Badan Pengelolaan Keuangan dan Aset Daerah", "bpkad", "BPKAD"),
    _opd("Dinas Pekerjaan Umum dan Penataan Ruang", "dpupr", "Dinas PUPR"),
    _opd("Dinas Sosial", "dinsos", "Dinsos"),
    _opd("Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil", "Disdukcapil"),
    _opd("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dpmptsp", "DPMPTSP"),
    _opd("Dinas Lingkungan Hidup", "dlh", "DLH"),
    _opd("Dinas Perhubungan", "dishub", "Dishub"),
    _opd("Dinas Pertanian dan Ketahanan Pangan", "distan", "Distan"),
    _opd("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "bkpsdm", "BKPSDM"),
    _opd("Inspektorat Daerah", "inspektorat"),
    _opd("Sekretariat Daerah", "setda", "Setda"),
    _opd("Sekretariat DPRD", "setwan", "Setwan"),
    _opd("Satuan Polisi Pamong Praja", "satpolpp", "Satpol PP"),
    _opd("Badan Penanggulangan Bencana Daerah", "bpbd", "BPBD"),
    _Body("Pemerintah Kabupaten Sukamaju", "pemkab", REGION, "ppid",
          ("PPID Utama Kabupaten Sukamaju",)),
    *(_Body(f"Kecamatan {n}", "kecamatan", f"Kecamatan {n}", f"kec-{s}") for n, s in (
        ("Sukamaju Kota", "sukamajukota"), ("Mekarsari", "mekarsari"),
        ("Tanjung Harapan", "tanjungharapan"), ("Sumberagung", "sumberagung"),
        ("Karangjati", "karangjati"), ("Pasirluhur", "pasirluhur"), ("Wanasari", "wanasari"),
        ("Bukit Raya", "bukitraya"))),
    *(_Body(n, "desa", f"Kecamatan {k}", s) for n, k, s in (
        ("Desa Mekarjaya", "Mekarsari", "desa-mekarjaya"),
        ("Desa Sindangsari", "Mekarsari", "desa-sindangsari"),
        ("Desa Karangrejo", "Karangjati", "desa-karangrejo"),
        ("Desa Sumbersari", "Sumberagung", "desa-sumbersari"),
        ("Desa Tegalwangi", "Wanasari", "desa-tegalwangi"),
        ("Desa Pasir Putih", "Pasirluhur", "desa-pasirputih"),
        ("Kelurahan Sukamaju", "Sukamaju Kota", "kel-sukamaju"),
        ("Desa Cempaka", "Tanjung Harapan", "desa-cempaka"),
        ("Desa Suka Damai", "Bukit Raya", "desa-sukadamai"))),
    _Body("Perumda Air Minum Tirta Sukamaju", "bumd", REGION, "tirtasukamaju",
          ("PDAM Tirta Sukamaju",)),
    _Body("PT Bank Perkreditan Rakyat Sukamaju (Perseroda)", "bumd", REGION, "bprsukamaju",
          ("BPR Sukamaju",)),
    _Body("Perumda Pasar Sukamaju Sejahtera", "bumd", REGION, "pasar"),
    _Body("PT Sukamaju Energi (Perseroda)", "bumd", REGION, "energi"),
)
SCOPE = tuple(b.name for b in BODIES[:10])
# The demo koordinator's scope: the ten OPDs whose workbooks they upload, and the body that
# fills its questionnaire online (so they can reopen it, write to it, make its accounts).
COORDINATOR_SCOPE = (*SCOPE, PORTAL_BODY)
# Participation kept apart from scores (2025): never registered, registered but no SAQ,
# explicitly not submitted; and two that uploaded after the deadline.
NOT_SUBMITTED = {"Desa Cempaka": "invited", "Kecamatan Bukit Raya": "registered",
                 "PT Sukamaju Energi (Perseroda)": "not_submitted"}
LATE = ("Satuan Polisi Pamong Praja", "Desa Suka Damai")
NEW_IN_2025 = ("Perumda Pasar Sukamaju Sejahtera", "Desa Suka Damai")


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Stage deadlines of the demo's running cycle (WIB dates): the SAQ deadline the late
    bodies missed, the SAQ deadline after the extension, and Visitasi's."""

    saq_missed: date
    saq: date
    visitasi: date


def deadlines(seeded_on: date) -> Deadlines:
    """The running cycle's deadlines for a demo seeded on `seeded_on`: the SAQ deadline
    3 days before (missed by the late bodies), extended to 21 days after; Visitasi 56 days
    after. The published cycle's are :data:`PREVIOUS_DEADLINES`."""
    return Deadlines(saq_missed=seeded_on - timedelta(days=3),
                     saq=seeded_on + timedelta(days=21),
                     visitasi=seeded_on + timedelta(days=56))


# The published cycle's deadlines, in its own year (set after its uploads).
PREVIOUS_DEADLINES = {"saq": date(PREVIOUS_YEAR, 7, 31), "visitasi": date(PREVIOUS_YEAR, 9, 30)}


@dataclass(frozen=True, slots=True)
class DemoInfo:
    """What :func:`seed_demo` did (or why it did nothing)."""

    seeded: bool
    message: str
    accounts: tuple[DemoAccount, ...] = ()
    cycle_id: int | None = None
    previous_cycle_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seeded_on: date | None = None  # the day the dates follow (see :func:`deadlines`)


def is_empty(db: Database) -> bool:
    """True when the database has neither users nor cycles."""
    with db.read() as session:
        return (session.scalar(select(User.id).limit(1)) is None
                and session.scalar(select(Cycle.id).limit(1)) is None)


def demo_accounts_present(db: Database) -> tuple[DemoAccount, ...]:
    """The demo accounts that exist (and are active) in this database."""
    names = [a.username for a in ACCOUNTS]
    with db.read() as session:
        active = set(session.scalars(select(User.username).where(
            User.username.in_(names), User.active.is_(True))))
    return tuple(a for a in ACCOUNTS if a.username in active)


def seed_demo(db: Database, seeded_on: date | None = None) -> DemoInfo:
    """Fill an empty database with the demo monev; do nothing on one that has data.

    `seeded_on`: the day the running cycle's dates follow (:func:`deadlines`); today in WIB
    by default."""
    if not is_empty(db):
        return DemoInfo(False, "Basis data sudah berisi pengguna atau siklus monev; data demo "
                               "tidak dibuat (tidak ada yang diubah).",
                        accounts=demo_accounts_present(db))
    started = time.perf_counter()
    methodology = presets().get(METHODOLOGY)
    assert methodology is not None, METHODOLOGY
    day = seeded_on or today()
    with tempfile.TemporaryDirectory(prefix="monev-demo-") as tmp:
        info = _Seeder(db, methodology, Path(tmp), day).run()
    withhold(db, SYSTEM, DOMAIN, DEMO_MAIL_WITHHELD)
    return DemoInfo(True, "Data demo dibuat.", ACCOUNTS, info[0], info[1], info[2],
                    round(time.perf_counter() - started, 2), day)


def _ppid(body: _Body) -> tuple[str, str]:
    """The PPID's name and contact of a demo badan publik."""
    short = body.aliases[0] if body.aliases else body.name
    return f"PPID {short}", f"ppid@{body.slug}.{DOMAIN}"


class _Seeder:
    def __init__(self, db: Database, methodology: Methodology, folder: Path,
                 seeded_on: date) -> None:
        self.db = db
        self.seeded_on = seeded_on
        self.deadlines = deadlines(seeded_on)
        self.m = methodology
        self.folder = folder
        self.rng = random.Random(SEED)
        self.counts = {"badan_publik": len(BODIES), "submitted": 0, "late": 0,
                       "not_submitted": len(NOT_SUBMITTED), "verifications": 0, "lowered": 0,
                       "panel_scores": 0, "open_appeals": 0, "portal_answers": 0}
        # How good each badan publik is (0–1) in 2025, spread so every predikat appears.
        qualities = [0.5 + 0.49 * i / (len(BODIES) - 1) for i in range(len(BODIES))]
        self.rng.shuffle(qualities)
        self.quality = {b.name: q for b, q in zip(BODIES, qualities, strict=True)}
        self.ids: dict[str, int] = {}
        self.evidence: dict[tuple[int, str], dict[str, str]] = {}

    # -- the steps ----------------------------------------------------------------------

    def run(self) -> tuple[int, int, dict[str, int]]:
        admin, coordinator, evaluator, _ = self._accounts()
        previous = create_cycle(self.db, admin, methodology_id=METHODOLOGY, ki=KI,
                                year=PREVIOUS_YEAR,
                                title=f"Monev KIP {PREVIOUS_YEAR} — Kabupaten Sukamaju")
        for body in BODIES:
            if body.name in NEW_IN_2025:
                continue
            self._register(previous.id, admin, body, "registered")
        set_scope(self.db, admin, coordinator.username,
                  [self.ids[n] for n in COORDINATOR_SCOPE])
        coordinator = actor_for(self.db, coordinator.username)
        self._previous_year(previous.id, admin, evaluator)

        cycle = create_cycle(self.db, admin, methodology_id=METHODOLOGY, ki=KI, year=YEAR,
                             title=f"Monev KIP {YEAR} — Kabupaten Sukamaju",
                             previous_cycle_id=previous.id)
        for body in BODIES:
            self._register(cycle.id, admin, body, NOT_SUBMITTED.get(body.name, "registered"))
        answers = {b.name: self._answers(b, self.quality[b.name]) for b in BODIES
                   if b.name not in NOT_SUBMITTED}
        on_time = [b for b in BODIES if b.name in answers and b.name not in LATE]
        self._import(cycle.id, coordinator, [b for b in on_time if b.name in SCOPE], answers)
        self._import(cycle.id, admin, [b for b in on_time if b.name not in SCOPE], answers)
        set_deadline(self.db, admin, cycle.id, "saq", self.deadlines.saq_missed)
        set_deadline(self.db, admin, cycle.id, "visitasi", self.deadlines.visitasi)
        self._import(cycle.id, admin, [b for b in BODIES if b.name in LATE], answers,
                     late=True)
        # Extended afterwards, as a KI does: an upload tried in the demo is on time.
        set_deadline(self.db, admin, cycle.id, "saq", self.deadlines.saq)
        lowered = self._verify(cycle.id, evaluator, answers)
        self._panel(cycle.id, evaluator, admin, count=True)
        self._appeal(cycle.id, coordinator, lowered)
        self._portal(cycle.id)
        return cycle.id, previous.id, self.counts

    def _register(self, cycle_id: int, admin: Actor, body: _Body, status: str) -> None:
        ppid, contact = _ppid(body)
        portal_body = body.name == PORTAL_BODY
        self.ids[body.name] = register_body(
            self.db, admin, cycle_id, name=body.name, category=body.category,
            region=body.region, aliases=body.aliases, ppid_name=ppid, ppid_contact=contact,
            status=status, email=PORTAL_EMAIL if portal_body else "",
            websites=[PORTAL_WEBSITE] if portal_body else []).id

    def _accounts(self) -> list[Actor]:
        """The demo accounts but the badan publik's (made with its body, :meth:`_portal`)."""
        staff = [a for a in ACCOUNTS if a.role is not Role.BODY]
        for account in staff:
            add_user(self.db, SYSTEM, username=account.username, password=account.password,
                     role=account.role.value, display_name=account.display_name, demo=True)
        return [actor_for(self.db, a.username) for a in staff]

    def _previous_year(self, cycle_id: int, admin: Actor, evaluator: Actor) -> None:
        """2024: the same bodies a little better or worse; jurors; published."""
        bodies = [b for b in BODIES if b.name not in NEW_IN_2025
                  and b.name != "Kecamatan Bukit Raya"]
        answers = {b.name: self._answers(
            b, min(0.98, max(0.25, self.quality[b.name] + self.rng.uniform(-0.2, 0.12))))
            for b in bodies}
        self._import(cycle_id, admin, bodies, answers, count=False, year=PREVIOUS_YEAR)
        for stage, deadline in PREVIOUS_DEADLINES.items():
            set_deadline(self.db, admin, cycle_id, stage, deadline)
        self._panel(cycle_id, evaluator, admin, count=False)
        publish(self.db, admin, cycle_id)

    def _import(self, cycle_id: int, actor: Actor, bodies: Iterable[_Body],
                answers: dict[str, dict[str, object]], *, late: bool = False,
                count: bool = True, year: int = YEAR) -> None:
        paths = [self._workbook(cycle_id, b, answers[b.name], year) for b in bodies]
        if not paths:
            return
        report = import_paths(self.db, actor, cycle_id, paths)
        if report.rejected:  # a bug in this module, not a user's mistake
            first = report.rejected[0]
            raise RuntimeError(f"demo workbook {first.name} rejected: "
                               f"{[p.message for p in first.problems]}")
        if count:
            self.counts["late" if late else "submitted"] += len(paths)

    def _workbook(self, cycle_id: int, body: _Body, answers: dict[str, object],
                  year: int) -> Path:
        path = self.folder / f"{cycle_id}-{body.slug}.xlsx"
        questions = {q.code: q for q in self.m.questions_for(body.category)}
        evidence = {code: f"https://{body.slug}.{DOMAIN}/ppid/data-dukung/"
                          f"{code.replace('.', '-')}.pdf"
                    for code, value in answers.items()
                    if value not in (None, False, 0, frozenset())
                    and questions[code].evidence.value != "none"
                    and self.rng.random() < self.quality[body.name] + 0.2}
        self.evidence[cycle_id, body.name] = evidence
        ppid, contact = _ppid(body)
        write_filled(self.m, body.category, path, badan_publik=body.name, answers=answers,
                     evidence=evidence, identity={
                         layout.ID_PPID: ppid,
                         layout.ID_POSITION: "Sekretaris" if body.category != "desa"
                         else "Sekretaris Desa",
                         layout.ID_CONTACT: contact,
                         layout.ID_DATE: self._filled_on(year, self.rng.randint(1, 28))})
        return path

    def _filled_on(self, year: int, day: int) -> date:
        """The Identitas date of a workbook: in July of the published cycle's year, or in
        the four weeks before seeding for the running cycle (after its missed deadline for a
        late body: the date is only shown, lateness is the upload's)."""
        if year == PREVIOUS_YEAR:
            return date(year, 7, day)
        return self.seeded_on - timedelta(days=day)

    def _answers(self, body: _Body, quality: float) -> dict[str, object]:
        return {q.code: self._answer(q, quality) for q in self.m.questions_for(body.category)}

    def _answer(self, q: Question, quality: float) -> object:
        if self.rng.random() > quality + 0.3:
            return None  # not answered
        return answer_types.get(q.type).demo_answer(q, self.rng, quality)

    def _verify(self, cycle_id: int, evaluator: Actor,
                answers: dict[str, dict[str, object]]) -> list[tuple[str, str]]:
        """Verify answers of 15 badan publik (scoped OPDs first): most confirmed, one or two
        lowered with a reason. Returns the (body, question) pairs that were lowered."""
        lowered: list[tuple[str, str]] = []
        on_time = [n for n in answers if n not in LATE]
        chosen = [n for n in on_time if n in SCOPE][:5] + \
            [n for n in on_time if n not in SCOPE][::2][:10]
        for name in chosen:
            questions = {q.code: q for q in self.m.questions_for(
                next(b.category for b in BODIES if b.name == name))}
            # Answers with data dukung: the ones a verifikator can check.
            answered = sorted(self.evidence[cycle_id, name])
            picked = self.rng.sample(answered, min(len(answered), self.rng.randint(4, 7)))
            to_lower = set(picked[:self.rng.randint(1, 2)])
            for code in picked:
                value = answers[name][code]
                reason = ""
                if code in to_lower:
                    value, reason = self._lower(questions[code], value)
                verify_answer(self.db, evaluator, cycle_id, self.ids[name], code, value,
                              reason, expected_seq=0)
                self.counts["verifications"] += 1
                if reason:
                    self.counts["lowered"] += 1
                    lowered.append((name, code))
        return lowered

    def _lower(self, q: Question, value: object) -> tuple[object, str]:
        return answer_types.get(q.type).demo_lower(q, value, self.rng)

    def _panel(self, cycle_id: int, evaluator: Actor, admin: Actor, *, count: bool) -> None:
        """Three jurors score every aspect of everyone at or above the gate."""
        stage = self.m.panel_stages[0]
        gate = stage.gate.min_score if stage.gate else 0
        aspects = [i.code for i in self.m.indicators_of(stage.code)]
        for item in compute_results(self.db, admin, cycle_id):
            saq = item.result.saq_verified
            if saq is None or saq < gate:
                continue
            base = 45 + 50 * self.quality[item.result.badan_publik]
            for juror in JURORS:
                for aspect in aspects:
                    score = max(0.0, min(100.0, base + self.rng.gauss(0, 6)))
                    record_panel_score(self.db, evaluator, cycle_id, item.body_id, stage.code,
                                       juror, aspect, f"{round(score * 2) / 2:.2f}",
                                       expected_seq=0)
                    if count:
                        self.counts["panel_scores"] += 1

    def _appeal(self, cycle_id: int, coordinator: Actor,
                lowered: list[tuple[str, str]]) -> None:
        name, code = next((n, c) for n, c in lowered if n in SCOPE)
        body = next(b for b in BODIES if b.name == name)
        file_appeal(self.db, coordinator, cycle_id, self.ids[name],
                    "Dokumen sudah tersedia dan dapat dibuka di laman PPID sejak Juli "
                    f"{YEAR}; mohon diverifikasi ulang dengan tautan baru.",
                    question_code=code,
                    evidence=f"https://{body.slug}.{DOMAIN}/ppid/sanggah/"
                             f"{code.replace('.', '-')}.pdf")
        self.counts["open_appeals"] += 1

    def _portal(self, cycle_id: int) -> None:
        """The PPID account of :data:`PORTAL_BODY` and its draft: the first third of its
        questions answered online, with data dukung links, through the portal's use cases
        as that account (its own random numbers: the rest of the demo stays as it was)."""
        account = next(a for a in ACCOUNTS if a.role is Role.BODY)
        body = next(b for b in BODIES if b.name == PORTAL_BODY)
        add_user(self.db, SYSTEM, username=account.username, password=account.password,
                 role=account.role.value, display_name=account.display_name,
                 scope=[self.ids[body.name]], demo=True)
        ppid = actor_for(self.db, account.username)
        rng = random.Random(SEED + 1)
        questions = self.m.questions_for(body.category)
        _, contact = _ppid(body)
        portal.save_identity(self.db, ppid, cycle_id, self.ids[body.name],
                             ppid_name=account.display_name.split(" (")[0],
                             position="Sekretaris Kecamatan", contact=contact)
        for q in questions[:round(len(questions) * PORTAL_SHARE)]:
            value = answer_types.get(q.type).demo_answer(q, rng, self.quality[body.name])
            evidence = (f"https://{body.slug}.{DOMAIN}/ppid/data-dukung/"
                        f"{q.code.replace('.', '-')}.pdf"
                        if q.evidence.value != "none" else "")
            portal.save_answer(self.db, ppid, cycle_id, self.ids[body.name], q.code,
                               portal.typed_text(q, value), evidence=evidence)
            self.counts["portal_answers"] += 1
