"""The declared settings (curator.settings) over a dict: defaults, conversion of what an
INI file gives back, refusals, and the upgrade of older settings. No Qt here; the same
against a real QSettings INI file is in tests/ui/test_settings_ini.py."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import curator.settings as cs
from curator.domain.labels import Label
from curator.settings import (
    LABEL_COLORS,
    OCR_DOCK_SHOWN,
    OCR_THRESHOLD,
    OPTIONS,
    RECENT_STORES,
    SETTINGS_VERSION,
    SUGGEST_ON_OPEN,
    TEXT_FONT,
    TEXT_ZOOM,
    VERSION,
    WINDOW_GEOMETRY,
    DictBackend,
    Option,
    Settings,
    UndeclaredSetting,
    upgrade,
)

# A settings file as Curator wrote it before settings had a version, in the strings an
# INI file gives back (QSettings on Linux): every key the window used.
UNVERSIONED = {
    "mainWindow/geometry": b"\x01\xd9\xd0\xcb\x00\x03\x00\x00",
    "mainWindow/state": b"\x00\x00\x00\xff\x00\x00",
    "mainWindow/splitter": b"\x00\x00\x00\x01",
    "mainWindow/panelSplitter": b"\x00\x00\x00\x02",
    "mainWindow/annotationColumns": b"\x00\x00\x00\x03",
    "mainWindow/document": "7",
    "documentView/zoom": "-2",
    "text/font": "Noto Serif,13,-1,5,400,0,0,0,0,0,0,0,0,0,0,1",
    "paths/import": "/home/kim/corpus",
    "paths/exportDir": "/home/kim/out",
    "paths/annotationImport": "/home/kim/in",
    "ocr/threshold": "65",
    "ocr/dockShown": "false",
    "suggestions/onOpen": "true",
    "stores/recent": ["/home/kim/a.db", "postgresql+psycopg://kim@db/corpus"],
    "curator/name": "Park Eun-ji",
    "ui/language": "de",
    "colors/date": "#ffd8e8",
}
EXPECTED = {  # what each old key reads as after the upgrade, under its declared key
    "mainWindow/geometry": b"\x01\xd9\xd0\xcb\x00\x03\x00\x00",
    "mainWindow/state": b"\x00\x00\x00\xff\x00\x00",
    "mainWindow/splitter": b"\x00\x00\x00\x01",
    "mainWindow/panelSplitter": b"\x00\x00\x00\x02",
    "mainWindow/annotationColumns": b"\x00\x00\x00\x03",
    "mainWindow/document": 7,
    "documentView/zoom": -2,
    "documentView/font": "Noto Serif,13,-1,5,400,0,0,0,0,0,0,0,0,0,0,1",
    "paths/import": "/home/kim/corpus",
    "paths/exportDir": "/home/kim/out",
    "paths/annotationImport": "/home/kim/in",
    "ocr/threshold": 65,
    "ocr/dockShown": False,
    "suggestions/onOpen": True,
    "stores/recent": ["/home/kim/a.db", "postgresql+psycopg://kim@db/corpus"],
    "curator/name": "Park Eun-ji",
    "ui/language": "de",
    "colors/date": "#ffd8e8",
}


def test_every_option_is_declared_once_with_a_default_of_its_type():
    assert len(OPTIONS) == len({o.key for o in OPTIONS.values()})
    for key, option in OPTIONS.items():
        assert option.key == key and option.doc
        assert type(option.default) is option.type, key
    assert set(LABEL_COLORS) == set(Label)
    with pytest.raises(ValueError, match="declared twice"):
        cs._declare("ocr/threshold", int, 1, "again")


def test_an_option_refuses_a_type_or_default_settings_cannot_hold():
    with pytest.raises(TypeError):
        Option("a/b", dict, {}, "no dicts")
    with pytest.raises(TypeError):
        Option("a/b", int, "80", "a string default for an int")
    with pytest.raises(TypeError):
        Option("a/b", int, True, "a bool is not an int")


def test_nothing_stored_reads_as_the_defaults():
    s = Settings(DictBackend())
    for option in OPTIONS.values():
        assert s.get(option) == option.default
        assert not s.contains(option)
    assert s.get(OCR_THRESHOLD) == 80 and s.get(OCR_DOCK_SHOWN) is True and s.get(SUGGEST_ON_OPEN) is False
    recent = s.get(RECENT_STORES)
    recent.append("/tmp/x.db")  # the caller's copy: the default stays empty
    assert s.get(RECENT_STORES) == [] and RECENT_STORES.default == []


@pytest.mark.parametrize(("option", "raw", "expected"), [
    (OCR_DOCK_SHOWN, "true", True),
    (OCR_DOCK_SHOWN, "false", False),
    (OCR_DOCK_SHOWN, "1", True),
    (OCR_DOCK_SHOWN, "0", False),
    (OCR_DOCK_SHOWN, False, False),
    (OCR_THRESHOLD, "12", 12),
    (OCR_THRESHOLD, "12.0", 12),
    (OCR_THRESHOLD, 55, 55),
    (TEXT_ZOOM, "-3", -3),
    (RECENT_STORES, "/only/one.db", ["/only/one.db"]),  # INI: a one-item list reads as its item
    (RECENT_STORES, ["/a.db", "/b.db"], ["/a.db", "/b.db"]),
    (TEXT_FONT, ["Noto Sans", "12", "-1"], "Noto Sans,12,-1"),  # INI: unquoted commas split
    (TEXT_FONT, "true", "true"),  # a string stays a string
    (WINDOW_GEOMETRY, bytearray(b"\x00\x01"), b"\x00\x01"),
    (WINDOW_GEOMETRY, memoryview(b"\x02\x03"), b"\x02\x03"),  # any buffer (QByteArray is one)
])
def test_stored_strings_and_lists_read_as_the_declared_type(option, raw, expected):
    value = Settings(DictBackend({option.key: raw})).get(option)
    assert value == expected and type(value) is option.type


@pytest.mark.parametrize(("option", "raw"), [
    (OCR_DOCK_SHOWN, "maybe"),
    (OCR_THRESHOLD, "eighty"),
    (OCR_THRESHOLD, "12.5"),
    (OCR_THRESHOLD, True),
    (WINDOW_GEOMETRY, "not bytes"),
    (RECENT_STORES, 3),
])
def test_an_unreadable_value_reads_as_the_default(option, raw):
    assert Settings(DictBackend({option.key: raw})).get(option) == option.default


def test_a_float_option_reads_and_writes_floats():
    ratio = Option("view/ratio", float, 0.5, "a float, declared for this test")
    backend = DictBackend({"view/ratio": "0.25"})
    s = Settings(backend, options={ratio.key: ratio})
    assert s.get(ratio) == 0.25
    s.set(ratio, 2)
    assert backend["view/ratio"] == 2.0 and type(backend["view/ratio"]) is float
    with pytest.raises(TypeError):
        s.set(ratio, "0.3")


def test_undeclared_keys_are_refused_for_reading_and_writing():
    backend = DictBackend()
    s = Settings(backend)
    with pytest.raises(UndeclaredSetting):
        s.set("ocr/treshold", 50)  # a typo fails where it is made
    with pytest.raises(UndeclaredSetting):
        s.get("mainWindow/nothing")
    with pytest.raises(UndeclaredSetting):  # same key, another type: not the declared option
        s.set(Option("ocr/threshold", str, "", "impostor"), "50")
    assert backend == {}
    s.set("ocr/threshold", 50)  # the declared key by name is fine
    assert s.get(OCR_THRESHOLD) == 50


@pytest.mark.parametrize(("option", "value"), [
    (OCR_THRESHOLD, "80"),
    (OCR_THRESHOLD, 0.8),
    (TEXT_ZOOM, True),
    (OCR_DOCK_SHOWN, 1),
    (TEXT_FONT, 12),
    (RECENT_STORES, "/one.db"),
    (RECENT_STORES, ["/a.db", 3]),
    (WINDOW_GEOMETRY, "ab"),
])
def test_writing_the_wrong_type_raises_and_writes_nothing(option, value):
    backend = DictBackend()
    with pytest.raises(TypeError, match=option.key):
        Settings(backend).set(option, value)
    assert backend == {}


def test_values_written_read_back_and_remove_restores_the_default():
    backend = DictBackend()
    s = Settings(backend, wrap_bytes=bytearray)  # as QSettings takes a QByteArray
    s.set(WINDOW_GEOMETRY, b"\x01\x02")
    assert type(backend[WINDOW_GEOMETRY.key]) is bytearray
    assert s.get(WINDOW_GEOMETRY) == b"\x01\x02"
    s.set(RECENT_STORES, ("/a.db",))
    assert backend[RECENT_STORES.key] == ["/a.db"]
    s.set(LABEL_COLORS[Label.DATE], "#ffd8e8")
    assert s.contains(LABEL_COLORS[Label.DATE]) and s.get("colors/date") == "#ffd8e8"
    s.remove(LABEL_COLORS[Label.DATE])
    assert not s.contains(LABEL_COLORS[Label.DATE]) and s.get(LABEL_COLORS[Label.DATE]) == ""


def test_upgrading_unversioned_settings_keeps_every_value():
    backend = DictBackend(UNVERSIONED)
    assert cs.stored_version(backend) == 0
    assert upgrade(backend) == VERSION == 1
    s = Settings(backend)
    assert {key: s.get(key) for key in EXPECTED} == EXPECTED
    assert "text/font" not in backend  # moved, not copied
    assert s.get(SETTINGS_VERSION) == VERSION
    # nothing else was added or lost
    assert set(backend) == set(EXPECTED) | {SETTINGS_VERSION.key}


def test_upgrading_twice_changes_nothing_the_second_time():
    backend = DictBackend(UNVERSIONED)
    upgrade(backend)
    once = dict(backend)
    assert upgrade(backend) == VERSION
    assert dict(backend) == once


def test_a_value_already_under_the_new_key_wins_over_the_old_one():
    backend = DictBackend({"text/font": "Old,10", "documentView/font": "New,11"})
    upgrade(backend)
    assert backend == {"documentView/font": "New,11", SETTINGS_VERSION.key: VERSION}


def test_empty_settings_are_just_marked_current():
    backend = DictBackend()
    assert upgrade(backend) == VERSION
    assert backend == {SETTINGS_VERSION.key: VERSION}


def test_settings_from_a_newer_curator_are_left_alone_with_a_warning(caplog):
    newer = {**UNVERSIONED, "settings/version": str(VERSION + 4), "future/thing": "x"}
    backend = DictBackend(newer)
    with caplog.at_level(logging.WARNING, logger="curator.settings"):
        assert upgrade(backend) == VERSION + 4
    assert dict(backend) == newer  # not even text/font moved
    assert "newer" in caplog.text
    assert Settings(backend).get(OCR_THRESHOLD) == 65  # and what this version knows still reads


def test_each_step_is_recorded_so_an_interrupted_upgrade_resumes(monkeypatch):
    ran = []

    def step(name):
        def run(backend):
            ran.append(name)
            if name == "b" and ran.count("b") == 1:
                raise RuntimeError("interrupted")
        return run

    monkeypatch.setattr(cs, "UPGRADES", (step("a"), step("b"), step("c")))
    monkeypatch.setattr(cs, "VERSION", 3)
    backend = DictBackend()
    with pytest.raises(RuntimeError):
        upgrade(backend)
    assert cs.stored_version(backend) == 1
    assert upgrade(backend) == 3
    assert ran == ["a", "b", "b", "c"]


def test_curator_name_is_the_environment_or_the_login_name(monkeypatch):
    monkeypatch.setenv("CURATOR_USER", "Kim")
    assert cs.curator_name() == "Kim"
    monkeypatch.delenv("CURATOR_USER")
    monkeypatch.setattr(cs.getpass, "getuser", lambda: "pek")
    assert cs.curator_name() == "pek"

    def no_entry():
        raise KeyError("getpwuid(): uid not found")

    monkeypatch.setattr(cs.getpass, "getuser", no_entry)  # a container without a passwd entry
    monkeypatch.setenv("USER", "builder")
    assert cs.login_name() == "builder"
    monkeypatch.delenv("USER")
    assert cs.login_name() == "curator"


def test_settings_import_nothing_above_the_domain():
    tree = ast.parse(Path(cs.__file__).read_text(encoding="utf-8"))
    inner = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("curator")}
    assert inner == {"curator.domain.labels"}
    code = "import sys, curator.settings; print(sorted(m for m in sys.modules if m.startswith(('curator.', 'PySide6'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = eval(out)
    assert "curator.settings" in loaded
    assert [m for m in loaded if m != "curator.settings" and not m.startswith("curator.domain")] == []
