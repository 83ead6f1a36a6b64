"""Benchmark the W3C Web Annotation export (and, with --all, JSONL and CSV).

    .venv/bin/python benchmarks/bench_w3c.py            # 200,000 annotations
    .venv/bin/python benchmarks/bench_w3c.py --full     # 1,000,000 annotations
    .venv/bin/python benchmarks/bench_w3c.py --all --keep /tmp/bench.db
    .venv/bin/python benchmarks/bench_w3c.py --runs 5 --keep /tmp/bench.db   # and medians

A store is generated with SQLAlchemy Core bulk inserts (documents of mixed Korean and
English text with emoji, dates, figures and claims with evidence); each export then
runs in a fresh process so its peak RSS is the export's own. The CPU time is printed
too: on a shared machine the wall-clock rate depends on the neighbours, so compare
changes by the CPU-second rate, over several runs (``--runs``). Target: ≥ 50,000
annotations/s for the W3C export.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from curator.store import open_store
from curator.store.models import ClaimEvidence, Curator, Document, Revision, utcnow
from curator.text import sha256_hex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.gen import insert_annotations  # noqa: E402

PER_DOC = 1000
SENTENCES = [
    "In 1958년 3월 the ministry granted 5억 7,600만 루블 to factory no. 65. ",
    "The plan for 1945/1956 foresaw 12억 900만 units 😀 of steel. ",
    "공장은 1950년대 후반에 576 million rubles를 받았다. ",
    "Output rose by 12.5 percent between July 1950 and October 1950. ",
    "𠀀𡈽 records from the late 1950s mention 3,000 tons of grain. ",
]
TARGETS = [
    ("1958년 3월", "date", '{"edtf":"1958-03"}'),
    ("5억 7,600만 루블", "figure", '{"amount":"576000000","unit":"RUB"}'),
    ("1945/1956", "date", '{"edtf":"1945/1956"}'),
    ("12억 900만 units", "figure", '{"amount":"1209000000","unit":"units"}'),
    ("1950년대 후반", "date", '{"edtf":"1955/1959"}'),
    ("12.5 percent", "figure", '{"amount":"12.5","unit":"percent"}'),
    ("3,000 tons", "figure", '{"amount":"3000","unit":"tons"}'),
]


def make_text(rng: random.Random, sentences: int) -> str:
    return "".join(rng.choice(SENTENCES) + ("\n" if i % 7 == 6 else "") for i in range(sentences))


def generate(path: Path, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = open_store(path)
    now = utcnow()
    docs = (total + PER_DOC - 1) // PER_DOC
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        conn.execute(
            insert(Curator),
            [{"id": 1, "name": "김민지", "created": now}, {"id": 2, "name": "lee", "created": now}],
        )
        next_id = 1
        for d in range(1, docs + 1):
            text = make_text(rng, 700)
            conn.execute(
                insert(Document),
                [
                    {
                        "id": d,
                        "title": f"Report {d} 보고서",
                        "source_name": f"r{d}.txt",
                        "raw_sha256": sha256_hex(f"raw{d}"),
                        "encoding": "utf-8",
                        "import_notes": "",
                        "created": now,
                    }
                ],
            )
            conn.execute(
                insert(Revision),
                [
                    {
                        "id": d,
                        "document_id": d,
                        "number": 1,
                        "parent_id": None,
                        "text": text,
                        "sha256": sha256_hex(text),
                        "note": "imported",
                        "created": now,
                    }
                ],
            )
            spots = []
            for phrase, label, value in TARGETS:
                at = text.find(phrase)
                while at != -1:
                    spots.append((at, at + len(phrase), label, value))
                    at = text.find(phrase, at + 1)
            count = min(PER_DOC, total - (d - 1) * PER_DOC)
            rows, links, last_evidence = [], [], []
            for k in range(count):
                if k % 10 == 9:  # a claim over a sentence-sized span, with evidence
                    start = rng.randrange(0, len(text) - 80)
                    rows.append(
                        dict(
                            id=next_id,
                            document_id=d,
                            revision_id=d,
                            label="claim",
                            start=start,
                            end=start + 60,
                            quote=text[start : start + 60],
                            value_json='{"summary":"aid was granted"}',
                            note="",
                            status="confirmed",
                            origin="manual",
                            creator_id=1,
                            created=now,
                            modified=now,
                        )
                    )
                    links.extend({"claim_id": next_id, "evidence_id": ev} for ev in last_evidence[-2:])
                else:
                    start, end, label, value = spots[k % len(spots)]
                    rows.append(
                        dict(
                            id=next_id,
                            document_id=d,
                            revision_id=d,
                            label=label,
                            start=start,
                            end=end,
                            quote=text[start:end],
                            value_json=value,
                            note="checked" if k % 5 == 0 else "",
                            status="draft",
                            origin="suggestion",
                            creator_id=1 + k % 2,
                            created=now,
                            modified=now,
                        )
                    )
                    last_evidence.append(next_id)
                next_id += 1
            insert_annotations(conn, rows)
            if links:
                conn.execute(insert(ClaimEvidence), links)
    store.close()
    print(f"generated {total:,} annotations in {docs:,} documents in {time.perf_counter() - t0:.1f} s")


def run_one(fmt: str, db: Path, out: Path) -> dict:
    """Runs in a child process: one export, its time and the process's peak RSS."""
    from curator.services.exchange import write_csv
    from curator.services.exchange import write_jsonl
    from curator.services.exchange import write_w3c

    writer = {"w3c": write_w3c, "jsonl": write_jsonl, "csv": write_csv}[fmt]
    store = open_store(db)
    t0, c0 = time.perf_counter(), time.process_time()
    n = writer(store, out)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "format": fmt,
        "annotations": n,
        "seconds": seconds,
        "per_second": n / seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_mb,
        "size_mb": out.stat().st_size / 1e6,
    }


