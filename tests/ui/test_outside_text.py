"""Text from outside is shown as text on the pages (AppTest, mini methodology).

A badan publik whose name holds Markdown and HTML, an appeal whose claim holds Markdown,
HTML, a script, a bare address and an icon shortcode, a verification reason and a juror's
name with Markdown: every element that renders Markdown gets them escaped (``ui.format``),
the appeal's claim is an ``st.text`` (never Markdown), grid cells hold them as they are,
and an evidence link is a Markdown link only when it is an http(s) address. The browser
tests (tests/e2e/test_outside_text_browser.py, test_plain_text_browser.py) check what
Chromium shows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.appeals import file_appeal, list_appeals
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.imports import import_batch
from monev.permissions import SYSTEM, Actor
from monev.verification import verify_answer
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from questionnaires.sources import Source
from questionnaires.template import write_filled
from storage.db import Database
from tests.conftest import (
    MINI_OPD_ANSWERS,
    MINI_OPD_EVIDENCE,
    cheap_hashing,
    store_appeal_evidence,
)
from tests.ui import test_coordinator_page as coordinator_page
from tests.ui import test_evaluator_page as evaluator_page
from tests.ui.demo_db import served_copy
from tests.ui.test_coordinator_page import markdown_shown
from tests.ui.test_markdown_cells import TOKENS, text_nodes
from ui.format import link, plain
from ui.text import t

BODY = "**Dinas** [Tebal](https://evil.example) <b>x</b> _Kominfo_"
CLAIM = ("**tebal** [klik](https://evil.example) <b>x</b> <script>alert(1)</script> "
         "https://auto.example :material/warning:")
REASON = "_miring_ [alasan](https://evil.example) <i>y</i> :material/block: -> www.evil.example"
JUROR = "**Dr.** [Juri](https://evil.example) <u>z</u>"
EVIDENCE = "https://ppid.example.go.id/sanggah.pdf"
SCRIPT_LINK = "javascript:alert(1)"
# What any of those texts would make if read as Markdown or HTML.
RAW = ("**tebal**", "**Dinas**", "**Dr.**", "_miring_", "_Kominfo_", "[klik](", "[Tebal](",
       "[alasan](", "[Juri](", "<b>", "<i>", "<u>", "<script>", ":material/")
LINKED = ("https://evil.example", "https://auto.example", "www.evil.example")
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success")


@dataclass(frozen=True)
class World:
    url: str
    cycle_id: int
    body_id: int
    appeal_id: int
    script_appeal_id: int
    verifier: Actor
    coordinator: Actor


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, mini_registry: Registry,
             mini: Methodology) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("outside-text") / "monev.db"
    db = Database(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashing(mp)
        cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                             registry=mini_registry)
        body = register_body(db, SYSTEM, cycle.id, name=BODY, category="opd")
        for username, role, scope in (("verif1", "evaluator", ()),
                                      ("ppid", "koordinator", (body.id,))):
            add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                     display_name=username.upper(), scope=scope)
        coordinator, verifier = actor_for(db, "ppid"), actor_for(db, "verif1")
        buffer = io.BytesIO()
        write_filled(mini, "opd", buffer, badan_publik=BODY, answers=MINI_OPD_ANSWERS,
                     evidence=MINI_OPD_EVIDENCE)
        report = import_batch(db, coordinator, cycle.id,
                              [Source("**kominfo** [x](https:evil).xlsx", buffer.getvalue())])
        assert report.ok, report.files[0].problems
        verify_answer(db, verifier, cycle.id, body.id, "1.1", "Tidak", REASON, expected_seq=0)
        appeal = file_appeal(db, coordinator, cycle.id, body.id, CLAIM, evidence=EVIDENCE)
        scripted = file_appeal(db, coordinator, cycle.id, body.id, "Bukti kedua",
                               question_code="1.1", evidence=EVIDENCE)
        store_appeal_evidence(db, scripted.id, SCRIPT_LINK)  # the service refuses it now
    db.dispose()
    return path, World("", cycle.id, body.id, appeal.id, scripted.id, verifier, coordinator)


@pytest.fixture
def world(template: tuple[Path, World], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    source, built = template
    with served_copy(source, tmp_path, monkeypatch) as url:
        yield World(url, built.cycle_id, built.body_id, built.appeal_id,
                    built.script_appeal_id, built.verifier, built.coordinator)


def markdown_bodies(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders it, labels included."""
    bodies = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    bodies += [str(e.label) for kind in ("tab", "expander", "selectbox", "text_input",
                                         "text_area", "number_input", "button", "metric")
               for e in at.get(kind) if getattr(e, "label", None)]
    return bodies


def assert_nothing_interpreted(at: AppTest) -> None:
    """No Markdown source holds the outside texts' constructs unescaped, and no address of
    theirs is left where GitHub-flavoured Markdown would link it (outside code spans)."""
    for body in markdown_bodies(at):
        masked = TOKENS.sub("\0", body)  # escapes and code spans start nothing
        for raw in RAW:
            assert raw not in masked, (raw, body)
        nodes = text_nodes(body)
        for address in LINKED:
            assert address not in nodes, (address, body)


