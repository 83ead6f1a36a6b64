"""Benchmark the find bar while typing, on the generated 2 MB document.

    python benchmarks/bench_find.py [--runs N]

Builds the corpus of ``benchmarks/gen.py`` (2 MB, 1.68 M characters, 30,000 lines, 40 %
Korean, 20,000 annotations) in a temporary store, opens the real main window on it
(offscreen, 1280x800), opens the find bar (Ctrl+F) and types queries one key at a time.
A keystroke is timed from the key press to the end of a forced synchronous repaint of
the document view (search, found layer, selection, scrolling and painting included).
Medians over ``--runs`` (5) repetitions; no asserts: figures.

Queries: "e" (the commonest letter: ~100,000 matches, capped at 10,000), "production"
typed letter by letter, "공장" (Korean, inserted as an input method commits it), a
query without matches, F3 over matches, and Shift+F3 from the first match (which wraps to
the last and so reads every match of "e").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # so "benchmarks.gen" imports from a checkout


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.gen import build_store
    from curator.text.search import Search
    from curator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench_find_"))
    store, doc_id, text = build_store(tmp / "bench.sqlite")
    window = MainWindow(store, settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), creator="bench")
    window.resize(1280, 800)
    window.show()
    window.show_document(doc_id)
    app.processEvents()
    view, finder = window.view, window.finder
    finder.open()
    edit = finder.bar.edit
    print(f"text: {len(text):,} characters, {len(text.encode()):,} bytes; "
          f"{view.span_count():,} annotations; runs: {args.runs}")

    def timed(action) -> float:
        t0 = time.perf_counter()
        action()
        view.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - t0

    def reset() -> None:
        edit.clear()
        view.select_cp(0, 0)
        finder._anchor = 0
        app.processEvents()

    def type_query(query: str, *, insert: bool = False) -> list[float]:
        reset()
        out = []
        for ch in query:
            if insert:
                out.append(timed(lambda c=ch: edit.insert(c)))
            else:
                out.append(timed(lambda c=ch: QTest.keyClick(edit, c)))
        return out

    rows: list[tuple[str, list[float]]] = []

    def record(name: str, per_run) -> None:
        samples = [per_run() for _ in range(args.runs)]
        rows.append((name, [s for run in samples for s in (run if isinstance(run, list) else [run])]))

    record('type "e" (first key, capped)', lambda: type_query("e"))
    record('type "production", every key', lambda: type_query("production"))
    record('type "production", first key "p"', lambda: type_query("production")[0])
    record('type "공장", every key', lambda: type_query("공장", insert=True))
    record('type "zzqx" (no match), every key', lambda: type_query("zzqx"))

    def f3_run() -> list[float]:
        type_query("production")
        return [timed(lambda: QTest.keyClick(edit, Qt.Key.Key_F3)) for _ in range(20)]

    record("F3 next match", f3_run)

    def wrap_back() -> float:
        type_query("e")
        return timed(lambda: QTest.keyClick(edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier))

    record('Shift+F3 wrap to the last "e" (reads all)', wrap_back)

    for query in ("e", "production", "공장", "zzqx"):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            s = Search(text, query)
            times.append(time.perf_counter() - t0)
        rows.append((f'Search("{query}") alone: {len(s.spans):,}{"" if s.complete else "+"} matches', times))

    print(f"{'measure':52} median")
    for name, samples in rows:
        print(f"{name:52} {median_ms(samples)}  (max {max(samples) * 1000:.1f} ms, n={len(samples)})")
    window.close()
    store.close()


if __name__ == "__main__":
    main()
