"""The window's actions: text, icon, shortcut and tooltip declared in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from curator.domain.labels import Label
from curator.ui.icons import icon

TAG_SHORTCUTS: dict[Label, str] = {Label.CLAIM: "Ctrl+1", Label.DATE: "Ctrl+2", Label.FIGURE: "Ctrl+3"}


@dataclass
class Actions:
    tag: dict[Label, QAction]
    delete: QAction
    adjust_span: QAction
    grow_end: QAction
    shrink_end: QAction
    import_files: QAction
    import_folder: QAction
    export: QAction
    edit_metadata: QAction
    redecode: QAction
    quit: QAction
    about: QAction


def _action(
    parent: QWidget, text: str, *, role: str | None = None, shortcut: str | QKeySequence | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if role:
        action.setIcon(icon(role))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(tip)
    parent.addAction(action)  # shortcuts work wherever the focus is in the window
    return action


def tipped_action(parent: QWidget, text: str, role: str | None, shortcut: str | QKeySequence.StandardKey | None,
                  tip: str, *, local: bool = False, shortcut_in_tip: bool = True) -> QAction:
    """An action of a feature or a panel, added to ``parent``; its tooltip and status tip
    both name the shortcut (unless ``shortcut_in_tip`` is false). ``local``: the shortcut
    acts only while the focus is inside ``parent`` (two docks may both use A); otherwise
    anywhere in ``parent``'s window."""
    action = QAction(text, parent)
    if role:
        action.setIcon(icon(role))
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        if local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if shortcut_in_tip:
            tip = f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    parent.addAction(action)
    return action


def create_actions(parent: QWidget) -> Actions:
    tag = {
        label: _action(
            parent, f"Tag as &{label.title}", role=label.value, shortcut=TAG_SHORTCUTS[label],
            tip=f"Tag the selected text as a {label.value}",
        )
        for label in Label
    }
    return Actions(
        tag=tag,
        delete=_action(parent, "&Delete annotation", role="delete", shortcut=QKeySequence.StandardKey.Delete,
                       tip="Delete the selected annotation"),
        adjust_span=_action(parent, "&Adjust span to selection", role="adjust", shortcut="Ctrl+J",
                            tip="Move the selected annotation's boundaries to the selected text"),
        grow_end=_action(parent, "Grow span end", shortcut="Shift+Alt+Right",
                         tip="Extend the selected annotation by one character"),
        shrink_end=_action(parent, "Shrink span end", shortcut="Shift+Alt+Left",
                           tip="Shorten the selected annotation by one character"),
        import_files=_action(parent, "&Import files…", role="import", shortcut=QKeySequence.StandardKey.Open,
                             tip="Import text files as new documents"),
        import_folder=_action(parent, "Import &folder…", role="import_folder", shortcut="Ctrl+Shift+O",
                              tip="Import every text file (.txt, .text, .md) in a folder and its subfolders"),
        export=_action(parent, "&Export…", role="export", shortcut="Ctrl+E",
                       tip="Export every document and annotation as Curator JSON"),
        edit_metadata=_action(parent, "Edit &metadata…", role="metadata", shortcut="Ctrl+M",
                              tip="Title, authors, year, source and languages of this document"),
        redecode=_action(parent, "Re-&decode with encoding…", role="encoding",
                         tip="Decode this document's file again with another encoding"),
        quit=_action(parent, "&Quit", role="quit", shortcut=QKeySequence.StandardKey.Quit, tip="Quit Curator"),
        about=_action(parent, "&About Curator", role="about"),
    )


class UndoActions(QObject):
    """Edit ▸ Undo / Redo of ``stack``, added to ``parent`` (shortcuts anywhere in it).
    In the toolbar they say "Undo" / "Redo" at a fixed width ("Undo Accept 30
    corrections" pushed other buttons into the overflow); the menu and the tooltip
    name the whole step."""

    def __init__(self, parent: QWidget, stack: QUndoStack) -> None:
        super().__init__(parent)
        self.stack = stack
        self.undo = stack.createUndoAction(parent, "Undo")
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo.setIcon(icon("undo"))
        self.redo = stack.createRedoAction(parent, "Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setIcon(icon("redo"))
        self.undo.setIconText("Undo")
        self.redo.setIconText("Redo")
        parent.addActions([self.undo, self.redo])
        stack.indexChanged.connect(self._update_tips)
        self._update_tips()

    def actions(self) -> tuple[QAction, QAction]:
        return self.undo, self.redo

    def _update_tips(self, *_index: int) -> None:
        if not all(isValid(o) for o in (self.stack, self.undo, self.redo)):
            return  # the window is being destroyed: the stack says its last word
        for action, word, text, keys in ((self.undo, "Undo", self.stack.undoText(), "Ctrl+Z"),
                                         (self.redo, "Redo", self.stack.redoText(), "Ctrl+Shift+Z")):
            action.setToolTip(f"{word} {text} ({keys})" if text else f"{word} ({keys})")
