"""Permission matrix: every use case × every role, allowed or refused.

Each use case runs for real against one database (SQLite, then PostgreSQL) as a real
account of each role, made with :func:`monev.accounts.add_user`: an allowed one must
complete, a refused one must raise PermissionDenied (nothing else) and store nothing.
Koordinator PPID and badan publik accounts (the PPID of one body) are tried both for a badan
publik in their scope (their own body) and for one outside it.
The use cases and the world are in :mod:`permission_world`.
"""

from __future__ import annotations

import pytest
from permission_world import ROLES, SCOPED_ROLES, USE_CASES, World

from monev import permissions
from monev.errors import PermissionDenied
from monev.permissions import Action

CASES = [(use_case, role, where) for use_case, case in USE_CASES.items()
         for role in ROLES
         for where in (("dalam", "luar") if role in SCOPED_ROLES and case.scoped
                       else ("dalam",))]


@pytest.mark.parametrize(("use_case", "role", "where"), CASES)
def test_permission_matrix(matrix_world: World, use_case: str, role: str, where: str):
    world, case = matrix_world, USE_CASES[use_case]
    actor = world.accounts[role]
    assert actor.id is not None  # a real account, read again by every check
    body = world.inside if where == "dalam" else world.outside
    if case.allowed(role, in_scope=where == "dalam"):
        try:
            case.run(world, actor, body)  # allowed: it must go through, not just pass the check
        except PermissionDenied as exc:  # pragma: no cover - reported by the assert
            pytest.fail(f"{role} should be allowed to {use_case}: {exc.message}")
    else:
        prepared = case.prepare(world, body) if case.prepare else None
        before = world.stored()
        with pytest.raises(PermissionDenied) as refused:
            case.act(world, actor, body, prepared)
        assert refused.value.message  # a message in Bahasa Indonesia for the user
        assert world.stored() == before


def test_every_action_appears_in_the_matrix():
    """A new use case must be added to permission_world.USE_CASES with its roles."""
    assert len(USE_CASES) >= 40
    # Each action of the permission table is exercised by at least one use case (a new
    # action without a use case in the matrix fails here).
    exercised = {Action.VIEW, Action.VIEW_SCORES, Action.IMPORT, Action.REGISTER_BODY,
                 Action.VERIFY, Action.SCORE_PANEL, Action.BONUS, Action.FILE_APPEAL,
                 Action.DECIDE_APPEAL, Action.EXPORT, Action.REPORT_CARD, Action.PUBLISH,
                 Action.MANAGE_CYCLES, Action.MANAGE_USERS, Action.BACKUP,
                 Action.VIEW_PREPARED, Action.MANAGE_METHODOLOGIES,
                 Action.ATTACH_EVIDENCE, Action.READ_EVIDENCE, Action.CHECK_LINKS,
                 Action.FILL_QUESTIONNAIRE, Action.REOPEN_QUESTIONNAIRE,
                 Action.MANAGE_BODY_ACCOUNTS, Action.VIEW_VERIFICATION, Action.READ_DRAFT,
                 Action.MESSAGE, Action.MANAGE_NOTIFICATIONS}
    assert set(Action) == exercised
    assert set(permissions.ALLOWED) == set(permissions.Role)
