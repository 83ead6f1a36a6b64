"""One file becomes one document: the outcome every import reports, and the import of
a decoded text file. The OCR import (:mod:`curator.services.ocr`) and the batch import
(:mod:`curator.services.corpus`) both build on this module, so neither imports the other
from inside a function."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curator.exchange.textfile import DecodedText
from curator.store.documents import same_bytes
from curator.store.engine import Store
from curator.store.models import Document, DocumentSource, Revision
from curator.suggest.metadata import guess_metadata, guess_title
from curator.text.canonical import canonicalize


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    document_id: int | None  # None when skipped or refused
    status: str  # "imported", "skipped", "refused"
    reason: str = ""


def skipped_as_duplicate(session, source_name: str, raw_sha256: str) -> ImportOutcome | None:
    """The "skipped" outcome when a document holds the same bytes already, else None."""
    dup = same_bytes(session, raw_sha256)
    if dup is None:
        return None
    return ImportOutcome(source_name, None, "skipped", f"same content as document {dup[0]} ({dup[1]})")


def import_decoded(store: Store, source_name: str, decoded: DecodedText, title: str | None = None) -> ImportOutcome:
    """Store one decoded file as a new document with revision 1; one transaction."""
    canonical = canonicalize(decoded.text)
    if not canonical.text.strip():
        return ImportOutcome(source_name, None, "refused", "the file has no text")
    with store.unit() as s:
        skipped = skipped_as_duplicate(s, source_name, decoded.raw_sha256)
        if skipped is not None:
            return skipped
        notes = [f"encoding {decoded.encoding} (confidence {decoded.confidence:.2f})",
                 *([decoded.note] if decoded.note else []), *canonical.notes]
        title = title or guess_title(canonical.text, Path(source_name).stem)
        meta = guess_metadata(canonical.text, title)
        doc = Document(
            title=title,
            source_name=source_name,
            raw_sha256=decoded.raw_sha256,
            encoding=decoded.encoding,
            import_notes="; ".join(notes),
            authors=meta.authors,
            source=meta.source,
            languages=",".join(meta.languages),
        )
        s.add(doc)
        s.flush()
        if decoded.raw:
            s.add(DocumentSource(document_id=doc.id, raw=decoded.raw))
        s.add(Revision(document_id=doc.id, number=1, text=canonical.text, sha256=canonical.sha256, note="imported"))
        return ImportOutcome(source_name, doc.id, "imported", decoded.summary())
