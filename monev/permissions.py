"""Who may do what: roles, actions and the one table that joins them.

Every use case calls :func:`require` with the acting user before it changes or shows
anything; pages hiding buttons is a convenience, not the check. A koordinator PPID is also
limited to the badan publik in their scope.

The :class:`Actor` a page keeps in its session says who is logged in, not what they may
do: :func:`require` reads the account's role, active flag and scope from the database with
every action, so an admin disabling an account or changing its role or scope takes effect
at that user's next click. Use cases go on with the :class:`Actor` it returns.

A **badan publik** account (:attr:`Role.BODY`, the PPID of one body) acts for that one body
only (its scope, one ``user_scopes`` row), and only in the phases of the cycle where the
methodology gives the body something to do (:func:`body_phase`, :data:`BODY_PHASES`): it
fills the questionnaire (SAQ) and attaches data dukung while the SAQ stage is open and its
deadline not passed, and not after it sent the questionnaire (until a koordinator reopens
it); it sees its verified answers and files appeals in the masa sanggah (the SAQ stage
locked); it downloads its report card once the results are published. It never sees other
bodies, unpublished scores or rankings. :func:`require` leaves the action it checked in the
session, and :func:`check_cycle` (run whenever the use case loads or guards the cycle)
refuses the action outside its phase.

An online questionnaire not yet sent (a draft of the PPID portal, and the data dukung
attached since it was last sent) is read only by its body's PPID and by a koordinator PPID
of that body or an admin, who follow its progress and reopen it (:attr:`Action.READ_DRAFT`,
:func:`hides_drafts`); verifikator and pejabat see what a body sent, never a draft.

A *prepared* cycle (created, not yet opened by an admin) is seen only by roles allowed
:attr:`Action.VIEW_PREPARED` (admin, evaluator: they set it up and check its templates and
methodology before it opens). :func:`require`, given the use case's session, leaves the
actor it checked in that session, and :func:`monev.cycles.load_cycle` refuses a prepared
cycle to anyone else (:func:`check_cycle`); a use case that checks with the database
instead passes the cycle to :func:`require` (``cycle=``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.clock import today
from monev.errors import AccountInactive, PermissionDenied
from storage.models import Cycle, PortalDraft, StageState, User, UserScope

if TYPE_CHECKING:
    from storage.db import Database


class Role(StrEnum):
    COORDINATOR = "koordinator"  # koordinator PPID: uploads, files appeals for their BPs
    EVALUATOR = "evaluator"  # verifikator / panel: verifies, scores, decides appeals
    OFFICIAL = "pejabat"  # views, exports, publishes (penetapan)
    ADMIN = "admin"  # users, cycles, locks — and everything else
    BODY = "badan_publik"  # the PPID of one badan publik: fills its SAQ online, appeals

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "Koordinator PPID",
    Role.EVALUATOR: "Evaluator (verifikator/panel)",
    Role.OFFICIAL: "Pejabat",
    Role.ADMIN: "Admin",
    Role.BODY: "Badan publik (PPID)",
}


class Action(StrEnum):
    VIEW = "view"  # see cycles, badan publik and their status
    VIEW_SCORES = "view_scores"  # unpublished scores and the evaluation trail
    IMPORT = "import"  # upload questionnaires
    REGISTER_BODY = "register_body"  # add badan publik, aliases, participation
    VERIFY = "verify"  # set/withdraw a verified value
    SCORE_PANEL = "score_panel"  # enter/withdraw jurors' scores
    BONUS = "bonus"  # typed adjustments
    FILE_APPEAL = "file_appeal"
    DECIDE_APPEAL = "decide_appeal"
    EXPORT = "export"
    REPORT_CARD = "report_card"  # the report card of a badan publik (koordinator: own BPs)
    PUBLISH = "publish"  # publish and reopen
    MANAGE_CYCLES = "manage_cycles"  # create cycles, deadlines, lock/unlock stages
    MANAGE_USERS = "manage_users"
    BACKUP = "backup"  # backup and restore
    VIEW_PREPARED = "view_prepared"  # see a cycle that is prepared, not yet opened
    MANAGE_METHODOLOGIES = "manage_methodologies"  # save methodology versions (library)
    ATTACH_EVIDENCE = "attach_evidence"  # attach/withdraw evidence files of answers
    READ_EVIDENCE = "read_evidence"  # list and download evidence files
    CHECK_LINKS = "check_links"  # run the check of a cycle's evidence links
    FILL_QUESTIONNAIRE = "fill_questionnaire"  # fill and send the SAQ online (PPID portal)
    REOPEN_QUESTIONNAIRE = "reopen_questionnaire"  # reopen a questionnaire sent online
    MANAGE_BODY_ACCOUNTS = "manage_body_accounts"  # accounts for the PPID of a badan publik
    VIEW_VERIFICATION = "view_verification"  # a body's verified answers with the reasons
    READ_DRAFT = "read_draft"  # an online questionnaire as saved, not yet sent (its draft)
    MESSAGE = "message"  # read and write the message thread of a body (KI ↔ PPID)
    MANAGE_NOTIFICATIONS = "manage_notifications"  # notification texts, the e-mail outbox

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.VIEW: "melihat data monev",
    Action.VIEW_SCORES: "melihat nilai yang belum ditetapkan",
    Action.IMPORT: "mengunggah kuesioner",
    Action.REGISTER_BODY: "mendaftarkan badan publik",
    Action.VERIFY: "memverifikasi jawaban",
    Action.SCORE_PANEL: "mengisi nilai panel",
    Action.BONUS: "memberi nilai tambahan",
    Action.FILE_APPEAL: "mengajukan sanggah",
    Action.DECIDE_APPEAL: "memutus sanggah",
    Action.EXPORT: "mengunduh laporan",
    Action.REPORT_CARD: "mengunduh rapor badan publik",
    Action.PUBLISH: "menetapkan atau membuka kembali hasil",
    Action.MANAGE_CYCLES: "mengelola siklus monev",
    Action.MANAGE_USERS: "mengelola pengguna",
    Action.BACKUP: "mencadangkan dan memulihkan data",
    Action.VIEW_PREPARED: "melihat siklus yang masih disiapkan",
    Action.MANAGE_METHODOLOGIES: "mengelola pustaka metodologi",
    Action.ATTACH_EVIDENCE: "mengunggah berkas data dukung",
    Action.READ_EVIDENCE: "membuka berkas data dukung",
    Action.CHECK_LINKS: "memeriksa tautan data dukung",
    Action.FILL_QUESTIONNAIRE: "mengisi kuesioner daring",
    Action.REOPEN_QUESTIONNAIRE: "membuka kembali kuesioner daring yang sudah dikirim",
    Action.MANAGE_BODY_ACCOUNTS: "membuat akun PPID badan publik",
    Action.VIEW_VERIFICATION: "melihat hasil verifikasi jawaban",
    Action.READ_DRAFT: "melihat kuesioner daring yang belum dikirim",
    Action.MESSAGE: "membaca dan mengirim pesan dengan badan publik",
    Action.MANAGE_NOTIFICATIONS: "mengelola teks notifikasi dan antrean e-mail",
}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.COORDINATOR: frozenset({Action.VIEW, Action.IMPORT, Action.REGISTER_BODY,
                                 Action.FILE_APPEAL, Action.REPORT_CARD,
                                 Action.ATTACH_EVIDENCE, Action.READ_EVIDENCE,
                                 Action.CHECK_LINKS, Action.REOPEN_QUESTIONNAIRE,
                                 Action.READ_DRAFT,
                                 Action.MANAGE_BODY_ACCOUNTS, Action.MESSAGE}),
    Role.EVALUATOR: frozenset({Action.VIEW, Action.VIEW_SCORES, Action.VERIFY,
                               Action.SCORE_PANEL, Action.BONUS, Action.DECIDE_APPEAL,
                               Action.EXPORT, Action.REPORT_CARD, Action.VIEW_PREPARED,
                               Action.READ_EVIDENCE, Action.CHECK_LINKS,
                               Action.VIEW_VERIFICATION}),
    Role.OFFICIAL: frozenset({Action.VIEW, Action.VIEW_SCORES, Action.EXPORT,
                              Action.PUBLISH, Action.REPORT_CARD, Action.VIEW_VERIFICATION}),
    Role.ADMIN: frozenset(Action),
    # Its own body only (SCOPED) and only in the phases of BODY_PHASES.
    Role.BODY: frozenset({Action.VIEW, Action.FILL_QUESTIONNAIRE, Action.ATTACH_EVIDENCE,
                          Action.READ_EVIDENCE, Action.FILE_APPEAL, Action.VIEW_VERIFICATION,
                          Action.READ_DRAFT,
                          Action.REPORT_CARD, Action.MESSAGE}),
}

# The key of ``Session.info`` under which :func:`require` leaves the actor it checked (and
# the actor as the caller knew it, to say what changed when a role changed meanwhile).
ACTING = "monev_acting"
_ACTING_BEFORE = "monev_acting_before"

_ACTION = "monev_acting_action"  # … and the action it checked (for the phase, BODY_PHASES)

# Actions limited to the badan publik in a koordinator's scope (a badan publik account:
# its own body), for the bodies a use case names. VIEW: a use case about one body (its
# online questionnaire) names it.
SCOPED = frozenset({Action.IMPORT, Action.REGISTER_BODY, Action.FILE_APPEAL, Action.READ_DRAFT,
                    Action.REPORT_CARD, Action.ATTACH_EVIDENCE, Action.READ_EVIDENCE,
                    Action.FILL_QUESTIONNAIRE, Action.REOPEN_QUESTIONNAIRE,
                    Action.MANAGE_BODY_ACCOUNTS, Action.VIEW_VERIFICATION, Action.VIEW,
                    Action.MESSAGE})
# Roles limited to their scope.
SCOPED_ROLES = frozenset({Role.COORDINATOR, Role.BODY})


class Phase(StrEnum):
    """Where a cycle stands for its badan publik (:func:`body_phase`)."""

    FILLING = "pengisian"  # the SAQ stage open, its deadline not passed
    VERIFYING = "verifikasi"  # the SAQ deadline passed, the stage not yet locked
    APPEALS = "sanggah"  # masa sanggah: the SAQ stage locked, results not yet published
    PUBLISHED = "ditetapkan"  # the results are published

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.FILLING: "Pengisian kuesioner",
    Phase.VERIFYING: "Verifikasi",
    Phase.APPEALS: "Masa sanggah",
    Phase.PUBLISHED: "Hasil ditetapkan",
}

# The phases in which a badan publik account may do an action (an action not listed: in
# every phase). The questionnaire is the methodology's questionnaire stage (SAQ): filled
# while it is open, contested once it is locked after verification.
BODY_PHASES: dict[Action, frozenset[Phase]] = {
    Action.FILL_QUESTIONNAIRE: frozenset({Phase.FILLING}),
    Action.ATTACH_EVIDENCE: frozenset({Phase.FILLING}),
    Action.FILE_APPEAL: frozenset({Phase.APPEALS}),
    Action.VIEW_VERIFICATION: frozenset({Phase.APPEALS, Phase.PUBLISHED}),
    Action.REPORT_CARD: frozenset({Phase.PUBLISHED}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, as the services see them (safe to keep in a UI session).

    For an account (`id` set) the role and scope here are those read at login or at the
    last check; :func:`require` reads them again with every action and returns the
    current ones. An actor without an id (:data:`SYSTEM`, actors made in process) has no
    account: its role and scope are taken as they are.
    """

    id: int | None
    username: str
    role: Role
    display_name: str = ""
    # Badan publik ids a koordinator may act for (a badan publik account: its one body);
    # None = no limit (other roles).
    scope: frozenset[int] | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def body_id(self) -> int | None:
        """The badan publik of a badan publik account (None for other roles)."""
        if self.role is not Role.BODY or not self.scope or len(self.scope) != 1:
            return None
        return next(iter(self.scope))


