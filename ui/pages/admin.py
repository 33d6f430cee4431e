"""Admin: users, monev cycles (stages, deadlines, locks, publication), badan publik, the
viewer of a cycle's frozen methodology, the methodology library (upload, preview, compare,
save, create a cycle: :mod:`ui.components.methodology_library`) and what-if
(:mod:`ui.components.whatif`).

Thin: every action is one service call (which checks the permission again); a refusal is
shown with its message next to the button, a success after the page has re-read the data.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from monev import accounts, bodies, cycles, methodologies, sessions
from monev.accounts import UserInfo
from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.errors import ServiceError
from monev.outcomes import publication
from monev.permissions import Role
from notifications import passwords
from questionnaires import answer_types
from questionnaires.model import Methodology, Question
from ui import format as fmt
from ui import state
from ui.components import bodies as body_view
from ui.components import methodology_library
from ui.components import whatif as whatif_view
from ui.components.cycle import choose_cycle, cycle_methodology, new_cycle_fields, pick_cycle
from ui.format import plain
from ui.text import t, t_literal

who = state.require_role(Role.ADMIN)
db = state.database()

FLASH = "admin_flash"


def done(text: str) -> None:
    """Remember a success message, re-read everything and show it on the next render."""
    st.session_state.setdefault(FLASH, []).append(text)
    st.rerun()


def show_done() -> None:
    for text in st.session_state.pop(FLASH, []):
        st.success(text)


def attempt(service: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Call a service; on a refusal show its message here and return (False, None)."""
    try:
        return True, service(*args, **kwargs)
    except ServiceError as error:
        state.show_error(error)
        return False, None


def table(rows: list[dict[str, Any]], empty: str,
          widths: dict[str, str] | None = None) -> None:
    """`rows` as a table, or `empty` said; `widths`: a column's width by its heading
    (``"small"``, ``"medium"``, ``"large"``), the others sized by their content."""
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={
            name: st.column_config.TextColumn(width=width)
            for name, width in (widths or {}).items()})
    else:
        st.info(empty)


def percent(value: Any) -> str:
    """``12,5 %`` for cells and options (shown literally)."""
    return t_literal("admin.percent", value=fmt.number(value))


# -- Pengguna ---------------------------------------------------------------------------------


def users_tab(cycle: CycleInfo | None, cycle_bodies: list[BodyInfo]) -> None:
    ok, users = attempt(accounts.list_users, db, who)
    if not ok:
        return
    st.subheader(t("admin.users.heading"))
    table([{t("admin.users.col.username"): u.username,
            t("admin.users.col.name"): u.display_name,
            t("admin.users.col.role"): u.role.label,
            t("admin.users.col.status"): (t("admin.users.active") if u.has_password
                                          else t("admin.users.awaiting")) if u.active
            else t("admin.users.inactive"),
            t("admin.users.col.created"): fmt.day(u.created_at),
            t("admin.users.col.last_login"): fmt.day(u.last_login) if u.last_login else "-",
            t("admin.users.col.email"): u.email or "-",
            t("admin.users.col.scope"): ", ".join(u.scope) or "-"} for u in users],
          t("admin.users.none"))
    demo = [u.username for u in users if u.demo and u.active]
    if demo:
        st.warning(t("admin.users.demo_warning", names=", ".join(demo)),
                   icon=":material/warning:")

    body_names = {b.id: b.name for b in cycle_bodies}
    scope_help = t("admin.users.scope_help", cycle=cycle.title) if cycle \
        else t("admin.users.scope_no_cycle")
    left, right = st.columns(2, gap="large")
    left.subheader(t("admin.users.add.heading"))
    with left, st.form("admin_add_user"):
        username = st.text_input(t("admin.users.username"), key="admin_new_username")
        name = st.text_input(t("admin.users.display_name"), key="admin_new_name")
        role = st.selectbox(t("admin.users.role"), list(Role), format_func=lambda r: r.label,
                            index=None, placeholder=t("admin.users.role_placeholder"),
                            key="admin_new_role")  # no default: a wrong role is a wrong right
        password = st.text_input(t("admin.users.password"), type="password",
                                 help=t("admin.users.password_help"),
                                 key="admin_new_password")
        email = st.text_input(t("admin.users.email"), help=t("admin.users.email_help"),
                              key="admin_new_email")
        scope = st.multiselect(t("admin.users.scope"), list(body_names),
                               format_func=body_names.__getitem__, help=scope_help,
                               key="admin_new_scope")
        if st.form_submit_button(t("admin.users.add.submit"), type="primary"):
            chosen = role.value if role else ""  # none chosen: the service says so
            if password:
                ok, info = attempt(accounts.add_user, db, who, username=username,
                                   password=password, role=chosen, display_name=name,
                                   scope=scope, email=email)
                said = t("admin.users.added", username=info.username,
                         role=info.role.label) if ok else None
            else:  # no password: the owner makes it from the invitation's link
                ok, added = attempt(passwords.add_invited, db, who, username=username,
                                    role=chosen, display_name=name, scope=scope,
                                    email=email)
                said = t("admin.users.invited", username=added[0].username,
                         role=added[0].role.label, address=added[1]) if ok else None
            if ok:
                for key in ("admin_new_username", "admin_new_name", "admin_new_password",
                            "admin_new_email", "admin_new_scope", "admin_new_role"):
                    st.session_state.pop(key, None)
                done(said)
    with right:
        manage_user(users, body_names)


