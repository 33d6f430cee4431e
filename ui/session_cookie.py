"""The session cookie in the browser: written and removed by a tiny component.

Streamlit reads cookies (``st.context.cookies``, from the request that opened the page's
connection) but cannot set them, so setting and removing the cookie goes through
Streamlit's own component API (``st.components.v2``: no iframe, no third-party package);
the script only assigns ``document.cookie``. The cookie holds the signed session token of
:mod:`monev.sessions` — never in the URL — with ``SameSite=Strict``, ``Path=/`` and
``Secure`` when the page is served over HTTPS (or ``MONEV_COOKIE_SECURE=1``). Because the
token must reach the server with the page's connection, it cannot be ``HttpOnly``; what
protects it is that no text from outside is ever rendered as HTML (see :mod:`ui.format`).
"""

from __future__ import annotations

import streamlit as st

from auth.settings import cookie_secure
from auth.tokens import COOKIE_NAME

_JS = """
export default function (component) {
    const { data } = component;
    if (!data || !data.name) { return; }
    const secure = data.secure === null ? window.location.protocol === "https:" : data.secure;
    const parts = [data.name + "=" + (data.value || ""), "Path=/", "SameSite=Strict",
                   "Max-Age=" + String(data.value ? data.maxAge : 0)];
    if (secure) { parts.push("Secure"); }
    document.cookie = parts.join("; ");
}
"""

_component = st.components.v2.component("monev_session_cookie", js=_JS)


def read() -> str | None:
    """The session cookie the browser sent when this page was opened (None if none)."""
    try:
        return st.context.cookies.get(COOKIE_NAME) or None
    except Exception:  # no browser connection (a bare script run)
        return None


def write(value: str, max_age_seconds: int, *, key: str = "monev_session_cookie") -> None:
    """Set the cookie in the browser (rendered with the page; invisible). `key`: another
    one when the cookie is rendered twice in one run (at login, before the page)."""
    _component(data={"name": COOKIE_NAME, "value": value, "maxAge": int(max_age_seconds),
                     "secure": cookie_secure()}, key=key, height=0)


def clear(*, key: str = "monev_session_cookie") -> None:
    """Remove the cookie from the browser."""
    _component(data={"name": COOKIE_NAME, "value": "", "maxAge": 0,
                     "secure": cookie_secure()}, key=key, height=0)
