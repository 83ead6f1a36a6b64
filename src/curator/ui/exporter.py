"""File ▸ Export… (Ctrl+E, Curator's own dataset) and File ▸ Export as ▸ (every format).

The writers in ``curator.exchange`` stream from one read snapshot and write through a
temporary file renamed into place, so an export runs on a :class:`QThread` while the
curator goes on working, and Stop (raised from the writer's progress callback) leaves
the target as it was. The end is reported in the status bar (how many, where); a
failure in a message box.

The writers are imported when an export starts, not when the window opens.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu
from sqlalchemy.exc import SQLAlchemyError

from curator.domain.errors import CuratorError
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


@dataclass(frozen=True)
class ExportFormat:
    key: str
    title: str  # the menu entry and the file dialog's filter name
    suffix: str
    module: str  # in curator.exchange
    function: str
    role: str  # icon
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def file_filter(self) -> str:
        return f"{self.title} (*{self.suffix})"


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("native", "Curator dataset JSON", ".json", "native", "export_dataset", "export"),
    ExportFormat("w3c", "W3C Web Annotation JSON-LD", ".jsonld", "w3c", "write_w3c", "export_code"),
    ExportFormat("w3c-lines", "W3C Web Annotation JSON Lines", ".jsonl", "w3c", "write_w3c", "export_lines",
                 (("lines", True),)),
    ExportFormat("jsonl", "JSONL for NLP tools", ".jsonl", "jsonl", "write_jsonl", "export_lines"),
    ExportFormat("doccano", "JSONL for doccano (UTF-16 offsets)", ".jsonl", "jsonl", "write_jsonl", "export_lines",
                 (("offsets", "utf16"),)),
    ExportFormat("csv", "CSV of dates and figures", ".csv", "csv_export", "write_csv", "export_csv"),
)
BY_KEY = {f.key: f for f in FORMATS}


def _message(fmt: ExportFormat, result: Any, path: Path) -> str:
    if fmt.key == "native":
        text = f"Exported {result.documents} documents and {result.annotations} annotations to {path}"
        if result.stale_annotations:
            text += f" ({result.stale_annotations} orphaned (their text was removed) left out)"
        return text
    what = "dates and figures" if fmt.key == "csv" else "annotations"
    return f"Exported {result} {what} as {fmt.title} to {path}"


class ExportWorker(StoppableJob):
    failed = Signal(str)

    def __init__(self, store: Store, fmt: ExportFormat, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.fmt, self.path = store, fmt, path
        self.message = ""  # set on success

    def run(self) -> None:
        fmt = self.fmt
        try:
            write: Callable[..., Any] = getattr(importlib.import_module(f"curator.exchange.{fmt.module}"), fmt.function)
            result = write(self.store, self.path, progress=self._progress, **dict(fmt.options))
        except Stopped:
            self.stopped = True
            return
        except (CuratorError, OSError, SQLAlchemyError, ImportError) as exc:
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
        for fmt in FORMATS:
            action = self.menu.addAction(icon(fmt.role), f"{fmt.title} ({fmt.suffix})…")
            action.setStatusTip(f"Export every document and annotation as {fmt.title}")
            action.triggered.connect(lambda _checked=False, key=fmt.key: self.choose(key))
            self.format_actions[fmt.key] = action
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
        fmt = BY_KEY[key]
        settings = self.window.settings
        folder = Path(settings.get(EXPORT_DIR) or Path.home())
        name, _filter = QFileDialog.getSaveFileName(
            self.window, f"Export as {fmt.title}", str(folder / f"curator-export{fmt.suffix}"), fmt.file_filter,
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
        fmt = BY_KEY[key]
        self.worker = ExportWorker(self.window.store, fmt, path, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.progress = dialogs.ProgressDialog(self.window, "Export", f"Exporting as {fmt.title}…",
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
