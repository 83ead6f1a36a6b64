"""OCR files that carry per-word confidence: ALTO, hOCR and PAGE XML.

Each reader returns an :class:`OcrDocument`: the text (words joined by spaces, lines by
``\\n``, blocks/paragraphs/regions by ``\\n\\n``, every word NFC) and the words with
code-point offsets into that text, so ``text[w.start:w.end] == w.text`` always holds.

Confidence is normalised to 0..1 (1 = sure) and the raw value is kept:

=========  =====================================  ==============================
format     raw                                    normalised
=========  =====================================  ==============================
ALTO       ``String/@WC`` 0..1 (1 = sure)         as is
ALTO       ``String/@CC`` per character 0..9       ``1 - mean(CC) / 9``
           (0 = sure; used only without WC)
hOCR       ``x_wconf`` 0..100 in ``title``         ``x_wconf / 100``
PAGE       ``Word/TextEquiv/@conf`` 0..1           as is (a line without words:
                                                  its ``TextEquiv/@conf``)
=========  =====================================  ==============================

A word without any confidence has ``confidence=None`` (and ``raw_kind=None``); the
low-confidence queue leaves such words out, since nothing says they are doubtful.

Safety: XML with a DTD or entity declarations is refused before parsing (no entity
expansion, no external fetches); hOCR is read with the standard HTML tokenizer, which
never resolves anything. Malformed input raises :class:`ValidationError` in one line.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from curator.domain.errors import ValidationError

FORMATS = ("alto", "hocr", "page")


@dataclass(frozen=True)
class OcrWord:
    start: int  # code points into OcrDocument.text
    end: int
    text: str
    confidence: float | None  # 0..1, 1 = sure; None when the file gives none
    raw_confidence: str | None  # the value as written in the file
    raw_kind: str | None  # "WC" | "CC" | "x_wconf" | "conf"


@dataclass(frozen=True)
class OcrDocument:
    text: str
    words: list[OcrWord]
    format: str  # "alto" | "hocr" | "page"


def low_confidence_queue(doc: OcrDocument, threshold: float = 0.8) -> list[OcrWord]:
    """Words below ``threshold``, least sure first (ties in text order).
    Words without a confidence are not in the queue."""
    doubtful = [w for w in doc.words if w.confidence is not None and w.confidence < threshold]
    return sorted(doubtful, key=lambda w: (w.confidence, w.start))


# --------------------------------------------------------------------------- assembly


class _Builder:
    """Joins words with " ", lines with "\\n" and blocks with "\\n\\n"."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.words: list[OcrWord] = []
        self.pending = ""  # separator owed before the next word

    def word(self, text: str, conf: float | None, raw: str | None, kind: str | None) -> None:
        text = unicodedata.normalize("NFC", " ".join(text.split()))
        if not text:
            return
        if self.length:
            self._put(self.pending or " ")
        self.pending = " "
        self.words.append(OcrWord(self.length, self.length + len(text), text, conf,
                                  raw, kind if raw is not None else None))
        self._put(text)

    def tail(self, text: str) -> None:
        """Text glued to the last word but not part of it (an ALTO line-end hyphen)."""
        if self.length and text:
            self._put(text)

    def line_end(self) -> None:
        if self.pending != "\n\n":
            self.pending = "\n"

    def block_end(self) -> None:
        self.pending = "\n\n"

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def build(self, fmt: str) -> OcrDocument:
        return OcrDocument("".join(self.parts), self.words, fmt)


