"""Export and import speed of the native dataset format against two raw floors.

    python benchmarks/bench_export.py            # 1M annotations in both shapes, 3 runs
    python benchmarks/bench_export.py --quick    # 200,000 annotations, 1 run
    python benchmarks/bench_export.py --total 200000 --runs 3 --per-doc 20
    python benchmarks/bench_export.py --only import   # the import and its floor alone

Two shapes of store, each printed with its own floors: documents of 20 annotations (the
shape of real corpora — abstracts with a few dozen — and of the native export's own
layout, one document header a line) and documents of 1,000 (``--per-doc`` picks one).

Builds a store (not timed) with realistic rows — quotes of ~20 characters over mixed
English/Korean text, EDTF and figure values, claims with evidence links — then times,
each in a fresh process (so peak memory, ``ru_maxrss``, belongs to one method):

* floor A: SQLite ``json_object()`` rows streamed to a file in batches;
* floor B: orjson over raw DB-API rows (``fetchmany``) to a file;
* ours: :func:`curator.exchange.native.export_dataset` (which also checks every quote
  and writes each document's original text and corrections log besides);
* validate: :func:`curator.exchange.native.validate_file` of our export;
* floor C: the import's rows, already in memory, inserted into an empty store with
  ``executemany`` and committed — the least any import through ``sqlite3`` can take;
* import: :func:`curator.exchange.native.import_dataset` of our export into an empty store;
* merge: the same export merged (``on_conflict="merge"``) into a copy of the bench store
  whose annotations were deleted (not timed): every document is matched by its text and
  every annotation added through the merge path.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

WORDS = ("the plan", "industrial output", "rubles", "aid from the Soviet Union", "제1차 5개년계획",
         "북한 정부는", "생산 목표를", "1950년대", "capital accumulation", "노동력", "the KWP")
BATCH = 10_000


def build(db: Path, n_docs: int, per_doc: int) -> None:
    from curator.store import open_store
    from curator.text.canonical import sha256_hex

    open_store(db).close()
    rnd = random.Random(7)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany("INSERT INTO curator(id, name, created) VALUES (?, ?, ?)",
                    [(i, n, "2026-01-01T00:00:00.000000Z") for i, n in enumerate(("kim", "lee", "박지민"), 1)])
    ann_id = 0
    for d in range(1, n_docs + 1):
        text = " ".join(rnd.choice(WORDS) for _ in range(per_doc * 3))
        con.execute("INSERT INTO document(id, title, source_name, raw_sha256, encoding, import_notes, created, "
                    "authors, year, source, languages) "
                    "VALUES (?, ?, ?, ?, 'utf-8', '', '2026-01-01T00:00:00.000000Z', ?, ?, ?, 'en,ko')",
                    (d, f"Document {d}", f"{d:04d}.txt", sha256_hex(text + "raw"), "Kim, Minsu",
                     1950 + d % 20, f"https://doi.org/10.1234/doc.{d}"))
        con.execute("INSERT INTO revision VALUES (?, ?, 1, NULL, ?, ?, '', '2026-01-01T00:00:00.000000Z')",
                    (d, d, text, sha256_hex(text)))
        rows, spans, links, evidence = [], [], [], []
        step = (len(text) - 40) // per_doc
        for k in range(per_doc):
            ann_id += 1
            start = k * step + rnd.randrange(5)
            end = start + rnd.randrange(12, 30)
            kind = k % 5
            if kind < 2:
                label, value = "date", json.dumps({"edtf": f"19{rnd.randrange(40, 70)}"}, separators=(",", ":"))
                evidence.append(ann_id)
            elif kind < 4:
                value = json.dumps({"amount": str(rnd.randrange(10**4, 10**10)), "unit": rnd.choice(("RUB", "KPW", "tons"))},
                                   separators=(",", ":"), sort_keys=True)
                label = "figure"
                evidence.append(ann_id)
            else:
                label, value = "claim", json.dumps({"summary": f"claim {ann_id} about the plan"}, separators=(",", ":"))
                links += [(ann_id, e) for e in evidence[-2:]]
            ts = f"2026-01-01T00:{k % 60:02d}:00.000000Z"
            rows.append((ann_id, d, label, text[start:end], value, "", "draft", 1 + k % 3, ts, ts, "manual"))
            spans.append((ann_id, d, d, start, end))
        con.executemany("INSERT INTO annotation(id, document_id, label, quote, "
                        "value_json, note, status, creator_id, created, modified, origin) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany('INSERT INTO annotation_span(annotation_id, document_id, revision_id, start, "end") '
                        "VALUES (?,?,?,?,?)", spans)
        con.executemany("INSERT INTO claim_evidence VALUES (?, ?)", links)
    con.commit()
    con.close()


_FROM = "FROM annotation_span p JOIN annotation a ON a.id = p.annotation_id"
_ORDER = 'ORDER BY p.document_id, p.start, p."end" DESC, a.id'


def floor_json_object(db: Path, out: Path) -> int:
    con = sqlite3.connect(db)
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for (doc,) in con.execute("SELECT json_object('id', d.id, 'title', d.title, 'text', r.text) "
                                  "FROM document d JOIN revision r ON r.document_id = d.id ORDER BY d.id"):
            fh.write(doc + "\n")
        cur = con.execute(
            "SELECT json_object('id', a.id, 'label', a.label, 'start', p.start, 'end', p.\"end\", "
            "'quote', a.quote, 'value', json(a.value_json), 'note', a.note, 'status', a.status, "
            "'origin', a.origin, 'creator', c.name, 'created', a.created, 'modified', a.modified) "
            f"{_FROM} JOIN curator c ON c.id = a.creator_id {_ORDER}")
        while rows := cur.fetchmany(BATCH):
            fh.write("\n".join(r[0] for r in rows))
            n += len(rows)
    return n


def floor_orjson(db: Path, out: Path) -> int:
    con = sqlite3.connect(db)
    creators = dict(con.execute("SELECT id, name FROM curator"))
    n = 0
    dumps, fragment = orjson.dumps, orjson.Fragment
    with open(out, "wb") as fh:
        for d, title, text in con.execute("SELECT d.id, d.title, r.text FROM document d "
                                          "JOIN revision r ON r.document_id = d.id ORDER BY d.id"):
            fh.write(dumps({"id": d, "title": title, "text": text}) + b"\n")
        cur = con.execute('SELECT a.id, a.label, p.start, p."end", a.quote, a.value_json, a.note, a.status, '
                          f"a.origin, a.creator_id, a.created, a.modified {_FROM} {_ORDER}")
        while rows := cur.fetchmany(BATCH):
            fh.write(b"\n".join(dumps({
                "id": r[0], "label": r[1], "start": r[2], "end": r[3], "quote": r[4],
                "value": None if r[5] is None else fragment(r[5]), "note": r[6], "status": r[7],
                "origin": r[8], "creator": creators[r[9]], "created": r[10], "modified": r[11],
            }) for r in rows))
            n += len(rows)
    return n


def ours(db: Path, out: Path) -> int:
    from curator.services.exchange import export_dataset
    from curator.store import open_store

    return export_dataset(open_store(db), out).annotations


def validate_ours(db: Path, out: Path) -> int:
    """Here ``out`` is the dataset to check (``db`` is unused)."""
    from curator.exchange.native import validate_file

    return validate_file(out).annotations


def floor_import(db: Path, out: Path) -> tuple[int, float, float]:
    """The import's floor: the rows of ``db`` (read first, not timed) put into a fresh
    store at ``out`` with the sqlite3 module's ``executemany`` in one transaction, in
    batches as the import writes them (annotation, span, evidence rows), and committed:
    no file to read, nothing checked. Returns the count, seconds and CPU seconds."""
    from curator.store import open_store

    src = sqlite3.connect(db)
    tables = {t: src.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
              for t in ("curator", "document", "revision", "annotation", "annotation_span", "claim_evidence")}
    open_store(out).close()
    con = sqlite3.connect(out, isolation_level=None)
    for pragma in ("foreign_keys=ON", "synchronous=NORMAL", "cache_size=-65536"):  # as the store's engine
        con.execute(f"PRAGMA {pragma}")
    t, cpu = time.perf_counter(), _cpu_seconds()
    con.execute("BEGIN")
    for name in ("curator", "document", "revision"):
        rows = tables[name]
        con.executemany(f"INSERT INTO {name} VALUES ({','.join('?' * len(rows[0]))})", rows)
    anns, spans, links = tables["annotation"], tables["annotation_span"], tables["claim_evidence"]
    for i in range(0, len(anns), BATCH):
        con.executemany(f"INSERT INTO annotation VALUES ({','.join('?' * len(anns[0]))})", anns[i:i + BATCH])
        con.executemany("INSERT INTO annotation_span VALUES (?,?,?,?,?)", spans[i:i + BATCH])
    con.executemany("INSERT INTO claim_evidence VALUES (?,?)", links)
    con.execute("COMMIT")
    return len(anns), time.perf_counter() - t, _cpu_seconds() - cpu


def import_ours(db: Path, out: Path) -> int:
    """Here ``out`` is the dataset to read and ``db`` an empty store, made before the
    clock starts as floor C's is (making the schema is not importing)."""
    from curator.services.exchange import import_dataset
    from curator.store import open_store

    return import_dataset(open_store(db), out).annotations