def manage_user(users: list[UserInfo], body_names: dict[int, str]) -> None:
    st.subheader(t("admin.users.manage.heading"))
    if not users:
        return
    by_name = {u.username: u for u in users}
    picked = st.selectbox(t("admin.users.pick"), list(by_name), key="admin_user_pick",
                          format_func=lambda n: f"{n} · {by_name[n].display_name} "
                                                f"({by_name[n].role.label})")
    user = by_name[picked]

    with st.form("admin_reset_password"):
        new_password = st.text_input(t("admin.users.reset.password"), type="password",
                                     help=t("admin.users.password_help"),
                                     key="admin_reset_pw")
        if st.form_submit_button(t("admin.users.reset.submit")):
            ok, _ = attempt(accounts.reset_password, db, who, user.username, new_password)
            if ok:
                st.session_state.pop("admin_reset_pw", None)
                done(t("admin.users.reset.done", username=user.username))

    with st.form("admin_user_email"):
        st.caption(t("admin.users.email.heading"))
        address = st.text_input(t("admin.users.email"), value=user.email,
                                help=t("admin.users.email_help"),
                                key=f"admin_email_{user.username}")
        if st.form_submit_button(t("admin.users.email.save")):
            ok, info = attempt(accounts.set_email, db, who, user.username, address)
            if ok:
                done(t("admin.users.email.saved", username=info.username, email=info.email)
                     if info.email else t("admin.users.email.removed",
                                          username=info.username))

    with st.form("admin_user_status"):
        if user.active:
            st.caption(t("admin.users.disable.caption"))
        reason = st.text_input(t("admin.users.status.reason"), key="admin_status_reason")
        label = t("admin.users.disable") if user.active else t("admin.users.enable")
        if st.form_submit_button(label):
            if user.active and not reason.strip():
                st.error(t("admin.users.disable.reason_required"))
            else:
                ok, _ = attempt(accounts.set_active, db, who, user.username,
                                not user.active, reason.strip())
                if ok:
                    st.session_state.pop("admin_status_reason", None)
                    done(t("admin.users.disabled" if user.active else "admin.users.enabled",
                           username=user.username))

    with st.form("admin_user_role"):
        st.caption(t("admin.users.role.heading"))
        roles = list(Role)
        new_role = st.selectbox(t("admin.users.role.new"), roles, index=roles.index(user.role),
                                format_func=lambda r: r.label,
                                key=f"admin_role_{user.username}")
        role_reason = st.text_input(t("admin.users.role.reason"), key="admin_role_reason")
        if st.form_submit_button(t("admin.users.role.submit")):
            ok, info = attempt(accounts.set_role, db, who, user.username, new_role.value,
                               role_reason.strip())
            if ok:
                st.session_state.pop("admin_role_reason", None)
                done(t("admin.users.role.done", username=info.username, role=info.role.label))

    if user.role is Role.COORDINATOR:
        with st.form("admin_user_scope"):
            names = set(user.scope)
            current = [i for i, n in body_names.items() if n in names]
            scope = st.multiselect(t("admin.users.scope"), list(body_names), default=current,
                                   format_func=body_names.__getitem__,
                                   key=f"admin_scope_{user.username}")
            if st.form_submit_button(t("admin.users.scope.save")):
                ok, info = attempt(accounts.set_scope, db, who, user.username, scope)
                if ok:
                    done(t("admin.users.scope.saved", username=info.username,
                           count=len(info.scope)))


