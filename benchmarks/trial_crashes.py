"""Kill -9 trials: a schema upgrade, ``curator import`` and ``curator import-json`` killed
at random points, then the store is checked (the CI tests run a few of these; this runs
many).

    python benchmarks/trial_crashes.py                  # 20 trials of each, seed 1958
    python benchmarks/trial_crashes.py --trials 100 --only upgrade --seed 7

For each trial: a copy of the input store, the command started in a fresh process and
killed after a random fraction of the time an uninterrupted run takes; then
``PRAGMA integrity_check``, ``open_store`` (which upgrades what an upgrade left), the
row counts (an upgrade keeps every row; a dataset import is all there or not at all; an
imported text is whole) and a native export. Prints the counts of each outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
UPGRADE = "import sys; from curator.store import open_store; open_store(sys.argv[1]).close()"


def _start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *argv], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _timed(argv: list[str]) -> float:
    t0 = time.monotonic()
    proc = _start(argv)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"the uninterrupted run failed: {err.decode()}")
    return time.monotonic() - t0


def _check(db: Path, out: Path) -> tuple[str, dict]:
    """An outcome name and the export (``{}`` when there is no store)."""
    from curator.services.exchange import export_dataset
    from curator.store import open_store

    if not db.exists():
        return "killed before the store existed", {}
    with sqlite3.connect(db) as con:
        if con.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            return "FAILED: integrity_check", {}
    try:
        store = open_store(db)
    except Exception as exc:  # noqa: BLE001 - counted and shown
        return f"FAILED: open: {exc}", {}
    try:
        export_dataset(store, out)
    except Exception as exc:  # noqa: BLE001
        return f"FAILED: export: {exc}", {}
    finally:
        store.close()
    return "ok", json.loads(out.read_bytes())


def trials(kind: str, n: int, rnd: random.Random, work: Path) -> Counter:
    from benchmarks.bench_export import build
    from curator.services.exchange import export_dataset
    from curator.store import open_store
    from tests.store.old_stores import make_store_at

    counts: Counter = Counter()
    source = work / f"{kind}-source.db"
    if kind == "upgrade":
        rows = make_store_at(source, "0006", documents=20, per_document=3_000)
        argv = lambda db: ["-c", UPGRADE, str(db)]  # noqa: E731
        expect = lambda data: sum(len(d["annotations"]) for d in data["documents"]) == rows["annotation"]  # noqa: E731
    elif kind == "import-json":
        build(work / "ds.db", 40, 2_000)
        store = open_store(work / "ds.db")
        export_dataset(store, work / "ds.json")
        store.close()
        total = 40 * 2_000
        argv = lambda db: ["-m", "curator", "import-json", str(work / "ds.json"), "--db", str(db)]  # noqa: E731
        expect = lambda data: sum(len(d["annotations"]) for d in data["documents"]) in (0, total)  # noqa: E731
    else:
        folder = work / "texts"
        folder.mkdir()
        for k in range(30):
            (folder / f"r{k:02d}.txt").write_text(f"Report {k}: in 19{50 + k} the plan was adopted.\n" * 500)
        argv = lambda db: ["-m", "curator", "import", str(folder), "--db", str(db)]  # noqa: E731
        expect = lambda data: all(  # noqa: E731
            d["text"] == (folder / d["source_name"]).read_text() for d in data["documents"])
    timed = work / f"{kind}-timed.db"
    if source.exists():
        shutil.copy(source, timed)
    duration = _timed(argv(timed))
    for trial in range(n):
        db = work / f"{kind}-{trial}.db"
        if source.exists():
            shutil.copy(source, db)
        proc = _start(argv(db))
        time.sleep(rnd.uniform(0.05, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcome, data = _check(db, work / "check.json")
        if outcome == "ok" and not expect(data):
            outcome = "FAILED: rows lost or half an import"
        counts[outcome] += 1
        for extra in work.glob(f"{db.name}*"):
            extra.unlink()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1958)
    parser.add_argument("--only", choices=["upgrade", "import", "import-json"], action="append")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="curator-crash-") as tmp:
        for kind in args.only or ["upgrade", "import", "import-json"]:
            t0 = time.monotonic()
            counts = trials(kind, args.trials, rnd, Path(tmp))
            failed += sum(n for outcome, n in counts.items() if outcome.startswith("FAILED"))
            shown = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(counts.items()))
            print(f"{kind:<12} {args.trials} trials in {time.monotonic() - t0:.0f} s: {shown}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
