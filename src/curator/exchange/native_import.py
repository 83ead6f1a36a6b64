"""The native import's writer (``native_writer``) over a SQLAlchemy connection: any
database, inside the caller's transaction.

Rows go in through the DB-API ``executemany`` with the dialect's own SQL for a Core
insert (~3x SQLAlchemy's per-row parameter processing; the ORM would be 30x slower).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from curator.exchange.native_writer import sequence_of
from curator.store.models import SQLModel

_INSERTS: dict[tuple[str, tuple[str, ...], str], Any] = {}


class AlchemyDb:
    """:class:`curator.exchange.native_writer.Db` over a SQLAlchemy connection."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.dialect = conn.dialect.name

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        return [tuple(r) for r in self.conn.execute(text(sql), params or {})]

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        return self.conn.execute(text(sql), params or {}).rowcount

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
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
                params = [tuple(r[i] for i in order) for r in rows]
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


def fix_sequences(conn: Connection) -> None:
    """Explicit ids bypass PostgreSQL's sequences; move them past the new rows. Never
    back: an id the sequence handed out before (a row deleted since, such as the
    revision an undo removed) must not be given again, as SQLite's AUTOINCREMENT."""
    if conn.dialect.name != "postgresql":
        return
    db = AlchemyDb(conn)
    for table in ("curator", "document", "revision", "annotation", "correction", "finding_verdict"):
        seq = sequence_of(db, table)
        conn.execute(
            text(f"SELECT setval(CAST(:seq AS regclass), GREATEST("
                 f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), "
                 f"(SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq})), false)"),
            {"seq": seq},
        )
