"""Undoable annotation commands.

Every command's ``redo`` and ``undo`` each call exactly ONE service function (one store
transaction) and then tell the :class:`Refresher` what changed, so the window updates
one span, one table row and one document count instead of reloading.

Commands are document-agnostic: they carry annotation ids and snapshots, never widgets,
so the stack keeps working after the user switches documents (the refresher decides
what to show). Undoing a creation deletes the annotation; redoing it restores the same
id from the snapshot, so claims that cite it stay linked.

A service error during undo/redo (the store changed behind our back) is reported and
the command is made obsolete, which drops it from the stack instead of crashing.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from curator.domain.errors import CuratorError
from curator.domain.labels import Label
from curator.domain.values import Value
from curator.services import annotations as svc
from curator.services.annotations import AnnotationRow
from curator.store.engine import Store

ADJUST_MERGE_ID = 0x5A01


class Refresher(Protocol):
    def annotation_added(self, row: AnnotationRow) -> None: ...
    def annotation_changed(self, row: AnnotationRow) -> None: ...
    def annotation_removed(self, row: AnnotationRow) -> None: ...
    def report_error(self, message: str) -> None: ...


class _Command(QUndoCommand):
    """Runs its first ``redo`` before being pushed, so a refused action never enters
    the stack; :func:`push` is the way to execute one."""

    def __init__(self, store: Store, refresher: Refresher, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.refresher = refresher
        self._first = True

    def do(self) -> None:
        raise NotImplementedError

    def undo_(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.undo_)

    def _guard(self, step) -> None:
        try:
            step()
        except CuratorError as exc:
            self.refresher.report_error(f"Cannot {self.text().lower()}: {exc}")
            self.setObsolete(True)


def push(stack: QUndoStack, command: _Command) -> bool:
    """Do ``command`` now; on success put it on ``stack`` (True), else report (False)."""
    try:
        command.do()
    except CuratorError as exc:
        command.refresher.report_error(str(exc))
        return False
    stack.push(command)
    return True


class CreateAnnotation(_Command):
    def __init__(
        self, store: Store, refresher: Refresher, doc_id: int, label: Label, start: int, end: int,
        *, creator: str, value: Value | None = None,
    ) -> None:
        super().__init__(store, refresher, f"Tag {label.value}")
        self.args = (doc_id, label, start, end)
        self.creator = creator
        self.value = value
        self.snapshot: AnnotationRow | None = None

    @property
    def annotation_id(self) -> int | None:
        return None if self.snapshot is None else self.snapshot.id

    def do(self) -> None:
        if self.snapshot is None:
            row = svc.create_annotation(self.store, *self.args, creator=self.creator, value=self.value)
        else:
            row = svc.restore_annotation(self.store, self.snapshot)
        self.snapshot = row
        self.refresher.annotation_added(row)

    def undo_(self) -> None:
        assert self.snapshot is not None
        self.snapshot = svc.delete_annotation(self.store, self.snapshot.id)
        self.refresher.annotation_removed(self.snapshot)


class DeleteAnnotation(_Command):
    def __init__(self, store: Store, refresher: Refresher, ann_id: int, label: Label) -> None:
        super().__init__(store, refresher, f"Delete {label.value}")
        self.ann_id = ann_id
        self.snapshot: AnnotationRow | None = None

    def do(self) -> None:
        self.snapshot = svc.delete_annotation(self.store, self.ann_id)
        self.refresher.annotation_removed(self.snapshot)

    def undo_(self) -> None:
        assert self.snapshot is not None
        self.refresher.annotation_added(svc.restore_annotation(self.store, self.snapshot))


def _describe(changes: dict[str, Any], label: Label) -> str:
    if "label" in changes:
        return f"Change {label.value} to {Label(changes['label']).value}"
    names = [name for name in ("value", "note", "status") if name in changes]
    return f"Edit {label.value} {' and '.join(names)}"


class EditAnnotation(_Command):
    """Change any of label, value, note, status; undo puts back the previous ones."""

    def __init__(self, store: Store, refresher: Refresher, before: AnnotationRow, changes: dict[str, Any]) -> None:
        if not changes or set(changes) - {"label", "value", "note", "status"}:
            raise ValueError(f"not an annotation edit: {sorted(changes)}")
        super().__init__(store, refresher, _describe(changes, before.label))
        self.ann_id = before.id
        self.changes = dict(changes)
        # what the edit touches, so undo restores it in one update; a label change
        # drops the value, so its undo must bring the value back too
        self.previous: dict[str, Any] = {name: getattr(before, name) for name in changes}
        if "label" in changes:
            self.previous["value"] = before.value

    def do(self) -> None:
        self.refresher.annotation_changed(svc.update_annotation(self.store, self.ann_id, **self.changes))

    def undo_(self) -> None:
        self.refresher.annotation_changed(svc.update_annotation(self.store, self.ann_id, **self.previous))


class AdjustSpan(_Command):
    """Move an annotation's boundaries. Consecutive nudges of the same annotation
    (Shift+Alt+arrows) merge into one undo step."""

    def __init__(
        self, store: Store, refresher: Refresher, ann_id: int, label: Label,
        old: tuple[int, int], new: tuple[int, int], *, nudge: bool = False,
    ) -> None:
        super().__init__(store, refresher, f"Adjust {label.value} span")
        self.ann_id = ann_id
        self.old = old
        self.new = new
        self.nudge = nudge

    def id(self) -> int:
        return ADJUST_MERGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AdjustSpan) or not other.nudge or other.ann_id != self.ann_id:
            return False
        self.new = other.new
        return True

    def do(self) -> None:
        self.refresher.annotation_changed(svc.adjust_span(self.store, self.ann_id, *self.new))

    def undo_(self) -> None:
        self.refresher.annotation_changed(svc.adjust_span(self.store, self.ann_id, *self.old))
