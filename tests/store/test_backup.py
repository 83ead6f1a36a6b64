"""Backing up an open store (SQLite's online backup) and listing the automatic
pre-upgrade backups beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from curator.domain.errors import CuratorError
from curator.services.corpus import ensure_seeded, list_documents
from curator.store import head_revision, open_store
from curator.store.backup import backup_store, list_backups, parse_backup_name

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_backup_of_an_open_store_has_everything_committed(tmp_path):
    store = open_store(tmp_path / "live.db")
    ensure_seeded(store, SEEDS)
    # a reader holds a transaction open while the backup runs (the app keeps reading)
    with store.engine.connect() as reader:
        # the store's engine begins the transaction (BEGIN) at the first statement
        reader.exec_driver_sql("SELECT count(*) FROM document").scalar()
        assert reader.connection.driver_connection.in_transaction
        dest = backup_store(store, tmp_path / "copies" / "live-copy.db")
    assert dest == tmp_path / "copies" / "live-copy.db"
    # nothing of the WAL is left out: the copy alone has every document
    assert not Path(f"{dest}-wal").exists() or Path(f"{dest}-wal").stat().st_size == 0
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT count(*) FROM document").fetchone()[0] == len(list(SEEDS.glob("*.txt")))
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = open_store(dest)
    assert [d.title for d in list_documents(restored)] == [d.title for d in list_documents(store)]
    assert restored.backup is None  # same revision: no upgrade
    restored.close()
    store.close()


def test_backup_refuses_to_overwrite_the_store_itself(tmp_path):
    store = open_store(tmp_path / "s.db")
    with pytest.raises(CuratorError, match="itself"):
        backup_store(store, tmp_path / "s.db")
    store.close()


def test_backup_needs_a_sqlite_file(tmp_path):
    store = open_store("sqlite://")  # in memory
    with pytest.raises(CuratorError, match="SQLite file"):
        backup_store(store, tmp_path / "x.db")


def test_pre_upgrade_backups_are_listed_newest_first(tmp_path):
    store = open_store(tmp_path / "curator.db")
    for name in ("curator.db.bak-0006-20261101T101500Z", "curator.db.bak-0007-20261120T080000Z",
                 "other.db.bak-0006-20261101T101500Z", "curator.db.bak-notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    found = list_backups(store)
    assert [(b.path.name, b.revision) for b in found] == [
        ("curator.db.bak-0007-20261120T080000Z", "0007"),
        ("curator.db.bak-0006-20261101T101500Z", "0006"),
    ]
    assert found[0].taken.isoformat() == "2026-11-20T08:00:00+00:00"
    store.close()


def test_an_upgrade_backup_is_listed(tmp_path):


    path = tmp_path / "old.db"
    store = open_store(path)
    from tests.conftest import downgrade_sqlite

    downgrade_sqlite(store, "0006")
    store.close()
    store = open_store(path)
    assert [b.path for b in list_backups(store)] == [store.backup]
    assert list_backups(store)[0].revision == "0006"
    assert parse_backup_name("old.db", "old.db.bak-0006-x") is None
    assert head_revision() != "0006"
    store.close()
