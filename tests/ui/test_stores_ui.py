"""File ▸ New store…, Open store…, Recent stores, Back up store…, and the title bar."""

from __future__ import annotations

import sqlite3
import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from curator.services.corpus import list_documents
from curator.store import open_store
from curator.ui import stores


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def open_by_dialog(qtbot, window, target: str, *, new: bool):
    dialog = window.stores.choose(new=new)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.target, target)
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    return dialog


def current_window(old):
    others = [w for w in stores._windows if w is not old and w.isVisible()]
    return others[-1] if others else None


def test_title_bar_names_the_store(window, store):
    assert window.windowTitle().endswith(f" — {store.path.name} — Curator")


def test_new_store_by_dialog_replaces_the_window_and_is_recent(qtbot, window, store, tmp_path):
    target = tmp_path / "second.db"
    open_by_dialog(qtbot, window, str(target), new=True)
    fresh = current_window(window)
    assert fresh is not None and not window.isVisible()
    qtbot.addWidget(fresh)
    assert fresh.store.path == target and target.exists()
    assert list_documents(fresh.store) == []  # a new store is empty
    assert fresh.windowTitle() == "second.db — Curator"
    recent = stores.recent_stores(fresh.settings)
    assert recent[:2] == [str(target), str(store.path)]
    # and back through Recent stores
    fresh.stores._fill_recent()
    entries = {a.text(): a for a in fresh.stores.recent_menu.actions()}
    assert not entries[str(target)].isEnabled()  # the open one
    entries[str(store.path)].trigger()
    back = current_window(fresh)
    qtbot.addWidget(back)
    assert back.store.path == store.path
    assert back.doc_model.rowCount() == len(list_documents(store)) > 0


def test_new_store_refuses_an_existing_file(qtbot, window, store):
    open_by_dialog(qtbot, window, str(store.path), new=True)
    assert current_window(window) is None and window.isVisible()
    assert "exists already" in window.statusBar().currentMessage()


def test_a_file_that_is_not_a_store_leaves_the_window_as_it_was(qtbot, window, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    open_by_dialog(qtbot, window, str(bad), new=False)
    assert current_window(window) is None and window.isVisible()
    assert "Cannot open" in window.statusBar().currentMessage()


def test_url_password_is_masked_and_never_in_the_settings(window, monkeypatch, tmp_path):
    url = "postgresql+psycopg://kim:s3cret@db.example.org/corpus"
    assert stores.masked(url) == "postgresql+psycopg://kim:***@db.example.org/corpus"
    stores.add_recent(window.settings, url)
    window.settings.sync()
    assert "s3cret" not in (tmp_path / "settings.ini").read_text()
    assert stores.recent_stores(window.settings)[0] == "postgresql+psycopg://kim@db.example.org/corpus"


class FakeKeyring(types.ModuleType):
    def __init__(self):
        super().__init__("keyring")
        self.saved: dict[tuple[str, str], str] = {}
        self.backends = types.ModuleType("keyring.backends")
        self.backends.fail = types.SimpleNamespace(Keyring=type("Fail", (), {}))

    def get_keyring(self):
        return object()

    def get_password(self, service, key):
        return self.saved.get((service, key))

    def set_password(self, service, key, password):
        self.saved[(service, key)] = password


@pytest.fixture
def fake_keyring(monkeypatch):
    ring = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", ring)
    monkeypatch.setitem(sys.modules, "keyring.backends", ring.backends)
    monkeypatch.setitem(sys.modules, "keyring.backends.fail", ring.backends.fail)
    return ring


def test_password_is_asked_once_then_taken_from_the_keyring(window, fake_keyring, monkeypatch):
    asked = []
    monkeypatch.setattr(stores, "ask_password", lambda parent, url: asked.append(url) or "pw1")
    opened = []
    monkeypatch.setattr(stores, "open_store", lambda url: opened.append(url) or (_ for _ in ()).throw(
        stores.CuratorError("no server here")))
    url = "postgresql+psycopg://kim@db.example.org/corpus"
    assert window.stores.switch_to(url) is None  # the server refused: nothing remembered
    assert opened == ["postgresql+psycopg://kim:pw1@db.example.org/corpus"]
    assert fake_keyring.saved == {}
    resolved = stores.with_password(window, url)
    assert resolved == ("postgresql+psycopg://kim:pw1@db.example.org/corpus", "pw1")
    assert stores.remember_password(url, "pw1")
    assert fake_keyring.saved == {("Curator", url): "pw1"}
    asked.clear()
    assert stores.with_password(window, url) == ("postgresql+psycopg://kim:pw1@db.example.org/corpus", None)
    assert asked == []


def test_without_a_keyring_the_password_is_asked_each_time(window, monkeypatch):
    monkeypatch.setattr(stores, "_keyring", lambda: None)
    asked = []
    monkeypatch.setattr(stores, "ask_password", lambda parent, url: asked.append(url) or "pw")
    url = "postgresql+psycopg://kim@db.example.org/corpus"
    stores.with_password(window, url)
    stores.with_password(window, url)
    assert len(asked) == 2
    assert not stores.remember_password(url, "pw")
    monkeypatch.setattr(stores, "ask_password", lambda parent, url: None)
    assert stores.with_password(window, url) is None  # cancelled


def test_back_up_dialog_lists_automatic_backups_and_backs_up_now(qtbot, window, store, monkeypatch, tmp_path):
    auto = store.path.with_name(f"{store.path.name}.bak-0006-20261101T101500Z")
    auto.write_bytes(b"x")
    dialog = window.stores.show_backup()
    qtbot.waitExposed(dialog)
    items = [dialog.backups.item(i).text() for i in range(dialog.backups.count())]
    assert len(items) == 1 and auto.name in items[0] and "schema 0006" in items[0]
    dest = tmp_path / "copies" / "mine.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), "")))
    dialog.now_button.setFocus()
    qtbot.keyClick(dialog.now_button, Qt.Key.Key_Space)
    assert dest.exists() and str(dest) in dialog.result.text()
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT count(*) FROM document").fetchone()[0] == len(list_documents(store))
    copy_store = open_store(dest)
    assert [d.title for d in list_documents(copy_store)] == [d.title for d in list_documents(store)]
    copy_store.close()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_file_menu_has_the_store_entries(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts[:4] == ["&New store…", "Open &store…", "&Recent stores", "&Back up store…"]
    assert QApplication.instance() is not None
