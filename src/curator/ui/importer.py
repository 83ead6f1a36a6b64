"""Importing files into the window, and what came with them: the Document menu's
metadata and encoding.

Imports run on a :class:`QThread` (:class:`ImportWorker`) while a progress dialog
shows files done / total and the current file name. The worker uses the window's
store: SQLAlchemy's pool hands the thread a connection of its own, and SQLite's WAL
journal and busy timeout let the window keep reading (and saving single edits) while a
file is stored. Each file is its own transaction (``corpus.import_files`` on one
path), and Stop is honoured between files, so a stopped import leaves only whole
documents. At the end a summary lists every file with its reason, and the document
list selects the first imported document.

Files and folders dropped on the window are imported the same way (an event filter on
the window, so the window class only creates this controller).

Editing metadata and re-decoding are undo steps (:class:`EditMetadata`,
:class:`Redecode`); undoing a re-decode decodes the kept bytes back with the previous
encoding, which the service refuses once annotations were added in between.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from curator.domain.errors import CuratorError
from curator.services import corpus
from curator.services import metadata as meta_svc
from curator.store.engine import Store
from curator.settings import IMPORT_DIR
from curator.ui import dialogs, undo
from curator.ui.controllers import JobOwner, take_finished_worker, unexpected_failure, wait_for
from curator.ui.dialogs.metadata import EncodingDialog, MetadataDialog
from curator.ui.plain import window_title

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

STATUS_MS = 8000


@dataclass
class ImportJob:
    """What one import did; filled in by the worker, read once it has finished."""

    paths: list[Path]
    outcomes: list[corpus.ImportOutcome] = field(default_factory=list)
    not_started: list[str] = field(default_factory=list)  # names, when stopped
    total: int = 0
    done: bool = False

    @property
    def imported(self) -> list[int]:
        return [o.document_id for o in self.outcomes if o.document_id is not None]


class ImportWorker(QThread):
    """Imports ``job.paths`` file by file; :meth:`stop` takes effect between files."""

    fileStarted = Signal(int, int, str)  # files done, total, name of the file now read

    def __init__(self, store: Store, job: ImportJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.job = job
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            files = corpus.expand_paths(self.job.paths)
        except Exception as exc:  # noqa: BLE001 - e.g. a folder that cannot be listed: say so and end
            reason = f"not listed: {exc.strerror}" if isinstance(exc, OSError) and exc.strerror else \
                f"not listed: {unexpected_failure(exc)}"
            self.job.outcomes.extend(corpus.ImportOutcome(p.name, None, "refused", reason) for p in self.job.paths)
            return
        self.job.total = len(files)
        for i, path in enumerate(files):
            if self._stop.is_set():
                self.job.not_started = [p.name for p in files[i:]]
                break
            self.fileStarted.emit(i, len(files), path.name)
            try:
                self.job.outcomes.extend(corpus.import_files(self.store, [path]))
            except (CuratorError, OSError) as exc:  # e.g. the database is locked (StoreError)
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.job.outcomes.append(corpus.ImportOutcome(path.name, None, "refused", f"not stored: {reason}"))
            except Exception as exc:  # noqa: BLE001 - one file's surprise must not end the batch unreported
                self.job.outcomes.append(corpus.ImportOutcome(
                    path.name, None, "refused", f"not stored: {unexpected_failure(exc)}"))


def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ImportController(JobOwner, QObject):
    """File ▸ Import files… / Import folder…, drops on the window, and the Document
    menu (metadata, encoding)."""

    finished = Signal(object)  # the ImportJob, once the summary is shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.worker: ImportWorker | None = None
        self.progress: dialogs.ProgressDialog | None = None
        self.summary: dialogs.ImportSummaryDialog | None = None
        a = window.actions_
        a.import_files.triggered.connect(self.choose_files)
        a.import_folder.triggered.connect(self.choose_folder)
        a.edit_metadata.triggered.connect(self.edit_metadata)
        a.redecode.triggered.connect(self.choose_encoding)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # ------------------------------------------------------------------ choosing
    def _start_dir(self) -> str:
        return self.window.settings.get(IMPORT_DIR)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self.window, "Import text files", self._start_dir(), "Text and OCR files (*.txt *.text *.md *.xml *.hocr *.html);;All files (*)",
        )
        if names:
            self.window.settings.set(IMPORT_DIR, str(Path(names[0]).parent))
            self.start([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, "Import a folder of text files", self._start_dir())
        if name:
            self.window.settings.set(IMPORT_DIR, name)
            self.start([Path(name)])

    # ------------------------------------------------------------------ drag and drop
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                if _local_paths(event):  # type: ignore[arg-type]
                    event.acceptProposedAction()  # type: ignore[attr-defined]
                    return True
            elif kind == QEvent.Type.Drop:
                paths = _local_paths(event)  # type: ignore[arg-type]
                if paths:
                    event.acceptProposedAction()  # type: ignore[attr-defined]
                    self.start(paths)  # returns at once: the drag source is not kept waiting
                    return True
            elif kind == QEvent.Type.Close:
                self.shutdown()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ running
    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, paths: list[Path]) -> ImportJob | None:
        """Import ``paths`` (files and folders) on the worker thread; returns at once.
        None (with a status message) while another import is running."""
        if self.worker is not None:
            self.window.report_error("An import is already running: wait for it, or stop it.")
            return None
        job = ImportJob(list(paths))
        self.worker = ImportWorker(self.store, job, self)
        self.worker.fileStarted.connect(self._file_started)
        self.worker.finished.connect(self._finished)
        self.progress = dialogs.ProgressDialog(self.window, "Import", "Looking for text files…",
                                               stop_text="Stopping after this file…")
        self.progress.stopRequested.connect(self.worker.stop)
        self.worker.start()
        return job

    def run(self, paths: list[Path]) -> ImportJob | None:
        """:meth:`start`, then wait (the event loop keeps running) until the summary
        is shown. For scripts and tests; the menus and drops never wait."""
        job = self.start(paths)
        if job is None:
            return None
        if not job.done:
            wait_for(self.finished)
        return job

    def _file_started(self, done: int, total: int, name: str) -> None:
        if self.progress is not None:
            self.progress.set_progress(done, total, f"Importing file {done + 1} of {total}: {name}")

    def _finished(self) -> None:
        worker = take_finished_worker(self)
        if worker is None:
            return
        job = worker.job
        job.done = True
        self._show_result(job)
        self.finished.emit(job)

    def _show_result(self, job: ImportJob) -> None:
        w = self.window
        if job.imported:
            w.current_doc = None  # force the reload to show the first imported document
            w.reload_documents(select=job.imported[0])
        if self.summary is not None:
            self.summary.deleteLater()
        self.summary = dialogs.import_summary(w, job.outcomes, job.not_started)
        w._keep(self.summary)
        w._update_actions()
        w.statusBar().showMessage(self.summary.text(), STATUS_MS)

    # ------------------------------------------------------------------ Document menu
    def _doc_id(self) -> int | None:
        doc = self.window.current_doc
        if doc is None:
            self.window.report_error("Open a document first.")
            return None
        return doc.id

    def edit_metadata(self) -> MetadataDialog | None:
        """Open the metadata dialog (non-blocking); saving is one undo step."""
        doc_id = self._doc_id()
        if doc_id is None:
            return None
        try:
            meta = meta_svc.get_metadata(self.store, doc_id)
            details = meta_svc.get_import_details(self.store, doc_id)
        except CuratorError as exc:
            self.window.report_error(str(exc))
            return None

        def save(changes: dict[str, object]) -> str | None:
            return self._push(EditMetadata(self.store, self, doc_id, meta, changes))

        dialog = MetadataDialog(meta, details, save, self.window)
        self._open(dialog)
        return dialog

    def choose_encoding(self) -> EncodingDialog | None:
        """Open the re-decode dialog (non-blocking); re-decoding is one undo step."""
        doc_id = self._doc_id()
        if doc_id is None:
            return None
        try:
            details = meta_svc.get_import_details(self.store, doc_id)
        except CuratorError as exc:
            self.window.report_error(str(exc))
            return None
        if not details.has_raw:
            self.window.report_error("This document's original bytes were not kept; import the file again.")
            return None

        def save(changes: dict[str, object]) -> str | None:
            return self._push(Redecode(self.store, self, doc_id, details.encoding, str(changes["encoding"])))

        dialog = EncodingDialog(details, save, self.window)
        self._open(dialog)
        return dialog

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog  # tests and screenshots reach the open dialog here
        dialog.open()

    def _push(self, command: undo._Command) -> str | None:
        """Do ``command`` and put it on the window's stack; the refusal's message if any."""
        try:
            command.run()
        except CuratorError as exc:
            return str(exc)
        command.stack = self.window.undo_stack
        self.window.undo_stack.push(command)
        return None

    # ------------------------------------------------------------------ refresher
    def report_error(self, message: str) -> None:
        self.window.report_error(message)

    def metadata_changed(self, doc_id: int, title: str) -> None:
        """One title changed: the list shows it, and the window title if it is shown."""
        w = self.window
        w.doc_model.set_documents(corpus.list_documents(self.store))
        shown = w.current_doc.id if w.current_doc is not None else None
        row = w.doc_model.row_of(shown) if shown is not None else -1
        if row >= 0:
            w.doc_list.selectionModel().blockSignals(True)
            w.doc_list.setCurrentIndex(w.doc_model.index(row, 0))
            w.doc_list.selectionModel().blockSignals(False)
        if shown == doc_id:
            w.current_doc = corpus.load_document(self.store, doc_id)
            w.setWindowTitle(f"{window_title(title)} — Curator")

    def text_redecoded(self, doc_id: int) -> None:
        """A new text (and maybe a title guessed from it): load it as a freshly opened
        document, so the detectors may run on it."""
        w = self.window
        w.doc_model.set_documents(corpus.list_documents(self.store))
        w.current_doc = None
        w.show_document(doc_id)


class EditMetadata(undo._Command):
    """Change some metadata fields; undo puts back what they were."""

    def __init__(self, store: Store, refresher: ImportController, doc_id: int, before: meta_svc.Metadata,
                 changes: dict[str, object]) -> None:
        super().__init__(store, refresher, "Edit metadata")
        self.doc_id = doc_id
        self.after = dict(changes)
        previous = {"title": before.title, "authors": before.authors, "year": before.year,
                    "source": before.source, "languages": ",".join(before.languages)}
        self.before = {name: previous[name] for name in changes}

    def _apply(self, fields: dict[str, object]) -> None:
        meta = meta_svc.update_metadata(self.store, self.doc_id, **fields)
        self.refresher.metadata_changed(self.doc_id, meta.title)  # type: ignore[attr-defined]

    def do(self) -> None:
        self._apply(self.after)

    def undo_(self) -> None:
        self._apply(self.before)


class Redecode(undo._Command):
    """Decode the kept bytes with another encoding; undo decodes them back."""

    def __init__(self, store: Store, refresher: ImportController, doc_id: int, previous: str, encoding: str) -> None:
        super().__init__(store, refresher, f"Re-decode as {encoding}")
        self.doc_id = doc_id
        self.previous = previous
        self.encoding = encoding

    def _apply(self, encoding: str) -> None:
        meta_svc.redecode(self.store, self.doc_id, encoding)
        self.refresher.text_redecoded(self.doc_id)  # type: ignore[attr-defined]

    def do(self) -> None:
        self._apply(self.encoding)

    def undo_(self) -> None:
        self._apply(self.previous)
