"""Bulk store work (accepting thousands of suggestions or corrections, and the undo and
redo of such a step) off the UI thread, so the window keeps painting.

:func:`run_store_work` runs ``work(progress)`` (one service call: one transaction) on a
:class:`~curator.ui.controllers.StoppableJob` thread while the UI thread waits in a
local event loop: it goes on painting and shows the job's progress in a window-modal
dialog, so the curator's input to the window waits until the step is over (the step
is still one command that the undo stack runs to its end: nothing else may start
meanwhile). Only the dialog takes input: its Stop, offered where stopping makes sense
(the first run of an accept, not its undo or redo), makes the service's progress
callback raise, and the transaction rolls back: nothing half-done.

Small steps (under :data:`BULK_MIN` items) run at once on the UI thread: a thread and
a dialog would cost more than the work.

The refresh that follows a bulk step (the text edited in place, thousands of spans,
the docks' lists read again) is cut into phases: between two, :func:`breathe` lets Qt
paint and run its timers (never the curator's input), so no phase holds the UI thread
much longer than its own work. Outside that refresh :func:`breathe` does nothing.
"""

from __future__ import annotations

import contextvars
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QWidget

from curator.domain.errors import ValidationError
from curator.ui import dialogs
from curator.ui.controllers import Stopped, StoppableJob

if TYPE_CHECKING:
    from curator.services.annotations import AnnotationRow
    from curator.ui.main_window import MainWindow

T = TypeVar("T")
Progress = Callable[[int, int], None]
BULK_MIN = 200  # items: smaller steps run at once
BATCH_RELOAD = 50  # annotations added or removed at once: from here the shown spans are read again
REFRESH_S = 5.0  # the refresh after a bulk step ends with the undo stack's next index, or after this

_refreshing_until = 0.0


def breathe() -> None:
    """Between two phases of the refresh after a bulk step: paint and run timers, hold
    back input. Anywhere else: nothing."""
    if time.monotonic() < _refreshing_until:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def in_refresh() -> bool:
    """Whether the refresh after a bulk step is running (reads done on the worker for it
    are still what the store holds: input waited meanwhile)."""
    return time.monotonic() < _refreshing_until


def refresh_done() -> None:
    """The bulk step's command is on the stack (or was undone / redone): no more breathing."""
    global _refreshing_until
    _refreshing_until = 0.0


class StoreJob(StoppableJob):
    """``work(progress)`` on a thread; its result, or the error it raised (handed to
    the UI thread, which raises it again)."""

    def __init__(self, work: Callable[[Progress], Any], *, stoppable: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work, self.stoppable = work, stoppable
        # the caller's context variables (the clock a redo is pinned to) hold on the thread too
        self.context = contextvars.copy_context()
        self.result: Any = None
        self.error: BaseException | None = None

    def _report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            self.result = self.context.run(self.work, self._progress if self.stoppable else self._report)
        except Stopped:
            self.stopped = True
        except Exception as exc:  # noqa: BLE001 (not swallowed: raised again on the UI thread)
            self.error = exc


def run_store_work(parent: QWidget, title: str, work: Callable[[Progress | None], T], count: int, *,
                   stoppable: bool) -> T:
    """``work(progress)`` for ``count`` items: at once when few, else on a thread with a
    progress dialog (see the module). Raises what ``work`` raised; a Stop raises
    :class:`ValidationError` after the rollback."""
    if count < BULK_MIN:
        return work(None)
    job = StoreJob(work, stoppable=stoppable, parent=parent)
    # shown at once and window-modal: Qt itself holds the curator's input to the window
    dialog = dialogs.ProgressDialog(parent, title, f"{title}…", stop_text="Stopping: nothing will be changed…",
                                    delay_ms=0)
    dialog.stop_button.setVisible(stoppable)
    if stoppable:
        dialog.stopRequested.connect(job.stop)
    else:  # Escape in the dialog: an undo or redo runs to its end
        dialog.request_stop = lambda: None  # type: ignore[method-assign]
    job.progressed.connect(lambda done, total: dialog.set_progress(done, total, f"{title}: {done:,} of {total:,}"))
    focus = QApplication.focusWidget()
    dialog.show()
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    try:
        job.start()
        loop.exec()
        job.wait()
    finally:
        dialog.finish()
        job.deleteLater()
        parent.activateWindow()  # the keyboard goes on where it was
        if focus is not None and focus.isVisible():
            focus.setFocus()
    if job.error is None and not job.stopped:
        global _refreshing_until
        _refreshing_until = time.monotonic() + REFRESH_S
    if job.stopped:
        raise ValidationError(f"{title}: stopped, nothing was changed")
    if job.error is not None:
        raise job.error
    return job.result


def refresh_batch(window: MainWindow, rows: list[AnnotationRow], shown: int | None, sign: int,
                  one: Callable[[AnnotationRow], None]) -> None:
    """Annotations added (``sign`` +1) or removed (-1) by the batch: counts of other
    documents than ``shown`` adjusted; on the shown one a few go through ``one`` (the
    single-row refresh, which selects each), many make the window read its spans once."""
    mine = [r for r in rows if r.document_id == shown]
    for doc_id, n in Counter(r.document_id for r in rows if r.document_id != shown).items():
        window.doc_model.adjust_count(doc_id, sign * n)
    if len(mine) < BATCH_RELOAD:
        for row in mine:
            one(row)
        return
    window.doc_model.adjust_count(mine[0].document_id, sign * len(mine))
    window.reload_spans(mine[0].document_id)
    for row in mine:
        window._refresh_claims(row.supports)
