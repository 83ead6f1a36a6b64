"""Curator's native dataset format, version 1: export, validation, import.

The file is described by ``schemas/curator-dataset-1.schema.json`` (JSON Schema 2020-12)
and checked by :mod:`curator.exchange.native_validate`. It is deterministic, so the same
store always gives the same bytes: fixed key order, no export timestamp, documents by id,
each document's annotations in text order (``start``, then longer spans first — ``end``
descending — then ``id``, as :func:`curator.services.annotations.list_annotations`).

A document carries its metadata, ``original_text`` (revision 1, as imported), ``text``
(the curated, current revision) and the log of ``corrections`` between them, so any
consumer can replay the log (:func:`rebuild_text`) and see exactly what curators changed.
Offsets are code points; annotations count into ``text`` and ``quote`` is always
``text[start:end]``; annotations still attached to an older revision (only a damaged
store has them) are left out and counted in :attr:`ExportSummary.stale_annotations`.

Layout: the envelope on the first line, then per document its header (everything but
the annotations) on one line, one annotation per line, and ``]}`` on a line of its own.
Files diff and grep well, and the importer reads them one document at a time
(:func:`_streamed_documents`): orjson parses each piece (a JSON string cannot hold a
raw line break, so lines are whole tokens). Any other layout of valid JSON is read whole
instead. Why not ijson (yajl2_c): it parsed 200,000 annotations in 1.2 s here, orjson in
0.57 s, and parsing is a fifth of the import.

Export streams: one document's texts and one batch of rows at a time, read with
SQLAlchemy Core or raw DB-API cursors, never ORM objects. On SQLite each annotation's
JSON is built by SQLite's ``json_object()`` (1M rows: 4.4 s against 7.9 s for orjson over
raw rows, measured by benchmarks/bench_export.py); other databases use orjson over raw
rows. Both give the same bytes (tested).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from curator.domain.errors import CuratorError, ValidationError
from curator.exchange.native_validate import (  # noqa: F401  (re-exported)
    Checker,
    CheckedDocument,
    annotation_conforms,
    decode_annotations,
    iter_revisions,
    load_schema,
    rebuild_text,
)
from curator.exchange.json_limits import describe_json_error
from curator.exchange.native_import import AlchemyDb, fix_sequences
from curator.exchange.native_merge import Merger
from curator.exchange.native_writer import Writer
from curator.exchange.rows import atomic_output, escape_line_separators, snapshot
from curator.store.engine import Store
from curator.store.models import (
    Annotation,
    AnnotationSpan,
    ClaimEvidence,
    Correction,
    Curator,
    Document,
    FindingVerdict,
    Revision,
)
from curator.text.wording import plural

FORMAT = "curator-dataset"
VERSION = 1
SCHEMA_ID = "https://curator.invalid/schemas/curator-dataset-1.schema.json"
BATCH = 10_000
ON_CONFLICT = ("refuse", "skip", "new-ids", "merge")

Progress = Callable[[int, int], None]

_A = Annotation.__table__
_P = AnnotationSpan.__table__
_D = Document.__table__
_R = Revision.__table__
_C = Curator.__table__
_E = ClaimEvidence.__table__
_K = Correction.__table__
_V = FindingVerdict.__table__


@dataclass(frozen=True)
class ExportSummary:
    documents: int
    annotations: int
    path: Path | None
    stale_annotations: int = 0  # attached to an older revision, not written


@dataclass(frozen=True)
class DatasetStats:
    documents: int
    annotations: int


@dataclass(frozen=True)
class ImportSummary:
    documents: int
    annotations: int
    skipped_documents: int = 0
    skipped_annotations: int = 0
    curators_created: int = 0
    corrections: int = 0
    merged_documents: int = 0  # on_conflict "merge": documents of the file merged into ours
    merged_annotations: int = 0  # the annotations added to them (counted in annotations too)
    flagged_annotations: int = 0  # merged annotations a correction here touched: needs review
    left_out: int = 0  # corrections and verdicts of merged documents not brought over


# ----------------------------------------------------------------------------- export


def _stream(conn: Connection, stmt, **params: Any) -> Iterator[list[tuple]]:
    """Rows of a Core statement in batches of plain tuples, straight from the DB-API
    cursor: the statement is compiled for the connection's dialect (so it stays
    portable) but rows skip SQLAlchemy's result layer, a third of the export's time."""
    if isinstance(stmt, str):  # SQL of one dialect, with positional parameters
        sql, values = stmt, tuple(params.values())
    else:
        compiled = _compiled(stmt, conn.dialect)
        sql, values = str(compiled), compiled.construct_params(params)
        if compiled.positional:
            values = tuple(values[name] for name in compiled.positiontup)
    if conn.dialect.name == "postgresql":
        # a server-side cursor: psycopg's ordinary one fetches every row at execute()
        cursor = conn.connection.driver_connection.cursor(name="curator_export")
    else:
        cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, values)
        while rows := cursor.fetchmany(BATCH):
            yield rows
    finally:
        cursor.close()


_COMPILED: dict[tuple[int, str], tuple[Any, Any]] = {}


def _compiled(stmt, dialect) -> Any:
    """Compile once per statement and dialect (the module's statements are constants;
    the entry keeps ``stmt`` alive, so its id cannot be reused)."""
    key = (id(stmt), dialect.name)
    if key not in _COMPILED:
        _COMPILED[key] = (stmt, stmt.compile(dialect=dialect))
    return _COMPILED[key][1]


_DOCS = select(
    _D.c.id, _D.c.title, _D.c.source_name, _D.c.authors, _D.c.year, _D.c.source, _D.c.languages,
    _D.c.raw_sha256, _D.c.encoding, _D.c.import_notes, _D.c.created,
).order_by(_D.c.id)
_NEWEST = (
    select(_R.c.id, _R.c.number, _R.c.text, _R.c.sha256)
    .where(_R.c.document_id == bindparam("doc"))
    .order_by(_R.c.number.desc())
    .limit(1)
)
_ORIGINAL = select(_R.c.text).where(_R.c.document_id == bindparam("doc"), _R.c.number == 1)
_rev, _applied = _R.alias("rev"), _R.alias("applied")
_author, _decider = _C.alias("author"), _C.alias("decider")
_CORRECTIONS = (
    select(
        _K.c.id, _rev.c.number, _K.c.start, _K.c.end, _K.c.original, _K.c.replacement, _K.c.kind,
        _K.c.reason, _K.c.status, _K.c.origin, _author.c.name, _K.c.created, _K.c.decided,
        _decider.c.name, _applied.c.number,
    )
    .join(_rev, _rev.c.id == _K.c.revision_id)
    .join(_author, _author.c.id == _K.c.author_id)
    .outerjoin(_decider, _decider.c.id == _K.c.decided_by_id)
    .outerjoin(_applied, _applied.c.id == _K.c.applied_revision_id)
    .where(_K.c.document_id == bindparam("doc"))
    .order_by(func.coalesce(_applied.c.number, _rev.c.number), _K.c.start, _K.c.id)
)
_CORRECTION_KEYS = ("id", "revision", "start", "end", "original", "replacement", "kind", "reason",
                    "status", "origin", "author", "created", "decided", "decided_by", "applied_revision")
_FINDINGS = (
    select(_V.c.key, _V.c.verdict, _V.c.note, _C.c.name, _V.c.created, _V.c.modified)
    .join(_C, _C.c.id == _V.c.curator_id)
    .where(_V.c.document_id == bindparam("doc"))
)  # sorted by key in Python: code point order on any database (PostgreSQL's collation may differ)
_FINDING_KEYS = ("key", "verdict", "note", "curator", "created", "modified")
_ANNS = (
    select(
        _A.c.id, _A.c.label, _P.c.start, _P.c.end, _A.c.quote, _A.c.value_json, _A.c.note,
        _A.c.status, _A.c.review_reason, _A.c.origin, _A.c.creator_id, _A.c.created, _A.c.modified,
    )
    .join(_A, _A.c.id == _P.c.annotation_id)
    .where(_P.c.document_id == bindparam("doc"), _P.c.revision_id == bindparam("rev"), _A.c.status != "orphaned")
    .order_by(_P.c.start, _P.c.end.desc(), _A.c.id)
)
_ev = _A.alias("ev")
_LINKS = (  # an orphaned annotation is not exported, nor is a link to it
    select(_E.c.claim_id, _E.c.evidence_id)
    .join(_A, _A.c.id == _E.c.claim_id)
    .join(_ev, _ev.c.id == _E.c.evidence_id)
    .where(_A.c.document_id == bindparam("doc"), _ev.c.status != "orphaned")
    .order_by(_E.c.claim_id, _E.c.evidence_id)
)
# The same objects as the orjson path writes, built by SQLite. A claim's value is null
# when it has neither a stored summary nor evidence, like the orjson path.
_ANNS_SQLITE = """
SELECT json_object(
  'id', a.id, 'label', a.label, 'start', p.start, 'end', p."end", 'quote', a.quote,
  'value', CASE
    WHEN a.label <> 'claim' THEN json(a.value_json)
    WHEN a.value_json IS NULL AND NOT EXISTS (
      SELECT 1 FROM claim_evidence ce JOIN annotation ev ON ev.id = ce.evidence_id
      WHERE ce.claim_id = a.id AND ev.status <> 'orphaned') THEN NULL
    ELSE json_object(
      'summary', coalesce(json_extract(a.value_json, '$.summary'), ''),
      'evidence', (SELECT json_group_array(evidence_id) FROM
                   (SELECT ce.evidence_id FROM claim_evidence ce JOIN annotation ev ON ev.id = ce.evidence_id
                    WHERE ce.claim_id = a.id AND ev.status <> 'orphaned' ORDER BY ce.evidence_id)))
  END,
  'note', a.note, 'status', a.status, 'review_reason', a.review_reason, 'origin', a.origin,
  'creator', c.name, 'created', a.created, 'modified', a.modified),
  p.start, p."end", a.quote
