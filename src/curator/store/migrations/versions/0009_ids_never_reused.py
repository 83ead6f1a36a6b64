"""Ids are never handed out again: every table whose ids the app hands around becomes
AUTOINCREMENT on SQLite. Without it SQLite gives ``max(id) + 1``, so the id of the newest
row comes back once that row is deleted (a merged claim an undo removed, and the next
annotation is "annotation 1" again, in exports, undo steps and the window's caches).

SQLite's batch mode recreates each table (foreign keys are off while Curator upgrades,
so nothing cascades); copying the rows with their ids sets each table's
``sqlite_sequence`` entry to ``max(id)``. ``revision`` was AUTOINCREMENT already and is
left as it is. PostgreSQL's sequences never go back by themselves: nothing to do there.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("curator", "document", "annotation", "correction", "suggestion", "finding_verdict", "ocr_word")


def _recreate(autoincrement: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # dropping a recreated table would cascade (documents' revisions, annotations, ...)
        raise RuntimeError("migration 0009 must run with foreign keys off, as Curator runs it")
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
