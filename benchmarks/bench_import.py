"""Benchmark importing many small text files, the way ``curator import FOLDER`` does.

    .venv/bin/python benchmarks/bench_import.py               # 10,000 files of ~2 KB
    .venv/bin/python benchmarks/bench_import.py --files 2000 --profile

Abstract-sized files (~2 KB, about half of them Korean and English mixed, the rest
English, some in CP949) are generated in a temporary folder, then imported into a fresh
store through ``services.corpus.import_files`` (the CLI path: one transaction per file).
Printed: files/s, total time, peak RSS, and where the time goes: the same files run
through each step on its own (reading, decoding, canonicalising, title and metadata
guesses), the rest being the store (ORM inserts, the duplicate check, one commit per
file). ``--profile`` adds the top functions by cumulative time (cProfile).

``--batch N`` is an experiment, not a product path: the same ``import_files`` code runs
against a store whose ``unit()`` hands out one long session committed every N files,
to measure what per-file transactions cost (a batched ``import_files`` would need a
per-file savepoint to keep "one bad file never stops the rest").
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from curator.exchange.textfile import read_text_file
from curator.services.corpus import expand_paths, import_files
from curator.suggest.metadata import guess_metadata, guess_title
from curator.store import open_store
from curator.store.engine import Store
from curator.text.canonical import canonicalize

EN = (
    "the ministry reported that steel output of factory no. 65 rose by 12.5 percent in 1958 "
    "while the cooperative harvest fell short of the plan and the delegation from Moscow "
    "promised 576 million rubles of machinery between July 1950 and October 1950"
).split()
KO = (
    "정부는 1958년 3월 공장 생산이 증가했다고 보고하였다 협동조합 비료 수확 계획 철도 "
    "다리 학교 위원회 예산 기계 수입 차관 은행 대표단 5억 7,600만 루블 1950년대 후반"
).split()


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def abstract(rng: random.Random, i: int) -> str:
    """A ~2 KB abstract: a title line, authors, then paragraphs (Korean ones in half)."""
    korean = i % 2 == 0
    parts = [f"Study {i}: " + _sentence(rng, EN, 8), "Kim Minji, Lee Sora", ""]
    while sum(len(p.encode("utf-8")) for p in parts) < 2000:
        if korean and rng.random() < 0.5:
            parts.append(_sentence(rng, KO, rng.randint(12, 25)))
        else:
            parts.append(_sentence(rng, EN, rng.randint(20, 40)))
        parts.append("")
    return "\r\n".join(parts) if i % 7 == 0 else "\n".join(parts)


def generate(folder: Path, count: int) -> int:
    rng = random.Random(1958)
    total = 0
    for i in range(count):
        text = abstract(rng, i)
        # a few legacy files: CP949 Korean (decided by the Hangul check, not a detector)
        raw = text.encode("cp949", errors="replace") if i % 25 == 0 else text.encode("utf-8")
        (folder / f"abstract_{i:05d}.txt").write_bytes(raw)
        total += len(raw)
    return total


class BatchedStore:
    """A store whose units share one session, committed every ``size`` units."""

    def __init__(self, store: Store, size: int) -> None:
        self.store, self.size, self.count = store, size, 0
        self.engine, self.is_sqlite = store.engine, store.is_sqlite
        self.session = Session(store.engine, expire_on_commit=False)

    @contextmanager
    def unit(self) -> Iterator[Session]:
        yield self.session
        self.count += 1
        if self.count % self.size == 0:
            self.session.commit()

    def read(self):
        return self.unit()

    def close(self) -> None:
        self.session.commit()
        self.session.close()
        self.store.close()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def steps(folder: Path) -> dict[str, float]:
    """Seconds spent in each step before the store, over all files."""
    files = expand_paths([folder])
    times = dict.fromkeys(("read + decode", "canonicalize", "title + metadata"), 0.0)
    for path in files:
        t0 = time.perf_counter()
        decoded = read_text_file(path)
        t1 = time.perf_counter()
        canonical = canonicalize(decoded.text)
        t2 = time.perf_counter()
        title = guess_title(canonical.text, path.stem)
        guess_metadata(canonical.text, title)
        t3 = time.perf_counter()
        times["read + decode"] += t1 - t0
        times["canonicalize"] += t2 - t1
        times["title + metadata"] += t3 - t2
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print the top functions (cProfile)")
    parser.add_argument("--batch", type=int, default=0, help="experiment: commit every N files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "abstracts"
        folder.mkdir()
        t0 = time.perf_counter()
        size = generate(folder, args.files)
        print(f"generated {args.files:,} files, {size / 2**20:.1f} MiB, in {time.perf_counter() - t0:.1f} s")
        rss_before = peak_rss_mb()
        store = open_store(Path(tmp) / "bench.db")
        if args.batch:
            store = BatchedStore(store, args.batch)
        profiler = cProfile.Profile() if args.profile else None
        t0, c0 = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        outcomes, rates = [], []
        files = expand_paths([folder])
        for i in range(0, len(files), 1000):  # as the CLI does it: file by file, in order
            c = time.perf_counter()
            outcomes.extend(import_files(store, files[i:i + 1000]))
            rates.append(len(files[i:i + 1000]) / (time.perf_counter() - c))
        if profiler:
            profiler.disable()
        store.close()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        imported = sum(o.status == "imported" for o in outcomes)
        mode = f"batches of {args.batch}" if args.batch else "one transaction per file"
        print(f"[{mode}] imported {imported:,} of {len(outcomes):,} files in {wall:.1f} s wall, {cpu:.1f} s CPU: "
              f"{len(outcomes) / wall:,.0f} files/s; peak RSS {peak_rss_mb():.0f} MB "
              f"({rss_before:.0f} MB before the import)")
        print("files/s per 1,000 files: " + ", ".join(f"{r:,.0f}" for r in rates))
        db_size = (Path(tmp) / "bench.db").stat().st_size
        print(f"store: {db_size / 2**20:.1f} MiB")
        parts = steps(folder)
        rest = wall - sum(parts.values())
        for name, seconds in [*parts.items(), ("store (inserts, duplicate check, commits)", rest)]:
            print(f"  {name:<44}{seconds:7.2f} s  {100 * seconds / wall:5.1f} %")
        if profiler:
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
