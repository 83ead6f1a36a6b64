"""Dates in English and Korean prose, as EDTF values (see docs/suggestions.md).

A small rule table, not a general date parser: each rule is one regular expression
(no nested unbounded quantifiers, so time stays linear in the text) and a function that
turns its match into an EDTF string. Overlapping matches are resolved longest-first, so
"from July to October 1950" wins over "October 1950" and "1950". Case never matters
(month names, "From", "BETWEEN"), nor does the position in the sentence.

Conventions: decade parts are early = years 0-3, mid = 4-6, late = 7-9
("early 1950s" -> 1950/1953), Korean 초반/전반/초 = early, 중반 = mid, 후반/말 = late;
parts of a year are early = months 1-4, mid = 5-8, late/end = 9-12 ("1958년 말" ->
1958-09/1958-12); seasons are EDTF codes 21-24, and a winter across two years
("winter of 1950/51") is 1950-12/1951-02; two-digit range ends take the century of the
start ("1954-56" -> 1954/1956). Other calendars are in :mod:`calendars`, events in
:mod:`events`, and what depends on the dates around (open ranges, relative dates,
"from A to B" of any two dates) in :mod:`date_context`, which gives :func:`suggest_dates`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from curator.suggest.base import Candidate, is_valid_edtf, lowered
from curator.suggest.calendars import calendar_candidates
from curator.suggest.date_words import (
    DASH,
    EN_PART_WORDS,
    KO_END,
    KO_YEAR_PARTS,
    MONTHS,
    SEASONS,
    YEAR_PARTS,
    day,
    interval,
    month_number,
    month_re,
    year_re,
    ym,
)
from curator.suggest.identifiers import label_before

__all__ = ["KO_PARTS", "MONTHS", "date_candidates"]

_I = re.IGNORECASE
_TO = r"(?:to|until|till|through|and)"
_NOT_AFTER_YEAR = re.compile(
    r"[A-Za-z]|\s?(?:%|％|[만억조천백십호번차개명원층쪽권장환배인])"
    r"|\s+(?:thousand|million|billion|rubles?|roubles?|dollars?|won|hwan|yuan|yen|tons?|tonnes?"
    r"|people|persons|workers|km|kg|percent|per cent|pages?|times)\b",
    _I,
)
def _two_digit_end(start: int, end: str) -> int | None:
    if len(end) == 4:
        return int(end)
    full = start - start % 100 + int(end)
    return full if full > start else None


def _year_range(m: re.Match[str]) -> str | None:
    y1 = int(m.group("y1"))
    y2 = _two_digit_end(y1, m.group("y2"))
    return None if y2 is None else interval(str(y1), str(y2))


def _month_range(m: re.Match[str]) -> str | None:
    y2 = int(m.group("y2"))
    m1, m2 = month_number(m.group("m1")), month_number(m.group("m2"))
    y1 = int(m.group("y1")) if m.groupdict().get("y1") else (y2 if m1 <= m2 else y2 - 1)
    return interval(ym(y1, m1), ym(y2, m2))


_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
KO_PARTS = {
    "초반": "early", "전반": "early", "초엽": "early", "초기": "early", "초": "early",
    "중반": "mid", "중엽": "mid", "중기": "mid",
    "후반": "late", "말엽": "late", "말기": "late", "후기": "late", "말": "late",
}  # fmt: skip


def decade(year: int, part: str | None) -> str | None:
    if year % 10:
        return None
    if part is None:
        return f"{year // 10:03d}X"
    lo, hi = _PARTS[part]
    return f"{year + lo}/{year + hi}"


def year_part(year: int, part: str) -> str:
    lo, hi = YEAR_PARTS[part]
    return f"{ym(year, lo)}/{ym(year, hi)}"


def season(y1: int, code: int, y2: int | None = None) -> str | None:
    if y2 is None or y2 == y1:
        return f"{y1:04d}-{code}"
    if code == 24 and y2 == y1 + 1:  # a winter across two years: December to February
        return f"{y1:04d}-12/{y2:04d}-02"
    return None


def _ko_month_range(m: re.Match[str]) -> str | None:
    y1 = int(m.group("y1"))
    y2 = int(m.group("y2")) if m.group("y2") else y1
    m1, m2 = int(m.group("mo1")), int(m.group("mo2"))
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return interval(ym(y1, m1), ym(y2, m2))


def ko_month(year: int, m: re.Match[str]) -> str | None:
    """The value of "N월 (D(~D)일)" in ``year``: month, day or day range."""
    month = int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    if not m.group("d"):
        return ym(year, month)
    first = day(year, month, int(m.group("d")))
    if not m.group("d2") or first is None:
        return first
    last = day(year, month, int(m.group("d2")))
    return None if last is None else interval(first, last)


def _dotted(m: re.Match[str]) -> str | None:
    year, month = int(m.group("y")), int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    return day(year, month, int(m.group("d"))) if m.group("d") else ym(year, month)


def _season_ko(m: re.Match[str]) -> str | None:
    y1 = int(m.group("y1"))
    y2 = _two_digit_end(y1, m.group("y2")) if m.group("y2") else None
    return season(y1, SEASONS[m.group("s")], y2)


Rule = tuple[str, "re.Pattern[str]", Callable[[re.Match[str]], str | None], float]
_DAY_EN = lambda m: day(int(m.group("y")), month_number(m.group("m")), int(m.group("d")))
_KO_MONTH_DAY = r"(?P<mo>\d{1,2})월(?:\s?(?P<d>\d{1,2})(?:\s?[~–-]\s?(?P<d2>\d{1,2}))?일)?"
_KO_PART_ALT = "|".join(sorted(KO_YEAR_PARTS, key=len, reverse=True))


def _month_day_range(m: re.Match[str]) -> str | None:
    y, mo = int(m.group("y")), month_number(m.group("m"))
    a, b = day(y, mo, int(m.group("d"))), day(y, mo, int(m.group("d2")))
    return None if a is None or b is None else interval(a, b)


# Rules are grouped by the anchor they start at; each is tried with ``pattern.match`` at
# every anchor found by one fast scan, instead of scanning the whole text once per rule.
FROM_RULES: list[Rule] = [  # anchored at "from" / "between"
    ("month range (English)", re.compile(
        rf"\b(?:from|between)\s+{month_re('m1')}(?:,?\s+{year_re('y1')})?\s+{_TO}\s+"
        rf"{month_re('m2')},?\s+(?:(?:in|of)\s+)?{year_re('y2')}", _I), _month_range, 0.95),
    ("year range (English)", re.compile(
        rf"\b(?:from|between)\s+{year_re('y1')}\s+{_TO}\s+{year_re('y2')}", _I), _year_range, 0.95),
]
MONTH_RULES: list[Rule] = [  # anchored at a month name
    ("month range (English)", re.compile(
        rf"{month_re('m1')}\s*[-–—]\s*{month_re('m2')},?\s+{year_re('y2')}", _I), _month_range, 0.95),
    ("day range (English)", re.compile(
        rf"{month_re('m')}\s+(?P<d>\d{{1,2}})\s?[-–]\s?(?P<d2>\d{{1,2}}),?\s+{year_re('y')}", _I),
     _month_day_range, 0.95),
    ("day (English)", re.compile(
        rf"{month_re('m')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year_re('y')}", _I), _DAY_EN, 0.95),
    ("month (English)", re.compile(rf"{month_re('m')},?\s+(?:(?:in|of)\s+)?{year_re('y')}", _I),
     lambda m: ym(int(m.group("y")), month_number(m.group("m"))), 0.9),
]
SEASON_RULES: list[Rule] = [  # anchored at a season word
    ("season (English)", re.compile(
        rf"(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{year_re('y1')}"
        rf"(?:\s?[/–-]\s?(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}})(?!\d))?", _I),
     lambda m: season(int(m.group("y1")), SEASONS[m.group("s").lower()],
                      _two_digit_end(int(m.group("y1")), m.group("y2")) if m.group("y2") else None), 0.9),
]
_DAY_BEFORE = re.compile(r"(?<![\d.])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$", _I)  # "25 June 1950"
_DAYS_BEFORE = re.compile(r"(?<![\d.])(\d{1,2})\s?[-–]\s?(\d{1,2})\s+$")  # "5–7 March 1953"
YEAR_RULES: list[Rule] = [  # anchored at a four-digit year
    ("season (Korean)", re.compile(
        rf"{year_re('y1')}(?:\s?[/~–-]\s?(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}}))?년\s?(?P<s>봄|여름|가을|겨울)"),
     _season_ko, 0.9),
    ("year range", re.compile(
        rf"{year_re('y1')}년?\s?(?:{DASH}|/)\s?(?P<y2>1\d{{3}}|20\d{{2}}|\d{{2}})(?!\d|[.,]\d)년?"),
     _year_range, 0.9),
    ("year range (English)", re.compile(
        rf"{year_re('y1')}\s+(?:to|until|till|through)\s+{year_re('y2')}", _I), _year_range, 0.9),
    ("decade (English)", re.compile(rf"{year_re('y')}['’]?s\b(?P<part>)"),
     lambda m: decade(int(m.group("y")), None), 0.9),
    ("year range (Korean)", re.compile(
        rf"{year_re('y1')}년?\s?(?:부터|에서)\s?{year_re('y2')}년\s?까지"), _year_range, 0.95),
    ("month range (Korean)", re.compile(
        rf"{year_re('y1')}년\s?(?P<mo1>\d{{1,2}})월?\s?(?:부터|{DASH})\s?(?:{year_re('y2')}년\s?)?"
        r"(?P<mo2>\d{1,2})월(?:\s?까지)?"), _ko_month_range, 0.95),
    ("month (Korean)", re.compile(rf"{year_re('y')}년\s?{_KO_MONTH_DAY}"),
     lambda m: ko_month(int(m.group("y")), m), 0.95),
    ("part of a year (Korean)", re.compile(rf"{year_re('y')}년\s?(?P<part>{_KO_PART_ALT}){KO_END}"),
     lambda m: year_part(int(m.group("y")), KO_YEAR_PARTS[m.group("part")]), 0.9),
    ("decade (Korean)", re.compile(
        rf"{year_re('y')}년대(?:\s?(?P<kpart>초반|전반|초엽|초기|중반|중엽|중기|후반|말엽|말기|후기|"
        rf"초{KO_END}|말{KO_END}))?"),
     lambda m: decade(int(m.group("y")), KO_PARTS[m.group("kpart")] if m.group("kpart") else None), 0.9),
    ("year (Korean)", re.compile(rf"{year_re('y')}년(?!대)"), lambda m: m.group("y"), 0.9),
]
# "1961. 6. 10." (Korean dotted dates): the dot after the month is required
DOTTED = re.compile(r"(?<![\d.,])(?P<y>1\d{3}|20\d{2})\.\s?(?P<mo>\d{1,2})\.(?:\s?(?P<d>\d{1,2})\.?(?!\d))?")
_PART_BEFORE = re.compile(
    r"\b(?P<part>early|mid|late)(?:-|\s+|\s*-\s*)(?:the\s+)?$"
    r"|\b(?:the\s+)?(?P<of>beginning|start|middle|end|close)\s+of\s+(?:the\s+(?:year\s+)?)?$", _I)
_PART_HINTS = re.compile("early|mid|late|beginning|start|end|close")
_CENTURY_BEFORE = re.compile(r"\b(?P<c>1\d|20|[1-9])(?:st|nd|rd|th)[\s-]+$", _I)

_YEAR_SCAN = re.compile(r"1\d{3}|20\d{2}")
# anchors, found in the lowered text (see base.lowered): month names, "from", seasons
MONTH_SCAN = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_FROM_SCAN = re.compile("from|between")
_SEASON_SCAN = re.compile("spring|summer|autumn|fall|winter")
_CENTURY_SCAN = re.compile("century")
_BARE_YEAR = re.compile(year_re("y"))
_MONTH_WORD = re.compile(month_re("m"), _I)
_LOOKBACK = 28


def _apply(text: str, pos: int, rules: list[Rule], out: list[Candidate]) -> None:
    for reason, pattern, convert, score in rules:
        m = pattern.match(text, pos)
        if m is None:
            continue
        value = convert(m)
        if value is not None and is_valid_edtf(value):
            out.append(Candidate(pos, m.end(), {"edtf": value}, reason, score, priority=1))


def _identifier_before(text: str, pos: int) -> bool:
    return label_before(text, pos)  # "No. 1950", "p. 1950", "Box 1823", "제1950호"


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalpha()


def _month_anchor(text: str, pos: int, out: list[Candidate]) -> None:
    before = len(out)
    _apply(text, pos, MONTH_RULES, out)
    if len(out) == before or out[-1].reason != "month (English)":
        return
    month = out[-1]
    y, mo = int(month.value["edtf"][:4]), int(month.value["edtf"][5:7])
    if not any(ch.isdigit() for ch in text[max(0, pos - 6) : pos]):
        return
    days = _DAYS_BEFORE.search(text, max(0, pos - 12), pos)
    if days:
        a, b = day(y, mo, int(days.group(1))), day(y, mo, int(days.group(2)))
        value = interval(a, b) if a and b else None
        if value is not None and is_valid_edtf(value):
            out.append(Candidate(days.start(), month.end, {"edtf": value}, "day range (English)", 0.95, 1))
            return
    one = _DAY_BEFORE.search(text, max(0, pos - 12), pos)
    if one:
        value = day(y, mo, int(one.group(1)))
        if value is not None and is_valid_edtf(value):
            out.append(Candidate(one.start(), month.end, {"edtf": value}, "day (English)", 0.95, 1))


_BY_NAME = {rule[0]: rule for rule in YEAR_RULES}
_KOREAN_RULES = [r for r in YEAR_RULES if r[0] not in ("decade (English)",)]
_RANGE_RULES = [_BY_NAME["season (Korean)"], _BY_NAME["year range"]]
_TO_RULES = [_BY_NAME["year range (English)"]]
_TO_WORD = re.compile(r"\s+(?:to|until|till|through)\s", _I)
_DECADE_RULES = [_BY_NAME["decade (English)"]]
_DASHES = "-–—~〜～/"
DASH_CHARS = "-–—~〜～"


def _rules_after(text: str, end: int) -> list[Rule]:
    """The year rules worth trying, by what follows the year: 년 (Korean rules), a dash or
    slash (ranges), "s" (a decade); most years are followed by none of these."""
    a, b = text[end : end + 1], text[end + 1 : end + 2]
    if "년" in (a, b):
        return _KOREAN_RULES
    if (a and a in _DASHES) or (a.isspace() and b and b in _DASHES):
        return _RANGE_RULES
    if a and a in "s'’":
        return _DECADE_RULES
    if a.isspace() and _TO_WORD.match(text, end):
        return _TO_RULES  # "1945 to 1948"
    return []


def _year_anchor(text: str, m: re.Match[str], out: list[Candidate]) -> None:
    pos, end = m.span()
    dotted = DOTTED.match(text, pos) if text[end : end + 1] == "." else None
    if dotted:
        value = _dotted(dotted)
        if value is not None and is_valid_edtf(value):
            out.append(Candidate(pos, dotted.end(), {"edtf": value}, "dotted date (Korean)", 0.9, 1))
    if _BARE_YEAR.match(text, pos) is None or _identifier_before(text, pos):
        return
    if pos >= 2 and text[pos - 1] in DASH_CHARS and text[pos - 2].isdigit():
        return  # the end of "1950-1953" whose range was refused ("pp. 1950-1953")
    before = len(out)
    _apply(text, pos, _rules_after(text, end), out)
    year = int(m.group(0))
    head = lowered(text)[max(0, pos - _LOOKBACK) : pos]
    part = _PART_BEFORE.search(text, max(0, pos - _LOOKBACK), pos) if _PART_HINTS.search(head) else None
    for i in range(before, len(out)):
        c = out[i]
        if c.reason == "decade (English)" and part:
            word = (part.group("part") or part.group("of")).lower()
            value = decade(year, EN_PART_WORDS[word])
            if value is not None:
                out[i] = Candidate(part.start("part") if part.group("part") else part.start("of"), c.end,
                                   {"edtf": value}, "part of a decade (English)", c.score, 1)
    if year >= 1500 and not _NOT_AFTER_YEAR.match(text, end):
        if part:
            word = (part.group("part") or part.group("of")).lower()
            start = part.start("part") if part.group("part") else part.start("of")
            out.append(Candidate(start, end, {"edtf": year_part(year, EN_PART_WORDS[word])},
                                 "part of a year (English)", 0.85, 1))
        out.append(Candidate(pos, end, {"edtf": m.group(0)}, "year", 0.8))


@lru_cache(maxsize=2)
def month_anchors(text: str) -> tuple[int, ...]:
    """Where a month name may start (any case, at the start of a word)."""
    return tuple(m.start() for m in MONTH_SCAN.finditer(lowered(text))
                 if _word_start(text, m.start()) and _MONTH_WORD.match(text, m.start()))


def date_candidates(text: str) -> list[Candidate]:
    """Every rule match (overlapping), plus bare years and other calendars' years."""
    out: list[Candidate] = []
    low = lowered(text)
    for m in _FROM_SCAN.finditer(low):
        if _word_start(text, m.start()):
            _apply(text, m.start(), FROM_RULES, out)
    for pos in month_anchors(text):
        _month_anchor(text, pos, out)
    for m in _SEASON_SCAN.finditer(low):
        if _word_start(text, m.start()):
            _apply(text, m.start(), SEASON_RULES, out)
    for m in _CENTURY_SCAN.finditer(low):
        c = _CENTURY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if c and (m.end() == len(text) or not text[m.end()].isalpha()):
            value = f"{int(c.group('c')) - 1:02d}XX"
            out.append(Candidate(c.start(), m.end(), {"edtf": value}, "century (English)", 0.8, 1))
    for m in _YEAR_SCAN.finditer(text):
        _year_anchor(text, m, out)
    out.extend(calendar_candidates(text))
    return out