def merge_ours(db: Path, out: Path) -> int:
    """Here ``out`` is the dataset to read and ``db`` the store with the same texts."""
    from curator.services.exchange import import_dataset
    from curator.store import open_store

    return import_dataset(open_store(db), out, on_conflict="merge").merged_annotations


def _empty_store(target: Path) -> None:
    """A new store at ``target``, made in a process of its own (not timed)."""
    subprocess.run([sys.executable, "-c", f"from curator.store import open_store; open_store({str(target)!r}).close()"],
                   check=True)


def _texts_only(db: Path, target: Path) -> None:
    """A copy of ``db`` without its annotations (merge's target; not timed)."""
    con = sqlite3.connect(db)
    con.execute(f"VACUUM INTO '{target}'")
    con.close()
    con = sqlite3.connect(target)
    con.executescript("DELETE FROM claim_evidence; DELETE FROM annotation_span; DELETE FROM annotation; VACUUM;")
    con.close()


METHODS = {"floor A: sqlite json_object": floor_json_object, "floor B: orjson raw rows": floor_orjson,
           "ours: export_dataset": ours, "validate_file": validate_ours, "floor C: import executemany": floor_import,
           "import_dataset": import_ours, "merge_dataset": merge_ours}


def run_child(method: str, db: str, out: str) -> None:
    # Curator's modules (sqlmodel, SQLAlchemy, pydantic: ~0.8 s here) are imported before
    # the clock starts, as the floors' sqlite3 and orjson are: a cost of starting the
    # program, not of exporting; the store is opened inside the timing.
    import curator.exchange.native  # noqa: F401
    import curator.services.exchange  # noqa: F401
    import curator.store  # noqa: F401

    t, cpu = time.perf_counter(), _cpu_seconds()
    n = METHODS[method](Path(db), Path(out))
    seconds, cpu = time.perf_counter() - t, _cpu_seconds() - cpu
    if isinstance(n, tuple):  # a method that times itself (after its untimed set-up)
        n, seconds, cpu = n
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"n": n, "seconds": seconds, "cpu": cpu, "rss_mb": rss_mb}))


