"""What the window looks like on any screen: a visible focus frame, and a first size
that fits the screen it opens on.

The focus frame: every list, table and text view has a 2-pixel frame, in the
palette's highlight colour while it has the keyboard focus (the platform styles draw
a focus rectangle around a cell at most, and none around a text view). Both states
have the same width, so taking the focus never changes a view's geometry (a relayout
of a 2 MB text).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

FOCUS_FRAME = """
QAbstractItemView, QPlainTextEdit, QTextEdit { border: 2px solid palette(midlight); }
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus { border: 2px solid palette(highlight); }
QHeaderView, QHeaderView:focus { border: 0px; }
"""

PREFERRED = QSize(1280, 800)  # the first size on a large screen
FRAME = QSize(16, 40)  # what a window manager's frame and title bar take, at most


def first_size(window: QWidget) -> QSize:
    """:data:`PREFERRED`, or less: what the screen has room for with the frame."""
    screen = window.screen()
    if screen is None:
        return PREFERRED
    room = screen.availableGeometry().size() - FRAME
    return PREFERRED.boundedTo(room).expandedTo(window.minimumSizeHint())
