"""Fixtures for the main-window tests: a temporary store seeded with the repository's
``seeds/``, an isolated QSettings file, a shown main window, and helpers that drive
the widgets like a user (selections through QTextCursor or the mouse, key presses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from curator.services.corpus import ensure_seeded
from curator.store import open_store
from curator.text.offsets import Utf16Map

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# emoji, a CJK Extension B ideograph (both outside the BMP) and Korean
UNICODE_TEXT = (
    "Report 😀 on 𠀀 grain.\n"
    "1958년 3월 조선로동당은 5억 7,600만 루블의 원조를 받았다.\n"
    "In March 1958 the plan was adopted 😀😀 with 576,000,000 rubles.\n"
)


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "curator.db")
    outcomes = ensure_seeded(store, SEEDS)
    assert [o.status for o in outcomes] == ["imported"] * len(list(SEEDS.glob("*.txt")))
    yield store
    store.close()


@pytest.fixture
def settings_path(tmp_path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def manual_settings(settings_path):
    """Suggest on open switched off, so the tests run the detectors themselves."""
    from curator.settings import SUGGEST_ON_OPEN

    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue(SUGGEST_ON_OPEN.key, False)
    settings.sync()


@pytest.fixture
def make_window(qtbot, store, settings_path):
    """Build a shown main window over ``store`` with settings in a temporary file."""
    from curator.ui.main_window import MainWindow

    def make() -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(store, settings=settings, creator="tester")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def unicode_file(tmp_path) -> Path:
    path = tmp_path / "unicode.txt"
    path.write_text(UNICODE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def unicode_doc(qtbot, window, unicode_file) -> int:
    """Import the emoji/CJK/Korean document through the window and show it."""
    outcomes = window.import_paths([unicode_file])
    assert outcomes[0].status == "imported", outcomes
    box = window.last_message_box
    if box is not None:
        box.close()
    activate(qtbot, window)
    assert window.current_doc.id == outcomes[0].document_id
    return outcomes[0].document_id


def activate(qtbot, window) -> None:
    """Make the window the active one, as after a user closes a message box."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def select_cp(window, start: int, end: int) -> str:
    """Select code points [start, end) the way a keyboard user ends up: through the text
    cursor in UTF-16 positions (computed independently of the view's own helpers).
    Returns the selected text as the user sees it."""
    text = window.current_doc.text
    m = Utf16Map.of(text)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(m.to_utf16(start))
    cursor.setPosition(m.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    return cursor.selectedText().replace("\u2029", "\n")


def cp_point(window, cp: int, *, middle: bool = True) -> QPoint:
    """Viewport point of code point ``cp`` (the middle of its glyph, or its left edge)."""
    view = window.view
    m = Utf16Map.of(window.current_doc.text)
    cursor = QTextCursor(view.document())
    cursor.setPosition(m.to_utf16(cp))
    left = view.cursorRect(cursor)
    if not middle:
        return left.center()
    cursor.setPosition(m.to_utf16(cp + 1))
    right = view.cursorRect(cursor)
    return QPoint((left.center().x() + right.center().x()) // 2, left.center().y())


def drag_select(window, start: int, end: int) -> None:
    """Select [start, end) with a mouse drag on one line."""
    viewport = window.view.viewport()
    a, b = cp_point(window, start, middle=False), cp_point(window, end, middle=False)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def key(window, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press delivered where the user's focus is (shortcuts resolve as in use)."""
    target = window.focusWidget() or window
    QTest.keyClick(target, k, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
