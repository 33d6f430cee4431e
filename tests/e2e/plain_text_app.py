"""A page that shows hostile texts through ``ui.format.plain`` / ``link`` and ``ui.text.t``
in every kind of element that renders Markdown, for tests/e2e/test_plain_text_browser.py.

The texts come from the JSON file named by ``PLAIN_TEXT_CASES``: {"texts": [...], "links":
[...], "charts": [...]}. Each text is shown in containers keyed ``case-<n>-<kind>`` (CSS class
``st-key-case-<n>-<kind>``), each link in ``link-<n>``, each chart name (through
``ui.format.chart_text``) as a Plotly legend in ``chart-<n>``, so the test finds them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ui.format import chart_text, link, plain
from ui.text import t

KINDS = ("markdown", "caption", "info", "lines", "sentence", "strong", "metric", "table",
         "expander", "selectbox", "tab", "button")

cases = json.loads(Path(os.environ["PLAIN_TEXT_CASES"]).read_text("utf-8"))
st.set_page_config(layout="wide")
for n, text in enumerate(cases["texts"]):
    shown = plain(text)
    st.container(key=f"case-{n}-markdown").markdown(shown)
    st.container(key=f"case-{n}-caption").caption(shown)
    st.container(key=f"case-{n}-info").info(shown)
    st.container(key=f"case-{n}-lines").markdown(plain(text, lines=True))
    # In sentences of the catalog: a colon right after a value, a value in bold.
    st.container(key=f"case-{n}-sentence").markdown(
        t("rank.drill.stage", name=text, score=text, status=text))
    st.container(key=f"case-{n}-strong").markdown(
        t("admin.bodies.added", name=text, category="OPD", status="Diundang"))
    st.container(key=f"case-{n}-metric").metric(shown, 1)
    st.container(key=f"case-{n}-table").table(pd.DataFrame({"kolom": [shown]}),
                                              hide_index=True)
    with st.container(key=f"case-{n}-expander"), st.expander(shown):
        st.write("isi")
    st.container(key=f"case-{n}-selectbox").selectbox(shown, ["a"], key=f"select-{n}")
    with st.container(key=f"case-{n}-tab"):
        st.tabs([shown, "kedua"])
    st.container(key=f"case-{n}-button").button(shown, key=f"button-{n}")
for n, text in enumerate(cases.get("charts", [])):
    figure = go.Figure(go.Bar(x=[1], y=["a"], orientation="h", name=chart_text(text),
                              hovertemplate=f"%{{y}}<br>{chart_text(text)}: %{{x}}<extra></extra>",
                              showlegend=True))
    st.container(key=f"chart-{n}").plotly_chart(figure, key=f"plot-{n}")
for n, text in enumerate(cases["links"]):
    st.container(key=f"link-{n}").markdown(t("eval.appeal.evidence", link=link(text)))
st.container(key="done").write("selesai")
