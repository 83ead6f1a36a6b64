"""The document view: code-point selections, clicks on highlights, painted spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from curator.ui.views.document_view import DocumentView, Span
from curator.ui.views.span_paint import assign_lanes

MIXED = "Année 1958년 😀 cost 5억 7,600만 원.\n𠀀 한국어 text\twith tab\n\n끝 🇰🇷 end"


@pytest.fixture
def view(qtbot):
    w = DocumentView()
    qtbot.addWidget(w)
    w.resize(520, 320)
    w.show()
    qtbot.waitExposed(w)
    return w


def u16_point(view: DocumentView, cp: int, *, before_break: bool = False) -> QPoint:
    """Viewport point of the caret position before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.display_position(cp, before_break=before_break))
    return view.cursorRect(cursor).center()


def char_point(view: DocumentView, cp: int) -> QPoint:
    """Viewport point in the middle of the glyph of code point ``cp``."""
    a, b = u16_point(view, cp), u16_point(view, cp + 1, before_break=True)
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


# ----- accepted edits applied in place -------------------------------------------------

EDIT_ALPHABET = list("ab z.\n") + ["한", "국", "😀", "𠀀"]
raw_edits = st.lists(st.tuples(st.integers(0, 80), st.integers(0, 5), st.text(st.sampled_from(EDIT_ALPHABET), max_size=6)),
                     min_size=1, max_size=4)


def edits_of(text: str, raw) -> list[tuple[int, int, str]]:
    out, taken = [], -1
    for start, length, repl in sorted(raw):
        start = min(start, len(text))
        if start > taken:
            out.append((start, min(start + length, len(text)), repl))
            taken = out[-1][1]
    return out


def check_edits(view: DocumentView, text: str, spans, suggestions, raw) -> None:
    """Apply random edits the way the window does after an accept (the store's
    positions for the touched spans) and compare with EditMap."""
    from curator.text.edits import Edit, EditMap

    view.set_document(text, spans)
    view.set_suggestions(suggestions)
    edits = edits_of(text, raw)
    emap = EditMap(len(text), [Edit(*e) for e in edits])
    new = emap.apply(text)
    if not new and spans:  # the annotations would have nowhere to go
        with pytest.raises(ValueError, match="whole text"):
            view.apply_edits(edits, {})
        return
    carried = {sid: emap.carry(s, e) for sid, s, e, _ in spans}
    update = {sid: (c.start, c.end, "date") for sid, c in carried.items() if c.touched}
    view.apply_edits(edits, update)
    assert view.text() == new
    shown = view.toPlainText().replace("\u2029", "\n")
    assert shown.replace("\n", "") == new.replace("\n", "")  # display breaks aside
    assert view.document().characterCount() - 1 == view.display_map.length
    for sid, s, e, _ in spans:
        got = view.span(sid)
        assert (got.start, got.end) == (carried[sid].start, carried[sid].end)
        if not carried[sid].touched:
            assert new[got.start:got.end] == text[s:e]  # the quote is unchanged
    kept = {sid for sid, s, e, _ in suggestions if not emap.carry(s, e).touched}
    assert {sid for sid, *_ in suggestions if view.suggestion(sid) is not None} == kept
    if new:
        a = len(new) // 3
        view.select_cp(a, len(new))
        assert view.selection_cp() == (a, len(new))
        assert view.createMimeDataFromSelection().text() == new[a:]
    assert not view.document().isUndoAvailable() and view.document().availableUndoSteps() == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.sampled_from(EDIT_ALPHABET), min_size=1, max_size=80), data=st.data())
def test_property_apply_edits_matches_edit_map(view, text, data):
    spans = [(i, s, s + n, "date") for i, (s, n) in enumerate(
        data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 12)), max_size=15)))]
    spans = [(i, s, min(e, len(text)), lab) for i, s, e, lab in spans]
    suggestions = [(100 + i, s, e, lab) for i, s, e, lab in spans[:5]]
    raw = data.draw(raw_edits)
    check_edits(view, text, spans, suggestions, raw)
    assert view.toPlainText().replace("\u2029", "\n") == view.text()  # no display break here


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.sampled_from(EDIT_ALPHABET[:-4] + ["한", "😀"]), min_size=1, max_size=80), data=st.data())
def test_property_apply_edits_with_display_breaks(view, text, data):
    """The same with display lines of at most 8 code points: breaks at edits go and
    come back where a line grew too long."""
    view.break_limit = 8
    spans = [(i, s, min(s + n, len(text)), "claim") for i, (s, n) in enumerate(
        data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 20)), max_size=10)))]
    check_edits(view, text, spans, [], data.draw(raw_edits))
    doc = view.document()
    blocks = [doc.findBlockByNumber(i) for i in range(doc.blockCount())]
    assert max(len(b.text()) for b in blocks) <= 8  # code points (Python's str)