FROM annotation_span p JOIN annotation a ON a.id = p.annotation_id
JOIN curator c ON c.id = a.creator_id
WHERE p.document_id = ? AND p.revision_id = ? AND a.status <> 'orphaned'
ORDER BY p.start, p."end" DESC, a.id
"""


def _sql_builds_json(conn: Connection) -> bool:
    """Whether the database builds each annotation's JSON (SQLite's json1)."""
    return conn.dialect.name == "sqlite"


_SEP, _SEP_NL = b'"},{"id":', b'"},\n{"id":'


def _lines(objs: list[dict]) -> bytes:
    """``objs`` as JSON objects joined by ``,\n``, one per line. One ``orjson.dumps``
    of the whole batch is 3-4x faster than one call per object; the line breaks are put
    between objects after the fact. That is safe because orjson escapes every ``"``
    and newline inside strings, so ``"},{"id":`` occurs only where one annotation (ending
    with its ``modified`` string) meets the next; should a stored value JSON ever break
    that (it would need a raw newline or that exact text), the count check notices and
    the batch is written object by object."""
    out = orjson.dumps(objs)[1:-1].replace(_SEP, _SEP_NL)
    if out.count(_SEP_NL) != len(objs) - 1:
        out = b",\n".join(orjson.dumps(o) for o in objs)
    return out


def _quote_mismatch(doc_id: int, aid: int, start: int, end: int) -> CuratorError:
    return CuratorError(
        f"annotation {aid} of document {doc_id}: its quote does not match "
        f"text[{start}:{end}]; the store is inconsistent"
    )


def _annotations_sql(conn: Connection, doc_id: int, rev_id: int, text: str) -> Iterator[tuple[bytes, int]]:
    """Batches of annotation lines built by SQLite, each quote checked against the text.

    Rows are fetched with the connection's ``text_factory`` set to ``bytes`` (only for the
    fetch, then put back): the JSON goes to the file as SQLite's UTF-8, with no decoding
    into ``str`` and encoding back (~15% of the export's time)."""
    dbapi = conn.connection.driver_connection
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_ANNS_SQLITE, (doc_id, rev_id))
        while True:
            dbapi.text_factory = bytes
            try:
                rows = cursor.fetchmany(BATCH)
            finally:
                dbapi.text_factory = str
            if not rows:
                return
            for js, start, end, quote in rows:
                if text[start:end].encode() != quote:
                    raise _quote_mismatch(doc_id, orjson.loads(js)["id"], start, end)
            yield escape_line_separators(b",\n".join([r[0] for r in rows])), len(rows)
    finally:
        cursor.close()


