"""Table models of the Suggestions and Consistency docks.

Rows are service snapshots (:class:`SuggestionRow`, :class:`FindingRow`) in text order;
the controller replaces them after each decision (a document has tens, at most a few
hundred, so a reset is cheaper than bookkeeping).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from curator.domain.values import display_amount
from curator.domain.labels import Label
from curator.services.suggestions import FindingRow, SuggestionRow
from curator.text.spans import text_order_key
from curator.ui import colors
from curator.ui.icons import icon
from curator.ui.models.row_list_model import RowListModel

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
            amount = display_amount(Decimal(amount))
        except InvalidOperation:
            pass  # shown as stored
        return f"{amount} {value.get('unit', '')}".strip()
    return flat(str(value.get("summary", "")), limit)


class SuggestionTableModel(RowListModel[SuggestionRow]):
    """Pending suggestions of the shown document, optionally of one label only."""

    HEADERS = ("Label", "Text", "Proposed value", "Reason", "Score")
    COL_LABEL, COL_QUOTE, COL_VALUE, COL_REASON, COL_SCORE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._label: Label | None = None

    def _ordered(self, rows: Iterable[SuggestionRow]) -> list[SuggestionRow]:
        return sorted(rows, key=lambda r: text_order_key(r.start, r.end, r.id))

    def _accepts(self, row: SuggestionRow) -> bool:
        return self._label is None or row.label is self._label

    def cell(self, row: SuggestionRow, col: int, role: int) -> Any:
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
        return None

    @property
    def label_filter(self) -> Label | None:
        return self._label

    def get(self, suggestion_id: Hashable) -> SuggestionRow | None:
        """Any pending suggestion of the document, also one the label filter hides."""
        return next((row for row in self._all if row.id == suggestion_id), None)

    def set_label_filter(self, label: Label | None) -> None:
        if label is not self._label:
            self._label = label
            self.refilter()


def side_text(label: str, side: dict | None) -> str:
    """One side of a finding: ``quote = value``, or a dash when the side is missing."""
    if side is None:
        return "—"
    return f"{flat(side['quote'], 40)} = {value_text(label, side['value'])}"


class FindingTableModel(RowListModel[FindingRow]):
    """Parallel-text findings of the shown document with their verdicts, in text order."""

    HEADERS = ("Kind", "Label", "Korean", "English", "Verdict")
    COL_KIND, COL_LABEL, COL_KO, COL_EN, COL_VERDICT = range(5)
    KEY = "key"

    def _ordered(self, rows: Iterable[FindingRow]) -> list[FindingRow]:
        def position(row: FindingRow) -> int:
            side = row.ko or row.en
            return side["start"] if side else 0

        return sorted(rows, key=position)

    def cell(self, row: FindingRow, col: int, role: int) -> Any:
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
