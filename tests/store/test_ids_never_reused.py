"""An id the store handed out is never handed out again, on SQLite (AUTOINCREMENT) as on
PostgreSQL (sequences): another curator's merged claim may take id 1 and an undo
delete it; a later annotation must not become "annotation 1" again. Restoring a
deleted row with its old id (undo, redo) still works."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from curator.domain import DateValue
from curator.services.annotations import create_annotation, delete_annotation, restore_annotation
from curator.services.corpus import ensure_seeded, list_documents
from curator.services.corrections import propose_correction
from curator.store import open_store
from curator.store.models import SQLModel
from tests.store.old_stores import make_store_at

# every table whose ids the app hands around (the UI, undo, exports, the command line)
ID_TABLES = ("curator", "document", "revision", "annotation", "correction", "suggestion",
             "finding_verdict", "ocr_word")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "s.db"
    return request.getfixturevalue("pg_db")()


def test_every_id_table_is_autoincrement_on_sqlite(tmp_path):
    store = open_store(tmp_path / "s.db")
    with store.engine.connect() as conn:
        sql = dict(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
    store.close()
    for table in ID_TABLES:
        assert "AUTOINCREMENT" in sql[table], table
        assert SQLModel.metadata.tables[table].kwargs.get("sqlite_autoincrement") is True, table


def test_create_delete_create_gives_a_new_id(target):
    store = open_store(target)
    ensure_seeded(store)
    doc = list_documents(store)[0].id
    first = create_annotation(store, doc, "date", 0, 4, creator="kim", value=DateValue("1950"))
    newest = create_annotation(store, doc, "date", 5, 8, creator="lee", value=DateValue("1951"))
    deleted = delete_annotation(store, newest.id)
    again = create_annotation(store, doc, "date", 5, 8, creator="lee", value=DateValue("1951"))
    assert again.id > newest.id > first.id
    delete_annotation(store, again.id)
    restored = restore_annotation(store, deleted)  # undo of the deletion: the old id back
    assert restored.id == newest.id
    assert create_annotation(store, doc, "date", 10, 14, creator="kim").id > again.id
    proposal = propose_correction(store, doc, 0, 1, "#", reason="test", author="kim")
    with store.unit() as s:
        s.exec(text("DELETE FROM correction WHERE id = :i").bindparams(i=proposal.id))
    assert propose_correction(store, doc, 0, 1, "#", reason="test", author="kim").id > proposal.id
    store.close()


def test_an_upgraded_old_store_never_gives_an_old_id_again(tmp_path):
    path = tmp_path / "old.db"
    counts = make_store_at(path, "0006", documents=2, per_document=5)
    top = counts["annotation"]
    store = open_store(path)
    with store.engine.connect() as conn:
        seq = dict(conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all())
    assert seq["annotation"] >= top and seq["document"] >= 2 and seq["revision"] >= 2
    delete_annotation(store, top)  # the newest: without AUTOINCREMENT its id came back
    made = create_annotation(store, 1, "date", 3, 6, creator="kim")
    assert made.id == top + 1
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("SELECT count(*) FROM claim_evidence").scalar() == counts["claim_evidence"]
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM suggestion WHERE annotation_id IS NOT NULL").scalar() == counts["suggestion"]
    store.close()
    with sqlite3.connect(path) as db:  # indexes and constraints came through the recreation
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_annotation_document", "ix_correction_doc_status", "ix_suggestion_doc_status",
            "ix_ocr_word_doc_confidence"} <= indexes


def test_imports_never_give_a_deleted_id_again(target, tmp_path):
    from curator.services.exchange import export_dataset, import_dataset
    from curator.services.exchange import write_w3c
    from curator.services.w3c_import import import_w3c
    from curator.services.annotations import list_annotations

    store = open_store(target)
    ensure_seeded(store)
    doc = list_documents(store)[0].id
    made = create_annotation(store, doc, "date", 0, 4, creator="kim", value=DateValue("1950"))
    dataset, w3c = tmp_path / "d.json", tmp_path / "w.jsonld"
    export_dataset(store, dataset)
    write_w3c(store, w3c)
    delete_annotation(store, made.id)
    import_dataset(store, dataset, on_conflict="new-ids")
    ids = [a.id for d in list_documents(store) for a in list_annotations(store, d.id)]
    assert ids and min(ids) > made.id
    for d in list_documents(store):
        for a in list_annotations(store, d.id):
            delete_annotation(store, a.id)
    import_w3c(store, w3c, on_conflict="new-ids")
    again = [a.id for d in list_documents(store) for a in list_annotations(store, d.id)]
    assert again and min(again) > max(ids)
    store.close()
