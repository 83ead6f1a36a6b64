"""The annotation panel: editing values by typing, inline validation, evidence, status,
label changes, sorting — each save one undo step, checked in the store."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from curator.domain import ClaimValue, DateValue, FigureValue, Label, Status
from curator.services import annotations as svc
from tests.ui.conftest import CTRL, SHIFT, key, select_cp


def tag(window, label: Label, phrase: str, occurrence: int = 0) -> int:
    text = window.current_doc.text
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    select_cp(window, at, at + len(phrase))
    ann = window.tag_selection(label)
    assert ann is not None
    return ann


def type_into(widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


@pytest.fixture
def korean(window, store):
    """Show the Korean seed (third document)."""
    docs = window.doc_model.documents()
    doc = next(d for d in docs if d.source_name.startswith("003_"))
    window.show_document(doc.id)
    return doc.id


def test_edit_date_valid_then_invalid_then_undo(window, store, korean):
    ann = tag(window, Label.DATE, "1958년 3월")
    editor = window.panel.editor
    assert editor.row.id == ann
    assert editor.pages.currentIndex() == editor._page_index[Label.DATE]

    type_into(editor.edtf_edit, "1958-03")
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")
    assert not editor.date_error.isVisible()
    assert window.undo_action.text() == "Undo Edit date value"

    type_into(editor.edtf_edit, "March 1958")
    assert editor.date_error.isVisible()
    assert "not a valid EDTF date" in editor.date_error.text()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")  # not saved
    assert window.undo_action.text() == "Undo Edit date value"  # no new step

    type_into(editor.edtf_edit, "1954/1956")
    assert svc.get_annotation(store, ann).value == DateValue("1954/1956")
    assert not editor.date_error.isVisible()
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")
    assert editor.edtf_edit.text() == "1958-03"  # the editor shows the undone value
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value is None
    window.undo_stack.redo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")


def test_edit_figure_amount_and_unit(window, store, korean):
    ann = tag(window, Label.FIGURE, "5억 7,600만 루블")
    editor = window.panel.editor
    editor.amount_edit.setText("576,000,000")
    editor.unit_edit.setText("RUB")
    QTest.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    value = svc.get_annotation(store, ann).value
    assert value == FigureValue(Decimal("576000000"), "RUB")

    editor.amount_edit.setText("5억")
    QTest.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    assert editor.figure_error.isVisible() and "not a number" in editor.figure_error.text()
    type_into(editor.unit_edit, "")
    assert svc.get_annotation(store, ann).value == value

    editor.amount_edit.setText("1209000000")
    type_into(editor.unit_edit, "RUB")
    assert svc.get_annotation(store, ann).value.amount == Decimal("1209000000")
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value == value
    window.undo_stack.redo()
    assert svc.get_annotation(store, ann).value.amount == Decimal("1209000000")
    shown = window.panel.proxy.index(window.panel.proxy_row_of(ann), 2).data()
    assert shown == "1209000000 RUB"


def test_claim_with_evidence_undo_redo(window, store, korean):
    date = tag(window, Label.DATE, "1958년 3월")
    figure = tag(window, Label.FIGURE, "5억 7,600만 루블")
    other = tag(window, Label.FIGURE, "12억 900만 루블")
    claim = tag(window, Label.CLAIM, "5개년계획을 채택한")
    editor = window.panel.editor
    assert editor.row.id == claim
    items = {editor.evidence_list.item(i).data(Qt.ItemDataRole.UserRole): editor.evidence_list.item(i)
             for i in range(editor.evidence_list.count())}
    assert set(items) == {date, figure, other}  # only dates and figures are offered
    items[date].setCheckState(Qt.CheckState.Checked)
    items[figure].setCheckState(Qt.CheckState.Checked)
    type_into(editor.summary_edit, "The plan was adopted in March 1958")
    saved = svc.get_annotation(store, claim)
    assert saved.value == ClaimValue("The plan was adopted in March 1958", (date, figure))
    assert svc.get_annotation(store, date).supports == (claim,)

    window.undo_stack.undo()
    assert svc.get_annotation(store, claim).value is None
    assert svc.get_annotation(store, date).supports == ()
    window.undo_stack.redo()
    assert svc.get_annotation(store, claim).evidence == (date, figure)
    checked = [editor.evidence_list.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(editor.evidence_list.count())
               if editor.evidence_list.item(i).checkState() == Qt.CheckState.Checked]
    assert sorted(checked) == sorted([date, figure])
    value_cell = window.panel.proxy.index(window.panel.proxy_row_of(claim), 2).data()
    assert "[2 evidence]" in value_cell


def test_status_note_and_label_changes_are_undoable(window, store, korean):
    ann = tag(window, Label.DATE, "1959년")
    editor = window.panel.editor
    type_into(editor.edtf_edit, "1959")
    confirmed = editor.status_combo.findData(Status.CONFIRMED.value)
    editor.status_combo.setCurrentIndex(confirmed)
    editor.status_combo.activated.emit(confirmed)
    assert svc.get_annotation(store, ann).status is Status.CONFIRMED
    type_into(editor.note_edit, "food crisis year")
    assert svc.get_annotation(store, ann).note == "food crisis year"

    figure = editor.label_combo.findData(Label.FIGURE.value)
    editor.label_combo.setCurrentIndex(figure)
    editor.label_combo.activated.emit(figure)
    changed = svc.get_annotation(store, ann)
    assert changed.label is Label.FIGURE and changed.value is None
    assert window.view.span(ann).label == "figure"
    assert editor.pages.currentIndex() == editor._page_index[Label.FIGURE]

    key(window, Qt.Key.Key_Z, CTRL)
    back = svc.get_annotation(store, ann)
    assert back.label is Label.DATE and back.value == DateValue("1959")
    assert window.view.span(ann).label == "date"
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).note == ""
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).status is Status.DRAFT
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert svc.get_annotation(store, ann).status is Status.CONFIRMED


def test_label_change_of_cited_evidence_is_refused(window, store, korean):
    date = tag(window, Label.DATE, "1958년 3월")
    claim = tag(window, Label.CLAIM, "5개년계획을 채택한")
    window.edit_annotation(claim, {"value": ClaimValue("adopted", (date,))})
    window.panel.select_annotation(date)
    editor = window.panel.editor
    index = editor.label_combo.findData(Label.CLAIM.value)
    editor.label_combo.setCurrentIndex(index)
    editor.label_combo.activated.emit(index)
    assert "evidence for 1 claim" in window.statusBar().currentMessage()
    assert svc.get_annotation(store, date).label is Label.DATE
    assert editor.label_combo.currentData() == Label.DATE.value
    assert svc.get_annotation(store, claim).evidence == (date,)


def test_sort_by_label_and_by_position(window, store, korean):
    ids = [
        tag(window, Label.FIGURE, "5억 7,600만 루블"),
        tag(window, Label.CLAIM, "재정위기"),
        tag(window, Label.DATE, "1958년 3월"),
        tag(window, Label.DATE, "1959년"),
    ]
    panel = window.panel
    header = panel.table.horizontalHeader()

    def order() -> list[int]:
        return [panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(panel.proxy.rowCount())]

    def labels() -> list[str]:
        return [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]

    rows = {r.id: r for r in svc.list_annotations(store, korean)}
    by_position = sorted(ids, key=lambda i: (rows[i].start, -rows[i].end, i))
    assert order() == by_position  # the default: text order
    label_header = QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, label_header)
    assert labels() == ["Claim", "Date", "Date", "Figure"]
    dates = [i for i in order() if rows[i].label is Label.DATE]
    assert dates == sorted(dates, key=lambda i: rows[i].start)  # position within a label
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert order() == by_position
    # a new annotation lands at its place in the sorted view
    new = tag(window, Label.CLAIM, "본 연구는")
    assert order()[0] == new


def test_panel_deselects_when_current_is_deleted(window, store, korean):
    ann = tag(window, Label.DATE, "1959년")
    window.actions_.delete.trigger()
    assert window.panel.current_id() is None
    assert not window.panel.editor.apply_button.isEnabled()
    assert not window.actions_.delete.isEnabled()
    window.undo_stack.undo()
    assert window.panel.current_id() == ann