def logins_section() -> None:
    """Held usernames and addresses (with unlock) and the login events."""
    st.subheader(t("admin.held.heading"))
    ok, held = attempt(sessions.held_logins, db, who)
    if not ok:
        return
    if not held:
        st.caption(t("admin.held.none"))
    for item in held:
        until = item.until.astimezone(fmt.WIB).strftime("%H.%M")
        with st.form(f"admin_unlock_{item.what}_{item.key}"):
            st.markdown(t(f"admin.held.{item.what}", held=item.key, until=until))
            reason = st.text_input(t("admin.held.reason"),
                                   key=f"admin_unlock_reason_{item.what}_{item.key}")
            if st.form_submit_button(t("admin.held.unlock")):
                ok, _ = attempt(sessions.unlock, db, who, item.key, what=item.what,
                                reason=reason.strip())
                if ok:
                    done(t("admin.held.unlocked", held=item.key))

    st.subheader(t("admin.logins.heading"))
    st.caption(t("admin.logins.caption"))
    left, right = st.columns(2)
    username = left.text_input(t("admin.logins.filter.username"), key="admin_logins_user")
    kinds = right.multiselect(t("admin.logins.filter.kinds"), list(sessions.KINDS),
                              format_func=sessions.KINDS.__getitem__, key="admin_logins_kinds",
                              placeholder=t_literal("admin.logins.filter.all"))
    ok, events = attempt(sessions.login_events, db, who, username=username,
                         kinds=tuple(kinds))
    if not ok:
        return
    yes, no = t("admin.logins.yes"), t("admin.logins.no")
    table([{t("admin.logins.col.at"): e.at.astimezone(fmt.WIB).strftime("%Y-%m-%d %H:%M:%S"),
            t("admin.logins.col.kind"): e.label,
            t("admin.logins.col.username"): e.username,
            t("admin.logins.col.exists"): yes if e.account_exists else no,
            t("admin.logins.col.address"): e.address or "-",
            t("admin.logins.col.by"): e.by or "-",
            t("admin.logins.col.detail"): e.detail or "-",
            t("admin.logins.col.agent"): e.user_agent or "-"} for e in events],
          t("admin.logins.none"))


# -- Siklus -----------------------------------------------------------------------------------


def stage_text(stage: cycles.StageInfo) -> str:
    parts = [f"{stage.name} ({percent(stage.weight)})"]
    if stage.deadline:
        parts.append(t_literal("admin.cycles.stage.deadline", date=fmt.day(stage.deadline)))
    parts.append(t_literal("admin.cycles.stage.locked") if stage.locked
                 else t_literal("admin.cycles.stage.open"))
    return " · ".join(parts)


