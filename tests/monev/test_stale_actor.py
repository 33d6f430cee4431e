"""Rights are checked again with every action, not taken from the actor a page keeps.

A page keeps the :class:`~monev.permissions.Actor` it got at login. When an admin then
disables that account, changes its role or takes a badan publik out of its scope, the
user's next click must follow the change: every use case of the permission matrix
(:mod:`permission_world`) is run with such a stale actor, on SQLite and PostgreSQL, and a
refusal must say why and store nothing.
"""

from __future__ import annotations

import pytest
from permission_world import USE_CASES, World

from monev import accounts, appeals, bodies
from monev.errors import AccountInactive, PermissionDenied
from monev.outcomes import dashboard, publication
from monev.permissions import SYSTEM, Action, Actor, Role, require

# The role that runs each use case before being disabled: one allowed to (not the admin,
# when another role may), so that only the disabling can be the reason for a refusal.
RUNS_AS = {name: next((r for r in ("koordinator", "evaluator", "pejabat") if r in case.roles),
                      "admin") for name, case in USE_CASES.items()}
SCOPED = [name for name, case in USE_CASES.items()
          if case.scoped and "koordinator" in case.roles]


def _refused(w: World, name: str, actor: Actor, body: int) -> PermissionDenied:
    """Run use case `name` as `actor`, which must be refused with nothing stored."""
    case = USE_CASES[name]
    prepared = case.prepare(w, body) if case.prepare else None
    before = w.stored()
    with pytest.raises(PermissionDenied) as refused:
        case.act(w, actor, body, prepared)
    assert w.stored() == before, f"{name}: something was stored after the refusal"
    return refused.value


@pytest.mark.parametrize("name", list(USE_CASES))
def test_a_disabled_account_is_refused_at_its_next_click(matrix_world: World, name: str):
    w = matrix_world
    actor = w.account(RUNS_AS[name])  # logged in, the page keeps this actor
    USE_CASES[name].run(w, actor, w.inside)  # it worked while the account was active
    accounts.set_active(w.db, SYSTEM, actor.username, False, reason="pindah tugas")

    refusal = _refused(w, name, actor, w.inside)

    assert isinstance(refusal, AccountInactive)  # the page ends the session
    assert refusal.message.startswith("Akun Anda telah dinonaktifkan oleh admin")


@pytest.mark.parametrize("name", SCOPED)
def test_a_body_taken_out_of_a_koordinators_scope_is_refused(matrix_world: World, name: str):
    w = matrix_world
    actor = w.account("koordinator")  # scope: the inside OPD
    USE_CASES[name].run(w, actor, w.inside)
    accounts.set_scope(w.db, SYSTEM, actor.username, [w.outside])

    refusal = _refused(w, name, actor, w.inside)

    assert not isinstance(refusal, AccountInactive)
    assert "cakupan" in refusal.message
    # The body now in scope is allowed, though the page's actor does not know it yet.
    USE_CASES[name].run(w, actor, w.outside)


@pytest.mark.parametrize("name", list(USE_CASES))
def test_an_evaluator_made_pejabat_has_the_rights_of_a_pejabat(matrix_world: World,
                                                                name: str):
    w = matrix_world
    actor = w.account("evaluator")
    accounts.set_role(w.db, SYSTEM, actor.username, "pejabat", reason="mutasi jabatan")
    case = USE_CASES[name]

    if case.allowed("pejabat"):
        case.run(w, actor, w.inside)  # a right the new role has: allowed at once
    else:
        refusal = _refused(w, name, actor, w.inside)
        if "evaluator" in case.roles:  # a right the old role had: says what changed
            assert "Peran Anda telah diubah oleh admin" in refusal.message
            assert Role.OFFICIAL.label in refusal.message
            assert "Muat ulang" in refusal.message


def test_lists_follow_the_current_scope(matrix_world: World):
    """What a koordinator sees is filtered by the scope stored now, not the page's."""
    w = matrix_world
    actor = w.account("koordinator")
    appeals.file_appeal(w.db, SYSTEM, w.cycle, w.inside, "Sanggah untuk Dinas Dalam")
    appeals.file_appeal(w.db, SYSTEM, w.cycle, w.outside, "Sanggah untuk Dinas Luar")
    accounts.set_scope(w.db, SYSTEM, actor.username, [w.outside])

    assert {b.id for b in bodies.list_bodies(w.db, actor, w.cycle)} == {w.outside}
    assert {a.body_id for a in appeals.list_appeals(w.db, actor, w.cycle)} == {
        w.outside}
    assert [r["badan_publik"] for r in publication.published_records(
        w.db, actor, w.published)] == ["Dinas Luar"]
    assert {r.body_id for r in dashboard.dashboard(w.db, actor, w.published).rows} == {
        w.outside}


def test_require_returns_the_account_as_stored_now(matrix_world: World):
    w = matrix_world
    actor = w.account("koordinator")
    accounts.set_scope(w.db, SYSTEM, actor.username, [w.inside, w.outside])
    with w.db.read() as session:
        current = require(session, actor, Action.VIEW)
    assert current.scope == frozenset({w.inside, w.outside})
    assert (current.id, current.username, current.role) == (actor.id, actor.username,
                                                              Role.COORDINATOR)
    accounts.set_role(w.db, SYSTEM, actor.username, "pejabat")
    current = require(w.db, actor, Action.PUBLISH)  # the database itself works too
    assert (current.role, current.scope) == (Role.OFFICIAL, None)


def test_an_actor_whose_id_is_now_another_account_is_refused(matrix_world: World):
    """An actor from another database (before a restore, say) whose id belongs to someone
    else here does not act as them."""
    w = matrix_world
    other = w.accounts["admin"]
    stranger = Actor(id=other.id, username="bukan-admin", role=Role.ADMIN)
    with pytest.raises(AccountInactive):
        require(w.db, stranger, Action.VIEW)


def test_an_enabled_account_works_again(matrix_world: World):
    w = matrix_world
    actor = w.account("evaluator")
    accounts.set_active(w.db, SYSTEM, actor.username, False)
    with pytest.raises(AccountInactive):
        require(w.db, actor, Action.VIEW)
    accounts.set_active(w.db, SYSTEM, actor.username, True)
    assert require(w.db, actor, Action.VERIFY).role is Role.EVALUATOR


def test_actors_without_an_account_keep_their_role_and_scope(matrix_world: World):
    """SYSTEM and actors made in process have no account to read: checked as they are."""
    w = matrix_world
    assert require(w.db, SYSTEM, Action.BACKUP) is SYSTEM
    local = Actor(id=None, username="skrip", role=Role.COORDINATOR,
                  scope=frozenset({w.inside}))
    assert require(w.db, local, Action.FILE_APPEAL, bodies=[w.inside]) is local
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        require(w.db, local, Action.FILE_APPEAL, bodies=[w.outside])
    with pytest.raises(PermissionDenied, match="tidak berwenang"):
        require(w.db, local, Action.VERIFY)

