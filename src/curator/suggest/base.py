"""The :class:`Suggestion` type shared by every detector, and small shared helpers.

Detectors are pure functions ``text -> list[Suggestion]``: no Qt, no store. Offsets are
code points into the text they were given (for Curator's stored texts: the canonical NFC
text), and ``quote == text[start:end]`` always holds.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

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


_SIMPLE_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|(\d{3})X|(\d{2})XX")


def _simple_bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """Earliest and latest day of a level-0 date or an unspecified decade/century, if
    ``value`` is one and is a real calendar date; None otherwise."""
    m = _SIMPLE_DATE.fullmatch(value)
    if m is None:
        return None
    if m.group(4):
        decade = int(m.group(4)) * 10
        return (decade, 1, 1), (decade + 9, 12, 31)
    if m.group(5):
        century = int(m.group(5)) * 100
        return (century, 1, 1), (century + 99, 12, 31)
    year = int(m.group(1))
    if m.group(2) is None:
        return (year, 1, 1), (year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if m.group(3) is None:
        return (year, month, 1), (year, month, last)
    day = int(m.group(3))
    if not 1 <= day <= last:
        return None
    return (year, month, day), (year, month, day)


def is_valid_edtf(value: str) -> bool:
    """True if ``value`` is a valid EDTF string.

    The shapes the detectors produce (``1950``, ``1950-07``, ``1950-06-25``, ``195X``,
    ``18XX`` and level-0 intervals ``a/b`` of the first three with a <= b) are checked
    here directly against the calendar; anything else goes to ``edtf.parse_edtf``. The
    parser costs 1-9 ms a call, which on a long document with thousands of distinct
    values would dominate the whole run; tests/suggest check that every shape accepted
    here is accepted by ``edtf.parse_edtf`` too.
    """
    parts = value.split("/")
    if len(parts) == 1 and _SIMPLE_DATE.fullmatch(value):
        return _simple_bounds(value) is not None
    if len(parts) == 2 and "X" not in value and all(_SIMPLE_DATE.fullmatch(p) for p in parts):
        a, b = _simple_bounds(parts[0]), _simple_bounds(parts[1])
        return a is not None and b is not None and a[0] <= b[1]
    return _parse_edtf_ok(value)


@lru_cache(maxsize=4096)
def _parse_edtf_ok(value: str) -> bool:
    from edtf import EDTFParseException, parse_edtf

    try:
        parse_edtf(value)
    except (EDTFParseException, ValueError):
        return False
    return True


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