def cycles_tab(all_cycles: list[CycleInfo], cycle: CycleInfo | None) -> None:
    st.subheader(t("admin.cycles.heading"))
    # A static table: long titles, KI names and stages wrap instead of being cut (every
    # text escaped for its Markdown cells).
    if not all_cycles:
        st.info(t("admin.cycles.none"))
    else:
        st.table(pd.DataFrame([{
            t("admin.cycles.col.id"): str(c.id), t("admin.cycles.col.title"): plain(c.title),
            t("admin.cycles.col.ki"): plain(c.ki), t("admin.cycles.col.year"): str(c.year),
            t("admin.cycles.col.methodology"):
                plain(f"{c.methodology_id} v{c.methodology_version}"),
            t("admin.cycles.col.status"): plain(c.status_label),
            t("admin.cycles.col.stages"): plain("; ".join(stage_text(s) for s in c.stages))}
            for c in all_cycles]), hide_index=True)
    if cycle is not None:
        manage_cycle(cycle)
    create_cycle(all_cycles)


def create_cycle(all_cycles: list[CycleInfo]) -> None:
    with st.expander(t("admin.cycles.create.heading"), expanded=not all_cycles), \
            st.form("admin_create_cycle"):
        # Presets (by id) and saved versions (id@version) of the methodology library.
        _, available = attempt(methodologies.list_methodologies, db, who)
        summaries = {m.ref: m for m in available or []}
        ids = list(summaries)
        suggested = methodologies.suggested_ref(summaries.values())
        methodology = st.selectbox(
            t("admin.cycles.methodology"), ids, key="admin_cycle_methodology",
            index=ids.index(suggested) if suggested in summaries else 0,
            format_func=lambda i: f"{summaries[i].title} ({i})",
            help=t("admin.cycles.methodology_help"))
        ki, year, title, previous = new_cycle_fields("admin_cycle", all_cycles)
        if st.form_submit_button(t("admin.cycles.create.submit"), type="primary"):
            ok, info = attempt(methodologies.create_cycle_from, db, who, methodology,
                               ki=ki, year=year, title=title,
                               previous_cycle_id=previous, prepared=True)
            if ok:
                choose_cycle(db, who, info.id)  # the picker shows it after the rerun
                done(t("admin.cycles.created", title=info.title,
                       methodology=info.methodology_id))


def open_prepared(cycle: CycleInfo) -> None:
    """A prepared cycle: what that means, and opening it to everyone."""
    with st.container(border=True):
        st.info(t("admin.cycles.is_prepared"), icon=":material/construction:")
        confirm = st.checkbox(t("admin.cycles.open.confirm"),
                              key=f"admin_open_confirm_{cycle.id}")
        if st.button(t("admin.cycles.open"), type="primary", key=f"admin_open_{cycle.id}"):
            if not confirm:
                st.warning(t("admin.confirm_first"))
            else:
                ok, info = attempt(cycles.open_cycle, db, who, cycle.id)
                if ok:
                    done(t("admin.cycles.opened", title=info.title))


