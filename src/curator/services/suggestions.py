"""Suggestions: run the detectors, remember decisions, turn accepted ones into
annotations; and verdicts on parallel-text findings.

A suggestion is stored per (document, revision) with its value; accepting one creates
an annotation (origin ``suggestion``, value filled in) in the same transaction; a
rejected one is kept, so running the detectors again never proposes it a second time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, exists, select, update

from curator.domain.errors import NotFound, ValidationError
from curator.domain.labels import Label
from curator.domain.values import value_from_json
from curator.services.annotations import (
    AnnotationRow,
    _fetch,
    check_not_duplicate,
    check_unchanged,
)
from curator.services.decisions import decide, reopen
from curator.store.engine import Store
from curator.store.models import (
    Annotation,
    AnnotationSpan,
    Curator,
    Document,
    FindingVerdict,
    Suggestion,
    utcnow,
)
from curator.store.queries import curator_id, current_revision, current_revision_query
from curator.store.values import encode_value
from curator.suggest import check_parallel, suggest

Progress = Callable[[int, int], None]  # (done, total); may raise to stop: the transaction rolls back
PROGRESS_EVERY = 100  # items between two progress calls

VERDICTS = ("translation_error", "error_in_source", "rounding", "not_a_discrepancy", "other")


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    document_id: int
    revision_id: int
    label: Label
    start: int
    end: int
    quote: str
    value: dict | None
    reason: str
    score: float
    status: str
    annotation_id: int | None


_COLUMNS = (
    Suggestion.id, Suggestion.document_id, Suggestion.revision_id, Suggestion.label,
    Suggestion.start, Suggestion.end, Suggestion.quote, Suggestion.value_json, Suggestion.reason,
    Suggestion.score, Suggestion.status, Suggestion.annotation_id,
)


def _row(raw) -> SuggestionRow:
    value = None if raw[7] is None else json.loads(raw[7])
    return SuggestionRow(raw[0], raw[1], raw[2], Label(raw[3]), raw[4], raw[5], raw[6], value,
                         raw[8], raw[9], raw[10], raw[11])


def list_suggestions(store: Store, doc_id: int, status: str | None = "pending") -> list[SuggestionRow]:
    """Suggestions on the document's current revision, in text order."""
    with store.read() as s:
        rev = s.exec(current_revision_query(doc_id)).first()
        if rev is None:
            raise NotFound(f"document {doc_id} does not exist")
        query = select(*_COLUMNS).where(Suggestion.document_id == doc_id, Suggestion.revision_id == rev[0])
        if status is not None:
            query = query.where(Suggestion.status == status)
        if status == "pending":  # what an annotation of the same label covers is not offered
            query = query.where(~exists().where(
                AnnotationSpan.document_id == doc_id, AnnotationSpan.revision_id == Suggestion.revision_id,
                AnnotationSpan.start == Suggestion.start, AnnotationSpan.end == Suggestion.end,
                Annotation.id == AnnotationSpan.annotation_id, Annotation.label == Suggestion.label))
        return [_row(r) for r in s.exec(query.order_by(Suggestion.start, Suggestion.end, Suggestion.id)).all()]


def run_detectors(store: Store, doc_id: int, kinds=("date", "figure", "claim")) -> list[SuggestionRow]:
    """Run the detectors on the current text and store what is new, in one transaction.

    Not stored again: anything already suggested on this revision (pending, accepted or
    rejected: same label, span and value), and anything an annotation of the same label
    already covers exactly. Returns the newly stored suggestions."""
    with store.unit() as s:
        rev = current_revision(s, doc_id)
        if rev is None:
            raise NotFound(f"document {doc_id} does not exist")
        rev_id, text = rev[0], rev[2]
        known = {
            (r[0], r[1], r[2], r[3]) for r in s.exec(
                select(Suggestion.label, Suggestion.start, Suggestion.end, Suggestion.value_json)
                .where(Suggestion.document_id == doc_id, Suggestion.revision_id == rev_id)).all()
        }
        annotated = {
            (r[0], r[1], r[2]) for r in s.exec(
                select(Annotation.label, AnnotationSpan.start, AnnotationSpan.end)
                .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
                .where(Annotation.document_id == doc_id)).all()
        }
        now = utcnow()
        fresh = []
        for sug in suggest(text, kinds):
            value_json = _value_json(sug.label, sug.value)
            key = (sug.label, sug.start, sug.end, value_json)
            if key in known or key[:3] in annotated:
                continue
            known.add(key)
            row = Suggestion(
                document_id=doc_id, revision_id=rev_id, label=sug.label, start=sug.start, end=sug.end,
                quote=text[sug.start:sug.end], value_json=value_json, reason=sug.reason,
                score=float(sug.score), created=now,
            )
            s.add(row)
            fresh.append(row)
        s.flush()
        ids = [r.id for r in fresh]
    rows = {r.id: r for r in list_suggestions(store, doc_id, None)}
    return [rows[i] for i in ids]


