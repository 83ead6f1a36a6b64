"""Undo then redo restores exactly what the undo removed, through sequences a curator
plays with the keyboard: the same ids, the same timestamps, a byte-identical export. A
redo that cannot be done exactly says so and leaves the redo list with the steps that
built on it; an undo acts only on the very annotation (and version) it recorded."""

from __future__ import annotations

import io

from PySide6.QtCore import Qt

from curator.domain import Label
from curator.services.exchange import export_dataset
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.services import suggestions as sugg
from curator.services.corpus import list_documents
from tests.ui.conftest import CTRL, SHIFT, key, select_cp
from tests.ui.test_suggestions_ui import choose, text_menu_action


def exported(store) -> bytes:
    out = io.BytesIO()
    export_dataset(store, out)
    return out.getvalue()


def seed(store, prefix: str) -> int:
    return next(d.id for d in list_documents(store) if d.source_name.startswith(prefix))


def test_redo_after_accepting_clean_ups_and_claims_restores_them(qtbot, manual_settings, make_window, store):
    """Seed 001: Suggest clean-ups, Accept all shown, Ctrl+Shift+S, Shift+A on a claim,
    Ctrl+Z x3, Ctrl+Shift+Z x3: the three claims are back, the export is identical."""
    win = make_window()
    doc = seed(store, "001")
    win.show_document(doc)
    text_menu_action(win, "Suggest clean-ups").trigger()
    proposed = corr.list_corrections(store, doc, "proposed")
    assert proposed
    win.review.panel.table.setFocus()
    key(win, Qt.Key.Key_A, CTRL | SHIFT)  # Accept all shown
    assert not corr.list_corrections(store, doc, "proposed")
    key(win, Qt.Key.Key_S, CTRL | SHIFT)  # suggest dates, figures, claims
    claims = [r for r in sugg.list_suggestions(store, doc) if r.label is Label.CLAIM]
    assert claims
    choose(qtbot, win, claims[0].quote)
    key(win, Qt.Key.Key_A, SHIFT)  # accept every claim
    after = exported(store)
    made = ann_svc.list_annotations(store, doc)
    assert len(made) == len(claims)

    for _ in range(3):
        key(win, Qt.Key.Key_Z, CTRL)
    assert ann_svc.list_annotations(store, doc) == []
    for _ in range(3):
        key(win, Qt.Key.Key_Z, CTRL | SHIFT)
        qtbot.wait(1)

    assert ann_svc.list_annotations(store, doc) == made
    assert exported(store) == after
    assert not win.undo_stack.canRedo() and win.undo_stack.canUndo()
    assert "Cannot" not in win.statusBar().currentMessage()


def test_undo_then_redo_of_edits_and_spans_is_byte_identical(qtbot, window, store):
    doc = window.current_doc.id
    select_cp(window, 0, 4)
    ann = window.tag_selection(Label.DATE)
    start = exported(store)
    window.edit_annotation(ann, {"note": "checked against the scan"})
    select_cp(window, 0, 3)
    key(window, Qt.Key.Key_J, CTRL)
    done = exported(store)
    assert done != start
    qtbot.wait(5)  # a later timestamp, if a redo wrote a new one
    for _ in range(2):
        key(window, Qt.Key.Key_Z, CTRL)
    assert exported(store) == start
    for _ in range(2):
        key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert exported(store) == done
    assert ann_svc.get_annotation(store, ann).document_id == doc


def test_undo_refuses_an_annotation_changed_since_and_says_so(qtbot, window, store):
    """Another process edits the annotation after we tagged it: undoing the tag must
    not delete their version; the step is refused, named, and leaves the stack."""
    select_cp(window, 0, 4)
    ann = window.tag_selection(Label.DATE)
    ann_svc.update_annotation(store, ann, note="a colleague's note")
    key(window, Qt.Key.Key_Z, CTRL)
    assert ann_svc.get_annotation(store, ann).note == "a colleague's note"
    message = window.statusBar().currentMessage()
    assert "Cannot undo" in message and "changed since" in message
    assert not window.undo_stack.canUndo()


def test_a_failed_redo_drops_the_steps_built_on_it(qtbot, window, store):
    select_cp(window, 0, 4)
    first = window.tag_selection(Label.DATE)
    window.edit_annotation(first, {"note": "one"})
    key(window, Qt.Key.Key_Z, CTRL)
    key(window, Qt.Key.Key_Z, CTRL)
    assert window.undo_stack.count() == 2 and window.undo_stack.index() == 0
    # another window brings the annotation back first: the redo of the tag cannot
    # restore it a second time, and the note edit built on that redo goes with it
    snap = window.undo_stack.command(0).snapshot
    ann_svc.restore_annotation(store, snap)
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    message = window.statusBar().currentMessage()
    assert "Cannot redo tag date" in message and "1 later step" in message
    qtbot.waitUntil(lambda: not window.undo_stack.canRedo(), timeout=2000)
    assert window.undo_stack.count() == 0
    assert ann_svc.get_annotation(store, first).note == ""


