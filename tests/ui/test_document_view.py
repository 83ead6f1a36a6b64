"""The document view: code-point selections, clicks on highlights, painted spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from curator.ui.views.document_view import DocumentView, Span

MIXED = "Année 1958년 😀 cost 5억 7,600만 원.\n𠀀 한국어 text\twith tab\n\n끝 🇰🇷 end"


@pytest.fixture
def view(qtbot):
    w = DocumentView()
    qtbot.addWidget(w)
    w.resize(520, 320)
    w.show()
    qtbot.waitExposed(w)
    return w


def u16_point(view: DocumentView, cp: int) -> QPoint:
    """Viewport point of the caret position before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.text_map.to_utf16(cp))
    return view.cursorRect(cursor).center()


def char_point(view: DocumentView, cp: int) -> QPoint:
    """Viewport point in the middle of the glyph of code point ``cp``."""
    a, b = u16_point(view, cp), u16_point(view, cp + 1)
    return QPoint((a.x() + b.x()) // 2, a.y())


def pixel(view: DocumentView, point: QPoint) -> QColor:
    return view.viewport().grab().toImage().pixelColor(point)


def base_color(view: DocumentView) -> QColor:
    return view.palette().color(view.viewport().backgroundRole())


def selected_text(view: DocumentView) -> str:
    return view.textCursor().selectedText().replace("\u2029", "\n")


# ----- selection -------------------------------------------------------------------------


def test_mouse_drag_selects_code_points(view, qtbot):
    view.set_document(MIXED, [])
    start, end = MIXED.index("1958"), MIXED.index("cost")
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, u16_point(view, start))
    QTest.mouseMove(vp, u16_point(view, end))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, u16_point(view, end))
    assert view.selection_cp() == (start, end)
    assert selected_text(view) == MIXED[start:end] == "1958년 😀 "


def test_mouse_drag_across_lines_and_astral(view):
    view.set_document(MIXED, [])
    start, end = MIXED.index("원"), MIXED.index("text")
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, u16_point(view, start))
    QTest.mouseMove(vp, u16_point(view, end))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, u16_point(view, end))
    assert view.selection_cp() == (start, end)
    assert selected_text(view) == "원.\n𠀀 한국어 "


def test_shift_right_selects_whole_characters(view):
    view.set_document(MIXED, [])
    start = MIXED.index("😀") - 1
    view.select_cp(start, start)
    view.setFocus()
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    # space, emoji (two UTF-16 units, one code point), space
    assert view.selection_cp() == (start, start + 3)
    assert selected_text(view) == " 😀 "
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    s, e = view.selection_cp()
    assert s == start and MIXED[s:e] == selected_text(view)


def test_select_cp_round_trip_every_character(view):
    view.set_document(MIXED, [])
    for cp in range(len(MIXED)):
        view.select_cp(cp, cp + 1)
        assert view.selection_cp() == (cp, cp + 1)
        assert selected_text(view) == MIXED[cp]


def test_line_and_paragraph_separators_tabs_map_exactly(view):
    text = "a\u2028b\tc\u2029d 𠀀e\nf"
    view.set_document(text, [])
    assert view.document().characterCount() - 1 == view.text_map.utf16_length
    for cp in range(len(text)):
        view.select_cp(cp, len(text))
        got = view.textCursor().selectedText().replace("\u2029", "\n")
        assert got == text[cp:].replace("\u2029", "\n")
        assert view.selection_cp() == (cp, len(text))


def test_carriage_return_is_refused(view):
    with pytest.raises(ValueError, match="line endings"):
        view.set_document("a\r\nb", [])


def test_selection_signal_in_code_points(view, qtbot):
    view.set_document(MIXED, [])
    start = MIXED.index("한")
    with qtbot.waitSignal(view.cpSelectionChanged) as blocker:
        view.select_cp(start, start + 3)
    assert blocker.args == [start, start + 3]
    with qtbot.waitSignal(view.cpSelectionChanged) as blocker:
        view.select_cp(start, start)
    assert blocker.args == [-1, -1]
    assert view.selection_cp() is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab z\n\t.") + ["한", "국", "어", "😀", "𠀀", "\U0001f1f0"]),
        min_size=1,
        max_size=60,
    ),
    data=st.data(),
)
def test_property_select_cp_matches_qt(view, text, data):
    view.set_document(text, [])
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    view.select_cp(start, end)
    assert view.selection_cp() == (start, end)
    assert selected_text(view) == text[start:end]


