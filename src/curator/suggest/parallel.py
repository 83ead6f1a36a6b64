"""Parallel-text consistency: do the Korean and English versions state the same dates
and figures?

1. :func:`language_blocks` splits the text into runs of lines by script: a line is "ko"
   when it has more Hangul syllables/jamo than Latin letters, "en" when it has Latin
   letters and fewer Hangul; lines with no letters join the block they sit in.
2. Blocks of at least ``MIN_BLOCK`` characters are paired when they are neighbours in the
   text, of different languages, and of plausible relative length (an English translation
   runs ``MIN_RATIO``-``MAX_RATIO`` times the Korean length). Short blocks (menus, names)
   are never paired, so a Korean "본문 바로가기" does not make English dates "only in one".
3. Within a pair, each Korean date or figure is paired with its English counterpart by
   value, kind and position, cheapest pairs first: the difference of relative position in
   the block, plus nothing for the same value (EDTF; amount and unit, the qualifier aside),
   ``PRECISION_COST`` for a date that holds or lies in the other ("1960년 4월" and "1960",
   "1958년 8월" and "summer of 1958": no finding, or a "precision" note on request), and
   ``MISMATCH_COST`` plus the distance of the values for a disagreement ("mismatch",
   under ``MAX_COST``). So the second of two equal years pairs with the second, not the
   first. What is left is "only_in_one", unless the other version writes the figure's
   amount as a number the detectors did not read as a figure (no unit, "numbered some 3
   million"): a missed figure is not a disagreement.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from curator.suggest.base import Suggestion
from curator.suggest.date_context import suggest_dates
from curator.suggest.date_words import bounds, contains, first_year
from curator.suggest.figures import suggest_figures
from curator.suggest.korean_numbers import parse_korean_number

MIN_BLOCK = 40
MIN_RATIO, MAX_RATIO = 0.8, 6.0
MAX_COST = 0.6

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    lang: str  # "ko" | "en"


@dataclass(frozen=True)
class Side:
    start: int
    end: int
    quote: str
    value: dict[str, Any] | None
    lang: str


@dataclass(frozen=True)
class Finding:
    kind: str  # "mismatch" | "only_in_one"
    label: str  # "date" | "figure"
    ko: Side | None
    en: Side | None
    message: str


def _line_lang(line: str) -> str | None:
    hangul = len(_HANGUL.findall(line))
    latin = len(_LATIN.findall(line))
    if hangul == 0 and latin == 0:
        return None
    return "ko" if hangul >= latin else "en"


def language_blocks(text: str) -> list[Block]:
    """Maximal runs of lines in one script, trimmed of surrounding whitespace."""
    blocks: list[Block] = []
    cur_lang: str | None = None
    cur_start = cur_end = 0
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        lang = _line_lang(text[pos:line_end])
        if lang is not None:
            if lang != cur_lang:
                if cur_lang is not None:
                    blocks.append(Block(cur_start, cur_end, cur_lang))
                cur_lang, cur_start = lang, pos
            cur_end = line_end
        pos = line_end + 1
    if cur_lang is not None:
        blocks.append(Block(cur_start, cur_end, cur_lang))
    return [_trim(text, b) for b in blocks]


def _trim(text: str, b: Block) -> Block:
    s, e = b.start, b.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Block(s, e, b.lang)


def parallel_pairs(blocks: list[Block]) -> list[tuple[Block, Block]]:
    """(ko, en) pairs of neighbouring blocks that look like translations of each other."""
    big = [b for b in blocks if b.end - b.start >= MIN_BLOCK]
    pairs: list[tuple[Block, Block]] = []
    i = 0
    while i + 1 < len(big):
        a, b = big[i], big[i + 1]
        if a.lang != b.lang:
            ko, en = (a, b) if a.lang == "ko" else (b, a)
            ratio = (en.end - en.start) / (ko.end - ko.start)
            if MIN_RATIO <= ratio <= MAX_RATIO:
                pairs.append((ko, en))
                i += 2
                continue
        i += 1
    return pairs


def _rel(s: Suggestion, block: Block) -> float:
    return (s.start - block.start) / max(1, block.end - block.start)


def _key(s: Suggestion) -> tuple[str, ...]:
    v = s.value or {}
    return (v.get("edtf", ""),) if s.label == "date" else (v.get("amount", ""), v.get("unit", ""))


def _describe(s: Suggestion) -> str:
    v = s.value or {}
    if s.label == "date":
        return f"'{s.quote}' = {v.get('edtf')}"
    amount = Decimal(v.get("amount", "0"))
    return f"'{s.quote}' = {amount:,} {v.get('unit')}"


def _within_date(outer: str, inner: str) -> bool:
    """``inner`` lies in ``outer``; an open interval ``D/..`` holds what starts at or after D."""
    if outer.endswith("/..") and not inner.endswith("/.."):
        lo = bounds(outer[:-3])
        b = bounds(inner)
        return lo is not None and b is not None and b[0][: len(lo[0])] >= lo[0]
    return contains(outer, inner)


def _relation(a: Suggestion, b: Suggestion) -> tuple[str, float] | None:
    """How ``a`` (Korean) and ``b`` (English) relate: ("same" | "precision" | "mismatch",
    value distance), or None when they cannot be counterparts."""
    va, vb = a.value or {}, b.value or {}
    if _key(a) == _key(b):
        return "same", 0.0
    if a.label == "date":
        ea, eb = va.get("edtf", ""), vb.get("edtf", "")
        if _within_date(ea, eb) or _within_date(eb, ea):
            return "precision", PRECISION_COST
        ya, yb = first_year(ea), first_year(eb)
        gap = abs(ya - yb) if ya is not None and yb is not None else 10
        shape = 0.0 if ea[4:] == eb[4:] else 0.1  # "1966-10" is likelier "1967-10" than "1967"
        return "mismatch", MISMATCH_COST + min(0.3, 0.05 * gap) + shape
    if va.get("unit") != vb.get("unit"):
        return None
    x, y = Decimal(va["amount"]), Decimal(vb["amount"])
    if x <= 0 or y <= 0:
        return "mismatch", MISMATCH_COST + 1.0
    return "mismatch", MISMATCH_COST + abs(math.log10(x) - math.log10(y))


def _side(s: Suggestion, lang: str) -> Side:
    return Side(s.start, s.end, s.quote, s.value, lang)


NEAREST = 16  # candidates per item considered (keeps long blocks near-linear)
PRECISION_COST = 0.05  # a pair at different precision is nearly as good as an exact one
MISMATCH_COST = 0.25  # a disagreement is paired only when nothing agrees nearby


def _compare(text: str, ko: Block, en: Block, ko_items: list[Suggestion], en_items: list[Suggestion],
             notes: bool) -> list[Finding]:
    """Pair every Korean item with its English counterpart by value, kind and position:
    the cheapest pairs first (position difference in the block, plus nothing for the same
    value, a little for the same value at another precision, more for a disagreement)."""
    en_rel = [_rel(b, en) for b in en_items]
    costs = []
    for i, a in enumerate(ko_items):
        ra = _rel(a, ko)
        j0 = bisect_left(en_rel, ra)
        near = set(range(max(0, j0 - NEAREST // 2), min(len(en_items), j0 + NEAREST // 2)))
        near |= {j for j, b in enumerate(en_items) if _key(b) == _key(a)} if len(en_items) <= 4 * NEAREST else set()
        for j in near:
            rel = _relation(a, en_items[j])
            if rel is None:
                continue
            cost = abs(ra - en_rel[j]) + rel[1]
            if rel[0] != "same" and cost >= MAX_COST:
                continue
            costs.append((cost, i, j, rel[0]))
    costs.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    findings: list[Finding] = []
    for _, i, j, kind in costs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = ko_items[i], en_items[j]
        if kind == "mismatch":
            findings.append(Finding("mismatch", a.label, _side(a, "ko"), _side(b, "en"),
                                    f"{a.label} differs: {_describe(a)} (ko) vs {_describe(b)} (en)"))
        elif kind == "precision" and notes:
            findings.append(Finding("precision", a.label, _side(a, "ko"), _side(b, "en"),
                                    f"{a.label} at another precision: {_describe(a)} (ko) vs {_describe(b)} (en)"))
    # unpaired items: only in one version, unless the other states the value in words the
    # detectors did not read as a date or figure (a bare number, a year alone)
    ko_loose, en_loose = _loose_values(text, ko), _loose_values(text, en)
    for i, a in enumerate(ko_items):
        if i not in used_a and not _stated(a, en_loose):
            findings.append(Finding("only_in_one", a.label, _side(a, "ko"), None,
                                    f"{a.label} only in the Korean text: {_describe(a)}"))
    for j, b in enumerate(en_items):
        if j not in used_b and not _stated(b, ko_loose):
            findings.append(Finding("only_in_one", b.label, None, _side(b, "en"),
                                    f"{b.label} only in the English text: {_describe(b)}"))
    return findings


_NUMBER = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?[십백천만억조]+(?:\s?\d+(?:,\d{3})*\s?[십백천만억조]+)*)?"
    r"(?:\s+(?:thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _loose_values(text: str, block: Block) -> set[Decimal]:
    """Every number written in ``block`` (any unit or none), as amounts."""
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(text, block.start, block.end):
        raw = m.group(0)
        try:
            words = raw.split()
            if words and words[-1].lower() in _SCALE:
                out.add(Decimal(words[0].replace(",", "")) * _SCALE[words[-1].lower()])
            elif any(ch in "십백천만억조" for ch in raw):
                out.add(parse_korean_number(raw))
            else:
                out.add(Decimal(raw.replace(",", "")))
        except (ValueError, ArithmeticError):
            continue
    return out


def _stated(s: Suggestion, loose: set[Decimal]) -> bool:
    return s.label == "figure" and Decimal((s.value or {}).get("amount", "0")) in loose


def _within(items: list[Suggestion], starts: list[int], block: Block, label: str) -> list[Suggestion]:
    lo, hi = bisect_left(starts, block.start), bisect_left(starts, block.end)
    return [s for s in items[lo:hi] if s.label == label and s.end <= block.end]


def check_parallel(text: str, *, country: str | None = None, notes: bool = False) -> list[Finding]:
    """Disagreements between the Korean and English versions of the same passage.

    ``country`` is the document's country (what 원/won is); with ``notes``, values that
    agree at different precision ("1960년 4월" and "1960") are returned as "precision"
    findings too (otherwise they give none)."""
    pairs = parallel_pairs(language_blocks(text))
    if not pairs:
        return []
    items = sorted(suggest_dates(text) + suggest_figures(text, country=country), key=lambda s: s.start)
    starts = [s.start for s in items]
    findings: list[Finding] = []
    for ko, en in pairs:
        for label in ("date", "figure"):
            findings.extend(_compare(text, ko, en, _within(items, starts, ko, label),
                                     _within(items, starts, en, label), notes))
    findings.sort(key=lambda f: min(s.start for s in (f.ko, f.en) if s is not None))
    return findings
