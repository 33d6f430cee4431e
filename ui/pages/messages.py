"""Pesan: the message thread of a badan publik in a cycle between the KI (koordinator PPID,
admin) and the body's PPID, with attachments and unread markers (notifications.messages)."""

from __future__ import annotations

import math

import streamlit as st

from evidence.inspect import UPLOAD_SUFFIXES
from monev.cycles import cycle_methodology
from monev.permissions import Role
from notifications import messages
from ui import state
from ui.components import cycle as cyc
from ui.format import day, file_size
from ui.text import t

who = state.require_role(Role.COORDINATOR, Role.ADMIN, Role.BODY)
db = state.database()
st.title(t("msg.title"))
st.caption(t("msg.intro"))
info = cyc.pick_cycle(db, who)
if info is None:
    st.stop()
cyc.show_flash("messages")
ok, threads = cyc.call(messages.threads, db, who, info.id)
if not ok:
    st.stop()
if not threads:
    st.info(t("msg.no_threads"))
    st.stop()
labels = {th.body_id: t("msg.thread_option", name=th.body_name, count=th.messages,
                        unread=th.unread) for th in threads}
body_id = st.selectbox(t("msg.thread"), list(labels), format_func=labels.__getitem__,
                       key=f"msg_thread_{info.id}")
name = next(th.body_name for th in threads if th.body_id == body_id)
ok, rows = cyc.call(messages.thread, db, who, info.id, body_id)
if not ok:
    st.stop()
if not rows:
    st.info(t("msg.empty", name=name))
for row in rows:
    with st.chat_message("user" if row.from_body else "assistant"):
        head = t("msg.from", author=row.author, role=row.author_role, at=day(row.created_at))
        st.markdown(head + (f" · **{t('msg.unread')}**" if row.unread else ""))
        st.text(row.body)
        for attachment in row.attachments:
            st.download_button(
                t("msg.attachment", name=attachment.file_name,
                  size=file_size(attachment.size_bytes)),
                data=lambda a=attachment.id: messages.attachment(db, who, a)[2],
                file_name=attachment.file_name, mime=attachment.media_type,
                on_click="ignore", key=f"msg_file_{attachment.id}")

ok, methodology = cyc.call(cycle_methodology, db, who, info.id)
limit = file_size(methodology.evidence_max_bytes) if ok else ""
# The uploader states the cycle's evidence limit (not the server's 200 MB for workbooks).
upload_mb = max(1, math.ceil(methodology.evidence_max_bytes / 2**20)) if ok else None
st.subheader(t("msg.write"))
with st.form(f"msg_form_{info.id}_{body_id}", clear_on_submit=True):
    text = st.text_area(t("msg.text"), key=f"msg_text_{body_id}")
    files = st.file_uploader(t("msg.files", limit=limit), type=list(UPLOAD_SUFFIXES),
                             accept_multiple_files=True, key=f"msg_files_{body_id}",
                             max_upload_size=upload_mb)
    send = st.form_submit_button(t("msg.send"), type="primary")
if send:
    ok, _ = cyc.call(messages.post, db, who, info.id, body_id, text,
                     files=[(f.name, f.getvalue()) for f in files or []])
    if ok:
        cyc.flash("messages", "success", t("msg.sent"))
        st.rerun()
