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

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.domain.labels import Label
from curator.services.suggestions import SuggestionRow
from curator.ui.icons import icon
from curator.ui.models.suggestion_model import SuggestionTableModel

KEYS_HELP = (
    "<b>Suggestions</b> (focus in the Suggestions panel)<br>"
    "A accept · R reject · Shift+A accept every suggestion of this label<br>"
    "J / Down next · K / Up previous<br>"
    "Ctrl+Shift+S suggest dates, figures and claims in this document"
)


class SuggestionsPanel(QWidget):
    acceptRequested = Signal(object)  # list of suggestion ids
    rejectRequested = Signal(object)
    runRequested = Signal()
    currentChanged = Signal(object)  # suggestion id or None
    filterChanged = Signal()  # the label filter changed: the view shows what the list shows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SuggestionTableModel(self)
        self._shown_id: int | None = None

        self.filter_combo = QComboBox()
        self.filter_combo.addItem("All kinds", None)
        for label in Label:
            self.filter_combo.addItem(icon(label.value), f"{label.title}s", label.value)
        self.filter_combo.setToolTip("Show the suggestions of one kind only (in the list and in the text)")
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setObjectName("suggestionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SuggestionTableModel.COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 170), (3, 170), (4, 50)):
            header.resizeSection(col, width)

        self.accept_action = self._action("&Accept", "accept", "A",
                                          "Accept the selected suggestion(s) as annotations with their values")
        self.reject_action = self._action("&Reject", "reject", "R",
                                          "Reject the selected suggestion(s): they are not proposed again")
        self.accept_kind_action = self._action("Accept all of this &kind", "accept_all", "Shift+A",
                                               "Accept every pending suggestion with the current row's label")
        self.next_action = self._action("Next", None, "J", "Next suggestion (also Down)")
        self.previous_action = self._action("Previous", None, "K", "Previous suggestion (also Up)")
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
        self.next_action.triggered.connect(lambda: self.move(+1))
        self.previous_action.triggered.connect(lambda: self.move(-1))
        self.run_action.triggered.connect(self.runRequested)
        self._update_count()
        self._update_buttons()

    # --- construction helpers ----------------------------------------------------
    def _action(self, text: str, role: str | None, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self)
        if role:
            action.setIcon(icon(role))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        self.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    # --- content ---------------------------------------------------------------------
    def set_suggestions(self, rows: list[SuggestionRow]) -> None:
        """Replace the list, keeping the current suggestion, or the row at the same
        place (so pressing A again and again walks down the list)."""
        current = self.current_id()
        at = self.table.currentIndex().row()
        self.model.set_rows(rows)
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount():
            row = min(max(at, 0), self.model.rowCount() - 1)
        self._select_row(row)
        self._update_count()

    def shown_rows(self) -> list[SuggestionRow]:
        """The suggestions the list shows (after the label filter)."""
        return self.model.rows()

    def set_label_filter(self, label: Label | None) -> None:
        i = self.filter_combo.findData(None if label is None else label.value)
        self.filter_combo.setCurrentIndex(max(i, 0))

    def _refilter(self, i: int) -> None:
        data = self.filter_combo.itemData(i)
        current = self.current_id()
        self.model.set_label_filter(None if data is None else Label(data))
        row = self.model.row_of(current) if current is not None else -1
        self._select_row(row if row >= 0 else (0 if self.model.rowCount() else -1))
        self._update_count()
        self.filterChanged.emit()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        noun = f"suggestion{'s' if total != 1 else ''}"
        self.count_label.setText(f"{total} pending {noun}" if shown == total else f"{shown} of {total} pending {noun}")

    # --- selection -----------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row()).id

    def current_row(self) -> SuggestionRow | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.row_at(r).id for r in rows]

    def select_suggestion(self, suggestion_id: int) -> bool:
        """Make ``suggestion_id`` the current row (showing every kind if the filter hides it)."""
        if self.model.row_of(suggestion_id) < 0 and self.model.get(suggestion_id) is not None:
            self.set_label_filter(None)
        row = self.model.row_of(suggestion_id)
        if row >= 0:
            self._select_row(row)
        return row >= 0

    def move(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        at = self.table.currentIndex().row()
        self._select_row(min(max(at + step, 0), count - 1) if at >= 0 else 0)

    def _select_row(self, row: int) -> None:
        selection = self.table.selectionModel()
        if row < 0:
            selection.clear()
            self.table.setCurrentIndex(QModelIndex())
            self._changed(None)
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._changed(self.model.row_at(row))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._changed(self.model.row_at(current.row()) if current.isValid() else None)

    def _changed(self, row: SuggestionRow | None) -> None:
        self._update_buttons()
        shown = None if row is None else row.id
        if shown != self._shown_id:  # a reload keeping the same current stays quiet
            self._shown_id = shown
            self.currentChanged.emit(shown)

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
