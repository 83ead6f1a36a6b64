"""The document view's plain-Python layers: display breaks and their map, and the span
index moving spans through accepted edits (no widget needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.text.edits import Edit, EditMap
from curator.text.offsets import Utf16Map
from curator.ui.views.display_map import (
    DisplayMap,
    breaks_for_regions,
    choose_breaks,
    display_text,
    edited_utf16_map,
    long_runs,
    scan_text,
    shift_breaks,
    visible_controls,
)
from curator.ui.views.span_index import SpanIndex

ALPHABET = list("ab z.") + ["\n", "한", "국", "😀", "𠀀", "\u0301"]


def lines_of(text: str, breaks: list[int]) -> list[str]:
    return display_text(text, breaks).replace("\u2029", "\n").split("\n")


def test_long_runs_finds_only_long_lines():
    text = "short\n" * 1000 + "x" * 9000 + "\nend" + "\n" + "y" * 4001
    runs = list(long_runs(text, limit=4000))
    first = text.index("x")
    last = text.index("y")
    assert runs == [(first, first + 9000), (last, last + 4001)]
    assert list(long_runs("z" * 4000, limit=4000)) == []


def test_breaks_after_a_space_and_never_before_a_combining_mark():
    text = ("word " * 3000).strip()
    breaks = choose_breaks(text, limit=100)
    assert breaks and all(text[b - 1] == " " for b in breaks)
    assert max(len(line) for line in lines_of(text, breaks)) <= 100
    accents = "e\u0301" * 300  # no space: cut anywhere, but keep each accent on its letter
    cuts = choose_breaks(accents, limit=99)
    assert cuts and all(accents[b] == "e" for b in cuts)
    assert display_text(accents, cuts).replace("\n", "") == accents


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(ALPHABET), max_size=300), limit=st.integers(4, 40))
def test_display_map_round_trips(text, limit):
    breaks = choose_breaks(text, limit=limit)
    shown = display_text(text, breaks)
    assert max(len(line) for line in lines_of(text, breaks)) <= limit
    dmap = DisplayMap(Utf16Map.of(text), breaks)
    u16 = shown.encode("utf-16-le")
    assert dmap.length == len(u16) // 2
    for cp in range(len(text) + 1):
        for before in (False, True):
            d = dmap.to_display(cp, before_break=before)
            assert dmap.to_cp(d) == cp
            # the display text before d is the canonical text before cp plus the
            # separators inserted there
            prefix = u16[: 2 * d].decode("utf-16-le")
            assert prefix.replace("\n", "") == text[:cp].replace("\n", "")
    seps = {b + k for k, b in enumerate(Utf16Map.of(text).to_utf16(b) for b in breaks)}
    assert {d for d in range(dmap.length) if dmap.is_inserted(d)} == seps


edit_lists = st.lists(st.tuples(st.integers(0, 150), st.integers(0, 6), st.text(st.sampled_from(ALPHABET), max_size=8)),
                      max_size=5)


def make_edits(text: str, raw) -> list[Edit]:
    """Non-overlapping edits of ``text`` from hypothesis' raw draws."""
    out: list[Edit] = []
    taken = -1
    for start, length, repl in sorted(raw):
        start = min(start, len(text))
        if start <= taken:
            continue
        end = min(start + length, len(text))
        out.append(Edit(start, end, repl))
        taken = end
    return out


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(ALPHABET), max_size=300), raw=edit_lists, limit=st.integers(4, 40))
def test_edited_maps_equal_fresh_ones(text, raw, limit):
    edits = make_edits(text, raw)
    emap = EditMap(len(text), edits)
    new = emap.apply(text)
    triples = [(e.start, e.end, e.replacement) for e in emap.edits]
    assert edited_utf16_map(Utf16Map.of(text), triples, len(new)) == Utf16Map.of(new)
    breaks = choose_breaks(text, limit=limit)
    kept = shift_breaks(breaks, [(e.start, e.end, e.delta) for e in emap.edits])
    # brute force: a break at or inside an edit goes, the others keep their two
    # neighbouring characters
    oracle = [b + sum(e.delta for e in emap.edits if e.end < b)
              for b in breaks if not any(e.start <= b <= e.end for e in emap.edits)]
    assert kept == oracle
    for b in kept:
        assert 0 < b < len(new) and new[b - 1] != "\n" and new[b] != "\n"
    regions, shift = [], 0
    for e in emap.edits:
        regions.append((e.start + shift, e.start + shift + len(e.replacement)))
        shift += e.delta
    extra = breaks_for_regions(new, kept, regions, limit)
    assert not set(extra) & set(kept)
    all_breaks = sorted(kept + extra)
    assert max(len(line) for line in lines_of(new, all_breaks)) <= limit


# lengths 2**k - 1 sit at the edge of their length class, where the index's shortcut
# (a span of class k ends less than 2**k after its start) is tightest
spans_strategy = st.lists(
    st.tuples(st.integers(0, 119), st.one_of(st.sampled_from([1, 2, 3, 4, 7, 8, 15, 16, 31]), st.integers(1, 80))),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(spans=spans_strategy, raw=edit_lists)
def test_index_moves_spans_like_the_store(spans, raw):
    """Untouched spans move exactly as EditMap.carry moves them; touched ones leave
    the index unless the store's positions are given; text order is kept."""
    length = 150
    text = "x" * length
    items = sorted(
        [(i, s, min(s + n, length), "date") for i, (s, n) in enumerate(spans)], key=lambda t: (t[1], -t[2], t[0])
    )
    edits = make_edits(text, raw)
    emap = EditMap(length, edits)
    index = SpanIndex()
    index.load(items, length)
    carried = {sid: emap.carry(s, e) for sid, s, e, _ in items}
    touched = {sid for sid, c in carried.items() if c.touched}
    given_ids = sorted(touched)[: len(touched) // 2]
    updates = {sid: (sid, carried[sid].start, carried[sid].end, "date") for sid in given_ids}
    gone = index.apply_edits(emap.edits, updates)
    assert {t[0] for t in gone} == touched - set(given_ids)
    expected = {sid: (sid, c.start, c.end, "date") for sid, c in carried.items() if not c.touched or sid in updates}
    assert index.spans == expected
    new_length = emap.edited_length
    for lo in range(0, new_length + 1, 7):
        hi = lo + 9
        assert set(index.overlapping(lo, hi)) == {sid for sid, (_, s, e, _) in expected.items() if s < hi and e > lo}
    assert index.in_text_order() == sorted(expected.values(), key=lambda t: (t[1], -t[2], t[0]))


def test_in_text_order_after_adds_and_unordered_load():
    index = SpanIndex()
    index.load([(3, 50, 60, "date"), (1, 10, 20, "claim"), (2, 10, 30, "claim")], 100)
    assert [t[0] for t in index.in_text_order()] == [2, 1, 3]
    index.add(7, 15, 16, "date")
    index.add(1, 55, 56, "figure")  # moves id 1
    index.add(8, 0, 5, "date")
    assert [t[0] for t in index.in_text_order()] == [8, 2, 7, 3, 1]
    index.remove(7)
    assert [t[0] for t in index.in_text_order()] == [8, 2, 3, 1]


@given(st.text(st.sampled_from(ALPHABET + ["\x00", "\x0c", "\t", "\x7f", "\x1f"]), max_size=80))
def test_one_scan_gives_the_utf16_map_and_whether_controls_are_there(text):
    text_map, controls = scan_text(text)
    assert text_map == Utf16Map.of(text)
    assert controls == (visible_controls(text) != text)
    assert display_text(text, [], controls=controls) == visible_controls(text)
