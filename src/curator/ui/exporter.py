"""File ▸ Export… (Ctrl+E, Curator's own dataset) and File ▸ Export as ▸ (every format).

The writers in ``curator.exchange`` stream from one read snapshot and write through a
temporary file renamed into place, so an export runs on a :class:`QThread` while the
curator goes on working, and Stop (raised from the writer's progress callback) leaves
the target as it was. The end is reported in the status bar (how many, where); a
failure in a message box.

The formats are :data:`curator.exchange.formats.EXPORTS`, the command line's too; the
export itself is :func:`curator.services.exchange.export`, imported when an export
starts, not when the window opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from curator.domain.errors import CuratorError
from curator.exchange.formats import EXPORT, EXPORTS, Exported, ExportFormat
from curator.store.engine import Store
from curator.settings import EXPORT_DIR
from curator.ui import dialogs
from curator.ui.controllers import (
    JobOwner,
    Stopped,
    StoppableJob,
    take_finished_worker,
    unexpected_failure,
    wait_for,
)
from curator.ui.icons import icon

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

STATUS_MS = 10000


# the menu icon of each format of the registry
ICONS = {"native": "export", "w3c": "export_code", "w3c-jsonl": "export_lines", "jsonl": "export_lines",
         "doccano": "export_lines", "csv": "export_csv"}


def _message(fmt: ExportFormat, result: Exported, path: Path) -> str:
    if result.documents is not None:
        text = f"Exported {result.documents} documents and {result.annotations} annotations to {path}"
        if result.left_out:
            text += f" ({result.left_out} orphaned (their text was removed) left out)"
        return text
    return f"Exported {result.annotations} {fmt.what} as {fmt.label} to {path}"


class ExportWorker(StoppableJob):
    failed = Signal(str)

    def __init__(self, store: Store, fmt: ExportFormat, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.fmt, self.path = store, fmt, path
        self.message = ""  # set on success

    def run(self) -> None:
        fmt = self.fmt
        try:
            from curator.services.exchange import export

            result = export(self.store, fmt.name, self.path, progress=self._progress)
        except Stopped:
            self.stopped = True
            return
        except (CuratorError, OSError, ImportError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.failed.emit(f"Could not export to {self.path}: {detail}")
            return
        except Exception as exc:  # noqa: BLE001 - the export ends and says so, whatever happened
            self.failed.emit(f"Could not export to {self.path}: {unexpected_failure(exc)}")
            return
        self.message = _message(fmt, result, self.path)


class ExportController(JobOwner, QObject):
    """The export actions of the File menu and the one export that may run at a time."""

    finished = Signal(str)  # the status message ("" when stopped or failed)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: ExportWorker | None = None
        self.progress: dialogs.ProgressDialog | None = None
        self.menu = QMenu("Export &as", window)
        self.menu.setObjectName("exportAsMenu")
        self.menu.setIcon(icon("export"))
        self.format_actions: dict[str, QAction] = {}
        for fmt in EXPORTS:
            action = self.menu.addAction(icon(ICONS.get(fmt.name, "export")), f"{fmt.label} ({fmt.suffix})…")
            action.setStatusTip(f"Export every document and annotation as {fmt.label}")
            action.triggered.connect(lambda _checked=False, key=fmt.name: self.choose(key))
            self.format_actions[fmt.name] = action
        window.actions_.export.triggered.connect(lambda: self.choose("native"))
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()  # a thread must not outlive its window
        return super().eventFilter(watched, event)

    def set_enabled(self, enabled: bool) -> None:
        self.menu.setEnabled(enabled)

    def choose(self, key: str) -> None:
        """Ask where to write, then export there."""
        fmt = EXPORT[key]
        settings = self.window.settings
        folder = Path(settings.get(EXPORT_DIR) or Path.home())
        name, _filter = QFileDialog.getSaveFileName(
            self.window, f"Export as {fmt.label}", str(folder / f"curator-export{fmt.suffix}"), fmt.file_filter,
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != fmt.suffix:
            path = path.with_name(path.name + fmt.suffix)
        settings.set(EXPORT_DIR, str(path.parent))
        self.start(key, path)

    def start(self, key: str, path: Path) -> bool:
        """Export in format ``key`` to ``path`` on the worker thread; returns at once."""
        if self.worker is not None:
            self.window.report_error("An export is already running: wait for it, or stop it.")
            return False
        fmt = EXPORT[key]
        self.worker = ExportWorker(self.window.store, fmt, path, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.progress = dialogs.ProgressDialog(self.window, "Export", f"Exporting as {fmt.label}…",
                                               stop_text="Stopping; the file will not be written…")
        self.progress.stopRequested.connect(self.worker.stop)
        self.worker.start()
        return True

    def run(self, key: str, path: Path) -> str:
        """:meth:`start` and wait (the event loop keeps running); the status message.
        For scripts and tests; the menus never wait."""
        if not self.start(key, path):
            return ""
        wait_for(self.finished)
        return self.window.statusBar().currentMessage()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.set_progress(done, total, f"Exporting annotation {done:,} of {total:,}…")

    def _failed(self, message: str) -> None:
        self.window._keep(dialogs.error(self.window, "Export", message))

    def _finished(self) -> None:
        worker = take_finished_worker(self)
        if worker is None:
            return
        if worker.stopped:
            self.window.statusBar().showMessage(f"Export stopped; nothing was written to {worker.path}.", STATUS_MS)
        elif worker.message:
            self.window.statusBar().showMessage(worker.message, STATUS_MS)
        self.finished.emit(worker.message)
