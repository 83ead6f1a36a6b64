"""The corrections of the shown document as a table (pending only, or all of them).

Rows are :class:`~curator.services.corrections.CorrectionRow` snapshots in text order;
the window replaces them after each correction command (a document has tens, at most
a few hundred, so a reset is cheaper than bookkeeping).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from curator.services.corrections import CorrectionRow
from curator.ui.icons import icon
from curator.ui.models.row_list_model import RowListModel
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


class CorrectionTableModel(RowListModel[CorrectionRow]):
    """The document's corrections in text order; pending only unless told otherwise."""

    HEADERS = ("Status", "Kind", "Change", "Reason", "Origin", "Author")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pending_only = True

    def _ordered(self, rows: Iterable[CorrectionRow]) -> list[CorrectionRow]:
        return sorted(rows, key=lambda r: (r.start, r.end, r.id))

    def _accepts(self, row: CorrectionRow) -> bool:
        return not self._pending_only or row.status == "proposed"

    def cell(self, row: CorrectionRow, col: int, role: int) -> Any:
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
        return None

    @property
    def pending_only(self) -> bool:
        return self._pending_only

    def pending_count(self) -> int:
        return sum(r.status == "proposed" for r in self._all)

    def set_pending_only(self, pending_only: bool) -> None:
        if pending_only != self._pending_only:
            self._pending_only = pending_only
            self.refilter()
