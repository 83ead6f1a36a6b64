"""Code point <-> UTF-16 offset conversion: the one place where the two meet.

Python strings index code points; Qt (QString, QTextCursor positions) counts UTF-16
code units, in which every character outside the Basic Multilingual Plane takes two.
A :class:`Utf16Map` is built once per text and converts in O(log n) with a sorted
array of the code-point indices of the non-BMP characters (usually empty, so the
common case is the identity).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Utf16Map:
    length: int  # in code points
    astral: tuple[int, ...]  # code-point indices of characters above U+FFFF

    @classmethod
    def of(cls, text: str) -> "Utf16Map":
        return cls(len(text), tuple(m.start() for m in _ASTRAL.finditer(text)))

    @property
    def utf16_length(self) -> int:
        return self.length + len(self.astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 <= cp <= length)."""
        if not 0 <= cp <= self.length:
            raise ValueError(f"code point offset {cp} outside 0..{self.length}")
        return cp + bisect_left(self.astral, cp)

    def to_cp(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``.

        An offset that falls between the two halves of a surrogate pair is moved back
        to the start of that character, so a selection never splits one.
        """
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.utf16_length}")
        if not self.astral:
            return u16
        # The k-th astral character (0-based) starts at UTF-16 offset astral[k] + k.
        lo, hi = 0, len(self.astral)
        while lo < hi:  # number of astral characters starting strictly before u16
            mid = (lo + hi) // 2
            if self.astral[mid] + mid < u16:
                lo = mid + 1
            else:
                hi = mid
        k = lo
        if k and self.astral[k - 1] + (k - 1) + 1 == u16:
            return self.astral[k - 1]  # inside a surrogate pair: snap to its start
        return u16 - k
