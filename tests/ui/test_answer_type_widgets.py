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


def test_number_and_text_questions_are_typed_with_a_decimal_comma() -> None:
    from decimal import Decimal

    from questionnaires.loader import load_methodology
    from tests.conftest import FIXTURES

    m = load_methodology(FIXTURES / "angka-uraian.yaml")
    q12, q21 = m.question_by_code["1.2"], m.question_by_code["2.1"]
    # what the field starts with: the number read (85,5, as typed back), the verifikator's
    # points once given; nothing for a text not yet scored (its text is shown above)
    assert review_workspace.widget_value(q12, Decimal("85.5"), "85,5%") == "85,5"
    assert review_workspace.widget_value(q21, "Inovasi WA", "Inovasi WA") == ""
    assert review_workspace.widget_value(q21, Decimal("3.5"), "3,5 poin") == "3,5"

    def page(methodology: "Methodology") -> None:  # noqa: UP037 (the source runs alone)
        from decimal import Decimal

        from ui.components.review_workspace import value_control, widget_value

        value_control(methodology.question_by_code["1.2"], "value_1.2",
                      widget_value(methodology.question_by_code["1.2"], Decimal("85.5"), ""))
        value_control(methodology.question_by_code["2.1"], "value_2.1",
                      widget_value(methodology.question_by_code["2.1"], "Inovasi WA", ""))

    at = AppTest.from_function(page, kwargs={"methodology": m}).run()
    assert not at.exception, at.exception
    number = at.text_input(key="value_1.2")
    assert number.value == "85,5"
    assert number.help == ("Angka yang terbukti menurut data dukung. Ketik angka 0 sampai 100 "
                           "(%), paling banyak 1 angka di belakang koma, mis. 85,5.")
    points = at.text_input(key="value_2.1")
    assert points.value == ""
    assert points.help == ("Poin untuk uraian dan buktinya: poin 0 sampai 5, paling banyak 1 "
                           "angka di belakang koma (mis. 2,5).")
    assert not at.radio  # typed, never picked from a list