def manage_cycle(cycle: CycleInfo) -> None:
    st.subheader(t("admin.cycles.manage.heading", title=cycle.title))
    st.caption(t("admin.cycles.status", status=cycle.status_label))
    if cycle.prepared:
        open_prepared(cycle)
    published = cycle.status == "published"
    if published:
        st.info(t("admin.cycles.is_published"))
    for stage in cycle.stages:
        with st.container(border=True):
            st.markdown(t("admin.cycles.stage.heading", name=stage.name,
                          weight=percent(stage.weight),
                          state=t("admin.cycles.stage.locked") if stage.locked
                          else t("admin.cycles.stage.open")))
            deadline_col, lock_col = st.columns(2, gap="large")
            with deadline_col:
                stage_deadline(cycle, stage)
            with lock_col:
                stage_lock(cycle, stage)
    if cycle.prepared:  # published only once it has run
        return
    with st.container(border=True):
        st.markdown(t("admin.cycles.publish.heading"))
        if published:
            reason = st.text_input(t("admin.cycles.reopen.reason"),
                                   key=f"admin_reopen_reason_{cycle.id}")
            confirm = st.checkbox(t("admin.cycles.reopen.confirm"),
                                  key=f"admin_reopen_confirm_{cycle.id}")
            if st.button(t("admin.cycles.reopen"), key=f"admin_reopen_{cycle.id}"):
                if not confirm:
                    st.warning(t("admin.confirm_first"))
                else:
                    ok, _ = attempt(publication.reopen, db, who, cycle.id, reason)
                    if ok:
                        done(t("admin.cycles.reopened", reason=reason.strip()))
        else:
            confirm = st.checkbox(t("admin.cycles.publish.confirm"),
                                  key=f"admin_publish_confirm_{cycle.id}")
            if st.button(t("admin.cycles.publish"), type="primary",
                         key=f"admin_publish_{cycle.id}"):
                if not confirm:
                    st.warning(t("admin.confirm_first"))
                else:
                    ok, info = attempt(publication.publish, db, who, cycle.id)
                    if ok:
                        done(t("admin.cycles.published", seq=info.seq,
                               bodies=fmt.number(info.bodies), scored=fmt.number(info.scored)))


def stage_deadline(cycle: CycleInfo, stage: cycles.StageInfo) -> None:
    key = f"admin_deadline_{cycle.id}_{stage.code}"
    picked = st.date_input(t("admin.cycles.deadline"), value=stage.deadline, key=key,
                           format="DD/MM/YYYY")
    save, clear = st.columns(2)
    if save.button(t("admin.cycles.deadline.save"), key=f"{key}_save"):
        if not isinstance(picked, date):
            st.warning(t("admin.cycles.deadline.pick"))
        else:
            ok, _ = attempt(cycles.set_deadline, db, who, cycle.id, stage.code, picked)
            if ok:
                done(t("admin.cycles.deadline.saved", stage=stage.name, date=fmt.day(picked)))
    if stage.deadline and clear.button(t("admin.cycles.deadline.clear"), key=f"{key}_clear"):
        ok, _ = attempt(cycles.set_deadline, db, who, cycle.id, stage.code, None)
        if ok:
            st.session_state.pop(key, None)
            done(t("admin.cycles.deadline.cleared", stage=stage.name))


def stage_lock(cycle: CycleInfo, stage: cycles.StageInfo) -> None:
    key = f"admin_lock_{cycle.id}_{stage.code}"
    if stage.locked:
        reason = st.text_input(t("admin.cycles.unlock.reason"), key=f"{key}_reason")
        if st.button(t("admin.cycles.unlock"), key=f"{key}_unlock"):
            ok, _ = attempt(cycles.set_lock, db, who, cycle.id, stage.code, False, reason)
            if ok:
                st.session_state.pop(f"{key}_reason", None)
                done(t("admin.cycles.unlocked", stage=stage.name))
        return
    st.caption(t("admin.cycles.lock.help"))
    confirm = st.checkbox(t("admin.cycles.lock.confirm"), key=f"{key}_confirm")
    if st.button(t("admin.cycles.lock"), key=f"{key}_lock"):
        if not confirm:
            st.warning(t("admin.confirm_first"))
        else:
            ok, _ = attempt(cycles.set_lock, db, who, cycle.id, stage.code, True)
            if ok:
                st.session_state.pop(f"{key}_confirm", None)
                done(t("admin.cycles.locked", stage=stage.name))


# -- Badan publik -----------------------------------------------------------------------------


