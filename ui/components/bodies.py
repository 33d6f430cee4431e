"""Badan publik in scope with their participation, as table rows for the pages; the form
that changes a body's e-mail and website addresses (:func:`contacts_form`) and the admin's
form that corrects a category chosen wrongly (:func:`category_form`); the bodies whose
newest e-mail failed (:func:`email_problems`, :func:`email_warning`: a refusal or bounce,
beside the address)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from monev.bodies import (
    PARTICIPATION_LABELS,
    BodyInfo,
    category_name,
    change_category,
    participation_rate,
    set_contacts,
    set_websites,
)
from monev.permissions import Actor
from monev.workspace import Workspace
from notifications.delivery import AddressProblem, address_problems
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components import cycle as cyc
from ui.text import t, t_literal

__all__ = ["body_rows", "category_form", "category_name", "contacts_form", "email_cell",
           "email_problems", "email_warning", "participation_rate"]

# At most this many failed addresses are named in the warning above a table; the rest are
# counted (each is marked in the table's e-mail column).
NAMED_PROBLEMS = 8


def body_rows(bodies: Sequence[BodyInfo], methodology: Methodology,
              problems: dict[int, AddressProblem] | None = None) -> list[dict[str, Any]]:
    """One row per body for the koordinator's table; the e-mail column marks an address
    whose newest e-mail failed (`problems`, from :func:`email_problems`)."""
    return [{  # what the koordinator acts on first; category and region last
        t("coord.bodies.col.name"): b.name,
        t("coord.bodies.col.status"): PARTICIPATION_LABELS.get(b.participation or "", "-"),
        t("coord.bodies.col.email"): email_cell(b, problems or {}),
        t("coord.bodies.col.ppid"): b.ppid_name or "-",
        t("coord.bodies.col.category"): category_name(methodology, b.category),
        t("coord.bodies.col.region"): b.region or "-",
    } for b in bodies]


# -- e-mail that did not arrive -------------------------------------------------------------


def email_problems(db: Workspace, who: Actor, cycle_id: int) -> dict[int, AddressProblem]:
    """The bodies of the cycle (in scope) whose newest e-mail failed; {} after a refusal,
    which is shown."""
    ok, found = cyc.call(address_problems, db, who, cycle_id)
    return found if ok else {}


def _what(problem: AddressProblem) -> str:
    return t_literal("bodies.email.bounced" if problem.bounced else "bodies.email.failed")


def email_cell(body: BodyInfo, problems: dict[int, AddressProblem]) -> str:
    """A table cell: the body's address, marked when its newest e-mail failed."""
    problem = problems.get(body.id)
    if not body.email:
        return "-"
    if problem is None:
        return body.email
    return t_literal("bodies.email.cell", address=body.email, what=_what(problem))


def _sentence(name: str, problem: AddressProblem) -> fmt.Markdown:
    return t("bodies.email.problem", name=name, address=problem.address,
             what=_what(problem), subject=problem.subject, at=fmt.day(problem.at),
             reply=problem.reply or t_literal("bodies.email.no_reply"))


def email_warning(bodies: Sequence[BodyInfo], problems: dict[int, AddressProblem]) -> None:
    """A warning naming the bodies whose newest e-mail failed, with the server's answer and
    what to do (nothing when every address works)."""
    failed = [(b, problems[b.id]) for b in bodies if b.id in problems]
    if not failed:
        return
    lines = [f"- {_sentence(b.name, p)}" for b, p in failed[:NAMED_PROBLEMS]]
    if len(failed) > NAMED_PROBLEMS:
        lines.append(f"- {t('bodies.email.more', count=fmt.number(len(failed) - NAMED_PROBLEMS))}")
    st.warning(fmt.Markdown("\n\n".join(
        [t("bodies.email.heading", count=fmt.number(len(failed))), "\n".join(lines)])))


