"""The document view applies accepted edits in place (spans, suggestions, display
breaks and scroll position follow; the main window does so after an accept), and
splits very long lines into display blocks that selections, copies and clicks cross
exactly. (Selections and clicks: ``test_document_view.py``.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from curator.ui.views.document_view import DocumentView

from .view_helpers import base_color, char_point, shown_view


@pytest.fixture
def view(qtbot):
    return shown_view(qtbot)


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
    update = {sid: (c.start, c.end, "date") for sid, c in carried.items() if c.touched and not c.removed}
    view.apply_edits(edits, update)
    assert view.text() == new
    shown = view.toPlainText().replace("\u2029", "\n")
    assert shown.replace("\n", "") == new.replace("\n", "")  # display breaks aside
    assert view.document().characterCount() - 1 == view.display_map.length
    for sid, s, e, _ in spans:
        got = view.span(sid)
        if carried[sid].removed:  # its whole text is gone: the store orphans it, never drawn
            assert got is None
            continue
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
