"""The main window driven like a user: select, tag by key, undo/redo, delete, click
highlights, switch documents, persist the layout, import and export."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from curator.domain import ClaimValue, DateValue, FigureValue, Label
from curator.services import annotations as svc
from curator.services.corpus import list_documents
from tests.ui.conftest import ALT, CTRL, SHIFT, UNICODE_TEXT, cp_point, drag_select, key, select_cp


def stored(store, doc_id):
    return {row.id: row for row in svc.list_annotations(store, doc_id)}


def doc_count(window, doc_id) -> int:
    return window.doc_model.document_at(window.doc_model.row_of(doc_id)).annotation_count


def test_seeds_listed_first_document_shown(window, store):
    docs = list_documents(store)
    assert window.doc_model.rowCount() == len(docs) == 3
    assert window.current_doc.id == docs[0].id
    assert docs[0].title in window.windowTitle()
    assert window.view.toPlainText() == window.current_doc.text
    assert docs[0].source_name in window.doc_info.text()
    assert "utf-8" in window.doc_info.text()
    assert window.count_info.text() == "0 annotations"


def test_tag_date_by_shortcut_on_emoji_cjk_korean_text(window, store, unicode_doc):
    text = window.current_doc.text
    assert text == UNICODE_TEXT
    start = text.index("😀")  # emoji, space, "on", space, CJK Ext-B, Korean on the next line
    end = text.index("조선로동당") + len("조선로동당")
    shown = select_cp(window, start, end)
    assert window.actions_.tag[Label.DATE].isEnabled()
    key(window, Qt.Key.Key_2, CTRL)
    rows = list(stored(store, unicode_doc).values())
    assert len(rows) == 1
    row = rows[0]
    assert row.label is Label.DATE
    assert (row.start, row.end) == (start, end)
    assert row.quote == text[start:end] == shown
    assert "😀" in row.quote and "𠀀" in row.quote and "조선로동당" in row.quote
    # precise refresh: one span, one panel row, one count
    assert window.view.span(row.id).start == start
    assert window.panel.current_id() == row.id
    assert doc_count(window, unicode_doc) == 1
    assert window.count_info.text() == "1 annotation"


def test_tag_after_astral_characters_by_mouse(window, store, unicode_doc):
    text = window.current_doc.text
    start = text.index("576,000,000")
    end = start + len("576,000,000")
    drag_select(window, start, end)
    assert window.view.selection_cp() == (start, end)
    key(window, Qt.Key.Key_3, CTRL)
    (row,) = stored(store, unicode_doc).values()
    assert row.label is Label.FIGURE and row.quote == "576,000,000"


def test_a_dragged_selection_is_tagged_without_the_spaces_around_it(window, store, unicode_doc):
    text = window.current_doc.text
    start = text.index("576,000,000") - 1  # the space before, and the one after
    end = start + len(" 576,000,000 ")
    drag_select(window, start, end)
    key(window, Qt.Key.Key_3, CTRL)
    (row,) = stored(store, unicode_doc).values()
    assert (row.start, row.end, row.quote) == (start + 1, end - 1, "576,000,000")
    select_cp(window, start, start + 1)  # a single space: nothing to tag
    key(window, Qt.Key.Key_2, CTRL)
    assert len(stored(store, unicode_doc)) == 1
    assert "only spaces" in window.statusBar().currentMessage()


def test_tag_actions_need_a_selection(window, store):
    doc_id = window.current_doc.id
    for action in window.actions_.tag.values():
        assert not action.isEnabled()
    assert not window.actions_.delete.isEnabled()
    key(window, Qt.Key.Key_1, CTRL)
    assert stored(store, doc_id) == {}
    select_cp(window, 0, 5)
    assert all(action.isEnabled() for action in window.actions_.tag.values())


def test_undo_redo_create_keeps_the_same_id(window, store):
    doc_id = window.current_doc.id
    select_cp(window, 1, 12)
    key(window, Qt.Key.Key_2, CTRL)
    (ann_id,) = stored(store, doc_id)
    assert window.undo_action.text() == "Undo Tag date"
    key(window, Qt.Key.Key_Z, CTRL)
    assert stored(store, doc_id) == {}
    assert window.view.span(ann_id) is None
    assert window.panel.model.rowCount() == 0
    assert doc_count(window, doc_id) == 0
    assert window.redo_action.text() == "Redo Tag date"
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert list(stored(store, doc_id)) == [ann_id]
    assert window.view.span(ann_id) is not None
    assert window.panel.current_id() == ann_id
    assert doc_count(window, doc_id) == 1


def test_delete_and_undo_restore_same_id_and_claim_evidence(window, store):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    d0 = text.index("1945")
    select_cp(window, d0, d0 + 4)
    date_id = window.tag_selection(Label.DATE)
    svc.update_annotation(store, date_id, value=DateValue("1945"))  # set up directly
    claim_start = text.index("This study")
    select_cp(window, claim_start, claim_start + 60)
    claim_id = window.tag_selection(Label.CLAIM)
    window.edit_annotation(claim_id, {"value": ClaimValue("covers 1945-1956", (date_id,))})
    assert svc.get_annotation(store, claim_id).evidence == (date_id,)

    window.panel.select_annotation(date_id)
    assert window.actions_.delete.isEnabled()
    window.view.setFocus()
    key(window, Qt.Key.Key_Delete)
    assert date_id not in stored(store, doc_id)
    assert svc.get_annotation(store, claim_id).evidence == ()
    assert window.panel.model.get(claim_id).evidence == ()  # the claim row refreshed
    assert window.undo_action.text() == "Undo Delete date"

    key(window, Qt.Key.Key_Z, CTRL)
    restored = svc.get_annotation(store, date_id)
    assert restored.value == DateValue("1945")
    assert svc.get_annotation(store, claim_id).evidence == (date_id,)
    assert window.panel.model.get(claim_id).evidence == (date_id,)
    assert window.view.span(date_id) is not None
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert date_id not in stored(store, doc_id)


def test_click_highlight_selects_row_and_row_outlines_span(window, store, qtbot):
    text = window.current_doc.text
    a = text.index("Zhang")
    b = text.index("This study")
    select_cp(window, a, a + 5)
    first = window.tag_selection(Label.CLAIM)
    select_cp(window, b, b + 10)
    second = window.tag_selection(Label.FIGURE)
    select_cp(window, 0, 0)  # clear the selection
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, cp_point(window, a + 2))
    assert window.panel.current_id() == first
    assert window.view.current_annotation() == first
    row = window.panel.table.selectionModel().currentIndex().row()
    assert window.panel.proxy_row_of(first) == row

    window.resize(700, 400)  # make the text scroll
    bar = window.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    window.panel.table.selectRow(window.panel.proxy_row_of(second))
    assert window.view.current_annotation() == second
    assert window.panel.editor.row.id == second
    assert bar.value() < bar.maximum()  # scrolled back up to the annotation
    assert window.view.viewport().rect().contains(cp_point(window, b))


def test_adjust_span_to_selection_and_nudge_with_undo(window, store):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    s = text.index("1945-1956")
    select_cp(window, s, s + 4)
    ann = window.tag_selection(Label.DATE)
    select_cp(window, s, s + 9)
    assert window.actions_.adjust_span.isEnabled()
    window.actions_.adjust_span.trigger()
    assert svc.get_annotation(store, ann).quote == "1945-1956"
    assert window.view.span(ann).end == s + 9
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).quote == "1945"
    window.undo_stack.redo()
    # two nudges merge into one undo step
    key(window, Qt.Key.Key_Left, SHIFT | ALT)
    key(window, Qt.Key.Key_Left, SHIFT | ALT)
    assert svc.get_annotation(store, ann).quote == "1945-19"
    window.undo_stack.undo()
    assert svc.get_annotation(store, ann).quote == "1945-1956"
    assert stored(store, doc_id)[ann].end == s + 9


def test_switch_documents_and_undo_across_switch(window, store):
    docs = list_documents(store)
    first, second = docs[0].id, docs[1].id
    select_cp(window, 1, 6)
    ann = window.tag_selection(Label.CLAIM)
    window.doc_list.setCurrentIndex(window.doc_model.index(window.doc_model.row_of(second), 0))
    assert window.current_doc.id == second
    assert window.panel.model.rowCount() == 0
    assert docs[1].title in window.windowTitle()
    window.undo_stack.undo()  # undo in document 1 while document 2 is shown
    assert window.current_doc.id == first  # the window brings the change on screen
    assert stored(store, first) == {}
    assert doc_count(window, first) == 0
    window.undo_stack.redo()
    assert list(stored(store, first)) == [ann]
    assert window.panel.current_id() == ann


def test_context_menu_offers_tagging(window, store, monkeypatch):
    select_cp(window, 0, 4)
    window.view.customContextMenuRequested.emit(cp_point(window, 1))
    menu = window.context_menu
    texts = [a.text() for a in menu.actions()]
    assert any("Copy" in t for t in texts)
    tag_date = next(a for a in menu.actions() if a is window.actions_.tag[Label.DATE])
    tag_date.trigger()
    (row,) = stored(store, window.current_doc.id).values()
    assert row.label is Label.DATE and row.quote == window.current_doc.text[0:4].strip()  # the leading space left out
    menu.close()


def test_layout_persists_across_windows(make_window, settings_path):
    first = make_window()
    first.resize(780, 640)  # the offscreen screen is 800x800; geometry is kept inside it
    first.splitter.setSizes([150, 330, 290])
    sizes = first.splitter.sizes()
    columns = first.panel.table.horizontalHeader()
    columns.resizeSection(2, columns.sectionSize(2) + 37)  # the curator widens the Value column
    value_width = columns.sectionSize(2)
    first.close()
    assert settings_path.exists()
    second = make_window()
    assert (second.size().width(), second.size().height()) == (780, 640)
    assert second.splitter.sizes() == sizes
    assert second.panel.table.horizontalHeader().sectionSize(2) == value_width


def test_import_reports_refused_files(window, tmp_path, store):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00\xff" * 20)
    good = tmp_path / "fine.txt"
    good.write_text("Grain deliveries rose in 1957.\n", encoding="utf-8")
    outcomes = window.import_paths([bad, good])
    assert sorted(o.status for o in outcomes) == ["imported", "refused"]
    box = window.last_message_box
    assert "refused 1" in box.text()
    assert ("refused", "binary.txt") in [(s, n) for s, n, _r in box.rows()]
    assert window.doc_model.rowCount() == 4
    assert window.current_doc.source_name == "fine.txt"


def test_export_from_file_menu_writes_the_selected_quote(qtbot, window, store, unicode_doc, tmp_path, monkeypatch):
    text = window.current_doc.text
    start = text.index("𠀀")
    end = text.index("grain") + len("grain")
    shown = select_cp(window, start, end)
    key(window, Qt.Key.Key_3, CTRL)
    ann_id = window.panel.current_id()
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Curator JSON (*.json)"))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    export = next(a for a in file_menu.actions() if a.text() == "&Export…")
    with qtbot.waitSignal(window.exporter.finished, timeout=10000):
        export.trigger()
    written = tmp_path / "out.json"
    assert written.exists(), window.statusBar().currentMessage()
    data = json.loads(written.read_text(encoding="utf-8"))

    def annotations(node):
        if isinstance(node, dict):
            if node.get("id") == ann_id and "quote" in node:
                yield node
            for value in node.values():
                yield from annotations(value)
        elif isinstance(node, list):
            for value in node:
                yield from annotations(value)

    (exported,) = list(annotations(data))
    assert exported["quote"] == shown == "𠀀 grain"
    assert "Exported" in window.statusBar().currentMessage()


def test_refused_edit_is_reported_not_raised(window, store):
    select_cp(window, 0, 4)
    ann = window.tag_selection(Label.FIGURE)
    svc.delete_annotation(store, ann)  # gone behind the window's back
    window.edit_annotation(ann, {"note": "x"})
    assert "does not exist" in window.statusBar().currentMessage()


def test_store_from_newer_version_exits_with_2(tmp_path, qapp, monkeypatch):
    from curator import app

    db = tmp_path / "newer.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('ffff_from_the_future')")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.main(["--db", str(db)]) == 2
    assert shown and "newer Curator" in shown[0]


def test_hangul_font_check(monkeypatch, qapp):
    from PySide6.QtGui import QFontDatabase

    from curator import app

    assert not app.hangul_font_missing()  # fonts-noto-cjk is installed here
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: []))
    assert app.hangul_font_missing()


def test_figure_value_round_trip_in_panel_list(window, store):
    select_cp(window, 0, 4)
    ann = window.tag_selection(Label.FIGURE)
    window.edit_annotation(ann, {"value": FigureValue.parse("1,209,000,000", "RUB")})
    assert window.panel.model.get(ann).value == FigureValue.parse("1209000000", "RUB")
    row = window.panel.proxy_row_of(ann)
    assert window.panel.proxy.index(row, 2).data() == "1,209,000,000 RUB"


def test_app_refuses_a_file_that_is_not_a_database_with_a_message(tmp_path, monkeypatch):
    from curator import app

    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.run(str(bad)) == app.EXIT_STORE_REFUSED
    assert shown and "not usable as a Curator store" in shown[0]
