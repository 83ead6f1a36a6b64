"""Decode a text file the way it really arrives, and say how sure we are.

Order of decisions (encoding detectors guess wildly on short or nearly-UTF-8 input):
byte-order mark; NUL bytes (binary, unless a UTF-16/32 BOM said otherwise); strict
UTF-8; the legacy Korean encodings (CP949 is a superset of EUC-KR) when the bytes
decode cleanly and contain Hangul; then charset-normalizer's best guess.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from curator.domain.errors import ValidationError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    confidence: float  # 1.0 for a BOM or strict UTF-8
    raw_sha256: str
    raw: bytes = field(default=b"", repr=False)  # the file's bytes, kept with the document


def decode_bytes(raw: bytes) -> DecodedText:
    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise ValidationError("the file is empty")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(name.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ValidationError(f"the file starts with a {name} mark but is not {name}: {exc.reason}") from exc
            return DecodedText(text, name, 1.0, digest, raw)
    if b"\x00" in raw:
        raise ValidationError("the file is binary (it contains NUL bytes), not text")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", 1.0, digest, raw)
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp949")
        if any("\uac00" <= ch <= "\ud7a3" for ch in text):
            return DecodedText(text, "cp949", 0.9, digest, raw)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ValidationError("the file's text could not be decoded in any known encoding")
    confidence = max(0.0, 1.0 - float(best.chaos))
    return DecodedText(str(best), best.encoding, round(confidence, 2), digest, raw)


def decode_as(raw: bytes, encoding: str) -> DecodedText:
    """Decode with an encoding the curator chose; refuse bytes it cannot decode."""
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise ValidationError(f"'{encoding}' is not an encoding Python knows") from exc
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValidationError(f"the file is not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    return DecodedText(text, encoding, 1.0, hashlib.sha256(raw).hexdigest(), raw)


def read_text_file(path: Path) -> DecodedText:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError(f"the file is {size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB")
    return decode_bytes(path.read_bytes())