SYSTEM = Actor(id=None, username="sistem", role=Role.ADMIN, display_name="Sistem")


def scope_ids(session: Session, user: User) -> frozenset[int]:
    """Ids of the badan publik in an account's scope (``user_scopes``; empty: none)."""
    return frozenset(session.scalars(select(UserScope.badan_publik_id)
                                     .where(UserScope.user_id == user.id)))


def to_actor(session: Session, user: User) -> Actor:
    """The :class:`Actor` of an account as stored now (a koordinator with its scope)."""
    role = Role(user.role)
    scope = scope_ids(session, user) if role in SCOPED_ROLES else None
    return Actor(id=user.id, username=user.username, role=role,
                 display_name=user.display_name, scope=scope)


def allowed(actor: Actor, action: Action) -> bool:
    """Whether `actor`'s role (as given, not read again) allows `action`: for pages deciding
    what to show. The check that counts is :func:`require`."""
    return action in ALLOWED[actor.role]


def require(source: Database | Session, actor: Actor, action: Action, *,
            bodies: Iterable[int] = (), cycle: int | None = None) -> Actor:
    """The current `actor` if they may do `action` (for the badan publik in `bodies`);
    raise :class:`PermissionDenied` (in Bahasa Indonesia, saying why) otherwise.

    `source` is the database, or better the open session of the use case's own
    transaction, so that the check is made with the action. For an account (an actor
    with an `id`) the ``users`` row is read — role and active flag — and, for a
    koordinator PPID, their ``user_scopes``; the refusal is:

    * :class:`AccountInactive` when the account was disabled (or no longer exists, or the
      id now belongs to another username): the page should end the session;
    * :class:`PermissionDenied` when the current role does not allow `action` (saying so,
      with the new role, when an admin changed the role since the actor was made) or when
      a badan publik in `bodies` is outside the koordinator's *current* scope.

    * :class:`PermissionDenied` when `cycle` (an id) is a prepared cycle and the role may
      not see prepared cycles (:func:`check_cycle`).

    The returned :class:`Actor` carries the current role, display name and scope: use it,
    not the one passed in, for everything that depends on them (filters by scope, what a
    role may see). An actor without an id (:data:`SYSTEM`, actors made in process by the
    CLI, the demo or tests) has no account to read again: its in-memory role and scope
    are checked and it is returned as it is. Given a session, the returned actor is kept
    in it (``session.info[ACTING]``): the cycles that session loads are checked for it.
    """
    if isinstance(source, Session):
        current = _reread(source, actor, action) if actor.id is not None else actor
        _check(current, actor, action, bodies)
        source.info[ACTING] = current
        source.info[_ACTING_BEFORE] = actor
        source.info[_ACTION] = action
        if cycle is not None:
            found = source.get(Cycle, cycle)
            if found is not None:  # an unknown id is the use case's NotFound to raise
                _refuse_prepared(current, actor, found)
                refuse_out_of_phase(source, current, action, found)
        return current
    if actor.id is None and cycle is None:  # nothing to read
        _check(actor, actor, action, bodies)
        return actor
    with source.read() as session:
        return require(session, actor, action, bodies=bodies, cycle=cycle)


