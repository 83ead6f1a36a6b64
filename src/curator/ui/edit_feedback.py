"""What the main window says and keeps in step around a curator's edits, kept out of
the window's own file: the existing annotation a duplicate tag selects, the claims a
deleted piece of evidence leaves, which of the stacked annotations a click chose, what
Ctrl+J adjusted, and the document list's current row after a document switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel

from curator.domain.errors import CuratorError, DuplicateAnnotation
from curator.services import annotations as ann_svc
from curator.services.annotations import AnnotationRow

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow


def select_existing(window: MainWindow, exc: CuratorError) -> bool:
    """A tag the same label already puts on the span: select that annotation, say so
    (True); any other refusal is left to the plain report (False)."""
    if not isinstance(exc, DuplicateAnnotation):
        return False
    window.panel.select_annotation(exc.existing_id)
    row = window.panel.current_row()
    what = row.label.value if row is not None and row.id == exc.existing_id else "annotation"
    window.report_error(f"Already tagged: selected the existing {what}")
    return True


def say_evidence_removed(window: MainWindow, gone: AnnotationRow) -> None:
    """A deleted date or figure was evidence: name the claims that no longer cite it."""
    if not gone.supports:
        return
    claims = ann_svc.get_annotations(window.store, gone.supports)
    names = ", ".join(f"“{c.quote[:50]}”" for c in claims)
    one = len(claims) == 1
    window.report_error(
        f"Deleted the {gone.label.value} “{gone.quote[:40]}”; it was evidence for the "
        f"claim{'' if one else 's'} {names}, which no longer cite{'s' if one else ''} it. "
        "Ctrl+Z brings both back.")


def say_click_choice(window: MainWindow, ann_id: int) -> None:
    """Several annotations under the click: which one it chose, and how to go on."""
    index, count = window.view.click_depth
    row = window.panel.current_row()
    if count > 1 and row is not None and row.id == ann_id:
        where = "innermost" if index == 0 else "outermost" if index == count - 1 else "next outward"
        window.report_error(f"Selected the {where} of {count} annotations here, a {row.label.value}: "
                            "click again at the same spot for the next")


def say_adjusted(window: MainWindow, row: AnnotationRow, new: tuple[int, int]) -> None:
    text = window.current_doc.text if window.current_doc is not None else ""
    window.report_error(f"Adjusted the {row.label.value} “{row.quote[:40]}” to “{text[new[0]:new[1]][:40]}”")


def sync_document_list(window: MainWindow) -> None:
    """The list's current and selected row is the shown document's (a row the filter
    hides included), set with the list's signals on so the view repaints;
    ``window.syncing_list`` tells the window's handler it is not the curator's choice."""
    doc = window.current_doc
    row = -1 if doc is None else window.doc_model.row_of(doc.id)
    tree = window.doc_list
    if row < 0 or (tree.currentIndex().row() == row and tree.selectionModel().isRowSelected(row)):
        return
    window.syncing_list = True
    try:
        tree.selectionModel().setCurrentIndex(
            window.doc_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    finally:
        window.syncing_list = False
