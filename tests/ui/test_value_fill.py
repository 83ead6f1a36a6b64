"""A hand-tagged date or figure gets the value the detectors read, in the same undo
step as the tag, and editable; the editor accepts amounts as the detectors read them
and normalises units."""

from __future__ import annotations

from decimal import Decimal

from curator.domain import DateValue, FigureValue, Label
from curator.services import annotations as svc
from tests.ui.editing_helpers import show_seed, tag_key, type_text


def test_tagging_a_korean_figure_fills_its_value_in_the_same_step(window, store):
    show_seed(window, "003_")
    steps = window.undo_stack.index()
    ann = tag_key(window, Label.FIGURE, "5억 7,600만 루블")
    assert window.undo_stack.index() == steps + 1
    assert svc.get_annotation(store, ann).value == FigureValue(Decimal("576000000"), "RUB")
    editor = window.panel.editor
    assert (editor.amount_edit.text(), editor.unit_edit.text()) == ("576000000", "RUB")
    window.undo_stack.undo()  # one step: the tag and its value go together
    assert window.undo_stack.index() == steps
    assert ann not in {a.id for a in svc.list_annotations(store, window.current_doc.id)}
    window.undo_stack.redo()
    assert svc.get_annotation(store, ann).value == FigureValue(Decimal("576000000"), "RUB")


def test_tagging_english_figures_and_dates_fills_their_values(window, store):
    show_seed(window, "003_")
    billion = tag_key(window, Label.FIGURE, "1.29 billion rubles")
    assert svc.get_annotation(store, billion).value == FigureValue(Decimal("1290000000"), "RUB")
    million = tag_key(window, Label.FIGURE, "576 million rubles")
    assert svc.get_annotation(store, million).value == FigureValue(Decimal("576000000"), "RUB")
    date = tag_key(window, Label.DATE, "1958년 3월")
    assert svc.get_annotation(store, date).value == DateValue("1958-03")
    assert window.panel.editor.edtf_edit.text() == "1958-03"
    claim = tag_key(window, Label.CLAIM, "재정위기")
    assert svc.get_annotation(store, claim).value is None


def test_the_filled_value_is_editable(window, store):
    show_seed(window, "003_")
    ann = tag_key(window, Label.DATE, "1958년 3월")
    type_text(window.panel.editor.edtf_edit, "1958-03-05", enter=True)
    assert svc.get_annotation(store, ann).value == DateValue("1958-03-05")
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")


def test_the_editor_reads_amounts_as_the_detectors_do(window, store):
    show_seed(window, "003_")
    ann = tag_key(window, Label.CLAIM, "재정위기")
    editor = window.panel.editor
    index = editor.label_combo.findData(Label.FIGURE.value)
    editor.label_combo.setCurrentIndex(index)
    editor.label_combo.activated.emit(index)
    for typed, unit, amount, code in (
        ("1.29 billion", "roubles", "1290000000", "RUB"),
        ("12억 900만", "루블", "1209000000", "RUB"),
        ("576 million", "dollars", "576000000", "USD"),
        ("3,000", "tons", "3000", "t"),
    ):
        type_text(editor.amount_edit, typed)
        type_text(editor.unit_edit, unit, enter=True)
        assert not editor.figure_error.isVisible(), editor.figure_error.text()
        assert svc.get_annotation(store, ann).value == FigureValue(Decimal(amount), code)
        assert (editor.amount_edit.text(), editor.unit_edit.text()) == (amount, code)
    type_text(editor.unit_edit, "")
    type_text(editor.amount_edit, "576 million rubles", enter=True)  # the whole figure in one field
    assert svc.get_annotation(store, ann).value == FigureValue(Decimal("576000000"), "RUB")
    type_text(editor.amount_edit, "about five", enter=True)
    assert editor.figure_error.isVisible() and "not a number" in editor.figure_error.text()