def contacts_form(db: Workspace, who: Actor, cycle_id: int, bodies: Sequence[BodyInfo],
                  problems: dict[int, AddressProblem] | None = None) -> str | None:
    """A form to change one badan publik's e-mail address and website addresses (one per
    line; website monitoring visits them), with why the body's e-mail failed when it did
    (`problems`: :func:`email_problems`, read here when not given); returns the success
    message once saved (None otherwise: nothing saved, or a refusal shown here)."""
    if not bodies:
        return None
    by_id = {b.id: b for b in bodies}
    st.subheader(t("bodies.contacts.heading"))
    body_id = st.selectbox(t("bodies.contacts.body"), list(by_id),
                           format_func=lambda i: t_literal("bodies.contacts.option",
                                                           name=by_id[i].name),
                           key="bodies_contacts_body")
    body = by_id[body_id]
    if problems is None:
        problems = email_problems(db, who, cycle_id)
    problem = problems.get(body_id)
    if problem is not None and problem.address.lower() == body.email.lower():
        st.warning(_sentence(body.name, problem))
    with st.form(f"bodies_contacts_{body_id}"):
        email = st.text_input(t("bodies.contacts.email"), value=body.email,
                              help=t("bodies.contacts.email_help"),
                              key=f"bodies_contacts_email_{body_id}")
        sites = st.text_area(t("bodies.contacts.websites"), value="\n".join(body.websites),
                             help=t("bodies.contacts.websites_help"),
                             key=f"bodies_contacts_sites_{body_id}")
        if not st.form_submit_button(t("bodies.contacts.save"), type="primary"):
            return None
    urls = [line.strip() for line in sites.splitlines() if line.strip()]
    ok, _ = cyc.call(set_contacts, db, who, cycle_id, body_id, email=email)
    if not ok:
        return None
    ok, info = cyc.call(set_websites, db, who, cycle_id, body_id, urls)
    if not ok:
        return None
    return t_literal("bodies.contacts.saved", name=info.name,
                     email=info.email or t_literal("bodies.contacts.none"),
                     websites=", ".join(info.websites) or t_literal("bodies.contacts.none"))


def category_form(db: Workspace, who: Actor, cycle_id: int, bodies: Sequence[BodyInfo],
                  methodology: Methodology) -> str | None:
    """The admin's form, folded, to correct one badan publik's category with a reason
    (:func:`monev.bodies.change_category`: refused once something was scored on the old
    one); returns the success message once saved (None otherwise; a refusal is shown
    here)."""
    if not bodies:
        return None
    by_id = {b.id: b for b in bodies}
    names = {c.code: c.name for c in methodology.categories}
    with st.expander(t("bodies.category.heading"), icon=":material/category:"):
        st.caption(t("bodies.category.caption"))
        with st.form("bodies_category"):
            body_id = st.selectbox(
                t("bodies.category.body"), list(by_id), key="bodies_category_body",
                format_func=lambda i: t_literal(
                    "bodies.category.option", name=by_id[i].name,
                    category=names.get(by_id[i].category, by_id[i].category)))
            code = st.selectbox(t("bodies.category.new"), list(names), index=None,
                                placeholder=t_literal("bodies.category.placeholder"),
                                format_func=names.__getitem__, key="bodies_category_new")
            reason = st.text_input(t("bodies.category.reason"), key="bodies_category_reason",
                                   placeholder=t_literal("bodies.category.reason_placeholder"))
            if not st.form_submit_button(t("bodies.category.save"), type="primary"):
                return None
        if code is None:
            st.error(t("bodies.category.none"))
            return None
        ok, done = cyc.call(change_category, db, who, cycle_id, body_id, code, reason)
    if not ok:
        return None
    for key in ("bodies_category_new", "bodies_category_reason"):
        st.session_state.pop(key, None)
    return t_literal("bodies.category.saved", name=done.body.name, old=done.old_name,
                     new=done.new_name)
