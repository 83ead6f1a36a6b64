"""File ▸ New store…, Open store…, Recent stores, Back up store…, and the store's name
in the title bar.

Switching store opens the other store first and, only if that worked, replaces the
window: a new :class:`MainWindow` over the new store is shown and the old one is closed
(its layout saved) and its store closed. The old window is never left half-switched,
and a store that cannot be opened changes nothing.

A PostgreSQL URL's password is never written to the settings: the recent list keeps
the URL without it, the password is asked for in a dialog and kept in the system
keyring when the ``keyring`` package has a usable backend (asked each time otherwise).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.domain.errors import CuratorError
from curator.store import open_store
from curator.store.backup import backup_store, list_backups
from curator.store import engine
from curator.store.engine import Store
from curator.settings import RECENT_STORES, Settings

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

RECENT_MAX = 8
KEYRING_SERVICE = "Curator"
APP_TITLE = "Curator"
_windows: list[QWidget] = []  # windows opened by a switch (kept alive here)


# --------------------------------------------------------------------------- names
def is_url(target: str | Path) -> bool:
    return engine.is_url(str(target))


masked = engine.display_name  # a path, or a URL with its password as ***
without_password = engine.without_password
store_location = engine.location


def store_name(store: Store) -> str:
    """The short name in the title bar: the file's name, or the masked URL."""
    return store.path.name if store.path is not None else store_location(store)


def window_title(store: Store, document_title: str | None = None) -> str:
    parts = [document_title] if document_title else []
    return " — ".join([*parts, store_name(store), APP_TITLE])