def bodies_tab(cycle: CycleInfo | None, cycle_bodies: list[BodyInfo],
               methodology: Methodology | None) -> None:
    if cycle is None or methodology is None:
        st.info(t("admin.need_cycle"))
        return
    categories = {c.code: c.name for c in methodology.categories}
    st.subheader(t("admin.bodies.heading", title=cycle.title))
    counts = Counter(b.participation for b in cycle_bodies)
    if cycle_bodies:
        st.caption(t("admin.bodies.summary", total=fmt.number(len(cycle_bodies)),
                     counts=", ".join(f"{bodies.PARTICIPATION_LABELS.get(s, s)} "
                                      f"{fmt.number(n)}" for s, n in counts.most_common())))
    problems = body_view.email_problems(db, who, cycle.id)  # e-mail that did not arrive
    body_view.email_warning(cycle_bodies, problems)
    # What is acted on first (participation, the addresses) before what identifies.
    table([{t("admin.bodies.col.name"): b.name,
            t("admin.bodies.col.participation"):
                bodies.PARTICIPATION_LABELS.get(b.participation or "", "-"),
            t("admin.bodies.col.email"): body_view.email_cell(b, problems),
            t("admin.bodies.col.websites"): " ".join(b.websites) or "-",
            t("admin.bodies.col.ppid"): b.ppid_name or "-",
            t("admin.bodies.col.category"): categories.get(b.category, b.category),
            t("admin.bodies.col.region"): b.region or "-",
            t("admin.bodies.col.aliases"): ", ".join(b.aliases) or "-"}
           for b in cycle_bodies], t("admin.bodies.none"),
          widths={t("admin.bodies.col.name"): "medium", t("admin.bodies.col.email"): "medium"})

    with st.form("admin_add_body"):
        st.subheader(t("admin.bodies.add.heading"))
        left, right = st.columns(2)
        name = left.text_input(t("admin.bodies.name"), key="admin_body_name")
        category = right.selectbox(t("admin.bodies.category"), list(categories),
                                   format_func=categories.__getitem__, index=None,
                                   placeholder=t("bodies.category.placeholder"),
                                   key="admin_body_category")  # no default: see the role
        region = left.text_input(t("admin.bodies.region"), key="admin_body_region")
        aliases = right.text_input(t("admin.bodies.aliases"),
                                   help=t("admin.bodies.aliases_help"),
                                   key="admin_body_aliases")
        ppid_name = left.text_input(t("admin.bodies.ppid_name"), key="admin_body_ppid")
        ppid_contact = right.text_input(t("admin.bodies.ppid_contact"),
                                        key="admin_body_contact")
        email = left.text_input(t("admin.bodies.email"), key="admin_body_email")
        website = right.text_input(t("admin.bodies.website"), key="admin_body_website",
                                   help=t("admin.bodies.website_help"))
        initial = ("invited", "registered")
        status = left.selectbox(t("admin.bodies.status"), initial, key="admin_body_status",
                                format_func=bodies.PARTICIPATION_LABELS.__getitem__)
        if st.form_submit_button(t("admin.bodies.add.submit"), type="primary"):
            ok, registration = attempt(bodies.register_in_cycle, db, who, cycle.id, name=name,
                               category=category or "", region=region.strip(),
                               ppid_name=ppid_name.strip(), ppid_contact=ppid_contact.strip(),
                               aliases=tuple(a.strip() for a in aliases.split(",")
                                             if a.strip()), status=status,
                               email=email, websites=[website])
            if ok:
                for key in ("admin_body_name", "admin_body_region", "admin_body_aliases",
                            "admin_body_ppid", "admin_body_contact", "admin_body_email",
                            "admin_body_website", "admin_body_category"):
                    st.session_state.pop(key, None)
                info = registration.body
                done(t("admin.bodies.added", name=info.name,
                       category=categories.get(info.category, info.category),
                       status=bodies.PARTICIPATION_LABELS.get(info.participation or "", "-"))
                     if registration.created else  # what was done to the one registered
                     plain(bodies.describe_registration(registration, name, cycle.id),
                           lines=True))
    saved = body_view.contacts_form(db, who, cycle.id, cycle_bodies, problems)  # e-mail, sites
    if saved:
        done(saved)
    saved = body_view.category_form(db, who, cycle.id, cycle_bodies, methodology)
    if saved:
        done(saved)


