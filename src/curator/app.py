"""The GUI's composition root: QApplication, settings, store, main window.

``python -m curator.app [--db PATH]`` or ``curator-gui``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from curator import __version__
from curator.services.corpus import ensure_seeded
from curator.settings import APP_AUTHOR, APP_NAME, default_db_path
from curator.store import StoreVersionError, open_store

EXIT_STORE_REFUSED = 2
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
    return app


def run(db: str | None = None) -> int:
    """Open the store (``db`` or the default one), seed it on first launch, show the
    window and run the event loop. Returns the process exit code."""
    app = _application()
    target: str | Path = db if db else default_db_path()
    try:
        store = open_store(target)
    except StoreVersionError as exc:
        QMessageBox.critical(None, "Curator cannot open this store", f"{target}:\n{exc}")
        return EXIT_STORE_REFUSED
    from curator.ui.main_window import MainWindow  # after QApplication exists

    try:
        ensure_seeded(store)
        window = MainWindow(store)
        if hangul_font_missing():
            window.warn(HANGUL_WARNING)
        window.show()
        return app.exec()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="curator-gui", description="Annotate claims, dates and figures.")
    parser.add_argument("--db", help="the store: a SQLite file or a database URL (default: %(default)s)",
                        default=None)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(args.db)


if __name__ == "__main__":
    raise SystemExit(main())