def test_apply_edits_keeps_scroll_and_refuses_bad_input(view):
    from curator.domain.errors import ValidationError

    text = "".join(f"line {i:04d} 😀 text\n" for i in range(400))
    view.set_document(text, [(1, text.index("line 0300"), text.index("line 0300") + 9, "date")])
    view.set_current_annotation(1)
    bar = view.verticalScrollBar()
    top_text = lambda: view.text()[view.display_map.to_cp(view.firstVisibleBlock().position()):][:9]  # noqa: E731
    before, value = top_text(), bar.value()
    assert before.startswith("line 02")
    below = view.text().index("line 0390")
    view.apply_edits([(below, below + 4, "LINE")], {})
    assert bar.value() == value and top_text() == before
    above = view.text().index("line 0010")
    view.apply_edits([(above, above, "new\nnew\nnew\n"), (above + 5, above + 9, "")], {})  # three lines more above
    assert top_text() == before
    assert view.current_annotation() == 1 and view.text()[view.span(1).start:][:9] == "line 0300"
    with pytest.raises(ValidationError):
        view.apply_edits([(5, 9, "x"), (7, 8, "y")], {})
    with pytest.raises(ValueError, match="outside"):
        view.apply_edits([(0, 4, "")], {1: (0, 10**7, "date")})
    assert view.text().startswith("line 0000")  # a refused batch changed nothing


# ----- very long lines: display breaks ---------------------------------------------------

LONG_WORDS = ["word", "가나다", "😀x", "steel", "1958년"]


def long_line(n: int) -> str:
    import random

    rnd = random.Random(n)
    out, size = [], 0
    while size < n:
        w = rnd.choice(LONG_WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n]


@pytest.fixture
def long_view(view):
    text = long_line(300_000)
    view.set_document(text, [])
    return view, text


def test_long_line_opens_in_many_blocks_and_scrolls(long_view):
    view, text = long_view
    assert "\n" not in text and len(view.display_map.breaks) >= 300_000 // 4000
    assert view.document().blockCount() == len(view.display_map.breaks) + 1
    assert view.verticalScrollBar().maximum() > 50
    assert view.text() == text
    assert view.toPlainText().replace("\n", "") == text  # only separators were added


def test_long_line_selection_round_trips_across_breaks(long_view):
    import random

    view, text = long_view
    rnd = random.Random(7)
    breaks = view.display_map.breaks
    cases = [(rnd.randrange(len(text)), rnd.randrange(len(text))) for _ in range(40)]
    cases += [(b - 1, b + 1) for b in breaks[:5]] + [(b, b + 3) for b in breaks[5:9]] + [(b - 4, b) for b in breaks[9:12]]
    for a, b in cases:
        a, b = min(a, b), max(a, b)
        view.select_cp(a, b)
        assert view.selection_cp() == ((a, b) if b > a else None)
        if b > a:
            mime = view.createMimeDataFromSelection()
            assert mime.text() == text[a:b]
    view.select_cp(breaks[3] - 50, breaks[3] + 50)
    view.copy()
    assert QApplication.clipboard().text() == text[breaks[3] - 50:breaks[3] + 50]


def test_click_on_span_beyond_a_display_break(long_view):
    view, text = long_view
    b = view.display_map.breaks[40]
    start = text.index(" ", b + 200) + 1
    end = text.index(" ", start)
    view.set_document(text, [(9, start, end, "figure")])
    view.set_current_annotation(9)  # scrolls it into view, where it stays
    QApplication.processEvents()
    got = []
    view.annotationClicked.connect(got.append)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, char_point(view, start))
    assert got == [9]
    assert view.spans_at(start) == [9]


def test_break_marks_drawn_after_cut_lines(long_view):
    view, _ = long_view
    view.viewport().repaint()
    block = view.firstVisibleBlock()
    layout = block.layout()
    line = layout.lineAt(layout.lineCount() - 1)
    origin = view._block_origin(block)
    x0 = round(origin.x() + line.x() + line.naturalTextWidth() + 2)
    y0, y1 = round(origin.y() + line.y()), round(origin.y() + line.y() + line.height())
    img = view.viewport().grab().toImage()
    base = base_color(view)
    assert any(img.pixelColor(x, y) != base for x in range(x0, x0 + 12) for y in range(y0, y1))
    view.set_document("short text", [])
    view.viewport().repaint()
    assert not view.display_map.breaks


def test_window_applies_an_accept_in_place_and_undo_reloads(window, store, monkeypatch):
    from curator.domain import Label
    from curator.services import annotations as svc
    from curator.services import corrections as corr
    from curator.services.corpus import load_document

    doc = window.current_doc
    text = doc.text
    words = [m for m in text.split() if len(m) > 4][:3]
    spans = []
    for w in words:  # one span the correction touches, two elsewhere
        i = text.index(w)
        window.view.select_cp(i, i + len(w))
        spans.append(window.tag_selection(Label.DATE))
    target = text.index(words[0])
    proposal = corr.propose_correction(store, doc.id, target, target + 2, "«fixed»", reason="t", author="kim")
    reloads = []
    monkeypatch.setattr(window.view, "set_document", lambda *a: reloads.append(a))
    window.review.accept([proposal.id])
    now = load_document(store, doc.id)
    assert reloads == []  # moved in place, not reloaded
    assert window.view.text() == now.text and window.current_doc.revision_id == now.revision_id
    assert window.view.spans_in_text_order() == svc.list_spans(store, doc.id)
    assert window.panel.model.rowCount() == len(spans)
    assert [window.panel.model.id_at(r) for r in range(len(spans))] == [t[0] for t in svc.list_spans(store, doc.id)]
    monkeypatch.undo()
    window.undo_stack.undo()  # the undo path reloads the base revision
    assert window.view.text() == text and window.current_doc.revision_id == doc.revision_id
