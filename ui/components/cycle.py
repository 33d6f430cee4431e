"""The chosen monev cycle and its frozen methodology, for the work pages.

The methodology a page shows (categories, questions, panel aspects) is the cycle's own
frozen copy, never the preset of the same name: a preset edited after the cycle started
must not change templates or review tables of that cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from monev.cycles import CycleInfo, cycle_methodology, list_cycles
from monev.errors import ServiceError
from monev.permissions import Actor
from monev.workspace import Workspace
from ui import state
from ui.format import Markdown, plain

__all__ = ["call", "cycle_methodology", "flash", "pick_cycle", "show_flash"]


def pick_cycle(db: Workspace, who: Actor) -> CycleInfo | None:
    """The cycle picker; None (with a message shown) when there is none to pick."""
    try:
        cycles = list_cycles(db, who)
    except ServiceError as error:
        state.show_error(error)
        return None
    by_id = {c.id: c for c in cycles}
    # Titles only: a keyed select box keeps showing the label it had when chosen, so a
    # status in the label would go stale after a publication; pages show the status.
    chosen = state.chosen_cycle((c.id, c.title) for c in cycles)
    return by_id.get(chosen) if chosen is not None else None


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
