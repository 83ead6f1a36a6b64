"""Edit ▸ Preferences…: name, suggest on open, font, label colours, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog

from curator.domain.labels import Label
from curator.settings import CURATOR_NAME, LABEL_COLORS, LANGUAGE, SUGGEST_ON_OPEN
from curator.ui import colors, preferences


@pytest.fixture(autouse=True)
def default_colours():
    yield
    colors.set_highlight_overrides({})


def test_preferences_apply_and_come_back_in_a_new_window(qtbot, make_window, monkeypatch):
    window = make_window()
    assert window.creator == "tester"
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Ctrl+,
    dialog = window.preferences.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Park Eun-ji")
    dialog.suggest.setFocus()
    qtbot.keyClick(dialog.suggest, Qt.Key.Key_Space)  # off for a new user -> on
    dialog.font_size.setFocus()
    dialog.font_size.selectAll()
    qtbot.keyClicks(dialog.font_size, "17")
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#ffd8e8")))
    dialog.color_buttons["date"].setFocus()
    qtbot.keyClick(dialog.color_buttons["date"], Qt.Key.Key_Space)
    index = dialog.language.findData("de")
    assert index > 0  # Qt ships German
    dialog.language.setCurrentIndex(index)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    assert window.creator == "Park Eun-ji"
    assert window.suggestions.auto_action.isChecked()
    assert window.view.font().pointSize() == 17
    assert colors.highlight(Label.DATE) == QColor("#ffd8e8")
    assert "#ffd8e8" in window.legend.entries[Label.DATE].text()
    s = window.settings
    assert s.get(CURATOR_NAME) == "Park Eun-ji"
    assert s.get(SUGGEST_ON_OPEN) is True
    assert s.get(LANGUAGE) == "de"
    assert not s.contains(LABEL_COLORS[Label.CLAIM])  # defaults are not written

    window.close()
    colors.set_highlight_overrides({})
    again = make_window()
    assert again.creator == "Park Eun-ji"
    assert again.view.font().pointSize() == 17
    assert colors.highlight(Label.DATE) == QColor("#ffd8e8")
    assert again.suggestions.auto_action.isChecked()


def test_default_colours_restore_the_safe_palette(qtbot, window, monkeypatch):
    window.settings.set(LABEL_COLORS[Label.FIGURE], "#ff0000")
    preferences.apply_to_window(window)
    assert colors.highlight(Label.FIGURE) == QColor("#ff0000")
    dialog = window.preferences.show()
    qtbot.waitExposed(dialog)
    dialog.default_colors()
    dialog.accept()
    assert not window.settings.contains(LABEL_COLORS[Label.FIGURE])
    assert colors.highlight(Label.FIGURE) == colors.default_highlight(Label.FIGURE)


def test_cancel_changes_nothing(qtbot, window):
    dialog = window.preferences.show()
    qtbot.waitExposed(dialog)
    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Someone else")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.creator == "tester"
    assert not window.settings.contains(CURATOR_NAME)


def test_the_chosen_language_is_installed_at_start(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from curator.ui.qsettings import typed_settings

    settings = typed_settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set(LANGUAGE, "de")
    translator = preferences.install_language(qapp, settings)
    try:
        assert translator is not None
        assert qapp.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's German
    finally:
        qapp.removeTranslator(translator)