def test_the_evaluator_sees_the_appeal_name_and_reason_as_text(world: World) -> None:
    at = evaluator_page.open_page(world.verifier)
    # The claim is text, not Markdown: shown exactly as typed.
    assert CLAIM in [e.value for e in at.text]
    headers = [e.value for e in at.markdown if "Sanggah #" in e.value]
    assert t("eval.appeal.header", id=world.appeal_id, body=BODY,
             question=t("eval.appeal.whole")) in headers
    header = next(h for h in headers if f"#{world.appeal_id}**" in h)
    assert plain(BODY) in header  # escaped: \*\*Dinas\*\* \[Tebal… <b> as \<b>
    assert markdown_shown(plain(BODY)) == BODY
    # The http(s) evidence is a Markdown link to it; the javascript: one is text.
    shown = [e.value for e in at.markdown if e.value.startswith("Bukti baru:")]
    assert t("eval.appeal.evidence", link=link(EVIDENCE)) in shown
    assert f"[`{EVIDENCE}`](" in t("eval.appeal.evidence", link=link(EVIDENCE))
    assert f"Bukti baru: {plain(SCRIPT_LINK)}" in shown
    assert not any("](" in s for s in shown if "javascript" in s)
    # The body's name in the caption above the review workspace, escaped.
    assert any(plain(BODY) in e.value for e in at.caption)
    # The verification's reason in the workspace (question 1.1 in hand), escaped.
    assert any(t("eval.ws.reason_was", reason=REASON) in e.value for e in at.markdown)
    # Grid cells hold the texts as they are (a grid never renders Markdown).
    assert at.dataframe[0].value.iloc[0]["Badan publik"] == BODY
    assert_nothing_interpreted(at)


def test_evidence_in_the_workspace_is_a_link_only_for_http(world: World) -> None:
    db = Database(world.url)
    try:
        from monev.review import answers_for_review

        rows = {r.code: r for r in answers_for_review(db, SYSTEM, world.cycle_id,
                                                      world.body_id)}
    finally:
        db.dispose()
    at = evaluator_page.open_page(world.verifier)
    pick = f"ws_{world.cycle_id}_{world.body_id}_pick"
    for code, row in rows.items():
        at.radio(key=pick).set_value(code).run()
        assert not at.exception, at.exception
        [shown] = [e.value for e in at.markdown if e.value.startswith("**Data dukung:**")]
        if row.evidence.startswith(("http://", "https://")):
            assert shown == f"**Data dukung:** {link(row.evidence)}"
        else:
            assert "](" not in shown
        assert_nothing_interpreted(at)


def test_a_juror_named_with_markdown_is_shown_as_text(world: World) -> None:
    at = evaluator_page.open_page(world.verifier)
    at.text_input(key=f"eval_panel_juror_{world.body_id}").input(JUROR).run()
    [score] = [n for n in at.text_input if n.key.startswith("eval_panel_score_")]
    score.input("80")  # panel scores are typed in text fields (a decimal comma)
    at.button(key="eval_panel_save").click().run()
    assert not at.exception, at.exception
    success = [e.value for e in at.success]
    assert any(s.startswith(t("eval.panel.saved", n=1, juror=JUROR)) for s in success)
    assert any(plain(JUROR) in s for s in success)
    assert_nothing_interpreted(at)


def test_the_koordinator_files_and_lists_appeals_as_text(world: World) -> None:
    at = coordinator_page.open_page(world.coordinator)
    listed = next(d.value for d in at.dataframe if "Isi sanggah" in d.value.columns)
    assert CLAIM in list(listed["Isi sanggah"])
    assert set(listed["Badan publik"]) == {BODY}
    at.text_area(key="coord_appeal_claim").input(CLAIM)
    at.text_input(key="coord_appeal_evidence").input(SCRIPT_LINK)
    next(b for b in at.button if b.label == t("coord.appeal.submit")).click().run()
    assert not at.exception, at.exception
    assert any("Tautan bukti harus alamat web lengkap" in e.value for e in at.error)
    assert at.text_area(key="coord_appeal_claim").value == CLAIM  # kept to correct
    at.text_input(key="coord_appeal_evidence").input(EVIDENCE)
    next(b for b in at.button if b.label == t("coord.appeal.submit")).click().run()
    assert not at.exception, at.exception
    filed = max(a.id for a in list_appeals(Database(world.url), SYSTEM, world.cycle_id))
    assert t("coord.appeal.filed", id=filed, body=BODY) in [e.value for e in at.success]
    assert_nothing_interpreted(at)


def test_a_refusal_quoting_outside_text_is_shown_as_text() -> None:
    def page() -> None:
        from monev.errors import UsageError
        from ui.components.cycle import flash, show_flash
        from ui.state import show_error

        show_error(UsageError("Badan publik '**Dinas** [x](https://evil.example) <b>y</b>' "
                              "tidak ditemukan.\n- baris :material/warning:"))
        flash("uji", "warning", "Juri **Dr.** [x](https://evil.example) tidak dikenal.")
        show_flash("uji")

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    message = ("Badan publik '**Dinas** [x](https://evil.example) <b>y</b>' tidak "
               "ditemukan.\n- baris :material/warning:")
    assert at.error[0].value == plain(message, lines=True)
    assert markdown_shown(at.error[0].value) == message.replace("\n", "  \n")
    assert at.warning[0].value == plain("Juri **Dr.** [x](https://evil.example) tidak dikenal.",
                                        lines=True)
    for body in (at.error[0].value, at.warning[0].value):
        assert "https://evil.example" not in text_nodes(body)
        masked = TOKENS.sub("\0", body)
        for raw in ("**", "<b>", "[x]("):
            assert raw not in masked, body
        assert ":material/" not in body