def body_scope(actor: Actor, body_id: int | None, what: str) -> list[int] | frozenset[int] | None:
    """The badan publik `actor` may read results of: `body_id` alone when given, else a
    koordinator's scope, else None (every body). A body outside a koordinator's scope is
    refused with PermissionDenied naming `what` (e.g. "hasil pemeriksaan tautan")."""
    if actor.scope is not None and body_id is not None and body_id not in actor.scope:
        raise PermissionDenied(
            f"Badan publik ini di luar cakupan Anda ({actor.name}); Anda hanya dapat "
            f"melihat {what} badan publik yang ditugaskan kepada Anda.")
    if body_id is not None:
        return [body_id]
    return actor.scope


def hides_drafts(actor: Actor) -> bool:
    """Whether `actor`'s role (as given: pass the actor :func:`require` returned) may not
    read what badan publik saved online and have not sent yet (:attr:`Action.READ_DRAFT`):
    such readers get what was sent only."""
    return not allowed(actor, Action.READ_DRAFT)


def may_see_prepared(actor: Actor) -> bool:
    """Whether `actor`'s role (as given) sees prepared cycles (admin, evaluator)."""
    return allowed(actor, Action.VIEW_PREPARED)


def is_prepared(cycle: Cycle) -> bool:
    """Whether `cycle` is prepared: created, not yet opened by an admin (nor published)."""
    return cycle.opened_at is None and cycle.status != "published"


