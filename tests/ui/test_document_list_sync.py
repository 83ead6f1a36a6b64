"""The document list always highlights the document shown, also after an undo that
switches documents and while the filter hides rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest

from curator.domain import Label
from tests.ui.conftest import CTRL, SHIFT, key
from tests.ui.editing_helpers import show_seed, tag_key


def highlighted(window) -> list[int]:
    """The documents the list shows as current and selected (ids)."""
    tree, model = window.doc_list, window.doc_model
    current = tree.currentIndex()
    selected = {i.row() for i in tree.selectionModel().selectedRows()}
    rows = {current.row()} | selected if current.isValid() else selected | {-1}
    return sorted(model.document_at(r).id if r >= 0 else -1 for r in rows)


def visible(window, doc_id: int) -> bool:
    return not window.doc_list.isRowHidden(window.doc_model.row_of(doc_id), QModelIndex())


def test_undo_that_switches_document_highlights_it(window, store):
    a = show_seed(window, "003_")
    tag_key(window, Label.DATE, "1959년")
    b = show_seed(window, "001_")
    assert highlighted(window) == [b]
    told = []  # the list view hears of it (so it repaints), not only its selection model
    window.doc_list.selectionModel().currentRowChanged.connect(lambda cur, _prev: told.append(cur.row()))
    window.view.setFocus()
    key(window, Qt.Key.Key_Z, CTRL)
    assert window.current_doc.id == a
    assert highlighted(window) == [a]
    assert told == [window.doc_model.row_of(a)]
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: still A
    assert window.current_doc.id == a and highlighted(window) == [a]
    # and the list goes on from there: Down moves to the row after A's
    window.doc_list.setFocus()
    QTest.keyClick(window.doc_list, Qt.Key.Key_Down)
    row_a = window.doc_model.row_of(a)
    if row_a + 1 < window.doc_model.rowCount():
        assert window.current_doc.id == window.doc_model.document_at(row_a + 1).id


def test_undo_with_the_filter_hiding_the_document_highlights_it(qtbot, window, store):
    a = show_seed(window, "003_")
    tag_key(window, Label.DATE, "1959년")
    b = show_seed(window, "001_")
    key(window, Qt.Key.Key_F, CTRL | SHIFT)
    edit = window.doc_pane.edit
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    QTest.keyClicks(edit, "wartime")  # only 001's title
    assert not visible(window, a) and visible(window, b)
    told = []
    window.doc_list.selectionModel().currentRowChanged.connect(lambda cur, _prev: told.append(cur.row()))
    window.view.setFocus()
    key(window, Qt.Key.Key_Z, CTRL)
    assert window.current_doc.id == a
    assert highlighted(window) == [a] and told == [window.doc_model.row_of(a)]
    QTest.keyClick(edit, Qt.Key.Key_Escape)  # the filter cleared: A is there, highlighted
    assert visible(window, a) and highlighted(window) == [a]
    assert window.current_doc.id == a
