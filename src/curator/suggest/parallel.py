"""Parallel-text consistency: do the Korean and English versions state the same dates
and figures?

1. :func:`language_blocks` splits the text into runs of lines by script: a line is "ko"
   when it has more Hangul syllables/jamo than Latin letters, "en" when it has Latin
   letters and fewer Hangul; lines with no letters join the block they sit in.
2. Blocks of at least ``MIN_BLOCK`` characters are paired when they are neighbours in the
   text, of different languages, and of plausible relative length (an English translation
   runs ``MIN_RATIO``-``MAX_RATIO`` times the Korean length). Short blocks (menus, names)
   are never paired, so a Korean "본문 바로가기" does not make English dates "only in one".
3. Within a pair, dates (by EDTF value) and figures (by amount and unit) that agree are
   matched first and produce no finding. The rest are paired greedily by the smallest
   cost: difference of relative position in the block, plus, for figures of the same unit,
   the difference of orders of magnitude. Pairs under ``MAX_COST`` are "mismatch"; what is
   left is "only_in_one".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from curator.suggest.base import Suggestion
from curator.suggest.dates import suggest_dates
from curator.suggest.figures import suggest_figures

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


def _cost(a: Suggestion, ra: float, b: Suggestion, rb: float) -> float | None:
    cost = abs(ra - rb)
    if a.label == "figure":
        va, vb = a.value or {}, b.value or {}
        if va.get("unit") != vb.get("unit"):
            return None
        x, y = Decimal(va["amount"]), Decimal(vb["amount"])
        if x <= 0 or y <= 0:
            cost += 1.0 if x != y else 0.0
        else:
            cost += abs(math.log10(x) - math.log10(y))
    return cost


def _side(s: Suggestion, lang: str) -> Side:
    return Side(s.start, s.end, s.quote, s.value, lang)


NEAREST = 16  # candidates per item considered in step 2 (keeps long blocks near-linear)


def _compare(ko: Block, en: Block, ko_items: list[Suggestion], en_items: list[Suggestion]) -> list[Finding]:
    # 1. exact agreement, in order of appearance
    by_key: dict[tuple[str, ...], list[Suggestion]] = {}
    for b in en_items:
        by_key.setdefault(_key(b), []).append(b)
    left: list[Suggestion] = []
    for a in ko_items:
        same = by_key.get(_key(a))
        if same:
            same.pop(0)
        else:
            left.append(a)
    right = sorted((b for group in by_key.values() for b in group), key=lambda b: b.start)
    # 2. closest remaining pairs -> mismatch
    right_rel = [_rel(b, en) for b in right]
    costs = []
    for a in left:
        ra = _rel(a, ko)
        i = bisect_left(right_rel, ra)
        for j in range(max(0, i - NEAREST // 2), min(len(right), i + NEAREST // 2)):
            c = _cost(a, ra, right[j], right_rel[j])
            if c is not None and c < MAX_COST:
                costs.append((c, a.start, right[j].start, a, right[j]))
    costs.sort(key=lambda t: t[:3])
    used_a: set[int] = set()
    used_b: set[int] = set()
    findings: list[Finding] = []
    for _, _, _, a, b in costs:
        if a.start in used_a or b.start in used_b:
            continue
        used_a.add(a.start)
        used_b.add(b.start)
        findings.append(Finding("mismatch", a.label, _side(a, "ko"), _side(b, "en"),
                                f"{a.label} differs: {_describe(a)} (ko) vs {_describe(b)} (en)"))
    # 3. the rest -> only in one version
    for a in left:
        if a.start not in used_a:
            findings.append(Finding("only_in_one", a.label, _side(a, "ko"), None,
                                    f"{a.label} only in the Korean text: {_describe(a)}"))
    for b in right:
        if b.start not in used_b:
            findings.append(Finding("only_in_one", b.label, None, _side(b, "en"),
                                    f"{b.label} only in the English text: {_describe(b)}"))
    return findings


def _within(items: list[Suggestion], starts: list[int], block: Block, label: str) -> list[Suggestion]:
    lo, hi = bisect_left(starts, block.start), bisect_left(starts, block.end)
    return [s for s in items[lo:hi] if s.label == label and s.end <= block.end]


def check_parallel(text: str) -> list[Finding]:
    """Disagreements between the Korean and English versions of the same passage."""
    pairs = parallel_pairs(language_blocks(text))
    if not pairs:
        return []
    items = sorted(suggest_dates(text) + suggest_figures(text), key=lambda s: s.start)
    starts = [s.start for s in items]
    findings: list[Finding] = []
    for ko, en in pairs:
        for label in ("date", "figure"):
            findings.extend(_compare(ko, en, _within(items, starts, ko, label),
                                     _within(items, starts, en, label)))
    findings.sort(key=lambda f: min(s.start for s in (f.ko, f.en) if s is not None))
    return findings
