"""Events of a cycle written as notices, in the transaction of the event itself.

A use case of ``monev`` that causes something people must know calls one function here
with its own open session: the submission it stores (:func:`submission_received`), the
SAQ stage it locks (:func:`appeals_open`), the appeal it decides (:func:`appeal_decided`),
the results it publishes (:func:`results_published`). :func:`deliver` writes one
:class:`~storage.models.Notice` (once per key: writing the same key again is a no-op), one
in-app :class:`~storage.models.Notification` per account and one
:class:`~storage.models.OutboxMail` per e-mail address — all with the event, so they land
together or not at all, and a mail server that is down loses nothing (the sender retries).

Who is told (:func:`body_audience`, :func:`coordinators`): a badan publik through its PPID
accounts (role ``badan_publik`` scoped to it) in the app, and by e-mail at its registered
address (:attr:`~storage.models.BadanPublik.email`) and at each PPID account's own address;
a koordinator PPID (for the bodies in their scope) in the app and at their address.

This module imports nothing of ``monev`` that imports ``monev`` back (it is imported by
``monev.cycles``, ``monev.imports``, ``monev.portal``, ``monev.appeals`` and
``monev.outcomes.publication``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monev.clock import WIB
from monev.permissions import Role
from notifications import settings
from notifications.templates import render
from questionnaires.answers import display_value, value_from_json
from questionnaires.errors import Location
from questionnaires.loader import parse_methodology
from questionnaires.model import Methodology
from questionnaires.submission import Answer as QuestionnaireAnswer
from questionnaires.workbook import unanswered_problem
from reports.formatting import date_time, long_date, score
from storage.models import (
    Answer,
    Appeal,
    BadanPublik,
    Cycle,
    Notice,
    Notification,
    OutboxMail,
    Publication,
    PublishedResult,
    StageState,
    Submission,
    User,
    UserEmail,
    UserScope,
    Verification,
    utcnow,
)

log = logging.getLogger(__name__)

# Where each audience's link points: the PPID portal, the koordinator's page, messages.
PORTAL, COORDINATOR, MESSAGES = "portal", "coordinator", "messages"


@dataclass(frozen=True, slots=True)
class Recipient:
    """An account (in-app; `user_id`) and/or an e-mail address."""

    user_id: int | None
    email: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """Recipients who read the notice with the same link."""

    recipients: tuple[Recipient, ...]
    link: str
    # Who they are, as the text addresses them (``penerima``): "ppid" (the body's PPID),
    # "koordinator" (a koordinator PPID reading a copy of the body's notice).
    audience: str = "ppid"


# -- who ------------------------------------------------------------------------------------


def clean_email(address: str) -> str:
    return (address or "").strip()


def _emails(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    ids = list(user_ids)
    if not ids:
        return {}
    return {uid: email for uid, email in session.execute(
        select(UserEmail.user_id, UserEmail.email).where(UserEmail.user_id.in_(ids)))
        if clean_email(email)}


def body_audience(session: Session, body: BadanPublik) -> tuple[Recipient, ...]:
    """The PPID accounts of `body` (in the app; their own address) and its registered
    address."""
    users = list(session.scalars(select(User.id).join(
        UserScope, UserScope.user_id == User.id).where(
        UserScope.badan_publik_id == body.id, User.role == Role.BODY.value,
        User.active.is_(True)).order_by(User.id)))
    emails = _emails(session, users)
    out = [Recipient(uid, emails.get(uid, "")) for uid in users]
    if clean_email(body.email):
        out.append(Recipient(None, clean_email(body.email)))
    return tuple(out)


def coordinators(session: Session, body_ids: Iterable[int]) -> dict[int, set[int]]:
    """Active koordinator PPID accounts → the bodies of `body_ids` in their scope."""
    ids = list(set(body_ids))
    found: dict[int, set[int]] = {}
    if not ids:
        return found
    for uid, body_id in session.execute(select(User.id, UserScope.badan_publik_id).join(
            UserScope, UserScope.user_id == User.id).where(
            UserScope.badan_publik_id.in_(ids), User.role == Role.COORDINATOR.value,
            User.active.is_(True))):
        found.setdefault(uid, set()).add(body_id)
    return found


def accounts(session: Session, user_ids: Iterable[int]) -> tuple[Recipient, ...]:
    """Accounts (active) with their own address."""
    ids = sorted(set(user_ids))
    active = [uid for uid in ids if session.scalar(
        select(User.active).where(User.id == uid))]
    emails = _emails(session, active)
    return tuple(Recipient(uid, emails.get(uid, "")) for uid in active)


def admins(session: Session) -> tuple[Recipient, ...]:
    return accounts(session, session.scalars(select(User.id).where(
        User.role == Role.ADMIN.value, User.active.is_(True))))


# -- writing --------------------------------------------------------------------------------


def exists(session: Session, key: str) -> bool:
    return session.scalar(select(Notice.id).where(Notice.key == key)) is not None


def deliver(session: Session, *, key: str, event: str, context: Mapping[str, Any],
            groups: Sequence[Group], cycle_id: int | None = None,
            body_id: int | None = None, attachment: str = "",
            exclude_user: int | None = None) -> Notice | None:
    """Write the notice `key` (None when it was written before: nothing is written again)
    with one notification per account and one outbox e-mail per address of `groups`,
    rendered from `event`'s template with `context` and each group's link (``tautan``).
    `exclude_user`: the account that caused it (not told about its own act). An account
    or address in several groups is told once (in the first)."""
    if exists(session, key):
        return None
    notice = Notice(key=key, event=event, cycle_id=cycle_id, badan_publik_id=body_id,
                    created_at=utcnow(), context=json.loads(json.dumps(context, default=str)))
    session.add(notice)
    session.flush()
    users_done: set[int] = set()
    emails_done: set[str] = set()
    for group in groups:
        rendered = render(session, event, {**context, "tautan": group.link,
                                           "penerima": group.audience})
        in_app = in_app_text(rendered.body)
        for recipient in group.recipients:
            if recipient.user_id is not None and recipient.user_id != exclude_user \
                    and recipient.user_id not in users_done:
                users_done.add(recipient.user_id)
                session.add(Notification(user_id=recipient.user_id, notice_id=notice.id,
                                         event=event, subject=rendered.subject,
                                         body=in_app, link=group.link,
                                         created_at=notice.created_at))
            email = clean_email(recipient.email)
            if email and email.lower() not in emails_done and (
                    recipient.user_id is None or recipient.user_id != exclude_user):
                emails_done.add(email.lower())
                queue_mail(session, event=event, to=email, subject=rendered.subject,
                           body=rendered.body, notice_id=notice.id, cycle_id=cycle_id,
                           body_id=body_id, user_id=recipient.user_id,
                           attachment=attachment)
    session.flush()
    return notice


def in_app_text(body: str) -> str:
    """The in-app copy of an e-mail body: without its footer (from a line ``--`` on, "Jangan
    membalas e-mail ini …"), which speaks of the e-mail, not of the app."""
    head, sep, _ = body.partition("\n--\n")
    return head.rstrip() + "\n" if sep else body


def queue_mail(session: Session, *, event: str, to: str, subject: str, body: str,
               notice_id: int | None = None, cycle_id: int | None = None,
               body_id: int | None = None, user_id: int | None = None,
               attachment: str = "") -> OutboxMail:
    """Add one e-mail to the outbox (state ``waiting``, due now) in `session`."""
    now = utcnow()
    row = OutboxMail(notice_id=notice_id, event=event, cycle_id=cycle_id,
                     badan_publik_id=body_id, user_id=user_id, to_address=to[:320],
                     subject=subject[:300], body=body, attachment=attachment,
                     state="waiting", attempts=0, created_at=now, next_attempt_at=now,
                     server_reply="", message_id="")
    session.add(row)
    return row


# -- the events -------------------------------------------------------------------------------


def cycle_context(cycle: Cycle) -> dict[str, Any]:
    return {"siklus": cycle.title, "ki": cycle.ki, "tahun": cycle.year}


def body_groups(session: Session, body: BadanPublik, *,
                with_coordinators: bool = True) -> list[Group]:
    """The body's audience (link: the portal), then its koordinator (their page)."""
    groups = [Group(body_audience(session, body), settings.link(PORTAL))]
    if with_coordinators:
        groups.append(Group(accounts(session, coordinators(session, [body.id])),
                            settings.link(COORDINATOR), audience="koordinator"))
    return groups


def submission_received(session: Session, cycle: Cycle, body: BadanPublik,
                        submission: Submission, *, empty: bool = False,
                        answers: int = 0, uploaded_by: str = "",
                        uploader_id: int | None = None) -> Notice | None:
    """The receipt of a stored submission: file name, SHA-256, version, when, the import
    result and the reader's warnings; to the body and its koordinator (not to the account
    that uploaded it, `uploader_id`: it saw the result on screen)."""
    warnings = [{"kode": w.get("code", ""),
                 "lokasi": _where(w.get("location") or {}),
                 "pesan": w.get("message", "")} for w in submission.warnings or []]
    asked, blank = _unanswered(session, cycle, body, submission)
    if asked:
        answers = asked - len(blank)
        # The questions left blank, as the reader's W409 says them (the portal keeps no
        # warnings; an upload's may lack it): the receipt said "Tidak ada peringatan" over
        # 21 of 32 questions unanswered.
        found = unanswered_problem(
            {code: None if code in blank else _ANSWERED for code in
             [q.code for q in methodology(cycle).questions_for(body.category)]},
            Location())
        if found is not None and not empty and found.code not in {
                w["kode"] for w in warnings}:
            warnings.insert(0, {"kode": found.code, "lokasi": "–", "pesan": found.message})
    context = {**cycle_context(cycle), "badan_publik": body.name,
               "nama_berkas": submission.file_name, "sha256": submission.sha256,
               "versi": submission.version,
               "waktu": date_time(submission.uploaded_at, WIB),
               "diunggah_oleh": uploaded_by, "terlambat": bool(submission.late),
               "kosong": bool(empty), "jumlah_jawaban": answers,
               "jumlah_pertanyaan": asked, "belum_dijawab": len(blank),
               "peringatan": warnings}
    return deliver(session, key=f"submission:{submission.id}", event="submission",
                   context=context, groups=body_groups(session, body), cycle_id=cycle.id,
                   body_id=body.id, exclude_user=uploader_id)


_ANSWERED = QuestionnaireAnswer(question="", value="")  # any answered answer


def _unanswered(session: Session, cycle: Cycle, body: BadanPublik,
                submission: Submission) -> tuple[int, set[str]]:
    """(questions asked of the body's category, codes of those the submission leaves
    blank); (0, set()) when the cycle's methodology cannot say."""
    try:
        asked = methodology(cycle).questions_for(body.category)
    except Exception:  # a methodology the running code cannot read: the receipt still goes
        log.warning("questions of %s not read for its receipt", body.name, exc_info=True)
        return 0, set()
    stored = dict(session.execute(select(Answer.question_code, Answer.value).where(
        Answer.submission_id == submission.id)).all())
    blank = set()
    for question in asked:
        try:
            value = value_from_json(question, stored.get(question.code))
        except Exception:  # a value of an older version: it was given
            value = stored.get(question.code)
        if value is None or (isinstance(value, str) and not value.strip()):
            blank.add(question.code)
    return len(asked), blank


def _where(location: Mapping[str, Any]) -> str:
    sheet, cell = location.get("sheet") or "", location.get("cell") or ""
    return f"{sheet}!{cell}" if sheet and cell else sheet or cell or "–"


@lru_cache(maxsize=16)
def _parse(frozen: str) -> Methodology:
    return parse_methodology(json.loads(frozen), "siklus")


def methodology(cycle: Cycle) -> Methodology:
    return _parse(json.dumps(cycle.methodology, sort_keys=True))


def _changes(session: Session, cycle: Cycle, body: BadanPublik,
             m: Methodology) -> tuple[int, list[dict[str, str]]]:
    """(answers verified, the answers the verifikator changed with the reasons)."""
    current = session.scalar(select(Submission).where(
        Submission.cycle_id == cycle.id, Submission.badan_publik_id == body.id)
        .order_by(Submission.version.desc()).limit(1))
    reported = {a.question_code: a.value for a in session.scalars(select(Answer).where(
        Answer.submission_id == current.id))} if current is not None else {}
    latest = select(Verification.question_code, func.max(Verification.seq).label("seq")) \
        .where(Verification.cycle_id == cycle.id,
               Verification.badan_publik_id == body.id) \
        .group_by(Verification.question_code).subquery()
    rows = session.scalars(select(Verification).join(latest, (
        Verification.question_code == latest.c.question_code)
        & (Verification.seq == latest.c.seq)).where(
        Verification.cycle_id == cycle.id, Verification.badan_publik_id == body.id))
    by_code = {row.question_code: row for row in rows if not row.withdrawn}
    changes = []
    for question in m.questions_for(body.category):
        row = by_code.get(question.code)
        if row is None:
            continue
        own = reported.get(question.code)
        if row.value == own:
            continue
        try:
            before = display_value(question, value_from_json(question, own))
            after = display_value(question, value_from_json(question, row.value))
        except Exception:  # a value stored by an older version: shown as stored
            before, after = str(own), str(row.value)
        if before == after:
            continue
        changes.append({"kode": question.code, "pertanyaan": question.text,
                        "jawaban_mandiri": before, "hasil_verifikasi": after,
                        "alasan": row.reason})
    return len(by_code), changes


def appeals_open(session: Session, cycle: Cycle, stage_code: str) -> int:
    """The SAQ stage `stage_code` was just locked: verification is finished and the masa
    sanggah open. Each body with a submission is told what the verifikator changed and
    why. Returns how many bodies were told (a later lock, after an unlock, tells again)."""
    state = session.scalar(select(StageState).where(
        StageState.cycle_id == cycle.id, StageState.stage_code == stage_code))
    version = state.version if state is not None else 0
    m = methodology(cycle)
    body_ids = sorted(set(session.scalars(select(Submission.badan_publik_id).where(
        Submission.cycle_id == cycle.id))))
    told = 0
    for body in session.scalars(select(BadanPublik).where(BadanPublik.id.in_(body_ids))
                                .order_by(BadanPublik.id)):
        verified, changes = _changes(session, cycle, body, m)
        context = {**cycle_context(cycle), "badan_publik": body.name,
                   "jumlah_pertanyaan": verified, "perubahan": changes}
        if deliver(session, key=f"appeals_open:{cycle.id}:{stage_code}:{version}:{body.id}",
                   event="appeals_open", context=context,
                   groups=body_groups(session, body, with_coordinators=False),
                   cycle_id=cycle.id, body_id=body.id) is not None:
            told += 1
    return told


APPEAL_DECISIONS = {"accepted": "Diterima", "rejected": "Ditolak"}


def appeal_decided(session: Session, appeal: Appeal, *, new_value: str = "",
                   decided_by: int | None = None) -> Notice | None:
    """An appeal was decided: to the body, its koordinator and who filed it."""
    cycle = session.get(Cycle, appeal.cycle_id)
    body = session.get(BadanPublik, appeal.badan_publik_id)
    if cycle is None or body is None:
        return None
    question = ""
    if appeal.question_code:
        found = methodology(cycle).question_by_code.get(appeal.question_code)
        question = f"{appeal.question_code} {found.text}" if found else appeal.question_code
    context = {**cycle_context(cycle), "badan_publik": body.name, "nomor": appeal.id,
               "pertanyaan": question,
               "putusan": APPEAL_DECISIONS.get(appeal.status, appeal.status),
               "alasan": appeal.decision_reason, "nilai_baru": new_value}
    groups = body_groups(session, body)
    if appeal.filed_by_id is not None:
        groups.append(Group(accounts(session, [appeal.filed_by_id]),
                            settings.link(COORDINATOR)))
    return deliver(session, key=f"appeal_decided:{appeal.id}:{appeal.version}",
                   event="appeal_decided", context=context, groups=groups,
                   cycle_id=cycle.id, body_id=body.id, exclude_user=decided_by)


# Why a body's results e-mail carries no report card (it has no final score), by its
# published status (:class:`scoring` participation).
NO_REPORT_CARD = {
    "not_submitted": "tidak mengisi kuesioner penilaian mandiri (SAQ) pada siklus ini",
    "not_registered": "tidak terdaftar sebagai peserta penilaian pada siklus ini",
    "": "tidak memiliki nilai akhir pada siklus ini",
}


def results_published(session: Session, cycle: Cycle, publication: Publication) -> int:
    """The results of `cycle` were published: each body that took part is told its final
    score, predikat and rank; its e-mail carries its report card (built when sent), or,
    without a final score, says why there is none (:data:`NO_REPORT_CARD`).
    Returns how many bodies were told."""
    m = methodology(cycle)
    told = 0
    rows = session.execute(select(PublishedResult, BadanPublik).join(
        BadanPublik, BadanPublik.id == PublishedResult.badan_publik_id).where(
        PublishedResult.publication_id == publication.id).order_by(PublishedResult.id))
    for result, body in rows:
        category = m.category(result.category)
        context = {**cycle_context(cycle), "badan_publik": body.name,
                   "kategori": category.name if category else result.category,
                   "nilai_akhir": score(result.final), "predikat": result.predicate or "",
                   "peringkat": result.rank or ""}
        attachment = "report_card" if result.final is not None else ""
        context["rapor"] = bool(attachment)
        context["tanpa_rapor"] = "" if attachment else NO_REPORT_CARD.get(
            result.status, NO_REPORT_CARD[""])
        if deliver(session, key=f"published:{cycle.id}:{publication.seq}:{body.id}",
                   event="published", context=context,
                   groups=body_groups(session, body, with_coordinators=False),
                   cycle_id=cycle.id, body_id=body.id, attachment=attachment) is not None:
            told += 1
    return told


def stage_name(cycle: Cycle, stage_code: str) -> str:
    return next((str(s.get("name") or stage_code) for s in (cycle.methodology or {}).get(
        "stages", ()) if s.get("code") == stage_code), stage_code)


def deadline_text(value: Any) -> str:
    return long_date(value)
