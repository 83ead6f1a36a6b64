"""Accepting one correction in a 2 MB document carrying 100,000 annotations.

Measures the store part (new revision, every annotation carried, pending proposals
rebased, commit) and, separately, the undo of it, beside a floor measured in the same
run on a copy of the same store: the writes any accept must make, on the raw SQLite
connection with the store's settings (the edited text and its hash, the new revision
inserted, one UPDATE moving every annotation of the document to it, commit). Prints
medians; no assertions. Target (issue): accept under 100 ms median.

    python benchmarks/bench_corrections.py [--runs 15] [--count 100000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen import build_store  # noqa: E402
from curator.services import annotations as A  # noqa: E402
from curator.services import corrections as C  # noqa: E402
from curator.services.corpus import load_document  # noqa: E402
from curator.store import open_store  # noqa: E402
from curator.text.canonical import sha256_hex  # noqa: E402


def edit_at(text: str, run: int) -> tuple[int, int, str]:
    """The run's correction: a word a third into the text gets an "x"."""
    pos = len(text) // 3 + run * 997
    end = text.find(" ", pos + 1)
    return pos, end, text[pos:end] + "x"


def floor_run(store, doc_id: int, run: int) -> tuple[float, float]:
    """One floor accept on the raw connection (wall and CPU ms), then put back untimed."""
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        base_id, text = cur.execute(
            "SELECT id, text FROM revision WHERE document_id = ? ORDER BY number DESC LIMIT 1", (doc_id,)
        ).fetchone()
        start, end, replacement = edit_at(text, run)
        t0, c0 = time.perf_counter(), time.thread_time()
        cur.execute("BEGIN IMMEDIATE")
        new_text = text[:start] + replacement + text[end:]
        cur.execute(
            "INSERT INTO revision (document_id, number, parent_id, text, sha256, note, created) "
            "SELECT document_id, number + 1, id, ?, ?, 'floor', created FROM revision WHERE id = ?",
            (new_text, sha256_hex(new_text), base_id),
        )
        new_id = cur.lastrowid
        cur.execute("UPDATE annotation_span SET revision_id = ? WHERE document_id = ? AND revision_id = ?",
                    (new_id, doc_id, base_id))
        cur.execute("COMMIT")
        took = ((time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000)
        cur.execute("BEGIN IMMEDIATE")
        cur.execute("UPDATE annotation_span SET revision_id = ? WHERE revision_id = ?", (base_id, new_id))
        cur.execute("DELETE FROM revision WHERE id = ?", (new_id,))
        cur.execute("COMMIT")
        return took
    finally:
        raw.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--count", type=int, default=100_000, help="annotations on the document")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store, doc_id, text = build_store(Path(tmp) / "bench.db", count=args.count)
        store.close()
        shutil.copyfile(Path(tmp) / "bench.db", Path(tmp) / "floor.db")
        store, floor_store = open_store(Path(tmp) / "bench.db"), open_store(Path(tmp) / "floor.db")
        accept, undo, flagged, floor = [], [], [], []
        for run in range(args.runs):
            current = load_document(store, doc_id).text
            start, end, replacement = edit_at(current, run)
            proposal = C.propose_correction(store, doc_id, start, end, replacement, reason="bench", author="bench")
            t0, c0 = time.perf_counter(), time.thread_time()
            result = C.accept_corrections(store, [proposal.id], by="bench")
            accept.append(((time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000))
            flagged.append(len(result.flagged))
            t0 = time.perf_counter()
            C.undo_accept(store, result)
            undo.append((time.perf_counter() - t0) * 1000)
            floor.append(floor_run(floor_store, doc_id, run))
        # leave one accepted and check every quote still matches the new text
        proposal = C.propose_correction(store, doc_id, 10, 11, "Z", reason="bench", author="bench")
        C.accept_corrections(store, [proposal.id], by="bench")
        new_text = load_document(store, doc_id).text
        bad = sum(1 for r in A.list_annotations(store, doc_id) if new_text[r.start:r.end] != r.quote)
        store.close()
        floor_store.close()
    def med(pairs, i):
        return statistics.median(p[i] for p in pairs)

    a, f, ac, fc = med(accept, 0), med(floor, 0), med(accept, 1), med(floor, 1)
    print(f"document: {len(text):,} code points; annotations: {args.count:,}; runs: {args.runs}")
    print(f"{'measure (medians; CPU: this thread, steadier when the cores are shared)':<72}{'wall':>9}{'CPU':>9}   target")
    print(f"{'accept one correction (store, commit)':<72}{a:>7.1f}ms{ac:>7.1f}ms   < 100 ms")
    print(f"{'floor: new text, hash, revision, one UPDATE of every span, commit':<72}{f:>7.1f}ms{fc:>7.1f}ms   floor")
    print(f"{'ratio accept / floor':<72}{a / f:>9.2f}{ac / fc:>9.2f}")
    print(f"{'undo that accept (store, commit)':<72}{statistics.median(undo):>7.1f}ms")
    print(f"annotations flagged per accept (median): {statistics.median(flagged)}; quotes wrong after carry: {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
