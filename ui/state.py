"""What the Streamlit pages share: the database, the logged-in actor, the chosen cycle.

The :class:`~storage.db.Database` (engine and pool, thread-safe) is one per process
(``st.cache_resource``); sessions are opened per call by the services. ``st.session_state``
keeps only the logged-in :class:`~monev.permissions.Actor` and UI choices — never ORM
objects. Every page calls :func:`require_role` so a page reached by URL without the role
shows a refusal, and the services check permissions again on every call.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import streamlit as st

from monev.errors import ServiceError
from monev.permissions import Actor, Role
from storage.db import Database
from ui.text import t

ACTOR_KEY = "actor"
CYCLE_KEY = "cycle_id"


@st.cache_resource(show_spinner=False)
def _database(url: str | None) -> Database:
    return Database(url)


def database() -> Database:
    """The app's database (``MONEV_DATABASE_URL`` / ``DATABASE_URL`` or data/monev.db)."""
    return _database(os.environ.get("MONEV_DATABASE_URL") or None)


def actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def log_in(who: Actor) -> None:
    st.session_state[ACTOR_KEY] = who


def log_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def require_role(*roles: Role) -> Actor:
    """The logged-in actor if their role may see this page; otherwise stop the page."""
    who = actor()
    if who is None:
        st.warning(t("auth.login_required"))
        st.stop()
    if roles and who.role not in roles:
        st.error(t("auth.page_not_allowed", role=who.role.label))
        st.stop()
    return who


def show_error(error: ServiceError) -> None:
    """A refused request as a message the user can act on (never a traceback)."""
    st.error(error.message)


def chosen_cycle(options: Iterable[tuple[int, str]], *, key: str = CYCLE_KEY) -> int | None:
    """A cycle picker shared by pages (remembers the choice in the session)."""
    choices = dict(options)
    if not choices:
        st.info(t("cycle.none"))
        return None
    ids = list(choices)
    current = st.session_state.get(key)
    index = ids.index(current) if current in choices else 0
    picked = st.selectbox(t("cycle.pick"), ids, index=index, format_func=choices.__getitem__,
                          key=f"{key}_select")
    st.session_state[key] = picked
    return picked
