"""What the main window's feature controllers (corrections review, suggestions, OCR
review) share: bottom docks with their toggle actions, and the plumbing every
controller needs (the shown document, its list reloaded after a command, the undo
stack, the status bar, errors). Their actions come from
:func:`curator.ui.actions.tipped_action`.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from curator.ui import undo
from curator.ui.icons import icon

_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

STATUS_MS = 8000  # how long a feature's status message stays


def bottom_dock(window: MainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """A hidden dock at the bottom of ``window`` holding ``widget``; ``name`` is its
    object name (the key under which the window saves its place).

    The bottom docks share one tabbed area: side by side, four of them made the
    window ~2,000 px wide, past a laptop's screen. The curator may still drag a tab
    out beside the others (the window keeps that layout)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    first = next((d for d in window.findChildren(QDockWidget)
                  if d is not dock and window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea), None)
    if first is not None:
        window.tabifyDockWidget(first, dock)
    dock.hide()
    return dock


def show_dock(dock: QDockWidget) -> None:
    """Show ``dock`` with its tab in front (the curator asked for what it lists)."""
    dock.show()
    dock.raise_()


def dock_with_toggle(window: MainWindow, title: str, name: str, widget: QWidget, shortcut: str, tip: str,
                     role: str, text: str | None = None) -> tuple[QDockWidget, QAction]:
    """A :func:`bottom_dock` and its show/hide action (``text``, default "<title> panel"),
    added to the window so its shortcut works everywhere. The action opens the dock,
    brings it to the front when it is open behind another dock's tab, and closes it
    only when it is in front; opened or brought forward, the dock's list takes the
    focus with a current row (when the widget has ``focus_list``). The action is
    checked while the dock is open."""
    dock = bottom_dock(window, title, name, widget)
    toggle = QAction(icon(role), text or f"{title} panel", window)
    toggle.setCheckable(True)
    toggle.setShortcut(QKeySequence(shortcut))
    toggle.setToolTip(f"{tip} ({shortcut})")
    toggle.setStatusTip(tip)
    front = [False]  # its tab is the one shown (Qt says so through visibilityChanged)

    def visibility(shown: bool) -> None:
        front[0] = shown
        toggle.setChecked(not dock.isHidden())

    def triggered() -> None:
        if dock.isHidden() or not front[0]:
            show_dock(dock)
            focus_list = getattr(widget, "focus_list", None)
            if focus_list is not None:
                focus_list()
        else:
            dock.hide()
        toggle.setChecked(not dock.isHidden())

    dock.visibilityChanged.connect(visibility)
    toggle.triggered.connect(triggered)
    window.addAction(toggle)
    return dock, toggle


class FeatureController(QObject):
    """A feature of the main window: it reads the shown document from the window and
    pushes its commands on the window's undo stack (the commands call it back as their
    refresher, hence :meth:`report_error`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self._prefetched: tuple[int, Any] | None = None  # (document id, rows) read by a bulk step's worker

    def _doc_id(self) -> int | None:
        doc = self.window.current_doc
        return None if doc is None else doc.id

    def reload(self) -> None:
        """List the feature's rows for the shown document."""
        raise NotImplementedError

    def _list_changed(self, doc_id: int) -> None:
        """A command changed ``doc_id``'s rows: show that document (which lists them) or,
        if it is the shown one, reload the list."""
        if self._doc_id() != doc_id:
            self.window.show_document(doc_id)
        else:
            self.reload()

    def _push(self, command: undo._Command) -> bool:
        return self.window.undo_stack.run(command)

    def _status(self, message: str) -> None:
        if message:
            self.window.statusBar().showMessage(message, STATUS_MS)

    def report_error(self, message: str) -> None:
        self.window.report_error(message)

    def run_store_work(self, title: str, work, count: int, *, stoppable: bool):
        """A command's service call over ``count`` items, off the UI thread when they
        are many (:func:`curator.ui.bulk.run_store_work`). The worker then also reads
        the shown document's list (:meth:`read_list`), so the refresh that follows
        does not read thousands of rows on the UI thread."""
        from curator.ui.bulk import BULK_MIN, run_store_work

        doc_id = self._doc_id()

        def work_and_read(progress):
            result = work(progress)
            if doc_id is not None:
                self._prefetched = (doc_id, self.read_list(doc_id))
            return result

        self._prefetched = None
        return run_store_work(self.window, title, work_and_read if count >= BULK_MIN else work, count,
                              stoppable=stoppable)

    def read_list(self, doc_id: int) -> Any:
        """The rows :meth:`reload` shows for ``doc_id`` (a store read, any thread)."""
        raise NotImplementedError

    def _list_rows(self, doc_id: int) -> Any:
        """:meth:`read_list`, or what the worker of a bulk step read for this refresh."""
        from curator.ui.bulk import in_refresh

        prefetched, self._prefetched = self._prefetched, None
        if prefetched is not None and prefetched[0] == doc_id and in_refresh():
            return prefetched[1]
        return self.read_list(doc_id)


class Stopped(Exception):
    """Raised from a job's progress callback once the curator pressed Stop: the job's
    transaction rolls back (an export leaves its target as it was)."""


class StoppableJob(QThread):
    """A background job around a library call that takes ``progress(done, total)``
    (pass :meth:`_progress`): progress is signalled, and after :meth:`stop` the next
    call raises :class:`Stopped`, which the job's ``run`` turns into ``stopped``."""

    progressed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stopped = False
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Stopped
        self.progressed.emit(done, total)


class JobOwner:
    """Stop and shutdown for a controller that runs one background job at a time in
    ``worker``, with its progress dialog in ``progress``."""

    worker: Any  # a StoppableJob or the text importer's worker, or None
    progress: Any  # its dialogs.ProgressDialog, or None

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.request_stop()
        elif self.worker is not None:
            self.worker.stop()

    def shutdown(self) -> None:
        """The window closes: stop the job (at its next step) and wait for it."""
        if self.worker is not None:
            self.worker.stop()
            self.worker.wait()


def unexpected_failure(exc: BaseException) -> str:
    """A background job met an error no check foresaw (a RecursionError deep in a
    parser, a bug): log its traceback and say it in one line, so the job still ends
    and the window still reports it instead of showing "Importing…" forever."""
    _log.error("background job failed", exc_info=exc)
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return f"an unexpected error ({type(exc).__name__}{': ' + detail[:300] if detail else ''})"


def wait_for(signal: SignalInstance) -> None:
    """Run the event loop until ``signal`` is emitted (for scripts and tests)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def take_finished_worker(owner):
    """The background job of ``owner`` (an importer or exporter with ``worker`` and
    ``progress`` attributes) has finished: wait for its thread, close the progress
    dialog, and hand the worker back (None when there was none)."""
    worker, owner.worker = owner.worker, None
    if worker is None:
        return None
    worker.wait()
    worker.deleteLater()
    if owner.progress is not None:
        owner.progress.finish()
        owner.progress = None
    return worker