def _value_json(label: str, value: dict | None) -> str | None:
    """Validated, canonical JSON of a detector's value (None if it is not valid)."""
    if value is None:
        return None
    try:
        parsed = value_from_json(Label(label), value)
    except ValidationError:
        return None
    return encode_value(parsed)


def accept_suggestions(store: Store, ids: list[int], *, by: str,
                       annotation_ids: list[int] | None = None,
                       progress: Progress | None = None) -> list[AnnotationRow]:
    """Each pending suggestion becomes an annotation with its value (origin
    ``suggestion``, status draft); all in one transaction.

    ``annotation_ids`` (the redo of an accept that was undone) gives the annotations
    the ids they had, so later undo steps that name them keep working. ``progress``
    is called every :data:`PROGRESS_EVERY` suggestions; an exception it raises rolls
    everything back."""
    if not ids:
        raise ValidationError("no suggestions to accept")
    if annotation_ids is not None and len(annotation_ids) != len(ids):
        raise ValidationError("one annotation id per suggestion")
    with store.unit() as s:
        creator = curator_id(s, by)
        now = utcnow()
        created = []
        revisions: dict[int, tuple] = {}  # document id -> its current revision, read once
        for n, sid in enumerate(ids):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, len(ids))
            sug = s.get(Suggestion, sid)
            if sug is None:
                raise NotFound(f"suggestion {sid} does not exist")
            if sug.status != "pending":
                raise ValidationError(f"suggestion {sid} is already {sug.status}")
            if sug.document_id not in revisions:
                revisions[sug.document_id] = current_revision(s, sug.document_id)
            rev = revisions[sug.document_id]
            if rev[0] != sug.revision_id:
                raise ValidationError(f"suggestion {sid} was made on an older version of the text")
            check_not_duplicate(s, sug.document_id, sug.revision_id, sug.label, sug.start, sug.end,
                                rev[2][sug.start:sug.end])
            ann_id = None if annotation_ids is None else annotation_ids[n]
            if ann_id is not None and s.get(Annotation, ann_id) is not None:
                raise ValidationError(f"annotation {ann_id} exists already")
            ann = Annotation(
                id=ann_id, document_id=sug.document_id, label=sug.label,
                quote=rev[2][sug.start:sug.end],
                value_json=sug.value_json, note="", status="draft", origin="suggestion",
                creator_id=creator, created=now, modified=now,
            )
            s.add(ann)
            s.flush()
            s.add(AnnotationSpan(annotation_id=ann.id, document_id=sug.document_id,
                                 revision_id=sug.revision_id, start=sug.start, end=sug.end))
            sug.status, sug.annotation_id, sug.decided, sug.decided_by_id = "accepted", ann.id, now, creator
            s.add(sug)
            created.append(ann.id)
        s.flush()
        return [_fetch(s, a) for a in created]


def unaccept_suggestions(store: Store, ids: list[int], *, expect: list[AnnotationRow] | None = None,
                         progress: Progress | None = None) -> list[int]:
    """Undo of accept: the annotations made from these suggestions go, the suggestions
    are pending again. Returns the ids of the annotations removed.

    ``expect``: the annotations the accept made, one per suggestion in the same order;
    they are the ones removed (even if a delete and its undo since cut the suggestion's
    link to one), and the undo is refused if one changed since."""
    if expect is not None and len(expect) != len(ids):
        raise ValidationError("one annotation per suggestion")
    removed = []
    with store.unit() as s:
        for n, sid in enumerate(ids):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, len(ids))
            sug = s.get(Suggestion, sid)
            if sug is None or sug.status != "accepted":
                raise ValidationError(f"suggestion {sid} is not accepted")
            target = sug.annotation_id if expect is None else expect[n].id
            if target is not None:
                check_unchanged(s, target, None if expect is None else expect[n])
                removed.append(target)
                s.exec(delete(Annotation).where(Annotation.id == target))
            s.exec(update(Suggestion).where(Suggestion.id == sid).values(
                status="pending", annotation_id=None, decided=None, decided_by_id=None))
    return removed


def reject_suggestions(store: Store, ids: list[int], *, by: str) -> None:
    with store.unit() as s:
        decide(s, Suggestion, ids, noun="suggestion", pending="pending", to="rejected", by=by)


