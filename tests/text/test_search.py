"""Matches of a query as code point spans of the original text, capped, read on."""

from __future__ import annotations

from curator.text.search import Search


def test_search_is_capped_and_reads_further_matches_on_demand():
    text = "xa" * 25
    s = Search(text, "A", limit=10)
    assert len(s.highlighted()) == 10 and not s.complete
    assert s.count_text() == "10+ matches"
    assert s.count_text(3) == "4 of 10+"
    i = s.at_or_after(2 * 17)  # past the cap: read on demand
    assert i == 17 and s.spans[i] == (35, 36)
    assert s.before(35) == 16
    assert s.last() == 24 and s.complete
    assert s.count_text(24) == "25 of 25"
    assert s.index_of(35, 36) == 17 and s.index_of(34, 35) is None


def test_search_offsets_are_into_the_original_text():
    text = "Straße ßß STRASSE ǅx ﬁx İx"  # casefolding would change lengths before each x
    s = Search(text, "X")
    want = [i for i, c in enumerate(text) if c == "x"]
    assert [a for a, _ in s.spans] == want
    assert Search(text, "straße").spans == [(0, 6)]
    assert Search("abc", "").spans == [] and Search("abc", "").count_text() == "No matches"
