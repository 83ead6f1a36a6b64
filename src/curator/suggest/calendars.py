"""Years of calendars other than the Gregorian that Korean sources use.

* North Korean Juche years: 주체 N년, 주체N(1957)년, "Juche 49 (1960)": N + 1911;
* Dangi years: 단기 4283년: N - 2333;
* Japanese era years of colonial-period sources: 메이지/明治/Meiji (N + 1867), 다이쇼/大正/
  Taishō (N + 1911), 쇼와/昭和/Shōwa (N + 1925), 헤이세이/平成/Heisei (N + 1988), with
  Arabic or kanji numerals and 元年 for the first year;
* Republic of China (Minguo) years: 民國 / 민국 / Minguo N: N + 1911.

The value is the Gregorian EDTF (with a month and day when written: 주체45년 12월), plus
``calendar`` and ``original_year`` (the era and number as written). A Gregorian year in
brackets must agree, or nothing is proposed. :func:`bracketed_year` reads the calendar year
a writer adds after a Gregorian date ("September 1961 (Juche 50)").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from curator.suggest.base import Candidate, find_all, is_valid_edtf, lowered
from curator.suggest.date_words import day, ym


class Era(NamedTuple):
    calendar: str
    offset: int
    first: int  # valid era years
    last: int


_ERAS: dict[str, Era] = {}
for names, era in (
    (("주체", "主體", "主体", "juche"), Era("juche", 1911, 1, 200)),
    (("단기", "檀紀", "dangi", "tangi"), Era("dangi", -2333, 3900, 4400)),
    (("민국", "民國", "民国", "minguo", "min'guo"), Era("minguo", 1911, 1, 120)),
    (("메이지", "明治", "meiji"), Era("japanese", 1867, 1, 45)),
    (("다이쇼", "大正", "taishō", "taisho", "taishô"), Era("japanese", 1911, 1, 15)),
    (("쇼와", "昭和", "shōwa", "showa", "shôwa"), Era("japanese", 1925, 1, 64)),
    (("헤이세이", "平成", "heisei"), Era("japanese", 1988, 1, 31)),
):
    for name in names:
        _ERAS[name] = era

_ERA_ALT = "|".join(sorted((re.escape(n) for n in _ERAS), key=len, reverse=True))
_NUM = r"(?P<n>\d{1,4}|元|원(?=\s?년)|[一二三四五六七八九十]{1,4})"
_ERA = rf"(?P<era>{_ERA_ALT})"
# Hangul or Latin letters may not stand right before an era name ("대한민국", "Pyongyang")
_CALENDAR = re.compile(
    rf"(?<![\uac00-\ud7a3A-Za-z]){_ERA}\s?{_NUM}(?:\s?\((?P<g1>\d{{4}})\))?"
    rf"(?:\s?(?P<suffix>년|年)(?:\s?\((?P<g2>\d{{4}})\))?"
    rf"(?:\s?(?P<mo>\d{{1,2}})\s?[월月](?:\s?(?P<d>\d{{1,2}})\s?[일日])?)?)?",
    re.IGNORECASE,
)
# era names are looked for first: Hangul and CJK ones (rare characters) by one scan, Latin
# ones by the prefix each starts with (str.find: common first letters would slow a scan)
_CJK_SCAN = re.compile("|".join(sorted((re.escape(n) for n in _ERAS if not n[0].isascii()), key=len, reverse=True)))
_LATIN_PREFIXES = tuple(sorted({n[:5] for n in _ERAS if n[0].isascii()}))
_BRACKETED = re.compile(rf"\s?\(\s?{_ERA}\s?{_NUM}\s?(?:년|年)?\s?\)", re.IGNORECASE)
_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in ("元", "원"):
        return 1
    total, digit = 0, 0
    for ch in text:
        if ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch in _KANJI and digit == 0:
            digit = _KANJI[ch]
        else:
            return None
    return total + digit


def gregorian(era_name: str, number: str) -> tuple[Era, int] | None:
    era = _ERAS.get(era_name.lower())
    n = _number(number)
    if era is None or n is None or not era.first <= n <= era.last:
        return None
    return era, n + era.offset


def bracketed_year(text: str, pos: int) -> tuple[int, str, str, int] | None:
    """A calendar year in brackets at ``pos``: (end, calendar, original year, Gregorian year)."""
    m = _BRACKETED.match(text, pos)
    if m is None:
        return None
    found = gregorian(m.group("era"), m.group("n"))
    if found is None:
        return None
    return m.end(), found[0].calendar, text[m.start("era") : m.end("n")], found[1]


def calendar_candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    low = lowered(text)
    starts = [m.start() for m in _CJK_SCAN.finditer(low)] + find_all(low, _LATIN_PREFIXES)
    for start in sorted(starts):
        m = _CALENDAR.match(text, start)
        if m is None:
            continue
        latin = m.group("era")[0].isascii()
        if not (latin or m.group("suffix") or m.group("g1") or m.group("g2")):
            continue  # "주체 사상", "단기 4" without 년: not a year
        found = gregorian(m.group("era"), m.group("n"))
        if found is None:
            continue
        era, year = found
        stated = m.group("g1") or m.group("g2")
        if stated and int(stated) != year:
            continue
        value = str(year)
        if m.group("mo"):
            month = int(m.group("mo"))
            value = (day(year, month, int(m.group("d"))) if m.group("d") else ym(year, month)) or ""
        if not value or not is_valid_edtf(value):
            continue
        out.append(Candidate(m.start(), m.end(), {
            "edtf": value, "calendar": era.calendar, "original_year": text[m.start("era") : m.end("n")],
        }, f"{era.calendar} year", 0.9, priority=2))
    return out