def check_cycle(session: Session, cycle: Cycle) -> None:
    """Refuse `cycle` when it is prepared and the actor :func:`require` checked in
    `session` may not see prepared cycles (nothing when no actor was checked there:
    internal reads), or when that actor is a badan publik account and the action checked
    there is outside its phase (:func:`refuse_out_of_phase`). Raises
    :class:`PermissionDenied`."""
    acting = session.info.get(ACTING)
    if acting is not None:
        _refuse_prepared(acting, session.info.get(_ACTING_BEFORE, acting), cycle)
        action = session.info.get(_ACTION)
        if action is not None:
            refuse_out_of_phase(session, acting, action, cycle)


def _refuse_prepared(actor: Actor, before: Actor, cycle: Cycle) -> None:
    """Refuse a prepared `cycle` to `actor` (`before`: as the caller knew them)."""
    if not is_prepared(cycle) or may_see_prepared(actor):
        return
    if before.role is not actor.role and may_see_prepared(before):
        raise PermissionDenied(
            f"Peran Anda telah diubah oleh admin dari {before.role.label} menjadi "
            f"{actor.role.label}; sebagai {actor.role.label} Anda tidak dapat melihat siklus "
            f"'{cycle.title}' yang masih disiapkan. Muat ulang halaman (atau keluar lalu "
            f"masuk lagi) untuk membuka menu peran baru Anda.")
    raise PermissionDenied(
        f"Siklus '{cycle.title}' masih disiapkan oleh admin dan belum dibuka; peran "
        f"{actor.role.label} dapat melihatnya setelah admin membukanya. Pilih siklus "
        f"lain, atau hubungi admin KI bila siklus ini seharusnya sudah berjalan.")


