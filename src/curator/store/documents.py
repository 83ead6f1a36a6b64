"""The shared reads of documents: the list with annotation counts, a document with its
current text, whether the store is empty, the document already holding some bytes.

Every use-case that shows or works on a document starts from these; they live here, in
the data layer, so that no service becomes the others' repository. Each takes the
caller's session (one transaction per use-case) and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from curator.domain.errors import NotFound
from curator.store.models import Annotation, Document
from curator.store.queries import current_revision


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


def document_infos(session) -> list[DocumentInfo]:
    """Every document with its number of annotations, by source name in code point
    order on every backend (a server's collation would order them by its language's
    rules), then by id."""
    counts = (
        select(Annotation.document_id, func.count().label("n"))
        .group_by(Annotation.document_id)
        .subquery()
    )
    query = (
        select(Document.id, Document.title, Document.source_name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.document_id == Document.id)
    )
    rows = session.exec(query).all()
    return [DocumentInfo(*row) for row in sorted(rows, key=lambda r: (r[2], r[0]))]


def document_text(session, doc_id: int) -> DocumentText:
    """A document with its current revision's text; :class:`NotFound` when it is gone."""
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFound(f"document {doc_id} does not exist")
    rev = current_revision(session, doc_id)
    return DocumentText(doc.id, doc.title, doc.source_name, rev[0], rev[1], rev[2], rev[3], doc.encoding)


def has_documents(session) -> bool:
    return session.exec(select(func.count()).select_from(Document)).one()[0] > 0


def same_bytes(session, raw_sha256: str) -> tuple[int, str] | None:
    """``(id, source_name)`` of the document imported from the same bytes, if any: an
    import skips a file it already holds."""
    found = session.exec(
        select(Document.id, Document.source_name).where(Document.raw_sha256 == raw_sha256)
    ).first()
    return None if found is None else (found[0], found[1])
