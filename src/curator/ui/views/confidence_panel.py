"""The Low-confidence words panel: the OCR words the engine was least sure of, least
sure first, each with its confidence, the raw value the file gave and its line.

Like the other panels it never writes to the store: it emits requests that the
:class:`~curator.ui.ocr_review.OcrReviewController` turns into undoable commands.
Keys (while the focus is in the list):

=====================  ==========================================================
Enter                  mark the selected word(s) reviewed (a reviewed one: unmark)
F2                     correct the word (the Correct selection dialog)
J / K, Down / Up       next / previous word
=====================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.services.ocr import OcrWordRow
from curator.ui.actions import tipped_action
from curator.ui.icons import icon
from curator.ui.models.row_list_model import RowListModel
from curator.ui.views.list_panel import DecisionListPanel, setup_table

KEYS_HELP = "Enter reviewed · F2 correct · J / K next / previous"
CONTEXT_CHARS = 36  # characters of the line shown on each side of the word
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def line_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """The word's line with the word in «guillemets», cut to ``chars`` on each side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, word, after = text[line_start:start], text[start:end], text[end:line_end]
    if len(before) > chars:
        before = "…" + before[-chars + 1:]
    if len(after) > chars:
        after = after[:chars - 1] + "…"
    return f"{before}«{word}»{after}"


def confidence_color(confidence: float) -> QColor:
    """A light tint from red (0 %) through amber to yellow (80 % and more)."""
    hue = int(55 * min(max(confidence, 0.0), 0.8) / 0.8)  # 0 = red … 55 = yellow
    return QColor.fromHsv(hue, 70, 255)


