"""The shared queries every use-case needs: a document's current revision, a revision's
text and hash, a curator's id, and the one order annotations are listed in.

They take the caller's session and never open a unit of their own, so a service can
use them inside its one transaction.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict

from sqlalchemy import select, text

from curator.store.models import Annotation, AnnotationSpan, Curator, Revision, utcnow

# The text order of annotations, everywhere they are listed or exported: by start, the
# longer of two that start together first (so an enclosing span precedes what it
# encloses), then by id. ``TEXT_ORDER`` is the SQL form, ``text_order_key`` the Python one.
TEXT_ORDER = (AnnotationSpan.start, AnnotationSpan.end.desc(), Annotation.id)


def text_order_key(start: int, end: int, ann_id: int) -> tuple[int, int, int]:
    """The sort key of :data:`TEXT_ORDER` for an annotation held in memory."""
    return (start, -end, ann_id)


# The columns of one annotation as the services read it, joined with its span and
# creator: one list, read by :func:`select_annotations` and by the export snapshot.
ANNOTATION_COLUMNS = (
    Annotation.id,
    Annotation.document_id,
    AnnotationSpan.revision_id,
    Annotation.label,
    AnnotationSpan.start,
    AnnotationSpan.end,
    Annotation.quote,
    Annotation.value_json,
    Annotation.note,
    Annotation.status,
    Curator.name,
    Annotation.created,
    Annotation.modified,
    Annotation.origin,
    Annotation.review_reason,
    Annotation.prior_status,
)


def select_annotations():
    """:data:`ANNOTATION_COLUMNS` of annotations joined with their spans and creators."""
    return (
        select(*ANNOTATION_COLUMNS)
        .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
        .join(Curator, Curator.id == Annotation.creator_id)
    )


def curator_id(session, name: str) -> int:
    """The id of the curator called ``name``, creating it inside the caller's unit."""
    found = session.exec(select(Curator.id).where(Curator.name == name)).first()
    if found is not None:
        return found[0]
    # another process may be creating the same curator right now (PostgreSQL; SQLite's
    # units hold the write lock): whoever comes second uses the first one's row
    session.execute(
        text("INSERT INTO curator (name, created) VALUES (:n, :c) ON CONFLICT (name) DO NOTHING"),
        {"n": name, "c": utcnow()},
    )
    return session.exec(select(Curator.id).where(Curator.name == name)).one()[0]


def current_revision_query(doc_id: int):
    """``(id, number)`` of a document's newest revision: answered from the unique index
    on (document_id, number) without reading the text."""
    return (
        select(Revision.id, Revision.number)
        .where(Revision.document_id == doc_id)
        .order_by(Revision.number.desc())
        .limit(1)
    )


# Revisions are immutable and their ids are never reused (AUTOINCREMENT), so a
# revision's text can be cached by id for the life of the engine. Reading a 2 MB text
# walks SQLite's overflow pages (~10 ms); every annotation edit needs it for its quote.
_TEXT_CACHE: weakref.WeakKeyDictionary[object, OrderedDict[int, tuple[str, str]]] = weakref.WeakKeyDictionary()
_TEXT_CACHE_SIZE = 8


def revision_text_and_hash(session, revision_id: int) -> tuple[str, str] | None:
    """``(text, sha256)`` of a revision, or None when it does not exist."""
    engine = session.get_bind()
    cache = _TEXT_CACHE.setdefault(engine, OrderedDict())
    hit = cache.get(revision_id)
    if hit is not None:
        cache.move_to_end(revision_id)
        return hit
    row = session.exec(select(Revision.text, Revision.sha256).where(Revision.id == revision_id)).first()
    if row is None:
        return None
    cache[revision_id] = (row[0], row[1])
    if len(cache) > _TEXT_CACHE_SIZE:
        cache.popitem(last=False)
    return row[0], row[1]


def current_revision(session, doc_id: int) -> tuple[int, int, str, str] | None:
    """``(id, number, text, sha256)`` of a document's newest revision, or None."""
    head = session.exec(current_revision_query(doc_id)).first()
    if head is None:
        return None
    text_, digest = revision_text_and_hash(session, head[0])
    return head[0], head[1], text_, digest