def _float_in(raw: str, lo: float, hi: float, what: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError(f"{what}: confidence {raw!r} is not a number") from None
    if not lo <= value <= hi:
        raise ValidationError(f"{what}: confidence {raw!r} is outside {lo:g}-{hi:g}")
    return value


# --------------------------------------------------------------------------- XML


_UNSAFE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parse_xml(data: bytes, what: str) -> ET.Element:
    if _UNSAFE.search(data):
        raise ValidationError(f"{what}: XML with a DTD or entity declarations is refused for safety")
    try:
        return ET.fromstring(data, parser=ET.XMLParser())
    except ET.ParseError as exc:
        line, col = exc.position
        raise ValidationError(f"{what}: malformed XML at line {line}, column {col + 1}") from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def parse_alto(data: bytes | str, *, name: str = "ALTO") -> OcrDocument:
    root = _parse_xml(_bytes(data), name)
    if _local(root.tag) != "alto":
        raise ValidationError(f"{name}: not an ALTO file (root element {_local(root.tag)!r})")
    b = _Builder()
    for block in (el for el in root.iter() if _local(el.tag) == "TextBlock"):
        for line in _children(block, "TextLine"):
            for item in line:
                kind = _local(item.tag)
                if kind == "String":
                    b.word(item.get("CONTENT", ""), *_alto_confidence(item, name))
                elif kind == "HYP":
                    b.tail(item.get("CONTENT", "-"))
            b.line_end()
        b.block_end()
    return b.build("alto")


def _alto_confidence(el: ET.Element, name: str) -> tuple[float | None, str | None, str | None]:
    what = f"{name}: word {el.get('CONTENT', '')!r}"
    wc, cc = el.get("WC"), el.get("CC")
    if wc is not None:
        return _float_in(wc, 0.0, 1.0, what), wc, "WC"
    if cc is not None:
        digits = cc.split() if " " in cc.strip() else list(cc.strip())
        if not digits or not all(d.isdigit() and 0 <= int(d) <= 9 for d in digits):
            raise ValidationError(f"{what}: CC {cc!r} is not a list of digits 0-9")
        return 1.0 - (sum(int(d) for d in digits) / len(digits)) / 9.0, cc, "CC"
    return None, None, None


def parse_page(data: bytes | str, *, name: str = "PAGE") -> OcrDocument:
    """PAGE XML in document order (the ReadingOrder element is not followed)."""
    root = _parse_xml(_bytes(data), name)
    if _local(root.tag) != "PcGts":
        raise ValidationError(f"{name}: not a PAGE XML file (root element {_local(root.tag)!r})")
    b = _Builder()
    for region in (el for el in root.iter() if _local(el.tag) == "TextRegion"):
        lines = _children(region, "TextLine")
        for line in lines:
            words = _children(line, "Word")
            if words:
                for w in words:
                    b.word(*_page_equiv(w, name))
            else:  # a line-level transcription: its words share the line's confidence
                text, conf, raw, kind = _page_equiv(line, name)
                for token in text.split():
                    b.word(token, conf, raw, kind)
            b.line_end()
        if lines:
            b.block_end()
    return b.build("page")


def _page_equiv(el: ET.Element, name: str) -> tuple[str, float | None, str | None, str | None]:
    equivs = _children(el, "TextEquiv")
    if not equivs:
        return "", None, None, None
    equivs.sort(key=lambda e: int(e.get("index", "0")) if e.get("index", "0").lstrip("-").isdigit() else 0)
    eq = equivs[0]
    uni = _children(eq, "Unicode")
    text = (uni[0].text or "") if uni else ""
    raw = eq.get("conf")
    if raw is None:
        return text, None, None, None
    return text, _float_in(raw, 0.0, 1.0, f"{name}: word {text!r}"), raw, "conf"


# --------------------------------------------------------------------------- hOCR

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_LINE_CLASSES = {"ocr_line", "ocrx_line", "ocr_textfloat", "ocr_header", "ocr_caption"}
_BLOCK_CLASSES = {"ocr_par", "ocr_carea", "ocr_page", "ocrx_block"}
_WCONF = re.compile(r"(?:^|;)\s*x_wconf\s+(\S+)")


class _HocrParser(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.b = _Builder()
        self.stack: list[tuple[str, set[str]]] = []
        self.word_depth: int | None = None  # stack depth of the open ocrx_word
        self.word_text: list[str] = []
        self.word_title = ""
        self.seen_word = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        self.stack.append((tag, classes))
        if "ocrx_word" in classes and self.word_depth is None:
            self.word_depth = len(self.stack)
            self.word_text, self.word_title = [], a.get("title") or ""
            self.seen_word = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, classes = self.stack.pop()
            depth = len(self.stack) + 1
            if self.word_depth == depth:
                self._finish_word()
            if classes & _LINE_CLASSES:
                self.b.line_end()
            if classes & _BLOCK_CLASSES:
                self.b.block_end()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.word_depth is not None:
            self.word_text.append(data)

    def _finish_word(self) -> None:
        self.word_depth = None
        text = "".join(self.word_text)
        m = _WCONF.search(self.word_title)
        if m is None:
            self.b.word(text, None, None, None)
            return
        raw = m.group(1)
        conf = _float_in(raw, 0.0, 100.0, f"{self.name}: word {text.strip()!r}") / 100.0
        self.b.word(text, conf, raw, "x_wconf")


def parse_hocr(data: bytes | str, *, name: str = "hOCR") -> OcrDocument:
    text = data.decode("utf-8", errors="strict") if isinstance(data, bytes) else data
    parser = _HocrParser(name)
    parser.feed(text)
    parser.close()
    if parser.word_depth is not None:
        raise ValidationError(f"{name}: the file ends inside a word (truncated hOCR)")
    if not parser.seen_word:
        raise ValidationError(f"{name}: no ocrx_word elements: not hOCR with word confidence")
    return parser.b.build("hocr")


# --------------------------------------------------------------------------- dispatch


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def sniff_format(data: bytes) -> str:
    head = data[:4096].lower()
    if b"ocrx_word" in head or b"ocr_page" in head or b"<html" in head:
        return "hocr"
    if re.search(rb"<(\w+:)?pcgts\b", head):
        return "page"
    if re.search(rb"<(\w+:)?alto\b", head):
        return "alto"
    raise ValidationError("not an OCR file Curator knows (ALTO, hOCR or PAGE XML)")


def parse_ocr(data: bytes | str, fmt: str | None = None, *, name: str | None = None) -> OcrDocument:
    raw = _bytes(data)
    fmt = fmt or sniff_format(raw)
    if fmt == "alto":
        return parse_alto(raw, name=name or "ALTO")
    if fmt == "hocr":
        try:
            return parse_hocr(raw, name=name or "hOCR")
        except UnicodeDecodeError:
            raise ValidationError(f"{name or 'hOCR'}: not UTF-8 text") from None
    if fmt == "page":
        return parse_page(raw, name=name or "PAGE")
    raise ValidationError(f"unknown OCR format {fmt!r}: expected one of {', '.join(FORMATS)}")


def read_ocr_file(path: Path | str, fmt: str | None = None) -> OcrDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path.name}: {exc.strerror}") from None
    return parse_ocr(data, fmt, name=path.name)