def _annotations_orjson(
    conn: Connection, doc_id: int, rev_id: int, text: str, creators: dict[int, str]
) -> Iterator[tuple[bytes, int]]:
    """Batches of annotation lines built with orjson over raw rows (any database)."""
    evidence: dict[int, list[int]] = {}
    for rows in _stream(conn, _LINKS, doc=doc_id):
        for claim, ev in rows:
            evidence.setdefault(claim, []).append(ev)
    fragment, loads = orjson.Fragment, orjson.loads
    for rows in _stream(conn, _ANNS, doc=doc_id, rev=rev_id):
        objs = []
        for aid, label, start, end, quote, value_json, note, status, reason, origin, cid, cr, mo in rows:
            if text[start:end] != quote:
                raise _quote_mismatch(doc_id, aid, start, end)
            if label == "claim":
                ev = evidence.get(aid, [])
                if value_json is None and not ev:
                    value = None
                else:
                    summary = loads(value_json).get("summary", "") if value_json else ""
                    value = {"summary": summary, "evidence": ev}
            else:
                value = None if value_json is None else fragment(value_json)
            objs.append({
                "id": aid, "label": label, "start": start, "end": end, "quote": quote,
                "value": value, "note": note, "status": status, "review_reason": reason,
                "origin": origin, "creator": creators[cid], "created": cr, "modified": mo,
            })
        yield escape_line_separators(_lines(objs)), len(rows)


