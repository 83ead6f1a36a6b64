"""Trimming a hand-made selection to what was meant."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from curator.text.spans import trim_span


def test_whitespace_at_the_ends_is_left_out_and_inner_whitespace_kept():
    text = " 576 million rubles \n\u3000\u00a0 5억\t루블\u2028"
    start = text.index("576") - 1
    assert trim_span(text, start, text.index("rubles") + len("rubles ") + 1) == (start + 1, text.index("rubles") + 6)
    at = text.index("\u3000")  # an ideographic and a no-break space before "5억"
    assert trim_span(text, at, len(text)) == (text.index("5억"), text.index("루블") + 2)
    assert trim_span(text, 1, 4) == (1, 4)  # nothing to trim
    assert trim_span(text, 0, 1) is None and trim_span(text, text.index("\n"), text.index("5억")) is None


@given(st.text(st.sampled_from(list(" \t\n\u2028\u3000\u00a0ab한😀")), max_size=12), st.data())
def test_the_trimmed_span_is_the_selection_stripped(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = trim_span(text, start, end)
    chosen = text[start:end]
    if span is None:
        assert chosen.strip() == ""
    else:
        assert text[span[0]:span[1]] == chosen.strip() and start <= span[0] < span[1] <= end
