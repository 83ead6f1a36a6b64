"""Suggestions and parallel-text findings in the window, driven like a user: the Text
menu runs the detectors, the Suggestions dock accepts (A), rejects (R) and accepts a
whole kind (Shift+A), the view outlines pending suggestions dashed, the Consistency
dock records verdicts; every decision is one undo step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QTextCursor
from PySide6.QtTest import QTest

from curator.domain import FigureValue, Label
from curator.services import annotations as ann_svc
from curator.services import suggestions as sugg
from curator.services.corpus import list_documents
from curator.settings import SUGGEST_ON_OPEN
from tests.ui.conftest import CTRL, SHIFT, activate, cp_point, key

KO_FIGURE = "5억 7,600만 루블"


def seed_003(store) -> int:
    return next(d.id for d in list_documents(store) if d.source_name.startswith("003"))


@pytest.fixture
def win(qtbot, manual_settings, make_window, store):
    window = make_window()
    window.show_document(seed_003(store))
    window.resize(1280, 800)
    return window


def text_menu_action(window, text: str):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "Text":
            for item in action.menu().actions():
                if item.text().replace("&", "") == text:
                    return item
    raise AssertionError(f"no Text menu entry {text!r}")


def run_from_menu(qtbot, window) -> None:
    text_menu_action(window, "Suggest dates, figures and claims").trigger()
    qtbot.waitUntil(window.suggestions.dock.isVisible, timeout=2000)


def focus_table(qtbot, window):
    table = window.suggestions.panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    return table


def row_with(window, quote: str):
    model = window.suggestions.panel.model
    for row in model.rows():
        if row.quote == quote:
            return row
    return None


def choose(qtbot, window, quote: str):
    row = row_with(window, quote)
    assert row is not None, quote
    assert window.suggestions.panel.select_suggestion(row.id)
    focus_table(qtbot, window)
    return row


def pending(store, doc_id):
    return {r.id: r for r in sugg.list_suggestions(store, doc_id)}


def test_menu_runs_detectors_and_the_dock_lists_the_korean_figure_with_its_value(qtbot, win, store):
    doc_id = win.current_doc.id
    assert pending(store, doc_id) == {}
    run_from_menu(qtbot, win)
    row = row_with(win, KO_FIGURE)
    assert row is not None and row.label is Label.FIGURE
    model = win.suggestions.panel.model
    r = model.row_of(row.id)
    assert model.index(r, model.COL_VALUE).data() == "576,000,000 RUB"
    date = row_with(win, "1954~56")
    assert model.index(model.row_of(date.id), model.COL_VALUE).data() == "1954/1956"
    # sorted by position in the text, and the view outlines every one of them
    starts = [s.start for s in model.rows()]
    assert starts == sorted(starts)
    assert win.view.suggestion_count() == model.rowCount() == len(pending(store, doc_id))
    # the run is one undo step: Ctrl+Z withdraws them all
    key(win, Qt.Key.Key_Z, CTRL)
    assert pending(store, doc_id) == {}
    assert model.rowCount() == 0 and win.view.suggestion_count() == 0
    # a redo brings back the same suggestions (same ids)
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert row.id in pending(store, doc_id) and row_with(win, KO_FIGURE).id == row.id


def test_a_accepts_into_an_annotation_with_its_value_and_ctrl_z_takes_it_back(qtbot, win, store):
    doc_id = win.current_doc.id
    run_from_menu(qtbot, win)
    row = choose(qtbot, win, KO_FIGURE)
    assert win.view.selection_cp() == (row.start, row.end)  # the row selects its span
    before = len(ann_svc.list_annotations(store, doc_id))

    key(win, Qt.Key.Key_A)

    annotations = ann_svc.list_annotations(store, doc_id)
    assert len(annotations) == before + 1
    ann = next(a for a in annotations if (a.start, a.end) == (row.start, row.end))
    assert ann.label is Label.FIGURE and ann.origin == "suggestion"
    assert ann.value == FigureValue(Decimal("576000000"), "RUB")
    assert row.id not in pending(store, doc_id) and row_with(win, KO_FIGURE) is None
    assert win.panel.current_id() == ann.id  # listed (and selected) in the annotation panel
    assert win.view.span(ann.id) is not None and win.view.suggestion(row.id) is None
    assert win.suggestions.panel.table.hasFocus()  # the next A goes to the next suggestion

    key(win, Qt.Key.Key_Z, CTRL)
    assert len(ann_svc.list_annotations(store, doc_id)) == before
    assert row.id in pending(store, doc_id) and row_with(win, KO_FIGURE) is not None
    assert win.view.span(ann.id) is None and win.view.suggestion(row.id) is not None
    assert win.panel.current_id() != ann.id

    key(win, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the same annotation id comes back
    assert ann_svc.get_annotation(store, ann.id).value == ann.value
    assert win.view.span(ann.id) is not None


def test_an_accepted_suggestion_is_edited_like_any_annotation(qtbot, win, store):
    run_from_menu(qtbot, win)
    choose(qtbot, win, "1954~56")
    key(win, Qt.Key.Key_A)
    ann_id = win.panel.current_id()
    assert ann_id is not None
    win.edit_annotation(ann_id, {"note": "three-year plan"})
    assert ann_svc.get_annotation(store, ann_id).note == "three-year plan"
    key(win, Qt.Key.Key_Z, CTRL)  # the edit
    key(win, Qt.Key.Key_Z, CTRL)  # the accept
    assert ann_svc.list_annotations(store, win.current_doc.id) == []


def test_r_rejects_and_running_the_detectors_again_does_not_bring_it_back(qtbot, win, store):
    doc_id = win.current_doc.id
    run_from_menu(qtbot, win)
    row = choose(qtbot, win, "1959년")
    key(win, Qt.Key.Key_R)
    assert row_with(win, "1959년") is None and row.id not in pending(store, doc_id)
    rejected = sugg.list_suggestions(store, doc_id, status="rejected")
    assert [r.id for r in rejected] == [row.id]
    assert ann_svc.list_annotations(store, doc_id) == []

    steps = win.undo_stack.count()
    key(win, Qt.Key.Key_S, CTRL | SHIFT)  # run again
    assert row_with(win, "1959년") is None
    assert all(r.quote != "1959년" for r in sugg.list_suggestions(store, doc_id))
    assert win.undo_stack.count() == steps  # nothing new: no empty undo step

    key(win, Qt.Key.Key_Z, CTRL)  # undo the reject: pending again
    assert row.id in pending(store, doc_id) and row_with(win, "1959년") is not None


def test_shift_a_accepts_every_date_in_one_undo_step(qtbot, win, store):
    doc_id = win.current_doc.id
    run_from_menu(qtbot, win)
    dates = [r for r in pending(store, doc_id).values() if r.label is Label.DATE]
    assert len(dates) >= 5
    choose(qtbot, win, "1954~56")
    steps = win.undo_stack.count()

    key(win, Qt.Key.Key_A, SHIFT)

    annotations = ann_svc.list_annotations(store, doc_id)
    assert sorted((a.start, a.end) for a in annotations) == sorted((d.start, d.end) for d in dates)
    assert all(a.label is Label.DATE and a.origin == "suggestion" for a in annotations)
    assert not [r for r in pending(store, doc_id).values() if r.label is Label.DATE]
    assert win.undo_stack.count() == steps + 1
    assert all(win.view.span(a.id) is not None for a in annotations)

    key(win, Qt.Key.Key_Z, CTRL)
    assert ann_svc.list_annotations(store, doc_id) == []
    assert {d.id for d in dates} <= set(pending(store, doc_id))
    assert all(win.view.span(a.id) is None for a in annotations)


def test_j_k_and_the_kind_filter(qtbot, win):
    run_from_menu(qtbot, win)
    panel = win.suggestions.panel
    rows = panel.model.rows()
    panel.select_suggestion(rows[0].id)
    focus_table(qtbot, win)
    key(win, Qt.Key.Key_J)
    key(win, Qt.Key.Key_J)
    assert panel.current_id() == rows[2].id
    assert win.view.selection_cp() == (rows[2].start, rows[2].end)
    key(win, Qt.Key.Key_K)
    assert panel.current_id() == rows[1].id

    panel.set_label_filter(Label.FIGURE)
    shown = panel.model.rows()
    assert shown and all(r.label is Label.FIGURE for r in shown)
    assert win.view.suggestion_count() == len(shown)  # the view outlines what the list shows
    panel.set_label_filter(None)
    assert win.view.suggestion_count() == len(rows)


def _rect_of(window, start: int, end: int) -> QRect | None:
    """Viewport rectangle of [start, end) computed from the text cursor (None if the
    span wraps over two lines)."""
    view = window.view
    m = view.text_map
    cursor = QTextCursor(view.document())
    cursor.setPosition(m.to_utf16(start))
    left = view.cursorRect(cursor)
    cursor.setPosition(m.to_utf16(end))
    right = view.cursorRect(cursor)
    if left.top() != right.top():
        return None
    return QRect(left.left(), left.top(), right.left() - left.left(), left.height())


def _colors(image: QImage, rect: QRect) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)
            if 0 <= x < image.width() and 0 <= y < image.height()]


def test_a_suggestion_paints_a_dashed_outline_in_its_label_colour_with_no_fill(qtbot, win):
    run_from_menu(qtbot, win)
    view = win.view
    view.setFocus()  # no selection drawn over the span
    cursor = view.textCursor()
    cursor.clearSelection()
    view.setTextCursor(cursor)
    view.set_current_annotation(None)
    # a figure on one line of the wrapped paragraph
    row, rect = next((r, rect) for r in win.suggestions.panel.model.rows()
                     if r.label is Label.FIGURE and (rect := _rect_of(win, r.start, r.end)) is not None)
    qtbot.wait(50)
    with_outline = view.viewport().grab().toImage()
    view.set_suggestions([])
    qtbot.wait(50)
    without = view.viewport().grab().toImage()

    hue = view._line["figure"]
    top_edge = QRect(rect.left() - 2, rect.top() - 1, rect.width() + 4, 5)
    edge_colors = _colors(with_outline, top_edge)
    assert any(c.rgb() == hue.rgb() for c in edge_colors), "no outline pixel in the label colour"
    assert not any(c.rgb() == hue.rgb() for c in _colors(without, top_edge))
    # dashed: along the top edge the label colour alternates with the background
    y = next(yy for yy in range(top_edge.top(), top_edge.bottom() + 1)
             if any(with_outline.pixelColor(x, yy).rgb() == hue.rgb() for x in range(rect.left(), rect.right())))
    line = [with_outline.pixelColor(x, y).rgb() == hue.rgb() for x in range(rect.left() + 4, rect.right() - 4)]
    assert any(line) and not all(line)
    # not filled: the inside is exactly what is drawn with no suggestion at all
    inside = rect.adjusted(5, 5, -5, -5)
    assert inside.width() > 10 and inside.height() > 3
    assert [c.rgb() for c in _colors(with_outline, inside)] == [c.rgb() for c in _colors(without, inside)]


def test_clicking_a_dashed_suggestion_selects_its_row(qtbot, win):
    run_from_menu(qtbot, win)
    panel = win.suggestions.panel
    first = panel.model.rows()[0]
    target = row_with(win, "1958년 3월")
    assert panel.current_id() != target.id
    viewport = win.view.viewport()
    point = cp_point(win, target.start + 2)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert panel.current_id() == target.id
    assert first.id != target.id


def test_consistency_dock_lists_the_mismatch_and_records_a_verdict_undoably(qtbot, win, store):
    doc_id = win.current_doc.id
    key(win, Qt.Key.Key_K, CTRL | SHIFT)
    qtbot.waitUntil(win.suggestions.findings_dock.isVisible, timeout=2000)
    panel = win.suggestions.findings
    model = panel.model
    rows = model.rows()
    mismatch = next(r for r in rows if r.kind == "mismatch")
    assert mismatch.ko["quote"] == "12억 900만 루블" and mismatch.en["quote"] == "1.29 billion rubles"
    r = model.row_of(mismatch.key)
    assert model.index(r, model.COL_KO).data() == "12억 900만 루블 = 1,209,000,000 RUB"
    assert model.index(r, model.COL_EN).data() == "1.29 billion rubles = 1,290,000,000 RUB"

    panel.select_finding(mismatch.key)
    assert win.view.selection_cp() == (mismatch.ko["start"], mismatch.ko["end"])
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus, timeout=2000)
    key(win, Qt.Key.Key_E)  # the English side
    assert win.view.selection_cp() == (mismatch.en["start"], mismatch.en["end"])

    panel.verdict_combo.setCurrentIndex(panel.verdict_combo.findData("translation_error"))
    assert panel.verdict_combo.currentText() == "Translation error"
    panel.note_edit.setFocus()
    QTest.keyClicks(panel.note_edit, "KO says ")  # QTest types ASCII only;
    panel.note_edit.insert("12억 900만")  # Hangul comes from the input method
    QTest.keyClick(panel.note_edit, Qt.Key.Key_Return)
    assert sugg.get_verdict(store, doc_id, mismatch.key) == ("translation_error", "KO says 12억 900만")
    assert model.index(model.row_of(mismatch.key), model.COL_VERDICT).data() == "Translation error"

    activate(qtbot, win)
    key(win, Qt.Key.Key_Z, CTRL)
    assert sugg.get_verdict(store, doc_id, mismatch.key) is None
    assert model.index(model.row_of(mismatch.key), model.COL_VERDICT).data() == ""
    assert panel.verdict_combo.currentData() is None and panel.note_edit.text() == ""


def test_suggest_on_open_runs_once_without_an_undo_step(qtbot, make_window, store, settings_path):
    window = make_window()  # default settings: off (tests/ui/test_keyboard.py); switched on here
    assert not window.suggestions.auto_action.isChecked()
    window.suggestions.auto_action.setChecked(True)
    doc_id = seed_003(store)
    window.show_document(doc_id)
    made = pending(store, doc_id)
    assert any(r.quote == KO_FIGURE for r in made.values())
    assert window.suggestions.panel.model.rowCount() == len(made)
    assert window.undo_stack.count() == 0
    assert {r.label for r in made.values()} == {Label.DATE, Label.FIGURE}  # claims only on demand
    assert window.view.selection_cp() is None  # the list loads without selecting text
    assert not any(a.isEnabled() for a in window.actions_.tag.values())
    # opening it again proposes nothing new (the revision has suggestions already)
    other = next(d.id for d in list_documents(store) if d.id != doc_id)
    window.show_document(other)
    window.show_document(doc_id)
    assert pending(store, doc_id) == made

    window.suggestions.auto_action.setChecked(False)
    window.settings.sync()
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value(SUGGEST_ON_OPEN.key) in (False, "false")


def test_outlines_show_only_while_the_suggestions_dock_is_open(qtbot, win, store):
    run_from_menu(qtbot, win)
    shown = win.suggestions.panel.model.rowCount()
    assert shown and win.view.suggestion_count() == shown
    win.suggestions.dock.hide()
    qtbot.waitUntil(lambda: win.view.suggestion_count() == 0, timeout=2000)
    win.suggestions.dock.show()
    qtbot.waitUntil(lambda: win.view.suggestion_count() == shown, timeout=2000)


def test_suggest_on_open_off_leaves_documents_alone(qtbot, win, store):
    assert not win.suggestions.auto_action.isChecked()
    for doc in list_documents(store):
        win.show_document(doc.id)
        assert sugg.list_suggestions(store, doc.id, status=None) == []


def test_view_suggestion_index_and_clicks_prefer_annotations(qtbot):
    from curator.ui.views.document_view import DocumentView, Span

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    text = "In 1958 😀 the plan took 576 million rubles.\n"
    view.set_document(text, [Span(1, 3, 7, "date")])
    year, money = text.index("1958"), text.index("576")
    view.set_suggestions([Span(10, year, year + 4, "date"), Span(11, money, money + 18, "figure")])
    assert view.suggestions_at(money + 1) == [11] and view.suggestion(10).label == "date"
    with pytest.raises(ValueError):
        view.add_suggestion(Span(12, 0, len(text) + 5, "claim"))

    def click(cp: int) -> None:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.text_map.to_utf16(cp))
        left = view.cursorRect(cursor)
        cursor.setPosition(view.text_map.to_utf16(cp + 1))
        point = QPoint((left.center().x() + view.cursorRect(cursor).center().x()) // 2, left.center().y())
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    with qtbot.waitSignal(view.suggestionClicked, timeout=1000) as blocker:
        click(money + 1)  # after the emoji: code points, not UTF-16 units
    assert blocker.args == [11]
    suggested: list[int] = []
    view.suggestionClicked.connect(suggested.append)
    with qtbot.waitSignal(view.annotationClicked, timeout=1000):
        click(year + 1)  # an annotation and a suggestion: the annotation wins
    assert suggested == []
    view.remove_suggestion(11)
    assert view.suggestion(11) is None and view.suggestion_count() == 1
    view.set_document("other text\n", [])
    assert view.suggestion_count() == 0  # suggestions belong to the old text


def test_a_long_text_is_not_scanned_on_open_but_on_demand(qtbot, make_window, store, tmp_path):
    from curator.services.corpus import import_files
    from curator.ui.suggestions import AUTO_LIMIT

    path = tmp_path / "long.txt"
    path.write_text("In 1950 the plan cost 576 million rubles.\n" * (AUTO_LIMIT // 40 + 10), encoding="utf-8")
    [outcome] = import_files(store, [path])
    window = make_window()
    window.suggestions.auto_action.setChecked(True)  # suggest on open: on
    window.show_document(outcome.document_id)
    assert sugg.list_suggestions(store, outcome.document_id, status=None) == []
    assert "Ctrl+Shift+S" in window.statusBar().currentMessage()
    key(window, Qt.Key.Key_S, CTRL | SHIFT)
    assert len(pending(store, outcome.document_id)) > 100
    assert window.undo_stack.count() == 1
