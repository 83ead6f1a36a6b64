"""The filter above the document list (Ctrl+Shift+F): rows whose title or file name lack
the text are hidden, clearing shows them all, Korean matches whatever its
normalisation, and the window's row lookups (counts, selection, reloads) keep working."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from curator.domain import Label
from curator.services.corpus import list_documents
from tests.ui.conftest import CTRL, SHIFT, key, select_cp


def docs_by_prefix(window) -> dict[str, int]:
    return {d.source_name[:3]: d.id for d in list_documents(window.store)}


def shown_ids(window) -> set[int]:
    model = window.doc_model
    return {model.document_at(r).id for r in range(model.rowCount())
            if not window.doc_list.isRowHidden(r, QModelIndex())}


def type_filter(qtbot, window, text: str):
    key(window, Qt.Key.Key_F, CTRL | SHIFT)
    edit = window.doc_pane.edit
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    QTest.keyClicks(edit, text)
    return edit


def test_part_of_a_title_hides_the_others_and_clearing_restores(qtbot, window):
    ids = docs_by_prefix(window)
    assert window.doc_pane.edit.placeholderText() == "Filter documents (Ctrl+Shift+F)"
    edit = type_filter(qtbot, window, "wartime")  # in 001's title, other case
    assert shown_ids(window) == {ids["001"]}
    edit.clear()
    assert shown_ids(window) == set(ids.values())
    QTest.keyClicks(edit, "north korea")  # two English titles
    assert shown_ids(window) == {ids["000"], ids["001"]}
    QTest.keyClick(edit, Qt.Key.Key_Escape)  # Escape clears
    assert edit.text() == "" and shown_ids(window) == set(ids.values())


def test_file_name_matches_too(qtbot, window):
    ids = docs_by_prefix(window)
    type_filter(qtbot, window, "003_4AC6")
    assert shown_ids(window) == {ids["003"]}


def test_korean_title_matches_a_korean_query_in_either_normalisation(qtbot, window):
    ids = docs_by_prefix(window)
    edit = type_filter(qtbot, window, "")
    edit.insert("5개년계획")  # as an input method commits it (QTest types Latin-1 only)
    assert shown_ids(window) == {ids["003"]}
    edit.clear()
    QApplication.clipboard().setText(unicodedata.normalize("NFD", "북한의"))  # pasted as jamo
    QTest.keyClick(edit, Qt.Key.Key_V, CTRL)
    assert edit.text() != "북한의"
    assert shown_ids(window) == {ids["003"]}


def test_hidden_current_document_stays_shown_and_counts_keep_updating(qtbot, window):
    ids = docs_by_prefix(window)
    current = window.current_doc.id
    assert current == ids["000"]
    text = window.current_doc.text
    type_filter(qtbot, window, "wartime")
    assert current not in shown_ids(window)
    assert window.current_doc.id == current and window.view.text() == text
    select_cp(window, 1, 6)
    assert window.tag_selection(Label.CLAIM) is not None
    model = window.doc_model
    assert model.index(model.row_of(current), 2).data() == 1  # the hidden row's count
    assert current not in shown_ids(window)
    window.reload_documents(select=current)  # a model reset keeps the filter
    assert shown_ids(window) == {ids["001"]}
    # choosing a shown document works through the model's own rows
    window.doc_list.setCurrentIndex(model.index(model.row_of(ids["001"]), 0))
    assert window.current_doc.id == ids["001"]
