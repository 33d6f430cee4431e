"""The PPID portal: a badan publik fills its questionnaire online, sends it, and contests
its verified answers in the masa sanggah.

The PPID of a body (a ``badan_publik`` account, :mod:`monev.accounts`) answers the
questionnaire of its category question by question, with the cycle's own frozen
methodology and the same rules and messages as the workbook: each answer is read by its
answer type (:mod:`questionnaires.answer_types`, through
:func:`questionnaires.answers.parse_answer`; a checklist item by item), so ``85,5`` is a
number with a decimal comma, a nihil is accepted only where the question allows it, and an
answer the question does not accept is refused with the workbook's ``D303`` text; an
evidence link that is not an http(s) address is refused with the ``W404`` text. Every
answer is saved at once in the body's draft (:class:`~storage.models.PortalDraft`,
:class:`~storage.models.PortalAnswer`); a draft begins from the body's current submission,
when a koordinator uploaded one. Evidence files are attached with
:func:`evidence.files.attach_file` (see the page).

:func:`submit` writes what a workbook import writes (:mod:`monev.imports`): a new
:class:`~storage.models.Submission` version with one :class:`~storage.models.Answer` per
question of the category (the SHA-256 of a canonical form of the answers, the Identitas,
the late flag by the SAQ deadline in WIB), the participation status and the ``import``
audit event — so scoring, verification, link checks, reports and the trail read it as any
upload (an identical resend stores no new version). The answers are then locked until a
koordinator PPID reopens the questionnaire with a reason (:func:`reopen`, before the
deadline, audited as ``portal.reopen``). What a badan publik account may do when is
:mod:`monev.permissions` (:data:`~monev.permissions.BODY_PHASES`): fill while the SAQ stage
is open and its deadline not passed; see its verified answers with the verifikator's
reasons and appeal (:func:`file_appeal`, a file or a link as new evidence) in the masa
sanggah; download its report card once the results are published.

Data dukung of an answer sent online. An answer with a link is stored with the link as
its evidence, as a workbook's cell holds it. An answer with one or more files and no link
is stored with the evidence ``Berkas data dukung: <names>`` (:func:`stored_evidence`): a
file counts as data dukung as a link does, so a question whose evidence is required
(``evidence: required``) scores the same with either. That text is a marker, never a
link: :func:`files_only` recognises it, and what shows an answer's evidence shows the
files themselves instead — the verifikator's review workspace lists them with their
downloads (:mod:`evidence.files`) and says the evidence is the attached files rather than
an address that cannot be opened; link checking skips it (it holds no http(s) address,
:func:`questionnaires.text.links_in`); the report card, ranking and open data never print
evidence text. A draft started from a submission keeps only real links (:func:`_seed`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from evidence.files import EvidenceFileInfo, attach_file, list_files
from evidence.inspect import inspect_file
from evidence.store import EvidenceStore
from monev.appeals import STATUS_LABELS as APPEAL_LABELS
from monev.appeals import AppealInfo
from monev.appeals import file_appeal as file_body_appeal
from monev.audit import name_in, record, user_names
from monev.bodies import load_body, set_participation
from monev.clock import WIB, today
from monev.cycles import ensure_changeable, load_cycle, methodology_of, questionnaire_stage
from monev.errors import Conflict, NotFound, UsageError
from monev.history import current_submissions, cycle_for_write, latest_rows
from monev.permissions import Action, Actor, Phase, body_phase, require
from monev.verification import question_for
from notifications.events import submission_received
from questionnaires import answer_types
from questionnaires.answers import (
    InvalidAnswer,
    allowed_text,
    display_value,
    parse_answer,
    value_from_json,
    value_to_json,
)
from questionnaires.errors import Location, Problem, problem
from questionnaires.model import Methodology, Question
from questionnaires.submission import NIL, NIL_LABEL, Identity
from questionnaires.text import clean, is_link
from questionnaires.workbook import answer_problem
from reports.formatting import exact
from storage.db import Database
from storage.models import (
    Answer,
    Appeal,
    BadanPublik,
    Cycle,
    Event,
    Participation,
    PortalAnswer,
    PortalDraft,
    StageState,
    Submission,
    Verification,
    utcnow,
)

NEW, DRAFT, SUBMITTED = "new", "draft", "submitted"
STATE_LABELS = {NEW: "Belum diisi", DRAFT: "Draf", SUBMITTED: "Terkirim"}
# Submission.file_name of a questionnaire sent online (what lists and the trail show).
PORTAL_FILE = "Kuesioner daring (portal PPID)"
FILES_EVIDENCE = "Berkas data dukung"  # the evidence of an answer backed by files only
IDENTITY_FIELDS = ("ppid_name", "position", "contact")
# How the page asks a question (see PortalQuestion.ask).
ASK_SELECT, ASK_ITEMS, ASK_LINE, ASK_TEXT = "select", "items", "line", "text"
_ATTEMPTS = 3  # a first save racing another first save of the same draft: again


class AnswerRefused(UsageError):
    """An answer (or its evidence link) that the question does not accept, with the
    catalog's problem (``D303`` as the workbook reader says it; ``W404`` for a link)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(f"{found.message}. {found.fix}")
        self.problem = found


