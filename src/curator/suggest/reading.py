"""The detectors' reading, for what a curator selects or types.

:func:`value_for_span` gives the value a hand-tagged date or figure gets at once (the
curator can edit it): the same rules as the detectors, applied to the selection.
:func:`read_amount` and :func:`read_figure` let the annotation editor accept what the
detectors read: "1.29 billion", "12억 900만", "576 million rubles".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from curator.domain.errors import ValidationError
from curator.domain.labels import Label
from curator.domain.units import normalise_unit
from curator.domain.values import DateValue, FigureValue, Value, value_from_json
from curator.suggest.base import Candidate, resolve_overlaps
from curator.suggest.dates import date_candidates
from curator.suggest.figures import EN_MULTIPLIERS, figure_candidates
from curator.suggest.korean_numbers import parse_korean_number

_PLAIN = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_EN = re.compile(r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<mult>[A-Za-z]+)")
_KOREAN = re.compile(r"[십백천만억조경일이삼사오육칠팔구]")
EXAMPLES = "e.g. 576000000, 576 million, 1.29 billion, 5억 7,600만"
BEFORE = 12  # code points read before a selection: a currency sign, "no." of an identifier
AFTER = 16  # and after it: the unit of a selected number


def read_amount(text: str) -> Decimal:
    """An exact amount as typed or written: digits with separators, an English
    multiplier ("576 million") or a Korean numeral ("12억 900만").
    Raises ValidationError for anything else."""
    typed = text.strip().replace("_", "")
    if not typed:
        raise ValidationError(f"a figure needs an amount, {EXAMPLES}")
    try:
        if _PLAIN.fullmatch(typed) or _PLAIN.fullmatch(typed.replace(" ", "")):
            return Decimal(typed.replace(",", "").replace(" ", ""))
        m = _EN.fullmatch(typed)
        if m and m.group("mult").lower() in EN_MULTIPLIERS:
            return Decimal(m.group("num").replace(",", "")) * EN_MULTIPLIERS[m.group("mult").lower()]
        if _KOREAN.search(typed):
            return parse_korean_number(typed)
    except (InvalidOperation, ValueError):
        pass
    raise ValidationError(f"'{typed}' is not a number ({EXAMPLES})")


def read_figure(amount: str, unit: str) -> FigureValue:
    """A figure from the editor's two fields. The unit is normalised ("rubles" ->
    RUB); an amount field holding a whole figure ("576 million rubles") gives its unit
    when the unit field is empty."""
    if not unit.strip():
        found = [c for c in figure_candidates(amount.strip()) if (c.start, c.end) == (0, len(amount.strip()))]
        if len(found) == 1:
            return FigureValue(Decimal(found[0].value["amount"]), found[0].value["unit"])
    return FigureValue(read_amount(amount), normalise_unit(unit))


def _within(text: str, c: Candidate, start: int, end: int, slack_after: bool) -> bool:
    """``c`` (in ``text`` offsets) is the selection's: inside it, but for a currency
    sign just before it or, for a figure, its unit just after it."""
    if c.end <= start or c.start >= end:
        return False
    if c.start < start and any(ch.isdigit() for ch in text[c.start:start]):
        return False  # the selection is part of a longer number
    return c.end <= end or (slack_after and not any(ch.isdigit() for ch in text[end:c.end]))


def value_for_span(label: Label, text: str, start: int, end: int) -> Value | None:
    """The value the detectors read in ``text[start:end]`` for a date or a figure;
    None when they read none, or several (the curator chooses)."""
    if label not in (Label.DATE, Label.FIGURE):
        return None
    lo, hi = max(0, start - BEFORE), min(len(text), end + AFTER)
    window = text[lo:hi]
    if label is Label.DATE:
        found = resolve_overlaps(date_candidates(text[start:end]))
        found = [Candidate(c.start + start, c.end + start, c.value, c.reason) for c in found]
    else:
        found = [Candidate(c.start + lo, c.end + lo, c.value, c.reason) for c in figure_candidates(window)]
    mine = [c for c in found if _within(text, c, start, end, label is Label.FIGURE)]
    if len(mine) != 1:
        return None
    try:
        value = value_from_json(label, mine[0].value)
    except ValidationError:
        return None
    return value if isinstance(value, (DateValue, FigureValue)) else None
