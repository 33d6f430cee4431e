"""The evaluator's review tables are built from the answer types' widget descriptions:
``ui.components.review`` maps select / multiselect / text to ``st.column_config`` and asks
the registry for the types, so a new type gets its table without a change here."""

from __future__ import annotations

from questionnaires import answer_types
from questionnaires.answer_types import Widget
from tests.questionnaires.test_answer_types import Percent
from ui.components import review


def value_column(edit: Widget) -> dict:
    return review.column_config(edit)[review.VALUE]


def test_each_widget_kind_maps_to_its_column():
    select = value_column(Widget("select", ("Ya", "Tidak"), "**x**"))
    assert select["type_config"] == {"type": "selectbox", "options": ["Ya", "Tidak"]}
    assert select["help"] == "Nilai menurut verifikator setelah memeriksa data dukung."
    many = value_column(Widget("multiselect", ("a", "b"), "**x**", help="Pilih butir."))
    assert many["type_config"]["type"] == "multiselect"
    assert [o["value"] for o in many["type_config"]["options"]] == ["a", "b"]
    assert many["help"] == "Pilih butir."
    typed = value_column(Widget("text", (), "**x**"))
    assert typed["type_config"]["type"] == "text"


def test_a_registered_type_gets_its_own_table(mini):
    assert [k.name for k in review.kinds()] == ["yes_no", "scale", "checklist"]
    spec = answer_types.register(Percent())
    try:
        assert review.kinds()[-1] is spec
        assert review.editor_key(spec, 7, 2) == "eval_editor_percent_7_2"
        assert review.widget(spec, [], mini).kind == "text"
    finally:
        answer_types.unregister(spec.name)
    assert [k.name for k in review.kinds()] == ["yes_no", "scale", "checklist"]
