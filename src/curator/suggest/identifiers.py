"""Identifiers that are never dates or figures, found once for all detectors.

ISBN and ISSN groups, DOIs and URLs, archive references ("RG 469, Entry 1276, Box 12",
"PA AA, MfAA, A 7137"), citation volumes and page ranges ("21, no. 2 (2016): 1127–48",
"pp. 1953–71", "233~268쪽", "『한국사연구』 178,"), law, article, table and figure numbers
("Law No. 31", "Article 5", "Table 3", "법률 제31호", "제5조", "<표 2>") and footnote
numbers glued to a sentence ("줄었다.12)"). A date or figure overlapping one of these
spans is not proposed; :func:`drop_in_zones` also applies a caller's noise zones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import TypeVar

_KEYWORD_PATTERNS = (
    r"\bISBN(?:-1[03])?:?\s*[\dXx][\d\s-]{8,16}[\dXx]\b",
    r"\b97[89]-\d{1,5}-\d{1,7}-\d{1,7}-[\dXx]\b",
    r"\b[ep]?-?ISSN:?\s*\d{4}-?\d{3}[\dXx]\b",
    r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/[^\s\"<>]+",
    r"\bhttps?://[^\s\"<>]+",
    r"\b(?:RG|Record\s+Group|Box|Folder|Entry|Fonds|Reel|Decimal\s+File|fond|opis|delo)\.?\s?\d[\w./:-]*",
    r"\b\d{1,4},\s*no\.\s*\d+",
    r"\b(?:pp?|pages?)\.?\s*\d{1,5}(?:\s?[–-]\s?\d{1,5})?",
    r"\d{1,5}\s?[~–-]\s?\d{1,5}\s?(?:쪽|페이지)",
    r"\b(?:Law|Act|Ordinance|Decree|Order|Directive|Resolution)\s(?:No|Number)\.?\s?\d+(?:[-.]\d+)*\b",
    (r"\b(?:Article|Art|Section|Sec|Table|Figure|Fig|Chapter|Chap|Appendix|No|Nos|Vol|Volume|Issue"
     r"|Map|Plate|Document|Doc)\.?\s?\d+(?:[-.]\d+)*[a-z]?\b"),
    r"제\s?\d+\s?(?:조|항|호|차|기|장|절|권|집|회|편|부|관|목|표)",
    r"(?:법률|법령|조례|칙령|제령|부령|정령)\s?제?\s?\d+\s?호",
    r"[<〈\[［]\s?(?:표|그림|도표|사진|지도)\s?\d+(?:[-.]\d+)?\s?[>〉\]］]",
    r"(?<![\uac00-\ud7a3])(?:표|그림)\s\d+(?:[-.]\d+)?(?!\d)",
    r"(?<=[.。!?’”\"'])\d{1,3}\)",
)
_KEYWORDS = re.compile("|".join(_KEYWORD_PATTERNS), re.IGNORECASE)
# capitalised codes with a number in a reference list: "(PL 480)", "MfAA, A 7137" (not an
# era, not a currency; after a bracket, comma or semicolon, so "IN 1950" of a heading is free)
_CODES = re.compile(
    r"(?:(?<=[(\[])|(?<=[,;]\s))(?!(?:AD|BC|CE|BCE|USD|KRW|KPW|KRH|RUB|CNY|JPY|EUR|GBP|US)\s)"
    r"[A-Z]{1,3}\s\d{3,6}\b(?![.,]\d)"
)
# the pages of a citation: "(2016): 1127–48"
_PAGES = re.compile(r"\(\d{4}\)[:,]\s*(?P<p>\d{1,5}(?:\s?[–-]\s?\d{1,5})?)")
# a volume after a journal title in Korean brackets: "『한국사연구』 178,"
_KO_VOLUME = re.compile(r"[』》]\s*(?P<p>\d{1,4}(?:\s?[(（]\d{1,3}[)）])?)(?=\s?[,，])")


def identifier_zones(text: str) -> list[tuple[int, int]]:
    """Sorted, merged spans of ``text`` that are identifiers."""
    spans = [m.span() for m in _KEYWORDS.finditer(text)]
    spans += [m.span() for m in _CODES.finditer(text)]
    spans += [m.span("p") for m in _PAGES.finditer(text)]
    spans += [m.span("p") for m in _KO_VOLUME.finditer(text)]
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


T = TypeVar("T")


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
