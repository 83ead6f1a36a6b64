"""Qt item models over the services: they hold plain rows and are updated row by row."""

from curator.ui.models.annotation_model import AnnotationSortProxy, AnnotationTableModel
from curator.ui.models.document_model import DocumentListModel

__all__ = ["AnnotationSortProxy", "AnnotationTableModel", "DocumentListModel"]