# -- Metodologi -------------------------------------------------------------------------------


def choices(q: Question) -> list[str]:
    if q.scale:
        return [f"{lv.value} – {lv.label} ({percent(lv.fraction * 100)})" for lv in q.scale]
    if q.items:
        return [f"{i.code}. {i.label}" for i in q.items]
    return [t("admin.method.yes_no_choices")]


def choices_text(q: Question) -> str:
    return "; ".join(choices(q))


def question_detail(m: Methodology, questions: tuple[Question, ...],
                    indicator_names: dict[str, str]) -> None:
    """One question in full: the table above cuts long texts."""
    by_code = {q.code: q for q in questions}
    code = st.selectbox(t("admin.method.detail"), list(by_code), key="admin_method_question",
                        format_func=lambda c: f"{c} · {by_code[c].text}")
    q = by_code[code]
    with st.container(border=True):
        st.markdown(f"**{plain(q.code)}** {plain(q.text)}")
        st.caption(t("admin.method.detail.meta",
                     indicator=indicator_names.get(q.indicator, q.indicator),
                     type=answer_types.get(q.type).label, points=fmt.number(q.points),
                     evidence=t(f"admin.method.evidence.{q.evidence.value}")))
        if q.scale or q.items:
            st.markdown("\n".join(f"- {plain(part)}" for part in choices(q)))
        if q.guidance:
            st.markdown(t("admin.method.detail.guidance", text=q.guidance))
        if q.legal_basis:
            st.caption(t("admin.method.detail.legal", text=q.legal_basis))
        if q.categories:
            names = {c.code: c.name for c in m.categories}
            st.caption(t("admin.method.detail.categories",
                         names=", ".join(names.get(c, c) for c in q.categories)))


