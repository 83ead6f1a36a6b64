"""Tagging a span its label already covers selects the existing annotation and says so
(no new undo step); a suggestion an annotation covers is not offered, and comes back
when the annotation goes; a stale accept of one is refused in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curator.domain import Label
from curator.services import annotations as svc
from tests.ui.conftest import CTRL, key, select_cp
from tests.ui.editing_helpers import find_cp, show_seed, tag_key


def spans(window, label: Label, phrase: str) -> list:
    at = find_cp(window, phrase)
    return [r for r in window.suggestions.panel.shown_rows()
            if (r.label, r.start, r.end) == (label, at, at + len(phrase))]


def test_ctrl_3_twice_on_one_selection_selects_the_existing_figure(window, store):
    doc = show_seed(window, "003_")
    first = tag_key(window, Label.FIGURE, "5억 7,600만 루블")
    other = tag_key(window, Label.DATE, "1959년")
    assert window.panel.current_id() == other
    steps = window.undo_stack.index()
    at = find_cp(window, "5억 7,600만 루블")
    select_cp(window, at, at + len("5억 7,600만 루블"))
    window.view.setFocus()
    key(window, Qt.Key.Key_3, CTRL)
    assert window.undo_stack.index() == steps  # no new step
    assert window.panel.current_id() == first
    assert "selected the existing figure" in window.statusBar().currentMessage()
    assert sum(1 for a in svc.list_annotations(store, doc) if a.label is Label.FIGURE) == 1
    # another label on the same words is another annotation
    key(window, Qt.Key.Key_1, CTRL)
    assert window.undo_stack.index() == steps + 1


@pytest.fixture
def suggesting(window):
    """Suggest on open switched on (it is off for a new user)."""
    window.suggestions.auto_action.setChecked(True)
    return window


def test_a_tagged_span_is_no_longer_suggested_and_comes_back_on_undo(suggesting, store):
    window = suggesting
    show_seed(window, "003_")  # the detectors ran on open
    assert spans(window, Label.FIGURE, "12억 900만 루블")
    outlined = len(list(window.view._suggestions.spans))
    tag_key(window, Label.FIGURE, "12억 900만 루블")
    assert spans(window, Label.FIGURE, "12억 900만 루블") == []
    assert len(list(window.view._suggestions.spans)) == outlined - 1  # its dashed outline too
    window.undo_stack.undo()
    assert spans(window, Label.FIGURE, "12억 900만 루블")


def test_accepting_a_stale_duplicate_suggestion_is_refused_in_words(suggesting, store):
    window = suggesting
    doc = show_seed(window, "003_")
    [sug] = spans(window, Label.FIGURE, "12억 900만 루블")
    tag_key(window, Label.FIGURE, "12억 900만 루블")
    steps = window.undo_stack.index()
    window.suggestions.accept([sug.id])  # a list that was not reloaded
    assert window.undo_stack.index() == steps
    assert "already tagged as a figure" in window.statusBar().currentMessage()
    assert sum(1 for a in svc.list_annotations(store, doc) if a.label is Label.FIGURE) == 1
