"""Table models of the Suggestions and Consistency docks.

Rows are service snapshots (:class:`SuggestionRow`, :class:`FindingRow`) in text order;
the controller replaces them after each decision (a document has tens, at most a few
hundred, so a reset is cheaper than bookkeeping).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from curator.domain.labels import Label
from curator.services.suggestions import FindingRow, SuggestionRow
from curator.ui import colors
from curator.ui.icons import icon

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
QUOTE_CHARS = 70

VERDICT_NAMES: dict[str, str] = {
    "translation_error": "Translation error",
    "error_in_source": "Error in the source",
    "rounding": "Rounding",
    "not_a_discrepancy": "Not a discrepancy",
    "other": "Other",
}
KIND_NAMES = {"mismatch": "Mismatch", "only_in_one": "Only in one"}


def flat(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` on one line (whitespace collapsed), cut with an ellipsis after ``limit``."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def value_text(label: Label | str, value: dict | None, limit: int = 60) -> str:
    """A proposed value as a curator reads it: ``1945/1956``, ``576,000,000 RUB``, or
    the claim's summary."""
    if not value:
        return ""
    label = Label(label)
    if label is Label.DATE:
        return str(value.get("edtf", ""))
    if label is Label.FIGURE:
        amount = str(value.get("amount", ""))
        try:
            amount = format(Decimal(amount), ",f")
        except InvalidOperation:
            pass  # shown as stored
        return f"{amount} {value.get('unit', '')}".strip()
    return flat(str(value.get("summary", "")), limit)


class SuggestionTableModel(QAbstractTableModel):
    """Pending suggestions of the shown document, optionally of one label only."""

    HEADERS = ("Label", "Text", "Proposed value", "Reason", "Score")
    COL_LABEL, COL_QUOTE, COL_VALUE, COL_REASON, COL_SCORE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[SuggestionRow] = []
        self._rows: list[SuggestionRow] = []
        self._label: Label | None = None

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
            if col == self.COL_LABEL:
                return row.label.title
            if col == self.COL_QUOTE:
                return flat(row.quote)
            if col == self.COL_VALUE:
                return value_text(row.label, row.value)
            if col == self.COL_REASON:
                return row.reason
            return f"{row.score:.2f}"
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_LABEL:
            return icon(row.label.value)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_LABEL:
            return colors.strong(row.label)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_SCORE and row.score < 0.7:
            return QColor("#777777")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.COL_QUOTE, self.COL_VALUE):
            return f"{row.quote}\n→ {value_text(row.label, row.value, 400)}\n({row.start}–{row.end})"
        if role == ID_ROLE:
            return row.id
        return None

    # --- access -------------------------------------------------------------------
    @property
    def label_filter(self) -> Label | None:
        return self._label

    def rows(self) -> list[SuggestionRow]:
        return list(self._rows)

    def all_rows(self) -> list[SuggestionRow]:
        return list(self._all)

    def row_at(self, i: int) -> SuggestionRow:
        return self._rows[i]

    def row_of(self, suggestion_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == suggestion_id:
                return i
        return -1

    def get(self, suggestion_id: int) -> SuggestionRow | None:
        for row in self._all:
            if row.id == suggestion_id:
                return row
        return None

    # --- updates ------------------------------------------------------------------
    def set_rows(self, rows: list[SuggestionRow]) -> None:
        self.beginResetModel()
        self._all = sorted(rows, key=lambda r: (r.start, -r.end, r.id))
        self._rows = [r for r in self._all if self._label is None or r.label is self._label]
        self.endResetModel()

    def set_label_filter(self, label: Label | None) -> None:
        if label is not self._label:
            self._label = label
            self.set_rows(self._all)


def side_text(label: str, side: dict | None) -> str:
    """One side of a finding: ``quote = value``, or a dash when the side is missing."""
    if side is None:
        return "—"
    return f"{flat(side['quote'], 40)} = {value_text(label, side['value'])}"


class FindingTableModel(QAbstractTableModel):
    """Parallel-text findings of the shown document with their verdicts."""

    HEADERS = ("Kind", "Label", "Korean", "English", "Verdict")
    COL_KIND, COL_LABEL, COL_KO, COL_EN, COL_VERDICT = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[FindingRow] = []

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
            if col == self.COL_KIND:
                return KIND_NAMES.get(row.kind, row.kind)
            if col == self.COL_LABEL:
                return Label(row.label).title
            if col == self.COL_KO:
                return side_text(row.label, row.ko)
            if col == self.COL_EN:
                return side_text(row.label, row.en)
            return VERDICT_NAMES.get(row.verdict, row.verdict) if row.verdict else ""
        if role == Qt.ItemDataRole.DecorationRole:
            if col == self.COL_KIND:
                return icon("warning" if row.verdict is None else "accepted")
            if col == self.COL_LABEL:
                return icon(Label(row.label).value)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.message
            if row.verdict:
                tip += f"\nVerdict: {VERDICT_NAMES.get(row.verdict, row.verdict)} ({row.verdict_by})"
                if row.note:
                    tip += f" — {row.note}"
            return tip
        return None

    def rows(self) -> list[FindingRow]:
        return list(self._rows)

    def row_at(self, i: int) -> FindingRow:
        return self._rows[i]

    def row_of(self, key: str) -> int:
        for i, row in enumerate(self._rows):
            if row.key == key:
                return i
        return -1

    def set_rows(self, rows: list[FindingRow]) -> None:
        def position(row: FindingRow) -> int:
            side = row.ko or row.en
            return side["start"] if side else 0

        self.beginResetModel()
        self._rows = sorted(rows, key=position)
        self.endResetModel()
