"""File ▸ Import annotations… (Ctrl+Shift+I): a colleague's Curator dataset or W3C Web
Annotations, brought into the store from the window.

The curator picks a file (the format follows the file dialog's filter or the file's
suffix), then says in :class:`PolicyDialog` what to do with what is already in the store.
The import itself is :func:`curator.services.exchange.import_annotations` (a native
dataset or W3C annotations, :data:`curator.exchange.formats.IMPORTS`): one transaction
that refuses a bad file whole. It runs on a :class:`QThread` like an export (progress in percent in the status
bar and a progress dialog with Stop); Stop raises from the progress callback inside the
transaction, so it rolls back and nothing is imported. The end is one message: the
refusal's reason, or the summary; then the document list and the shown document reload.

Like importing text files, this is not an undo step.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from curator.domain.errors import CuratorError
from curator.exchange.formats import IMPORT
from curator.services import corpus
from curator.store.engine import Store
from curator.settings import ANNOTATION_IMPORT_DIR
from curator.ui import dialogs
from curator.ui.actions import tipped_action
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
TITLE = "Import annotations"
SHORTCUT = "Ctrl+Shift+I"

NATIVE_FILTER = IMPORT["native"].file_filter
W3C_FILTER = IMPORT["w3c"].file_filter
ALL_FILTER = "All files (*)"
W3C_SUFFIXES = IMPORT["w3c"].suffixes
FORMAT_TITLES = {"native": "Curator dataset", "w3c": "W3C Web Annotations"}

# per format: (on_conflict value, the choice in plain words, what it does); the first is
# the default: a colleague's work is added to ours, nothing twice and nothing refused
POLICIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "native": (
        ("merge", "Merge with the documents here",
         "Add the file's annotations to the documents whose text this store has, leaving out "
         "those identical to ones here; import the other documents as new."),
        ("refuse", "Refuse the file",
         "If any document or annotation in the file is already in this store, import nothing."),
        ("skip", "Skip documents already here",
         "Leave out documents whose text this store already has, with their annotations; "
         "import the rest with their ids."),
        ("new-ids", "Give everything new ids",
         "Import every document and annotation as new, even one already here (a second copy)."),
    ),
    "w3c": (
        ("skip", "Skip identical annotations",
         "Leave out annotations identical to one already here; import the rest."),
        ("refuse", "Refuse the file",
         "If an annotation with the same document, kind and span is already here, import nothing."),
        ("new-ids", "Add them anyway",
         "Add every annotation, even where an identical one is already here."),
    ),
}


_CLI_HINT = re.compile(r"\s*\(use on-conflict ([^)]*)\)\s*$")


def plain_reason(fmt: str, reason: str) -> str:
    """The importer's reason with its command-line hint ("use on-conflict new-ids")
    put in the words of :class:`PolicyDialog`."""
    found = _CLI_HINT.search(reason)
    if found is None:
        return reason.rstrip(".") + "."
    names = {key: text for key, text, _detail in POLICIES[fmt]}
    choices = [f"“{names[key]}”" for key in re.findall(r"new-ids|skip|merge", found.group(1)) if key in names]
    hint = f" To import it anyway, import it again and choose {' or '.join(choices)}." if choices else ""
    return reason[: found.start()].rstrip(".") + "." + hint


def format_for(path: Path, chosen_filter: str) -> str:
    """``"w3c"`` or ``"native"``: a .jsonld or .jsonl file is W3C whatever the filter (a
    dataset is never written so); any other file follows the chosen filter, and a
    dataset when the filter says nothing (all files)."""
    if path.suffix.lower() in W3C_SUFFIXES or chosen_filter == W3C_FILTER:
        return "w3c"
    return "native"


class PolicyDialog(QDialog):
    """What to do with what the store already has: one of :data:`POLICIES`, the first by
    default. Escape or Cancel: no import."""

    def __init__(self, fmt: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPolicyDialog")
        self.setWindowTitle(TITLE)
        heading = QLabel(f"<b>{escape(path.name)}</b> ({FORMAT_TITLES[fmt]})")
        heading.setTextFormat(Qt.TextFormat.RichText)
        question = QLabel("If the file holds what this store already has:")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(6)
        layout.addWidget(question)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, text, detail in POLICIES[fmt]:
            button = QRadioButton(text)
            button.setObjectName(f"policy-{key}")
            button.setToolTip(detail)
            note = QLabel(detail)
            note.setWordWrap(True)
            note.setIndent(24)  # under the radio button's text
            note.setStyleSheet("color: palette(placeholder-text);")
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
            layout.addWidget(note)
        first = self.buttons[POLICIES[fmt][0][0]]
        first.setChecked(True)
        first.setFocus()  # arrows move between the choices, Enter imports
        box = QDialogButtonBox()
        self.import_button = box.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setIcon(icon("import"))
        self.import_button.setDefault(True)  # Enter imports (the focus is on a choice)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(box)
        self.setMinimumWidth(540)

    def policy(self) -> str:
        return next(key for key, button in self.buttons.items() if button.isChecked())


def ask_policy(parent: QWidget, fmt: str, path: Path) -> str | None:
    """The chosen policy, or None if the curator cancelled. Modal and blocking, as the
    file dialog before it: nothing else can happen between choosing and importing."""
    dialog = PolicyDialog(fmt, path, parent)
    try:
        return dialog.policy() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class AnnotationImportWorker(StoppableJob):
    """Runs one import; afterwards exactly one of ``result``, ``error``, ``stopped`` is set."""

    def __init__(self, store: Store, fmt: str, path: Path, policy: str, creator: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.fmt, self.path, self.policy, self.creator = store, fmt, path, policy, creator
        self.result: Any = None
        self.error = ""

    def run(self) -> None:
        # the readers are imported when an import starts, not when the window opens
        try:
            from curator.services.exchange import import_annotations

            self.result = import_annotations(self.store, self.fmt, self.path, on_conflict=self.policy,
                                             creator=self.creator, progress=self._progress)
        except Stopped:
            self.stopped = True
        except (CuratorError, OSError) as exc:
            self.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - whatever happens, the import ends and says so
            self.error = unexpected_failure(exc)



def summary_text(fmt: str, result: Any, path: Path) -> str:
    """What was imported, what was left out and why, in sentences."""
    from curator.services.exchange import describe_import

    return describe_import(fmt, result, path.name)


class AnnotationImportController(JobOwner, QObject):
    """The File menu's Import annotations… and the one such import that may run at a time."""

    finished = Signal(str)  # the message shown at the end ("" when stopped)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: AnnotationImportWorker | None = None
        self.progress: dialogs.ProgressDialog | None = None
        self._before: set[int] = set()
        self.action = tipped_action(window, "Import &annotations…", "import", SHORTCUT,
                                    "Import a Curator dataset or W3C Web Annotations from a file")
        self.action.triggered.connect(self.choose)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()  # a thread must not outlive its window
        return super().eventFilter(watched, event)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def choose(self) -> None:
        """Ask for the file, then the policy; import unless the curator cancels either."""
        settings = self.window.settings
        name, chosen = QFileDialog.getOpenFileName(
            self.window, TITLE, settings.get(ANNOTATION_IMPORT_DIR),
            ";;".join((NATIVE_FILTER, W3C_FILTER, ALL_FILTER)),
        )
        if not name:
            return
        path = Path(name)
        settings.set(ANNOTATION_IMPORT_DIR, str(path.parent))
        fmt = format_for(path, chosen)
        policy = ask_policy(self.window, fmt, path)
        if policy is not None:
            self.start(path, fmt, policy)

    def start(self, path: Path, fmt: str, policy: str) -> bool:
        """Import ``path`` on the worker thread; returns at once."""
        if self.worker is not None:
            self.window.report_error("An annotation import is already running: wait for it, or stop it.")
            return False
        w = self.window
        self._before = {d.id for d in w.doc_model.documents()}
        self.worker = AnnotationImportWorker(w.store, fmt, path, policy, w.creator, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.progress = dialogs.ProgressDialog(w, TITLE, f"Importing {path.name}…",
                                               stop_text="Stopping; nothing will be imported…")
        self.progress.stopRequested.connect(self.worker.stop)
        w.statusBar().showMessage(f"Importing {path.name}…")
        self.worker.start()
        return True

    def run(self, path: Path, fmt: str, policy: str = "refuse") -> str:
        """:meth:`start` and wait (the event loop keeps running); the final message.
        For scripts and tests; the menu never waits."""
        if not self.start(path, fmt, policy):
            return ""
        wait_for(self.finished)
        return self.window.statusBar().currentMessage()

    def _progressed(self, done: int, total: int) -> None:
        worker = self.worker
        if worker is None:
            return
        percent = 100 * done // total if total > 0 else 0
        text = f"Importing {worker.path.name}: {percent}%"
        if self.progress is not None:
            self.progress.set_progress(done, total, text)
        self.window.statusBar().showMessage(text)

    def _finished(self) -> None:
        worker = take_finished_worker(self)
        if worker is None:
            return
        w = self.window
        if worker.stopped:
            message = f"Import stopped; nothing was imported from {worker.path.name}."
            w.statusBar().showMessage(message, STATUS_MS)
            self.finished.emit("")
            return
        if worker.error or worker.result is None:
            reason = plain_reason(worker.fmt, worker.error or "the import ended without a result")
            message = f"{worker.path.name} was not imported, nothing was changed: {reason}"
            w.statusBar().showMessage(f"{worker.path.name} was not imported.", STATUS_MS)
            w._keep(dialogs.error(w, TITLE, message))
            self.finished.emit(message)
            return
        message = summary_text(worker.fmt, worker.result, worker.path)
        self._reload()
        w.statusBar().showMessage(message, STATUS_MS)
        w._keep(dialogs.info(w, TITLE, message))
        self.finished.emit(message)

    def _reload(self) -> None:
        """Show the first new document, else the shown one again (it may have new
        annotations: the reload is forced)."""
        w = self.window
        new = sorted({d.id for d in corpus.list_documents(w.store)} - self._before)
        shown = w.current_doc.id if w.current_doc is not None else None
        w.current_doc = None
        w.reload_documents(select=new[0] if new else shown)
        w._update_actions()
