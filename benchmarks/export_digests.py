"""Digests of every export of a store, and of a re-import of its native export: run on
the same store before and after a change of code that must keep exported bytes
identical (the reshaping of issue 12 was checked so), and compare the two listings.

    python benchmarks/export_digests.py build /tmp/digests      # once, with either code
    python benchmarks/export_digests.py digest /tmp/digests     # with each code; diff them

``build`` makes two stores in the folder: ``seeds.sqlite`` (the three seeds with every
suggestion accepted, the OCR clean-up accepted and a claim citing evidence) and
``large.sqlite`` (the benchmark document of 2 MB with 20,000 annotations). Stores are
built once and copied before each run, so their timestamps do not differ between runs.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FORMATS = ("native", "w3c", "w3c-jsonl", "jsonl", "doccano", "csv")


def build(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.gen import build_store
    from curator.services.corpus import ensure_seeded, list_documents
    from curator.services.suggestions import accept_suggestions, run_detectors
    from curator.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / "seeds.sqlite")
    ensure_seeded(store)
    from curator.services.corrections import accept_corrections

    try:
        from curator.services.cleanup import propose_for_document
    except ImportError:  # before the detector stopped writing
        from curator.services.cleanup import propose_for_document

    for doc in list_documents(store):
        proposed = propose_for_document(store, doc.id, author="digest")
        if proposed:
            accept_corrections(store, [c.id for c in proposed], by="digest")
        found = run_detectors(store, doc.id)
        if found:
            accept_suggestions(store, [s.id for s in found], by="digest")
    store.engine.dispose()
    large, _doc, _text = build_store(folder / "large.sqlite")
    large.engine.dispose()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _curator(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "curator", *args], check=True, capture_output=True, text=True)


def digest(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name in ("seeds", "large"):
            db = tmp / f"{name}.sqlite"
            shutil.copy(folder / f"{name}.sqlite", db)
            for fmt in FORMATS:
                out = tmp / f"{name}.{fmt}"
                _curator("--db", str(db), "export", "--format", fmt, "--out", str(out))
                print(f"{name:6} {fmt:10} {_sha(out)}  {out.stat().st_size:>10} bytes")
            again = tmp / f"{name}-again.sqlite"
            _curator("--db", str(again), "import-json", str(tmp / f"{name}.native"))
            out = tmp / f"{name}.again.native"
            _curator("--db", str(again), "export", "--format", "native", "--out", str(out))
            print(f"{name:6} {'re-import':10} {_sha(out)}  {out.stat().st_size:>10} bytes")


if __name__ == "__main__":
    what, where = sys.argv[1], Path(sys.argv[2])
    build(where) if what == "build" else digest(where)
