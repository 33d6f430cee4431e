"""Published results of badan publik: the ranking rows and one body's score breakdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monev import exports
from monev.cycles import get_cycle
from monev.outcomes.records import status_label
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components.bodies import category_name
from ui.text import t


def _rank(value: Any) -> str:
    return "-" if value is None else str(value)


def result_rows(records: Sequence[Mapping[str, Any]],
                methodology: Methodology) -> list[dict[str, Any]]:
    return [{
        t("coord.results.col.name"): r["badan_publik"],
        t("coord.results.col.category"): category_name(methodology, r["kategori"]),
        t("coord.results.col.final"): fmt.score(r.get("nilai_akhir")),
        t("coord.results.col.predicate"): r.get("predikat") or "-",
        t("coord.results.col.rank"): _rank(r.get("peringkat")),
        t("coord.results.col.status"): status_label(r.get("status")),
    } for r in records]


def breakdown(record: Mapping[str, Any], methodology: Methodology) -> None:
    """Final score, predikat and rank, then every indicator's published score."""
    a, b, c = st.columns(3)
    a.metric(t("coord.results.col.final"), fmt.score(record.get("nilai_akhir")))
    b.metric(t("coord.results.col.predicate"), record.get("predikat") or "-")
    c.metric(t("coord.results.col.rank"), _rank(record.get("peringkat")))
    if record.get("nilai_akhir") is None:
        st.info(t("coord.results.unscored", status=status_label(record.get("status"))))
    stages = {s.code: s.name for s in methodology.stages}
    scores = record.get("indikator") or {}
    rows = [{
        t("coord.results.col.indicator"): i.name,
        t("coord.results.col.stage"): stages.get(i.stage, i.stage),
        t("coord.results.col.weight"): fmt.number(i.weight_for(record.get("kategori", "")))
        + "%",
        t("coord.results.col.score"): fmt.score(scores.get(i.code)),
    } for i in methodology.indicators if i.code in scores]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if record.get("saq") is not None:
        st.caption(t("coord.results.saq", score=fmt.score(record["saq"])))


def report_card_button(db: Workspace, who: Actor, cycle_id: int, body_id: int,
                       name: str) -> None:
    """Download of the badan publik's report card (the ``report-card`` export, PDF), built
    only when clicked."""
    export = exports.get("report-card")
    cycle = get_cycle(db, who, cycle_id)
    request = exports.Request(cycle_id, body_id)
    st.download_button(export.label, data=lambda: export.data(db, who, request),
                       file_name=export.file_name(
                           exports.Subject(cycle.year, cycle.ki, body_id, name)),
                       mime=export.media_type, on_click="ignore", icon=export.icon,
                       help=export.help, key=f"coord_card_{cycle_id}_{body_id}")
