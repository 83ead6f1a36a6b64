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

    assert svc.get_annotation(store, ann).value == DateValue("1958-03")  # as the detectors read it
    type_into(editor.edtf_edit, "1958-03-01")
    assert svc.get_annotation(store, ann).value == DateValue("1958-03-01")
    assert not editor.date_error.isVisible()
    assert window.undo_action.text() == "Undo Edit date value"

    type_into(editor.edtf_edit, "March 1958")
    assert editor.date_error.isVisible()
    assert "not a valid EDTF date" in editor.date_error.text()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03-01")  # not saved
    assert window.undo_action.text() == "Undo Edit date value"  # no new step

    type_into(editor.edtf_edit, "1954/1956")
    assert svc.get_annotation(store, ann).value == DateValue("1954/1956")
    assert not editor.date_error.isVisible()
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03-01")
    assert editor.edtf_edit.text() == "1958-03-01"  # the editor shows the undone value
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03")
    window.undo_stack.redo()
    assert svc.get_annotation(store, ann).value == DateValue("1958-03-01")


def test_edit_figure_amount_and_unit(window, store, korean):
    ann = tag(window, Label.FIGURE, "5억 7,600만 루블")
    editor = window.panel.editor
    editor.amount_edit.setText("576,000,000")
    editor.unit_edit.setText("RUB")
    QTest.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    value = svc.get_annotation(store, ann).value
    assert value == FigureValue(Decimal("576000000"), "RUB")

    editor.amount_edit.setText("about five")  # ("5억" reads as 500000000 now)
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
    assert shown == "1,209,000,000 RUB"


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


# ------------------------------------------------------------------ the lazy table
@pytest.fixture
def big_window(qtbot, tmp_path):
    """A window over a generated document with 5,000 annotations (no seeds)."""
    from PySide6.QtCore import QSettings

    from benchmarks.gen import build_store
    from curator.ui.main_window import MainWindow

    store, doc_id, _text = build_store(tmp_path / "big.sqlite", lines=6_000, count=5_000)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings=settings, creator="tester")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, store, doc_id
    store.close()


def test_large_document_opens_fetching_only_the_rows_on_screen(qtbot, big_window, monkeypatch):
    window, store, doc_id = big_window
    model = window.panel.model
    assert window.current_doc.id == doc_id
    assert model.rowCount() == 5_000
    qtbot.waitUntil(lambda: model.fetch_calls > 0)  # the table painted its first rows
    # a handful of batches at most, not 5,000 rows
    assert 0 < model.fetched_rows <= 3 * 64
    assert model.cached_count() == model.fetched_rows
    # what is shown is the store's data, in text order
    first = svc.list_annotations(store, doc_id)[0]
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == first.id
    assert model.index(0, 1).data() == " ".join(first.quote.split())[:80]
    # reopening never goes through the full-row read
    monkeypatch.setattr(svc, "list_annotations", lambda *a: pytest.fail("full read at open"))
    window.current_doc = None
    window.show_document(doc_id)
    qtbot.waitUntil(lambda: model.fetch_calls > 0)
    assert model.fetched_rows <= 3 * 64
    # a row far down is fetched when asked for, with its batch only
    before = model.fetched_rows
    last = model.index(4_999, 1).data()
    assert last and model.fetched_rows - before <= 64


def _selected_ids(panel) -> list[int]:
    return [i.data(Qt.ItemDataRole.UserRole) for i in panel.table.selectionModel().selectedRows()]


def test_sorting_keeps_the_selected_annotation_selected(qtbot, big_window):
    window, store, doc_id = big_window
    panel = window.panel
    model = panel.model
    spans = svc.list_spans(store, doc_id)
    chosen = next(s[0] for s in spans[2_000:] if s[3] == "figure")
    panel.select_annotation(chosen)
    assert _selected_ids(panel) == [chosen]
    labels = {s[0]: s[3] for s in spans}
    order_by_label = sorted(spans, key=lambda s: ({"claim": 0, "date": 1, "figure": 2}[s[3]], s[1], -s[2], s[0]))

    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.id_at(r) for r in range(model.rowCount())] == [s[0] for s in order_by_label]
    assert _selected_ids(panel) == [chosen]
    assert panel.table.currentIndex().data(Qt.ItemDataRole.UserRole) == chosen
    assert panel.current_id() == chosen
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert labels[model.id_at(0)] == "figure" and labels[model.id_at(model.rowCount() - 1)] == "claim"
    assert _selected_ids(panel) == [chosen]

    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [model.id_at(r) for r in range(model.rowCount())] == [s[0] for s in spans]
    assert _selected_ids(panel) == [chosen]
    assert model.row_of(chosen) == [s[0] for s in spans].index(chosen)
    assert panel.current_id() == chosen


def test_sort_by_status_and_value(window, store, korean):
    late = tag(window, Label.DATE, "1959년")
    early = tag(window, Label.DATE, "1958년 3월")
    window.edit_annotation(late, {"value": DateValue("1959")})
    window.edit_annotation(early, {"value": DateValue("1958-03"), "status": Status.CONFIRMED})
    bare = tag(window, Label.CLAIM, "재정위기")  # no value, draft
    panel = window.panel
    model = panel.model

    def order() -> list[int]:
        return [model.id_at(r) for r in range(model.rowCount())]

    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # value: within dates, by EDTF
    dates = [i for i in order() if i in (early, late)]
    assert dates == [early, late]
    panel.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # status: confirmed < draft
    assert order()[0] == early
    # an edit moves the row to its new place in the status order, without a reset
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    window.edit_annotation(late, {"status": Status.CONFIRMED})
    assert order()[:2] == sorted([early, late], key=lambda i: svc.get_annotation(store, i).start)
    assert bare in order() and resets == []


def test_undo_of_create_and_delete_keeps_exact_counts_without_reset(window, store, korean):
    panel = window.panel
    model = panel.model
    resets, inserted, removed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append(last - first + 1))

    def stored_count() -> int:
        return len(svc.list_spans(store, korean))

    start = model.rowCount()
    a = tag(window, Label.DATE, "1958년 3월")
    b = tag(window, Label.FIGURE, "5억 7,600만 루블")
    assert model.rowCount() == stored_count() == start + 2
    window.undo_stack.undo()  # undo the creation of b
    assert model.rowCount() == stored_count() == start + 1 and model.row_of(b) == -1
    window.undo_stack.redo()
    assert model.rowCount() == stored_count() == start + 2 and model.row_of(b) >= 0
    panel.select_annotation(a)
    window.actions_.delete.trigger()
    assert model.rowCount() == stored_count() == start + 1 and model.row_of(a) == -1
    window.undo_stack.undo()  # the deletion: a comes back, same id, same row
    assert model.rowCount() == stored_count() == start + 2
    assert model.get(a).quote == "1958년 3월"
    assert [model.id_at(r) for r in range(model.rowCount())] == [s[0] for s in svc.list_spans(store, korean)]
    assert resets == []
    assert inserted == [1, 1, 1, 1] and removed == [1, 1]
