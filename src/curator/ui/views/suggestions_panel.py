"""The Suggestions panel: the detectors' pending proposals for the shown document, in
text order, and the decisions on them.

Like the other panels it never writes to the store: it emits requests that the
:class:`~curator.ui.suggestions.SuggestionsController` turns into undoable commands.
Keys (while the focus is inside the panel):

=====================  ==========================================================
A                      accept the selected suggestion(s): annotations with values
R                      reject the selected suggestion(s): never proposed again
Shift+A                accept every pending suggestion of the current row's label
J / K, Down / Up       next / previous suggestion
=====================  ==========================================================
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from curator.domain.labels import Label
from curator.services.suggestions import SuggestionRow
from curator.ui.icons import icon
from curator.ui.models.suggestion_model import SuggestionTableModel
from curator.ui.views.list_panel import DecisionListPanel, setup_table

KEYS_HELP = (
    "<b>Suggestions</b> (focus in the Suggestions panel)<br>"
    "A accept · R reject · Shift+A accept every suggestion of this label<br>"
    "J / Down next · K / Up previous<br>"
    "Ctrl+Shift+S suggest dates, figures and claims in this document<br>"
    "Ctrl+Shift+U show or hide the Suggestions panel (its list takes the focus) · Ctrl+Shift+K the Consistency panel"
)


class SuggestionsPanel(DecisionListPanel[SuggestionRow]):
    acceptRequested = Signal(object)  # list of suggestion ids
    rejectRequested = Signal(object)
    runRequested = Signal()
    currentChanged = Signal(object)  # suggestion id or None
    filterChanged = Signal()  # the label filter changed: the view shows what the list shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SuggestionTableModel(self)

        self.filter_combo = QComboBox()
        self.filter_combo.addItem("All kinds", None)
        for label in Label:
            self.filter_combo.addItem(icon(label.value), f"{label.title}s", label.value)
        self.filter_combo.setToolTip("Show the suggestions of one kind only (in the list and in the text)")
        self.count_label = QLabel()

        self.table = QTableView()
        setup_table(self.table, self.model, "suggestionTable", stretch=[SuggestionTableModel.COL_QUOTE],
                    widths=((0, 80), (2, 170), (3, 170), (4, 50)))

        self.accept_action = self._action("&Accept", "accept", "A",
                                          "Accept the selected suggestion(s) as annotations with their values")
        self.reject_action = self._action("&Reject", "reject", "R",
                                          "Reject the selected suggestion(s): they are not proposed again")
        self.accept_kind_action = self._action("Accept all of this &kind", "accept_all", "Shift+A",
                                               "Accept every pending suggestion with the current row's label")
        self._add_navigation("suggestion")
        self.run_action = self._action("Suggest", "suggest", None,
                                       "Look for dates, figures and claims in this document")

        buttons = QHBoxLayout()
        for action in (self.accept_action, self.reject_action, self.accept_kind_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.run_action))
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter_combo)
        top.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.filter_combo.currentIndexChanged.connect(self._refilter)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.accept_action.triggered.connect(lambda: self._emit_ids(self.acceptRequested))
        self.reject_action.triggered.connect(lambda: self._emit_ids(self.rejectRequested))
        self.accept_kind_action.triggered.connect(self._accept_kind)
        self.run_action.triggered.connect(self.runRequested)
        self._update_count()
        self._update_buttons()

    # --- content ---------------------------------------------------------------------
    def set_suggestions(self, rows: list[SuggestionRow]) -> None:
        """Replace the list, keeping the current suggestion, or the row at the same
        place (so pressing A again and again walks down the list)."""
        self._select_row(self._keep_place(lambda: self.model.set_rows(rows)))
        self._update_count()

    def shown_rows(self) -> list[SuggestionRow]:
        """The suggestions the list shows (after the label filter)."""
        return self.model.rows()

    def set_label_filter(self, label: Label | None) -> None:
        i = self.filter_combo.findData(None if label is None else label.value)
        self.filter_combo.setCurrentIndex(max(i, 0))

    def _refilter(self, i: int) -> None:
        data = self.filter_combo.itemData(i)
        self._keep_current(lambda: self.model.set_label_filter(None if data is None else Label(data)))
        self._update_count()
        self.filterChanged.emit()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        noun = f"suggestion{'s' if total != 1 else ''}"
        self.count_label.setText(f"{total} pending {noun}" if shown == total else f"{shown} of {total} pending {noun}")

    # --- selection -----------------------------------------------------------------
    def select_suggestion(self, suggestion_id: int) -> bool:
        """Make ``suggestion_id`` the current row (showing every kind if the filter hides it)."""
        if self.model.row_of(suggestion_id) < 0 and self.model.get(suggestion_id) is not None:
            self.set_label_filter(None)
        return self._select_key(suggestion_id)

    def _row_shown(self, row: SuggestionRow | None) -> None:
        self._update_buttons()
        if self._note_current(row):
            self.currentChanged.emit(self._shown_id)

    def _update_buttons(self) -> None:
        has_row = self.current_row() is not None
        for action in (self.accept_action, self.reject_action, self.accept_kind_action):
            action.setEnabled(has_row)
        row = self.current_row()
        if row is not None:
            n = sum(r.label is row.label for r in self.model.all_rows())
            self.accept_kind_action.setText(f"Accept all {n} {row.label.value}{'s' if n != 1 else ''}")
        else:
            self.accept_kind_action.setText("Accept all of this kind")

    # --- requests ----------------------------------------------------------------------
    def _emit_ids(self, signal) -> None:
        ids = self.selected_ids()
        if ids:
            signal.emit(ids)

    def _accept_kind(self) -> None:
        row = self.current_row()
        if row is not None:
            self.acceptRequested.emit([r.id for r in self.model.all_rows() if r.label is row.label])
