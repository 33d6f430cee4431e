"""Notifikasi & E-mail (admin): the e-mail configuration (and whether bounces are read),
the outbox with each e-mail's state and the server's answer (resend; a bounce read from the
mailbox shows "Gagal (dipantulkan)" with the receiving server's answer), the notification
texts (Jinja2, previewed before saving, with history) and invitations (a new account's
first password by e-mail)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from monev.errors import ServiceError
from monev.permissions import Role
from notifications import outbox, passwords, sender, templates
from ui import state
from ui.components import cycle as cyc
from ui.format import Markdown, day, plain
from ui.text import t, t_literal

who = state.require_role(Role.ADMIN)
db = state.database()
st.title(t("nadmin.title"))
cyc.show_flash("nadmin")
tab_outbox, tab_templates, tab_invite = st.tabs(
    [t("nadmin.tab.outbox"), t("nadmin.tab.templates"), t("nadmin.tab.invite")])

with tab_outbox:
    status = outbox.mail_status()
    if status.configured:
        st.success(t("nadmin.status.ok", server=status.server, sender=status.sender,
                     url=status.public_url), icon=":material/mail:")
    else:
        st.warning(t("nadmin.status.off", problem=status.problem), icon=":material/mail_lock:")
    if status.bounces_configured:
        st.caption(t("nadmin.bounces.on", server=status.bounces_server))
    elif status.bounces_problem == outbox.NOT_CONFIGURED:
        st.caption(t("nadmin.bounces.off", problem=status.bounces_problem))
    else:  # set but unreadable
        st.warning(t("nadmin.bounces.off", problem=status.bounces_problem),
                   icon=":material/mark_email_unread:")
    ok, counts = cyc.call(outbox.counts, db, who)
    if ok:
        st.caption(t("nadmin.counts", **counts))
    if status.configured and st.button(t("nadmin.send_now"), key="nadmin_send"):
        # What was sent and what waits, read from the outbox (as ``outbox send`` says it).
        ok, done = cyc.call(outbox.send_now, db, who)
        if ok:
            if done.reminders:
                cyc.flash("nadmin", "info", t("nadmin.send_reminders", count=done.reminders))
            if done.unreached:
                cyc.flash("nadmin", "warning", done.unreached)
            if summary := done.sentence(t_literal("nadmin.send_again")):
                cyc.flash("nadmin", "warning" if done.failed or done.problem else "info",
                          summary)
            if done.problem:
                cyc.flash("nadmin", "error", done.problem)
            for line in done.details:  # each refused e-mail with the server's answer
                cyc.flash("nadmin", "warning", line)
            st.rerun()
    if status.bounces_configured and st.button(t("nadmin.bounces.read_now"),
                                               key="nadmin_bounces"):
        ok, read = cyc.call(outbox.read_bounces_now, db, who)
        if ok and read.problem:
            cyc.flash("nadmin", "error", read.problem)
        elif ok:
            cyc.flash("nadmin", "info", t("nadmin.bounces.report", read=read.read,
                                          matched=read.matched, already=read.already,
                                          unmatched=read.unmatched))
            for line in read.details:
                cyc.flash("nadmin", "warning", line)
        st.rerun()
    states = {"": t("nadmin.all"), **outbox.STATES}
    chosen = st.selectbox(t("nadmin.state_filter"), list(states), format_func=states.get,
                          key="nadmin_state")
    ok, items = cyc.call(outbox.list_outbox, db, who, state=chosen or None)
    if ok and not items:
        st.info(t("nadmin.none"))
    elif ok:
        # State and the server's answer first: at 1400 x 900 they were past the right edge;
        # a long answer (a Gmail bounce) is cut in the table and whole in Rincian e-mail.
        def retry(i: outbox.OutboxItem) -> str:
            return day(i.next_attempt_at) if i.attempts and i.next_attempt_at else "-"

        st.dataframe(pd.DataFrame([{
            t_literal("nadmin.col.id"): i.id, t_literal("nadmin.col.state"): i.state_label,
            t_literal("nadmin.col.to"): i.to, t_literal("nadmin.col.reply"): i.server_reply,
            t_literal("nadmin.col.attempts"): i.attempts,
            t_literal("nadmin.col.retry"): retry(i),
            t_literal("nadmin.col.subject"): i.subject,
            t_literal("nadmin.col.event"): i.event_label,
            t_literal("nadmin.col.created"): day(i.created_at)} for i in items]),
            hide_index=True, width="stretch", column_config={
                t_literal("nadmin.col.reply"): st.column_config.TextColumn(
                    width="large", help=t_literal("nadmin.col.reply_help")),
                t_literal("nadmin.col.retry"): st.column_config.TextColumn(
                    help=t_literal("nadmin.col.retry_help"))})
        # One e-mail in full: the server's whole answer, wrapped; failed ones first.
        by_id = {i.id: i for i in items}
        order = sorted(items, key=lambda i: (i.state != "failed", -i.id))
        shown = st.selectbox(t("nadmin.detail.pick"), [i.id for i in order],
                             format_func=lambda n: f"#{n} {by_id[n].to} — {by_id[n].subject}",
                             key="nadmin_detail_pick")
        item = by_id[shown]
        st.markdown(t("nadmin.detail.meta", to=item.to, event=item.event_label,
                      state=item.state_label, attempts=item.attempts))
        times = [t("nadmin.detail.created", at=day(item.created_at))]  # only what happened
        if item.attempts and item.next_attempt_at is not None:
            times.append(t("nadmin.detail.retry", at=retry(item)))
        if item.sent_at is not None:
            times.append(t("nadmin.detail.sent", at=day(item.sent_at)))
        st.caption(Markdown(" · ".join(times)))
        st.markdown(f"**{t('nadmin.detail.reply')}:** " + (
            plain(item.server_reply) if item.server_reply else t("nadmin.detail.no_reply")))
        # Password e-mails cannot be sent again (their link is hidden); failed ones first.
        done = [i for i in order if i.state != "waiting"
                and i.event not in sender.SECRET_EVENTS]
        if done:
            pick = st.selectbox(t("nadmin.resend.pick"), [i.id for i in done],
                                format_func=lambda n: f"#{n} {by_id[n].to} — {by_id[n].subject}",
                                key="nadmin_resend_pick")
            if st.button(t("nadmin.resend"), key="nadmin_resend"):
                ok, resent = cyc.call(outbox.resend, db, who, pick)
                if ok:  # said here, next to the button (at the top it was out of view)
                    cyc.flash("nadmin_resend", "success", t(
                        "nadmin.resent_new" if resent.readdressed else "nadmin.resent",
                        id=pick, copy=resent.copy, to=resent.to, previous=resent.previous,
                        how=t("nadmin.resent.how" if status.configured
                              else "nadmin.resent.how_off")))
                    st.rerun()
            cyc.show_flash("nadmin_resend")

with tab_templates:
    ok, current = cyc.call(templates.list_templates, db, who)
    if ok:
        by_event = {c.event: c for c in current}
        event = st.selectbox(t("nadmin.tpl.pick"), list(by_event),
                             format_func=lambda e: by_event[e].label, key="nadmin_tpl_event")
        info = by_event[event]
        if info.is_default:
            st.caption(t("nadmin.tpl.default"))
        else:
            st.caption(t("nadmin.tpl.current", seq=info.seq, who=info.saved_by,
                         at=day(info.saved_at)))
        st.caption(t("nadmin.tpl.vars", names=", ".join(info.variables)))
        st.caption(plain("; ".join(f"{k}: {v}" for k, v in info.variables.items())))
        subject = st.text_input(t("nadmin.tpl.subject"), value=info.subject,
                                key=f"nadmin_tpl_subject_{event}_{info.seq}")
        body = st.text_area(t("nadmin.tpl.body"), value=info.body, height=320,
                            key=f"nadmin_tpl_body_{event}_{info.seq}")
        reason = st.text_input(t("nadmin.tpl.reason"), key=f"nadmin_tpl_reason_{event}")
        left, middle, right = st.columns(3)
        if left.button(t("nadmin.tpl.preview"), key="nadmin_tpl_preview"):
            ok, shown = cyc.call(templates.preview, db, who, event, subject, body)
            if ok:
                st.markdown(f"**{t('nadmin.tpl.preview_heading')}**")
                st.text(shown.subject)
                st.text(shown.body)
        if middle.button(t("nadmin.tpl.save"), type="primary", key="nadmin_tpl_save"):
            ok, saved = cyc.call(templates.save_template, db, who, event, subject, body,
                                 expected_seq=info.seq, reason=reason)
            if ok:
                cyc.flash("nadmin", "success", t("nadmin.tpl.saved", label=saved.label,
                                                 seq=saved.seq))
                st.rerun()
        if not info.is_default and right.button(t("nadmin.tpl.reset"), key="nadmin_tpl_reset"):
            default = templates.default_text(event)
            ok, saved = cyc.call(templates.save_template, db, who, event, default.subject,
                                 default.body, expected_seq=info.seq,
                                 reason=reason or t("nadmin.tpl.reset"))
            if ok:
                cyc.flash("nadmin", "success", t("nadmin.tpl.saved", label=saved.label,
                                                 seq=saved.seq))
                st.rerun()
        ok, versions = cyc.call(templates.history, db, who, event)
        if ok and versions:
            with st.expander(t("nadmin.tpl.history", count=len(versions))):
                for version in versions:
                    st.caption(t("nadmin.tpl.current", seq=version.seq, who=version.saved_by,
                                 at=day(version.saved_at)) + (
                        f" — {plain(version.reason)}" if version.reason else ""))
                    st.text(f"{version.subject}\n\n{version.body}")

with tab_invite:
    st.caption(t("nadmin.invite.help"))
    with st.form("nadmin_invite"):
        username = st.text_input(t("nadmin.invite.user"), key="nadmin_invite_user")
        address = st.text_input(t("nadmin.invite.email"), key="nadmin_invite_email")
        invite = st.form_submit_button(t("nadmin.invite.send"), type="primary")
    if invite:
        try:
            sent_to = passwords.invite(db, who, username.strip(), address)
        except ServiceError as error:
            state.show_error(error)
        else:
            st.success(t("nadmin.invite.sent", address=sent_to))
