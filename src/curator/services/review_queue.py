"""The annotations that need review, across the corpus, one after the other.

An annotation needs review when a correction touched its text, when a merged dataset
carried it through corrections made here, or when a curator said so. They lie scattered
over many documents; the curator walks them in the document list's order (source name,
then id) and, within a document, in text order, wrapping around at either end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from sqlalchemy import select

from curator.domain.labels import Status
from curator.store.engine import Store
from curator.store.models import Annotation, AnnotationSpan, Document


@dataclass(frozen=True)
class ReviewStop:
    document_id: int
    annotation_id: int
    number: int  # 1-based place among all that need review
    total: int
    reason: str | None  # why it needs review, when a correction or a merge flagged it
    wrapped: bool  # the walk went past the last (or, backwards, the first) one


def _queue(store: Store) -> list[tuple[str, int, int, int, str | None]]:
    """``(source name, document id, start, annotation id, reason)`` in walking order."""
    query = (
        select(Document.source_name, Document.id, AnnotationSpan.start, Annotation.id, Annotation.review_reason)
        .join(Annotation, Annotation.document_id == Document.id)
        .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
        .where(Annotation.status.in_((Status.NEEDS_REVIEW.value, Status.ORPHANED.value)))
    )
    with store.read() as s:
        rows = s.exec(query).all()
    # sorted here, not by the server: source names compare by code point on every backend
    return sorted((name, doc, start, aid, reason) for name, doc, start, aid, reason in rows)


def count_to_review(store: Store) -> tuple[int, int]:
    """How many annotations need review, in how many documents."""
    queue = _queue(store)
    return len(queue), len({r[1] for r in queue})


def next_to_review(
    store: Store, doc_id: int | None, start: int = 0, annotation_id: int = 0, *, backwards: bool = False
) -> ReviewStop | None:
    """The annotation needing review after (or before) the place ``start`` of document
    ``doc_id`` (``annotation_id``: the one selected there, so the walk moves past it);
    ``doc_id=None``: from the beginning (or the end). None when none needs review."""
    queue = _queue(store)
    if not queue:
        return None
    if doc_id is None:
        place = None
    else:
        with store.read() as s:
            name = s.exec(select(Document.source_name).where(Document.id == doc_id)).one()[0]
        place = (name, doc_id, start, annotation_id)
    keys = [r[:4] for r in queue]
    if backwards:
        i = len(queue) - 1 if place is None else bisect_left(keys, place) - 1
        wrapped = i < 0
    else:
        i = 0 if place is None else bisect_right(keys, place)
        wrapped = i == len(queue)
    i %= len(queue)
    _name, found_doc, _start, found_id, reason = queue[i]
    return ReviewStop(found_doc, found_id, i + 1, len(queue), reason, wrapped and place is not None)
