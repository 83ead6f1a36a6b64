"""The OCR review feature of the main window: the Low-confidence words dock.

For a document imported from an ALTO, hOCR or PAGE file the dock lists the words the
OCR engine was least sure of (below a threshold, 80 % unless the curator chose
another), least sure first. Choosing a word selects it in the text; Enter marks it
reviewed (one undo step); F2 opens the existing "Correct selection" dialog on it, so a
correction is the same direct correction as anywhere else, and the corrected word
leaves the queue when the text reloads.

The dock exists only for documents with OCR words: for any other document it is hidden
and its menu entry disabled; whether the curator wants it is remembered apart from that
(:data:`curator.settings.OCR_DOCK_SHOWN`), so it comes back with the next OCR document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from curator.domain.errors import CuratorError, ValidationError
from curator.services import ocr
from curator.services.ocr import OcrWordRow
from curator.settings import OCR_DOCK_SHOWN, OCR_THRESHOLD, WINDOW_STATE
from curator.store.engine import Store
from curator.ui import undo
from curator.ui.controllers import FeatureController, bottom_dock
from curator.ui.icons import icon
from curator.ui.views.confidence_panel import ConfidencePanel

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+L"
DOCK_HEIGHT = 240


class MarkWordsReviewed(undo._Command):
    """Mark OCR words reviewed (or not); the undo flips back exactly the words whose
    mark this command changed."""

    def __init__(self, store: Store, refresher: OcrReviewController, doc_id: int, ids: list[int],
                 reviewed: bool) -> None:
        n = len(ids)
        what = "word" if n == 1 else f"{n} words"
        super().__init__(store, refresher, f"Mark {what} reviewed" if reviewed else f"Unmark {what} reviewed")
        self.refresher: OcrReviewController = refresher
        self.doc_id, self.ids, self.reviewed = doc_id, ids, reviewed
        self.changed: list[int] = []

    def do(self) -> None:
        self.changed = ocr.mark_reviewed(self.store, self.ids, self.reviewed)
        if not self.changed:
            raise ValidationError("nothing to change: the word is already marked so")
        self.refresher.words_changed(self.doc_id)

    def undo_(self) -> None:
        ocr.mark_reviewed(self.store, self.changed, not self.reviewed)
        self.refresher.words_changed(self.doc_id, select=self.changed[0])


class OcrReviewController(FeatureController):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._words = 0  # OCR words of the shown document
        self._ready = False  # before the first document: the saved layout is being restored
        self._applying = False  # the controller itself is showing or hiding the dock
        self._quiet = False  # a reload that must not move the text selection
        self._sized = False

        self.panel = ConfidencePanel()
        self.panel.setObjectName("confidencePanel")
        self.panel.set_threshold(self._saved_threshold())
        self.dock = bottom_dock(window, "Low-confidence words", "ocrWordsDock", self.panel)

        self.toggle_action = QAction(icon("warning"), "&Low-confidence words panel", window)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence(SHORTCUT))
        tip = "Show or hide the OCR words read with low confidence"
        self.toggle_action.setToolTip(f"{tip} ({SHORTCUT})")
        self.toggle_action.setStatusTip(tip)
        self.toggle_action.setEnabled(False)
        window.addAction(self.toggle_action)

        self.toggle_action.triggered.connect(self._toggled_by_user)
        self.dock.visibilityChanged.connect(self._visibility_changed)
        self.panel.currentChanged.connect(self._word_chosen)
        self.panel.reviewRequested.connect(self.mark_reviewed)
        self.panel.correctRequested.connect(self.correct)
        self.panel.thresholdChanged.connect(self._threshold_changed)
        self.panel.showReviewedChanged.connect(lambda _on: self.reload())

    def text_actions(self) -> list[QAction | None]:
        """The Text menu entries (None: a separator)."""
        return [self.toggle_action]

    # ------------------------------------------------------------------ settings
    def _saved_threshold(self) -> float:
        return min(max(self.window.settings.get(OCR_THRESHOLD), 1), 100) / 100

    def _wanted(self) -> bool:
        return self.window.settings.get(OCR_DOCK_SHOWN)

    def _threshold_changed(self, threshold: float) -> None:
        self.window.settings.set(OCR_THRESHOLD, round(threshold * 100))
        self.reload()

    # ------------------------------------------------------------------ dock visibility
    def _apply_visibility(self) -> None:
        show = self._words > 0 and self._wanted()
        self._applying = True
        try:
            self.dock.setVisible(show)
        finally:
            self._applying = False
        self.toggle_action.setChecked(show)
        if not show:
            self.window.view.set_marks(())
        elif self._words:
            self.reload_quietly()
        if show and not self._sized and not self.window.settings.contains(WINDOW_STATE):
            self._sized = True  # first time, no saved layout: a low dock under the text
            self.window.resizeDocks([self.dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)

    def _toggled_by_user(self, checked: bool) -> None:
        self.window.settings.set(OCR_DOCK_SHOWN, checked)
        self._apply_visibility()
        if checked:
            self.dock.raise_()  # its tab in front of the other bottom docks
            self.panel.focus_list()

    def _visibility_changed(self, visible: bool) -> None:
        if self._applying or not self._ready:
            return
        if not visible and self.dock.isHidden():  # closed with its title bar button
            self.window.settings.set(OCR_DOCK_SHOWN, False)
            self.toggle_action.setChecked(False)

    # ------------------------------------------------------------------ window hooks
    def document_shown(self, doc_id: int | None) -> None:
        """A document was loaded: list its doubtful words if it came from an OCR file."""
        self._ready = True
        try:
            self._words = 0 if doc_id is None else ocr.word_count(self.store, doc_id)
        except CuratorError as exc:
            self.window.report_error(str(exc))
            self._words = 0
        self.toggle_action.setEnabled(self._words > 0)
        if self._words:
            self.reload_quietly()
        else:
            self.panel.set_words([], "")
        self._apply_visibility()

    def text_reloaded(self, doc_id: int) -> None:
        """The shown text changed (a correction or its undo): the words' places did too."""
        if self._doc_id() == doc_id and self._words:
            self.reload_quietly()

    def reload(self) -> None:
        doc = self.window.current_doc
        if doc is None or not self._words:
            self.panel.set_words([], "")
            self.window.view.set_marks(())
            return
        try:
            rows = ocr.low_confidence_words(self.store, doc.id, self.panel.threshold(),
                                            include_reviewed=self.panel.show_reviewed.isChecked())
        except CuratorError as exc:
            self.window.report_error(str(exc))
            rows = []
        self.panel.set_words(rows, doc.text, self._words)
        # the doubtful words are underlined in the text while they are being reviewed
        marked = () if self.dock.isHidden() else [(r.id, r.start, r.end) for r in rows if not r.reviewed]
        self.window.view.set_marks(marked)

    def reload_quietly(self) -> None:
        """Reload without selecting the current word's text (opening a document or
        correcting must leave the text selection alone)."""
        self._quiet = True
        try:
            self.reload()
        finally:
            self._quiet = False

    # ------------------------------------------------------------------ refresher
    def words_changed(self, doc_id: int, select: int | None = None) -> None:
        self._list_changed(doc_id)
        if select is not None:
            self.panel.select_word(select)

    # ------------------------------------------------------------------ user actions
    def mark_reviewed(self, ids: list[int], reviewed: bool = True) -> None:
        doc_id = self._doc_id()
        if doc_id is not None and ids:
            self._push(MarkWordsReviewed(self.store, self, doc_id, list(ids), reviewed))

    def correct(self, word_id: int) -> None:
        """F2: the Corrections feature's own "Correct selection…" on the word."""
        row = self.panel.model.get(word_id)
        if row is None or not self._select(row):
            self.report_error("This word is not in the shown text; reload the document.")
            return
        self.window.review.correct_selection()

    # ------------------------------------------------------------------ list -> text
    def _select(self, row: OcrWordRow) -> bool:
        doc = self.window.current_doc
        view = self.window.view
        if doc is None or row.revision_id != doc.revision_id or not 0 <= row.start < row.end <= view.text_map.length:
            return False
        view.select_cp(row.start, row.end)
        view.ensureCursorVisible()
        return True

    def _word_chosen(self, row: OcrWordRow | None) -> None:
        if row is not None and not self._quiet:
            self._select(row)
