"""The document list with a filter line above it (Ctrl+Shift+F).

Filtering hides rows of the tree (``QTreeView.setRowHidden``) instead of putting a
proxy model between the list and its model: the main window looks documents up by row
in the model (``row_of``, ``adjust_count``, ``reload_documents(select=…)``), and those
rows must stay the model's own, hidden or not. A hidden current document stays shown
in the text; its annotation count keeps updating in the model.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from curator.ui.actions import tipped_action
from curator.ui.icons import icon

SHORTCUT = "Ctrl+Shift+F"
FILTERED_COLUMNS = (0, 1)  # title, source file name


def folded(text: str) -> str:
    """The form compared: NFC (Korean typed as jamo), then casefolded."""
    return unicodedata.normalize("NFC", text).casefold()


class _FilterEdit(QLineEdit):
    """Escape clears the filter; Down moves into the list."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__()
        self._tree = tree

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        elif event.key() == Qt.Key.Key_Down:
            self._tree.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            super().keyPressEvent(event)


class FilteredDocumentList(QWidget):
    """``tree`` (the window's document list) under a filter line edit."""

    def __init__(self, tree: QTreeView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentListPane")
        self.tree = tree
        # the list first in the focus chain, so it keeps the window's first focus (the
        # edit would take Ctrl+Z for itself); Tab still reaches the edit
        tree.setParent(self)
        self.edit = _FilterEdit(tree)
        self.edit.setParent(self)
        self.edit.setObjectName("documentFilter")
        self.edit.setPlaceholderText(f"Filter documents ({SHORTCUT})")
        self.edit.setClearButtonEnabled(True)
        self.edit.addAction(icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(tree, 1)

        self.focus_action = tipped_action(self, "Filter documents", "filter", SHORTCUT,
                                          "Show only the documents whose title or file name contains a text")
        self.focus_action.triggered.connect(self.focus_filter)
        self.edit.textChanged.connect(lambda _t: self.apply())
        model = tree.model()
        # a reset forgets the hidden rows (QTreeView::reset): hide them again
        model.modelReset.connect(self.apply)
        model.rowsInserted.connect(lambda *_a: self.apply())
        model.dataChanged.connect(self._data_changed)

    def focus_filter(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object) -> None:
        if any(top_left.column() <= c <= bottom_right.column() for c in FILTERED_COLUMNS):
            self.apply()

    def apply(self) -> None:
        """Hide the rows whose title and file name both lack the filter text."""
        needle = folded(self.edit.text().strip())
        model = self.tree.model()
        root = QModelIndex()
        for row in range(model.rowCount()):
            shown = not needle or any(
                needle in folded(str(model.index(row, col).data() or "")) for col in FILTERED_COLUMNS
            )
            if self.tree.isRowHidden(row, root) == shown:
                self.tree.setRowHidden(row, root, not shown)

    def shown_rows(self) -> list[int]:
        """The rows the filter lets through (model row numbers)."""
        return [r for r in range(self.tree.model().rowCount()) if not self.tree.isRowHidden(r, QModelIndex())]
