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

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
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
from curator.ui.views.list_panel import DecisionListPanel, setup_table

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
    "Ctrl+Shift+R show or hide the Corrections panel (the clean-up runs first when nothing was ever proposed) · "
    "Ctrl+Shift+D compare with original (Escape or Ctrl+W closes it)<br>"
    "Ctrl++ / Ctrl+- / Ctrl+0 zoom the text"
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


class ReviewPanel(DecisionListPanel[CorrectionRow]):
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

        self.filter_combo = QComboBox()
        self.filter_combo.addItem("Pending", True)
        self.filter_combo.addItem("All", False)
        self.filter_combo.setToolTip("Show only the corrections still to decide, or all of them")
        self.count_label = QLabel()

        self.table = QTableView()
        setup_table(self.table, self.model, "correctionTable", stretch=[COL_CHANGE],
                    widths=((0, 100), (1, 50), (COL_REASON, 220), (4, 80), (5, 70)))

        self.preview = QTextBrowser()
        self.preview.setObjectName("correctionPreview")
        self.preview.setOpenLinks(False)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setPlaceholderText("Select a correction to see it in its context.")

        self.accept_action = self._action("&Accept", "accept", "A", "Accept the selected correction(s): a new revision")
        self.reject_action = self._action("&Reject", "reject", "R", "Reject the selected correction(s)")
        self.edit_action = self._action("&Edit…", "edit", "E", "Edit the replacement before deciding")
        self._add_navigation("correction")
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
        self.here_action.triggered.connect(lambda: self._everywhere(False))
        self.corpus_action.triggered.connect(lambda: self._everywhere(True))
        self.accept_all_action.triggered.connect(self._accept_all)
        self.suggest_action.triggered.connect(self.suggestRequested)
        self._update_count()
        self._update_buttons()

    # --- content ---------------------------------------------------------------------
    def set_text_source(self, text_of: Callable[[int], str]) -> None:
        """``text_of(revision_id)``: the text a correction was made on, for the preview."""
        self._text_of = text_of

    def set_corrections(self, rows: list[CorrectionRow]) -> None:
        """Replace the list, keeping the current correction, or the row at the same
        place (so pressing A again and again walks down the list)."""
        self._select_row(self._keep_place(lambda: self.model.set_rows(rows)))
        self._update_count()

    def _refilter(self, pending_only: bool) -> None:
        self._keep_current(lambda: self.model.set_pending_only(pending_only))
        self._update_count()

    def _update_count(self) -> None:
        pending, total = self.model.pending_count(), len(self.model.all_rows())
        self.count_label.setText(f"{pending} pending of {total} correction{'s' if total != 1 else ''}")

    # --- selection -----------------------------------------------------------------
    def select_correction(self, correction_id: int) -> bool:
        row = self.model.row_of(correction_id)
        self._select_row(row)
        return row >= 0

    def _row_shown(self, row: CorrectionRow | None) -> None:
        if row is None:
            self.preview.clear()
        elif self._text_of is not None:
            header = (f"<p><b>#{row.id}</b> {escape(row.kind)} · {escape(row.status)}"
                      f"{' (stale: edit or reject it)' if row.stale else ''} · {escape(row.reason)}</p>")
            self.preview.setHtml(header + context_html(self._text_of(row.revision_id), row))
        self._update_buttons()
        if self._note_current(row):
            self.currentChanged.emit(self._shown_id)

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
