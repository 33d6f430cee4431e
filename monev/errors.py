"""Errors of the application services, each with a message a user can act on (Bahasa
Indonesia). The CLI prints them; the app shows them; neither shows a traceback."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base class: the request was refused; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class UsageError(ServiceError):
    """A request that cannot be carried out as asked (unknown methodology, category…)."""


class NotFound(ServiceError):
    """The cycle, badan publik, user or question named does not exist."""


class PermissionDenied(ServiceError):
    """The acting user's role or scope does not allow this."""


class AccountInactive(PermissionDenied):
    """The acting user's account was disabled (or no longer exists) since they logged in.

    Raised by :func:`monev.permissions.require`, which reads the account with every
    action: a page catching it should end the user's session (log them out) rather than
    let them keep clicking.
    """


class StageLocked(ServiceError):
    """The stage is locked (or the cycle published): no more changes without reopening."""


class Conflict(ServiceError):
    """Someone else saved first: the caller's view is stale.

    `current` is the value now stored (with who changed it and when), `attempted` the
    value the caller tried to save; the caller decides and saves again with the new
    `current_seq`.
    """

    def __init__(self, message: str, *, current: Any, attempted: Any, current_seq: int,
                 changed_by: str = "", changed_at: str = "") -> None:
        super().__init__(message)
        self.current = current
        self.attempted = attempted
        self.current_seq = current_seq
        self.changed_by = changed_by
        self.changed_at = changed_at
