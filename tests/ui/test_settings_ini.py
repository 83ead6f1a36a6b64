"""The declared settings over a real QSettings INI file: what an older Curator wrote
upgrades with every value kept, every option survives the trip through the file with its
type, and the window and the app read the upgraded values.

QSettings shares one in-memory copy per file within a process, so each read "as the next
start would" opens a copy of the file under a new name, parsed from disk."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

from curator.domain.labels import Label
from curator.services.corpus import list_documents
from curator.settings import (
    LABEL_COLORS,
    OPTIONS,
    RECENT_STORES,
    SETTINGS_VERSION,
    TEXT_FONT,
    VERSION,
    Option,
    upgrade,
)
from curator.ui.qsettings import typed_settings

FONT = "Noto Serif,13,-1,5,400,0,0,0,0,0,0,0,0,0,0,1"
GEOMETRY = b"\x01\xd9\xd0\xcb\x00\x03\x00\x00\x00\x00\x00\x10"


def write_unversioned(path: Path, *, document: int = 7) -> None:
    """The keys and value types Curator wrote before settings had a version."""
    s = QSettings(str(path), QSettings.Format.IniFormat)
    s.setValue("mainWindow/geometry", QByteArray(GEOMETRY))
    s.setValue("mainWindow/state", QByteArray(b"\x00\x00\x00\xff"))
    s.setValue("mainWindow/splitter", QByteArray(b"\x00\x01"))
    s.setValue("mainWindow/panelSplitter", QByteArray(b"\x00\x02"))
    s.setValue("mainWindow/annotationColumns", QByteArray(b"\x00\x03"))
    s.setValue("mainWindow/document", document)
    s.setValue("documentView/zoom", -2)
    s.setValue("text/font", FONT)
    s.setValue("paths/import", "/home/kim/corpus")
    s.setValue("paths/exportDir", "/home/kim/out")
    s.setValue("paths/annotationImport", "/home/kim/조선")
    s.setValue("ocr/threshold", 65)
    s.setValue("ocr/dockShown", False)
    s.setValue("suggestions/onOpen", False)
    s.setValue("stores/recent", ["/home/kim/only.db"])  # one item: the INI keeps a bare string
    s.setValue("curator/name", "Park Eun-ji")
    s.setValue("ui/language", "de")
    s.setValue("colors/date", "#ffd8e8")
    s.sync()


EXPECTED = {
    "mainWindow/geometry": GEOMETRY,
    "mainWindow/state": b"\x00\x00\x00\xff",
    "mainWindow/splitter": b"\x00\x01",
    "mainWindow/panelSplitter": b"\x00\x02",
    "mainWindow/annotationColumns": b"\x00\x03",
    "mainWindow/document": 7,
    "documentView/zoom": -2,
    "documentView/font": FONT,
    "paths/import": "/home/kim/corpus",
    "paths/exportDir": "/home/kim/out",
    "paths/annotationImport": "/home/kim/조선",
    "ocr/threshold": 65,
    "ocr/dockShown": False,
    "suggestions/onOpen": False,
    "stores/recent": ["/home/kim/only.db"],
    "curator/name": "Park Eun-ji",
    "ui/language": "de",
    "colors/date": "#ffd8e8",
}


def reopened(path: Path, tmp_path: Path, name: str) -> QSettings:
    """``path`` as the next start reads it: parsed from the file, not this process's cache."""
    copy = tmp_path / name
    shutil.copyfile(path, copy)
    return QSettings(str(copy), QSettings.Format.IniFormat)


def test_an_unversioned_ini_upgrades_keeping_every_value(tmp_path):
    old = tmp_path / "old.ini"
    write_unversioned(old)
    settings = reopened(old, tmp_path, "start.ini")
    assert settings.value("ocr/threshold") == "65"  # an INI file gives strings back
    assert upgrade(settings) == VERSION
    settings.sync()
    after = reopened(Path(settings.fileName()), tmp_path, "next-start.ini")
    typed = typed_settings(after)
    values = {key: typed.get(key) for key in EXPECTED}
    assert values == EXPECTED
    assert all(type(values[key]) is OPTIONS[key].type for key in EXPECTED)
    assert typed.get(SETTINGS_VERSION) == VERSION
    assert "text/font" not in after.allKeys()
    assert sorted(after.allKeys()) == sorted([*EXPECTED, SETTINGS_VERSION.key])


