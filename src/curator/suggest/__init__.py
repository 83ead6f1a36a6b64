"""Suggestion detectors: dates, figures and claims in English and Korean text, and the
parallel-text consistency check. Pure functions over a text; no Qt, no store.

Conventions (EDTF choices, units, what is never proposed) are in docs/suggestions.md.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable

from curator.suggest.base import KINDS, Suggestion
from curator.suggest.claims import suggest_claims
from curator.suggest.date_context import suggest_dates
from curator.suggest.events import Event, builtin_events, events_from_json
from curator.suggest.figures import suggest_figures
from curator.suggest.korean_numbers import parse_korean_number
from curator.suggest.parallel import (
    Block,
    Finding,
    Side,
    check_parallel,
    language_blocks,
)

_DETECTORS = ("date", "figure", "claim")


def suggest(text: str, kinds: Iterable[str] = KINDS, *, country: str | None = None,
            excluded: Iterable[tuple[int, int]] = (), events: Iterable[Event] | None = None) -> list[Suggestion]:
    """All suggestions of the requested kinds, sorted by start (then end, label).

    Dates win over figures on the same characters (a figure never overlaps a date);
    claims are whole sentences and may contain dates and figures. The document's context,
    all optional: ``country`` (ISO code; "KP" makes 원/won the North Korean won),
    ``excluded`` spans where nothing is proposed (noise zones: running headers, site
    boilerplate), ``events`` of the store added to the shipped events table.
    """
    wanted = tuple(kinds)
    unknown = [k for k in wanted if k not in _DETECTORS]
    if unknown:
        raise ValueError(f"unknown suggestion kind(s): {', '.join(unknown)}; use {', '.join(KINDS)}")
    excluded = [tuple(z) for z in excluded]
    out: list[Suggestion] = []
    dates: list[Suggestion] = []
    if "date" in wanted:
        dates = suggest_dates(text, events=events, excluded=excluded)
        out.extend(dates)
    if "figure" in wanted:
        out.extend(_without_overlap(suggest_figures(text, country=country, excluded=excluded), dates))
    if "claim" in wanted:
        out.extend(suggest_claims(text))
    out.sort(key=lambda s: (s.start, s.end, s.label))
    return out


def _without_overlap(items: list[Suggestion], blockers: list[Suggestion]) -> list[Suggestion]:
    if not blockers:
        return items
    starts = [b.start for b in blockers]
    kept = []
    for s in items:
        i = bisect_left(starts, s.end)
        if i > 0 and blockers[i - 1].end > s.start:
            continue
        kept.append(s)
    return kept


__all__ = [
    "Block",
    "Event",
    "Finding",
    "Side",
    "Suggestion",
    "builtin_events",
    "check_parallel",
    "events_from_json",
    "language_blocks",
    "parse_korean_number",
    "suggest",
    "suggest_claims",
    "suggest_dates",
    "suggest_figures",
]
