"""Typed edits are never thrown away: a status change saves the typed value and note with
it (one undo step); leaving an annotation (a click in the text or the table, another
document, closing the window) saves valid typed edits as one step, and asks about an
invalid (red) one: Discard, or Cancel to stay and fix it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from curator.domain import DateValue, FigureValue, Label, Status
from curator.services import annotations as svc
from tests.ui.editing_helpers import (
    choose_status,
    click_cp,
    find_cp,
    message_box,
    press_button,
    show_seed,
    tag_key,
    type_text,
)

Button = QMessageBox.StandardButton


def test_status_change_saves_the_typed_unit_and_note_in_one_step(window, store):
    show_seed(window, "003_")
    fig = tag_key(window, Label.FIGURE, "12억 900만 루블")
    before = svc.get_annotation(store, fig)
    editor = window.panel.editor
    type_text(editor.amount_edit, "1209000000")
    type_text(editor.unit_edit, "RUB (1950s)")
    type_text(editor.note_edit, "reconstruction aid")
    steps = window.undo_stack.index()

    choose_status(window, Status.CONFIRMED)

    saved = svc.get_annotation(store, fig)
    assert saved.status is Status.CONFIRMED
    assert saved.value == FigureValue(Decimal("1209000000"), "RUB (1950s)")
    assert saved.note == "reconstruction aid"
    assert window.undo_stack.index() == steps + 1  # one step for the three
    assert editor.unit_edit.text() == "RUB (1950s)" and editor.note_edit.text() == "reconstruction aid"
    window.undo_stack.undo()
    back = svc.get_annotation(store, fig)
    assert (back.status, back.value, back.note) == (before.status, before.value, before.note)
    window.undo_stack.redo()
    again = svc.get_annotation(store, fig)
    assert (again.status, again.value, again.note) == (saved.status, saved.value, saved.note)


def test_clicking_another_annotation_saves_the_typed_note(window, store):
    show_seed(window, "003_")
    first = tag_key(window, Label.DATE, "1958년 3월")
    second = tag_key(window, Label.DATE, "1959년")
    click_cp(window, find_cp(window, "1958년 3월") + 2)
    assert window.panel.current_id() == first
    steps = window.undo_stack.index()
    type_text(window.panel.editor.note_edit, "month of the plenum")

    click_cp(window, find_cp(window, "1959년") + 1)

    assert window.panel.current_id() == second
    assert svc.get_annotation(store, first).note == "month of the plenum"
    assert window.undo_stack.index() == steps + 1
    assert window.undo_action.text() == "Undo Edit date note"
    assert window.panel.editor.note_edit.text() == ""  # the second one's note
    window.undo_stack.undo()
    assert svc.get_annotation(store, first).note == ""
    window.undo_stack.redo()
    assert svc.get_annotation(store, first).note == "month of the plenum"


def test_clicking_another_table_row_saves_the_typed_value(window, store):
    show_seed(window, "003_")
    first = tag_key(window, Label.DATE, "1958년 3월")
    second = tag_key(window, Label.DATE, "1959년")
    window.panel.select_annotation(first)
    type_text(window.panel.editor.edtf_edit, "1958-03-01")
    table = window.panel.table
    rect = table.visualRect(window.panel.model.index(window.panel.model.row_of(second), 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert window.panel.current_id() == second
    assert svc.get_annotation(store, first).value == DateValue("1958-03-01")


def test_an_invalid_value_asks_cancel_stays_and_discard_leaves(qtbot, window, store):
    show_seed(window, "003_")
    first = tag_key(window, Label.DATE, "1958년 3월")
    second = tag_key(window, Label.DATE, "1959년")
    click_cp(window, find_cp(window, "1958년 3월") + 2)
    kept = svc.get_annotation(store, first)
    steps = window.undo_stack.index()
    editor = window.panel.editor
    type_text(editor.edtf_edit, "March 1958")

    click_cp(window, find_cp(window, "1959년") + 1)
    box = message_box(qtbot, window)
    assert "March 1958" in box.text() and "not a valid EDTF date" in box.informativeText()
    assert window.panel.current_id() == first  # nothing left yet
    press_button(box, Button.Cancel)
    assert window.panel.current_id() == first
    assert editor.edtf_edit.text() == "March 1958"  # still there to fix
    assert window.panel.table.currentIndex().row() == window.panel.model.row_of(first)

    click_cp(window, find_cp(window, "1959년") + 1)
    press_button(message_box(qtbot, window), Button.Discard)
    assert window.panel.current_id() == second
    assert svc.get_annotation(store, first) == kept
    assert window.undo_stack.index() == steps  # nothing saved, no step


def test_switching_document_saves_the_typed_note(window, store):
    korean = show_seed(window, "003_")
    ann = tag_key(window, Label.DATE, "1959년")
    type_text(window.panel.editor.note_edit, "food crisis")
    other = show_seed(window, "001_")
    assert window.current_doc.id == other
    assert svc.get_annotation(store, ann).note == "food crisis"
    window.undo_stack.undo()  # the note; the undo shows the document again
    assert svc.get_annotation(store, ann).note == "" and window.current_doc.id == korean


def test_switching_document_with_an_invalid_value_asks(qtbot, window, store):
    korean = show_seed(window, "003_")
    tag_key(window, Label.DATE, "1959년")
    type_text(window.panel.editor.edtf_edit, "the year after")
    show_seed(window, "001_")
    box = message_box(qtbot, window)
    press_button(box, Button.Cancel)
    assert window.current_doc.id == korean
    assert window.doc_list.currentIndex().row() == window.doc_model.row_of(korean)
    other = show_seed(window, "001_")
    press_button(message_box(qtbot, window), Button.Discard)
    assert window.current_doc.id == other


def test_closing_the_window_saves_or_asks(qtbot, window, store):
    show_seed(window, "003_")
    ann = tag_key(window, Label.DATE, "1959년")
    type_text(window.panel.editor.note_edit, "checked")
    type_text(window.panel.editor.edtf_edit, "1959-13")  # no 13th month
    window.close()
    box = message_box(qtbot, window)
    press_button(box, Button.Cancel)
    assert window.isVisible()
    type_text(window.panel.editor.edtf_edit, "1959")
    window.close()
    assert not window.isVisible()
    saved = svc.get_annotation(store, ann)
    assert saved.note == "checked" and saved.value == DateValue("1959")


def test_save_in_the_question_keeps_the_note_and_drops_the_invalid_value(qtbot, window, store):
    show_seed(window, "003_")
    first = tag_key(window, Label.DATE, "1958년 3월")
    second = tag_key(window, Label.DATE, "1959년")
    click_cp(window, find_cp(window, "1958년 3월") + 2)
    editor = window.panel.editor
    type_text(editor.note_edit, "plenum")
    type_text(editor.edtf_edit, "spring 1958")
    click_cp(window, find_cp(window, "1959년") + 1)
    press_button(message_box(qtbot, window), Button.Save)
    assert window.panel.current_id() == second
    saved = svc.get_annotation(store, first)
    assert saved.note == "plenum" and saved.value == DateValue("1958-03")


def test_mark_reviewed_and_a_label_change_take_the_typed_note_along(window, store):
    show_seed(window, "003_")
    ann = tag_key(window, Label.DATE, "1959년")
    editor = window.panel.editor
    choose_status(window, Status.NEEDS_REVIEW)
    type_text(editor.note_edit, "checked against the Russian text")
    steps = window.undo_stack.index()
    QTest.mouseClick(editor.reviewed_button, Qt.MouseButton.LeftButton)
    saved = svc.get_annotation(store, ann)
    assert saved.status is not Status.NEEDS_REVIEW and saved.note == "checked against the Russian text"
    assert window.undo_stack.index() == steps + 1
    type_text(editor.note_edit, "a year, not a figure")
    figure = editor.label_combo.findData(Label.CLAIM.value)
    editor.label_combo.setFocus()
    editor.label_combo.setCurrentIndex(figure)
    editor.label_combo.activated.emit(figure)
    relabelled = svc.get_annotation(store, ann)
    assert relabelled.label is Label.CLAIM and relabelled.note == "a year, not a figure"
    window.undo_stack.undo()
    back = svc.get_annotation(store, ann)
    assert back.label is Label.DATE and back.note == "checked against the Russian text"
