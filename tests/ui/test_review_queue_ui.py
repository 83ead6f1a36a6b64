"""F8 / Shift+F8 walk the annotations that need review across the corpus: the document
is shown, the annotation selected in the list and outlined in the text, the status bar
says which one of how many and why; marking it reviewed takes it out of the walk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from curator.domain import Status
from curator.services import annotations as ann_svc
from curator.services import corrections
from curator.services.corpus import list_documents, load_document
from tests.ui.conftest import activate


def _seed(store):
    """Two seed documents with one annotation needing review each (the second flagged by
    an accepted correction), and a confirmed one that is not in the walk."""
    first, _second, third = (d.id for d in list_documents(store))
    a = ann_svc.create_annotation(store, first, "claim", 0, 5, creator="kim", status="needs_review")
    ann_svc.create_annotation(store, first, "claim", 10, 15, creator="kim", status="confirmed")
    text = load_document(store, third).text
    at = text.index("5억 7,600만 루블")
    b = ann_svc.create_annotation(store, third, "figure", at, at + 12, creator="kim", status="confirmed")
    fix = corrections.propose_correction(store, third, at, at + 2, "5 억", reason="spacing", author="kim")
    corrections.accept_corrections(store, [fix.id], by="kim")
    return first, a.id, third, b.id, fix.id


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    activate(qtbot, window)
    QTest.keyClick(window.view, key, modifier)


def test_f8_walks_across_documents_and_says_why(qtbot, store, make_window):
    first, a, third, b, fix = _seed(store)
    window = make_window()
    window.show_document(first)
    window.view.select_cp(3, 3)  # the caret after the start of a: a is behind it

    _press(qtbot, window, Qt.Key.Key_F8)
    assert window.current_doc.id == third
    assert window.panel.current_id() == b and window.view.current_annotation() == b
    assert window.statusBar().currentMessage() == (
        f"Needs review, 2 of 2: «5 억 7,600만 루블» (text changed by correction #{fix}: was «5억 7,600만 루블»)")

    _press(qtbot, window, Qt.Key.Key_F8)  # past the last: wraps to the first document
    assert (window.current_doc.id, window.panel.current_id()) == (first, a)
    quote_a = load_document(store, first).text[0:5]
    assert window.statusBar().currentMessage() == f"Needs review, 1 of 2: «{quote_a}» — from the beginning again"
    assert window.panel.editor.review_label.text() == "⚠ Needs review"  # a curator's choice: no reason known

    _press(qtbot, window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)  # back past the first
    assert (window.current_doc.id, window.panel.current_id()) == (third, b)
    assert window.statusBar().currentMessage().endswith("— from the end again")

    # reviewed (the editor's button): it leaves the walk, which now finds only a;
    # b takes back the status it had before the correction flagged it
    window.panel.editor.mark_reviewed()
    assert ann_svc.get_annotation(store, b).status is Status.CONFIRMED  # as it was made
    _press(qtbot, window, Qt.Key.Key_F8)
    assert window.panel.current_id() == a
    window.panel.editor.mark_reviewed()
    _press(qtbot, window, Qt.Key.Key_F8)
    assert window.statusBar().currentMessage() == "No annotation needs review"
    assert window.panel.current_id() == a  # nothing moved


def test_the_actions_are_in_the_edit_menu(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    texts = [a.text() for a in edit.actions()]
    assert "&Next annotation to review" in texts and "Pre&vious annotation to review" in texts
