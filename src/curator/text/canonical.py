"""Turn decoded text into Curator's canonical form: NFC with ``\\n`` line endings."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field


def sha256_hex(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class CanonicalText:
    text: str
    sha256: str
    notes: tuple[str, ...] = field(default=())


def canonicalize(decoded: str) -> CanonicalText:
    """Normalise line endings to ``\\n`` and the text to NFC; say what changed."""
    notes: list[str] = []
    text = decoded
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append("removed byte-order mark")
    crlf = text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
        notes.append(f"converted {crlf} CRLF line endings to LF")
    cr = text.count("\r")
    if cr:
        text = text.replace("\r", "\n")
        notes.append(f"converted {cr} CR line endings to LF")
    if not unicodedata.is_normalized("NFC", text):
        before = len(text)
        text = unicodedata.normalize("NFC", text)
        notes.append(f"normalised to NFC ({before - len(text)} code points composed)")
    return CanonicalText(text=text, sha256=sha256_hex(text), notes=tuple(notes))
