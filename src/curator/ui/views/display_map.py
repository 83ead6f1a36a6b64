"""Display-only line breaks for very long paragraphs, and the map that hides them.

Qt lays out a text block as a whole, and one 1 M-character paragraph costs ~0.5 s per
layout (DESIGN.md); a scanned book without line breaks is one such paragraph. So the
document view shows every paragraph longer than :data:`LIMIT` code points cut into
blocks of at most that length: a block separator is inserted after the last space of
the second half of each stretch (or, with no space there, between two characters that
do not combine). Those separators exist only in the Qt document. The canonical text
and every offset the view hands out stay as they were.

Two layers convert: :class:`~curator.text.offsets.Utf16Map` (code point ↔ UTF-16
unit of the canonical text) and the sorted break positions (canonical UTF-16 ↔
display position, which counts the inserted separators). A canonical position that
is a break has two display positions, the end of the line before the separator and
the start of the line after it: :meth:`DisplayMap.to_display` picks one
(``before_break``) and :meth:`DisplayMap.to_cp` maps both back to the same code point.

No Qt here: the choice of breaks and both conversions are plain Python, tested
without a display.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from curator.text.offsets import Utf16Map

LIMIT = 4000  # code points per displayed block; ~2 ms to lay one out
_SEPARATORS = ("\n", "\u2029")  # what ends a block when Qt is given the text
_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f")


def _joins_previous(ch: str) -> bool:
    """Whether ``ch`` is drawn together with the character before it (a combining
    mark, a joiner, a variation selector): never start a display line with one."""
    return ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _separator_free(text: str, i: int, j: int) -> bool:
    return text.find("\n", i, j) < 0 and text.find("\u2029", i, j) < 0


def _prev_separator(text: str, lo: int, i: int) -> int:
    """Position just after the last block separator in ``text[lo:i]`` (else ``lo``)."""
    lo = max(lo, text.rfind("\n", lo, i) + 1)
    return max(lo, text.rfind("\u2029", lo, i) + 1)


def _next_separator(text: str, j: int, hi: int) -> int:
    """Position of the first block separator in ``text[j:hi]`` (else ``hi``)."""
    found = text.find("\n", j, hi)
    hi = hi if found < 0 else found
    found = text.find("\u2029", j, hi)
    return hi if found < 0 else found


def long_runs(text: str, lo: int = 0, hi: int | None = None, limit: int = LIMIT) -> Iterable[tuple[int, int]]:
    """``(start, end)`` of each stretch of ``text[lo:hi]`` without a block separator
    that is longer than ``limit``.

    Looks at aligned windows of ``limit // 2`` characters: a stretch longer than
    ``limit`` contains a whole window without a separator, and a window with a line
    break in it is dismissed by one ``str.find`` that stops at that break. A 2 MB text
    of ordinary lines costs ~1 ms instead of a scan of every line.
    """
    hi = len(text) if hi is None else hi
    width = max(1, limit // 2)
    i = lo
    while i + width <= hi:
        j = i + width
        if not _separator_free(text, i, j):
            i = j
            continue
        start, end = _prev_separator(text, lo, i), _next_separator(text, j, hi)
        if end - start > limit:
            yield start, end
        i = end + 1


def _break_in(text: str, p: int, limit: int) -> int:
    """Where the display line starting at ``p`` ends (the next line's first code
    point): after the last space in the second half of ``text[p:p + limit]``, else
    at ``p + limit`` moved back past characters that join the one before them."""
    cut = p + limit
    space = text.rfind(" ", p + limit // 2, cut)
    if space >= 0:
        return space + 1
    b = cut
    while b > p + 1 and _joins_previous(text[b]):
        b -= 1
    return b


def choose_breaks(text: str, lo: int = 0, hi: int | None = None, limit: int = LIMIT) -> list[int]:
    """Code points of ``text[lo:hi]`` that start a display line after an inserted
    break, sorted, so that no displayed block is longer than ``limit``. ``lo`` counts
    as the start of a line (a paragraph start or an existing break)."""
    out: list[int] = []
    for start, end in long_runs(text, lo, hi, limit):
        p = start
        while end - p > limit:
            p = _break_in(text, p, limit)
            out.append(p)
    return out


# Control characters are drawn as their symbol from Unicode's Control Pictures block
# (U+2400-U+2421): a form feed was invisible ("line\fpage" read "linepage"), a vertical
# tab a box. One BMP code point for one BMP code point: the text's offsets, its UTF-16
# map and the display map stay exactly as they are; only what is drawn changes (copy
# gives the canonical text). Line feed and tab are left to Qt.
CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)} | {0x7F: 0x2421}


_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(CONTROL_PICTURES)) + "]")


def _picture(match: re.Match[str]) -> str:
    return chr(CONTROL_PICTURES[ord(match.group())])


_CONTROLS_OR_ASTRAL = re.compile(_CONTROLS.pattern[:-1] + "\U00010000-\U0010ffff]")


def scan_text(text: str) -> tuple[Utf16Map, bool]:
    """The :class:`Utf16Map` of ``text`` and whether it holds a control character, in
    one regex pass (opening a document needs both; two passes cost ~4 ms each on 2 MB)."""
    astral, controls = [], False
    for m in _CONTROLS_OR_ASTRAL.finditer(text):
        if ord(m.group()) > 0xFFFF:
            astral.append(m.start())
        else:
            controls = True
    return Utf16Map(len(text), tuple(astral)), controls


def visible_controls(text: str) -> str:
    """``text`` with each control character replaced by its picture (same length).

    Control characters are rare, so one regex pass finds them (~3 ms for 2 MB) and only
    those are replaced: ``str.translate`` with a mapping calls back into Python for
    every character and took ~150 ms on a 2 MB text, the largest part of opening it."""
    return _CONTROLS.sub(_picture, text) if _CONTROLS.search(text) else text


def display_text(text: str, breaks: list[int], *, controls: bool | None = None) -> str:
    """``text`` with a ``\\n`` inserted before each code point of ``breaks``, and its
    control characters drawn visibly (:func:`visible_controls`). ``controls``: whether
    it holds any, when known (:func:`scan_text`)."""
    if controls is not False:
        text = visible_controls(text)
    if not breaks:
        return text
    bounds = [0, *breaks, len(text)]
    return "\n".join(text[a:b] for a, b in zip(bounds, bounds[1:]))


class DisplayMap:
    """Canonical code points ↔ positions in the displayed Qt document.

    ``breaks`` are the code points that start a display line after an inserted
    separator (sorted, each strictly inside a paragraph). The break before canonical
    UTF-16 position ``u`` number ``k`` (0-based) sits at display position ``u + k``.
    """

    __slots__ = ("text_map", "breaks", "_u16", "_seps")

    def __init__(self, text_map: Utf16Map, breaks: list[int]) -> None:
        self.text_map = text_map
        self.breaks = breaks
        to_u16 = text_map.to_utf16
        self._u16 = [to_u16(b) for b in breaks] if text_map.astral else breaks
        # display position of each inserted separator, increasing
        self._seps = [u + k for k, u in enumerate(self._u16)]

    @property
    def length(self) -> int:
        """Length of the displayed text in UTF-16 units (separators included)."""
        return self.text_map.utf16_length + len(self.breaks)

    def to_display(self, cp: int, *, before_break: bool = False) -> int:
        """Display position of code point offset ``cp``. At a break, the start of the
        line after it; with ``before_break``, the end of the line before it."""
        u = self.text_map.to_utf16(cp)
        if not self._u16:
            return u
        return u + (bisect_left(self._u16, u) if before_break else bisect_right(self._u16, u))

    def to_cp(self, d: int) -> int:
        """Code point offset of display position ``d`` (either side of an inserted
        separator maps to the break's code point)."""
        if not 0 <= d <= self.length:
            raise ValueError(f"display position {d} outside 0..{self.length}")
        return self.text_map.to_cp(d - bisect_left(self._seps, d))

    def is_inserted(self, d: int) -> bool:
        """Whether the character at display position ``d`` is an inserted separator."""
        i = bisect_left(self._seps, d)
        return i < len(self._seps) and self._seps[i] == d


def shift_breaks(breaks: list[int], edits: list[tuple[int, int, int]]) -> list[int]:
    """The breaks left after ``edits`` — ``(start, end, delta)`` in the old text's code
    points, sorted and non-overlapping: a break at or inside an edit's range
    (``start <= b <= end``) goes (the edit's replacement takes its place); the others
    move with the text around them."""
    if not edits:
        return list(breaks)
    out: list[int] = []
    k = shift = 0
    for start, end, delta in edits:
        j = bisect_left(breaks, start, k)
        out.extend(b + shift for b in breaks[k:j])
        k = max(j, bisect_right(breaks, end, j))
        shift += delta
    out.extend(b + shift for b in breaks[k:])
    return out


def breaks_for_regions(
    text: str, breaks: list[int], regions: Iterable[tuple[int, int]], limit: int = LIMIT
) -> list[int]:
    """New breaks (sorted) so that the displayed lines meeting the edited ``regions``
    (``(start, end)`` code points of ``text``, sorted) are again at most ``limit``
    long; ``breaks`` are those kept from before. Only the display lines around each
    region are looked at: from the break or line start before it to the break or
    line end after it."""
    spans: list[tuple[int, int]] = []
    for start, end in regions:
        i = bisect_right(breaks, start)
        lo = _prev_separator(text, breaks[i - 1] if i else 0, start)
        j = bisect_right(breaks, end)
        hi = breaks[j] if j < len(breaks) else _next_separator(text, end, len(text))
        if spans and lo < spans[-1][1]:  # overlapping (not meeting at a kept break)
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    out: list[int] = []
    for lo, hi in spans:
        out.extend(choose_breaks(text, lo, hi, limit))
    return out


def edited_utf16_map(old: Utf16Map, edits: Iterable[tuple[int, int, str]], length: int) -> Utf16Map:
    """The :class:`Utf16Map` of the text after ``edits`` (sorted ``(start, end,
    replacement)`` in the old text's code points) without scanning the whole text:
    the astral positions before an edit stay, those inside go, the replacement's own
    are added, and those after move by the edit's change of length."""
    astral = old.astral
    out: list[int] = []
    k = shift = 0
    for start, end, replacement in edits:
        j = bisect_left(astral, start, k)
        out.extend(a + shift for a in astral[k:j])
        out.extend(start + shift + a for a in Utf16Map.of(replacement).astral)
        k = max(j, bisect_left(astral, end, j))
        shift += len(replacement) - (end - start)
    out.extend(a + shift for a in astral[k:])
    return Utf16Map(length, tuple(out))