# ----- spans and clicks ------------------------------------------------------------------

CLAIM_TEXT = "The plant opened in March 1958 and produced 5,000 tons of steel.\nNext line."


def nested_spans():
    date_s = CLAIM_TEXT.index("March")
    fig_s = CLAIM_TEXT.index("5,000")
    return [
        (1, 0, CLAIM_TEXT.index("\n"), "claim"),
        (2, date_s, date_s + len("March 1958"), "date"),
        (3, date_s + 6, date_s + 10, "date"),  # "1958" inside "March 1958"
        (4, fig_s, fig_s + len("5,000 tons"), "figure"),
    ]


def test_spans_at_innermost_first(view):
    view.set_document(CLAIM_TEXT, nested_spans())
    year = CLAIM_TEXT.index("1958")
    assert view.spans_at(year) == [3, 2, 1]
    assert view.spans_at(CLAIM_TEXT.index("March")) == [2, 1]
    assert view.spans_at(0) == [1]
    assert view.spans_at(CLAIM_TEXT.index("Next")) == []


def test_click_emits_innermost_then_cycles(view, qtbot):
    view.set_document(CLAIM_TEXT, nested_spans())
    point = char_point(view, CLAIM_TEXT.index("1958") + 1)
    got = []
    view.annotationClicked.connect(got.append)
    for _ in range(4):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert got == [3, 2, 1, 3]
    got.clear()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        char_point(view, CLAIM_TEXT.index("plant")),
    )
    assert got == [1]
    got.clear()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        char_point(view, CLAIM_TEXT.index("Next")),
    )
    assert got == []


def test_click_on_astral_character_span(view):
    text = "ab 𠀀𠀀 cd 😀 ef"
    view.set_document(text, [(7, text.index("😀"), text.index("😀") + 1, "figure")])
    got = []
    view.annotationClicked.connect(got.append)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        char_point(view, text.index("😀")),
    )
    assert got == [7]


def gap_text(lines: int) -> str:
    """Lines with a wide run of spaces in the middle, where a pixel sample hits no glyph."""
    return "\n".join(f"line{i:04d}          tail" for i in range(lines))


def gap_point(view: DocumentView, text: str, line: int) -> QPoint:
    cp = text.index(f"line{line:04d}") + 12
    return char_point(view, cp)


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


def test_set_document_validates_and_clear(view):
    with pytest.raises(ValueError, match="outside the text"):
        view.set_document("abc", [(1, 2, 5, "date")])
    view.set_document("abc", [Span(1, 0, 2, "date")])
    assert view.span(1) == Span(1, 0, 2, "date")
    view.clear_document()
    assert view.toPlainText() == "" and view.span_count() == 0
    assert view.spans_at(0) == []


def test_read_only_and_default_context_menu_policy(view):
    assert view.isReadOnly()
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
    view.set_document("abc", [])
    view.setFocus()
    QTest.keyClicks(view, "xyz")
    assert view.toPlainText() == "abc"


def test_spans_in_any_order_and_duplicate_ids(view):
    text = gap_text(3)
    shuffled = [(3, 30, 35, "date"), (1, 2, 40, "claim"), (2, 30, 33, "figure"), (4, 0, 2, "date")]
    view.set_document(text, shuffled)
    assert view.spans_at(31) == [2, 3, 1]
    assert view.spans_at(1) == [4]
    with pytest.raises(ValueError, match="same id"):
        view.set_document(text, [(1, 0, 2, "date"), (1, 3, 4, "date")])
    assert view.spans_at(31) == [2, 3, 1]  # a refused document changes nothing


