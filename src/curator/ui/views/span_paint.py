"""The document view's painting: geometry and colour helpers, and :class:`SpanPainting`,
the part of :class:`~curator.ui.views.document_view.DocumentView` that draws its layers
(find matches, annotations with their underline lanes, suggestions, marks, display
break marks) for the visible lines only (see document_view)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

from curator.ui.views.span_index import SpanIndex


def strong(color: QColor) -> QColor:
    """A saturated, darker hue of ``color`` for underlines and the outline."""
    h, s, v, _ = color.getHsv()
    if h < 0:  # achromatic
        return QColor.fromHsv(0, 0, min(v, 90))
    return QColor.fromHsv(h, max(s, 220), min(v, 200))


def assign_lanes(ordered: list[int], spans: Mapping[int, tuple[int, int, int, str]]) -> dict[int, int]:
    """Greedy interval colouring: a span takes the lowest lane free at its start."""
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


class Shown(NamedTuple):
    """A block in the viewport: where it is and which of its lines show."""

    pos: int  # display position of the block's first character
    block: QTextBlock
    origin: QPointF  # the block layout's origin in viewport coordinates
    first: int  # first and last visible line numbers
    last: int
    a: int  # visible text, UTF-16 offsets relative to pos: [a, b) (b may include the
    b: int  # block separator)


def count_lines(layout: QTextLayout, n: int, below: Callable[[QTextLine], bool]) -> int:
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


def visible_blocks(view: QPlainTextEdit) -> list[Shown]:
    """The blocks ``view`` draws in its viewport, each with its visible lines only (a
    block can be a paragraph of thousands of wrapped lines)."""
    out: list[Shown] = []
    height = view.viewport().height()
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    while block.isValid():
        geo = view.blockBoundingGeometry(block).translated(offset)
        if geo.top() > height:
            break
        layout = block.layout()
        if block.isVisible() and layout is not None and layout.lineCount() > 0:
            origin = geo.topLeft() + layout.position()
            n = layout.lineCount()
            if origin.y() >= 0 and geo.bottom() <= height:
                first, last = 0, n - 1
            else:
                first = count_lines(layout, n, lambda ln, y=-origin.y(): ln.y() + ln.height() <= y)
                last = count_lines(layout, n, lambda ln, y=height - origin.y(): ln.y() < y) - 1
            if first <= last:
                top, bottom = layout.lineAt(first), layout.lineAt(last)
                end = block.length() if last == n - 1 else bottom.textStart() + bottom.textLength()
                out.append(Shown(block.position(), block, origin, first, last, top.textStart(), end))
        block = block.next()
    return out


def span_rects(shown: list[Shown], positions: list[int], u0: int, u1: int) -> Iterator[QRectF]:
    """Rectangles (viewport coordinates) covering display range ``[u0, u1)`` on the
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


