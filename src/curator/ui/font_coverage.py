"""Which characters of a text no installed font can draw (they show as empty boxes).

Qt falls back from the view's font to any installed font that has the glyph, so a
character is drawable when some font has it. Asking every font about every character
would cost ~30 µs a character (50 fonts here); instead the fonts that drew a character
of a block (256 code points: a script's block, roughly) are asked first about the
other characters of that block, and every answer is kept for the process. A Korean
document with 2,000 distinct syllables costs a few milliseconds the first time, then
nothing. The old check only asked whether any font had the Korean writing system.
"""

from __future__ import annotations

import atexit
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

_BLOCK_BITS = 8
_fonts: list[QRawFont] | None = None
_block_fonts: dict[int, list[QRawFont]] = {}
_drawable: dict[str, bool] = {}
# drawn by the view itself or never drawn: whitespace and controls (see display_map)
_SKIP = frozenset("\n\t \u2028\u2029\u00a0\u200b\u200c\u200d\ufeff")


@dataclass(frozen=True)
class Coverage:
    missing: int  # characters of the text (counted with repeats) no font can draw
    distinct: tuple[str, ...]  # those characters, each once, in code point order

    def message(self) -> str:
        """The status-bar warning, or "" when every character can be drawn."""
        if not self.missing:
            return ""
        shown = ", ".join(f"{ch} U+{ord(ch):04X}" for ch in self.distinct[:3])
        more = ", …" if len(self.distinct) > 3 else ""
        n = self.missing
        return (f"{n:,} character{'s' if n != 1 else ''} of this document cannot be drawn by any installed "
                f"font and show as boxes ({shown}{more}); install a font that covers "
                f"{'them' if n != 1 else 'it'}, e.g. fonts-noto-cjk-extra for rare Han characters.")


def _all_fonts() -> list[QRawFont]:
    global _fonts
    if _fonts is None:
        # Qt's font objects must go before the application does: a QRawFont still
        # alive at interpreter exit crashes it (segfault), so they are let go first
        atexit.register(forget)
        fonts = []
        for family in QFontDatabase.families():
            raw = QRawFont.fromFont(QFont(family))
            if raw.isValid():
                fonts.append(raw)
        _fonts = fonts
    return _fonts


def drawable(ch: str) -> bool:
    """Whether some installed font has a glyph for ``ch`` (cached)."""
    found = _drawable.get(ch)
    if found is not None:
        return found
    block = ord(ch) >> _BLOCK_BITS
    known = _block_fonts.setdefault(block, [])
    found = any(font.supportsCharacter(ch) for font in known)
    if not found:
        for font in _all_fonts():
            if font.supportsCharacter(ch):
                known.append(font)
                found = True
                break
    _drawable[ch] = found
    return found


def coverage(text: str) -> Coverage:
    """The characters of ``text`` no installed font can draw. ASCII text costs nothing."""
    if text.isascii():
        return Coverage(0, ())
    missing = sorted(ch for ch in set(text) if ch not in _SKIP and ord(ch) > 0x7F and not drawable(ch))
    if not missing:
        return Coverage(0, ())
    return Coverage(sum(text.count(ch) for ch in missing), tuple(missing))


_by_text: OrderedDict[str, Coverage] = OrderedDict()  # by the text's sha256, the last few


def coverage_of(text: str, sha256: str) -> Coverage:
    """:func:`coverage`, remembered for the last documents shown (finding the distinct
    characters of a 1.6 M-character text costs ~100 ms; a document shown again, none)."""
    found = _by_text.get(sha256)
    if found is None:
        found = _by_text[sha256] = coverage(text)
        while len(_by_text) > 16:
            _by_text.popitem(last=False)
    return found


def warn_when_shown(text: str, sha256: str, still_shown: Callable[[], bool], warn: Callable[[str], None]) -> None:
    """After the document is painted (the next turn of the event loop), ``warn`` with
    :meth:`Coverage.message` if some of its characters cannot be drawn and it is
    ``still_shown``."""

    def check() -> None:
        if still_shown():
            message = coverage_of(text, sha256).message()
            if message:
                warn(message)

    QTimer.singleShot(0, check)


def forget() -> None:
    """Drop what was learnt (after fonts were installed; tests)."""
    global _fonts
    _fonts = None
    _block_fonts.clear()
    _drawable.clear()
    _by_text.clear()
