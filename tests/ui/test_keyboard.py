"""The window from the keyboard alone: every step below is a key press on the widget
that has the focus (``key``), and the checks read ``QApplication.focusWidget()``.

The annotation list and its value editor, the docks' shortcuts landing in their lists
with a current row, the compare window closed with Escape / Ctrl+W, text zoom kept
between sessions, and clean-up run by Ctrl+Shift+R when nothing was proposed yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.domain import Label
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.services import suggestions as sugg
from curator.services.corpus import list_documents
from tests.ui.conftest import CTRL, SHIFT, activate, key, select_cp

HOCR = Path(__file__).resolve().parents[1] / "fixtures" / "ocr" / "sample.hocr"


def focus() -> object:
    return QApplication.focusWidget()


def seed_003(store) -> int:
    return next(d.id for d in list_documents(store) if d.source_name.startswith("003"))


@pytest.fixture
def win(qtbot, manual_settings, make_window, store):
    window = make_window()
    window.show_document(seed_003(store))
    return window


def tag_phrase(window, label: Label, phrase: str) -> int:
    text = window.current_doc.text
    start = text.index(phrase)
    select_cp(window, start, start + len(phrase))
    ann = window.tag_selection(label)
    assert ann is not None
    return ann


# ---------------------------------------------------------------------- point 1
def test_enter_edits_the_row_escape_returns_and_tab_leaves_the_list(qtbot, win, store):
    date_id = tag_phrase(win, Label.DATE, "1958")
    table = win.panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    assert win.panel.current_id() == date_id

    key(win, Qt.Key.Key_Return)  # Enter on the row: into its value editor
    assert focus() is win.panel.editor.edtf_edit
    for ch in "1958-03":
        key(win, getattr(Qt.Key, f"Key_{ch}") if ch != "-" else Qt.Key.Key_Minus)
    key(win, Qt.Key.Key_Return)  # saved
    assert str(ann_svc.get_annotation(store, date_id).value.edtf) == "1958-03"
    key(win, Qt.Key.Key_Escape)  # back to the list, the saved value stays
    assert focus() is table
    assert str(ann_svc.get_annotation(store, date_id).value.edtf) == "1958-03"
    assert win.panel.editor.edtf_edit.text() == "1958-03"
    assert win.panel.current_id() == date_id

    key(win, Qt.Key.Key_Enter)  # the keypad's Enter does the same
    assert focus() is win.panel.editor.edtf_edit
    key(win, Qt.Key.Key_Escape)
    assert focus() is table

    key(win, Qt.Key.Key_Tab)  # Tab leaves the table instead of walking its cells
    assert focus() is not table and not table.isAncestorOf(focus())
    assert win.panel.current_id() == date_id


def test_enter_on_a_figure_or_claim_row_lands_in_its_first_field(qtbot, win):
    figure_id = tag_phrase(win, Label.FIGURE, "5억 7,600만 루블")
    table = win.panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    assert win.panel.current_id() == figure_id
    key(win, Qt.Key.Key_Return)
    assert focus() is win.panel.editor.amount_edit
    key(win, Qt.Key.Key_Tab)  # on to the unit, then Escape from there too
    assert focus() is win.panel.editor.unit_edit
    key(win, Qt.Key.Key_Escape)
    assert focus() is table


# ---------------------------------------------------------------------- point 2
def _dock_lands_in_list(qtbot, win, dock, panel) -> None:
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: focus() is panel.table, timeout=2000)
    assert panel.table.currentIndex().isValid()
    assert panel.current_row() is not None


def test_corrections_shortcut_focuses_its_list_with_a_current_row(qtbot, win, store):
    doc_id = win.current_doc.id
    text = win.current_doc.text
    first = text.index("조선")
    corr.propose_correction(store, doc_id, first, first + 2, "朝鮮", reason="test", author="kim")
    win.view.setFocus()
    key(win, Qt.Key.Key_R, CTRL | SHIFT)
    panel = win.review.panel
    _dock_lands_in_list(qtbot, win, win.review.dock, panel)
    key(win, Qt.Key.Key_A)  # A works at once, no click
    assert corr.list_corrections(store, doc_id)[0].status == "accepted"


def test_suggestions_shortcut_focuses_its_list_and_a_accepts(qtbot, win, store):
    doc_id = win.current_doc.id
    win.view.setFocus()
    key(win, Qt.Key.Key_S, CTRL | SHIFT)  # runs the detectors and opens the dock
    panel = win.suggestions.panel
    _dock_lands_in_list(qtbot, win, win.suggestions.dock, panel)
    current = panel.current_id()
    key(win, Qt.Key.Key_A)
    assert next(r for r in sugg.list_suggestions(store, doc_id, None) if r.id == current).status == "accepted"

    # hidden and opened again with its own toggle (Ctrl+Shift+U): the list again
    win.view.setFocus()
    key(win, Qt.Key.Key_U, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not win.suggestions.dock.isVisible(), timeout=2000)
    key(win, Qt.Key.Key_U, CTRL | SHIFT)
    _dock_lands_in_list(qtbot, win, win.suggestions.dock, panel)


def test_consistency_shortcut_focuses_its_list(qtbot, win):
    win.view.setFocus()
    key(win, Qt.Key.Key_K, CTRL | SHIFT)
    panel = win.suggestions.findings
    assert panel.model.rowCount() > 0
    _dock_lands_in_list(qtbot, win, win.suggestions.findings_dock, panel)


def test_ocr_words_shortcut_focuses_its_list_with_a_current_row(qtbot, win):
    outcomes = win.import_paths([HOCR])
    assert outcomes[0].status == "imported"
    if win.last_message_box is not None:
        win.last_message_box.close()
    activate(qtbot, win)
    ctl = win.ocr_review
    key(win, Qt.Key.Key_L, CTRL | SHIFT)  # shown on import: hide, then open from the keyboard
    qtbot.waitUntil(lambda: not ctl.dock.isVisible(), timeout=2000)
    win.view.setFocus()
    key(win, Qt.Key.Key_L, CTRL | SHIFT)
    _dock_lands_in_list(qtbot, win, ctl.dock, ctl.panel)
    word = ctl.panel.current_id()
    key(win, Qt.Key.Key_Return)  # Enter marks it reviewed at once
    assert word not in [r.id for r in ctl.panel.model.rows()]


# ---------------------------------------------------------------------- point 4
@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_W, CTRL)])
def test_escape_and_ctrl_w_close_the_compare_window(qtbot, win, keys):
    key(win, Qt.Key.Key_D, CTRL | SHIFT)
    diff = win.review.diff
    assert diff is not None
    qtbot.waitUntil(diff.isVisible, timeout=2000)
    diff.activateWindow()
    qtbot.waitUntil(diff.isActiveWindow, timeout=2000)
    target = QApplication.focusWidget() or diff
    assert diff.isAncestorOf(target) or target is diff
    from PySide6.QtTest import QTest

    QTest.keyClick(target, *keys)
    qtbot.waitUntil(lambda: not diff.isVisible(), timeout=2000)


# ---------------------------------------------------------------------- point 5
def test_text_zoom_keys_change_the_view_font_and_are_kept(qtbot, win, make_window, store):
    ann = tag_phrase(win, Label.DATE, "1958")
    view = win.view
    size = view.font().pointSizeF()
    line = view.fontMetrics().lineSpacing()
    view.setFocus()
    key(win, Qt.Key.Key_Plus, CTRL)
    key(win, Qt.Key.Key_Equal, CTRL)  # the same key without Shift on most layouts
    assert view.font().pointSizeF() == pytest.approx(size + 2)
    assert view.fontMetrics().lineSpacing() > line
    key(win, Qt.Key.Key_Minus, CTRL)
    assert view.font().pointSizeF() == pytest.approx(size + 1)
    # highlights and offsets still right: the span and a selection map to the same text
    text = win.current_doc.text
    assert view.span(ann).start == text.index("1958")
    start = text.index("1958")
    select_cp(win, start, start + 4)
    assert view.selection_cp() == (start, start + 4)
    win.close()

    again = make_window()  # the next session keeps the zoom
    assert again.view.font().pointSizeF() == pytest.approx(size + 1)
    again.view.setFocus()
    key(again, Qt.Key.Key_0, CTRL)
    assert again.view.font().pointSizeF() == pytest.approx(size)


# ---------------------------------------------------------------------- point 7
def test_suggest_on_open_is_off_for_a_new_user(qtbot, make_window, store):
    window = make_window()  # fresh settings
    assert not window.suggestions.auto_action.isChecked()
    doc_id = seed_003(store)
    window.show_document(doc_id)
    assert sugg.list_suggestions(store, doc_id, status=None) == []
    assert not window.suggestions.dock.isVisible()


def test_corrections_shortcut_runs_clean_up_when_nothing_was_proposed(qtbot, win, store):
    doc_id = next(d.id for d in list_documents(store) if d.source_name.startswith("000"))
    win.show_document(doc_id)
    assert corr.list_corrections(store, doc_id) == []
    win.view.setFocus()
    key(win, Qt.Key.Key_R, CTRL | SHIFT)
    proposed = corr.list_corrections(store, doc_id)
    assert proposed, "the clean-up detectors proposed nothing"
    panel = win.review.panel
    _dock_lands_in_list(qtbot, win, win.review.dock, panel)
    assert panel.model.rowCount() == len(proposed)
    assert win.undo_stack.undoText() == "Suggest clean-ups"
    # with proposals there, the shortcut only shows and hides the dock
    key(win, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not win.review.dock.isVisible(), timeout=2000)
    key(win, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(win.review.dock.isVisible, timeout=2000)
    assert len(corr.list_corrections(store, doc_id)) == len(proposed)


def test_zoom_applies_on_top_of_the_preferred_font_size(qtbot, win):
    view = win.view
    size = view.font().pointSizeF()
    view.setFocus()
    key(win, Qt.Key.Key_Plus, CTRL)
    key(win, Qt.Key.Key_Plus, CTRL)
    dialog = win.preferences.show()
    assert dialog.font_size.value() == round(size)  # the preference, not the zoomed size
    dialog.font_size.setValue(round(size) + 4)
    dialog.apply()
    assert view.font().pointSizeF() == pytest.approx(size + 4 + 2)  # the zoom stays on top
    dialog.close()
    activate(qtbot, win)
    view.setFocus()
    key(win, Qt.Key.Key_0, CTRL)
    assert view.font().pointSizeF() == pytest.approx(size + 4)
