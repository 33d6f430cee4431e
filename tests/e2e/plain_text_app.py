"""A page that shows hostile texts through ``ui.format.plain`` / ``link`` and ``ui.text.t``
in every kind of element that renders Markdown, for tests/e2e/test_plain_text_browser.py.

The texts come from the JSON file named by ``PLAIN_TEXT_CASES``: a list of strings. Each is
shown in a container keyed ``case-<n>`` (class ``st-key-case-<n>``), so the test finds it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ui.format import Markdown, link, plain  # noqa: E402
from ui.text import t  # noqa: E402

cases: list[str] = json.loads(Path(os.environ["PLAIN_TEXT_CASES"]).read_text("utf-8"))
links: list[str] = json.loads(Path(os.environ["PLAIN_TEXT_LINKS"]).read_text("utf-8"))

st.title("plain")
for index, text in enumerate(cases):
    with st.container(key=f"case-{index}"):
        st.markdown(plain(text), help="x")
        st.caption(plain(text))
        st.info(plain(text))
        st.markdown(plain(text, lines=True))
        # In a sentence of the catalog, with a colon right after the value.
        st.markdown(t("rank.drill.stage", name=text, score=text, status=text))
        st.metric(plain(text), 1)
        st.table(pd.DataFrame({"kolom": [plain(text)]}), hide_index=True)
        with st.expander(plain(text)):
            st.write("isi")
        st.selectbox(plain(text), ["a"], key=f"select-{index}")
for index, text in enumerate(links):
    with st.container(key=f"link-{index}"):
        st.markdown(t("eval.appeal.evidence", link=link(text)))
        st.markdown(Markdown(link(text)))