def test_undo_never_deletes_a_colleagues_annotation_that_came_in_meanwhile(qtbot, window, store, tmp_path):
    """Tag, delete, merge a colleague's dataset (their claim on the same document),
    Ctrl+Z twice: their claim is still there, ours comes back or the step says why."""
    from curator.services.corpus import ensure_seeded
    from curator.store import open_store
    from tests.ui.conftest import SEEDS

    theirs = open_store(tmp_path / "theirs.db")
    ensure_seeded(theirs, SEEDS)
    doc = window.current_doc
    their_doc = next(d.id for d in list_documents(theirs) if d.source_name == doc.source_name)
    claim = ann_svc.create_annotation(theirs, their_doc, Label.CLAIM, 10, 40, creator="colleague", status="confirmed")
    export_dataset(theirs, tmp_path / "theirs.json")
    theirs.close()

    select_cp(window, 0, 4)
    ours = window.tag_selection(Label.DATE)
    window.panel.select_annotation(ours)
    window.panel.table.setFocus()
    key(window, Qt.Key.Key_Delete)
    message = window.annotation_importer.run(tmp_path / "theirs.json", "native", "merge")
    assert "Added 1 annotation" in message
    merged = [a for a in ann_svc.list_annotations(store, doc.id) if a.creator == "colleague"]
    assert [(a.label, a.quote) for a in merged] == [(Label.CLAIM, claim.quote)]
    window.activateWindow()

    key(window, Qt.Key.Key_Z, CTRL)  # undo the delete: our date comes back
    key(window, Qt.Key.Key_Z, CTRL)  # undo the tag: our date goes, theirs stays
    assert [a for a in ann_svc.list_annotations(store, doc.id) if a.creator == "colleague"] == merged
    assert all(a.creator == "colleague" for a in ann_svc.list_annotations(store, doc.id))


def test_undo_of_accepted_suggestions_after_a_delete_and_its_undo(qtbot, manual_settings, make_window, store):
    """Found by the session machine: accept every date suggestion, delete one of the
    dates, undo the delete, show another document, undo the accept: every date the
    accept made goes (the restored one used to stay, its suggestion link cut)."""
    win = make_window()
    doc = seed(store, "000")
    win.show_document(doc)
    before = exported(store)
    key(win, Qt.Key.Key_S, CTRL | SHIFT)
    dates = [r for r in sugg.list_suggestions(store, doc) if r.label is Label.DATE]
    choose(qtbot, win, dates[0].quote)
    key(win, Qt.Key.Key_A, SHIFT)
    made = ann_svc.list_annotations(store, doc)
    assert len(made) == len(dates)
    win.panel.select_annotation(made[0].id)
    win.panel.table.setFocus()
    key(win, Qt.Key.Key_Delete)
    key(win, Qt.Key.Key_Z, CTRL)
    win.show_document(seed(store, "003"))
    key(win, Qt.Key.Key_Z, CTRL)  # undo the accept, another document shown
    assert ann_svc.list_annotations(store, doc) == []
    key(win, Qt.Key.Key_Z, CTRL)  # undo the detector run
    assert exported(store) == before


def test_a_tag_on_text_another_writer_corrected_meanwhile_is_carried_or_refused(qtbot, window, store):
    """The window shows revision 1 while another process accepts a correction (revision
    2) near the start of the text: a selection further on is carried to revision 2 with
    its quote; a selection over the corrected word is refused; undo and redo stay exact."""
    doc = window.current_doc
    shown = doc.text
    word = shown.index("North")
    corr.correct_directly(store, doc.id, word, word + 5, "North XY", reason="another writer", author="lee")
    assert window.current_doc.revision_id == doc.revision_id  # the window was not told
    start = shown.index(" ", word + 10) + 1
    select_cp(window, start, start + 4)
    ann = window.tag_selection(Label.CLAIM)
    row = ann_svc.get_annotation(store, ann)
    assert row.revision_id != doc.revision_id and (row.start, row.end) == (start + 3, start + 7)
    assert row.quote == shown[start:start + 4]
    select_cp(window, word, word + 4)
    assert window.tag_selection(Label.DATE) is None
    assert "changed the text" in window.statusBar().currentMessage()
    done = exported(store)
    key(window, Qt.Key.Key_Z, CTRL)
    assert ann_svc.list_annotations(store, doc.id) == []
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert ann_svc.get_annotation(store, ann) == row and exported(store) == done
