"""Database errors leave the store as the project's StoreError, with the driver's
reason on one line, so the window and the command line catch project errors only."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from curator.cli import main
from curator.domain.errors import CuratorError, StoreError
from curator.store import open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "errors.db")
    yield s
    s.close()


def test_an_error_in_a_unit_is_a_store_error_and_nothing_is_written(store):
    with pytest.raises(StoreError) as caught, store.unit() as s:
        s.execute(text("INSERT INTO curator (name, created) VALUES ('kim', '2026-01-01')"))
        s.execute(text("INSERT INTO curator (name, created) VALUES ('kim', '2026-01-01')"))  # unique name
    assert isinstance(caught.value, CuratorError)
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert str(caught.value).startswith("store error: UNIQUE constraint failed") and "\n" not in str(caught.value)
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM curator WHERE name = 'kim'")).scalar_one() == 0


def test_reads_and_raw_cursors_translate_too(store):
    with pytest.raises(StoreError) as caught, store.read() as s:
        s.execute(text("SELECT nothing FROM nowhere"))
    assert isinstance(caught.value.__cause__, OperationalError)
    with pytest.raises(StoreError) as caught, store.read() as s:
        cursor = s.connection().connection.cursor()
        cursor.execute("SELECT nothing FROM nowhere")  # the DB-API driver's own error
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)


def test_other_errors_pass_unchanged(store):
    with pytest.raises(KeyError), store.read():
        raise KeyError("not the database's")


def test_the_bulk_writer_lets_an_integrity_error_through_for_the_import_to_retry(store):
    with pytest.raises(IntegrityError), store.begin() as conn:
        conn.execute(text("INSERT INTO curator (name, created) VALUES ('lee', '2026-01-01')"))
        conn.execute(text("INSERT INTO curator (name, created) VALUES ('lee', '2026-01-01')"))
    with pytest.raises(StoreError), store.begin() as conn:
        conn.execute(text("SELECT nothing FROM nowhere"))


def test_the_command_line_says_store_error_in_one_line(tmp_path, capsys, monkeypatch):
    """A database error that escapes a command (here the driver's own, as a raw cursor
    raises it when another writer holds the lock) is one line and exit code 2."""
    db = tmp_path / "cli.db"
    open_store(db).close()

    def locked(_store):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("curator.services.corpus.list_documents", locked)
    code = main(["list", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "curator: store error: database is locked\n"
