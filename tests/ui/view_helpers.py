"""Helpers shared by the document view tests: a shown view, viewport points of code
points (computed through the view's display positions), pixel colours, and a text whose
wide runs of spaces leave room to sample a highlight where no glyph is drawn."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextCursor

from curator.ui.views.document_view import DocumentView


def shown_view(qtbot) -> DocumentView:
    """A 520x320 document view, shown and exposed, closed with the test."""
    w = DocumentView()
    qtbot.addWidget(w)
    w.resize(520, 320)
    w.show()
    qtbot.waitExposed(w)
    return w


def u16_point(view: DocumentView, cp: int, *, before_break: bool = False) -> QPoint:
    """Viewport point of the caret position before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.display_position(cp, before_break=before_break))
    return view.cursorRect(cursor).center()


def char_point(view: DocumentView, cp: int) -> QPoint:
    """Viewport point in the middle of the glyph of code point ``cp``."""
    a, b = u16_point(view, cp), u16_point(view, cp + 1, before_break=True)
    return QPoint((a.x() + b.x()) // 2, a.y())


def pixel(view: DocumentView, point: QPoint) -> QColor:
    return view.viewport().grab().toImage().pixelColor(point)


def base_color(view: DocumentView) -> QColor:
    return view.palette().color(view.viewport().backgroundRole())


def selected_text(view: DocumentView) -> str:
    return view.textCursor().selectedText().replace("\u2029", "\n")


def gap_text(lines: int) -> str:
    """Lines with a wide run of spaces in the middle, where a pixel sample hits no glyph."""
    return "\n".join(f"line{i:04d}          tail" for i in range(lines))


def gap_point(view: DocumentView, text: str, line: int) -> QPoint:
    cp = text.index(f"line{line:04d}") + 12
    return char_point(view, cp)
