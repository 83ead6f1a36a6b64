"""The annotations of the shown document as a lazy table (the Anki browser's way).

The model holds only what the document view already loads to paint — the lean
``(id, start, end, label)`` tuples of :func:`~curator.services.annotations.list_spans` —
and fetches full rows (quote, value, status, review reason) only when Qt asks
:meth:`data` for a row, a batch around it in one query, kept in a cache that each
change replaces one row at a time. Why: building 20,000 ``AnnotationRow`` objects
and sorting them through a ``QSortFilterProxyModel`` took ~2.3 s when a large
document opened; the table shows a dozen rows.

Sorting is done here, on the id list, without a proxy: by position (the Quote
column), by label, by status or by value. Status and value need one lean query for
the whole document (:func:`~curator.services.annotations.list_sort_fields`), made
the first time such a sort is asked for. Rows are kept in ascending key order; a
descending sort shows them reversed, so one bisect finds any id's row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from curator.domain.labels import Label, Status
from curator.domain.values import ClaimValue, DateValue, FigureValue, display_amount
from curator.services import annotations as ann_svc
from curator.services.annotations import AnnotationRow
from curator.services.stores import Store
from curator.text.spans import text_order_key
from curator.ui import colors, plain
from curator.ui.icons import icon

_Index = QModelIndex | QPersistentModelIndex
Lean = tuple[int, int, int, str]  # (id, start, end, label) as list_spans gives them
SortFields = tuple[str, tuple]  # (status, value sort key) of one annotation
ID_ROLE = Qt.ItemDataRole.UserRole
QUOTE_CHARS = 80
COL_LABEL, COL_QUOTE, COL_VALUE, COL_STATUS = range(4)
BATCH = 64  # rows fetched per query: a few screens of the table
_LABEL_ORDER = {Label.CLAIM.value: 0, Label.DATE.value: 1, Label.FIGURE.value: 2}
_EVIDENCE_LABELS = (Label.DATE.value, Label.FIGURE.value)
_CHUNK = 500  # ids per query when many rows are wanted at once (SQL parameter limits)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _BACKGROUND, ID_ROLE})


def one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quote on one line, cut with an ellipsis after ``limit`` characters."""
    return plain.one_line(text, limit)


def value_summary(row: AnnotationRow) -> str:
    value = row.value
    if isinstance(value, DateValue):
        return value.edtf
    if isinstance(value, FigureValue):
        return f"{display_amount(value.amount)} {value.unit}"
    if isinstance(value, ClaimValue):
        n = len(value.evidence)
        evidence = f" [{n} evidence]" if n else ""
        return one_line(value.summary, 60) + evidence
    return ""


def position_key(row: AnnotationRow) -> tuple[int, int, int]:
    """Text order: by start, longer spans first, then by id (as the services sort)."""
    return text_order_key(row.start, row.end, row.id)


class RowSource(Protocol):
    """Where the model gets what it does not hold: full rows by id, and the lean
    sort fields of every annotation of the document."""

    def rows(self, ids: Sequence[int]) -> list[AnnotationRow]: ...

    def sort_fields(self) -> dict[int, SortFields]: ...


class StoreRows:
    """A :class:`RowSource` over one document of a store (reads only)."""

    def __init__(self, store: Store, doc_id: int) -> None:
        self.store = store
        self.doc_id = doc_id

    def rows(self, ids: Sequence[int]) -> list[AnnotationRow]:
        return ann_svc.get_annotations(self.store, ids)

    def sort_fields(self) -> dict[int, SortFields]:
        return ann_svc.list_sort_fields(self.store, self.doc_id)


class ListRows:
    """A :class:`RowSource` over rows already in memory (tests, small documents)."""

    def __init__(self, rows: Iterable[AnnotationRow]) -> None:
        self._rows = {row.id: row for row in rows}

    def rows(self, ids: Sequence[int]) -> list[AnnotationRow]:
        return [self._rows[i] for i in ids if i in self._rows]

    def sort_fields(self) -> dict[int, SortFields]:
        return {i: _fields_of(row) for i, row in self._rows.items()}


def _fields_of(row: AnnotationRow) -> SortFields:
    return (row.status.value, ann_svc.value_sort_key(row.value))


def _lean_of(row: AnnotationRow) -> Lean:
    if row.status is Status.ORPHANED:  # its offsets count into an older revision: listed first
        return (row.id, 0, 0, row.label.value)
    return (row.id, row.start, row.end, row.label.value)


