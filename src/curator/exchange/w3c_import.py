"""Importing W3C Web Annotations into a store (see :mod:`curator.exchange.w3c` for the
format Curator writes and the readers this builds on)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from curator.domain.errors import ValidationError
from curator.domain.labels import Label, Status
from curator.domain.values import ClaimValue, value_from_json
from curator.exchange.w3c import _name, _source_of, _targets, anchor, curator_record, read_w3c, source_iri
from curator.services.annotations import _encode_value
from curator.services.corpus import curator_id, current_revision
from curator.settings import curator_name
from curator.store.engine import Store
from curator.store.models import Annotation, AnnotationSpan, ClaimEvidence, Revision, utcnow


ON_CONFLICT = ("refuse", "skip", "new-ids")
_LABELS = {label.value for label in Label}
_STATUSES = {status.value for status in Status}
_EVIDENCE_LABELS = (Label.DATE.value, Label.FIGURE.value)


@dataclass(frozen=True)
class W3CImportSummary:
    annotations: int  # added to the store
    skipped: int  # identical to one already in the store (on_conflict="skip")
    documents: int  # documents that received annotations


@dataclass(frozen=True)
class _Planned:
    """One checked annotation, ready to insert."""

    iri: str | None
    key: tuple[int, str, int, int]  # document id, label, start, end
    row: dict[str, Any]  # the annotation's and its span's columns, but for its creator's id
    creator: str
    evidence: tuple[str, ...]  # a claim's supporting annotations, by IRI


def import_w3c(
    store: Store, path: Path, *, on_conflict: str = "refuse", creator: str | None = None
) -> W3CImportSummary:
    """Add the W3C annotations of ``path`` to the documents of ``store``; one transaction.

    A target's ``source`` must be ``nih:sha-256;<hex>`` of a document's current text
    (what :func:`write_w3c` writes); its selectors must anchor exactly in that text.
    Curator's own record restores label, value, status and origin (and a claim's
    evidence links, by annotation IRI); an annotation from another tool needs a
    ``tagging`` body naming ``claim``, ``date`` or ``figure`` and arrives as a draft of
    origin ``import`` (its creator's name, else ``creator``, else the current curator).
    W3C ids are IRIs, not store ids, so conflicts are judged by content: an annotation
    with the same document, label, start and end as one already on the current text is
    refused (``refuse``), left out (``skip``) or added anyway (``new-ids``). Anything
    refused raises :class:`ValidationError` naming the first problem, and the store is
    left exactly as it was.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValidationError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
    items = read_w3c(path)
    fallback_creator = creator or curator_name()
    now = utcnow()
    with store.unit() as s:
        docs = _documents_by_source(s, items)
        plans = [_plan(item, i, docs, fallback_creator, now) for i, item in enumerate(items)]
        existing = _existing(s, {(d[0], d[1]) for d in docs.values()})
        ids_by_iri: dict[str, int] = {}  # the store id each annotation IRI became (or matched)
        fresh: list[_Planned] = []
        for index, plan in enumerate(plans):
            if plan.key not in existing or on_conflict == "new-ids":
                fresh.append(plan)
            elif on_conflict == "skip":
                if plan.iri is not None:
                    ids_by_iri[plan.iri] = existing[plan.key]
            else:
                doc_id, label, start, end = plan.key
                raise ValidationError(
                    f"{_name(items[index], index)}: an identical {label} annotation at {start}-{end} "
                    f"already exists in document {doc_id} (use on-conflict skip or new-ids)"
                )
        creators = {name: curator_id(s, name) for name in dict.fromkeys(p.creator for p in fresh)}
        new_ids: list[int] = []
        if fresh:
            table = Annotation.__table__
            stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
            rows = [
                {**{k: v for k, v in p.row.items() if k not in _SPAN_KEYS}, "creator_id": creators[p.creator]}
                for p in fresh
            ]
            new_ids = list(s.execute(stmt, rows).scalars())
            s.execute(AnnotationSpan.__table__.insert(), [
                {"annotation_id": new_id, "document_id": p.row["document_id"],
                 **{k: p.row[k] for k in _SPAN_KEYS}}
                for p, new_id in zip(fresh, new_ids)
            ])
        for plan, new_id in zip(fresh, new_ids):
            if plan.iri is not None:
                ids_by_iri.setdefault(plan.iri, new_id)
        _link_evidence(s, plans, fresh, new_ids, ids_by_iri)
    return W3CImportSummary(len(fresh), len(plans) - len(fresh), len({p.key[0] for p in fresh}))


_SPAN_KEYS = ("revision_id", "start", "end")  # of a plan's row: go to annotation_span


def _existing(session: Any, revisions: set[tuple[int, int]]) -> dict[tuple[int, str, int, int], int]:
    """(document, label, start, end) -> id of the annotations on these current revisions."""
    found: dict[tuple[int, str, int, int], int] = {}
    for doc_id, rev_id in revisions:
        rows = session.exec(
            select(Annotation.id, Annotation.label, AnnotationSpan.start, AnnotationSpan.end)
            .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
            .where(AnnotationSpan.document_id == doc_id, AnnotationSpan.revision_id == rev_id)
        ).all()
        for ann_id, label, start, end in rows:
            found.setdefault((doc_id, label, start, end), ann_id)
    return found


def _link_evidence(session: Any, plans: list[_Planned], fresh: list[_Planned], new_ids: list[int],
                   ids_by_iri: dict[str, int]) -> None:
    """Link each new claim to its evidence: dates or figures of the same text, found by
    IRI among the file's annotations (new, or matched to one already in the store)."""
    by_iri = {p.iri: p for p in plans if p.iri is not None}
    links = []
    for plan, claim_id in zip(fresh, new_ids):
        for iri in dict.fromkeys(plan.evidence):
            evidence = by_iri.get(iri)
            if evidence is None or iri not in ids_by_iri:
                raise ValidationError(f"claim {plan.iri}: its evidence {iri} is not an annotation in the file")
            if evidence.key[0] != plan.key[0] or evidence.key[1] not in _EVIDENCE_LABELS:
                raise ValidationError(f"claim {plan.iri}: its evidence {iri} is not a date or figure of its text")
            links.append({"claim_id": claim_id, "evidence_id": ids_by_iri[iri]})
    if links:
        session.execute(ClaimEvidence.__table__.insert(), links)


def _documents_by_source(session: Any, items: list[Any]) -> dict[str, tuple[int, int, str]]:
    """Source IRI -> (document id, current revision id, text) for every ``nih:sha-256``
    source named in ``items`` that is a document's current text (lowest id on a tie)."""
    hexes = set()
    for item in items:
        for target in _targets(item):
            try:
                source = _source_of(target)
            except ValidationError:
                continue  # reported with the annotation's name by _plan
            if source.lower().startswith("nih:sha-256;"):
                hexes.add(source[len("nih:sha-256;"):].lower())
    found: dict[str, tuple[int, int, str]] = {}
    hex_list = sorted(hexes)
    for i in range(0, len(hex_list), 500):  # keep under the bound-parameter limits
        rows = session.exec(
            select(Revision.document_id, Revision.sha256)
            .where(Revision.sha256.in_(hex_list[i:i + 500]))
            .order_by(Revision.document_id)
        ).all()
        for doc_id, sha in rows:
            if source_iri(sha) in found:
                continue
            current = current_revision(session, doc_id)
            if current is not None and current[3] == sha:
                found[source_iri(sha)] = (doc_id, current[0], current[2])
    return found


def _plan(item: dict[str, Any], index: int, docs: Mapping[str, tuple[int, int, str]],
          fallback_creator: str, now: str) -> _Planned:
    """Check one annotation against the store's texts and say what to insert."""
    name = _name(item, index)
    targets = _targets(item)
    if len(targets) != 1:
        raise ValidationError(f"{name} has {len(targets)} targets; Curator annotations have one")
    try:
        source = _source_of(targets[0])
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from exc
    key = source.lower() if source.lower().startswith("nih:sha-256;") else source
    if key not in docs:
        raise ValidationError(f"{name} targets {source}, which is not the current text of any document")
    doc_id, rev_id, text = docs[key]
    try:
        span = anchor(targets[0], text)
        record = curator_record(item)
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from exc
    if span.start == span.end:
        raise ValidationError(f"{name} selects no text")
    bodies = item.get("body", [])
    bodies = [b for b in (bodies if isinstance(bodies, list) else [bodies]) if isinstance(b, dict)]
    label, value, status, origin = _meaning(record, bodies, name)
    evidence = tuple(value.get("evidence") or ()) if label == "claim" and value else ()
    if not all(isinstance(e, str) for e in evidence):
        raise ValidationError(f"{name}: a claim's evidence is a list of annotation IRIs")
    try:
        value_json = _encode_value(_value_of(label, value))
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from exc
    notes = [b["value"] for b in bodies if b.get("purpose") == "commenting" and isinstance(b.get("value"), str)]
    created = item["created"] if isinstance(item.get("created"), str) else now
    row = {
        "document_id": doc_id, "revision_id": rev_id, "label": label, "start": span.start,
        "end": span.end, "quote": span.exact, "value_json": value_json, "note": "\n".join(notes),
        "status": status, "origin": origin, "created": created,
        "modified": item["modified"] if isinstance(item.get("modified"), str) else created,
    }
    iri = item.get("id") if isinstance(item.get("id"), str) else None
    creator = _creator_name(item.get("creator")) or fallback_creator
    return _Planned(iri, (doc_id, label, span.start, span.end), row, creator, evidence)


def _meaning(record: dict[str, Any] | None, bodies: list[dict[str, Any]], name: str) -> tuple[str, Any, str, str]:
    """``(label, value, status, origin)`` from Curator's record or a tagging body."""
    if record is None:
        tags = [b.get("value") for b in bodies if b.get("purpose") == "tagging"]
        labels = [t.strip().lower() for t in tags if isinstance(t, str) and t.strip().lower() in _LABELS]
        if not labels:
            raise ValidationError(f"{name} has no Curator record and no tagging body claim, date or figure")
        return labels[0], None, Status.DRAFT.value, "import"
    value, status, origin = record.get("value"), record.get("status", "draft"), record.get("origin", "import")
    if status not in _STATUSES or not isinstance(origin, str) or not origin:
        raise ValidationError(f"{name}: its Curator record has status {status!r}, origin {origin!r}")
    if value is not None and not isinstance(value, dict):
        raise ValidationError(f"{name}: its Curator record's value is not a JSON object")
    return record["label"], value, status, origin


def _value_of(label: str, value: dict[str, Any] | None) -> Any:
    """The domain value (validated); a claim's evidence is linked apart."""
    if value is None:
        return None
    if label == Label.CLAIM:
        return ClaimValue(str(value.get("summary") or ""))
    return value_from_json(Label(label), value)


def _creator_name(creator: Any) -> str | None:
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname") or creator.get("id")
    return creator.strip() if isinstance(creator, str) and creator.strip() else None
