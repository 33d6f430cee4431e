"""Badan publik in scope with their participation, as table rows for the pages; the form
that changes a body's e-mail and website addresses (:func:`contacts_form`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from monev.bodies import (
    PARTICIPATION_LABELS,
    BodyInfo,
    participation_rate,
    set_contacts,
    set_websites,
)
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.model import Methodology
from ui.components import cycle as cyc
from ui.text import t, t_literal

__all__ = ["body_rows", "category_name", "contacts_form", "participation_rate"]


def category_name(methodology: Methodology, code: str) -> str:
    category = methodology.category(code)
    return category.name if category else code


def body_rows(bodies: Sequence[BodyInfo], methodology: Methodology) -> list[dict[str, Any]]:
    return [{
        t("coord.bodies.col.name"): b.name,
        t("coord.bodies.col.category"): category_name(methodology, b.category),
        t("coord.bodies.col.region"): b.region or "-",
        t("coord.bodies.col.status"): PARTICIPATION_LABELS.get(b.participation or "", "-"),
        t("coord.bodies.col.ppid"): b.ppid_name or "-",
    } for b in bodies]


def contacts_form(db: Workspace, who: Actor, cycle_id: int,
                  bodies: Sequence[BodyInfo]) -> str | None:
    """A form to change one badan publik's e-mail address and website addresses (one per
    line; website monitoring visits them); returns the success message once saved (None
    otherwise: nothing saved, or a refusal shown here)."""
    if not bodies:
        return None
    by_id = {b.id: b for b in bodies}
    st.subheader(t("bodies.contacts.heading"))
    body_id = st.selectbox(t("bodies.contacts.body"), list(by_id),
                           format_func=lambda i: t_literal("bodies.contacts.option",
                                                           name=by_id[i].name),
                           key="bodies_contacts_body")
    body = by_id[body_id]
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
