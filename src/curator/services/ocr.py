"""OCR files with word confidences: import, the low-confidence queue, reviewed marks.

An ALTO, hOCR or PAGE XML file becomes a document whose revision 1 is the OCR text
(:mod:`curator.exchange.ocr_formats` joins the words) and whose words are kept in the
``ocr_word`` table with their normalised and raw confidences. Word offsets always count
into revision 1 and are never rewritten: where a word is now is computed by carrying its
span through the accepted corrections, one accepted batch (one revision) at a time, with
the same :class:`~curator.text.edits.EditMap` the corrections service uses. A word whose
text a correction touched is reported ``corrected`` and, by default, leaves the queue:
the curator has already looked at it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from curator.domain.errors import CuratorError, NotFound, ValidationError
from curator.exchange.ocr_formats import OcrDocument, parse_ocr, sniff_format
from curator.services.importing import ImportOutcome, skipped_as_duplicate
from curator.store.engine import Store
from curator.store.models import Document, DocumentSource, OcrWord, Revision
from curator.store.queries import current_revision_query, edit_chain
from curator.suggest.metadata import guess_metadata, guess_title
from curator.text.canonical import canonicalize
from curator.text.edits import EditMap, carry_spans

OCR_SUFFIXES = {".xml", ".hocr", ".html", ".htm", ".xhtml"}
DEFAULT_THRESHOLD = 0.8
_SNIFF_BYTES = 64 * 1024
# hOCR is HTML: an ordinary web page must stay a text import, so ask for a class or
# meta that only OCR engines write
_HOCR_MARKERS = (b"ocrx_word", b"ocr_page", b"ocr_line", b"ocr-system")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_FORMAT_NAMES = {"alto": "ALTO", "hocr": "hOCR", "page": "PAGE XML"}


@dataclass(frozen=True)
class OcrWordRow:
    """A word of the OCR, placed in the document's CURRENT revision."""

    id: int
    document_id: int
    revision_id: int  # the current revision, which start/end count into
    start: int
    end: int
    text: str  # as the OCR read it (revision 1)
    confidence: float | None
    raw_confidence: str | None
    raw_kind: str | None
    reviewed: bool
    corrected: bool  # an accepted correction changed text inside the word


# --------------------------------------------------------------------------- import


def is_ocr_file(path: Path) -> bool:
    """True for an ALTO/hOCR/PAGE file by its suffix and first bytes (never parses)."""
    if path.suffix.lower() not in OCR_SUFFIXES or not path.is_file():
        return False
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return False  # the text import reports why the file cannot be read
    try:
        fmt = sniff_format(head)
    except ValidationError:
        return False
    return fmt != "hocr" or any(marker in head for marker in _HOCR_MARKERS)


def _declared_encoding(raw: bytes, fmt: str) -> str:
    """The XML declaration's encoding (XML's default is UTF-8); hOCR is read as UTF-8."""
    if fmt != "hocr":
        m = _XML_ENCODING.match(raw[:512].lstrip(b"\xef\xbb\xbf"))
        if m:
            return m.group(1).decode("ascii").lower()
    return "utf-8"


def _notes(doc: OcrDocument, encoding: str) -> str:
    rated = [w for w in doc.words if w.confidence is not None]
    kinds = sorted({w.raw_kind for w in rated if w.raw_kind})
    note = f"OCR {_FORMAT_NAMES.get(doc.format, doc.format)}, encoding {encoding}: {len(doc.words)} words"
    if rated:
        note += f", {len(rated)} with confidence ({', '.join(kinds)})"
    else:
        note += ", none with a confidence"
    return note


