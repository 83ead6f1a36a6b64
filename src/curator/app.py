"""The GUI's composition root: QApplication, settings, store, main window.

``python -m curator.app [--db PATH]`` or ``curator-gui``.

Start-up is kept lean: the store, the services and the window are imported inside
:func:`run`, after the QApplication exists, and feature modules (export, detectors,
EDTF validation) are imported by the code that uses them, so none of them is paid
for before the window shows. ``python -X importtime -c "import curator.app"`` shows
what is left.

``CURATOR_STARTUP_PROBE`` (for ``benchmarks/bench_startup.py``): when set, the app
prints ``startup_ms=<ms>`` once the window is shown and the event loop is idle, then
quits. Its value is the launcher's ``time.time()`` at spawn (so interpreter start-up
counts); any other value measures from the process start time in ``/proc``.

``--smoke-quit-after-start`` (for ``tests/packaging``): once the window is shown and the
event loop idle, print ``window shown: <title>`` and quit with 0, so a build can be
checked to really start on a new machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from curator import __version__
from curator.settings import APP_AUTHOR, APP_NAME, default_db_path
from curator.settings import upgrade as upgrade_settings

EXIT_STORE_REFUSED = 2
PROBE_ENV = "CURATOR_STARTUP_PROBE"
HANGUL_WARNING = (
    "No installed font covers Korean (Hangul): Korean text will show as boxes. "
    "Install a CJK font, e.g. fonts-noto-cjk."
)


def hangul_font_missing() -> bool:
    """True when no installed font family supports the Korean writing system."""
    return not QFontDatabase.families(QFontDatabase.WritingSystem.Korean)


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    from curator.ui.app_icon import APP_ID, app_icon

    app.setDesktopFileName(APP_ID)  # Wayland and task bars match the window to its entry
    app.setWindowIcon(app_icon())
    return app


def _process_start_epoch() -> float:
    """When this process started (``time.time()`` scale), from ``/proc`` (Linux)."""
    with open("/proc/self/stat") as f:
        # field 22, after the command name (which may hold spaces) in parentheses
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    boot = time.time() - uptime
    return boot + start_ticks / os.sysconf("SC_CLK_TCK")


def _probe_start(app: QApplication) -> None:
    """Report the time to an interactive window (the first idle turn of the event
    loop after ``show``) and quit: see the module docstring."""
    try:
        t0 = float(os.environ.get(PROBE_ENV, ""))
    except ValueError:
        t0 = 0.0
    if t0 < 1e9:  # not an epoch time (e.g. "1"): from the process start
        t0 = _process_start_epoch()

    def report() -> None:
        print(f"startup_ms={(time.time() - t0) * 1000:.1f}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)


def _quit_after_start(app: QApplication, window) -> None:
    def report() -> None:
        shown = "window shown" if window.isVisible() else "window NOT shown"
        print(f"{shown}: {window.windowTitle()}", flush=True)
        app.exit(0 if window.isVisible() else 1)

    QTimer.singleShot(0, report)


def run(db: str | None = None, *, quit_after_start: bool = False) -> int:
    """Open the store (``db`` or the default one), seed it on first launch, show the
    window and run the event loop. Returns the process exit code."""
    app = _application()
    from PySide6.QtCore import QSettings

    from curator.ui.preferences import install_language
    from curator.ui.qsettings import typed_settings

    qsettings = QSettings()
    upgrade_settings(qsettings)  # once, before anything reads them
    settings = typed_settings(qsettings)
    install_language(app, settings)  # Qt's own texts in the chosen language
    from curator.domain.errors import CuratorError
    from curator.store import open_store
    from curator.store.engine import display_name

    target: str | Path = db if db else default_db_path()
    try:
        store = open_store(target)
    except CuratorError as exc:  # from a newer Curator, or not a database at all
        QMessageBox.critical(None, "Curator cannot open this store", f"{display_name(target)}:\n{exc}")
        return EXIT_STORE_REFUSED
    from curator.services.corpus import ensure_seeded
    from curator.ui.main_window import MainWindow  # after QApplication exists

    try:
        ensure_seeded(store)
        window = MainWindow(store, settings=settings)
        if hangul_font_missing():
            window.warn(HANGUL_WARNING)
        window.show()
        # Everything built so far (Qt wrappers, SQLAlchemy's mappers and compiled
        # statements, the window's widgets: ~100,000 objects) lives until exit. Moving
        # it to the permanent generation means the cyclic collector stops walking it:
        # measured, a ~45 ms full collection no longer lands in the middle of reading
        # a 20,000-annotation document. Objects created later are collected as usual.
        gc.freeze()
        if os.environ.get(PROBE_ENV):
            _probe_start(app)
        if quit_after_start:
            _quit_after_start(app, window)
        return app.exec()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="curator-gui", description="Annotate claims, dates and figures.")
    parser.add_argument("--db", help="the store: a SQLite file or a database URL (default: %(default)s)",
                        default=None)
    parser.add_argument("--smoke-quit-after-start", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(args.db, quit_after_start=args.smoke_quit_after_start)


if __name__ == "__main__":
    raise SystemExit(main())