# -- what the page shows -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortalQuestion:
    """One question of the online questionnaire, with its saved answer.

    `ask` is how it is answered: ``select`` (one of `options`, the template's dropdown),
    ``items`` (each of `items` Ya/Tidak, a checklist), ``line`` (typed on one line: a
    number with a decimal comma) or ``text`` (written: an uraian). `typed` is the saved
    answer as it is typed or picked again (a mapping item code → ``Ya``/``Tidak`` for
    ``items``); `shown` as people read it (``-`` when not answered). `version` is the
    saved answer's (0: never saved), to pass as ``expected_version``."""

    code: str
    text: str
    indicator: str
    guidance: str
    type_label: str
    allowed: str
    evidence_rule: str  # required | flag | none
    ask: str
    options: tuple[str, ...]
    items: tuple[tuple[str, str], ...]
    prompt: str
    value: Any
    shown: str
    typed: str | Mapping[str, str]
    evidence: str
    note: str
    version: int
    updated_at: datetime | None = None
    updated_by: str = ""

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A badan publik's online questionnaire in a cycle, as its page shows it.

    `state`: ``new`` (nothing saved yet: the answers shown are the current submission's,
    if any), ``draft`` or ``submitted``; `phase` where the cycle stands for the body;
    `editable` whether answers may be saved now (the page still asks the services).
    `submission_version` is the body's current submission (None: none yet)."""

    cycle_id: int
    cycle_title: str
    body_id: int
    body_name: str
    category: str
    category_name: str
    state: str
    phase: Phase
    deadline: date | None
    editable: bool
    questions: tuple[PortalQuestion, ...]
    identity: Mapping[str, str]
    version: int
    evidence_max_bytes: int
    updated_at: datetime | None = None
    updated_by: str = ""
    submitted_at: datetime | None = None
    submitted_by: str = ""
    submission_version: int | None = None
    reopen_reason: str = ""  # why a koordinator last reopened it ("" never)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answered)

    @property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.questions if not q.answered)

    def question(self, code: str) -> PortalQuestion:
        return next(q for q in self.questions if q.code == code)


@dataclass(frozen=True, slots=True)
class Sent:
    """What :func:`submit` did: the submission version the answers are now (a new one, or
    the current one when nothing changed since it was stored)."""

    submission_id: int
    version: int
    late: bool
    unchanged: bool
    answered: int
    total: int


@dataclass(frozen=True, slots=True)
class PortalStatus:
    """A badan publik's online questionnaire as the koordinator's list shows it."""

    body_id: int
    body_name: str
    state: str
    answered: int
    total: int
    updated_at: datetime | None
    submitted_at: datetime | None
    reopen_reason: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True, slots=True)
class VerifiedAnswer:
    """One answer of the body's current submission with its verification (masa sanggah)."""

    code: str
    text: str
    reported: str  # the self-reported answer as people read it
    evidence: str
    verified: bool  # a current verification exists
    verified_text: str  # "" when not verified
    changed: bool  # the verifikator set another value
    reason: str
    verified_by: str
    verified_at: datetime | None
    phase: str  # verifikasi | sanggah (written by an appeal decision)
    appeals: tuple[tuple[int, str], ...] = ()  # (id, status label) of its appeals


@dataclass(frozen=True, slots=True)
class AppealFiled:
    """An appeal filed from the portal, with the file attached to it as new evidence."""

    appeal: AppealInfo
    file: EvidenceFileInfo | None = None


# -- reading -------------------------------------------------------------------------------------


def _ask(question: Question) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], str]:
    """(ask, options, items, prompt) of a question, from its answer type (as the template
    asks it: its dropdown, its item rows, or a typed cell and its help)."""
    spec = answer_types.get(question.type)
    items = tuple((i.code, i.label) for i in spec.items(question))
    if items:
        return ASK_ITEMS, (), items, spec.choices_text(question)
    dropdown = spec.dropdown(question)
    if dropdown is not None:
        return ASK_SELECT, dropdown.options, (), spec.choices_text(question)
    check = spec.cell_check(question)
    prompt = check.prompt if check is not None else spec.allowed_text(question)
    # A written answer, read by the verifikator (an uraian), gets room to write.
    return (ASK_TEXT if spec.scored_by_verifier else ASK_LINE), (), (), prompt


def typed_text(question: Question, value: Any) -> str | dict[str, str]:
    """A saved value as it is typed or picked again: the dropdown's option, a number with
    a decimal comma (``85,5``), the text written; for a checklist item code →
    ``Ya``/``Tidak``; ``""`` (or {}) when not answered."""
    spec = answer_types.get(question.type)
    if value is None:
        return {} if spec.items(question) else ""
    if value == NIL:
        return NIL_LABEL
    cells = spec.cells(question, value)
    if spec.items(question):
        return {code: str(typed) for code, typed in cells if code}
    typed = dict(cells).get("", "")
    if isinstance(typed, int | float | Decimal) and not isinstance(typed, bool):
        return exact(typed)
    return "" if typed is None else str(typed)


