"""The corrections review in the window, driven from the keyboard: correct a selection
(F2), mark noise, accept/reject proposals in the Corrections dock, apply a fix
everywhere, suggest clean-ups, compare with the original; every step undoable."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from curator.domain import Label, Status
from curator.services import annotations as svc
from curator.services import corrections as corr
from curator.services.corpus import list_documents, load_document
from curator.ui.views.diff_view import changed_ranges
from tests.ui.conftest import CTRL, SHIFT, activate, key, select_cp

HEADER_START = "S5to| KA"
HEADER_END = "(1945~1956) 179"


def stored(store, doc_id):
    return {row.id: row for row in svc.list_annotations(store, doc_id)}


def phrase(text: str, words: str, after: int = 0) -> tuple[int, int]:
    i = text.index(words, after)
    return i, i + len(words)


def header_span(text: str) -> tuple[int, int]:
    start = text.index(HEADER_START)
    return start, text.index(HEADER_END, start) + len(HEADER_END)


def tag(window, label: Label, span: tuple[int, int]) -> int:
    select_cp(window, *span)
    ann = window.tag_selection(label)
    assert ann is not None
    return ann


def press_f2_and_type(qtbot, window, replacement: str) -> None:
    key(window, Qt.Key.Key_F2)
    dialog = window.review.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.replacement_edit.hasFocus() or dialog.isActiveWindow(), timeout=2000)
    QTest.keyClicks(dialog.replacement_edit, replacement)  # the selection is pre-selected: typing replaces it
    QTest.keyClick(dialog.replacement_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    activate(qtbot, window)


def open_dock(qtbot, window):
    if not window.review.dock.isVisible():
        key(window, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(window.review.dock.isVisible, timeout=2000)
    table = window.review.panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    return table


def test_f2_corrects_selection_flags_touched_annotation_and_undoes_exactly(qtbot, window, store):
    doc_id = window.current_doc.id
    original = window.current_doc.text
    claim = tag(window, Label.CLAIM, phrase(original, "Inregard to the existence"))
    year_span = phrase(original, "1945", original.index("Inregard"))
    year = tag(window, Label.DATE, year_span)
    before = svc.list_annotations(store, doc_id)

    shown = select_cp(window, *phrase(original, "Inregard"))
    assert shown == "Inregard"
    press_f2_and_type(qtbot, window, "In regard")

    text = window.view.toPlainText()
    assert "In regard to the existence" in text and "Inregard" not in text
    assert text == load_document(store, doc_id).text
    rows = stored(store, doc_id)
    assert rows[claim].status is Status.NEEDS_REVIEW
    assert rows[claim].quote == "In regard to the existence"
    assert "«Inregard to the existence»" in rows[claim].review_reason
    assert rows[year].quote == "1945" and rows[year].start == year_span[0] + 1  # carried, untouched
    assert rows[year].status is not Status.NEEDS_REVIEW
    assert window.view.span(year).start == year_span[0] + 1  # the view shows carried offsets
    message = window.statusBar().currentMessage()
    assert "revision 2" in message and "1 annotation needs review" in message
    # the panel: warning icon and reason on the flagged row, a line and a button in the editor
    model = window.panel.model
    flagged_row = model.row_of(claim)
    assert not model.index(flagged_row, 3).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "Inregard to the existence" in model.index(flagged_row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.row_of(year), 3).data(Qt.ItemDataRole.DecorationRole) is None
    window.panel.select_annotation(claim)
    editor = window.panel.editor
    assert editor.review_box.isVisible()
    assert editor.review_label.text().startswith("⚠ Needs review: text changed by correction #")
    assert window.count_info.text() == "2 annotations"

    key(window, Qt.Key.Key_Z, CTRL)
    assert window.view.toPlainText() == original
    assert svc.list_annotations(store, doc_id) == before
    assert corr.list_corrections(store, doc_id) == []  # the direct correction is gone too
    assert window.view.span(year).start == year_span[0]
    assert window.panel.model.get(claim).status is not Status.NEEDS_REVIEW

    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert "In regard to the existence" in window.view.toPlainText()
    assert stored(store, doc_id)[claim].status is Status.NEEDS_REVIEW


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CONFIRMED])
def test_mark_reviewed_gives_back_the_status_it_had_and_undoes(qtbot, window, store, status):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    claim = tag(window, Label.CLAIM, phrase(text, "Inregard to the existence"))
    window.edit_annotation(claim, {"status": status})
    select_cp(window, *phrase(text, "Inregard"))
    press_f2_and_type(qtbot, window, "In regard")
    flagged = svc.get_annotation(store, claim)
    assert flagged.status is Status.NEEDS_REVIEW and flagged.prior_status is status
    window.panel.select_annotation(claim)
    window.panel.editor.reviewed_button.click()
    reviewed = svc.get_annotation(store, claim)
    assert reviewed.status is status and reviewed.review_reason is None and reviewed.prior_status is None
    assert not window.panel.editor.review_box.isVisible()
    assert window.undo_stack.undoText() == "Mark claim reviewed"
    window.undo_stack.undo()
    assert svc.get_annotation(store, claim) == flagged
    assert svc.get_annotation(store, claim).prior_status is status
    assert stored(store, doc_id)[claim].quote == "In regard to the existence"


def test_mark_running_header_as_noise_keeps_revision_one(window, store):
    doc_id = window.current_doc.id
    original = window.current_doc.text
    first_revision = window.current_doc.revision_id
    select_cp(window, *header_span(original))
    key(window, Qt.Key.Key_N, CTRL | SHIFT)
    shown = window.view.toPlainText()
    assert HEADER_START not in shown and HEADER_END not in shown
    assert len(shown) == len(original) - (header_span(original)[1] - header_span(original)[0])
    assert corr.revision_text(store, first_revision) == original
    assert load_document(store, doc_id).revision_number == 2
    assert "revision 2" in window.doc_info.text()
    (row,) = corr.list_corrections(store, doc_id)
    assert (row.kind, row.status, row.origin) == ("noise", "accepted", "manual")
    window.undo_stack.undo()
    assert window.view.toPlainText() == original


def test_keyboard_accept_and_reject_in_the_dock(qtbot, window, store):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    first = corr.propose_correction(store, doc_id, *phrase(text, "Inregard"), "In regard",
                                    reason="merged words", author="kim")
    second = corr.propose_correction(store, doc_id, *header_span(text), "", reason="running header",
                                     author="kim", kind="noise")
    table = open_dock(qtbot, window)
    panel = window.review.panel
    assert panel.model.rowCount() == 2
    assert panel.current_id() == first.id
    assert window.view.selection_cp() == (first.start, first.end)  # the range is selected in the text
    preview = panel.preview.toPlainText()
    assert "Inregard" in preview and "In regard" in preview and "goods in the 1950s." in preview
    assert "(A)" in panel.accept_action.toolTip() and "(R)" in panel.reject_action.toolTip()

    QTest.keyClick(table, Qt.Key.Key_J)  # next, then back
    assert panel.current_id() == second.id
    assert window.view.selection_cp() == (second.start, second.end)
    QTest.keyClick(table, Qt.Key.Key_K)
    assert panel.current_id() == first.id

    QTest.keyClick(table, Qt.Key.Key_A)
    assert corr.get_correction(store, first.id).status == "accepted"
    assert "In regard to the existence" in window.view.toPlainText()
    assert "Accepted 1 correction: revision 2" in window.statusBar().currentMessage()
    assert panel.current_id() == second.id  # the list moved on to the next pending one
    QTest.keyClick(table, Qt.Key.Key_R)
    assert corr.get_correction(store, second.id).status == "rejected"
    assert panel.model.rowCount() == 0
    assert HEADER_START in window.view.toPlainText()
    panel.filter_combo.setCurrentIndex(1)  # all
    assert panel.model.rowCount() == 2

    window.undo_stack.undo()  # the rejection
    assert corr.get_correction(store, second.id).status == "proposed"
    window.undo_stack.undo()  # the accept
    assert corr.get_correction(store, first.id).status == "proposed"
    assert window.view.toPlainText() == text


def test_accept_all_shown_and_edit_replacement(qtbot, window, store):
    doc_id = window.current_doc.id
    text = window.current_doc.text
    first = corr.propose_correction(store, doc_id, *phrase(text, "Inregard"), "Inregrd",
                                    reason="typo", author="kim")
    corr.propose_correction(store, doc_id, *header_span(text), "", reason="header", author="kim", kind="noise")
    table = open_dock(qtbot, window)
    QTest.keyClick(table, Qt.Key.Key_E)
    dialog = window.review.dialog
    assert dialog.replacement_edit.text() == "Inregrd"
    dialog.replacement_edit.setText("In regard")
    QTest.keyClick(dialog.replacement_edit, Qt.Key.Key_Return)
    assert corr.get_correction(store, first.id).replacement == "In regard"
    activate(qtbot, window)
    open_dock(qtbot, window)
    QTest.keyClick(table, Qt.Key.Key_A, CTRL | SHIFT)
    now = load_document(store, doc_id)
    assert now.revision_number == 2
    assert "In regard to" in now.text and HEADER_START not in now.text
    assert "Accepted 2 corrections" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    window.undo_stack.undo()  # the edit
    assert corr.get_correction(store, first.id).replacement == "Inregrd"


def test_apply_everywhere_proposes_in_another_document(qtbot, window, store):
    docs = list_documents(store)
    doc_id, other = docs[0].id, docs[1].id
    text = window.current_doc.text
    model = corr.propose_correction(store, doc_id, *phrase(text, "Soviet Union"), "USSR",
                                    reason="house style", author="kim")
    open_dock(qtbot, window)
    panel = window.review.panel
    assert panel.select_correction(model.id)
    panel.corpus_action.trigger()
    elsewhere = corr.list_corrections(store, other, "proposed")
    assert elsewhere and all(c.original == "Soviet Union" and c.replacement == "USSR" for c in elsewhere)
    assert window.current_doc.id == doc_id
    assert panel.model.rowCount() == text.count("Soviet Union")
    window.undo_stack.undo()
    assert corr.list_corrections(store, other) == []
    window.undo_stack.redo()
    assert len(corr.list_corrections(store, other, "proposed")) == len(elsewhere)
    panel.select_correction(model.id)
    panel.here_action.trigger()  # nothing left to propose: refused, not an empty undo step
    assert "No other occurrence" in window.statusBar().currentMessage()


def test_suggest_cleanups_then_undo_withdraws_them(qtbot, window, store):
    pytest.importorskip("curator.suggest.ocr_noise", reason="the OCR noise detector is not written yet")
    doc_id = window.current_doc.id
    window.review.suggest_action.trigger()
    proposed = corr.list_corrections(store, doc_id, "proposed")
    assert proposed and {c.origin for c in proposed} == {"suggestion"}
    assert any(c.original == "Inregard" for c in proposed)
    assert window.review.dock.isVisible()
    assert window.review.panel.model.rowCount() == len(proposed)
    window.undo_stack.undo()
    assert corr.list_corrections(store, doc_id) == []
    assert window.review.panel.model.rowCount() == 0
    window.undo_stack.redo()
    assert len(corr.list_corrections(store, doc_id, "proposed")) == len(proposed)


def test_undo_after_switching_documents_shows_the_corrected_one(qtbot, window, store):
    docs = list_documents(store)
    first, second = docs[0].id, docs[1].id
    text = window.current_doc.text
    select_cp(window, *phrase(text, "Inregard"))
    press_f2_and_type(qtbot, window, "In regard")
    window.doc_list.setCurrentIndex(window.doc_model.index(window.doc_model.row_of(second), 0))
    assert window.current_doc.id == second
    window.undo_stack.undo()
    assert window.current_doc.id == first
    assert window.view.toPlainText() == text
    window.undo_stack.redo()
    assert "In regard" in window.view.toPlainText()


def covered(ranges, start, end) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def test_compare_with_original_highlights_the_changes(qtbot, window, store):
    doc_id = window.current_doc.id
    original = window.current_doc.text
    select_cp(window, *phrase(original, "Inregard"))
    press_f2_and_type(qtbot, window, "In regard")
    select_cp(window, *header_span(window.current_doc.text))
    key(window, Qt.Key.Key_N, CTRL | SHIFT)
    current = load_document(store, doc_id).text
    key(window, Qt.Key.Key_D, CTRL | SHIFT)
    diff = window.review.diff
    assert diff is not None and diff.isVisible()
    assert diff.original.toPlainText() == original
    assert diff.current.toPlainText() == current
    left, right = diff.original.highlighted(), diff.current.highlighted()
    assert covered(left, *phrase(original, "Inregard")) and covered(left, *header_span(original))
    assert covered(right, *phrase(current, "In regard"))
    assert len(left) == 2 and len(right) == 1  # nothing else marked
    assert "revision 3" in diff.right_caption.text()


def test_changed_ranges_are_exact_over_random_batches():
    rng = random.Random(7)
    alphabet = "ab😀 \n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        first, batches = text, []
        for _ in range(rng.randint(1, 3)):
            cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, 2 * rng.randint(1, 2))))
            batch = []
            for s, e in zip(cuts[::2], cuts[1::2]):
                replacement = "".join(rng.choice("xy😀") for _ in range(rng.randint(0, 3)))
                if (s, e) != (s, s) or replacement:
                    batch.append((s, e, text[s:e], replacement))
            if not batch:
                continue
            for s, e, _o, r in sorted(batch, reverse=True):
                text = text[:s] + r + text[e:]
            batches.append(batch)
        before, after = changed_ranges(len(first), batches)
        # outside the highlighted ranges both texts are the same, character for character
        kept_before = "".join(first[s:e] for s, e in _gaps(before, len(first)))
        kept_after = "".join(text[s:e] for s, e in _gaps(after, len(text)))
        assert kept_before == kept_after, (first, batches)
        assert all(0 <= s < e <= len(first) for s, e in before)
        assert all(0 <= s < e <= len(text) for s, e in after)


def _gaps(ranges, length):
    pos = 0
    for s, e in ranges:
        yield pos, s
        pos = e
    yield pos, length


def test_changes_show_their_whitespace():
    from curator.ui.models.correction_model import visible

    assert visible("\n") == "⏎"
    assert visible(" ") == "·"
    assert visible(" a b ") == "·a b·"
    assert visible("") == "∅"
    assert visible("x" * 50, 10) == "x" * 9 + "…"
