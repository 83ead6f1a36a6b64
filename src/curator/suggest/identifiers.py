"""Identifiers that are never dates or figures.

Two kinds. Spans found once per text (:func:`identifier_zones`): ISBN and ISSN groups,
DOIs and URLs, citation page ranges and volumes ("(2016): 1127–48", "233~268쪽",
"『한국사연구』 178,", "21, no. 2"); a date or figure overlapping one is not proposed
(:func:`drop_in_zones` also applies a caller's noise zones). And numbers right after a
label (:func:`label_before`): archive references ("RG 469", "Entry 1276", "Box 1823"),
page numbers ("p. 5", "pp. 1953–71"), law, article, table and figure numbers ("Law No.
31", "Article 5", "Table 3", "법률 제31호", "제5조"). Footnote numbers glued to a
sentence ("27 July 1953.7", "다.12)") have neither a unit nor the shape of a date, and
:mod:`dates` reads the year before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from curator.suggest.base import lowered

T = TypeVar("T")

# (words to find first, how far back the identifier may start, pattern): each pattern is
# tried only around its words, each word found by a scan of the lowered text
# (base.lowered) for that literal alone; a scan with the whole patterns, or with an
# alternation of words, would try every position of a long text. Numbers after a label
# ("Box 1823", "pp. 1953–71", "Law No. 31", "제31호") are left to label_before; numbers glued
# to "/", "." or other digits (DOIs, URLs) are never read as years or amounts.
_RULES: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (("isbn",), 0, r"isbn(?:-1[03])?:?\s*[\dx][\d\s-]{8,16}[\dx]"),
    (("978-", "979-"), 0, r"97[89]-\d{1,5}-\d{1,7}-\d{1,7}-[\dx]"),
    (("issn",), 2, r"[ep]?-?issn:?\s*\d{4}-?\d{3}[\dx]"),
    (("10.",), 0, r"10\.\d{4,9}/[^\s\"<>]+"),
    (("http",), 0, r"https?://[^\s\"<>]+"),
    (("쪽", "페이지"), 16, r"\d{1,5}\s?[~–-]\s?\d{1,5}\s?(?:쪽|페이지)"),
    (("(",), 0, r"\(\d{4}\)[:,]\s*(?P<p>\d{1,5}(?:\s?[–-]\s?\d{1,5})?)"),  # "(2016): 1127–48": the pages
    (("』", "》"), 0, r"[』》]\s*(?P<p>\d{1,4}(?:\s?[(（]\d{1,3}[)）])?)(?=\s?[,，])"),  # "『…』 178,": the volume
)
_COMPILED = [(tuple(re.compile(re.escape(w)) for w in words), back, re.compile(pattern))
             for words, back, pattern in _RULES]
_NO = re.compile(r"\d{1,4},\s*$")  # "21, no. 2": the volume before "no."
# a label before a number that makes it an identifier: "Table 3", "Article 5", "No. 31"
LABELS = frozenset({
    "article", "art", "section", "sec", "table", "figure", "fig", "chapter", "chap", "appendix", "no", "nos",
    "vol", "volume", "issue", "map", "plate", "document", "doc", "box", "folder", "file", "item", "entry", "reel",
    "rg", "p", "pp", "page", "pages",
})


def label_before(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` follows a label ("No. 1950", "p. 1950", "Box 1823",
    "Table 3", "#3", "§ 5", "제1차", "Box 1823", "Law No. 31", "RG 469"); word tests, not a
    pattern search, as this runs for
    every number of a long text."""
    i = pos - 1
    while i >= 0 and i >= pos - 2 and text[i] == " ":
        i -= 1
    if i < 0:
        return False
    last = text[i]
    if last in "제#§":
        return True
    if last != "." and not (last.isascii() and last.isalpha()):
        return False  # most numbers: after a Hangul word, a bracket, a digit
    head = text[max(0, pos - 12) : pos]
    bare = head.rstrip()
    if not bare or bare.endswith(("제", "#", "§")):
        return bool(bare)
    if len(bare) < len(head) or bare.endswith("."):
        word = bare.rsplit(None, 1)[-1].lstrip("([<{\"'“‘").rstrip(".").lower()
        return word in LABELS
    return False


@lru_cache(maxsize=2)
def identifier_zones(text: str) -> list[tuple[int, int]]:
    """Sorted, merged spans of ``text`` that are identifiers."""
    low = lowered(text)
    spans = []
    for words, back, pattern in _COMPILED:
        hits = sorted(w.start() for word in words for w in word.finditer(low))
        last = -1
        for hit in hits:
            if hit < last:
                continue
            for m in pattern.finditer(low, max(0, hit - back), min(len(low), hit + 64)):
                if not m.start() <= hit < m.end():
                    continue
                start = m.start("p") if "p" in pattern.groupindex else m.start()
                if low[start].isascii() and low[start].isalpha() and start and low[start - 1].isalnum():
                    continue  # inside a word: "inbox 3"
                spans.append((start, m.end()))
                last = m.end()
    pos = low.find("no.")
    while pos >= 0:
        vol = _NO.search(low, max(0, pos - 10), pos)
        if vol is not None:
            spans.append((vol.start(), pos + 3))
        pos = low.find("no.", pos + 1)
    return merge_spans(spans)


def drop_identifiers(text: str, items: list[T]) -> list[T]:
    """``items`` (with ``start``/``end``) that overlap no identifier."""
    return drop_in_zones(items, identifier_zones(text))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def drop_in_zones(items: list[T], zones: Iterable[tuple[int, int]]) -> list[T]:
    """``items`` (with ``start``/``end``) that overlap none of ``zones``."""
    merged = merge_spans(zones)
    if not merged:
        return items
    starts = [z[0] for z in merged]
    kept = []
    for it in items:
        i = bisect_left(starts, it.end)  # zones starting before the item's end
        if i > 0 and merged[i - 1][1] > it.start:
            continue
        kept.append(it)
    return kept