def methodology_tab(cycle: CycleInfo | None, m: Methodology | None) -> None:
    if cycle is None or m is None:
        st.info(t("admin.need_cycle"))
        return
    st.subheader(plain(m.title))
    st.caption(t("admin.method.meta", id=m.id, version=m.version, ki=m.ki, year=m.year,
                 cycle=cycle.title))
    st.info(t("admin.method.frozen"))
    if m.legal_basis:
        st.markdown(t("admin.method.legal") + "\n"
                    + "\n".join(f"- {plain(x)}" for x in m.legal_basis))

    stage_names = {s.code: s.name for s in m.stages}
    gates = {s.code: methodology_library.gate_text(s) for s in methodologies.stage_views(m)}
    st.markdown(f"#### {t('admin.method.stages')}")
    table([{t("admin.method.col.code"): s.code, t("admin.method.col.name"): s.name,
            t("admin.method.col.kind"): t(f"admin.method.kind.{s.kind.value}"),
            t("admin.method.col.weight"): percent(s.weight),
            t("admin.method.col.gate"): gates[s.code],
            t("admin.method.col.missing"): t(f"admin.method.missing.{s.missing.value}")}
           for s in m.stages], "-")

    st.markdown(f"#### {t('admin.method.indicators')}")
    table([{t("admin.method.col.stage"): stage_names.get(i.stage, i.stage),
            t("admin.method.col.code"): i.code, t("admin.method.col.indicator"): i.name,
            t("admin.method.col.weight"): percent(i.weight),
            t("admin.method.col.description"): i.description or "-"}
           for i in m.indicators], "-")

    st.markdown(f"#### {t('admin.method.questions')}")
    categories = {c.code: c.name for c in m.categories}
    category = st.selectbox(t("admin.method.category"), list(categories),
                            format_func=categories.__getitem__, key="admin_method_category")
    questions = m.questions_for(category)
    indicator_names = {i.code: i.name for i in m.indicators}
    st.caption(t("admin.method.questions_total", count=fmt.number(len(questions)),
                 points=fmt.number(sum(q.points for q in questions))))
    table([{t("admin.method.col.code"): q.code,
            t("admin.method.col.indicator"): indicator_names.get(q.indicator, q.indicator),
            t("admin.method.col.question"): q.text,
            t("admin.method.col.type"): answer_types.get(q.type).label,
            t("admin.method.col.points"): fmt.number(q.points),
            t("admin.method.col.evidence"): t(f"admin.method.evidence.{q.evidence.value}"),
            t("admin.method.col.choices"): choices_text(q),
            t("admin.method.col.guidance"): q.guidance or "-"} for q in questions],
          t("admin.method.no_questions"))
    if questions:
        question_detail(m, questions, indicator_names)

    st.markdown(f"#### {t('admin.method.bands')}")
    upper = None
    for band in m.bands:  # highest first
        span = t("admin.method.band.top", lower=fmt.score(band.lower)) if upper is None \
            else t("admin.method.band.range", lower=fmt.score(band.lower),
                   upper=fmt.score(upper))
        st.markdown(
            f'<span style="display:inline-block;width:1.1em;height:1.1em;'
            f'border-radius:3px;vertical-align:middle;margin-right:.5em;'
            f'border:1px solid #0003;background:{band.colour}"></span>'
            f"<b>{html.escape(band.label)}</b> &nbsp; {html.escape(span)}",
            unsafe_allow_html=True)
        upper = band.lower
    st.caption(t("admin.method.rounding", decimals=m.rounding.decimals))
    if m.tie_breakers:
        st.caption(t("admin.method.tie_breakers", items=", ".join(
            t(f"admin.method.tie.{x.value}") for x in m.tie_breakers)))
    p = m.provenance
    if p.sources or p.assumptions or p.confidence:
        with st.expander(t("admin.method.provenance")):
            if p.confidence:
                st.markdown(t("admin.method.confidence", text=p.confidence))
            if p.sources:
                st.markdown(t("admin.method.sources") + "\n"
                            + "\n".join(f"- {plain(s)}" for s in p.sources))
            if p.assumptions:
                st.markdown(t("admin.method.assumptions") + "\n"
                            + "\n".join(f"- {plain(a)}" for a in p.assumptions))


# -- the page ---------------------------------------------------------------------------------

st.title(t("admin.title"))
st.caption(t("admin.caption"))
ok, all_cycles = attempt(cycles.list_cycles, db, who)
all_cycles = all_cycles or []
cycle = pick_cycle(db, who, all_cycles) if all_cycles else None
cycle_bodies: list[BodyInfo] = []
methodology: Methodology | None = None
if cycle is not None:
    _, cycle_bodies = attempt(bodies.list_bodies, db, who, cycle.id)
    cycle_bodies = cycle_bodies or []
    _, methodology = attempt(cycle_methodology, db, who, cycle.id)
show_done()

labels = [t("admin.tab.users"), t("admin.tab.logins"), t("admin.tab.cycles"),
          t("admin.tab.bodies"), t("admin.tab.methodology")]
users, logins, cycles_, bodies_, method = st.tabs(labels, key="admin_tab", on_change="rerun")
if users.open:
    with users:
        users_tab(cycle, cycle_bodies)
if logins.open:
    with logins:
        logins_section()
if cycles_.open:
    with cycles_:
        cycles_tab(all_cycles, cycle)
if bodies_.open:
    with bodies_:
        bodies_tab(cycle, cycle_bodies, methodology)
if method.open:
    with method:  # the cycle's own methodology, the library, what-if (one at a time)
        own, library_, whatif_ = st.tabs(
            [t("library.tab.cycle"), t("library.tab.library"), t("library.tab.whatif")],
            key="admin_method_tab", on_change="rerun")
        if own.open:
            with own:
                methodology_tab(cycle, methodology)
        if library_.open:
            with library_:
                methodology_library.show(db, who, all_cycles)
        if whatif_.open:
            with whatif_:
                whatif_view.show(db, who, cycle)
