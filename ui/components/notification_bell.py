"""The bell in the sidebar: the logged-in account's unread notifications, a link to the
notifications page; it also makes sure the outbox's background worker runs in this app
process (:func:`notifications.sender.start_worker`)."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from monev.errors import ServiceError
from monev.permissions import Actor, Role
from notifications.inbox import unread_count
from notifications.sender import start_worker
from ui import state
from ui.text import t

log = logging.getLogger(__name__)

MESSAGES_PAGE = "ui/pages/messages.py"
MESSAGE_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.BODY)  # who opens the Pesan page

def bell(who: Actor, page: Any) -> None:
    """The bell with `who`'s unread count, a link to `page` (the notifications page, as
    registered with ``st.navigation``; called after it); under it, when messages wait
    unread, a link to the Pesan page with their count."""
    db = state.database()
    try:
        start_worker(db)
    except Exception:  # the app works without it; the CLI can send the outbox
        log.warning("outbox worker could not start", exc_info=True)
    try:
        count = unread_count(db, who)
    except ServiceError:
        return
    st.page_link(page, label=t("bell.unread", count=count) if count else t("bell.label"),
                 icon=":material/notifications_active:" if count
                 else ":material/notifications:")
    # Messages not read yet in their thread (reading the thread reads their notices).
    messages = unread_count(db, who, event="message") if count else 0
    if messages and who.role in MESSAGE_ROLES:
        st.page_link(MESSAGES_PAGE, label=t("bell.messages_unread", count=messages),
                     icon=":material/mark_chat_unread:")
