"""Words and small helpers shared by the date rules (dates, calendars, events, context).

Month names, the year pattern, Korean particles, and the EDTF bounds of a value: the
first and last day-precision parts of ``1950``, ``195X``, ``1950-07/1950-10``, ``1950-21``
(a season) or an open interval, which ranges, open ranges and relative dates are built from.
"""

from __future__ import annotations

import re
from functools import lru_cache

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_ALT = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])"
)
DASH = r"[-–—~〜～]"
# a Korean particle or ending that may follow a date word ("말에", "초의", "후부터")
KO_JOSA = r"(?:에서|에는|에도|에|의|부터|까지|보다|처럼|만큼|로|으로|이|은|는|를|을|과|와|도|만|경|께|쯤)"
KO_END = rf"(?=[^\uac00-\ud7a3]|$|{KO_JOSA})"
# seasons: EDTF level 1 codes
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24,
           "봄": 21, "여름": 22, "가을": 23, "겨울": 24}  # fmt: skip
# parts of a year: early = months 1-4, mid = 5-8, late = 9-12 (docs/suggestions.md)
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "first half": (1, 6), "second half": (7, 12)}
KO_YEAR_PARTS = {
    "초": "early", "초반": "early", "초엽": "early", "연초": "early", "중반": "mid", "중엽": "mid",
    "말": "late", "말경": "late", "후반": "late", "말엽": "late", "연말": "late",
    "상반기": "first half", "하반기": "second half",
}  # fmt: skip
EN_PART_WORDS = {
    "early": "early", "beginning": "early", "start": "early", "mid": "mid", "middle": "mid",
    "late": "late", "end": "late", "close": "late",
}  # fmt: skip


def month_re(name: str) -> str:
    return rf"(?P<{name}>{MONTH_ALT})(?![A-Za-z])"


def year_re(name: str) -> str:
    """1000-2099, not glued to other digits, a decimal point, a thousands separator or
    money; a full stop and one to three digits may follow only as a footnote number
    before the next sentence ("27 July 1953.7 From 1954 ...")."""
    return (
        rf"(?<![\d.,$£€₩¥/])(?P<{name}>1\d{{3}}|20\d{{2}})"
        r"(?!\d|,\d|\.\d(?!\d{0,2}(?:\s+[A-Z\"“‘(]|\s*$)))"
    )


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def day(year: int, month: int, d: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= d <= 31):
        return None
    return f"{year:04d}-{month:02d}-{d:02d}"


def interval(a: str, b: str) -> str | None:
    return f"{a}/{b}" if a < b else None


@lru_cache(maxsize=8192)
def bounds(edtf: str) -> tuple[str, str] | None:
    """First and last part of ``edtf`` as plain dates (``195X`` -> 1950, 1959; a season
    keeps its code); None for an open end or a shape not handled here."""
    parts = edtf.split("/")
    if len(parts) > 2 or any(p in ("", "..") for p in parts):
        return None
    lo, hi = _part_bounds(parts[0]), _part_bounds(parts[-1])
    if lo is None or hi is None:
        return None
    return lo[0], hi[1]


_DECADE = re.compile(r"\d{3}X")
_CENTURY = re.compile(r"\d{2}XX")
_PLAIN = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _part_bounds(part: str) -> tuple[str, str] | None:
    if _DECADE.fullmatch(part):
        return part[:3] + "0", part[:3] + "9"
    if _CENTURY.fullmatch(part):
        return part[:2] + "00", part[:2] + "99"
    if _PLAIN.fullmatch(part):
        return part, part
    return None


def first_year(edtf: str) -> int | None:
    """The year a relative date ("the same year", "이듬해") counts from: the first year of
    the previous date (of an open interval, its known end)."""
    for part in edtf.split("/"):
        if part[:4].isdigit():
            return int(part[:4])
        if re.fullmatch(r"\d{3}X|\d{2}XX", part):
            return None
    return None


def contains(outer: str, inner: str) -> bool:
    """``inner`` lies within ``outer`` (both EDTF with plain bounds; a season as its year)."""
    a, b = bounds(_season_as_months(outer)) or (None, None), bounds(_season_as_months(inner)) or (None, None)
    if a[0] is None or b[0] is None:
        return False
    return a[0] <= b[0][: len(a[0])] and b[1][: len(a[1])] <= a[1]


_SEASON_MONTHS = {"21": ("03", "05"), "22": ("06", "08"), "23": ("09", "11"), "24": ("12", "12")}


def _season_as_months(edtf: str) -> str:
    m = re.fullmatch(r"(\d{4})-(2[1-4])", edtf)
    if m is None:
        return edtf
    lo, hi = _SEASON_MONTHS[m.group(2)]
    return f"{m.group(1)}-{lo}/{m.group(1)}-{hi}"
