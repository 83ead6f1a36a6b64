"""Help ▸ User guide (shipped, offline) and Help ▸ About."""

from __future__ import annotations

from PySide6.QtCore import Qt

from curator import __version__
from curator.store import head_revision


def test_f1_opens_the_shipped_guide(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help.dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "Curator: a short guide" in text and "Back up store" in text
    assert not dialog.browser.openLinks() and not dialog.browser.openExternalLinks()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_shows_version_schema_revision_and_store(qtbot, window, store):
    help_menu = window.menuBar().actions()[-1].menu()
    about = next(a for a in help_menu.actions() if a.text() == "&About Curator")
    about.trigger()
    box = window.last_message_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert __version__ in text and head_revision() in text and str(store.path) in text
    assert [a.text() for a in help_menu.actions()][0] == "&User guide"
