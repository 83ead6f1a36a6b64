"""Figures: exact decimal amounts with a unit, in English and Korean.

A number becomes a figure only with a unit: a currency (ISO 4217 code; ``KRH`` for the
South Korean hwan, 1953-62), ``percent``, a measure (t, km, ha, kg, koku, chōbo), a count
of people or households (``persons``, ``households``, with what is counted: "workers",
"기술자"), or a multiple (``times``: 3배, "3.5 times", "threefold", "doubled"). Bare
numbers, identifiers, ordinals in names ("제1차", "Five-Year Plan") and years are never
figures. Amounts are exact :class:`~decimal.Decimal` ("1.29 billion" = 1290000000);
Korean numerals go through :func:`parse_korean_number`; 여 inside them ("10여만 명",
"64만여 톤") keeps the amount and makes it approximate.

원 and "won" are the North Korean won (KPW) when the document's country is North Korea
(``country="KP"``), otherwise the South Korean won (KRW); the reason says which. Qualifiers
(약, 이상, "about", "more than" ...) and counted nouns are read by :mod:`quantities`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from curator.domain.units import KO_UNITS, PREFIX_UNITS, unit_of_word
from curator.domain.values import format_amount
from curator.suggest.base import Candidate, Suggestion, resolve_overlaps, to_suggestions
from curator.suggest.identifiers import drop_identifiers, drop_in_zones, label_before
from curator.suggest.korean_numbers import parse_korean_number

_NUM = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_KO_MULT = "[십백천만억조경]"
# number, then either a Korean multiplier chain ("5억 7,600만", "10여만") or an English one
# ("1.29 billion"); matched at each digit run found by one fast scan
_DIGITS = re.compile(r"\d+")
_FIGURE = re.compile(
    rf"(?P<num>{_NUM}여?(?:\s?{_KO_MULT}+여?(?:\s?{_NUM}\s?{_KO_MULT}+여?)*(?:\s?{_NUM}(?!\s?{_KO_MULT}))?)?)"
    r"(?:\s+(?P<mult>thousand|million|billion|trillion|bn|mn)\b)?",
    re.IGNORECASE,
)
_PREFIX_HINT = re.compile(r"[$€£₩₽]|[A-Z]{3}\s?$")
_PREFIX = re.compile(r"(?P<pre>US\s?\$|\$|€|£|₩|₽|\b(?:USD|RUB|KRW|CNY|JPY|EUR|GBP)\s)\s?$")
EN_MULTIPLIERS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "bn": 10**9,
}  # fmt: skip
_EN_UNIT = re.compile(
    r"\s?(?P<pct>%|％)|\s?-?(?P<fold>fold)\b|\s+(?:(?:US|U\.S\.|Soviet|Korean|Chinese|North\s+Korean|South\s+Korean)\s+)?"
    r"(?P<word>rubles?|roubles?|dollars?|won|hwan|yuan|renminbi|yen|euros?|per\s?cent|percent|"
    r"metric\s+tons?|tons?|tonnes?|kilomet(?:er|re)s?|km|hectares?|ha|kilograms?|kg|koku|"
    r"ch[oōŏô](?:ng)?bo|jeongbo|people|persons|times)\b",
    re.IGNORECASE,
)
_KO_UNIT = re.compile(r"\s?(?P<ko>루블|달러|위안|원|엔|환|톤|명|인|호|세대|가구|배|퍼센트|프로|킬로미터|헥타르|정보)")
# one-syllable Korean units are common inside words ("원조", "엔진", "환율", "인민"): after
# them only a particle (josa) or a non-Hangul character may follow
_SHORT_KO_UNITS = {"원", "엔", "톤", "명", "프로", "환", "인", "호", "배"}
_JOSA = re.compile(
    r"(?:을|를|이|가|은|는|의|에|으로|로|과|와|도|만|씩|정도|까지|부터|에서|이며|이고|이다|이나|나|"
    r"였|이었|으며|가량|가까이|규모|상당|수준|어치|이상|이하|미만|내외|안팎|선|남짓|쯤|초과)"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_FREQUENCY = re.compile(r"\s+(?:a|an|per|each|every)\b", re.IGNORECASE)
_RATE = re.compile(r"당|\s+(?:per|to\s+the|for\s+(?:one|1|each|every))\b", re.IGNORECASE)  # "1달러당", "1 dollar per"


def won_unit(country: str | None) -> tuple[str, str]:
    """The unit of 원 / "won" in a document of ``country`` and why."""
    if country and country.upper() in ("KP", "PRK", "DPRK"):
        return "KPW", "won of North Korea (document country KP)"
    if country:
        return "KRW", f"won of South Korea (document country {country.upper()})"
    return "KRW", "won of South Korea (no document country given)"


def _english_amount(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


def _unit_after(text: str, pos: int, korean: bool) -> tuple[str, int, str] | None:
    """The unit right after ``pos``: (unit code, end, reason), or None."""
    if text.startswith(("%", "％"), pos):
        return "percent", pos + 1, "percent sign"
    m = _KO_UNIT.match(text, pos)
    if m:
        word = m.group("ko")
        end = m.end()
        if word in _SHORT_KO_UNITS and end < len(text) and _HANGUL.match(text, end):
            if not _JOSA.match(text, end):
                return None
        return KO_UNITS[word], end, "Korean unit"
    if korean:
        return None  # "5억 rubles" is unusual enough to leave to the curator
    m = _EN_UNIT.match(text, pos)
    if m is None:
        return None
    if m.group("pct"):
        return "percent", m.end(), "percent sign"
    if m.group("fold"):
        return "times", m.end(), "multiple"
    return unit_of_word(m.group("word")), m.end(), "English unit"


def figure_candidates(text: str, country: str | None = None) -> list[Candidate]:
    """Amounts with a unit right after or a currency sign right before (no qualifier,
    no counted noun yet: see :mod:`quantities`)."""
    out: list[Candidate] = []
    consumed = 0
    for d in _DIGITS.finditer(text):
        nstart = d.start()
        if nstart < consumed:
            continue  # inside the previous number ("7,600" of "5억 7,600만")
        if nstart > 0 and (text[nstart - 1].isalnum() or text[nstart - 1] in ".,_"):
            continue  # inside a word or a longer number: "S5to", "제1차", "v1.2"
        m = _FIGURE.match(text, nstart)
        if m is None:
            continue
        consumed = m.end()
        if label_before(text, nstart):
            continue  # "factory no. 65", "Table 3", "제1차"
        c = _candidate(text, m, country)
        if c is not None:
            out.append(c)
    return out


def _candidate(text: str, m: re.Match[str], country: str | None) -> Candidate | None:
    nstart = m.start()
    num = m.group("num")
    approx = "여" in num
    num = num.replace("여", "")
    korean = any(ch in "십백천만억조경" for ch in num)
    try:
        amount = parse_korean_number(num) if korean else _english_amount(num)
    except ValueError:
        return None
    mult = m.group("mult")
    if mult:
        if korean:
            return None
        amount *= EN_MULTIPLIERS[mult.lower()]
    end = m.end()
    head = text[max(0, nstart - 5) : nstart]
    p = _PREFIX.search(text, max(0, nstart - 5), nstart) if _PREFIX_HINT.search(head) else None
    pre = p.group("pre") if p else None
    score = 0.9
    if p and pre:
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            return None  # "£3Yst" in OCR noise
        unit, reason = PREFIX_UNITS[pre.replace(" ", "").strip()], "currency sign"
        start = p.start()
    else:
        found = _unit_after(text, end, korean or approx)
        if found is None:
            return None
        unit, end, reason = found
        start = nstart
        if unit == "KRW" and not korean and not mult and _looks_like_year(num):
            return None  # "in 1950 won the ..." is a verb, not 1950 KRW
        if _RATE.match(text, end) and amount == 1:
            return None  # "1달러당 500환": the rate's denominator, not an amount
        if unit == "times" and _FREQUENCY.match(text, end):
            return None  # "3 times a year" counts occasions
        if unit == "households" and not (korean or approx or amount >= 100):
            return None  # 호 and 세대 also number issues and generations ("3호", "3세대")
        if unit == "KRW":
            unit, why = won_unit(country)
            reason += f"; {why}"
        if unit in ("t", "km", "ha", "kg", "persons", "households", "koku", "chōbo"):
            score = 0.7
    if korean:
        reason = "Korean numeral, " + reason
    elif mult:
        reason = f"{mult} multiplier, " + reason
    value = {"amount": format_amount(amount), "unit": unit}
    if approx:
        value["qualifier"] = "approximate"
    return Candidate(start, end, value, reason, score)


def _looks_like_year(num: str) -> bool:
    return num.isdigit() and len(num) == 4 and 1000 <= int(num) <= 2099


def suggest_figures(text: str, *, country: str | None = None, excluded=()) -> list[Suggestion]:
    """Figures in ``text`` (English and Korean), sorted by start. ``country`` is the
    document's country (decides the won); nothing is proposed inside ``excluded`` spans
    (noise zones) or on an identifier."""
    from curator.suggest.quantities import multiple_candidates, qualify

    cands = figure_candidates(text, country) + multiple_candidates(text, country)
    found = qualify(text, drop_identifiers(text, resolve_overlaps(cands)))
    return to_suggestions(text, "figure", drop_in_zones(found, [tuple(z) for z in excluded]))
