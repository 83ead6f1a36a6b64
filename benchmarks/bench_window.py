"""Benchmark the real main window on the generated 20,000-annotation document.

    python benchmarks/bench_window.py [--runs N]

Builds the corpus of ``benchmarks/gen.py`` (2 MB, 30,000 lines, 20,000 annotations) in
a temporary store plus one small document, which the window shows first (as a user
who then opens the large one). Every measurement runs in fresh child processes
(offscreen Qt, window 1280x800, ``gc.freeze()`` after the window is shown, as the app
does), alternating bare and ours; medians of ``--runs`` (5). No asserts: figures.

(a) bare: a QPlainTextEdit of the document view's size: ``setPlainText`` → events
    processed until its first paint (the floor)
(b) ours: ``MainWindow.show_document`` (store reads of text and lean spans, the view,
    the lazy annotation panel) → events processed until both the document view and
    the annotation table have painted; ratio b/a, target ≤ 1.5
(c) add one annotation through the action: ``view.select_cp`` then the Date action
    (store commit, view span, panel row insert and selection) → events processed until
    both repainted; median of 30, target < 16 ms
(d) scroll one page per frame in the document view, and in the annotation table
    (which fetches rows as they come into view)
(e) RSS growth from before the load to after the first paint, ours and bare
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

WIDTH, HEIGHT = 1280, 800
ADDS = 30
FRAMES = 60
SMALL_TEXT = "A short note from 1958 about 5,000 tons of steel.\n"


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


class PaintWatch:
    """Counts paint events of some widgets (an event filter: no subclassing)."""

    def __init__(self, *widgets) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        counts = self.counts = {id(w): 0 for w in widgets}

        class Filter(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
                if event.type() == paint and id(watched) in counts:
                    counts[id(watched)] += 1
                return False

        self.filter = Filter()
        self.widgets = widgets
        for w in widgets:
            w.installEventFilter(self.filter)

    def reset(self) -> None:
        for k in self.counts:
            self.counts[k] = 0

    def wait_all(self, app, timeout_s: float = 30.0) -> None:
        """Process events until every watched widget has painted since :meth:`reset`."""
        deadline = time.perf_counter() + timeout_s
        while not all(self.counts.values()):
            app.processEvents()
            if time.perf_counter() > deadline:
                raise SystemExit(f"no paint within {timeout_s} s: {self.counts}")


def child(mode: str, db: str, doc_id: int, small_id: int, settings_path: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import gc

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from curator.store import open_store

    app = QApplication([])
    store = open_store(db)
    out: dict = {}
    if mode == "bare":
        from curator.services.corpus import load_document

        text = load_document(store, doc_id).text
        size = tuple(json.loads(os.environ["BENCH_VIEW_SIZE"]))
        edit = QPlainTextEdit()
        edit.setReadOnly(True)
        edit.setUndoRedoEnabled(False)
        # the document view's wrap and scroll-bar settings, so the floor is honest
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextOption

        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        if os.environ.get("BENCH_VIEW_FONT"):  # and its font
            from PySide6.QtGui import QFont

            font = QFont()
            font.fromString(os.environ["BENCH_VIEW_FONT"])
            edit.setFont(font)
        edit.resize(*size)
        edit.show()
        app.processEvents()
        gc.freeze()
        watch = PaintWatch(edit.viewport())
        rss0 = rss_bytes()
        watch.reset()
        t0, c0 = time.perf_counter(), time.thread_time()
        edit.setPlainText(text)
        watch.wait_all(app)
        out["open"] = ms_since(t0)
        out["open_cpu"] = (time.thread_time() - c0) * 1000
        out["rss_delta"] = rss_bytes() - rss0
        bar = edit.verticalScrollBar()
        bar.setValue(bar.maximum() // 3)
        edit.viewport().repaint()
        frames = []
        for _ in range(FRAMES):
            t0 = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            edit.viewport().repaint()
            frames.append(ms_since(t0))
        out["scroll"] = statistics.median(frames)
        store.close()
        return out

    from curator.domain.labels import Label
    from curator.services import annotations as ann_svc
    from curator.services import corpus
    from curator.ui.main_window import MainWindow

    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    settings.setValue("mainWindow/document", small_id)
    window = MainWindow(store, settings=settings, creator="bench")
    window.resize(WIDTH, HEIGHT)
    window.show()
    app.processEvents()
    assert window.current_doc is not None and window.current_doc.id == small_id
    gc.freeze()  # as curator.app does once the window is shown
    out["view_size"] = [window.view.width(), window.view.height()]
    out["view_font"] = window.view.font().toString()

    # the parts of (b), timed by wrapping what show_document calls
    parts: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + ms_since(t)
        return wrapper

    corpus.load_document = timed("load_document", corpus.load_document)
    ann_svc.list_spans = timed("list_spans", ann_svc.list_spans)
    window.view.set_document = timed("view.set_document", window.view.set_document)
    window.panel.set_spans = timed("panel.set_spans", window.panel.set_spans)

    model = window.panel.model
    watch = PaintWatch(window.view.viewport(), window.panel.table.viewport())
    rss0 = rss_bytes()
    watch.reset()
    t0, c0 = time.perf_counter(), time.thread_time()
    window.show_document(doc_id)
    parts["show_document"] = ms_since(t0)
    watch.wait_all(app)
    out["open"] = ms_since(t0)
    out["open_cpu"] = (time.thread_time() - c0) * 1000
    out["rss_delta"] = rss_bytes() - rss0
    out["parts"] = parts
    out["rows"] = model.rowCount()
    out["spans"] = window.view.span_count()
    out["fetched_at_open"] = model.fetched_rows

    # (c) add one annotation through the action
    view = window.view
    base = view.text_map.to_cp(view.firstVisibleBlock().position())
    action = window.actions_.tag[Label.DATE]
    adds = []
    for i in range(ADDS):
        start = base + 3 + (i * 17) % 500
        view.select_cp(start, start + 4)
        app.processEvents()
        watch.reset()
        t0 = time.perf_counter()
        action.trigger()
        watch.wait_all(app)
        adds.append(ms_since(t0))
    out["add"] = statistics.median(adds)
    out["add_max"] = max(adds)
    out["rows_after_adds"] = model.rowCount()

    # (d) scrolling: the document view, then the annotation table
    for target in (view, window.panel.table):
        bar = target.verticalScrollBar()
        bar.setValue(bar.maximum() // 3)
        target.viewport().repaint()
        frames = []
        for _ in range(FRAMES):
            t0 = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            target.viewport().repaint()
            frames.append(ms_since(t0))
        out["scroll" if target is view else "table_scroll"] = statistics.median(frames)
        out["scroll_max" if target is view else "table_scroll_max"] = max(frames)
    out["fetched_total"] = model.fetched_rows
    window.close()
    store.close()
    return out


def run_child(mode: str, db: str, doc_id: int, small_id: int, settings_path: str, view_size,
              view_font: str = "") -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_VIEW_SIZE": json.dumps(view_size),
           "BENCH_VIEW_FONT": view_font}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, db, str(doc_id), str(small_id), settings_path],
        capture_output=True, text=True, env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="main window benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, db, doc, small, settings_path = args.child
        print(json.dumps(child(mode, db, int(doc), int(small), settings_path)))
        return 0

    from benchmarks.gen import build_store
    from curator.exchange.textfile import decode_bytes
    from curator.services.corpus import import_decoded

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        store, doc_id, text = build_store(db)
        small = import_decoded(store, "small.txt", decode_bytes(SMALL_TEXT.encode()))
        small_id = small.document_id
        store.close()
        print(
            f"document: {len(text):,} code points, {text.count(chr(10)) + 1:,} lines, 20,000 annotations; "
            f"{args.runs} runs; window {WIDTH}x{HEIGHT}; gc.freeze() after start-up in both"
        )
        results: dict[str, list[dict]] = {"bare": [], "ours": []}
        view_size = [560, 700]
        for i in range(args.runs):
            # each run on a fresh copy: (c) adds annotations, and settings keep a layout
            run_db = str(Path(tmp) / f"run{i}.sqlite")
            shutil.copyfile(db, run_db)
            settings_path = str(Path(tmp) / f"settings{i}.ini")
            ours = run_child("ours", run_db, doc_id, small_id, settings_path, view_size)
            view_size = ours["view_size"]  # the bare edit gets the view's size and font
            results["ours"].append(ours)
            results["bare"].append(run_child("bare", run_db, doc_id, small_id, settings_path, view_size,
                                             ours["view_font"]))

    def med(mode: str, key: str, sub: str | None = None) -> float:
        return statistics.median(r[key] if sub is None else r[key][sub] for r in results[mode])

    mb = 1024 * 1024
    a, b = med("bare", "open"), med("ours", "open")
    rows = [
        (f"(a) bare QPlainTextEdit {view_size[0]}x{view_size[1]}: setPlainText → first paint", f"{a:.1f} ms", "floor"),
        ("(b) MainWindow.show_document → view and panel painted", f"{b:.1f} ms", ""),
        ("    ratio b/a", f"{b / a:.2f}", "≤ 1.5"),
        ("    CPU time of this thread: a, b, ratio (steadier on a shared machine)",
         f"{med('bare', 'open_cpu'):.0f}, {med('ours', 'open_cpu'):.0f}, "
         f"{med('ours', 'open_cpu') / med('bare', 'open_cpu'):.2f}", "≤ 1.5"),
    ]
    for part in ("load_document", "list_spans", "view.set_document", "panel.set_spans", "show_document"):
        rows.append((f"    of which {part}", f"{med('ours', 'parts', part):.1f} ms", ""))
    rows += [
        ("    full rows fetched by the panel at open", f"{med('ours', 'fetched_at_open'):.0f}", f"of {med('ours', 'rows'):.0f}"),
        ("(c) add one annotation (Date action → repainted), median of 30", f"{med('ours', 'add'):.1f} ms", "< 16 ms"),
        ("    slowest of the 30 (median over runs)", f"{med('ours', 'add_max'):.1f} ms", ""),
        ("(d) scroll one page per frame: document view", f"{med('ours', 'scroll'):.1f} ms", ""),
        ("    bare QPlainTextEdit", f"{med('bare', 'scroll'):.1f} ms", "floor"),
        ("    annotation table (fetching rows as they appear)", f"{med('ours', 'table_scroll'):.1f} ms", ""),
        ("    slowest table frame (median over runs)", f"{med('ours', 'table_scroll_max'):.1f} ms", ""),
        ("(e) RSS growth at open: ours", f"{med('ours', 'rss_delta') / mb:.1f} MB", ""),
        ("    bare", f"{med('bare', 'rss_delta') / mb:.1f} MB", ""),
    ]
    w0 = max(len(r[0]) for r in rows)
    print(f"{'measure (medians)':<{w0}}  {'value':>14}  target")
    for name, value, target in rows:
        print(f"{name:<{w0}}  {value:>14}  {target}")
    print("open (b) per run:", ", ".join(f"{r['open']:.0f}" for r in results["ours"]),
          "| bare (a):", ", ".join(f"{r['open']:.0f}" for r in results["bare"]))
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
