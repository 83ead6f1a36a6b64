"""What the native dataset export reads (:mod:`curator.exchange.native` writes it): the
documents, each one's texts, corrections log and verdicts, and its annotations in text
order, streamed in batches from one snapshot (:func:`curator.store.snapshot.snapshot`).

Rows skip SQLAlchemy's result layer (a third of the export's time): statements are
compiled for the connection's dialect (so they stay portable) and run on the DB-API
cursor. On SQLite each annotation's JSON is built by SQLite's ``json_object()`` (1M rows:
4.4 s against 7.9 s for orjson over raw rows, measured by benchmarks/bench_export.py)
and fetched as UTF-8 bytes; other databases hand out raw rows, which the exporter turns
into the same bytes (tested).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

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
from curator.store.queries import TEXT_ORDER, select_annotations

BATCH = 10_000

_A = Annotation.__table__
_P = AnnotationSpan.__table__
_D = Document.__table__
_R = Revision.__table__
_C = Curator.__table__
_E = ClaimEvidence.__table__
_K = Correction.__table__
_V = FindingVerdict.__table__

# a document's columns, named as the dataset names them (curator.exchange.native)
DOCUMENT_FIELDS = ("id", "title", "source_name", "authors", "year", "source", "languages",
                   "raw_sha256", "encoding", "import_notes", "created")
_DOCS = select(*(_D.c[name] for name in DOCUMENT_FIELDS)).order_by(_D.c.id)
_NEWEST = (
    select(_R.c.id, _R.c.number, _R.c.text, _R.c.sha256)
    .where(_R.c.document_id == bindparam("doc"))
    .order_by(_R.c.number.desc())
    .limit(1)
)
_ORIGINAL = select(_R.c.text).where(_R.c.document_id == bindparam("doc"), _R.c.number == 1)
_rev, _applied = _R.alias("rev"), _R.alias("applied")
_author, _decider = _C.alias("author"), _C.alias("decider")
# a correction's columns, named as the dataset names them
CORRECTION_FIELDS = ("id", "revision", "start", "end", "original", "replacement", "kind", "reason",
                     "status", "origin", "author", "created", "decided", "decided_by", "applied_revision")
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
FINDING_FIELDS = ("key", "verdict", "note", "curator", "created", "modified")
_FINDINGS = (
    select(_V.c.key, _V.c.verdict, _V.c.note, _C.c.name, _V.c.created, _V.c.modified)
    .join(_C, _C.c.id == _V.c.curator_id)
    .where(_V.c.document_id == bindparam("doc"))
)  # sorted by key in Python: code point order on any database (PostgreSQL's collation may differ)
# rows of queries.ANNOTATION_COLUMNS; an orphaned annotation (no place in the text) is left out
_ANNS = (
    select_annotations()
    .where(_P.c.document_id == bindparam("doc"), _P.c.revision_id == bindparam("rev"), _A.c.status != "orphaned")
    .order_by(*TEXT_ORDER)
)
_ev = _A.alias("ev")
_LINKS = (  # an orphaned annotation is not exported, nor is a link to it
    select(_E.c.claim_id, _E.c.evidence_id)
    .join(_A, _A.c.id == _E.c.claim_id)
    .join(_ev, _ev.c.id == _E.c.evidence_id)
    .where(_A.c.document_id == bindparam("doc"), _ev.c.status != "orphaned")
    .order_by(_E.c.claim_id, _E.c.evidence_id)
)
# The objects the exporter writes over raw rows (curator.exchange.native), built by
# SQLite, in TEXT_ORDER. A claim's value is null when it has neither a stored summary nor
# evidence, as there. Each row: the JSON, then start, end and the quote (checked by the exporter).
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

_COMPILED: dict[tuple[int, str], tuple[Any, Any]] = {}


def _compiled(stmt, dialect) -> Any:
    """Compile once per statement and dialect (the module's statements are constants;
    the entry keeps ``stmt`` alive, so its id cannot be reused)."""
    key = (id(stmt), dialect.name)
    if key not in _COMPILED:
        _COMPILED[key] = (stmt, stmt.compile(dialect=dialect))
    return _COMPILED[key][1]


def sql_builds_json(conn: Connection) -> bool:
    """Whether the database builds each annotation's JSON (SQLite's json1)."""
    return conn.dialect.name == "sqlite"


class DatasetReader:
    """The native dataset's reads over one snapshot connection."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.builds_json = sql_builds_json(conn)  # else: annotation rows, see annotation_json

    def count_annotations(self) -> int:
        """Every annotation, orphaned ones too (the export says how many it left out)."""
        return self.conn.execute(select(func.count()).select_from(_A)).scalar_one()

    def documents(self) -> list[dict[str, Any]]:
        """Every document's row, keyed by :data:`DOCUMENT_FIELDS`, by id."""
        return [dict(zip(DOCUMENT_FIELDS, r)) for r in self.conn.execute(_DOCS).all()]

    def texts(self, doc_id: int) -> tuple[int, int, str, str, str] | None:
        """``(id, number, text, sha256)`` of the current revision and the text of revision
        1, or None when either is missing (a damaged store)."""
        rev = self.conn.execute(_NEWEST, {"doc": doc_id}).first()
        original = self.conn.execute(_ORIGINAL, {"doc": doc_id}).scalar()
        if rev is None or original is None:
            return None
        return rev[0], rev[1], rev[2], rev[3], original

    def corrections(self, doc_id: int) -> list[dict[str, Any]]:
        """The corrections log, keyed by :data:`CORRECTION_FIELDS`, in the dataset's order."""
        return [dict(zip(CORRECTION_FIELDS, r)) for r in self.conn.execute(_CORRECTIONS, {"doc": doc_id})]

    def findings(self, doc_id: int) -> list[dict[str, Any]]:
        """The verdicts, keyed by :data:`FINDING_FIELDS`, by key in code point order."""
        rows = sorted(self.conn.execute(_FINDINGS, {"doc": doc_id}).all(), key=lambda r: r[0])
        return [dict(zip(FINDING_FIELDS, r)) for r in rows]

    def annotation_json(self, doc_id: int, rev_id: int) -> Iterator[list[tuple[bytes, int, int, bytes]]]:
        """SQLite: batches of ``(JSON, start, end, quote)``, JSON and quote as UTF-8.

        Rows are fetched with the connection's ``text_factory`` set to ``bytes`` (only for
        the fetch, then put back): the JSON goes to the file as SQLite's UTF-8, with no
        decoding into ``str`` and encoding back (~15% of the export's time)."""
        dbapi = self.conn.connection.driver_connection
        cursor = self.conn.connection.cursor()
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
                yield rows
        finally:
            cursor.close()

    def annotations(self, doc_id: int, rev_id: int) -> Iterator[list[tuple]]:
        """Batches of rows of :data:`~curator.store.queries.ANNOTATION_COLUMNS` on the
        revision, in text order, orphans left out."""
        return self._stream(_ANNS, doc=doc_id, rev=rev_id)

    def evidence(self, doc_id: int) -> dict[int, list[int]]:
        """Claim id -> its evidence ids (orphans left out), ascending, for one document."""
        found: dict[int, list[int]] = {}
        for rows in self._stream(_LINKS, doc=doc_id):
            for claim, ev in rows:
                found.setdefault(claim, []).append(ev)
        return found

    def _stream(self, stmt, **params: Any) -> Iterator[list[tuple]]:
        """Rows of a Core statement in batches of plain tuples, straight from the DB-API
        cursor."""
        conn = self.conn
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
