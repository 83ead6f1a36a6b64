"""Dates that depend on the text around them, and :func:`suggest_dates`, which runs them all.

After the rules of :mod:`dates`, :mod:`calendars` and :mod:`events` are resolved
(longest match wins), five general steps read the dates in context:

1. a calendar year in brackets after a date joins it ("September 1961 (Juche 50)");
2. a point event stated with its date is one span with the event's day ("April
   Revolution of 1960", "armistice of 27 July 1953", "1910년 강제병합"); wars, which last
   years, keep their own span;
3. any two dates joined as a range make one ("from the late 1920s to the end of the
   1930s", "1920년대 후반부터 1930년대 말까지"): first day of the one to last of the other;
4. open ranges: after / since / post- / 이후 / 이래 / 후 a date -> ``D/..``; before / prior
   to / pre- / 이전 / 전 a date -> ``../D`` (from the first or to the last day of D); "right
   after", "shortly before" (직후, 직전) are not open: they name the time of D;
5. relative dates take the year of the previous date in the text that is not an aside in
   brackets (its last year): "the same year", "the following year", "that December",
   "October of the same year", "from 5 to 25 March", 같은 해 12월, 이듬해, 전년, and a
   month alone ("in October", "3월 5~25일") up to ``CONTEXT_WINDOW`` characters on.

Dates inside ``excluded`` spans (noise zones) and on identifiers are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from curator.suggest.base import (
    Candidate,
    Suggestion,
    is_valid_edtf,
    lowered,
    resolve_overlaps,
    to_suggestions,
)
from curator.suggest.calendars import bracketed_year
from curator.suggest.date_words import (
    KO_END,
    MONTH_ALT,
    bounds,
    contains,
    day,
    interval,
    month_number,
    ym,
)
from curator.suggest.dates import (
    _KO_MONTH_DAY,
    date_candidates,
    ko_month,
    month_anchors,
)
from curator.suggest.events import Event, event_candidates
from curator.suggest.identifiers import drop_identifiers, drop_in_zones

CONTEXT_WINDOW = 400  # how far back a month alone ("in October") looks for its year
RELATIVE_WINDOW = 800  # and a relative year ("the following year", 이듬해)
_I = re.IGNORECASE
_MONTH = rf"(?P<m>{MONTH_ALT})(?![A-Za-z])"


def _shift(out: list[Candidate], i: int, start: int, end: int, value: dict, reason: str) -> None:
    c = out[i]
    out[i] = Candidate(start, end, value, reason, c.score, c.priority)


def _brackets(text: str, found: list[Candidate]) -> list[Candidate]:
    for i, c in enumerate(found):
        if "calendar" in c.value:
            continue
        b = bracketed_year(text, c.end)
        first = bounds(c.value["edtf"])
        if b is not None and first is not None and int(first[0][:4]) == b[3]:
            value = {"edtf": c.value["edtf"], "calendar": b[1], "original_year": b[2]}
            _shift(found, i, c.start, b[0], value, c.reason + f", {b[1]} year in brackets")
    return found


_OF_IN = re.compile(r"\s+(?:of|in)\s+", _I)
_KO_GAP = re.compile(r"\s?")


def _join_neighbours(found: list[Candidate], join) -> list[Candidate]:
    """``found`` with each candidate and the next replaced by ``join(a, b)`` where that
    gives a candidate (the pair is then consumed), left alone where it gives None."""
    out: list[Candidate] = []
    i = 0
    while i < len(found):
        joined = join(found[i], found[i + 1]) if i + 1 < len(found) else None
        out.append(found[i] if joined is None else joined)
        i += 1 if joined is None else 2
    return out


def _merge_events(text: str, found: list[Candidate]) -> list[Candidate]:
    def join(c: Candidate, nxt: Candidate) -> Candidate | None:
        if nxt.start - c.end > 6:
            return None
        event, date = (c, nxt) if c.reason.startswith("event") else (nxt, c)
        point = event.reason.startswith("event") and "/" not in event.value["edtf"]
        if point and not date.reason.startswith("event"):
            english = event is c and _OF_IN.fullmatch(text, c.end, nxt.start)
            korean = date is c and _KO_GAP.fullmatch(text, c.end, nxt.start) and _is_hangul(text[c.end - 1])
            if (english or korean) and contains(date.value["edtf"], event.value["edtf"]):
                return Candidate(c.start, nxt.end, {"edtf": event.value["edtf"]},
                                 event.reason + " with its date", event.score, 1)
        return None

    return _join_neighbours(found, join)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


_FROM_BEFORE = re.compile(r"\b(?:from|between)\s+(?:the\s+)?$", _I)
_EN_JOIN = re.compile(r"\s+(?:the\s+)?(?:to|until|till|through|and)\s+(?:the\s+)?", _I)
_KO_JOIN = re.compile(r"\s?(?:부터|에서|[~–-])\s?")
_KO_UNTIL = re.compile(r"\s?까지")


def _ranges(text: str, found: list[Candidate]) -> list[Candidate]:
    def join(a: Candidate, b: Candidate) -> Candidate | None:
        if b.start - a.end > 24:
            return None
        gap = text[a.end : b.start]
        start = end = None
        if _EN_JOIN.fullmatch(gap):
            fr = _FROM_BEFORE.search(text, max(0, a.start - 14), a.start)
            if fr:
                start, end = fr.start(), b.end
        elif _KO_JOIN.fullmatch(gap):
            until = _KO_UNTIL.match(text, b.end)
            if until or "~" in gap or "부터" in gap:
                start, end = a.start, until.end() if until else b.end
        lo, hi = bounds(a.value["edtf"]), bounds(b.value["edtf"])
        if start is not None and lo and hi:
            value = interval(lo[0], hi[1])
            if value is not None and is_valid_edtf(value):
                return Candidate(start, end, {"edtf": value}, "range of two dates", 0.9, 1)
        return None

    return _join_neighbours(found, join)


_OPEN_BEFORE = re.compile(
    r"\b(?<!right\s)(?<!just\s)(?<!soon\s)(?<!shortly\s)(?<!immediately\s)"
    r"(?P<w>after|since|post|before|prior\s+to|pre)(?:\s+|-)(?:the\s+)?$", _I)
_OPEN_AFTER = re.compile(rf"\s?(?P<w>이후|이래|以後|以來|후|이전|以前|전){KO_END}")
_AFTER_WORDS = {"after", "since", "post", "이후", "이래", "以後", "以來", "후"}


def _open_ranges(text: str, found: list[Candidate]) -> list[Candidate]:
    for i, c in enumerate(found):
        edtf = c.value["edtf"]
        if ".." in edtf or (b := bounds(edtf)) is None:
            continue
        head = lowered(text)[max(0, c.start - 16) : c.start]
        before = _OPEN_BEFORE.search(text, max(0, c.start - 16), c.start) if any(
            w in head for w in ("after", "since", "post", "before", "prior", "pre")) else None
        after = _OPEN_AFTER.match(text, c.end)
        if before:
            word, start, end = before.group("w").lower(), before.start(), c.end
        elif after:
            word, start, end = after.group("w"), c.start, after.end()
        else:
            continue
        value = f"{b[0]}/.." if word.split()[0] in _AFTER_WORDS else f"../{b[1]}"
        if is_valid_edtf(value):
            _shift(found, i, start, end, {**c.value, "edtf": value}, "open range: " + c.reason)
    return found


_REL_WORDS = {
    "same": 0, "that": 0, "following": 1, "next": 1, "previous": -1, "preceding": -1,
    "같은해": 0, "그해": 0, "동년": 0, "이듬해": 1, "다음해": 1, "익년": 1, "전년": -1, "그전해": -1,
}  # fmt: skip
# relative dates are looked for around cheap anchors found in the lowered text: "year",
# "that", a month name, 해/년 and 월 (a full-text scan with these patterns would try every
# position and cost seconds on a long text)
_REL_EN = re.compile(
    rf"(?:(?P<d>\d{{1,2}})\s+)?(?:{_MONTH}\s+of\s+)?(?:the\s+)?(?P<w>same|following|next|previous|preceding|that)"
    r"\s+year(?![A-Za-z])",
    _I,
)
_THAT_MONTH = re.compile(rf"that\s+(?P<m>{MONTH_ALT})(?![A-Za-z])", _I)
_DAYS_EN = re.compile(
    r"(?:from\s+)?(?P<d1>\d{1,2})(?:\s+(?:to|until|till|through)\s+|\s?[-–]\s?)(?P<d2>\d{1,2})\s+$", _I)
_REL_KO = re.compile(r"같은\s?해|그\s?해|동년|이듬해|다음\s?해|익년|전년|그\s?전해")
_REL_KO_TAIL = re.compile(rf"\s?{_KO_MONTH_DAY}|{KO_END}|(?=도)")
_MONTH_KO = re.compile(_KO_MONTH_DAY)
_CONTEXT_BEFORE = re.compile(r"(?:\b(?:in|since|until|by|from|during|of|early|late)\s+|mid-)$", _I)
_MONTH_WORD = re.compile(_MONTH, _I)
_YEAR_WORD = re.compile("year")
_THAT_WORD = re.compile("that")
_COMMON_WORDS = {"may", "march"}  # month names that are also words: only capitalised alone


def _word_before_ok(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalnum()


def _relative_candidates(text: str) -> list[tuple[int, int, object, str, int]]:
    """(start, end, year -> value, reason, window) of every relative date in ``text``."""
    out: list[tuple[int, int, object, str, int]] = []
    low = lowered(text)
    for y in _YEAR_WORD.finditer(low):
        m = _REL_EN.search(text, max(0, y.start() - 40), y.end())
        if m is None or m.end() != y.end() or not _word_before_ok(text, m.start()):
            continue
        w = m.group("w").lower()
        month, d = m.group("m"), m.group("d")
        if w == "that" and (month or d) is None and m.group(0).lower().startswith("the"):
            continue
        start = m.start("w") if not (month or d) else m.start()
        off = _REL_WORDS[w]
        if month:
            mo = month_number(month)
            conv = (lambda y, off=off, mo=mo, d=int(d): day(y + off, mo, d)) if d else (
                lambda y, off=off, mo=mo: ym(y + off, mo))
        else:
            conv = lambda y, off=off: str(y + off)
        out.append((start, m.end(), conv, "relative date", RELATIVE_WINDOW))
    for t in _THAT_WORD.finditer(low):
        m = _THAT_MONTH.match(text, t.start())
        if m is None or not _word_before_ok(text, t.start()):
            continue
        if m.group("m").lower() in _COMMON_WORDS and not m.group("m")[0].isupper():
            continue
        mo = month_number(m.group("m"))
        out.append((m.start(), m.end(), lambda y, mo=mo: ym(y, mo), "month of that year", RELATIVE_WINDOW))
    for pos in month_anchors(text):
        word = _MONTH_WORD.match(text, pos)
        if word is None:
            continue
        days = _DAYS_EN.search(text, max(0, pos - 24), pos)
        if days and _word_before_ok(text, days.start()):
            mo, d1, d2 = month_number(word.group("m")), int(days.group("d1")), int(days.group("d2"))
            out.append((days.start(), word.end(), lambda y, mo=mo, d1=d1, d2=d2: _day_range(y, mo, d1, d2),
                        "day range; year from context", CONTEXT_WINDOW))
            continue
        if not _CONTEXT_BEFORE.search(text, max(0, pos - 12), pos):
            continue
        if word.group("m").lower() in _COMMON_WORDS and not word.group("m")[0].isupper():
            continue
        if re.match(r",?\s*(?:\d|of\s+\d|in\s+\d)", text[word.end() : word.end() + 8]):
            continue
        mo = month_number(word.group("m"))
        out.append((pos, word.end(), lambda y, mo=mo: ym(y, mo), "month without year; year from context",
                    CONTEXT_WINDOW))
    for m in _REL_KO.finditer(text):
        if m.start() and _is_hangul(text[m.start() - 1]):
            continue
        tail = _REL_KO_TAIL.match(text, m.end())
        if tail is None:
            continue
        off = _REL_WORDS[re.sub(r"\s", "", m.group(0))]
        if tail.groupdict().get("mo"):
            conv = lambda y, off=off, t=tail: ko_month(y + off, t)
        else:
            conv = lambda y, off=off: str(y + off)
        out.append((m.start(), tail.end() if tail.group(0).strip() else m.end(), conv, "relative date",
                    RELATIVE_WINDOW))
    pos = text.find("월")
    while pos >= 0:
        start = pos
        while start > 0 and text[start - 1].isdigit() and pos - start < 3:
            start -= 1
        if 0 < pos - start <= 2 and not (start and (text[start - 1] in ".년" or _is_hangul(text[start - 1])
                                                    or text[start - 1].isdigit())) \
                and text[max(0, start - 2) : start] != "년 ":
            m = _MONTH_KO.match(text, start)
            if m is not None:
                out.append((m.start(), m.end(), lambda y, m=m: ko_month(y, m),
                            "month without year; year from context", CONTEXT_WINDOW))
        pos = text.find("월", pos + 1)
    return out


def _day_range(y: int, mo: int, d1: int, d2: int) -> str | None:
    a, b = day(y, mo, d1), day(y, mo, d2)
    return None if a is None or b is None else interval(a, b)


def _anchor_year(edtf: str) -> int | None:
    for part in reversed(edtf.split("/")):
        if part[:4].isdigit():
            return int(part[:4])
    return None


def _aside(text: str, c: Candidate) -> bool:
    return c.start > 0 and text[c.start - 1] in "(（" and text[c.end : c.end + 1] in (")", "）")


def _relative(text: str, found: list[Candidate]) -> list[Candidate]:
    rel = _relative_candidates(text)
    if not rel:
        return found
    starts = [c.start for c in found]
    events: list[tuple[int, int, Candidate | None, tuple | None]] = [(c.start, 0, c, None) for c in found]
    for r in rel:
        i = bisect_left(starts, r[1])
        if i > 0 and found[i - 1].end > r[0]:
            continue  # part of a dated phrase already
        events.append((r[0], 1, None, r))
    events.sort(key=lambda e: (e[0], e[1]))
    out = list(found)
    last_year, last_end = None, -(10**9)
    taken_end = -1
    for start, _, c, r in events:
        if c is not None:
            if not _aside(text, c):
                y = _anchor_year(c.value["edtf"])
                if y is not None:
                    last_year, last_end = y, c.end
            continue
        r_start, r_end, conv, reason, window = r
        if r_start < taken_end or last_year is None or r_start - last_end > window:
            continue
        value = conv(last_year)
        if value is None or not is_valid_edtf(value):
            continue
        cand = Candidate(r_start, r_end, {"edtf": value}, reason, 0.6 if reason == "relative date" else 0.5)
        out.append(cand)
        taken_end = r_end
        last_year, last_end = _anchor_year(value) or last_year, r_end
    out.sort(key=lambda c: c.start)
    return resolve_overlaps(out)


def date_suggestion_candidates(text: str, events: Iterable[Event] | None = None,
                               excluded: list[tuple[int, int]] = ()) -> list[Candidate]:
    """Resolved date candidates of ``text``: none on an identifier or in ``excluded``."""
    found = resolve_overlaps(date_candidates(text) + event_candidates(text, events))
    found = drop_in_zones(drop_identifiers(text, found), excluded)
    found = _brackets(text, found)
    found = _merge_events(text, found)
    found = _ranges(text, found)
    found = _open_ranges(text, found)
    return _relative(text, found)


def suggest_dates(text: str, *, events: Iterable[Event] | None = None,
                  excluded: Iterable[tuple[int, int]] = ()) -> list[Suggestion]:
    """Dates in ``text`` (English and Korean), sorted by start. ``events`` adds events to the
    shipped table; no date is proposed inside ``excluded`` spans (noise zones) or on an
    identifier."""
    zones = [tuple(z) for z in excluded]
    return to_suggestions(text, "date", drop_in_zones(date_suggestion_candidates(text, events, zones), zones))