def import_ocr_file(store: Store, path: Path) -> ImportOutcome:
    """Import one OCR file as a new document (one transaction): revision 1 is the OCR
    text, the words are stored with their confidences, the file's bytes are kept. A file
    with the same bytes as a stored document is skipped, as for text files."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ImportOutcome(path.name, None, "refused", exc.strerror or str(exc))
    try:
        doc = parse_ocr(raw, name=path.name)
    except ValidationError as exc:
        return ImportOutcome(path.name, None, "refused", str(exc))
    canonical = canonicalize(doc.text)
    if canonical.text != doc.text:  # the reader joins NFC words with " " and "\n"
        return ImportOutcome(path.name, None, "refused",
                             "the OCR text is not in canonical form (NFC, \\n line ends); "
                             "its word offsets cannot be trusted")
    if not doc.text.strip():
        return ImportOutcome(path.name, None, "refused", "the OCR file has no words")
    digest = hashlib.sha256(raw).hexdigest()
    encoding = _declared_encoding(raw, doc.format)
    with store.unit() as s:
        skipped = skipped_as_duplicate(s, path.name, digest)
        if skipped is not None:
            return skipped
        title = guess_title(doc.text, path.stem)
        meta = guess_metadata(doc.text, title)
        row = Document(
            title=title, source_name=path.name, raw_sha256=digest, encoding=encoding,
            import_notes=_notes(doc, encoding), authors=meta.authors, source=meta.source,
            languages=",".join(meta.languages),
        )
        s.add(row)
        s.flush()
        s.add(DocumentSource(document_id=row.id, raw=raw))
        revision = Revision(document_id=row.id, number=1, text=canonical.text,
                            sha256=canonical.sha256, note="imported")
        s.add(revision)
        s.flush()
        if doc.words:  # Core executemany: ~10x faster than ORM objects for thousands of words
            s.connection().execute(OcrWord.__table__.insert(), [
                {"document_id": row.id, "revision_id": revision.id, "start": w.start, "end": w.end,
                 "text": w.text, "confidence": w.confidence, "raw_confidence": w.raw_confidence,
                 "raw_kind": w.raw_kind, "reviewed": False}
                for w in doc.words
            ])
        return ImportOutcome(path.name, row.id, "imported")


# --------------------------------------------------------------------------- queries


def word_count(store: Store, doc_id: int) -> int:
    """How many OCR words the document has (0: not imported from an OCR file)."""
    with store.read() as s:
        return s.exec(select(func.count()).select_from(OcrWord).where(OcrWord.document_id == doc_id)).one()[0]


def _edit_chain(session, doc_id: int, base_id: int, head_id: int) -> list[EditMap]:
    chain = edit_chain(session, doc_id, base_id, head_id)
    if chain is None:
        raise CuratorError(
            f"document {doc_id}: no accepted corrections lead from revision {base_id} to the "
            "current one; the OCR words cannot be placed")
    return chain


def low_confidence_words(
    store: Store, doc_id: int, threshold: float = DEFAULT_THRESHOLD, *,
    include_reviewed: bool = False, include_corrected: bool = False,
) -> list[OcrWordRow]:
    """Words whose confidence is below ``threshold`` (0..1), least sure first (ties in
    text order), placed in the current revision. Words without a confidence are never
    in the queue; reviewed and corrected words only when asked for."""
    if not 0.0 <= threshold <= 1.0:
        raise ValidationError(f"the confidence threshold is between 0 and 1, not {threshold!r}")
    query = (
        select(OcrWord.id, OcrWord.revision_id, OcrWord.start, OcrWord.end, OcrWord.text,
               OcrWord.confidence, OcrWord.raw_confidence, OcrWord.raw_kind, OcrWord.reviewed)
        .where(OcrWord.document_id == doc_id, OcrWord.confidence.is_not(None),
               OcrWord.confidence < threshold)
        .order_by(OcrWord.confidence, OcrWord.start)
    )
    if not include_reviewed:
        query = query.where(OcrWord.reviewed == False)  # noqa: E712 (SQL expression)
    with store.read() as s:
        head = s.exec(current_revision_query(doc_id)).first()
        if head is None:
            raise NotFound(f"document {doc_id} does not exist")
        head_id = head[0]
        words = s.exec(query).all()
        chains = {rev: _edit_chain(s, doc_id, rev, head_id) for rev in {w[1] for w in words}}
    placed: dict[int, tuple[int, int, bool]] = {}
    for rev, chain in chains.items():
        ours = [w for w in words if w[1] == rev]
        for w, spot in zip(ours, carry_spans([(w[2], w[3]) for w in ours], chain)):
            placed[w[0]] = spot
    out = []
    for wid, _rev, _start, _end, text, conf, raw, kind, reviewed in words:
        start, end, touched = placed[wid]
        if touched and not include_corrected:
            continue
        out.append(OcrWordRow(wid, doc_id, head_id, start, end, text, conf, raw, kind, bool(reviewed), touched))
    return out


def mark_reviewed(store: Store, word_ids: Iterable[int], reviewed: bool = True) -> list[int]:
    """Mark words reviewed (or not) in one transaction. Returns the ids whose mark
    changed, so that the undo (the same call with ``not reviewed`` on those ids) leaves
    words that were already so as they were."""
    ids = sorted(set(word_ids))
    if not ids:
        raise ValidationError("no words to mark")
    with store.unit() as s:
        found = dict(s.exec(select(OcrWord.id, OcrWord.reviewed).where(OcrWord.id.in_(ids))).all())
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"OCR word {missing[0]} does not exist")
        changed = [i for i in ids if bool(found[i]) != reviewed]
        if changed:
            s.exec(update(OcrWord).where(OcrWord.id.in_(changed)).values(reviewed=reviewed))
    return changed