def _document_header(conn: Connection, doc) -> tuple[dict, int]:
    """Everything of one document but its annotations, and its current revision's id."""
    rev = conn.execute(_NEWEST, {"doc": doc.id}).first()
    original = conn.execute(_ORIGINAL, {"doc": doc.id}).scalar()
    if rev is None or original is None:
        raise CuratorError(f"document {doc.id} has no text revision 1; the store is damaged")
    corrections = [dict(zip(_CORRECTION_KEYS, r)) for r in conn.execute(_CORRECTIONS, {"doc": doc.id})]
    header = {
        "id": doc.id, "title": doc.title, "source_name": doc.source_name, "authors": doc.authors,
        "year": doc.year, "source": doc.source, "languages": [x for x in doc.languages.split(",") if x],
        "sha256": rev.sha256, "raw_sha256": doc.raw_sha256, "encoding": doc.encoding,
        "import_notes": doc.import_notes, "created": doc.created, "revision": rev.number,
        "original_text": original, "text": rev.text, "corrections": corrections,
        "findings": [dict(zip(_FINDING_KEYS, r)) for r in
                     sorted(conn.execute(_FINDINGS, {"doc": doc.id}).all(), key=lambda r: r[0])],
    }
    try:  # a file that the importer would refuse is never written
        Checker.replay(f"document {doc.id}", header)
    except ValidationError as exc:
        raise CuratorError(f"{exc}; the store is inconsistent") from exc
    return header, rev.id


def _write_dataset(conn: Connection, fh: BinaryIO, progress: Progress | None) -> ExportSummary:
    total = conn.execute(select(func.count()).select_from(_A)).scalar_one()
    creators = dict(conn.execute(select(_C.c.id, _C.c.name)).all())
    in_sql = _sql_builds_json(conn)
    fh.write(orjson.dumps({"format": FORMAT, "version": VERSION, "schema": SCHEMA_ID})[:-1]
             + b',"documents":[\n')
    n_docs = done = 0
    for doc in conn.execute(_DOCS).all():
        header, rev_id = _document_header(conn, doc)
        text = header["text"]
        # U+2028/U+2029 escaped: one record a line even for str.splitlines()
        fh.write((b",\n" if n_docs else b"") + escape_line_separators(orjson.dumps(header))[:-1]
                 + b',"annotations":[\n')
        batches = (_annotations_sql(conn, doc.id, rev_id, text) if in_sql
                   else _annotations_orjson(conn, doc.id, rev_id, text, creators))
        first = True
        for chunk, n in batches:
            fh.write(chunk if first else b",\n" + chunk)
            first = False
            done += n
            if progress is not None:
                progress(done, total)
        fh.write(b"]}" if first else b"\n]}")
        n_docs += 1
    fh.write(b"\n]}\n" if n_docs else b"]}\n")
    if progress is not None and done == 0:
        progress(0, total)
    return ExportSummary(n_docs, done, None, stale_annotations=total - done)


def export_dataset(
    store: Store, out: Path | str | BinaryIO, *, progress: Progress | None = None
) -> ExportSummary:
    """Write the whole store as a native dataset. A path is written through a temporary
    file beside it and renamed into place at the end, so a failure leaves the target as
    it was; an open binary file is written as it goes."""
    if not isinstance(out, (str, Path)):
        with snapshot(store) as conn:
            return _write_dataset(conn, out, progress)
    target = Path(out)
    with atomic_output(target, binary=True) as fh, snapshot(store) as conn:
        summary = _write_dataset(conn, fh, progress)
    return ExportSummary(summary.documents, summary.annotations, target, summary.stale_annotations)


# ---------------------------------------------------------------------- reading files