def _question(methodology: Methodology, question: Question, row: _Saved | None,
              names: Mapping[int, str]) -> PortalQuestion:
    ask, options, items, prompt = _ask(question)
    indicator = methodology.indicator_by_code.get(question.indicator)
    value = row.value if row else None
    return PortalQuestion(
        code=question.code, text=question.text,
        indicator=indicator.name if indicator else question.indicator,
        guidance=question.guidance, type_label=answer_types.get(question.type).label,
        allowed=allowed_text(question), evidence_rule=str(question.evidence.value),
        ask=ask, options=options, items=items, prompt=prompt, value=value,
        shown=display_value(question, value), typed=typed_text(question, value),
        evidence=row.evidence if row else "", note=row.note if row else "",
        version=row.version if row else 0, updated_at=row.updated_at if row else None,
        updated_by=name_in(names, row.updated_by_id) if row and row.version else "")


@dataclass(frozen=True, slots=True)
class _Saved:
    """An answer as the draft holds it (or as the current submission gives it)."""

    value: Any
    evidence: str = ""
    note: str = ""
    version: int = 0
    updated_at: datetime | None = None
    updated_by_id: int | None = None


def _draft_row(session: Session, cycle: Cycle, body: BadanPublik, *,
               lock: bool = False) -> PortalDraft | None:
    query = select(PortalDraft).where(PortalDraft.cycle_id == cycle.id,
                                      PortalDraft.badan_publik_id == body.id)
    return session.scalar(query.with_for_update() if lock else query)


def _seed(session: Session, cycle: Cycle, body: BadanPublik,
          methodology: Methodology) -> tuple[dict[str, _Saved], dict[str, str]]:
    """The answers and Identitas a new draft starts from: the body's current submission
    (a koordinator's upload, or the last one sent online), else nothing but the PPID the
    body was registered with. Evidence that is not a link is not carried over."""
    identity = {"ppid_name": body.ppid_name, "position": "", "contact": body.ppid_contact}
    current = current_submissions(session, cycle.id, [body.id]).get(body.id)
    if current is None:
        return {}, identity
    stored = dict(current.identity or {})
    identity.update({k: str(stored.get(k) or identity.get(k, "")) for k in IDENTITY_FIELDS})
    questions = {q.code: q for q in methodology.questions_for(body.category)}
    answers = {}
    for answer in session.scalars(select(Answer).where(Answer.submission_id == current.id)):
        question = questions.get(answer.question_code)
        if question is None:
            continue
        evidence = answer.evidence if is_link(answer.evidence) else ""
        answers[answer.question_code] = _Saved(value_from_json(question, answer.value),
                                               clean(evidence), answer.note)
    return answers, identity


def _saved(session: Session, draft: PortalDraft,
           methodology: Methodology) -> dict[str, _Saved]:
    questions = methodology.question_by_code
    out = {}
    for row in session.scalars(select(PortalAnswer).where(PortalAnswer.draft_id == draft.id)):
        question = questions.get(row.question_code)
        if question is None:
            continue
        out[row.question_code] = _Saved(value_from_json(question, row.value), row.evidence,
                                        row.note, row.version, row.updated_at,
                                        row.updated_by_id)
    return out


def _deadline(session: Session, cycle: Cycle) -> date | None:
    return session.scalar(select(StageState.deadline).where(
        StageState.cycle_id == cycle.id, StageState.stage_code == questionnaire_stage(cycle)))


def _reopen_reason(session: Session, cycle: Cycle, body: BadanPublik) -> str:
    return session.scalar(select(Event.reason).where(
        Event.cycle_id == cycle.id, Event.action == "portal.reopen",
        Event.entity == "badan_publik", Event.entity_id == str(body.id))
        .order_by(Event.id.desc()).limit(1)) or ""


def _questionnaire(session: Session, cycle: Cycle, body: BadanPublik) -> Questionnaire:
    methodology = methodology_of(cycle)
    draft = _draft_row(session, cycle, body)
    if draft is None:
        answers, identity = _seed(session, cycle, body, methodology)
    else:
        answers, identity = _saved(session, draft, methodology), dict(draft.identity or {})
    names = user_names(session)
    phase = body_phase(session, cycle)
    state = draft.state if draft is not None else NEW
    current = current_submissions(session, cycle.id, [body.id]).get(body.id)
    category = methodology.category(body.category)
    return Questionnaire(
        cycle_id=cycle.id, cycle_title=cycle.title, body_id=body.id, body_name=body.name,
        category=body.category, category_name=category.name if category else body.category,
        state=state, phase=phase, deadline=_deadline(session, cycle),
        editable=phase is Phase.FILLING and state != SUBMITTED,
        questions=tuple(_question(methodology, q, answers.get(q.code), names)
                        for q in methodology.questions_for(body.category)),
        identity={k: str(identity.get(k) or "") for k in IDENTITY_FIELDS},
        version=draft.version if draft is not None else 0,
        evidence_max_bytes=methodology.evidence_max_bytes,
        updated_at=draft.updated_at if draft is not None else None,
        updated_by=name_in(names, draft.updated_by_id) if draft is not None else "",
        submitted_at=draft.submitted_at if draft is not None else None,
        submitted_by=name_in(names, draft.submitted_by_id)
        if draft is not None and draft.submitted_at else "",
        submission_version=current.version if current is not None else None,
        reopen_reason=_reopen_reason(session, cycle, body))


