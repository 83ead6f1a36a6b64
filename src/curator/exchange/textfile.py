"""Decode a text file the way it really arrives, and say how sure we are.

Order of decisions (encoding detectors guess wildly on short or nearly-UTF-8 input: a
UTF-8 file with a few bad bytes came out as Urdu, cp1006, "confidence 1.00"):
byte-order mark; NUL bytes (binary, unless a UTF-16/32 BOM said otherwise); strict
UTF-8; *almost* UTF-8 (valid multi-byte sequences and only a few bad bytes: decoded as
UTF-8, each bad byte replaced by U+FFFD, and the summary says how many and where); a
legacy code page only with evidence: the bytes are valid in it AND the text it gives is
plausible (CP949 for Korean: nearly every non-ASCII character a Hangul syllable;
cp1252 / latin-1 for Western text: accented letters standing alone among ASCII
letters); then charset-normalizer, but only for a common encoding it is sure of;
otherwise UTF-8 with replacements, said so.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
import unicodedata
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
    note: str = ""  # what a curator should know: bytes replaced, a code page guessed

    def summary(self) -> str:
        """How the file was decoded, in words for the import summary; empty for plain
        UTF-8 (or a BOM), which needs no comment."""
        if self.note:
            return self.note
        if self.confidence >= 1.0:
            return ""
        return f"decoded as {self.encoding} ({_sureness(self.confidence)}, confidence {self.confidence:.2f})"


def _sureness(confidence: float) -> str:
    return "sure" if confidence >= 0.9 else "fairly sure" if confidence >= 0.7 else "a guess; check the text"


# charset-normalizer's answers taken only when it is sure (chaos below this) and the
# encoding is a common one; never an exotic page such as cp1006 on thin evidence
_COMMON = frozenset({
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "koi8_r", "koi8_u",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_15",
    "shift_jis", "cp932", "euc_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949",
})
_SURE_CHAOS = 0.1


_BAD = threading.local()  # the bad byte offsets met by the decoding on this thread


def _count_bad(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _BAD.found.extend(range(exc.start, exc.end))
    return "\ufffd" * (exc.end - exc.start), exc.end


codecs.register_error("curator-count-bad", _count_bad)


def _utf8_problems(raw: bytes) -> tuple[str, int, int]:
    """``raw`` decoded as UTF-8 with each bad byte replaced by U+FFFD, the number of bad
    bytes and the offset of the first (-1 if none)."""
    _BAD.found = []
    try:
        text = raw.decode("utf-8", errors="curator-count-bad")
        bad = _BAD.found
    finally:
        _BAD.found = []
    return text, len(bad), (bad[0] if bad else -1)


_SAMPLE = 200_000  # characters judged for plausibility: plenty of evidence, and cheap
_HANGUL_RUNS = re.compile("[\uac00-\ud7a3]+")


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _hangul_share(text: str) -> tuple[float, int]:
    """Share of Hangul syllables among the non-ASCII characters of the head of
    ``text``, and their count (C-level string operations only)."""
    head = text[:_SAMPLE]
    others = _non_ascii(head)
    hangul = len(head) - len(_HANGUL_RUNS.sub("", head))
    return (hangul / others if others else 0.0), hangul


_WESTERN_MARKS = frozenset("“”‘’–—…€«»°§©®™·•¡¿£¥¢±×÷½¼¾¹²³ªº")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _western_share(text: str) -> tuple[float, int]:
    """How Western the non-ASCII characters of ``text`` look, and how many there are:
    the share in short runs (at most three characters, two of them letters) of Latin
    letters (é, öß) or common typographic marks (“ ” – €). Korean or Cyrillic bytes
    read as cp1252 give long runs of accented letters instead. No letter inside a word
    (a lone ÿ between spaces) is no evidence: 0."""
    good = total = in_words = 0
    text = text[:_SAMPLE]
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group()
        total += len(run)
        letters = [ch for ch in run if ch not in _WESTERN_MARKS]
        if len(run) <= 3 and len(letters) <= 2 and all(
            ch.isalpha() and "LATIN" in unicodedata.name(ch, "") for ch in letters
        ):
            good += len(run)
            around = text[max(m.start() - 1, 0): m.start()] + text[m.end(): m.end() + 1]
            in_words += bool(letters) and any(c.isascii() and c.isalpha() for c in around)
    return (good / total if total and in_words else 0.0), total


def _confidence(share: float, evidence: int) -> float:
    """More characters that fit, surer; a handful is never more than fairly sure."""
    return round(min(0.95, share * (0.6 + 0.35 * min(evidence, 20) / 20)), 2)


def _legacy(raw: bytes) -> tuple[str, str, float] | None:
    """The legacy code page the evidence supports, as (text, encoding, confidence)."""
    found: list[tuple[float, str, str]] = []
    try:
        text = raw.decode("cp949")
        share, n = _hangul_share(text)
        if share >= 0.9 and n >= 1:
            found.append((_confidence(share, n), text, "cp949"))
    except UnicodeDecodeError:
        pass
    western = "cp1252" if _C1_BYTES.search(raw) else "latin-1"  # bytes cp1252 and latin-1 read apart
    try:
        text = raw.decode(western)
        share, n = _western_share(text)
        if share >= 0.85:
            found.append((_confidence(share, n), text, western))
    except UnicodeDecodeError:
        pass
    if not found:
        return None
    confidence, text, encoding = found[0]  # CP949 first: Korean is what this corpus holds
    return text, encoding, confidence


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


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
    # C-level first, on the head and then on the whole file when the head looks like
    # UTF-8; Python sees each bad byte (_utf8_problems) only when there are few
    valid_multibyte, n_bad = _utf8_evidence(raw[:_HEAD_BYTES])
    if valid_multibyte >= 3 * n_bad:
        valid_multibyte, n_bad = _utf8_evidence(raw)
        if valid_multibyte >= 3 * n_bad:  # UTF-8 with a few bad bytes among many good ones
            return _as_utf8(raw, digest)
    legacy = _legacy(raw)
    if legacy is not None:
        text, encoding, confidence = legacy
        return DecodedText(text, encoding, confidence, digest, raw)
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding in _COMMON and float(best.chaos) < _SURE_CHAOS and len(raw) >= 64:
        confidence = round(max(0.0, 1.0 - float(best.chaos)) * 0.9, 2)
        return DecodedText(str(best), best.encoding, confidence, digest, raw)
    if _utf8_evidence(raw)[1] > len(raw) // 8:
        first = _first_bad(raw)
        raise ValidationError(
            "the file's text could not be decoded: it is not UTF-8 "
            f"(invalid bytes from byte {first}, line {_line_of(raw, first)}) and no "
            "encoding fits it with any certainty; import it with a chosen encoding")
    return _as_utf8(raw, digest)


_HEAD_BYTES = 256 * 1024
_C1_BYTES = re.compile(b"[\x80-\x9f]")


def _utf8_evidence(raw: bytes) -> tuple[int, int]:
    """Valid multi-byte UTF-8 characters and bad sequences in ``raw`` (a real U+FFFD
    in the file is not a bad sequence)."""
    replaced = raw.decode("utf-8", "replace")
    marks = replaced.count("\ufffd")
    return _non_ascii(replaced) - marks, marks - raw.count("\ufffd".encode())


def _first_bad(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _as_utf8(raw: bytes, digest: str) -> DecodedText:
    """``raw`` as UTF-8, each bad byte replaced by U+FFFD, saying how many and where."""
    replaced, n_bad, first = _utf8_problems(raw)
    valid_multibyte = _non_ascii(replaced) - replaced.count("\ufffd")
    return DecodedText(
        replaced, "utf-8", round(max(0.5, 1.0 - n_bad / max(valid_multibyte + n_bad, 1)), 2), digest, raw,
        f"decoded as UTF-8 with {n_bad} invalid {'byte' if n_bad == 1 else 'bytes'} replaced by �, first at "
        f"byte {first} (line {_line_of(raw, first)})",
    )


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
