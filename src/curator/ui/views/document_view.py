"""The document view: a read-only text with annotation highlights painted per frame.

Why painting and not Qt's text formats: with 20,000 spans, ExtraSelections take ~1.8 s
to open a 2 MB document and char formats bloat memory and make every edit slow (see
DESIGN.md). Here the spans live in plain sorted arrays (:class:`_SpanIndex`) and only
those meeting the visible blocks are drawn, under the text, in the viewport's paint
event. Opening a document costs one ``setPlainText`` plus building those arrays.

Detectors' suggestions live in a second index of the same kind and are drawn in the
same pass as dashed outlines in the label's hue, with no fill, so a proposal is never
mistaken for an accepted annotation.

Offsets: the public interface speaks code points (as the store does); QPlainTextEdit
positions count UTF-16 units with each block separator as one unit, so a position is a
UTF-16 offset into the text and :class:`~curator.text.offsets.Utf16Map` converts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from curator.text.offsets import Utf16Map


@dataclass(frozen=True)
class Span:
    """An annotation as the view needs it. Offsets are code points into the text."""

    id: int
    start: int
    end: int
    label: str  # "claim" | "date" | "figure"


_DEFAULT_COLORS = {"claim": "#cde6f7", "date": "#fbdfa6", "figure": "#b9e8d5"}
_LANE_STEP = 4.0  # pixels between the underline lanes of nested/overlapping spans (2 px each)
_MAX_LANES = 6  # deeper nesting reuses the last lane (the fills still stack)
_LANE_ANCHOR = 4096  # code points; see _paint_spans
_SUGGESTION_PEN = 2.0  # width of the dashed outline of a suggestion
_SUGGESTION_INSET = 2.0  # pixels a nested suggestion's outline moves inwards per level


class _SpanIndex:
    """Spans in code points, searchable by range in O(log n + hits).

    Spans are grouped by length class (``(end - start).bit_length()``); within a class
    the starts are sorted, and a span of class ``k`` is shorter than ``2**k``, so every
    span of that class meeting ``[lo, hi)`` starts in ``[lo - 2**k, hi)``: one bisect per
    class. A claim over a whole chapter sits in a high class with few companions, so
    long spans are never missed and never scanned for nothing.
    """

    def __init__(self) -> None:
        # id -> (id, start, end, label): the tuples handed in are kept as they are
        self.spans: dict[int, tuple[int, int, int, str]] = {}
        self._starts: dict[int, list[int]] = {}
        self._ids: dict[int, list[int]] = {}

    def load(self, items: Iterable[Span | tuple[int, int, int, str]], length: int) -> None:
        """Replace everything with ``items``, checking each lies inside ``0..length``.

        One pass, no sort when the items come in start order (as ``list_spans`` gives
        them): this runs while a document opens. On a bad item nothing changes.
        """
        spans: dict[int, tuple[int, int, int, str]] = {}
        starts: dict[int, list[int]] = {}
        ids: dict[int, list[int]] = {}
        ordered, prev, count = True, -1, 0
        for item in items:
            if type(item) is not tuple:
                item = _as_tuple(item)
            sid, s, e, _lab = item
            if not 0 <= s < e <= length:
                raise ValueError(f"span {sid} ({s}-{e}) lies outside the text (0-{length})")
            spans[sid] = item
            count += 1
            if s < prev:
                ordered = False
            prev = s
            k = (e - s).bit_length()
            bucket = starts.get(k)
            if bucket is None:
                starts[k] = [s]
                ids[k] = [sid]
            else:
                bucket.append(s)
                ids[k].append(sid)
        if count != len(spans):
            raise ValueError("two spans have the same id")
        if not ordered:
            for k in starts:
                pairs = sorted(zip(starts[k], ids[k]))
                starts[k] = [p[0] for p in pairs]
                ids[k] = [p[1] for p in pairs]
        self.spans, self._starts, self._ids = spans, starts, ids

    def add(self, sid: int, start: int, end: int, label: str) -> None:
        if sid in self.spans:
            self.remove(sid)
        self.spans[sid] = (sid, start, end, label)
        k = (end - start).bit_length()
        starts = self._starts.setdefault(k, [])
        ids = self._ids.setdefault(k, [])
        i = bisect_right(starts, start)
        starts.insert(i, start)
        ids.insert(i, sid)

    def remove(self, sid: int) -> bool:
        old = self.spans.pop(sid, None)
        if old is None:
            return False
        _, start, end, _ = old
        k = (end - start).bit_length()
        starts, ids = self._starts[k], self._ids[k]
        i = bisect_left(starts, start)
        while ids[i] != sid:  # equal starts: walk to our id
            i += 1
        del starts[i]
        del ids[i]
        return True

    def near(self, lo: int, hi: int) -> Iterator[int]:
        """Ids of every span that may meet ``[lo, hi)``: all those that do, plus some
        that end shortly before ``lo`` (any order)."""
        for k, starts in self._starts.items():
            ids = self._ids[k]
            yield from ids[bisect_left(starts, lo - (1 << k)) : bisect_left(starts, hi)]

    def overlapping(self, lo: int, hi: int) -> Iterator[int]:
        """Ids of spans with ``start < hi`` and ``end > lo`` (any order)."""
        spans = self.spans
        return (sid for sid in self.near(lo, hi) if spans[sid][2] > lo)

    def at(self, cp: int) -> list[int]:
        """Ids covering code point ``cp``, innermost (shortest, latest start) first."""
        spans = self.spans
        hits = list(self.overlapping(cp, cp + 1))
        hits.sort(key=lambda sid: (spans[sid][2] - spans[sid][1], -spans[sid][1], sid))
        return hits


def _as_tuple(span: Span | tuple[int, int, int, str]) -> tuple[int, int, int, str]:
    if isinstance(span, Span):
        return (span.id, span.start, span.end, str(span.label))
    sid, start, end, label = span
    return (sid, start, end, str(label))


def _strong(color: QColor) -> QColor:
    """A saturated, darker hue of ``color`` for underlines and the outline."""
    h, s, v, _ = color.getHsv()
    if h < 0:  # achromatic
        return QColor.fromHsv(0, 0, min(v, 90))
    return QColor.fromHsv(h, max(s, 220), min(v, 200))


class DocumentView(QPlainTextEdit):
    """Read-only plain text with annotation highlights.

    Every span gets a translucent fill in its label's colour (overlaps blend) and an
    underline in a lane of its own at the bottom of the line, so a date inside a claim
    shows both. The current annotation is outlined.
    """

    annotationClicked = Signal(int)
    cpSelectionChanged = Signal(int, int)
    suggestionClicked = Signal(int)  # a click on a suggestion where no annotation is

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)
        self._map = Utf16Map.of("")
        self._index = _SpanIndex()
        self._suggestions = _SpanIndex()
        self._current: int | None = None
        self._fill: dict[str, QColor] = {}
        self._line: dict[str, QColor] = {}
        self._last_sel: tuple[int, int] = (-1, -1)
        self._press_pos: QPointF | None = None
        self._click_stack: tuple[int, ...] = ()
        self._click_next = 0
        self.set_label_colors({k: QColor(v) for k, v in _DEFAULT_COLORS.items()})
        self.selectionChanged.connect(self._on_selection_changed)
        # Repaint the whole viewport on scroll (not only the strip Qt scrolls in), so
        # every frame's highlights come from one computation of the lanes.
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # ----- content -------------------------------------------------------------------

    @property
    def text_map(self) -> Utf16Map:
        return self._map

    def set_label_colors(self, colors: dict[str, QColor]) -> None:
        for label, color in colors.items():
            fill = QColor(color)
            fill.setAlpha(150 if color.lightness() > 180 else 80)
            self._fill[str(label)] = fill
            self._line[str(label)] = _strong(color)
        self.viewport().update()

    def set_document(
        self, text: str, spans: Iterable[Span | tuple[int, int, int, str]]
    ) -> None:
        """Show ``text`` (canonical: NFC, ``\\n`` line endings) with its spans."""
        if "\r" in text:
            raise ValueError("document text must use \\n line endings (found \\r)")
        text_map = Utf16Map.of(text)
        self._index.load(spans, text_map.length)  # first: raises before anything changes
        self._suggestions.load((), text_map.length)  # they belong to the old text
        self._current = None
        self._click_stack = ()
        cursor = self.textCursor()
        if cursor.hasSelection():  # under the old map: listeners hear (-1, -1)
            cursor.clearSelection()
            self.setTextCursor(cursor)
        self._map = text_map
        self.setPlainText(text)

    def clear_document(self) -> None:
        self.set_document("", ())

    def add_span(self, span: Span) -> None:
        sid, start, end, label = _as_tuple(span)
        if not 0 <= start < end <= self._map.length:
            raise ValueError(f"span {sid} ({start}-{end}) lies outside the text")
        self._index.add(sid, start, end, label)
        self._click_stack = ()
        self.viewport().update()

    def update_span(self, span: Span) -> None:
        self.add_span(span)  # add replaces a span with the same id

    def remove_span(self, span_id: int) -> None:
        if self._index.remove(span_id):
            if self._current == span_id:
                self._current = None
            self._click_stack = ()
            self.viewport().update()

    def span(self, span_id: int) -> Span | None:
        """The span with this id, or None."""
        found = self._index.spans.get(span_id)
        return None if found is None else Span(*found)

    def span_count(self) -> int:
        return len(self._index.spans)

    def spans_at(self, cp: int) -> list[int]:
        return self._index.at(cp)

    # ----- suggestions (dashed outlines) ------------------------------------------------

    def set_suggestions(self, spans: Iterable[Span | tuple[int, int, int, str]]) -> None:
        """Replace the suggestions shown (ids are suggestion ids, offsets code points
        into the shown text). Cleared by :meth:`set_document`."""
        self._suggestions.load(spans, self._map.length)
        self.viewport().update()

    def add_suggestion(self, span: Span) -> None:
        sid, start, end, label = _as_tuple(span)
        if not 0 <= start < end <= self._map.length:
            raise ValueError(f"suggestion {sid} ({start}-{end}) lies outside the text")
        self._suggestions.add(sid, start, end, label)
        self.viewport().update()

    def remove_suggestion(self, suggestion_id: int) -> None:
        if self._suggestions.remove(suggestion_id):
            self.viewport().update()

    def suggestion(self, suggestion_id: int) -> Span | None:
        found = self._suggestions.spans.get(suggestion_id)
        return None if found is None else Span(*found)

    def suggestion_count(self) -> int:
        return len(self._suggestions.spans)

    def suggestions_at(self, cp: int) -> list[int]:
        """Suggestion ids covering code point ``cp``, innermost first."""
        return self._suggestions.at(cp)

    # ----- current annotation ----------------------------------------------------------

    def set_current_annotation(self, span_id: int | None) -> None:
        """Outline the span and scroll it into view (the text selection is untouched)."""
        found = None if span_id is None else self._index.spans.get(span_id)
        self._current = span_id if found is not None else None
        if found is not None:
            self._scroll_to_u16(self._map.to_utf16(found[1]))
        self.viewport().update()

    def current_annotation(self) -> int | None:
        return self._current

    def _scroll_to_u16(self, pos: int) -> None:
        """Scroll so the visual line holding UTF-16 position ``pos`` is in view.

        The vertical scroll bar of a QPlainTextEdit counts visual lines, so this works
        from line numbers and leaves the text cursor alone.
        """
        block = self.document().findBlock(pos)
        if not block.isValid():
            return
        layout = block.layout()
        line_in_block = 0
        if layout is not None and layout.lineCount() > 0:
            line = layout.lineForTextPosition(pos - block.position())
            if line.isValid():
                line_in_block = line.lineNumber()
        target = block.firstLineNumber() + line_in_block
        bar = self.verticalScrollBar()
        spacing = max(1, self.fontMetrics().lineSpacing())
        visible = max(1, self.viewport().height() // spacing)
        top = bar.value()
        if not top <= target < top + visible - 1:
            bar.setValue(max(0, target - visible // 3))

    # ----- selection --------------------------------------------------------------------

    def selection_cp(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._map.to_cp(cursor.selectionStart())
        end = self._map.to_cp(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_cp(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` (the caret ends at ``end``)."""
        if start > end:
            start, end = end, start
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _on_selection_changed(self) -> None:
        sel = self.selection_cp() or (-1, -1)
        if sel != self._last_sel:
            self._last_sel = sel
            self.cpSelectionChanged.emit(*sel)

    # ----- clicks -----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        moved = (event.position() - press).manhattanLength()
        if moved >= QApplication.startDragDistance() or self.textCursor().hasSelection():
            return
        u16 = self._char_at(event.position())
        cp = None if u16 is None else self._map.to_cp(u16)
        ids = () if cp is None else tuple(self._index.at(cp))
        if not ids:
            self._click_stack = ()
            suggested = [] if cp is None else self._suggestions.at(cp)
            if suggested:
                self.suggestionClicked.emit(suggested[0])
            return
        if ids == self._click_stack:
            self._click_next = (self._click_next + 1) % len(ids)
        else:
            self._click_stack, self._click_next = ids, 0
        self.annotationClicked.emit(ids[self._click_next])

    def _char_at(self, point: QPointF) -> int | None:
        """UTF-16 position of the character drawn under viewport ``point``, if any."""
        block = self.cursorForPosition(point.toPoint()).block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        local = point - self._block_origin(block)
        n = layout.lineCount()
        index = _count_lines(layout, n, lambda ln: ln.y() + ln.height() <= local.y())
        if index >= n:
            return None
        line = layout.lineAt(index)
        if not (line.y() <= local.y() and line.x() <= local.x() < line.x() + line.naturalTextWidth()):
            return None
        rel = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        if rel >= line.textStart() + line.textLength() or rel >= block.length() - 1:
            return None
        return block.position() + rel

    def _block_origin(self, block: QTextBlock) -> QPointF:
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geo.topLeft() + block.layout().position()

    # ----- painting ---------------------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._index.spans or self._suggestions.spans:
            painter = QPainter(self.viewport())
            try:
                self._paint_spans(painter)
            finally:
                painter.end()
        super().paintEvent(event)

    def _visible_blocks(self) -> list[_Shown]:
        """The blocks drawn in the viewport, each with its visible lines only (a block
        can be a paragraph of thousands of wrapped lines)."""
        out: list[_Shown] = []
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            layout = block.layout()
            if block.isVisible() and layout is not None and layout.lineCount() > 0:
                origin = geo.topLeft() + layout.position()
                n = layout.lineCount()
                if origin.y() >= 0 and geo.bottom() <= height:
                    first, last = 0, n - 1
                else:
                    first = _count_lines(layout, n, lambda ln, y=-origin.y(): ln.y() + ln.height() <= y)
                    last = _count_lines(layout, n, lambda ln, y=height - origin.y(): ln.y() < y) - 1
                if first <= last:
                    top, bottom = layout.lineAt(first), layout.lineAt(last)
                    end = block.length() if last == n - 1 else bottom.textStart() + bottom.textLength()
                    out.append(_Shown(block.position(), block, origin, first, last, top.textStart(), end))
            block = block.next()
        return out

    def _paint_spans(self, painter: QPainter) -> None:
        shown = self._visible_blocks()
        if not shown:
            return
        to_cp = self._map.to_cp
        lo = to_cp(shown[0].pos + shown[0].a)
        hi = to_cp(min(shown[-1].pos + shown[-1].b, self._map.utf16_length))
        positions = [b.pos for b in shown]
        if self._index.spans:
            self._paint_annotations(painter, shown, positions, lo, hi)
        if self._suggestions.spans:
            self._paint_suggestions(painter, shown, positions, lo, hi)

    def _near_sorted(self, index: _SpanIndex, lo: int, hi: int) -> list[int]:
        """Ids of ``index`` near the window in text order, from a lower bound that moves
        in steps of _LANE_ANCHOR: while it stays put, a span's lane depends only on the
        spans before it, so it keeps its lane as the view scrolls."""
        spans = index.spans
        anchor = lo - lo % _LANE_ANCHOR
        return sorted(index.near(anchor, hi + 1), key=lambda sid: (spans[sid][1], -spans[sid][2], sid))

    def _paint_annotations(
        self, painter: QPainter, shown: list[_Shown], positions: list[int], lo: int, hi: int
    ) -> None:
        to_u16 = self._map.to_utf16
        spans = self._index.spans
        near = self._near_sorted(self._index, lo, hi)
        lanes = self._assign_lanes(near)
        painter.setPen(Qt.PenStyle.NoPen)
        outline: list[QRectF] = []
        underlines: list[tuple[QColor, QRectF]] = []
        for sid in near:
            _, start, end, label = spans[sid]
            if end <= lo:
                continue
            fill = self._fill.get(label)
            if fill is None:
                fill = self._fill.setdefault(label, QColor(200, 200, 200, 120))
                self._line[label] = QColor(90, 90, 90)
            lane = min(lanes[sid], _MAX_LANES - 1)
            for rect in _span_rects(shown, positions, to_u16(start), to_u16(end)):
                painter.fillRect(rect, fill)
                # keep the lanes inside the lower half of the line
                lift = min(lane, int(rect.height() / 2 // _LANE_STEP)) * _LANE_STEP
                underlines.append(
                    (self._line[label], QRectF(rect.left(), rect.bottom() - 2.0 - lift, rect.width(), 2.0))
                )
                if sid == self._current:
                    outline.append(rect)
        for color, rect in underlines:  # after all fills, so no fill covers a lane
            painter.fillRect(rect, color)
        if outline:
            label = spans[self._current][3]  # type: ignore[index]
            painter.setPen(QPen(self._line.get(label, QColor("black")), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in outline:
                painter.drawRect(rect.adjusted(-1.0, 0.0, 1.0, -1.0))

    def _paint_suggestions(
        self, painter: QPainter, shown: list[_Shown], positions: list[int], lo: int, hi: int
    ) -> None:
        """A dashed outline per suggestion and wrapped line, in the label's hue and with
        no fill; a suggestion nested in another (a date inside a claim) is drawn a
        little inside it so both outlines stay visible."""
        to_u16 = self._map.to_utf16
        spans = self._suggestions.spans
        near = self._near_sorted(self._suggestions, lo, hi)
        lanes = self._assign_lanes(near, self._suggestions)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen_label: str | None = None
        for sid in near:
            _, start, end, label = spans[sid]
            if end <= lo:
                continue
            if label != pen_label:  # one pen change per run of a label, not per span
                pen_label = label
                painter.setPen(QPen(self._line.get(label, QColor(90, 90, 90)), _SUGGESTION_PEN,
                                    Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
            inset = min(lanes[sid], 2) * _SUGGESTION_INSET + _SUGGESTION_PEN / 2
            for rect in _span_rects(shown, positions, to_u16(start), to_u16(end)):
                painter.drawRect(rect.adjusted(-1.0 + inset, inset, 1.0 - inset, -inset))

    def _assign_lanes(self, ordered: list[int], index: _SpanIndex | None = None) -> dict[int, int]:
        """Greedy interval colouring: a span takes the lowest lane free at its start."""
        spans = (self._index if index is None else index).spans
        lane_end: list[int] = []
        lanes: dict[int, int] = {}
        for sid in ordered:
            _, start, end, _ = spans[sid]
            for k, busy_until in enumerate(lane_end):
                if busy_until <= start:
                    lane_end[k] = end
                    lanes[sid] = k
                    break
            else:
                lanes[sid] = len(lane_end)
                lane_end.append(end)
        return lanes


class _Shown(NamedTuple):
    """A block in the viewport: where it is and which of its lines show."""

    pos: int  # UTF-16 position of the block's first character
    block: QTextBlock
    origin: QPointF  # the block layout's origin in viewport coordinates
    first: int  # first and last visible line numbers
    last: int
    a: int  # visible text, UTF-16 offsets relative to pos: [a, b) (b may include the
    b: int  # block separator)


def _count_lines(layout: QTextLayout, n: int, below: Callable[[QTextLine], bool]) -> int:
    """How many of the ``n`` lines (top to bottom) satisfy ``below``, a predicate true
    for a prefix of them: a binary search, as a paragraph may have thousands."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if below(layout.lineAt(mid)):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _span_rects(shown: list[_Shown], positions: list[int], u0: int, u1: int) -> Iterator[QRectF]:
    """Rectangles (viewport coordinates) covering UTF-16 range ``[u0, u1)`` on the
    visible lines, one per wrapped line."""
    i = max(0, bisect_right(positions, u0) - 1)
    while i < len(shown):
        sh = shown[i]
        i += 1
        if sh.pos >= u1:
            return
        a, b = max(u0 - sh.pos, sh.a), min(u1 - sh.pos, sh.b)
        if b <= a:
            continue
        layout = sh.block.layout()
        text_len = sh.block.length() - 1
        line_no = max(layout.lineForTextPosition(min(a, text_len)).lineNumber(), sh.first)
        origin = sh.origin
        while line_no <= sh.last:
            line = layout.lineAt(line_no)
            line_no += 1
            ls, le = line.textStart(), line.textStart() + line.textLength()
            if ls >= b:
                break
            x0 = line.cursorToX(max(a, ls))[0]
            if b > text_len and le >= text_len:  # the span runs over the line break
                x1 = line.x() + line.naturalTextWidth() + 4.0
            else:
                x1 = line.cursorToX(min(b, le))[0]
            if x1 < x0:
                x0, x1 = x1, x0
            if x1 > x0:
                yield QRectF(x0 + origin.x(), line.y() + origin.y(), x1 - x0, line.height())
