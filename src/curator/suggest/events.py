"""Events that stand for dates: "the Korean War", "the armistice", 해방, 5·16.

The table of well-known events of modern Korean history is ``events.json`` in this package
(editable; each event has an EDTF date and its names in English and Korean). A caller may
add events of its own (a store's user events) with the ``events`` argument of
:func:`event_candidates`. English names match in any case as whole words; Korean names
may not follow another Hangul syllable ("재정전략" holds no 정전); names marked generic
(liberation, 해방, armistice, 정전) count only where they cannot mean something else:
not inside a longer word, not before "of"/"from" that names another place, not before
"talks", "army", 회담, 군 ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from curator.suggest.base import Candidate, find_all, is_valid_edtf, lowered
from curator.suggest.date_words import KO_JOSA

_DOT = "·ㆍ‧・"
# words too frequent in texts on Korea to look for first ("korea" would be found everywhere)
_COMMON = {"of", "the", "with", "and", "between", "on", "korea", "korean", "korea's", "japan", "japanese", "war",
           "people's", "republic", "democratic", "relations", "basic", "military", "december", "january", "april",
           "march", "may", "june", "16", "16th", "19", "19th", "4", "4th", "1st", "first", "second", "sixteenth"}


@dataclass(frozen=True)
class Event:
    edtf: str
    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()
    generic: bool = False

    @property
    def name(self) -> str:
        return (self.en or self.ko or ("event",))[0]

    @property
    def is_point(self) -> bool:
        return "/" not in self.edtf


@lru_cache(maxsize=1)
def builtin_events() -> tuple[Event, ...]:
    """The shipped table (``events.json``)."""
    data = json.loads(resources.files("curator.suggest").joinpath("events.json").read_text(encoding="utf-8"))
    return tuple(events_from_json(data["events"]))


def events_from_json(rows: Iterable[dict]) -> list[Event]:
    """Events from JSON rows ``{"edtf", "en": [...], "ko": [...], "generic"}``; rows whose
    date is not valid EDTF or that have no name are left out."""
    out = []
    for row in rows:
        edtf = str(row.get("edtf", "")).strip()
        en = tuple(str(n).strip() for n in row.get("en", ()) if str(n).strip())
        ko = tuple(str(n).strip() for n in row.get("ko", ()) if str(n).strip())
        if (en or ko) and is_valid_edtf(edtf):
            out.append(Event(edtf, en, ko, bool(row.get("generic", False))))
    return out


def _key(name: str) -> str:
    text = re.sub(r"\s+", "", name.lower())
    for ch in _DOT[1:]:
        text = text.replace(ch, _DOT[0])
    return text.replace("–", "-").replace("’", "'")


def _pattern(name: str) -> str:
    parts = []
    for ch in name:
        if ch in _DOT:
            parts.append(f"[{_DOT}]")
        elif ch.isspace():
            parts.append(r"\s?" if _is_korean(name) else r"\s+")
        elif ch in "-–":
            parts.append("[-–]")
        elif ch in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _is_korean(name: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in name)


_GENERIC_STOP = re.compile(
    r"\s?(?:talks|negotiations|conference|line|commission|army|armies|forces|war|struggle|movement"
    r"|theology|front|회담|협상|위원회|체제|군|전쟁|투쟁|운동|구|전선)",
    re.IGNORECASE,
)
_ELSEWHERE = re.compile(r"\s+(?:of|from)\s+(?!korea|\d|the\s+korean|[A-Z][a-z]+\s+\d)", re.IGNORECASE)
_KO_AFTER = re.compile(rf"[^\uac00-\ud7a3]|$|{KO_JOSA}|직후|직전|이후|이전|이래|후|전|당시|무렵|기|과정|시기")


@lru_cache(maxsize=8)
def _compiled(events: tuple[Event, ...]) -> tuple[dict[str, re.Pattern[str]], dict[str, Event],
                                                  tuple[re.Pattern[str] | None, tuple[str, ...]]]:
    """For each word to look for first (a middle dot, an English name's last word, a Korean
    name's longest word), a pattern
    of the names holding it, lower case, to match in the lowered text (base.lowered)."""
    by_key: dict[str, Event] = {}
    by_trigger: dict[str, set[str]] = {}
    for event in events:
        for name in event.en + event.ko:
            by_key.setdefault(_key(name), event)
            low = name.lower()
            words = re.split(r"[\s'’-]+", low)
            if any(ch in _DOT for ch in low):
                triggers = _DOT
            elif low.isascii():  # a distinctive word: few distinct ones, found by str.find
                distinctive = [w for w in words if w not in _COMMON]
                triggers = [max(distinctive, key=len) if distinctive else words[-1]]
            else:
                triggers = [max(words, key=len)]
            for trigger in triggers:
                by_trigger.setdefault(trigger, set()).add(low)
    patterns = {t: re.compile("|".join(_pattern(n) for n in sorted(names, key=len, reverse=True)))
                for t, names in by_trigger.items()}
    # Hangul words and dots are rare characters: one scan of them all is fast; English
    # head nouns start with common letters: each is found by str.find
    hangul = [t for t in patterns if not t.isascii()]
    scan = re.compile("|".join(re.escape(t) for t in sorted(hangul, key=len, reverse=True))) if hangul else None
    return patterns, by_key, (scan, tuple(t for t in patterns if t.isascii()))


def _bounded(text: str, start: int, end: int) -> bool:
    """English names are whole words; a Korean name does not follow a Hangul syllable,
    a name of digits ("5·16") no digit or dot."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if text[start].isascii() and text[start].isalpha():
        return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())
    if text[start].isdigit():
        return not (before.isdigit() or before in "." + _DOT) and not after.isdigit() and not (
            after in _DOT and text[end + 1 : end + 2].isdigit())
    return not ("\uac00" <= before <= "\ud7a3")


def event_candidates(text: str, events: Iterable[Event] | None = None) -> list[Candidate]:
    """Names of events in ``text``, with the event's date (the shipped table plus ``events``)."""
    table = builtin_events() + tuple(events or ())
    patterns, by_key, scans = _compiled(table)
    low = lowered(text)
    seen: set[tuple[int, int]] = set()
    out: list[Candidate] = []
    scan, words = scans
    hits = [(t.start(), t.group(0)) for t in scan.finditer(low)] if scan is not None else []
    for word in words:
        hits.extend((pos, word) for pos in find_all(low, (word,)))
    for hit, trigger in hits:
        for m in patterns[trigger].finditer(low, max(0, hit - WINDOW), min(len(low), hit + WINDOW)):
            if m.start() <= hit < m.end() and m.span() not in seen:
                seen.add(m.span())
                _found(text, m, by_key, out)
    out.sort(key=lambda c: c.start)
    return out


WINDOW = 80  # characters around a trigger word where a whole name is looked for


def _found(text: str, m: re.Match[str], by_key: dict[str, Event], out: list[Candidate]) -> None:
    start, end = m.span()
    event = by_key.get(_key(m.group(0)))
    if event is None or not _bounded(text, start, end):
        return
    if event.generic:
        english = text[start].isascii()
        if _GENERIC_STOP.match(text, end) or (english and _ELSEWHERE.match(text, end)):
            return
        if not english and not _KO_AFTER.match(text, end):
            return
    out.append(Candidate(start, end, {"edtf": event.edtf}, f"event: {event.name}", 0.75, priority=1))
