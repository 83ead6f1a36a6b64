"""Exact reading of Korean numerals that mix Arabic digits with 만 / 억 / 조 / 경.

Korean groups digits by four: 만 = 10^4, 억 = 10^8, 조 = 10^12, 경 = 10^16. Inside a
group, 십 / 백 / 천 (10, 100, 1000) may stand after a single digit ("3천5백" = 3500).
Writers mix all of this with Arabic digits and thousands separators:
``5억 7,600만`` = 576,000,000; ``12억 900만`` = 1,209,000,000; ``1,200억`` = 120,000,000,000.

Rules enforced (anything else raises :class:`ValueError`, never a wrong number):

* big units strictly decrease (``억억`` and ``만 억`` are errors);
* only the leading group may exceed 9,999 or carry a decimal point (``1,200억``, ``1.5억``);
* a big unit with no number before it means one of it, only at the start (``만`` = 10,000);
* small units strictly decrease inside a group, each after at most a single digit;
* Sino-Korean digit syllables (일 이 삼 사 오 육 칠 팔 구) are read as digits.
"""

from __future__ import annotations

import re
from decimal import Decimal

BIG_UNITS: dict[str, int] = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
SMALL_UNITS: dict[str, int] = {"십": 10, "백": 100, "천": 1000}
SINO_DIGITS: dict[str, int] = {
    "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9,
}  # fmt: skip

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<sino>[일이삼사오육칠팔구])|(?P<small>[십백천])|(?P<big>[만억조경]))"
)
_GROUP_LIMIT = Decimal(10**4)


class _Group:
    """One four-digit group being read: ``3천5백`` or ``7,600`` or ``12``."""

    def __init__(self) -> None:
        self.acc = Decimal(0)
        self.pending: Decimal | None = None
        self.last_small: int | None = None
        self.empty = True
        self.has_decimal = False

    def number(self, value: Decimal, literal: str) -> None:
        if self.pending is not None:
            raise ValueError("two numbers in a row")
        self.pending = value
        self.empty = False
        self.has_decimal = self.has_decimal or "." in literal

    def small(self, unit: int) -> None:
        if self.last_small is not None and unit >= self.last_small:
            raise ValueError("십/백/천 must decrease within a group")
        coef = Decimal(1) if self.pending is None else self.pending
        if coef >= 10:
            raise ValueError("a single digit must stand before 십/백/천")
        self.acc += coef * unit
        self.last_small = unit
        self.pending = None
        self.empty = False

    def value(self) -> Decimal | None:
        if self.empty:
            return None
        total = self.acc
        if self.pending is not None:
            if self.last_small is not None and self.pending >= self.last_small:
                raise ValueError("a trailing number is larger than the unit before it")
            total += self.pending
        return total


def parse_korean_number(s: str) -> Decimal:
    """Read ``s`` (e.g. ``"12억 900만"``) as an exact :class:`~decimal.Decimal`.

    Raises ValueError with a one-line message on anything that is not a well-formed
    Korean number (empty text, repeated or increasing big units, stray characters).
    """
    text = s.strip()
    if not text:
        raise ValueError("empty number")
    pos = 0
    total = Decimal(0)
    last_big: int | None = None
    group = _Group()
    first = True
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"unexpected character {text[pos]!r} in Korean number {s!r}")
        pos = m.end()
        if m.group("num") is not None:
            lit = m.group("num")
            group.number(Decimal(lit.replace(",", "")), lit)
        elif m.group("sino") is not None:
            group.number(Decimal(SINO_DIGITS[m.group("sino")]), "")
        elif m.group("small") is not None:
            group.small(SMALL_UNITS[m.group("small")])
        else:
            unit = BIG_UNITS[m.group("big")]
            if last_big is not None and unit >= last_big:
                raise ValueError(f"big units must decrease in {s!r}")
            value = group.value()
            if value is None:
                if not first:
                    raise ValueError(f"missing number before {m.group('big')} in {s!r}")
                value = Decimal(1)
            elif not first and (value >= _GROUP_LIMIT or group.has_decimal):
                raise ValueError(f"group {value} too large for its place in {s!r}")
            total += value * unit
            last_big = unit
            group = _Group()
            first = False
    tail = group.value()
    if tail is not None:
        if not first and (tail >= _GROUP_LIMIT or group.has_decimal):
            raise ValueError(f"trailing group {tail} too large in {s!r}")
        total += tail
    elif first:
        raise ValueError(f"no number in {s!r}")
    return total
