"""A read-only table model over a list of frozen rows (service snapshots), looked up by key.

The docks' lists (corrections, suggestions, findings, OCR words) and the document list
all hold a few rows to a few thousand, replaced wholesale after each command: a model
reset is cheaper than bookkeeping. This base keeps the rows, an optional filter over
them (``all_rows`` is everything set, ``rows`` what the table shows), the key of each
shown row (``row_of`` in O(1)) and Qt's table plumbing; a subclass declares its
``HEADERS``, how rows are ordered and filtered, and what each cell shows (:meth:`cell`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from curator.ui.plain import elide, tooltip

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole  # data(index, ID_ROLE): the row's key
R = TypeVar("R")


class RowListModel(QAbstractTableModel, Generic[R]):
    """Rows of type ``R`` with a unique key attribute (:attr:`KEY`, ``id`` by default)."""

    HEADERS: tuple[str, ...] = ()
    KEY = "id"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[R] = []
        self._rows: list[R] = []
        self._row_of: dict[Hashable, int] = {}

    # --- what a subclass decides ----------------------------------------------------
    def _ordered(self, rows: Iterable[R]) -> list[R]:
        """The rows in the order the table lists them (default: as given)."""
        return list(rows)

    def _accepts(self, row: R) -> bool:
        """Whether the table shows ``row`` (the current filter; default: every row)."""
        return True

    def cell(self, row: R, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (``None``: nothing)."""
        return None

    # --- Qt interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return self.key_of(row)
        value = self.cell(row, index.column(), role)
        # cells and tips show data (titles, quotes, file names): plain text, elided
        if type(value) is str:
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(value)
            if role == Qt.ItemDataRole.DisplayRole:
                return elide(value)
        return value

    # --- access ---------------------------------------------------------------------------
    def key_of(self, row: R) -> Any:
        return getattr(row, self.KEY)

    def rows(self) -> list[R]:
        """The rows the table shows, in its order."""
        return list(self._rows)

    def all_rows(self) -> list[R]:
        """Every row set, also those the filter hides."""
        return list(self._all)

    def row_at(self, i: int) -> R:
        return self._rows[i]

    def row_of(self, key: Hashable) -> int:
        """The table row showing ``key``, or -1."""
        return self._row_of.get(key, -1)

    def get(self, key: Hashable) -> R | None:
        """The shown row with ``key``, or None."""
        i = self.row_of(key)
        return None if i < 0 else self._rows[i]

    # --- updates ----------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[R]) -> None:
        self._reset(rows)

    def refilter(self) -> None:
        """Apply a changed filter to the rows already set."""
        self._reset(self._all)

    def _reset(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._all = self._ordered(rows)
        self._rows = [r for r in self._all if self._accepts(r)]
        self._row_of = {}
        for i, row in enumerate(self._rows):
            self._row_of.setdefault(self.key_of(row), i)  # the first, as a scan would find
        self.endResetModel()

    def replace_at(self, i: int, row: R) -> None:
        """Put ``row`` (same key) in place of the shown row ``i``; the caller says which
        cells changed (``dataChanged``)."""
        old = self._rows[i]
        self._rows[i] = row
        for j, r in enumerate(self._all):
            if r is old:
                self._all[j] = row
                break
