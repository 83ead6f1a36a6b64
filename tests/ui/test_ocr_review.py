"""The Low-confidence words dock, driven like a user: an hOCR file imported through the
window, its doubtful words listed least sure first, chosen words selected in the text,
Enter marking a word reviewed (one undo step), F2 correcting it through the existing
Correct selection dialog, the threshold narrowing the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from curator.services import ocr
from curator.services.corpus import list_documents, load_document
from curator.settings import OCR_THRESHOLD, SUGGEST_ON_OPEN
from curator.ui.views.confidence_panel import OcrWordModel, line_context
from tests.ui.conftest import CTRL, SHIFT, activate, key

HOCR = Path(__file__).resolve().parents[1] / "fixtures" / "ocr" / "sample.hocr"


@pytest.fixture
def win(qtbot, settings_path, make_window):
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue(SUGGEST_ON_OPEN.key, False)  # no detector run: this is about the OCR words
    settings.sync()
    window = make_window()
    outcomes = window.import_paths([HOCR])
    assert outcomes[0].status == "imported", outcomes
    if window.last_message_box is not None:
        window.last_message_box.close()
    activate(qtbot, window)
    assert window.current_doc.source_name == HOCR.name
    return window


def words(window) -> list[str]:
    return [r.text for r in window.ocr_review.panel.model.rows()]


def focus_list(qtbot, window, text: str | None = None):
    panel = window.ocr_review.panel
    if text is not None:
        assert panel.select_word(next(r.id for r in panel.model.rows() if r.text == text))
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus, timeout=2000)
    return panel


def selected_text(window) -> str:
    return window.view.textCursor().selectedText()


def test_dock_lists_ocr_words_least_sure_first_and_only_for_ocr_documents(qtbot, win, store):
    ctl = win.ocr_review
    assert ctl.dock.isVisible() and ctl.toggle_action.isEnabled() and ctl.toggle_action.isChecked()
    assert words(win) == ["朝鮮", "S5to|", "Chang-ok"]
    model = ctl.panel.model
    row = model.row_of(next(r.id for r in model.rows() if r.text == "S5to|"))
    cell = lambda col: model.index(row, col).data()  # noqa: E731
    assert cell(OcrWordModel.COL_CONFIDENCE) == "12 %"
    assert cell(OcrWordModel.COL_RAW) == "x_wconf 12"
    assert cell(OcrWordModel.COL_LINE) == "Inregard to «S5to|»"
    assert "3 words below 80 % of 7 OCR words" == ctl.panel.count_label.text()

    seed = next(d.id for d in list_documents(store) if d.source_name != HOCR.name)
    win.show_document(seed)
    assert not ctl.dock.isVisible() and not ctl.toggle_action.isEnabled()
    win.show_document(next(d.id for d in list_documents(store) if d.source_name == HOCR.name))
    assert ctl.dock.isVisible() and words(win) == ["朝鮮", "S5to|", "Chang-ok"]

    key(win, Qt.Key.Key_L, CTRL | SHIFT)  # the curator closes it: it stays closed
    assert not ctl.dock.isVisible()
    win.show_document(seed)
    win.show_document(next(d.id for d in list_documents(store) if d.source_name == HOCR.name))
    assert not ctl.dock.isVisible()


def test_choosing_a_word_selects_it_in_the_text(qtbot, win):
    panel = focus_list(qtbot, win)
    for _ in range(3):
        row = panel.current_row()
        assert win.view.selection_cp() == (row.start, row.end)
        assert selected_text(win) == row.text
        key(win, Qt.Key.Key_J)
    key(win, Qt.Key.Key_K)
    assert selected_text(win) == "S5to|"
    # a click on a row does the same
    index = panel.model.index(0, OcrWordModel.COL_LINE)
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualRect(index).center())
    assert selected_text(win) == "朝鮮"


def test_enter_marks_reviewed_and_ctrl_z_undoes(qtbot, win, store):
    doc_id = win.current_doc.id
    panel = focus_list(qtbot, win, "S5to|")
    key(win, Qt.Key.Key_Return)
    assert "S5to|" not in [w.text for w in ocr.low_confidence_words(store, doc_id)]
    assert words(win) == ["朝鮮", "Chang-ok"]
    assert panel.current_row().text == "Chang-ok"  # the next word is chosen and selected
    assert selected_text(win) == "Chang-ok"
    assert win.undo_stack.undoText() == "Mark word reviewed"

    key(win, Qt.Key.Key_Z, CTRL)
    assert [w.text for w in ocr.low_confidence_words(store, doc_id)] == ["朝鮮", "S5to|", "Chang-ok"]
    assert words(win) == ["朝鮮", "S5to|", "Chang-ok"] and panel.current_row().text == "S5to|"
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert words(win) == ["朝鮮", "Chang-ok"]

    # shown again with "Show reviewed", Enter unmarks it
    panel.show_reviewed.setChecked(True)
    focus_list(qtbot, win, "S5to|")
    assert panel.current_row().reviewed
    key(win, Qt.Key.Key_Return)
    assert not next(w for w in ocr.low_confidence_words(store, doc_id) if w.text == "S5to|").reviewed


def test_f2_corrects_the_word_and_the_others_follow(qtbot, win, store):
    doc_id = win.current_doc.id
    focus_list(qtbot, win, "S5to|")
    key(win, Qt.Key.Key_F2)
    dialog = win.review.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.original_label.text() == "S5to|"
    qtbot.waitUntil(lambda: dialog.replacement_edit.hasFocus() or dialog.isActiveWindow(), timeout=2000)
    QTest.keyClicks(dialog.replacement_edit, "Seoul city")
    QTest.keyClick(dialog.replacement_edit, Qt.Key.Key_Return)
    activate(qtbot, win)

    doc = load_document(store, doc_id)
    assert doc.revision_number == 2 and "to Seoul city\nChang-ok" in doc.text
    assert words(win) == ["朝鮮", "Chang-ok"]  # the corrected word left the queue
    panel = focus_list(qtbot, win, "朝鮮")  # the shifted words still select their own text
    assert selected_text(win) == "朝鮮"
    key(win, Qt.Key.Key_J)
    assert selected_text(win) == "Chang-ok"

    key(win, Qt.Key.Key_Z, CTRL)  # the correction's undo brings the word back
    assert words(win) == ["朝鮮", "S5to|", "Chang-ok"]
    assert panel.model.rows()[1].revision_id == win.current_doc.revision_id


def test_threshold_narrows_the_list_and_is_remembered(qtbot, win, settings_path):
    panel = win.ocr_review.panel
    assert panel.spin.value() == 80 and panel.slider.value() == 80
    panel.spin.setValue(50)
    assert words(win) == ["朝鮮", "S5to|"] and panel.slider.value() == 50
    panel.slider.setValue(5)
    assert words(win) == ["朝鮮"] and panel.spin.value() == 5
    assert win.settings.get(OCR_THRESHOLD) == 5


def test_line_context_cuts_long_lines_around_the_word():
    text = "first line\n" + "a" * 50 + " word " + "b" * 50 + "\nlast"
    start = text.index("word")
    shown = line_context(text, start, start + 4, chars=10)
    assert shown == "…aaaaaaaa «word» bbbbbbbb…"
    assert line_context("word", 0, 4) == "«word»"


def test_doubtful_words_are_underlined_while_the_dock_is_open(qtbot, win):
    ctl = win.ocr_review
    view = win.view
    assert view.mark_count() == 3  # the three words below 80 %
    row = next(r for r in ctl.panel.model.rows() if r.text == "S5to|")
    before = view.viewport().grab().toImage()
    view.set_marks(())
    after = view.viewport().grab().toImage()
    assert before != after  # the underline was painted
    ctl.reload()
    assert view.mark_count() == 3
    focus_list(qtbot, win, "S5to|")
    key(win, Qt.Key.Key_Return)  # reviewed: no longer underlined
    assert view.mark_count() == 2 and row.id not in {w.id for w in ctl.panel.model.rows()}
    key(win, Qt.Key.Key_L, CTRL | SHIFT)  # dock closed: no marks
    assert view.mark_count() == 0
