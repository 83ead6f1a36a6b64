"""The main window: document list | document text | annotation panel.

The window is the :class:`~curator.ui.undo.Refresher` of the undo commands: after each
service call it updates exactly one span, one table row and one document count. Every
change to the store goes through a command pushed on :attr:`MainWindow.undo_stack`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from curator.domain.errors import CuratorError
from curator.domain.labels import Label, Status
from curator.services import annotations as ann_svc
from curator.services import corpus
from curator.services.annotations import AnnotationRow
from curator.settings import (
    ANNOTATION_COLUMNS,
    DOCUMENT_SPLITTER,
    LAST_DOCUMENT,
    PANEL_SPLITTER,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
    curator_name,
)
from curator.store.engine import Store
from curator.suggest import reading
from curator.text.canonical import sha256_hex
from curator.text.offsets import Utf16Map
from curator.text.spans import trim_span
from curator.ui import colors, style, undo
from curator.ui.actions import UndoActions, create_actions
from curator.ui.annotation_import import AnnotationImportController
from curator.ui import edit_feedback as feedback
from curator.ui.edit_guard import GuardedUndoStack, guard_actions
from curator.ui.bulk import breathe, refresh_batch, refresh_done
from curator.ui.exporter import ExportController
from curator.ui.find import FindController
from curator.ui.font_coverage import warn_when_shown
from curator.ui.guide import HelpController
from curator.ui.importer import ImportController
from curator.ui.models.annotation_model import StoreRows
from curator.ui.models.document_model import ID_ROLE, DocumentListModel
from curator.ui.ocr_review import OcrReviewController
from curator.ui.plain import PlainStatusBar, one_line, plain_label
from curator.ui.preferences import PreferencesController
from curator.ui.qsettings import typed_settings
from curator.ui.review import ReviewController
from curator.ui.review_queue import ReviewQueueController
from curator.ui.stores import StoresController, window_title
from curator.ui.suggestions import SuggestionsController
from curator.ui.text_zoom import TextZoom
from curator.ui.views.annotation_panel import AnnotationPanel
from curator.ui.views.document_filter import FilteredDocumentList
from curator.ui.views.document_view import DocumentView, Span
from curator.ui.views.legend import Legend

APP_TITLE = "Curator"
STATUS_TIMEOUT_MS = 8000


def _span(row: AnnotationRow) -> Span:
    return Span(row.id, row.start, row.end, row.label.value)


class MainWindow(QMainWindow):
    def __init__(
        self, store: Store, *, settings: Settings | QSettings | None = None, creator: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = typed_settings(settings)  # the declared options (curator.settings)
        self.creator = creator or curator_name()
        self.current_doc: corpus.DocumentText | None = None
        self._map = Utf16Map.of("")
        self._syncing_from_view = False
        self.syncing_list = False  # moving the list's current row to the shown document
        self._last_message_box = None

        self.undo_stack = GuardedUndoStack(self)
        self.actions_ = create_actions(self)
        self.undo_action, self.redo_action = UndoActions(self, self.undo_stack).actions()
        guard_actions(self.undo_stack, self.undo_action, self.redo_action)
        self.undo_stack.indexChanged.connect(lambda _index: refresh_done())  # a bulk step's refresh is over

        self._build_widgets()
        self.review = ReviewController(self)  # the Corrections dock and the Text menu
        self.suggestions = SuggestionsController(self)  # the Suggestions and Consistency docks
        self.importer = ImportController(self)  # import on a thread, drops, the Document menu
        self.exporter = ExportController(self)  # Export… and Export as ▸, on a thread
        self.annotation_importer = AnnotationImportController(self)  # Import annotations… (dataset, W3C)
        self.ocr_review = OcrReviewController(self)  # the Low-confidence words dock (OCR files)
        self.finder = FindController(self)  # Ctrl+F: the find bar under the text
        self.review_queue = ReviewQueueController(self)  # F8: the next annotation that needs review
        self.stores = StoresController(self)  # File: new, open, recent, back up store
        self.help = HelpController(self)  # Help: the user guide, About
        self.preferences = PreferencesController(self)  # Edit ▸ Preferences…
        self.zoom = TextZoom(self, self.view, self.settings)  # Ctrl++ / Ctrl+- / Ctrl+0, kept
        self._build_menus_and_toolbar()
        self._connect()
        self.resize(style.first_size(self))  # restore_layout puts back the curator's own
        self.restore_layout()
        self.reload_documents()
        self._update_actions()

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.doc_model = DocumentListModel(self)
        self.doc_list = QTreeView()
        self.doc_list.setObjectName("documentList")
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setRootIsDecorated(False)
        self.doc_list.setUniformRowHeights(True)
        self.doc_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doc_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.doc_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 90)
        # titles matter more than file names in a narrow pane: the file name is in the
        # row's tooltip and the status bar
        self.doc_list.setColumnHidden(1, True)

        self.view = DocumentView()
        self.view.setObjectName("documentView")
        self.view.set_label_colors(colors.highlight_colors())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.legend = Legend()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.view)
        centre_layout.addWidget(self.legend)

        self.panel = AnnotationPanel()
        self.panel.setObjectName("annotationPanel")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.doc_pane = FilteredDocumentList(self.doc_list)  # the list under its filter (Ctrl+Shift+F)
        self.splitter.addWidget(self.doc_pane)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([300, 560, 420])
        self.setCentralWidget(self.splitter)

        self.setStatusBar(PlainStatusBar(self))  # messages name files and titles: elided
        self.doc_info = plain_label(QLabel())
        self.count_info = QLabel()
        self.statusBar().addPermanentWidget(self.doc_info)
        self.statusBar().addPermanentWidget(self.count_info)
        self.setStyleSheet(style.FOCUS_FRAME)  # a visible focus frame on every list and text

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_
        file_menu = self.menuBar().addMenu("&File")
        for item in self.stores.menu_items():
            file_menu.addMenu(item) if isinstance(item, QMenu) else file_menu.addAction(item)
        file_menu.addSeparator()
        file_menu.addActions([a.import_files, a.import_folder, self.annotation_importer.action])
        file_menu.addSeparator()
        file_menu.addAction(a.export)
        file_menu.addMenu(self.exporter.menu)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(list(a.tag.values()))
        edit_menu.addSeparator()
        edit_menu.addActions([a.adjust_span, a.grow_end, a.shrink_end, a.delete])
        edit_menu.addSeparator()
        edit_menu.addActions(self.review_queue.actions())
        edit_menu.addSeparator()
        edit_menu.addActions(self.finder.edit_actions())
        edit_menu.addAction(self.doc_pane.focus_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences.action)
        document_menu = self.menuBar().addMenu("&Document")
        document_menu.addActions([a.edit_metadata, a.redecode])
        text_menu = self.menuBar().addMenu("&Text")
        for action in self.review.text_actions():
            if action is None:
                text_menu.addSeparator()
            else:
                text_menu.addAction(action)
        text_menu.addSeparator()
        text_menu.addActions([act for act in self.suggestions.text_actions() if act is not None])
        text_menu.addSeparator()
        text_menu.addActions([act for act in self.ocr_review.text_actions() if act is not None])
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(self.zoom.actions())
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([self.help.guide_action, self.review.keys_action, self.suggestions.keys_action, a.about])

        bar = QToolBar("Main")
        bar.setObjectName("mainToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([a.import_files, a.export])
        bar.addSeparator()
        bar.addActions([self.undo_action, self.redo_action])
        bar.addSeparator()
        for label, action in a.tag.items():
            action.setIconText(label.title)
            bar.addAction(action)
        bar.addSeparator()
        a.adjust_span.setIconText("Adjust span")
        a.delete.setIconText("Delete")
        bar.addActions([a.adjust_span, a.delete])
        bar.addSeparator()
        self.review.toggle_action.setIconText("Corrections")
        bar.addAction(self.review.toggle_action)
        self.suggestions.toggle_action.setIconText("Suggestions")
        bar.addAction(self.suggestions.toggle_action)
        self.addToolBar(bar)
        self.toolbar = bar

    def _connect(self) -> None:
        a = self.actions_
        for label, action in a.tag.items():
            action.triggered.connect(lambda _checked=False, lab=label: self.tag_selection(lab))
        a.delete.triggered.connect(self.delete_current)
        a.adjust_span.triggered.connect(self.adjust_to_selection)
        a.grow_end.triggered.connect(lambda: self.nudge_end(+1))
        a.shrink_end.triggered.connect(lambda: self.nudge_end(-1))
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(lambda: self._keep(self.help.show_about()))
        self.doc_list.selectionModel().currentRowChanged.connect(self._document_chosen)
        self.view.cpSelectionChanged.connect(lambda _s, _e: self._update_actions())
        self.view.annotationClicked.connect(self._highlight_clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.panel.currentChanged.connect(self._panel_current_changed)
        self.panel.editRequested.connect(self.edit_annotation)
        # typed edits are saved (or the curator asked) before any command, undo or redo
        self.undo_stack.before = self.panel.leave_current
        self.panel.commands_running = lambda: self.undo_stack.busy > 0

    # ------------------------------------------------------------------ layout persistence
    def restore_layout(self) -> None:
        s = self.settings
        for option, restore in (
            (WINDOW_GEOMETRY, self.restoreGeometry),
            (WINDOW_STATE, self.restoreState),
            (DOCUMENT_SPLITTER, self.splitter.restoreState),
            (PANEL_SPLITTER, self.panel.splitter.restoreState),
            (ANNOTATION_COLUMNS, self.panel.table.horizontalHeader().restoreState),
        ):
            value = s.get(option)
            if value:
                restore(value)

    def save_layout(self) -> None:
        s = self.settings
        s.set(WINDOW_GEOMETRY, self.saveGeometry().data())
        s.set(WINDOW_STATE, self.saveState().data())
        s.set(DOCUMENT_SPLITTER, self.splitter.saveState().data())
        s.set(PANEL_SPLITTER, self.panel.splitter.saveState().data())
        s.set(ANNOTATION_COLUMNS, self.panel.table.horizontalHeader().saveState().data())
        if self.current_doc is not None:
            s.set(LAST_DOCUMENT, self.current_doc.id)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.panel.leave_current(self.close):  # an invalid typed value: asked
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)

    # ------------------------------------------------------------------ documents
    def reload_documents(self, select: int | None = None) -> None:
        """Fill the document list and show ``select``, the last shown, or the first."""
        self.doc_model.set_documents(corpus.list_documents(self.store))
        wanted = select if select is not None else self.settings.get(LAST_DOCUMENT)
        row = self.doc_model.row_of(wanted) if wanted else -1
        if row < 0 and self.doc_model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.show_document(self.doc_model.document_at(row).id)
        else:
            self._show_nothing()
        feedback.sync_document_list(self)  # the same document kept after the list's reset

    def show_document(self, doc_id: int) -> None:
        """Load a document's text, spans and annotations (the one full load)."""
        if self.current_doc is not None and self.current_doc.id == doc_id:
            return
        if not self.panel.leave_current(lambda: self.show_document(doc_id)):
            feedback.sync_document_list(self)  # the curator is asked: the list shows the one kept
            return
        try:
            doc = corpus.load_document(self.store, doc_id)
        except CuratorError as exc:
            self.report_error(str(exc))
            return
        self._load(doc)
        feedback.sync_document_list(self)
        self.setWindowTitle(window_title(self.store, one_line(doc.title, 120)))
        self._update_count()
        self._update_actions()
        self.review.document_shown(doc_id)
        self.suggestions.document_shown(doc_id)
        self.ocr_review.document_shown(doc_id)
        self.finder.document_shown(doc_id)

    def _load(self, doc: corpus.DocumentText) -> None:
        self.current_doc = doc
        # one lean read for both: the view paints the spans, the panel's lazy model
        # lists them and reads full rows only for the rows it shows
        spans = ann_svc.list_spans(self.store, doc.id)
        breathe()  # after a bulk step (ui/bulk.py); nothing otherwise
        self.view.set_document(doc.text, spans)
        self._map = self.view.text_map
        breathe()  # after a bulk step (ui/bulk.py); nothing otherwise
        self.panel.set_spans(self._with_orphans(spans, doc.id), StoreRows(self.store, doc.id))
        self._show_doc_info(doc)
        # characters no installed font can draw: said once the text is painted
        warn_when_shown(doc.text, doc.sha256, lambda d=doc: self.current_doc is d, self.warn)

    def _with_orphans(self, spans: list, doc_id: int) -> list:
        """The panel lists the orphaned annotations too (first), which the view never
        draws: their text was removed by a correction."""
        orphans = ann_svc.list_orphans(self.store, doc_id)
        return orphans + spans if orphans else spans

    def _show_doc_info(self, doc: corpus.DocumentText) -> None:
        parts = [one_line(doc.source_name, 80), f"{len(doc.text):,} characters"] + ([doc.encoding] if doc.encoding else [])
        if doc.revision_number > 1:
            parts.insert(1, f"revision {doc.revision_number}")
        self.doc_info.setText(" · ".join(parts))

    def reload_text(self, doc_id: int) -> None:
        """The text of ``doc_id`` changed (a correction, or its undo): show the new
        revision with the annotations at their carried offsets, keeping the scroll
        position and the current annotation. Another document shown: switch to it."""
        if not self._showing(doc_id):
            return
        try:
            doc = corpus.load_document(self.store, doc_id)
        except CuratorError as exc:
            self.report_error(str(exc))
            return
        bar = self.view.verticalScrollBar()
        top, current = bar.value(), self.panel.current_id()
        self._load(doc)
        breathe()  # after a bulk step: paint between the phases of the refresh (ui/bulk.py)
        bar.setValue(top)
        if current is not None:
            self.panel.select_annotation(current)
        self._after_text_change(doc_id)

    def _after_text_change(self, doc_id: int) -> None:
        """What follows any change of the shown text, reloaded or edited in place."""
        self._update_count()
        self._update_actions()
        breathe()
        self.suggestions.text_reloaded(doc_id)
        self.ocr_review.text_reloaded(doc_id)
        self.finder.text_reloaded(doc_id)

    def apply_text_edits(
        self, doc_id: int, edits: list[tuple[int, int, str]], spans_update: dict[int, tuple[int, int, str]],
        new_text: str | None = None, *, revision_id: int,
    ) -> bool:
        """The shown revision of ``doc_id`` became ``revision_id`` by ``edits`` (an
        accepted correction batch, in the old text's code points): apply them to the
        view in place instead of reloading (:meth:`reload_text`). ``spans_update``
        holds the store's new positions of the annotations the edits touched; the
        others move by the view's rule, which is the store's. Returns False (having
        reloaded instead) when the edits do not lead to ``new_text``."""
        doc = self.current_doc
        if doc is None or doc.id != doc_id:
            self.reload_text(doc_id)
            return False
        try:
            self.view.apply_edits(edits, spans_update)
        except (CuratorError, ValueError) as exc:
            self.report_error(f"Reloading the text: {exc}")
            self.reload_text(doc_id)
            return False
        text = self.view.text()
        if new_text is not None and new_text != text:
            self.reload_text(doc_id)
            return False
        self.current_doc = replace(doc, revision_id=revision_id, revision_number=doc.revision_number + 1,
                                   text=text, sha256=sha256_hex(text))
        self._map = self.view.text_map
        self._show_doc_info(self.current_doc)
        breathe()  # the text is edited in place: paint it before the table's reset
        current = self.panel.current_id()
        # the panel's lean tuples: the view's, moved (a reset of the lazy model; its
        # rows are read again for the dozen shown)
        self.panel.set_spans(self._with_orphans(self.view.spans_in_text_order(), doc_id),
                             StoreRows(self.store, doc_id))
        if current is not None:
            self.panel.select_annotation(current)
        self._after_text_change(doc_id)
        return True

    def _show_nothing(self) -> None:
        self.current_doc = None
        self._map = Utf16Map.of("")
        self.view.clear_document()
        self.panel.set_annotations([])
        self.setWindowTitle(window_title(self.store))
        self.doc_info.setText("No document")
        self._update_count()
        self.review.document_shown(None)
        self.suggestions.document_shown(None)
        self.ocr_review.document_shown(None)
        self.finder.document_shown(None)

    def _document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.syncing_list:
            self.show_document(int(current.siblingAtColumn(0).data(ID_ROLE)))

    def _update_count(self) -> None:
        n = self.panel.model.rowCount()
        self.count_info.setText(f"{n} annotation{'s' if n != 1 else ''}")

    # ------------------------------------------------------------------ user actions
    def _push(self, command: undo._Command) -> bool:
        return self.undo_stack.run(command)

    def _selected_span(self, nothing: str) -> tuple[int, int] | None:
        """The selection without whitespace at its ends; None, with ``nothing`` or the
        reason shown, when there is no selection or it holds only whitespace."""
        selection = self.view.selection_cp()
        if self.current_doc is None or selection is None:
            self.report_error(nothing)
            return None
        span = trim_span(self.current_doc.text, *selection)
        if span is None:
            self.report_error("The selection holds only spaces or line breaks: select the words themselves.")
        return span

    def tag_selection(self, label: Label) -> int | None:
        """Tag the selected text (without whitespace at its ends); returns the new
        annotation's id."""
        selection = self._selected_span("Select some text first, then tag it.")
        if selection is None:
            return None
        # a date or figure gets the value the detectors read in it, in the same step
        value = reading.value_for_span(label, self.current_doc.text, *selection)
        command = undo.CreateAnnotation(
            self.store, self, self.current_doc.id, label, *selection, creator=self.creator, value=value
        )
        if not self.undo_stack.run(command, refused=lambda exc: feedback.select_existing(self, exc)):
            return None
        return command.annotation_id

    def delete_current(self) -> None:
        row = self.panel.current_row()
        if row is None:
            self.report_error("Select an annotation to delete.")
            return
        command = undo.DeleteAnnotation(self.store, self, row.id, row.label)
        if self._push(command) and command.snapshot is not None:
            feedback.say_evidence_removed(self, command.snapshot)

    def adjust_to_selection(self) -> None:
        row = self.panel.current_row()
        if row is None:
            self.report_error("Select an annotation, then the text it should cover.")
            return
        selection = self._selected_span("Select an annotation, then the text it should cover.")
        if selection is None:
            return
        if row.status is Status.ORPHANED:  # its text was removed: place it again here
            self._push(undo.PlaceAnnotation(self.store, self, row.id, row.label, *selection))
            return
        if selection == (row.start, row.end):
            return
        if self._push(undo.AdjustSpan(self.store, self, row.id, row.label, (row.start, row.end), selection)):
            feedback.say_adjusted(self, row, selection)

    def nudge_end(self, delta: int) -> None:
        row = self.panel.current_row()
        if row is None:
            self.report_error("Select an annotation first.")
            return
        if row.status is Status.ORPHANED:
            self.report_error("An orphaned annotation has no span here: select its text and press Ctrl+J.")
            return
        end = row.end + delta
        if not row.start < end <= self._map.length:
            self.report_error("The span cannot be made shorter or longer in that direction.")
            return
        self._push(
            undo.AdjustSpan(self.store, self, row.id, row.label, (row.start, row.end), (row.start, end), nudge=True)
        )

    def edit_annotation(self, ann_id: int, changes: dict[str, Any]) -> None:
        try:  # fresh from the store: the table's copy does not track `supports`
            before = ann_svc.get_annotation(self.store, ann_id)
        except CuratorError as exc:
            self.report_error(str(exc))
            return
        if "label" in changes and before.supports:
            self.report_error(
                f"This {before.label.value} is evidence for {len(before.supports)} claim(s); "
                "remove it from their evidence before changing its label."
            )
            self.panel.editor.set_row(before)  # put the label combo back
            return
        # the editor's own save: nothing typed is left to save before it
        self.undo_stack.run(undo.EditAnnotation(self.store, self, before, changes), flush=False)

    # ------------------------------------------------------------------ refresher
    def _showing(self, doc_id: int) -> bool:
        """Bring ``doc_id`` on screen; True if it was already shown (so a precise
        update is needed), False if it was loaded fresh (already up to date)."""
        if self.current_doc is not None and self.current_doc.id == doc_id:
            return True
        self.show_document(doc_id)
        return False

    def _refresh_claims(self, claim_ids: tuple[int, ...]) -> None:
        """Claims citing an added/removed date or figure changed their evidence."""
        for claim_id in claim_ids:
            try:
                self.panel.update_annotation(ann_svc.get_annotation(self.store, claim_id))
            except CuratorError:
                self.panel.model.remove_id(claim_id)

    def annotation_added(self, row: AnnotationRow) -> None:
        self.doc_model.adjust_count(row.document_id, +1)
        if self._showing(row.document_id):
            if row.status is not Status.ORPHANED:  # never drawn on the text
                self.view.add_span(_span(row))
            self.panel.add_annotation(row)
            self._refresh_claims(row.supports)
            self.suggestions.annotation_covers(row)
        self.panel.select_annotation(row.id)
        self._update_count()

    def annotations_added(self, rows: list[AnnotationRow], *, shown: int | None) -> None:
        """A batch (accepted suggestions): a few go one by one (each selected, as a single
        add); many reload the spans of the shown document once (:meth:`_reload_spans`).
        Rows of another document than ``shown`` only change its count."""
        refresh_batch(self, rows, shown, +1, self.annotation_added)

    def annotations_removed(self, rows: list[AnnotationRow], *, shown: int | None) -> None:
        refresh_batch(self, rows, shown, -1, self.annotation_removed)

    def reload_spans(self, doc_id: int) -> None:
        """The spans of the shown ``doc_id`` changed by the thousand: one lean read for
        the view and the lazy table, keeping the current annotation and the scroll."""
        if not self._showing(doc_id):
            return
        spans = ann_svc.list_spans(self.store, doc_id)
        current = self.panel.current_id()
        self.view.set_spans(spans)
        breathe()
        self.panel.set_spans(self._with_orphans(spans, doc_id), StoreRows(self.store, doc_id))
        if current is not None:
            self.panel.select_annotation(current)
        self._update_count()
        self._update_actions()

    def annotation_changed(self, row: AnnotationRow) -> None:
        if self._showing(row.document_id):
            if row.status is Status.ORPHANED:
                self.view.remove_span(row.id)
            else:
                self.view.update_span(_span(row))
            self.panel.update_annotation(row)
        self.panel.select_annotation(row.id)

    def annotation_removed(self, row: AnnotationRow) -> None:
        self.doc_model.adjust_count(row.document_id, -1)
        if self._showing(row.document_id):
            self.view.remove_span(row.id)
            self.panel.remove_annotation(row.id)
            self._refresh_claims(row.supports)
            self.suggestions.annotation_covers(row)
        self._update_count()
        self._update_actions()

    def report_error(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # ------------------------------------------------------------------ view <-> panel
    def _highlight_clicked(self, ann_id: int) -> None:
        self._syncing_from_view = True
        try:
            self.panel.select_annotation(ann_id)
        finally:
            self._syncing_from_view = False
        feedback.say_click_choice(self, ann_id)

    def _panel_current_changed(self, ann_id: int | None) -> None:
        # set_current_annotation outlines and scrolls without touching the selection
        self.view.set_current_annotation(ann_id)
        self._update_actions()

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.view.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addActions(list(self.actions_.tag.values()))
        menu.addSeparator()
        menu.addActions([self.actions_.adjust_span, self.actions_.delete])
        menu.addSeparator()
        menu.addActions([self.review.correct_action, self.review.noise_action])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def _update_actions(self) -> None:
        a = self.actions_
        has_doc = self.current_doc is not None
        selection = self.view.selection_cp() if has_doc else None
        row = self.panel.current_row()
        for action in a.tag.values():
            action.setEnabled(selection is not None)
        a.delete.setEnabled(row is not None)
        a.adjust_span.setEnabled(row is not None and selection is not None)
        a.grow_end.setEnabled(row is not None)
        a.shrink_end.setEnabled(row is not None)
        a.export.setEnabled(self.doc_model.rowCount() > 0)
        self.exporter.set_enabled(self.doc_model.rowCount() > 0)
        a.edit_metadata.setEnabled(has_doc)
        a.redecode.setEnabled(has_doc)

    # ------------------------------------------------------------------ files
    def _keep(self, box) -> None:
        """Hold on to a non-blocking message box (and let tests find it)."""
        self._last_message_box = box

    @property
    def last_message_box(self):
        return self._last_message_box

    def import_paths(self, paths: list[Path]) -> list[corpus.ImportOutcome]:
        """Import files and folders and wait for the summary (scripts and tests; the
        menus and drops go through :attr:`importer` without waiting)."""
        job = self.importer.run(paths)
        return [] if job is None else job.outcomes

    def export_to(self, path: Path, key: str = "native") -> str:
        """Export and wait; returns the status message (scripts and tests)."""
        return self.exporter.run(key, path)

    def warn(self, message: str) -> None:
        """A lasting status-bar message (e.g. no font for Hangul)."""
        self.statusBar().showMessage(message)

