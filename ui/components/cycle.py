"""The chosen monev cycle and its frozen methodology, for the work pages.

The methodology a page shows (categories, questions, panel aspects) is the cycle's own
frozen copy, never the preset of the same name: a preset edited after the cycle started
must not change templates or review tables of that cycle.

Every page opens on the cycle the user last chose (kept per user in the database), else
on the running cycle that has data (:func:`monev.cycles.landing_cycle`); the picker lists
only the cycles the user may see (a prepared cycle: admins and evaluators).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from monev.clock import today
from monev.cycles import (
    CycleInfo,
    cycle_methodology,
    landing_cycle,
    list_cycles,
    remember_cycle,
)
from monev.errors import ServiceError
from monev.permissions import Actor
from monev.workspace import Workspace
from ui import state
from ui.format import Markdown, plain
from ui.text import t

__all__ = ["call", "choose_cycle", "cycle_methodology", "flash", "pick_cycle", "show_flash",
           "suggested_title"]

_PICKER = "cycle_picker"  # flash key of the picker's own messages


def pick_cycle(db: Workspace, who: Actor,
               cycles: list[CycleInfo] | None = None) -> CycleInfo | None:
    """The cycle picker over `cycles` (default: those `who` may see); the chosen cycle, or
    None (with a message shown) when there is none to pick. A cycle the user picks is
    remembered for their next login."""
    if cycles is None:
        try:
            cycles = list_cycles(db, who)
        except ServiceError as error:
            state.show_error(error)
            return None
    by_id = {c.id: c for c in cycles}

    def landing() -> int | None:
        try:
            return landing_cycle(db, who)
        except ServiceError as error:
            state.show_error(error)
            return None

    def remember(cycle_id: int) -> None:
        try:
            remember_cycle(db, who, cycle_id)
        except ServiceError as error:  # the choice still holds for this session
            flash(_PICKER, "warning", error.message)

    # Titles only: a keyed select box keeps showing the label it had when chosen, so a
    # status in the label would go stale after a publication; pages show the status.
    chosen = state.chosen_cycle(((c.id, c.title) for c in cycles), default=landing,
                                on_change=remember)
    show_flash(_PICKER)
    return by_id.get(chosen) if chosen is not None else None


def choose_cycle(db: Workspace, who: Actor, cycle_id: int) -> None:
    """Make `cycle_id` the cycle `who`'s pages show, from the next run (the picker too) and
    at their next login (an action such as creating a cycle calls this, then reruns)."""
    state.choose_cycle(cycle_id)
    try:
        remember_cycle(db, who, cycle_id)
    except ServiceError as error:  # the choice still holds for this session
        flash(_PICKER, "warning", error.message)


def call(service: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Run a service; on a refusal show its message and return (False, None)."""
    try:
        return True, service(*args, **kwargs)
    except ServiceError as error:
        state.show_error(error)
        return False, None


# -- messages set in callbacks, shown where the page renders them -----------------------------


def flash(key: str, kind: str, text: str) -> None:
    """Keep a message (kind: success, info, warning, error) for the next render of `key`:
    Markdown from ``t()`` / :func:`~ui.format.plain`; any other text is shown literally."""
    st.session_state.setdefault(f"flash_{key}", []).append((kind, text))


def show_flash(key: str) -> None:
    """Show (once) the messages :func:`flash` kept under `key` for the next run."""
    for kind, text in st.session_state.pop(f"flash_{key}", []):
        getattr(st, kind)(text if isinstance(text, Markdown) else plain(text, lines=True))


def suggested_title(cycles: Sequence[CycleInfo], ki: str, year: int) -> str:
    """The title of a new cycle of `ki` for `year` when none is typed: the newest cycle of
    the same KI whose title names its year, with the new year in its place (``Monev KIP
    2025 — Kabupaten Sukamaju`` → ``Monev KIP 2026 — Kabupaten Sukamaju``); without one,
    ``Monev KIP <year> — <ki>`` (what :func:`monev.cycles.create_cycle` makes)."""
    ki = " ".join(ki.split())
    same = [c for c in cycles if " ".join(c.ki.split()) == ki and str(c.year) in c.title]
    if same:
        newest = max(same, key=lambda c: (c.year, c.id))
        return newest.title.replace(str(newest.year), str(year))
    return f"Monev KIP {year} — {ki}"


def new_cycle_fields(prefix: str, cycles: Sequence[CycleInfo]
                     ) -> tuple[str, int, str, int | None]:
    """The fields every new-cycle form asks (inside the caller's ``st.form``): KI (the
    running cycle's by default), year (this year), title (left empty: the
    :func:`suggested_title` for the KI and year typed, shown as the field's placeholder),
    and the previous cycle to compare ranks with (by default the KI's newest cycle of an earlier
    year, running or published; else the newest published one).
    Returns (ki, year, title, previous cycle id or None); widget keys start with
    `prefix`."""
    running = next((c for c in cycles if c.status == "open"), None)
    usual_ki = (running or cycles[0]).ki if cycles else ""
    ki = st.text_input(t("admin.cycles.ki"), value=usual_ki, key=f"{prefix}_ki")
    year = st.number_input(t("admin.cycles.year"), min_value=2008, max_value=2100,
                           value=today().year, step=1, key=f"{prefix}_year")
    title = st.text_input(t("admin.cycles.title"), help=t("admin.cycles.title_help"),
                          placeholder=suggested_title(cycles, usual_ki, today().year),
                          key=f"{prefix}_title")
    title = title.strip() or suggested_title(cycles, ki, int(year))
    options: list[int | None] = [None, *(c.id for c in cycles)]
    titles = {c.id: c.title for c in cycles}
    # The cycle a new one follows: the KI's newest of an earlier year (running or
    # published: last year's cycle is usually still open when next year's is prepared).
    earlier = [c for c in cycles if c.ki == usual_ki and c.year < today().year] or [
        c for c in cycles if c.status == "published"]
    newest = max(earlier, key=lambda c: (c.year, c.id)).id if earlier else None
    previous = st.selectbox(
        t("admin.cycles.previous"), options, key=f"{prefix}_previous",
        index=options.index(newest),
        format_func=lambda i: t("admin.cycles.previous_none") if i is None else titles[i])
    return ki, int(year), title, previous
