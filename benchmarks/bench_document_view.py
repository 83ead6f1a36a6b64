"""Benchmark the document view against a bare QPlainTextEdit (offscreen Qt).

    python benchmarks/bench_document_view.py [--quick] [--runs N] [--gc-freeze]

Builds the corpus of ``benchmarks/gen.py`` (2 MB, 30,000 lines, 20,000 annotations) in
a temporary SQLite store, then runs every measurement in fresh child processes,
alternating bare and ours, and prints medians with their targets. No asserts: this
reports figures; trust the ratios more than the milliseconds on a shared machine.

(a) bare: ``setPlainText`` → first paint of a plain QPlainTextEdit (the floor)
(b) ours, as the window opens a document: store read of the text (``load_document``) +
    ``DocumentView.open_document``, which reads the spans of the first screen only
    (``list_spans(before=...)``) + first paint; then, reported apart, the rest: every
    span read and indexed (what the window does next, for the annotation panel)
(c) one new annotation: ``create_annotation`` commit + ``add_span`` + repaint
(d) scrolling one page: scroll bar ``setValue`` + repaint, per frame
(e) memory of the 20,000 spans: Python memory kept by the widget's index
    (tracemalloc) and the RSS growth of ours minus that of bare
(f) one accepted correction near the middle: ``apply_edits`` + repaint (the view part),
    and end to end as the window does it: store accept + the reads of the edits and
    flagged annotations + ``apply_edits`` + repaint
(g) a 1.5 MB document on one line (no line break): open → first paint, and scrolling
    one page per frame (bare: Qt lays the single block out whole)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # so "benchmarks.gen" imports from a checkout

WIDTH, HEIGHT = 900, 700
ADDS = 50
FRAMES = 60
EDITS = 30  # accepted corrections per child
LONG_LINE = 1_500_000  # code points of the one-line document


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Clock:
    """Wall time and this thread's CPU time, in ms. CPU time barely moves when other
    processes share the cores, so its ratios are the steadier figures here."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.thread_time()

    def lap(self) -> tuple[float, float]:
        return (
            (time.perf_counter() - self.wall) * 1000,
            (time.thread_time() - self.cpu) * 1000,
        )


def medians(pairs: list[tuple[float, float]]) -> list[float]:
    return [statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)]


