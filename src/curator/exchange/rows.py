"""A streamed reader of documents and annotations for the exporters.

Exports must scale to a million annotations without holding them in memory, and must
never go through ORM objects (measured here: 27k rows/s and 2.6 GB through sqlmodel
objects against 380k rows/s over raw rows). So the exporters read:

* annotations as SQLAlchemy Core rows, fetched in batches (``yield_per``), in a fixed
  order (document, start, longer first, id) so every export is deterministic;
* the text of a revision only when an annotation needs it, keeping the texts of the
  current document alone;
* the claim → evidence links of the claims in each batch, with that batch.

Everything is read on one connection inside one transaction, so an export is a
consistent snapshot even while the application goes on writing.

``atomic_output`` writes a file beside its target and renames it into place, so a
failed or interrupted export never leaves a half-written file under the real name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

import orjson

from sqlalchemy import Compiled, Connection, Select, bindparam, func, select

from curator.domain.errors import CuratorError, NotFound
from curator.store.engine import Store
from curator.store.models import Annotation, AnnotationSpan, ClaimEvidence, Curator, Document, Revision

# progress(done, total): called after each batch and once at the end
Progress = Callable[[int, int], None]

BATCH_SIZE = 5000
# orphaned annotations (a correction removed all their text) are left out of every export
ORPHANED = "orphaned"
# the claim -> evidence links of a batch's claims, the claim ids as one JSON array
_EVIDENCE_SQLITE = """
SELECT ce.claim_id, ce.evidence_id, a.created
FROM claim_evidence ce JOIN annotation a ON a.id = ce.evidence_id
WHERE ce.claim_id IN (SELECT value FROM json_each(?)) AND a.status <> 'orphaned'
ORDER BY ce.claim_id, ce.evidence_id
"""

# Column order of the rows yielded by ExportReader.annotations(). Rows are tuples (plain
# ones on SQLite), so writers unpack them by position (a Row attribute costs about a microsecond):
# keep this order, or update the writers that unpack it.
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
    Annotation.origin,
    Curator.name.label("creator"),
    Annotation.created,
    Annotation.modified,
)


# built once: building a statement costs more than running it on a small table
_DOCUMENT = select(Document.id, Document.title, Document.source_name, Document.raw_sha256).where(
    Document.id == bindparam("id")
)
_REVISION = select(Revision.id, Revision.document_id, Revision.number, Revision.text, Revision.sha256).where(
    Revision.id == bindparam("id")
)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    id: int
    title: str
    source_name: str
    raw_sha256: str


@dataclass(frozen=True, slots=True)
class RevisionText:
    id: int
    document_id: int
    number: int
    text: str
    sha256: str


class EvidenceLink(NamedTuple):
    evidence_id: int
    evidence_created: str


class ExportReader:
    """Read-only access for one export, over a single connection."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self._doc: DocumentMeta | None = None
        self._revisions: dict[int, RevisionText] = {}
        self._evidence: dict[int, list[EvidenceLink]] = {}
        self._sqlite = conn.dialect.name == "sqlite"
        self._queries: dict[tuple[tuple[str, ...] | None, bool], Select[Any]] = {}
        self._compiled: dict[Select[Any], Compiled] = {}

    # -- counts and documents ------------------------------------------------------
    def count_annotations(self, labels: tuple[str, ...] | None = None) -> int:
        query = select(func.count()).select_from(Annotation).where(Annotation.status != ORPHANED)
        if labels is not None:
            query = query.where(Annotation.label.in_(labels))
        return int(self.conn.execute(query).scalar_one())

    def documents(self) -> Iterator[DocumentMeta]:
        """Every document, by id (a handful of rows per document: fetched at once)."""
        query = select(Document.id, Document.title, Document.source_name, Document.raw_sha256)
        for row in self.conn.execute(query.order_by(Document.id)).all():
            yield DocumentMeta(*row)

    def document(self, doc_id: int) -> DocumentMeta:
        """The document ``doc_id``; moving to another document drops the cached texts."""
        if self._doc is not None and self._doc.id == doc_id:
            return self._doc
        row = self.conn.execute(_DOCUMENT, {"id": doc_id}).first()
        if row is None:
            raise NotFound(f"document {doc_id} does not exist")
        self._doc = DocumentMeta(*row)
        self._revisions.clear()
        return self._doc

    # -- revisions -----------------------------------------------------------------
    def revision(self, revision_id: int) -> RevisionText:
        """The text of a revision, cached while the stream stays in its document."""
        found = self._revisions.get(revision_id)
        if found is not None:
            return found
        row = self.conn.execute(_REVISION, {"id": revision_id}).first()
        if row is None:
            raise NotFound(f"revision {revision_id} does not exist")
        rev = RevisionText(*row)
        if self._doc is None or self._doc.id != rev.document_id:
            self.document(rev.document_id)
        self._revisions[revision_id] = rev
        return rev

    def current_revision(self, doc_id: int) -> RevisionText:
        row = self.conn.execute(
            select(Revision.id)
            .where(Revision.document_id == doc_id)
            .order_by(Revision.number.desc())
            .limit(1)
        ).first()
        if row is None:
            raise NotFound(f"document {doc_id} has no text")
        return self.revision(row[0])

    # -- claim evidence ------------------------------------------------------------
    def evidence(self, claim_id: int) -> list[EvidenceLink]:
        """The date/figure annotations supporting ``claim_id``, a claim of the batch
        :meth:`annotations` yielded last (their links are read with the batch)."""
        return self._evidence.get(claim_id, [])

    def _load_evidence(self, claim_ids: list[int]) -> None:
        """One query for the links of all the claims of a batch (by primary key)."""
        links: dict[int, list[EvidenceLink]] = {}
        if claim_ids:
            if self._sqlite:
                # plain tuples through the driver, the ids as one JSON parameter
                # (the Core query below, rebuilt and compiled per batch, cost as much
                # as the links themselves)
                cursor = self.conn.connection.cursor()
                try:
                    rows = cursor.execute(_EVIDENCE_SQLITE, (orjson.dumps(claim_ids).decode(),)).fetchall()
                finally:
                    cursor.close()
            else:
                rows = self.conn.execute(
                    select(ClaimEvidence.claim_id, ClaimEvidence.evidence_id, Annotation.created)
                    .join(Annotation, Annotation.id == ClaimEvidence.evidence_id)
                    .where(ClaimEvidence.claim_id.in_(claim_ids), Annotation.status != ORPHANED)
                    .order_by(ClaimEvidence.claim_id, ClaimEvidence.evidence_id)
                ).all()
            for claim_id, ev_id, ev_created in rows:
                found = links.get(claim_id)
                if found is None:
                    found = links[claim_id] = []
                found.append(EvidenceLink(ev_id, ev_created))
        self._evidence = links

    # -- annotations ---------------------------------------------------------------
    def annotations(
        self,
        *,
        labels: tuple[str, ...] | None = None,
        document_id: int | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> Iterator[list[Sequence[Any]]]:
        """Annotations in batches, in document and text order: rows with the columns of
        ``ANNOTATION_COLUMNS``, to be read by position."""
        key = (labels, document_id is not None)
        query = self._queries.get(key)
        if query is None:
            query = (
                select(*ANNOTATION_COLUMNS)
                .join(AnnotationSpan, AnnotationSpan.annotation_id == Annotation.id)
                .join(Curator, Curator.id == Annotation.creator_id)
                .where(Annotation.status != ORPHANED)  # no place in the curated text
            )
            if labels is not None:
                query = query.where(Annotation.label.in_(labels))
            if document_id is not None:
                query = query.where(Annotation.document_id == bindparam("document_id"))
            query = query.order_by(
                Annotation.document_id, AnnotationSpan.start, AnnotationSpan.end.desc(), Annotation.id
            )
            self._queries[key] = query
        params = {} if document_id is None else {"document_id": document_id}
        for batch in self._batches(query, params, batch_size):
            self._load_evidence([row[0] for row in batch if row[3] == "claim"])
            yield batch

    def _batches(
        self, query: Select[Any], params: dict[str, Any], size: int
    ) -> Iterator[list[Sequence[Any]]]:
        """The rows of ``query`` in lists of ``size``, streamed. On SQLite they are the
        driver's plain tuples, fetched through its cursor: SQLAlchemy's rows cost a third
        of the fetch (about a microsecond a row). Elsewhere, Core rows (``yield_per``,
        which streams with a server-side cursor where the driver needs one)."""
        if not self._sqlite:
            result = self.conn.execution_options(yield_per=size).execute(query, params)
            try:
                for partition in result.partitions():
                    yield list(partition)
            finally:
                result.close()
            return
        compiled = self._compiled.get(query)
        if compiled is None:
            compiled = self._compiled[query] = query.compile(
                dialect=self.conn.dialect, compile_kwargs={"render_postcompile": True}
            )
        values = compiled.construct_params(params)
        cursor = self.conn.connection.cursor()
        try:
            cursor.execute(str(compiled), [values[name] for name in compiled.positiontup or ()])
            while batch := cursor.fetchmany(size):
                yield batch
        finally:
            cursor.close()


@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """One connection in one read transaction that sees the data as of its start, while
    others go on committing (the team store has other curators writing)."""
    with store.engine.connect() as conn:
        if not store.is_sqlite:
            # PostgreSQL's default, READ COMMITTED, gives each query its own snapshot:
            # an export's later queries would see rows committed after its first ones
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # on SQLite the store's engine emits BEGIN: one snapshot
            yield conn


@contextmanager
def open_reader(store: Store) -> Iterator[ExportReader]:
    """One connection and one read transaction (:func:`snapshot`) for a whole export."""
    with snapshot(store) as conn:
        yield ExportReader(conn)


@contextmanager
def atomic_output(out: Path, *, binary: bool = False, newline: str | None = None) -> Iterator[IO[Any]]:
    """A file written beside ``out`` and renamed onto it only on success (UTF-8 when
    text), so an interrupted export never leaves a half-written file under its name."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb", buffering=1 << 20)
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline=newline, buffering=1 << 20)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an export is an ordinary file
        os.chmod(tmp, out.stat().st_mode & 0o7777 if out.exists() else 0o644)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def checked_quote(row: Sequence[Any], rev: RevisionText) -> str:
    """``text[start:end]`` of the row's revision, which must still be its stored quote:
    an export never hands out a span that points at other text."""
    ann_id, start, end, quote = row[0], row[4], row[5], row[6]
    exact = rev.text[start:end]
    if exact != quote or not exact:
        raise CuratorError(
            f"annotation {ann_id}: its quote no longer matches revision {rev.number} of "
            f"document {rev.document_id} at {start}-{end}; refusing to export a wrong span"
        )
    return exact


_LS, _PS = "\u2028".encode(), "\u2029".encode()


def escape_line_separators(line: bytes) -> bytes:
    """JSON text with U+2028 and U+2029 written as ``\\u2028`` / ``\\u2029`` escapes.
    JSON allows them raw inside strings, but a consumer splitting lines with Python's
    ``str.splitlines()`` (or a JavaScript engine before ES2019) breaks the line there.
    Outside strings JSON is ASCII, so replacing the bytes keeps every value as it was."""
    if _LS in line or _PS in line:
        return line.replace(_LS, b"\\u2028").replace(_PS, b"\\u2029")
    return line

