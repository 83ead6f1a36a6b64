"""The writer process of a large native import: used when it fits, all-or-nothing when
either side fails. (Every test of test_native.py also runs through it.)"""

from __future__ import annotations

import orjson
import pytest

from curator.domain import CuratorError, ValidationError
from curator.exchange import native, native_process, native_writer
from curator.store import open_store
from curator.store.models import SQLModel
from tests.exchange.native_data import _counts, _export


@pytest.fixture
def spawned(monkeypatch):
    """Every import takes the writer process; the processes started are counted."""
    monkeypatch.setattr(native, "PROCESS_FROM_BYTES", 0)
    started: list[native_process.WriterProcess] = []
    real_init = native_process.WriterProcess.__init__

    def init(self, *args):
        real_init(self, *args)
        started.append(self)

    monkeypatch.setattr(native_process.WriterProcess, "__init__", init)
    return started


def test_the_writers_columns_are_the_tables(tmp_path):
    for table, columns in native_writer.TABLES.items():
        assert set(columns) <= set(SQLModel.metadata.tables[table].columns.keys()), table
    # a column the writer leaves out must have a default, allow NULL, or be a row id
    for table, columns in native_writer.TABLES.items():
        for column in SQLModel.metadata.tables[table].columns:
            if column.name not in columns:
                generated = column.primary_key and column.autoincrement in (True, "auto")
                assert column.nullable or column.default is not None or generated, (table, column.name)


def test_a_large_file_is_written_by_the_process_and_round_trips(curated, tmp_path, spawned):
    raw = _export(curated, tmp_path / "a.json")
    target = open_store(tmp_path / "b.db")
    summary = native.import_dataset(target, tmp_path / "a.json")
    assert len(spawned) == 1 and spawned[0]._proc.returncode == 0
    assert (summary.documents, summary.annotations) == (2, 7)
    assert _export(target, tmp_path / "b.json") == raw  # lossless, byte for byte


def test_small_files_and_memory_stores_are_written_here(curated, tmp_path, monkeypatch):
    _export(curated, tmp_path / "a.json")
    started = []
    monkeypatch.setattr(native_process, "WriterProcess", lambda *a: started.append(a))
    native.import_dataset(open_store(tmp_path / "b.db"), tmp_path / "a.json")  # under PROCESS_FROM_BYTES
    monkeypatch.setattr(native, "PROCESS_FROM_BYTES", 0)
    native.import_dataset(open_store(":memory:"), tmp_path / "a.json")  # no file for a second process
    monkeypatch.setattr(native_process, "available", lambda: False)
    native.import_dataset(open_store(tmp_path / "c.db"), tmp_path / "a.json")
    assert started == []


def test_a_refusal_in_the_child_is_raised_and_nothing_is_written(store, tmp_path, spawned):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    docs = data["documents"]
    for i in range(40):  # documents after the clash, new to the store
        docs.append(dict(docs[-1], id=1000 + i, annotations=[], corrections=[], findings=[]))
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    before = _counts(store)
    with pytest.raises(ValidationError, match=r"document id \d+ already exists"):
        native.import_dataset(store, tmp_path / "b.json")  # the child finds the clash
    assert _counts(store) == before
    assert spawned[0]._proc.returncode == 0


def test_a_writer_that_dies_leaves_the_store_as_it_was(curated, tmp_path, spawned, monkeypatch):
    _export(curated, tmp_path / "a.json")
    target = open_store(tmp_path / "b.db")
    before = _counts(target)
    real_add = native_process.WriterProcess.add

    def add(self, *args):
        real_add(self, *args)
        self._proc.kill()  # after the first document was sent
        self._proc.wait()

    monkeypatch.setattr(native_process.WriterProcess, "add", add)
    with pytest.raises(CuratorError, match="writer process stopped; nothing was imported"):
        native.import_dataset(target, tmp_path / "a.json")
    assert _counts(target) == before
    # the store is whole and takes the same file afterwards
    monkeypatch.setattr(native_process.WriterProcess, "add", real_add)
    assert native.import_dataset(target, tmp_path / "a.json").annotations == 7


def test_a_problem_found_by_the_checker_rolls_the_writer_back(curated, tmp_path, spawned):
    raw = _export(curated, tmp_path / "a.json")
    last = raw.rindex(b'"quote":"')  # the last document's last annotation: the first was written
    bad = raw[:last] + b'"quote":"X' + raw[last + len(b'"quote":"') + 1:]
    (tmp_path / "b.json").write_bytes(bad)
    target = open_store(tmp_path / "b.db")
    before = _counts(target)
    with pytest.raises(ValidationError, match=r"documents\[1\]\.annotations\[\d+\]: quote does not match"):
        native.import_dataset(target, tmp_path / "b.json")
    assert _counts(target) == before
    assert spawned[0]._proc.returncode == 0  # told to stop, it rolled back and exited