def paint_ranges(
    painter: QPainter, shown: list[Shown], positions: list[int], ranges: Iterable[tuple[int, int]], *,
    fill: QColor | None = None, edge: QColor | None = None,
) -> None:
    """Fill (``fill``) and/or outline with a 1 px line (``edge``) each display range
    ``[u0, u1)`` on the visible lines: the find layer, painted in two passes (its fill
    under the annotations, its outline over them, so a match inside a claim still shows)."""
    if edge is not None:
        painter.setPen(QPen(edge, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    for u0, u1 in ranges:
        for rect in span_rects(shown, positions, u0, u1):
            if fill is not None:
                painter.fillRect(rect, fill)
            if edge is not None:
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


_LANE_STEP = 4.0  # pixels between the underline lanes of nested/overlapping spans (2 px each)
_MAX_LANES = 6  # deeper nesting reuses the last lane (the fills still stack)
_LANE_ANCHOR = 4096  # code points; see _paint_spans
_SUGGESTION_PEN = 2.0  # width of the dashed outline of a suggestion
_SUGGESTION_INSET = 2.0  # pixels a nested suggestion's outline moves inwards per level
_BREAK_MARK = "↩"  # drawn faintly where a display break (not the text) ends a line
_FOUND_FILL = QColor(255, 221, 0, 110)  # find matches: a light yellow under the text...
_FOUND_EDGE = QColor(170, 130, 0)  # ...with a thin dark-gold outline over the highlights


class SpanPainting:
    """The layers :class:`~curator.ui.views.document_view.DocumentView` paints under and
    over its text (a mixin: it reads the view's indexes, display map and colours)."""

    def _paint_break_marks(self, painter: QPainter, shown: list[Shown]) -> None:
        """A faint "↩" after each visible line that a display break ends."""
        color = QColor(self.palette().color(self.foregroundRole()))
        color.setAlpha(70)
        painter.setPen(color)
        painter.setFont(self.font())
        for sh in shown:
            layout = sh.block.layout()
            end = sh.pos + sh.block.length() - 1  # the block's separator
            if sh.last == layout.lineCount() - 1 and self._dmap.is_inserted(end):
                line = layout.lineAt(sh.last)
                x = sh.origin.x() + line.x() + line.naturalTextWidth() + 2.0
                painter.drawText(QPointF(x, sh.origin.y() + line.y() + line.ascent()), _BREAK_MARK)

    def _visible_blocks(self) -> list[Shown]:
        return visible_blocks(self)

    def _paint_spans(self, painter: QPainter, shown: list[Shown]) -> None:
        if not (self._idx.spans or self._suggestions.spans or self._marks.spans or self._found.spans):
            return
        to_cp = self._dmap.to_cp
        lo = to_cp(shown[0].pos + shown[0].a)
        hi = to_cp(min(shown[-1].pos + shown[-1].b, self._dmap.length))
        if self._pending is not None and hi + 1 > self._pending[1]:
            self._complete_spans()  # past what a partial open read: every span first
        positions = [b.pos for b in shown]
        found = self._found_ranges(lo, hi)
        if found:
            paint_ranges(painter, shown, positions, found, fill=_FOUND_FILL)
        if self._idx.spans:
            self._paint_annotations(painter, shown, positions, lo, hi)
        if self._suggestions.spans:
            self._paint_suggestions(painter, shown, positions, lo, hi)
        if self._marks.spans:
            self._paint_marks(painter, shown, positions, lo, hi)
        if found:
            paint_ranges(painter, shown, positions, found, edge=_FOUND_EDGE)

    def _found_ranges(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The visible find matches as display ranges."""
        if not self._found.spans:
            return []
        to_display, spans = self._dmap.to_display, self._found.spans
        return [(to_display(spans[i][1]), to_display(spans[i][2], before_break=True))
                for i in self._found.overlapping(lo, hi + 1)]

    def _paint_marks(
        self, painter: QPainter, shown: list[Shown], positions: list[int], lo: int, hi: int
    ) -> None:
        """A dotted underline under each mark, at the very bottom of its line."""
        to_display = self._dmap.to_display
        spans = self._marks.spans
        painter.setPen(QPen(self._mark_color, 2.0, Qt.PenStyle.DotLine, Qt.PenCapStyle.FlatCap))
        for mid in self._marks.near(lo, hi + 1):
            _, start, end, _label = spans[mid]
            if end <= lo:
                continue
            for rect in span_rects(shown, positions, to_display(start), to_display(end, before_break=True)):
                y = rect.bottom() - 1.0
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def _near_sorted(self, index: SpanIndex, lo: int, hi: int) -> list[int]:
        """Ids of ``index`` near the window in text order, from a lower bound that moves
        in steps of _LANE_ANCHOR: while it stays put, a span's lane depends only on the
        spans before it, so it keeps its lane as the view scrolls."""
        spans = index.spans
        anchor = lo - lo % _LANE_ANCHOR
        return sorted(index.near(anchor, hi + 1), key=lambda sid: (spans[sid][1], -spans[sid][2], sid))

    def _paint_annotations(
        self, painter: QPainter, shown: list[Shown], positions: list[int], lo: int, hi: int
    ) -> None:
        to_display = self._dmap.to_display
        spans = self._idx.spans  # complete up to hi (_paint_spans saw to it)
        near = self._near_sorted(self._idx, lo, hi)
        lanes = assign_lanes(near, spans)
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
            for rect in span_rects(shown, positions, to_display(start), to_display(end, before_break=True)):
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
        self, painter: QPainter, shown: list[Shown], positions: list[int], lo: int, hi: int
    ) -> None:
        """A dashed outline per suggestion and wrapped line, in the label's hue and with
        no fill; a suggestion nested in another (a date inside a claim) is drawn a
        little inside it so both outlines stay visible."""
        to_display = self._dmap.to_display
        spans = self._suggestions.spans
        near = self._near_sorted(self._suggestions, lo, hi)
        lanes = assign_lanes(near, self._suggestions.spans)
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
            for rect in span_rects(shown, positions, to_display(start), to_display(end, before_break=True)):
                painter.drawRect(rect.adjusted(-1.0 + inset, inset, 1.0 - inset, -inset))
