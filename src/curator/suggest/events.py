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

from curator.suggest.base import Candidate, is_valid_edtf
from curator.suggest.date_words import KO_JOSA

_DOT = "·ㆍ‧・"


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
def _compiled(events: tuple[Event, ...]) -> tuple[re.Pattern[str], dict[str, Event]]:
    by_key: dict[str, Event] = {}
    en_names, ko_names = [], []
    for event in events:
        for name in event.en + event.ko:
            by_key.setdefault(_key(name), event)
            (ko_names if _is_korean(name) else en_names).append(name)
    en = "|".join(_pattern(n) for n in sorted(set(en_names), key=len, reverse=True))
    ko = "|".join(_pattern(n) for n in sorted(set(ko_names), key=len, reverse=True))
    alts = []
    if en:
        alts.append(rf"(?<![A-Za-z])(?P<en>{en})(?![A-Za-z])")
    if ko:
        alts.append(rf"(?<![\uac00-\ud7a3\d.{_DOT}])(?P<ko>{ko})(?!\d|[{_DOT}]\d)")
    return re.compile("|".join(alts) or r"(?!x)x", re.IGNORECASE), by_key


def event_candidates(text: str, events: Iterable[Event] | None = None) -> list[Candidate]:
    """Names of events in ``text``, with the event's date (the shipped table plus ``events``)."""
    table = builtin_events() + tuple(events or ())
    pattern, by_key = _compiled(table)
    out: list[Candidate] = []
    for m in pattern.finditer(text):
        event = by_key.get(_key(m.group(0)))
        if event is None:
            continue
        end = m.end()
        if event.generic:
            if _GENERIC_STOP.match(text, end) or (m.group("en") and _ELSEWHERE.match(text, end)):
                continue
            if m.group("ko") and not _KO_AFTER.match(text, end):
                continue
        out.append(Candidate(m.start(), end, {"edtf": event.edtf}, f"event: {event.name}", 0.75, priority=1))
    return out
