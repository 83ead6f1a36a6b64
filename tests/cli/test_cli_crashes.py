"""``curator import`` and ``curator import-json`` killed (kill -9) at random points, and
two of them at once: the store is sound afterwards, opens, and exports; an import is
all there or not at all; nobody prints a traceback."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
TRIALS = int(os.environ.get("CURATOR_CRASH_TRIALS", "2"))  # benchmarks/trial_crashes.py runs more
FILES = 10


def curator(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "curator", *map(str, args)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    from benchmarks.bench_export import build
    from curator.services.exchange import export_dataset
    from curator.store import open_store

    root = tmp_path_factory.mktemp("dataset")
    build(root / "source.db", 4, 1_500)
    store = open_store(root / "source.db")
    export_dataset(store, root / "dataset.json")
    store.close()
    return root / "dataset.json"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("texts")
    for k in range(FILES):
        (root / f"r{k:02d}.txt").write_text(f"Report {k}: in 19{50 + k} the plan was adopted.\n" * 300)
    return root


def _killed_at_random(argv: list, db: Path, rnd: random.Random, duration: float) -> None:
    proc = curator(*argv)
    time.sleep(rnd.uniform(0.2, 1.0) * duration)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)


def _check(db: str | Path, tmp_path: Path) -> dict:
    """Sound, opens, exports; the export as JSON."""
    from curator.services.exchange import export_dataset
    from curator.store import open_store

    if isinstance(db, Path):
        if not db.exists():  # killed before the store was made
            return {"documents": []}
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    out = tmp_path / "check.json"
    store = open_store(db)
    try:
        export_dataset(store, out)
    finally:
        store.close()
    return json.loads(out.read_bytes())


def _timed(argv: list) -> float:
    t0 = time.monotonic()
    code, _, err = finished(curator(*argv))
    assert code == 0, err
    return time.monotonic() - t0


def test_a_killed_text_import_leaves_whole_documents(folder, tmp_path):
    rnd = random.Random(7)
    duration = _timed(["import", folder, "--db", tmp_path / "timed.db"])
    for trial in range(TRIALS):
        db = tmp_path / f"t{trial}.db"
        _killed_at_random(["import", folder, "--db", db], db, rnd, duration)
        data = _check(db, tmp_path)
        for doc in data["documents"]:  # each imported file is whole
            assert doc["text"] == (folder / doc["source_name"]).read_text()
        if trial == 0:  # the rest comes in
            code, out, err = finished(curator("import", folder, "--db", db))
            assert code == 0 and "Traceback" not in err
            assert len(_check(db, tmp_path)["documents"]) == FILES


def test_a_killed_dataset_import_is_all_there_or_not_at_all(dataset, tmp_path):
    rnd = random.Random(8)
    expected = sum(len(d["annotations"]) for d in json.loads(dataset.read_bytes())["documents"])
    duration = _timed(["import-json", dataset, "--db", tmp_path / "timed.db"])
    for trial in range(TRIALS):
        db = tmp_path / f"j{trial}.db"
        _killed_at_random(["import-json", dataset, "--db", db], db, rnd, duration)
        data = _check(db, tmp_path)
        assert sum(len(d["annotations"]) for d in data["documents"]) in (0, expected)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    return tmp_path / "s.db" if request.param == "sqlite" else request.getfixturevalue("pg_db")()


def test_two_command_line_imports_at_once_print_no_traceback(target, dataset, folder, tmp_path):
    from curator.cli import main

    assert main(["import", str(folder / "r00.txt"), "--db", str(target)]) == 0  # the store exists
    procs = [curator("import-json", dataset, "--db", target, "--on-conflict", "new-ids"),
             curator("import-json", dataset, "--db", target, "--on-conflict", "merge"),
             curator("import", folder, "--db", target)]
    results = [finished(p) for p in procs]
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
    # the merge finds the other import's documents, or comes first and adds its own (on
    # PostgreSQL, where the two run at the same time, some of each)
    assert FILES + 4 <= len(_check(target, tmp_path)["documents"]) <= FILES + 8
