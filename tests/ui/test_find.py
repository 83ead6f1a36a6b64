"""Find in the document (Ctrl+F): the bar, its count, F3 / Shift+F3 / Enter with
wrap-around, Escape then tagging the found text, NFD Korean queries, astral characters,
the no-match state, searching again after a correction or a document switch, the found
layer's pixels (the capped search itself: tests/text/test_search.py).

Expected matches are computed here with ``str.find`` over casefolded text (after checking
that casefolding changes no length in it), not with the regex the feature uses."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from curator.domain import Label
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as svc
from curator.services import corrections as corr
from curator.services.corpus import import_decoded, list_documents
from curator.ui.find import WRAPPED
from tests.ui.conftest import CTRL, SHIFT, activate, key

from .view_helpers import base_color, gap_point, gap_text, pixel, shown_view


def occurrences(text: str, query: str, *, fold: bool = True) -> list[tuple[int, int]]:
    """Non-overlapping occurrences by str.find (on casefolded text when ``fold``)."""
    if fold:
        assert all(len(c.casefold()) == 1 for c in text + query), "the check needs length-keeping folds"
        text, query = text.casefold(), query.casefold()
    out, at = [], text.find(query)
    while at >= 0:
        out.append((at, at + len(query)))
        at = text.find(query, at + len(query))
    return out


def open_bar(qtbot, window):
    key(window, Qt.Key.Key_F, CTRL)
    bar = window.finder.bar
    qtbot.waitUntil(bar.edit.hasFocus, timeout=2000)
    return bar


def find(qtbot, window, query: str):
    bar = open_bar(qtbot, window)
    QTest.keyClicks(bar.edit, query)
    assert bar.query() == query
    return bar


def show(window, source_prefix: str) -> str:
    doc = next(d for d in list_documents(window.store) if d.source_name.startswith(source_prefix))
    window.show_document(doc.id)
    return window.current_doc.text


def test_ctrl_f_opens_the_bar_focused_with_its_text_selected(qtbot, window):
    bar = open_bar(qtbot, window)
    assert bar.isVisible() and bar.edit.hasFocus()
    QTest.keyClicks(bar.edit, "Korea")
    window.view.setFocus()
    key(window, Qt.Key.Key_F, CTRL)  # again: the old query is selected, typing replaces it
    qtbot.waitUntil(bar.edit.hasFocus, timeout=2000)
    assert bar.edit.selectedText() == "Korea"
    QTest.keyClicks(bar.edit, "Soviet")
    assert bar.query() == "Soviet"
    assert "Ctrl+F" in window.finder.find_action.toolTip()
    assert window.finder.find_action in window.menuBar().actions()[1].menu().actions()  # Edit menu


def test_typing_counts_highlights_and_selects_the_first_match(qtbot, window):
    text = window.current_doc.text
    expected = occurrences(text, "industrial")
    assert len(expected) > 3
    bar = find(qtbot, window, "industrial")
    assert bar.count_label.text() == f"1 of {len(expected)}"
    assert window.view.found_count() == len(expected)
    assert window.view.selection_cp() == expected[0]
    assert not bar.no_match_shown()


def test_f3_enter_and_shift_walk_and_wrap(qtbot, window):
    text = window.current_doc.text
    expected = occurrences(text, "industrial")
    n = len(expected)
    bar = find(qtbot, window, "industrial")
    view = window.view

    key(window, Qt.Key.Key_F3)
    start, end = view.selection_cp()
    assert (start, end) == expected[1]
    assert text[start:end].casefold() == "industrial"
    assert bar.count_label.text() == f"2 of {n}"
    QTest.keyClick(bar.edit, Qt.Key.Key_Return)  # Enter in the query: next
    assert view.selection_cp() == expected[2]
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)  # Shift+Enter: previous
    assert view.selection_cp() == expected[1]

    for _ in range(n - 1):  # to the last, then past it
        key(window, Qt.Key.Key_F3)
    assert view.selection_cp() == expected[0]
    assert window.statusBar().currentMessage() == WRAPPED
    window.statusBar().clearMessage()
    key(window, Qt.Key.Key_F3, SHIFT)  # back over the start: the last match
    assert view.selection_cp() == expected[-1]
    assert bar.count_label.text() == f"{n} of {n}"
    assert window.statusBar().currentMessage() == WRAPPED
    key(window, Qt.Key.Key_F3, SHIFT)
    assert view.selection_cp() == expected[-2]


def test_escape_then_ctrl_2_tags_the_found_text(qtbot, window, store):
    text = window.current_doc.text
    expected = occurrences(text, "1945")
    bar = find(qtbot, window, "1945")
    key(window, Qt.Key.Key_F3)
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.view.hasFocus()
    assert window.view.found_count() == 0  # the highlights go with the bar
    assert window.view.selection_cp() == expected[1]
    key(window, Qt.Key.Key_2, CTRL)
    (row,) = svc.list_annotations(store, window.current_doc.id)
    assert (row.label, row.start, row.end, row.quote) == (Label.DATE, *expected[1], "1945")


def test_nfd_korean_query_finds_the_nfc_text(qtbot, window):
    text = show(window, "003_")
    query = "5개년계획"
    nfd = unicodedata.normalize("NFD", query)
    assert nfd != query and len(nfd) > len(query)
    expected = occurrences(text, query, fold=False)
    assert len(expected) > 1
    bar = open_bar(qtbot, window)
    QApplication.clipboard().setText(nfd)  # pasted from a PDF extraction, say
    QTest.keyClick(bar.edit, Qt.Key.Key_V, CTRL)
    assert bar.query() == nfd
    assert bar.count_label.text() == f"1 of {len(expected)}"
    key(window, Qt.Key.Key_F3)
    assert window.view.selection_cp() == expected[1]
    assert window.view.textCursor().selectedText() == query  # what Qt shows selected


def test_match_after_astral_characters_is_selected_exactly(qtbot, window, store):
    text = "😀😀 Report on 𠀀 grain 🇰🇷: 576,000,000 rubles.\nMore rubles 📈 and RUBLES.\n"
    outcome = import_decoded(store, "astral.txt", decode_bytes(text.encode("utf-8")))
    window.reload_documents(select=outcome.document_id)
    activate(qtbot, window)
    assert window.current_doc.text == text
    expected = occurrences(text, "rubles")
    assert len(expected) == 3
    find(qtbot, window, "rubles")
    for want in expected[1:] + expected[:1]:
        key(window, Qt.Key.Key_F3)
        assert window.view.selection_cp() == want
        assert window.view.textCursor().selectedText() == text[want[0] : want[1]]


def test_no_match_state(qtbot, window):
    bar = find(qtbot, window, "industrial")
    assert window.view.selection_cp() is not None
    QTest.keyClicks(bar.edit, "zzq")
    assert bar.count_label.text() == "No matches"
    assert bar.no_match_shown()
    assert window.view.found_count() == 0
    assert window.view.selection_cp() is None  # nothing left selected to tag by mistake
    key(window, Qt.Key.Key_F3)
    assert window.view.selection_cp() is None
    QTest.keyClick(bar.edit, Qt.Key.Key_Backspace)
    QTest.keyClick(bar.edit, Qt.Key.Key_Backspace)
    QTest.keyClick(bar.edit, Qt.Key.Key_Backspace)
    assert not bar.no_match_shown() and window.view.found_count() > 0


def test_match_case(qtbot, window):
    text = window.current_doc.text
    bar = find(qtbot, window, "North Korea")
    folded = occurrences(text, "North Korea")
    exact = occurrences(text, "North Korea", fold=False)
    assert window.view.found_count() == len(folded)
    bar.edit.setText("north korea")
    assert window.view.found_count() == len(folded)
    bar.match_case.setChecked(True)
    assert bar.count_label.text() == "No matches"
    bar.edit.setText("North Korea")
    assert window.view.found_count() == len(exact) > 0


def found_spans(view) -> list[tuple[int, int]]:
    return sorted(v[1:3] for v in view._found.spans.values())


def test_correction_and_its_undo_search_again(qtbot, window, store):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    before = occurrences(text, "industrial")
    bar = find(qtbot, window, "industrial")
    key(window, Qt.Key.Key_F3)  # the second match is the current one
    assert window.view.selection_cp() == before[1]
    # accepted in place (window.apply_text_edits): the first occurrence is replaced, and
    # "Industrial " is inserted before "This study", which comes before the second
    this = text.index("This study")
    assert before[0][1] < this < before[1][0]
    c1 = corr.propose_correction(store, doc_id, *before[0], "manufacturing", reason="test", author="kim")
    c2 = corr.propose_correction(store, doc_id, this, this, "Industrial ", reason="test", author="kim")
    window.review.accept([c1.id, c2.id])
    new_text = window.current_doc.text
    assert new_text == window.view.text() != text
    after = occurrences(new_text, "industrial")
    assert len(after) == len(before)  # one gone, one new
    assert found_spans(window.view) == after
    # the selection followed its text, so it is still the current match (now the second)
    moved = before[1][0] + len("manufacturing") - len("industrial") + len("Industrial ")
    assert window.view.selection_cp() == (moved, moved + 10) == after[1]
    assert bar.count_label.text() == f"2 of {len(after)}"
    key(window, Qt.Key.Key_F3)
    assert window.view.selection_cp() == after[2]

    window.undo_stack.undo()  # reloads the old revision
    assert window.view.text() == text
    assert found_spans(window.view) == before
    assert bar.count_label.text() == f"{len(before)} matches"  # the reload cleared the selection


def test_switching_documents_searches_the_new_one(qtbot, window):
    bar = find(qtbot, window, "Soviet")
    text = show(window, "001_")
    expected = occurrences(text, "Soviet")
    assert window.view.found_count() == len(expected) > 0
    assert bar.count_label.text() == f"{len(expected)} matches"
    key(window, Qt.Key.Key_F3)
    assert window.view.selection_cp() == expected[0]


def test_found_layer_paints_and_clears(qtbot):
    view = shown_view(qtbot)
    text = gap_text(4)
    view.set_document(text, [])
    pt = gap_point(view, text, 1)
    assert pixel(view, pt) == base_color(view)
    line1 = text.index("line0001")
    view.set_found([(line1, line1 + 20)])
    assert view.found_count() == 1
    found = pixel(view, pt)
    assert found.red() > found.blue() + 40 and found.green() > found.blue() + 40  # yellow
    # inside a claim the match still shows: not the claim's colour alone
    view.set_document(text, [(1, line1, line1 + 20, "claim")])
    claim_only = pixel(view, pt)
    assert view.found_count() == 0  # a new text drops the old matches
    view.set_found([(line1, line1 + 20)])
    assert pixel(view, pt) not in (claim_only, found)
    view.set_found(())
    assert pixel(view, pt) == claim_only


def yellow_pixels(view) -> int:
    """Pixels of the found fill (light yellow over white) in the view's viewport."""
    image = view.viewport().grab().toImage()
    step = 2
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if (c := image.pixelColor(x, y)).red() > 230 and c.green() > 215 and c.blue() < 190
    )


def test_found_layer_in_the_window(qtbot, window):
    assert yellow_pixels(window.view) == 0
    bar = find(qtbot, window, "industrial")
    window.view.select_cp(0, 0)  # no selection: only the found layer paints
    assert yellow_pixels(window.view) > 50
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert yellow_pixels(window.view) == 0