def test_giant_paragraph_paints_only_visible_lines(view, qtbot):
    """One 200,000-character paragraph with a claim over all of it and 5,000 dates:
    the highlights show in its middle, and a frame looks at the visible lines only."""
    text = "word          " * 15_000 + "\nend"
    para = text.index("\n")
    spans = [(1, 0, para, "claim")] + [(10 + i, i * 40, i * 40 + 4, "date") for i in range(5_000)]
    view.set_document(text, spans)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    assert view.firstVisibleBlock().blockNumber() == 0  # still inside the paragraph
    layout = view.document().firstBlock().layout()
    origin_y = view.blockBoundingGeometry(view.document().firstBlock()).translated(view.contentOffset()).top()
    line = next(
        layout.lineAt(i) for i in range(layout.lineCount())
        if layout.lineAt(i).y() + origin_y > view.viewport().height() / 2
    )
    cp = line.textStart() + (8 - line.textStart() % 14) % 14 + 2  # inside a gap of spaces
    pt = char_point(view, cp)
    assert 0 < pt.y() < view.viewport().height()
    claim_px = pixel(view, pt)
    assert claim_px != base_color(view)
    # only the lines on screen are considered for painting, not the whole paragraph
    shown = view._visible_blocks()
    assert len(shown) == 1 and shown[0].b - shown[0].a < 5_000
    assert shown[0].a <= cp < shown[0].b
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
    assert view._assign_lanes([1, 2]) == {1: 0, 2: 1}


def test_click_right_half_of_last_character_on_a_wrapped_line(view):
    text = "가" * 3000  # no spaces: wraps between characters
    view.set_document(text, [])
    line = view.document().firstBlock().layout().lineAt(0)
    last = line.textStart() + line.textLength() - 1
    view.set_document(text, [(1, last, last + 1, "date"), (2, last + 1, last + 2, "figure")])
    got = []
    view.annotationClicked.connect(got.append)
    a, b = u16_point(view, last), u16_point(view, last + 1)
    assert b.y() > a.y()  # the next character starts the next visual line
    x_end = round(line.cursorToX(last + 1)[0]) - 2
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        QPoint(x_end + round(view._block_origin(view.document().firstBlock()).x()), a.y()),
    )
    assert got == [1]


def test_new_document_clears_selection_for_listeners(view, qtbot):
    view.set_document("x" * 1000, [])
    view.select_cp(500, 600)
    with qtbot.waitSignal(view.cpSelectionChanged) as blocker:
        view.set_document("short", [])
    assert blocker.args == [-1, -1]
    assert view.selection_cp() is None


span_lists = st.lists(
    st.tuples(st.integers(0, 5_000), st.one_of(st.integers(1, 12), st.integers(1, 5_000)), st.sampled_from(["claim", "date", "figure"])),
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(initial=span_lists, added=span_lists, removed=st.lists(st.integers(0, 130), max_size=30), data=st.data())
def test_property_span_index_matches_brute_force(initial, added, removed, data):
    from curator.ui.views.document_view import _SpanIndex

    length = 10_000
    index = _SpanIndex()
    truth = {i: (s, s + n, lab) for i, (s, n, lab) in enumerate(initial)}
    index.load([(i, s, e, lab) for i, (s, e, lab) in truth.items()][::-1], length)
    for j, (s, n, lab) in enumerate(added):
        sid = data.draw(st.integers(0, 130))  # sometimes replaces an existing id
        truth[sid] = (s, s + n, lab)
        index.add(sid, s, s + n, lab)
    for sid in removed:
        assert index.remove(sid) == (truth.pop(sid, None) is not None)
    for _ in range(10):
        lo = data.draw(st.integers(0, length))
        hi = data.draw(st.integers(lo + 1, length + 1))
        expected = {sid for sid, (s, e, _) in truth.items() if s < hi and e > lo}
        assert set(index.overlapping(lo, hi)) == expected
        at = index.at(lo)
        assert set(at) == {sid for sid, (s, e, _) in truth.items() if s <= lo < e}
        lengths = [truth[sid][1] - truth[sid][0] for sid in at]
        assert lengths == sorted(lengths)  # innermost (shortest) first
