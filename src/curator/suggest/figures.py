"""Figures: exact decimal amounts with a unit, in English and Korean.

A number becomes a figure only with a unit: a currency (ISO 4217 code), ``percent``, or a
few measures (t, km, ha, kg, persons). Bare numbers, identifiers ("factory no. 65"),
ordinals in names ("제1차", "Five-Year Plan") and years are never figures.
Amounts are computed with :class:`~decimal.Decimal` ("1.29 billion" = 1290000000 exactly);
Korean numerals go through :func:`curator.suggest.korean_numbers.parse_korean_number`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from curator.domain.units import KO_UNITS, PREFIX_UNITS, unit_of_word
from curator.domain.values import format_amount
from curator.suggest.base import Candidate, Suggestion, to_suggestions
from curator.suggest.korean_numbers import parse_korean_number

_NUM = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_KO_MULT = "[십백천만억조경]"
# number, then either a Korean multiplier chain ("5억 7,600만") or an English one ("1.29 billion");
# matched at each digit run found by one fast scan
_DIGITS = re.compile(r"\d+")
_FIGURE = re.compile(
    rf"(?P<num>{_NUM}(?:\s?{_KO_MULT}+(?:\s?{_NUM}\s?{_KO_MULT}+)*)?)"
    r"(?:\s+(?P<mult>thousand|million|billion|trillion|bn|mn)\b)?"
)
_PREFIX = re.compile(r"(?P<pre>US\s?\$|\$|€|£|₩|₽|\b(?:USD|RUB|KRW|CNY|JPY|EUR|GBP)\s)\s?$")
EN_MULTIPLIERS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "bn": 10**9,
}  # fmt: skip
_EN_UNIT = re.compile(
    r"\s?(?P<pct>%|％)|\s+(?:(?:US|U\.S\.|Soviet|Korean|Chinese)\s+)?(?P<word>"
    r"rubles?|roubles?|dollars?|won|yuan|renminbi|yen|euros?|per\s?cent|percent|"
    r"metric\s+tons?|tons?|tonnes?|kilomet(?:er|re)s?|km|hectares?|ha|kilograms?|kg|"
    r"people|persons)\b"
)
_KO_UNIT = re.compile(r"\s?(?P<ko>루블|달러|위안|원|엔|톤|명|퍼센트|프로|킬로미터|헥타르)")
# one-syllable Korean units are common inside words ("원조", "엔진"): after them only a
# particle (josa) or a non-Hangul character may follow
_SHORT_KO_UNITS = {"원", "엔", "톤", "명", "프로"}
_JOSA = re.compile(
    r"(?:을|를|이|가|은|는|의|에|으로|로|과|와|도|만|씩|정도|까지|부터|에서|이며|이고|이다|"
    r"였|이었|으며|가량|가까이|규모|상당|수준|어치|이상|이하|미만|내외|안팎|선)"
)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:no|No|NO|nos|Nos|p|pp|page|pages|vol|Vol|art|Art|§)\.?\s*|#\s*|제\s?)$"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


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
    return unit_of_word(m.group("word")), m.end(), "English unit"


def figure_candidates(text: str) -> list[Candidate]:
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
        if _IDENTIFIER_BEFORE.search(text, max(0, nstart - 12), nstart):
            continue
        num = m.group("num")
        korean = any(ch in "십백천만억조경" for ch in num)
        try:
            amount = parse_korean_number(num) if korean else _english_amount(num)
        except ValueError:
            continue
        mult = m.group("mult")
        if mult:
            if korean:
                continue
            amount *= EN_MULTIPLIERS[mult]
        end = m.end()
        p = _PREFIX.search(text, max(0, nstart - 5), nstart)
        pre = p.group("pre") if p else None
        score = 0.9
        if p and pre:
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue  # "£3Yst" in OCR noise
            unit, reason = PREFIX_UNITS[pre.replace(" ", "").strip()], "currency sign"
            start = p.start()
        else:
            found = _unit_after(text, end, korean)
            if found is None:
                continue
            unit, end, reason = found
            start = nstart
            if unit == "KRW" and not korean and not mult and _looks_like_year(num):
                continue  # "in 1950 won the ..." is a verb, not 1950 KRW
            if unit in ("t", "km", "ha", "kg", "persons"):
                score = 0.7
        if korean:
            reason = "Korean numeral, " + reason
        elif mult:
            reason = f"{mult} multiplier, " + reason
        out.append(Candidate(start, end, {"amount": format_amount(amount), "unit": unit}, reason, score))
    return out


def _looks_like_year(num: str) -> bool:
    return num.isdigit() and len(num) == 4 and 1000 <= int(num) <= 2099


def suggest_figures(text: str) -> list[Suggestion]:
    """Figures in ``text`` (English and Korean), sorted by start."""
    return to_suggestions(text, "figure", figure_candidates(text))