def report(r: dict, title: str) -> None:
    cpu_rate = r["annotations"] / max(r["cpu_seconds"], 1e-9)
    verdict = ""
    if r["format"] == "w3c":
        verdict = "  target 50,000/s " + ("met" if r["per_second"] >= 50_000 else "MISSED (wall clock)")
    print(
        f"{title}{r['format']:5} {r['annotations']:>9,} annotations in {r['seconds']:6.2f} s = "
        f"{r['per_second']:>7,.0f}/s (per CPU-second {cpu_rate:,.0f}/s), "
        f"peak RSS {r['peak_rss_mb']:.0f} MB, file {r['size_mb']:.0f} MB{verdict}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="1,000,000 annotations instead of 200,000")
    parser.add_argument("--all", action="store_true", help="also time the JSONL and CSV exports")
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the store at this path")
    parser.add_argument(
        "--runs", type=int, default=1, help="exports per format, each in a fresh process; prints medians too"
    )
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fmt, db, out = args.child
        print(json.dumps(run_one(fmt, Path(db), Path(out))))
        return 0
    total = 1_000_000 if args.full else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        if not db.exists():
            generate(db, total)
        for fmt in ("w3c", "jsonl", "csv") if args.all else ("w3c",):
            out = Path(tmp) / f"export.{fmt}"
            results = []
            for _ in range(args.runs):
                out.unlink(missing_ok=True)  # replacing an old export would cost the run its deletion
                done = subprocess.run(
                    [sys.executable, __file__, "--child", fmt, str(db), str(out)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
                report(results[-1], "")
            if args.runs > 1:
                median = {
                    key: statistics.median(r[key] for r in results)
                    for key in ("seconds", "cpu_seconds", "peak_rss_mb", "size_mb")
                }
                rate = results[0]["annotations"] / median["seconds"]
                report({**results[0], **median, "per_second": rate}, f"median of {args.runs}: ")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
