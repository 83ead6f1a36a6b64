"""Importing W3C Web Annotations onto the documents of a store, in one transaction
(:mod:`curator.exchange.w3c_read` reads the files, :mod:`curator.exchange.w3c` has the
format Curator writes and the whole-file reader).

A file laid out as :func:`~curator.exchange.w3c.write_w3c` writes it (a collection with
one annotation a line, or JSON Lines) is read as a stream: annotations are checked and
inserted in batches inside the one transaction, and only what must span the file is
kept: per annotation IRI its document, kind and store id (for evidence links, which may
point forward, so they are linked at the end), the keys of the annotations already on
each document (for conflicts) and each new claim's evidence IRIs. Any other layout is
read whole by :func:`~curator.exchange.w3c.read_w3c`. Both give the same store contents
and the same first error: the whole-file import met problems stage by stage (the file's
JSON, then every item's shape, then every item's fit to its text, then conflicts, then
evidence), so a streamed import that meets a problem reads on, looking only for a
problem of an earlier stage, and reports that one if any.

What spans the file is kept small, so memory stays flat per annotation (1M annotations:
the IRIs alone were 280 MB as strings in tuples): an IRI Curator writes
(``urn:uuid:`` and a lower-case UUID) is kept as its 128-bit number, and what is known
of it — document, whether a date or figure, store id — as one packed integer; each
claim's evidence is kept the same way, in one flat list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from curator.domain.errors import ValidationError
from curator.domain.labels import Label
from curator.domain.limits import NAME_MAX, NOTE_MAX, too_long
from curator.exchange.json_limits import nesting_problem
from curator.exchange.native import gc_paused
from curator.exchange.w3c import (
    _check_annotation,
    _name,
    _source_of,
    _targets,
    anchor,
    curator_record,
    read_w3c,
)
from curator.exchange.w3c_read import (
    EVIDENCE_LABELS,
    ON_CONFLICT,
    NotStreamable,
    W3CImportSummary,
    creator_name,
    describe_import,
    meaning,
    streamed_items,
    value_of,
)
from curator.settings import curator_name
from curator.store.bulk import EVIDENCE_COLS, SPAN_COLS, BulkDb, Ids, store_errors
from curator.store.engine import Store
from curator.store.models import Annotation, AnnotationSpan, Revision, utcnow
from curator.store.queries import curator_id, current_revision, revision_text_and_hash
from curator.store.values import encode_value

__all__ = ["ON_CONFLICT", "W3CImportSummary", "describe_import", "import_w3c"]

_BATCH = 2000  # annotations planned, then inserted together
_VALUE_CACHE_SIZE = 4096  # encoded values of dates and figures; cleared when full
# the stages of the whole-file import, in the order it met their problems
_CHECK, _PLAN, _CONFLICT, _DONE = 1, 2, 3, 4
_NIH = "nih:sha-256;"
_ANN_COLS = ("id", "document_id", "label", "quote", "value_json", "note", "status", "origin",
             "created", "modified", "creator_id")
_UUID_IRI = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DOC_BITS = 1 << 63


def _key(iri: str | None) -> int | str | None:
    """An IRI as kept: the number of a lower-case ``urn:uuid:`` IRI, else the IRI itself."""
    if iri is not None and len(iri) == 45 and _UUID_IRI.fullmatch(iri):
        return int(iri[9:].replace("-", ""), 16)
    return iri


def _iri(key: int | str | None) -> str | None:
    """The IRI :func:`_key` kept (exactly: only the lower-case form is kept as a number)."""
    if type(key) is not int:
        return key
    h = f"{key:032x}"
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _packed(doc_id: int, is_evidence: bool, store_id: int | None) -> int:
    """What is known of an IRI (its document, whether a date or figure, its store id)
    as one integer: ``store_id`` above bit 64, the document above bit 0."""
    return ((store_id or 0) << 64) | (doc_id << 1) | is_evidence


def _unpacked(v: int) -> tuple[int, bool, int | None]:
    return (v >> 1) & (_DOC_BITS - 1), bool(v & 1), (v >> 64) or None


@dataclass(frozen=True)
class _Planned:
    """One checked annotation, ready to insert."""

    iri: int | str | None  # kept as :func:`_key` keeps it
    key: tuple[int, str, int, int]  # document id, label, start, end
    revision_id: int
    row: tuple[Any, ...]  # the annotation's columns (_ANN_COLS) but its id and its creator's
    creator: str
    evidence: tuple[int | str, ...]  # a claim's supporting annotations, by IRI (as kept)



def import_w3c(
    store: Store, path: Path, *, on_conflict: str = "refuse", creator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
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
    left exactly as it was. ``progress(done, total)`` is called every few hundred items:
    in bytes of the file when it is streamed, else in items.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValidationError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
    path = Path(path)
    options = (on_conflict, creator or curator_name(), utcnow())
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ValidationError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    try:
        with fh:
            items = streamed_items(fh, path.name)
            if progress is not None:
                size = os.fstat(fh.fileno()).st_size
                items = _reporting(items, lambda _k: fh.tell(), size, progress)
            return _import(store, items, *options)
    except NotStreamable:
        pass  # rolled back; read whole below, once the streamed attempt is let go
    items = read_w3c(path)
    if progress is not None:
        items = _reporting(items, lambda k: k, len(items), progress)
    return _import(store, items, *options)


def _reporting(items: Iterable[Any], done: Callable[[int], int], total: int,
               progress: Callable[[int, int], None]) -> Iterator[Any]:
    """``items``, calling ``progress(done(k), total)`` after every 500th and the last."""
    k = 0
    for k, item in enumerate(items, 1):
        yield item
        if k % 500 == 0:
            progress(done(k), total)
    progress(total, total)


def _import(store: Store, items: Iterable[Any], on_conflict: str, fallback_creator: str,
            now: str) -> W3CImportSummary:
    # the kept IRIs are many live objects: the cyclic collector would walk them again and
    # again (nothing here makes cycles)
    with gc_paused(), store_errors("could not import the annotations"), store.unit() as s:
        run = _Run(s, on_conflict, fallback_creator, now)
        for index, item in enumerate(items):
            run.take(index, item)
        return run.finish()


class _Run:
    """One import while its items go by: plans each, inserts them in batches, and keeps
    what spans the file (see the module docstring)."""

    def __init__(self, session: Any, on_conflict: str, fallback_creator: str, now: str):
        self.s, self.on_conflict, self.now = session, on_conflict, now
        self.fallback_creator = fallback_creator
        self.failed: tuple[int, ValidationError] | None = None  # the stage and first problem met
        self.docs: dict[str, tuple[int, int] | None] = {}  # source IRI -> (document, current revision)
        self.by_text: dict[str, list[int]] | None = None  # a revision's sha256 -> its documents
        self.existing: dict[tuple[int, str, int, int], int] = {}  # key -> id, on the documents met
        # annotation IRI -> (document of its last plan, is that a date or figure, store id):
        # the id of the last skipped one with it, else of the first new one
        # (as packed by _packed, keyed by _key)
        self.iris: dict[int | str, int] = {}
        # the new claims with evidence, flat: id, IRI key, document, n, then n evidence keys
        self.claims: list[Any] = []
        self.batch: list[_Planned] = []
        self.creators: dict[str, int] = {}
        self.values: dict[tuple[str, bytes], str | None] = {}
        self.text: tuple[int | None, str] = (None, "")  # the last revision's text
        self.ids: Ids | None = None  # the new annotation ids (SQLite)
        self.planned = self.added = 0
        self.added_docs: set[int] = set()

    def take(self, index: int, item: Any) -> None:
        """Plan one item; after a problem, only look for a problem of an earlier stage."""
        stage = self.failed[0] if self.failed else _DONE
        if stage <= _CHECK:
            return
        try:
            _check_annotation(item, index)
        except ValidationError as exc:
            return self._fail(_CHECK, exc)
        if stage <= _PLAN:
            return
        try:
            plan = self._plan(item, index)
        except ValidationError as exc:
            return self._fail(_PLAN, exc)
        except RecursionError:  # a value nested beyond what the checks walk
            deep = nesting_problem(item, ["items", index]) or "nested too deep"
            return self._fail(_CHECK, ValidationError(f"{_name(item, index)}: {deep}"))
        if stage <= _CONFLICT:
            return
        self.planned += 1
        doc_id, label, start, end = plan.key
        found = self.existing.get(plan.key)
        if found is None or self.on_conflict == "new-ids":
            if plan.iri is not None:
                known = self.iris.get(plan.iri)
                self.iris[plan.iri] = _packed(doc_id, label in EVIDENCE_LABELS, known >> 64 if known else None)
            self.batch.append(plan)
            if len(self.batch) >= _BATCH:
                self._flush()
        elif self.on_conflict == "skip":
            if plan.iri is not None:
                self.iris[plan.iri] = _packed(doc_id, label in EVIDENCE_LABELS, found)
        else:
            self._fail(_CONFLICT, ValidationError(
                f"{_name(item, index)}: an identical {label} annotation at {start}-{end} "
                f"already exists in document {doc_id} (use on-conflict skip or new-ids)"
            ))

    def _fail(self, stage: int, exc: ValidationError) -> None:
        if self.failed is None or stage < self.failed[0]:
            self.failed = (stage, exc)
            self.batch = []  # nothing more is inserted: it will all be rolled back

    def finish(self) -> W3CImportSummary:
        """Insert the last batch, link the claims to their evidence, say what was done."""
        if self.failed is None:
            self._flush()
        if self.failed is not None:
            raise self.failed[1]
        links = []
        claims, k = self.claims, 0
        while k < len(claims):
            claim_id, claim_key, doc_id, n = claims[k:k + 4]
            evidence, k = claims[k + 4:k + 4 + n], k + 4 + n
            for key in evidence:
                packed = self.iris.get(key)
                if packed is None:
                    raise ValidationError(
                        f"claim {_iri(claim_key)}: its evidence {_iri(key)} is not an annotation in the file")
                ev_doc, is_evidence, ev_id = _unpacked(packed)
                if ev_doc != doc_id or not is_evidence:
                    raise ValidationError(
                        f"claim {_iri(claim_key)}: its evidence {_iri(key)} is not a date or figure of its text")
                links.append((claim_id, ev_id))
            if len(links) >= _BATCH:
                BulkDb(self.s.connection()).insert("claim_evidence", EVIDENCE_COLS, links)
                links = []
        BulkDb(self.s.connection()).insert("claim_evidence", EVIDENCE_COLS, links)
        return W3CImportSummary(self.added, self.planned - self.added, len(self.added_docs))

    def _flush(self) -> None:
        """Insert the batch (new curators first, in the order they were met)."""
        fresh, self.batch = self.batch, []
        if not fresh:
            return
        for name in dict.fromkeys(p.creator for p in fresh):
            if name not in self.creators:
                self.creators[name] = curator_id(self.s, name)
        db = BulkDb(self.s.connection())
        creators = self.creators
        if db.dialect == "sqlite":
            # ids given here, as RETURNING them in parameter order inserts one row at a
            # time; taken inside the unit's write lock (BEGIN IMMEDIATE), past every id
            # the table ever handed out
            if self.ids is None:
                self.ids = Ids(db)
            new_ids = self.ids.take("annotation", len(fresh))
            db.insert("annotation", _ANN_COLS,
                      [(new_id, *p.row, creators[p.creator]) for p, new_id in zip(fresh, new_ids)])
        else:
            table = Annotation.__table__
            stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
            rows = [dict(zip(_ANN_COLS[1:], (*p.row, creators[p.creator]))) for p in fresh]
            new_ids = list(self.s.execute(stmt, rows).scalars())
        db.insert("annotation_span", SPAN_COLS, [
            (new_id, p.key[0], p.revision_id, p.key[2], p.key[3]) for p, new_id in zip(fresh, new_ids)
        ])
        for plan, new_id in zip(fresh, new_ids):
            if plan.iri is not None:
                packed = self.iris[plan.iri]
                if packed >> 64 == 0:  # no store id yet
                    self.iris[plan.iri] = packed | (new_id << 64)
            if plan.evidence:
                evidence = dict.fromkeys(plan.evidence)
                self.claims.extend((new_id, plan.iri, plan.key[0], len(evidence), *evidence))
            self.added_docs.add(plan.key[0])
        self.added += len(fresh)

    def _document(self, key: str) -> tuple[int, int] | None:
        """(document id, current revision id) of a ``nih:sha-256`` source IRI (lower
        case) that is a document's current text, lowest document id on a tie; the
        annotations already on that revision are noted for conflicts."""
        if key in self.docs:
            return self.docs[key]
        found = None
        if key.startswith(_NIH):
            if self.by_text is None:
                # every revision's text hash, read once: revision.sha256 has no index, so a
                # query per document scanned every text again (quadratic in documents)
                self.by_text = {}
                for doc_id, sha in self.s.exec(
                    select(Revision.document_id, Revision.sha256).order_by(Revision.document_id)
                ).all():
                    self.by_text.setdefault(sha, []).append(doc_id)
            sha = key[len(_NIH):]
            for doc_id in dict.fromkeys(self.by_text.get(sha, ())):
                current = current_revision(self.s, doc_id)
                if current is not None and current[3] == sha:
                    found = (doc_id, current[0])
                    self._note_existing(*found)
                    break
        self.docs[key] = found
        return found

    def _note_existing(self, doc_id: int, rev_id: int) -> None:
        """Note (document, label, start, end) -> id of the annotations on a revision."""
        rows = self.s.exec(
            select(Annotation.id, Annotation.label, AnnotationSpan.start, AnnotationSpan.end)
            .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
            .where(AnnotationSpan.document_id == doc_id, AnnotationSpan.revision_id == rev_id)
        ).all()
        for ann_id, label, start, end in rows:
            self.existing.setdefault((doc_id, label, start, end), ann_id)

    def _text(self, rev_id: int) -> str:
        if self.text[0] != rev_id:
            found = revision_text_and_hash(self.s, rev_id)
            assert found is not None  # the current revision of a document
            self.text = (rev_id, found[0])
        return self.text[1]

    def _value_json(self, label: str, value: dict[str, Any] | None) -> str | None:
        """The stored JSON of a record's value (validated); dates and figures repeat, so
        theirs are kept by their JSON text."""
        if value is None or label == Label.CLAIM:
            return encode_value(value_of(label, value))
        key = (label, orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
        if key not in self.values:
            if len(self.values) >= _VALUE_CACHE_SIZE:
                self.values.clear()
            self.values[key] = encode_value(value_of(label, value))
        return self.values[key]

    def _plan(self, item: dict[str, Any], index: int) -> _Planned:
        """Check one annotation against the store's texts and say what to insert."""
        name = _name(item, index)
        targets = _targets(item)
        if len(targets) != 1:
            raise ValidationError(f"{name} has {len(targets)} targets; Curator annotations have one")
        try:
            source = _source_of(targets[0])
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from exc
        key = source.lower() if source.lower().startswith(_NIH) else source
        found = self._document(key)
        if found is None:
            raise ValidationError(f"{name} targets {source}, which is not the current text of any document")
        doc_id, rev_id = found
        text = self._text(rev_id)
        try:
            span = anchor(targets[0], text)
            record = curator_record(item)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from exc
        if span.start == span.end:
            raise ValidationError(f"{name} selects no text")
        bodies = item.get("body", [])
        bodies = [b for b in (bodies if isinstance(bodies, list) else [bodies]) if isinstance(b, dict)]
        label, value, status, origin = meaning(record, bodies, name)
        evidence = tuple(value.get("evidence") or ()) if label == "claim" and value else ()
        if not all(isinstance(e, str) for e in evidence):
            raise ValidationError(f"{name}: a claim's evidence is a list of annotation IRIs")
        try:
            value_json = self._value_json(label, value)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from exc
        notes = [b["value"] for b in bodies if b.get("purpose") == "commenting" and isinstance(b.get("value"), str)]
        created = item["created"] if isinstance(item.get("created"), str) else self.now
        modified = item["modified"] if isinstance(item.get("modified"), str) else created
        row = (doc_id, label, span.exact, value_json, "\n".join(notes), status, origin, created, modified)
        iri = _key(item.get("id") if isinstance(item.get("id"), str) else None)
        creator = creator_name(item.get("creator")) or self.fallback_creator
        for what, value, limit in (("note", row[4], NOTE_MAX), ("creator's name", creator, NAME_MAX)):
            problem = too_long(f"its {what}", value, limit)
            if problem:  # a dataset exported from this store must pass its schema
                raise ValidationError(f"{name}: {problem}")
        return _Planned(iri, (doc_id, label, span.start, span.end), rev_id, row, creator, tuple(map(_key, evidence)))


