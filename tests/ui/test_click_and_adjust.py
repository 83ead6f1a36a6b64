"""A click in the text chooses the innermost annotation under the pointer; further
clicks at the same spot cycle outward, and only while the one chosen is still the
current one. Ctrl+J adjusts the annotation shown in the editor, and says which."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from curator.domain import Label
from curator.services import annotations as svc
from tests.ui.conftest import CTRL, drag_select, key
from tests.ui.editing_helpers import click_cp, find_cp, show_seed, tag_key

CLAIM = "조선로동당은 1958년 3월 공업 생산 목표를 상향 조정한 5개년계획을 채택한"
DATE = "1958년 3월"


def nested(window):
    show_seed(window, "003_")
    claim = tag_key(window, Label.CLAIM, CLAIM)
    date = tag_key(window, Label.DATE, DATE)
    return claim, date


def click_table_row(window, ann_id: int) -> None:
    table = window.panel.table
    rect = table.visualRect(window.panel.model.index(window.panel.model.row_of(ann_id), 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def test_a_click_in_a_date_inside_a_claim_selects_the_date_every_time(window, store):
    claim, date = nested(window)
    inside = find_cp(window, DATE) + 1
    click_cp(window, inside)
    assert window.panel.current_id() == date
    click_table_row(window, claim)  # the curator looks at the claim meanwhile
    assert window.panel.current_id() == claim
    click_cp(window, inside)  # and clicks the date again: the date, not a cycle
    assert window.panel.current_id() == date
    click_cp(window, inside + 3)  # elsewhere in it: still the innermost
    assert window.panel.current_id() == date


def test_clicks_at_one_spot_cycle_outward_and_back(window, store):
    claim, date = nested(window)
    inside = find_cp(window, DATE) + 1
    click_cp(window, inside)
    assert window.panel.current_id() == date
    click_cp(window, inside)
    assert window.panel.current_id() == claim
    assert "click again" in window.statusBar().currentMessage().lower()
    click_cp(window, inside)
    assert window.panel.current_id() == date


def test_ctrl_j_adjusts_the_date_the_click_chose_not_the_claim(window, store):
    claim, date = nested(window)
    claim_before = svc.get_annotation(store, claim)
    at = find_cp(window, DATE)
    click_cp(window, at + 1)  # the date
    click_table_row(window, claim)  # a look at the claim
    click_cp(window, at + 1)  # back to the date
    assert window.panel.editor.row.id == date
    drag_select(window, at, at + len("1958년"))  # the year alone
    window.view.setFocus()
    key(window, Qt.Key.Key_J, CTRL)
    adjusted = svc.get_annotation(store, date)
    assert (adjusted.start, adjusted.end) == (at, at + len("1958년"))
    after = svc.get_annotation(store, claim)
    assert (after.start, after.end) == (claim_before.start, claim_before.end)
    assert "date" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    back = svc.get_annotation(store, date)
    assert (back.start, back.end) == (at, at + len(DATE))
    window.undo_stack.redo()
    assert (svc.get_annotation(store, date).start, svc.get_annotation(store, date).end) == (at, at + 5)
