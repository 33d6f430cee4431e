"""Notifikasi: the logged-in account's notifications (newest first), marking them read, and
the account's own e-mail address."""

from __future__ import annotations

import streamlit as st

from monev.errors import ServiceError
from notifications import inbox
from ui import state
from ui.components import cycle as cyc
from ui.format import day, plain
from ui.text import t

who = state.require_role()
db = state.database()
st.title(t("notif.title"))
cyc.show_flash("notifications")

unread_only = st.toggle(t("notif.unread_only"), key="notif_unread_only")
ok, items = cyc.call(inbox.list_notifications, db, who, unread_only=unread_only)
if ok:
    if any(not i.read for i in items) and st.button(t("notif.mark_all"), key="notif_all"):
        ok, count = cyc.call(inbox.mark_read, db, who)
        if ok:
            cyc.flash("notifications", "success", t("notif.marked", count=count))
            st.rerun()
    if not items:
        st.info(t("notif.none"))
    for item in items:
        # A Material icon, not an emoji (a browser without an emoji font drew a box).
        badge = f"{t('notif.new')} · " if not item.read else ""
        with st.expander(f"{badge}{plain(item.subject)} — {day(item.created_at)}",
                         expanded=not item.read,
                         icon=":material/mark_email_unread:" if not item.read
                         else ":material/drafts:"):
            st.caption(plain(item.event_label))
            st.text(item.body)
            columns = st.columns(2)
            if item.link:
                columns[0].link_button(t("notif.open"), item.link)
            if not item.read and columns[1].button(t("notif.mark_one"),
                                                   key=f"notif_read_{item.id}"):
                ok, _ = cyc.call(inbox.mark_read, db, who, [item.id])
                if ok:
                    st.rerun()

st.subheader(t("notif.email.heading"))
st.caption(t("notif.email.help"))
ok, current = cyc.call(inbox.own_email, db, who)
with st.form("own_email"):
    address = st.text_input(t("notif.email.field"), value=current or "", key="own_email")
    saved = st.form_submit_button(t("notif.email.save"))
if saved:
    try:
        inbox.set_own_email(db, who, address)
    except ServiceError as error:
        state.show_error(error)
    else:
        st.success(t("notif.email.saved"))
