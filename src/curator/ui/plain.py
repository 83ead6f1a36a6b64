"""Text from a document, a dataset or a file name, shown as the text it is.

Qt guesses whether a string is HTML (``Qt.mightBeRichText``) in tooltips, labels and
message boxes: a title ``<img src="/path/x.png">`` was rendered as an image (loading that
local file) when the curator hovered the document list. Everything shown from data goes
through here: :func:`tooltip` escapes it inside ``<qt>``, labels and message boxes get
``Qt.PlainText``, and :func:`elide` cuts long text (a 50 MB title took ~24 s a repaint)
to a few hundred characters with an ellipsis.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar

SHOWN_CHARS = 300  # a table cell, the status bar, a heading
TIP_CHARS = 1_000  # a tooltip: a paragraph at most
TIP_LINES = 20


def elide(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut after ``limit`` characters with "…" (never in the middle of a
    surrogate pair: Python strings are code points)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` with its runs of whitespace made one space, then elided. Only the head
    is looked at, so a huge text costs no more than a short one."""
    head = text[: limit * 4 + 16]
    flat = " ".join(head.split())
    if len(head) < len(text) and len(flat) <= limit:
        flat += "…"
    return elide(flat, limit)


def tooltip(text: str, limit: int = TIP_CHARS) -> str:
    """A tooltip showing ``text`` literally: elided, escaped and marked as rich text
    so Qt neither guesses nor interprets it; line breaks kept (at most a screenful)."""
    if not text:
        return ""
    lines = elide(text, limit).split("\n")
    if len(lines) > TIP_LINES:
        lines = [*lines[:TIP_LINES], "…"]
    return "<qt>" + "<br>".join(escape(line, quote=False) for line in lines) + "</qt>"


def plain_label(label: QLabel, text: str | None = None, limit: int = SHOWN_CHARS) -> QLabel:
    """``label`` made to show plain text (and ``text``, elided, if given)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    if text is not None:
        label.setText(elide(text, limit))
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """A message box whose text and informative text are plain text."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


class PlainStatusBar(QStatusBar):
    """The window's status bar: a message naming a file or a title is shown on one
    line, elided (Qt paints it as plain text already; a huge one cost seconds)."""

    def showMessage(self, message: str, timeout: int = 0) -> None:  # noqa: N802 - Qt's name
        super().showMessage(one_line(message), timeout)


def window_title(title: str) -> str:
    """A document title as a window title: one line, short."""
    return one_line(title, 120)