class OcrWordModel(RowListModel[OcrWordRow]):
    """The queue, in the order the service gives (confidence ascending)."""

    COL_WORD, COL_CONFIDENCE, COL_RAW, COL_LINE = range(4)
    HEADERS = ("Word", "Confidence", "Raw value", "Line")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""

    def set_rows(self, rows: Iterable[OcrWordRow], text: str) -> None:  # type: ignore[override]
        """``text``: the revision the rows' offsets count into (for the line column)."""
        self._text = text
        super().set_rows(rows)

    def cell(self, w: OcrWordRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_WORD:
                return w.text
            if col == self.COL_CONFIDENCE:
                return f"{w.confidence * 100:.0f} %" if w.confidence is not None else "–"
            if col == self.COL_RAW:
                return f"{w.raw_kind} {w.raw_confidence}" if w.raw_kind else "–"
            if col == self.COL_LINE:
                return line_context(self._text, w.start, w.end)
        elif role == Qt.ItemDataRole.ToolTipRole:
            state = " (reviewed)" if w.reviewed else ""
            if w.corrected:
                state += f" (corrected: now «{self._text[w.start:w.end]}»)"
            shown = Qt.ItemDataRole.DisplayRole
            return (f"«{w.text}»{state}: confidence {self.cell(w, self.COL_CONFIDENCE, shown)}, "
                    f"{self.cell(w, self.COL_RAW, shown)} in the file")
        elif role == Qt.ItemDataRole.DecorationRole and col == self.COL_WORD and w.reviewed:
            return icon("accepted")
        elif role == Qt.ItemDataRole.BackgroundRole and col == self.COL_CONFIDENCE and w.confidence is not None:
            return confidence_color(w.confidence)
        elif role == Qt.ItemDataRole.ForegroundRole and w.reviewed:
            return QColor("#777777")
        elif role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ConfidencePanel(DecisionListPanel[OcrWordRow]):
    currentChanged = Signal(object)  # OcrWordRow or None
    reviewRequested = Signal(object, bool)  # word ids, reviewed
    correctRequested = Signal(int)  # word id
    thresholdChanged = Signal(float)  # 0..1
    showReviewedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OcrWordModel(self)
        self._total: int | None = None  # the document's OCR words, for the count

        self.spin = QSpinBox()
        self.spin.setRange(1, 100)
        self.spin.setSuffix(" %")
        self.spin.setToolTip("List the words whose confidence is below this")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(1, 100)
        self.slider.setMaximumWidth(160)
        self.slider.setToolTip(self.spin.toolTip())
        self.show_reviewed = QCheckBox("Show reviewed")
        self.show_reviewed.setToolTip("Also list the words already marked reviewed (Enter unmarks them)")
        self.count_label = QLabel()

        self.table = QTableView()
        setup_table(self.table, self.model, "ocrWordTable", stretch=[OcrWordModel.COL_LINE],
                    widths=((OcrWordModel.COL_WORD, 150), (OcrWordModel.COL_CONFIDENCE, 90),
                            (OcrWordModel.COL_RAW, 120)))
        self.table.installEventFilter(self)

        self.review_action = self._action("Mark &reviewed", "accept", None,
                                          "Mark the selected word(s) reviewed: the OCR read them right (Enter)")
        self.correct_action = self._action("&Correct…", "correct", None,
                                           "Type the right text for this word (F2)")
        self._add_navigation("word")

        top = QHBoxLayout()
        top.addWidget(QLabel("Below"))
        top.addWidget(self.spin)
        top.addWidget(self.slider)
        top.addWidget(self.show_reviewed)
        top.addWidget(self.count_label, 1)
        buttons = QHBoxLayout()
        for action in (self.review_action, self.correct_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        hint = QLabel(KEYS_HELP)
        hint.setEnabled(False)  # greyed: a reminder, not a control
        buttons.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.set_threshold(0.8)
        self.spin.valueChanged.connect(self._spin_changed)
        self.slider.valueChanged.connect(self.spin.setValue)
        self.show_reviewed.toggled.connect(self.showReviewedChanged)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.review_action.triggered.connect(self.request_review)
        self.correct_action.triggered.connect(self.request_correct)
        self._update()

    def _action(self, text: str, role: str | None, shortcut: str | None, tip: str) -> QAction:
        # the tips name their keys themselves: Enter and F2 are not the actions' shortcuts
        return tipped_action(self, text, role, shortcut, tip, local=True, shortcut_in_tip=False)

    # --- keys: Enter and F2 act on the list's word, before any window shortcut ----------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FocusIn and self.current_row() is not None:
            # coming to the list shows its word in the text, so Enter never marks a word unseen
            self.currentChanged.emit(self.current_row())
        if watched is self.table and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and (event.key() in _ENTER_KEYS or event.key() == Qt.Key.Key_F2):
                event.accept()  # an override: the key comes to the list, not to F2's window action
                if event.type() == QEvent.Type.KeyPress:
                    if event.key() == Qt.Key.Key_F2:
                        self.request_correct()
                    else:
                        self.request_review()
                return True
        return super().eventFilter(watched, event)

    # --- threshold ---------------------------------------------------------------------
    def threshold(self) -> float:
        return self.spin.value() / 100

    def set_threshold(self, value: float) -> None:
        """Set without emitting (the controller sets the saved value at start)."""
        percent = min(max(round(value * 100), 1), 100)
        for widget in (self.spin, self.slider):
            widget.blockSignals(True)
            widget.setValue(percent)
            widget.blockSignals(False)

    def _spin_changed(self, percent: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(percent)
        self.slider.blockSignals(False)
        self.thresholdChanged.emit(percent / 100)

    # --- content -------------------------------------------------------------------------
    def set_words(self, rows: list[OcrWordRow], text: str, total: int | None = None) -> None:
        """Replace the list, keeping the current word or the row at the same place (so
        Enter after Enter walks down the queue). ``total``: the document's word count."""
        self._select_row(self._keep_place(lambda: self.model.set_rows(rows, text)))
        self._total = total
        self._update()

    def _update(self) -> None:
        n = self.model.rowCount()
        text = f"{n} word{'s' if n != 1 else ''} below {self.spin.value()} %"
        reviewed = sum(r.reviewed for r in self.model.rows())
        if reviewed:
            text += f" ({reviewed} reviewed)"
        if self._total:
            text += f" of {self._total:,} OCR words"
        self.count_label.setText(text)
        has_row = self.current_row() is not None
        self.review_action.setEnabled(has_row)
        self.correct_action.setEnabled(has_row)
        row = self.current_row()
        self.review_action.setText("Un&mark reviewed" if row is not None and row.reviewed else "Mark &reviewed")

    # --- selection -----------------------------------------------------------------------
    def select_word(self, word_id: int) -> bool:
        return self._select_key(word_id)

    def _row_shown(self, row: OcrWordRow | None) -> None:
        self._update()
        if self._note_current(row):
            self.currentChanged.emit(row)

    # --- requests --------------------------------------------------------------------------
    def request_review(self) -> None:
        """Enter: mark the selection reviewed; if every selected word already is
        (shown with "Show reviewed"), unmark them."""
        rows = self.selected_rows()
        if rows:
            self.reviewRequested.emit([r.id for r in rows], not all(r.reviewed for r in rows))

    def request_correct(self) -> None:
        row = self.current_row()
        if row is not None:
            self.correctRequested.emit(row.id)