def reopen_suggestions(store: Store, ids: list[int]) -> None:
    """Undo of reject."""
    with store.unit() as s:
        reopen(s, Suggestion, ids, noun="suggestion", decided="rejected", to="pending")


def restore_suggestions(store: Store, rows: list[SuggestionRow]) -> None:
    """Redo of a detector run after its undo: the withdrawn suggestions come back,
    pending, with their ids (so later undo steps naming them keep working)."""
    with store.unit() as s:
        for row in rows:
            if s.get(Suggestion, row.id) is not None:
                raise ValidationError(f"suggestion {row.id} exists already")
            rev = s.exec(current_revision_query(row.document_id)).first()
            if rev is None or rev[0] != row.revision_id:
                raise ValidationError(f"suggestion {row.id} was made on an older version of the text")
            s.add(Suggestion(
                id=row.id, document_id=row.document_id, revision_id=row.revision_id, label=row.label.value,
                start=row.start, end=row.end, quote=row.quote,
                value_json=_value_json(row.label.value, row.value),
                reason=row.reason, score=row.score, created=utcnow(),
            ))


def withdraw_suggestions(store: Store, ids: list[int]) -> None:
    """Undo of a detector run: its pending suggestions are deleted."""
    with store.unit() as s:
        s.exec(delete(Suggestion).where(Suggestion.id.in_(ids), Suggestion.status == "pending"))


# --- parallel-text findings -------------------------------------------------------------

@dataclass(frozen=True)
class FindingRow:
    key: str
    kind: str  # "mismatch" | "only_in_one"
    label: str
    message: str
    ko: dict | None  # {"start", "end", "quote", "value"}
    en: dict | None
    verdict: str | None
    note: str
    verdict_by: str | None


def _side(side) -> dict | None:
    if side is None:
        return None
    return {"start": side.start, "end": side.end, "quote": side.quote, "value": side.value}


def finding_key(finding) -> str:
    """Stable name of a finding: its label and each side's quote and value."""
    def part(side):
        if side is None:
            return "-"
        return f"{side.quote}={json.dumps(side.value, sort_keys=True, ensure_ascii=False)}"
    return f"{finding.label}|ko:{part(finding.ko)}|en:{part(finding.en)}"


def check_document(store: Store, doc_id: int) -> list[FindingRow]:
    """Parallel-text findings of the current text, each with its recorded verdict."""
    with store.read() as s:
        rev = current_revision(s, doc_id)
        if rev is None:
            raise NotFound(f"document {doc_id} does not exist")
        verdicts = {
            r[0]: r[1:] for r in s.exec(
                select(FindingVerdict.key, FindingVerdict.verdict, FindingVerdict.note, Curator.name)
                .join(Curator, Curator.id == FindingVerdict.curator_id)
                .where(FindingVerdict.document_id == doc_id)).all()
        }
    out = []
    for f in check_parallel(rev[2]):
        key = finding_key(f)
        verdict, note, by = verdicts.get(key, (None, "", None))
        out.append(FindingRow(key, f.kind, f.label, f.message, _side(f.ko), _side(f.en), verdict, note, by))
    return out


def record_verdict(store: Store, doc_id: int, key: str, verdict: str | None, note: str = "", *, by: str) -> None:
    """Record (or, with ``verdict=None``, clear) a curator's verdict on a finding."""
    if verdict is not None and verdict not in VERDICTS:
        raise ValidationError(f"a verdict is one of {', '.join(VERDICTS)}")
    with store.unit() as s:
        if s.get(Document, doc_id) is None:
            raise NotFound(f"document {doc_id} does not exist")
        existing = s.exec(select(FindingVerdict).where(
            FindingVerdict.document_id == doc_id, FindingVerdict.key == key)).first()
        if verdict is None:
            if existing is not None:
                s.delete(existing[0])
            return
        if existing is None:
            s.add(FindingVerdict(document_id=doc_id, key=key, verdict=verdict, note=note,
                                 curator_id=curator_id(s, by)))
        else:
            row = existing[0]
            row.verdict, row.note, row.modified, row.curator_id = verdict, note, utcnow(), curator_id(s, by)
            s.add(row)


def get_verdict(store: Store, doc_id: int, key: str) -> tuple[str, str] | None:
    with store.read() as s:
        row = s.exec(select(FindingVerdict.verdict, FindingVerdict.note).where(
            FindingVerdict.document_id == doc_id, FindingVerdict.key == key)).first()
        return None if row is None else (row[0], row[1])