def open_questionnaire(db: Database, actor: Actor, cycle_id: int,
                       body_id: int) -> Questionnaire:
    """The online questionnaire of badan publik `body_id` in cycle `cycle_id`: every
    question of its category with the saved answer, sent or not (``READ_DRAFT``: a badan
    publik account its own body, a koordinator the bodies in their scope, an admin; a
    verifikator or pejabat reads what was sent, as any submission). Reading never saves
    anything. Raises :class:`NotFound`, :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.READ_DRAFT, bodies=[body_id])
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        return _questionnaire(session, cycle, body)


def portal_statuses(db: Database, actor: Actor, cycle_id: int) -> list[PortalStatus]:
    """The online questionnaires of the cycle's badan publik that `actor` may see (a
    koordinator: their scope), by name: state, progress, last change, when sent and the
    last reason for reopening. Bodies that never opened theirs are ``new``. Progress of a
    draft is ``READ_DRAFT`` (koordinator, admin; a badan publik account: its own)."""
    with db.read() as session:
        actor = require(session, actor, Action.READ_DRAFT)
        cycle = load_cycle(session, cycle_id)
        methodology = methodology_of(cycle)
        query = (select(BadanPublik).join(Participation,
                                          Participation.badan_publik_id == BadanPublik.id)
                 .where(Participation.cycle_id == cycle.id).order_by(BadanPublik.name))
        if actor.scope is not None:
            query = query.where(BadanPublik.id.in_(actor.scope))
        bodies = list(session.scalars(query))
        drafts = {d.badan_publik_id: d for d in session.scalars(select(PortalDraft).where(
            PortalDraft.cycle_id == cycle.id,
            PortalDraft.badan_publik_id.in_([b.id for b in bodies])))} if bodies else {}
        answered: dict[int, set[str]] = {}
        if drafts:
            by_draft = {d.id: d.badan_publik_id for d in drafts.values()}
            for draft_id, code, value in session.execute(
                    select(PortalAnswer.draft_id, PortalAnswer.question_code,
                           PortalAnswer.value).where(PortalAnswer.draft_id.in_(list(by_draft)))):
                if value is not None:  # JSON null: not answered
                    answered.setdefault(by_draft[draft_id], set()).add(code)
        out = []
        for body in bodies:
            codes = {q.code for q in methodology.questions_for(body.category)}
            draft = drafts.get(body.id)
            out.append(PortalStatus(
                body.id, body.name, draft.state if draft else NEW,
                len(answered.get(body.id, set()) & codes), len(codes),
                draft.updated_at if draft else None, draft.submitted_at if draft else None,
                _reopen_reason(session, cycle, body) if draft else ""))
        return out


# -- saving as it goes ---------------------------------------------------------------------------


def _open_for_writing(session: Session, actor: Actor, cycle_id: int,
                      body_id: int) -> tuple[Actor, Cycle, BadanPublik]:
    """The right to fill (its phase included, for a badan publik account), the cycle read
    ``FOR SHARE``, the body taking part, the SAQ stage open for changes."""
    actor = require(session, actor, Action.FILL_QUESTIONNAIRE, bodies=[body_id])
    cycle = cycle_for_write(session, cycle_id)
    body = load_body(session, cycle, body_id)
    if session.scalar(select(Participation.id).where(
            Participation.cycle_id == cycle.id,
            Participation.badan_publik_id == body.id)) is None:
        raise UsageError(f"{body.name} tidak terdaftar sebagai peserta siklus "
                         f"'{cycle.title}'; kuesioner hanya dapat diisi oleh badan publik "
                         f"peserta. Minta koordinator PPID atau admin mendaftarkannya.")
    ensure_changeable(session, cycle, questionnaire_stage(cycle))
    return actor, cycle, body


def _draft_for_writing(session: Session, actor: Actor, cycle: Cycle,
                       body: BadanPublik) -> PortalDraft:
    """The body's draft, read ``FOR UPDATE`` (made now, from :func:`_seed`, when it has
    none); refused once sent."""
    draft = _draft_row(session, cycle, body, lock=True)
    if draft is None:
        methodology = methodology_of(cycle)
        answers, identity = _seed(session, cycle, body, methodology)
        now = utcnow()
        draft = PortalDraft(cycle_id=cycle.id, badan_publik_id=body.id, state=DRAFT,
                            identity=identity, created_at=now, created_by_id=actor.id,
                            updated_at=now, updated_by_id=actor.id, version=1)
        session.add(draft)
        session.flush()
        questions = methodology.question_by_code
        if answers:
            session.execute(insert(PortalAnswer), [
                {"draft_id": draft.id, "question_code": code,
                 "value": value_to_json(questions[code], saved.value),
                 "evidence": saved.evidence, "note": saved.note, "updated_at": now,
                 "updated_by_id": actor.id, "version": 0}  # carried over, never saved
                for code, saved in answers.items()])
    if draft.state == SUBMITTED:
        raise UsageError(f"Kuesioner {body.name} pada siklus '{cycle.title}' sudah dikirim: "
                         f"jawabannya terkunci. Bila masih perlu diubah sebelum batas waktu, "
                         f"minta koordinator PPID membukanya kembali.")
    return draft


def _writing(db: Database, work: Any) -> Any:
    """Run `work(session)` in a write transaction; again when a concurrent first save made
    the same draft (UNIQUE cycle, body) meanwhile."""
    for attempt in range(_ATTEMPTS):
        try:
            with db.transaction() as session:
                return work(session)
        except IntegrityError:
            if attempt + 1 == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def parse_typed(question: Question, answer: str | Mapping[str, str] | None) -> Any:
    """The value of what was typed or picked for `question` (None: not answered): one
    text read as a workbook cell is (:func:`~questionnaires.answers.parse_answer`), or for
    a checklist the ``Ya``/``Tidak``/blank of each item (item code → text). Raises
    :class:`AnswerRefused` with the workbook's ``D303`` message."""
    spec = answer_types.get(question.type)
    at = Location()
    if isinstance(answer, Mapping):
        items = {i.code: i for i in spec.items(question)}
        if not items:
            raise UsageError(f"Pertanyaan {question.code} tidak dijawab per butir.")
        marks: dict[str, bool | None] = {}
        for code, raw in answer.items():
            item = items.get(str(code))
            if item is None:
                raise UsageError(f"Butir '{code}' tidak ada pada pertanyaan {question.code}: "
                                 f"{', '.join(items)}.")
            try:
                marks[item.code] = spec.parse_item(question, item, raw)
            except InvalidAnswer as exc:
                raise AnswerRefused(answer_problem(at, question, exc.raw, exc.allowed,
                                                   item)) from None
        return spec.from_items(question, marks)
    try:
        return parse_answer(question, answer)
    except InvalidAnswer as exc:
        raise AnswerRefused(answer_problem(at, question, exc.raw,
                                           allowed_text(question))) from None


