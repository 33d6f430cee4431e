"""Pesan: the message thread of a badan publik in a cycle between the KI (koordinator PPID,
admin) and the body's PPID, with attachments and unread markers (notifications.messages)."""

from __future__ import annotations

import zlib

import streamlit as st

from evidence.inspect import UPLOAD_SUFFIXES
from monev.cycles import cycle_methodology
from monev.permissions import Role
from notifications import messages
from ui import state
from ui.components import cycle as cyc
from ui.format import day, file_size
from ui.text import t

# The two sides of a thread: the badan publik's PPID, and the KI (koordinator PPID, admin).
BODY_AVATAR = ":material/account_balance:"
KI_AVATAR = ":material/support_agent:"
# Streamlit's own line under the attachment box states the server's limit (200 MB, for the
# questionnaire ZIPs); the label states the cycle's. The box gets no browser cap (a file
# over it would be dropped there and the text sent without it: messages.post refuses the
# message naming the file), so its own line is hidden and the label's limit is the one shown.
_ONE_LIMIT = ('<style>[class*="st-key-msg_files_"] '
              '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}</style>')

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
# The thread is read first (marking it read), then the selector is drawn above it with the
# counts as they are now (they lagged one run behind: "2 pesan" over three messages). The
# chosen thread is kept under `pick_key`; the browser sends and shows the chosen option by
# its label, so a widget whose labels changed (a message sent or read) would keep showing
# the old counts ("0 pesan" over the message just sent): the widget is keyed by its labels
# and drawn anew, on the kept thread, whenever they change.
pick_key = f"msg_thread_{info.id}"
ids = [th.body_id for th in threads]
body_id = st.session_state.get(pick_key)
if body_id not in ids:
    body_id = ids[0]
picker = st.container()
ok, rows = cyc.call(messages.thread, db, who, info.id, body_id)
if not ok:
    st.stop()
# Reading marked the new messages (and their notices) read; the sidebar, drawn before
# this page, still counts them: one more run redraws it, the new ones still marked.
new_key = f"msg_new_{info.id}_{body_id}"
if any(row.unread for row in rows):
    st.session_state[new_key] = [row.id for row in rows if row.unread]
    st.rerun()
new_ids = set(st.session_state.pop(new_key, ()))
ok, fresh = cyc.call(messages.threads, db, who, info.id)
threads = fresh if ok and fresh else threads
labels = {th.body_id: t("msg.thread_option", name=th.body_name, count=th.messages,
                        unread=th.unread) for th in threads}
widget_key = f"msg_pick_{info.id}_{zlib.crc32(repr(labels).encode()):08x}"
with picker:
    st.selectbox(t("msg.thread"), list(labels), index=list(labels).index(body_id)
                 if body_id in labels else 0, format_func=labels.__getitem__, key=widget_key,
                 on_change=lambda: st.session_state.update({pick_key: st.session_state[
                     widget_key]}))
name = next(th.body_name for th in threads if th.body_id == body_id)
if not rows:
    st.info(t("msg.empty", name=name))
for row in rows:
    with st.chat_message(row.author_role, avatar=BODY_AVATAR if row.from_body else KI_AVATAR):
        head = t("msg.from", author=row.author, role=row.author_role, at=day(row.created_at))
        st.markdown(head + (f" · **{t('msg.unread')}**" if row.unread or row.id in new_ids
                            else ""))
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
st.subheader(t("msg.write"))
st.html(_ONE_LIMIT)
# The form keeps what was typed and attached until the message is stored: a refused
# message (a file too large, a broken PDF …) is fixed and sent again, not retyped. A sent
# one empties the form by giving its fields new keys. The uploader has no size cap of its
# own: the browser would drop a file over the cycle's limit with only its own note and the
# text would go without it; here every file reaches messages.post, which refuses the
# whole message naming the file and the limit (E602).
draft = st.session_state.get(f"msg_draft_{info.id}_{body_id}", 0)
with st.form(f"msg_form_{info.id}_{body_id}", clear_on_submit=False):
    text = st.text_area(t("msg.text"), key=f"msg_text_{body_id}_{draft}")
    files = st.file_uploader(t("msg.files", limit=limit), type=list(UPLOAD_SUFFIXES),
                             accept_multiple_files=True, key=f"msg_files_{body_id}_{draft}")
    send = st.form_submit_button(t("msg.send"), type="primary")
if send:
    attached = [(f.name, f.getvalue()) for f in files or []]
    ok, _ = cyc.call(messages.post, db, who, info.id, body_id, text, files=attached)
    if ok:
        st.session_state[f"msg_draft_{info.id}_{body_id}"] = draft + 1
        cyc.flash("messages", "success",
                  t("msg.sent_files", count=len(attached),
                    names=", ".join(name for name, _ in attached))
                  if attached else t("msg.sent"))
        st.rerun()
    else:
        st.warning(t("msg.not_sent"))
