"""The document list: title, source file, annotation count."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from curator.services.corpus import DocumentInfo

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class DocumentListModel(QAbstractTableModel):
    """Rows of :class:`DocumentInfo` as returned by ``services.corpus.list_documents``."""

    HEADERS = ("Title", "Source file", "Annotations")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs: list[DocumentInfo] = []

    # --- Qt interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.title, doc.source_name, doc.annotation_count)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.title}\n{doc.source_name} · {doc.annotation_count} annotations"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return doc.id
        return None

    # --- updates --------------------------------------------------------------------
    def set_documents(self, docs: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self._docs = list(docs)
        self.endResetModel()

    def row_of(self, doc_id: int) -> int:
        for row, doc in enumerate(self._docs):
            if doc.id == doc_id:
                return row
        return -1

    def document_at(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def documents(self) -> list[DocumentInfo]:
        return list(self._docs)

    def adjust_count(self, doc_id: int, delta: int) -> None:
        """One annotation more (``+1``) or fewer (``-1``) in a document: one cell changes."""
        row = self.row_of(doc_id)
        if row < 0:
            return
        doc = self._docs[row]
        self._docs[row] = replace(doc, annotation_count=max(0, doc.annotation_count + delta))
        cell = self.index(row, 2)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
