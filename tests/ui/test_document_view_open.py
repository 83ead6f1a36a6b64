"""Opening a document reads only the spans of the first screen (``open_document``): the
first frame is the frame every span gives, the rest are read after it or as soon as
anything needs them, and nothing reads them twice."""

from __future__ import annotations

import random

import pytest

from curator.ui.views.document_view import DocumentView

from .view_helpers import shown_view


def corpus(lines: int = 400, seed: int = 7):
    """A text of short lines, and spans in text order (as ``list_spans`` gives them):
    claims over lines with dates nested inside, overlaps, and long claims (one from the
    very start) reaching far below the first screen."""
    rnd = random.Random(seed)
    text = "\n".join(f"line {i:04d} of the report, 1958, 5억 원 😀 and more words here" for i in range(lines))
    n = len(text)
    ranges = [(3, n * 2 // 3), (40, n // 2), (100, 103)]  # long claims from the first screen down
    for _ in range(1500):
        a = rnd.randrange(0, len(text) - 30)
        ranges.append((a, a + rnd.randint(1, 25)))
    rows = [(sid, s, e, rnd.choice(("claim", "date", "figure"))) for sid, (s, e) in enumerate(ranges, 1)]
    rows.sort(key=lambda r: (r[1], -r[2], r[0]))
    return text, rows


class Reads:
    """A ``read_spans`` over a fixed list, remembering each call."""

    def __init__(self, rows):
        self.rows, self.calls = rows, []

    def __call__(self, before):
        self.calls.append(before)
        return [r for r in self.rows if before is None or r[1] < before]


@pytest.fixture
def view(qtbot):
    v = shown_view(qtbot)
    v.setCursorWidth(0)  # frames compared pixel for pixel: no caret blinking in them
    return v


def frame(view: DocumentView):
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def full_view(qtbot, text, rows, value: int = 0) -> DocumentView:
    other = shown_view(qtbot)
    other.setCursorWidth(0)
    other.set_document(text, rows)
    other.verticalScrollBar().setValue(value)
    return other


def test_first_frame_reads_the_first_screen_and_equals_the_full_one(qtbot, view):
    text, rows = corpus()
    reads = Reads(rows)
    view.open_document(text, reads)
    assert len(reads.calls) == 1 and reads.calls[0] is not None
    bound = reads.calls[0]
    assert 0 < bound < len(text) // 10  # a screen of 320 px, not the text
    assert len(view._idx.spans) == sum(1 for r in rows if r[1] < bound) < len(rows)
    first = frame(view)
    assert reads.calls == [bound]  # painted from the partial read
    assert first == frame(full_view(qtbot, text, rows))
    qtbot.waitUntil(lambda: reads.calls == [bound, None])  # the rest: just after the paint
    assert view.span_count() == len(rows) and reads.calls == [bound, None]
    assert frame(view) == first


def test_anything_needing_every_span_reads_them_first(view):
    text, rows = corpus()
    reads = Reads(rows)
    view.open_document(text, reads)
    late = rows[-1]
    assert view.spans_at(late[1]) and late[0] in view.spans_at(late[1])
    assert reads.calls[1:] == [None]
    assert view.spans_in_text_order() == [tuple(r) for r in rows]
    assert reads.calls[1:] == [None]  # read once


def test_scrolling_past_the_first_screen_before_the_rest_paints_every_span(qtbot, view):
    text, rows = corpus()
    reads = Reads(rows)
    view.open_document(text, reads)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # no event processed: the queued read has not run
    shown = frame(view)
    assert reads.calls[1:] == [None]
    assert shown == frame(full_view(qtbot, text, rows, bar.value()))


def test_spans_handed_over_replace_the_pending_read(qtbot, view):
    text, rows = corpus()
    reads = Reads(rows)
    view.open_document(text, reads)
    view.set_spans(rows)
    qtbot.wait(20)
    assert view.span_count() == len(rows) and len(reads.calls) == 1


def test_a_view_not_laid_out_reads_every_span_at_once(qtbot):
    text, rows = corpus(lines=50)
    hidden = DocumentView()
    qtbot.addWidget(hidden)
    reads = Reads(rows)
    hidden.open_document(text, reads)
    assert hidden.span_count() == len(rows)
    assert len(reads.calls) in (1, 2) and None in reads.calls


def test_a_bad_span_raises_with_the_text_shown(view):
    text, rows = corpus(lines=50)
    with pytest.raises(ValueError):
        view.open_document(text, Reads([(1, 0, len(text) + 5, "claim")]))
    assert view.text() == text and view._idx.spans == {}
