"""The suggestions feature of the main window: the Suggestions dock (detectors'
proposals, accepted or rejected from the keyboard), the Consistency dock (where the
Korean and English versions of a parallel text disagree, with verdicts), the Text menu
actions, and the dashed outlines of the pending suggestions in the document view.

The controller is the :class:`~curator.ui.undo.SuggestionRefresher` of the suggestion
commands: an accept adds the new annotations through the window's own refresher
methods (one span, one table row each), then reloads the dock's list (a query of a few
hundred rows at most) and the view's suggestion outlines.

Suggest on open (a QSettings bool, off by default: suggestions appear when asked): when a document is shown whose
current revision has no suggestions yet (none pending, accepted or rejected), the date
and figure detectors run at once, without an undo step (nothing the curator did is
undone by Ctrl+Z). Claims are proposed only on demand (Ctrl+Shift+S): they are whole
sentences, and outlining every cue sentence of every document opened is noise. The
detectors run on the UI thread, so automatically only for texts up to
:data:`AUTO_LIMIT` characters (measured: 150 k characters of seed 003 repeated, 770
suggestions, 0.25 s); a longer text gets a status message pointing at Ctrl+Shift+S.

The dashed outlines are drawn only while the Suggestions dock is open: what the view
marks is what the curator is reviewing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication

from curator.domain.errors import CuratorError
from curator.services import suggestions as sugg
from curator.services.annotations import AnnotationRow
from curator.settings import SUGGEST_ON_OPEN, WINDOW_STATE
from curator.ui import dialogs, undo
from curator.ui.actions import tipped_action as _action
from curator.ui.bulk import breathe
from curator.ui.controllers import FeatureController, dock_with_toggle, show_dock
from curator.ui.views.document_view import Span
from curator.ui.views.findings_panel import FindingsPanel
from curator.ui.views.suggestions_panel import KEYS_HELP, SuggestionsPanel

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

AUTO_LIMIT = 200_000  # characters; above this the detectors run only on demand (see above)
AUTO_KINDS = ("date", "figure")
DOCK_HEIGHT = 240  # pixels, the first time a dock is shown


class SuggestionsController(FeatureController):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)

        self.panel = SuggestionsPanel()
        self.panel.setObjectName("suggestionsPanel")
        self.dock, self.toggle_action = dock_with_toggle(
            window, "Suggestions", "suggestionsDock", self.panel, "Ctrl+Shift+U",
            "Show or hide the detectors' suggestions for this document", "suggest")
        self.findings = FindingsPanel()
        self.findings.setObjectName("findingsPanel")
        self.findings_dock, self.findings_toggle_action = dock_with_toggle(
            window, "Consistency", "consistencyDock", self.findings, "Ctrl+Shift+K",
            "Show or hide where the Korean and English versions disagree", "compare")

        self.run_action = _action(window, "Suggest &dates, figures and claims", "suggest", "Ctrl+Shift+S",
                                  "Run the detectors on this document; their proposals show dashed")
        self.auto_action = QAction("Suggest on &open", window)
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(self.auto_enabled())
        self.auto_action.setStatusTip(
            "Run the detectors when a document without suggestions is opened "
            f"(texts up to {AUTO_LIMIT:,} characters)")
        self.keys_action = _action(window, "Suggestion &keys", None, None, "Keys of the Suggestions panel")

        self.run_action.triggered.connect(self.run_detectors)
        self.auto_action.toggled.connect(self._auto_toggled)
        self.keys_action.triggered.connect(
            lambda: window._keep(dialogs.info(window, "Suggestion keys", KEYS_HELP, rich=True)))
        self.panel.runRequested.connect(self.run_detectors)
        self.panel.acceptRequested.connect(self.accept)
        self.panel.rejectRequested.connect(self.reject)
        self.panel.currentChanged.connect(self._suggestion_chosen)
        self.panel.filterChanged.connect(self._show_outlines)
        self.findings.sideRequested.connect(self._select_side)
        self.findings.verdictRequested.connect(self.record_verdict)
        window.view.suggestionClicked.connect(self._outline_clicked)
        # a dock lists what is there now when it is opened (findings only then: they are
        # computed from the whole text)
        self.dock.visibilityChanged.connect(
            self._suggestions_visible)
        self.findings_dock.visibilityChanged.connect(
            lambda shown: self._dock_shown(self.reload_findings) if shown else None)
        self._in_front = False  # the Suggestions dock is shown, its tab in front
        self._sized = self._split = False
        self._quiet = False  # a list reload that must not move the text selection
        self._deciding = False  # an accept (or its undo) adding or removing annotations

    def _suggestions_visible(self, shown: bool) -> None:
        """The Suggestions dock came in front (opened, or its tab chosen) or went away
        (closed, or behind another dock's tab: Qt then moves it off screen without
        hiding it, so ``isVisible`` cannot tell)."""
        self._in_front = shown
        if shown:
            self._dock_shown(self.reload_quietly)
        else:
            self._show_outlines()

    def _dock_shown(self, reload) -> None:
        reload()
        if not self._sized and not self.window.settings.contains(WINDOW_STATE):
            # first time, no saved layout: low docks, so the text keeps most of the height
            self._sized = True
            self.window.resizeDocks([self.dock, self.findings_dock], [DOCK_HEIGHT] * 2, Qt.Orientation.Vertical)
        if not self._split and self.dock.isVisible() and self.findings_dock.isVisible():
            self._split = True  # once: later the curator's own widths stay
            width = self.window.width()
            self.window.resizeDocks([self.dock, self.findings_dock], [width * 11 // 20, width * 9 // 20],
                                    Qt.Orientation.Horizontal)

    def text_actions(self) -> list[QAction | None]:
        """The Text menu entries (None: a separator)."""
        return [self.run_action, self.auto_action, self.toggle_action, self.findings_toggle_action]

    # ------------------------------------------------------------------ settings
    def auto_enabled(self) -> bool:
        return self.window.settings.get(SUGGEST_ON_OPEN)  # off for a new user: suggestions when asked

    def _auto_toggled(self, on: bool) -> None:
        self.window.settings.set(SUGGEST_ON_OPEN, on)

    # ------------------------------------------------------------------ window hooks
    def document_shown(self, doc_id: int | None) -> None:
        """A document (or a new revision of it) was loaded into the view: list its
        suggestions, outline them, and run the detectors if it has none yet."""
        self.run_action.setEnabled(doc_id is not None)
        if doc_id is None:
            self.panel.set_suggestions([])
            self.findings.set_findings([])
            return
        if self.auto_action.isChecked():
            self._auto_run(doc_id)
        self.reload_quietly()
        if self.findings_dock.isVisible():
            self.reload_findings()

    def text_reloaded(self, doc_id: int) -> None:
        """The shown text changed (a correction or its undo): the suggestions carried
        to the new revision and the findings of the new text; no detector run."""
        if self._doc_id() != doc_id:
            return
        self.reload_quietly()
        if self.findings_dock.isVisible():
            self.reload_findings()

    def _auto_run(self, doc_id: int) -> None:
        doc = self.window.current_doc
        if doc is None or sugg.list_suggestions(self.store, doc_id, status=None):
            return
        if len(doc.text) > AUTO_LIMIT:
            self._status(f"Long text: run the detectors with Text ▸ {self.run_action.text().replace('&', '')} "
                         f"({self.run_action.shortcut().toString()})")
            return
        try:
            rows = sugg.run_detectors(self.store, doc_id, kinds=AUTO_KINDS)
        except CuratorError as exc:
            self.report_error(str(exc))
            return
        if rows:
            self.dock.show()
            self._status(f"{len(rows)} suggestion{'s' if len(rows) != 1 else ''} for this document "
                         "(dashed outlines): A accept, R reject")

    def reload(self) -> None:
        doc_id = self._doc_id()
        rows = [] if doc_id is None else self._list_rows(doc_id)
        breathe()  # after a bulk step: paint between the phases (ui/bulk.py)
        self.panel.set_suggestions(rows)
        breathe()
        self._show_outlines()

    def read_list(self, doc_id: int) -> list[sugg.SuggestionRow]:
        return sugg.list_suggestions(self.store, doc_id)

    def reload_quietly(self) -> None:
        """Reload without selecting the current suggestion's text: opening a document
        or the dock must leave the text selection (and the actions it enables) alone;
        only a choice of row, or a decision moving to the next row, selects text."""
        self._quiet = True
        try:
            self.reload()
        finally:
            self._quiet = False

    def _show_outlines(self) -> None:
        """The view outlines what the list shows (the label filter applies to both),
        while the dock is open."""
        rows = self.panel.shown_rows() if self._in_front and self.dock.isVisible() else []
        self.window.view.set_suggestions([Span(r.id, r.start, r.end, r.label.value) for r in rows])

    def reload_findings(self) -> None:
        doc_id = self._doc_id()
        try:
            rows = [] if doc_id is None else sugg.check_document(self.store, doc_id)
        except CuratorError as exc:
            self.report_error(str(exc))
            rows = []
        self.findings.set_findings(rows)

    def annotation_covers(self, row: AnnotationRow) -> None:
        """An annotation of the shown document was added or removed by hand: a
        suggestion of its label and span is no longer offered, or is again."""
        if self._deciding or self._doc_id() != row.document_id:
            return  # an accept or its undo reloads the list once, afterwards
        self.reload_quietly()

    # ------------------------------------------------------------------ refresher
    def annotation_added(self, row: AnnotationRow) -> None:
        if self._doc_id() == row.document_id:
            self._deciding = True
            try:
                self.window.annotation_added(row)
            finally:
                self._deciding = False
        else:  # suggestions_changed shows that document, loading the new annotations with it
            self.window.doc_model.adjust_count(row.document_id, +1)

    def annotation_removed(self, row: AnnotationRow) -> None:
        if self._doc_id() == row.document_id:
            self._deciding = True
            try:
                self.window.annotation_removed(row)
            finally:
                self._deciding = False
        else:
            self.window.doc_model.adjust_count(row.document_id, -1)

    def annotations_added(self, rows: list[AnnotationRow]) -> None:
        """An accepted batch: the window refreshes once, not once a row."""
        self.window.annotations_added(rows, shown=self._doc_id())

    def annotations_removed(self, rows: list[AnnotationRow]) -> None:
        self.window.annotations_removed(rows, shown=self._doc_id())

    def suggestions_changed(self, doc_id: int, message: str = "") -> None:
        self._list_changed(doc_id)
        show_dock(self.dock)
        self._status(message)

    def findings_changed(self, doc_id: int, message: str = "") -> None:
        if self._doc_id() != doc_id:
            self.window.show_document(doc_id)
        show_dock(self.findings_dock)  # lists the findings if it was hidden
        self.reload_findings()
        self._status(message)

    # ------------------------------------------------------------------ user actions
    def run_detectors(self) -> None:
        doc_id = self._doc_id()
        if doc_id is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._push(undo.RunDetectors(self.store, self, doc_id))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.dock.isVisible():  # A / R / Shift+A act at once on the first suggestion
            self.panel.focus_list()

    def accept(self, ids: list[int]) -> None:
        doc_id = self._doc_id()
        if doc_id is None or not ids:
            return
        wanted = set(ids)  # one pass over the list (thousands accepted by kind)
        labels = {row.label for row in self.panel.model.all_rows() if row.id in wanted}
        what = f"{labels.pop().value} suggestion" if len(labels) == 1 else "suggestion"
        self._push(undo.AcceptSuggestions(self.store, self, doc_id, ids, by=self.window.creator, what=what))

    def reject(self, ids: list[int]) -> None:
        doc_id = self._doc_id()
        if doc_id is not None and ids:
            self._push(undo.RejectSuggestions(self.store, self, doc_id, ids, by=self.window.creator))

    def record_verdict(self, key: str, verdict: str | None, note: str) -> None:
        doc_id = self._doc_id()
        row = self.findings.current_row()
        if doc_id is None or row is None or row.key != key:
            return
        self._push(undo.RecordVerdict(self.store, self, doc_id, key, verdict, note,
                                      previous=(row.verdict, row.note), by=self.window.creator))

    # ------------------------------------------------------------------ view <-> panels
    def _select(self, start: int, end: int) -> None:
        view = self.window.view
        if 0 <= start < end <= view.text_map.length:
            view.select_cp(start, end)
            view.ensureCursorVisible()

    def _suggestion_chosen(self, suggestion_id: int | None) -> None:
        if self._quiet:
            return
        row = None if suggestion_id is None else self.panel.model.get(suggestion_id)
        if row is not None:
            self._select(row.start, row.end)

    def _outline_clicked(self, suggestion_id: int) -> None:
        show_dock(self.dock)
        self.panel.select_suggestion(suggestion_id)

    def _select_side(self, side: dict) -> None:
        self._select(int(side["start"]), int(side["end"]))
