"""Opening stores: new, current, older (backed up, then upgraded), newer (refused)."""

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from curator.store import StoreVersionError, head_revision, open_store
from curator.store.engine import _alembic_config, current_revision
from tests.conftest import downgrade_sqlite
from curator.store.models import SQLModel


def test_new_store_is_created_at_head(tmp_path):
    store = open_store(tmp_path / "new.db")
    assert current_revision(store.engine) == head_revision()
    assert store.backup is None
    assert list(tmp_path.glob("*.bak-*")) == []


def test_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    store = open_store(tmp_path / "s.db")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_models_and_migrations_describe_the_same_schema(tmp_path):
    store = open_store(tmp_path / "s.db")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def _make_old_store(path):
    """A store at the first schema revision, holding one annotation."""
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO curator (id, name, created) VALUES (1, 'kim', 't')"))
        conn.execute(text(
            "INSERT INTO document (id, title, source_name, raw_sha256, encoding, import_notes, created) "
            "VALUES (1, 'T', 'a.txt', 'h', 'utf-8', '', 't')"))
        conn.execute(text(
            "INSERT INTO revision (id, document_id, number, text, sha256, note, created) "
            "VALUES (1, 1, 1, 'in 1950', 'x', '', 't')"))
        conn.execute(text(
            'INSERT INTO annotation (id, document_id, revision_id, label, start, "end", quote, '
            "value_json, note, status, creator_id, created, modified) "
            "VALUES (1, 1, 1, 'date', 3, 7, '1950', '{\"edtf\":\"1950\"}', '', 'draft', 1, 't', 't')"))
    engine.dispose()


def test_older_store_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.db"
    _make_old_store(path)
    store = open_store(path)
    assert current_revision(store.engine) == head_revision()
    assert store.backup is not None and store.backup.exists()
    assert store.backup.name.startswith("old.db.bak-0001-")
    with sqlite3.connect(store.backup) as bak:
        assert bak.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert bak.execute("SELECT quote FROM annotation").fetchall() == [("1950",)]
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT quote, origin FROM annotation").one()
        span = conn.exec_driver_sql(
            'SELECT annotation_id, document_id, revision_id, start, "end" FROM annotation_span'
        ).one()
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(annotation)")}
    assert tuple(row) == ("1950", "manual")
    assert tuple(span) == (1, 1, 1, 3, 7)  # the position moved to the narrow table
    assert not columns & {"start", "end", "revision_id"}


def _upgrade_to(conn, revision: str) -> None:
    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def test_span_migration_keeps_evidence_links_and_suggestions_and_reverses(tmp_path):
    """Recreating ``annotation`` (SQLite batch mode) with foreign keys on would cascade
    to claim_evidence and null suggestion.annotation_id: 0007 must keep both."""
    path = tmp_path / "s6.db"
    _make_old_store(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        _upgrade_to(conn, "0006")
        conn.execute(text(
            'INSERT INTO annotation (id, document_id, revision_id, label, start, "end", quote, '
            "value_json, note, status, creator_id, created, modified) "
            "VALUES (2, 1, 1, 'claim', 0, 7, 'in 1950', NULL, '', 'draft', 1, 't', 't')"))
        conn.execute(text("INSERT INTO claim_evidence (claim_id, evidence_id) VALUES (2, 1)"))
        conn.execute(text(
            'INSERT INTO suggestion (id, document_id, revision_id, label, start, "end", quote, reason, '
            "score, status, annotation_id, created) "
            "VALUES (1, 1, 1, 'date', 3, 7, '1950', '', 1.0, 'accepted', 1, 't')"))
    engine.dispose()
    store = open_store(path)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT * FROM claim_evidence").all() == [(2, 1)]
        assert conn.exec_driver_sql("SELECT annotation_id FROM suggestion").all() == [(1,)]
        assert conn.exec_driver_sql(
            'SELECT annotation_id, start, "end" FROM annotation_span ORDER BY annotation_id'
        ).all() == [(1, 3, 7), (2, 0, 7)]
    downgrade_sqlite(store, "0006")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql(
            'SELECT id, revision_id, start, "end", quote FROM annotation ORDER BY id'
        ).all() == [(1, 1, 3, 7, "1950"), (2, 1, 0, 7, "in 1950")]
        assert conn.exec_driver_sql("SELECT * FROM claim_evidence").all() == [(2, 1)]
        assert conn.exec_driver_sql("SELECT annotation_id FROM suggestion").all() == [(1,)]
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "annotation_span" not in tables
    store.close()


def test_store_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreVersionError, match="newer Curator"):
        open_store(path)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak-*")) == []


def test_a_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(StoreVersionError, match="not a Curator store"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_error(tmp_path):
    from curator.store import StoreOpenError

    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database")
    with pytest.raises(StoreOpenError, match="not usable as a Curator store: file is not a database"):
        open_store(path)
    assert path.read_text() == "these are my notes, not a database"


def test_upgrading_from_the_first_schema_keeps_claim_evidence(tmp_path):
    """Migrations 0002 and 0003 recreate ``annotation`` (SQLite batch mode): with
    foreign keys enforced that would delete every claim_evidence row."""
    path = tmp_path / "old.db"
    _make_old_store(path)
    with sqlite3.connect(path) as db:
        db.execute(
            'INSERT INTO annotation (id, document_id, revision_id, label, start, "end", quote, value_json, '
            "note, status, creator_id, created, modified) "
            "VALUES (2, 1, 1, 'claim', 0, 7, 'in 1950', NULL, '', 'draft', 1, 't', 't')")
        db.execute("INSERT INTO claim_evidence (claim_id, evidence_id) VALUES (2, 1)")
    store = open_store(path)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT claim_id, evidence_id FROM claim_evidence").all() == [(2, 1)]
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again after the upgrade
    store.close()