def _evidence(question: Question, text: str) -> str:
    """The evidence link as kept ("" when none); anything but one http(s) address is
    refused with the workbook's W404 text."""
    evidence = clean(text or "")
    if evidence and not is_link(evidence):
        raise AnswerRefused(problem("W404", Location(), value=evidence,
                                    question=question.code))
    return evidence


def save_answer(db: Database, actor: Actor, cycle_id: int, body_id: int, question_code: str,
                answer: str | Mapping[str, str] | None, *, evidence: str = "",
                note: str = "", expected_version: int | None = None) -> PortalQuestion:
    """Save one answer of the body's online questionnaire now (its draft is made at the
    first save): what was typed or picked (:func:`parse_typed`; blank: not answered), the
    evidence link (one http(s) address, or blank) and a note.

    `expected_version` is the answer's version the page showed (0: never saved): when it
    moved on, someone saved this answer meanwhile and :class:`Conflict` says who and when.
    Saving what is already saved changes nothing. Raises :class:`AnswerRefused` (the
    workbook's message), :class:`UsageError` (sent already, not a participant),
    :class:`StageLocked`, :class:`NotFound`, :class:`PermissionDenied` (another body, or
    for a badan publik account outside the filling phase)."""

    def work(session: Session) -> PortalQuestion:
        who, cycle, body = _open_for_writing(session, actor, cycle_id, body_id)
        methodology = methodology_of(cycle)
        question = question_for(methodology, body, question_code)
        value = parse_typed(question, answer)
        link = _evidence(question, evidence)
        remark = clean(note or "")
        draft = _draft_for_writing(session, who, cycle, body)
        row = session.scalar(select(PortalAnswer).where(
            PortalAnswer.draft_id == draft.id, PortalAnswer.question_code == question.code))
        names = user_names(session)
        if expected_version is not None and (row.version if row else 0) != expected_version:
            assert row is not None  # version 0 is "no row"
            shown = display_value(question, value_from_json(question, row.value))
            raise Conflict(
                f"Jawaban pertanyaan {question.code} sudah diubah "
                f"{name_in(names, row.updated_by_id)} pada "
                f"{row.updated_at.astimezone(WIB):%d-%m-%Y %H:%M} WIB (kini: {shown}); "
                f"jawaban Anda belum disimpan. Muat ulang halaman, lalu simpan lagi bila "
                f"masih perlu.", current=row.value, attempted=value,
                current_seq=row.version)
        stored = value_to_json(question, value)
        now = utcnow()
        if row is None:
            row = PortalAnswer(draft_id=draft.id, question_code=question.code, value=stored,
                               evidence=link, note=remark, updated_at=now,
                               updated_by_id=who.id, version=1)
            session.add(row)
        elif (value_from_json(question, row.value), row.evidence, row.note) != \
                (value, link, remark):
            row.value, row.evidence, row.note = stored, link, remark
            row.updated_at, row.updated_by_id = now, who.id
            row.version += 1
        else:
            return _question(methodology, question, _of(question, row), names)
        draft.updated_at, draft.updated_by_id = now, who.id
        draft.version += 1
        session.flush()
        return _question(methodology, question, _of(question, row), names)

    result: PortalQuestion = _writing(db, work)
    return result


