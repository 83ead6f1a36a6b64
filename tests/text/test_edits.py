"""Positions and spans carried through edits: a span the edits do not touch quotes
exactly the same text afterwards; a touched one is reported."""

import pytest
from hypothesis import given, strategies as st

from curator.domain import ValidationError
from curator.text.edits import CarriedSpan, Edit, EditMap, carry_span

TEXT = "Inregard to the existence of 1950s industry"


def test_replacement_before_a_span_shifts_it():
    m = EditMap(len(TEXT), [Edit(0, 8, "In regard")])
    new = m.apply(TEXT)
    start = TEXT.index("1950s")
    carried = m.carry(start, start + 5)
    assert new[carried.start:carried.end] == "1950s" and not carried.touched


def test_edit_inside_a_span_widens_to_the_replacement_and_flags_it():
    m = EditMap(len(TEXT), [Edit(2, 8, " regard")])
    carried = m.carry(0, 8)
    assert m.apply(TEXT)[carried.start:carried.end] == "In regard" and carried.touched


def test_insertion_at_span_boundaries_stays_outside():
    start, end = TEXT.index("the"), TEXT.index("the") + 3
    m = EditMap(len(TEXT), [Edit(start, start, "["), Edit(end, end, "]")])
    new = m.apply(TEXT)
    c = m.carry(start, end)
    assert new[c.start:c.end] == "the" and not c.touched
    assert new[c.start - 1:c.end + 1] == "[the]"


def test_span_whose_text_is_removed_is_marked_removed_not_moved_onto_its_neighbour():
    start = TEXT.index("the ")
    m = EditMap(len(TEXT), [Edit(start, start + 4, "")])
    c = m.carry(start, start + 3)
    assert c.touched and c.removed and c.start == c.end == start
    kept = m.carry(start, start + 5)  # one character of it survives: carried, flagged
    assert kept.touched and not kept.removed and kept.end - kept.start == 1
    replaced = EditMap(len(TEXT), [Edit(start, start + 4, "a ")]).carry(start, start + 3)
    assert replaced.touched and not replaced.removed  # replaced, not removed


def test_overlapping_edits_are_refused():
    with pytest.raises(ValidationError):
        EditMap(10, [Edit(1, 5, "x"), Edit(4, 6, "y")])
    with pytest.raises(ValidationError):
        EditMap(10, [Edit(3, 3, "x"), Edit(3, 5, "y")])
    with pytest.raises(ValidationError):
        EditMap(10, [Edit(8, 12, "x")])


ALPHABET = st.sampled_from(list("ab 한국\n😀𠀀."))


@st.composite
def text_edits_spans(draw):
    text = draw(st.text(ALPHABET, min_size=1, max_size=60))
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=8)))
    edits, last = [], -1
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a <= last or (edits and a == edits[-1].start):
            continue
        edits.append(Edit(a, b, draw(st.text(ALPHABET, max_size=5))))
        last = b
    spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)), max_size=10))
    spans = [(a, b) for a, b in spans if a < b]
    return text, edits, spans


@given(text_edits_spans())
def test_untouched_spans_quote_the_same_text_after_the_edits(case):
    text, edits, spans = case
    m = EditMap(len(text), edits)
    new = m.apply(text)
    assert len(new) == m.edited_length
    for a, b in spans:
        if not new:
            break
        c = m.carry(a, b)
        if c.removed:  # its whole text went: an empty, touched span where it was
            assert c.touched and 0 <= c.start == c.end <= len(new)
            continue
        assert 0 <= c.start < c.end <= len(new)
        if not c.touched:
            assert new[c.start:c.end] == text[a:b]


@given(text_edits_spans())
def test_a_span_inside_a_gap_moves_by_its_shift_exactly_as_carry_puts_it(case):
    """The bulk rule (one UPDATE per gap) and the one-by-one rule are the same rule."""
    text, edits, spans = case
    m = EditMap(len(text), edits)
    gaps = m.gaps()
    assert len(gaps) == len(m.edits) + 1
    for a, b in spans:
        inside = [shift for lo, hi, shift in gaps if lo <= a and b <= hi]
        c = m.carry(a, b)
        assert bool(inside) == (not c.touched), (a, b, gaps)
        if inside:
            assert (c.start, c.end) == (a + inside[0], b + inside[0])


def test_carry_span_through_a_chain_stops_where_the_text_is_removed():
    first = EditMap(10, [Edit(0, 2, "")])  # "ab" goes: positions shift by -2
    second = EditMap(8, [Edit(5, 8, "")])  # then the end of the text
    assert carry_span(4, 6, [first, second]) == CarriedSpan(2, 4, False)
    assert carry_span(7, 9, [first, second]).touched
    assert carry_span(7, 10, [first, second]).removed
    assert carry_span(3, 5, []) == CarriedSpan(3, 5, False)
