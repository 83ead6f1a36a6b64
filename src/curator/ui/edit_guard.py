"""The window's undo stack, guarding what the curator typed.

Typed values and notes in the annotation editor are saved when the curator presses
Enter, chooses a status, or leaves the annotation. Every command (an action, an undo,
a redo) may move the selection or reload the document, so before one runs the typed
edits of the shown annotation are saved as their own step (or, when the typed value is
invalid, the curator is asked and the command waits for the answer). While a command
runs, :attr:`GuardedUndoStack.busy` is true: the selection it moves has nothing left
to save, and nothing may be pushed from inside an undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from curator.domain.errors import CuratorError
from curator.ui import undo

# ``before(then)``: True when the command may run now; False when the curator is being
# asked, ``then`` running the command once they have answered
Before = Callable[[Callable[[], None]], bool]


class GuardedUndoStack(QUndoStack):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.busy = 0
        self.before: Before | None = None

    def _ready(self, then: Callable[[], None]) -> bool:
        return self.busy > 0 or self.before is None or self.before(then)

    def run(self, command: undo._Command, *, flush: bool = True,
            refused: Callable[[CuratorError], bool] | None = None) -> bool:
        """Do ``command`` and push it (see :func:`curator.ui.undo.push`), after saving
        the typed edits unless ``flush`` is false (the command saves them itself).
        ``refused`` may handle a refusal (returning True) instead of the plain report."""
        if flush and not self._ready(lambda: self.run(command, refused=refused)):
            return False
        self.busy += 1
        try:
            if refused is None:
                return undo.push(self, command)
            try:  # as undo.push, with the refusal handed to ``refused`` first
                command.run()
            except CuratorError as exc:
                if not refused(exc):
                    command.refresher.report_error(str(exc))
                return False
            command.stack = self
            self.push(command)
            return True
        finally:
            self.busy -= 1

    def undo(self) -> None:
        if not self._ready(self.undo):
            return
        self.busy += 1
        try:
            super().undo()
        finally:
            self.busy -= 1

    def redo(self) -> None:
        if not self._ready(self.redo):
            return
        self.busy += 1
        try:
            super().redo()
        finally:
            self.busy -= 1


def guard_actions(stack: GuardedUndoStack, undo_action: QAction, redo_action: QAction) -> None:
    """Make the actions of ``createUndoAction`` / ``createRedoAction`` go through the
    stack's Python ``undo`` / ``redo`` (Qt connects them to its own slots)."""
    for action, slot in ((undo_action, stack.undo), (redo_action, stack.redo)):
        action.triggered.disconnect()
        action.triggered.connect(slot)


def unsaved_question(parent: QWidget, label: str, quote: str, typed: str, error: str, *,
                     note: bool) -> QMessageBox:
    """The question about a typed value that is not valid, about to be left: Discard,
    Cancel (the default: stay and fix it), and Save when a typed ``note`` can be kept.
    Window-modal and not yet open (the caller connects ``finished`` and opens it)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Unsaved value",
        f"The value “{typed}” typed for the {label} “{quote}” is not valid and was not saved.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(
        f"{error}\n\nDiscard it, or Cancel to go back and fix it."
        + ("\nSave keeps the note and drops the value." if note else ""))
    if note:
        box.addButton(QMessageBox.StandardButton.Save)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName("unsavedEditQuestion")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box
