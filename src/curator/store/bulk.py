"""Bulk writes: rows inserted in batches on the raw DB-API cursor, ids given explicitly,
the database's sequences kept past them, and id clashes looked up in batches. The
native dataset import (:mod:`curator.store.bulk_dataset`) and the W3C import write
through here, inside the caller's transaction, on any database.

Rows go in through the DB-API ``executemany`` with the dialect's own SQL for a Core
insert (~3x SQLAlchemy's per-row parameter processing; the ORM would be 30x slower).
The tables are named as plain SQL, and a test checks the column lists against the models.

Every id is given explicitly. New ids come from the database at the time they are taken
(:class:`Ids`), never from a ``max(id) + 1`` read earlier, so another process writing
at the same time cannot be handed the same ones: on SQLite the import holds the write
lock (BEGIN IMMEDIATE) from its first statement; on PostgreSQL they are drawn from the
tables' sequences (``nextval``), and ids kept from a file move the sequences past
them before they are written (and once more at the end, :func:`fix_sequences`). A
rolled-back import leaves a gap in PostgreSQL's sequences, as any rolled-back insert
does: an id is never reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from curator.domain.errors import StoreError
from curator.store.models import SQLModel

DOC_COLS = ("id", "title", "source_name", "raw_sha256", "encoding", "import_notes", "created",
            "authors", "year", "source", "languages")
REV_COLS = ("id", "document_id", "number", "parent_id", "text", "sha256", "note", "created")
ANN_COLS = ("id", "document_id", "label", "quote", "value_json", "note", "status", "origin",
            "creator_id", "created", "modified", "review_reason")
SPAN_COLS = ("annotation_id", "document_id", "revision_id", "start", "end")
CORR_COLS = ("id", "document_id", "revision_id", "start", "end", "original", "replacement", "kind",
             "reason", "status", "origin", "author_id", "created", "decided_by_id", "decided",
             "applied_revision_id")
VERDICT_COLS = ("document_id", "key", "verdict", "note", "curator_id", "created", "modified")
EVIDENCE_COLS = ("claim_id", "evidence_id")
CURATOR_COLS = ("id", "name", "created")
# every table the bulk writers insert into, with the columns they give
TABLES = {
    "document": DOC_COLS, "revision": REV_COLS, "annotation": ANN_COLS, "annotation_span": SPAN_COLS,
    "correction": CORR_COLS, "finding_verdict": VERDICT_COLS, "claim_evidence": EVIDENCE_COLS,
    "curator": CURATOR_COLS,
}
# the tables whose ids an import may give explicitly (a clash is looked up here)
ID_TABLES = frozenset({"document", "annotation", "correction", "revision", "curator"})
# ids looked up per query: under SQLite's and PostgreSQL's parameter limits
_LOOKUP_BATCH = 900

_INSERTS: dict[tuple[str, tuple[str, ...], str], Any] = {}


class WriteConflict(StoreError):
    """A row clashed with one another writer committed meanwhile (a unique key or id
    taken between a check and the write): retrying the whole transaction may succeed."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # the database's words


@contextmanager
def store_errors(doing: str) -> Iterator[None]:
    """Database errors raised inside, in the project's words: :class:`WriteConflict`
    for a constraint another writer broke, :class:`StoreError` for anything else."""
    try:
        yield
    except IntegrityError as exc:
        raise WriteConflict(f"{doing}: {_reason(exc)}", _reason(exc)) from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{doing}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    return " ".join(str(getattr(exc, "orig", None) or exc).split())


