"""The corrections of the shown document as a table (pending only, or all of them).

Rows are :class:`~curator.services.corrections.CorrectionRow` snapshots in text order;
the window replaces them after each correction command (a document has tens, at most
a few hundred, so a reset is cheaper than bookkeeping).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from curator.services.corrections import CorrectionRow
from curator.ui.icons import icon

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
COL_STATUS, COL_KIND, COL_CHANGE, COL_REASON, COL_ORIGIN, COL_AUTHOR = range(6)
SIDE_CHARS = 40  # each side of "original → replacement" is cut after this many characters

_STATUS_ICON = {"proposed": "pending", "accepted": "accepted", "rejected": "rejected"}


def visible(text: str, limit: int = SIDE_CHARS) -> str:
    """``text`` on one line with its whitespace made visible ("⏎" for a line break,
    "→" for a tab, "·" for a space at either end, "∅" for nothing at all), cut with an
    ellipsis after ``limit``."""
    if not text:
        return "∅"
    shown = text.replace("\n", "⏎").replace("\t", "→")
    core = shown.strip(" ")
    if core != shown:  # spaces that would be invisible: at the ends (or all of it)
        left = len(shown) - len(shown.lstrip(" "))
        right = len(shown) - len(shown.rstrip(" ")) if core else 0
        shown = "·" * left + core + "·" * right
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def change_text(row: CorrectionRow, limit: int = SIDE_CHARS) -> str:
    if row.kind == "noise":
        return f"{visible(row.original, limit)} → (removed)"
    return f"{visible(row.original, limit)} → {visible(row.replacement, limit)}"


def status_text(row: CorrectionRow) -> str:
    return f"{row.status} (stale)" if row.stale else row.status


class CorrectionTableModel(QAbstractTableModel):
    HEADERS = ("Status", "Kind", "Change", "Reason", "Origin", "Author")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[CorrectionRow] = []
        self._rows: list[CorrectionRow] = []
        self._pending_only = True

    # --- Qt interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (status_text(row), row.kind, change_text(row), row.reason, row.origin, row.author)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return icon(_STATUS_ICON.get(row.status, "pending"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_CHANGE:
                return f"#{row.id} at {row.start}–{row.end} (revision {row.revision_number}):\n" \
                       f"{visible(row.original, 400)}\n→ {visible(row.replacement, 400)}"
            if col == COL_STATUS and row.stale:
                return "A later accepted correction changed this place: edit or reject it"
            if col == COL_REASON:
                return row.reason
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "proposed":
            return QColor("#777777")
        if role == ID_ROLE:
            return row.id
        return None

    # --- access -------------------------------------------------------------------
    @property
    def pending_only(self) -> bool:
        return self._pending_only

    def rows(self) -> list[CorrectionRow]:
        return list(self._rows)

    def all_rows(self) -> list[CorrectionRow]:
        return list(self._all)

    def row_at(self, i: int) -> CorrectionRow:
        return self._rows[i]

    def row_of(self, correction_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == correction_id:
                return i
        return -1

    def get(self, correction_id: int) -> CorrectionRow | None:
        i = self.row_of(correction_id)
        return None if i < 0 else self._rows[i]

    def pending_count(self) -> int:
        return sum(r.status == "proposed" for r in self._all)

    # --- updates ------------------------------------------------------------------
    def set_rows(self, rows: list[CorrectionRow]) -> None:
        self.beginResetModel()
        self._all = sorted(rows, key=lambda r: (r.start, r.end, r.id))
        self._rows = self._filtered()
        self.endResetModel()

    def set_pending_only(self, pending_only: bool) -> None:
        if pending_only != self._pending_only:
            self._pending_only = pending_only
            self.set_rows(self._all)

    def _filtered(self) -> list[CorrectionRow]:
        if not self._pending_only:
            return list(self._all)
        return [r for r in self._all if r.status == "proposed"]
