"""The keyboard-driven decision lists of the docks (corrections, suggestions, findings,
low-confidence OCR words): a table over a :class:`~curator.ui.models.row_list_model.RowListModel`
with a current row that J / K move, that survives the list being reloaded after each
decision, and actions whose shortcuts act while the focus is inside the panel.

:class:`DecisionListPanel` holds that mechanism; a panel builds its own table, model and
actions in ``__init__`` and says what showing a row means in :meth:`~DecisionListPanel._row_shown`.
The free functions serve panels that need only a piece of it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolButton, QWidget

from curator.ui.actions import tipped_action
from curator.ui.models.row_list_model import RowListModel

R = TypeVar("R")
ROW_HEIGHT = 22  # pixels: one line of text per row


def setup_table(table: QTableView, model: RowListModel[Any], name: str, *, stretch: Iterable[int] = (),
                widths: Iterable[tuple[int, int]] = (),
                selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.ExtendedSelection,
                ) -> None:
    """A read-only table of whole rows, one line each: ``stretch`` columns share the spare
    width, ``widths`` are (column, pixels) of the others."""
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for col in stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    for col, width in widths:
        header.resizeSection(col, width)


def tool_button(action: QAction) -> QToolButton:
    """A button showing ``action``'s icon and text (enabled and triggered with it)."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


def select_table_row(table: QTableView, row: int) -> bool:
    """Make ``row`` the current and only selected row, scrolled into view; ``row < 0``
    clears the selection and the current index. True when a row was selected."""
    selection = table.selectionModel()
    if row < 0:
        selection.clear()
        table.setCurrentIndex(QModelIndex())
        return False
    index = table.model().index(row, 0)
    selection.setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)
    return True


class DecisionListPanel(QWidget, Generic[R]):
    """A panel around ``self.table`` showing ``self.model`` (both made by the subclass
    before it connects :meth:`_current_row_changed`). Rows are identified by the
    model's key (``id``; a finding's ``key``)."""

    table: QTableView
    model: RowListModel[R]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_id: Hashable | None = None  # the key last announced by _note_current

    # --- what a subclass decides ------------------------------------------------------
    def _row_shown(self, row: R | None) -> None:
        """``row`` became the current one (None: no row); called on every re-selection."""

    # --- construction helpers ----------------------------------------------------------
    def _action(self, text: str, role: str | None, shortcut: str | None, tip: str) -> QAction:
        """An action whose shortcut acts while the focus is inside the panel."""
        return tipped_action(self, text, role, shortcut, tip, local=True)

    def _add_navigation(self, noun: str) -> None:
        """J / K (Down / Up being the table's own): :attr:`next_action`, :attr:`previous_action`."""
        self.next_action = self._action("Next", None, "J", f"Next {noun} (also Down)")
        self.previous_action = self._action("Previous", None, "K", f"Previous {noun} (also Up)")
        self.next_action.triggered.connect(lambda: self.move(+1))
        self.previous_action.triggered.connect(lambda: self.move(-1))

    _button = staticmethod(tool_button)

    # --- selection ---------------------------------------------------------------------
    def current_row(self) -> R | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row())

    def current_id(self) -> Any:
        row = self.current_row()
        return None if row is None else self.model.key_of(row)

    def selected_rows(self) -> list[R]:
        """The selected rows in list order (none selected: the current one, if any)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.row_at(r) for r in rows]

    def selected_ids(self) -> list[Any]:
        return [self.model.key_of(r) for r in self.selected_rows()]

    def focus_list(self) -> None:
        """The focus into the list, with a current row (the first if there was none),
        so the panel's keys act at once: a dock opened from the keyboard calls this."""
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select_row(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def move(self, step: int) -> None:  # type: ignore[override]  # QWidget.move(QPoint) is not used on a panel
        """J / K: the next (``+1``) or previous (``-1``) row, stopping at the ends."""
        count = self.model.rowCount()
        if count:
            at = self.table.currentIndex().row()
            self._select_row(min(max(at + step, 0), count - 1) if at >= 0 else 0)

    def _select_key(self, key: Hashable) -> bool:
        """Make the row with ``key`` current if the list shows it; whether it does."""
        row = self.model.row_of(key)
        if row >= 0:
            self._select_row(row)
        return row >= 0

    def _select_row(self, row: int) -> None:
        if select_table_row(self.table, row):
            self._row_shown(self.model.row_at(row))
        else:
            self._row_shown(None)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._row_shown(self.model.row_at(current.row()) if current.isValid() else None)

    def _note_current(self, row: R | None) -> bool:
        """Whether ``row``'s key differs from the one last noted (a reload keeping the
        same current row stays quiet); notes it."""
        shown = None if row is None else self.model.key_of(row)
        if shown == self._shown_id:
            return False
        self._shown_id = shown
        return True

    # --- reloads -------------------------------------------------------------------------
    def _keep_place(self, replace: Callable[[], None]) -> int:
        """Run ``replace`` (a model reset) and return the row to make current: the current
        row's, else the row at the same place (so deciding again and again walks down the
        list), else -1 for an empty list."""
        current = self.current_id()
        at = self.table.currentIndex().row()
        replace()
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount():
            row = min(max(at, 0), self.model.rowCount() - 1)
        return row

    def _keep_current(self, refilter: Callable[[], None]) -> None:
        """Run ``refilter`` (a model reset) and keep the current row if still shown,
        else make the first row current."""
        current = self.current_id()
        refilter()
        row = self.model.row_of(current) if current is not None else -1
        self._select_row(row if row >= 0 else (0 if self.model.rowCount() else -1))