def child(mode: str, db: str, doc_id: int, freeze: bool = False) -> dict:
    """One fresh process: open the document the ``mode`` way and measure.

    Every timing is a ``[wall_ms, cpu_ms]`` pair."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from curator.services.annotations import create_annotation, list_spans
    from curator.services.corpus import load_document
    from curator.store import open_store
    from curator.ui.views.document_view import DocumentView, Span

    app = QApplication([])
    store = open_store(db)
    # the bare view gets the text from memory; ours reads it from the store in (b)
    text = load_document(store, doc_id).text if mode == "bare" else ""
    view = QPlainTextEdit() if mode == "bare" else DocumentView()
    if mode == "bare":  # the settings DocumentView gives itself, so the floor is honest
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextOption

        view.setReadOnly(True)
        view.setUndoRedoEnabled(False)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    view.resize(WIDTH, HEIGHT)
    view.show()
    app.processEvents()
    if freeze:  # what an app does after start-up: a full collection no longer walks
        import gc  # the ~100,000 long-lived objects of Qt, SQLAlchemy and the window

        gc.freeze()
    out: dict = {}

    rss0 = rss_bytes()
    clock = Clock()
    if mode == "bare":
        view.setPlainText(text)
    else:
        text = load_document(store, doc_id).text
        out["read"] = clock.lap()
        view.open_document(text, lambda before: list_spans(store, doc_id, before=before))
    app.processEvents()
    view.viewport().repaint()  # synchronous: the first frame is on screen after this
    out["open"] = clock.lap()
    if mode == "ours":
        rest = Clock()
        out["first_spans"] = len(view._idx.spans)
        view.span_count()  # every span read and indexed (the queued read, or now)
        out["rest"] = rest.lap()
    out["rss_delta"] = rss_bytes() - rss0

    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    view.viewport().repaint()
    frames = []
    for _ in range(FRAMES):
        clock = Clock()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        frames.append(clock.lap())
    out["scroll"] = medians(frames)

    if mode == "ours":
        base = view.display_map.to_cp(view.firstVisibleBlock().position())
        adds, commits, widget = [], [], []
        for i in range(ADDS):
            start = base + (i * 13) % 600
            clock = Clock()
            row = create_annotation(store, doc_id, "date", start, start + 4, creator="bench")
            commit = clock.lap()
            view.add_span(Span(row.id, row.start, row.end, row.label.value))
            view.viewport().repaint()
            total = clock.lap()
            adds.append(total)
            commits.append(commit)
            widget.append((total[0] - commit[0], total[1] - commit[1]))
        out["add"], out["commit"], out["widget_add"] = medians(adds), medians(commits), medians(widget)

        import tracemalloc

        view.clear_document()
        tracemalloc.start()
        spans = list_spans(store, doc_id)
        view.set_document(text, spans)
        out["list_spans_peak"] = tracemalloc.get_traced_memory()[1]
        del spans
        out["index_kept"] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        out["spans"] = view.span_count()
        out.update(measure_edits(view, store, doc_id))
    out.update(measure_long_line(app, view, mode))
    store.close()
    return out


def measure_edits(view, store, doc_id: int) -> dict:
    """(f): apply one edit near the middle of the document, EDITS times; then the
    window's whole accept path, EDITS times."""
    from curator.services import annotations as ann_svc
    from curator.services import corrections as corr
    from curator.services.annotations import list_spans
    from curator.services.corpus import load_document
    from curator.text.edits import Edit, EditMap

    view.set_document(load_document(store, doc_id).text, list_spans(store, doc_id))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    out: dict = {}
    applies = []
    for i in range(EDITS):
        text = view.text()
        at = text.index(" ", len(text) // 2 + i * 97) + 1
        edit = (at, at + 3, "fixed")
        emap = EditMap(len(text), [Edit(*edit)])
        update = {}  # what the store would give for the touched spans (outside the clock)
        for sid in view._index.overlapping(at - 1, at + 4):
            _, s, e, label = view._index.spans[sid]
            carried = emap.carry(s, e)
            if carried.touched:
                update[sid] = (carried.start, carried.end, label)
        clock = Clock()
        view.apply_edits([edit], update)
        view.viewport().repaint()
        applies.append(clock.lap())
    out["apply"] = medians(applies)

    view.set_document(load_document(store, doc_id).text, list_spans(store, doc_id))
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    accepts, store_parts = [], []
    for i in range(EDITS):
        text = view.text()
        at = text.index(" ", len(text) // 2 + i * 97) + 1
        proposal = corr.propose_correction(store, doc_id, at, at + 3, "fixed", reason="bench", author="bench")
        clock = Clock()
        result = corr.accept_corrections(store, [proposal.id], by="bench")
        store_parts.append(clock.lap())
        rows = [corr.get_correction(store, cid) for cid in result.correction_ids]
        flagged = ann_svc.get_annotations(store, result.flagged)
        view.apply_edits([(r.start, r.end, r.replacement) for r in rows],
                         {a.id: (a.start, a.end, a.label.value) for a in flagged})
        view.viewport().repaint()
        accepts.append(clock.lap())
    out["accept"], out["accept_store"] = medians(accepts), medians(store_parts)
    return out


def measure_long_line(app, view, mode: str) -> dict:
    """(g): a LONG_LINE-code-point document without a line break."""
    import random

    rnd = random.Random(1958)
    words = ["factory", "steel", "공장", "생산", "1958년", "😀", "production", "tons"]
    text = " ".join(rnd.choice(words) for _ in range(LONG_LINE // 5))[:LONG_LINE]
    out: dict = {}
    clock = Clock()
    if mode == "bare":
        view.setPlainText(text)
    else:
        view.set_document(text, [])
    app.processEvents()
    view.viewport().repaint()
    out["long_open"] = clock.lap()
    bar = view.verticalScrollBar()
    out["long_scroll_max"] = bar.maximum()
    bar.setValue(bar.maximum() // 3)
    view.viewport().repaint()
    frames = []
    for _ in range(FRAMES // 3):
        clock = Clock()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        frames.append(clock.lap())
    out["long_scroll"] = medians(frames)
    return out


def run_child(mode: str, db: str, doc_id: int, freeze: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, db, str(doc_id)] + (["--gc-freeze"] if freeze else []),
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="document view benchmark")
    parser.add_argument("--quick", action="store_true", help="2 runs instead of 5")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--gc-freeze", action="store_true", help="call gc.freeze() after start-up in both"
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DB", "DOC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, db, doc = args.child
        print(json.dumps(child(mode, db, int(doc), args.gc_freeze)))
        return 0

    from benchmarks.gen import build_store

    runs = args.runs or (2 if args.quick else 5)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        store, doc_id, text = build_store(db)
        store.close()
        print(
            f"document: {len(text):,} code points, {len(text.encode()):,} UTF-8 bytes, "
            f"{text.count(chr(10)) + 1:,} lines; 20,000 annotations; {runs} runs; "
            f"viewport {WIDTH}x{HEIGHT}" + ("; gc.freeze() after start-up" if args.gc_freeze else "")
        )
        results: dict[str, list[dict]] = {"bare": [], "ours": []}
        for i in range(runs):
            # each run on a fresh copy: (c) adds annotations and (f) accepts corrections,
            # and a second run adding the same annotation would be refused as a duplicate
            run_db = str(Path(tmp) / f"run{i}.sqlite")
            shutil.copyfile(db, run_db)
            for mode in ("bare", "ours"):
                results[mode].append(run_child(mode, run_db, doc_id, args.gc_freeze))

    def med(mode: str, key: str, part: int | None = None) -> float:
        values = [r[key] if part is None else r[key][part] for r in results[mode]]
        return statistics.median(values)

    def ms(mode: str, key: str) -> tuple[str, str]:
        return f"{med(mode, key, 0):.1f} ms", f"{med(mode, key, 1):.1f} ms"

    mb = 1024 * 1024
    ratio = tuple(f"{med('ours', 'open', p) / med('bare', 'open', p):.2f}" for p in (0, 1))
    whole = tuple(
        f"{(med('ours', 'open', p) + med('ours', 'rest', p)) / med('bare', 'open', p):.2f}" for p in (0, 1)
    )
    rows = [
        ("(a) bare setPlainText → first paint", *ms("bare", "open"), "floor"),
        ("(b) text read + open_document → first paint", *ms("ours", "open"), ""),
        ("    ratio b/a", *ratio, "≤ 1.5"),
        ("    of which the store read of the text", *ms("ours", "read"), ""),
        (f"    spans read for the first screen: {med('ours', 'first_spans'):.0f}", "", "", ""),
        ("    then every span read and indexed", *ms("ours", "rest"), ""),
        ("    ratio (b + every span) / a", *whole, ""),
        ("(c) add one annotation (commit+add_span+repaint)", *ms("ours", "add"), "< 16 ms"),
        ("    of which create_annotation commit", *ms("ours", "commit"), ""),
        ("    of which add_span + repaint", *ms("ours", "widget_add"), ""),
        ("(d) scroll one page, per frame (ours)", *ms("ours", "scroll"), "< 12 ms"),
        ("    scroll one page, per frame (bare)", *ms("bare", "scroll"), "floor"),
        ("(f) apply one accepted edit + repaint (view part)", *ms("ours", "apply"), "a few ms"),
        ("    whole accept: store + reads + apply + repaint", *ms("ours", "accept"), "< 100 ms"),
        ("    of which accept_corrections (store)", *ms("ours", "accept_store"), ""),
        (f"(g) {LONG_LINE / 1e6:.1f} M code points on one line: open → paint (ours)", *ms("ours", "long_open"), ""),
        ("    the same, bare QPlainTextEdit", *ms("bare", "long_open"), "floor"),
        ("    scroll one page, per frame (ours)", *ms("ours", "long_scroll"), "< 12 ms"),
        ("    scroll one page, per frame (bare)", *ms("bare", "long_scroll"), ""),
        ("    scroll bar steps (ours / bare)",
         f"{med('ours', 'long_scroll_max'):,.0f}", f"{med('bare', 'long_scroll_max'):,.0f}", "> 50"),
        ("(e) spans kept by the widget (tracemalloc)", f"{med('ours', 'index_kept') / mb:.1f} MB", "", "< 20 MB"),
        ("    peak while reading + indexing", f"{med('ours', 'list_spans_peak') / mb:.1f} MB", "", ""),
        ("    RSS growth at open: ours − bare",
         f"{(med('ours', 'rss_delta') - med('bare', 'rss_delta')) / mb:.1f} MB", "", "< 20 MB"),
        ("    RSS growth at open: bare", f"{med('bare', 'rss_delta') / mb:.1f} MB", "", ""),
    ]
    w0 = max(len(r[0]) for r in rows)
    print(f"{'measure (medians)':<{w0}}  {'wall':>9}  {'CPU':>9}  target")
    for name, wall, cpu, target in rows:
        print(f"{name:<{w0}}  {wall:>9}  {cpu:>9}  {target}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
