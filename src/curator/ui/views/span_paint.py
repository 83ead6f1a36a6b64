"""Geometry and colour helpers of the document view's painting (see document_view)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QTextBlock, QTextLayout, QTextLine


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
