"""Edit ▸ Next / Previous annotation to review (F8 / Shift+F8): the annotations that need
review, across every document, one after the other.

A correction that touched an annotation, a colleague's annotation carried through our
corrections by a merge, or a curator's own doubt leaves annotations *needs review* in
many documents. F8 goes to the next one after the selected annotation (or after the
caret when none is selected), showing its document, selecting it in the list (which
outlines it in the text) and saying in the status bar which one of how many it is and
why it needs review. Marking it reviewed (the editor's button) and pressing F8 again is
the walk. The order is the document list's, then the text's; it wraps around.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from curator.services import annotations as ann_svc
from curator.services.review_queue import next_to_review
from curator.ui.actions import tipped_action
from curator.ui.controllers import FeatureController

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow


class ReviewQueueController(FeatureController):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.next_action = tipped_action(
            window, "&Next annotation to review", "review_next", "F8",
            "Go to the next annotation that needs review, in this or a later document")
        self.previous_action = tipped_action(
            window, "Pre&vious annotation to review", "review_previous", "Shift+F8",
            "Go to the previous annotation that needs review")
        self.next_action.triggered.connect(lambda: self.go(backwards=False))
        self.previous_action.triggered.connect(lambda: self.go(backwards=True))

    def actions(self) -> list[QAction]:
        return [self.next_action, self.previous_action]

    def _place(self) -> tuple[int | None, int, int]:
        """Where the walk starts: the selected annotation, else the caret."""
        window = self.window
        doc = window.current_doc
        if doc is None:
            return None, 0, 0
        ann_id = window.panel.current_id()
        if ann_id is not None:
            row = window.panel.current_row()
            return doc.id, row.start, ann_id
        chosen = window.view.selection_cp()
        if chosen is not None:
            return doc.id, chosen[0], 0
        return doc.id, window.view.display_map.to_cp(window.view.textCursor().position()), 0

    def go(self, *, backwards: bool) -> None:
        doc_id, start, ann_id = self._place()
        stop = next_to_review(self.store, doc_id, start, ann_id, backwards=backwards)
        if stop is None:
            self._status("No annotation needs review")
            return
        self.window.show_document(stop.document_id)
        self.window.panel.select_annotation(stop.annotation_id)
        row = ann_svc.get_annotation(self.store, stop.annotation_id)
        what = "Orphaned" if row.status.value == "orphaned" else "Needs review"
        message = f"{what}, {stop.number} of {stop.total}: «{_short(row.quote)}»"
        if stop.reason:
            message += f" ({stop.reason})"
        if stop.wrapped:
            message += " — from the " + ("end" if backwards else "beginning") + " again"
        self._status(message)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
