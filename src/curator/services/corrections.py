"""Corrections: propose, accept, reject, undo; annotations follow the text.

Accepting corrections never edits a revision: it writes a new one (the original import
stays revision 1 forever) and carries every annotation of the document to it through
the edits' :class:`~curator.text.edits.EditMap`. Annotations that no edit touches move
in one set-based UPDATE per gap between edits (their quotes provably stay the same);
the few that an edit touches are carried one by one and marked ``needs_review`` with
the reason, never silently shifted or dropped. Pending proposals are rebased the same
way; a pending proposal that an accepted edit overlaps stays on its old revision and
is reported stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, case, delete, not_, select, update

from curator.domain.errors import NotFound, ValidationError
from curator.domain.labels import Status
from curator.services.decisions import decide, reopen
from curator.store.engine import Store
from curator.store.models import (
    Annotation,
    AnnotationSpan,
    Correction,
    Curator,
    Document,
    Revision,
    Suggestion,
    utcnow,
)
from curator.store.queries import (
    carried_into,
    curator_id,
    current_revision,
    current_revision_query,
    revision_text_and_hash,
)
from curator.text.canonical import sha256_hex
from curator.text.edits import Edit, EditMap

KINDS = ("edit", "noise")
STATUSES = ("proposed", "accepted", "rejected")


@dataclass(frozen=True)
class CorrectionRow:
    id: int
    document_id: int
    revision_id: int
    revision_number: int
    start: int
    end: int
    original: str
    replacement: str
    kind: str
    reason: str
    status: str
    origin: str
    author: str
    created: str
    decided: str | None
    applied_revision_id: int | None
    stale: bool  # pending, but made on an older revision that a later edit overlapped


@dataclass(frozen=True)
class AcceptResult:
    """What accepting changed, and what undoing it needs."""

    document_id: int
    base_revision_id: int
    new_revision_id: int
    correction_ids: tuple[int, ...]
    flagged: tuple[int, ...]  # annotations now needing review
    moved: int  # annotations carried untouched
    # (id, revision_id, start, end, quote, status, review_reason, modified, prior_status)
    # before the accept
    touched_before: tuple[tuple, ...] = field(default=(), repr=False)
    # (id, revision_id, start, end) of pending proposals before they were rebased
    proposals_before: tuple[tuple, ...] = field(default=(), repr=False)
    # annotations whose whole text the corrections removed: kept on the base revision
    orphaned: tuple[int, ...] = ()


_COLUMNS = (
    Correction.id, Correction.document_id, Correction.revision_id, Revision.number,
    Correction.start, Correction.end, Correction.original, Correction.replacement,
    Correction.kind, Correction.reason, Correction.status, Correction.origin, Curator.name,
    Correction.created, Correction.decided, Correction.applied_revision_id,
)


def _query():
    return (
        select(*_COLUMNS)
        .join(Revision, Revision.id == Correction.revision_id)
        .join(Curator, Curator.id == Correction.author_id)
    )


def _rows(session, query) -> list[CorrectionRow]:
    raws = session.exec(query).all()
    current: dict[int, int] = {}
    out = []
    for r in raws:
        doc = r[1]
        if doc not in current:
            current[doc] = session.exec(current_revision_query(doc)).first()[0]
        out.append(CorrectionRow(*r, stale=r[10] == "proposed" and r[2] != current[doc]))
    return out


def get_correction(store: Store, correction_id: int) -> CorrectionRow:
    with store.read() as s:
        rows = _rows(s, _query().where(Correction.id == correction_id))
    if not rows:
        raise NotFound(f"correction {correction_id} does not exist")
    return rows[0]


def list_corrections(
    store: Store, doc_id: int | None = None, status: str | None = None
) -> list[CorrectionRow]:
    query = _query()
    if doc_id is not None:
        query = query.where(Correction.document_id == doc_id)
    if status is not None:
        query = query.where(Correction.status == status)
    with store.read() as s:
        return _rows(s, query.order_by(Correction.document_id, Correction.start, Correction.id))


def _propose(session, doc_id, start, end, replacement, reason, author, kind, origin, rev=None,
             correction_id: int | None = None) -> int:
    if kind not in KINDS:
        raise ValidationError(f"a correction is of kind {' or '.join(KINDS)}, not {kind!r}")
    if rev is None:  # propose_many passes the revision it loaded once
        rev = current_revision(session, doc_id)
    if rev is None:
        raise NotFound(f"document {doc_id} does not exist")
    rev_id, text = rev[0], rev[2]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise ValidationError(f"range {start}-{end} is outside the text (0-{len(text)})")
    if kind == "noise":
        if start == end:
            raise ValidationError("a noise zone must cover some text")
        replacement = ""
    if text[start:end] == replacement:
        raise ValidationError("the replacement is the same as the text: nothing to correct")
    if correction_id is not None and session.get(Correction, correction_id) is not None:
        raise ValidationError(f"correction {correction_id} exists already")
    row = Correction(
        id=correction_id,
        document_id=doc_id, revision_id=rev_id, start=start, end=end, original=text[start:end],
        replacement=replacement, kind=kind, reason=reason.strip(), origin=origin,
        author_id=curator_id(session, author),
    )
    session.add(row)
    session.flush()
    return row.id


def propose_correction(
    store: Store, doc_id: int, start: int, end: int, replacement: str, *,
    reason: str, author: str, kind: str = "edit", origin: str = "manual", revision_id: int | None = None,
) -> CorrectionRow:
    """Propose replacing ``text[start:end]`` of the current revision (one transaction).
    ``revision_id``: the revision the offsets count into (carried to the current one, or
    refused when a correction changed that text; None: the current one)."""
    with store.unit() as s:
        start, end = _carried(s, doc_id, start, end, revision_id)
        new_id = _propose(s, doc_id, start, end, replacement, reason, author, kind, origin)
    return get_correction(store, new_id)


def propose_many(
    store: Store, doc_id: int, proposals: list[tuple[int, int, str, str, str]], *,
    author: str, origin: str = "suggestion", revision_id: int | None = None,
    ids: list[int] | None = None,
) -> list[CorrectionRow]:
    """Propose several corrections ``(start, end, replacement, kind, reason)`` of one
    document in ONE transaction. ``revision_id``: the revision the offsets were computed
    on; refused if the document has changed since. ``ids``: the ids to give them (the
    redo of proposals that an undo withdrew)."""
    if ids is not None and len(ids) != len(proposals):
        raise ValidationError("one id per proposal")
    with store.unit() as s:
        rev = current_revision(s, doc_id)
        if rev is None:
            raise NotFound(f"document {doc_id} does not exist")
        if revision_id is not None and rev[0] != revision_id:
            raise ValidationError("the document changed while the proposals were made; run again")
        ids = {
            _propose(s, doc_id, start, end, replacement, reason, author, kind, origin, rev,
                     None if ids is None else ids[n])
            for n, (start, end, replacement, kind, reason) in enumerate(proposals)
        }
    return [r for r in list_corrections(store, doc_id, "proposed") if r.id in ids]


def known_corrections(store: Store, doc_id: int, revision_id: int) -> set[tuple[int, int, str]]:
    """``(start, end, replacement)`` on revision ``revision_id`` of every pending correction
    and of every rejected one, rejected ones made on older revisions being carried through
    the corrections accepted since (dropped if one of those changed their text)."""
    rows = list_corrections(store, doc_id)
    accepted: dict[int, list[CorrectionRow]] = {}
    for r in rows:
        if r.status == "accepted" and r.applied_revision_id is not None:
            accepted.setdefault(r.revision_id, []).append(r)
    lengths: dict[int, int] = {}
    out: set[tuple[int, int, str]] = set()
    for r in rows:
        if r.status == "proposed" and r.revision_id == revision_id:
            out.add((r.start, r.end, r.replacement))
        if r.status != "rejected":
            continue
        rev, start, end = r.revision_id, r.start, r.end
        while rev != revision_id and rev in accepted:
            batch = accepted[rev]
            if rev not in lengths:
                lengths[rev] = len(revision_text(store, rev))
            carried = EditMap(lengths[rev], [Edit(c.start, c.end, c.replacement) for c in batch]).carry(start, end)
            if carried.touched:
                break
            rev, start, end = batch[0].applied_revision_id, carried.start, carried.end
        if rev == revision_id:
            out.add((start, end, r.replacement))
    return out


def _carried(session, doc_id: int, start: int, end: int, revision_id: int | None) -> tuple[int, int]:
    if revision_id is None:
        return start, end
    head = session.exec(current_revision_query(doc_id)).first()
    if head is None:
        raise NotFound(f"document {doc_id} does not exist")
    return carried_into(session, doc_id, start, end, revision_id, head[0])


def correct_directly(
    store: Store, doc_id: int, start: int, end: int, replacement: str, *,
    reason: str, author: str, kind: str = "edit", again: AcceptResult | None = None,
    revision_id: int | None = None,
) -> AcceptResult:
    """The curator types a correction on a selection: propose and accept at once.
    ``again``: the result of the first run, whose undo took it back; the redo gives the
    correction and the revision the ids they had. ``revision_id`` as in
    :func:`propose_correction`."""
    with store.unit() as s:
        start, end = _carried(s, doc_id, start, end, revision_id)
        new_id = _propose(s, doc_id, start, end, replacement, reason, author, kind, "manual",
                          correction_id=None if again is None else again.correction_ids[0])
        return _accept(s, [new_id], author, revision_id=None if again is None else again.new_revision_id)


def accept_corrections(store: Store, ids: list[int], *, by: str, again: AcceptResult | None = None,
                       progress: Callable[[int, int], None] | None = None) -> AcceptResult:
    """Accept pending corrections of ONE document together: one new revision.
    ``again``: as in :func:`correct_directly` (the new revision keeps its id).
    ``progress(step, 4)`` is called between the steps (the new revision, the moved
    annotations, the flagged ones, the moved proposals); an exception it raises rolls
    everything back."""
    with store.unit() as s:
        return _accept(s, ids, by, revision_id=None if again is None else again.new_revision_id,
                       progress=progress)


def _accept(session, ids: list[int], by: str, *, revision_id: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> AcceptResult:
    step = progress or (lambda _done, _total: None)
    if not ids:
        raise ValidationError("no corrections to accept")
    # Lock the documents' rows before reading their corrections and current revision
    # (PostgreSQL; on SQLite the unit holds the write lock already): a second accept on
    # the same document waits, then reads what the first one committed.
    session.execute(
        select(Document.id).where(Document.id.in_(
            select(Correction.document_id).where(Correction.id.in_(ids)).scalar_subquery()
        )).order_by(Document.id).with_for_update()
    ).all()
    rows = session.exec(
        select(Correction).where(Correction.id.in_(ids)).execution_options(populate_existing=True)
    ).all()
    found = {r[0].id: r[0] for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"correction {missing[0]} does not exist")
    corrections = [found[i] for i in ids]
    docs = {c.document_id for c in corrections}
    if len(docs) != 1:
        raise ValidationError("corrections of different documents are accepted one document at a time")
    doc_id = docs.pop()
    base_id, base_number, base_text, _ = current_revision(session, doc_id)
    for c in corrections:
        if c.status != "proposed":
            raise ValidationError(f"correction {c.id} is already {c.status}")
        if c.revision_id != base_id:
            raise ValidationError(
                f"correction {c.id} was made on an older version of the text that a later "
                "correction changed at the same place; edit or reject it"
            )
    edit_map = EditMap(len(base_text), [Edit(c.start, c.end, c.replacement) for c in corrections])
    new_text = edit_map.apply(base_text)
    if not new_text or new_text.isspace():  # as `not strip()`, without copying 2 MB
        raise ValidationError("the corrections would leave the document without text")
    ids_text = ", ".join(f"#{c.id}" for c in corrections)
    if revision_id is not None and session.get(Revision, revision_id) is not None:
        raise ValidationError(f"revision {revision_id} exists already")
    revision = Revision(
        id=revision_id,
        document_id=doc_id, number=base_number + 1, parent_id=base_id, text=new_text,
        sha256=sha256_hex(new_text), note=f"corrections {ids_text}",
    )
    session.add(revision)
    session.flush()
    now = utcnow()
    decider = curator_id(session, by)
    for c in corrections:
        c.status, c.decided, c.decided_by_id, c.applied_revision_id = "accepted", now, decider, revision.id
        session.add(c)
    session.flush()
    step(1, 4)

    moved = _move_untouched(session, AnnotationSpan, doc_id, base_id, revision.id, edit_map, quotes=True)
    step(2, 4)
    touched_rows = session.exec(
        select(Annotation.id, AnnotationSpan.revision_id, AnnotationSpan.start, AnnotationSpan.end,
               Annotation.quote, Annotation.status, Annotation.review_reason, Annotation.modified,
               Annotation.prior_status)
        .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
        .where(AnnotationSpan.document_id == doc_id, AnnotationSpan.revision_id == base_id,
               Annotation.status != Status.ORPHANED.value)
    ).all()
    by_edit = {(c.start, c.end): c.id for c in corrections}
    flagged, orphaned = [], []
    # the touched rows' new values, written below in one executemany per statement
    span_rows, ann_rows, orphan_rows = [], [], []
    for ann_id, _rev, start, end, quote, status, _reason, _modified, prior in touched_rows:
        carried = edit_map.carry(start, end)
        # only the corrections that changed this annotation's text, in text order
        which = ", ".join(f"#{by_edit[(e.start, e.end)]}" for e in edit_map.touching(start, end))
        which = f"correction{'s' if ',' in which else ''} {which}"
        if status not in (Status.NEEDS_REVIEW.value, Status.ORPHANED.value):
            prior = status  # what marking it reviewed gives back
        if carried.removed:
            # its whole text is gone: it keeps its revision, span and quote, and is
            # never placed on the text around it
            orphan_rows.append({"a_id": ann_id, "a_prior": prior, "a_reason":
                                f"its text «{quote}» was removed by {which} (revision {base_number + 1})"})
            orphaned.append(ann_id)
            continue
        span_rows.append({"a_id": ann_id, "a_start": carried.start, "a_end": carried.end})
        ann_rows.append({"a_id": ann_id, "a_quote": new_text[carried.start:carried.end], "a_prior": prior,
                         "a_reason": f"text changed by {which}: was «{quote}»"})
        flagged.append(ann_id)
    conn = session.connection()  # Core executemany: no ORM session synchronisation
    if orphan_rows:
        conn.execute(update(Annotation).where(Annotation.id == bindparam("a_id")).values(
            status=Status.ORPHANED.value, prior_status=bindparam("a_prior"), modified=now,
            review_reason=bindparam("a_reason")), orphan_rows)
    if span_rows:
        conn.execute(update(AnnotationSpan).where(AnnotationSpan.annotation_id == bindparam("a_id")).values(
            revision_id=revision.id, start=bindparam("a_start"), end=bindparam("a_end")), span_rows)
        conn.execute(update(Annotation).where(Annotation.id == bindparam("a_id")).values(
            quote=bindparam("a_quote"), status=Status.NEEDS_REVIEW.value, review_reason=bindparam("a_reason"),
            prior_status=bindparam("a_prior"), modified=now), ann_rows)
    step(3, 4)

    proposals_before = tuple(
        tuple(r) for r in session.exec(
            select(Correction.id, Correction.revision_id, Correction.start, Correction.end)
            .where(Correction.document_id == doc_id, Correction.status == "proposed",
                   Correction.revision_id == base_id)
        ).all()
    )
    _move_untouched(session, Correction, doc_id, base_id, revision.id, edit_map, quotes=False,
                    extra=Correction.status == "proposed")
    # detector suggestions (pending, and rejected ones so they stay remembered) follow the
    # text too; a touched one stays on the old revision, where it is no longer shown
    _move_untouched(session, Suggestion, doc_id, base_id, revision.id, edit_map, quotes=False)
    return AcceptResult(
        doc_id, base_id, revision.id, tuple(c.id for c in corrections), tuple(flagged), moved,
        tuple(tuple(r) for r in touched_rows), proposals_before, tuple(orphaned),
    )


def _move_untouched(session, table, doc_id, base_id, new_id, edit_map: EditMap, *, quotes, extra=None) -> int:
    """Move the rows lying wholly between two edits (in one gap) by their gap's shift.

    For Correction rows the gaps are strict: a pending edit touching an accepted one
    is not rebased (it is left stale)."""
    gaps = edit_map.gaps()
    los, his, shifts = [g[0] for g in gaps], [g[1] for g in gaps], [g[2] for g in gaps]
    return _move_by_gaps(session, table, doc_id, base_id, new_id, los, his, shifts,
                         strict=table is Correction, extra=extra)


# Gaps in one UPDATE's tree of CASE (below): one statement for any ordinary batch, and
# the bound parameters (~12 a gap) stay far below SQLite's and psycopg's limits.
_GAPS_PER_UPDATE = 256


def _move_by_gaps(session, table, doc_id, from_rev, to_rev, los, his, shifts, *, strict=False,
                  extra=None) -> int:
    """Move every row of ``doc_id`` on ``from_rev`` lying wholly in a gap ``k``
    (``los[k] <= start`` and ``end <= his[k]``; strict: ``start > los[k]`` for k > 0
    and ``end < his[k]`` before the last gap) to ``to_rev``, shifted by ``shifts[k]``;
    a row in two gaps (an empty one at an insertion) moves with the first. Returns the
    number of rows moved.

    One UPDATE, one pass over the document's rows, instead of one UPDATE (and one
    pass) per gap: a row's gap is the first whose end bound admits its end (the bounds
    increase), found by a binary tree of CASE over ``end``; the row moves if its start
    fits that gap too (a row failing there fits no later gap, whose lower bound is no
    smaller), and its shift is NULL otherwise. Accepting one correction in a document
    of 100,000 annotations took two passes (~130 ms); this is one."""
    start, end = table.start, table.end
    last = len(los) - 1

    def fits_end(k):
        return end < his[k] if strict and k < last else end <= his[k]

    def fits_start(k):
        return start > los[k] if strict and k else start >= los[k]

    def shift_of(k0: int, k1: int):
        if k0 == k1:
            return case((and_(fits_start(k0), fits_end(k0)), shifts[k0]))  # else NULL
        mid = (k0 + k1) // 2
        return case((fits_end(mid), shift_of(k0, mid)), else_=shift_of(mid + 1, k1))

    moved = 0
    for g0 in range(0, last + 1, _GAPS_PER_UPDATE):
        shift = shift_of(g0, min(g0 + _GAPS_PER_UPDATE - 1, last))
        cond = [table.document_id == doc_id, table.revision_id == from_rev, shift.is_not(None)]
        if g0:  # rows of earlier gaps were moved by the statements before
            cond.append(not_(fits_end(g0 - 1)))
        if extra is not None:
            cond.append(extra)
        result = session.connection().execute(  # Core: no ORM session synchronisation
            update(table).where(and_(*cond)).values(revision_id=to_rev, start=start + shift, end=end + shift)
        )
        moved += result.rowcount
    return moved


def reject_corrections(store: Store, ids: list[int], *, by: str) -> list[CorrectionRow]:
    with store.unit() as s:
        decide(s, Correction, ids, noun="correction", pending="proposed", to="rejected", by=by)
    return [get_correction(store, i) for i in ids]


def reopen_corrections(store: Store, ids: list[int]) -> None:
    """Undo a rejection: the corrections are proposed again."""
    with store.unit() as s:
        reopen(s, Correction, ids, noun="correction", decided="rejected", to="proposed")


def undo_accept(store: Store, result: AcceptResult, *, withdraw: bool = False) -> None:
    """Take an accept back: the revision it made goes, annotations and proposals return
    exactly to where they were. Only the newest revision can be taken back.
    ``withdraw``: delete the corrections instead of proposing them again (the undo of
    :func:`correct_directly`, whose correction was never a proposal)."""
    with store.unit() as s:
        latest = s.exec(current_revision_query(result.document_id)).first()
        if latest is None or latest[0] != result.new_revision_id:
            raise ValidationError("a later correction was accepted since; undo that one first")
        edit_map = EditMap(
            len(revision_text_and_hash(s, result.base_revision_id)[0]),
            [Edit(c.start, c.end, c.replacement) for c in
             (s.get(Correction, i) for i in result.correction_ids)],
        )
        # untouched annotations: shift back by the inverse of their gap's shift
        _move_back(s, AnnotationSpan, result, edit_map, exclude={r[0] for r in result.touched_before})
        _move_back(s, Suggestion, result, edit_map, exclude=set())
        for ann_id, rev, start, end, quote, status, reason, modified, prior in result.touched_before:
            s.exec(update(AnnotationSpan).where(AnnotationSpan.annotation_id == ann_id).values(
                revision_id=rev, start=start, end=end))
            s.exec(update(Annotation).where(Annotation.id == ann_id).values(
                quote=quote, status=status, review_reason=reason, modified=modified, prior_status=prior))
        for cid, rev, start, end in result.proposals_before:
            s.exec(update(Correction).where(Correction.id == cid).values(
                revision_id=rev, start=start, end=end))
        if withdraw:
            s.exec(delete(Correction).where(Correction.id.in_(result.correction_ids)))
        for cid in () if withdraw else result.correction_ids:
            s.exec(update(Correction).where(Correction.id == cid).values(
                status="proposed", decided=None, decided_by_id=None, applied_revision_id=None))
        s.exec(delete(Revision).where(Revision.id == result.new_revision_id))


def _move_back(session, table, result: AcceptResult, edit_map: EditMap, *, exclude: set[int]) -> None:
    """Move the rows lying wholly between two edits of the new text back to the base
    revision (the inverse of :func:`_move_untouched`), but those in ``exclude``."""
    gaps = edit_map.gaps()  # in the new text, each gap lies ``shift`` further on
    los, his, shifts = [lo + sh for lo, _, sh in gaps], [hi + sh for _, hi, sh in gaps], [-sh for *_, sh in gaps]
    extra = None
    if exclude:
        key = table.annotation_id if table is AnnotationSpan else table.id
        extra = key.notin_(exclude)
    _move_by_gaps(session, table, result.document_id, result.new_revision_id, result.base_revision_id,
                  los, his, shifts, extra=extra)


def apply_everywhere(
    store: Store, correction_id: int, *, author: str, corpus: bool = False
) -> list[CorrectionRow]:
    """Propose the same fix wherever the same original text occurs (in this document or
    the whole corpus), skipping places that already have a pending proposal."""
    model = get_correction(store, correction_id)
    if not model.original:
        raise ValidationError("an insertion has no text to look for elsewhere")
    with store.unit() as s:
        docs = ([model.document_id] if not corpus else
                [r[0] for r in s.exec(select(Revision.document_id).distinct()).all()])
        new_ids = []
        for doc in docs:
            rev_id, _, text, _ = current_revision(s, doc)
            pending = {
                (r[0], r[1]) for r in s.exec(
                    select(Correction.start, Correction.end).where(
                        Correction.document_id == doc, Correction.revision_id == rev_id,
                        Correction.status == "proposed")).all()
            }
            pos = text.find(model.original)
            while pos != -1:
                end = pos + len(model.original)
                if (pos, end) not in pending:
                    new_ids.append(_propose(s, doc, pos, end, model.replacement,
                                            model.reason, author, model.kind, model.origin))
                pos = text.find(model.original, end)
    return [get_correction(store, i) for i in new_ids]


def revision_text(store: Store, revision_id: int) -> str:
    with store.read() as s:
        found = revision_text_and_hash(s, revision_id)
    if found is None:
        raise NotFound(f"revision {revision_id} does not exist")
    return found[0]


def withdraw_corrections(store: Store, ids: list[int]) -> None:
    """Delete pending proposals: the undo of proposing them (suggestions, apply
    everywhere). Decided corrections are history and cannot be withdrawn."""
    with store.unit() as s:
        for cid in ids:
            c = s.get(Correction, cid)
            if c is None:
                raise NotFound(f"correction {cid} does not exist")
            if c.status != "proposed":
                raise ValidationError(f"correction {cid} is already {c.status}; only a proposal can be withdrawn")
        s.exec(delete(Correction).where(Correction.id.in_(ids)))


def revise_correction(
    store: Store, correction_id: int, replacement: str, *, reason: str | None = None,
    kind: str | None = None,
) -> CorrectionRow:
    """Change a pending proposal's replacement (and reason, kind) before deciding it."""
    with store.unit() as s:
        c = s.get(Correction, correction_id)
        if c is None:
            raise NotFound(f"correction {correction_id} does not exist")
        if c.status != "proposed":
            raise ValidationError(f"correction {correction_id} is already {c.status}")
        kind = c.kind if kind is None else kind
        if kind not in KINDS:
            raise ValidationError(f"a correction is of kind {' or '.join(KINDS)}, not {kind!r}")
        if kind == "noise" and replacement:
            raise ValidationError("a noise zone is removed: it has no replacement")
        if replacement == c.original:
            raise ValidationError("the replacement is the same as the text: nothing to correct")
        c.replacement, c.kind = replacement, kind
        if reason is not None:
            c.reason = reason.strip()
        s.add(c)
    return get_correction(store, correction_id)
