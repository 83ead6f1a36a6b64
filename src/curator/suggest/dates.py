"""Dates in English and Korean prose, as EDTF values (see docs/suggestions.md).

A small rule table, not a general date parser: each rule is one regular expression
(no nested unbounded quantifiers, so time stays linear in the text) and a function that
turns its match into an EDTF string. Overlapping matches are resolved longest-first, so
"from July to October 1950" wins over "October 1950" and "1950".

Conventions: decade parts are early = years 0-3, mid = 4-6, late = 7-9
("early 1950s" -> 1950/1953, "mid-1950s" -> 1954/1956, "late 1950s" -> 1957/1959),
Korean 초반/전반/초 = early, 중반 = mid, 후반/말 = late; two-digit range ends take the
century of the start ("1954-56" -> 1954/1956). Every produced value is checked with
``edtf.parse_edtf``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from curator.suggest.base import (
    Candidate,
    Suggestion,
    is_valid_edtf,
    resolve_overlaps,
    to_suggestions,
)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_ALT = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})(?![A-Za-z])"


def _year(name: str) -> str:
    # 1000-2099, not glued to other digits, a decimal point, a thousands separator or money
    return rf"(?<![\d.,$£€₩¥/])(?P<{name}>1\d{{3}}|20\d{{2}})(?![\d]|[.,]\d)"


_TO = r"(?:to|until|till|through|and)"
_DASH = r"[-–—~〜～]"
# what may not follow a year that is a year: a figure unit, a letter, a Korean counter
_NOT_AFTER_YEAR = re.compile(
    r"[A-Za-z]|\s?(?:%|％|[만억조천백십호번차개명원층쪽권장])"
    r"|\s+(?:thousand|million|billion|rubles?|roubles?|dollars?|won|yuan|yen|tons?|tonnes?"
    r"|people|persons|workers|km|kg|percent|per cent|pages?)\b"
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:no|No|NO|nos|Nos|p|pp|page|pages|vol|Vol|art|Art|fig|Fig)\.?\s*|#\s*|제\s?)$"
)


def _m(match: re.Match[str], group: str) -> int:
    return MONTHS[match.group(group).lower().rstrip(".")]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _range(a: str, b: str) -> str | None:
    return f"{a}/{b}" if a < b else None


def _two_digit_end(start: int, end: str) -> int | None:
    if len(end) == 4:
        return int(end)
    full = start - start % 100 + int(end)
    return full if full > start else None


def _year_range(m: re.Match[str]) -> str | None:
    y1 = int(m.group("y1"))
    y2 = _two_digit_end(y1, m.group("y2"))
    return None if y2 is None else _range(str(y1), str(y2))


def _month_range(m: re.Match[str]) -> str | None:
    y2 = int(m.group("y2"))
    m1, m2 = _m(m, "m1"), _m(m, "m2")
    y1 = int(m.group("y1")) if m.groupdict().get("y1") else (y2 if m1 <= m2 else y2 - 1)
    return _range(_ym(y1, m1), _ym(y2, m2))


def _day(year: int, month: int, day: int) -> str | None:
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
KO_PARTS = {
    "초반": "early", "전반": "early", "초엽": "early", "초기": "early", "초": "early",
    "중반": "mid", "중엽": "mid", "중기": "mid",
    "후반": "late", "말엽": "late", "말기": "late", "후기": "late", "말": "late",
}  # fmt: skip


def _decade(year: int, part: str | None) -> str | None:
    if year % 10:
        return None
    if part is None:
        return f"{year // 10:03d}X"
    lo, hi = _PARTS[part]
    return f"{year + lo}/{year + hi}"


def _en_decade(m: re.Match[str]) -> str | None:
    part = m.group("part")
    return _decade(int(m.group("y")), part.lower() if part else None)


def _ko_decade(m: re.Match[str]) -> str | None:
    part = m.group("kpart")
    return _decade(int(m.group("y")), KO_PARTS[part] if part else None)


def _ko_month_range(m: re.Match[str]) -> str | None:
    y1 = int(m.group("y1"))
    y2 = int(m.group("y2")) if m.group("y2") else y1
    m1, m2 = int(m.group("mo1")), int(m.group("mo2"))
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return _range(_ym(y1, m1), _ym(y2, m2))


def _ko_month(m: re.Match[str]) -> str | None:
    month = int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    if m.group("d"):
        return _day(int(m.group("y")), month, int(m.group("d")))
    return _ym(int(m.group("y")), month)


_KO_JOSA_AFTER_PART = r"(?=[^\uac00-\ud7a3]|$|에|의|부터|까지|로|으로|이|은|는|를|을|과|와|에서)"

Rule = tuple[str, "re.Pattern[str]", Callable[[re.Match[str]], str | None], float]
_DAY_EN = lambda m: _day(int(m.group("y")), _m(m, "m"), int(m.group("d")))  # noqa: E731

# Rules are grouped by the anchor they start at; each is tried with ``pattern.match`` at
# every anchor found by one fast scan, instead of scanning the whole text once per rule.
FROM_RULES: list[Rule] = [  # anchored at "from" / "between"
    ("month range (English)", re.compile(
        rf"\b(?:from|between)\s+{_month('m1')}(?:,?\s+{_year('y1')})?\s+{_TO}\s+"
        rf"{_month('m2')},?\s+(?:(?:in|of)\s+)?{_year('y2')}"), _month_range, 0.95),
    ("year range (English)", re.compile(
        rf"\b(?:from|between)\s+{_year('y1')}\s+{_TO}\s+{_year('y2')}"), _year_range, 0.95),
]
MONTH_RULES: list[Rule] = [  # anchored at a month name
    ("month range (English)", re.compile(
        rf"{_month('m1')}\s*[-–—]\s*{_month('m2')},?\s+{_year('y2')}"), _month_range, 0.95),
    ("day (English)", re.compile(
        rf"{_month('m')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_year('y')}"), _DAY_EN, 0.95),
    ("month (English)", re.compile(rf"{_month('m')},?\s+(?:(?:in|of)\s+)?{_year('y')}"),
     lambda m: _ym(int(m.group("y")), _m(m, "m")), 0.9),
]
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")  # "25 June 1950"
YEAR_RULES: list[Rule] = [  # anchored at a four-digit year
    ("year range", re.compile(
        rf"{_year('y1')}년?\s?{_DASH}\s?(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}})(?![\d]|[.,]\d)년?"),
     _year_range, 0.9),
    ("decade (English)", re.compile(rf"{_year('y')}['’]?s\b(?P<part>)"), _en_decade, 0.9),
    ("year range (Korean)", re.compile(
        rf"{_year('y1')}년?\s?(?:부터|에서)\s?{_year('y2')}년\s?까지"), _year_range, 0.95),
    ("month range (Korean)", re.compile(
        rf"{_year('y1')}년\s?(?P<mo1>\d{{1,2}})월?\s?(?:부터|{_DASH})\s?(?:{_year('y2')}년\s?)?"
        r"(?P<mo2>\d{1,2})월(?:\s?까지)?"), _ko_month_range, 0.95),
    ("month (Korean)", re.compile(rf"{_year('y')}년\s?(?P<mo>\d{{1,2}})월(?:\s?(?P<d>\d{{1,2}})일)?"),
     _ko_month, 0.95),
    ("decade (Korean)", re.compile(
        rf"{_year('y')}년대(?:\s?(?P<kpart>초반|전반|초엽|초기|중반|중엽|중기|후반|말엽|말기|후기|"
        rf"초{_KO_JOSA_AFTER_PART}|말{_KO_JOSA_AFTER_PART}))?"), _ko_decade, 0.9),
    ("year (Korean)", re.compile(rf"{_year('y')}년(?!대)"), lambda m: m.group("y"), 0.9),
]
_PART_BEFORE = re.compile(r"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)(?:-|\s+|\s*-\s*)(?:the\s+)?$")
_CENTURY_BEFORE = re.compile(r"\b(?P<c>1\d|20|[1-9])(?:st|nd|rd|th)[\s-]+$")

_YEAR_SCAN = re.compile(r"1\d{3}|20\d{2}")
_MONTH_SCAN = re.compile(
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_FROM_SCAN = re.compile("from|between")
_CENTURY_SCAN = re.compile("century")
_BARE_YEAR = re.compile(_year("y"))
_CONTEXT_MONTH = re.compile(r"\b(?:(?:in|since|until|by|from|during|of|early|late)\s+|mid-)$")
_MONTH_WORD = re.compile(_month("m"))
CONTEXT_WINDOW = 400  # how far back a month alone ("in October") looks for its year
_LOOKBACK = 24


def _apply(text: str, pos: int, rules: list[Rule], out: list[Candidate]) -> None:
    for reason, pattern, convert, score in rules:
        m = pattern.match(text, pos)
        if m is None:
            continue
        value = convert(m)
        if value is not None and is_valid_edtf(value):
            out.append(Candidate(pos, m.end(), {"edtf": value}, reason, score, priority=1))


def _identifier_before(text: str, pos: int) -> bool:
    return _NOT_BEFORE.search(text, max(0, pos - 12), pos) is not None


def date_candidates(text: str) -> list[Candidate]:
    """Every rule match (overlapping), plus bare years; see :func:`suggest_dates`."""
    out: list[Candidate] = []
    for m in _FROM_SCAN.finditer(text):
        _apply(text, m.start(), FROM_RULES, out)
    for m in _MONTH_SCAN.finditer(text):
        pos = m.start()
        if pos and text[pos - 1].isalpha():
            continue
        before = len(out)
        _apply(text, pos, MONTH_RULES, out)
        day = _DAY_BEFORE.search(text, max(0, pos - 12), pos)
        if day and len(out) > before and out[-1].reason == "month (English)":
            month = out[-1]
            value = _day(int(month.value["edtf"][:4]), int(month.value["edtf"][5:7]), int(day.group(1)))
            if value is not None and is_valid_edtf(value):
                out.append(Candidate(day.start(), month.end, {"edtf": value}, "day (English)", 0.95, 1))
    for m in _CENTURY_SCAN.finditer(text):
        c = _CENTURY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if c and (m.end() == len(text) or not text[m.end()].isalpha()):
            value = f"{int(c.group('c')) - 1:02d}XX"
            out.append(Candidate(c.start(), m.end(), {"edtf": value}, "century (English)", 0.8, 1))
    for m in _YEAR_SCAN.finditer(text):
        pos, end = m.span()
        if _BARE_YEAR.match(text, pos) is None or _identifier_before(text, pos):
            continue
        before = len(out)
        _apply(text, pos, YEAR_RULES, out)
        for i in range(before, len(out)):
            if out[i].reason == "decade (English)":
                part = _PART_BEFORE.search(text, max(0, pos - _LOOKBACK), pos)
                if part:
                    value = _decade(int(m.group(0)), part.group("part").lower())
                    if value is not None:
                        c = out[i]
                        out[i] = Candidate(part.start(), c.end, {"edtf": value}, c.reason, c.score, 1)
        if int(m.group(0)) >= 1500 and not _NOT_AFTER_YEAR.match(text, end):
            out.append(Candidate(pos, end, {"edtf": m.group(0)}, "year", 0.8))
    return out


def _contextual_months(text: str, found: list[Candidate]) -> list[Candidate]:
    """"in October" with a year stated shortly before: take that year (lower score)."""
    out: list[Candidate] = []
    starts = [c.start for c in found]
    for m in _MONTH_SCAN.finditer(text):
        ms = m.start()
        full = _MONTH_WORD.match(text, ms)
        if full is None or (ms and text[ms - 1].isalpha()):
            continue
        if not _CONTEXT_MONTH.search(text, max(0, ms - 12), ms):
            continue
        me = full.end()
        i = bisect_left(starts, ms)
        if i < len(found) and found[i].start < me:
            continue  # part of a dated phrase already
        if i > 0 and found[i - 1].end > ms:
            continue
        if re.match(r",?\s*(?:\d|of\s+\d|in\s+\d)", text[me : me + 8]):
            continue
        prev = found[i - 1] if i > 0 else None
        if prev is None or ms - prev.end > CONTEXT_WINDOW:
            continue
        year = _last_year(prev.value["edtf"])
        if year is None:
            continue
        value = _ym(year, _m(full, "m"))
        if is_valid_edtf(value):
            out.append(Candidate(ms, me, {"edtf": value}, "month without year; year from context", 0.5))
    return out


def _last_year(edtf: str) -> int | None:
    last = edtf.split("/")[-1]
    return int(last[:4]) if last[:4].isdigit() else None


def suggest_dates(text: str) -> list[Suggestion]:
    """Dates in ``text`` (English and Korean), sorted by start."""
    found = resolve_overlaps(date_candidates(text))
    extra = _contextual_months(text, found)
    return to_suggestions(text, "date", found + extra)