# --------------------------------------------------------------------------- passwords
def _keyring():
    """The keyring module if it has a usable backend, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend configuration means "no keyring"
        return None
    return None if isinstance(backend, fail.Keyring) else keyring


def ask_password(parent: QWidget | None, url: str) -> str | None:
    """The password dialog (replaced in tests)."""
    text, ok = QInputDialog.getText(parent, "Password", f"Password for {masked(url)}:", QLineEdit.EchoMode.Password)
    return text if ok else None


def with_password(parent: QWidget | None, target: str) -> tuple[str, str | None] | None:
    """``(url to open, password to remember)``: a URL with no password gets the one in
    the keyring, or the one the user types. None if the user cancelled."""
    if not is_url(target) or not engine.needs_password(target):
        return target, None
    ring = _keyring()
    key = without_password(target)
    saved = ring.get_password(KEYRING_SERVICE, key) if ring else None
    if saved is not None:
        return engine.with_password(target, saved), None
    typed = ask_password(parent, target)
    if typed is None:
        return None
    return engine.with_password(target, typed), typed


def remember_password(target: str, password: str) -> bool:
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, without_password(target), password)
    except Exception:  # noqa: BLE001 - a locked or refusing keyring: ask next time
        return False
    return True


# --------------------------------------------------------------------------- recent
def recent_stores(settings: Settings) -> list[str]:
    return settings.get(RECENT_STORES)


def add_recent(settings: Settings, target: str) -> None:
    entry = without_password(target) if is_url(target) else str(Path(target).expanduser().resolve())
    items = [entry, *(r for r in recent_stores(settings) if r != entry)][:RECENT_MAX]
    settings.set(RECENT_STORES, items)


# --------------------------------------------------------------------------- dialogs
class OpenStoreDialog(QDialog):
    """A SQLite file (typed or browsed) or a database URL."""

    def __init__(self, parent: QWidget | None, *, new: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("newStoreDialog" if new else "openStoreDialog")
        self.setWindowTitle("New store" if new else "Open store")
        self.new = new
        self.target = QLineEdit()
        self.target.setObjectName("storeTarget")
        self.target.setMinimumWidth(460)
        self.target.setPlaceholderText("a file, e.g. ~/research/korea.db, or postgresql+psycopg://user@host/db")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        hint = QLabel(
            "A new file becomes an empty store. A team store is a PostgreSQL URL; its password is "
            "asked for and kept in the system keyring when there is one, never in the settings."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("&Store:", buddy=self.target))
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        if self.new:
            name, _ = QFileDialog.getSaveFileName(self, "New store", str(Path.home() / "curator.db"),
                                                  "Curator stores (*.db)")
        else:
            name, _ = QFileDialog.getOpenFileName(self, "Open store", str(Path.home()),
                                                  "Curator stores (*.db);;All files (*)")
        if name:
            self.target.setText(name)

    def value(self) -> str:
        return self.target.text().strip()


class BackupDialog(QDialog):
    """Where the store lives, the automatic pre-upgrade backups beside it, Back up now…"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("backupDialog")
        self.setWindowTitle("Back up store")
        self.window_ = window
        self.where = QLabel(f"The store: {store_location(window.store)}")
        self.where.setWordWrap(True)
        self.backups = QListWidget()
        self.backups.setObjectName("automaticBackups")
        self.now_button = QPushButton("&Back up now…")
        self.now_button.setEnabled(window.store.path is not None)
        self.now_button.clicked.connect(self.back_up_now)
        self.result = QLabel("")
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        restore = QLabel(
            "To restore a backup: quit Curator (or open another store), copy the backup over the "
            "store file, or open the backup itself with File ▸ Open store…. A backup is a complete store."
        )
        restore.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(QLabel("Copies made automatically before an upgrade of the store:"))
        layout.addWidget(self.backups)
        layout.addWidget(restore)
        row = QHBoxLayout()
        row.addWidget(self.now_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.resize(620, 380)
        self.refresh()

    def refresh(self) -> None:
        self.backups.clear()
        found = list_backups(self.window_.store)
        for b in found:
            self.backups.addItem(f"{b.path.name}    (schema {b.revision}, {b.taken:%Y-%m-%d %H:%M} UTC)")
        if not found:
            self.backups.addItem("(none: this store was never upgraded)")

    def back_up_now(self) -> Path | None:
        store = self.window_.store
        assert store.path is not None
        suggested = store.path.with_name(f"{store.path.stem}-{datetime.now():%Y%m%d-%H%M}.db")
        name, _ = QFileDialog.getSaveFileName(self, "Back up store to", str(suggested), "Curator stores (*.db)")
        if not name:
            return None
        try:
            dest = backup_store(store, Path(name))
        except CuratorError as exc:
            self.result.setText(str(exc))
            return None
        self.result.setText(f"Backed up to {dest}")
        return dest


# --------------------------------------------------------------------------- controller
class StoresController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_action = QAction("&New store…", window)
        self.new_action.triggered.connect(lambda: self.choose(new=True))
        self.open_action = QAction("Open &store…", window)
        self.open_action.triggered.connect(lambda: self.choose(new=False))
        self.recent_menu = QMenu("&Recent stores", window)
        self.recent_menu.setObjectName("recentStores")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.backup_action = QAction("&Back up store…", window)
        self.backup_action.triggered.connect(self.show_backup)
        self.dialog: QDialog | None = None

    def menu_items(self) -> list:
        """For the File menu: actions, then the Recent stores menu, then Back up."""
        return [self.new_action, self.open_action, self.recent_menu, self.backup_action]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = store_location(self.window.store)
        for target in recent_stores(self.window.settings):
            action = self.recent_menu.addAction(masked(target))
            action.setEnabled(masked(target) != current)
            action.triggered.connect(lambda _c=False, t=target: self.switch_to(t))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def choose(self, *, new: bool) -> OpenStoreDialog:
        dialog = OpenStoreDialog(self.window, new=new)
        dialog.accepted.connect(lambda: dialog.value() and self.switch_to(dialog.value(), new=new))
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_backup(self) -> BackupDialog:
        dialog = BackupDialog(self.window)
        self.dialog = dialog
        dialog.open()
        return dialog

    def switch_to(self, target: str, *, new: bool = False) -> MainWindow | None:
        """Open ``target`` and replace this window by one over it; None (and a message)
        if it cannot be opened, the window then unchanged."""
        from curator.ui.main_window import MainWindow

        old = self.window
        if not is_url(target) and new and Path(target).expanduser().exists():
            old.report_error(f"{target} exists already: open it with Open store…")
            return None
        resolved = with_password(old, target)
        if resolved is None:
            return None
        url, typed = resolved
        try:
            store = open_store(url)
        except CuratorError as exc:
            old.report_error(f"Cannot open {masked(target)}: {exc}")
            return None
        if typed is not None:
            remember_password(target, typed)
        if old.store.path is not None:
            add_recent(old.settings, str(old.store.path))
        add_recent(old.settings, target)
        fresh = MainWindow(store, settings=old.settings, creator=old.creator)
        _windows.append(fresh)
        fresh.destroyed.connect(lambda *_: _windows.remove(fresh) if fresh in _windows else None)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(store.close)
        fresh.setGeometry(old.geometry())
        fresh.show()
        old.close()
        if old in _windows:
            _windows.remove(old)
        old.store.close()
        fresh.statusBar().showMessage(f"Opened {store_location(store)}", 8000)
        return fresh
