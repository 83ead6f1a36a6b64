"""Documents: import, list, read, curators."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from curator.domain.errors import NotFound, ValidationError
from curator.exchange.textfile import DecodedText, read_text_file
from curator.services.metadata import guess_metadata
from curator.store.engine import Store
from curator.store.models import (
    Annotation,
    Document,
    DocumentSource,
    Revision,
)
from curator.store.queries import (  # noqa: F401
    curator_id,
    current_revision,
    current_revision_query,
    revision_text_and_hash,
)
from curator.text.canonical import canonicalize

TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    source_name: str
    annotation_count: int


@dataclass(frozen=True)
class DocumentText:
    id: int
    title: str
    source_name: str
    revision_id: int
    revision_number: int
    text: str
    sha256: str
    encoding: str = ""  # of the imported file, for display


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    document_id: int | None  # None when skipped or refused
    status: str  # "imported", "skipped", "refused"
    reason: str = ""


def guess_title(text: str, fallback: str) -> str:
    """The first paragraph with real words in it (lines of fewer than 8 characters, such
    as a site's "Home" link, are passed over), cut at its first sentence when long."""
    paragraph: list[str] = []
    for line in text.split("\n")[:60]:
        line = " ".join(line.split())
        if not line:
            if paragraph:
                break
            continue
        if not paragraph and (len(line) < 8 or sum(ch.isalpha() for ch in line) < 4):
            continue
        paragraph.append(line)
    title = " ".join(paragraph)
    if not title:
        return fallback
    if len(title) > 160:
        for mark in (". ", "다. ", "? "):
            cut = title.find(mark, 20, 200)
            if cut != -1:
                return title[: cut + len(mark) - 1]
        return title[:120].rstrip() + "…"
    return title


def import_decoded(store: Store, source_name: str, decoded: DecodedText, title: str | None = None) -> ImportOutcome:
    """Store one decoded file as a new document with revision 1; one transaction."""
    canonical = canonicalize(decoded.text)
    if not canonical.text.strip():
        return ImportOutcome(source_name, None, "refused", "the file has no text")
    with store.unit() as s:
        dup = s.exec(
            select(Document.id, Document.source_name).where(Document.raw_sha256 == decoded.raw_sha256)
        ).first()
        if dup is not None:
            return ImportOutcome(
                source_name, None, "skipped", f"same content as document {dup[0]} ({dup[1]})"
            )
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


def expand_paths(paths: list[Path]) -> list[Path]:
    from curator.services.ocr import (
        is_ocr_file,  # here: services.ocr imports this module
    )

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or is_ocr_file(p))
            ))
        else:
            files.append(path)
    return files


def import_files(store: Store, paths: list[Path]) -> list[ImportOutcome]:
    """Import files and folders; each file is its own transaction, so one bad file
    is refused with a reason while the rest of the batch goes on."""
    from curator.services.ocr import import_ocr_file, is_ocr_file

    outcomes = []
    for path in expand_paths(paths):
        if is_ocr_file(path):  # ALTO, hOCR, PAGE XML: the words keep their confidences
            outcomes.append(import_ocr_file(store, path))
            continue
        try:
            decoded = read_text_file(path)
        except ValidationError as exc:
            outcomes.append(ImportOutcome(path.name, None, "refused", str(exc)))
            continue
        except OSError as exc:
            outcomes.append(ImportOutcome(path.name, None, "refused", exc.strerror or str(exc)))
            continue
        outcomes.append(import_decoded(store, path.name, decoded))
    return outcomes


def default_seeds_dir() -> Path | None:
    """The bundled sample corpus: ``$CURATOR_SEEDS``, a source checkout's ``seeds/``,
    or the folder a frozen (PyInstaller) build carries."""
    candidates = []
    if os.environ.get("CURATOR_SEEDS"):
        candidates.append(Path(os.environ["CURATOR_SEEDS"]))
    candidates.append(Path(__file__).resolve().parents[3] / "seeds")
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def is_empty(store: Store) -> bool:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Document)).one()[0] == 0


def ensure_seeded(store: Store, seeds_dir: Path | None = None) -> list[ImportOutcome]:
    """First launch: an empty store gets the bundled sample documents."""
    if not is_empty(store):
        return []
    seeds_dir = seeds_dir or default_seeds_dir()
    if seeds_dir is None:
        return []
    return import_files(store, [seeds_dir])


def list_documents(store: Store) -> list[DocumentInfo]:
    counts = (
        select(Annotation.document_id, func.count().label("n"))
        .group_by(Annotation.document_id)
        .subquery()
    )
    query = (
        select(Document.id, Document.title, Document.source_name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.document_id == Document.id)
    )
    with store.read() as s:
        rows = s.exec(query).all()
    # by source name in code point order on every backend (a server's collation would
    # order them by its language's rules), then by id
    return [DocumentInfo(*row) for row in sorted(rows, key=lambda r: (r[2], r[0]))]


def load_document(store: Store, doc_id: int) -> DocumentText:
    with store.read() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"document {doc_id} does not exist")
        rev = current_revision(s, doc_id)
        return DocumentText(
            doc.id, doc.title, doc.source_name, rev[0], rev[1], rev[2], rev[3], doc.encoding
        )
