"""A schema upgrade is one transaction, DDL included: a failure or a kill -9 halfway
leaves the store as it was, and the next open upgrades it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.exchange.native import validate_file
from curator.services.exchange import export_dataset
from curator.store import StoreVersionError, head_revision, open_store
from curator.store.engine import current_revision
from tests.store.old_stores import make_store_at, table_counts

REPO = Path(__file__).resolve().parents[2]
TABLES = ("document", "annotation", "claim_evidence", "suggestion")
UPGRADE = "import sys; from curator.store import open_store; open_store(sys.argv[1]).close()"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _version(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _check_opened(path: Path, counts: dict[str, int], tmp_path: Path) -> None:
    """The store opens at head with every row, is sound, and exports."""
    store = open_store(path)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("SELECT count(*) FROM annotation_span").scalar() == counts["annotation"]
        out = tmp_path / f"{path.stem}.json"
        export_dataset(store, out)
        assert validate_file(out).annotations == counts["annotation"]
    finally:
        store.close()
    assert table_counts(path, TABLES) == counts
    assert not any(name.startswith("_alembic_tmp") for name in _tables(path))


def test_a_failing_upgrade_changes_nothing_and_names_the_backup(tmp_path):
    path = tmp_path / "old.db"
    counts = make_store_at(path, "0006")
    with sqlite3.connect(path) as db:  # an obstacle for 0007, met after it recreated `annotation`
        db.execute("CREATE TABLE annotation_span (x)")
    with pytest.raises(StoreVersionError) as failed:
        open_store(path)
    backups = list(tmp_path.glob("old.db.bak-0006-*"))
    assert len(backups) == 1 and backups[0].name in str(failed.value)
    assert _version(path) == "0006"
    assert {"start", "end", "revision_id"} <= _columns(path, "annotation")  # not recreated
    assert not any(name.startswith("_alembic_tmp") for name in _tables(path))
    assert table_counts(path, TABLES) == counts
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE annotation_span")
    _check_opened(path, counts, tmp_path)


def test_the_debris_of_an_upgrade_killed_by_an_older_curator_is_cleaned_up(tmp_path):
    """Before upgrades were atomic, a kill during 0006 -> 0007 left ``_alembic_tmp_annotation``
    behind and every later open failed with "table _alembic_tmp_annotation already exists"."""
    path = tmp_path / "old.db"
    counts = make_store_at(path, "0006")
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE _alembic_tmp_annotation (id INTEGER NOT NULL PRIMARY KEY, label TEXT)")
        db.execute("INSERT INTO _alembic_tmp_annotation VALUES (1, 'date')")
    _check_opened(path, counts, tmp_path)


@pytest.fixture(scope="module")
def big_old_store(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("old") / "big.db"
    counts = make_store_at(path, "0006", documents=12, per_document=800)
    return path, counts


def _upgrade_process(path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-c", UPGRADE, str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_an_upgrade_killed_at_random_points_leaves_a_store_that_opens(big_old_store, tmp_path):
    source, counts = big_old_store
    timed = tmp_path / "timed.db"
    shutil.copy(source, timed)
    t0 = time.monotonic()
    done = _upgrade_process(timed)
    assert done.wait(120) == 0, done.stderr.read()
    duration = time.monotonic() - t0
    rnd = random.Random(1958)
    for trial in range(int(os.environ.get("CURATOR_CRASH_TRIALS", "5"))):
        path = tmp_path / f"trial{trial}.db"
        shutil.copy(source, path)
        proc = _upgrade_process(path)
        time.sleep(rnd.uniform(0.3, 0.95) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        _check_opened(path, counts, tmp_path)
        path.unlink()
        for extra in tmp_path.glob(f"{path.name}*"):
            extra.unlink()
