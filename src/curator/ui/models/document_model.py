"""The document list: title, source file, annotation count."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from curator.services.corpus import DocumentInfo
from curator.ui.models.row_list_model import ID_ROLE, RowListModel

__all__ = ["ID_ROLE", "DocumentListModel"]


class DocumentListModel(RowListModel[DocumentInfo]):
    """Rows of :class:`DocumentInfo` as returned by ``services.corpus.list_documents``."""

    HEADERS = ("Title", "Source file", "Annotations")

    def cell(self, doc: DocumentInfo, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.title, doc.source_name, doc.annotation_count)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.title}\n{doc.source_name} · {doc.annotation_count} annotations"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- the window's names for the list's rows -------------------------------------
    def set_documents(self, docs: list[DocumentInfo]) -> None:
        self.set_rows(docs)

    def document_at(self, row: int) -> DocumentInfo:
        return self.row_at(row)

    def documents(self) -> list[DocumentInfo]:
        return self.rows()

    def adjust_count(self, doc_id: int, delta: int) -> None:
        """One annotation more (``+1``) or fewer (``-1``) in a document: one cell changes."""
        row = self.row_of(doc_id)
        if row < 0:
            return
        doc = self.row_at(row)
        self.replace_at(row, replace(doc, annotation_count=max(0, doc.annotation_count + delta)))
        cell = self.index(row, 2)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
