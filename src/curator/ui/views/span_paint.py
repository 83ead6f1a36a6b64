"""Geometry and colour helpers of the document view's painting (see document_view)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


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
