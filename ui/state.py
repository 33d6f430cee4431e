"""What the Streamlit pages share: the database, the logged-in actor, the chosen cycle.

The :data:`~monev.workspace.Workspace` (engine and pool, thread-safe) is one per process
(``st.cache_resource``); sessions are opened per call by the services.

Who is logged in is a session of :mod:`monev.sessions`: its signed token lives in the
browser's cookie (:mod:`ui.session_cookie`) and in ``st.session_state``. On every run the
router calls :func:`resume`, which reads the session and the account (role, active flag,
scope) from the database, so a reload keeps the user logged in on their page, and a
disabled account, an ended session or a changed role takes effect at the next click, with
the reason shown on the login page. ``st.session_state`` never holds ORM objects. Every page
calls :func:`require_role`: reached by URL without a login it shows the login form, with
another role a refusal; the services check permissions again on every call. The router
runs every page through :func:`run_guarded`: an unexpected exception is logged and shown
as a message with a reference, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from auth.settings import SessionPolicy, trusted_proxy
from monev import sessions
from monev.errors import AccountInactive, ServiceError
from monev.permissions import Actor, Role
from monev.workspace import Workspace, configured_url, open_workspace
from ui import session_cookie
from ui.format import WIB, plain
from ui.text import t

log = logging.getLogger("monev.ui")

ACTOR_KEY = "actor"
CYCLE_KEY = "cycle_id"
_CYCLE_PENDING = "_cycle_pending"  # a cycle chosen by an action, for the picker's next run
SESSION_KEY = "session_cookie"  # the signed session token (also in the browser's cookie)
_COOKIE_READ = "_session_cookie_read"  # the cookie sent with the page was tried already
_COOKIE_ACTION = "_session_cookie_action"  # "write" | "clear": what to tell the browser
_ENDED = "_session_ended"  # why the last session ended (shown once on the login form)


@st.cache_resource(show_spinner=False)
def _workspace(url: str) -> Workspace:
    return open_workspace(url)


def database() -> Workspace:
    """The app's database (``MONEV_DATABASE_URL`` / ``DATABASE_URL`` or data/monev.db),
    opened and migrated once per process."""
    return _workspace(configured_url())


def actor() -> Actor | None:
    """The logged-in actor of this run (as :func:`resume` read it), or None."""
    return st.session_state.get(ACTOR_KEY)


def session_token() -> str:
    """This browser's signed session token ("" when not logged in)."""
    return st.session_state.get(SESSION_KEY) or ""


def client() -> sessions.Client:
    """Where this browser connects from: its address (the first of ``X-Forwarded-For``
    behind a trusted reverse proxy; empty on localhost) and its user agent."""
    try:
        address = _text(st.context.ip_address)
        headers = st.context.headers
        if trusted_proxy():
            address = _text(headers.get("X-Forwarded-For")).split(",")[0].strip() or address
        return sessions.Client(address=address, user_agent=_text(headers.get("User-Agent")))
    except Exception:  # no browser connection (AppTest, a bare script run)
        return sessions.Client()


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""  # AppTest's context holds stand-ins


def resume() -> Actor | None:
    """Who is logged in, read now from the database (called by the router on every run).

    The session token is the one this browser session logged in with, else the cookie the
    browser sent when the page was opened (a reload, a bookmark). An ended session
    (logged out, expired, account disabled, password changed) logs the browser out; why
    is kept for :func:`session_ended_message`.
    """
    cookie = st.session_state.get(SESSION_KEY)
    if cookie is None and not st.session_state.get(_COOKIE_READ):
        st.session_state[_COOKIE_READ] = True
        cookie = session_cookie.read()
    if not cookie:
        st.session_state.pop(ACTOR_KEY, None)
        return None
    try:
        who = sessions.resume(database(), cookie, client())
    except sessions.SessionEnded as ended:
        _forget(ended.message)
        return None
    st.session_state[SESSION_KEY] = cookie
    st.session_state[ACTOR_KEY] = who
    return who


def log_in(username: str, password: str) -> None:
    """Log in (raises :class:`monev.sessions.LoginRefused`); the cookie is written with the
    next render (:func:`sync_cookie`)."""
    done = sessions.log_in(database(), username, password, client())
    _clear_session_state()
    st.session_state[SESSION_KEY] = done.cookie
    st.session_state[ACTOR_KEY] = done.actor
    st.session_state[_COOKIE_READ] = True
    st.session_state[_COOKIE_ACTION] = "write"


def log_out() -> None:
    """End this browser's session (in the database and in the cookie)."""
    cookie = st.session_state.get(SESSION_KEY) or session_cookie.read()
    if cookie:
        sessions.log_out(database(), cookie, client())
    _forget("")