class BulkDb:
    """A connection inside the caller's transaction, for bulk writes: queries with
    ``:name`` parameters, and inserts of many rows at once."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.dialect = conn.dialect.name
        self._paramstyle = conn.dialect.paramstyle

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Run a query with ``:name`` parameters; its rows."""
        return [tuple(r) for r in self.conn.execute(text(sql), params or {})]

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        """Run a statement with ``:name`` parameters; the number of rows it changed."""
        return self.conn.execute(text(sql), params or {}).rowcount

    def raw_rows(self, sql: str, params: Iterable[Any]) -> list[tuple]:
        """Run ``sql`` written with ``?`` placeholders on the raw DB-API cursor (no
        SQLAlchemy statement per call: the clash checks run once per document)."""
        if self._paramstyle != "qmark":
            sql = sql.replace("?", "%s")
        cursor = self.conn.connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            return cursor.fetchall()
        finally:
            cursor.close()

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert ``rows`` (tuples in ``columns`` order) into ``table``."""
        if not rows:
            return
        conn = self.conn
        key = (table, columns, conn.dialect.name)
        if key not in _INSERTS:
            _INSERTS[key] = SQLModel.metadata.tables[table].insert().compile(
                dialect=conn.dialect, column_keys=list(columns)
            )
        compiled = _INSERTS[key]
        params: list[Any] = rows
        if compiled.positional:
            order = [columns.index(name) for name in compiled.positiontup]
            if order != list(range(len(columns))):
                params = list(map(itemgetter(*order), rows))
        else:
            params = [dict(zip(columns, r)) for r in rows]
        cursor = conn.connection.cursor()
        dbapi = conn.dialect.loaded_dbapi
        try:
            cursor.executemany(str(compiled), params)
        except dbapi.Error as exc:  # as SQLAlchemy's own execution raises it (IntegrityError, ...)
            raise DBAPIError.instance(str(compiled), None, exc, dbapi.Error, hide_parameters=True,
                                      dialect=conn.dialect) from exc
        finally:
            cursor.close()

    def existing(self, table: str, ids: Iterable[int]) -> dict[int, int]:
        """Of ``ids``, those ``table`` has, each with its row's ``document_id`` (its own
        id for a document): one range scan of the primary key on the raw cursor, so an
        empty store, or one whose ids lie elsewhere, costs a single index probe."""
        assert table in ID_TABLES
        wanted = set(ids)
        if not wanted:
            return {}
        owner = "id" if table == "document" else "document_id"
        rows = self.raw_rows(f"SELECT id, {owner} FROM {table} WHERE id BETWEEN ? AND ?", (min(wanted), max(wanted)))
        return {i: owner_id for i, owner_id in rows if i in wanted}

    def documents_with_texts(self, shas: Iterable[str]) -> dict[str, int]:
        """Of the text hashes ``shas``, those a revision here has, each with the lowest
        document id having it."""
        wanted = sorted(set(shas))
        found: dict[str, int] = {}
        for k in range(0, len(wanted), _LOOKUP_BATCH):
            part = wanted[k:k + _LOOKUP_BATCH]
            for sha, doc_id in self.raw_rows(
                f"SELECT sha256, MIN(document_id) FROM revision WHERE sha256 IN ({','.join('?' * len(part))})"
                " GROUP BY sha256", part):
                found[sha] = doc_id
        return found


def _max_id(db: BulkDb, table: str) -> int:
    assert table in ID_TABLES
    return db.rows(f"SELECT max(id) FROM {table}")[0][0] or 0


def sequence_of(db: BulkDb, table: str) -> str:
    """PostgreSQL: the name of the sequence behind ``table.id`` (quoted as needed)."""
    assert table in ID_TABLES or table == "finding_verdict"
    return db.rows("SELECT pg_get_serial_sequence(:t, 'id')", {"t": table})[0][0]


def sequence_next(db: BulkDb, table: str) -> int:
    """PostgreSQL: the value the sequence behind ``table.id`` hands out next."""
    seq = sequence_of(db, table)  # a catalog name, not user input
    return db.rows(f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq}")[0][0]


def _next_id(db: BulkDb, table: str) -> int:
    """SQLite: the first id past every row and past every id the table ever handed out
    (its AUTOINCREMENT counter): the id of a row deleted since never comes back."""
    top = _max_id(db, table) + 1
    found = db.rows("SELECT seq FROM sqlite_sequence WHERE name = :t", {"t": table})
    return max(top, (found[0][0] if found else 0) + 1)


class Ids:
    """New ids for the tables an import writes, taken when they are needed.

    SQLite: the writer's transaction holds the write lock (``Store.begin``: BEGIN
    IMMEDIATE), so the next id, read once per table, stays valid to the end of it.
    PostgreSQL: each request draws exactly as many values from the table's sequence,
    atomically (``nextval``), whatever other sessions insert meanwhile."""

    def __init__(self, db: BulkDb):
        self.db = db
        self._next: dict[str, int] = {}
        self._seq: dict[str, str] = {}

    def take(self, table: str, n: int) -> list[int]:
        if n <= 0:
            return []
        if self.db.dialect == "postgresql":
            rows = self.db.rows("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)",
                                {"seq": self._sequence(table), "n": n})
            return sorted(r[0] for r in rows)
        first = self._next.get(table)
        if first is None:
            first = _next_id(self.db, table)
        self._next[table] = first + n
        return list(range(first, first + n))

    def claim(self, table: str, ids: Iterable[int]) -> None:
        """Ids kept from a file are about to be written: no id handed out later (here,
        or by the database to another session) may be one of them."""
        if self.db.dialect != "postgresql" and table not in self._next:
            return  # SQLite: read past every row when this table's first id is taken
        top = max(ids, default=None)
        if top is None:
            return
        if self.db.dialect == "postgresql":
            self.db.rows("SELECT setval(CAST(:seq AS regclass), GREATEST(nextval(CAST(:seq AS regclass)), :top))",
                         {"seq": self._sequence(table), "top": top})
        elif table in self._next:
            self._next[table] = max(self._next[table], top + 1)

    def _sequence(self, table: str) -> str:
        if table not in self._seq:
            self._seq[table] = sequence_of(self.db, table)
        return self._seq[table]


def fix_sequences(conn: Connection) -> None:
    """Explicit ids bypass PostgreSQL's sequences; move them past the new rows. Never
    back: an id the sequence handed out before (a row deleted since, such as the
    revision an undo removed) must not be given again, as SQLite's AUTOINCREMENT."""
    if conn.dialect.name != "postgresql":
        return
    db = BulkDb(conn)
    for table in ("curator", "document", "revision", "annotation", "correction", "finding_verdict"):
        seq = sequence_of(db, table)
        conn.execute(
            text(f"SELECT setval(CAST(:seq AS regclass), GREATEST("
                 f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), "
                 f"(SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq})), false)"),
            {"seq": seq},
        )
