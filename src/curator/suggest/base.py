"""The :class:`Suggestion` type shared by every detector, and small shared helpers.

Detectors are pure functions ``text -> list[Suggestion]``: no Qt, no store. Offsets are
code points into the text they were given (for Curator's stored texts: the canonical NFC
text), and ``quote == text[start:end]`` always holds.
"""

from __future__ import annotations

import string
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# EDTF validation lives with the domain values (DateValue uses the same check)
from curator.domain.edtf_check import is_valid_edtf

__all__ = ["KINDS", "Candidate", "Suggestion", "find_all", "is_valid_edtf", "lowered", "resolve_overlaps", "to_suggestions"]

KINDS: tuple[str, ...] = ("date", "figure", "claim")


@dataclass(frozen=True)
class Suggestion:
    label: str  # "date" | "figure" | "claim"
    start: int  # code points into the text given
    end: int
    quote: str  # == text[start:end]
    value: dict[str, Any] | None  # {"edtf": ...} | {"amount": ..., "unit": ...} | {"summary": ...}
    reason: str  # why it was proposed, e.g. "month range (English)"
    score: float = 1.0  # confidence / rank in [0, 1]


@dataclass(frozen=True)
class Candidate:
    """A match before overlap resolution; ``priority`` breaks ties between equal spans."""

    start: int
    end: int
    value: dict[str, Any]
    reason: str
    score: float = 1.0
    priority: int = 0


def resolve_overlaps(cands: Iterable[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates, preferring the longer span, then higher priority.

    Greedy over candidates sorted by length (desc): O(n log n) plus a sorted-interval check.
    """
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    kept: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint (start, end)
    for c in ordered:
        i = bisect_left(taken, (c.start, c.start))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        insort(taken, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def to_suggestions(text: str, label: str, cands: Iterable[Candidate]) -> list[Suggestion]:
    return [
        Suggestion(label, c.start, c.end, text[c.start : c.end], dict(c.value), c.reason, c.score)
        for c in resolve_overlaps(cands)
    ]


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@lru_cache(maxsize=2)
def lowered(text: str) -> str:
    """``text`` in lower case with the same offsets, for case-blind scans: a scan of the
    lowered text with a plain pattern is many times faster than ``re.IGNORECASE`` over a
    long alternation; the rules then match the original text at the positions found."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def find_all(haystack: str, needles: Iterable[str]) -> list[int]:
    """Sorted start positions of every needle in ``haystack`` (``str.find`` is many times
    faster over a long text than a regular expression trying each position)."""
    out: set[int] = set()
    for needle in set(needles):
        if not needle:
            continue
        pos = haystack.find(needle)
        while pos >= 0:
            out.add(pos)
            pos = haystack.find(needle, pos + 1)
    return sorted(out)