def _forget(message: str) -> None:
    _clear_session_state()
    st.session_state[_COOKIE_READ] = True
    st.session_state[_COOKIE_ACTION] = "clear"
    if message:
        st.session_state[_ENDED] = message


def _clear_session_state() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def session_ended_message() -> str:
    """Why the last session ended ("" when nothing worth saying); said once."""
    return st.session_state.pop(_ENDED, "")


def sync_cookie(*, in_sidebar: bool = True) -> None:
    """Write or remove the browser's cookie when a login or logout asked for it; while
    logged in the cookie is rendered on every run (in the sidebar, where it takes no
    room), so a reload finds it."""
    action = st.session_state.get(_COOKIE_ACTION)
    cookie = st.session_state.get(SESSION_KEY)
    key = "monev_session_cookie" if in_sidebar else "monev_session_cookie_login"
    with st.sidebar if in_sidebar else st.container():
        if cookie and action != "clear":
            session_cookie.write(cookie, int(SessionPolicy.from_env().max_age.total_seconds()),
                                 key=key)
            st.session_state.pop(_COOKIE_ACTION, None)
        elif action == "clear":
            session_cookie.clear(key=key)


def require_role(*roles: Role) -> Actor:
    """The logged-in actor if their role may see this page; otherwise stop the page: with
    a refusal naming the roles when the role may not see it, silently when nobody is
    logged in (the router, ``app.py``, shows the login form in the page's place and runs
    no page then)."""
    who = actor()
    if who is None:
        st.stop()
    if roles and who.role not in roles:
        st.error(t("auth.page_not_allowed", role=who.role.label, name=who.name),
                 icon=":material/block:")
        st.caption(t("auth.page_for", roles=", ".join(r.label for r in roles)))
        st.stop()
    return who


def show_error(error: ServiceError) -> None:
    """A refused request as a message the user can act on (never a traceback); shown
    literally, since it may quote names or texts from outside. When the account was
    disabled meanwhile (:class:`~monev.errors.AccountInactive`) the browser is logged out
    and the login form says why."""
    if isinstance(error, AccountInactive):
        cookie = st.session_state.get(SESSION_KEY)
        if cookie:
            sessions.log_out(database(), cookie, client())
        _forget(error.message)
        st.rerun()
    st.error(plain(error.message, lines=True))


def choose_cycle(cycle_id: int) -> None:
    """Make `cycle_id` the chosen cycle from the next run on, the picker included (an
    action such as creating a cycle calls this, then reruns)."""
    st.session_state[CYCLE_KEY] = cycle_id
    st.session_state[_CYCLE_PENDING] = cycle_id


def chosen_cycle(options: Iterable[tuple[int, str]], *,
                 default: Callable[[], int | None] | None = None,
                 on_change: Callable[[int], None] | None = None,
                 key: str = CYCLE_KEY) -> int | None:
    """A cycle picker shared by pages; the chosen id (None, with a message, when there are
    no `options` (id, label)).

    It shows, in this order: a cycle an action chose (:func:`choose_cycle`), the one picked
    in it before, the one chosen on another page of this session, else `default()`
    (called only then: where the user's pages open), else the first. The value is put into
    the widget's state before the widget is drawn, so what the picker shows is always what
    the page below uses. `on_change(id)` runs when the user picks another cycle.
    """
    choices = dict(options)
    if not choices:
        st.info(t("cycle.none"))
        return None
    widget = f"{key}_select"
    current = st.session_state.pop(_CYCLE_PENDING, None) if key == CYCLE_KEY else None
    if current not in choices:
        current = st.session_state.get(widget)
    if current not in choices:
        current = st.session_state.get(key)
    if current not in choices and default is not None:
        current = default()
    if current not in choices:
        current = next(iter(choices))
    # Always set: each page's picker is a widget of its own (Streamlit ids widgets by page),
    # so on another page the key still reads the last page's value while the new widget
    # would start on its first option.
    st.session_state[widget] = current
    picked = st.selectbox(t("cycle.pick"), list(choices), format_func=choices.__getitem__,
                          key=widget, on_change=_cycle_changed, args=(widget, on_change))
    st.session_state[key] = picked
    return picked


def _cycle_changed(widget: str, on_change: Callable[[int], None] | None) -> None:
    if on_change is not None:
        on_change(st.session_state[widget])


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
    except AccountInactive as error:  # a page that did not catch it: log out, say why
        show_error(error)
    except Exception as error:
        reference = error_reference(error)
        log.exception("Unexpected error on a page (reference %s)", reference)
        st.error(t("app.unexpected_error", reference=reference), icon=":material/error:")