def _of(question: Question, row: PortalAnswer) -> _Saved:
    return _Saved(value_from_json(question, row.value), row.evidence, row.note, row.version,
                  row.updated_at, row.updated_by_id)


def save_identity(db: Database, actor: Actor, cycle_id: int, body_id: int, *,
                  ppid_name: str = "", position: str = "", contact: str = "") -> Questionnaire:
    """Save the Identitas of the online questionnaire (who fills it: name, position and
    contact of the PPID), as the workbook's Identitas sheet holds it. Refused like
    :func:`save_answer`."""

    def work(session: Session) -> Questionnaire:
        who, cycle, body = _open_for_writing(session, actor, cycle_id, body_id)
        draft = _draft_for_writing(session, who, cycle, body)
        wanted = {"ppid_name": clean(ppid_name), "position": clean(position),
                  "contact": clean(contact)}
        if {k: (draft.identity or {}).get(k, "") for k in IDENTITY_FIELDS} != wanted:
            draft.identity = wanted
            draft.updated_at, draft.updated_by_id = utcnow(), who.id
            draft.version += 1
            session.flush()
        return _questionnaire(session, cycle, body)

    result: Questionnaire = _writing(db, work)
    return result


# -- sending and reopening -----------------------------------------------------------------------


def _answer_files(db: Database, actor: Actor, cycle_id: int, body_id: int,
                  store: EvidenceStore | None) -> dict[str, list[EvidenceFileInfo]]:
    """Question code → the evidence files attached to its answer (evidence.files)."""
    files: dict[str, list[EvidenceFileInfo]] = {}
    for info in list_files(db, actor, cycle_id, body_id=body_id, purpose="answer",
                           store=store):
        files.setdefault(info.question_code, []).append(info)
    return files


def stored_evidence(link: str, files: Sequence[EvidenceFileInfo]) -> str:
    """The evidence an answer is stored with: its link; without one, its files named
    (``Berkas data dukung: sk.pdf, dip.pdf``); "" when it has neither."""
    if link:
        return link
    if files:
        return f"{FILES_EVIDENCE}: {', '.join(f.file_name for f in files)}"
    return ""


def files_only(evidence: str) -> bool:
    """Whether stored evidence is the marker of an answer backed by files and no link
    (``Berkas data dukung: sk.pdf``, :func:`stored_evidence`): show the files, not the
    text."""
    return evidence.startswith(f"{FILES_EVIDENCE}: ")


