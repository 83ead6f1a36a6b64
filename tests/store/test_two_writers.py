"""Two (or three) processes writing one store at the same time, on SQLite and on the
PostgreSQL server: nothing is lost, nobody fails with a traceback. Ids come from the
database when rows are written; creating, upgrading and accepting corrections are
serialised where they must be."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from curator.services.exchange import export_dataset
from curator.services.annotations import list_annotations
from curator.services.corpus import list_documents, load_document
from curator.services.corrections import propose_correction
from curator.store import head_revision, open_store
from curator.store.engine import current_revision
from tests.store import two_writers as w

DOCS, PER_DOC = 4, 1_500


@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request, tmp_path):
    """Makes targets (paths or URLs) of new, empty stores on one backend."""
    if request.param == "sqlite":
        made = iter(range(100))
        return lambda: tmp_path / f"store{next(made)}.db"
    return request.getfixturevalue("pg_db")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    from benchmarks.bench_export import build

    root = tmp_path_factory.mktemp("dataset")
    build(root / "source.db", DOCS, PER_DOC)
    store = open_store(root / "source.db")
    out = root / "dataset.json"
    export_dataset(store, out)
    store.close()
    return out


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("texts")
    paths = []
    for k in range(12):
        path = root / f"report{k:02d}.txt"
        path.write_text(f"Report {k}. In 19{50 + k} the plan of year {k} was adopted; 5억 {k}만 루블.\n" * 300,
                        encoding="utf-8")
        paths.append(path)
    return paths


def _count(store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _sound(store) -> None:
    """No annotation without its span, no id given twice, SQLite's file intact."""
    with store.engine.connect() as conn:
        assert conn.execute(text(
            "SELECT count(*) FROM annotation a LEFT JOIN annotation_span s ON s.annotation_id = a.id "
            "WHERE s.annotation_id IS NULL")).scalar_one() == 0
        if store.is_sqlite:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("policy", ["new-ids", "merge"])
def test_two_dataset_imports_at_once(new_target, dataset, policy):
    target = new_target()
    open_store(target).close()
    results = w.ok(w.together((w.import_native, (target, dataset, policy)),
                              (w.import_native, (target, dataset, policy))))
    store = open_store(target)
    total = _count(store, "annotation")
    if policy == "new-ids":
        assert results == [(DOCS, DOCS * PER_DOC)] * 2 and total == 2 * DOCS * PER_DOC
    elif store.is_sqlite:  # one after the other: the second merges into the first one's documents
        assert sorted(results) == [(0, 0), (DOCS, DOCS * PER_DOC)] and total == DOCS * PER_DOC
    else:  # at once, each may find some of the other's documents not there yet: kept twice
        assert DOCS * PER_DOC <= total <= 2 * DOCS * PER_DOC and sum(r[1] for r in results) == total
    _sound(store)
    store.close()


def test_a_dataset_import_beside_service_calls_and_a_text_import(new_target, dataset, texts):
    target = new_target()
    store = open_store(target)
    (seeded,) = import_files_now(store, texts[:1])
    store.close()
    made, imported, files = w.ok(w.together(
        (w.annotate, (target, seeded, 40)),
        (w.import_native, (target, dataset, "new-ids")),
        (w.import_texts, (target, texts[1:])),
    ))
    assert imported == (DOCS, DOCS * PER_DOC)
    assert files == ["imported"] * (len(texts) - 1)
    store = open_store(target)
    assert sorted(a.id for a in list_annotations(store, seeded)) == sorted(made) and len(set(made)) == 40
    assert _count(store, "annotation") == 40 + DOCS * PER_DOC
    assert len(list_documents(store)) == len(texts) + DOCS
    _sound(store)
    store.close()


def import_files_now(store, paths):
    from curator.services.corpus import import_files

    return [o.document_id for o in import_files(store, paths)]


def test_two_text_imports_at_once(new_target, texts):
    target = new_target()
    open_store(target).close()
    first, second = w.ok(w.together((w.import_texts, (target, texts[:8])), (w.import_texts, (target, texts[4:]))))
    assert all(line == "imported" or "same content" in line for line in first + second), first + second
    store = open_store(target)
    sources = sorted(d.source_name for d in list_documents(store))
    assert set(sources) == {p.name for p in texts}
    if store.is_sqlite:  # one file at a time in the write lock: a shared file comes in once
        assert len(sources) == len(texts)
    _sound(store)
    store.close()


def test_two_curators_accept_corrections_of_one_document_at_once(new_target, dataset):
    target = new_target()
    store = open_store(target)
    w.import_native(target, dataset, "refuse")
    doc = list_documents(store)[0].id
    base = load_document(store, doc)
    same = propose_correction(store, doc, 0, 1, "#", reason="test", author="kim")
    far = len(base.text) // 2
    left = propose_correction(store, doc, 10, 11, "@", reason="test", author="kim")
    right = propose_correction(store, doc, far, far + 1, "%", reason="test", author="lee")
    store.close()

    outcomes = w.ok(w.together((w.accept, (target, same.id)), (w.accept, (target, same.id))))
    assert sorted(o[0] for o in outcomes) == ["accepted", "refused"]
    assert f"correction {same.id} is already accepted" in next(o[1] for o in outcomes if o[0] == "refused")
    outcomes = w.ok(w.together((w.accept, (target, left.id)), (w.accept, (target, right.id))))
    assert [o[0] for o in outcomes] == ["accepted", "accepted"]  # the second on the first one's text
    store = open_store(target)
    now = load_document(store, doc)
    assert now.revision_number == base.revision_number + 3
    assert now.text[0] == "#" and now.text[10] == "@" and now.text[far] == "%"
    assert len(list_annotations(store, doc)) == PER_DOC
    _sound(store)
    store.close()


def test_two_processes_create_a_store_at_once(new_target):
    for _ in range(2):
        target = new_target()
        assert w.ok(w.together((w.open_and_count, (target,)), (w.open_and_count, (target,)))) == [0, 0]
        store = open_store(target)
        assert current_revision(store.engine) == head_revision()
        store.close()
        if isinstance(target, Path):
            assert list(target.parent.glob(f"{target.name}.bak-*")) == []


def test_an_id_another_writer_takes_meanwhile_is_checked_again_and_reported_in_one_line(
        pg_db, dataset, monkeypatch, capsys):
    """Ids kept from a file (on-conflict refuse) are checked, then written; on PostgreSQL
    another session may commit one of them in between. The import is rolled back and
    tried again, and then refuses in one line, as if the row had been there before."""
    from curator import cli
    from curator.store import bulk

    target = pg_db()
    open_store(target).close()
    claim, taken = bulk.Ids.claim, []

    def claim_after_another_writer(self, table, ids):
        ids = list(ids)
        if table == "document" and not taken:
            taken.append(ids[0])
            other = open_store(target)
            with other.begin() as conn:
                conn.execute(text(
                    "INSERT INTO document (id, title, source_name, raw_sha256, encoding, import_notes, created) "
                    "VALUES (:i, 'theirs', 'theirs.txt', 'x', 'utf-8', '', 't')"), {"i": ids[0]})
            other.close()
        return claim(self, table, ids)

    monkeypatch.setattr(bulk.Ids, "claim", claim_after_another_writer)
    assert cli.main(["import-json", str(dataset), "--db", target]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"its id {taken[0]} is taken here" in err and "Traceback" not in err
    store = open_store(target)
    assert [d.title for d in list_documents(store)] == ["theirs"]  # nothing of the file's
    store.close()
