"""A model-based test of the real window: hypothesis plays random sequences of what a
curator does on the seeds (tag, adjust, edit, delete, suggestions, clean-ups and their
accept / reject / accept-all, direct corrections and noise, switching documents, undo,
redo, merging a colleague's dataset) and after every step checks:

* every annotation's quote is its text in the revision it is anchored to, and every
  annotation that is not orphaned is anchored to the current revision;
* no two annotations of a document are identical (label, span and value);
* undo and redo give back, byte for byte, the export the step before (or after) had:
  the plain model is the list of exports along the undo stack;
* the view draws what the store holds, the panel lists it (orphans too), and the
  document list highlights the document shown;
* nothing confirmed disappears except by a step on the undo stack that names it.

CI runs a fixed, derandomised number of sequences (the gate profile). Explore more with
``HYPOTHESIS_PROFILE=explore CURATOR_MACHINE_EXAMPLES=200``; a failure shrinks to the
shortest sequence, which becomes a named regression test.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from curator.domain import Label, Status
from curator.services.exchange import export_dataset
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.services import suggestions as sugg
from curator.services.corpus import ensure_seeded, list_documents, load_document
from curator.settings import SUGGEST_ON_OPEN
from curator.store import open_store
from tests.ui.conftest import CTRL, SEEDS, SHIFT, activate, select_cp

EXAMPLES = int(os.environ.get("CURATOR_MACHINE_EXAMPLES", "20"))
STEPS = int(os.environ.get("CURATOR_MACHINE_STEPS", "30"))
LABEL_KEYS = {Label.CLAIM: Qt.Key.Key_1, Label.DATE: Qt.Key.Key_2, Label.FIGURE: Qt.Key.Key_3}
FRACTION = st.floats(0, 0.999, allow_nan=False)


def exported(store) -> bytes:
    out = io.BytesIO()
    export_dataset(store, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def colleague_dataset(tmp_path_factory) -> Path:
    """A colleague's export of the same seeds with a few annotations of their own
    (merged by text, not by id)."""
    folder = tmp_path_factory.mktemp("colleague")
    store = open_store(folder / "theirs.db")
    ensure_seeded(store, SEEDS)
    for doc in list_documents(store):
        text = load_document(store, doc.id).text
        for n, label in enumerate(Label):
            start = (n + 1) * len(text) // 5
            ann_svc.create_annotation(store, doc.id, label, start, start + 4, creator="colleague",
                                      status="confirmed")
    path = folder / "theirs.json"
    export_dataset(store, path)
    store.close()
    return path


def test_random_curator_sessions_keep_the_work_exact(qtbot, tmp_path_factory, colleague_dataset):
    from curator.ui.main_window import MainWindow

    class Session(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            folder = tmp_path_factory.mktemp("session")
            self.store = open_store(folder / "curator.db")
            ensure_seeded(self.store, SEEDS)
            settings_ = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
            settings_.setValue(SUGGEST_ON_OPEN.key, False)
            self.win = MainWindow(self.store, settings=settings_, creator="tester")
            self.win.resize(1280, 720)
            self.win.show()
            qtbot.waitExposed(self.win)
            activate(qtbot, self.win)
            self.docs = [d.id for d in list_documents(self.store)]
            self.stack = self.win.undo_stack
            # the plain model: the export at each index of the undo stack
            self.history: dict[int, bytes] = {0: exported(self.store)}
            self.trusted = True  # no change outside the undo stack (a merge) so far
            self.confirmed: set[int] = set()
            self.steps = 0

        def teardown(self) -> None:
            self.win.close()
            self.win.deleteLater()
            self.store.close()

        # ------------------------------------------------------------ helpers
        def key(self, k, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
            target = self.win.focusWidget() or self.win
            QTest.keyClick(target, k, modifiers)

        def text(self) -> str:
            return self.win.current_doc.text

        def select(self, a: float, length: int) -> tuple[int, int]:
            text = self.text()
            start = int(a * len(text))
            end = min(len(text), start + max(1, length))
            select_cp(self.win, start, end)
            return start, end

        def choose_annotation(self, pick: float) -> bool:
            ids = [self.win.panel.model.id_at(r) for r in range(self.win.panel.model.rowCount())]
            if not ids:
                return False
            self.win.panel.select_annotation(ids[int(pick * len(ids))])
            return True

        def acted(self, before: tuple[int, int]) -> None:
            """After a user action: if it put a step on the stack, the model records the
            export at the new index (and forgets the redo steps)."""
            count, index = before
            if self.stack.index() == index + 1 and self.stack.count() == index + 1:
                self.history = {i: e for i, e in self.history.items() if i <= index}
                self.history[self.stack.index()] = exported(self.store)
            else:
                assert (self.stack.count(), self.stack.index()) == (count, index), "a refused action changed the stack"
                if self.trusted:
                    assert exported(self.store) == self.history[index], "a refused action changed the store"

        def state(self) -> tuple[int, int]:
            return self.stack.count(), self.stack.index()

        # ------------------------------------------------------------ rules
        @rule(doc=st.integers(0, 2))
        def switch_document(self, doc):
            before = self.state()
            view = self.win.doc_list
            row = self.win.doc_model.row_of(self.docs[doc])
            rect = view.visualRect(self.win.doc_model.index(row, 0))
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
            assert self.win.current_doc.id == self.docs[doc]
            self.acted(before)

        @rule(label=st.sampled_from(list(Label)), a=FRACTION, length=st.integers(1, 40))
        def tag(self, label, a, length):
            before = self.state()
            self.select(a, length)
            self.key(LABEL_KEYS[label], CTRL)
            self.acted(before)

        @rule(pick=FRACTION, a=FRACTION, length=st.integers(1, 30))
        def adjust(self, pick, a, length):
            before = self.state()
            if self.choose_annotation(pick):
                self.select(a, length)
                self.key(Qt.Key.Key_J, CTRL)
            self.acted(before)

        @rule(pick=FRACTION, note=st.sampled_from(["", "checked", "see p. 3", "조선"]),
              status=st.sampled_from([None, Status.DRAFT, Status.CONFIRMED, Status.NEEDS_REVIEW]))
        def edit(self, pick, note, status):
            before = self.state()
            if self.choose_annotation(pick):
                row = self.win.panel.current_row()
                changes = {}
                if note != row.note:
                    changes["note"] = note
                if status is not None and status is not row.status and row.status is not Status.ORPHANED:
                    changes["status"] = status
                if changes:
                    self.win.edit_annotation(row.id, changes)
            self.acted(before)

        @rule(pick=FRACTION)
        def mark_reviewed(self, pick):
            before = self.state()
            if self.choose_annotation(pick):
                self.win.panel.editor.mark_reviewed()
            self.acted(before)

        @rule(pick=FRACTION)
        def delete(self, pick):
            before = self.state()
            if self.choose_annotation(pick):
                self.win.panel.table.setFocus()
                self.key(Qt.Key.Key_Delete)
            self.acted(before)

        @rule()
        def suggest_clean_ups(self):
            before = self.state()
            self.win.review.suggest()
            self.acted(before)

        @rule(pick=FRACTION, accept=st.booleans())
        def decide_a_correction(self, pick, accept):
            before = self.state()
            rows = [r for r in corr.list_corrections(self.store, self.win.current_doc.id, "proposed") if not r.stale]
            if rows:
                row = rows[int(pick * len(rows))]
                (self.win.review.accept if accept else self.win.review.reject)([row.id])
            self.acted(before)

        @rule(pick=FRACTION, replacement=st.sampled_from(["In regard", "", "조선", "1956"]))
        def edit_a_correction(self, pick, replacement):
            before = self.state()
            rows = corr.list_corrections(self.store, self.win.current_doc.id, "proposed")
            if rows:
                row = rows[int(pick * len(rows))]
                if replacement != row.original and (replacement or row.kind == "edit"):
                    self.win.review._revise(row, replacement, "edited")
            self.acted(before)

        @rule(pick=FRACTION, corpus=st.booleans())
        def apply_everywhere(self, pick, corpus):
            before = self.state()
            rows = [r for r in corr.list_corrections(self.store, self.win.current_doc.id, "proposed") if r.original]
            if rows:
                self.win.review.apply_everywhere(rows[int(pick * len(rows))].id, corpus)
            self.acted(before)

        @rule()
        def accept_all_clean_ups(self):
            before = self.state()
            rows = [r.id for r in corr.list_corrections(self.store, self.win.current_doc.id, "proposed")
                    if not r.stale]
            if rows:
                self.win.review.accept(rows)
            self.acted(before)

        @rule(a=FRACTION, length=st.integers(1, 12), replacement=st.sampled_from(["", "x", "In regard", "1956"]))
        def correct_selection(self, a, length, replacement):
            before = self.state()
            start, end = self.select(a, length)
            if replacement:
                self.win.review._correct(self.win.current_doc.id, start, end, replacement, "typed")
            else:
                self.key(Qt.Key.Key_N, CTRL | SHIFT)  # mark as noise
            self.acted(before)

        @rule()
        def run_detectors(self):
            before = self.state()
            self.win.suggestions.run_detectors()
            self.acted(before)

        @rule(pick=FRACTION, how=st.sampled_from(["accept", "reject", "accept kind"]))
        def decide_a_suggestion(self, pick, how):
            before = self.state()
            rows = sugg.list_suggestions(self.store, self.win.current_doc.id)
            if rows:
                row = rows[int(pick * len(rows))]
                ids = [row.id] if how != "accept kind" else [r.id for r in rows if r.label is row.label]
                (self.win.suggestions.reject if how == "reject" else self.win.suggestions.accept)(ids)
            self.acted(before)

        @precondition(lambda self: self.stack.canUndo())
        @rule()
        def undo(self):
            index = self.stack.index()
            self.key(Qt.Key.Key_Z, CTRL)
            qtbot.wait(1)  # a refused step leaves the stack on the next turn of the loop
            if self.trusted:
                assert "Cannot" not in self.win.statusBar().currentMessage()
                assert self.stack.index() == index - 1
                assert exported(self.store) == self.history[index - 1], "undo did not restore the step before"

        @precondition(lambda self: self.stack.canUndo())
        @rule()
        def undo_then_redo(self):
            """The property in one step: undo, redo, and the export is the same bytes."""
            self.undo()
            self.redo()

        @precondition(lambda self: self.stack.canRedo())
        @rule()
        def redo(self):
            index = self.stack.index()
            self.key(Qt.Key.Key_Z, CTRL | SHIFT)
            qtbot.wait(1)
            if self.trusted:
                assert "Cannot" not in self.win.statusBar().currentMessage()
                assert self.stack.index() == index + 1
                assert exported(self.store) == self.history[index + 1], "redo did not restore the step after"

        @precondition(lambda self: self.steps >= STEPS * 2 // 3)  # late: after it, exports are not compared
        @rule()
        def merge_colleague(self):
            message = self.win.annotation_importer.run(colleague_dataset, "native", "merge")
            assert "not imported" not in message, message
            activate(qtbot, self.win)
            # not an undo step: the model's exports no longer describe the store
            self.trusted = False
            self.history = {self.stack.index(): exported(self.store)}

        # ------------------------------------------------------------ invariants
        @invariant()
        def count(self):
            self.steps += 1

        @invariant()
        def quotes_are_their_text(self):
            for doc in self.docs:
                current = load_document(self.store, doc).revision_id
                for row in ann_svc.list_annotations(self.store, doc):
                    assert row.quote == corr.revision_text(self.store, row.revision_id)[row.start:row.end]
                    if row.status is not Status.ORPHANED:
                        assert row.revision_id == current, f"annotation {row.id} left on an old revision"

        @invariant()
        def no_identical_annotations(self):
            for doc in self.docs:
                keys = [(r.label, r.start, r.end, r.value) for r in ann_svc.list_annotations(self.store, doc)
                        if r.status is not Status.ORPHANED]
                assert len(keys) == len(set(keys)), "two identical annotations"

        @invariant()
        def the_window_shows_the_store(self):
            doc = self.win.current_doc
            if doc is None:
                return
            stored = load_document(self.store, doc.id)
            assert self.win.view.text() == stored.text
            spans = ann_svc.list_spans(self.store, doc.id)
            assert sorted(self.win.view.spans_in_text_order()) == sorted(spans)
            listed = {self.win.panel.model.id_at(r) for r in range(self.win.panel.model.rowCount())}
            assert listed == {s[0] for s in spans} | {o[0] for o in ann_svc.list_orphans(self.store, doc.id)}
            current = self.win.doc_list.currentIndex()
            assert current.isValid() and self.win.doc_model.document_at(current.row()).id == doc.id

        @invariant()
        def nothing_confirmed_vanishes_silently(self):
            now = {r.id for d in self.docs for r in ann_svc.list_annotations(self.store, d)
                   if r.status is Status.CONFIRMED}
            everything = {r.id for d in self.docs for r in ann_svc.list_annotations(self.store, d)}
            # a confirmed annotation is gone only by a step on the undo stack (delete,
            # or the undo of what made it): the stack then holds that step
            gone = self.confirmed - everything
            assert not gone or self.stack.count() > 0
            self.confirmed = now

    run_state_machine_as_test(Session, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    ))