def canonical_sha256(methodology: Methodology, body: BadanPublik,
                     answers: Mapping[str, Mapping[str, Any]],
                     identity: Mapping[str, Any]) -> str:
    """The SHA-256 of a canonical form of a questionnaire sent online (what a workbook's
    file hash is to an upload): the methodology, the body, every answer (value as
    stored, evidence, note, the files' SHA-256) and the Identitas but its date. The same
    answers sent again give the same hash."""
    form = {"methodology": [methodology.id, methodology.version], "category": body.category,
            "badan_publik": body.id, "answers": answers,
            "identity": {k: identity.get(k, "") for k in IDENTITY_FIELDS}}
    text = json.dumps(form, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def submit(db: Database, actor: Actor, cycle_id: int, body_id: int, *,
           allow_incomplete: bool = False, store: EvidenceStore | None = None) -> Sent:
    """Send the body's online questionnaire: one transaction writes what an upload writes
    (module docstring) and locks the answers (state ``submitted``).

    Refused (:class:`UsageError`) with no answer at all, and with unanswered questions
    unless `allow_incomplete` (they earn nothing, as blank cells of a workbook); like
    :func:`save_answer` otherwise. `store`: where the evidence files are (default: the
    configured store)."""
    files = _answer_files(db, actor, cycle_id, body_id, store)

    def work(session: Session) -> Sent:
        who, cycle, body = _open_for_writing(session, actor, cycle_id, body_id)
        methodology = methodology_of(cycle)
        draft = _draft_for_writing(session, who, cycle, body)
        saved = _saved(session, draft, methodology)
        questions = methodology.questions_for(body.category)
        answered = [q.code for q in questions if saved.get(q.code, _Saved(None)).value
                    is not None]
        if not answered:
            raise UsageError(f"Belum ada satu pertanyaan pun yang dijawab pada kuesioner "
                             f"{body.name}; kuesioner kosong tidak dapat dikirim. Jawab "
                             f"pertanyaannya dahulu.")
        missing = [q.code for q in questions if q.code not in answered]
        if missing and not allow_incomplete:
            shown = ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")
            raise UsageError(f"{len(missing)} dari {len(questions)} pertanyaan belum dijawab "
                             f"({shown}); pertanyaan yang tidak dijawab bernilai 0. Jawab "
                             f"dahulu, atau kirim dengan menyatakan bahwa yang belum dijawab "
                             f"memang tidak dijawab.")
        rows: dict[str, dict[str, Any]] = {}
        canonical: dict[str, dict[str, Any]] = {}
        for question in questions:
            answer = saved.get(question.code, _Saved(None))
            evidence = stored_evidence(answer.evidence, files.get(question.code, []))
            stored = value_to_json(question, answer.value)
            rows[question.code] = {"value": stored, "evidence": evidence,
                                   "note": answer.note}
            canonical[question.code] = {
                **rows[question.code],
                "files": sorted(f.sha256 for f in files.get(question.code, []))}
        identity = Identity(ppid_name=draft.identity.get("ppid_name", ""),
                            position=draft.identity.get("position", ""),
                            contact=draft.identity.get("contact", ""), filled_on=today())
        sha = canonical_sha256(methodology, body, canonical, draft.identity or {})
        sent = _store(session, who, cycle, body, sha, rows, identity, len(answered))
        now = utcnow()
        draft.state = SUBMITTED
        draft.submitted_at, draft.submitted_by_id = now, who.id
        draft.updated_at, draft.updated_by_id = now, who.id
        draft.submission_id = sent.submission_id
        draft.version += 1
        session.flush()
        return Sent(sent.submission_id, sent.version, sent.late, sent.unchanged,
                    len(answered), len(questions))

    result: Sent = _writing(db, work)
    return result


def _store(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik, sha: str,
           rows: Mapping[str, Mapping[str, Any]], identity: Identity,
           answered: int) -> Sent:
    """Write the submission as :func:`monev.imports` writes an upload's (version, hash,
    Identitas, late flag, answers, participation, audit event); nothing new when the
    current submission has the same hash."""
    current = current_submissions(session, cycle.id, [body.id]).get(body.id)
    if current is not None and current.sha256 == sha:
        record(session, actor, "portal.submit", cycle_id=cycle.id, entity="submission",
               entity_id=current.id, new={"badan_publik_id": body.id,
                                          "version": current.version, "unchanged": True})
        return Sent(current.id, current.version, current.late, True, answered, len(rows))
    uploaded_at = utcnow()
    deadline = _deadline(session, cycle)
    late = deadline is not None and uploaded_at.astimezone(WIB).date() > deadline
    version = current.version + 1 if current is not None else 1
    row = Submission(cycle_id=cycle.id, badan_publik_id=body.id, version=version,
                     file_name=PORTAL_FILE, sha256=sha,
                     identity=identity.model_dump(mode="json"), late=late,
                     uploaded_by_id=actor.id, uploaded_at=uploaded_at, warnings=[])
    session.add(row)
    session.flush()
    session.execute(insert(Answer), [
        {"submission_id": row.id, "question_code": code, "value": answer["value"],
         "evidence": answer["evidence"], "note": answer["note"], "cell": ""}
        for code, answer in rows.items()])
    set_participation(session, actor, cycle, body, "late" if late else "submitted",
                      reason=f"kuesioner daring versi {version}")
    record(session, actor, "import", cycle_id=cycle.id, entity="submission",
           entity_id=row.id, old=current.version if current is not None else None,
           new={"badan_publik_id": body.id, "version": version, "file": PORTAL_FILE,
                "sha256": sha, "late": late, "answers": len(rows), "empty": False,
                "warnings": [], "via": "portal"})
    session.flush()
    submission_received(session, cycle, body, row, answers=answered,
                        uploaded_by=actor.name, uploader_id=actor.id)
    return Sent(row.id, version, late, False, answered, len(rows))


def reopen(db: Database, actor: Actor, cycle_id: int, body_id: int,
           reason: str) -> Questionnaire:
    """Reopen a questionnaire the body sent online, so its PPID can change it again
    (a koordinator PPID for the bodies in their scope, an admin): only before the SAQ
    deadline, with the stage open, and with a reason (audited as ``portal.reopen``). The
    sent answers stay the body's current submission until it sends again. Raises
    :class:`UsageError`, :class:`StageLocked`, :class:`NotFound`,
    :class:`PermissionDenied`."""
    reason = clean(reason or "")
    with db.transaction() as session:
        actor = require(session, actor, Action.REOPEN_QUESTIONNAIRE, bodies=[body_id])
        if not reason:
            raise UsageError("Alasan membuka kembali kuesioner wajib diisi: tuliskan apa yang "
                             "perlu diperbaiki badan publik.")
        cycle = cycle_for_write(session, cycle_id)
        body = load_body(session, cycle, body_id)
        ensure_changeable(session, cycle, questionnaire_stage(cycle))
        deadline = _deadline(session, cycle)
        if deadline is not None and today() > deadline:
            raise UsageError(f"Batas waktu pengisian kuesioner siklus '{cycle.title}' sudah "
                             f"lewat ({deadline:%d-%m-%Y}); kuesioner {body.name} tidak dapat "
                             f"dibuka kembali. Minta admin memperpanjang batas waktu tahapan "
                             f"kuesioner terlebih dahulu.")
        draft = _draft_row(session, cycle, body, lock=True)
        if draft is None or draft.state != SUBMITTED:
            raise UsageError(f"Kuesioner daring {body.name} belum dikirim, sehingga tidak "
                             f"perlu dibuka kembali: badan publik masih dapat mengubahnya.")
        draft.state = DRAFT
        draft.updated_at, draft.updated_by_id = utcnow(), actor.id
        draft.version += 1
        record(session, actor, "portal.reopen", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, old=SUBMITTED, new=DRAFT, reason=reason)
        session.flush()
        return _questionnaire(session, cycle, body)


# -- masa sanggah --------------------------------------------------------------------------------


def verified_answers(db: Database, actor: Actor, cycle_id: int,
                     body_id: int) -> list[VerifiedAnswer]:
    """The body's answers as verified, each with the verifikator's reason and its appeals
    (a badan publik account: its own, from the masa sanggah on). Questions without a
    current submission answer are listed as not answered. Raises :class:`NotFound`,
    :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_VERIFICATION, bodies=[body_id])
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        current = current_submissions(session, cycle.id, [body.id]).get(body.id)
        answers = {a.question_code: a for a in session.scalars(select(Answer).where(
            Answer.submission_id == current.id))} if current is not None else {}
        latest: dict[str, Verification] = {code: row for (code,), row in latest_rows(
            session, Verification, cycle.id, (Verification.question_code,),
            body_id=body.id).items()}
        appeals: dict[str, list[tuple[int, str]]] = {}
        for appeal_id, code, status in session.execute(
                select(Appeal.id, Appeal.question_code, Appeal.status).where(
                    Appeal.cycle_id == cycle.id, Appeal.badan_publik_id == body.id,
                    Appeal.question_code.is_not(None)).order_by(Appeal.id)):
            appeals.setdefault(code, []).append((appeal_id, APPEAL_LABELS.get(status, status)))
        names = user_names(session)
        out = []
        for question in methodology.questions_for(body.category):
            answer = answers.get(question.code)
            reported = value_from_json(question, answer.value) if answer else None
            row = latest.get(question.code)
            verified = value_from_json(question, row.value) if row else None
            out.append(VerifiedAnswer(
                code=question.code, text=question.text,
                reported=display_value(question, reported),
                evidence=answer.evidence if answer else "", verified=row is not None,
                verified_text=display_value(question, verified) if row else "",
                changed=row is not None and (verified != reported
                                             or type(verified) is not type(reported)),
                reason=row.reason if row else "",
                verified_by=name_in(names, row.created_by_id) if row else "",
                verified_at=row.created_at if row else None,
                phase=row.phase if row else "",
                appeals=tuple(appeals.get(question.code, ()))))
        return out


def file_appeal(db: Database, actor: Actor, cycle_id: int, body_id: int, claim: str, *,
                question_code: str | None = None, link: str = "",
                file: tuple[str, bytes] | None = None,
                store: EvidenceStore | None = None) -> AppealFiled:
    """File a sanggah about one answer (or the result as a whole) with new evidence: a link
    and/or a file (`file`: name and bytes, attached to the appeal with
    :func:`evidence.files.attach_file`, purpose ``appeal``). The file is checked before the
    appeal is filed, so a refused file files nothing; a file needs a question. Refused as
    :func:`monev.appeals.file_appeal` and :func:`evidence.files.attach_file` refuse (a
    badan publik account: only in the masa sanggah, for its own body)."""
    code = (question_code or "").strip() or None
    if file is not None:
        if code is None:
            raise UsageError("Berkas bukti sanggah harus untuk satu pertanyaan: pilih "
                             "pertanyaan yang disanggah, atau kirim tautan saja untuk "
                             "sanggah atas hasil keseluruhan.")
        with db.read() as session:
            require(session, actor, Action.FILE_APPEAL, bodies=[body_id])
            cycle = load_cycle(session, cycle_id)
            if code not in methodology_of(cycle).question_by_code:
                raise NotFound(f"Pertanyaan '{code}' tidak ada dalam metodologi siklus ini.")
            limit = methodology_of(cycle).evidence_max_bytes
        inspect_file(file[1], file[0], limit)  # refused here: nothing is filed
    appeal = file_body_appeal(db, actor, cycle_id, body_id, claim, question_code=code,
                              evidence=link)
    if file is None:
        return AppealFiled(appeal)
    attached = attach_file(db, actor, cycle_id, body_id, code, file[0], file[1],
                           appeal_id=appeal.id, store=store)
    return AppealFiled(appeal, attached.file)


__all__ = [
    "AnswerRefused", "AppealFiled", "PortalQuestion", "PortalStatus",
    "Questionnaire", "Sent", "VerifiedAnswer", "canonical_sha256", "file_appeal",
    "files_only",
    "open_questionnaire", "parse_typed", "portal_statuses", "reopen", "save_answer",
    "save_identity", "stored_evidence", "submit", "typed_text", "verified_answers",
]