def test_upgrading_an_ini_twice_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "s.ini"
    write_unversioned(path)
    upgrade(QSettings(str(path), QSettings.Format.IniFormat))
    QSettings(str(path), QSettings.Format.IniFormat).sync()
    once = path.read_bytes()
    settings = reopened(path, tmp_path, "again.ini")
    assert upgrade(settings) == VERSION
    settings.sync()
    assert Path(settings.fileName()).read_bytes() == once


def test_an_ini_from_a_newer_curator_is_left_alone(tmp_path, caplog):
    path = tmp_path / "newer.ini"
    s = QSettings(str(path), QSettings.Format.IniFormat)
    s.setValue("settings/version", VERSION + 1)
    s.setValue("text/font", FONT)
    s.setValue("ocr/threshold", 70)
    s.sync()
    before = path.read_bytes()
    settings = reopened(path, tmp_path, "start.ini")
    with caplog.at_level(logging.WARNING, logger="curator.settings"):
        assert upgrade(settings) == VERSION + 1
    settings.sync()
    assert Path(settings.fileName()).read_bytes() == before
    assert "newer" in caplog.text
    assert typed_settings(settings).get("ocr/threshold") == 70


def _sample(option: Option) -> object:
    """A value other than the default, of the option's type."""
    return {bool: not option.default, int: 42, float: 0.25, str: "Noto Sans, 11 — 조선 😀",
            bytes: b"\x00\x01@ByteArray(\xff", list: ["/a.db", "x, y"]}[option.type]


def test_every_option_goes_through_an_ini_file_with_its_type(tmp_path):
    path = tmp_path / "all.ini"
    written = typed_settings(QSettings(str(path), QSettings.Format.IniFormat))
    for option in OPTIONS.values():
        written.set(option, _sample(option))
    written.sync()
    text = path.read_text("utf-8")
    assert "@ByteArray(" in text and "PyObjectWrapper" not in text  # bytes as Qt stores them
    read = typed_settings(reopened(path, tmp_path, "read.ini"))
    for option in OPTIONS.values():
        value = read.get(option)
        assert value == _sample(option) and type(value) is option.type, option.key
    # the INI quirk of one-item and empty lists
    written.set(RECENT_STORES, ["/only.db"])
    written.set(LABEL_COLORS[Label.CLAIM], "")
    written.sync()
    read = typed_settings(reopened(path, tmp_path, "read2.ini"))
    assert read.get(RECENT_STORES) == ["/only.db"]
    written.set(RECENT_STORES, [])
    written.sync()
    assert typed_settings(reopened(path, tmp_path, "read3.ini")).get(RECENT_STORES) == []


def test_the_window_opens_with_the_upgraded_values(qtbot, store, settings_path, make_window, monkeypatch):
    monkeypatch.delenv("CURATOR_USER", raising=False)
    second = list_documents(store)[1].id
    write_unversioned(settings_path, document=second)
    upgrade(QSettings(str(settings_path), QSettings.Format.IniFormat))
    window = make_window()
    assert window.current_doc.id == second  # the last document shown
    assert window.creator == "Park Eun-ji"
    font = window.view.font()
    assert font.family() == "Noto Serif"  # from text/font, now documentView/font
    assert window.zoom.zoom == -2 and font.pointSize() == 11
    assert window.ocr_review.panel.spin.value() == 65
    assert not window.suggestions.auto_enabled()
    window.close()  # the layout is written back as the declared bytes
    text = settings_path.read_text("utf-8")
    assert "geometry=@ByteArray(" in text and "[text]" not in text
    assert typed_settings(QSettings(str(settings_path), QSettings.Format.IniFormat)).get(TEXT_FONT) == FONT


def test_the_app_upgrades_the_settings_before_reading_them(tmp_path, monkeypatch):
    from curator import app

    monkeypatch.setattr(QMessageBox, "critical", lambda *args: None)
    home = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    try:
        app._application()  # the organisation and application names the file is under
        user_file = Path(QSettings().fileName())
        assert user_file.is_relative_to(tmp_path)
        write_unversioned(user_file)
        bad = tmp_path / "notes.db"
        bad.write_text("not a database")
        assert app.run(str(bad)) == app.EXIT_STORE_REFUSED
        QSettings().sync()
        text = user_file.read_text("utf-8")
        assert "[settings]\nversion=1" in text and "[text]" not in text
        assert f'font="{FONT}"' in text
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, home)
