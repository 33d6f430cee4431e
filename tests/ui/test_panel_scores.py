"""The panel tab of Verifikasi & Panel through AppTest, over a copy of the demo monev
(Kabupaten Sukamaju 2025: three jurors scored the three presentasi aspects of everyone
above the gate).

A juror types scores the Indonesian way; each aspect is saved or refused on its own with a
message naming it; the agreement between the stage's jurors is shown with its meaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for
from monev.cycles import cycle_methodology, list_cycles
from monev.panel import panel_agreement, panel_scores, record_panel_score
from monev.permissions import SYSTEM
from monev.review import verification_queue
from questionnaires.model import Methodology
from storage.db import Database
from tests.ui.demo_db import demo_copy, sign_in
from ui import format as fmt
from ui.components.panel_scores import field_key
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "ui/pages/evaluator.py"
JUROR = "Drs. Uji Coba (Pemerintah)"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    url = demo_copy(tmp_path)
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    st.cache_resource.clear()
    database = Database(url)
    yield database
    database.dispose()
    st.cache_resource.clear()


def running(db: Database) -> tuple[int, Methodology]:
    """The demo's 2025 cycle (the one not yet published), which the page opens on."""
    [cycle] = [c for c in list_cycles(db, SYSTEM) if c.status != "published"]
    return cycle.id, cycle_methodology(db, SYSTEM, cycle.id)


def open_panel(db: Database) -> tuple[AppTest, int]:
    """The evaluator's page; the body picked is the first of the queue."""
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, "evaluator", db.url)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    body_id = at.selectbox(key="eval_body").value
    return at, body_id


def text(at: AppTest, kind: str) -> str:
    return "\n".join(e.value for e in at.get(kind))


def test_each_aspect_saved_or_refused_on_its_own(db: Database) -> None:
    cycle_id, methodology = running(db)
    stage = methodology.panel_stages[0]
    first, second, *_ = methodology.indicators_of(stage.code)
    at, body_id = open_panel(db)
    at.text_input(key=f"eval_panel_juror_{body_id}").input(JUROR).run()
    at.text_input(key=field_key(body_id, stage.code, JUROR, first.code)).input("85,5")
    at.text_input(key=field_key(body_id, stage.code, JUROR, second.code)).input("abc")
    at.button(key="eval_panel_save").click().run()
    assert not at.exception, at.exception

    saved = text(at, "success")
    assert f"1 nilai juri {JUROR} tersimpan." in fmt_plain_free(saved)
    assert f"{first.name}: 85,50" in saved
    refused = text(at, "error")
    assert "1 nilai belum disimpan" in refused
    assert f"Nilai aspek {second.name} 'abc' bukan angka" in refused
    assert "koma desimal" in refused
    stored = {s.aspect: s.score for s in panel_scores(db, SYSTEM, cycle_id, body_id)
              if s.juror == JUROR}
    assert stored == {first.code: Decimal("85.50")}  # the refused aspect saved nothing
    # The saved field shows the stored value with a comma; the refused one what was typed.
    assert at.text_input(key=field_key(body_id, stage.code, JUROR, first.code)).value == "85,50"
    assert at.text_input(key=field_key(body_id, stage.code, JUROR, second.code)).value == "abc"

    # Corrected, and a point typed where a comma belongs: read as a decimal point, said so.
    at.text_input(key=field_key(body_id, stage.code, JUROR, second.code)).input("70.5")
    at.button(key="eval_panel_save").click().run()
    assert f"{second.name}: 70,50 (tertulis 70.5;" in text(at, "success")
    stored = {s.aspect: s.score for s in panel_scores(db, SYSTEM, cycle_id, body_id)
              if s.juror == JUROR}
    assert stored == {first.code: Decimal("85.50"), second.code: Decimal("70.50")}

    # A thousand is never a score: refused with the hint about the point.
    at.text_input(key=field_key(body_id, stage.code, JUROR, first.code)).input("1.000")
    at.text_input(key=f"eval_panel_reason_{body_id}").input("Salah ketik")
    at.button(key="eval_panel_save").click().run()
    assert "Tanda titik dibaca sebagai pemisah ribuan" in text(at, "error")


def fmt_plain_free(value: str) -> str:
    """Messages as the user reads them (Markdown escapes removed)."""
    return value.replace("\\", "")


def test_agreement_between_the_jurors_is_shown(db: Database) -> None:
    cycle_id, methodology = running(db)
    stage = methodology.panel_stages[0]
    found = panel_agreement(db, SYSTEM, cycle_id, stage.code).agreement
    assert found.alpha is not None  # the demo's three jurors scored many bodies
    at, _ = open_panel(db)
    assert t("eval.agreement.heading", stage=stage.name) in [h.value for h in at.subheader]
    [metric] = [m for m in at.metric if m.label == t("eval.agreement.alpha")]
    assert metric.value == fmt.number(round(found.alpha, 3))
    assert "," in metric.value  # a decimal comma
    basis = "\n".join(c.value for c in at.caption)
    assert f"{found.jurors} juri, {found.bodies} badan publik" in basis
    shown = "\n".join(x.value for x in [*at.success, *at.warning, *at.error])
    assert t(f"eval.agreement.level.{found.level}") in shown
    tables = [d.value for d in at.dataframe
              if t("eval.agreement.col.mean") in d.value.columns]
    [jurors] = tables
    assert len(jurors) == found.jurors


def test_agreement_names_a_juror_far_from_the_others(db: Database) -> None:
    """A fourth juror far below the others on one aspect of one body is listed for the KI."""
    cycle_id, methodology = running(db)
    stage = methodology.panel_stages[0]
    aspect = methodology.indicators_of(stage.code)[0]
    evaluator = actor_for(db, "evaluator")
    body = next(q for q in verification_queue(db, evaluator, cycle_id) if any(
        s.stage == stage.code for s in panel_scores(db, SYSTEM, cycle_id, q.body_id)))
    others = [s.score for s in panel_scores(db, SYSTEM, cycle_id, body.body_id)
              if s.aspect == aspect.code and s.score is not None]
    low = max(Decimal(0), min(others) - 40)
    record_panel_score(db, evaluator, cycle_id, body.body_id, stage.code, JUROR, aspect.code,
                       low, expected_seq=0)
    at, _ = open_panel(db)
    [far] = [d.value for d in at.dataframe
             if t("eval.agreement.col.median") in d.value.columns]
    row: Any = far[far[t("eval.agreement.col.juror")] == JUROR].iloc[0]
    assert row[t("eval.agreement.col.body")] == body.name
    assert row[t("eval.agreement.col.aspect")] == aspect.name
    assert row[t("eval.agreement.col.score")] == fmt.score(low)
    assert row[t("eval.agreement.col.difference")].startswith("-")
