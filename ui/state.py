"""What the Streamlit pages share: the database, the logged-in actor, the chosen cycle.

The :class:`~storage.db.Database` (engine and pool, thread-safe) is one per process
(``st.cache_resource``); sessions are opened per call by the services. ``st.session_state``
keeps only the logged-in :class:`~monev.permissions.Actor` and UI choices — never ORM
objects. Every page calls :func:`require_role` so a page reached by URL without the role
shows a refusal, and the services check permissions again on every call. The router runs
every page through :func:`run_guarded`: an unexpected exception is logged and shown as a
message with a reference, never as a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from datetime import datetime

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from monev.errors import ServiceError
from monev.permissions import Actor, Role
from storage.db import Database
from ui.format import WIB
from ui.text import t

log = logging.getLogger("monev.ui")

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


def error_reference(error: BaseException) -> str:
    """What a user quotes to the admin, also in the log: ``ValueError 2025-11-29 14:03:07 WIB``."""
    moment = datetime.now(WIB)
    return f"{type(error).__name__} {moment:%Y-%m-%d %H:%M:%S} WIB"


def run_guarded(page: Callable[[], object]) -> None:
    """Run `page`; an unexpected exception is logged (with its traceback) and shown as an
    Indonesian message with a reference instead of a traceback.

    Streamlit's own control flow passes through untouched: ``st.rerun``, ``st.stop`` and
    ``st.switch_page`` raise :class:`ScriptControlException` subclasses, and a fragment's
    error that Streamlit already handled raises :class:`FragmentHandledException`.
    Widget callbacks run before the page script, outside this guard.
    """
    try:
        page()
    except (ScriptControlException, FragmentHandledException):
        raise
    except Exception as error:
        reference = error_reference(error)
        log.exception("Unexpected error on a page (reference %s)", reference)
        st.error(t("app.unexpected_error", reference=reference), icon=":material/error:")
