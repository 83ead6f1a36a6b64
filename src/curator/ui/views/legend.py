"""The legend: which colour is which label, and the key that tags it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from curator.domain.labels import Label
from curator.ui import colors
from curator.ui.actions import TAG_SHORTCUTS


class Legend(QWidget):
    """A row of ``[swatch] Claim Ctrl+1`` entries, one per label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(14)
        self.entries: dict[Label, QLabel] = {}
        for label in Label:
            key = QKeySequence(TAG_SHORTCUTS[label]).toString(QKeySequence.SequenceFormat.NativeText)
            entry = QLabel(self._text(label))
            entry.setTextFormat(Qt.TextFormat.RichText)
            entry.setToolTip(f"{label.title} highlights; select text and press {key} to tag it")
            layout.addWidget(entry)
            self.entries[label] = entry
        layout.addStretch(1)

    @staticmethod
    def _text(label: Label) -> str:
        key = QKeySequence(TAG_SHORTCUTS[label]).toString(QKeySequence.SequenceFormat.NativeText)
        return (
            f'<span style="background:{colors.highlight(label).name()};'
            f' border:1px solid {colors.strong(label).name()};">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            f"&nbsp;{label.title}&nbsp;<span style='color:#555'>{key}</span>"
        )

    def refresh(self) -> None:
        """Show the current colours (after Preferences changed them)."""
        for label, entry in self.entries.items():
            entry.setText(self._text(label))
