"""Accepting one correction in a 2 MB document with 20,000 annotations.

Measures the store part (new revision, every annotation carried, pending proposals
rebased, commit) and, separately, the undo of it. Prints medians; no assertions.
Target (issue): accept + carry + commit + repaint under 100 ms median.

    python benchmarks/bench_corrections.py [--runs 15]
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store, doc_id, text = build_store(Path(tmp) / "bench.db")
        accept, undo, flagged = [], [], []
        for run in range(args.runs):
            current = load_document(store, doc_id).text
            pos = len(current) // 3 + run * 997
            end = current.find(" ", pos + 1)
            word = current[pos:end]
            proposal = C.propose_correction(store, doc_id, pos, end, word + "x", reason="bench", author="bench")
            t0 = time.perf_counter()
            result = C.accept_corrections(store, [proposal.id], by="bench")
            accept.append((time.perf_counter() - t0) * 1000)
            flagged.append(len(result.flagged))
            t0 = time.perf_counter()
            C.undo_accept(store, result)
            undo.append((time.perf_counter() - t0) * 1000)
        # leave one accepted and check every quote still matches the new text
        proposal = C.propose_correction(store, doc_id, 10, 11, "Z", reason="bench", author="bench")
        C.accept_corrections(store, [proposal.id], by="bench")
        new_text = load_document(store, doc_id).text
        bad = sum(1 for r in A.list_annotations(store, doc_id) if new_text[r.start:r.end] != r.quote)
        store.close()
    print(f"document: {len(text):,} code points; annotations: 20,000; runs: {args.runs}")
    print(f"{'measure':<44}{'median':>10}{'max':>10}   target")
    print(f"{'accept one correction (store, commit)':<44}{statistics.median(accept):>8.1f}ms{max(accept):>8.1f}ms   < 100 ms with repaint")
    print(f"{'undo that accept (store, commit)':<44}{statistics.median(undo):>8.1f}ms{max(undo):>8.1f}ms")
    print(f"annotations flagged per accept (median): {statistics.median(flagged)}; quotes wrong after carry: {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
