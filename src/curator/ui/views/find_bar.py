"""The find bar under the document text: query, "n of m", previous/next, Match case, close.

The bar only shows and reports; :class:`curator.ui.find.FindController` searches. Keys
inside the bar: Enter = next, Shift+Enter = previous, Escape = close. They are read in
:meth:`FindBar.keyPressEvent`, which sees them after the line edit: QLineEdit handles
Enter by emitting ``returnPressed`` and then *ignores* the key, and it never handles
Escape, so both reach the bar whichever child has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from curator.ui.icons import icon

NO_MATCH_BASE = QColor("#fbd5d5")  # the query's background when nothing matches


class FindBar(QWidget):
    """A slim row: ``[query] n of m [↑] [↓] [x] Match case [×]``."""

    queryChanged = Signal(str)
    matchCaseChanged = Signal(bool)
    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 4, 3)
        layout.setSpacing(4)

        self.edit = QLineEdit()
        self.edit.setObjectName("findQuery")
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.edit.setMinimumWidth(160)
        self.edit.setMaximumWidth(360)
        self._base_palette = QPalette(self.edit.palette())

        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(110)
        self.previous_button = self._button("find_previous", "Previous match (Shift+Enter, Shift+F3)")
        self.next_button = self._button("find_next", "Next match (Enter, F3)")
        self.match_case = QCheckBox("Match case")
        self.match_case.setToolTip("Find only text with the same upper and lower case letters")
        self.close_button = self._button("close", "Close the find bar (Escape)")

        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(6)
        layout.addWidget(self.match_case)
        layout.addStretch(0)
        layout.addWidget(self.close_button)

        self.edit.textChanged.connect(self.queryChanged)
        self.match_case.toggled.connect(self.matchCaseChanged)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button.clicked.connect(self.closeRequested)

    def _button(self, role: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(role))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes query -> Match case
        return button

    # ------------------------------------------------------------------ state shown
    def query(self) -> str:
        return self.edit.text()

    def focus_query(self) -> None:
        """Focus the query with its text selected (typing replaces it)."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def show_count(self, text: str, *, no_match: bool = False) -> None:
        """The "n of m" label; ``no_match`` tints the query light red."""
        self.count_label.setText(text)
        palette = QPalette(self._base_palette)
        if no_match:
            palette.setColor(QPalette.ColorRole.Base, NO_MATCH_BASE)
        self.edit.setPalette(palette)

    def no_match_shown(self) -> bool:
        return self.edit.palette().color(QPalette.ColorRole.Base) == NO_MATCH_BASE

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        k = event.key()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
        elif k == Qt.Key.Key_Escape:
            self.closeRequested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