def _reread(session: Session, actor: Actor, action: Action) -> Actor:
    """The account of `actor` as stored now (refused when it is gone or disabled)."""
    user = session.get(User, actor.id)
    if user is None or user.username != actor.username:
        raise AccountInactive(
            f"Akun Anda ({actor.username}) tidak terdaftar lagi: Anda tidak dapat "
            f"{action.label}, dan permintaan ini tidak dijalankan. Keluar dari aplikasi; "
            f"hubungi admin KI bila Anda masih memerlukan akses.")
    if not user.active:
        raise AccountInactive(
            f"Akun Anda telah dinonaktifkan oleh admin ({actor.username}): Anda tidak dapat "
            f"{action.label} lagi, dan permintaan ini tidak dijalankan. Keluar dari "
            f"aplikasi; hubungi admin KI bila akun Anda perlu diaktifkan kembali.")
    return to_actor(session, user)


def _check(current: Actor, before: Actor, action: Action, bodies: Iterable[int]) -> None:
    """Refuse unless the role of `current` allows `action` for `bodies` (`before` is the
    actor as the caller knew it, to say what changed)."""
    if not allowed(current, action):
        if current.role is not before.role:
            raise PermissionDenied(
                f"Peran Anda telah diubah oleh admin dari {before.role.label} menjadi "
                f"{current.role.label}; sebagai {current.role.label} Anda tidak berwenang "
                f"{action.label}. Muat ulang halaman (atau keluar lalu masuk lagi) untuk "
                f"membuka menu peran baru Anda.")
        raise PermissionDenied(
            f"Peran {current.role.label} tidak berwenang {action.label}. Hubungi admin KI "
            f"bila Anda memerlukan akses ini.")
    if action in SCOPED and current.role in SCOPED_ROLES and current.scope is not None:
        outside = set(bodies) - current.scope
        if not outside:
            return
        if current.role is Role.BODY:
            raise PermissionDenied(
                f"Akun Anda ({current.name}) adalah akun PPID satu badan publik: Anda hanya "
                f"dapat {action.label} untuk badan publik Anda sendiri, tidak untuk badan "
                f"publik lain. Masuk dengan akun PPID badan publik itu bila Anda juga "
                f"mengelolanya.")
        if before.scope is not None and outside <= before.scope:
            raise PermissionDenied(
                f"Badan publik ini tidak lagi termasuk cakupan Anda ({current.name}): admin "
                f"telah mengubah cakupan Anda, sehingga Anda tidak dapat {action.label} untuk "
                f"badan publik ini. Muat ulang halaman untuk melihat cakupan Anda saat ini.")
        raise PermissionDenied(
            f"Badan publik ini di luar cakupan Anda ({current.name}); Anda hanya dapat "
            f"{action.label} untuk badan publik yang ditugaskan kepada Anda. Minta admin "
            f"menambahkannya ke cakupan Anda.")


# -- badan publik accounts: what they may do when ---------------------------------------------


