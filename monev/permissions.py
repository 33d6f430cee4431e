"""Who may do what: roles, actions and the one table that joins them.

Every use case calls :func:`require` with the acting user before it changes or shows
anything; pages hiding buttons is a convenience, not the check. A koordinator PPID is also
limited to the badan publik in their scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from monev.errors import PermissionDenied


class Role(StrEnum):
    COORDINATOR = "koordinator"  # koordinator PPID: uploads, files appeals for their BPs
    EVALUATOR = "evaluator"  # verifikator / panel: verifies, scores, decides appeals
    OFFICIAL = "pejabat"  # views, exports, publishes (penetapan)
    ADMIN = "admin"  # users, cycles, locks — and everything else

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "Koordinator PPID",
    Role.EVALUATOR: "Evaluator (verifikator/panel)",
    Role.OFFICIAL: "Pejabat",
    Role.ADMIN: "Admin",
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
}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.COORDINATOR: frozenset({Action.VIEW, Action.IMPORT, Action.REGISTER_BODY,
                                 Action.FILE_APPEAL, Action.REPORT_CARD}),
    Role.EVALUATOR: frozenset({Action.VIEW, Action.VIEW_SCORES, Action.VERIFY,
                               Action.SCORE_PANEL, Action.BONUS, Action.DECIDE_APPEAL,
                               Action.EXPORT, Action.REPORT_CARD}),
    Role.OFFICIAL: frozenset({Action.VIEW, Action.VIEW_SCORES, Action.EXPORT,
                              Action.PUBLISH, Action.REPORT_CARD}),
    Role.ADMIN: frozenset(Action),
}

# Actions limited to the badan publik in a koordinator's scope.
SCOPED = frozenset({Action.IMPORT, Action.REGISTER_BODY, Action.FILE_APPEAL,
                    Action.REPORT_CARD})


@dataclass(frozen=True, slots=True)
class Actor:
    """The acting user, as the services see them (safe to keep in a UI session)."""

    id: int | None
    username: str
    role: Role
    display_name: str = ""
    # Badan publik ids a koordinator may act for; None = no limit (other roles).
    scope: frozenset[int] | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.username


SYSTEM = Actor(id=None, username="sistem", role=Role.ADMIN, display_name="Sistem")


def allowed(actor: Actor, action: Action) -> bool:
    return action in ALLOWED[actor.role]


def require(actor: Actor, action: Action, *, bodies: Iterable[int] = ()) -> None:
    """Raise :class:`PermissionDenied` unless `actor` may do `action` (for these BPs)."""
    if not allowed(actor, action):
        raise PermissionDenied(
            f"Peran {actor.role.label} tidak berwenang {action.label}. Hubungi admin KI "
            f"bila Anda memerlukan akses ini.")
    if action in SCOPED and actor.role is Role.COORDINATOR and actor.scope is not None:
        outside = sorted(set(bodies) - actor.scope)
        if outside:
            raise PermissionDenied(
                f"Badan publik ini di luar cakupan Anda ({actor.name}); Anda hanya dapat "
                f"{action.label} untuk badan publik yang ditugaskan kepada Anda. Minta admin "
                f"menambahkannya ke cakupan Anda.")
