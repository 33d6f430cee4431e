"""The verifikator's value control is built from the question's answer type: the
workspace (``ui.components.review_workspace``) maps the type's widget description — select,
multiselect, text — to radio buttons, pills or a text field, and shows the options as the
type displays them; a newly registered type gets its control without a change there."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from questionnaires.model import Methodology
from questionnaires.submission import NIL_LABEL
from tests.questionnaires.test_answer_types import (  # noqa: F401 (fixtures)
    percent,
    with_percent,
)
from ui.components import review_workspace


def controls(methodology: Methodology) -> AppTest:
    def page(methodology: "Methodology") -> None:  # noqa: UP037 (the source runs alone)
        from ui.components.review_workspace import value_control

        for question in methodology.questions:
            value_control(question, f"value_{question.code}", None)

    at = AppTest.from_function(page, kwargs={"methodology": methodology}).run()
    assert not at.exception, at.exception
    return at


def test_each_widget_kind_gets_its_control(mini: Methodology) -> None:
    at = controls(mini)
    yes_no = at.radio(key="value_1.1")
    assert yes_no.options == ["Ya", "Tidak"]
    assert yes_no.value is None  # nothing picked: no value is assumed
    assert yes_no.help == "Nilai menurut verifikator setelah memeriksa data dukung. " \
                          "Alasan wajib bila berbeda dari nilai saat ini."
    scale = at.radio(key="value_2.1")
    assert scale.options == ["0 – Tidak ada", "1 – Draf", "2 – Ditetapkan"]  # as displayed
    checklist = at.pills(key="value_1.2")
    assert checklist.options == ["a (RKA)", "b (DPA)", "c (LRA)"]
    assert checklist.value == []
    assert checklist.help.startswith("Butir yang benar-benar ada")  # the type's own help


def test_a_question_allowing_nihil_offers_it(mini: Methodology) -> None:
    question = mini.question_by_code["1.1"].model_copy(update={"allow_na": True})
    edit = review_workspace.widget(question)
    assert edit.options == ("Ya", "Tidak", NIL_LABEL)
    assert review_workspace.option_label(question, edit, NIL_LABEL) == NIL_LABEL


def test_a_registered_type_gets_its_own_control(with_percent: Methodology) -> None:  # noqa: F811
    at = controls(with_percent)
    typed = at.text_input(key="value_1.3")
    assert typed.help == "Ketik 0–100."  # the toy type's widget: typed freely
    assert typed.value == ""
    assert {r.key for r in at.radio} == {"value_1.1", "value_2.1", "value_2.2"}