class AnnotationTableModel(QAbstractTableModel):
    HEADERS = ("Label", "Quote", "Value", "Status")
    TOOLTIPS = (
        "Sort by label, then in text order",
        "Sort by this column to list annotations in text order",
        "Sort by value: dates by EDTF, figures by unit then amount, claims by summary; "
        "labels apart, annotations without a value first, ties in text order",
        "Sort by status, then in text order",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._source: RowSource = ListRows(())
        self._lean: dict[int, Lean] = {}
        # the lean tuples in ascending key order; shown reversed when descending
        self._order: list[Lean] = []
        self._cache: dict[int, AnnotationRow] = {}
        self._fields: dict[int, SortFields] | None = None  # loaded for a status/value sort
        self._column = COL_QUOTE
        self._descending = False
        self.fetched_rows = 0  # full rows read from the source (tests and benchmarks)
        self.fetch_calls = 0

    # --- Qt interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY:
            return self.HEADERS[section]
        if role == _TOOLTIP:
            return self.TOOLTIPS[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        # Qt asks ~8 roles per visible cell on every repaint: unused ones leave first
        if role not in _ROLES or not index.isValid():
            return None
        lean = self._order[self._internal(index.row())]
        ann_id = lean[0]
        col = index.column()
        if role == ID_ROLE:
            return ann_id
        if col == COL_LABEL and role in (_DISPLAY, _DECORATION, _BACKGROUND):
            label = Label(lean[3])  # the lean tuple is enough: no fetch
            if role == _DISPLAY:
                return label.title
            if role == _DECORATION:
                return colors.strong(label)
            return QBrush(colors.highlight(label))
        if role == _BACKGROUND or (role == _DECORATION and col != COL_STATUS):
            return None
        row = self._cache.get(ann_id) or self._fetch_around(index.row(), ann_id)
        if row is None:
            return None
        if role == _DISPLAY:
            if col == COL_QUOTE:
                return one_line(row.quote)
            if col == COL_VALUE:
                return value_summary(row)
            return row.status.value.replace("_", " ")
        if role == _TOOLTIP:
            if row.status is Status.NEEDS_REVIEW and row.review_reason:
                return plain.tooltip(f"Needs review: {row.review_reason}")
            if row.status is Status.ORPHANED:
                return plain.tooltip(f"Orphaned: {row.review_reason or 'its text was removed'}")
            return plain.tooltip(f"{row.label.title} {row.start}–{row.end}: {row.quote}")
        if row.status in (Status.NEEDS_REVIEW, Status.ORPHANED):  # the decoration of the status column
            return icon("warning")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the id list in Python; persistent indexes (the selection, the current
        row) follow their annotations."""
        if not 0 <= column < len(self.HEADERS):
            column = COL_QUOTE
        descending = order == Qt.SortOrder.DescendingOrder
        if column == self._column and descending == self._descending:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self.id_at(p.row()), p.column()) for p in old]
        self._column, self._descending = column, descending
        self._rebuild_order()
        self.changePersistentIndexList(old, [self.index(self.row_of(i), c) for i, c in held])
        self.layoutChanged.emit()

    # --- access -------------------------------------------------------------------
    def id_at(self, row: int) -> int:
        return self._order[self._internal(row)][0]

    def row_at(self, row: int) -> AnnotationRow | None:
        """The full row shown at table row ``row`` (fetched if not cached)."""
        ann_id = self.id_at(row)
        return self._cache.get(ann_id) or self._fetch_around(row, ann_id)

    def row_of(self, ann_id: int) -> int:
        """The table row showing ``ann_id``, or -1: one bisect on the sort keys."""
        lean = self._lean.get(ann_id)
        if lean is None:
            return -1
        i = self._bisect(lean)
        if i == len(self._order) or self._order[i][0] != ann_id:
            return -1
        return self._internal(i)

    def get(self, ann_id: int) -> AnnotationRow | None:
        """The full row of ``ann_id`` (fetched with its neighbours if not cached)."""
        row = self._cache.get(ann_id)
        if row is not None:
            return row
        at = self.row_of(ann_id)
        return None if at < 0 else self._fetch_around(at, ann_id)

    def label_of(self, ann_id: int) -> Label | None:
        lean = self._lean.get(ann_id)
        return None if lean is None else Label(lean[3])

    def cached_count(self) -> int:
        return len(self._cache)

    def evidence_candidates(self) -> list[AnnotationRow]:
        """The document's dates and figures in text order, fetched (in chunks) only
        when a claim's evidence list is shown."""
        ids = [lean[0] for lean in sorted(self._lean.values(), key=lambda t: text_order_key(t[1], t[2], t[0]))
               if lean[3] in _EVIDENCE_LABELS]
        self._ensure_cached(ids)
        return [self._cache[i] for i in ids if i in self._cache]

    # --- updates ------------------------------------------------------------------
    def set_spans(self, spans: Iterable[Lean], source: RowSource, *, text_order: bool = False) -> None:
        """Show the annotations of a newly opened document: ``spans`` are the lean
        tuples of ``list_spans`` (the same list the document view gets). With
        ``text_order`` (list_spans sorts so) and the table in text order, the list is
        taken as it is: no key is computed while the document opens."""
        self.beginResetModel()
        self._source = source
        spans = list(spans)
        self._lean = {t[0]: t for t in spans}
        self._cache = {}
        self._fields = None
        if text_order and self._column == COL_QUOTE:
            self._order = spans
        else:
            self._rebuild_order()
        self.endResetModel()

    def set_rows(self, rows: Iterable[AnnotationRow]) -> None:
        """Show rows already in memory (a small document, a test)."""
        rows = list(rows)
        self.set_spans((_lean_of(r) for r in rows), ListRows(rows))
        self._cache = {r.id: r for r in rows}

    def add_row(self, row: AnnotationRow) -> None:
        """Insert one row at its place in the current order."""
        lean = self._lean[row.id] = _lean_of(row)
        self._cache[row.id] = row
        if self._fields is not None:
            self._fields[row.id] = _fields_of(row)
        i = self._bisect(lean)
        at = self._internal(i, len(self._order) + 1)
        self.beginInsertRows(QModelIndex(), at, at)
        self._order.insert(i, lean)
        self.endInsertRows()

    def update_row(self, row: AnnotationRow) -> None:
        """Replace the row with the same id; a row whose sort key changed moves."""
        at = self.row_of(row.id)
        if at < 0:
            self.add_row(row)
            return
        i = self._internal(at)
        key = self._key_function()
        old_key = key(self._order[i])
        lean = self._lean[row.id] = _lean_of(row)
        if self._fields is not None:
            self._fields[row.id] = _fields_of(row)
        if key(lean) != old_key:
            self._remove_at(at)
            self.add_row(row)
            return
        self._order[i] = lean
        self._cache[row.id] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.HEADERS) - 1))

    def remove_id(self, ann_id: int) -> None:
        at = self.row_of(ann_id)
        if at >= 0:
            self._remove_at(at)
        self._lean.pop(ann_id, None)
        self._cache.pop(ann_id, None)
        if self._fields is not None:
            self._fields.pop(ann_id, None)

    # --- internals ----------------------------------------------------------------
    def _internal(self, row: int, n: int | None = None) -> int:
        """Table row <-> position in the ascending lists (the map is its own inverse)."""
        if not self._descending:
            return row
        return (len(self._order) if n is None else n) - 1 - row

    def _remove_at(self, at: int) -> None:
        i = self._internal(at)
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._order[i]
        self.endRemoveRows()

    def _key_function(self) -> Callable[[Lean], tuple]:
        column = self._column
        if column == COL_LABEL:
            return lambda t: (_LABEL_ORDER[t[3]], t[1], -t[2], t[0])
        if column in (COL_STATUS, COL_VALUE):
            if self._fields is None:
                self._fields = self._source.sort_fields()
            fields = self._fields
            if column == COL_STATUS:
                return lambda t: (fields[t[0]][0], t[1], -t[2], t[0])
            return lambda t: (_LABEL_ORDER[t[3]], fields[t[0]][1], t[1], -t[2], t[0])
        return lambda t: (t[1], -t[2], t[0])

    def _bisect(self, lean: Lean) -> int:
        """Where ``lean`` is (or goes) in the ascending order."""
        key = self._key_function()
        return bisect_left(self._order, key(lean), key=key)

    def _rebuild_order(self) -> None:
        # list_spans gives text order: the default sort then only checks it (Timsort)
        self._order = sorted(self._lean.values(), key=self._key_function())

    def _fetch_around(self, row: int, ann_id: int) -> AnnotationRow | None:
        """Fetch the uncached rows of a batch of table rows around ``row``."""
        lo = max(0, row - BATCH // 4)  # more below than above: tables are read downwards
        hi = min(len(self._order), lo + BATCH)
        wanted = [self.id_at(r) for r in range(lo, hi)]
        self._ensure_cached([i for i in wanted if i not in self._cache] or [ann_id])
        return self._cache.get(ann_id)

    def _ensure_cached(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._cache]
        for k in range(0, len(missing), _CHUNK):
            rows = self._source.rows(missing[k : k + _CHUNK])
            self.fetch_calls += 1
            self.fetched_rows += len(rows)
            for r in rows:
                self._cache[r.id] = r


# The proxy is gone (the model sorts itself); ``curator.ui.models`` still re-exports
# this name, so it stays until that package's __init__ drops it.
AnnotationSortProxy = AnnotationTableModel
