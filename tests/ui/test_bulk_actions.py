"""Bulk decisions from the keyboard (Shift+A in the Suggestions list, Ctrl+Shift+A in
the Corrections list, their undo and redo) run their store work on a worker thread:
the UI thread keeps turning (a timer ticks, a progress dialog shows), Stop rolls the
whole step back, and each step stays ONE exact undo step. ``BULK_MIN`` is lowered so
the seeds' few dozen items take the worker path (benchmarks/bench_bulk_actions.py
measures thousands)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from curator.domain import Label
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.services import suggestions as sugg
from curator.services.corpus import list_documents
from curator.ui import bulk
from curator.ui.dialogs import ProgressDialog
from tests.ui.conftest import CTRL, SHIFT, key


@pytest.fixture
def win(qtbot, manual_settings, make_window, store, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_MIN", 1)
    window = make_window()
    window.show_document(next(d.id for d in list_documents(store) if d.source_name.startswith("003")))
    return window


class Watch:
    """Ticks of a 10 ms timer on the UI thread, and whether a progress dialog showed."""

    def __init__(self, window) -> None:
        self.ticks, self.dialog_seen = 0, False
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.window = window
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        if any(d.isVisible() for d in self.window.findChildren(ProgressDialog)):
            self.dialog_seen = True


def slow(monkeypatch, module, name: str, seconds: float = 0.3) -> None:
    """Make a service call take ``seconds`` longer (on whatever thread calls it)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def annotations(store, doc_id) -> dict[int, tuple]:
    return {a.id: (a.label, a.start, a.end, a.value) for a in ann_svc.list_annotations(store, doc_id)}


def export_bytes(store, tmp_path, name: str) -> bytes:
    from curator.services.exchange import export_dataset

    export_dataset(store, tmp_path / name)
    return (tmp_path / name).read_bytes()


def test_accept_a_kind_runs_on_a_worker_and_is_one_exact_undo_step(qtbot, win, store, monkeypatch, tmp_path):
    doc_id = win.current_doc.id
    key(win, Qt.Key.Key_S, CTRL | SHIFT)  # run the detectors: the list has the focus
    panel = win.suggestions.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=2000)
    label = panel.current_row().label
    of_kind = [r.id for r in panel.model.all_rows() if r.label is label]
    assert len(of_kind) >= 2
    before, steps = annotations(store, doc_id), win.undo_stack.count()
    slow(monkeypatch, sugg, "accept_suggestions")
    slow(monkeypatch, sugg, "unaccept_suggestions")
    watch = Watch(win)

    key(win, Qt.Key.Key_A, SHIFT)
    assert watch.ticks >= 5 and watch.dialog_seen  # the UI thread turned while the store worked
    after = annotations(store, doc_id)
    assert len(after) == len(before) + len(of_kind)
    assert {a[0] for i, a in after.items() if i not in before} == {label}
    assert win.undo_stack.count() == steps + 1
    assert win.panel.model.rowCount() == len(after)
    assert win.view.span_count() == len(after)
    assert QApplication.focusWidget() is panel.table  # the keyboard goes on in the list
    accepted = export_bytes(store, tmp_path, "accepted.json")

    watch.ticks = 0
    key(win, Qt.Key.Key_Z, CTRL)
    assert watch.ticks >= 5
    assert annotations(store, doc_id) == before
    assert win.view.span_count() == len(before) and win.panel.model.rowCount() == len(before)
    assert {r.id for r in panel.model.all_rows()} >= set(of_kind)
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert annotations(store, doc_id) == after  # the same ids and values again
    assert win.view.span_count() == len(after)
    # byte for byte: the worker ran the redo on the clock of the first run
    assert export_bytes(store, tmp_path, "redone.json") == accepted


def test_stop_rolls_the_whole_accept_back(qtbot, win, store, monkeypatch):
    doc_id = win.current_doc.id
    key(win, Qt.Key.Key_S, CTRL | SHIFT)
    panel = win.suggestions.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=2000)
    pending = {r.id for r in panel.model.all_rows()}
    before, steps = annotations(store, doc_id), win.undo_stack.count()
    start = bulk.StoreJob.start

    def stop_then_start(job, *args):
        job.stop()  # as if Stop were pressed before the first batch was written
        start(job, *args)

    monkeypatch.setattr(bulk.StoreJob, "start", stop_then_start)
    key(win, Qt.Key.Key_A, SHIFT)
    assert annotations(store, doc_id) == before
    assert {r.id for r in sugg.list_suggestions(store, doc_id)} == pending
    assert win.undo_stack.count() == steps
    assert "stopped, nothing was changed" in win.statusBar().currentMessage()


def test_accept_all_corrections_on_a_worker_undo_and_redo_exact(qtbot, win, store, monkeypatch):
    doc_id = win.current_doc.id
    text = win.current_doc.text
    at, proposals = 0, []
    for word in ("1958", "조선", "rubles"):
        at = text.index(word)
        proposals.append((at, at + len(word), word.upper() + "!", "edit", "test"))
    corr.propose_many(store, doc_id, proposals, author="kim")
    start = text.index("1958")
    date_id = ann_svc.create_annotation(store, doc_id, Label.DATE, start, start + 4, creator="kim").id
    win.show_document(doc_id)  # reads the proposals and the annotation
    key(win, Qt.Key.Key_R, CTRL | SHIFT)
    panel = win.review.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=2000)
    slow(monkeypatch, corr, "accept_corrections")
    slow(monkeypatch, corr, "undo_accept")
    watch = Watch(win)

    key(win, Qt.Key.Key_A, CTRL | SHIFT)
    assert watch.ticks >= 5 and watch.dialog_seen
    assert [r.status for r in corr.list_corrections(store, doc_id)] == ["accepted"] * 3
    new_text = win.current_doc.text
    assert "1958!" in new_text and win.view.text() == new_text
    assert win.undo_stack.undoText() == "Accept 3 corrections"

    key(win, Qt.Key.Key_Z, CTRL)
    assert win.view.text() == text and win.current_doc.text == text
    assert [r.status for r in corr.list_corrections(store, doc_id)] == ["proposed"] * 3
    assert (ann_svc.get_annotation(store, date_id).start, ann_svc.get_annotation(store, date_id).end) == (
        start, start + 4)
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert win.view.text() == new_text
    assert [r.status for r in corr.list_corrections(store, doc_id)] == ["accepted"] * 3
