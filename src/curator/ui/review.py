"""The corrections feature of the main window: the Corrections dock, the Text menu
actions (correct the selection, mark noise, suggest clean-ups, compare with original)
and the refresh after each correction command.

The controller is the :class:`~curator.ui.undo.CorrectionRefresher` of the correction
commands. An accept pushed from here moves the shown text and annotations in place
(:meth:`MainWindow.apply_text_edits`); any other change of text (undo, redo) reloads
the shown document through :meth:`MainWindow.reload_text` (text, spans and
annotation table; the scroll position is kept); a change of proposals only reloads
the dock's list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from curator.domain.errors import CuratorError
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.ui import dialogs, undo
from curator.ui.actions import tipped_action as _action
from curator.ui.bulk import breathe
from curator.ui.controllers import FeatureController, dock_with_toggle, show_dock
from curator.ui.views.diff_view import DiffView, load_comparison
from curator.ui.views.review_panel import KEYS_HELP, CorrectionDialog, ReviewPanel

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow


class ReviewController(FeatureController):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._texts: dict[int, str] = {}  # revision id -> text, for previews of older revisions
        self.dialog: CorrectionDialog | None = None
        self.diff: DiffView | None = None
        # the accepting command being pushed: text_changed applies its result in place
        self._pushing: undo.AcceptCorrections | undo.DirectCorrection | None = None

        self.panel = ReviewPanel()
        self.panel.setObjectName("reviewPanel")
        self.panel.set_text_source(self._revision_text)
        self.dock, self.toggle_action = dock_with_toggle(
            window, "Corrections", "correctionsDock", self.panel, "Ctrl+Shift+R",
            "Show or hide the corrections of this document", "corrections", text="&Corrections panel")
        self.correct_action = _action(window, "&Correct selection…", "correct", "F2",
                                      "Type the right text for the selected text (accepted at once)")
        self.noise_action = _action(window, "Mark selection as &noise", "noise", "Ctrl+Shift+N",
                                    "Remove the selected text as OCR noise, e.g. a running header")
        self.suggest_action = _action(window, "&Suggest clean-ups", "suggest", None,
                                      "Propose removing OCR noise and fixing merged words and layout breaks")
        self.compare_action = _action(window, "Compare with &original", "compare", "Ctrl+Shift+D",
                                      "Show the imported text and the current text side by side")
        self.keys_action = _action(window, "Review &keys", None, None, "Keys of the corrections review")

        self.correct_action.triggered.connect(self.correct_selection)
        self.noise_action.triggered.connect(self.mark_noise)
        self.suggest_action.triggered.connect(self.suggest)
        self.compare_action.triggered.connect(self.compare)
        self.keys_action.triggered.connect(lambda: window._keep(dialogs.info(window, "Review keys", KEYS_HELP, rich=True)))
        self.toggle_action.triggered.connect(lambda _checked: self._opened_by_user())
        self.panel.suggestRequested.connect(self.suggest)
        self.panel.acceptRequested.connect(self.accept)
        self.panel.rejectRequested.connect(self.reject)
        self.panel.editRequested.connect(self.edit)
        self.panel.everywhereRequested.connect(self.apply_everywhere)
        self.panel.currentChanged.connect(self._correction_chosen)
        window.view.cpSelectionChanged.connect(lambda _s, _e: self.update_actions())
        # opening the dock lists what is there now (a script may have proposed meanwhile)
        self.dock.visibilityChanged.connect(lambda shown: self.reload() if shown else None)

    def _opened_by_user(self) -> None:
        """Ctrl+Shift+R (or the menu) opened the dock or brought it forward: on a
        document for which nothing was ever proposed, the clean-up runs first (as
        *Suggest clean-ups*), so the list is not empty for want of asking; then the
        list has the focus."""
        doc_id = self._doc_id()
        if self.dock.isHidden() or doc_id is None:
            return
        if not corr.list_corrections(self.store, doc_id):
            self.suggest()
        self.panel.focus_list()

    def text_actions(self) -> list[QAction | None]:
        """The Text menu (None: a separator)."""
        return [self.correct_action, self.noise_action, None, self.suggest_action, self.toggle_action,
                self.compare_action]

    # ------------------------------------------------------------------ helpers
    def _revision_text(self, revision_id: int) -> str:
        doc = self.window.current_doc
        if doc is not None and doc.revision_id == revision_id:
            return doc.text
        if revision_id not in self._texts:
            self._texts[revision_id] = corr.revision_text(self.store, revision_id)
        return self._texts[revision_id]

    def update_actions(self) -> None:
        has_doc = self.window.current_doc is not None
        selection = self.window.view.selection_cp() if has_doc else None
        self.correct_action.setEnabled(selection is not None)
        self.noise_action.setEnabled(selection is not None)
        self.suggest_action.setEnabled(has_doc)
        self.compare_action.setEnabled(has_doc)

    # ------------------------------------------------------------------ window hooks
    def document_shown(self, doc_id: int | None) -> None:
        """A document was loaded: list its corrections; show the dock if some wait."""
        self._texts.clear()
        if doc_id is None:
            self.panel.set_corrections([])
        else:
            self.reload()
            if self.panel.model.pending_count():
                self.dock.show()
        if self.diff is not None and self.diff.isVisible() and doc_id is not None:
            self.diff.set_comparison(load_comparison(self.store, doc_id))
        self.update_actions()

    def reload(self) -> None:
        doc_id = self._doc_id()
        self.panel.set_corrections([] if doc_id is None else self._list_rows(doc_id))

    def read_list(self, doc_id: int) -> list[corr.CorrectionRow]:
        return corr.list_corrections(self.store, doc_id)

    # ------------------------------------------------------------------ refresher
    def text_changed(self, doc_id: int, what: str, flagged: int = 0) -> None:
        if not self._apply_in_place(doc_id):
            self.window.reload_text(doc_id)  # shows doc_id if another one was shown
        breathe()  # after a bulk step: paint before the next phase (ui/bulk.py)
        self.reload()
        if self.diff is not None and self.diff.isVisible():
            self.diff.set_comparison(load_comparison(self.store, doc_id))
        doc = self.window.current_doc
        message = f"{what}: revision {doc.revision_number}" if doc is not None else what
        if flagged:
            message += f"; {flagged} annotation{' needs' if flagged == 1 else 's need'} review"
        self._status(message)

    def _apply_in_place(self, doc_id: int) -> bool:
        """After an accept pushed from here, move the shown text and its annotations
        by the accepted edits instead of reloading them (undo, redo and other paths
        reload). The edits are the corrections' ranges on the base revision; the
        annotations they touched are read back with the positions the store gave."""
        command = self._pushing
        result = None if command is None else command.result
        doc = self.window.current_doc
        if result is None or doc is None or result.document_id != doc_id or doc.id != doc_id \
                or result.base_revision_id != doc.revision_id:
            return False
        try:
            wanted = set(result.correction_ids)  # one read, not one per correction
            rows = [r for r in corr.list_corrections(self.store, doc_id, "accepted") if r.id in wanted]
            flagged = ann_svc.get_annotations(self.store, result.flagged)
        except CuratorError:
            return False
        breathe()
        edits = [(r.start, r.end, r.replacement) for r in rows]
        update = {a.id: (a.start, a.end, a.label.value) for a in flagged}
        return self.window.apply_text_edits(doc_id, edits, update, revision_id=result.new_revision_id)

    def _push_accepting(self, command: undo.AcceptCorrections | undo.DirectCorrection) -> None:
        self._pushing = command
        try:
            self._push(command)
        finally:
            self._pushing = None

    def corrections_changed(self, doc_id: int, message: str = "") -> None:
        self._list_changed(doc_id)
        show_dock(self.dock)
        self._status(message)

    # ------------------------------------------------------------------ user actions
    def correct_selection(self) -> CorrectionDialog | None:
        """F2: a dialog for the replacement of the selected text (non-blocking)."""
        selection = self.window.view.selection_cp()
        doc = self.window.current_doc
        if doc is None or selection is None:
            self.report_error("Select the text to correct first.")
            return None
        start, end = selection
        original = doc.text[start:end]
        dialog = CorrectionDialog(self.window, title="Correct selection", original=original, replacement=original)
        dialog.accepted.connect(lambda: self._correct(doc.id, start, end, *dialog.values(), revision_id=doc.revision_id))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _correct(self, doc_id: int, start: int, end: int, replacement: str, reason: str, *,
                 revision_id: int | None = None) -> None:
        self._push_accepting(undo.DirectCorrection(self.store, self, doc_id, start, end, replacement,
                                                   reason=reason or "corrected by hand", author=self.window.creator,
                                                   revision_id=revision_id))

    def mark_noise(self) -> None:
        selection = self.window.view.selection_cp()
        doc = self.window.current_doc
        if doc is None or selection is None:
            self.report_error("Select the noise (e.g. a running header) first.")
            return
        self._push_accepting(undo.DirectCorrection(self.store, self, doc.id, *selection, "", reason="marked as noise",
                                                   author=self.window.creator, kind="noise",
                                                   revision_id=doc.revision_id))

    def suggest(self) -> None:
        doc_id = self._doc_id()
        if doc_id is None:
            return
        try:
            from curator.services.cleanup import propose_for_document
        except ImportError as exc:
            self.report_error(f"Clean-up suggestions are not available in this build: {exc}")
            return
        author = self.window.creator
        self._push(undo.ProposeCorrections(
            self.store, self, doc_id, "Suggest clean-ups",
            lambda: propose_for_document(self.store, doc_id, author=author), author=author,
            nothing="No new clean-up to suggest in this document."))

    def accept(self, ids: list[int]) -> None:
        doc_id = self._doc_id()
        if doc_id is not None and ids:
            self._push_accepting(undo.AcceptCorrections(self.store, self, doc_id, ids, by=self.window.creator))

    def reject(self, ids: list[int]) -> None:
        doc_id = self._doc_id()
        if doc_id is not None and ids:
            self._push(undo.RejectCorrections(self.store, self, doc_id, ids, by=self.window.creator))

    def edit(self, correction_id: int) -> CorrectionDialog | None:
        row = self.panel.model.get(correction_id)
        if row is None:
            return None
        dialog = CorrectionDialog(self.window, title=f"Edit correction #{row.id}", original=row.original,
                                  replacement=row.replacement, reason=row.reason)
        dialog.accepted.connect(lambda: self._revise(row, *dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _revise(self, row: corr.CorrectionRow, replacement: str, reason: str) -> None:
        if (replacement, reason) != (row.replacement, row.reason):
            self._push(undo.ReviseCorrection(self.store, self, row, replacement, reason))

    def apply_everywhere(self, correction_id: int, corpus: bool) -> None:
        row = self.panel.model.get(correction_id)
        if row is None:
            return
        author = self.window.creator
        where = "the corpus" if corpus else "this document"
        self._push(undo.ProposeCorrections(
            self.store, self, row.document_id, "Apply the same fix everywhere",
            lambda: corr.apply_everywhere(self.store, correction_id, author=author, corpus=corpus),
            author=author, nothing=f"No other occurrence of “{row.original}” in {where} without a proposal."))

    def compare(self) -> DiffView | None:
        doc_id = self._doc_id()
        if doc_id is None:
            return None
        if self.diff is None:
            self.diff = DiffView(self.window)
            self.diff.setWindowFlag(Qt.WindowType.Window)
            self.diff.setObjectName("diffView")
            self.diff.resize(1100, 700)
        try:
            self.diff.set_comparison(load_comparison(self.store, doc_id))
        except CuratorError as exc:
            self.report_error(str(exc))
            return None
        self.diff.show()
        self.diff.raise_()
        return self.diff

    def _correction_chosen(self, correction_id: int | None) -> None:
        """Select the correction's range in the text (when it is on the shown revision)."""
        row = None if correction_id is None else self.panel.model.get(correction_id)
        doc = self.window.current_doc
        if row is None or doc is None or row.revision_id != doc.revision_id:
            return
        view = self.window.view
        view.select_cp(row.start, row.end)
        view.ensureCursorVisible()
