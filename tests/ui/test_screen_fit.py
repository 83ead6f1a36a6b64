"""The window on a laptop screen: with every dock open it fits 1280×720 and 1366×768
(docks share one tabbed area instead of lining up side by side), every dock's main
controls are on screen, the toolbar keeps its width whatever the undo text says, and
every focusable list or text shows a focus frame."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from curator.services.corpus import list_documents
from tests.ui.conftest import CTRL, SHIFT, activate, key

HOCR = Path(__file__).resolve().parents[1] / "fixtures" / "ocr" / "sample.hocr"
TITLE_BAR = 30  # what a window manager takes from the screen's height for the frame


@pytest.fixture
def win(qtbot, manual_settings, make_window, store):
    window = make_window()
    outcomes = window.import_paths([HOCR])  # an OCR document: its Low-confidence words dock opens
    assert outcomes[0].status == "imported"
    if window.last_message_box is not None:
        window.last_message_box.close()
    activate(qtbot, window)
    return window


def open_every_dock(qtbot, window) -> list:
    window.view.setFocus()
    key(window, Qt.Key.Key_U, CTRL | SHIFT)  # suggestions
    key(window, Qt.Key.Key_K, CTRL | SHIFT)  # consistency
    key(window, Qt.Key.Key_R, CTRL | SHIFT)  # corrections (runs the clean-up: nothing proposed yet)
    docks = [window.review.dock, window.suggestions.dock, window.suggestions.findings_dock, window.ocr_review.dock]
    for dock in docks:
        assert not dock.isHidden(), dock.objectName()
    return docks


def on_screen(widget: QWidget, window) -> bool:
    """Shown, not clipped away, and inside the window."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.rect().contains(rect)


@pytest.mark.parametrize("screen", [(1280, 720), (1366, 768)])
def test_every_dock_open_fits_a_laptop_screen(qtbot, win, screen):
    docks = open_every_dock(qtbot, win)
    width, height = screen[0], screen[1] - TITLE_BAR
    hint = win.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    win.resize(width, height)
    qtbot.waitUntil(lambda: win.width() <= width and win.height() <= height, timeout=2000)
    assert (win.width(), win.height()) == (width, height)
    assert not any(b.isVisible() for b in win.toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"))
    controls = {
        win.review.dock: [win.review.panel.table, win.review.panel.accept_action, win.review.panel.reject_action],
        win.suggestions.dock: [win.suggestions.panel.table, win.suggestions.panel.accept_action,
                               win.suggestions.panel.reject_action],
        win.suggestions.findings_dock: [win.suggestions.findings.table],
        win.ocr_review.dock: [win.ocr_review.panel.table],
    }
    for dock in docks:
        dock.raise_()  # its tab in front
        qtbot.waitUntil(dock.isVisible, timeout=2000)
        for control in controls[dock]:
            widgets = control.associatedObjects() if not isinstance(control, QWidget) else [control]
            shown = [w for w in widgets if isinstance(w, QWidget) and dock.isAncestorOf(w)]
            assert shown, (dock.objectName(), control)
            for widget in shown:
                assert on_screen(widget, win), (dock.objectName(), widget)
    for widget in (win.view, win.panel.table, win.panel.editor.apply_button, win.doc_list):
        assert on_screen(widget, win), widget


def test_long_undo_text_keeps_the_toolbar_width(qtbot, win, store):
    width = win.toolbar.sizeHint().width()
    buttons = {a.text(): win.toolbar.widgetForAction(a).width() for a in (win.undo_action, win.redo_action)}
    key(win, Qt.Key.Key_R, CTRL | SHIFT)  # Suggest clean-ups: "Undo Suggest clean-ups"
    panel = win.review.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=2000)
    key(win, Qt.Key.Key_A, CTRL | SHIFT)  # "Undo Accept N corrections"
    assert win.undo_stack.undoText().startswith("Accept ")
    assert win.toolbar.sizeHint().width() == width
    assert [win.toolbar.widgetForAction(a).width() for a in (win.undo_action, win.redo_action)] == list(
        buttons.values())
    assert win.undo_stack.undoText() in win.undo_action.toolTip()  # the whole text is one hover away


def _frame_colour(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, 0)


def test_focus_frame_on_every_focusable_list_and_text(qtbot, win):
    open_every_dock(qtbot, win)
    highlight = win.palette().color(win.palette().ColorRole.Highlight)
    views = [win.doc_list, win.view, win.panel.table, win.review.panel.table, win.suggestions.panel.table,
             win.suggestions.findings.table, win.ocr_review.panel.table]
    for widget in views:
        dock = next((d for d in (win.review.dock, win.suggestions.dock, win.suggestions.findings_dock,
                                 win.ocr_review.dock) if d.isAncestorOf(widget)), None)
        if dock is not None:
            dock.raise_()
            qtbot.waitUntil(widget.isVisible, timeout=2000)
        win.statusBar().setFocus()  # somewhere else first
        qtbot.waitUntil(lambda w=widget: not w.hasFocus(), timeout=2000)
        before = _frame_colour(widget)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
        after = _frame_colour(widget)
        assert after != before, widget.objectName()
        assert after == highlight, (widget.objectName(), after.name(), highlight.name())


def test_outlines_follow_the_suggestions_tab(qtbot, win, store):
    win.show_document(next(d.id for d in list_documents(store) if d.source_name.startswith("003")))
    win.view.setFocus()
    key(win, Qt.Key.Key_S, CTRL | SHIFT)
    shown = win.suggestions.panel.model.rowCount()
    assert shown and win.view.suggestion_count() == shown
    key(win, Qt.Key.Key_R, CTRL | SHIFT)  # the Corrections tab in front of the Suggestions one
    qtbot.waitUntil(lambda: win.suggestions.dock.visibleRegion().isEmpty(), timeout=2000)
    assert not win.suggestions.dock.isHidden()  # still open, behind a tab
    qtbot.waitUntil(lambda: win.view.suggestion_count() == 0, timeout=2000)
    win.suggestions.dock.raise_()
    qtbot.waitUntil(lambda: win.view.suggestion_count() == shown, timeout=2000)


def test_a_dock_shortcut_brings_a_panel_behind_a_tab_to_the_front(qtbot, win, store):
    win.show_document(next(d.id for d in list_documents(store) if d.source_name.startswith("003")))
    win.view.setFocus()
    key(win, Qt.Key.Key_S, CTRL | SHIFT)  # Suggestions in front
    key(win, Qt.Key.Key_K, CTRL | SHIFT)  # Consistency in front, Suggestions behind its tab
    dock, panel = win.suggestions.dock, win.suggestions.panel
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty(), timeout=2000)
    key(win, Qt.Key.Key_U, CTRL | SHIFT)  # its shortcut: to the front, not closed
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty(), timeout=2000)
    assert not dock.isHidden() and win.suggestions.toggle_action.isChecked()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=2000)
    key(win, Qt.Key.Key_U, CTRL | SHIFT)  # in front: the same key closes it
    qtbot.waitUntil(dock.isHidden, timeout=2000)
    assert not win.suggestions.toggle_action.isChecked()
