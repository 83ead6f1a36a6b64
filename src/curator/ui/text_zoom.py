"""View ▸ Zoom: the document text larger or smaller (Ctrl++ / Ctrl+=, Ctrl+-, Ctrl+0).

The zoom is a number of points added to the document view's default font size, kept
in the settings (:data:`curator.settings.TEXT_ZOOM`) so the next session opens at the same size. Only
the view's font changes: the spans are painted from the text layout at paint time, so
highlights and code-point offsets follow the new size.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from curator.settings import TEXT_ZOOM, Settings
from curator.ui.actions import tipped_action

MIN_POINTS, MAX_POINTS = 6, 48  # the font sizes the zoom keeps to


def _distinct(keys: list[QKeySequence]) -> list[QKeySequence]:
    """Each key once: an action holding the same key twice finds it ambiguous."""
    return list({k.toString(): k for k in keys if not k.isEmpty()}.values())


class TextZoom(QObject):
    def __init__(self, window: QWidget, view: QPlainTextEdit, settings: Settings) -> None:
        super().__init__(window)
        self.view, self.settings = view, settings
        self.base = view.font().pointSizeF()  # the default size, zoom 0
        self.zoom_in_action = tipped_action(window, "Zoom &in", "zoom_in", None, "Larger document text")
        self.zoom_in_action.setShortcuts(_distinct(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)
                                                   + [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")]))
        self.zoom_out_action = tipped_action(window, "Zoom &out", "zoom_out", None, "Smaller document text")
        self.zoom_out_action.setShortcuts(_distinct(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)
                                                    + [QKeySequence("Ctrl+-")]))
        self.reset_action = tipped_action(window, "&Reset zoom", None, "Ctrl+0", "Document text at its default size")
        for action, tip in ((self.zoom_in_action, "Larger document text (Ctrl++)"),
                            (self.zoom_out_action, "Smaller document text (Ctrl+-)")):
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.zoom_in_action.triggered.connect(lambda: self.set_zoom(self.zoom + 1))
        self.zoom_out_action.triggered.connect(lambda: self.set_zoom(self.zoom - 1))
        self.reset_action.triggered.connect(lambda: self.set_zoom(0))
        self.zoom = 0
        self.set_zoom(self._saved(), save=False)

    def rebase(self) -> None:
        """The view's font was chosen anew (Edit ▸ Preferences): it is the default size
        from now on, and the zoom applies on top of it."""
        self.base = self.view.font().pointSizeF()
        self.set_zoom(self.zoom, save=False)

    def actions(self) -> list[QAction]:
        return [self.zoom_in_action, self.zoom_out_action, self.reset_action]

    def _saved(self) -> int:
        return self.settings.get(TEXT_ZOOM)

    def set_zoom(self, zoom: int, *, save: bool = True) -> None:
        """``zoom`` points more (or less) than the default size, within the limits."""
        zoom = int(min(max(zoom, MIN_POINTS - self.base), MAX_POINTS - self.base))
        self.zoom = zoom
        font = self.view.font()
        font.setPointSizeF(self.base + zoom)
        self.view.setFont(font)
        self.view.viewport().update()
        if save:
            self.settings.set(TEXT_ZOOM, zoom)
