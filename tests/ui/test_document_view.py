"""The document view: code-point selections (mouse, keys, signals), clicks on
highlights, the span index. Painting: ``test_document_view_paint.py``; accepted edits
and very long lines: ``test_document_view_edits.py``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from curator.ui.views.document_view import Span

from .view_helpers import char_point, gap_text, selected_text, shown_view, u16_point

MIXED = "Année 1958년 😀 cost 5억 7,600만 원.\n𠀀 한국어 text\twith tab\n\n끝 🇰🇷 end"


@pytest.fixture
def view(qtbot):
    return shown_view(qtbot)


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
    # as the window does: the clicked one becomes current (cycling goes on from it)
    view.annotationClicked.connect(view.set_current_annotation)
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


def test_click_right_half_of_last_character_on_a_wrapped_line(view):
    text = "가" * 3000  # no spaces: wraps between characters
    view.set_document(text, [])
    line = view.document().firstBlock().layout().lineAt(0)
    last = line.textStart() + line.textLength() - 1
    view.set_document(text, [(1, last, last + 1, "date"), (2, last + 1, last + 2, "figure")])
    # the text was laid out again: a QTextLine of the old layout would point at freed memory
    line = view.document().firstBlock().layout().lineAt(0)
    assert line.textStart() + line.textLength() - 1 == last
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


# ----- the document and the span index ---------------------------------------------------


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