def _cpu_seconds() -> float:
    """User + system time of this process: on a shared machine, steadier than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(method: str, db: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", method, str(db), str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


IMPORT_ONLY = ("ours: export_dataset", "floor C: import executemany", "import_dataset")
IMPORT_RATE, IMPORT_RATIO, IMPORT_MB = 100_000, 1.5, 300  # the import's targets (issue 12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 annotations, 1 run")
    parser.add_argument("--total", type=int, help="annotations in each store (default 1,000,000)")
    parser.add_argument("--per-doc", type=int, action="append", dest="shapes",
                        help="annotations a document (repeatable; default both 20 and 1000)")
    parser.add_argument("--runs", type=int, help="runs of every method (default 3)")
    parser.add_argument("--only", choices=("import",), help="the export (to have a file), the import and its floor")
    parser.add_argument("--child", nargs=3, metavar=("METHOD", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(*args.child)
    total, runs = (200_000, 1) if args.quick else (1_000_000, 3)
    total, runs = args.total or total, args.runs or runs
    methods = [m for m in METHODS if args.only is None or m in IMPORT_ONLY]
    for per_doc in args.shapes or (20, 1000):
        bench_shape(total // per_doc, per_doc, runs, methods)


def bench_shape(n_docs: int, per_doc: int, runs: int, methods: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        build(db, n_docs, per_doc)
        print(f"\n== {n_docs:,} documents of {per_doc:,} annotations: built {n_docs * per_doc:,} annotations "
              f"in {time.perf_counter() - t:.1f} s (not timed)", flush=True)
        # methods interleaved run by run, so a busy machine slows them alike
        samples: dict[str, list[dict]] = {m: [] for m in methods}
        for i in range(runs):
            for method in methods:
                if method == "validate_file":
                    samples[method].append(measure(method, db, Path(tmp) / "ours.out"))
                elif method.startswith("floor C"):  # from the bench store into a fresh one
                    target = Path(tmp) / f"floor-{i}.db"
                    samples[method].append(measure(method, db, target))
                    target.unlink()
                elif method == "merge_dataset":
                    target = Path(tmp) / f"merge-{i}.db"
                    _texts_only(db, target)
                    samples[method].append(measure(method, target, Path(tmp) / "ours.out"))
                    target.unlink()
                elif method == "import_dataset":
                    target = Path(tmp) / f"import-{i}.db"
                    _empty_store(target)
                    samples[method].append(measure(method, target, Path(tmp) / "ours.out"))
                    target.unlink()
                else:
                    out = Path(tmp) / f"{method.split(':')[0].replace(' ', '_')}.out"
                    samples[method].append(measure(method, db, out))
        results = {
            m: {
                "n": s[0]["n"],
                "seconds": statistics.median(x["seconds"] for x in s),
                "cpu": statistics.median(x["cpu"] for x in s),
                "rss_mb": statistics.median(x["rss_mb"] for x in s),
            }
            for m, s in samples.items()
        }
        size = (Path(tmp) / "ours.out").stat().st_size / 2**20
    print(f"\n{'method':<30} {'rows':>10} {'seconds':>8} {'rows/s':>10} {'CPU s':>7} {'peak RSS MB':>12}")
    for method, r in results.items():
        print(f"{method:<30} {r['n']:>10,} {r['seconds']:>8.2f} {r['n'] / r['seconds']:>10,.0f} {r['cpu']:>7.2f} "
              f"{r['rss_mb']:>12.0f}")
    if "floor A: sqlite json_object" in results:
        ours_s = results["ours: export_dataset"]["seconds"]
        a, b = (ours_s / results[m]["seconds"] for m in list(METHODS)[:2])
        print(f"\nexport: ours / floor A: {a:.2f}x the time, ours / floor B: {b:.2f}x (target <= 1.5x the best "
              f"floor); export file {size:.0f} MiB")
    imp, floor = results["import_dataset"], results["floor C: import executemany"]
    rate, ratio = imp["n"] / imp["seconds"], imp["seconds"] / floor["seconds"]
    cpu_ratio = imp["cpu"] / floor["cpu"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"import ({n_docs:,} documents of {per_doc:,}): {rate:,.0f} annotations/s (target >= {IMPORT_RATE:,}: "
          f"{verdict(rate >= IMPORT_RATE)}); {ratio:.2f}x floor C's time, {cpu_ratio:.2f}x its CPU time "
          f"(target <= {IMPORT_RATIO}x: {verdict(ratio <= IMPORT_RATIO)}); peak RSS {imp['rss_mb']:.0f} MB "
          f"(target < {IMPORT_MB}: {verdict(imp['rss_mb'] < IMPORT_MB)})")
    print(f"medians of {runs} run(s); load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
