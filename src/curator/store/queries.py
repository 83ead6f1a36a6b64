"""The shared queries every use-case needs: a document's current revision, a revision's
text and hash, a curator's id, and the one order annotations are listed in.

They take the caller's session and never open a unit of their own, so a service can
use them inside its one transaction.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict

from sqlalchemy import func, select, text

from curator.domain.errors import Conflict, ValidationError
from curator.store.models import Annotation, AnnotationSpan, Correction, Curator, Revision, utcnow
from curator.text.edits import Edit, EditMap, carry_span
from curator.text.spans import text_order_key

__all__ = [
    "ANNOTATION_COLUMNS", "TEXT_ORDER", "TEXT_ORDER_SQL", "carried_into", "curator_id", "current_revision",
    "current_revision_query", "edit_chain", "revision_text_and_hash", "select_annotations", "text_order_key",
]

# The text order of annotations (:func:`curator.text.spans.text_order_key`, re-exported
# here) in SQL: ``TEXT_ORDER`` for queries, ``TEXT_ORDER_SQL`` for raw SQL over
# ``annotation_span p`` joined with ``annotation a``.
TEXT_ORDER = (AnnotationSpan.start, AnnotationSpan.end.desc(), Annotation.id)
TEXT_ORDER_SQL = 'p.start, p."end" DESC, a.id'


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


def edit_chain(session, doc_id: int, base_id: int, head_id: int) -> list[EditMap] | None:
    """The accepted corrections leading from revision ``base_id`` to ``head_id`` of a
    document, one :class:`~curator.text.edits.EditMap` per accepted batch, oldest first
    (empty when the two are the same); None when no chain of accepted corrections leads
    there. What carries an offset counted into an older revision to the current one."""
    if base_id == head_id:
        return []
    batches: dict[int, tuple[int, list[Edit]]] = {}
    for rev, applied, start, end, replacement in session.exec(
        select(Correction.revision_id, Correction.applied_revision_id, Correction.start,
               Correction.end, Correction.replacement)
        .where(Correction.document_id == doc_id, Correction.status == "accepted",
               Correction.applied_revision_id.is_not(None))
    ).all():
        batches.setdefault(rev, (applied, []))[1].append(Edit(start, end, replacement))
    # code points of each revision without loading the texts (SQLite and PostgreSQL
    # length() both count characters)
    lengths = dict(session.exec(
        select(Revision.id, func.length(Revision.text)).where(Revision.document_id == doc_id)
    ).all())
    chain, rev = [], base_id
    while rev != head_id:
        if rev not in batches:
            return None
        applied, edits = batches[rev]
        chain.append(EditMap(lengths[rev], edits))
        rev = applied
    return chain


def carried_into(session, doc_id: int, start: int, end: int, revision_id: int | None,
                 target_id: int) -> tuple[int, int]:
    """``[start, end)`` counted into revision ``revision_id`` (the text a caller showed),
    as offsets into revision ``target_id`` (where it is written). Carried through the
    accepted corrections between the two when none of them changed the text under it;
    else :class:`Conflict`: the caller's selection no longer means that text. ``None``:
    the offsets count into ``target_id`` already."""
    if revision_id is None or revision_id == target_id:
        return start, end
    chain = edit_chain(session, doc_id, revision_id, target_id)
    if chain is None:
        raise Conflict(f"revision {revision_id} is not an earlier text of document {doc_id}; "
                       "show the document again and select the text there")
    size = len(revision_text_and_hash(session, revision_id)[0])
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= size):
        raise ValidationError(f"span {start}-{end} is not a range inside the text (0-{size})")
    carried = carry_span(start, end, chain)
    if carried.touched:
        raise Conflict(f"a correction changed the text at {start}-{end} since it was shown; "
                       "select the text again")
    return carried.start, carried.end
