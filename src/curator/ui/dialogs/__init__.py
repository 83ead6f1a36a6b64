"""Small dialogs of the main window. They are opened window-modal but non-blocking
(``QMessageBox.open``), so nothing waits on them and tests can inspect them; and the
progress dialog of the jobs that run on another thread (import, export)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator import __version__ as _version
from curator.services.corpus import ImportOutcome
from curator.ui.dialogs.import_summary import ImportSummaryDialog
from curator.ui.plain import elide

MESSAGE_CHARS = 2_000  # a message box says what happened, not a whole text


def _box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, details: str = "",
         rich: bool = False) -> QMessageBox:
    """A non-blocking message box. Its text names files, titles and reasons taken from
    data: plain text (elided) unless ``rich`` (Curator's own markup, escaped)."""
    if not rich:
        text = elide(text, MESSAGE_CHARS)
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.setObjectName("curatorMessage")
    box.open()
    return box


def import_summary(
    parent: QWidget, outcomes: list[ImportOutcome], not_started: list[str] | None = None,
) -> ImportSummaryDialog:
    """Every file of an import with its status and reason, in a copyable table."""
    dialog = ImportSummaryDialog(outcomes, not_started, parent)
    dialog.open()
    return dialog


class ProgressDialog(QDialog):
    """Progress of a job running on another thread: a line of text, a bar and a Stop
    button. Stop (or Esc, or closing the dialog) asks the job to stop at its next safe
    point and says so; the owner closes the dialog when the job has really ended.
    Shown only after ``delay_ms``, so quick jobs do not flash a window."""

    stopRequested = Signal()

    def __init__(
        self, parent: QWidget, title: str, text: str, *, stop_text: str = "Stopping…", delay_ms: int = 300,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(text)
        self.label.setMinimumWidth(420)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the total is known
        self.stop_button = QPushButton("&Stop")
        self.stop_button.clicked.connect(self.request_stop)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        self.stopping = False
        self._stop_text = stop_text
        self._finished = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._appear)
        self._timer.start(delay_ms)

    def _appear(self) -> None:
        if not self._finished:
            self.show()

    def set_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if not self.stopping:
            self.label.setText(text)

    def request_stop(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        self.stop_button.setEnabled(False)
        self.label.setText(f"{self.label.text()}\n{self._stop_text}")
        self.stopRequested.emit()

    def reject(self) -> None:  # Esc and the window's close button: stop, do not vanish
        self.request_stop()

    def finish(self) -> None:
        self._finished = True
        self._timer.stop()
        self.hide()
        self.deleteLater()


def error(parent: QWidget, title: str, message: str) -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Critical, title, message)


def info(parent: QWidget, title: str, message: str, *, rich: bool = False) -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Information, title, message, rich=rich)


def about(parent: QWidget) -> QMessageBox:
    return info(
        parent,
        "About Curator",
        f"<b>Curator {escape(_version)}</b><p>Annotate claims, dates (EDTF) and figures "
        "(exact amounts with units) in historical documents. Every action is saved at once; "
        "offsets are Unicode code points into the stored text.</p>",
        rich=True,
    )
