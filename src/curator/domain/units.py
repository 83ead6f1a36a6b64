"""Units of figures: one table from the words writers use to the unit stored.

Currencies are ISO 4217 codes, ``percent`` a percentage, ``t`` metric tons, ``km``,
``ha``, ``kg``, ``koku``, ``chōbo`` (町步, 정보), ``persons``, ``households``, ``times``
(multiples); ``KRH`` is the South Korean hwan (1953-62), ``KPW`` the North Korean won.
The detectors read units through these tables, and the annotation editor normalises a
typed unit with :func:`normalise_unit`, so "rubles", "roubles" and "루블" are all stored
as ``RUB``. A unit not in the table is kept as typed.
"""

from __future__ import annotations

import re

# English words (singular, lower case; a plural "s" is dropped before the lookup)
EN_UNITS: dict[str, str] = {
    "ruble": "RUB", "rouble": "RUB", "dollar": "USD", "won": "KRW", "yuan": "CNY",
    "renminbi": "CNY", "yen": "JPY", "euro": "EUR", "pound": "GBP", "percent": "percent",
    "per cent": "percent", "metric ton": "t", "ton": "t", "tonne": "t",
    "kilometer": "km", "kilometre": "km", "km": "km", "hectare": "ha", "ha": "ha",
    "kilogram": "kg", "kg": "kg", "people": "persons", "person": "persons",
    "hwan": "KRH", "koku": "koku", "chōbo": "chōbo", "chobo": "chōbo", "chongbo": "chōbo",
    "chŏngbo": "chōbo", "chôngbo": "chōbo", "chôbo": "chōbo", "jeongbo": "chōbo",
    "household": "households", "time": "times",
}  # fmt: skip
# Korean words, as written after a Korean numeral
KO_UNITS: dict[str, str] = {
    "루블": "RUB", "달러": "USD", "위안": "CNY", "원": "KRW",
    "엔": "JPY", "톤": "t", "명": "persons", "퍼센트": "percent", "프로": "percent",
    "킬로미터": "km", "헥타르": "ha", "환": "KRH", "인": "persons", "호": "households",
    "세대": "households", "가구": "households", "배": "times", "정보": "chōbo",
}  # fmt: skip
# signs and codes written before an amount
PREFIX_UNITS: dict[str, str] = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "₽": "RUB",
    "USD": "USD", "RUB": "RUB", "KRW": "KRW", "CNY": "CNY", "JPY": "JPY", "EUR": "EUR",
    "GBP": "GBP",
}  # fmt: skip
SIGNS: dict[str, str] = {"%": "percent", "％": "percent"}
# what an editor's unit field may also be given: the stored codes themselves
_CODES = {code.lower(): code for table in (EN_UNITS, KO_UNITS, PREFIX_UNITS) for code in table.values()}
_SPACES = re.compile(r"\s+")
_QUALIFIED = re.compile(r"^(?:us|u\.s\.|soviet|korean|chinese)\s+(?=\w)")


def unit_of_word(word: str) -> str | None:
    """The unit an English word (any case, singular or plural, e.g. "roubles",
    "Soviet rubles") or a Korean word stands for; None if the table lacks it."""
    key = _SPACES.sub(" ", word.strip()).lower()
    if key in KO_UNITS:
        return KO_UNITS[key]
    key = _QUALIFIED.sub("", key)
    if key in EN_UNITS:
        return EN_UNITS[key]
    if key.endswith("s") and key[:-1] in EN_UNITS:
        return EN_UNITS[key[:-1]]
    return None


def normalise_unit(text: str) -> str:
    """The stored form of a unit as typed: a word, sign or code of the tables becomes
    its unit ("rubles" -> "RUB", "톤" -> "t", "usd" -> "USD"); anything else is kept,
    trimmed ("bushels", "RUB (1950s)")."""
    unit = text.strip()
    squeezed = unit.replace(" ", "")
    if squeezed in PREFIX_UNITS or squeezed in SIGNS:
        return PREFIX_UNITS.get(squeezed) or SIGNS[squeezed]
    found = unit_of_word(unit)
    if found is not None:
        return found
    return _CODES.get(unit.lower(), unit)
