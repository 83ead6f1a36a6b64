"""Edit ▸ Preferences…: name, suggest on open, font, label colours, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog

from curator.domain.labels import Label
from curator.ui import colors, preferences
from curator.ui.suggestions import AUTO_KEY


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
    assert s.value(preferences.NAME_KEY) == "Park Eun-ji"
    assert str(s.value(AUTO_KEY)).lower() == "true"
    assert s.value(preferences.LANGUAGE_KEY) == "de"
    assert s.value("colors/claim") is None  # defaults are not written

    window.close()
    colors.set_highlight_overrides({})
    again = make_window()
    assert again.creator == "Park Eun-ji"
    assert again.view.font().pointSize() == 17
    assert colors.highlight(Label.DATE) == QColor("#ffd8e8")
    assert again.suggestions.auto_action.isChecked()


def test_default_colours_restore_the_safe_palette(qtbot, window, monkeypatch):
    window.settings.setValue("colors/figure", "#ff0000")
    preferences.apply_to_window(window)
    assert colors.highlight(Label.FIGURE) == QColor("#ff0000")
    dialog = window.preferences.show()
    qtbot.waitExposed(dialog)
    dialog.default_colors()
    dialog.accept()
    assert window.settings.value("colors/figure") is None
    assert colors.highlight(Label.FIGURE) == colors.default_highlight(Label.FIGURE)


def test_cancel_changes_nothing(qtbot, window):
    dialog = window.preferences.show()
    qtbot.waitExposed(dialog)
    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Someone else")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.creator == "tester"
    assert window.settings.value(preferences.NAME_KEY) is None


def test_the_chosen_language_is_installed_at_start(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(preferences.LANGUAGE_KEY, "de")
    translator = preferences.install_language(qapp, settings)
    try:
        assert translator is not None
        assert qapp.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's German
    finally:
        qapp.removeTranslator(translator)
