"""Fast EDTF validation.

``edtf.parse_edtf`` (pyparsing) costs 1-20 ms a call. The shapes historians' dates
usually take (``1950``, ``1950-07``, ``1950-06-25``, ``195X``, ``18XX``, level-0
intervals ``a/b`` of the first three with a <= b, open intervals ``1953/..`` and
``../1950`` of them, and seasons ``1950-21`` … ``1950-24``) are checked here directly against
the calendar; anything else goes to the parser, cached. tests/domain checks that every
shape accepted here is accepted by ``edtf.parse_edtf`` too.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

_SEASON = re.compile(r"\d{4}-2[1-4]")  # spring, summer, autumn, winter of a year
_SUB_YEAR = re.compile(r"(?:^|/)\d{4}-(?:2[1-9]|3\d|4[01])(?:/|$)")  # 21-24 seasons, 25-41 level 2
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
    """True if ``value`` is a valid EDTF string (see the module's docstring)."""
    parts = value.split("/")
    if len(parts) == 2 and ".." in parts:  # an open interval: "1953/..", "../1950"
        known = parts[0] if parts[1] == ".." else parts[1]
        if known != ".." and _SIMPLE_DATE.fullmatch(known):
            return _simple_bounds(known) is not None
    if len(parts) == 1 and _SEASON.fullmatch(value):
        return True
    if _SUB_YEAR.search(value):
        return _parse_edtf_ok(value)  # seasons and other sub-year groupings: the parser decides
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
