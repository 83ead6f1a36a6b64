"""Deleting a date or figure that a claim cites says so, naming the claim, and one undo
step brings back both the annotation and the claim's evidence link."""

from __future__ import annotations

from PySide6.QtCore import Qt

from curator.domain import Label
from curator.services import annotations as svc
from tests.ui.conftest import key
from tests.ui.editing_helpers import click_cp, find_cp, show_seed, tag_key, type_text

CLAIM = "5개년계획을 채택한"


def checked_evidence(window) -> list[int]:
    items = window.panel.editor.evidence_list
    return sorted(items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(items.count())
                  if items.item(i).checkState() == Qt.CheckState.Checked)


def test_deleting_cited_evidence_names_the_claim_and_undo_restores_the_link(window, store):
    show_seed(window, "003_")
    date = tag_key(window, Label.DATE, "1958년 3월")
    figure = tag_key(window, Label.FIGURE, "5억 7,600만 루블")
    claim = tag_key(window, Label.CLAIM, CLAIM)
    editor = window.panel.editor
    for i in range(editor.evidence_list.count()):
        item = editor.evidence_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in (date, figure):
            item.setCheckState(Qt.CheckState.Checked)
    type_text(editor.summary_edit, "the plan was adopted", enter=True)
    assert svc.get_annotation(store, claim).evidence == (date, figure)
    date_row = svc.get_annotation(store, date)

    click_cp(window, find_cp(window, "1958년 3월") + 1)
    assert window.panel.current_id() == date
    steps = window.undo_stack.index()
    window.view.setFocus()
    key(window, Qt.Key.Key_Delete)
    message = window.statusBar().currentMessage()
    assert "evidence" in message and CLAIM in message and "Ctrl+Z" in message
    assert svc.get_annotation(store, claim).evidence == (figure,)
    assert window.undo_stack.index() == steps + 1

    window.undo_stack.undo()
    back = svc.get_annotation(store, date)
    assert back == date_row and back.supports == (claim,)
    assert svc.get_annotation(store, claim).evidence == (date, figure)
    window.panel.select_annotation(claim)
    assert checked_evidence(window) == [date, figure]
    window.undo_stack.redo()
    assert svc.get_annotation(store, claim).evidence == (figure,)
    window.undo_stack.undo()
    assert svc.get_annotation(store, claim).evidence == (date, figure)


def test_deleting_an_uncited_date_says_nothing_of_claims(window, store):
    show_seed(window, "003_")
    tag_key(window, Label.DATE, "1959년")
    window.view.setFocus()
    key(window, Qt.Key.Key_Delete)
    assert "evidence" not in window.statusBar().currentMessage()
