"""Benchmark the W3C Web Annotation import (``import_w3c``): time and peak RSS.

    .venv/bin/python benchmarks/bench_w3c_import.py                 # 100,000 annotations
    .venv/bin/python benchmarks/bench_w3c_import.py --total 1000000 --runs 3

The store of ``bench_w3c.py`` is generated, exported as a collection (``.jsonld``) and
as JSON Lines (``.jsonl``), and emptied of annotations; each import then runs into a
fresh copy of that empty store, in a fresh process, so its peak RSS is the import's
own (the RSS before the import, after the imports of the modules, is printed too;
Linux carries a parent's peak over into its child, so run again with ``--keep`` to see
it without the generation's).
On a shared machine compare CPU seconds rather than wall-clock seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.bench_w3c import generate  # noqa: E402


def run_one(db: Path, path: Path, on_conflict: str) -> dict:
    """Runs in a child process: one import, its time and the process's peak RSS."""
    from curator.services.w3c_import import import_w3c
    from curator.store import open_store

    store = open_store(db)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    summary = import_w3c(store, path, on_conflict=on_conflict)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "file": path.name,
        "annotations": summary.annotations,
        "skipped": summary.skipped,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "before_mb": before_mb,
        "peak_rss_mb": peak_mb,
        "size_mb": path.stat().st_size / 1e6,
    }


def prepare(work: Path, total: int) -> tuple[Path, list[Path]]:
    """The generated store's exports and an empty copy of it (same documents)."""
    from curator.services.exchange import write_w3c
    from curator.store import open_store

    full = work / "full.db"
    if not full.exists():
        generate(full, total)
    exports = [work / "export.jsonld", work / "export.jsonl"]
    store = open_store(full)
    for path in exports:
        if not path.exists():
            write_w3c(store, path, lines=path.suffix == ".jsonl")
    store.close()
    empty = work / "empty.db"
    if not empty.exists():
        shutil.copy(full, empty)
        with sqlite3.connect(empty) as conn:
            conn.execute("DELETE FROM claim_evidence")
            conn.execute("DELETE FROM annotation_span")
            conn.execute("DELETE FROM annotation")
        with sqlite3.connect(empty) as conn:
            conn.execute("VACUUM")
    return empty, exports


def report(r: dict, title: str = "") -> None:
    rate = r["annotations"] / max(r["seconds"], 1e-9)
    cpu_rate = r["annotations"] / max(r["cpu_seconds"], 1e-9)
    print(
        f"{title}{r['file']:13} {r['annotations']:>9,} imported ({r['skipped']:,} skipped) in "
        f"{r['seconds']:6.2f} s = {rate:>7,.0f}/s, CPU {r['cpu_seconds']:6.2f} s = {cpu_rate:,.0f}/s; "
        f"peak RSS {r['peak_rss_mb']:.0f} MB (before the import {r['before_mb']:.0f} MB), "
        f"file {r['size_mb']:.0f} MB",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--total", type=int, default=100_000, help="annotations (default 100,000)")
    parser.add_argument("--runs", type=int, default=1, help="imports per file, each in a fresh process")
    parser.add_argument("--keep", type=Path, help="a directory to generate (or reuse) the store and exports in")
    parser.add_argument("--only", choices=("jsonld", "jsonl"), help="time one file layout only")
    parser.add_argument("--child", nargs=3, metavar=("DB", "FILE", "ON_CONFLICT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, path, on_conflict = args.child
        print(json.dumps(run_one(Path(db), Path(path), on_conflict)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        empty, exports = prepare(work, args.total)
        for path in exports:
            if args.only and path.suffix != "." + args.only:
                continue
            results = []
            for _ in range(args.runs):
                target = Path(tmp) / "target.db"
                shutil.copy(empty, target)
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(target), str(path), "refuse"],
                    check=True, capture_output=True, text=True,
                )
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
                report(results[-1])
                target.unlink()
            if args.runs > 1:
                keys = ("seconds", "cpu_seconds", "peak_rss_mb", "before_mb")
                median = {key: statistics.median(r[key] for r in results) for key in keys}
                report({**results[0], **median}, f"median of {args.runs}: ")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
