"""The Consistency panel: where the Korean and English versions of a parallel text
disagree on a date or a figure, and the curator's verdict on each disagreement.

It never writes to the store: :attr:`verdictRequested` goes to the
:class:`~curator.ui.suggestions.SuggestionsController`, which records the verdict as
one undo step. Keys (focus inside the panel): K select the Korean side in the text,
E the English side; Ctrl+Return records the verdict and note.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.services.suggestions import VERDICTS, FindingRow
from curator.ui.models.suggestion_model import KIND_NAMES, VERDICT_NAMES, FindingTableModel
from curator.ui.views.list_panel import DecisionListPanel, setup_table


class FindingsPanel(DecisionListPanel[FindingRow]):
    sideRequested = Signal(object)  # a side dict {"start", "end", ...} to select in the text
    verdictRequested = Signal(str, object, str)  # finding key, verdict or None, note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingTableModel(self)
        self._shown_key: str | None = None
        self._quiet = False  # a reload re-selects the current finding without moving the text

        self.count_label = QLabel()
        self.table = QTableView()
        setup_table(self.table, self.model, "findingTable",
                    stretch=[FindingTableModel.COL_KO, FindingTableModel.COL_EN],
                    widths=((0, 100), (1, 70), (4, 110)),
                    selection=QAbstractItemView.SelectionMode.SingleSelection)

        self.message = QLabel()
        self.message.setObjectName("findingMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.verdict_combo = QComboBox()
        self.verdict_combo.addItem("(no verdict)", None)
        for verdict in VERDICTS:
            self.verdict_combo.addItem(VERDICT_NAMES.get(verdict, verdict), verdict)
        self.verdict_combo.setToolTip("What the curator concludes about this disagreement")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("note, e.g. what the source says")
        self.note_edit.setClearButtonEnabled(True)

        self.korean_action = self._action("&Korean side", None, "K", "Select the Korean side in the text")
        self.english_action = self._action("&English side", None, "E", "Select the English side in the text")
        self.save_action = self._action("&Record verdict", "apply", "Ctrl+Return",
                                        "Record the verdict and note on this finding")

        # one column: the list, the selected finding's message, then the decision (a
        # bottom dock is wide and low, a side-by-side detail pane crushed the note field)
        sides = QHBoxLayout()
        sides.addWidget(self._button(self.korean_action))
        sides.addWidget(self._button(self.english_action))
        sides.addSpacing(8)
        sides.addWidget(self.message, 1)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(QLabel("Verdict"))
        verdict_row.addWidget(self.verdict_combo)
        verdict_row.addWidget(self.note_edit, 1)
        verdict_row.addWidget(self._button(self.save_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(sides)
        layout.addLayout(verdict_row)

        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.korean_action.triggered.connect(lambda: self._side("ko"))
        self.english_action.triggered.connect(lambda: self._side("en"))
        self.save_action.triggered.connect(self._save)
        self.note_edit.returnPressed.connect(self._save)
        self.verdict_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.note_edit.textChanged.connect(lambda _t: self._update_buttons())
        self._row_shown(None)

    # --- content ---------------------------------------------------------------------
    def set_findings(self, rows: list[FindingRow]) -> None:
        """Replace the findings, keeping the current one (by key) or the row at the same place."""
        row = self._keep_place(lambda: self.model.set_rows(rows))
        self._shown_key = None  # the row may have a new verdict: show it again
        self._quiet = True
        try:
            self._select_row(row)
        finally:
            self._quiet = False
        n = self.model.rowCount()
        open_ = sum(r.verdict is None for r in self.model.rows())
        self.count_label.setText(
            "No disagreement between the Korean and English text" if n == 0
            else f"{n} finding{'s' if n != 1 else ''}, {open_} without a verdict")

    def select_finding(self, key: str) -> bool:
        """Make the finding current and select its Korean side (else its English one)."""
        row = self.model.row_of(key)
        if row >= 0:
            self._select_row(row)
            self._side("ko" if self.model.row_at(row).ko is not None else "en")
        return row >= 0

    def _row_shown(self, row: FindingRow | None) -> None:
        key = None if row is None else row.key
        if key == self._shown_key and row is not None:
            return
        self._shown_key = key
        if row is None:
            self.message.setText("")
            self.verdict_combo.setCurrentIndex(0)
            self.note_edit.clear()
        else:
            self.message.setText(_message_html(row))
            self.verdict_combo.setCurrentIndex(max(self.verdict_combo.findData(row.verdict), 0))
            self.note_edit.setText(row.note)
            side = row.ko or row.en
            if side is not None and not self._quiet:
                self.sideRequested.emit(side)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.korean_action.setEnabled(row is not None and row.ko is not None)
        self.english_action.setEnabled(row is not None and row.en is not None)
        self.verdict_combo.setEnabled(row is not None)
        self.note_edit.setEnabled(row is not None)
        changed = row is not None and (self.verdict_combo.currentData(), self.note_edit.text()) != (
            row.verdict, row.note)
        self.save_action.setEnabled(changed)

    # --- requests ----------------------------------------------------------------------
    def _side(self, which: str) -> None:
        row = self.current_row()
        side = None if row is None else (row.ko if which == "ko" else row.en)
        if side is not None:
            self.sideRequested.emit(side)

    def _save(self) -> None:
        row = self.current_row()
        if row is None:
            return
        verdict, note = self.verdict_combo.currentData(), self.note_edit.text().strip()
        if (verdict, note) != (row.verdict, row.note):
            self.verdictRequested.emit(row.key, verdict, note)
        # back to the list: the next keys move between findings and Ctrl+Z undoes the
        # verdict (in the note field it would undo the typing)
        self.table.setFocus()


def _message_html(row: FindingRow) -> str:
    """The finding's message (it names both sides and their values) and who decided."""
    text = f"<b>{escape(KIND_NAMES.get(row.kind, row.kind))}</b>: {escape(row.message)}"
    if row.verdict:
        text += (f"<br>Verdict by {escape(row.verdict_by or '?')}: "
                 f"<b>{escape(VERDICT_NAMES.get(row.verdict, row.verdict))}</b>")
    return text