class _NotStreamable(Exception):
    """The file is valid JSON, perhaps, but not laid out as :func:`export_dataset`
    writes it; it is then read whole."""


def _loads(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _NotStreamable from exc


def _opened_with(line: bytes, last_key: str) -> dict:
    """``line`` is an object cut open at its last key, an array: ``{..., "key":[``."""
    obj = _loads(line + b"]}")
    if type(obj) is not dict or next(reversed(obj), None) != last_key or obj[last_key] != []:
        raise _NotStreamable
    return obj


def _streamed_documents(fh: BinaryIO) -> Iterator[dict]:
    """The envelope (with ``documents`` empty), then each document, parsed one at a time
    from the line layout the exporter writes. JSON strings cannot hold a raw line break,
    so every line is whole tokens; each piece is parsed by orjson (strictly), and the
    pieces must fit together exactly as the layout says, so the file is the JSON these
    pieces describe. Anything else raises :class:`_NotStreamable`."""
    lines = iter(fh)  # blank lines are whitespace: skipped, or left inside a body
    yield _opened_with(next((x for x in lines if x.strip()), b""), "documents")
    more: bool | None = None  # after a document: another one (",") or the end
    for line in lines:
        closing = line.strip()
        if not closing:
            continue
        if closing == b"]}":
            if more is True or any(x.strip() for x in lines):
                raise _NotStreamable
            return
        if more is False:
            raise _NotStreamable
        doc = _opened_with(line, "annotations")
        body = []
        for line in lines:
            if line[0] == 93:  # "]": the document's closing line, or not this layout
                closing = line.strip()
                if closing != b"]}" and closing != b"]},":
                    raise _NotStreamable
                break
            body.append(line)
        else:
            raise _NotStreamable
        if body:
            raw = b"[" + b"".join(body) + b"]"
            anns = decode_annotations(raw)
            doc["annotations"] = _loads(raw) if anns is None else anns
        more = closing == b"]},"
        yield doc
    raise _NotStreamable  # the file ended inside the documents


def read_dataset(path: Path | str) -> Any:
    """Parse a dataset file whole; a file that is not JSON is refused in one line."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(f"not valid JSON: {describe_json_error(raw, exc)}") from exc


def _checked_documents(
    path: Path | str, checker: Checker, streamed: bool, progress: Progress | None = None
) -> Iterator[CheckedDocument]:
    """Each document of the file once it passed every check, the envelope first.
    ``progress(done, total)`` follows each document: in bytes of the file when streamed,
    else in documents."""
    if not streamed:
        data = read_dataset(path)
        checker.envelope(data)
        docs = data["documents"]
        for i, doc in enumerate(docs):
            yield checker.document(i, doc)
            if progress is not None:
                progress(i + 1, len(docs))
        return
    try:
        fh = open(path, "rb", buffering=1 << 20)
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        docs = _streamed_documents(fh)
        checker.envelope(next(docs))
        for i, doc in enumerate(docs):
            yield checker.document(i, doc)
            if progress is not None:
                progress(fh.tell(), size)
        if progress is not None:
            progress(size, size)


def validate_dataset(data: Any) -> DatasetStats:
    """Check a parsed dataset fully: the JSON Schema, then what a schema cannot say
    (spans inside the text, quotes, hashes, unique ids, evidence links, EDTF dates, the
    corrections log rebuilding the text). Raises :class:`ValidationError` naming the
    first problem and its JSON path."""
    checker = Checker()
    checker.envelope(data)
    for i, doc in enumerate(data["documents"]):
        checker.document(i, doc)
    return DatasetStats(checker.documents, checker.annotations)


def validate_file(path: Path | str) -> DatasetStats:
    """Check a dataset file, one document at a time when it has the exporter's layout."""
    with _gc_paused():
        for streamed in (True, False):
            checker = Checker()
            try:
                for _ in _checked_documents(path, checker, streamed):
                    pass
            except _NotStreamable:
                continue
            return DatasetStats(checker.documents, checker.annotations)
    raise AssertionError("unreachable: the whole-file reader never raises _NotStreamable")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsed annotations are many live containers; the cyclic collector would walk
    them again and again while they are built (measured: reading 500,000 annotations
    5.8 s with it, 2.5 s without). Nothing here makes cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ----------------------------------------------------------------------------- import


def import_dataset(
    store: Store, path: Path | str, *, on_conflict: str = "refuse", progress: Progress | None = None
) -> ImportSummary:
    """Import a dataset file in ONE transaction, one document at a time: each document
    is checked fully before it is written, and the first problem anywhere rolls the
    whole transaction back, so the store is left exactly as it was (a file is read once:
    a separate checking pass would double the time). Memory holds one document.

    Ids, curators, timestamps, statuses, origins, evidence links, the corrections log
    (revision numbers kept, revision ids the store's own), verdicts and metadata are
    kept. When ids already exist in the store: ``refuse`` (default) stops, naming the
    first one; ``skip`` leaves out documents whose text (sha256) the store already has,
    with everything of theirs, and keeps the ids of the rest (a clash among those is
    still refused); ``new-ids`` gives every document, annotation and correction a fresh
    id, remapping evidence; ``merge`` adds the annotations of each document whose text
    the store has to that document, leaving out those it has already, and imports the
    other documents with new ids (:mod:`curator.exchange.native_merge`).
    ``progress(done, total)``: see :func:`_checked_documents`."""
    if on_conflict not in ON_CONFLICT:
        raise ValidationError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
    for attempt in range(_ATTEMPTS):
        try:
            return _import_dataset(store, path, on_conflict, progress)
        except IntegrityError as exc:
            # ids kept from the file, taken by another writer between the check and the
            # write (PostgreSQL): rolled back; the next attempt checks them again
            if attempt == _ATTEMPTS - 1:
                reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
                raise ValidationError(
                    f"another writer changed the store during the import ({reason}); nothing was imported"
                ) from exc
    raise AssertionError("unreachable")


_ATTEMPTS = 3


def _import_dataset(store: Store, path: Path | str, on_conflict: str, progress: Progress | None) -> ImportSummary:
    with _gc_paused():
        for streamed in (True, False):
            checker = Checker()
            try:
                with store.begin() as conn:
                    writer = Writer(AlchemyDb(conn), on_conflict)
                    merger = Merger(writer) if on_conflict == "merge" else None
                    add = writer.add if merger is None else merger.add
                    for checked in _checked_documents(path, checker, streamed, progress):
                        add(checked.doc, checked.revisions, checked.columns, checked.evidence)
                    written = writer.finish()
                    fix_sequences(conn)
            except _NotStreamable:
                continue  # rolled back; read the file whole
            merged = (0, 0, 0, 0) if merger is None else (
                merger.documents, merger.annotations, merger.flagged, merger.left_out)
            return ImportSummary(
                written.documents, written.annotations, checker.documents - written.documents - merged[0],
                checker.annotations - written.annotations, written.curators_created, written.corrections, *merged,
            )
    raise AssertionError("unreachable: the whole-file reader never raises _NotStreamable")


def describe_import(s: ImportSummary, name: str) -> str:
    """What an import did, in sentences a curator reads (the window and the command line)."""
    merged = s.merged_documents
    parts = []
    if s.documents or not merged:
        parts.append(f"Imported {plural(s.documents, 'document')} and "
                     f"{plural(s.annotations - s.merged_annotations, 'annotation')} from {name}.")
    if merged:
        added = f"Added {plural(s.merged_annotations, 'annotation')} to {plural(merged, 'document')} already here"
        if not s.documents:
            added += f" from {name}"
        same = s.skipped_annotations
        parts.append(added + (f"; {plural(same, 'annotation')} identical to "
                              f"{'one here was' if same == 1 else 'ones here were'} left out." if same else "."))
    elif s.skipped_documents:
        parts.append(f"Skipped {plural(s.skipped_documents, 'document')} already here "
                     f"(with {plural(s.skipped_annotations, 'annotation')}).")
    if s.flagged_annotations:
        one = s.flagged_annotations == 1
        parts.append(f"{plural(s.flagged_annotations, 'annotation')} {'needs' if one else 'need'} review: "
                     f"the text {'it was' if one else 'they were'} on has been corrected here since.")
    if s.left_out:
        parts.append(f"Left out {s.left_out:,} of the merged documents' corrections and verdicts "
                     "(settled here already, or made on an older text).")
    return " ".join(parts)


__all__ = [
    "FORMAT", "VERSION", "SCHEMA_ID", "ON_CONFLICT", "ExportSummary", "DatasetStats", "ImportSummary",
    "export_dataset", "import_dataset", "describe_import", "validate_dataset", "validate_file", "read_dataset",
    "rebuild_text", "iter_revisions", "load_schema", "annotation_conforms", "Checker", "CheckedDocument",
]