def body_phase(session: Session, cycle: Cycle) -> Phase:
    """Where `cycle` stands for its badan publik: published, else the masa sanggah when its
    questionnaire (SAQ) stage is locked, else verification when the stage's deadline (a WIB
    date) has passed, else the filling of the questionnaire."""
    if cycle.status == "published":
        return Phase.PUBLISHED
    state = session.scalar(select(StageState).where(
        StageState.cycle_id == cycle.id, StageState.stage_code == _questionnaire_stage(cycle)))
    if state is not None and state.locked:
        return Phase.APPEALS
    if state is not None and state.deadline is not None and today() > state.deadline:
        return Phase.VERIFYING
    return Phase.FILLING


def _questionnaire_stage(cycle: Cycle) -> str:
    """The code of the cycle's (first) questionnaire stage, read from its frozen
    methodology as stored (:func:`monev.cycles.questionnaire_stage` parses it; that module
    imports this one)."""
    return next((str(stage.get("code")) for stage in (cycle.methodology or {}).get(
        "stages", ()) if stage.get("kind") == "questionnaire"), "")


def sent_online(session: Session, cycle_id: int, body_id: int) -> bool:
    """Whether the badan publik sent its questionnaire online in the cycle (and no
    koordinator reopened it since): its answers and data dukung are locked."""
    return session.scalar(select(PortalDraft.state).where(
        PortalDraft.cycle_id == cycle_id, PortalDraft.badan_publik_id == body_id)) == "submitted"


def refuse_out_of_phase(session: Session, actor: Actor, action: Action, cycle: Cycle) -> None:
    """Refuse a badan publik account's `action` on `cycle` outside the phases
    :data:`BODY_PHASES` allow it (and changing answers or their data dukung once it sent
    its questionnaire online); nothing for other roles. Raises :class:`PermissionDenied`
    saying when the action is possible."""
    if actor.role is not Role.BODY or action not in BODY_PHASES:
        return
    phase = body_phase(session, cycle)
    if phase in BODY_PHASES[action]:
        if (action in (Action.ATTACH_EVIDENCE, Action.FILL_QUESTIONNAIRE)
                and actor.body_id is not None and sent_online(session, cycle.id, actor.body_id)):
            raise PermissionDenied(
                f"Kuesioner Anda pada siklus '{cycle.title}' sudah dikirim: jawaban dan data "
                f"dukungnya terkunci. Bila masih perlu diubah sebelum batas waktu, minta "
                f"koordinator PPID membukanya kembali.")
        return
    raise PermissionDenied(_phase_refusal(action, phase, cycle))


def _phase_refusal(action: Action, phase: Phase, cycle: Cycle) -> str:
    """Why a badan publik account cannot do `action` in `phase`, and when it can."""
    title = f"'{cycle.title}'"
    if phase is Phase.PUBLISHED:
        return (f"Hasil siklus {title} sudah ditetapkan: Anda tidak dapat {action.label} "
                f"lagi. Rapor badan publik Anda dapat diunduh di halaman ini.")
    if action in (Action.FILL_QUESTIONNAIRE, Action.ATTACH_EVIDENCE):
        if phase is Phase.VERIFYING:
            return (f"Batas waktu pengisian kuesioner siklus {title} sudah lewat: jawaban dan "
                    f"data dukung tidak dapat diubah lagi. Hubungi koordinator PPID atau KI "
                    f"bila batas waktunya diperpanjang.")
        return (f"Tahapan kuesioner siklus {title} sudah dikunci: jawaban dan data dukung "
                f"tidak dapat diubah lagi. Dalam masa sanggah Anda dapat mengajukan sanggah "
                f"dengan bukti baru.")
    if action is Action.REPORT_CARD:
        return (f"Rapor badan publik dapat diunduh setelah hasil siklus {title} ditetapkan.")
    # FILE_APPEAL, VIEW_VERIFICATION: from the masa sanggah on
    when = ("verifikator masih memeriksa jawaban" if phase is Phase.VERIFYING
            else "pengisian kuesioner masih berlangsung")
    return (f"Masa sanggah siklus {title} belum dibuka ({when}): Anda dapat {action.label} "
            f"setelah verifikasi selesai dan tahapan kuesioner dikunci oleh KI.")
