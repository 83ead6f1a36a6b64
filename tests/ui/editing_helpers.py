"""Helpers of the editing-safety tests: tag and click like a curator, on the seeds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from curator.domain import Label
from curator.text.offsets import Utf16Map
from tests.ui.conftest import CTRL, cp_point, key, select_cp

TAG_KEYS = {Label.CLAIM: Qt.Key.Key_1, Label.DATE: Qt.Key.Key_2, Label.FIGURE: Qt.Key.Key_3}


def show_seed(window, prefix: str) -> int:
    """Show the seed whose file name starts with ``prefix`` by clicking it in the list."""
    model = window.doc_model
    row = next(r for r in range(model.rowCount()) if model.document_at(r).source_name.startswith(prefix))
    tree = window.doc_list
    rect = tree.visualRect(model.index(row, 0))
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    return model.document_at(row).id


def find_cp(window, phrase: str, occurrence: int = 0) -> int:
    text = window.current_doc.text
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    return at


def tag_key(window, label: Label, phrase: str, occurrence: int = 0) -> int:
    """Select ``phrase`` and press Ctrl+1/2/3 in the text; the new annotation's id."""
    at = find_cp(window, phrase, occurrence)
    select_cp(window, at, at + len(phrase))
    window.view.setFocus()
    before = window.undo_stack.index()
    key(window, TAG_KEYS[label], CTRL)
    assert window.undo_stack.index() == before + 1, window.statusBar().currentMessage()
    return window.panel.current_id()


def click_cp(window, cp: int) -> None:
    """A left click on code point ``cp`` of the text (scrolled into view first)."""
    view = window.view
    m = Utf16Map.of(window.current_doc.text)
    cursor = QTextCursor(view.document())
    cursor.setPosition(m.to_utf16(cp))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     cp_point(window, cp))


def type_text(widget, text: str, *, enter: bool = False) -> None:
    """Replace a line edit's text by typing (Latin-1 through keys; other text as an input
    method commits it)."""
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:
        widget.insert(text)
    if enter:
        QTest.keyClick(widget, Qt.Key.Key_Return)


def choose_status(window, status) -> None:
    """Pick ``status`` in the editor's combo with the keyboard, as a curator does."""
    combo = window.panel.editor.status_combo
    combo.setFocus()
    target = combo.findData(status.value)
    while combo.currentIndex() != target:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def message_box(qtbot, window) -> QMessageBox:
    """The unsaved-edit question the window opened."""
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=2000)
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())


def press_button(box: QMessageBox, which: QMessageBox.StandardButton) -> None:
    QTest.mouseClick(box.button(which), Qt.MouseButton.LeftButton)
