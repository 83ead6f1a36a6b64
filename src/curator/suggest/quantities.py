"""What a figure says beyond its amount and unit: qualifiers, counted nouns, multiples.

* Qualifiers keep the amount exact and record how it relates to the true number:
  approximate (약, 대략, 근, 거의, 가량, 정도, 내외, 안팎, 남짓, 가까이, 쯤, 여; about, around,
  approximately, roughly, some, nearly, almost, close to, an estimated), at-least (이상,
  최소, 적어도; at least, no fewer/less than), more-than (초과, 넘게, "…을 넘었다"; over, more
  than, upwards of, in excess of, exceeded), at-most (이하, 최대; at most, up to, as much
  as, as many as, no more than), less-than (미만; less than, fewer than, under, below).
  "far less than", "much more than" compare, they do not qualify the amount. A qualifier
  word is part of the span ("약 3만 명", "70% 가량", "more than 80 percent"); a
  verb is not ("120만 호를 넘었다").
* Counts of people and households: English "N [up to two words] workers (and
  technicians)" give ``persons`` (``households`` for households, families) and what is
  counted; "the number of industrial workers rose from N to over M" counts N and M;
  "refugees numbered some 3 million" is a count of persons. Korean counts (명, 인 ->
  persons; 호, 세대, 가구 -> households) take what is counted from the noun just before the
  number ("기술자 1,000여 명", "조선인 노동자 5만여 인"), after 의 ("1만 호의 조선인 농가"),
  or "… 수는" earlier in the clause ("노동자 수는 … 약 27만 명").
* Multiples (``times``): 두/세/네 … 배, "twice (the/as)", "two-fold", "threefold",
  "doubled", "tripled", "quadrupled", "halved", "three times (the/as/larger…)"; digits with
  배, "times" or "-fold" are read by :mod:`figures`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from curator.domain.values import format_amount
from curator.suggest.base import Candidate, lowered
from curator.suggest.date_words import KO_JOSA

_I = re.IGNORECASE
_Q_EN = {
    "about": "approximate", "around": "approximate", "approximately": "approximate",
    "roughly": "approximate", "some": "approximate", "nearly": "approximate",
    "almost": "approximate", "close to": "approximate", "an estimated": "approximate",
    "estimated at": "approximate", "over": "more-than", "more than": "more-than",
    "upwards of": "more-than", "in excess of": "more-than", "exceeded": "more-than",
    "at least": "at-least", "no fewer than": "at-least", "no less than": "at-least",
    "at most": "at-most", "up to": "at-most", "as much as": "at-most", "as many as": "at-most",
    "no more than": "at-most", "less than": "less-than", "fewer than": "less-than",
    "under": "less-than", "below": "less-than",
}  # fmt: skip
_Q_KO_BEFORE = {"약": "approximate", "대략": "approximate", "근": "approximate", "거의": "approximate",
                "최소": "at-least", "적어도": "at-least", "최대": "at-most"}
_Q_KO_AFTER = {
    "가량": "approximate", "정도": "approximate", "내외": "approximate", "안팎": "approximate",
    "남짓": "approximate", "가까이": "approximate", "쯤": "approximate", "이상": "at-least",
    "이하": "at-most", "미만": "less-than", "초과": "more-than", "넘게": "more-than",
}  # fmt: skip
_VERB_EN = {"exceeded"}  # a qualifier that is a verb: not part of the span


def _alt(words) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


_BEFORE_EN = re.compile(rf"\b(?P<q>{_alt(_Q_EN)})\s+$", _I)
_BEFORE_KO = re.compile(rf"(?<![\uac00-\ud7a3])(?P<q>{_alt(_Q_KO_BEFORE)})\s?$")
_AFTER_KO = re.compile(rf"\s?(?P<q>{_alt(_Q_KO_AFTER)})(?=[^\uac00-\ud7a3]|$|{KO_JOSA}|으로|이다|였)")
_DEGREE = re.compile(r"\b(?:far|much|slightly|significantly|considerably|substantially|somewhat|even|still|lot)\s+$", _I)
_VERB_KO = re.compile(r"(?:을|를)\s?(?:넘었|넘어섰|넘어서|넘는|넘긴|넘겼|넘어|상회)")

PEOPLE = (
    "workers|labou?rers|peasants|farmers|engineers|technicians|specialists|experts|advis[eo]rs|refugees"
    "|soldiers|troops|officers|students|trainees|teachers|officials|cadres|members|residents|inhabitants"
    "|people|persons|men|women|children|prisoners|volunteers|civilians|casualties|victims|employees"
    "|villagers|migrants|emigrants|immigrants|settlers|landlords|landowners|tenants|smallholders|households"
    "|families|Koreans|Americans|Soviets|Russians|delegates|scholars|miners|deportees|evacuees|returnees"
    "|repatriates|defectors|nurses|doctors|clerks|apprentices|graduates|labou?r\\s+conscripts|conscripts"
)
_STOP = r"(?:of|in|to|and|or|the|a|an|were|was|had|have|from|by|for|with|at|on|per|each|more|than|who|that|which|tons?|years?|percent)"
_MOD = rf"(?!{_STOP}\b)[A-Za-z][A-Za-z'’-]*"
_NP = rf"(?P<np>(?:{_MOD}\s+){{0,2}}?(?:{PEOPLE})(?:\s+and\s+(?:{_MOD}\s+)?(?:{PEOPLE}))?)\b"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MULT = r"(?:\s+(?P<mult>thousand|million|billion))?"
_COUNT_EN = re.compile(rf"(?P<num>{_NUM}){_MULT}\s+{_NP}", _I)
_NUMBER_OF = re.compile(
    rf"number\s+of\s+(?P<np>(?:{_MOD}\s+){{0,2}}?(?:{PEOPLE}))\s+(?:\w+\s+){{0,2}}?"
    r"(?:rose|grew|increased|fell|declined|dropped|reached|was|stood\s+at|totall?ed)\s+(?:from\s+)?"
    rf"(?:(?:{_alt(_Q_EN)})\s+)?(?P<n1>{_NUM}(?:\s+(?:thousand|million|billion))?)(?:\s+in\s+\d{{4}})?"
    rf"(?:\s+to\s+(?:(?:{_alt(_Q_EN)})\s+)?(?P<n2>{_NUM}(?:\s+(?:thousand|million|billion))?))?",
    _I,
)
_MULTS = {"thousand": 10**3, "million": 10**6, "billion": 10**9}

_KO_PEOPLE_END = "자민인원생군병공부가족사농"
_KO_STOP = {"약", "총", "모두", "각각", "매년", "연간", "무려", "불과", "대략", "근", "최소", "최대", "현재",
            "당시", "직후", "이후", "이전", "무렵", "사이", "동안", "기간", "가량", "정도", "말", "초", "전체", "합계"}
_KO_BEFORE_NOUN = re.compile(r"(?:(?<!\S)(?P<a>[\uac00-\ud7a3]+)\s)?(?<!\S)(?P<b>[\uac00-\ud7a3]+)\s?$")
_KO_AFTER_NOUN = re.compile(r"의\s(?P<a>[\uac00-\ud7a3]+)(?:\s(?P<b>[\uac00-\ud7a3]+))?")
_KO_NUMBER_OF = re.compile(r"(?P<n>[\uac00-\ud7a3]+)(?:의)?\s?수(?:는|가|도)\s")
_PARTICLE = re.compile(rf"(?:{KO_JOSA}|을|를|으로)$")

_NATIVE = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "hundred": 100}
_VERBS = {"doubled": 2, "doubling": 2, "tripled": 3, "tripling": 3, "trebled": 3, "quadrupled": 4,
          "quadrupling": 4, "halved": Decimal("0.5")}
_MULTIPLE_KO = re.compile(rf"(?<![\uac00-\ud7a3])(?P<w>{'|'.join(_NATIVE)})\s배")
_KO_TAIL = re.compile(rf"{KO_JOSA}|이상|가량|가까이|나|씩")
_MULTIPLE_EN = re.compile(
    rf"(?<![A-Za-z])(?:(?P<fold>{'|'.join(_WORDS)})-?fold"
    rf"|(?P<times>{'|'.join(_WORDS)})\s+times(?=\s+(?:as|the|larger|more|greater|higher|bigger|over|that)\b)"
    r"|(?P<twice>twice)(?=\s+(?:as|the|that)\b)"
    rf"|(?P<verb>{'|'.join(_VERBS)})(?!\s+as\b))(?![A-Za-z])",
    _I,
)


def _en_amount(num: str, mult: str | None) -> Decimal:
    amount = Decimal(num.replace(",", ""))
    return amount * _MULTS[mult.lower()] if mult else amount


def _year_like(num: str, mult: str | None) -> bool:
    return not mult and num.isdigit() and len(num) == 4 and 1000 <= int(num) <= 2099


_MULT_SCAN = re.compile("fold|times|twice|doubl|tripl|trebl|quadrupl|halved")  # in the lowered text
_NUMBER_OF_SCAN = re.compile(r"number\s+of")
_NUMBERED_SCAN = re.compile("numbered|totaled|totalled")
_PEOPLE_BEFORE = re.compile(rf"(?:{PEOPLE})\s+$", _I)
_NUMBERED_TAIL = re.compile(
    rf"(?:numbered|totall?ed)\s+(?:(?:{_alt(_Q_EN)})\s+)?(?P<n1>{_NUM}(?:\s+(?:thousand|million|billion))?)\b", _I)
_NUMBER_WORD = re.compile(r"(?<![\d,.])\d[\d,.]*\s[A-Za-z]")  # starts a digit run only: linear


def multiple_candidates(text: str, country: str | None = None) -> list[Candidate]:
    """Multiples written in words, and English counts of people (see the module doc); each
    rule is tried at anchors found by a cheap scan of the lowered text."""
    out: list[Candidate] = []
    low = lowered(text)
    pos = text.find("배")
    while pos >= 0:
        m = _MULTIPLE_KO.search(text, max(0, pos - 4), pos + 1)
        if m is not None and _tail_ok(text, pos + 1):
            out.append(Candidate(m.start(), pos + 1, {"amount": str(_NATIVE[m.group("w")]), "unit": "times"},
                                 "multiple (Korean)", 0.8))
        pos = text.find("배", pos + 1)
    seen: set[int] = set()
    for a in _MULT_SCAN.finditer(low):
        for m in _MULTIPLE_EN.finditer(text, max(0, a.start() - 10), min(len(text), a.end() + 12)):
            if m.start() in seen or not (m.start() <= a.start() < m.end()):
                continue
            seen.add(m.start())
            word = (m.group("fold") or m.group("times") or m.group("twice") or m.group("verb")).lower()
            amount = _WORDS.get(word) or _VERBS.get(word) or 2
            out.append(Candidate(m.start(), m.end(), {"amount": format_amount(Decimal(amount)), "unit": "times"},
                                 "multiple (English)", 0.8))
    for d in _NUMBER_WORD.finditer(text):  # an English count has a word after the number
        if d.start() and text[d.start() - 1] in ".,":
            continue
        m = _COUNT_EN.match(text, d.start())
        if m is None:
            continue
        num, mult = m.group("num"), m.group("mult")
        if _year_like(num, mult) and not _BEFORE_EN.search(text, max(0, m.start() - 24), m.start()):
            continue
        np = " ".join(m.group("np").split())
        head = np.split()[-1].lower()
        unit = "households" if head in ("households", "families") else "persons"
        value = {"amount": format_amount(_en_amount(num, mult)), "unit": unit}
        if np.lower() not in ("people", "persons", "households"):
            value["counted"] = np
        out.append(Candidate(m.start(), m.end(), value, "count of people (English)", 0.7))
    for a in _NUMBER_OF_SCAN.finditer(low):
        m = _NUMBER_OF.match(text, a.start())
        if m is not None:
            _counts(m, " ".join(m.group("np").split()), out)
    for a in _NUMBERED_SCAN.finditer(low):
        if _PEOPLE_BEFORE.search(text, max(0, a.start() - 24), a.start()):
            m = _NUMBERED_TAIL.match(text, a.start())
            if m is not None:
                _counts(m, "", out)
    return out


def _tail_ok(text: str, end: int) -> bool:
    return end >= len(text) or not _is_hangul(text[end]) or _KO_TAIL.match(text, end) is not None


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _counts(m: re.Match[str], np: str, out: list[Candidate]) -> None:
    for g in ("n1", "n2"):
        if g not in m.groupdict() or not m.group(g):
            continue
        num, _, mult = m.group(g).partition(" ")
        mult = mult.strip() or None
        if _year_like(num, mult):
            continue
        value = {"amount": format_amount(_en_amount(num, mult)), "unit": "persons"}
        if np:
            value["counted"] = np
        out.append(Candidate(m.start(g), m.end(g), value, "count of people (English)", 0.6))


def qualify(text: str, found: list[Candidate]) -> list[Candidate]:
    """``found`` with their qualifiers (span widened over a qualifier word) and, for counts
    of people and households, what is counted."""
    out = []
    for c in found:
        start, end, value = c.start, c.end, dict(c.value)
        q = None
        before = _BEFORE_EN.search(text, max(0, start - 24), start)
        if before and _DEGREE.search(text, max(0, before.start() - 16), before.start()):
            before = None  # "far less than 1.29 billion": a comparison, the amount is exact
        if before:
            q = _Q_EN[" ".join(before.group("q").lower().split())]
            if before.group("q").lower() not in _VERB_EN:
                start = before.start()
        else:
            before = _BEFORE_KO.search(text, max(0, start - 6), start)
            if before:
                q, start = _Q_KO_BEFORE[before.group("q")], before.start()
        after = _AFTER_KO.match(text, end)
        if after:
            q = q or _Q_KO_AFTER[after.group("q")]
            end = after.end()
        elif _VERB_KO.match(text, end):
            q = q or "more-than"
        if q and "qualifier" not in value:
            value["qualifier"] = q
        if value.get("unit") in ("persons", "households") and "counted" not in value:
            counted = _korean_counted(text, c.start, c.end)
            if counted:
                value["counted"] = counted
        out.append(Candidate(start, end, value, c.reason, c.score, c.priority))
    return out


def _people_noun(word: str) -> bool:
    return word not in _KO_STOP and word[-1] in _KO_PEOPLE_END and len(word) >= 2


def _korean_counted(text: str, start: int, end: int) -> str | None:
    if not ("\uac00" <= text[end - 1] <= "\ud7a3"):
        return None  # an English count
    head = text[max(0, start - 30) : start]
    head = _BEFORE_KO.sub("", head)  # "기술자 약 1,000명": the noun before the qualifier
    m = _KO_BEFORE_NOUN.search(head)
    if m and _people_noun(m.group("b")) and not _PARTICLE.search(m.group("b")):
        a = m.group("a")
        if a and a.endswith("인"):  # a nationality: "조선인 노동자"
            return f"{a} {m.group('b')}"
        return m.group("b")
    m = _KO_AFTER_NOUN.match(text, end)
    if m:
        b = m.group("b")
        words = [m.group("a")] + ([b] if b else [])
        words[-1] = _PARTICLE.sub("", words[-1])
        if len(words) == 2 and _PARTICLE.search(m.group("a")):
            words = [_PARTICLE.sub("", m.group("a"))]
        if words[-1] and _people_noun(words[-1]):
            return " ".join(words)
    clause = text[max(0, start - 40) : start]
    for m in reversed(list(_KO_NUMBER_OF.finditer(clause))):  # "X 수는 … N명": X is what is counted
        if m.group("n") not in _KO_STOP:
            return m.group("n")
    return None
