"""The document view paints its highlights: label colours, nested spans in separate
underline lanes, long and wrapped spans, the current annotation, and only the visible
lines of a giant paragraph. (Selections and clicks: ``test_document_view.py``.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from curator.ui.views.document_view import DocumentView, Span
from curator.ui.views.span_paint import assign_lanes

from .view_helpers import base_color, char_point, gap_point, gap_text, pixel, shown_view


@pytest.fixture
def view(qtbot):
    return shown_view(qtbot)


def test_add_update_remove_change_pixels(view):
    text = gap_text(5)
    view.set_document(text, [])
    pt = gap_point(view, text, 1)
    bare = pixel(view, pt)
    assert bare == base_color(view)
    line1 = text.index("line0001")
    view.add_span(Span(10, line1, line1 + 20, "claim"))
    claim_px = pixel(view, pt)
    assert claim_px != bare
    view.update_span(Span(10, line1, line1 + 20, "figure"))
    figure_px = pixel(view, pt)
    assert figure_px not in (bare, claim_px)
    view.update_span(Span(10, line1, line1 + 4, "figure"))  # no longer under the sample
    assert pixel(view, pt) == bare
    view.update_span(Span(10, line1, line1 + 20, "figure"))
    assert pixel(view, pt) == figure_px
    view.remove_span(10)
    assert pixel(view, pt) == bare
    assert view.spans_at(line1) == []


def test_label_colors_are_used(view):
    text = gap_text(3)
    line1 = text.index("line0001")
    view.set_document(text, [(1, line1, line1 + 20, "date")])
    pt = gap_point(view, text, 1)
    view.set_label_colors({"date": QColor(255, 0, 0)})
    red = pixel(view, pt)
    assert red.red() > red.green() + 50 and red.red() > red.blue() + 50
    view.set_label_colors({"date": QColor(0, 0, 255)})
    blue = pixel(view, pt)
    assert blue.blue() > blue.red() + 50


def test_nested_span_shows_both_colours(view):
    text = gap_text(3)
    line1 = text.index("line0001")
    inner = (2, line1 + 10, line1 + 14, "date")
    view.set_document(text, [(1, line1, line1 + 20, "claim")])
    pt = gap_point(view, text, 1)
    claim_only = pixel(view, pt)
    view.add_span(Span(*inner))
    both = pixel(view, pt)
    view.set_document(text, [inner])
    date_only = pixel(view, pt)
    assert len({claim_only.name(), both.name(), date_only.name()}) == 3


def test_long_span_visible_when_scrolled_to_its_middle(view, qtbot):
    text = gap_text(2000)
    start, end = text.index("line0005"), text.index("line1995")
    spans = [(1, start, end, "claim")]
    # many short spans elsewhere so the long one is not alone in the index
    spans += [(100 + i, text.index(f"line{i:04d}"), text.index(f"line{i:04d}") + 4, "date") for i in range(0, 2000, 7)]
    view.set_document(text, spans)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(1)
    middle = view.firstVisibleBlock().blockNumber() + 2
    assert 20 < middle < 1980
    pt = gap_point(view, text, middle)
    assert pixel(view, pt) != base_color(view)
    view.remove_span(1)
    assert pixel(view, pt) == base_color(view)


def test_wrapped_line_painted_on_every_visual_line(view):
    text = "word          " * 120 + "\nafter"
    view.set_document(text, [(1, 0, text.index("\n"), "figure")])
    block = view.document().firstBlock()
    assert block.layout().lineCount() > 3
    last_line = block.layout().lineAt(block.layout().lineCount() - 1)
    cp = last_line.textStart() + 8  # inside the spaces of a wrapped visual line
    pt = char_point(view, cp)
    assert pt.y() > char_point(view, 0).y() + 2 * view.fontMetrics().lineSpacing()
    assert pixel(view, pt) != base_color(view)
    view.update_span(Span(1, 0, 20, "figure"))  # first visual line only
    assert pixel(view, pt) == base_color(view)


def test_current_annotation_scrolls_into_view_and_outlines(view):
    text = gap_text(800)
    target = text.index("line0600")
    view.set_document(text, [(5, target, target + 20, "date"), (6, 0, 4, "claim")])
    assert view.firstVisibleBlock().blockNumber() == 0
    before_cursor = view.textCursor().position()
    view.set_current_annotation(5)
    assert view.current_annotation() == 5
    first = view.firstVisibleBlock().blockNumber()
    rows = view.viewport().height() // view.fontMetrics().lineSpacing()
    assert first <= 600 < first + rows
    assert view.textCursor().position() == before_cursor  # selection untouched
    img_with = view.viewport().grab().toImage()
    view.set_current_annotation(None)
    assert view.current_annotation() is None
    assert view.viewport().grab().toImage() != img_with
    view.set_current_annotation(5)
    view.remove_span(5)
    assert view.current_annotation() is None


def test_giant_paragraph_paints_only_visible_lines(view, qtbot):
    """One 210,000-character paragraph with a claim over all of it and 5,000 dates:
    the highlights show in its middle, and a frame looks at the visible lines only."""
    text = "word          " * 15_000 + "\nend"
    para = text.index("\n")
    spans = [(1, 0, para, "claim")] + [(10 + i, i * 40, i * 40 + 4, "date") for i in range(5_000)]
    view.set_document(text, spans)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    shown = view._visible_blocks()
    # only the lines on screen are considered for painting, not the whole paragraph
    assert shown and sum(sh.b - sh.a for sh in shown) < 5_000
    first_cp = view.display_map.to_cp(shown[0].pos + shown[0].a)
    assert 50_000 < first_cp < para - 50_000  # in the middle of the paragraph
    height = view.viewport().height()
    cp = next(
        c for c in range(first_cp, para)
        if c % 14 == 10 and c % 40 >= 4 and char_point(view, c).y() > height / 2
    )  # a space in the lower half of the viewport, in no date
    pt = char_point(view, cp)
    assert pt.y() < height
    assert pixel(view, pt) != base_color(view)
    view.remove_span(1)
    assert pixel(view, pt) == base_color(view)


def column_colors(view: DocumentView, point: QPoint) -> set[str]:
    """Colours down the line at ``point``'s x, from the line's top to its bottom."""
    cursor = view.cursorForPosition(point)
    rect = view.cursorRect(cursor)
    img = view.viewport().grab().toImage()
    return {img.pixelColor(point.x(), y).name() for y in range(rect.top(), rect.bottom() + 1)}


def test_nested_spans_get_separate_underline_lanes(view):
    text = gap_text(3)
    line1 = text.index("line0001")
    claim, date = (1, line1, line1 + 20, "claim"), (2, line1 + 10, line1 + 14, "date")
    view.set_document(text, [claim])
    pt = gap_point(view, text, 1)
    claim_colors = column_colors(view, pt)
    view.set_document(text, [date])
    date_colors = column_colors(view, pt)
    view.set_document(text, [claim, date])
    both = column_colors(view, pt)
    base = base_color(view).name()
    claim_line = claim_colors - date_colors - {base}
    date_line = date_colors - claim_colors - {base}
    # each label's underline colour survives where they nest: two lanes, both visible
    strongest = lambda colors: min(colors, key=lambda c: QColor(c).lightness())  # noqa: E731
    assert strongest(claim_line) in both
    assert strongest(date_line) in both
    assert assign_lanes([1, 2], view._index.spans) == {1: 0, 2: 1}
