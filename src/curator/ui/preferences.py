"""Edit ▸ Preferences…: the curator's name, suggest on open, the text's font and size,
the labels' highlight colours, the interface language (Qt's own translations).

Each is an option declared in :mod:`curator.settings` (``CURATOR_NAME``, ``SUGGEST_ON_OPEN``,
``TEXT_FONT``, ``LABEL_COLORS``, ``LANGUAGE``). The colour defaults are the
Okabe-Ito tints of :mod:`curator.ui.colors`, which stay distinct under the common
colour-vision deficiencies.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from curator.domain.labels import Label
from curator.settings import (
    CURATOR_NAME,
    LABEL_COLORS,
    LANGUAGE,
    SUGGEST_ON_OPEN,
    TEXT_FONT,
    Settings,
)
from curator.ui import colors

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

def stored_colors(settings: Settings) -> dict[str, str]:
    found = {}
    for label in Label:
        value = settings.get(LABEL_COLORS[label])
        if value and QColor(value).isValid():
            found[label.value] = value
    return found


def available_languages() -> list[str]:
    """Locale names for which Qt ships its own translations (``qtbase_<name>.qm``)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    names = sorted(f[len("qtbase_"):-len(".qm")] for f in os.listdir(folder)
                   if f.startswith("qtbase_") and f.endswith(".qm")) if os.path.isdir(folder) else []
    return names


def install_language(app: QApplication, settings: Settings) -> QTranslator | None:
    """At start-up: load Qt's translation for the chosen language (or the system's)."""
    name = settings.get(LANGUAGE) or QLocale.system().name()
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(name), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


class PreferencesDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        settings = window.settings
        self.window_ = window
        self.name = QLineEdit(window.creator)
        self.name.setObjectName("curatorName")
        self.suggest = QCheckBox("Suggest dates and figures when a document opens")
        self.suggest.setChecked(settings.get(SUGGEST_ON_OPEN))  # off for a new user
        font = window.view.font()
        self.font_family = QFontComboBox()
        self.font_family.setCurrentFont(font)
        self.font_size = QSpinBox()
        self.font_size.setRange(6, 48)
        zoom = getattr(window, "zoom", None)  # View ▸ Zoom is not the preferred size
        self.font_size.setValue(max(6, round(zoom.base) if zoom is not None else font.pointSize()))
        self.font_size.setSuffix(" pt")
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_family, 1)
        font_row.addWidget(self.font_size)
        self.colors: dict[str, QColor] = {label.value: colors.highlight(label) for label in Label}
        self.color_buttons: dict[str, QPushButton] = {}
        color_row = QHBoxLayout()
        for label in Label:
            button = QPushButton(label.value.title())
            button.setObjectName(f"color_{label.value}")
            button.clicked.connect(lambda _c=False, v=label.value: self.pick_color(v))
            self.color_buttons[label.value] = button
            color_row.addWidget(button)
        defaults = QPushButton("&Defaults")
        defaults.setToolTip("The colour-blind-safe defaults (Okabe-Ito tints)")
        defaults.clicked.connect(self.default_colors)
        color_row.addWidget(defaults)
        self._paint_buttons()
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("The system's", "")
        for name in available_languages():
            self.language.addItem(f"{QLocale(name).nativeLanguageName() or name} ({name})", name)
        index = self.language.findData(settings.get(LANGUAGE))
        self.language.setCurrentIndex(max(0, index))
        form = QFormLayout(self)
        form.addRow("Your &name (recorded on your annotations):", self.name)
        form.addRow("", self.suggest)
        form.addRow(QLabel("Text &font:", buddy=self.font_family), font_row)
        form.addRow("Label colours:", color_row)
        form.addRow("Interface &language:", self.language)
        form.addRow("", QLabel("The language applies from the next start (Qt's own dialogs and buttons)."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.accepted.connect(self.apply)

    def _paint_buttons(self) -> None:
        for value, button in self.color_buttons.items():
            color = self.colors[value]
            button.setStyleSheet(f"background: {color.name()}; color: black;")

    def pick_color(self, value: str) -> None:
        chosen = QColorDialog.getColor(self.colors[value], self, f"Colour of {value}s")
        if chosen.isValid():
            self.colors[value] = chosen
            self._paint_buttons()

    def default_colors(self) -> None:
        self.colors = {label.value: colors.default_highlight(label) for label in Label}
        self._paint_buttons()

    def apply(self) -> None:
        w, settings = self.window_, self.window_.settings
        name = self.name.text().strip()
        if name:
            settings.set(CURATOR_NAME, name)
            w.creator = name
        settings.set(SUGGEST_ON_OPEN, self.suggest.isChecked())
        w.suggestions.auto_action.setChecked(self.suggest.isChecked())
        font = QFont(self.font_family.currentFont())
        font.setPointSize(self.font_size.value())
        settings.set(TEXT_FONT, font.toString())
        for label in Label:
            if self.colors[label.value] == colors.default_highlight(label):
                settings.remove(LABEL_COLORS[label])
            else:
                settings.set(LABEL_COLORS[label], self.colors[label.value].name())
        settings.set(LANGUAGE, self.language.currentData())
        apply_to_window(w)


def apply_to_window(window: MainWindow) -> None:
    """The stored name, font and colours, on the window."""
    settings = window.settings
    name = settings.get(CURATOR_NAME)
    if name and not os.environ.get("CURATOR_USER"):
        window.creator = name
    font_text = settings.get(TEXT_FONT)
    if font_text:
        font = QFont()
        if font.fromString(font_text):
            window.view.setFont(font)
            zoom = getattr(window, "zoom", None)  # none yet while the window is built
            if zoom is not None:
                zoom.rebase()
    colors.set_highlight_overrides(stored_colors(settings))
    window.view.set_label_colors(colors.highlight_colors())
    window.legend.refresh()
    window.panel.update()


class PreferencesController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("&Preferences…", window)
        # the platform's key where it has one, else Ctrl+, (as in most editors)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [QKeySequence("Ctrl+,")]
        self.action.setShortcuts(keys)
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action.triggered.connect(self.show)
        self.dialog: PreferencesDialog | None = None
        apply_to_window(window)

    def show(self) -> PreferencesDialog:
        self.dialog = PreferencesDialog(self.window)
        self.dialog.open()
        return self.dialog
