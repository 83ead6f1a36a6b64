"""The corrections review panel: the document's corrections, the selected one in its
context (original struck through in red, replacement in green), and the decisions.

Like the annotation panel it never writes to the store: it emits requests that the
:class:`~curator.ui.review.ReviewController` turns into undoable commands. Everything
works from the keyboard (shortcuts act while the focus is inside the panel):

=====================  ==========================================
A                      accept the selected correction(s)
R                      reject the selected correction(s)
E                      edit the replacement
J / K, Down / Up       next / previous correction
W / Shift+W            apply the same fix everywhere in this document / the corpus
Ctrl+Shift+A           accept every pending correction shown
=====================  ==========================================
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.services.corrections import CorrectionRow
from curator.ui.icons import icon
from curator.ui.models.correction_model import (
    COL_CHANGE,
    COL_REASON,
    CorrectionTableModel,
    visible,
)

CONTEXT_CHARS = 160  # characters of text shown on each side of the correction
REMOVED_STYLE = "background:#f9c9c9;color:#8b0000;text-decoration:line-through;"
ADDED_STYLE = "background:#c6ecc6;color:#0b5d1e;"

KEYS_HELP = (
    "<b>Corrections review</b> (focus in the Corrections panel)<br>"
    "A accept · R reject · E edit the replacement<br>"
    "J / Down next · K / Up previous<br>"
    "W apply the same fix everywhere in this document · Shift+W in the whole corpus<br>"
    "Ctrl+Shift+A accept every pending correction shown<br><br>"
    "<b>In the text</b><br>"
    "F2 correct the selection · Ctrl+Shift+N mark the selection as noise<br>"
    "Ctrl+Shift+R show or hide the Corrections panel · Ctrl+Shift+D compare with original"
)


def _html_text(text: str) -> str:
    """Document text as HTML: escaped (never markup), line breaks kept."""
    return escape(text).replace("\n", "<br>")


def _html_changed(text: str) -> str:
    """Changed text: escaped, with line breaks made visible ("⏎") and kept."""
    return escape(text).replace("\n", "⏎<br>").replace("\t", "→")


def context_html(text: str, row: CorrectionRow, chars: int = CONTEXT_CHARS) -> str:
    """The correction in its context: ``text`` is the revision it was made on."""
    before = text[max(0, row.start - chars):row.start]
    after = text[row.end:row.end + chars]
    cut_before = "…" if row.start > chars else ""
    cut_after = "…" if row.end + chars < len(text) else ""
    removed = f'<span style="{REMOVED_STYLE}">{_html_changed(row.original)}</span>' if row.original else ""
    added = f'<span style="{ADDED_STYLE}">{_html_changed(row.replacement)}</span>' if row.replacement else ""
    return (
        f'<div style="white-space:pre-wrap;">{cut_before}{_html_text(before)}{removed}{added}'
        f"{_html_text(after)}{cut_after}</div>"
    )


class CorrectionDialog(QDialog):
    """The selected text, a replacement and a reason. Opened non-blocking (``open``);
    the caller connects :attr:`accepted` and reads :meth:`values`."""

    def __init__(self, parent: QWidget | None, *, title: str, original: str, replacement: str,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("correctionDialog")
        self.original_label = QLabel()
        self.original_label.setTextFormat(Qt.TextFormat.PlainText)  # document text, never markup
        self.original_label.setWordWrap(True)
        self.original_label.setText(visible(original, 200))
        self.replacement_edit = QLineEdit(replacement)
        self.replacement_edit.setPlaceholderText("the corrected text (empty removes it)")
        self.replacement_edit.selectAll()
        self.reason_edit = QLineEdit(reason)
        self.reason_edit.setPlaceholderText("why, e.g. merged words, OCR misread")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow("Text", self.original_label)
        form.addRow("Replace with", self.replacement_edit)
        form.addRow("Reason", self.reason_edit)
        form.addRow(buttons)
        self.setMinimumWidth(460)
        self.replacement_edit.setFocus()

    def values(self) -> tuple[str, str]:
        return self.replacement_edit.text(), self.reason_edit.text()


class ReviewPanel(QWidget):
    acceptRequested = Signal(object)  # list of correction ids
    rejectRequested = Signal(object)
    editRequested = Signal(int)
    everywhereRequested = Signal(int, bool)  # (correction id, whole corpus?)
    suggestRequested = Signal()
    currentChanged = Signal(object)  # correction id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CorrectionTableModel(self)
        self._text_of: Callable[[int], str] | None = None
        self._shown_id: int | None = None

        self.filter_combo = QComboBox()
        self.filter_combo.addItem("Pending", True)
        self.filter_combo.addItem("All", False)
        self.filter_combo.setToolTip("Show only the corrections still to decide, or all of them")
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setObjectName("correctionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_CHANGE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 100), (1, 50), (COL_REASON, 220), (4, 80), (5, 70)):
            header.resizeSection(col, width)

        self.preview = QTextBrowser()
        self.preview.setObjectName("correctionPreview")
        self.preview.setOpenLinks(False)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setPlaceholderText("Select a correction to see it in its context.")

        self.accept_action = self._action("&Accept", "accept", "A", "Accept the selected correction(s): a new revision")
        self.reject_action = self._action("&Reject", "reject", "R", "Reject the selected correction(s)")
        self.edit_action = self._action("&Edit…", "edit", "E", "Edit the replacement before deciding")
        self.next_action = self._action("Next", None, "J", "Next correction (also Down)")
        self.previous_action = self._action("Previous", None, "K", "Previous correction (also Up)")
        self.here_action = self._action("Everywhere in this &document", "everywhere", "W",
                                        "Propose the same fix wherever the same text occurs in this document")
        self.corpus_action = self._action("Everywhere in the whole &corpus", "everywhere", "Shift+W",
                                          "Propose the same fix wherever the same text occurs in any document")
        self.accept_all_action = self._action("Accept all shown", "accept_all", "Ctrl+Shift+A",
                                              "Accept every pending correction in the list at once")
        self.suggest_action = self._action("Suggest clean-ups", "suggest", None,
                                           "Look for OCR noise, merged words and layout breaks in this document")

        everywhere = QToolButton()
        everywhere.setText("Apply everywhere")
        everywhere.setIcon(icon("everywhere"))
        everywhere.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        everywhere.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(everywhere)
        menu.addActions([self.here_action, self.corpus_action])
        everywhere.setMenu(menu)
        everywhere.setToolTip("Propose the same fix at every other occurrence (W: this document, Shift+W: corpus)")
        self.everywhere_button = everywhere

        buttons = QHBoxLayout()
        for action in (self.accept_action, self.reject_action, self.edit_action):
            buttons.addWidget(self._button(action))
        buttons.addWidget(everywhere)
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.accept_all_action))
        buttons.addWidget(self._button(self.suggest_action))
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter_combo)
        top.addWidget(self.count_label, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        self.filter_combo.currentIndexChanged.connect(
            lambda i: self._refilter(bool(self.filter_combo.itemData(i))))
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.accept_action.triggered.connect(lambda: self._emit_ids(self.acceptRequested))
        self.reject_action.triggered.connect(lambda: self._emit_ids(self.rejectRequested))
        self.edit_action.triggered.connect(self._edit)
        self.next_action.triggered.connect(lambda: self.move(+1))
        self.previous_action.triggered.connect(lambda: self.move(-1))
        self.here_action.triggered.connect(lambda: self._everywhere(False))
        self.corpus_action.triggered.connect(lambda: self._everywhere(True))
        self.accept_all_action.triggered.connect(self._accept_all)
        self.suggest_action.triggered.connect(self.suggestRequested)
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
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip} ({shown})"
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
    def set_text_source(self, text_of: Callable[[int], str]) -> None:
        """``text_of(revision_id)``: the text a correction was made on, for the preview."""
        self._text_of = text_of

    def set_corrections(self, rows: list[CorrectionRow]) -> None:
        """Replace the list, keeping the current correction, or the row at the same
        place (so pressing A again and again walks down the list)."""
        current = self.current_id()
        at = self.table.currentIndex().row()
        self.model.set_rows(rows)
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount():
            row = min(max(at, 0), self.model.rowCount() - 1)
        self._select_row(row)
        self._update_count()

    def _refilter(self, pending_only: bool) -> None:
        current = self.current_id()
        self.model.set_pending_only(pending_only)
        row = self.model.row_of(current) if current is not None else -1
        self._select_row(row if row >= 0 else (0 if self.model.rowCount() else -1))
        self._update_count()

    def _update_count(self) -> None:
        pending, total = self.model.pending_count(), len(self.model.all_rows())
        self.count_label.setText(f"{pending} pending of {total} correction{'s' if total != 1 else ''}")

    # --- selection -----------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row()).id

    def current_row(self) -> CorrectionRow | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.row_at(r).id for r in rows]

    def select_correction(self, correction_id: int) -> bool:
        row = self.model.row_of(correction_id)
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
            self._show(None)
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show(self.model.row_at(row))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.row_at(current.row()) if current.isValid() else None)

    def _show(self, row: CorrectionRow | None) -> None:
        if row is None:
            self.preview.clear()
        elif self._text_of is not None:
            header = (f"<p><b>#{row.id}</b> {escape(row.kind)} · {escape(row.status)}"
                      f"{' (stale: edit or reject it)' if row.stale else ''} · {escape(row.reason)}</p>")
            self.preview.setHtml(header + context_html(self._text_of(row.revision_id), row))
        self._update_buttons()
        shown = None if row is None else row.id
        if shown != self._shown_id:  # a reload keeping the same current stays quiet
            self._shown_id = shown
            self.currentChanged.emit(shown)

    def _update_buttons(self) -> None:
        row = self.current_row()
        pending = row is not None and row.status == "proposed"
        for action in (self.accept_action, self.reject_action, self.edit_action):
            action.setEnabled(pending)
        self.accept_action.setEnabled(pending and not row.stale)  # type: ignore[union-attr]
        self.here_action.setEnabled(row is not None and bool(row.original))
        self.corpus_action.setEnabled(row is not None and bool(row.original))
        self.accept_all_action.setEnabled(any(r.status == "proposed" and not r.stale for r in self.model.rows()))

    # --- requests ----------------------------------------------------------------------
    def _emit_ids(self, signal) -> None:
        ids = [i for i in self.selected_ids() if (r := self.model.get(i)) is not None and r.status == "proposed"]
        if ids:
            signal.emit(ids)

    def _edit(self) -> None:
        row = self.current_row()
        if row is not None and row.status == "proposed":
            self.editRequested.emit(row.id)

    def _everywhere(self, corpus: bool) -> None:
        row = self.current_row()
        if row is not None:
            self.everywhereRequested.emit(row.id, corpus)

    def _accept_all(self) -> None:
        ids = [r.id for r in self.model.rows() if r.status == "proposed" and not r.stale]
        if ids:
            self.acceptRequested.emit(ids)
