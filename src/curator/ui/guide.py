"""Help ▸ User guide (a short guide shipped in the package, shown offline) and
Help ▸ About (version, the store's schema revision, where the store lives)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from curator import __version__
from curator.services.stores import current_revision
from curator.ui.app_icon import data_file
from curator.ui.stores import store_location

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

GUIDE_FILE = "guide.html"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("Curator user guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)  # plain local content: nothing is fetched
        self.browser.setHtml(data_file(GUIDE_FILE).read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)


def about_text(window: MainWindow) -> str:
    revision = current_revision(window.store.engine) or "none"
    return (
        f"<b>Curator {escape(__version__)}</b>"
        "<p>Annotate claims, dates (EDTF) and figures (exact amounts with units) in historical "
        "documents. Every action is saved at once; offsets are Unicode code points into the stored text.</p>"
        f"<p>Store: {escape(store_location(window.store))}<br>Schema revision: {escape(revision)}</p>"
    )


class HelpController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.guide_action = QAction("&User guide", window)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction("&About Curator", window)
        self.about_action.triggered.connect(self.show_about)
        self.dialog: QWidget | None = None

    def show_guide(self) -> GuideDialog:
        self.dialog = GuideDialog(self.window)
        self.dialog.show()
        return self.dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "About Curator", about_text(self.window),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("aboutDialog")
        box.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        self.dialog = box
        box.open()
        return box
