"""Finding a phrase in a document's text: the matches as code point spans.

The query is NFC-normalised first (the stored text is NFC, so a Korean query pasted as
conjoining jamo still finds it); matching is case-insensitive unless asked otherwise.
Case-insensitive matching uses ``re.IGNORECASE`` over the original text, never
``str.casefold`` of it: casefolding can change lengths ("ß" → "ss") and every offset after
it would be wrong. A common letter in a 2 MB text matches ~100,000 times, so
:class:`Search` collects the first :data:`LIMIT` only and reads further matches lazily.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from itertools import islice

LIMIT = 10_000  # matches collected (and highlighted) before the count says "10,000+"


class Search:
    """The non-overlapping matches of ``query`` in ``text``, in text order, as code
    point ``(start, end)`` pairs; collected up to ``limit`` at once, then on demand."""

    def __init__(self, text: str, query: str, *, match_case: bool = False, limit: int = LIMIT) -> None:
        self.text = text
        self.query = unicodedata.normalize("NFC", query)
        self.match_case = match_case
        self.limit = limit
        self.spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._rest: Iterator[re.Match[str]] | None = None
        if self.query:
            flags = 0 if match_case else re.IGNORECASE
            self._rest = re.compile(re.escape(self.query), flags).finditer(text)
            self._pull(limit + 1)  # one more than shown tells "exactly limit" from "limit+"

    def _pull(self, n: int | None = None) -> None:
        """Read ``n`` more matches (``None``: all that are left)."""
        if self._rest is None:
            return
        got = 0
        for m in self._rest if n is None else islice(self._rest, n):
            self.spans.append((m.start(), m.end()))
            self._starts.append(m.start())
            got += 1
        if n is None or got < n:
            self._rest = None

    def _read_past(self, pos: int) -> None:
        """Read on until a match starts at or after ``pos`` (or the text ends)."""
        while self._rest is not None and (not self._starts or self._starts[-1] < pos):
            self._pull(1024)

    @property
    def complete(self) -> bool:
        """Every match has been read (the count is exact)."""
        return self._rest is None

    def highlighted(self) -> list[tuple[int, int]]:
        """The matches to highlight: the first ``limit``."""
        return self.spans[: self.limit]

    def count_text(self, current: int | None = None) -> str:
        """``"3 of 11"``, ``"11 matches"``, ``"10,000+ matches"``, ``"No matches"``."""
        if not self.spans:
            return "No matches"
        total = f"{len(self.spans):,}" if self.complete else f"{self.limit:,}+"
        if current is None:
            return "1 match" if total == "1" else f"{total} matches"
        return f"{current + 1:,} of {total}"

    def at_or_after(self, pos: int) -> int | None:
        """Index of the first match starting at or after ``pos``."""
        self._read_past(pos)
        i = bisect_left(self._starts, pos)
        return i if i < len(self.spans) else None

    def before(self, pos: int) -> int | None:
        """Index of the last match starting before ``pos``."""
        self._read_past(pos)
        i = bisect_left(self._starts, pos) - 1
        return i if i >= 0 else None

    def last(self) -> int | None:
        self._pull()
        return len(self.spans) - 1 if self.spans else None

    def index_of(self, start: int, end: int) -> int | None:
        """Index of the match ``[start, end)``, if it is one."""
        self._read_past(start)
        i = bisect_left(self._starts, start)
        return i if i < len(self.spans) and self.spans[i] == (start, end) else None
